"""Where the public benchmark data lies: ``../shared/data`` next to the project's root, or
the folder named by ``CHAVERUTH_SHARED_DATA`` (``.ci/run`` sets it for a clone elsewhere)."""

import os
from pathlib import Path

SHARED_DATA = Path(
    os.environ.get("CHAVERUTH_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data"
)
