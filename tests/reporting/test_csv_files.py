"""The CSV file for people (``reporting.csv_files.people_csv``) on its own, without a year's data:
what Swedish Excel reads from it, and that it is made while the rows are read."""

import datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from reporting.csv_files import people_csv, people_value
from tests.reporting.people_csv import comma_decimal, people_csv_rows


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (Decimal("1250000.5"), "1250000,50"),
        (Decimal("-3"), "-3,00"),
        (datetime.date(2023, 12, 31), "2023-12-31"),
        ("=SUM(A1)", "'=SUM(A1)"),
        ("Åsa Öberg", "Åsa Öberg"),
        (7, "7"),
        (False, "False"),
    ],
)
def test_a_cell_for_people_has_a_decimal_comma_an_iso_date_and_no_formula(value, cell):
    assert people_value(value) == cell


def test_the_file_for_people_reads_back_as_written_in_swedish_excel():
    rows = [
        ("Förvaltning; Öst", Decimal("1000.25"), datetime.date(2023, 1, 1), None),
        ("=1+1", Decimal("0"), datetime.date(2022, 12, 31), 3),
    ]
    data = b"".join(people_csv([gettext_lazy("Förvaltning"), "Belopp", "Start", "Antal"], rows))

    assert data.count(b"\r\n") == 3 and data.endswith(b"\r\n")
    assert data.decode("utf-8").split("\r\n")[0] == "\ufeffFörvaltning;Belopp;Start;Antal"
    read = people_csv_rows(data)
    assert [row["Förvaltning"] for row in read] == ["Förvaltning; Öst", "'=1+1"]
    assert [comma_decimal(row["Belopp"]) for row in read] == [Decimal("1000.25"), Decimal("0")]
    assert [row["Start"] for row in read] == ["2023-01-01", "2022-12-31"]
    assert [row["Antal"] for row in read] == ["", "3"]


def test_the_file_for_people_has_its_byte_order_mark_once_and_only_at_the_start():
    data = b"".join(people_csv(["A"], [("x",)] * 5, rows_per_chunk=2))
    assert data.startswith("\ufeff".encode()) and data.count("\ufeff".encode()) == 1


@pytest.mark.parametrize(
    ("rows", "per_chunk", "lines"),
    [
        (6, 2, [2, 2, 2, 1]),
        (3, 2, [2, 2]),
        (0, 2, [1]),
        (4, 500, [5]),
    ],
)
def test_the_file_for_people_comes_in_chunks_of_a_bounded_number_of_lines(rows, per_chunk, lines):
    chunks = list(people_csv(["A"], [(n,) for n in range(rows)], rows_per_chunk=per_chunk))
    # The heading is the first chunk's first line; an empty last chunk adds nothing.
    assert [chunk.count(b"\r\n") for chunk in chunks if chunk] == lines
    assert b"".join(chunks).decode("utf-8-sig").split("\r\n")[1:-1] == [str(n) for n in range(rows)]


def test_the_file_for_people_is_sent_before_every_row_is_read():
    read = []

    def rows():
        for n in range(10):
            read.append(n)
            yield (n,)

    chunks = people_csv(["A"], rows(), rows_per_chunk=3)
    first = next(chunks)
    assert first.decode("utf-8-sig").split("\r\n")[:3] == ["A", "0", "1"]
    assert read == [0, 1]
