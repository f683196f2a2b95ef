"""Sorting by a translated name as the reader sees it.

modeltranslation stores a name once per language (``name_de``, ``name_en``, ``name_he``) and
shows the reader's language, falling back where it is empty. A model ordered by ``name_de``
lists an English reader's organisations by their German names; ordered by ``name_en``, those
without an English name would come first. ``InReadersLanguage("name")`` sorts by what the page
shows: the first name given in the reader's language and its fallbacks.
"""

from typing import Any

from django.db.models import Expression, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.deconstruct import deconstructible

from chaveruth.lib.records import as_read


@deconstructible(path="chaveruth.lib.ordering.InReadersLanguage")
class InReadersLanguage(Expression):
    """A translated field, e.g. ``"name"`` or ``"organisation__name"``, in the language active
    when the query runs: usable in ``Meta.ordering``, which is written once for all languages.
    """

    def __init__(self, field: str) -> None:
        super().__init__()
        self.translated = field

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.translated!r})"

    def prefix_references(self, prefix: str) -> "InReadersLanguage":
        # Django calls this when another model is ordered by this one (Project by programme).
        return InReadersLanguage(f"{prefix}{self.translated}")

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Expression:
        # Resolved when the query is compiled, so the language is the one of the request.
        shown = [NullIf(F(column), Value("")) for column in as_read(self.translated)]
        first = Coalesce(*shown) if len(shown) > 1 else shown[0]  # Coalesce takes two or more
        return first.resolve_expression(*args, **kwargs)
