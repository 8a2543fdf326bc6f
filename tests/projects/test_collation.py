"""One Swedish order everywhere: ``sort_key`` in Python, the ``sv`` collation on SQLite and
PostgreSQL's ICU collation ``sv`` (sv-SE) all sort names the same way."""

import pytest
from django.db import connection

from projects.collation import compare, sort_key, sorted_swedish

# In the order ICU (PostgreSQL 15, ICU 72) gives them with ``ORDER BY x COLLATE sv``.
ICU_ORDER = [
    "1 000",
    "100",
    "1000",
    "2",
    "a b",
    "a-b",
    "Aalborg",
    "ab",
    "aB",
    "Ab",
    "AB",
    "Citroen",
    "Citroën",
    "Cote",
    "Coté",
    "Cuba",
    "Côte",  # ô is an ö in Swedish
    "eclair",
    "Eclair",
    "éclair",
    "Éclair",
    "Lodz",
    "Łódź",
    "projekt",
    "Projekt",
    "Projekt – Co",
    "Projekt — Co",
    'Projekt "Co"',
    "Projekt «Co»",
    "Projekt (Co)",
    "Projekt §3",
    "Projekt @ Co",
    "Projekt & Co",
    "Projekt #1",
    "Projekt + Co",
    "Projekt $5",
    "Projekt € 5",
    "Projekt 20°",
    "Projekt 50 %",
    "Projekt Co",
    "Projekt\u00a0Co",  # a no-break space is a space with a tertiary difference
    "Projekt_Co",
    "Projekt-Co",
    "Projekt, Co",
    "Projekt; Co",
    "Projekt: Co",
    "Projekt!",
    "Projekt?",
    "Projekt.Co",
    "Projekt's",
    "Projekt’s",
    "Projekt*",
    "Projekt/Co",
    "Projekt2",
    "ProjektCo",
    "ss",
    "ß",
    "Strasse",
    "Straße",
    "Thor",
    "Þór",
    "Vasa",
    "Wasa",
    "Ystad",
    "Zurich",
    "Zyrich",
    "Zürich",
    "Zz",
    "Ålborg",
    "Åre",
    "Æble",
    "Ängelholm",
    "Ära",
    "Ærø",
    "Ödeshög",
    "Öresund",
    "Øresund",
]

# ICU finds each pair equal (composed and decomposed é; a soft hyphen is ignored); PostgreSQL
# then compares the bytes, and so does ``sort_key`` with the code points.
ICU_EQUAL_BY_CODE_POINT = ["Cafe\u0301", "Café", "Coop", "Co\u00adop"]


def in_database_order(names):
    """``names`` as the test database sorts them with the ``sv`` collation."""
    values = ", ".join(["(CAST(%s AS TEXT))"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT column1 FROM (VALUES {values}) AS names ORDER BY column1 COLLATE sv", names
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_order_has_no_two_names_that_sort_as_equal():
    assert len({sort_key(name)[:3] for name in ICU_ORDER}) == len(ICU_ORDER)


@pytest.mark.parametrize("given", [sorted(ICU_ORDER), ICU_ORDER[::-1]], ids=["code", "reversed"])
def test_sort_key_sorts_names_as_icu_does(given):
    assert sorted_swedish(given) == ICU_ORDER


def test_spaces_and_punctuation_sort_in_icus_order_not_by_code_point():
    names = ["ProjektCo", "Projekt2", "Projekt-Co", "Projekt Co", "Projekt & Co", "Projekt (Co)"]
    assert sorted_swedish(names) == [
        "Projekt (Co)",
        "Projekt & Co",
        "Projekt Co",
        "Projekt-Co",
        "Projekt2",
        "ProjektCo",
    ]


def test_accents_break_ties_before_case_does_over_the_whole_name():
    assert sorted_swedish(["Éclair", "éclair", "Eclair", "eclair"]) == [
        "eclair",
        "Eclair",
        "éclair",
        "Éclair",
    ]
    assert sorted_swedish(["AB", "Ab", "aB", "ab"]) == ["ab", "aB", "Ab", "AB"]


def test_names_icu_finds_equal_are_ordered_by_code_point_and_never_compare_equal():
    assert sorted_swedish(ICU_EQUAL_BY_CODE_POINT[::-1]) == ICU_EQUAL_BY_CODE_POINT
    assert compare("Café", "Cafe\u0301") == 1
    assert compare("Café", "Café") == 0


@pytest.mark.django_db
def test_the_database_sorts_names_as_sort_key_does():
    """On PostgreSQL this is ICU itself; on SQLite it checks that ``sv`` is registered."""
    assert connection.vendor in ("postgresql", "sqlite")
    assert in_database_order(sorted(ICU_ORDER)) == ICU_ORDER
    assert in_database_order(ICU_EQUAL_BY_CODE_POINT[::-1]) == ICU_EQUAL_BY_CODE_POINT
