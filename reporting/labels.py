"""Words that are the same on every row of a table, translated once per language in a process
instead of once per row: a table of 1 300 rows otherwise asks gettext thousands of times.

A function decorated with ``once_per_language`` takes no arguments and returns fixed words
(no data): its result is kept per active language and shared, so callers only read it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from django.db.models import TextChoices
from django.utils import translation

from projects.models import FundingProgramme, ProjectReport, Submission

T = TypeVar("T")


def once_per_language(function: Callable[[], T]) -> Callable[[], T]:
    """``function()`` computed once per active language (per process), then looked up."""
    kept: dict[str | None, T] = {}

    @functools.wraps(function)
    def per_language() -> T:
        language = translation.get_language()
        if language not in kept:
            kept[language] = function()
        return kept[language]

    return per_language


def choice_labels(choices: type[TextChoices]) -> dict[str, str]:
    """The labels of ``choices`` by value, translated into the active language."""
    return {value: str(label) for value, label in choices.choices}


@once_per_language
def role_labels() -> dict[str, str]:
    return choice_labels(ProjectReport.Role)


@once_per_language
def state_labels() -> dict[str, str]:
    return choice_labels(Submission.State)


@once_per_language
def fund_family_labels() -> dict[str, str]:
    return choice_labels(FundingProgramme.FundFamily)
