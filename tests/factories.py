"""Factories for test data. Reference rows are looked up by natural key, so tests never
depend on (or clash with) the rows the data migration created."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from projects.models import FundingProgramme, ProjectReport, SubmissionComment, User
from reporting.models import ExportFile, MemoRender, PublishedMemo

TEST_PASSWORD = "test-password-1234"


class AdministrationFactory(DjangoModelFactory):
    class Meta:
        model = "projects.Administration"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testförvaltning {n}")
    short_code = factory.Sequence(lambda n: f"T{n}")
    valid_from_year = 2000


class CouncilGoalFactory(DjangoModelFactory):
    class Meta:
        model = "projects.CouncilGoal"
        django_get_or_create = ("name", "valid_from_year")

    name = factory.Sequence(lambda n: f"Mål {n}")
    valid_from_year = 2022
    valid_to_year = 2026


class FundingProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = "projects.FundingProgramme"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Program {n}")
    fund_family = FundingProgramme.FundFamily.STRUCTURAL
    cofinancing_min = Decimal("40")
    cofinancing_max = Decimal("60")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "projects.User"
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@malmo.se")
    full_name = factory.Faker("name", locale="sv_SE")
    role = User.Role.OFFICIAL
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CoordinatorFactory(UserFactory):
    role = User.Role.COORDINATOR
    administration = factory.SubFactory(AdministrationFactory)


class DevelopmentCoordinatorFactory(UserFactory):
    role = User.Role.DEVELOPMENT_COORDINATOR
    administration = factory.LazyFunction(
        lambda: AdministrationFactory(name="Stadskontoret", short_code="STK", is_city_office=True)
    )


class OfficialFactory(UserFactory):
    role = User.Role.OFFICIAL


class ReportingYearFactory(DjangoModelFactory):
    class Meta:
        model = "projects.ReportingYear"
        django_get_or_create = ("year",)
        skip_postgeneration_save = True

    year = 2023
    is_open = True
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 2, 28))

    @factory.post_generation
    def council_goals(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is not None:
            obj.council_goals.set(extracted)
        elif not obj.council_goals.exists():
            obj.council_goals.set([CouncilGoalFactory(name="Utbildning och arbete", order=1)])


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = "projects.Submission"
        django_get_or_create = ("administration", "reporting_year")

    administration = factory.SubFactory(AdministrationFactory)
    reporting_year = factory.SubFactory(ReportingYearFactory)


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = "projects.Project"

    administration = factory.SubFactory(AdministrationFactory)


class ProjectReportFactory(DjangoModelFactory):
    """A project as reported in one year; ``project`` defaults to a new project of the
    submission's administration (pass another year's ``report.project`` to continue one)."""

    class Meta:
        model = "projects.ProjectReport"
        skip_postgeneration_save = True

    submission = factory.SubFactory(SubmissionFactory)
    project = factory.SubFactory(
        ProjectFactory, administration=factory.SelfAttribute("..submission.administration")
    )
    name = factory.Sequence(lambda n: f"Projekt {n}")
    acronym = factory.Sequence(lambda n: f"P{n}")
    programme = factory.SubFactory(FundingProgrammeFactory)
    role = ProjectReport.Role.OWNER
    start_date = datetime.date(2022, 1, 1)
    end_date = datetime.date(2025, 12, 31)
    total_budget_sek = Decimal("1000000.00")
    own_budget_sek = Decimal("500000.00")
    eu_cofinancing_rate = Decimal("50.00")
    description = "Ett testprojekt."
    council_goal = factory.LazyFunction(
        lambda: CouncilGoalFactory(name="Utbildning och arbete", order=1)
    )
    results = "Resultat under året."

    @factory.post_generation
    def participating_administrations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.participating_administrations.set(extracted)


class PayoutFactory(DjangoModelFactory):
    class Meta:
        model = "projects.Payout"

    report = factory.SubFactory(ProjectReportFactory)
    payment_date = factory.LazyAttribute(
        lambda o: datetime.date(o.report.submission.reporting_year.year, 6, 30)
    )
    amount_sek = Decimal("100000.00")


class SubmissionCommentFactory(DjangoModelFactory):
    class Meta:
        model = "projects.SubmissionComment"

    submission = factory.SubFactory(SubmissionFactory)
    author = factory.SubFactory(DevelopmentCoordinatorFactory)
    kind = SubmissionComment.Kind.COMMENT
    text = "En kommentar."


# --- Reporting ----------------------------------------------------------------------------------


class MemoFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.Memo"
        django_get_or_create = ("year",)

    year = 2023
    title = factory.LazyAttribute(lambda o: f"Redovisning av internationellt arbete {o.year}")


class MemoDecisionStepFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.MemoDecisionStep"

    memo = factory.SubFactory(MemoFactory)
    order = factory.Sequence(lambda n: n + 1)
    body = "Kommunstyrelsen"


class MemoOfficialFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.MemoOfficial"

    memo = factory.SubFactory(MemoFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Micael Nord"
    title = "Direktör"


class PublishedMemoFactory(DjangoModelFactory):
    """A published version holding a stand-in PDF; ``version`` follows the year's last one."""

    class Meta:
        model = "reporting.PublishedMemo"

    memo = factory.SubFactory(MemoFactory)
    year = factory.SelfAttribute("memo.year")
    version = factory.LazyAttribute(lambda o: PublishedMemo.objects.filter(year=o.year).count() + 1)
    pdf = b"%PDF-1.7 test"
    size = factory.LazyAttribute(lambda o: len(o.pdf))
    sha256 = factory.LazyAttribute(lambda o: PublishedMemo.checksum(o.pdf))
    title = factory.SelfAttribute("memo.title")
    published_by = factory.SubFactory(DevelopmentCoordinatorFactory)
    published_by_name = "Test"


class HistoricalTotalFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.HistoricalTotal"

    year = 2013
    project_count = 40
    source = factory.LazyAttribute(lambda o: f"Redovisning av internationellt arbete {o.year}")


class MemoRenderFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.MemoRender"

    memo = factory.SubFactory(MemoFactory)
    kind = MemoRender.Kind.PDF
    key = factory.Sequence(lambda n: f"{n:064x}")
    revision = factory.SelfAttribute("memo.revision")
    figures_hash = "0" * 64


class ExportFileFactory(DjangoModelFactory):
    """The year's workbook as asked for; a ``done`` one holds stand-in bytes."""

    class Meta:
        model = "reporting.ExportFile"

    kind = ExportFile.Kind.YEAR_WORKBOOK
    key = factory.Sequence(lambda n: f"{n:064x}")
    family = factory.SelfAttribute("key")
    year = 2023
    language = "sv"
    filename = factory.LazyAttribute(lambda o: f"{o.key}.xlsx")
    data = factory.LazyAttribute(lambda o: b"PK" if o.status == ExportFile.Status.DONE else None)
    status = ExportFile.Status.PENDING
