"""A line names a place or a short name only where its text does not already
(chaveruth.lib.naming.already_names, the ``names`` template filter); a list of people names
those it may and counts the others (names_and_count)."""

import pytest
from django.utils import translation

from chaveruth.lib.naming import Counted, already_names, names_and_count


@pytest.mark.parametrize(
    ("text", "name", "named"),
    [
        ("Besuch im WERK X", "WERK X", True),
        ("Start-ups im Werk X", "WERK X", True),  # case does not matter
        ("Besuch des Deutschen Bergbau-Museums", "Deutsches Bergbau-Museum", True),  # declined
        ("Sapir College (Entrepreneurship Center)", "Sapir College", True),
        ("Führung durch die Synagoge", "Synagoge Bochum", False),  # one word missing
        ("Vortrag an der THGA", "THGA Campus", False),
        ("Empfang", "Rathaus", False),
        ("Termin im Werkhof", "WERK X", False),  # "x" is not in it
        # Word with word, never inside one:
        ("Mittagessen im Rathaus", "Rathaus Essen", False),
        ("Sicherheitsgespräch im Rathaus", "Rathaus Herne", False),
        ("Werkstattbesuch Textil", "WERK X", False),
        ("Kommunikationstraining", "Uni", False),
    ],
)
def test_a_text_names_a_name_when_each_of_its_words_is_a_word_of_it(text, name, named):
    assert already_names(text, name) is named


COUNTED = Counted(alone=lambda count: f"{count} people", more=lambda count: f"{count} others")


@pytest.mark.parametrize(
    ("names", "unnamed", "at_most", "said"),
    [
        ([], 0, None, ""),
        ([], 2, None, "2 people"),
        (["Anna Beispiel"], 0, None, "Anna Beispiel"),
        (["Anna Beispiel", "Eva Beispiel"], 0, None, "Anna Beispiel and Eva Beispiel"),
        (["Anna Beispiel", "Eva Beispiel"], 2, None, "Anna Beispiel, Eva Beispiel and 2 others"),
        (["Anna", "Ben", "Chen", "Eva"], 0, None, "Anna, Ben, Chen and Eva"),
        # Of more than three, two and how many others: a short list that says how many.
        (["Anna", "Ben", "Chen"], 0, 3, "Anna, Ben and Chen"),
        (["Anna", "Ben", "Chen", "Eva"], 0, 3, "Anna, Ben and 2 others"),
        (["Anna", "Ben", "Chen", "Eva"], 1, 3, "Anna, Ben and 3 others"),
    ],
)
def test_a_list_names_those_it_may_in_their_order_and_counts_the_others(
    names, unnamed, at_most, said
):
    with translation.override("en"):
        assert names_and_count(names, unnamed, COUNTED, at_most=at_most) == said


def test_a_list_is_joined_in_the_reader_s_language():
    with translation.override("de"):
        assert names_and_count(["Anna", "Eva"], 2, COUNTED) == "Anna, Eva und 2 others"
