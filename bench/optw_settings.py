"""Which search settings are better? The optimiser's defaults against other values, over seeds.

    python bench/optw_settings.py --only pr05:2 pr15:2 c104 --seeds 0..7 \\
        --try max_perturbations=45 --try target_feasible=0.4,history_length=200

One run's score is a lottery on the hard instances (one seed finds 1238, the next 1199), so a
setting is judged by its average over several seeds. For each setting and instance it prints the
average score, then the average and worst gap to the best score any run of this comparison found.
The settings are the fields of `Tuning` in chaveruth/planning/optimiser/search.py; its comments cite
figures measured this way. See bench/README.md.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from statistics import fmean

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optw import DATA, gap, instance_files, numbers  # noqa: E402

from chaveruth.planning import optimiser  # noqa: E402
from chaveruth.planning.optimiser.search import Tuning  # noqa: E402
from chaveruth.planning.optw import read_instance, to_problem  # noqa: E402

SETTINGS = {field.name for field in dataclasses.fields(Tuning)}


@dataclasses.dataclass(frozen=True)
class Job:
    instance: tuple[str, int]  # name, paths
    file: Path
    seed: int
    seconds: float
    changes: tuple[tuple[str, object], ...]  # settings that differ from the defaults


def score(job: Job) -> int:
    """One run, timed as bench/optw.py times it: from opening the file to the checked plan."""
    started = time.perf_counter()
    problem = to_problem(read_instance(job.file), paths=job.instance[1])
    left = max(job.seconds - (time.perf_counter() - started), 0.01)
    tuning = Tuning(**dict(job.changes))
    return optimiser.solve(problem, seconds=left, seed=job.seed, tuning=tuning).score


def changes(text: str) -> tuple[tuple[str, object], ...]:
    """'max_perturbations=45,target_feasible=0.4' -> (('max_perturbations', 45), ...)."""
    pairs = []
    for item in text.split(","):
        name, _, value = item.partition("=")
        if name not in SETTINGS:
            raise argparse.ArgumentTypeError(
                f"{name!r} is not one of {', '.join(sorted(SETTINGS))}"
            )
        try:
            pairs.append((name, ast.literal_eval(value)))
        except (ValueError, SyntaxError):
            raise argparse.ArgumentTypeError(f"{name}: {value!r} is not a number") from None
    return tuple(pairs)


def instance_with_paths(files: dict[str, Path]):
    """'pr05:2' -> ('pr05', 2); 'c104' -> ('c104', 1)."""

    def parse(text: str) -> tuple[str, int]:
        name, _, paths = text.partition(":")
        paths = paths or "1"
        if name not in files:
            raise argparse.ArgumentTypeError(f"unknown instance {name!r}")
        if not paths.isdigit() or int(paths) < 1:
            raise argparse.ArgumentTypeError(f"{text!r}: the paths after ':' must be 1 or more")
        return name, int(paths)

    return parse


def label(setting: tuple[tuple[str, object], ...]) -> str:
    return ",".join(f"{name}={value}" for name, value in setting) or "defaults"


def main() -> None:
    files = instance_files(DATA)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", nargs="+", required=True, type=instance_with_paths(files), metavar="NAME[:PATHS]"
    )
    parser.add_argument("--try", dest="settings", action="append", type=changes, default=[])
    parser.add_argument("--seeds", nargs="+", default=["0..3"], help="'0 1 2' or 0..7")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--jobs", type=int, default=1, help="runs side by side (default 1)")
    args = parser.parse_args()
    try:
        seeds = numbers(args.seeds)
    except ValueError:
        seeds = []
    if not seeds or min(seeds) < 0:
        parser.error(f"--seeds: expected '0 1 2' or 0..7, not {' '.join(args.seeds)}")
    if args.jobs < 1:
        parser.error("--jobs: at least 1")
    settings = [(), *args.settings]
    jobs = [
        Job(instance, files[instance[0]], seed, args.seconds, setting)
        for setting in settings
        for instance in args.only
        for seed in seeds
    ]
    table: dict[tuple, list[int]] = {}
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for job, result in zip(jobs, pool.map(score, jobs), strict=True):
            table.setdefault((job.changes, job.instance), []).append(result)
    report(args.only, settings, len(seeds), table)


def report(instances, settings, seeds: int, table: dict[tuple, list[int]]) -> None:
    """table: (setting, instance) -> one score per seed."""
    best = {
        instance: max(max(table[setting, instance]) for setting in settings)
        for instance in instances
    }
    names = [f"{name}:{paths}" for name, paths in instances]
    print(f"{seeds} seeds each; average score per instance, then the gap to the best run")
    print(f"{'setting':40} " + " ".join(f"{name:>9}" for name in names) + "   avg gap  worst")
    for setting in settings:
        averages = [fmean(table[setting, instance]) for instance in instances]
        gaps = [gap(s, best[i]) for i in instances for s in table[setting, i]]
        print(
            f"{label(setting):40} "
            + " ".join(f"{average:9.1f}" for average in averages)
            + f"   {fmean(gaps):6.3f} % {max(gaps):5.2f} %"
        )
    print(f"{'best run':40} " + " ".join(f"{best[instance]:9}" for instance in instances))


if __name__ == "__main__":
    main()
