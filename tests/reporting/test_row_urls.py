"""The addresses of the rows behind the figures: a page links thousands of rows of a few
figures, so each figure's path is reversed once, not once per row."""

from django.urls import reverse

from reporting.selectors import rows
from reporting.selectors.rows import RowSlice, rows_url


def test_a_figures_path_is_reversed_once_for_any_number_of_rows(monkeypatch):
    calls = []

    def counting_reverse(*args, **kwargs):
        calls.append(args)
        return reverse(*args, **kwargs)

    rows._rows_path.cache_clear()
    monkeypatch.setattr(rows, "reverse", counting_reverse)
    urls = [
        rows_url(2023, "utbetalt", row_slice=RowSlice(administration_code=f"F{n}"))
        for n in range(300)
    ]
    assert len(calls) == 1
    assert urls[7] == "/rapport/nyckeltal/2023/rader/utbetalt/?forvaltning=F7"
    # Another figure, year or format is its own path; the preliminary flag only a parameter.
    assert rows_url(2022, "utbetalt", preliminary=True) == (
        "/rapport/nyckeltal/2022/rader/utbetalt/?preliminar=1"
    )
    assert (
        rows_url(2023, "projekt", file_format="csv") == "/rapport/nyckeltal/2023/rader/projekt.csv"
    )
    assert len(calls) == 3
