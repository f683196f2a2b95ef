"""Small builders for test records, written through the services like everything else.

Everyone here is obviously invented (family name "Beispiel").
"""

import datetime as dt
from zoneinfo import ZoneInfo

from chaveruth.directory import services as directory
from chaveruth.directory.models import Organisation
from chaveruth.partnerships import services as partnerships
from chaveruth.visits import services as visits

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(
    year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


def municipality(name: str = "Musterstadt", city: str = "Musterstadt"):
    return directory.create_organisation(
        fields={
            "name_de": name,
            "kind": Organisation.Kind.MUNICIPALITY,
            "country": "DE",
            "city": city,
        }
    )


def organisation(name: str, kind: str = Organisation.Kind.NGO, country: str = "IL", city: str = ""):
    return directory.create_organisation(
        fields={"name_de": name, "kind": kind, "country": country, "city": city}
    )


def person(given: str = "Noa", family: str = "Beispiel", **fields):
    return directory.create_person(fields={"given_name": given, "family_name": family, **fields})


def partnership(programme, host, partner, number: int = 1, topics=()):
    """``host`` and ``partner``'s municipal partnership, named by its ``number``."""
    return partnerships.create_partnership(
        programme=programme,
        organisations=[host, partner],
        fields={"name_de": f"Partnerschaft {number}", "kind": "municipal", "owner": host},
        topics=topics,
    )


def project(programme, number: int, partners=(), topics=(), **fields):
    """A running project, named by its ``number``."""
    return partnerships.create_project(
        programme=programme,
        fields={
            "number": number,
            "title_de": f"Projekt {number}",
            "kind": "other",
            "status": "running",
            **fields,
        },
        partners=partners,
        topics=topics,
    )


def programme(slug: str = "beispiel"):
    return partnerships.create_programme(slug=slug, fields={"name_de": "Beispielprogramm"})


def venue(owner, name: str = "Rathaus Musterstadt", **fields):
    return directory.create_venue(
        organisation=owner,
        fields={"name_de": name, "city": "Musterstadt", "country": "DE", **fields},
    )


def visit(programme, host, start=dt.date(2025, 1, 19), end=dt.date(2025, 1, 23), **fields):
    return visits.create_visit(
        programme=programme,
        host_municipality=host,
        fields={
            "title_de": "Beispieldelegation",
            "direction": "incoming",
            "origin_country": "IL",
            "start_date": start,
            "end_date": end,
            **fields,
        },
    )


def appointment(
    visit, start, end, title="Empfang", venue=None, participants=(), kind="reception", **fields
):
    return visits.add_appointment(
        visits=[visit],
        venue=venue,
        participants=participants,
        fields={"kind": kind, "title_de": title, "start": start, "end": end, **fields},
    )
