"""A recording of needs and a withdrawal of the consent at once (PostgreSQL, ``tests/locks``):
one waits for the other, so that a withdrawal is never undone by a form drawn before it."""

import pytest
from django.core.exceptions import ValidationError

from chaveruth.visits import services
from chaveruth.visits.models import DelegateNeeds
from tests.locks import ROW_LOCKS, second_waits_for_first
from tests.privacy.test_needs import WITHDRAWN, record

pytestmark = [*ROW_LOCKS, pytest.mark.usefixtures("english")]


def test_a_recording_that_waited_for_a_withdrawal_is_refused(stay):
    """Had it read the needs before the withdrawal was saved, the recording would find them
    still there, pass its check, and write them back as the withdrawal deleted them: the
    consent the delegate withdrew would be on record again. It waits, sees them gone, and is
    refused."""
    record(stay.noa, stay.users["coordinator"], diet="kosher")
    drawn = services.needs_version(stay.noa)
    outcome = second_waits_for_first(
        lambda: services.withdraw_consent(delegate=stay.noa),
        lambda: services.record_needs(
            delegate=stay.noa,
            diet="kosher",
            accessibility="step-free access",
            consent_text="Used only to plan this stay.",
            recorded_by=stay.users["coordinator"],
            seen_version=drawn,
        ),
    )
    assert isinstance(outcome.raised, ValidationError)
    assert outcome.raised.messages == [WITHDRAWN]
    assert DelegateNeeds.objects.count() == 0
