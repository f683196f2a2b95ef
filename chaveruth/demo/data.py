"""The facts of the Bochum 2025 scenario (scenarios/bochum-2025.md), as plain data.

``scenario.py`` writes them through the services. Stated facts are exact; invented ones are
named in each record's ``sample_fields``.
"""

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from chaveruth.directory.models import Organisation
from chaveruth.partnerships.models import Partnership, Project
from chaveruth.visits.models import Appointment, Delegate

PROGRAMME_SLUG = "schalom-chaveruth"
BERLIN = ZoneInfo("Europe/Berlin")
STATUS_AS_OF = dt.date(2025, 2, 1)
SOURCE = "Pressemitteilung der Stadt Bochum, Anfang 2025"

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "chaveruth-demo"

# One login per role (password DEMO_PASSWORD): username, role, what it is scoped to, what it shows.
# Scopes name an organisation key, or "person:<given name>" for a delegate of visit A.
DEMO_ROLES: list[tuple[str, str, str | None, str]] = [
    ("programm", "programme_office", None, "programme office: reads all municipalities"),
    ("bochum", "city_coordinator", "bochum", "city coordinator of Stadt Bochum: plans both visits"),
    ("werkx", "partner_host", "werkx", "partner host WERK X: the appointment it hosts"),
    ("delegation", "delegate", "person:Noa", "delegate Noa Beispiel: her own programme"),
    ("sicherheit", "security_liaison", "bochum", "security liaison for Bochum: the one shared"),
]

TIMES = ["start", "end"]
ADDRESS = ["street", "postcode", "latitude", "longitude", "capacity"]


def _t(de: str, en: str, he: str = "") -> dict[str, str]:
    """A text in German and English, and in Hebrew where delegates read it."""
    return {"de": de, "en": en, "he": he} if he else {"de": de, "en": en}


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A local time in Bochum in January 2025, when both visits took place."""
    return dt.datetime(2025, 1, day, hour, minute, tzinfo=BERLIN)


# --- Topics: slug, broader topic, name ---------------------------------------------------------

TOPICS: list[tuple[str, str | None, dict[str, str]]] = [
    (
        "civil-protection",
        None,
        _t(
            "Bevölkerungsschutz / Katastrophenschutz",
            "Civil protection / disaster management",
            "הגנה אזרחית / ניהול אסונות",
        ),
    ),
    (
        "water-resilience",
        None,
        _t("Wasserresilienz", "Water resilience", "חוסן מים"),
    ),
    (
        "water-sensitive-urban-planning",
        "water-resilience",
        _t(
            "Wassersensible Stadtplanung",
            "Water-sensitive urban planning",
            "תכנון עירוני רגיש למים",
        ),
    ),
    ("entrepreneurship", None, _t("Unternehmertum", "Entrepreneurship", "יזמות")),
    (
        "health-economy",
        None,
        _t("Gesundheitswirtschaft", "Health economy", "כלכלת בריאות"),
    ),
    (
        "mental-health",
        None,
        _t("Psychische Gesundheit", "Mental health", "בריאות הנפש"),
    ),
    (
        "culture-and-remembrance",
        None,
        _t("Kultur und Erinnerung", "Culture and remembrance", "תרבות וזיכרון"),
    ),
]

# --- Organisations: the scenario's table, in its order ------------------------------------------
# Places only as far as the table gives them ("Bochum, DE"; JADDE has none).

ORGANISATIONS: dict[str, dict[str, Any]] = {
    "bochum": {
        "name": _t("Stadt Bochum", "City of Bochum", "עיריית בוכום"),
        "kind": Organisation.Kind.MUNICIPALITY,
        "country": "DE",
        "region": "NRW",
        "city": "Bochum",
    },
    "staatskanzlei": {
        "name": _t(
            "Staatskanzlei NRW", "State Chancellery NRW", "קנצלריית המדינה של נורדריין-וסטפליה"
        ),
        "kind": Organisation.Kind.STATE_GOVERNMENT,
        "country": "DE",
        "region": "NRW",
        "city": "Düsseldorf",
    },
    "sapir": {
        "name": _t(
            "Sapir College (Entrepreneurship Center)",
            "Sapir College (Entrepreneurship Center)",
            "המכללה האקדמית ספיר (מרכז היזמות)",
        ),
        "short_name": "Sapir College",
        "kind": Organisation.Kind.COLLEGE,
        "country": "IL",
        "city": "Sderot",
        "topics": ["entrepreneurship"],
    },
    "tech7": {
        "name": _t("Tech7", "Tech7", "Tech7"),
        "kind": Organisation.Kind.INNOVATION,
        "country": "IL",
        "topics": ["civil-protection"],
    },
    "jadde": {
        "name": _t("JADDE", "JADDE", "JADDE"),
        "kind": Organisation.Kind.OTHER,
        "topics": ["civil-protection"],
    },
    "thga": {
        "name": _t(
            "Technische Hochschule Georg Agricola",
            "Technische Hochschule Georg Agricola",
            "האוניברסיטה הטכנית גאורג אגריקולה",
        ),
        "short_name": "THGA",
        "kind": Organisation.Kind.UNIVERSITY,
        "country": "DE",
        "city": "Bochum",
        "topics": ["water-resilience", "water-sensitive-urban-planning"],
    },
    "weg": {
        "name": _t(
            "Bochum Wirtschaftsentwicklungsgesellschaft",
            "Bochum Economic Development Agency",
            "החברה לפיתוח כלכלי של בוכום",
        ),
        "short_name": "WEG",
        "kind": Organisation.Kind.ECONOMIC_DEVELOPMENT,
        "country": "DE",
        "city": "Bochum",
        "topics": ["health-economy"],
    },
    "gesundheitscampus": {
        "name": _t("Gesundheitscampus Bochum", "Health Campus Bochum", "קמפוס הבריאות בוכום"),
        "kind": Organisation.Kind.HEALTH_CAMPUS,
        "country": "DE",
        "city": "Bochum",
        "topics": ["health-economy"],
    },
    "werkx": {
        "name": _t("WERK X", "WERK X", "WERK X"),
        "kind": Organisation.Kind.STARTUP_HUB,
        "country": "DE",
        "city": "Bochum",
        "topics": ["entrepreneurship"],
    },
    "itc": {
        "name": _t(
            "Israel Trauma Coalition", "Israel Trauma Coalition", "הקואליציה הישראלית לטראומה"
        ),
        "short_name": "ITC",
        "kind": Organisation.Kind.NGO,
        "country": "IL",
        "topics": ["mental-health"],
    },
    "dzpg": {
        "name": _t(
            "Deutsches Zentrum für Psychische Gesundheit",
            "German Center for Mental Health",
            "המרכז הגרמני לבריאות הנפש",
        ),
        "short_name": "DZPG",
        "kind": Organisation.Kind.RESEARCH_CENTRE,
        "country": "DE",
        "city": "Bochum",
        "topics": ["mental-health"],
    },
    "jewish_community": {
        "name": _t(
            "Jüdische Gemeinde Bochum", "Jewish Community of Bochum", "הקהילה היהודית בבוכום"
        ),
        "description": _t(
            "Die Jüdische Gemeinde Bochum mit ihrer Synagoge.",
            "The Jewish community of Bochum, with its synagogue.",
        ),
        "kind": Organisation.Kind.JEWISH_COMMUNITY,
        "country": "DE",
        "city": "Bochum",
        "topics": ["culture-and-remembrance"],
    },
    "mining_museum": {
        "name": _t("Deutsches Bergbau-Museum", "German Mining Museum", "מוזיאון הכרייה הגרמני"),
        "kind": Organisation.Kind.MUSEUM,
        "country": "DE",
        "city": "Bochum",
        "topics": ["culture-and-remembrance"],
    },
}

# --- The two public figures and their functions ------------------------------------------------

PUBLIC_FIGURES: dict[str, dict[str, Any]] = {
    "liminski": {
        "given_name": "Nathanael",
        "family_name": "Liminski",
        "organisation": "staatskanzlei",
        "function": _t(
            "Minister für Bundes- und Europaangelegenheiten des Landes NRW",
            "Minister for Federal and European Affairs of NRW",
            "השר לענייני הפדרציה ואירופה של נורדריין-וסטפליה",
        ),
    },
    "eiskirch": {
        "given_name": "Thomas",
        "family_name": "Eiskirch",
        "organisation": "bochum",
        "function": _t(
            "Oberbürgermeister der Stadt Bochum", "Lord Mayor of Bochum", "ראש העיר בוכום"
        ),
    },
}

# --- Venues: addresses, coordinates and capacities are not in the source ------------------------

VENUES: dict[str, dict[str, Any]] = {
    "town_hall": {
        "organisation": "bochum",
        "name": _t("Rathaus Bochum", "Bochum Town Hall", "בניין העירייה של בוכום"),
        "street": "Willy-Brandt-Platz 2–6",
        "postcode": "44787",
        "city": "Bochum",
        "latitude": "51.481900",
        "longitude": "7.215800",
        "capacity": 120,
    },
    "state_chancellery": {
        "organisation": "staatskanzlei",
        "name": _t(
            "Staatskanzlei NRW", "State Chancellery NRW", "קנצלריית המדינה של נורדריין-וסטפליה"
        ),
        "street": "Horionplatz 1",
        "postcode": "40213",
        "city": "Düsseldorf",
        "latitude": "51.218600",
        "longitude": "6.767900",
        "capacity": 80,
    },
    "health_campus": {
        "organisation": "gesundheitscampus",
        "name": _t("Gesundheitscampus Bochum", "Health Campus Bochum", "קמפוס הבריאות בוכום"),
        "street": "Gesundheitscampus 10",
        "postcode": "44801",
        "city": "Bochum",
        "latitude": "51.449700",
        "longitude": "7.254500",
        "capacity": 60,
    },
    "werkx": {
        "organisation": "werkx",
        "name": _t("WERK X", "WERK X", "WERK X"),
        "street": "Kortumstraße",
        "postcode": "44787",
        "city": "Bochum",
        "latitude": "51.479700",
        "longitude": "7.219000",
        "capacity": 40,
    },
    "synagogue": {
        "organisation": "jewish_community",
        "name": _t("Synagoge Bochum", "Bochum Synagogue", "בית הכנסת בבוכום"),
        "street": "Erich-Mendel-Platz 1",
        "postcode": "44791",
        "city": "Bochum",
        "latitude": "51.487700",
        "longitude": "7.229200",
        "capacity": 30,
    },
    "mining_museum": {
        "organisation": "mining_museum",
        "name": _t("Deutsches Bergbau-Museum", "German Mining Museum", "מוזיאון הכרייה הגרמני"),
        "street": "Am Bergbaumuseum 28",
        "postcode": "44791",
        "city": "Bochum",
        "latitude": "51.489100",
        "longitude": "7.217200",
        "capacity": 50,
        # Tuesday to Sunday, 09:30-17:30 (Monday = 0).
        "opening_hours": [(day, dt.time(9, 30), dt.time(17, 30)) for day in range(1, 7)],
    },
    "dzpg": {
        "organisation": "dzpg",
        "name": _t("DZPG", "DZPG", "DZPG"),
        "street": "Massenbergstraße 9–13",
        "postcode": "44787",
        "city": "Bochum",
        "latitude": "51.478300",
        "longitude": "7.223000",
        "capacity": 25,
    },
    "thga": {
        "organisation": "thga",
        "name": _t("THGA-Campus", "THGA campus", "קמפוס THGA"),
        "street": "Herner Straße 45",
        "postcode": "44787",
        "city": "Bochum",
        "latitude": "51.487100",
        "longitude": "7.212600",
        "capacity": 100,
    },
    # An invented hotel. A venue must belong to an organisation and the scenario names no hotel,
    # so it is filed under the host city that books it.
    "hotel": {
        "organisation": "bochum",
        "name": _t("Beispielhotel Bochum", "Sample Hotel Bochum", "מלון לדוגמה בוכום"),
        "street": "Beispielstraße 1",
        "postcode": "44787",
        "city": "Bochum",
        "latitude": "51.478900",
        "longitude": "7.223300",
        "capacity": 60,
        "sample_fields": ["*"],
    },
}

# --- The programme ------------------------------------------------------------------------------

PROGRAMME: dict[str, Any] = {
    "name": _t(
        "Schalom – Chaveruth: Solidaritätspartnerschaften NRW-Israel",
        "Schalom – Chaveruth: NRW-Israel solidarity partnerships",
        "שלום – חברות: שותפויות סולידריות נורדריין-וסטפליה–ישראל",
    ),
    "short_name": "Schalom – Chaveruth",
    "description": {
        "de": "Ein Landesprogramm Nordrhein-Westfalens, geführt von der Staatskanzlei in "
        "Düsseldorf. Es wurde nach dem Angriff der Hamas am 7. Oktober 2023 gestartet.",
        "en": "A state programme of North Rhine-Westphalia, run from the State Chancellery in "
        "Düsseldorf. It started after the Hamas attack of 7 October 2023.",
        "he": "תוכנית של מדינת נורדריין-וסטפליה בניהול קנצלריית המדינה בדיסלדורף. "
        "התוכנית הושקה לאחר מתקפת חמאס ב-7 באוקטובר 2023.",
    },
    "purpose": {
        "de": "Partnerschaften zwischen Kommunen und zivilgesellschaftlichen Akteuren in NRW und "
        "in Israel.",
        "en": "Partnerships between municipalities and civil-society actors in NRW and in Israel.",
        "he": "שותפויות בין רשויות מקומיות וגורמי חברה אזרחית בנורדריין-וסטפליה ובישראל.",
    },
}

# --- Partnerships: the source does not group the organisations; this grouping is invented -------

PARTNERSHIP_SAMPLE = ["name", "organisations", "kind", "status", "since", "topics"]

PARTNERSHIPS: dict[str, dict[str, Any]] = {
    "sapir": {
        "name": _t(
            "Bochum – Sapir College: Unternehmertum", "Bochum – Sapir College: entrepreneurship"
        ),
        "kind": Partnership.Kind.ACADEMIC,
        "since": dt.date(2024, 3, 1),
        "organisations": ["bochum", "sapir"],
        "topics": ["entrepreneurship"],
    },
    "civil_protection": {
        "name": _t(
            "Bevölkerungsschutz und Wasserresilienz", "Civil protection and water resilience"
        ),
        "kind": Partnership.Kind.CIVIL_SOCIETY,
        "since": dt.date(2024, 3, 1),
        "organisations": ["bochum", "tech7", "jadde", "thga"],
        "topics": ["civil-protection", "water-resilience", "water-sensitive-urban-planning"],
    },
    "health_economy": {
        "name": _t("Gesundheitswirtschaft", "Health economy"),
        "kind": Partnership.Kind.ECONOMIC,
        "since": dt.date(2024, 9, 1),
        "organisations": ["bochum", "weg", "gesundheitscampus", "werkx"],
        "topics": ["health-economy", "entrepreneurship"],
    },
    "mental_health": {
        "name": _t("Psychische Gesundheit", "Mental health"),
        "kind": Partnership.Kind.CIVIL_SOCIETY,
        "since": dt.date(2024, 9, 1),
        "organisations": ["bochum", "itc", "dzpg"],
        "topics": ["mental-health"],
    },
}

# --- Projects, in the scenario's order; status as of February 2025 ------------------------------
# Partners as the scenario implies: the city leads what it runs, WEG leads project 4.

LEAD, PARTNER = "lead", "partner"

PROJECTS: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": {
            "de": "Unterstützung beim Wiederaufbau des Entrepreneurship Centers am Sapir College, "
            "Sderot",
            "en": "Support for rebuilding the Entrepreneurship Center at Sapir College, Sderot",
            "he": "תמיכה בשיקום מרכז היזמות במכללה האקדמית ספיר, שדרות",
        },
        "description": _t(
            "Eines der ersten Projekte, die Bochum im Programm abgeschlossen hat.",
            "One of the first projects Bochum completed in the programme.",
        ),
        "kind": Project.Kind.RECONSTRUCTION,
        "status": Project.Status.COMPLETED,
        "partnership": "sapir",
        "partners": [("bochum", LEAD), ("sapir", PARTNER)],
        "topics": ["entrepreneurship"],
        "budget_eur": Decimal("60000.00"),
        "funding_eur": Decimal("50000.00"),
        "sample_fields": ["partnership", "budget_eur", "funding_eur"],
    },
    {
        "number": 2,
        "title": {
            "de": "Zwei Hackathons zu Herausforderungen des Bevölkerungs- und "
            "Katastrophenschutzes in NRW und Israel",
            "en": "Two hackathons on civil-protection / disaster-management challenges in NRW "
            "and Israel",
            "he": "שני האקתונים על אתגרי הגנה אזרחית וניהול אסונות בנורדריין-וסטפליה ובישראל",
        },
        "description": _t("Organisiert mit Tech7 und JADDE.", "Organised with Tech7 and JADDE."),
        "kind": Project.Kind.HACKATHON,
        "status": Project.Status.COMPLETED,
        "start": dt.date(2024, 5, 14),
        "end": dt.date(2024, 9, 11),
        "partnership": "civil_protection",
        "partners": [("bochum", LEAD), ("tech7", PARTNER), ("jadde", PARTNER)],
        "topics": ["civil-protection"],
        "budget_eur": Decimal("30000.00"),
        "funding_eur": Decimal("27000.00"),
        "sample_fields": ["partnership", "start", "end", "budget_eur", "funding_eur"],
    },
    {
        "number": 3,
        "title": _t(
            "Die zwei Seiten der Wasserresilienz",
            "The two sides of water resilience",
            "שני הצדדים של חוסן המים",
        ),
        "description": {
            "de": "Baut auf den Hackathons auf: Mit der THGA entwickeln Studierende Lösungen für "
            "wassersensible Stadtplanung.",
            "en": "Builds on the hackathons: with THGA, students develop solutions for "
            "water-sensitive urban planning.",
        },
        "kind": Project.Kind.STUDENT_PROJECT,
        "status": Project.Status.RUNNING,
        "builds_on": 2,
        "partnership": "civil_protection",
        "partners": [("bochum", LEAD), ("thga", PARTNER)],
        "topics": ["water-resilience", "water-sensitive-urban-planning"],
        "budget_eur": Decimal("40000.00"),
        "funding_eur": Decimal("36000.00"),
        "sample_fields": ["partnership", "budget_eur", "funding_eur"],
    },
    {
        "number": 4,
        "title": {
            "de": "Wirtschaftlicher Austausch mit israelischen Innovatoren, Schwerpunkt "
            "Gesundheitswirtschaft",
            "en": "Economic exchange with Israeli innovators, focus on the health economy",
            "he": "חילופים כלכליים עם חדשנים ישראלים, בדגש על כלכלת הבריאות",
        },
        "description": _t("Geleitet von der WEG.", "Led by WEG."),
        "kind": Project.Kind.ECONOMIC_EXCHANGE,
        "status": Project.Status.RUNNING,
        "partnership": "health_economy",
        "partners": [("weg", LEAD), ("bochum", PARTNER)],
        "topics": ["health-economy"],
        "sample_fields": ["partnership"],
    },
    {
        "number": 5,
        "title": _t(
            "Fachaustausch zu psychischer Gesundheit: Israel Trauma Coalition mit dem DZPG",
            "Mental-health professional exchange: Israel Trauma Coalition with DZPG",
            "חילופי אנשי מקצוע בתחום בריאות הנפש: הקואליציה הישראלית לטראומה עם DZPG",
        ),
        "kind": Project.Kind.PROFESSIONAL_EXCHANGE,
        "status": Project.Status.RUNNING,
        "partnership": "mental_health",
        "partners": [("bochum", LEAD), ("itc", PARTNER), ("dzpg", PARTNER)],
        "topics": ["mental-health"],
        "sample_fields": ["partnership"],
    },
]

# The source says two hackathons took place; when, where and how many took part is invented.
HACKATHONS: list[dict[str, Any]] = [
    {
        "title": _t(
            "Erster Hackathon: Bevölkerungs- und Katastrophenschutz",
            "First hackathon: civil protection and disaster management",
        ),
        "start": dt.date(2024, 5, 14),
        "end": dt.date(2024, 5, 15),
        "place": "Bochum",
        "teams": 8,
        "participants": 42,
    },
    {
        "title": _t(
            "Zweiter Hackathon: Bevölkerungs- und Katastrophenschutz",
            "Second hackathon: civil protection and disaster management",
        ),
        "start": dt.date(2024, 9, 10),
        "end": dt.date(2024, 9, 11),
        "place": "Tel Aviv",
        "teams": 6,
        "participants": 35,
    },
]
HACKATHON_SAMPLE = ["start", "end", "place", "teams", "participants"]

# --- The two delegation visits ------------------------------------------------------------------

# Travel times a coordinator knows better than the estimate from coordinates (invented):
# by coach on the motorway, Bochum to Düsseldorf takes far less than through town.
TRAVEL_TIMES: list[tuple[str, str, int]] = [("hotel", "state_chancellery", 50)]

VISITS: dict[str, dict[str, Any]] = {
    "innovation": {
        "title": _t(
            "Delegation zu Innovation, Wasserresilienz und Gesundheitswirtschaft",
            "Innovation, water-resilience and health-economy delegation",
            "משלחת חדשנות, חוסן מים וכלכלת בריאות",
        ),
        "purpose": {
            "de": "Vernetzung mit Wissenschaft, Wirtschaft und Stadtverwaltung; Besuch des "
            "Gesundheitscampus Bochum; Austausch mit Start-ups im WERK X; Tour durch das "
            "Ruhrgebiet.",
            "en": "Networking with science, business and city administration; visit of the "
            "Gesundheitscampus Bochum; exchange with start-ups at WERK X; a tour of the Ruhr area.",
            "he": "היכרות עם אנשי מדע, עסקים ומינהל העיר; ביקור בקמפוס הבריאות בוכום; מפגש עם "
            "סטארט-אפים ב-WERK X; סיור באזור הרוהר.",
        },
        "start_date": dt.date(2025, 1, 19),
        "end_date": dt.date(2025, 1, 23),
        "expected_size": 15,
        "projects": [3, 4],
        "sample_fields": ["observes_shabbat"],  # the sources do not say
    },
    "mental_health": {
        "title": _t(
            "Delegation zu psychischer Gesundheit (ITC mit dem DZPG)",
            "Mental-health delegation (ITC with DZPG)",
            "משלחת בריאות הנפש (ITC עם DZPG)",
        ),
        "purpose": {
            "de": "Fachgespräche; Kulturprogramm mit Führung durch die Synagoge der Jüdischen "
            "Gemeinde und Besuch des Deutschen Bergbau-Museums.",
            "en": "Expert talks; cultural programme with a guided tour of the synagogue of the "
            "Jewish community and a visit of the Deutsches Bergbau-Museum.",
            "he": "שיחות מומחים; תוכנית תרבות עם סיור מודרך בבית הכנסת של הקהילה היהודית "
            "וביקור במוזיאון הכרייה הגרמני.",
        },
        "start_date": dt.date(2025, 1, 26),
        "end_date": dt.date(2025, 1, 31),
        "expected_size": 8,
        "observes_shabbat": True,
        "projects": [5],
        "sample_fields": ["expected_size", "observes_shabbat"],
    },
}

# Invented delegation members: (given name, role, organisation key or None).
DELEGATES: dict[str, tuple[str, list[tuple[str, str, str | None]]]] = {
    "innovation": (
        "Beispiel",
        [
            ("Noa", Delegate.Role.HEAD, None),
            *(
                (name, Delegate.Role.MEMBER, None)
                for name in [
                    "Avi",
                    "Tamar",
                    "Eitan",
                    "Michal",
                    "Oren",
                    "Shira",
                    "Yonatan",
                    "Maya",
                    "Daniel",
                    "Roni",
                    "Lior",
                    "Gal",
                    "Itai",
                    "Hila",
                ]
            ),
        ],
    ),
    "mental_health": (
        "Example",
        [
            ("Yael", Delegate.Role.HEAD, "itc"),
            *(
                (name, Delegate.Role.MEMBER, "itc")
                for name in ["Amit", "Dana", "Omer", "Ruth", "Nir", "Tal"]
            ),
            ("Ayelet", Delegate.Role.INTERPRETER, None),
        ],
    ),
}

# --- The programme points: what is stated, at invented times -----------------------------------

MAYORS_GUESTS = _t(
    "Ratsmitglieder der Stadt Bochum und Projektbeteiligte",
    "Bochum city council members and project participants",
    "חברי מועצת העיר בוכום ומשתתפי הפרויקטים",
)


def _mayors_reception(visit: str, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    return {
        "visits": [visit],
        "kind": Appointment.Kind.RECEPTION,
        "title": _t(
            "Empfang durch Oberbürgermeister Thomas Eiskirch",
            "Reception by Lord Mayor Thomas Eiskirch",
            "קבלת פנים אצל ראש העיר תומאס אייסקירך",
        ),
        "start": start,
        "end": end,
        "venue": "town_hall",
        "hosting": ["bochum"],
        "hosts": ["eiskirch"],
        "attendees_note": MAYORS_GUESTS,
        "sample_fields": [*TIMES, "venue"],
    }


def _ministers_reception(visit: str, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    return {
        "visits": [visit],
        "kind": Appointment.Kind.RECEPTION,
        "title": _t(
            "Empfang in der Staatskanzlei durch Minister Nathanael Liminski",
            "Reception at the State Chancellery by Minister Nathanael Liminski",
            "קבלת פנים בקנצלריית המדינה אצל השר נתנאל לימינסקי",
        ),
        "start": start,
        "end": end,
        "venue": "state_chancellery",
        "hosting": ["staatskanzlei"],
        "hosts": ["liminski"],
        # A minister's whereabouts: restricted (invented, like every confidentiality level).
        "confidentiality": Appointment.Confidentiality.RESTRICTED,
        "sample_fields": [*TIMES, "confidentiality"],
    }


def _expert_talks(part: int, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    return {
        "visits": ["mental_health"],
        "kind": Appointment.Kind.EXPERT_TALK,
        "title": {
            "de": f"Fachgespräche mit dem DZPG, Teil {part}",
            "en": f"Expert talks with the DZPG, part {part}",
            "he": f"שיחות מומחים עם DZPG, חלק {part}",
        },
        "start": start,
        "end": end,
        "venue": "dzpg",
        "hosting": ["dzpg"],
        "sample_fields": [*TIMES, "venue"],
    }


# Düsseldorf is about an hour from Bochum by coach: nothing is planned in Bochum that morning.
APPOINTMENTS: list[dict[str, Any]] = [
    # Visit A, Sunday 19 to Thursday 23 January 2025.
    {
        "visits": ["innovation"],
        "kind": Appointment.Kind.MEETING,
        "title": _t(
            "Vernetzung mit Wissenschaft, Wirtschaft und Stadtverwaltung",
            "Networking with science, business and city administration",
            "היכרות עם אנשי מדע, עסקים ומינהל העיר",
        ),
        "start": _at(20, 9, 30),
        "end": _at(20, 12, 30),
        "venue": "town_hall",
        "hosting": ["bochum"],
        "sample_fields": [*TIMES, "venue"],
    },
    _mayors_reception("innovation", _at(20, 17, 30), _at(20, 19)),
    {
        "visits": ["innovation"],
        "kind": Appointment.Kind.SITE_VISIT,
        "title": _t(
            "Besuch des Gesundheitscampus Bochum",
            "Visit of the Gesundheitscampus Bochum",
            "ביקור בקמפוס הבריאות בוכום",
        ),
        "start": _at(21, 9, 30),
        "end": _at(21, 12),
        "venue": "health_campus",
        "hosting": ["gesundheitscampus"],
        "sample_fields": TIMES,
    },
    {
        "visits": ["innovation"],
        "kind": Appointment.Kind.STARTUP_EXCHANGE,
        "title": _t(
            "Austausch mit Start-ups im WERK X",
            "Exchange with start-ups at WERK X",
            "מפגש עם סטארט-אפים ב-WERK X",
        ),
        "start": _at(21, 14),
        "end": _at(21, 17),
        "venue": "werkx",
        "hosting": ["werkx"],
        "sample_fields": TIMES,
    },
    _ministers_reception("innovation", _at(22, 11), _at(22, 12, 30)),
    {
        "visits": ["innovation"],
        "kind": Appointment.Kind.TOUR,
        "title": _t("Tour durch das Ruhrgebiet", "Tour of the Ruhr area", "סיור באזור הרוהר"),
        "start": _at(23, 9),
        "end": _at(23, 13),
        "hosting": ["bochum"],
        "sample_fields": [*TIMES, "hosting_organisations"],
    },
    # Visit B, Sunday 26 to Friday 31 January 2025.
    _expert_talks(1, _at(27, 9, 30), _at(27, 12, 30)),
    _mayors_reception("mental_health", _at(27, 17, 30), _at(27, 19)),
    _ministers_reception("mental_health", _at(28, 11), _at(28, 12, 30)),
    _expert_talks(2, _at(29, 9, 30), _at(29, 15)),
    {
        "visits": ["mental_health"],
        "kind": Appointment.Kind.CULTURAL,
        "title": _t(
            "Führung durch die Synagoge der Jüdischen Gemeinde Bochum",
            "Guided tour of the synagogue of the Jewish community of Bochum",
            "סיור מודרך בבית הכנסת של הקהילה היהודית בבוכום",
        ),
        "start": _at(30, 10),
        "end": _at(30, 11, 30),
        "venue": "synagogue",
        "hosting": ["jewish_community"],
        "sample_fields": TIMES,
    },
    # Runs past candle lighting (17:01 on 31 January 2025) on purpose: the itinerary checks
    # must flag it for this observant delegation.
    {
        "visits": ["mental_health"],
        "kind": Appointment.Kind.CULTURAL,
        "title": _t(
            "Besuch des Deutschen Bergbau-Museums",
            "Visit of the Deutsches Bergbau-Museum",
            "ביקור במוזיאון הכרייה הגרמני",
        ),
        "start": _at(31, 15),
        "end": _at(31, 17, 15),
        "venue": "mining_museum",
        "hosting": ["mining_museum"],
        "sample_fields": TIMES,
    },
]

# --- The wish list: invented candidates for the optimiser --------------------------------------
# The mining museum is closed on Mondays (20 January), so the optimiser must place it elsewhere.
WISHES: list[dict[str, Any]] = [
    {
        "visit": "innovation",
        "kind": Appointment.Kind.EXPERT_TALK,
        "title": _t(
            "Wassersensible Stadtplanung am THGA-Campus",
            "Water-sensitive urban planning at the THGA campus",
            "תכנון עירוני רגיש למים בקמפוס THGA",
        ),
        "venue": "thga",
        "minutes": 120,
        "value": 8,
    },
    {
        "visit": "innovation",
        "kind": Appointment.Kind.CULTURAL,
        "title": _t(
            "Besuch des Deutschen Bergbau-Museums",
            "Visit of the Deutsches Bergbau-Museum",
            "ביקור במוזיאון הכרייה הגרמני",
        ),
        "venue": "mining_museum",
        "minutes": 150,
        "value": 5,
    },
    {
        "visit": "innovation",
        "kind": Appointment.Kind.MEETING,
        "title": _t(
            "Gespräch zur psychischen Gesundheit im DZPG",
            "Talk on mental health at the DZPG",
            "שיחה על בריאות הנפש ב-DZPG",
        ),
        "venue": "dzpg",
        "minutes": 90,
        "value": 3,
    },
]

# --- Statements on record, verbatim --------------------------------------------------------------

LIMINSKI_QUOTE = (
    "Statt nur von Solidarität zu reden, wollen wir diese auch konkret leben und kommunale "
    "Partnerschaften fördern."
)
EISKIRCH_QUOTE = (
    "Internationale Partnerschaften sind in Bochum fester Bestandteil der Stadtgesellschaft."
)
EISKIRCH_ADDED = {
    "de": "Er fügte hinzu, die Zusammenarbeit mit Israel biete eine wertvolle Grundlage für den "
    "wissenschaftlichen und wirtschaftlichen Austausch.",
    "en": "He added that the cooperation with Israel offers a valuable basis for scientific and "
    "economic exchange.",
}

# (person, quote per language, reported context per language)
STATEMENTS: list[tuple[str, dict[str, str], dict[str, str]]] = [
    (
        "liminski",
        {
            "de": LIMINSKI_QUOTE,
            "en": "Instead of only talking about solidarity, we also want to live it concretely "
            "and promote municipal partnerships.",
        },
        {},
    ),
    (
        "eiskirch",
        {
            "de": EISKIRCH_QUOTE,
            "en": "International partnerships are an integral part of Bochum's urban society.",
        },
        EISKIRCH_ADDED,
    ),
]
