"""Swedish alphabetical order, the same on every database and in Python.

Name columns are declared with the collation ``sv``. On PostgreSQL it is an ICU collation
(created by a migration, whatever collation the database itself was created with); on SQLite
it is registered on every connection and compares with :func:`sort_key`. Lists sorted in Python
use :func:`sort_key` too. Since PostgreSQL's ICU collation cannot be given rules of our own,
:func:`sort_key` follows ICU's order for ``sv-SE`` (as measured on PostgreSQL 15 with ICU 72):

- First the characters themselves, over the whole string: whitespace, punctuation, symbols,
  currency signs, digits, letters. Spaces and punctuation count like any other character, so
  ``Projekt (Co)`` < ``Projekt & Co`` < ``Projekt Co`` < ``Projekt-Co`` < ``Projekt2`` <
  ``ProjektCo``, and ``100`` < ``2``.
- Letters a–z, then å, ä, ö; v and w are two letters. æ and ę are ä, ø, ő, œ and ô are ö,
  ü and ű are y, đ and ð are d, ß is ss and þ is th.
- Then accents, left to right: ``e`` < ``é`` < ``è`` < ``ê`` < ``ë``, ``y`` < ``ü``,
  ``ä`` < ``æ``, ``ö`` < ``ø``.
- Then case, lower case first, over the whole string: ``ab`` < ``aB`` < ``Ab`` < ``AB``.
- Strings ICU finds equal (the same text composed differently, or differing only in characters
  ICU ignores, such as a soft hyphen) by code point, as PostgreSQL does for a deterministic
  collation.

The tables cover Latin letters, common punctuation, symbols and currency signs. Other
characters get ICU's group (a punctuation mark after the punctuation, a letter of another
script after the Latin letters, ...) and, within it, their code point: close to ICU, not exact.
"""

from __future__ import annotations

import functools
import unicodedata

SWEDISH = "sv"

# The ICU collation PostgreSQL uses for ``sv``; deterministic, so equality stays exact.
POSTGRESQL_CREATE = "CREATE COLLATION IF NOT EXISTS sv (provider = icu, locale = 'sv-SE')"

# ICU's primary order (CLDR root with the Swedish tailoring), one character per weight; upper
# case, accented and compatibility forms are derived from these. Measured with
# ``ORDER BY x COLLATE sv`` and ``=`` under level-1/2/3 variants of the collation.
_WHITESPACE = "\t\n\x0b\x0c\r\u2028\u2029 "
_PUNCTUATION = (
    "‾_‗-\u2010\u2012–—―⁓,;⁏:!¡?¿‽.·⁕⁖⁘⁙⁚⁛⁜⁝⁞"
    "'‘’‚‛‹›\"“”„‟«»()[]{}⁅⁆‖§¶⁋@*⁎⁑/\\&⁊#%‰‱†‡•‣‧⁃⁌⁍′‵‸※‿⁔⁀⁐⁁⁂"
)
_SYMBOLS = "`´˜^¯˘˙¨˚˝¸˛ˆˇˈˉˊˋ°©®←→↑↓↔↕↖↗↘↙+±÷×<=>¬|¦~−⁒⁄∞≈≤≥"
_CURRENCY = "¤¢$£¥₠₡₢₣₤₥₦₧₩₪₫€₭₮₯₰₱₲₳₴₵₶₷₸₹₺₻₼₽₾₿⃀₨"
_DIGITS = "0123456789"
_LETTERS = (
    "aⱥɐɑɒ bʙƀɓƃ cȼƈɕ dɖɗƌȡ eɇǝəɛɘɚɜɝɞʚɤ fƒ gɡɢǥɠʛɣƣ hʜƕɦɧʻ iıɪɨɩ jȷɉʝɟʄ kƙʞ "
    "lʟƚɫɬɭȴɮƛʎ mɱ nɴɲƞɳȵŋ oɶɔɵɷȣ pƥɸ qʠɋĸ rʀɍɹɺɻɼɽɾɿʁ sʂȿʃƪʅʆ tŧⱦƫƭʈȶʇ "
    "uʉɥʮʯɯɰʊ vʋʌ wʍ x yʏɏƴȝ zƶȥʐʑɀʒƹƺʓƿƻƨƽƅʔɂʼʕʡʢʖ å ä ö ǀǁǂǃʗʘʬʭ"
).replace(" ", "")
# A character outside the tables is placed after the last one of its group, by code point: the
# weights leave room for every code point between two characters of the tables.
_STEP = 1 << 21
_PRIMARY = {
    char: (index + 1) * _STEP
    for index, char in enumerate(
        _WHITESPACE + _PUNCTUATION + _SYMBOLS + _CURRENCY + _DIGITS + _LETTERS
    )
}
_AFTER = {  # Unicode category: the first weight after its group
    "Z": _PRIMARY[_WHITESPACE[-1]] + 1,
    "P": _PRIMARY[_PUNCTUATION[-1]] + 1,
    "S": _PRIMARY[_SYMBOLS[-1]] + 1,
    "Sc": _PRIMARY[_CURRENCY[-1]] + 1,
    "L": _PRIMARY[_LETTERS[-1]] + 1,
}

# Secondary weights: a letter's own, then Swedish variants a little above it, then accents.
_COMMON = 1
_VARIANTS = {"ä": "æę", "ö": "øőœô", "y": "üű", "d": "đð"}
_VARIANT_OF = {
    variant: (_PRIMARY[letter], _COMMON + rank)
    for letter, variants in _VARIANTS.items()
    for rank, variant in enumerate(variants, start=1)
}
# Accents: ICU's secondary weights of combining marks, in ICU's order; a comma joins marks of
# the same weight.
_ACCENT_ORDER = (
    "0332 0313 0314 0301 0300 0306 0302 030C 030A 0342 0308 030B 0303 0307 0338 0327 0328 "
    "0304 030D,030E,0312,0315,031A,033D,033E,033F,0346,034A,034B,034C,0350,0351,0352,0357,"
    "035B,035D,035E 0316,0317,0318,0319,031C,031D,031E,031F,0320,0329,032A,032B,032C,032F,"
    "0333,033A,033B,033C,0347,0348,0349,034D,034E,0353,0354,0355,0356,0359,035A,035C,035F,"
    "0362 0336,0337 0335 0305 0309 030F 0310 0311 031B 0321 0322 0323 0324 0325 0326 032D "
    "032E 0330 0331 0334 0339 0345 0358 0360 0361"
)
_ACCENT = {
    chr(int(code, 16)): 16 + rank
    for rank, codes in enumerate(_ACCENT_ORDER.split())
    for code in codes.split(",")
}
# What tells ß from ss, ſ from s and ŀ from l: weighed after every accent.
_SHARP_S, _LONG_S, _MIDDLE_DOT = (max(_ACCENT.values()) + rank for rank in (1, 2, 3))
_OTHER_MARK = 0x1000  # plus the code point: marks outside the table

# Tertiary weights: ICU's (from the Unicode Collation Algorithm) for case and for the kind of
# compatibility form, doubled so that a Swedish tailoring fits just above one of them.
_LOWER, _UPPER = 4, 16
_FORM = {  # decomposition tag: (lower case or no case, upper case)
    "<wide>": (6, 18),
    "<compat>": (8, 20),
    "<font>": (10, 22),
    "<circle>": (12, 24),
    "<small>": (26, 26),
    "<narrow>": (32, 32),
    "<super>": (40, 58),
    "<sub>": (42, 58),
    "<vertical>": (44, 44),
    "<initial>": (46, 46),
    "<medial>": (48, 48),
    "<final>": (50, 50),
    "<isolated>": (52, 52),
    "<noBreak>": (54, 54),
    "<square>": (56, 58),
    "<fraction>": (60, 60),
}

# Characters ICU does not derive from their Unicode decomposition.
_ELEMENTS = {
    "ß": ((_PRIMARY["s"], _COMMON, 8), (0, _SHARP_S, 8), (_PRIMARY["s"], _COMMON, 8)),
    "ẞ": ((_PRIMARY["s"], _COMMON, 20), (0, _SHARP_S, 8), (_PRIMARY["s"], _COMMON, 20)),
    "ſ": ((_PRIMARY["s"], _COMMON, 8), (0, _LONG_S, 8)),
    "þ": ((_PRIMARY["t"], _COMMON, _LOWER + 1), (_PRIMARY["h"], _COMMON, _LOWER)),
    "Þ": ((_PRIMARY["t"], _COMMON, _UPPER + 1), (_PRIMARY["h"], _COMMON, _UPPER)),
}
_SAME_AS = {"ł": "l\u0335", "Ł": "L\u0335", "ħ": "h\u0335", "Ħ": "H\u0335", "ŀ": "l·", "Ŀ": "L·"}
# Phonetic digraphs, weighed as their two letters.
_DIGRAPHS = {
    "ȸ": "db",
    "ʣ": "dz",
    "ʥ": "dʑ",
    "ʤ": "dʒ",
    "ʩ": "fŋ",
    "ʪ": "ls",
    "ʫ": "lz",
    "ȹ": "qp",
    "ʨ": "tɕ",
    "ƾ": "ts",
    "ʧ": "tʃ",
    "ƍ": "zw",
}
# Swedish letters that Unicode writes as a letter with an accent (å is a with a ring): ICU finds
# the accent among all the accents of the letter, as long as no other accent of its kind comes
# first.
_TAILORED = {
    unicodedata.normalize("NFD", letter): letter
    for lower in (*_PRIMARY, *_VARIANT_OF)
    for letter in (lower, lower.upper())
    if unicodedata.normalize("NFD", letter) != letter
}
_COMBINING_LETTERS = "aeioucdhmrtvx"  # U+0363 to U+036F, weighed as compatibility letters
_IGNORED = "\u034f"  # combining grapheme joiner; other format and control characters too


@functools.lru_cache(maxsize=4096)
def _elements(char: str) -> tuple[tuple[int, int, int], ...]:
    """ICU's collation elements (primary, secondary, tertiary) for one NFD character."""
    if char in _ELEMENTS:
        return _ELEMENTS[char]
    if char in _SAME_AS:
        return _string_elements(_SAME_AS[char])
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    tertiary = _LOWER if lower == char else _UPPER
    if lower in _PRIMARY:
        return ((_PRIMARY[lower], _COMMON, tertiary),)
    if lower in _VARIANT_OF:
        return (_VARIANT_OF[lower] + (tertiary,),)
    if char in _ACCENT:
        return ((0, _ACCENT[char], _LOWER),)
    if "\u0363" <= char <= "\u036f":
        return ((_PRIMARY[_COMBINING_LETTERS[ord(char) - 0x363]], _COMMON, _FORM["<compat>"][0]),)
    if char in _DIGRAPHS:
        return _compatibility_form("<compat>", _DIGRAPHS[char])
    tag, _, codes = unicodedata.decomposition(char).partition(" ")
    # Spacing accents (¨ ´ ˜, decomposed to a space and an accent) are symbols of their own.
    if tag.startswith("<") and not codes.startswith("0020 "):
        return _compatibility_form(tag, "".join(chr(int(code, 16)) for code in codes.split()))
    if unicodedata.decimal(char, None) is not None:  # digits of every script weigh the same
        return ((_PRIMARY[str(unicodedata.decimal(char))], _COMMON, _LOWER),)
    category = unicodedata.category(lower)
    if char in _IGNORED or category in ("Cc", "Cf", "Zl", "Zp"):
        return ()
    if category[0] == "M":
        return ((0, _OTHER_MARK + ord(char), _LOWER),)
    # Other scripts, unassigned code points and the like go with the letters, after the Latin ones.
    after = _AFTER.get(category, _AFTER.get(category[0], _AFTER["L"]))
    return ((after + ord(lower), _COMMON, tertiary),)


def _compatibility_form(tag: str, text: str) -> tuple[tuple[int, int, int], ...]:
    """The elements of ``text`` with the tertiary weight of a form such as ``<super>``."""
    lower, upper = _FORM.get(tag, _FORM["<compat>"])
    return tuple(
        (primary, secondary, upper if tertiary >= _UPPER else lower)
        for primary, secondary, tertiary in _string_elements(text)
    )


def _string_elements(text: str) -> tuple[tuple[int, int, int], ...]:
    """The collation elements of ``text``, a letter and its accents at a time."""
    # Like ICU, which does not normalise: each character decomposed, the accents left in the order
    # they were written in.
    chars = "".join(unicodedata.normalize("NFD", char) for char in text)
    elements: list[tuple[int, int, int]] = []
    start = 0
    while start < len(chars):
        end = start + 1
        while end < len(chars) and unicodedata.combining(chars[end]):
            end += 1
        letter, accents = chars[start], chars[start + 1 : end]
        for index, accent in enumerate(accents):
            classes = [unicodedata.combining(other) for other in accents[: index + 1]]
            if letter + accent in _TAILORED and classes.count(classes[-1]) == 1:
                letter = _TAILORED[letter + accent]
                accents = accents[:index] + accents[index + 1 :]
                break
        if letter == "·" and start and chars[start - 1] in "lL":  # l· is ŀ (Catalan)
            elements.append((0, _MIDDLE_DOT, _LOWER))
        else:
            elements.extend(_elements(letter))
        for accent in accents:
            elements.extend(_elements(accent))
        start = end
    return tuple(elements)


@functools.lru_cache(maxsize=8192)
def sort_key(text: str | None) -> tuple:
    """A key that orders strings as ICU's ``sv-SE`` collation does (see the module docstring)."""
    text = text or ""
    elements = _string_elements(text)
    return (
        tuple(primary for primary, _, _ in elements if primary),
        tuple(secondary for _, secondary, _ in elements),
        tuple(tertiary for _, _, tertiary in elements),
        text,
    )


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
