"""A line names a place or a short name only where its text does not already
(chaveruth.lib.naming.already_names, the ``names`` template filter)."""

import pytest

from chaveruth.lib.naming import already_names


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
