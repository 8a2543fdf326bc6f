"""Swedish alphabetical order, the same on every database and in Python.

Name columns are declared with the collation ``sv``. On PostgreSQL it is an ICU collation
(created by a migration, whatever collation the database itself was created with); on SQLite
it is registered on every connection and compares with :func:`sort_key`. Lists sorted in Python
use :func:`sort_key` too. The order is the Swedish one: a–z, then å, ä, ö; case and accents
only break ties (``alfa`` before ``Zeta``, ``é`` with ``e``, ``ü`` with ``y``, ``æ`` with ``ä``,
``ø`` with ``ö``); spaces and punctuation before digits, digits before letters.
"""

from __future__ import annotations

import functools
import unicodedata

SWEDISH = "sv"

# The ICU collation PostgreSQL uses for ``sv``; deterministic, so equality stays exact.
POSTGRESQL_CREATE = "CREATE COLLATION IF NOT EXISTS sv (provider = icu, locale = 'sv-SE')"

_SPACE, _PUNCTUATION, _DIGIT, _LETTER = 1, 2, 3, 4
# Letters whose Swedish place differs from their base letter: (primary letter, variant).
_SWEDISH_LETTERS = {
    "å": ("{", 0),
    "ä": ("|", 0),
    "æ": ("|", 1),
    "ö": ("}", 0),
    "ø": ("}", 1),
    "ü": ("y", 1),
}


@functools.lru_cache(maxsize=8192)
def sort_key(text: str | None) -> tuple:
    """A key that orders strings as a Swedish reader expects (see the module docstring)."""
    text = text or ""
    primary: list[tuple[int, str]] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for char in text:
        lower = char.casefold()
        tertiary.append(0 if char == lower else 1)  # lower case first, as ICU does
        for folded in lower:  # casefold can give two characters (ß -> ss)
            if folded in _SWEDISH_LETTERS:
                letter, variant = _SWEDISH_LETTERS[folded]
                primary.append((_LETTER, letter))
                secondary.append(variant)
                continue
            decomposed = unicodedata.normalize("NFD", folded)
            base = decomposed[0]
            accents = decomposed[1:]
            if base.isspace():
                primary.append((_SPACE, " "))
            elif base.isdigit():
                primary.append((_DIGIT, base))
            elif base.isalpha():
                primary.append((_LETTER, base))
            else:
                primary.append((_PUNCTUATION, base))
            secondary.append(sum(ord(mark) for mark in accents))
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def compare(left: str | None, right: str | None) -> int:
    """``sort_key`` as a comparison function, for SQLite's ``create_collation``."""
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def sorted_swedish(items, key=lambda item: item):
    """``items`` sorted by the Swedish order of ``key(item)``."""
    return sorted(items, key=lambda item: sort_key(key(item)))


def register(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite learns the ``sv`` collation on every connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SWEDISH, compare)
