"""Whether a text already names something, so that a line need not name it twice."""


def already_names(text: str, name: str) -> bool:
    """Whether ``text`` names ``name``: each of its words is in ``text``, allowing for German
    endings ("Besuch des Deutschen Bergbau-Museums" names "Deutsches Bergbau-Museum"; "Sapir
    College (Entrepreneurship Center)" names "Sapir College").

    >>> already_names("Besuch im WERK X", "WERK X")
    True
    >>> already_names("Vortrag an der THGA", "THGA Campus")
    False
    """
    text = text.casefold()
    return all(_stem(word) in text for word in name.casefold().split())


def _stem(word: str) -> str:
    # Declension changes at most the last two letters of a longer word (Deutsches → Deutschen,
    # Museum → Museums); a short one (WERK, X) is compared whole.
    return word[:-2] if len(word) > 4 else word
