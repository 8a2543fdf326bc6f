"""One range of years, checked by one URL converter for every address with a year in it."""

import pytest
from django.urls import reverse

from projects.years import FIRST_YEAR, LAST_YEAR, YearConverter, is_plausible_year


@pytest.mark.parametrize(
    ("year", "plausible"),
    [(FIRST_YEAR - 1, False), (FIRST_YEAR, True), (LAST_YEAR, True), (LAST_YEAR + 1, False)],
)
def test_the_range_is_2000_to_2100_on_both_sides(year, plausible):
    assert (FIRST_YEAR, LAST_YEAR) == (2000, 2100)
    assert is_plausible_year(year) is plausible
    if plausible:
        assert YearConverter().to_python(str(year)) == year
    else:
        with pytest.raises(ValueError):
            YearConverter().to_python(str(year))


@pytest.mark.parametrize(
    "name",
    ["projects:overview", "reporting:figures", "reporting:memo_year", "reporting:export_csv"],
)
def test_an_address_with_a_year_outside_the_range_is_not_found(client, official, name):
    client.force_login(official)
    assert client.get(reverse(name, kwargs={"year": 1999})).status_code == 404
    assert client.get(reverse(name, kwargs={"year": 2101})).status_code == 404
    assert client.get(reverse(name, kwargs={"year": 2000})).status_code != 500
