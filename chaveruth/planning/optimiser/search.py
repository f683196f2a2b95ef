"""The search: PyVRP's iterated local search with late acceptance, tuned for programmes.

Penalties are scaled to the prizes, deep local optima are left by kicks, candidates with
several windows are swapped where PyVRP does not (swap_in), and with one path good plans are
spliced (splicing.py) and stretches of the best refilled (refilling.py).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyvrp
from pyvrp.PenaltyManager import PenaltyManager, PenaltyParams
from pyvrp.RingBuffer import RingBuffer
from pyvrp.search import (
    OPERATORS,
    LocalSearch,
    NeighbourhoodParams,
    PerturbationManager,
    PerturbationParams,
    compute_neighbours,
)

from chaveruth.planning.optimiser.model import (
    Model,
    clients_of,
    one_path,
    places_of,
    transfer,
    visits_of,
    with_prize,
)
from chaveruth.planning.optimiser.problem import OnProgress
from chaveruth.planning.optimiser.refilling import refilled
from chaveruth.planning.optimiser.splicing import Pool, spliced


@dataclass(frozen=True)
class Tuning:
    """Search parameters. The defaults measured best on the hard instances of the
    orienteering benchmark, 5 s per run over several seeds, as bench/optw_settings.py
    compares settings (figures in bench/README.md)."""

    num_neighbours: int = 50  # PyVRP's granular neighbourhood
    # How far apart two clients are counts their travel plus this times the least wait
    # between them. With PyVRP's 0.2, a quarter of pr03's neighbours cannot follow each
    # other in either order without waiting or being late; with 1.0, a tenth. Measured over two
    # sets of eight seeds on narrow-window instances: average gap 1.17 -> 0.86 % and
    # 0.98 -> 0.63 % (pr03 and pr04 with three paths gain about 0.8 % in both sets, pr09 in
    # one); 2.0 and 3.0 no better.
    weight_wait_time: float = 1.0
    # Clients removed or inserted before each local search, at most. A programme is short
    # (10-30 visits) beside its candidates: it takes strong shakes to change what is in it.
    max_perturbations: int = 30
    # Late acceptance compares with the solution this many steps ago. Measured: a longer
    # memory helps one day's path escape (pr09 with 100: three runs of eight 4-6 % short),
    # a shorter one helps several days converge (2 paths, 5 s, against a 60 s run: pr05
    # 1.6 % -> 0.5 %, r201 1.2 % -> 0.7 %, on average over four seeds).
    history_length: int = 300
    history_length_several_days: int = 100
    # Time warp penalty per unit of time, in multiples of what a unit of time is worth
    # (average prize over average service plus travel). PyVRP's own default (50 000 per
    # unit, whatever the prizes) is far too strict here: the search then stays feasible and
    # stalls early. Updated every `penalty_updates` solutions towards `target_feasible`.
    penalty_start: float = 100.0
    penalty_low: float = 1e-4
    penalty_high: float = 1000.0
    penalty_updates: int = 100
    # Mostly infeasible: the best programmes fill their days to the minute, and the way to
    # a better one goes through a visit too many, then reordering or dropping a cheaper one.
    # (PyVRP's default 0.65 left c104 one visit short in six of eight seeds.)
    target_feasible: float = 0.2
    # After this many iterations without a better solution, jump: halve the prizes of about
    # half the visits of the best plan, descend, restore the prizes and descend again.
    kick_after: int = 3000
    kick_share: float = 0.5
    kick_factor: float = 0.5
    # With one path, repair an infeasible step that the walk rates above the best plan (a full
    # descent with the highest penalty) and keep it when it is the better plan. Measured, 16
    # seeds each on c104, pr09, pr04 (and pr02): average gap 0.761 -> 0.487 % and 0.654 ->
    # 0.490 %, c104's one-visit-short runs mostly gone. With several paths no better: 1.663 ->
    # 1.548 % on six instances, 1.130 -> 1.384 % on five others (eight seeds each).
    repair: bool = True
    # With one path, every this many steps without a better plan, join the start of one good
    # plan met so far to the end of another (splicing.py), from `splice_paths` of them that
    # differ from each other in at least `splice_difference` visits. Measured on pr09 (one
    # path), 32 seeds: average gap 0.437 -> 0.273 %, worst 2.64 -> 1.22 %; over 16 seeds on
    # c104, pr09, pr05, pr02: 0.213 -> 0.067 %. Every 250 or 125 steps, 15 or 20 plans, or 3 or
    # 10 visits' difference: no better beyond the noise.
    splice_every: int = 500
    splice_paths: int = 30
    splice_difference: int = 6
    # With one path, once the walk has gone this many steps without a better plan, replace
    # a stretch of `refill_width` visits of the best plan by the best clients to visit there,
    # trying one stretch after the other until a better plan comes out (refilling.py; each
    # search stops after `refill_labels` labels). Why: pr05's walk now and then settles for
    # seconds on a plan with a wrong last hour (583 of 595). Measured, 16 seeds: pr05 reaches
    # 595 in all (average 594.2 without), c104 and pr09 unchanged. Refilling every plan the
    # walk keeps for 500 steps, within a tenth of the time, spends that time on plans the walk
    # would soon have left: no better.
    refill_after: int = 2000
    refill_width: int = 10
    refill_labels: int = 1500
    # Swap a visit of each new best plan for a candidate left out where either has several
    # windows (swap_in): PyVRP never does, and a visit programme's wishes have a window on
    # each day they may take. The benchmark's candidates have one window each and cannot
    # measure it; on a made-up programme of 60 wishes at 40 places over six days of at most
    # ten hours (ten windows a wish), four seeds, 5 s or 10 s: 241.0 against 237.8 on
    # average; 20 wishes over three days, six seeds, 2 s: the same, 118.5.
    swap_grouped: bool = True
    # With several days, search first among the most promising `focus_share` of the candidates
    # alone (value per unit of time spent on them: duration plus travel to their nearest
    # neighbours), for `focus_time` of the run, then among all, from the best plan found. Why:
    # the walk climbs slowly where candidates are many and windows wide; on pr16 with four
    # paths (288 candidates) a good plan visits about 110, all but a few among the most
    # promising 60 %, and the walk's shakes and neighbourhoods waste less on the others.
    # Measured (five wide-window instances, two sets of eight seeds): average gap to the best
    # run 2.11 -> 1.41 % and 2.06 -> 1.22 %; the same two phases without the focus, no better
    # than one walk. Never fewer than `focus_room` times the visits the days could hold: on
    # r201 and rc206 with two paths, whose plans visit three candidates in four, keeping 60 %
    # lost 6 on average.
    focus_share: float = 0.6
    focus_room: float = 1.5
    focus_time: float = 0.4
    min_iterations: int = 20  # even when the deadline has passed: tiny problems need a few
    max_iterations: int | None = None  # reproducible experiments stop here, not on time


# Relocate2, Swap21 and Swap22 slow every iteration down by about half and, measured, find
# nothing the others miss here. The group, multi-route and shipment operators stay: PyVRP
# leaves out those that do not apply.
_SKIPPED_OPERATORS = {"Relocate2", "Swap21", "Swap22"}
_OPERATORS = [op for op in OPERATORS if op.__name__ not in _SKIPPED_OPERATORS]


class Search:
    """PyVRP's iterated local search with late acceptance (as pyvrp.solve runs it), with
    penalties scaled to the prizes, kicks out of deep local optima, and a deadline. It keeps
    the best feasible solution by (score, less travel)."""

    def __init__(self, model: Model, seed: int, tuning: Tuning, report: Reporter):
        self.model = model
        self.tuning = tuning
        self.report = report
        self.rng = pyvrp.RandomNumberGenerator(seed=seed)
        self.coin = random.Random(seed)
        self.neighbours = compute_neighbours(
            model.data,
            NeighbourhoodParams(
                weight_wait_time=tuning.weight_wait_time, num_neighbours=tuning.num_neighbours
            ),
        )
        self.ls = self._local_search(model.data, tuning.max_perturbations)
        rate = _value_per_time(model)
        highest = min(_highest_penalty(model, rate * tuning.penalty_high), _penalty_ceiling(model))
        self.penalty_params = PenaltyParams(
            solutions_between_updates=tuning.penalty_updates,
            target_feasible=tuning.target_feasible,
            min_penalty=min(rate * tuning.penalty_low, highest),
            max_penalty=highest,
        )
        self.initial_penalty = min(rate * tuning.penalty_start, highest)
        self.best: pyvrp.Solution | None = None
        self.best_key = (-1, 0)
        self.least_bad: pyvrp.Solution | None = None  # lowest penalised cost, feasible or not
        self.least_bad_cost = float("inf")
        self.repairs = tuning.repair and model.data.num_vehicles == 1
        self.splices = tuning.splice_every > 0 and model.data.num_vehicles == 1
        self.pool = Pool(size=10 * tuning.splice_paths)  # feasible plans met, when splicing
        self.refills = tuning.refill_after > 0 and model.data.num_vehicles == 1
        self.places = places_of(model) if self.splices or self.refills else None
        self.refilled = self.best_key  # the best plan refilled last
        # What swap_in needs of the clients: which stand for one of a candidate's several
        # windows (a PyVRP group), their prizes and windows.
        clients = model.data.clients()
        grouped = (c for c, client in enumerate(clients) if client.group is not None)
        self.grouped = frozenset(grouped if tuning.swap_grouped else ())
        self.prizes = [client.prize for client in clients]
        self.early = [client.tw_early for client in clients]
        self.late = [client.tw_late for client in clients]
        self.deadline = float("inf")
        self.iterations = 0
        self.started = time.perf_counter()  # for the average length of a step

    def _local_search(self, data: pyvrp.ProblemData, perturbations: int) -> LocalSearch:
        manager = PerturbationManager(PerturbationParams(min(1, perturbations), perturbations))
        ls = LocalSearch(data, self.rng, self.neighbours, manager)
        for operator in _OPERATORS:
            if operator.supports(data):
                ls.add_operator(operator(data))
        return ls

    def kick(self, solution: pyvrp.Solution, cost_evaluator: pyvrp.CostEvaluator) -> pyvrp.Solution:
        """A jump to another region that single moves rarely make: lower the prizes of some
        visited clients, descend, then descend again with the true prizes."""
        data = self.model.data
        visited = visits_of(solution)
        lowered = {i for i in visited if self.coin.random() < self.tuning.kick_share}
        factor = self.tuning.kick_factor
        noisy = data.replace(
            clients=[
                with_prize(client, int(client.prize * factor)) if i in lowered else client
                for i, client in enumerate(data.clients())
            ]
        )
        elsewhere = self._local_search(noisy, 0)(
            transfer(solution, noisy), cost_evaluator, exhaustive=True
        )
        return self.ls(transfer(elsewhere, data), cost_evaluator, exhaustive=True)

    def key(self, solution: pyvrp.Solution) -> tuple[int, int] | None:
        """How good a feasible solution is: score first, then less travel; None if infeasible."""
        if not solution.is_feasible():
            return None
        return solution.prizes() // self.model.prize_unit, -solution.distance_cost()

    def consider(self, solution: pyvrp.Solution, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        """Record the solution; True when it is the best so far."""
        cost = cost_evaluator.penalised_cost(solution)
        if cost < self.least_bad_cost:
            self.least_bad, self.least_bad_cost = solution, cost
        key = self.key(solution)
        if key is not None and self.splices:
            visits = visits_of(solution)
            self.pool.add(visits, solution.prizes())
        if key is None or key <= self.best_key:
            return False
        self.best, self.best_key = solution, key
        self.report.score(key[0])
        return True

    def time_to_splice(self, stale: int) -> bool:
        """Whether to splice now, `stale` steps after the last better plan."""
        every = self.tuning.splice_every
        return self.splices and self.best is not None and stale % every == every - 1

    def splice(self, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        """Join the start of one good plan to the end of another; True when a join is the
        best plan so far (checked by PyVRP: travel may break the triangle inequality)."""
        assert self.best is not None and self.places is not None
        tuning, data = self.tuning, self.model.data
        paths = self.pool.diverse(tuning.splice_paths, tuning.splice_difference)
        for visits in spliced(paths, self.places, above=self.best.prizes(), limit=5):
            if self.consider(one_path(data, visits), cost_evaluator):
                return True
        return False

    def time_to_refill(self, stale: int) -> bool:
        """Whether to refill the best plan now, `stale` steps after it was found."""
        return (
            self.refills
            and self.best is not None
            and stale >= self.tuning.refill_after
            and self.refilled != self.best_key
        )

    def refill(self, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        """Replace a stretch of the best plan by the best clients to visit there
        (refilling.py); True when that makes a better plan. Each plan once."""
        assert self.best is not None and self.places is not None
        self.refilled = self.best_key
        data = self.model.data
        path = visits_of(self.best)
        for cut, resume in self.stretches(path):
            if time.perf_counter() > self.deadline:
                return False
            stretch = refilled(
                path,
                self.places,
                cut,
                resume,
                max_labels=self.tuning.refill_labels,
                deadline=self.deadline,
            )
            if stretch is None:
                continue
            visits = [*path[:cut], *stretch, *path[resume:]]
            if self.consider(one_path(data, visits), cost_evaluator):
                return True
        return False

    def stretches(self, path: list[int]) -> Iterator[tuple[int, int]]:
        """Cut and resume of each stretch of `refill_width` visits to refill, ending before a
        required visit (which refilling would leave out): an empty plan has one, to fill."""
        width = self.tuning.refill_width
        for cut in range(max(len(path), 1)):
            resume = min(len(path), cut + width)
            fixed = [k for k in range(cut, resume) if path[k] in self.model.required]
            yield cut, min(fixed, default=resume)

    def polish(self, cost_evaluator: pyvrp.CostEvaluator) -> None:
        """A full descent from a new best plan (the step that found it looked only near the
        clients it moved), then the swaps PyVRP leaves out (swap_in)."""
        assert self.best is not None
        self.consider(self.ls(self.best, cost_evaluator, exhaustive=True), cost_evaluator)
        self.swap_while_better(cost_evaluator)

    def swap_while_better(self, cost_evaluator: pyvrp.CostEvaluator) -> None:
        """Swap (swap_in) and descend from each better plan so found, until no swap helps or
        the time is up. It ends: each round makes the best plan strictly better."""
        while self.swap_in(cost_evaluator):
            assert self.best is not None
            self.consider(self.ls(self.best, cost_evaluator, exhaustive=True), cost_evaluator)

    def swap_in(self, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        """Swap a visit of the best plan for a client it leaves out, in the same place, where
        the visit or the client (or both) stands for one window of a candidate with several;
        True when that makes a better plan.

        PyVRP's ReplaceOptionalClient makes such swaps, but never with a client of a group.
        Without them, a plan that visits a candidate with two windows where a more valuable
        one would fit instead kept it until the walk's penalties had fallen far enough to pass
        through a plan with both: about 5000 steps on a problem of three candidates.
        """
        assert self.best is not None
        if not self.grouped:
            return False
        routes = list(self.best.routes())
        paths = [clients_of(route) for route in routes]
        for n, k, client in self.swaps(routes, paths):
            if time.perf_counter() > self.deadline:
                return False
            route = routes[n]
            swapped = [*paths[n][:k], client, *paths[n][k + 1 :]]
            changed = pyvrp.Route(self.model.data, swapped, route.vehicle_type())
            # Only the changed day can be worse or better: the others stay as they are.
            gain = (changed.prizes() - route.prizes(), route.distance() - changed.distance())
            if changed.is_feasible() and gain > (0, 0):
                plan = pyvrp.Solution(self.model.data, [*routes[:n], changed, *routes[n + 1 :]])
                if self.consider(plan, cost_evaluator):
                    return True
        return False

    def swaps(
        self, routes: list[pyvrp.Route], paths: list[list[int]]
    ) -> Iterator[tuple[int, int, int]]:
        """(day, position, client left out) of each swap that swap_in tries: the visit not
        required, the client worth no less and open on that day, one of them in a group."""
        owner, data = self.model.owner, self.model.data
        visited = {owner[c] for path in paths for c in path}
        left_out = [c for c in range(len(owner)) if owner[c] not in visited]
        for n, (route, path) in enumerate(zip(routes, paths, strict=True)):
            day = data.vehicle_type(route.vehicle_type())
            open_then = [c for c in left_out if self.early[c] <= day.tw_late]
            open_then = [c for c in open_then if self.late[c] >= day.tw_early]
            for k, visit in enumerate(path):
                if visit in self.model.required:
                    continue
                for client in open_then:
                    grouped = visit in self.grouped or client in self.grouped
                    if grouped and self.prizes[client] >= self.prizes[visit]:
                        yield n, k, client

    def worth_repairing(
        self, solution: pyvrp.Solution, cost_evaluator: pyvrp.CostEvaluator
    ) -> bool:
        """Whether an infeasible solution may hide a better plan: the walk's penalties rate
        it above the best plan (and so, prizes outweighing travel, it collects at least as
        much)."""
        best = self.best
        return (
            self.repairs
            and best is not None
            and not solution.is_feasible()
            and cost_evaluator.penalised_cost(solution) < cost_evaluator.penalised_cost(best)
        )

    def penalty_manager(self) -> PenaltyManager:
        start = self.initial_penalty
        return PenaltyManager(([], start, start), self.penalty_params)

    def go_on(self, deadline: float) -> bool:
        """Whether to take another step: not when the steps taken so far say that one more,
        at twice their average length, would end after the deadline."""
        self.report.time()
        self.iterations += 1
        if self.iterations > (self.tuning.max_iterations or self.iterations):
            return False
        now = time.perf_counter()
        average = (now - self.started) / self.iterations
        return self.iterations <= self.tuning.min_iterations or now + 2 * average < deadline

    def run(self, deadline: float, start: pyvrp.Solution | None = None) -> None:
        """Walk until the deadline, from `start` or else from a random solution."""
        self.deadline = deadline
        walk = _Walk(self, start)
        while self.go_on(deadline):
            walk.step()


class _Walk:
    """One late-acceptance walk: its current solution, penalties and history."""

    def __init__(self, search: Search, start: pyvrp.Solution | None):
        self.search = search
        self.pm = search.penalty_manager()
        if start is None:
            start = pyvrp.Solution.make_random(search.model.data, search.rng)
        else:
            search.consider(start, self.pm.max_cost_evaluator())
        self.current = search.ls(start, self.pm.max_cost_evaluator(), exhaustive=True)
        self.initial = self.current
        tuning = search.tuning
        one_day = search.model.data.num_vehicles == 1
        length = tuning.history_length if one_day else tuning.history_length_several_days
        self.history: RingBuffer[pyvrp.Solution] = RingBuffer(length)
        self.stale = 0
        if search.consider(self.current, self.pm.max_cost_evaluator()):
            search.swap_while_better(self.pm.max_cost_evaluator())

    def step(self) -> None:
        search, kick_after = self.search, self.search.tuning.kick_after
        if self.stale and self.stale % kick_after == 0 and search.best is not None:
            self.history.clear()
            self.current = search.kick(search.best, self.pm.cost_evaluator())
            search.consider(self.current, self.pm.cost_evaluator())
        cost_evaluator = self.pm.cost_evaluator()
        if self.rebuilt(cost_evaluator):
            self.stale = 0
            search.polish(cost_evaluator)
        candidate = search.ls(self.current, cost_evaluator, exhaustive=False)
        self.pm.register(candidate)
        self.stale += 1
        found = search.consider(candidate, cost_evaluator)
        if not found and search.worth_repairing(candidate, cost_evaluator):
            strict = self.pm.max_cost_evaluator()
            found = search.consider(search.ls(candidate, strict, exhaustive=True), cost_evaluator)
        if found:
            self.stale = 0
            search.polish(cost_evaluator)
        self.accept(candidate, cost_evaluator)

    def rebuilt(self, cost_evaluator: pyvrp.CostEvaluator) -> bool:
        """With one path, after many steps without a better plan: whether joining parts of
        the plans met, or refilling a stretch of the best, has made a better plan."""
        search, stale = self.search, self.stale
        if search.time_to_splice(stale) and search.splice(cost_evaluator):
            return True
        return search.time_to_refill(stale) and search.refill(cost_evaluator)

    def accept(self, candidate: pyvrp.Solution, cost_evaluator: pyvrp.CostEvaluator) -> None:
        """Late acceptance (Burke and Bykov 2017): better than now, or than some steps ago."""
        candidate_cost = cost_evaluator.penalised_cost(candidate)
        current_cost = cost_evaluator.penalised_cost(self.current)
        late = self.history.peek()
        late_cost = cost_evaluator.penalised_cost(late if late is not None else self.initial)
        if candidate_cost < late_cost or candidate_cost < current_cost:
            self.current, current_cost = candidate, candidate_cost
        if late is None or current_cost < late_cost:
            self.history.append(self.current)
        else:
            self.history.skip()


def _value_per_time(model: Model) -> float:
    """What a unit of time is roughly worth: the exchange rate for time warp penalties."""
    clients = model.data.clients()
    prize = sum(client.prize for client in clients) / len(clients)
    service = sum(client.service_duration for client in clients) / len(clients)
    busy = service + float(np.asarray(model.data.duration_matrix(0)).mean())
    return max(prize / max(busy, 1.0), 1.0)


def _highest_penalty(model: Model, by_rate: float) -> float:
    """The highest penalty for a unit of lateness: ``by_rate``, what a unit of time is worth
    times the tuning's factor, unless some candidates are required (fixed appointments). Those
    carry no value and dilute the rate, and with a dozen of them over five days a wish worth
    more than that penalty was kept a minute late for ever: the search found no plan at all
    and reported a clash of the fixed ones. There the penalty is above any one prize and the
    travel it saves, so that a wish that cannot be on time is left out. (The benchmarks have
    no required candidates: their search is as tuned.)"""
    if not model.required:
        return by_rate
    longest = int(np.asarray(model.data.duration_matrix(0)).max())
    prize = max(client.prize for client in model.data.clients())
    return max(by_rate, prize + 2 * longest + 1.0)


def _penalty_ceiling(model: Model) -> float:
    """The highest time warp penalty that keeps every cost within PyVRP's 64 bits.

    Without it, with values and times near our limits, a badly late solution's cost wraps
    around to a hugely negative one, and the local search, which cannot be interrupted, goes
    on for ever. A service never starts after the latest time anything closes, so arriving
    at a visit (or back home) is late by at most that time, the longest way and a service;
    and all paths together are longer than their days allow by no more than that sum.
    """
    data = model.data
    clients = data.clients()
    longest = int(np.asarray(data.duration_matrix(0)).max())
    latest = max(max(c.tw_late for c in clients), max(day.tw_late for day in data.vehicle_types()))
    arrivals = len(clients) + data.num_vehicles
    late = arrivals * (latest + longest) + sum(c.service_duration for c in clients)
    warp = 2 * late  # late at the arrivals, and a path longer than its day's longest length
    rest = sum(c.prize for c in clients) + arrivals * longest  # all prizes lost, longest ways
    return max((2**62 - rest) / max(warp, 1), 1.0)


class Reporter:
    """Passes progress on to the caller: at the start, at most ten times a second while
    searching, and once at the end."""

    def __init__(self, on_progress: OnProgress | None, seconds: float):
        self.on_progress = on_progress
        self.started = time.perf_counter()
        self.seconds = max(seconds, 1e-9)
        self.best = 0
        self.last = self.started
        if on_progress is not None:
            on_progress(0.0, 0)

    def score(self, score: int) -> None:
        self.best = max(self.best, score)

    def time(self) -> None:
        if self.on_progress is None:
            return
        now = time.perf_counter()
        if now - self.last >= 0.1:
            self.last = now
            self.on_progress(min(1.0, (now - self.started) / self.seconds), self.best)

    def finish(self, score: int) -> None:
        if self.on_progress is not None:
            self.on_progress(1.0, score)
