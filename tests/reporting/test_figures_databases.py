"""The figures are the same on every database: exact sums with öre, Swedish alphabetical order."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command

from projects.collation import sort_key, sorted_swedish
from projects.models import Administration
from tests.reporting import swedish_figures

ROOT = Path(__file__).resolve().parents[2]
SWEDISH_ADMINISTRATIONS = [f"{name}förvaltningen" for name in swedish_figures.ADMINISTRATIONS]


def test_sort_key_puts_a_ring_a_umlaut_o_umlaut_after_z_and_ignores_case():
    names = ["Östra", "Ört", "Ängs", "Åker", "Zeta", "alfa", "Alfa", "Émile", "Ebba", "Übel"]
    assert sorted_swedish(names) == [
        "alfa",
        "Alfa",
        "Ebba",
        "Émile",
        "Übel",
        "Zeta",
        "Åker",
        "Ängs",
        "Ört",
        "Östra",
    ]
    assert sort_key("Gymnasie- och vuxenutbildningsförvaltningen") < sort_key(
        "Gymnasieförvaltningen"
    )


def test_name_columns_sort_in_swedish_on_this_database(db):
    for index, name in enumerate(["Östra", "Ört", "Ängs", "Åker", "Zeta", "alfa"]):
        Administration.objects.create(name=f"{name} test", short_code=f"SV{index}")
    names = list(
        Administration.objects.filter(name__endswith=" test").values_list("name", flat=True)
    )
    assert names == [f"{name} test" for name in ["alfa", "Zeta", "Åker", "Ängs", "Ört", "Östra"]]


def summary(year=2023) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("report_summary", year=year, stdout=out)
    return json.loads(out.getvalue())


def test_tied_ore_sums_are_exact_and_ordered_by_swedish_name(db):
    swedish_figures.build()
    figures = summary()
    by_administration = figures["payouts_by_administration"]
    assert [row["administration"] for row in by_administration] == SWEDISH_ADMINISTRATIONS
    assert {row["amount_sek"] for row in by_administration} == {"300000.30"}
    assert figures["payouts_total_sek"] == str(Decimal("300000.30") * 6)
    # Two programmes each get two administrations' sums: tied again, in Swedish order.
    programmes = [row["programme"] for row in figures["payouts_by_programme"]]
    assert programmes == ["alfaprogrammet", "Åkerprogrammet", "Östra programmet"]
    assert [row["goal"] for row in figures["payouts_by_council_goal"]] == [
        "Zetamålet",
        "Åkermålet",
        "Ängsmålet",
    ]
    appendix = [row["administration"] for row in figures["project_list"]]
    assert appendix == SWEDISH_ADMINISTRATIONS
    assert [row["administration"] for row in figures["examples"]] == SWEDISH_ADMINISTRATIONS


def test_report_summary_is_identical_on_sqlite_and_on_this_database(db, tmp_path):
    """The test database (PostgreSQL in CI) and a fresh SQLite database give the same bytes."""
    swedish_figures.build()
    here = swedish_figures.figures_json()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'figures.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.reporting.swedish_figures"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == here
    names = [row["administration"] for row in json.loads(here)["payouts_by_administration"]]
    assert names == SWEDISH_ADMINISTRATIONS


def test_exports_list_administrations_and_projects_in_swedish_order(db):
    import io

    from openpyxl import load_workbook

    from reporting.exports.workbook import year_export_data, year_workbook

    swedish_figures.build()
    export = year_export_data(2023)
    assert [row["administration"] for row in export.projects] == SWEDISH_ADMINISTRATIONS
    payout_order = list(dict.fromkeys(row["administration"] for row in export.payouts))
    assert payout_order == SWEDISH_ADMINISTRATIONS
    workbook = load_workbook(io.BytesIO(year_workbook(export)))
    per_administration = [
        row[0] for row in workbook["Per förvaltning"].iter_rows(min_row=2, values_only=True)
    ]
    assert per_administration[: len(SWEDISH_ADMINISTRATIONS)] == SWEDISH_ADMINISTRATIONS
