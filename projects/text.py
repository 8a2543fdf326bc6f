"""Words built from names: the possessive of an administration or a city ("Kulturförvaltningens",
"Lunds kommuns", but "Hans" for a name already ending in s, x or z)."""

from __future__ import annotations

from django.utils.translation import get_language, npgettext

# Swedish adds no genitive s to a name that already ends in an s sound written s, x or z.
NO_GENITIVE_S = ("s", "x", "z")


def genitive(name, *, language: str | None = None) -> str:
    """The possessive form of ``name`` in the active (or given) language.

    Swedish: "Fritidsförvaltningen" -> "Fritidsförvaltningens", "Lunds kommun" -> "Lunds kommuns",
    "Vård & Omsorgs" -> unchanged; English: "Lund's", "Jonas'"."""
    text = str(name).rstrip()
    if not text:
        return text
    language = (language or get_language() or "sv").split("-")[0]
    ends_in_s = text[-1].lower() in NO_GENITIVE_S
    if language == "en":
        return f"{text}\u2019" if text[-1].lower() == "s" else f"{text}\u2019s"
    return text if ends_in_s else f"{text}s"


def proper_words(name: str) -> frozenset[str]:
    """The words of a proper name that keep their capital wherever they stand: "Lund" of
    "Lunds kommun", "Exempelstad" of "Exempelstads kommun" (the genitive's stem too)."""
    words = {word for word in str(name).split() if word[:1].isupper()}
    return frozenset(words | {word[:-1] for word in words if word.endswith("s")})


def in_sentence(name: str, *, proper: frozenset[str] | set[str] = frozenset()) -> str:
    """``name`` as written inside a sentence: a leading ordinary word loses its capital
    ("Miljöförvaltningen" -> "miljöförvaltningen", "Kommunfullmäktige" -> "kommunfullmäktige"),
    a proper name keeps it: another capitalised word ("Lunds Stadsteater AB"), a capital inside
    the first word ("EU-kontoret", "ICORN"), or a first word in ``proper`` ("Lunds stadsarkiv")."""
    text = str(name)
    words = text.split()
    if not words or not words[0][:1].isupper():
        return text
    first = words[0]
    if any(char.isupper() for char in first[1:]):
        return text
    if any(word[:1].isupper() for word in words[1:]):
        return text
    if first.rstrip("-,") in proper:
        return text
    return text[:1].lower() + text[1:]


def count_projects(count: int) -> str:
    """ "1 projekt", "3 projekt"; in English "1 project", "3 projects"."""
    return npgettext("antal", "%(count)s projekt", "%(count)s projekt", count) % {"count": count}
