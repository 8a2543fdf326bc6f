"""The open figures of published years (docs/open-data.md): what a year's latest published
version states, without anything of another year, anything preliminary or anything about a
person.

The figures are those the latest version was published with and keeps
(``PublishedMemo.figures``): a year whose latest version keeps none (published before versions
kept their figures, with the memo redrafted since) has no open figures until a version is
published again. Two queries for a year (its version, its status), one for the list."""

from __future__ import annotations

from reporting.models import PublishedMemo
from reporting.selectors.serialise import status_codes
from reporting.selectors.status import YearStatus, year_status

BASIS_PUBLISHED = "published_memo"
SCHEMA_VERSION = 1
# What the open data states of a published version, as its fields hold it.
MEMO_FIELDS = ("year", "title", "case_number", "version")


def published_years() -> list[dict]:
    """Each year whose latest published version's figures are open, newest first, with that
    version (one query)."""
    latest: dict[int, PublishedMemo] = {}
    versions = PublishedMemo.objects.without_file()
    for version in versions.order_by("-year", "-version"):
        latest.setdefault(version.year, version)
    return [_memo_entry(version) for version in latest.values() if _snapshot_holds(version)]


def _memo_entry(version: PublishedMemo) -> dict:
    """The version's own fields as stored, and when it was published."""
    return {
        **{field: getattr(version, field) for field in MEMO_FIELDS},
        "published_at": version.published_at.isoformat(),
        "published_on": version.published_at.date(),
    }


def _snapshot_holds(version: PublishedMemo) -> bool:
    """Whether ``version`` keeps the whole city's approved figures of its year."""
    snapshot = version.figures or {}
    return (
        bool(snapshot)
        and snapshot.get("year") == version.year
        and snapshot.get("preliminary") is False
        and "administration" not in snapshot
    )


def _amount_row(row: dict, *fields: str) -> dict:
    return {**{field: row[field] for field in fields}, "amount_sek": row["amount_sek"]}


def _extreme(item: dict | None) -> dict | None:
    # The memo names the programme, not the project.
    return (
        None if item is None else {"amount_sek": item["amount_sek"], "programme": item["programme"]}
    )


def public_figures(year: int, status: YearStatus | None = None) -> dict | None:
    """The open figures of a year: those of its latest published version, or None when it has
    none or they are no longer kept (nothing of that year). ``status``: the year's, when the
    caller has read it already."""
    version = PublishedMemo.objects.without_file().filter(year=year).order_by("-version").first()
    if version is None or not _snapshot_holds(version):
        return None
    figures = version.figures
    projects = figures["projects"]
    return {
        "schema_version": SCHEMA_VERSION,
        "year": year,
        "basis": BASIS_PUBLISHED,
        "memo": {
            key: value for key, value in _memo_entry(version).items() if key != "published_on"
        },
        # Where the year stands now, as every page of the application says it.
        "status": status_codes(status or year_status(year)),
        "projects": {
            key: projects[key]
            for key in ("total", "owner", "partner", "started", "ended", "cross_administration")
        },
        "projects_by_administration": [
            {key: row[key] for key in ("administration", "total", "owner", "partner")}
            for row in figures["projects_by_administration"]
        ],
        "payouts_total_sek": figures["payouts_total_sek"],
        "payouts_by_administration": [
            _amount_row(row, "administration") for row in figures["payouts_by_administration"]
        ],
        "payouts_by_council_goal": [
            _amount_row(row, "goal") for row in figures["payouts_by_council_goal"]
        ],
        "payouts_by_programme": [
            _amount_row(row, "programme", "short_name") for row in figures["payouts_by_programme"]
        ],
        "budget_range": {
            "min": _extreme(figures["budget_range"]["min"]),
            "max": _extreme(figures["budget_range"]["max"]),
        },
        "cofinancing_by_fund_family": [
            {key: row[key] for key in ("fund_family", "label", "min_rate", "max_rate")}
            for row in figures["cofinancing_by_fund_family"]
        ],
    }


CSV_COLUMNS = ("year", "table", "name", "measure", "value")


def public_figures_rows(figures: dict) -> list[tuple]:
    """The open figures as rows of ``CSV_COLUMNS`` (long format, one number per row)."""
    year = figures["year"]
    rows = [(year, "projects", "", key, value) for key, value in figures["projects"].items()]
    for row in figures["projects_by_administration"]:
        rows += [
            (year, "projects_by_administration", row["administration"], key, row[key])
            for key in ("total", "owner", "partner")
        ]
    rows.append((year, "payouts", "", "total_sek", figures["payouts_total_sek"]))
    for table, name in (
        ("payouts_by_administration", "administration"),
        ("payouts_by_council_goal", "goal"),
        ("payouts_by_programme", "programme"),
    ):
        rows += [
            (year, table, row[name], "amount_sek", row["amount_sek"]) for row in figures[table]
        ]
    for end in ("min", "max"):
        item = figures["budget_range"][end]
        if item is not None:
            rows.append((year, "budget_range", item["programme"], f"{end}_sek", item["amount_sek"]))
    for row in figures["cofinancing_by_fund_family"]:
        rows += [
            (year, "cofinancing_by_fund_family", row["fund_family"], key, row[key])
            for key in ("min_rate", "max_rate")
        ]
    return rows
