"""The optimiser runs in the background (Django's task framework; `make worker` runs it)."""

import time

from django.tasks import task

from chaveruth.planning import optimiser
from chaveruth.planning.rounding import round_starts
from chaveruth.visits import itinerary
from chaveruth.visits.models import Proposal

PROGRESS_EVERY_SECONDS = 0.5  # how often the proposal's progress is written for the page


def _reporter(proposal: Proposal):
    last = 0.0

    def report(fraction: float, _best: int) -> None:
        nonlocal last
        if time.monotonic() - last >= PROGRESS_EVERY_SECONDS:
            last = time.monotonic()
            percent = min(99, int(fraction * 100))
            Proposal.objects.filter(pk=proposal.pk, status="running").update(progress=percent)

    return report


def _fail(proposal: Proposal, **failure) -> str:
    Proposal.objects.filter(pk=proposal.pk).update(status="failed", failure=failure, progress=100)
    return failure["reason"]


@task
def propose_programme(proposal_pk: int) -> str:
    """Compute a proposal's programme; its result is only the outcome's name (no contents)."""
    proposal = Proposal.objects.select_related("visit__hotel").filter(pk=proposal_pk).first()
    if proposal is None or proposal.status != Proposal.Status.QUEUED:
        return "skipped"  # discarded or replaced before a worker got to it
    Proposal.objects.filter(pk=proposal.pk).update(status="running")
    try:
        question = itinerary.pose_question(proposal.visit)
        plan = optimiser.solve(
            question.problem, seconds=proposal.seconds, on_progress=_reporter(proposal)
        )
    except itinerary.NoCoordinates as missing:
        return _fail(proposal, reason="no_coordinates", venue=missing.venue.pk)
    except optimiser.Infeasible as clash:
        fixed = [pk for kind, pk in clash.keys if kind == "fixed"]
        return _fail(proposal, reason="fixed_clash", appointments=fixed)
    except optimiser.ProblemError:
        return _fail(proposal, reason="invalid")
    found = itinerary.answer(question, round_starts(question.problem, plan))
    # Only a proposal still running is filled in: it may have been discarded meanwhile.
    Proposal.objects.filter(pk=proposal.pk, status="running").update(
        status="ready", progress=100, score=found.score, plan=found.plan, left_out=found.left_out
    )
    return "ready"
