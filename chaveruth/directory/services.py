"""Every write to the directory: organisations, people, affiliations, venues, topics.

Views, admin actions, the demo loader and (later) the API and importers call these; the audit
trail records each change (django-auditlog, with the signed-in user as actor).
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chaveruth.directory.models import (
    Affiliation,
    OpeningException,
    OpeningHours,
    Organisation,
    Person,
    Topic,
    TravelTime,
    Venue,
)
from chaveruth.lib.records import (
    Fields,
    Translated,
    changed_meanwhile,
    fingerprint,
    lock_row,
    per_language,
    refuse_if_changed,
    save_valid,
)
from chaveruth.visits.models import Visit


def create_topic(*, slug: str, fields: Fields, parent: Topic | None = None) -> Topic:
    return save_valid(Topic(slug=slug, parent=parent), fields)


def _check_not_duplicate(organisation: Organisation) -> None:
    """The same name, in any language, in the same place is the same organisation.

    A part of the place (country, city) that either side leaves out counts as the same: "WERK X"
    with no city is the "WERK X" in Bochum, not a second one, and someone entering it is told
    where the first is. Only a country or city known on both sides and different keeps two
    organisations of one name apart: the "Stadtwerke" of Bochum and those of Herne. The region
    is left out of the rule, as it is written in many ways ("NRW", "Nordrhein-Westfalen").
    """
    names = {
        value.strip()
        for value in (organisation.name_de, organisation.name_en, organisation.name_he)
        if value and value.strip()
    }
    if not names:
        return  # the name's own validation refuses a missing name; nothing to compare
    same_name = Q()
    for name in names:
        same_name |= Q(name_de__iexact=name) | Q(name_en__iexact=name) | Q(name_he__iexact=name)
    duplicates = Organisation.objects.filter(same_name, _same_place(organisation))
    # With no city, several may match (the Stadtwerke of two cities): name the first entered.
    existing = duplicates.exclude(pk=organisation.pk).order_by("pk").first()
    if existing is None:
        return
    if existing.place:
        message = _("%(name)s already exists in %(place)s.") % {
            "name": existing.name,
            "place": existing.place,
        }
    else:
        message = _("%(name)s already exists.") % {"name": existing.name}
    raise ValidationError({"name_de": message})


def _same_place(organisation: Organisation) -> Q:
    """Organisations whose country and city match ``organisation``'s or are not given."""
    same = Q()
    if organisation.country:
        same &= Q(country="") | Q(country=organisation.country)
    city = (organisation.city or "").strip()
    if city:
        same &= Q(city="") | Q(city__iexact=city)
    return same


@transaction.atomic
def create_organisation(*, fields: Fields, topics: Iterable[Topic] = ()) -> Organisation:
    organisation = Organisation(**fields)
    _check_not_duplicate(organisation)
    save_valid(organisation)
    organisation.topics.set(topics)
    return organisation


@transaction.atomic
def update_organisation(
    *,
    organisation: Organisation,
    fields: Fields,
    topics: Iterable[Topic] | None = None,
    seen_version: str | None = None,
) -> Organisation:
    """Written on the organisation as stored, under its lock, ``organisation`` brought up to
    date too; ``seen_version``: the version an edit form was drawn with (a change made since
    is refused, ``refuse_if_changed``)."""
    stored = lock_row(organisation)
    refuse_if_changed(stored, seen_version)
    for name, value in fields.items():
        setattr(stored, name, value)
    _check_not_duplicate(stored)
    save_valid(stored)
    if topics is not None:
        stored.topics.set(topics)
    organisation.refresh_from_db()
    return stored


def create_person(*, fields: Fields) -> Person:
    return save_valid(Person(), fields)


@transaction.atomic
def update_person(*, person: Person, fields: Fields, seen_version: str | None = None) -> Person:
    """Correct a person's record; an erased one stays erased (its name is not entered again).
    Written and checked as ``update_organisation`` does."""
    # As stored and locked: a form read before the erasure must not undo it.
    stored = lock_row(person)
    if stored.erased_at is not None:
        raise ValidationError(_("This person's data was erased: the record cannot be changed."))
    refuse_if_changed(stored, seen_version)
    save_valid(stored, fields)
    person.refresh_from_db()
    return stored


def add_affiliation(
    *,
    person: Person,
    organisation: Organisation,
    function: Translated,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Affiliation:
    """Record a function, e.g. ``function={"de": "Oberbürgermeister", "en": "Lord Mayor"}``."""
    affiliation = Affiliation(person=person, organisation=organisation, start=start, end=end)
    return save_valid(affiliation, per_language("function", function))


def create_venue(*, organisation: Organisation, fields: Fields) -> Venue:
    return save_valid(Venue(organisation=organisation), fields)


@transaction.atomic
def update_venue(*, venue: Venue, fields: Fields, seen_version: str | None = None) -> Venue:
    """Written and checked as ``update_organisation`` does (the invented values' marks stay
    as ``set_opening_hours`` left them). A hotel is not moved to another country's clock
    while a visit not yet over stays there (``_refuse_another_clock``)."""
    stored = lock_row(venue)
    refuse_if_changed(stored, seen_version)
    _refuse_another_clock(stored, fields.get("country", stored.country))
    save_valid(stored, fields)
    venue.refresh_from_db()
    return stored


def _refuse_another_clock(hotel: Venue, country: str) -> None:
    """A hotel in Germany or Israel sets the clock of the visits staying there
    (``Visit.check_clock_of_hotel``). Refused rather than moving their programmes to the new
    clock: they may be other cities' visits, which are theirs to change. A visit over or
    cancelled is left as it is: its programme is no longer planned."""
    zone = Visit.ZONE_OF_COUNTRY.get(country)
    if zone is None or country == hotel.country:
        return  # no clock to keep to, or none changed: visits stored at odds stay editable
    staying = (
        Visit.objects.filter(hotel=hotel, end_date__gte=timezone.localdate())
        .exclude(status=Visit.Status.CANCELLED)
        .exclude(time_zone=zone)
        .count()
    )
    if staying:
        message = ngettext(
            "%(count)d visit not yet over stays at this hotel on another country's clock. "
            "First take the hotel off that visit and change its time zone; choose the hotel "
            "again once it is moved.",
            "%(count)d visits not yet over stay at this hotel on another country's clock. "
            "First take the hotel off those visits and change their time zones; choose the "
            "hotel again once it is moved.",
            staying,
        )
        raise ValidationError({"country": message % {"count": staying}})


Week = Iterable[tuple[int, dt.time, dt.time]]


def week_fingerprint(hours: Week) -> str:
    """A week as a short text that two equal weeks share, whatever the order of their rows:
    what a form showed, to be compared with what is stored when it is saved."""
    return fingerprint(sorted(hours))


def stored_week(venue: Venue) -> list[tuple[int, dt.time, dt.time]]:
    return list(venue.opening_hours.values_list("weekday", "opens", "closes"))


@transaction.atomic
def set_opening_hours(
    *, venue: Venue, hours: Week, sample: bool = False, seen: str | None = None
) -> list[OpeningHours]:
    """Replace a venue's weekly hours with ``(weekday, opens, closes)`` rows (Monday = 0).

    Every row is checked before the old week is deleted, so a refused week leaves the old one
    as it was. Two rows of one weekday that overlap are refused: see ``check_no_overlap``.
    Hours entered by someone who knows them are no longer sample data; the demo's invented
    ones are (``sample``). ``seen`` is the ``week_fingerprint`` of the week a form showed: a
    week changed since (in another tab, by a colleague) is refused rather than replaced by one
    typed over the old week, which would undo that change unseen (as an edit of a record is,
    ``records.refuse_if_changed``).
    """
    rows = [
        OpeningHours(venue=venue, weekday=weekday, opens=opens, closes=closes)
        for weekday, opens, closes in hours
    ]
    for row in rows:
        row.full_clean()
    check_no_overlap(rows)
    # Two saves at once would each delete the old week and both insert theirs: one waits,
    # then marks the venue as the other left it.
    locked = Venue.objects.select_for_update().get(pk=venue.pk)
    # Compared under the lock: a save that waited for it sees the week the other one wrote.
    if seen is not None and seen != (now := week_fingerprint(stored_week(locked))):
        raise changed_meanwhile(now)
    locked.opening_hours.all().delete()
    for row in rows:
        row.save()
    _mark_sample(locked, "opening_hours", sample)
    venue.sample_fields = locked.sample_fields
    return rows


def _mark_sample(record: Venue, field: str, sample: bool) -> None:
    """Add ``field`` to the record's invented fields, or take it off them."""
    marks = [name for name in record.sample_fields if name != field] + ([field] if sample else [])
    if set(marks) != set(record.sample_fields):  # not rewritten only to reorder the marks
        record.sample_fields = marks
        record.save(update_fields=["sample_fields"])


def _until(closes: dt.time) -> dt.time:
    """00:00 as a closing time is midnight, the end of the day (as the model's constraint)."""
    return dt.time.max if closes == dt.time(0) else closes


def check_no_overlap(rows: list[OpeningHours]) -> None:
    """Refuse intervals of one weekday that overlap: the week would say two things about the
    same hour (often a typing slip, 13:00 for 15:00). Touching ones, 09:00–12:00 and
    12:00–18:00, are split hours that the checks join, and pass.

    Each error names the later row of the two by its position in ``rows`` in
    ``params["row"]``, so that a form can show it beside that row.
    """
    errors = []
    order = sorted(range(len(rows)), key=lambda i: (rows[i].weekday, rows[i].opens))
    furthest: OpeningHours | None = None  # of the day's rows so far, the one closing last
    for position in order:
        row = rows[position]
        if furthest is None or furthest.weekday != row.weekday:
            furthest = row
            continue
        if row.opens < _until(furthest.closes):
            errors.append(_overlap_error(row, furthest, position))
        if _until(row.closes) > _until(furthest.closes):
            furthest = row
    if errors:
        raise ValidationError(errors)


def _overlap_error(row: OpeningHours, other: OpeningHours, position: int) -> ValidationError:
    return ValidationError(
        _(
            "On %(weekday)s, %(opens)s–%(closes)s overlaps %(other_opens)s–%(other_closes)s: "
            "join them in one row, or correct one."
        ),
        code="overlap",
        params={
            "weekday": row.get_weekday_display(),
            "opens": f"{row.opens:%H:%M}",
            "closes": f"{row.closes:%H:%M}",
            "other_opens": f"{other.opens:%H:%M}",
            "other_closes": f"{other.closes:%H:%M}",
            "row": position,
        },
    )


def enter_travel_time(
    *, origin: Venue, destination: Venue, minutes: int | None, fields: Fields | None = None
) -> TravelTime | None:
    """Record how long it takes from one venue to another, replacing any earlier entry;
    without minutes, forget the entry (the estimate from coordinates applies again)."""
    entered = TravelTime.objects.filter(origin=origin, destination=destination).first()
    if minutes is None:
        if entered is not None:
            entered.delete()
        return None
    record = entered or TravelTime(origin=origin, destination=destination)
    return save_valid(record, {"minutes": minutes, **(fields or {})})


def add_opening_exception(*, venue: Venue, date: dt.date, fields: Fields) -> OpeningException:
    """Record what the venue does on one date; a date has one answer, so a second is refused
    (beside the date) rather than left to the unique constraint."""
    if venue.opening_exceptions.filter(date=date).exists():
        raise _exception_exists(venue, date)
    try:
        with transaction.atomic():
            return save_valid(OpeningException(venue=venue, date=date), fields)
    except IntegrityError:  # entered by someone else since the question above
        raise _exception_exists(venue, date) from None


def _exception_exists(venue: Venue, date: dt.date) -> ValidationError:
    message = _("%(venue)s already has an exception on %(date)s: remove it to enter another.")
    return ValidationError(
        {
            "date": message
            % {"venue": venue.name, "date": formats.date_format(date, "SHORT_DATE_FORMAT")}
        }
    )


def remove_opening_exception(*, exception: OpeningException) -> None:
    """Forget an exception: on that date the weekly hours apply again (and a public holiday is
    a question again)."""
    exception.delete()
