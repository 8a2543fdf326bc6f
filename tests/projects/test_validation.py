"""The entry rules in projects.validation, on plain values."""

import datetime
from decimal import Decimal

import pytest

from projects import validation
from projects.models import ProjectReport, Submission
from tests import factories

pytestmark = pytest.mark.django_db


def codes(findings):
    return {(f.field, f.code, f.blocking) for f in findings}


def project_values(**overrides):
    values = {
        "name": "Grön stad",
        "acronym": "GS",
        "programme": factories.FundingProgrammeFactory(),
        "role": ProjectReport.Role.OWNER,
        "start_date": datetime.date(2022, 1, 1),
        "end_date": datetime.date(2024, 12, 31),
        "total_budget_sek": Decimal("1000000"),
        "own_budget_sek": Decimal("400000"),
        "eu_cofinancing_rate": Decimal("50"),
    }
    return values | overrides


def test_valid_project_has_no_findings(administration):
    assert (
        validation.check_project(values=project_values(), administration=administration, year=2023)
        == []
    )


def test_missing_required_fields_are_blocking(administration):
    findings = validation.check_project(
        values=project_values(name="", programme=None), administration=administration, year=2023
    )
    assert ("name", "required", True) in codes(findings)
    assert ("programme", "required", True) in codes(findings)


def test_partner_needs_lead_organisation(administration):
    findings = validation.check_project(
        values=project_values(role=ProjectReport.Role.PARTNER),
        administration=administration,
        year=2023,
    )
    assert ("lead_organisation", "required", True) in codes(findings)


def test_share_above_total_is_blocking(administration):
    findings = validation.check_project(
        values=project_values(own_budget_sek=Decimal("1000001")),
        administration=administration,
        year=2023,
    )
    assert ("own_budget_sek", "share_above_total", True) in codes(findings)


def test_end_before_start_is_blocking(administration):
    findings = validation.check_project(
        values=project_values(end_date=datetime.date(2021, 1, 1)),
        administration=administration,
        year=2023,
    )
    assert ("end_date", "end_before_start", True) in codes(findings)


def test_cofinancing_outside_programme_range_is_a_warning(administration):
    findings = validation.check_project(
        values=project_values(eu_cofinancing_rate=Decimal("85")),
        administration=administration,
        year=2023,
    )
    assert codes(findings) == {("eu_cofinancing_rate", "cofinancing_outside_range", False)}
    assert "85 %" in findings[0].message


def test_same_name_in_other_administration_is_a_warning(administration, other_administration):
    factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(administration=other_administration),
        name="grön stad",
        acronym="XX",
    )
    findings = validation.check_project(
        values=project_values(), administration=administration, year=2023
    )
    assert codes(findings) == {("name", "duplicate_other_administration", False)}
    assert "Grundskoleförvaltningen" in findings[0].message
    # Another year does not count.
    assert (
        validation.check_project(values=project_values(), administration=administration, year=2024)
        == []
    )


def test_same_project_in_own_administration_is_not_a_duplicate(administration):
    factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(administration=administration),
        name="Grön stad",
    )
    assert (
        validation.check_project(values=project_values(), administration=administration, year=2023)
        == []
    )


def test_preloaded_duplicates_give_the_same_findings_as_the_query(
    administration, other_administration, django_assert_num_queries
):
    other_submission = factories.SubmissionFactory(administration=other_administration)
    shared = factories.ProjectReportFactory(
        submission=other_submission, name="grön stad ", acronym="XX"
    ).project
    factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=factories.AdministrationFactory(name="Kulturförvaltningen")
        ),
        name="Annat",
        acronym="gs",
    )
    factories.ProjectReportFactory(submission=other_submission, name="GRöN STAD", acronym="")
    factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(administration=administration),
        name="Grön stad",
    )
    cases = [
        {"values": project_values()},
        {"values": project_values(acronym="")},
        {"values": project_values(name="Helt nytt", acronym="XX")},
        {"values": project_values(name="Helt nytt", acronym="")},
        {"values": project_values(), "exclude_project_id": shared.pk},
    ]
    expected = [
        validation.check_project(administration=administration, year=2023, **case) for case in cases
    ]
    # Trimmed on both sides: the stored "grön stad " matches "Grön stad".
    assert codes(expected[0]) == {
        ("name", "duplicate_other_administration", False),
        ("acronym", "duplicate_other_administration", False),
    }
    assert "Grundskoleförvaltningen" in expected[0][0].message
    assert expected[3] == []

    with django_assert_num_queries(1):  # the load itself; every check after it costs none
        duplicates = validation.ReportedElsewhere.load(year=2023, administration=administration)
        found = [
            validation.check_project(
                administration=administration, year=2023, duplicates=duplicates, **case
            )
            for case in cases
        ]
    assert found == expected


def test_preloaded_duplicates_of_another_year_are_not_used(administration, other_administration):
    factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(administration=other_administration),
        name="Grön stad",
    )
    duplicates_2024 = validation.ReportedElsewhere.load(year=2024, administration=administration)
    findings = validation.check_project(
        values=project_values(),
        administration=administration,
        year=2023,
        duplicates=duplicates_2024,
    )
    assert codes(findings) == {("name", "duplicate_other_administration", False)}


def test_payout_outside_year_and_project_is_blocking():
    findings = validation.check_payout(
        payment_date=datetime.date(2022, 12, 30),
        amount_sek=Decimal("10"),
        year=2023,
        project_start=datetime.date(2023, 1, 1),
        project_end=datetime.date(2023, 12, 31),
    )
    assert codes(findings) == {
        ("payment_date", "payout_outside_year", True),
        ("payment_date", "payout_outside_project", True),
    }


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (datetime.date(2022, 12, 31), False),
        (datetime.date(2023, 1, 1), True),
        (datetime.date(2023, 12, 31), True),
        (datetime.date(2024, 1, 1), False),
    ],
)
def test_payout_year_boundary_on_both_sides(day, inside):
    findings = validation.check_payout(
        payment_date=day,
        amount_sek=Decimal("10"),
        year=2023,
        project_start=datetime.date(2020, 1, 1),
        project_end=datetime.date(2030, 12, 31),
    )
    assert (("payment_date", "payout_outside_year", True) not in codes(findings)) is inside


def payout_total(this_year, other_years="0", share="10"):
    return validation.check_payout_total(
        year=2024,
        this_year_sek=Decimal(this_year),
        other_years_sek=Decimal(other_years),
        own_budget_sek=Decimal(share),
    )


def test_payout_total_above_share_is_a_warning():
    assert payout_total("10") == []
    assert payout_total("4", other_years="6") == []
    findings = payout_total("1250000.5")
    assert codes(findings) == {("", "payouts_above_share", False)}


def test_payout_total_warning_says_what_this_year_adds_to_earlier_years():
    findings = payout_total("550000", other_years="270000", share="600000")
    assert codes(findings) == {("", "payouts_above_share", False)}
    assert "820\u00a0000\u00a0kr" in findings[0].message
    assert "550\u00a0000\u00a0kr" in findings[0].message
    # Exactly at the share is no warning: the check is "above", not "at".
    assert payout_total("330000", other_years="270000", share="600000") == []


def test_council_goal_required_and_valid_for_year():
    year = factories.ReportingYearFactory(year=2023)
    old_goal = factories.CouncilGoalFactory(
        name="Gammalt mål", valid_from_year=2015, valid_to_year=2018
    )
    assert codes(validation.check_project_report(council_goal=None, reporting_year=year)) == {
        ("council_goal", "required", True)
    }
    assert codes(validation.check_project_report(council_goal=old_goal, reporting_year=year)) == {
        ("council_goal", "goal_not_valid", True)
    }
    goal = year.council_goals.first()
    assert validation.check_project_report(council_goal=goal, reporting_year=year) == []


def test_check_submission_lists_everything_missing(administration):
    submission = factories.SubmissionFactory(administration=administration)
    report = factories.ProjectReportFactory(submission=submission, council_goal=None)
    factories.PayoutFactory(report=report, payment_date=datetime.date(2021, 5, 1))
    findings = validation.check_submission(submission)
    found = {(f.section, f.code) for f in findings}
    assert ("projects", "required") in found
    assert ("payouts", "payout_outside_year") in found
    assert ("narrative", "required") in found
    assert all(f.message.startswith(report.name) for f in findings if f.section != "narrative")


def test_complete_submission_has_no_findings(administration):
    submission = factories.SubmissionFactory(
        administration=administration, **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Text.")
    )
    report = factories.ProjectReportFactory(submission=submission)
    factories.PayoutFactory(report=report)
    assert validation.check_submission(submission) == []
    # A partner project names the organisation leading it; without one, that is asked for.
    partner = factories.ProjectReportFactory(
        submission=submission, role=ProjectReport.Role.PARTNER, lead_organisation="Region Skåne"
    )
    factories.PayoutFactory(report=partner)
    assert validation.check_submission(submission) == []
    ProjectReport.objects.filter(pk=partner.pk).update(lead_organisation="")
    assert {(f.field, f.code) for f in validation.check_submission(submission)} == {
        ("lead_organisation", "required")
    }


def test_check_submission_query_count_does_not_grow(administration, django_assert_num_queries):
    submission = factories.SubmissionFactory(administration=administration)
    for _ in range(10):
        report = factories.ProjectReportFactory(submission=submission)
        factories.PayoutFactory.create_batch(3, report=report)
    submission = Submission.objects.select_related("reporting_year", "administration").get(
        pk=submission.pk
    )
    # Goals, reports, payouts, earlier payouts, duplicates, last year's projects.
    with django_assert_num_queries(6):
        validation.check_submission(submission)


def test_a_payout_marked_for_removal_is_a_warning_of_the_whole_form():
    from projects.validation import check_payout_removal

    [finding] = check_payout_removal(
        number=2, payment_date=datetime.date(2024, 3, 1), amount_sek=Decimal("125000.50")
    )
    assert (finding.field, finding.blocking, finding.code) == ("", False, "payout_removed")
    assert finding.message.startswith(
        "Utbetalning 2 (2024-03-01, 125\u00a0000,50\u00a0kr) tas bort"
    )


# --- The rules one by one, with exact findings (each field, message, blocking flag, code) ---


def _payout(**values):
    arguments = {
        "payment_date": datetime.date(2024, 5, 1),
        "amount_sek": Decimal("100"),
        "year": 2024,
        "project_start": datetime.date(2023, 1, 1),
        "project_end": datetime.date(2025, 12, 31),
    } | values
    return validation.check_payout(**arguments)


def test_a_payout_without_date_or_amount_asks_for_both():
    assert codes(_payout(payment_date=None, amount_sek=None)) == {
        ("payment_date", "required", True),
        ("amount_sek", "required", True),
    }


@pytest.mark.parametrize("amount", ["0", "0.50", "1"])
def test_zero_and_small_amounts_are_accepted(amount):
    assert _payout(amount_sek=Decimal(amount)) == []


def test_a_negative_amount_is_refused_next_to_the_amount():
    assert codes(_payout(amount_sek=Decimal("-0.01"))) == {("amount_sek", "negative_amount", True)}


@pytest.mark.parametrize(
    ("date", "codes"),
    [
        (datetime.date(2023, 12, 31), ["payout_outside_year"]),
        (datetime.date(2024, 1, 1), []),
        (datetime.date(2024, 12, 31), []),
        (datetime.date(2025, 1, 1), ["payout_outside_year"]),
    ],
)
def test_payout_dates_on_both_sides_of_the_year(date, codes):
    assert [finding.code for finding in _payout(payment_date=date)] == codes


@pytest.mark.parametrize(
    ("date", "codes"),
    [
        (datetime.date(2024, 3, 31), ["payout_outside_project"]),
        (datetime.date(2024, 4, 1), []),
        (datetime.date(2024, 9, 30), []),
        (datetime.date(2024, 10, 1), ["payout_outside_project"]),
    ],
)
def test_payout_dates_on_both_sides_of_the_project(date, codes):
    findings = _payout(
        payment_date=date,
        project_start=datetime.date(2024, 4, 1),
        project_end=datetime.date(2024, 9, 30),
    )
    assert [finding.code for finding in findings] == codes
    assert all(finding.field == "payment_date" and finding.blocking for finding in findings)


def test_the_reporting_administration_is_never_its_own_participant(
    administration, other_administration
):
    assert (
        validation.check_participants(
            administration=administration, participants=[other_administration]
        )
        == []
    )
    expected = {("participating_administrations", "participant_is_reporter", True)}
    assert (
        codes(
            validation.check_participants(
                administration=administration, participants=[other_administration, administration]
            )
        )
        == expected
    )
    # Given as ids (the Excel import), the same rule.
    by_id = validation.check_participants(
        administration=administration.pk, participants=[administration.pk]
    )
    assert codes(by_id) == expected


def test_reported_elsewhere_warns_per_field_naming_the_others_in_swedish_order():
    from projects.validation.duplicates import ReportedElsewhere

    elsewhere = ReportedElsewhere(
        year=2024,
        administration=1,
        rows=[
            ("Gröna tak", "GT", "Östra förvaltningen", 10),
            ("gröna tak ", "", "Arbetsmarknadsförvaltningen", 11),
            ("Annat", "GT", "Arbetsmarknadsförvaltningen", 12),
            ("Delat", "", "Kulturförvaltningen", 13),
        ],
    )
    name, acronym = elsewhere.findings({"name": " Gröna Tak", "acronym": "gt"})
    assert [(f.field, f.code, f.blocking) for f in (name, acronym)] == [
        ("name", "duplicate_other_administration", False),
        ("acronym", "duplicate_other_administration", False),
    ]
    # The others in Swedish alphabetical order, in both.
    for finding in (name, acronym):
        assert "Arbetsmarknadsförvaltningen, Östra förvaltningen" in finding.message
    # Empty values match nothing, even where others left the acronym empty.
    assert elsewhere.findings({"name": "", "acronym": ""}) == []
    assert elsewhere.findings({"name": "Nytt", "acronym": None}) == []
    # The same project (carried between administrations' reports) is not a duplicate of itself,
    # but another project with the same name still is.
    assert elsewhere.findings({"name": "Delat"}, exclude_project_id=13) == []
    [finding] = elsewhere.findings({"name": "Delat"}, exclude_project_id=12)
    assert "Kulturförvaltningen" in finding.message
    assert elsewhere.applies_to(year=2024, administration=1)
    assert not elsewhere.applies_to(year=2023, administration=1)
    assert not elsewhere.applies_to(year=2024, administration=2)


def test_the_project_being_edited_is_never_its_own_duplicate(administration, other_administration):
    elsewhere = factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(administration=other_administration),
        name="Grön stad",
        acronym="XX",
    )
    findings = validation.check_project(
        values=project_values(),
        administration=administration,
        year=2023,
        exclude_project_id=elsewhere.project_id,
    )
    assert findings == []
    # Any other project of that name is still one.
    other = factories.ProjectFactory(administration=administration)
    findings = validation.check_project(
        values=project_values(),
        administration=administration,
        year=2023,
        exclude_project_id=other.pk,
    )
    assert codes(findings) == {("name", "duplicate_other_administration", False)}


def test_running_last_year_lists_the_projects_still_to_carry_forward(
    administration, other_administration
):
    this_year = factories.SubmissionFactory(
        administration=administration, reporting_year=factories.ReportingYearFactory(year=2024)
    )
    last_year = factories.SubmissionFactory(
        administration=administration, reporting_year=factories.ReportingYearFactory(year=2023)
    )

    def reported(submission, name, end):
        return factories.ProjectReportFactory(submission=submission, name=name, end_date=end)

    # Created out of alphabetical order: the list is by name.
    reported(last_year, "Öresundsbron", datetime.date(2024, 6, 30))
    reported(last_year, "Bryggan", datetime.date(2024, 1, 1))  # the first day of the year
    reported(last_year, "Avslutat i tid", datetime.date(2023, 12, 31))  # the day before
    carried = reported(last_year, "Redan med", datetime.date(2025, 12, 31))
    factories.ProjectReportFactory(submission=this_year, project=carried.project, name="Redan med")
    # Two years ago, still running: not last year's.
    reported(
        factories.SubmissionFactory(
            administration=administration, reporting_year=factories.ReportingYearFactory(year=2022)
        ),
        "Förrförra året",
        datetime.date(2025, 12, 31),
    )
    # Another administration's running project.
    reported(
        factories.SubmissionFactory(
            administration=other_administration, reporting_year=last_year.reporting_year
        ),
        "Grannens projekt",
        datetime.date(2025, 12, 31),
    )
    names = [report.name for report in validation.running_last_year(this_year)]
    assert names == ["Bryggan", "Öresundsbron"]


def test_check_submission_gives_each_finding_whole_in_the_order_of_the_page(
    administration, other_administration
):
    """Every kind of finding at once, each with its words, field, section, report and row.

    Reports are created out of name order; last year has two running projects left out, one
    carried forward with nothing for the year; another administration reports one name."""
    Finding = validation.Finding
    work = factories.CouncilGoalFactory(name="Utbildning och arbete", order=1)
    old_goal = factories.CouncilGoalFactory(
        name="Gammalt mål", order=9, valid_from_year=2015, valid_to_year=2018
    )
    last_year = factories.ReportingYearFactory(year=2023, council_goals=[work])
    year = factories.ReportingYearFactory(year=2024, council_goals=[work])
    last = factories.SubmissionFactory(
        administration=administration, reporting_year=last_year, state="approved"
    )
    texts = dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga.") | {"networks": "  "}
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=year, **texts
    )
    for name in ("Öresundsbron", "Bryggan"):
        factories.ProjectReportFactory(
            submission=last, name=name, end_date=datetime.date(2024, 6, 30)
        )
    carried = factories.ProjectReportFactory(
        submission=last, name="Med från förra året", end_date=datetime.date(2025, 6, 30)
    )
    factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=other_administration, reporting_year=year
        ),
        name="Delad idé",
        acronym="DELAD",
    )
    zebra = factories.ProjectReportFactory(
        submission=submission,
        name="Zebra",
        acronym="ZEB",
        role=ProjectReport.Role.PARTNER,
        lead_organisation="",
        council_goal=old_goal,
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    factories.PayoutFactory(
        report=zebra, payment_date=datetime.date(2024, 4, 1), amount_sek=Decimal("100")
    )
    # Within the year, before the project started: the first row of the project's payouts.
    factories.PayoutFactory(
        report=zebra, payment_date=datetime.date(2024, 2, 1), amount_sek=Decimal("200")
    )
    shared = factories.ProjectReportFactory(
        submission=submission, name="Delad idé", acronym="DI", council_goal=None
    )
    continued = factories.ProjectReportFactory(
        submission=submission,
        project=carried.project,
        name="Med från förra året",
        council_goal=work,
        results="",
    )
    assert validation.check_submission(submission) == [
        Finding(
            "name",
            "Delad idé: Ett projekt med samma namn (Delad idé) rapporteras också av "
            "Grundskoleförvaltningen i år. Kontrollera att det inte är samma projekt som "
            "redovisas två gånger.",
            False,
            "duplicate_other_administration",
            "projects",
            shared.pk,
        ),
        Finding(
            "council_goal",
            "Delad idé: Välj vilket kommunfullmäktigemål projektet främst bidrar till.",
            True,
            "required",
            "projects",
            shared.pk,
        ),
        Finding(
            "lead_organisation",
            "Zebra: Ange vilken organisation som leder projektet när förvaltningen är partner.",
            True,
            "required",
            "projects",
            zebra.pk,
        ),
        Finding(
            "council_goal",
            "Zebra: Kommunfullmäktigemålet ”Gammalt mål” gäller inte för 2024.",
            True,
            "goal_not_valid",
            "projects",
            zebra.pk,
        ),
        Finding(
            "payment_date",
            "Zebra: Datumet 2024-02-01 ligger utanför projektets period (2024-03-01 – 2026-12-31).",
            True,
            "payout_outside_project",
            "payouts",
            zebra.pk,
            0,
        ),
        Finding(
            "",
            "2 av förvaltningens projekt från 2023 pågår fortfarande men finns inte med i 2024: "
            "Bryggan, Öresundsbron. Ta med dem från förra året, eller markera dem som "
            "avslutade i förtid.",
            False,
            "running_not_carried_forward",
            "projects",
        ),
        Finding(
            "results",
            "Med från förra året: projektet är med från 2023 men har varken utbetalningar eller "
            "resultat för 2024. Fyll i vad projektet har gjort under året.",
            False,
            "carried_forward_empty",
            "projects",
            continued.pk,
        ),
        Finding(
            "networks",
            "Avsnittet ”Nätverk och medlemskap” är inte ifyllt. Skriv ”Inga” om det inte finns "
            "något att redovisa.",
            True,
            "required",
            "narrative",
        ),
    ]


def test_a_submission_without_projects_is_asked_to_confirm_it(
    administration, django_assert_num_queries
):
    texts = dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga.")
    submission = factories.SubmissionFactory(administration=administration, **texts)
    # The year's goals, the reports and last year's: nothing else is read for no projects.
    with django_assert_num_queries(3):
        findings = validation.check_submission(submission)
    assert [(f.field, f.code, f.blocking, f.section) for f in findings] == [
        ("", "no_projects", False, "projects")
    ]


def _esf(**overrides):
    """An unsaved programme: the rules need no database."""
    from projects.models import FundingProgramme

    values = {
        "name": "Europeiska socialfonden",
        "short_name": "ESF",
        "fund_family": FundingProgramme.FundFamily.STRUCTURAL,
        "cofinancing_min": Decimal("40"),
        "cofinancing_max": Decimal("60"),
    }
    return FundingProgramme(**(values | overrides))


NBSP = "\xa0"
OWN_FINDINGS = [
    # Dates: the same day is a one-day project; the day before is not.
    ({"end_date": datetime.date(2022, 1, 1)}, []),
    (
        {"end_date": datetime.date(2021, 12, 31)},
        [
            (
                "end_date",
                "Slutdatumet 2021-12-31 ligger före startdatumet 2022-01-01.",
                True,
                "end_before_start",
            )
        ],
    ),
    # Amounts: zero is an amount; below zero is not, on either budget.
    ({"total_budget_sek": Decimal("0"), "own_budget_sek": Decimal("0")}, []),
    (
        {"total_budget_sek": Decimal("-1"), "own_budget_sek": Decimal("0")},
        [("total_budget_sek", "Beloppet kan inte vara negativt.", True, "negative_amount")],
    ),
    (
        {"own_budget_sek": Decimal("-0.01")},
        [("own_budget_sek", "Beloppet kan inte vara negativt.", True, "negative_amount")],
    ),
    # The organisation's share: all of the budget is fine, an öre more is not.
    ({"own_budget_sek": Decimal("1000000")}, []),
    (
        {"own_budget_sek": Decimal("1000000.50")},
        [
            (
                "own_budget_sek",
                f"Organisationens del av budgeten (1{NBSP}000{NBSP}000,50{NBSP}kr) är större "
                f"än den totala projektbudgeten (1{NBSP}000{NBSP}000{NBSP}kr).",
                True,
                "share_above_total",
            )
        ],
    ),
    # A budget of zero: any share of it is above it.
    (
        {"total_budget_sek": Decimal("0"), "own_budget_sek": Decimal("1")},
        [
            (
                "own_budget_sek",
                f"Organisationens del av budgeten (1{NBSP}kr) är större än den totala "
                f"projektbudgeten (0{NBSP}kr).",
                True,
                "share_above_total",
            )
        ],
    ),
    # Co-financing: 0 and 100 are percentages, just outside them is not.
    ({"eu_cofinancing_rate": Decimal("0"), "programme": lambda: _esf(cofinancing_min=0)}, []),
    ({"eu_cofinancing_rate": Decimal("100"), "programme": lambda: _esf(cofinancing_max=100)}, []),
    (
        {"eu_cofinancing_rate": Decimal("100.01")},
        [
            (
                "eu_cofinancing_rate",
                "Medfinansieringen anges i procent, mellan 0 och 100.",
                True,
                "cofinancing_invalid",
            )
        ],
    ),
    (
        {"eu_cofinancing_rate": Decimal("-0.01")},
        [
            (
                "eu_cofinancing_rate",
                "Medfinansieringen anges i procent, mellan 0 och 100.",
                True,
                "cofinancing_invalid",
            )
        ],
    ),
    # The programme's usual range: both ends inside, a hundredth outside is a warning.
    ({"eu_cofinancing_rate": Decimal("40"), "programme": _esf}, []),
    ({"eu_cofinancing_rate": Decimal("60"), "programme": _esf}, []),
    (
        {"eu_cofinancing_rate": Decimal("39.99"), "programme": _esf},
        [
            (
                "eu_cofinancing_rate",
                "EU-medfinansieringen 39,99 % ligger utanför det vanliga intervallet för ESF "
                "(40–60 %). Kontrollera uppgiften.",
                False,
                "cofinancing_outside_range",
            )
        ],
    ),
    (
        {"eu_cofinancing_rate": Decimal("60.01"), "programme": _esf},
        [
            (
                "eu_cofinancing_rate",
                "EU-medfinansieringen 60,01 % ligger utanför det vanliga intervallet för ESF "
                "(40–60 %). Kontrollera uppgiften.",
                False,
                "cofinancing_outside_range",
            )
        ],
    ),
    # Required fields, in the form's order, and the lead organisation of a partner project.
    (
        {"name": " ", "start_date": None, "role": ProjectReport.Role.PARTNER},
        [
            ("name", "Fältet måste fyllas i.", True, "required"),
            ("start_date", "Fältet måste fyllas i.", True, "required"),
            (
                "lead_organisation",
                "Ange vilken organisation som leder projektet när förvaltningen är partner.",
                True,
                "required",
            ),
        ],
    ),
    ({"role": ProjectReport.Role.PARTNER, "lead_organisation": "Region Skåne"}, []),
]


@pytest.mark.parametrize(("overrides", "expected"), OWN_FINDINGS)
def test_a_projects_own_rules_on_both_sides_of_each_boundary(overrides, expected):
    from projects.validation.project import project_own_findings

    if callable(overrides.get("programme")):
        overrides = overrides | {"programme": overrides["programme"]()}
    findings = project_own_findings(project_values(**overrides))
    assert [(f.field, f.message, f.blocking, f.code) for f in findings] == expected


def test_payouts_above_malmos_share_are_a_warning_of_the_project_in_the_payouts_section(
    administration,
):
    texts = dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga.")
    submission = factories.SubmissionFactory(administration=administration, **texts)
    report = factories.ProjectReportFactory(
        submission=submission, name="Grön stad", own_budget_sek=Decimal("1000")
    )
    factories.PayoutFactory(report=report, amount_sek=Decimal("1000.01"))
    (finding,) = validation.check_submission(submission)
    assert (finding.field, finding.blocking, finding.code, finding.section) == (
        "",
        False,
        "payouts_above_share",
        "payouts",
    )
    assert (finding.report_id, finding.payout_index) == (report.pk, None)
    assert finding.message.startswith("Grön stad: ")


def test_the_findings_read_as_written(administration, other_administration):
    """The catalogue of the findings' wording: each sentence whole, once (the other tests
    assert which finding by its code)."""
    from projects.validation.duplicates import ReportedElsewhere

    year = factories.ReportingYearFactory(year=2023)
    old_goal = factories.CouncilGoalFactory(
        name="Gammalt mål", valid_from_year=2015, valid_to_year=2018
    )
    [outside] = validation.check_payout(
        payment_date=datetime.date(2022, 12, 30),
        amount_sek=Decimal("10"),
        year=2023,
        project_start=datetime.date(2022, 1, 1),
        project_end=datetime.date(2023, 12, 31),
    )
    [above_share] = payout_total("1250000.5")
    [over_years] = payout_total("550000", other_years="270000", share="600000")
    [missing_goal] = validation.check_project_report(council_goal=None, reporting_year=year)
    [outdated_goal] = validation.check_project_report(council_goal=old_goal, reporting_year=year)
    [no_date, no_amount] = _payout(payment_date=None, amount_sek=None)
    [negative] = _payout(amount_sek=Decimal("-0.01"))
    [reporter] = validation.check_participants(
        administration=administration, participants=[administration]
    )
    [reporter_by_id] = validation.check_participants(
        administration=administration.pk, participants=[administration.pk]
    )
    elsewhere = ReportedElsewhere(
        year=2024, administration=1, rows=[("Gröna tak", "GT", "Östra förvaltningen", 10)]
    )
    [same_name, same_acronym] = elsewhere.findings({"name": "Gröna Tak", "acronym": "gt"})
    texts = dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga.")
    [no_projects] = validation.check_submission(
        factories.SubmissionFactory(administration=other_administration, **texts)
    )

    assert [
        finding.message
        for finding in (
            outside,
            above_share,
            over_years,
            missing_goal,
            outdated_goal,
            no_date,
            no_amount,
            negative,
            reporter,
            reporter_by_id,
            same_name,
            same_acronym,
            no_projects,
        )
    ] == [
        "Datumet 2022-12-30 ligger utanför redovisningsåret 2023.",
        "Utbetalningarna till projektet (1\u00a0250\u00a0000,50\u00a0kr) är större än "
        "organisationens del av budgeten (10\u00a0kr). Kontrollera beloppen.",
        over_years.message,
        "Välj vilket kommunfullmäktigemål projektet främst bidrar till.",
        "Kommunfullmäktigemålet ”Gammalt mål” gäller inte för 2023.",
        "Fältet måste fyllas i.",
        "Fältet måste fyllas i.",
        "Beloppet kan inte vara negativt.",
        "Miljöförvaltningen rapporterar projektet och kan inte också stå som medverkande "
        "förvaltning. Välj bara andra förvaltningar.",
        reporter_by_id.message,
        "Ett projekt med samma namn (Gröna Tak) rapporteras också av Östra förvaltningen i år. "
        "Kontrollera att det inte är samma projekt som redovisas två gånger.",
        "Ett projekt med samma förkortning (gt) rapporteras också av Östra förvaltningen i år. "
        "Kontrollera att det inte är samma projekt som redovisas två gånger.",
        "Inrapporteringen innehåller inga projekt. Bekräfta att förvaltningen inte har haft "
        "några EU-projekt under året.",
    ]
    assert "alla år: 820\u00a0000\u00a0kr, varav 2024: 550\u00a0000\u00a0kr" in over_years.message
    assert reporter_by_id.message.startswith("Den egna förvaltningen rapporterar projektet")
    opening = validation.check_year_opening(
        year=2023, deadline=datetime.date(2023, 12, 31), council_goals=[old_goal]
    )
    assert [finding.message for finding in opening] == [
        "Dessa mål gäller inte år 2023: Gammalt mål.",
        "Sista dag måste ligga efter redovisningsårets slut (31 december 2023).",
    ]


def test_two_projects_of_a_submission_with_the_same_eu_number_are_each_warned(
    administration, other_administration
):
    submission = factories.SubmissionFactory(
        administration=administration, **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Text.")
    )
    cordis = {"grant_source": "cordis", "grant_number": "101056875"}
    first = factories.ProjectReportFactory(submission=submission, name="Gröna hamnar", **cordis)
    second = factories.ProjectReportFactory(submission=submission, name="Green port", **cordis)
    # The same number at another source, or in another administration's submission: no warning.
    factories.ProjectReportFactory(
        submission=submission, grant_source="life", grant_number="101056875"
    )
    factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=other_administration, reporting_year=submission.reporting_year
        ),
        **cordis,
    )
    found = [
        (f.report_id, f.field, f.code, f.blocking)
        for f in validation.check_submission(submission)
        if f.code == "duplicate_grant_number"
    ]
    assert sorted(found) == sorted(
        [
            (first.pk, "grant_number", "duplicate_grant_number", False),
            (second.pk, "grant_number", "duplicate_grant_number", False),
        ]
    )
    [on_first] = [f for f in validation.check_submission(submission) if f.report_id == first.pk]
    assert "”Green port”" in on_first.message
