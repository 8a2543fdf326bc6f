"""Amounts in kronor: sums that are exact on every database."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)


class ExactSum(Sum):
    """``Sum`` of an amount with öre, exact on SQLite as it is on PostgreSQL.

    SQLite stores decimals as floating point, so its ``SUM`` of 100 000,10 and 200 000,20 is
    not 300 000,30, and equal sums can compare unequal when sorted. There the amounts are added
    as whole öre (integers, exact) and divided once; PostgreSQL adds ``numeric`` exactly as is.
    """

    def as_sqlite(self, compiler, connection, **extra_context):
        whole_ore = self.copy()
        whole_ore.template = "SUM(CAST(ROUND(%(expressions)s * 100) AS INTEGER))"
        sql, params = whole_ore.as_sql(compiler, connection, **extra_context)
        return f"CAST(({sql}) / 100.0 AS NUMERIC)", params


def sum_sek(expression, **extra) -> Coalesce:
    """The exact sum of an amount column in kronor, 0 when there are no rows."""
    return Coalesce(
        ExactSum(expression, output_field=MONEY_FIELD, **extra),
        Value(ZERO),
        output_field=MONEY_FIELD,
    )
