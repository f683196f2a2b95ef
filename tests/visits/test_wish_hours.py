"""A wish's hours on its day are read on that day's clock, as an appointment's are: a time the
clocks skip or show twice is refused with the changeover named, its room counts real minutes
(the night the clocks go forward, 01:00 to 04:00 is two hours), and it ends on the day it
starts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chaveruth.visits import services
from chaveruth.visits.models import Visit, Wish
from tests import factories as make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def spring(city, hotel) -> Visit:
    """Saturday 29 to Monday 31 March 2025: on Sunday the clocks go forward from 02:00 to
    03:00 in Germany."""
    return make.visit(
        make.programme(), city, start=dt.date(2025, 3, 29), end=dt.date(2025, 3, 31), hotel=hotel
    )


@pytest.fixture
def autumn(city, hotel) -> Visit:
    """Saturday 25 to Monday 27 October 2025: on Sunday the clocks go back from 03:00 to
    02:00 in Germany."""
    return make.visit(
        make.programme("herbst"),
        city,
        start=dt.date(2025, 10, 25),
        end=dt.date(2025, 10, 27),
        hotel=hotel,
    )


def sent(client, visit, museum, **hours) -> tuple[int, dict[str, list[str]]]:
    """The wish form sent with ``hours`` (day, not_before, not_after, minutes): its status
    and the errors beside its fields."""
    data = {
        "title_de": "Nachtführung",
        "kind": "meeting",
        "venue": museum.pk,
        "minutes": 60,
        "value": 5,
        "confidentiality": "internal",
        **hours,
    }
    response = client.post(reverse("visits:wish_create", args=[visit.pk]), data)
    if response.status_code != 400:
        return response.status_code, {}
    # Read now, in the language of the request: the messages are translated as they are read.
    errors = response.context["form"].errors
    return response.status_code, {name: list(messages) for name, messages in errors.items()}


SKIPPED = (
    "On 30/03/2025, 02:15 does not exist in local time: the clocks go forward from 02:00 to "
    "03:00. Choose a time before 02:00 or from 03:00 on."
)


def test_a_time_the_clocks_skip_on_the_wish_s_day_is_refused_with_the_changeover(
    coordinator, spring, museum
):
    answer = sent(coordinator, spring, museum, day="2025-03-30", not_before="02:15")
    assert answer == (400, {"not_before": [SKIPPED]})
    answer = sent(coordinator, spring, museum, day="2025-03-30", not_after="02:15")
    assert answer == (400, {"not_after": [SKIPPED]})
    assert not Wish.objects.exists()


def test_a_time_the_clocks_skip_is_explained_in_german(coordinator, spring, museum):
    with translation.override("de"):
        answer = sent(coordinator, spring, museum, day="2025-03-30", not_before="02:15")
    assert answer == (
        400,
        {
            "not_before": [
                "Am 30.03.2025 gibt es 02:15 Ortszeit nicht: Die Uhren werden von 02:00 auf "
                "03:00 vorgestellt. Wählen Sie eine Zeit vor 02:00 oder ab 03:00."
            ]
        },
    )


def test_a_time_the_clocks_show_twice_on_the_wish_s_day_is_refused(coordinator, autumn, museum):
    answer = sent(coordinator, autumn, museum, day="2025-10-26", not_before="02:30")
    assert answer == (
        400,
        {
            "not_before": [
                "On 26/10/2025, 02:30 occurs twice in local time: the clocks go back from 03:00 "
                "to 02:00. Choose a time before 02:00 or from 03:00 on."
            ]
        },
    )


def test_the_same_time_on_another_day_or_any_day_is_a_time_like_any_other(
    coordinator, spring, museum
):
    assert sent(coordinator, spring, museum, day="2025-03-31", not_before="02:15") == (302, {})
    assert sent(coordinator, spring, museum, not_before="02:15") == (302, {})
    assert list(Wish.objects.values_list("day", "not_before")) == [
        (dt.date(2025, 3, 31), dt.time(2, 15)),
        (None, dt.time(2, 15)),
    ]


def test_the_room_the_night_the_clocks_go_forward_counts_real_minutes(coordinator, spring, museum):
    """01:00 to 04:00 that night is two hours, not three: 150 minutes do not fit."""
    hours = {"not_before": "01:00", "not_after": "04:00", "minutes": 150}
    assert sent(coordinator, spring, museum, day="2025-03-30", **hours) == (
        400,
        {
            "not_after": [
                "Its earliest start and latest end leave less time than it lasts: on 30/03/2025 "
                "the clocks change between them, and from 01:00 to 04:00 there are only 120 "
                "minutes."
            ]
        },
    )
    # The next night has three hours; and so does any day's, on an ordinary clock.
    assert sent(coordinator, spring, museum, day="2025-03-31", **hours) == (302, {})
    assert sent(coordinator, spring, museum, **hours) == (302, {})


def test_the_room_the_night_the_clocks_go_back_counts_its_hour_more(coordinator, autumn, museum):
    """01:00 to 04:00 that night is four hours: 200 minutes fit."""
    hours = {"not_before": "01:00", "not_after": "04:00", "minutes": 200}
    assert sent(coordinator, autumn, museum, day="2025-10-26", **hours) == (302, {})
    assert sent(coordinator, autumn, museum, day="2025-10-27", **hours) == (
        400,
        {"not_after": ["Its earliest start and latest end leave less time than it lasts."]},
    )


def test_the_service_refuses_a_time_the_clocks_skip_too(spring, museum):
    with pytest.raises(ValidationError) as refused:
        services.add_wish(
            visit=spring,
            fields={
                "title_de": "Nachtführung",
                "venue": museum,
                "minutes": 30,
                "day": dt.date(2025, 3, 30),
                "not_after": dt.time(2, 15),
            },
        )
    assert refused.value.message_dict == {"not_after": [SKIPPED]}


def test_a_wish_over_midnight_is_refused_as_such(coordinator, visit, museum):
    answer = sent(coordinator, visit, museum, not_before="22:00", not_after="02:00")
    assert answer == (
        400,
        {
            "not_after": [
                "A wish must end on the day it starts, by 23:59 at the latest: a wish over "
                "midnight is not possible."
            ]
        },
    )
    with translation.override("de"):
        answer = sent(coordinator, visit, museum, not_before="22:00", not_after="02:00")
    assert answer == (
        400,
        {
            "not_after": [
                "Ein Wunsch muss an dem Tag enden, an dem er beginnt, spätestens um 23:59: Ein "
                "Wunsch über Mitternacht ist nicht möglich."
            ]
        },
    )
