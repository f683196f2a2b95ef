"""Choose and order visits so that their total value is as high as possible.

This is the orienteering problem with time windows: every candidate has a value, a service
duration and windows for its start; each day is one path from home back home. PyVRP solves it
as a prize-collecting vehicle routing problem with one vehicle per day.

The package: what is asked and answered (``problem``), the problem as PyVRP data (``model``),
the search (``search``, with ``splicing`` and ``refilling`` for one path, both on ``paths``),
and ``solving``, which puts them together.
"""

from chaveruth.planning.optimiser.problem import (
    MAX_TIME,
    Candidate,
    Day,
    Infeasible,
    OnProgress,
    Plan,
    Problem,
    ProblemError,
    Stop,
    is_feasible,
)
from chaveruth.planning.optimiser.solving import out_of_reach, solve

__all__ = [
    "MAX_TIME",
    "Candidate",
    "Day",
    "Infeasible",
    "OnProgress",
    "Plan",
    "Problem",
    "ProblemError",
    "Stop",
    "is_feasible",
    "out_of_reach",
    "solve",
]
