import datetime
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"projects", "reporting"}
    }


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = row_counts()
    call_command("load_demo", stdout=StringIO())
    assert row_counts() == first
    assert first["projects.User"] >= 3


def test_load_demo_prints_a_login_per_role():
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Utvecklingssamordnare" in text
    assert "Förvaltningssamordnare, Miljöförvaltningen" in text
    assert "Tjänsteperson" in text


# --- the demo years agree with the 2023 council memo ------------------------------------------


def test_demo_2023_projects_match_the_memo(demo):
    from projects.demo.malmo import MEMO_2023_PROJECT_COUNTS
    from reporting.selectors import year_figures

    figures = year_figures(2023)
    assert (figures.projects_total, figures.projects_owner, figures.projects_partner) == (
        54,
        19,
        35,
    )
    assert [(row.administration, row.total) for row in figures.projects_by_administration] == [
        ("Miljöförvaltningen", 17),
        ("Grundskoleförvaltningen", 15),
        ("Arbetsmarknads- och socialförvaltningen", 9),
        ("Gymnasie- och vuxenutbildningsförvaltningen", 4),
        ("Stadskontoret", 4),
        ("Förskoleförvaltningen", 2),
        ("Kulturförvaltningen", 2),
        ("Fastighets- och gatukontoret", 1),
    ]
    assert {r.administration: r.total for r in figures.projects_by_administration} == (
        MEMO_2023_PROJECT_COUNTS
    )


def test_demo_2023_payouts_per_council_goal_are_the_memos_exact_amounts(demo):
    from reporting.selectors import year_figures

    figures = year_figures(2023)
    assert [(row.goal, row.amount_sek) for row in figures.payouts_by_council_goal] == [
        ("Utbildning och arbete", Decimal("22744744.00")),
        ("Stadsutveckling och klimat", Decimal("17412993.00")),
        ("Trygghet och delaktighet", Decimal("2680030.00")),
        ("En god organisation", Decimal("271027.00")),
    ]
    assert figures.payouts_total_sek == Decimal("43108794.00")
    assert round(figures.payouts_total_sek / 1_000_000) == 43


def test_demo_2023_payouts_per_administration_round_to_the_memos_amounts(demo):
    from reporting.selectors import year_figures

    memo = [
        ("Arbetsmarknads- och socialförvaltningen", 16_000_000, 1_000_000),
        ("Miljöförvaltningen", 15_300_000, 100_000),
        ("Grundskoleförvaltningen", 5_400_000, 100_000),
        ("Gymnasie- och vuxenutbildningsförvaltningen", 2_800_000, 100_000),
        ("Stadskontoret", 1_900_000, 100_000),
        ("Förskoleförvaltningen", 1_100_000, 100_000),
        ("Kulturförvaltningen", 360_000, 1),
    ]
    rows = year_figures(2023).payouts_by_administration
    assert [row.administration for row in rows] == [name for name, _, _ in memo]
    for row, (_, amount, step) in zip(rows, memo, strict=True):
        rounded = (row.amount_sek / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
        assert rounded == amount, row
    assert rows[-1].amount_sek == Decimal("360000.00")


def test_demo_2023_budgets_programmes_and_cofinancing(demo):
    from reporting.selectors import year_figures

    figures = year_figures(2023)
    assert figures.budget_range.min.amount_sek == Decimal("60000.00")
    assert figures.budget_range.min.programme == "Erasmus+"
    assert figures.budget_range.max.amount_sek == Decimal("180000000.00")
    assert figures.budget_range.max.programme == "Horisont 2020"
    assert [row.short_name for row in figures.payouts_by_programme] == [
        "Erasmus+",
        "ESF",
        "ERUF",
        "Interreg ÖKS",
        "Interreg Nordsjö",
        "Horisont 2020",
        "Euro-Just",
        "EuropeAid",
        "ERA-NET",
    ]
    structural = next(
        row for row in figures.cofinancing_by_fund_family if row.fund_family == "structural"
    )
    assert (structural.min_rate, structural.max_rate) == (Decimal("40.00"), Decimal("60.00"))


def test_demo_2023_examples_are_the_projects_the_memo_names(demo):
    from reporting.selectors import year_figures

    examples = {row.project: row for row in year_figures(2023).examples}
    assert set(examples) == {
        "Trygg relation – fri från våld",
        "Breddad rekrytering",
        "Kompetensförsörjning genom att spegla Malmö",
        "Hållbara övergångar",
        "Barns rätt till lek, vila och fritid",
        "ProCircan – cirkulära modeller i offentlig upphandling",
        "ACCESS – laddning med laststyrning och energilagring",
        "Rusta aktörer för en snabbare klimatomställning",
    }
    assert examples["Breddad rekrytering"].participating_administrations == (
        "Funktionsstödsförvaltningen",
        "Hälsa-, vård- och omsorgsförvaltningen",
        "Serviceförvaltningen",
    )
    assert examples["Kompetensförsörjning genom att spegla Malmö"].administration == (
        "Stadskontoret"
    )
    assert examples["Hållbara övergångar"].programme_short_name == "ESF"
    assert examples["Barns rätt till lek, vila och fritid"].participating_administrations == (
        "Fritidsförvaltningen",
        "Grundskoleförvaltningen",
        "Kulturförvaltningen",
    )
    assert "30 %" in examples["ACCESS – laddning med laststyrning och energilagring"].results
    assert all(row.description and row.results for row in examples.values())


def test_demo_2022_has_47_projects_and_about_41_million(demo):
    from reporting.selectors import year_figures

    figures = year_figures(2023)
    assert figures.previous_year.year == 2022
    assert figures.previous_year.projects_total == 47
    assert round(figures.previous_year.payouts_total_sek / 1_000_000) == 41


def test_demo_keeps_approved_rounds_narratives_and_the_open_2024_round(demo):
    from projects.models import ReportingYear, Submission

    assert not ReportingYear.objects.get(year=2023).is_open
    assert ReportingYear.objects.get(year=2024).is_open
    assert not Submission.objects.for_year(2023).exclude(state=Submission.State.APPROVED).exists()
    culture = Submission.objects.get(
        reporting_year__year=2023, administration__name="Kulturförvaltningen"
    )
    assert "ICORN" in culture.networks and "Banned Books Week" in culture.conferences
    assert (
        "EUROCITIES"
        in Submission.objects.get(
            reporting_year__year=2023, administration__name="Fastighets- och gatukontoret"
        ).overview
    )
    assert Submission.objects.filter(
        reporting_year__year=2023, administration__name="Fritidsförvaltningen"
    ).exists()


def test_demo_open_round_has_a_draft_for_every_administration():
    call_command("load_demo", stdout=StringIO())
    from projects.models import Administration, Submission

    administrations = Administration.objects.valid_in(2024).count()
    assert Submission.objects.filter(reporting_year__year=2024).count() == administrations


def test_the_open_rounds_deadline_is_a_few_weeks_after_the_day_the_demo_is_loaded():
    from projects.models import ReportingYear

    call_command("load_demo", "--today", "2026-11-02", stdout=StringIO())
    assert ReportingYear.objects.get(year=2024).deadline == datetime.date(2026, 11, 30)
    # Loaded again another day: the round stays alive, nothing else changes.
    counts = row_counts()
    call_command("load_demo", "--today", "2027-03-01", stdout=StringIO())
    assert ReportingYear.objects.get(year=2024).deadline == datetime.date(2027, 3, 29)
    assert row_counts() == counts


def test_without_a_day_the_demo_data_counts_from_a_fixed_day(db):
    from projects.demo import load_demo
    from projects.models import ReportingYear

    load_demo()
    assert ReportingYear.objects.get(year=2024).deadline == datetime.date(2025, 2, 28)


def test_the_logins_are_the_last_lines_printed():
    out = StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    first_login = next(n for n, line in enumerate(lines) if line.startswith("Demoinloggningar"))
    assert all(line.startswith("  ") for line in lines[first_login + 1 :])
    assert len(lines) - first_login - 1 >= 3
    only = StringIO()
    call_command("load_demo", "--logins-only", stdout=only)
    assert only.getvalue().splitlines() == lines[first_login:]


def test_only_the_publish_memo_option_publishes_the_2023_memo(monkeypatch):
    """The option publishes through the memo's own publishing (the files it renders are
    tested with the memo); without it nothing is rendered."""
    from reporting.memo import demo
    from reporting.models import PublishedMemo

    published = []

    def publish(*, memo, user):
        published.append((memo.year, user.email))
        return PublishedMemo(year=memo.year, version=1)

    monkeypatch.setattr(demo, "memo_publish", publish)
    call_command("load_demo", stdout=StringIO())
    assert published == []
    out = StringIO()
    call_command("load_demo", "--publish-memo", stdout=out)
    assert published == [(2023, "utvecklingssamordnare@malmo.se")]
    assert "Tjänsteskrivelsen för 2023 är publicerad." in out.getvalue()
