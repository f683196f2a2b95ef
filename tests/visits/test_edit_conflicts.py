"""Two people edit one record: the edit form carries the version it was drawn with, and a
save over a change made since is refused, with the form's entries kept; sent again, having
been told, it replaces the other change (``records.refuse_if_changed``).

The visit of conftest (Sunday 26 to Friday 31 January 2025) has a reception on Monday
27 January; a colleague changes it, or the visit, after the coordinator's page was drawn.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.lib.records import version_of
from chaveruth.visits import services
from chaveruth.visits.models import Appointment, Visit, Wish
from tests import factories as make
from tests.html import form_values, get_page, parse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CHANGED = (
    "Someone else saved a change here since this page was opened. Open it in another tab to "
    "see their change; saving this form again puts what it shows in its place."
)


@pytest.fixture
def reception(visit) -> Appointment:
    return make.appointment(
        visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11), title="Empfang"
    )


def drawn(client, url: str) -> dict:
    """The edit form as the coordinator's browser holds it."""
    return form_values(get_page(client, url).find(tag="form", cls="entry-form"))


def refused(response) -> tuple[int, list[str], str]:
    """The status, the errors above the form, and the version the form now carries."""
    form = parse(response.content.decode()).find(tag="form", cls="entry-form")
    return (
        response.status_code,
        list(response.context["form"].non_field_errors()),
        form_values(form)["seen_version"],
    )


def test_an_appointment_changed_since_its_form_was_drawn_is_not_overwritten(coordinator, reception):
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn(coordinator, url), "title_de": "Empfang im Rathaus"}
    services.update_appointment(appointment=reception, fields={"title_de": "Neujahrsempfang"})
    response = coordinator.post(url, data)
    assert refused(response) == (400, [CHANGED], version_of(reception))
    reception.refresh_from_db()
    assert reception.title_de == "Neujahrsempfang"
    # The form kept the entries; saved again, knowingly, they replace the colleague's.
    data["seen_version"] = refused(response)[2]
    assert coordinator.post(url, data).status_code == 302
    reception.refresh_from_db()
    assert reception.title_de == "Empfang im Rathaus"


def test_a_change_of_the_people_counts_as_a_change(coordinator, reception):
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = drawn(coordinator, url)
    noa = make.person("Noa", "Beispiel")
    services.update_appointment(appointment=reception, fields={}, participants=[noa])
    response = coordinator.post(url, data)
    assert refused(response)[:2] == (400, [CHANGED])
    assert list(reception.participants.all()) == [noa]


def test_a_form_drawn_in_one_language_is_saved_in_another(coordinator, reception):
    """The version reads the columns, not the title of the reader's language: a form drawn
    in English and sent from the German page (the language switched in between) is no
    conflict. The titles differ by language, so that a fingerprint of the reader's title
    would differ too."""
    services.update_appointment(appointment=reception, fields={"title_en": "Reception"})
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn(coordinator, url), "title_de": "Empfang im Rathaus"}
    with translation.override("de"):
        german_url = reverse("visits:appointment_edit", args=[reception.pk])
    assert german_url != url
    assert coordinator.post(german_url, data).status_code == 302
    reception.refresh_from_db()
    assert reception.title_de == "Empfang im Rathaus"


def test_a_visit_changed_since_its_form_was_drawn_is_not_overwritten(coordinator, visit):
    url = reverse("visits:edit", args=[visit.pk])
    data = {**drawn(coordinator, url), "expected_size": "12"}
    services.update_visit(visit=visit, fields={"title_de": "Beispieldelegation 2025"})
    response = coordinator.post(url, data)
    assert refused(response) == (400, [CHANGED], version_of(visit))
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.title_de, stored.expected_size) == ("Beispieldelegation 2025", None)


def test_a_wish_changed_since_its_form_was_drawn_is_not_overwritten(coordinator, visit, museum):
    wish = services.add_wish(
        visit=visit,
        fields={"title_de": "Museumsbesuch", "venue": museum, "minutes": 90, "value": 5},
    )
    url = reverse("visits:wish_edit", args=[wish.pk])
    data = {**drawn(coordinator, url), "minutes": "60"}
    services.update_wish(wish=wish, fields={"value": 8})
    response = coordinator.post(url, data)
    assert refused(response) == (400, [CHANGED], version_of(wish))
    assert Wish.objects.values_list("minutes", "value").get() == (90, 8)


def test_an_edit_nobody_came_between_is_saved(coordinator, reception):
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn(coordinator, url), "title_de": "Empfang im Rathaus"}
    assert coordinator.post(url, data).status_code == 302
    reception.refresh_from_db()
    assert reception.title_de == "Empfang im Rathaus"
