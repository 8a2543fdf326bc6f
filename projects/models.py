"""What administrations enter: organisation, users, years, goals, programmes, projects, payouts."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects import organisation as org
from projects.collation import SWEDISH
from projects.eu_data.identifiers import (
    GRANT_NUMBER_MAX_LENGTH,
    GrantSource,
    RecordMatch,
    search_key,
)
from projects.text import genitive
from projects.years import FIRST_YEAR, LAST_YEAR

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def actor_field(verbose_name) -> models.ForeignKey:
    """The user who did something (closed a year, approved, entered a figure): emptied, not
    deleted, when the account goes, and with no way back from the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


# The reference names each year's rows keep (see ``Submission.administration_name`` and
# ``ProjectReport.programme_name``).
REFERENCE_NAME_FIELDS = {
    "submission": ("administration_name", "administration_code"),
    "report": ("programme_name", "programme_short_name", "fund_family", "council_goal_name"),
}


class YearRangeQuerySet(models.QuerySet):
    """Rows that carry ``valid_from_year`` and an optional ``valid_to_year``."""

    def valid_in(self, year: int):
        return self.filter(valid_from_year__lte=year).filter(
            Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year)
        )


class AdministrationQuerySet(YearRangeQuerySet):
    def reporting_units(self):
        """The units that report: administrations, and municipal companies only where the
        organisation has chosen that they report (``Organisation.companies_report``); read in
        the same query."""
        companies_report = Organisation.objects.filter(companies_report=True)
        return self.filter(~Q(kind=Administration.Kind.COMPANY) | Exists(companies_report))


class AdministrationScopedQuerySet(models.QuerySet):
    """Rows that belong to one administration, reached through ``administration_field``."""

    administration_field = "administration"

    def visible_to(self, user):
        """What the user may see: their own administration's rows, or all for the City Office
        and officials. Every view gets its objects through this."""
        if not user.is_authenticated:
            return self.none()
        if user.is_development_coordinator or user.is_official:
            return self
        # Only a coordinator reads their own administration; no role means no data.
        if not user.is_coordinator or user.administration_id is None:
            return self.none()
        return self.filter(**{f"{self.administration_field}_id": user.administration_id})


class Administration(models.Model):
    """A reporting unit: an administration (förvaltning) or, where the organisation chooses,
    a municipal company (kommunalt bolag); the organisation changes over time."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Förvaltning")
        COMPANY = "company", _("Kommunalt bolag")

    name = models.CharField(_("namn"), max_length=200, unique=True, db_collation=SWEDISH)
    short_code = models.CharField(
        _("kortnamn"),
        max_length=20,
        unique=True,
        help_text=_("Kort kod, till exempel MF för Miljöförvaltningen."),
    )
    valid_from_year = models.PositiveSmallIntegerField(_("finns från år"), default=2000)
    valid_to_year = models.PositiveSmallIntegerField(
        _("finns till och med år"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt om förvaltningen finns kvar."),
    )
    is_city_office = models.BooleanField(
        _("sammanställer redovisningen"),
        default=False,
        help_text=_("Kontoret som sammanställer redovisningen, till exempel stadskontoret."),
    )
    kind = models.CharField(
        _("slag"),
        max_length=20,
        choices=Kind,
        default=Kind.ADMINISTRATION,
        help_text=_("Kommunala bolag redovisar bara om organisationen har valt det."),
    )

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("förvaltning")
        verbose_name_plural = _("förvaltningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to_year__isnull=True)
                | Q(valid_to_year__gte=models.F("valid_from_year")),
                name="administration_years_ordered",
            ),
            models.UniqueConstraint(
                fields=["is_city_office"],
                condition=Q(is_city_office=True),
                name="administration_single_city_office",
            ),
        ]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", User.Role.DEVELOPMENT_COORDINATOR)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Work e-mail addresses are matched case-insensitively (single sign-on sends any case).
        return self.get(email__iexact=username)


class UserRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Förvaltningssamordnare")
    DEVELOPMENT_COORDINATOR = "development_coordinator", _("Utvecklingssamordnare")
    OFFICIAL = "official", _("Tjänsteperson (läsbehörighet)")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, identified by work e-mail address."""

    Role = UserRole

    email = models.EmailField(_("e-postadress"), unique=True)
    full_name = models.CharField(_("namn"), max_length=200, blank=True, db_collation=SWEDISH)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("förvaltning"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # No default: a new account sees nothing until someone gives it a role.
    role = models.CharField(
        _("roll"),
        max_length=32,
        choices=Role,
        blank=True,
        help_text=_("Utan roll ser användaren ingenting i applikationen."),
    )
    is_staff = models.BooleanField(
        _("teknisk administratör"),
        default=False,
        help_text=_("Får logga in i Djangos administrationsgränssnitt."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("skapad"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=UserRole.COORDINATOR) | Q(administration__isnull=False),
                name="user_coordinator_has_administration",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def has_role(self) -> bool:
        """False for an account nobody has given a role yet: it may see no data at all."""
        return bool(self.role) or self.is_superuser

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_development_coordinator(self) -> bool:
        return self.role == self.Role.DEVELOPMENT_COORDINATOR or self.is_superuser

    @property
    def is_official(self) -> bool:
        return self.role == self.Role.OFFICIAL and not self.is_superuser


class CouncilGoal(models.Model):
    """A city council goal (kommunfullmäktigemål); goals change each mandate period."""

    name = models.CharField(_("namn"), max_length=200, db_collation=SWEDISH)
    valid_from_year = models.PositiveSmallIntegerField(_("gäller från år"))
    valid_to_year = models.PositiveSmallIntegerField(
        _("gäller till och med år"), null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = YearRangeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("kommunfullmäktigemål")
        verbose_name_plural = _("kommunfullmäktigemål")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "valid_from_year"], name="council_goal_unique_name_from"
            ),
            models.CheckConstraint(
                condition=Q(valid_to_year__isnull=True)
                | Q(valid_to_year__gte=models.F("valid_from_year")),
                name="council_goal_years_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def is_valid_in(self, year: int) -> bool:
        return self.valid_from_year <= year and (
            self.valid_to_year is None or self.valid_to_year >= year
        )


def first_data_version() -> int:
    """Where a new reporting year's data version starts: anywhere in a wide range, so that a
    year deleted and opened again never meets what was kept under its old versions."""
    return secrets.randbelow(2**52) + 1


class ReportingYear(models.Model):
    """One yearly reporting round."""

    year = models.PositiveSmallIntegerField(
        _("år"),
        unique=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    deadline = models.DateField(_("sista dag för inrapportering"), null=True, blank=True)
    is_open = models.BooleanField(
        _("öppen för inrapportering"),
        default=False,
        help_text=_("När året stängs låses all inrapportering."),
    )
    council_goals = models.ManyToManyField(
        CouncilGoal,
        verbose_name=_("kommunfullmäktigemål"),
        blank=True,
        related_name="reporting_years",
    )
    opened_at = models.DateTimeField(_("öppnat"), null=True, blank=True)
    closed_at = models.DateTimeField(_("stängt"), null=True, blank=True)
    closed_by = actor_field(_("stängt av"))
    # The Riksbank's annual average, entered by the development coordinator: the EU sources'
    # amounts (euros) are compared with the reported kronor at this rate (docs/eu-data.md).
    eur_rate_sek = models.DecimalField(
        _("årets genomsnittskurs (kronor per euro)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "Riksbankens årsgenomsnitt för euron, till exempel 11,4765. Används när beloppen "
            "jämförs med EU:s egna uppgifter."
        ),
    )
    # The organisation as it was when the year closed (``OrganisationFacts.as_dict``): a closed
    # year's memo keeps its name, letterhead and decision path. Empty while the year is open.
    organisation_snapshot = models.JSONField(
        _("organisationen när året stängdes"), null=True, blank=True, editable=False
    )
    # Raised by every write that changes what the year's figures, rows or memo sources read,
    # in the write's own transaction (``projects.services.versions``): what is computed from
    # the year's data is kept until it moves.
    data_version = models.PositiveBigIntegerField(
        _("version av årets uppgifter"), default=first_data_version, editable=False
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("redovisningsår")
        verbose_name_plural = _("redovisningsår")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="reporting_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(eur_rate_sek__isnull=True) | Q(eur_rate_sek__gt=0),
                name="reporting_year_eur_rate_positive",
            ),
        ]

    def __str__(self):
        return str(self.year)

    def save(self, *args, **kwargs):
        # An instance read before a write raised the version must not put the old number back
        # (a number reused would serve what was computed from other data): only
        # ``year_data_changed`` writes it, with an UPDATE of its own.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "data_version"
            ]
        super().save(*args, **kwargs)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.deadline is not None and today > self.deadline


class ReportingYearEvent(models.Model):
    """A year opened, closed or reopened: who, when and, for a reopening, why."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Öppnat")
        CLOSED = "closed", _("Stängt")
        REOPENED = "reopened", _("Öppnat igen")

    reporting_year = models.ForeignKey(
        ReportingYear,
        verbose_name=_("redovisningsår"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("händelse"), max_length=10, choices=Kind)
    reason = models.TextField(_("anledning"), blank=True)
    created_at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    created_by = actor_field(_("av"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("händelse för redovisningsår")
        verbose_name_plural = _("händelser för redovisningsår")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reopened") | ~Q(reason=""),
                name="year_event_reopen_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.reporting_year} {self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class FundingProgramme(models.Model):
    """An EU funding programme or fund, with its usual EU co-financing range."""

    class FundFamily(models.TextChoices):
        STRUCTURAL = "structural", _("Social- och regionalfonderna")
        TERRITORIAL = "territorial", _("Interreg och territoriellt samarbete")
        RESEARCH = "research", _("Forskning och innovation")
        EDUCATION = "education", _("Utbildning, ungdom och idrott")
        OTHER = "other", _("Övriga EU-program")

    name = models.CharField(_("namn"), max_length=200, unique=True, db_collation=SWEDISH)
    short_name = models.CharField(
        _("kortnamn"), max_length=60, blank=True, help_text=_("Till exempel ESF eller ERUF.")
    )
    fund_family = models.CharField(_("fondfamilj"), max_length=20, choices=FundFamily)
    cofinancing_min = models.DecimalField(
        _("lägsta vanliga EU-medfinansiering (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
    )
    cofinancing_max = models.DecimalField(
        _("högsta vanliga EU-medfinansiering (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
    )
    is_active = models.BooleanField(_("kan väljas"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("finansieringsprogram")
        verbose_name_plural = _("finansieringsprogram")
        constraints = [
            models.CheckConstraint(
                condition=Q(cofinancing_min__gte=0)
                & Q(cofinancing_max__lte=100)
                & Q(cofinancing_min__lte=models.F("cofinancing_max")),
                name="programme_cofinancing_range_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class ProjectQuerySet(AdministrationScopedQuerySet):
    administration_field = "administration"


class Project(models.Model):
    """An EU project's identity across years: which administration reports it.

    What the project is in a year (name, role, programme, budgets, period, participants) is
    recorded in that year's ``ProjectReport``, so an approved year keeps its facts whatever
    later years change."""

    administration = models.ForeignKey(
        Administration,
        verbose_name=_("rapporterande förvaltning"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("projekt")
        verbose_name_plural = _("projekt")

    def __str__(self):
        return _("Projekt %(pk)s") % {"pk": self.pk}


def _counted_condition(*, preliminary_in: int | None, path: str = "") -> Q:
    """``SubmissionQuerySet.counted`` on a submission reached through ``path``."""
    condition = Q(**{f"{path}state": Submission.State.APPROVED})
    if preliminary_in is not None:
        condition |= Q(**{f"{path}reporting_year__year": preliminary_in})
    return condition


class SubmissionQuerySet(AdministrationScopedQuerySet):
    administration_field = "administration"

    def for_year(self, year: int):
        return self.filter(reporting_year__year=year)

    def counted(self, *, preliminary_in: int | None = None):
        """What the figures count: the approved submissions. Preliminary figures for the year
        ``preliminary_in`` count every submission of that year too; other years stay approved
        only."""
        return self.filter(_counted_condition(preliminary_in=preliminary_in))

    def with_entries(self):
        """Submissions where something was entered: a project (payouts belong to projects), a
        project marked as ended early, a narrative text, or a step out of the draft state."""
        written = Q()
        for name in Submission.NARRATIVE_FIELDS:
            written |= ~Q(**{name: ""})
        return self.filter(
            written
            | ~Q(state=Submission.State.DRAFT)
            | Exists(ProjectReport.objects.filter(submission=OuterRef("pk")))
            | Exists(ProjectEnding.objects.filter(submission=OuterRef("pk")))
        )

    def locked(self):
        """Submissions nobody may change: approved, or in a closed year."""
        return self.filter(Q(state=Submission.State.APPROVED) | Q(reporting_year__is_open=False))

    def unlocked(self):
        """Submissions a row may still be added to or moved into: the complement of ``locked``."""
        return self.exclude(state=Submission.State.APPROVED).filter(reporting_year__is_open=True)


class Submission(models.Model):
    """One administration's report for one year (inrapportering)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inskickad")
        RETURNED = "returned", _("Återskickad för komplettering")
        APPROVED = "approved", _("Godkänd")

    administration = models.ForeignKey(
        Administration,
        verbose_name=_("förvaltning"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    reporting_year = models.ForeignKey(
        ReportingYear,
        verbose_name=_("redovisningsår"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    state = models.CharField(_("status"), max_length=12, choices=State, default=State.DRAFT)
    state_changed_at = models.DateTimeField(_("status ändrad"), null=True, blank=True)
    state_changed_by = actor_field(_("status ändrad av"))
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    submitted_by = actor_field(_("inskickad av"))
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    approved_by = actor_field(_("godkänd av"))
    overview = models.TextField(
        _("översikt över årets internationella arbete"),
        blank=True,
        help_text=_("Beskriv kort förvaltningens internationella arbete under året."),
    )
    priorities = models.TextField(
        _("prioriterade inriktningar"),
        blank=True,
        help_text=_("Vilka inriktningar prioriterar förvaltningen i sitt internationella arbete?"),
    )
    networks = models.TextField(
        _("nätverk och medlemskap"),
        blank=True,
        help_text=_("Internationella nätverk förvaltningen deltar i."),
    )
    study_visits = models.TextField(
        _("studiebesök och utbyten"),
        blank=True,
        help_text=_("Studiebesök och utbyten, till och från organisationen."),
    )
    conferences = models.TextField(
        _("konferenser som förvaltningen arrangerat"),
        blank=True,
        help_text=_(
            "Internationella konferenser som förvaltningen arrangerat eller varit värd för."
        ),
    )
    results = models.TextField(
        _("resultat av det internationella arbetet"),
        blank=True,
        help_text=_("Vilka kvalitativa resultat har det internationella arbetet gett under året?"),
    )
    # The administration's name and short code as they stood in this year: they follow the
    # reference data while the year is open and stay as they were when it closed.
    administration_name = models.CharField(
        _("förvaltningens namn det året"), max_length=200, editable=False, db_collation=SWEDISH
    )
    administration_code = models.CharField(
        _("förvaltningens kortnamn det året"), max_length=20, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = actor_field(_("ändrad av"))

    history = HistoricalRecords(
        excluded_fields=[
            "version",
            "updated_at",
            "updated_by",
            *REFERENCE_NAME_FIELDS["submission"],
        ]
    )

    objects = SubmissionQuerySet.as_manager()

    NARRATIVE_FIELDS = (
        "overview",
        "priorities",
        "networks",
        "study_visits",
        "conferences",
        "results",
    )

    class Meta:
        ordering = ["reporting_year__year", "administration_name"]
        verbose_name = _("inrapportering")
        verbose_name_plural = _("inrapporteringar")
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "reporting_year"],
                name="submission_one_per_administration_year",
            ),
        ]

    def __str__(self):
        return f"{self.administration_name} {self.reporting_year}"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.administration_name:
            self.take_reference_names()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:submission_detail", kwargs={"pk": self.pk})

    def take_reference_names(self) -> None:
        """Copy the administration's name and code as they stand now (``administration_name``)."""
        self.administration_name = self.administration.name
        self.administration_code = self.administration.short_code

    @property
    def year(self) -> int:
        return self.reporting_year.year

    @property
    def is_editable_state(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def is_locked(self) -> bool:
        """Approved, or in a closed year: nothing changes it or anything it holds, by any path
        (the admin's too)."""
        return self.state == self.State.APPROVED or not self.reporting_year.is_open

    @property
    def is_editable(self) -> bool:
        """Its administration may change it (the entry pages, the Excel import, their
        services): not locked, and not submitted, since the City Office holds a submitted one
        until it returns it. A refusal is ``projects.access.SubmissionLocked``."""
        return not self.is_locked and self.state != self.State.SUBMITTED


class ProjectReportQuerySet(AdministrationScopedQuerySet):
    administration_field = "submission__administration"

    def for_year(self, year: int):
        return self.filter(submission__reporting_year__year=year)

    def counted(self, *, preliminary_in: int | None = None):
        """The reports of the submissions the figures count (``SubmissionQuerySet.counted``)."""
        return self.filter(_counted_condition(preliminary_in=preliminary_in, path="submission__"))


class ProjectReport(models.Model):
    """A project as reported in one year's submission: its facts that year and what it did.

    Every fact the figures and the memo read for a year lives here, so editing a running
    project in the open year changes that year only; copy-forward starts from last year's."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Projektägare")
        PARTNER = "partner", _("Projektpartner")

    GrantSource = GrantSource

    # The facts of the project that year, in the order the form shows them.
    FACT_FIELDS = (
        "name",
        "acronym",
        "programme",
        "grant_source",
        "grant_number",
        "role",
        "lead_organisation",
        "participating_administrations",
        "partner_locations",
        "start_date",
        "end_date",
        "total_budget_sek",
        "own_budget_sek",
        "eu_cofinancing_rate",
        "description",
        "website",
    )

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("inrapportering"),
        on_delete=models.CASCADE,
        related_name="project_reports",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("projekt"), on_delete=models.PROTECT, related_name="reports"
    )
    name = models.CharField(_("projektnamn"), max_length=300, db_collation=SWEDISH)
    acronym = models.CharField(_("förkortning"), max_length=60, blank=True, db_collation=SWEDISH)
    programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("program eller fond"),
        on_delete=models.PROTECT,
        related_name="project_reports",
    )
    # Which EU source knows the project, and its number there (docs/eu-data.md).
    grant_source = models.CharField(
        _("källa för projektnumret"), max_length=10, choices=GrantSource, blank=True
    )
    grant_number = models.CharField(
        _("projektnummer hos EU"),
        max_length=GRANT_NUMBER_MAX_LENGTH,
        blank=True,
        help_text=_("Bidragsavtalets eller projektets nummer hos källan, till exempel 101056875."),
    )
    role = models.CharField(_("organisationens roll"), max_length=10, choices=Role)
    lead_organisation = models.CharField(
        _("projektägare (organisation)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Fylls i när organisationen är projektpartner: vilken organisation leder projektet?"
        ),
    )
    participating_administrations = models.ManyToManyField(
        Administration,
        verbose_name=_("andra medverkande förvaltningar i organisationen"),
        blank=True,
        related_name="participating_project_reports",
    )
    partner_locations = models.TextField(
        _("partnerländer eller partnerstäder"),
        blank=True,
        help_text=_("Till exempel: Danmark (Köpenhamn), Tyskland (Hamburg)."),
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"))
    total_budget_sek = models.DecimalField(
        _("total projektbudget (kr)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    own_budget_sek = models.DecimalField(
        _("organisationens del av budgeten (kr)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    eu_cofinancing_rate = models.DecimalField(
        _("EU-medfinansiering (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
    )
    description = models.TextField(_("beskrivning"), blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    council_goal = models.ForeignKey(
        CouncilGoal,
        verbose_name=_("kommunfullmäktigemål"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_reports",
        help_text=_("Vilket av årets kommunfullmäktigemål bidrar projektet främst till?"),
    )
    results = models.TextField(
        _("resultat under året"), blank=True, help_text=_("Vad har projektet uppnått under året?")
    )
    suggested_as_example = models.BooleanField(
        _("föreslås som exempel i redovisningen"),
        default=False,
        help_text=_(
            "Kontoret som sammanställer redovisningen väljer exempel bland de föreslagna projekten."
        ),
    )
    # The programme and goal as they stood in the report's year: they follow the reference data
    # while the year is open and stay as they were when it closed. The figures read these.
    programme_name = models.CharField(
        _("programmets namn det året"), max_length=200, editable=False, db_collation=SWEDISH
    )
    programme_short_name = models.CharField(
        _("programmets kortnamn det året"), max_length=60, editable=False, blank=True
    )
    fund_family = models.CharField(
        _("fondfamilj det året"),
        max_length=20,
        choices=FundingProgramme.FundFamily,
        editable=False,
    )
    council_goal_name = models.CharField(
        _("målets namn det året"),
        max_length=200,
        editable=False,
        blank=True,
        db_collation=SWEDISH,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    # The history keeps the programme's and goal's names of each version, so the change list
    # of a closed year names them as they were.
    history = HistoricalRecords(
        excluded_fields=["version", "updated_at"], m2m_fields=[participating_administrations]
    )

    objects = ProjectReportQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("projektrapport")
        verbose_name_plural = _("projektrapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "project"], name="project_report_once_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="report_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(total_budget_sek__gte=0), name="report_total_budget_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(own_budget_sek__gte=0), name="report_own_budget_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(own_budget_sek__lte=models.F("total_budget_sek")),
                name="report_own_share_within_total",
            ),
            models.CheckConstraint(
                condition=Q(eu_cofinancing_rate__gte=0) & Q(eu_cofinancing_rate__lte=100),
                name="report_cofinancing_rate_percent",
            ),
            models.CheckConstraint(
                condition=(Q(grant_source="") & Q(grant_number=""))
                | (~Q(grant_source="") & ~Q(grant_number="")),
                name="report_grant_number_with_source",
            ),
        ]

    def __str__(self):
        label = f"{self.name} ({self.acronym})" if self.acronym else self.name
        return f"{label} – {self.submission.reporting_year}"

    def save(self, *args, **kwargs):
        # Only open years are ever saved (every write path refuses a locked submission), so
        # the names always follow the programme and goal the report points at.
        self.take_reference_names()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"programme", "council_goal"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *REFERENCE_NAME_FIELDS["report"]}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def take_reference_names(self) -> None:
        """Copy the programme's and goal's names as they stand now (also before a bulk insert)."""
        programme = self.programme
        self.programme_name = programme.name
        self.programme_short_name = programme.short_name
        self.fund_family = programme.fund_family
        self.council_goal_name = self.council_goal.name if self.council_goal_id else ""


class PayoutQuerySet(AdministrationScopedQuerySet):
    administration_field = "report__submission__administration"

    def dated_in(self, year: int):
        return self.filter(
            payment_date__gte=datetime.date(year, 1, 1),
            payment_date__lte=datetime.date(year, 12, 31),
        )


class Payout(models.Model):
    """EU money actually paid out to the administration for a project, reported in one year."""

    # What the coordinator enters for a payout, in the form and in the Excel template.
    ENTRY_FIELDS = ("payment_date", "amount_sek", "amount_eur", "exchange_rate", "note")

    report = models.ForeignKey(
        ProjectReport,
        verbose_name=_("projektrapport"),
        on_delete=models.CASCADE,
        related_name="payouts",
    )
    payment_date = models.DateField(_("utbetalningsdatum"))
    amount_sek = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    amount_eur = models.DecimalField(
        _("belopp (euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    exchange_rate = models.DecimalField(
        _("växelkurs (kr per euro)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    note = models.CharField(_("anteckning"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PayoutQuerySet.as_manager()

    class Meta:
        ordering = ["payment_date", "pk"]
        verbose_name = _("utbetalning")
        verbose_name_plural = _("utbetalningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_sek__gte=0), name="payout_amount_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gte=0),
                name="payout_eur_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(exchange_rate__isnull=True) | Q(exchange_rate__gt=0),
                name="payout_rate_positive",
            ),
        ]

    def __str__(self):
        return f"{self.payment_date} {self.amount_sek} kr"


class ProjectEnding(models.Model):
    """One of last year's projects that the administration says ended before 1 January of the
    submission's year, earlier than its planned end date: it is not carried forward, and the
    continuity check no longer asks for it."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("inrapportering"),
        on_delete=models.CASCADE,
        related_name="project_endings",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("projekt"), on_delete=models.CASCADE, related_name="endings"
    )
    # Last year's name, as the coordinator saw it when marking the project.
    name = models.CharField(_("projektnamn"), max_length=300, db_collation=SWEDISH)
    planned_end_date = models.DateField(_("planerat slutdatum"))
    ended_on = models.DateField(_("avslutades"))
    note = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(_("markerat"), default=timezone.now)
    created_by = actor_field(_("markerat av"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("projekt avslutat i förtid")
        verbose_name_plural = _("projekt avslutade i förtid")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "project"], name="project_ending_once_per_submission"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__lt=models.F("planned_end_date")),
                name="project_ending_before_planned_end",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.ended_on:%Y-%m-%d})"


class SubmissionComment(models.Model):
    """A review comment or workflow note on a submission, kept for the record."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Kommentar")
        RETURNED = "returned", _("Återskickad")
        APPROVED = "approved", _("Godkänd")
        REOPENED = "reopened", _("Återöppnad")
        SUBMITTED = "submitted", _("Inskickad")

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("inrapportering"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        User, verbose_name=_("författare"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("typ"), max_length=12, choices=Kind, default=Kind.COMMENT)
    text = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    # What a review comment is about: a project, one of its payouts, or (neither) the whole
    # submission. The label keeps saying what it was if the project or payout is removed.
    report = models.ForeignKey(
        ProjectReport,
        verbose_name=_("projekt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_comments",
    )
    payout = models.ForeignKey(
        Payout,
        verbose_name=_("utbetalning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_comments",
    )
    target_label = models.CharField(_("gäller"), max_length=400, blank=True, editable=False)
    # On the record of a submit: the warnings the coordinator confirmed, as they were shown
    # ({"code", "message", "report_id"} each), for the reviewer to see.
    confirmed_warnings = models.JSONField(
        _("bekräftade varningar"), default=list, blank=True, editable=False
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        constraints = [
            models.CheckConstraint(
                condition=Q(payout__isnull=True) | Q(report__isnull=False),
                name="comment_payout_with_its_project",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    def clean(self):
        if self.report_id is not None and self.report.submission_id != self.submission_id:
            raise ValidationError(
                {"report": _("Projektet hör inte till inrapporteringen.")}, code="invalid_target"
            )
        if self.payout_id is not None and self.payout.report_id != self.report_id:
            raise ValidationError(
                {"payout": _("Utbetalningen hör inte till projektet.")}, code="invalid_target"
            )


class LoginEventQuerySet(models.QuerySet):
    def matching(self, *, user_text: str = "", kind: str = "", since=None, until=None):
        """Events whose user name contains ``user_text``, of ``kind``, at or after ``since`` and
        before ``until`` (aware datetimes); empty arguments do not filter."""
        events = self
        if user_text:
            events = events.filter(
                Q(username__icontains=user_text) | Q(user__full_name__icontains=user_text)
            )
        if kind:
            events = events.filter(kind=kind)
        if since is not None:
            events = events.filter(created_at__gte=since)
        if until is not None:
            events = events.filter(created_at__lt=until)
        return events


class LoginEvent(models.Model):
    """A sign-in, a failed or locked-out sign-in, a sign-out, a role change or a lifted lockout,
    kept for the record with the time (UTC) and the address it came from."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Inloggning")
        FAILED = "failed", _("Misslyckad inloggning")
        LOCKED_OUT = "locked_out", _("Spärrad inloggning")
        LOGOUT = "logout", _("Utloggning")
        ROLE_CHANGED = "role_changed", _("Ändrad roll")
        UNLOCKED = "unlocked", _("Hävd spärr")
        SSO_LINKED = "sso_linked", _("Kopplad inloggning med organisationskonto")

    kind = models.CharField(_("händelse"), max_length=16, choices=Kind)
    user = models.ForeignKey(
        User,
        verbose_name=_("användare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="login_events",
    )
    # What was typed or locked, kept also when no account matches or the account is deleted.
    username = models.CharField(_("användarnamn"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    created_at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    changed_by = actor_field(_("ändrad av"))
    old_role = models.CharField(_("tidigare roll"), max_length=32, choices=UserRole, blank=True)
    new_role = models.CharField(_("ny roll"), max_length=32, choices=UserRole, blank=True)
    # For a lifted lockout of an address: the address that was locked.
    locked_ip_address = models.GenericIPAddressField(_("spärrad IP-adress"), null=True, blank=True)

    objects = LoginEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inloggningshändelse")
        verbose_name_plural = _("inloggningshändelser")
        indexes = [models.Index(fields=["kind", "created_at"], name="login_event_kind_time")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username} {self.created_at:%Y-%m-%d %H:%M}"


class SingleSignOnIdentityQuerySet(models.QuerySet):
    def linked(self):
        return self.filter(linked_at__isnull=False)

    def pending(self):
        return self.filter(linked_at__isnull=True)


class SingleSignOnIdentity(models.Model):
    """A person in Entra ID (tenant and object id, from the verified ID token) and the account
    it signs in to. Without ``linked_at`` it is a link waiting for the development
    coordinator: its e-mail address belonged to an account already, and is not proof enough."""

    user = models.ForeignKey(
        User,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="sso_identities",
    )
    tenant_id = models.UUIDField(_("tenant-id"))
    object_id = models.UUIDField(_("objekt-id"))
    # What the sign-in said, for the development coordinator to judge a waiting link by.
    email = models.CharField(_("e-postadress i inloggningen"), max_length=254, blank=True)
    name = models.CharField(_("namn i inloggningen"), max_length=200, blank=True)
    requested_at = models.DateTimeField(_("senaste inloggningsförsök"), default=timezone.now)
    linked_at = models.DateTimeField(_("kopplad"), null=True, blank=True)
    # Empty with ``linked_at`` set: linked by the first sign-in, which created the account.
    linked_by = actor_field(_("kopplad av"))

    objects = SingleSignOnIdentityQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("inloggning med organisationskonto")
        verbose_name_plural = _("inloggningar med organisationskonto")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_id", "object_id"], name="sso_identity_one_account"
            ),
            models.CheckConstraint(
                condition=Q(linked_by__isnull=True) | Q(linked_at__isnull=False),
                name="sso_identity_linked_by_needs_linked_at",
            ),
        ]

    def __str__(self):
        return f"{self.tenant_id}/{self.object_id}"

    @property
    def is_linked(self) -> bool:
        return self.linked_at is not None


class FormToken(models.Model):
    """The one-time token of a form that saves, kept from the save that used it: the same form
    sent again (a double click, a retried request, a form put back after signing in) saves
    nothing more and is sent to where the first one went."""

    user = models.ForeignKey(
        User, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="+"
    )
    token = models.UUIDField(_("formulärets nyckel"))
    # Empty only while the save that claimed the token is still running.
    redirect_url = models.CharField(_("sidan efter sparandet"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("sparat"), default=timezone.now)

    class Meta:
        verbose_name = _("sparat formulär")
        verbose_name_plural = _("sparade formulär")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="form_token_once_per_user")
        ]

    def __str__(self):
        return str(self.token)


class OrganisationLogo(models.Model):
    """A logo as it was uploaded, kept for good and never changed: the organisation points to
    its current one, and a closed year's copy of the organisation names its logo by
    ``sha256``, so a later logo leaves that year's memo as it was."""

    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    content_type = models.CharField(max_length=40, editable=False)
    data = models.BinaryField(editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("logotyp")
        verbose_name_plural = _("logotyper")

    def __str__(self):
        return f"{self.content_type} {self.sha256[:12]}"


class Organisation(models.Model):
    """The municipality or region that runs this installation: one row, edited by the
    development coordinator. Years copy it when they close (see ``projects.organisation``)."""

    class DocumentType(models.TextChoices):
        TJANSTESKRIVELSE = "tjansteskrivelse", _("Tjänsteskrivelse")
        TJANSTEUTLATANDE = "tjansteutlatande", _("Tjänsteutlåtande")
        SKRIVELSE = "skrivelse", _("Skrivelse")

    class OpenDataLicence(models.TextChoices):
        # The two licences dataportal.se recommends for open data (docs/open-data.md).
        CC0 = org.LICENCE_CC0, _("CC0 1.0 (fri användning, inget erkännande krävs)")
        CC_BY = org.LICENCE_CC_BY, _("CC BY 4.0 (fri användning med erkännande)")

    # One row per installation: the constraint below allows only ``True``.
    singleton = models.BooleanField(default=True, editable=False, unique=True)
    name = models.CharField(
        _("namn"), max_length=120, help_text=_("Till exempel Lunds kommun eller Region Skåne.")
    )
    name_genitive = models.CharField(
        _("namn i genitiv"),
        max_length=120,
        blank=True,
        help_text=_("Lämnas det tomt bildas det av namnet, till exempel Lunds kommuns."),
    )
    organisation_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        blank=True,
        validators=[org.validate_organisation_number],
        help_text=_("NNNNNN-NNNN."),
    )
    vat_number = models.CharField(
        _("momsregistreringsnummer"),
        max_length=14,
        blank=True,
        validators=[org.validate_vat_number],
    )
    pic = models.CharField(
        _("PIC"),
        max_length=9,
        blank=True,
        validators=[org.validate_pic],
        help_text=_("EU:s deltagarkod (Participant Identification Code), nio siffror."),
    )
    office_name = models.CharField(
        _("kontor som sammanställer"),
        max_length=120,
        help_text=_("Till exempel Stadskontoret, Kommunledningskontoret eller Koncernkontoret."),
    )
    document_type = models.CharField(
        _("dokumenttyp"),
        max_length=20,
        choices=DocumentType,
        default=DocumentType.TJANSTESKRIVELSE,
    )
    case_number_pattern = models.CharField(
        _("mönster för diarienummer"),
        max_length=60,
        blank=True,
        validators=[org.validate_case_number_pattern],
        help_text=_("Med {år} och {nummer}, till exempel STK-{år}-{nummer}."),
    )
    policy = models.TextField(
        _("styrdokument"),
        blank=True,
        help_text=_("Det styrdokument redovisningen följer, med beslutsår och diarienummer."),
    )
    responsible = models.TextField(
        _("ansvariga"),
        blank=True,
        help_text=_("Namn och titel, en per rad, som de står under rubriken Ansvariga."),
    )
    logo = models.ForeignKey(
        OrganisationLogo,
        verbose_name=_("logotyp"),
        # By content: the letterhead names the logo without reading it.
        to_field="sha256",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("PNG, JPEG eller SVG, högst 512 kB; står i tjänsteskrivelsens brevhuvud."),
    )
    colour_primary = models.CharField(
        _("huvudfärg"),
        max_length=7,
        default="#0a3c78",
        validators=[org.validate_letterhead_colour],
        help_text=_("Rubriker, diagram och sidhuvud, som #rrggbb; minst 4,5:1 mot vitt."),
    )
    colour_secondary = models.CharField(
        _("komplementfärg"),
        max_length=7,
        default="#052a55",
        validators=[org.validate_letterhead_colour],
        help_text=_("Som #rrggbb; minst 4,5:1 mot vitt."),
    )
    companies_report = models.BooleanField(
        _("kommunala bolag rapporterar"),
        default=False,
        help_text=_("Bolagen redovisar sina EU-projekt på samma sätt som förvaltningarna."),
    )
    email_from = models.EmailField(
        _("avsändare för e-post"),
        blank=True,
        help_text=_("Adressen påminnelser och besked skickas från."),
    )
    open_data_licence = models.CharField(
        _("licens för öppna data"),
        max_length=10,
        choices=OpenDataLicence,
        default=OpenDataLicence.CC0,
        help_text=_("Licensen för de publicerade siffrorna i katalogen för dataportal.se."),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="organisation_single_row")
        ]

    def __str__(self):
        return self.name

    def name_in_genitive(self) -> str:
        return self.name_genitive or genitive(self.name, language="sv")

    def document_type_name(self) -> str:
        """The document type as the memo writes it: in the documents' language (Swedish),
        whatever language the person who closes a year uses, since the year keeps it."""
        with translation.override(settings.LANGUAGE_CODE):
            return str(self.DocumentType(self.document_type).label)

    def facts(self, *, with_decision_steps: bool = True) -> org.OrganisationFacts:
        steps = tuple(
            org.DecisionStepFacts(body=step.body, abbreviation=step.abbreviation)
            for step in (self.decision_steps.all() if with_decision_steps else ())
        )
        return org.OrganisationFacts(
            name=self.name,
            name_genitive=self.name_in_genitive(),
            organisation_number=self.organisation_number,
            vat_number=self.vat_number,
            pic=self.pic,
            office_name=self.office_name,
            document_type=self.document_type,
            document_type_label=self.document_type_name(),
            case_number_pattern=self.case_number_pattern,
            policy=self.policy,
            responsible=self.responsible,
            colour_primary=self.colour_primary,
            colour_secondary=self.colour_secondary,
            companies_report=self.companies_report,
            email_from=self.email_from,
            open_data_licence=self.open_data_licence,
            logo_sha256=self.logo_id or "",
            decision_steps=steps,
        )


class DecisionStep(models.Model):
    """A body the report passes on its way to the decision, in order (KSAU → KS → KF)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="decision_steps"
    )
    position = models.PositiveSmallIntegerField(_("ordning"))
    body = models.CharField(
        _("instans"), max_length=120, help_text=_("Till exempel Kommunstyrelsen.")
    )
    abbreviation = models.CharField(_("kortform"), max_length=20, help_text=_("Till exempel KS."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("beslutssteg")
        verbose_name_plural = _("beslutsgång")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "position"], name="decision_step_position_unique"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.body} ({self.abbreviation})"


class EuSourceFile(models.Model):
    """An open file from an EU source as it was imported: its name, date and checksum."""

    source = models.CharField(_("källa"), max_length=10, choices=GrantSource)
    file_name = models.CharField(_("filnamn"), max_length=255)
    file_date = models.DateField(_("filens datum"))
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    imported_at = models.DateTimeField(_("importerad"), default=timezone.now)
    rows_read = models.PositiveIntegerField(_("lästa rader"), default=0)
    records_kept = models.PositiveIntegerField(_("sparade projekt"), default=0)
    # Empty when the import ran from the command line.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-file_date", "-pk"]
        verbose_name = _("fil från EU")
        verbose_name_plural = _("filer från EU")
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="eu_source_file_once")
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.file_name} ({self.file_date.isoformat()})"


class EuProjectRecord(models.Model):
    """A project as an EU source publishes it, with the organisation's part in it when the
    source names the organisation; kept beside what the coordinators report, never instead."""

    source = models.CharField(_("källa"), max_length=10, choices=GrantSource)
    grant_number = models.CharField(_("projektnummer"), max_length=GRANT_NUMBER_MAX_LENGTH)
    acronym = models.CharField(_("förkortning"), max_length=60, blank=True)
    title = models.CharField(_("titel"), max_length=500, blank=True)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    total_cost_eur = models.DecimalField(
        _("total kostnad (euro)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    eu_contribution_max_eur = models.DecimalField(
        _("högsta EU-bidrag (euro)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    coordinator_name = models.CharField(_("koordinator"), max_length=300, blank=True)
    # The organisation's own participation; empty when the source does not name it.
    organisation_role = models.CharField(_("organisationens roll"), max_length=40, blank=True)
    organisation_eu_contribution_eur = models.DecimalField(
        _("organisationens EU-bidrag (euro)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    organisation_net_eu_contribution_eur = models.DecimalField(
        _("organisationens nettobidrag från EU (euro)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    organisation_total_cost_eur = models.DecimalField(
        _("organisationens kostnad (euro)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    source_file = models.ForeignKey(
        EuSourceFile,
        verbose_name=_("fil"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    # Why the record was kept: a name alone makes it a suggestion to confirm, never certain.
    match = models.CharField(
        _("träff på"), max_length=10, choices=RecordMatch, default=RecordMatch.IDENTIFIER
    )
    # The acronym and title as searched (``search_key``), written by ``save()``.
    acronym_key = models.CharField(max_length=60, blank=True, editable=False)
    title_key = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        ordering = ["source", "grant_number"]
        verbose_name = _("projekt enligt EU")
        verbose_name_plural = _("projekt enligt EU")
        constraints = [
            models.UniqueConstraint(fields=["source", "grant_number"], name="eu_project_once")
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.grant_number} {self.acronym}".strip()

    def save(self, *args, **kwargs):
        self.acronym_key = search_key(self.acronym)[:60]
        self.title_key = search_key(self.title)[:500]
        super().save(*args, **kwargs)

    @property
    def is_suggestion(self) -> bool:
        return self.match == RecordMatch.NAME


class EuImportJobQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status__in=[EuImportJob.Status.PENDING, EuImportJob.Status.RUNNING])


class EuImportJob(models.Model):
    """An uploaded open file waiting for the worker, or what became of it: one per source and
    file (its SHA-256), so that the same upload twice is one job."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        RUNNING = "running", _("Läses in")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    # ``code`` of a job done on a file that had been imported before: nothing changed.
    ALREADY_IMPORTED = "already_imported"

    source = models.CharField(_("källa"), max_length=10, choices=GrantSource)
    file_name = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    # The upload in the file storage until the worker has read it; then empty.
    stored_name = models.CharField(max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    # The refusal's code (the file was refused), "technical" (the worker failed) or
    # "already_imported" (done: the file had been imported before).
    code = models.CharField(max_length=40, blank=True)
    error = models.TextField(_("fel"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uppladdad av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("uppladdad"), default=timezone.now)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    source_file = models.ForeignKey(
        EuSourceFile,
        verbose_name=_("fil"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    objects = EuImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("import av fil från EU")
        verbose_name_plural = _("importer av filer från EU")
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="eu_import_job_once")
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.file_name} ({self.get_status_display()})"

    @property
    def is_waiting(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def was_imported_before(self) -> bool:
        return self.status == self.Status.DONE and self.code == self.ALREADY_IMPORTED
