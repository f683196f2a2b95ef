"""Whether a text already names something, so that a line need not name it twice."""

import re

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
