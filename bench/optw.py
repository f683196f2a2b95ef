"""How good and how fast is the itinerary optimiser on the published orienteering benchmarks?

    python bench/optw.py                       # one path: every instance with a proven optimum
    python bench/optw.py --paths 2 3 4         # 2-4 paths: the whole set, against a 60 s run
    python bench/optw.py --paths 2..4 --jobs 2 # the same, two instances at a time on two cores
    python bench/optw.py --only c104 pr09 --seconds 2

See bench/README.md. Each instance is read, built and solved in one process; the time printed
is wall clock from opening the file to the finished plan, and the solver is given what is left
of --seconds after reading. Every plan is re-checked with score_paths before it is counted.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chaveruth.planning.optw import read_instance, score_paths, solve_instance  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "optw"


@dataclass(frozen=True)
class Run:
    score: int
    seconds: float


def instance_files(data: Path) -> dict[str, Path]:
    """Instance name -> file, from instance_summary.csv (names are unique across sets)."""
    with open(data / "instance_summary.csv", newline="") as handle:
        return {
            row["instance"]: data / row["set"] / f"{row['instance']}.txt"
            for row in csv.DictReader(handle)
        }


def proven_optima(data: Path) -> dict[str, int]:
    with open(data / "best_known_m1.csv", newline="") as handle:
        return {
            row["instance"]: int(row["score"])
            for row in csv.DictReader(handle)
            if row["status"] == "OPT_RS"
        }


def run(path: Path, *, paths: int, seconds: float, seed: int) -> Run:
    started = time.perf_counter()
    instance = read_instance(path)
    left = max(seconds - (time.perf_counter() - started), 0.01)
    result = solve_instance(instance, paths=paths, seconds=left, seed=seed)
    elapsed = time.perf_counter() - started
    if score_paths(instance, result["paths"]) != result["score"]:
        raise SystemExit(f"{path.stem}: the reported score does not match its paths")
    return Run(score=result["score"], seconds=elapsed)


def gap(score: int, reference: int) -> float:
    return 100.0 * (reference - score) / reference if reference else 0.0


def one_path(args: argparse.Namespace, files: dict[str, Path]) -> None:
    optima = proven_optima(args.data)
    names = args.only or list(optima)
    print(f"{'instance':10} {'score':>6} {'best':>6} {'gap %':>7} {'seconds':>8}")
    gaps, times = [], []
    for name in names:
        if name not in optima:
            raise SystemExit(f"{name}: no proven optimum for one path in best_known_m1.csv")
        result = run(files[name], paths=1, seconds=args.seconds, seed=args.seed)
        if result.score > optima[name]:
            raise SystemExit(f"{name}: {result.score} beats the proven optimum: a wrong reading")
        gaps.append(gap(result.score, optima[name]))
        times.append(result.seconds)
        print(
            f"{name:10} {result.score:6} {optima[name]:6} {gaps[-1]:7.2f} {result.seconds:8.2f}",
            flush=True,
        )
    print(
        f"\n{len(names)} instances, {args.seconds:g} s each: average gap {fmean(gaps):.3f} %, "
        f"{sum(g <= 0 for g in gaps)} optima matched, worst gap {max(gaps):.2f} %, "
        f"average {fmean(times):.2f} s"
    )


def compare(job: tuple[Path, int, argparse.Namespace]) -> tuple[Run, Run]:
    """One instance with `paths` paths: the run under test and the long reference run."""
    path, paths, args = job
    result = run(path, paths=paths, seconds=args.seconds, seed=args.seed)
    reference = run(path, paths=paths, seconds=args.reference_seconds, seed=args.seed)
    return result, reference


def several_paths(args: argparse.Namespace, files: dict[str, Path]) -> None:
    # The 50-customer Solomon files repeat the first half of the 100-customer ones.
    names = args.only or [name for name in files if not name.startswith("50_")]
    print(f"{'instance':10} {'paths':>5} {'score':>6} {'ref':>6} {'gap %':>7} {'seconds':>8}")
    # Each run is single-threaded: --jobs 2 on two cores halves the hours, one core each.
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for paths in args.paths:
            jobs = [(files[name], paths, args) for name in names]
            gaps, times = [], []
            for name, (result, reference) in zip(names, pool.map(compare, jobs), strict=True):
                best = max(result.score, reference.score)
                gaps.append(gap(result.score, best))
                times.append(result.seconds)
                print(
                    f"{name:10} {paths:5} {result.score:6} {reference.score:6} "
                    f"{gaps[-1]:7.2f} {result.seconds:8.2f}",
                    flush=True,
                )
            matched = sum(g <= 0 for g in gaps)
            over = sum(g > 1 for g in gaps)  # the goal: within 1 % on every instance
            print(
                f"-- {paths} paths, {len(names)} instances, gap to the better of this run and "
                f"a {args.reference_seconds:g} s run: average {fmean(gaps):.3f} %, worst "
                f"{max(gaps):.2f} %, matched {matched}, over 1 %: {over}; "
                f"average {fmean(times):.2f} s\n",
                flush=True,
            )


def numbers(values: list[str]) -> list[int]:
    """'2 3 4' or '2..4' -> [2, 3, 4]; ValueError when a value is not like that."""
    found: list[int] = []
    for value in values:
        low, _, high = value.partition("..")
        found += range(int(low), int(high or low) + 1)
    return found


def path_counts(values: list[str]) -> list[int]:
    counts = numbers(values)
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("path counts must be 1 or more")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--paths", nargs="+", default=["1"], help="path counts: 1 (default), '2 3 4' or 2..4"
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="time per instance (default 5)")
    parser.add_argument(
        "--reference-seconds", type=float, default=60.0, help="reference run for 2+ paths"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--jobs", type=int, default=1, help="instances solved side by side, 2+ paths (default 1)"
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these instances")
    parser.add_argument("--data", type=Path, default=DATA, help=f"the optw folder (default {DATA})")
    args = parser.parse_args()
    try:
        args.paths = path_counts(args.paths)
    except (ValueError, argparse.ArgumentTypeError):
        parser.error(f"--paths: expected counts like '2 3 4' or 2..4, not {' '.join(args.paths)}")
    if args.jobs < 1:
        parser.error("--jobs: at least 1")
    files = instance_files(args.data)
    unknown = [name for name in args.only or [] if name not in files]
    if unknown:
        parser.error(f"unknown instances: {' '.join(unknown)}")
    if args.paths == [1]:
        one_path(args, files)
    else:
        several_paths(args, files)


if __name__ == "__main__":
    main()
