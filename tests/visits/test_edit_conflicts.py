"""Two people edit one record: the edit form carries the version it was drawn with and the
value each field showed. Saved over a change made since, it is merged with it: what its user
changed is written, what the other changed is kept. Where both changed a field (or fields
entered together), nothing is saved: the form shows the other's changes, names theirs beside
the field and keeps the user's entry, which a second save then puts in place
(``lib.forms.SharedRecordForm``).

The visit of conftest (Sunday 26 to Friday 31 January 2025) has a reception on Monday
27 January; a colleague changes it, or the visit, after the coordinator's page was drawn.
"""

import hashlib
import json

import pytest
from django.urls import reverse
from django.utils import translation

from chaveruth.lib.records import fingerprint, version_of
from chaveruth.visits import services
from chaveruth.visits.models import Appointment, Visit, Wish
from tests import factories as make
from tests.html import drawn_form, form_sent_back

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CHANGED = (
    "Someone else saved a change here since this page was opened. Open it in another tab to "
    "see their change; saving this form again puts what it shows in its place."
)


def clashed(fields: str) -> str:
    return (
        f"Someone else changed this record since the page was opened ({fields}). The form now "
        "shows their changes; where you changed the same field, your entry is kept "
        "and theirs is named beside it. Save again to keep yours."
    )


def merged(fields: str) -> str:
    return f"Saved. Someone else changed this meanwhile ({fields}): kept too."


@pytest.fixture
def reception(visit) -> Appointment:
    return make.appointment(
        visit, make.berlin(2025, 1, 27, 10), make.berlin(2025, 1, 27, 11), title="Empfang"
    )


def refused(response) -> tuple[int, list[str], dict]:
    """The status, the errors above the form, and what the form now sends."""
    return (
        response.status_code,
        list(response.context["form"].non_field_errors()),
        form_sent_back(response),
    )


def saved_with_note(client, response) -> list[str]:
    """Saved (a redirect), and the notes the next page shows."""
    assert response.status_code == 302, response.context["form"].errors
    return [str(m) for m in client.get(response.url).context["messages"]]


def test_a_field_both_changed_is_not_overwritten_and_names_the_other_entry(coordinator, reception):
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "title_de": "Empfang im Rathaus"}
    services.update_appointment(appointment=reception, fields={"title_de": "Neujahrsempfang"})
    response = coordinator.post(url, data)
    status, errors, sent = refused(response)
    assert (status, errors) == (400, [clashed("Title [de]")])
    assert response.context["form"].errors["title_de"] == [
        "Someone else changed this meanwhile, to: Neujahrsempfang"
    ]
    assert (sent["title_de"], sent["initial-title_de"]) == ("Empfang im Rathaus", "Neujahrsempfang")
    assert sent["seen_version"] == version_of(reception)
    reception.refresh_from_db()
    assert reception.title_de == "Neujahrsempfang"
    # The form kept the entry; saved again, knowingly, it replaces the colleague's.
    assert coordinator.post(url, sent).status_code == 302
    reception.refresh_from_db()
    assert reception.title_de == "Empfang im Rathaus"


def test_changes_of_different_fields_are_merged(coordinator, reception, city):
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "title_de": "Empfang im Rathaus"}
    noa = make.person("Noa", "Beispiel", owner=city)
    services.update_appointment(appointment=reception, fields={}, participants=[noa])
    notes = saved_with_note(coordinator, coordinator.post(url, data))
    assert notes == [merged("Participants")]
    reception.refresh_from_db()
    assert (reception.title_de, list(reception.participants.all())) == ("Empfang im Rathaus", [noa])


def test_a_clash_shows_the_others_other_changes_and_keeps_them_when_saved_again(
    coordinator, reception, museum, city
):
    url = reverse("visits:appointment_edit", args=[reception.pk])
    noa = make.person("Noa", "Beispiel", owner=city)
    data = {
        **drawn_form(coordinator, url),
        "title_de": "Empfang im Rathaus",
        "participants": [noa.pk],
    }
    services.update_appointment(
        appointment=reception, fields={"title_de": "Neujahrsempfang", "venue": museum}
    )
    status, errors, sent = refused(coordinator.post(url, data))
    assert (status, errors) == (400, [clashed("Title [de], Venue")])
    assert (sent["venue"], sent["title_de"], sent["participants"]) == (
        str(museum.pk),
        "Empfang im Rathaus",
        [str(noa.pk)],
    )
    assert coordinator.post(url, sent).status_code == 302
    reception.refresh_from_db()
    assert (reception.title_de, reception.venue, list(reception.participants.all())) == (
        "Empfang im Rathaus",
        museum,
        [noa],
    )


def test_people_chosen_by_both_are_all_kept(coordinator, reception, city):
    """A list of people is saved as what each added and took out: the colleague's Noa and
    the coordinator's Eli both take part, and Ada, whom the coordinator took out, does not."""
    ada, noa, eli = (make.person(name, "Beispiel", owner=city) for name in ("Ada", "Noa", "Eli"))
    services.update_appointment(appointment=reception, fields={}, participants=[ada])
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "participants": [eli.pk]}
    services.update_appointment(appointment=reception, fields={}, participants=[ada, noa])
    assert saved_with_note(coordinator, coordinator.post(url, data)) == [merged("Participants")]
    assert set(reception.participants.all()) == {noa, eli}


def test_a_start_and_an_end_are_changed_together(coordinator, reception):
    """The colleague moved the start an hour earlier, the coordinator the end an hour later:
    9–12 is a time nobody chose, so the coordinator is asked, with their start kept."""
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "end": "2025-01-27T12:00"}
    services.update_appointment(
        appointment=reception, fields={"start": make.berlin(2025, 1, 27, 9)}
    )
    response = coordinator.post(url, data)
    status, errors, sent = refused(response)
    assert (status, errors) == (400, [clashed("Start")])
    assert response.context["form"].errors["start"] == [
        "Someone else changed this meanwhile, to: 27 January 2025, 09:00"
    ]
    assert (sent["start"], sent["end"]) == ("2025-01-27T10:00", "2025-01-27T12:00")
    assert coordinator.post(url, sent).status_code == 302
    reception.refresh_from_db()
    assert (reception.start, reception.end) == (
        make.berlin(2025, 1, 27, 10),
        make.berlin(2025, 1, 27, 12),
    )


def test_a_form_sent_without_what_it_showed_is_refused_as_before(coordinator, reception):
    """A page drawn before the forms carried their values (or a hand-made request): there is
    nothing to merge with, so any change since is refused."""
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {
        name: value
        for name, value in drawn_form(coordinator, url).items()
        if not name.startswith("initial-")
    }
    services.update_appointment(appointment=reception, fields={"title_en": "Reception"})
    status, errors, sent = refused(
        coordinator.post(url, {**data, "title_de": "Empfang im Rathaus"})
    )
    assert (status, errors, sent["seen_version"]) == (400, [CHANGED], version_of(reception))
    reception.refresh_from_db()
    assert (reception.title_de, reception.title_en) == ("Empfang", "Reception")


def test_a_form_drawn_in_one_language_is_saved_in_another(coordinator, reception):
    """The version reads the columns, not the title of the reader's language: a form drawn
    in English and sent from the German page (the language switched in between) is no
    conflict. The titles differ by language, so that a fingerprint of the reader's title
    would differ too."""
    services.update_appointment(appointment=reception, fields={"title_en": "Reception"})
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "title_de": "Empfang im Rathaus"}
    with translation.override("de"):
        german_url = reverse("visits:appointment_edit", args=[reception.pk])
    assert german_url != url
    assert coordinator.post(german_url, data).status_code == 302
    reception.refresh_from_db()
    assert reception.title_de == "Empfang im Rathaus"


def test_a_visit_changed_since_its_form_was_drawn_is_merged(coordinator, visit):
    url = reverse("visits:edit", args=[visit.pk])
    data = {**drawn_form(coordinator, url), "expected_size": "12"}
    services.update_visit(visit=visit, fields={"title_de": "Beispieldelegation 2025"})
    assert saved_with_note(coordinator, coordinator.post(url, data)) == [merged("Title [de]")]
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.title_de, stored.expected_size) == ("Beispieldelegation 2025", 12)


def test_a_wish_changed_since_its_form_was_drawn_is_merged(coordinator, visit, museum):
    wish = services.add_wish(
        visit=visit,
        fields={"title_de": "Museumsbesuch", "venue": museum, "minutes": 90, "value": 5},
    )
    url = reverse("visits:wish_edit", args=[wish.pk])
    data = {**drawn_form(coordinator, url), "minutes": "60"}
    services.update_wish(wish=wish, fields={"value": 8})
    assert saved_with_note(coordinator, coordinator.post(url, data)) == [merged("Value")]
    assert Wish.objects.values_list("minutes", "value").get() == (60, 8)


def test_an_edit_nobody_came_between_is_saved(coordinator, reception):
    url = reverse("visits:appointment_edit", args=[reception.pk])
    data = {**drawn_form(coordinator, url), "title_de": "Empfang im Rathaus"}
    assert coordinator.post(url, data).status_code == 302
    reception.refresh_from_db()
    assert reception.title_de == "Empfang im Rathaus"


@pytest.mark.parametrize("before", [True, False])
def test_a_clash_shows_a_box_as_the_other_left_it(coordinator, visit, before):
    """The colleague renamed the visit and ticked or unticked "observes Shabbat"; the
    coordinator renamed it too. The form sent back shows the box as the colleague left it,
    and sent again it stays so."""
    services.update_visit(visit=visit, fields={"observes_shabbat": before})
    url = reverse("visits:edit", args=[visit.pk])
    data = {**drawn_form(coordinator, url), "title_de": "Delegation aus Haifa"}
    services.update_visit(
        visit=visit, fields={"title_de": "Beispieldelegation 2025", "observes_shabbat": not before}
    )
    status, errors, sent = refused(coordinator.post(url, data))
    assert (status, errors) == (400, [clashed("Title [de], Observes Shabbat")])
    assert ("observes_shabbat" in sent, sent["initial-observes_shabbat"]) == (
        not before,
        str(not before),
    )
    assert coordinator.post(url, sent).status_code == 302
    stored = Visit.objects.get(pk=visit.pk)
    assert (stored.title_de, stored.observes_shabbat) == ("Delegation aus Haifa", not before)


def test_a_form_sent_back_for_a_mistake_still_knows_it_showed_no_people(
    coordinator, reception, city
):
    """Drawn with nobody chosen, sent with a person and a mistake, sent back, corrected and
    sent again after a colleague chose someone else: both take part, the user's choice not
    taken for what the form showed (an empty choice sends nothing unless marked)."""
    url = reverse("visits:appointment_edit", args=[reception.pk])
    noa, eli = make.person("Noa", "Beispiel", owner=city), make.person("Eli", "Muster", owner=city)
    data = {**drawn_form(coordinator, url), "participants": [eli.pk], "end": "2025-01-27T09:00"}
    status, _errors, sent = refused(coordinator.post(url, data))
    assert (status, sent["initial-participants"]) == (400, "")
    services.update_appointment(appointment=reception, fields={}, participants=[noa])
    assert coordinator.post(url, {**sent, "end": "2025-01-27T11:00"}).status_code == 302
    assert set(reception.participants.all()) == {noa, eli}


def test_a_record_s_fingerprint_is_keyed_with_the_site_s_secret(settings):
    """A form carries it: unkeyed, a joint appointment's few hidden people keys (which the form
    withholds from another city) were found by trying keys against it."""
    values = [12, "Empfang", [3, 5, 8]]
    plain = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:20]
    settings.SECRET_KEY = "erstes-geheimnis-" * 3
    first = fingerprint(values)
    assert first == fingerprint(list(values))  # equal values, equal fingerprints
    assert first not in (plain, fingerprint([12, "Empfang", [3, 5, 9]]))
    settings.SECRET_KEY = "zweites-geheimnis-" * 3
    assert fingerprint(values) != first
