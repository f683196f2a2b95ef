"""The optimiser runs in the background (Django's task framework; `make worker` runs it)."""

import time

from django.tasks import task

from chaveruth.planning import optimiser
from chaveruth.planning.meals import with_meal_breaks
from chaveruth.planning.rounding import round_starts
from chaveruth.visits import itinerary, services
from chaveruth.visits.models import Proposal, Visit

PROGRESS_EVERY_SECONDS = 0.5  # how often the proposal's progress is written for the page


class Stopped(Exception):
    """The proposal was discarded or replaced while its search ran: the worker is free for
    the next one at once."""


def _reporter(proposal: Proposal) -> optimiser.OnProgress:
    last = 0.0

    def report(fraction: float, _best: int) -> None:
        nonlocal last
        if time.monotonic() - last >= PROGRESS_EVERY_SECONDS:
            last = time.monotonic()
            percent = min(99, int(fraction * 100))
            if not services.note_progress(proposal=proposal, percent=percent):
                raise Stopped()

    return report


def _outcome(proposal: Proposal) -> itinerary.Answer | dict[str, object]:
    """The proposed programme, or the facts of why there is none."""
    report = _reporter(proposal)
    try:
        question = itinerary.pose_question(proposal.visit)
        plan = optimiser.solve(question.problem, seconds=proposal.seconds, on_progress=report)
    except itinerary.NoHotel:
        return {"reason": "no_hotel"}
    except itinerary.NoCoordinates as missing:
        return {"reason": "no_coordinates", "venue": missing.venue.pk}
    except optimiser.Infeasible as clash:
        fixed = [pk for kind, pk in map(itinerary.candidate_key, clash.keys) if kind == "fixed"]
        return {"reason": "fixed_clash", "appointments": fixed}
    except optimiser.ProblemError:
        return {"reason": "invalid"}
    return _answer(proposal.visit, question, plan, report)


def _answer(
    visit: Visit,
    question: itinerary.Question,
    plan: optimiser.Plan,
    report: optimiser.OnProgress,
) -> itinerary.Answer:
    """The plan as the proposal keeps it: on a five-minute grid, with room for a meal where
    the order allows. Why each wish was left out takes a short search of its own: a discard
    stops these too, while the page shows the search all but done."""

    def almost_done(_fraction: float, _best: int) -> None:
        report(1.0, 0)

    rounded = round_starts(question.problem, plan)
    breaks = itinerary.meal_breaks(visit, question, rounded)
    kept = with_meal_breaks(question.problem, rounded, breaks)
    return itinerary.answer(question, kept, on_progress=almost_done)


@task
def propose_programme(proposal_pk: int) -> str:
    """Compute a proposal's programme; its result is only the outcome's name (no contents)."""
    proposal = services.start_proposal(pk=proposal_pk)
    if proposal is None:
        return "skipped"  # discarded or replaced before a worker got to it
    try:
        outcome = _outcome(proposal)
        if isinstance(outcome, dict):
            services.fail_proposal(proposal=proposal, failure=outcome)
            return str(outcome["reason"])
        services.finish_proposal(proposal=proposal, answer=outcome)
    except Stopped:
        return "stopped"
    except Exception as error:
        # A defect of ours, or a result that could not be saved. The page says so instead of
        # showing progress for ever (and if even this fails, it sees the search fall silent).
        # Only the kind of error is kept: its message may hold the programme's times.
        services.fail_proposal(proposal=proposal, failure={"reason": "internal"})
        return f"internal: {type(error).__name__}"
    return "ready"
