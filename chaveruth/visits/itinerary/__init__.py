"""A visit's programme in the planning engine's terms, and its answers back in ours.

``chaveruth.planning`` knows nothing of Django: this package reads the visit, its venues and
the appointments around it (``around``), hands plain dataclasses to the calendars, the checks
(``checked``) and the optimiser (``question``), and turns what comes back into findings and
proposals the pages can show, the way from the hotel and back each day (``hotel``), and the
times a new appointment is offered (``offer``).
"""

from chaveruth.visits.itinerary.around import (
    DayNote,
    NoteKind,
    day_notes,
    holiday_at,
    opening_hours,
    rest_periods,
    travel_times,
)
from chaveruth.visits.itinerary.checked import (
    Checked,
    Proposed,
    check_acceptance,
    check_proposal,
    check_visit,
)
from chaveruth.visits.itinerary.hotel import HotelWay, back_from, hotel_travel, leaving_for
from chaveruth.visits.itinerary.question import (
    Answer,
    Busy,
    Clock,
    LeftOutWish,
    NoCoordinates,
    NoHotel,
    PlacedWish,
    Question,
    Reason,
    Rule,
    WishWindows,
    answer,
    candidate_key,
    meal_breaks,
    pose_question,
    programme_basis,
    still_holds,
    visit_clock,
    wish_windows,
)

__all__ = [
    "Answer",
    "Busy",
    "Checked",
    "Clock",
    "DayNote",
    "HotelWay",
    "LeftOutWish",
    "NoCoordinates",
    "NoHotel",
    "NoteKind",
    "PlacedWish",
    "Proposed",
    "Question",
    "Reason",
    "Rule",
    "WishWindows",
    "answer",
    "back_from",
    "candidate_key",
    "check_acceptance",
    "check_proposal",
    "check_visit",
    "day_notes",
    "holiday_at",
    "hotel_travel",
    "leaving_for",
    "meal_breaks",
    "opening_hours",
    "pose_question",
    "programme_basis",
    "rest_periods",
    "still_holds",
    "travel_times",
    "visit_clock",
    "wish_windows",
]
