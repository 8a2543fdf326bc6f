"""Permission before lookup: whoever may not use an address gets the same answer whether the
object it names exists or not, so nobody outside can probe which submissions, years, memo
versions or accounts there are.

Walks the same URLs as the access matrix (tests/test_access_matrix.py). For every address
with an object in it, every role and method whose matrix answer for administration A's
existing object is a refusal (sign in, 403, no role, 404, 405), each object of the address in
turn is replaced by one that does not exist: the answer must be the matrix's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_access_matrix import MATRIX, ROLES, answer, build_world, request, url_names

# The reporting side's addresses. (The entry pages, ``projects:``, answer 403 to the
# development coordinator and officials for a change to an existing submission and 404 for a
# missing one: they read every submission, so that says nothing they cannot see.)
NAMESPACES = ("reporting:", "open_data:")
REFUSALS = {"login", "403", "no-role", "404", "405"}

# Objects that do not exist, by the URL parameter naming them: an id no row has, a year
# nothing is kept for (within the years the pages accept), a version never published.
MISSING = {"year": 2031, "version": 99, "figure": "saknas"}
MISSING_ID = 10**7


def missing_value(param: str):
    return MISSING.get(param, MISSING_ID)


@pytest.mark.django_db
def test_without_the_right_an_existing_and_a_missing_object_get_the_same_answer():
    world = build_world()
    problems, checked = [], 0
    for name, params in url_names():
        if not params or name not in MATRIX or not name.startswith(NAMESPACES):
            continue  # no object in the address, or the matrix test reports it
        for role, cell in zip(ROLES, MATRIX[name], strict=True):
            for method, expected in zip(("get", "post"), cell.split("/"), strict=True):
                if expected not in REFUSALS:
                    continue
                for param in params:
                    kwargs = {p: world["kwargs"][p] for p in params}
                    kwargs[param] = missing_value(param)
                    got = answer(
                        request(world["users"][role], method, reverse(name, kwargs=kwargs))
                    )
                    checked += 1
                    if got != expected:
                        problems.append(
                            f"{name} {method.upper()} as {role} with no such {param}: "
                            f"{got}, but {expected} for an existing one"
                        )
    # Would pass vacuously if the walk found no refused object addresses.
    assert checked > 100
    assert not problems, "\n".join(problems)
