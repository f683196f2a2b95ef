import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from chaveruth.planning.optw import (
    InstanceError,
    Vertex,
    parse_instance,
    read_instance,
    score_paths,
    to_problem,
    travel_time,
)
from tests.shared_data import SHARED_DATA

OPTW = SHARED_DATA / "optw"
C101_50 = OPTW / "solomon1_50_RS" / "50_c101.txt"
R101_50 = OPTW / "solomon1_50_RS" / "50_r101.txt"
PR01 = OPTW / "cordeau_pr01-10_RS" / "pr01.txt"

# Home at (0, 0) until 100. Best single path: 1, 2, 3 (10 + 20 + 25 = 55, back at 86.0);
# vertex 4 (30) fits only alone: there at 40, waits until 50, back at 95. With two paths: 85.
TINY = """\
4 1 4 1
0 100
0 0 0 0 0 0 0 0 100
1 10 0 0 10 1 1 1 0 100
2 20 0 0 20 1 1 1 0 100
3 0 30 0 25 1 1 1 0 100
4 -40 0 5 30 1 1 1 50 60
"""


def command(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "chaveruth.planning.optw", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )


def write(tmp_path: Path, text: str, name: str = "tiny.txt") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_parses_a_solomon_instance():
    instance = read_instance(C101_50)

    assert instance.name == "50_c101"
    assert instance.decimals == 1
    assert len(instance.vertices) == 51
    assert instance.vertices[0] == Vertex(
        id=0,
        x=Decimal("40.00"),
        y=Decimal("50.00"),
        duration=Decimal("0.00"),
        score=0,
        open=Decimal("0"),
        close=Decimal("1236"),
    )
    assert instance.vertices[1] == Vertex(
        id=1,
        x=Decimal("45.00"),
        y=Decimal("68.00"),
        duration=Decimal("90.00"),
        score=10,
        open=Decimal("912"),
        close=Decimal("967"),
    )
    assert travel_time(instance, 0, 1) == Decimal("18.6")  # sqrt(349) = 18.68..., truncated


def test_parses_a_cordeau_instance_with_two_decimals():
    instance = read_instance(PR01)

    assert instance.decimals == 2
    assert len(instance.vertices) == 49
    assert instance.vertices[1] == Vertex(
        id=1,
        x=Decimal("-29.730"),
        y=Decimal("64.136"),
        duration=Decimal("2"),
        score=12,
        open=Decimal("354"),
        close=Decimal("509"),
    )
    assert travel_time(instance, 0, 1) == Decimal("48.16")


def test_problem_is_scaled_to_exact_integers():
    problem = to_problem(read_instance(PR01), paths=3)

    assert problem.travel[0][1] == 4816
    assert problem.candidates[0].windows == ((35400, 50900),)
    assert problem.candidates[0].duration == 200
    assert [(day.start, day.end) for day in problem.days] == [(0, 100000)] * 3


def test_scaled_travel_equals_the_truncated_distance_for_every_pair():
    instance = read_instance(R101_50)
    problem = to_problem(instance)

    for i in range(0, 51, 5):
        for j in range(51):
            assert problem.travel[i][j] == travel_time(instance, i, j) * 10


@pytest.mark.parametrize(
    "layout",
    [
        lambda tokens: " ".join(tokens),  # everything on one line
        lambda tokens: "\n".join(tokens),  # one token a line
        lambda tokens: " ".join(tokens[:6]) + "\n" + "\n   ".join(tokens[6:]),
    ],
)
def test_line_breaks_do_not_matter(layout):
    text = C101_50.read_text()

    reflowed = parse_instance(layout(text.split()), name="50_c101", decimals=1)

    assert reflowed == read_instance(C101_50)


def test_second_header_line_may_omit_d():
    tokens = C101_50.read_text().split()
    del tokens[4]  # "0 200" becomes "200"

    assert parse_instance(" ".join(tokens), name="50_c101", decimals=1) == read_instance(C101_50)


def test_score_paths_counts_a_feasible_path():
    instance = parse_instance(TINY, name="tiny", decimals=1)

    assert score_paths(instance, [[1, 2, 3]]) == 55
    assert score_paths(instance, [[1, 2, 3], [4]]) == 85
    assert score_paths(instance, [[], [4]]) == 30


@pytest.mark.parametrize(
    ("paths", "reason"),
    [
        ([[3, 4]], "path 1: arrives at vertex 4 at 80.0, after it closes at 60"),
        ([[1, 4]], "path 1: back home at 105.0, later than 100"),
        ([[1], [2, 1]], "path 2: vertex 1 is visited twice"),
        ([[5]], "path 1: 5 is not a vertex to visit"),
        ([[0, 1]], "path 1: 0 is not a vertex to visit"),
    ],
)
def test_score_paths_names_what_is_infeasible(paths, reason):
    instance = parse_instance(TINY, name="tiny", decimals=1)

    with pytest.raises(ValueError) as error:
        score_paths(instance, paths)

    assert str(error.value) == reason


@pytest.mark.parametrize("path", [C101_50, R101_50, PR01])
def test_command_prints_a_feasible_plan(path):
    done = command(path, "--seconds", "1")

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"instance", "paths", "score"}
    assert result["instance"] == path.stem
    assert len(result["paths"]) == 1
    assert score_paths(read_instance(path), result["paths"]) == result["score"]
    assert result["score"] > 0


@pytest.mark.parametrize(("paths", "score"), [("1", 55), ("2", 85)])
def test_command_finds_the_optimum_of_a_tiny_instance(tmp_path, paths, score):
    done = command(
        write(tmp_path, TINY),
        "--decimals",
        "1",
        "--paths",
        paths,
        "--seconds",
        "0.5",
        "--seed",
        "3",
    )

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["instance"] == "tiny"
    assert result["score"] == score
    assert score_paths(parse_instance(TINY, name="tiny", decimals=1), result["paths"]) == score
    assert len(result["paths"]) == int(paths)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TINY.replace("1 10 0 0", "1 ten 0 0"), "x of vertex 1 is not a number: 'ten'"),
        (TINY.replace("50 60", "60 50"), "vertex 4: time window ends (50) before it starts (60)"),
        (TINY.replace("3 0 30 0 25", "3 0 30 0 -25"), "vertex 3: negative score -25"),
        (TINY.rsplit("\n", 2)[0], "the file ends in the middle of vertex 4"),
        (TINY + "7\n", "1 unexpected tokens after vertex 4"),
        (TINY.replace("2 20 0", "9 20 0"), "expected vertex 2, found '9'"),
        ("", "the header needs four numbers: k v N t"),
        ("4 1 -1 1\n0 100\n", "N in the header must be 0 or more, not '-1'"),
        ("4 1 1e999999999 1\n0 100\n", "N in the header is out of range: '1e999999999'"),
        (
            TINY.replace("4 -40 0 5", "4 -40 0 1e999999"),
            "the service duration of vertex 4 is out of range: '1e999999'",
        ),
        (
            TINY.replace("2 20 0", "2 1e-999999 0"),
            "x of vertex 2 has too many decimals: '1e-999999'",
        ),
    ],
)
def test_bad_file_gives_one_line_and_no_traceback(tmp_path, text, message):
    path = write(tmp_path, text)

    done = command(path, "--decimals", "1", "--seconds", "0.1")

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == f"optw: {path}: {message}\n"
    with pytest.raises(InstanceError):
        parse_instance(text, name="tiny", decimals=1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TINY.replace("3 0 30 0 25", "3 0 30 0 1e13"), "3: value is 1" + "0" * 13),
        (TINY.replace("4 -40 0 5 30", "4 -40 0 1e13 30"), "4: duration is 1" + "0" * 14),
    ],
)
def test_numbers_too_large_give_one_line_and_no_traceback(tmp_path, text, message):
    path = write(tmp_path, text)

    done = command(path, "--decimals", "1", "--seconds", "0.1")

    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"optw: {path}: {message}; it must be below 2**40.\n"


def test_a_file_that_does_not_tell_its_set_needs_the_decimals(tmp_path):
    copy = write(tmp_path, PR01.read_text(), name="cordeau01.txt")
    done = command(copy, "--seconds", "0.1")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"optw: {copy}: neither a Solomon (c101 …) nor a Cordeau (pr01 …) file by its name: "
        "give --decimals 1 or 2 for the precision of its travel times\n"
    )
    done = command(copy, "--decimals", "2", "--seconds", "1")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert score_paths(read_instance(PR01), result["paths"]) == result["score"]


def test_a_bad_file_that_does_not_tell_its_set_is_told_what_is_wrong_in_it(tmp_path):
    empty = write(tmp_path, "", name="copy.txt")
    done = command(empty, "--seconds", "0.1")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"optw: {empty}: the header needs four numbers: k v N t\n"


def test_paths_beyond_the_vertices_stay_empty(tmp_path):
    done = command(write(tmp_path, TINY), "--decimals", "1", "--paths", "6", "--seconds", "0.5")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (len(result["paths"]), result["score"]) == (6, 85)
    assert result["paths"][4:] == [[], []]


def test_missing_file_gives_one_line_and_no_traceback(tmp_path):
    done = command(tmp_path / "nowhere.txt")

    assert done.returncode == 1
    assert done.stdout == ""
    assert (
        done.stderr == f"optw: cannot read {tmp_path / 'nowhere.txt'}: No such file or directory\n"
    )


@pytest.mark.parametrize(
    "arguments",
    [
        ["--paths", "0"],
        ["--paths", "1001"],
        ["--seconds", "soon"],
        ["--seconds", "inf"],
        ["--seconds", "1e300"],
        ["--decimals", "3"],
        ["--seed"],
        ["--seed=-1"],
        ["--seed", str(1 << 32)],
    ],
)
def test_bad_arguments_are_refused_by_argparse(tmp_path, arguments):
    done = command(write(tmp_path, TINY), "--decimals", "1", *arguments)

    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith("python -m chaveruth.planning.optw: error:")
