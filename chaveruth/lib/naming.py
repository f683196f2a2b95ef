"""How a line names things: whether a text already names something, so that a line need not
name it twice; and a list of names that counts those it does not name."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

# Letters and digits, joined by hyphens ("Bergbau-Museum", "Start-ups").
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def already_names(text: str, name: str) -> bool:
    """Whether ``text`` names ``name``: each of its words is a word of ``text``, allowing for
    German endings ("Besuch des Deutschen Bergbau-Museums" names "Deutsches Bergbau-Museum";
    "Sapir College (Entrepreneurship Center)" names "Sapir College"). Word with word, never
    inside one: "Mittagessen im Rathaus" does not name "Rathaus Essen".

    >>> already_names("Besuch im WERK X", "WERK X")
    True
    >>> already_names("Vortrag an der THGA", "THGA Campus")
    False
    >>> already_names("Werkstattbesuch Textil", "WERK X")
    False
    """
    words = _WORD.findall(text.casefold())
    return all(
        any(_same_word(word, other) for other in words) for word in _WORD.findall(name.casefold())
    )


def _same_word(one: str, other: str) -> bool:
    """Equal, or declined alike: declension changes at most the last two letters of a longer
    word (Deutsches → Deutschen, Museum → Museums); a short one (WERK, X, Uni) is compared
    whole."""
    if one == other:
        return True
    if min(len(one), len(other)) < 5 or abs(len(one) - len(other)) > 2:
        return False
    return one[:-2] == other[: len(one) - 2] and other[:-2] == one[: len(other) - 2]


@dataclass(frozen=True)
class Counted:
    """How a sentence says how many people it does not name: with nobody named ("2 people"),
    and after the names ("2 others"). Each sentence words its own: after "Hosted by" German
    counts in the dative ("von … und 2 weiteren Personen")."""

    alone: Callable[[int], str]
    more: Callable[[int], str]


def names_and_count(
    names: Sequence[str], unnamed: int, counted: Counted, *, at_most: int | None = None
) -> str:
    """``names`` in their order and how many more there are, ``unnamed``, as one list in the
    reader's language: "Anna Beispiel, Eva Beispiel and 2 others"; where none is named, only
    how many; "" for nobody. Of more than ``at_most`` names, one fewer are named and the rest
    counted with the others: a delegation of eight is a short list that says how many."""
    names = list(names)
    if at_most is not None and len(names) > at_most:
        unnamed += len(names) - (at_most - 1)
        names = names[: at_most - 1]
    if not names:
        return counted.alone(unnamed) if unnamed else ""
    if unnamed:
        names.append(counted.more(unnamed))
    return get_text_list(names, _("and"))
