"""Which test functions pin the application's Swedish wording (docs/testing.md).

A test function counts when an ``assert`` statement in its body (the asserted expression, not
the message after the comma) holds a string literal, or the literal parts of an f-string, in
which four or more consecutive words are also consecutive words of one Swedish message of the
catalogue (the msgids of ``locale/en/LC_MESSAGES/django.po``). Words are runs of letters,
compared case-blind; HTML tags are dropped first, and a placeholder of a message (``%(name)s``,
``%s``, ``{name}``) stands for any number of words, so "Datumet 2022-12-30 ligger utanför
redovisningsåret 2023." matches "Datumet %(date)s ligger utanför redovisningsåret %(year)s.".
A literal that is part of a string the same module writes outside its asserts (a name or text
the test enters, then looks for) is the test's own data, and does not count. Test functions are
the ``test*`` functions of ``tests/**/test_*.py``, methods included. A phrase asserted through
a variable or a helper is not seen: the count is a floor, kept honest by review.

Run ``python -m tests.wording`` from the project's root to list the functions that count."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

MIN_WORDS = 4
WILD = "*"

_TAG = re.compile(r"<[^>]*>")
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdf]|%[sd]|\{[a-z_]*\}")
_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(_TAG.sub(" ", text))]


def message_words(msgid: str) -> list[str]:
    """The message's words, each placeholder as ``WILD``."""
    result: list[str] = []
    for i, part in enumerate(_PLACEHOLDER.split(_TAG.sub(" ", msgid))):
        if i:
            result.append(WILD)
        result.extend(words(part))
    return result


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def catalogue(po: Path) -> list[str]:
    """The msgids (and plural msgids) of a .po file."""
    found: list[str] = []
    current: list[str] | None = None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if current is not None:
                found.append("".join(current))
            current = [_unquote(line.split(" ", 1)[1])]
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
        elif current is not None:
            found.append("".join(current))
            current = None
    if current is not None:
        found.append("".join(current))
    return [msgid for msgid in found if msgid]


def _longest_run(text: list[str], message: list[str]) -> int:
    """The most message words matched in a row by consecutive words of ``text``, a placeholder
    standing for any number of words (none included)."""
    best = 0
    # run[i][j]: words matched by the best alignment ending with text[:i] against message[:j].
    run = [[0] * (len(message) + 1) for _ in range(len(text) + 1)]
    for i in range(len(text) + 1):
        for j in range(1, len(message) + 1):
            if message[j - 1] == WILD:
                # The placeholder takes no word, or one more word of the text.
                value = run[i][j - 1]
                if i:
                    value = max(value, run[i - 1][j], run[i - 1][j - 1])
            elif i and text[i - 1] == message[j - 1]:
                value = run[i - 1][j - 1] + 1
            elif i and text[i - 1] == WILD:
                # A value the test interpolates stands for a word or two of the message.
                value = max(run[i - 1][j - 1], run[i - 1][j])
            else:
                value = 0
            run[i][j] = value
            best = max(best, value)
    return best


@dataclass(frozen=True)
class Catalogue:
    messages: list[list[str]]

    @classmethod
    def load(cls, po: Path) -> Catalogue:
        messages = [message_words(msgid) for msgid in catalogue(po)]
        return cls([m for m in messages if sum(w != WILD for w in m) >= MIN_WORDS])

    def phrase_in(self, text: str) -> bool:
        found = message_words(text)
        if sum(word != WILD for word in found) < MIN_WORDS:
            return False
        present = set(found)
        for message in self.messages:
            if len(present.intersection(message)) < min(MIN_WORDS, len(set(message) - {WILD})):
                continue
            if _longest_run(found, message) >= MIN_WORDS:
                return True
        return False


def _literals(node: ast.AST):
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child.value
        elif isinstance(child, ast.JoinedStr):
            # Each interpolated value stands for a placeholder.
            yield "".join(v.value if isinstance(v, ast.Constant) else "%s" for v in child.values)


def _data(module: ast.Module) -> list[str]:
    """The strings a module writes outside its assert statements."""
    asserted = {id(n) for a in ast.walk(module) if isinstance(a, ast.Assert) for n in ast.walk(a)}
    return [
        node.value
        for node in ast.walk(module)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in asserted
    ]


def test_functions(root: Path):
    """Every test function of the suite under ``root`` (the folder ``tests``), with its file
    and the strings its module writes outside asserts."""
    for path in sorted(root.rglob("test_*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        data = _data(module)
        for node in ast.walk(module):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test"
            ):
                yield path, node, data


def pinning_wording(root: Path, po: Path) -> tuple[int, list[str]]:
    """How many test functions there are, and those that assert a Swedish phrase of the
    catalogue of four or more words (as ``file::function``)."""
    messages = Catalogue.load(po)
    total = 0
    pinning = []
    for path, function, data in test_functions(root):
        total += 1
        asserted = (
            text
            for node in ast.walk(function)
            if isinstance(node, ast.Assert)
            for text in _literals(node.test)
            if not any(text.strip() in written for written in data)
        )
        if any(messages.phrase_in(text) for text in asserted):
            pinning.append(f"{path.relative_to(root.parent)}::{function.name}")
    return total, pinning


if __name__ == "__main__":
    base = Path(__file__).resolve().parent.parent
    count, found = pinning_wording(base / "tests", base / "locale/en/LC_MESSAGES/django.po")
    print("\n".join(found))
    print(f"{len(found)} of {count} test functions ({len(found) / count:.1%})")
