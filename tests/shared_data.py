"""Where the public benchmark data lies: the folder named by ``CHAVERUTH_SHARED_DATA``; else
``../shared/data`` next to the project's root; else, for a clone made elsewhere of a checkout
on this machine (``git clone /work/main /tmp/x``), next to the checkout it was cloned from."""

import os
import subprocess
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]


def _next_to(checkout: Path) -> Path:
    return checkout.parent / "shared" / "data"


def _cloned_from() -> Path | None:
    """The local checkout this one was cloned from, if it was (its origin is a folder)."""
    try:
        origin = subprocess.run(
            ["git", "-C", str(_ROOT), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:  # no git
        return None
    path = Path(origin.removeprefix("file://"))
    return path.resolve() if origin and path.is_dir() else None


def _shared_data() -> Path:
    if named := os.environ.get("CHAVERUTH_SHARED_DATA"):
        return Path(named)
    beside = _next_to(_ROOT)
    origin = _cloned_from()
    if beside.is_dir() or origin is None:
        return beside  # where it belongs: a test that needs it says which file is missing
    return _next_to(origin)


SHARED_DATA = _shared_data()
