"""Small helpers the services share for writing records, and for reading translated ones."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
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
