"""Small helpers the services share for writing records, and for reading translated ones."""

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

Fields = Mapping[str, Any]
"""Model field values a service writes, e.g. ``{"title_de": "Empfang", "start": ...}``."""

Translated = Mapping[str, str]
"""A text per language code, e.g. ``{"de": "Stadt Bochum", "en": "City of Bochum"}``."""


def per_language(field: str, texts: Translated | str) -> dict[str, str]:
    """Spread a translated text over modeltranslation's columns.

    >>> per_language("name", {"de": "Stadt Bochum", "en": "City of Bochum"})
    {'name_de': 'Stadt Bochum', 'name_en': 'City of Bochum'}

    A plain string is stored in the default language only.
    """
    if isinstance(texts, str):
        texts = {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: texts}
    codes = {code for code, _name in settings.LANGUAGES}
    unknown = set(texts) - codes
    if unknown:
        raise ValueError(f"Unknown language codes: {sorted(unknown)}")
    return {f"{field}_{code}": text for code, text in texts.items()}


def as_read(field: str) -> list[str]:
    """``field``'s columns in the order its reader is shown them: the active language, then
    modeltranslation's fallbacks, e.g. ``["title_en", "title_de"]`` for an English reader.
    (modeltranslation's get_language always gives a language that has its column.)"""
    return [build_localized_fieldname(field, code) for code in resolution_order(get_language())]


def save_valid[M: models.Model](record: M, fields: Fields | None = None) -> M:
    """Set ``fields`` on ``record``, validate it as a form would, and save it.

    Raises ``ValidationError`` (with messages per field) before anything is written.
    """
    for name, value in (fields or {}).items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record


CHANGED_MEANWHILE = "changed_meanwhile"


# Kept by the services, never by a form: which values the demo invented. Entering a venue's
# known hours takes its mark off, which is no change to the venue's form.
_BOOKKEEPING = {"sample_fields"}


def version_of(record: models.Model) -> str:
    """A fingerprint of ``record`` as stored: its columns and its many-to-many choices. An
    edit form carries the one it was drawn with, so that the service saving it can tell that
    someone else saved the record meanwhile (``refuse_if_changed``)."""
    meta = record._meta
    # Beside the language columns (``title_de``, ``title_en``, ...), which say all there is,
    # modeltranslation keeps the original one (``title``), whose reading depends on the
    # active language: the fingerprint leaves it out, to be the same in every language.
    translated = {f.translated_field.name for f in meta.fields if isinstance(f, TranslationField)}
    left_out = translated | _BOOKKEEPING
    columns = [f.attname for f in meta.concrete_fields if f.name not in left_out]
    stored = type(record)._base_manager.filter(pk=record.pk)
    values: list[Any] = list(stored.values_list(*columns).get())
    for relation in meta.many_to_many:
        values.append(sorted(getattr(record, relation.name).values_list("pk", flat=True)))
    return fingerprint(values)


def fingerprint(values: Any) -> str:
    """A short text that equal values share (dates and times as ISO text). Keyed with the
    site's secret: a form carries it, and a plain hash of few values (a joint appointment's
    people, whose keys the form withholds from another city) is undone by trying keys."""
    text = json.dumps(values, default=str, sort_keys=True)
    return salted_hmac(_FINGERPRINT_SALT, text, algorithm="sha256").hexdigest()[:20]


_FINGERPRINT_SALT = "chaveruth.lib.records.fingerprint"


def lock_row[M: models.Model](record: M) -> M:
    """``record`` as stored now, its row locked till the end of the transaction (the
    service's): another writer of it waits, so that nothing comes between what the service
    checks and what it writes. (PostgreSQL's FOR NO KEY UPDATE: a write that only refers to
    the record, a share of an appointment, does not wait.)"""
    return type(record)._base_manager.select_for_update(no_key=True).get(pk=record.pk)


def refuse_if_changed(record: models.Model, seen: str | None) -> None:
    """Refuse to save a form over a change someone else saved since it was drawn: ``seen`` is
    the ``version_of`` the record it showed (None: not from such a form, nothing to compare).
    Call it with the record's row locked (``lock_row``).

    The error carries the version now, for the form to send again: saving once more, having
    been told, puts what the form shows in place of the other change."""
    if seen is not None and seen != (now := version_of(record)):
        raise changed_meanwhile(now)


def changed_meanwhile(now: str) -> ValidationError:
    """The refusal of a form saved over a change made since it was drawn, with the version
    ``now`` for the form to carry (``KernForm.add_service_error``)."""
    message = _(
        "Someone else saved a change here since this page was opened. Open it in another "
        "tab to see their change; saving this form again puts what it shows in its place."
    )
    return ValidationError(message, code=CHANGED_MEANWHILE, params={"version": now})
