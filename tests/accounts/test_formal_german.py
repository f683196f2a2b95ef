"""allauth's pages and messages address the reader as "Sie", as the rest of the German
interface does: chaveruth/locale_overrides replaces allauth's German, which says "du"."""

import gettext
import re
from pathlib import Path

import allauth
import pytest
from django.urls import reverse
from django.utils import translation

from tests.html import Node, get_page

# The informal address: the pronouns in every case, capitalised or not, and the verb forms
# and imperatives allauth's German used without a pronoun ("Bitte versuche es später
# erneut", "Bitte kontaktiere uns"). Whole words only: "Sie", "dieser", "Dienst" are not.
INFORMAL = re.compile(
    r"\b(?:[Dd]u|[Dd]ich|[Dd]ir|[Dd]ein\w*"
    r"|hast|bist|kannst|musst|möchtest|willst|sendest|erhältst|siehst"
    r"|[Gg]ib|[Bb]estätige|[Vv]ersuche|[Ww]ähle|[Kk]ontaktiere|[Ee]rstelle|[Ll]ass|[Ff]olge"
    r"|[Kk]lick|[Kk]licke|[Üü]berprüfe|[Mm]elde|[Vv]erknüpfe|[Vv]erwende)\b"
)

ALLAUTH_GERMAN = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.mo"


def visible_text(page: Node) -> str:
    """The page's text as read: without scripts and styles, which nobody reads."""
    for node in page.walk():
        if node.tag in {"script", "style"}:
            node.children.clear()
    return page.text()


def test_the_pattern_finds_the_informal_address_and_only_it():
    assert INFORMAL.findall("Du hast dich abgemeldet. Gib deine E-Mail-Adresse ein.") == [
        "Du",
        "hast",
        "dich",
        "Gib",
        "deine",
    ]
    assert not INFORMAL.search(
        "Sie haben sich abgemeldet. Dieser Dienst ist dienstags erreichbar, Ihr Passwort "
        "bleibt sicher; Durchführung, Dirigent, Deichbau, Folgen, Mitteilung der Ergebnisse."
    )


@pytest.mark.django_db
def test_the_german_logout_page_says_sie(coordinator_client):
    text = visible_text(get_page(coordinator_client, reverse("account_logout")))
    assert INFORMAL.findall(text) == []
    assert "Möchten Sie sich wirklich abmelden?" in text


@pytest.mark.django_db
def test_the_german_logout_message_says_sie(coordinator_client):
    response = coordinator_client.post(reverse("account_logout"), follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "Sie haben sich abgemeldet."
    ]


@pytest.mark.django_db
def test_the_german_password_reset_page_says_sie(client):
    text = visible_text(get_page(client, reverse("account_reset_password")))
    assert INFORMAL.findall(text) == []
    assert (
        "Passwort vergessen? Geben Sie unten Ihre E-Mail-Adresse ein. Wir senden Ihnen dann "
        "eine E-Mail, mit der Sie Ihr Passwort zurücksetzen können." in text
    )


def allauth_msgids() -> list[str | tuple[str, int]]:
    """Every message allauth translates into German, as its compiled catalogue holds them:
    a msgid, "context\\x04msgid" for one with a context, (msgid, plural form) for a plural."""
    with ALLAUTH_GERMAN.open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog  # as Django reads it, too
    return sorted({key for key in catalogue if key}, key=str)


def in_german(key: str | tuple[str, int]) -> list[str]:
    """What Django shows for ``key`` in German, in each plural form for a plural."""
    with translation.override("de"):
        if isinstance(key, tuple):
            return [translation.ngettext(key[0], key[0], n) for n in (1, 2)]
        if "\x04" in key:
            return [translation.pgettext(*key.split("\x04"))]
        return [translation.gettext(key)]


def test_allauth_has_all_its_german_in_one_catalogue():
    """allauth's mfa and socialaccount strings are in the catalogue read below, not in
    catalogues of their own that it would miss."""
    assert not list((Path(allauth.__file__).parent / "mfa").glob("**/locale"))
    assert not list((Path(allauth.__file__).parent / "socialaccount").glob("**/locale"))
    msgids = allauth_msgids()
    assert "Enter an authenticator code:" in msgids  # mfa
    assert "You are about to sign in using a third-party account from %(provider)s." in msgids


def test_every_allauth_message_says_sie_in_german():
    informal = {
        key: text for key in allauth_msgids() for text in in_german(key) if INFORMAL.search(text)
    }
    assert informal == {}


# allauth's msgids, held in a table so that makemessages does not take them for ours.
MIXED = {
    "You are about to generate a new set of recovery codes for your account.": (
        "Sie sind dabei, einen neuen Satz Wiederherstellungscodes für Ihr Konto zu generieren."
    ),
    "You are about to deactivate authenticator app based authentication. Are you sure?": (
        "Sie sind dabei, die Authentifizierung per Authenticator-App zu deaktivieren. "
        "Sind Sie sicher?"
    ),
}


def test_the_messages_that_mixed_du_and_sie_now_say_sie_throughout():
    with translation.override("de"):
        assert {msgid: translation.gettext(msgid) for msgid in MIXED} == MIXED
