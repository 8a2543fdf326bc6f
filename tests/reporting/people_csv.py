"""Reading a CSV file for people as Swedish Excel does: semicolons, a byte-order mark, a
decimal comma (``reporting.csv_files``)."""

import csv
import io
from decimal import Decimal

BYTE_ORDER_MARK = "\ufeff".encode()


def people_csv_rows(content: bytes) -> list[dict]:
    """The rows by their headings; the file must start with the byte-order mark."""
    assert content.startswith(BYTE_ORDER_MARK)
    text = content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def comma_decimal(text: str) -> Decimal:
    """``1000,25`` -> Decimal("1000.25"); a point (or a grouping space) is refused."""
    assert "." not in text and " " not in text, text
    return Decimal(text.replace(",", "."))
