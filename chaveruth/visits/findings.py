"""The checks' findings, the optimiser's reasons and failures, said in the reader's language.

``chaveruth.planning`` returns facts (ids, times, minutes); the sentences are here, translated.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from chaveruth.accounts.access import can_work_with_directory, people_named_to, sees_details
from chaveruth.directory.models import OpeningException, Person, Venue
from chaveruth.lib.naming import Counted, names_and_count
from chaveruth.planning.checks import Finding, Kind, Period, Severity
from chaveruth.visits.itinerary import (
    Checked,
    Proposed,
    Reason,
    Rule,
    holiday_at,
    rest_periods,
)
from chaveruth.visits.models import Appointment, Proposal, Visit, Wish


@dataclass(frozen=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True)
class Shown:
    """A finding as the visit page shows it."""

    severity: str  # "error" or "warning"
    message: str
    # None: an appointment the reader may not see; Proposed: one a proposal would add
    appointments: list[Appointment | Proposed | None]
    # Where a reader who may change the venue answers a finding about its hours
    answer: Link | None = None


def _time(moment: dt.datetime, zone: ZoneInfo | None = None) -> str:
    """On the visit's clock (the current time zone), or on ``zone``."""
    return formats.time_format(timezone.localtime(moment, zone), "TIME_FORMAT")


def full_moment(moment: dt.datetime) -> str:
    """Weekday, date and time: a rest period spans two days, and the time alone reads as if
    it lasted from 17:01 to 18:14."""
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'l')}, {_day(local.date())}, {_time(moment)}"


def _day(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _weekday(day: dt.date) -> str:
    """The day with its weekday, "Tue 28/01/2025": a week's programme is read by weekdays.
    In the order of the reader's language."""
    return pgettext("weekday and date", "%(weekday)s %(date)s") % {
        "weekday": formats.date_format(day, "D"),
        "date": _day(day),
    }


def _clock(value: dt.time) -> str:
    return formats.time_format(value, "TIME_FORMAT")


def _hours(minutes: int) -> str:
    """12 h 1 min over a limit of 12 h would round to "12.0 hours" against 12."""
    hours, rest = divmod(minutes, 60)
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


def _venue(pk, venues: dict[int, Venue]) -> str:
    venue = venues.get(pk)
    return venue.name if venue else _("a venue")


def _person(pk, people: dict[int, Person]) -> str:
    """Named where the reader may be told their name: not another city's host of a joint
    appointment (``access.people_named_to``)."""
    person = people.get(pk)
    return str(person) if person else _("a person")


# In a finding's sentence, where those named are its subject: "A person is booked twice".
_PEOPLE = Counted(
    alone=lambda count: (
        _("a person")
        if count == 1
        else ngettext("%(count)d person", "%(count)d people", count) % {"count": count}
    ),
    more=lambda count: ngettext("%(count)d other", "%(count)d others", count) % {"count": count},
)


def _people(pks, people: dict[int, Person]) -> str:
    """Up to three by name, in the order of their names; of more, two and how many others: a
    delegation of eight booked twice is one sentence that says how many, not eight. Those
    the reader is not told of (``_person``) are counted, never named."""
    names = sorted(str(people[pk]) for pk in pks if pk in people)
    return names_and_count(names, len(pks) - len(names), _PEOPLE, at_most=3)


def _way(facts, venues: dict[int, Venue]) -> dict[str, object]:
    """A way too short, as the travel messages name it."""
    return {
        "from": _venue(facts["from_venue"], venues),
        "to": _venue(facts["to_venue"], venues),
        "needed": facts["needed"],
        "available": facts["available"],
    }


def _message(finding: Finding, venues: dict[int, Venue], people: dict[int, Person]) -> str:
    """A finding in words; a venue that keeps another clock than the visit's says so."""
    message = capfirst(_sentence(finding, venues, people))  # "a person is booked twice"
    if "clock" in finding.facts:
        message += " " + _clock_note(_venue(finding.facts["venue"], venues), finding.facts["clock"])
    return message


def _clock_note(venue: str, clock: str) -> str:
    """Said of a venue that keeps another clock than the visit's (a time zone's key)."""
    return _("The days and hours of %(venue)s are in %(clock)s.") % {
        "venue": venue,
        "clock": Visit.CLOCKS.get(clock, clock),
    }


def _sentence(finding: Finding, venues: dict[int, Venue], people: dict[int, Person]) -> str:
    facts = finding.facts
    match finding.kind:
        case Kind.PERSON_DOUBLE_BOOKED:
            return ngettext(
                "%(people)s is booked twice at the same time.",
                "%(people)s are booked twice at the same time.",
                len(facts["people"]),
            ) % {"people": _people(facts["people"], people)}
        case Kind.VENUE_DOUBLE_BOOKED:
            return _("%(venue)s is booked twice at the same time.") % {
                "venue": _venue(facts["venue"], venues)
            }
        # Neither the other appointment nor its time: only its day is the city's to know.
        # One question for all of ours that day, listed with it.
        case Kind.PERSON_BOOKED_UNSEEN if len(finding.bookings) > 1:
            return ngettext(
                "%(people)s has another appointment on %(day)s that this page does not show: "
                "ask whether they are free at these times, the way there and back included.",
                "%(people)s have other appointments on %(day)s that this page does not show: "
                "ask whether they are free at these times, the way there and back included.",
                len(facts["people"]),
            ) % {"people": _people(facts["people"], people), "day": _weekday(facts["day"])}
        case Kind.PERSON_BOOKED_UNSEEN:
            return ngettext(
                "%(people)s has another appointment on %(day)s that this page does not show: "
                "ask whether they are free at this time, the way there and back included.",
                "%(people)s have other appointments on %(day)s that this page does not show: "
                "ask whether they are free at this time, the way there and back included.",
                len(facts["people"]),
            ) % {"people": _people(facts["people"], people), "day": _weekday(facts["day"])}
        case Kind.VENUE_BOOKED_UNSEEN if len(finding.bookings) > 1:
            return _(
                "%(venue)s has another booking on %(day)s that this page does not show: ask "
                "whether it is free at these times."
            ) % {"venue": _venue(facts["venue"], venues), "day": _weekday(facts["day"])}
        case Kind.VENUE_BOOKED_UNSEEN:
            return _(
                "%(venue)s has another booking on %(day)s that this page does not show: ask "
                "whether it is free at this time."
            ) % {"venue": _venue(facts["venue"], venues), "day": _weekday(facts["day"])}
        case Kind.TRAVEL_TOO_SHORT if facts.get("unknown") and facts.get("overlap"):
            return _("The appointment at %(to)s begins before the one at %(from)s ends.") % _way(
                facts, venues
            )
        case Kind.TRAVEL_TOO_SHORT if facts.get("unknown"):
            return _(
                "How long it takes from %(from)s to %(to)s is not known (a venue without "
                "coordinates, no travel time entered): are %(available)d minutes enough?"
            ) % _way(facts, venues)
        case Kind.TRAVEL_TOO_SHORT if facts.get("overlap"):
            return _(
                "The appointment at %(to)s begins before the one at %(from)s ends, and the way "
                "between them takes %(needed)d minutes."
            ) % _way(facts, venues)
        case Kind.TRAVEL_TOO_SHORT:
            return _(
                "From %(from)s to %(to)s takes %(needed)d minutes, but there are only "
                "%(available)d."
            ) % _way(facts, venues)
        case Kind.PERSON_TRAVEL_TOO_SHORT if facts.get("unknown"):
            return _(
                "How long %(person)s's way from %(from)s to %(to)s takes is not known (a venue "
                "without coordinates, no travel time entered): are %(available)d minutes enough?"
            ) % {"person": _person(facts["person"], people), **_way(facts, venues)}
        case Kind.PERSON_TRAVEL_TOO_SHORT:
            return _(
                "%(person)s's way from %(from)s to %(to)s takes %(needed)d minutes, but there "
                "are only %(available)d."
            ) % {"person": _person(facts["person"], people), **_way(facts, venues)}
        case Kind.OUTSIDE_OPENING_HOURS if facts.get("closed"):
            return _("%(venue)s is closed on %(day)s.") % {
                "venue": _venue(facts["venue"], venues),
                "day": _day(facts["day"]),
            }
        case Kind.OUTSIDE_OPENING_HOURS:
            return _("%(venue)s is open on %(day)s only from %(opens)s to %(closes)s.") % {
                "venue": _venue(facts["venue"], venues),
                "day": _day(facts["day"]),
                "opens": _clock(facts["opens"]),
                "closes": _clock(facts["closes"]),
            }
        case Kind.CLOSED_ON_HOLIDAY if finding.severity == Severity.ERROR:
            return _("%(venue)s is closed on %(day)s (%(holiday)s).") % {
                "venue": _venue(facts["venue"], venues),
                "day": _day(facts["day"]),
                "holiday": facts["holiday"],
            }
        case Kind.CLOSED_ON_HOLIDAY if "from" in facts:
            return _(
                "%(holiday)s, a public holiday, begins on the evening of %(day)s at %(from)s: "
                "is %(venue)s open?"
            ) % {
                "holiday": facts["holiday"],
                "day": _day(facts["day"]),
                # The evening of the venue's day, on its clock, which the message then names.
                "from": _time(
                    facts["from"], ZoneInfo(facts["clock"]) if "clock" in facts else None
                ),
                "venue": _venue(facts["venue"], venues),
            }
        case Kind.CLOSED_ON_HOLIDAY:
            return _("%(day)s is a public holiday (%(holiday)s): is %(venue)s open?") % {
                "venue": _venue(facts["venue"], venues),
                "day": _day(facts["day"]),
                "holiday": facts["holiday"],
            }
        case Kind.DURING_REST if "travel_home" in facts:
            return _(
                "%(period)s begins at %(from)s (candle lighting); with %(minutes)d minutes back "
                "to the hotel, the delegation arrives too late."
            ) % {
                "period": facts["period"],
                "from": _time(facts["from"]),
                "minutes": facts["travel_home"],
            }
        case Kind.DURING_REST:
            return _(
                "During %(period)s, from %(from)s (candle lighting) to %(until)s (havdalah)."
            ) % {
                "period": facts["period"],
                "from": full_moment(facts["from"]),
                "until": full_moment(facts["until"]),
            }
        case Kind.DAY_TOO_LONG:
            return _("%(day)s lasts %(length)s; the limit is %(limit)s.") % {
                "day": _day(facts["day"]),
                "length": _hours(facts["minutes"]),
                "limit": _hours(facts["limit"]),
            }
        case Kind.NO_MEAL_BREAK:
            return _no_meal(facts)
        case Kind.RESTRICTED_WITHOUT_LIAISON:
            return _("A restricted appointment that no security liaison has been given.")
    return str(finding.kind)


def _no_meal(facts) -> str:
    """With the time that is free: a shorter break, or lunch on the bus, may do."""
    words = {
        "day": _day(facts["day"]),
        "from": _clock(facts["from"]),
        "until": _clock(facts["until"]),
        "needed": facts["needed"],
        "available": facts["available"],
    }
    if facts["available"]:
        text = ngettext(
            "No meal on %(day)s: between %(from)s and %(until)s there is no meal and no "
            "break of %(needed)d minutes (at most %(available)d minute free).",
            "No meal on %(day)s: between %(from)s and %(until)s there is no meal and no "
            "break of %(needed)d minutes (at most %(available)d minutes free).",
            facts["available"],
        )
    else:
        text = _(
            "No meal on %(day)s: between %(from)s and %(until)s there is no meal and no "
            "break of %(needed)d minutes (not a minute free)."
        )
    return text % words


def explain(checked: Checked, user) -> list[Shown]:
    """The findings in the reader's language, the conflicts first. An appointment is named
    (title, place) only to a reader who may see its details: seeing that it exists is not
    enough for a restricted one of another city's visit."""
    named = {
        pk
        for finding in checked.findings
        for pk in finding.bookings
        if pk not in checked.proposed  # not written yet
    }
    shown = {
        appointment.pk
        for appointment in Appointment.objects.visible_to(user)
        .filter(pk__in=named)
        .prefetch_related("visits", "participants", "hosts", "hosting_organisations", "shares")
        if sees_details(user, appointment)
    }
    # One query for everyone named, not one a finding.
    people = people_named_to(Person.objects.all(), user).in_bulk(
        [pk for finding in checked.findings for pk in _named(finding)]
    )
    about_hours = [f for f in checked.findings if _about_hours(f, checked.venues)]
    answered = _answered({(f.facts["venue"], f.facts["day"]) for f in about_hours}, user)
    return [
        Shown(
            severity=str(finding.severity),
            message=_message(finding, checked.venues, people),
            appointments=[
                checked.appointments[pk] if pk in shown else checked.proposed.get(pk)
                for pk in finding.bookings
            ],
            answer=_answer(finding, checked.venues, answered),
        )
        for finding in sorted(checked.findings, key=lambda f: _SEVERITY_FIRST[f.severity])
    ]


def _named(finding: Finding) -> list:
    """The persons a finding names: one whose way it is, or those booked twice."""
    if "people" in finding.facts:
        return list(finding.facts["people"])
    return [finding.facts["person"]] if "person" in finding.facts else []


# Findings the venue's opening exceptions answer: it opens on a holiday, or that day otherwise.
_ABOUT_HOURS = {Kind.CLOSED_ON_HOLIDAY, Kind.OUTSIDE_OPENING_HOURS}


def _about_hours(finding: Finding, venues: dict[int, Venue]) -> bool:
    return finding.kind in _ABOUT_HOURS and finding.facts.get("venue") in venues


def _answered(asked: set[tuple[int, dt.date]], user) -> set[tuple[int, dt.date]] | None:
    """Of the (venue, date) pairs asked about, those with an exception entered already;
    None for a reader who may not change venues (the directory's rule, as on its pages)."""
    if not can_work_with_directory(user):
        return None
    if not asked:
        return set()
    # One query for all of them, not one a finding or a wish.
    entered = OpeningException.objects.filter(
        venue__in={venue for venue, day in asked}, date__in={day for venue, day in asked}
    ).values_list("venue_id", "date")
    return set(entered) & asked


def _answer(
    finding: Finding, venues: dict[int, Venue], answered: set[tuple[int, dt.date]] | None
) -> Link | None:
    """The venue's exceptions, where the reader enters what it does that day; a day without
    one yet comes with its date and holiday filled in. A day with one is not asked about
    again: a second would be refused, so the link leads to the one entered, listed there to
    be removed first. For a way nobody can work out, the travel times from the venue it
    starts at, with the venue it leads to chosen (the message names both)."""
    if answered is None:
        return None
    if finding.facts.get("unknown") and finding.facts["from_venue"] in venues:
        start = venues[finding.facts["from_venue"]]
        url = reverse("directory:venue_travel", args=[start.pk])
        if finding.facts["to_venue"] in venues:
            url += "?" + urlencode({"to": finding.facts["to_venue"]})
        return Link(url, _("Enter the travel time from %(venue)s") % {"venue": start.name})
    if not _about_hours(finding, venues):
        return None
    venue, day = venues[finding.facts["venue"]], finding.facts["day"]
    url = reverse("directory:venue_exceptions", args=[venue.pk])
    names = {"venue": venue.name, "day": _day(day)}
    if (venue.pk, day) in answered:
        return Link(url, _("See the exception entered for %(venue)s on %(day)s") % names)
    asked = {"date": day.isoformat(), "note": finding.facts.get("holiday", "")}
    if finding.kind == Kind.OUTSIDE_OPENING_HOURS:
        asked["open"] = "1"  # the answer is the hours it keeps that day, not "closed"
    url += "?" + urlencode({name: value for name, value in asked.items() if value})
    return Link(url, _("Enter whether and when %(venue)s opens on %(day)s") % names)


# The conflicts first: a reader who stops after two notes must not miss the one that stops the
# programme. The sort is stable, so each severity keeps the checks' order (by time).
_SEVERITY_FIRST = {Severity.ERROR: 0, Severity.WARNING: 1}


@dataclass(frozen=True)
class Said:
    """A rule in a wish's way, in words, with where the reader answers it (the venue's hours
    on a holiday nobody entered them for)."""

    text: str
    answer: Link | None = None


@dataclass(frozen=True)
class LeftOut:
    """A wish a proposal leaves out, and why: the rule in its way, or after ``lead`` each of
    the rules that leave it no time together."""

    wish: Wish
    said: list[Said]
    lead: str = ""

    @property
    def text(self) -> str:
        return " ".join(part for part in [self.lead, *(s.text for s in self.said)] if part)


@dataclass(frozen=True)
class _Item:
    """One thing a rule names, said alone or among others (after the lead)."""

    alone: str
    among: str
    answer: Link | None = None


@dataclass(frozen=True)
class _Known:
    """What the rules' facts name, read once for a proposal's wishes."""

    visit: Visit
    venues: dict[int, Venue]
    people: dict[int, Person]
    rest: tuple[Period, ...]
    answered: set[tuple[int, dt.date]] | None  # as _answered; None: the reader may not


def explain_left_out(proposal: Proposal, user) -> list[LeftOut]:
    """The wishes a proposal leaves out, each with the rules in its way, in the reader's
    language and on the visit's clock (the current time zone). A proposal made before the
    rules' facts were kept gives its first reason only."""
    wishes = proposal.visit.wishes.in_bulk()
    left_out = [
        (wishes[item["wish"]], item.get("rules") or [{"reason": item["reason"], "facts": {}}])
        for item in proposal.left_out
        if item["wish"] in wishes
    ]
    known = _known(proposal.visit, [rule for _, rules in left_out for rule in rules], user)
    return [_left_out(wish, rules, known) for wish, rules in left_out]


def _known(visit: Visit, rules: list[Rule], user) -> _Known:
    facts = [rule["facts"] for rule in rules]
    # The holidays asked about: whether an exception was entered for one since.
    asked = {
        (rule["facts"]["venue"], dt.date.fromisoformat(day["day"]))
        for rule in rules
        if rule["reason"] == Reason.HOLIDAY
        for day in rule["facts"]["days"]
    }
    # Named where the reader may be told their name, as on the visit page (explain).
    people = people_named_to(Person.objects.all(), user).in_bulk(
        [pk for rule in rules for pk in _busy(rule)]
    )
    return _Known(
        visit=visit,
        venues=Venue.objects.in_bulk({f["venue"] for f in facts if "venue" in f}),
        people=people,
        rest=rest_periods(visit) if any("periods" in f for f in facts) else (),
        answered=_answered(asked, user),
    )


def _busy(rule: Rule) -> list[int]:
    """The people a rule names as busy elsewhere (keys)."""
    match rule["reason"]:
        case Reason.PARTICIPANTS_BUSY:
            return list(rule["facts"].get("people", []))
        case Reason.PARTICIPANTS_BUSY_UNSEEN:
            return [pk for pks in rule["facts"]["days"].values() for pk in pks]
    return []


def _left_out(wish: Wish, rules: list[Rule], known: _Known) -> LeftOut:
    items = [item for rule in rules for item in _items(rule, known)]
    if len(items) == 1:
        return LeftOut(wish, [Said(items[0].alone, items[0].answer)])
    return LeftOut(
        wish,
        [Said(item.among, item.answer) for item in items],
        lead=_("several rules together leave no time for it."),
    )


def _items(rule: Rule, known: _Known) -> list[_Item]:
    facts = rule["facts"]
    match rule["reason"]:
        case Reason.VENUE_CLOSED if facts:
            return [_said(_closed(facts, known))]
        case Reason.OPEN_TOO_SHORT:
            return [_said(_open_too_short(facts, known))]
        case Reason.HOLIDAY:
            return [_holiday(facts["venue"], day, known) for day in facts["days"]]
        case Reason.REST if facts:
            return [_rest(period, known) for period in facts["periods"]]
        case Reason.PARTICIPANTS_BUSY if facts:
            return [_people_busy(facts["people"], known)]
        case Reason.PARTICIPANTS_BUSY_UNSEEN:
            return [_said(_people_busy_on(day, pks, known)) for day, pks in facts["days"].items()]
        case Reason.VENUE_BOOKED:
            return [
                _Item(
                    _("the venue is booked by others at every possible time."),
                    _("The venue is booked by others at some of the times it could take place."),
                )
            ]
        case Reason.VENUE_BOOKED_UNSEEN:
            return [_said(_venue_booked_on(facts["venue"], day, known)) for day in facts["days"]]
    return [_said(str(_LEFT_OUT.get(rule["reason"], rule["reason"])))]


def _said(text: str) -> _Item:
    """The same said alone or among others, as a sentence of its own there ("a person ...")."""
    return _Item(text, capfirst(text))


# Said of a rule as such: those that name nothing, and those of a proposal made before the
# rules' facts were kept.
_LEFT_OUT = {
    Reason.NO_DAY: gettext_lazy("its day is no longer one of the visit's days."),
    Reason.NO_COORDINATES: gettext_lazy(
        "its venue has no coordinates, so travel to it cannot be planned."
    ),
    Reason.NO_TIME: gettext_lazy(
        "its length and hours leave no room for it within the visit's day hours."
    ),
    Reason.VENUE_CLOSED: gettext_lazy("the venue is closed whenever it could take place."),
    Reason.REST: gettext_lazy("it would fall into Shabbat or a holiday the delegation observes."),
    Reason.PARTICIPANTS_BUSY: gettext_lazy(
        "a member of the delegation or a required participant is booked elsewhere, or on "
        "the way there or back, at every time."
    ),
    Reason.TOO_FAR: gettext_lazy(
        "even with nothing else planned, the way from the hotel and back leaves no time "
        "for it on any day it may take place."
    ),
    Reason.NO_GAP: gettext_lazy(
        "the appointments already planned leave no gap long enough for it, travel included."
    ),
    Reason.LONG_DAY: gettext_lazy("it would make its day longer than the visit's longest day."),
    Reason.OUTVALUED: gettext_lazy("it would fit alone, but only in place of wishes worth more."),
}


def _closed(facts: dict, known: _Known) -> str:
    venue = _venue(facts["venue"], known.venues)
    if len(facts["days"]) == 1:
        day = _day(dt.date.fromisoformat(facts["days"][0]))
        return _("%(venue)s is closed on %(day)s.") % {"venue": venue, "day": day}
    return _("%(venue)s is closed on every day it could take place.") % {"venue": venue}


def _open_too_short(facts: dict, known: _Known) -> str:
    """The venue's hours on the wish's day, shorter than the wish or, within the hours it may
    take place, leaving less than it lasts; on several days, the hours it may take place."""
    names = {
        "venue": _venue(facts["venue"], known.venues),
        "minutes": facts["minutes"],
        "from": _clock(dt.time.fromisoformat(facts["from"])),
        "until": _clock(dt.time.fromisoformat(facts["until"])),
    }
    if len(facts["days"]) > 1:
        message = _(
            "On no day it could take place is %(venue)s open for the %(minutes)d minutes "
            "wished between %(from)s and %(until)s."
        )
        return message % names
    ((day, spans),) = facts["days"].items()
    opening = [tuple(map(dt.datetime.fromisoformat, span)) for span in spans]
    names["day"] = _day(dt.date.fromisoformat(day))
    names["hours"] = get_text_list([f"{_time(a)}–{_time(b)}" for a, b in opening], _("and"))
    message = _(
        "%(venue)s is open on %(day)s %(hours)s: between %(from)s and %(until)s, when it may "
        "take place, that leaves less than the %(minutes)d minutes wished."
    )
    if all(b - a < dt.timedelta(minutes=facts["minutes"]) for a, b in opening):
        message = _(
            "%(venue)s is open on %(day)s only %(hours)s, shorter than the %(minutes)d minutes "
            "wished."
        )
    return message % names


def _holiday(venue_pk: int, facts: dict, known: _Known) -> _Item:
    """A holiday the venue gave no hours for, asked as the visit page asks it (with the same
    link to answer), on the venue's own clock, which it names where it is not the visit's."""
    day = dt.date.fromisoformat(facts["day"])
    venue = known.venues.get(venue_pk)
    holiday = holiday_at(venue, dt.date.fromisoformat(facts["holiday"])) if venue else ""
    names = {"venue": _venue(venue_pk, known.venues), "day": _day(day), "holiday": holiday}
    message = _(
        "%(day)s is a public holiday (%(holiday)s), and the hours of %(venue)s that day are not "
        "entered: is it open?"
    )
    if "from" in facts:  # its eve, in Israel
        message = _(
            "%(holiday)s, a public holiday, begins on the evening of %(day)s at %(from)s, and "
            "the hours of %(venue)s that evening are not entered: is it open?"
        )
        names["from"] = _time(dt.datetime.fromisoformat(facts["from"]), ZoneInfo(facts["clock"]))
    text = message % names
    if facts["clock"] != known.visit.time_zone:
        text += " " + _clock_note(names["venue"], facts["clock"])
    asked = {"venue": venue_pk, "day": day, "holiday": holiday}
    finding = Finding(Kind.CLOSED_ON_HOLIDAY, Severity.WARNING, (), asked)
    return _Item(text, text, _answer(finding, known.venues, known.answered))


def _rest(span: list[str], known: _Known) -> _Item:
    """A Shabbat or Yom Tov the wish would fall into, by its name and times now (the proposal
    stored only when, the names being the reader's)."""
    start, end = map(dt.datetime.fromisoformat, span)
    period = next((p for p in known.rest if p.start < end and start < p.end), None)
    if period is None:  # the visit's dates or rules changed since
        return _said(str(_LEFT_OUT[Reason.REST]))
    names = {
        "period": period.name,
        "from": full_moment(period.start),
        "until": full_moment(period.end),
    }
    alone = _(
        "it would fall into %(period)s, which the delegation keeps from %(from)s (candle "
        "lighting) to %(until)s (havdalah)."
    )
    among = _(
        "The delegation keeps %(period)s from %(from)s (candle lighting) to %(until)s (havdalah)."
    )
    return _Item(alone % names, among % names)


def _people_busy(pks: list[int], known: _Known) -> _Item:
    """Who is in the way, never where they are or with whom: another city's appointments
    are not ours to tell."""
    names = {"people": _people(pks, known.people)}
    alone = ngettext(
        "%(people)s is booked elsewhere, or on the way there or back, whenever it could take "
        "place.",
        "%(people)s are booked elsewhere, or on the way there or back, whenever it could take "
        "place.",
        len(pks),
    )
    among = ngettext(
        "%(people)s is booked elsewhere, or on the way there or back, at some of the times "
        "it could take place.",
        "%(people)s are booked elsewhere, or on the way there or back, at some of the times "
        "it could take place.",
        len(pks),
    )
    return _Item(alone % names, capfirst(among % names))


# Another city's appointment keeps the wish off its whole day, wherever in the day it lies:
# its time is not the city's to know, so the wish's time that day is the reader's to find.
def _people_busy_on(day: str, pks: list[int], known: _Known) -> str:
    """Who has another city's appointment on a day the wish could take place, by the day
    only: a dinner at 19:00 leaves the morning free, which the optimiser cannot tell."""
    names = {"people": _people(pks, known.people), "day": _weekday(dt.date.fromisoformat(day))}
    message = ngettext(
        "%(people)s has another appointment on %(day)s whose time this page does not show: "
        "the optimiser leaves that day to you; add it by hand where it fits.",
        "%(people)s have other appointments on %(day)s whose times this page does not show: "
        "the optimiser leaves that day to you; add it by hand where it fits.",
        len(pks),
    )
    return message % names


def _venue_booked_on(venue: int, day: str, known: _Known) -> str:
    names = {"venue": _venue(venue, known.venues), "day": _weekday(dt.date.fromisoformat(day))}
    message = _(
        "%(venue)s has another booking on %(day)s whose time this page does not show: the "
        "optimiser leaves that day to you; add it by hand where it fits."
    )
    return message % names


def explain_failure(failure: dict) -> str:
    reason = failure.get("reason")
    if reason == "no_coordinates":
        venue = Venue.objects.filter(pk=failure.get("venue")).first()
        return _("%(venue)s has no coordinates, so travel to it cannot be planned.") % {
            "venue": venue.name if venue else _("a venue")
        }
    if reason == "no_hotel":
        return _("Give the visit's hotel first: each day starts and ends there.")
    if reason == "internal":
        return _(
            "The search stopped because of an error on our side; nothing was changed. Please "
            "ask again, and tell the administrators if it happens again."
        )
    if reason == "stalled":
        return _(
            "The search has not been heard of for a while: its worker may have been stopped. "
            "Nothing was changed. Please ask again."
        )
    if reason == "fixed_clash":
        return _(
            "The appointments already planned cannot all be kept as they are (see the checks "
            "on the visit page): resolve those first."
        )
    return _("The wish list cannot be planned as it stands.")
