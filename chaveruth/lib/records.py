"""Small helpers the services share for writing records."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models

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


def save_valid[M: models.Model](record: M, fields: Fields | None = None) -> M:
    """Set ``fields`` on ``record``, validate it as a form would, and save it.

    Raises ``ValidationError`` (with messages per field) before anything is written.
    """
    for name, value in (fields or {}).items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record
