"""What the City Office gets out: the council memo (tjänsteskrivelse) and its published versions."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.models import Administration, ProjectReport, ReportingYear, Submission, actor_field
from projects.years import FIRST_YEAR, LAST_YEAR


class Memo(models.Model):
    """The council memo for one reporting year: metadata and the text of every section.

    Sections in ``FIGURE_FIELDS`` are written from the figures and rewritten when the figures
    are refreshed; every other text is the development coordinator's and is never overwritten.
    """

    year = models.PositiveSmallIntegerField(
        _("år"),
        unique=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    # The draft goes with its reporting year when a year opened by mistake is deleted (a year
    # with a published version cannot be: it has approved data). Empty for a memo of a year
    # that has no reporting year.
    reporting_year = models.ForeignKey(
        ReportingYear,
        verbose_name=_("redovisningsår"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    date = models.DateField(_("datum"), default=timezone.localdate)
    reference_name = models.CharField(_("vår referens, namn"), max_length=200, blank=True)
    reference_title = models.CharField(_("vår referens, titel"), max_length=200, blank=True)
    reference_email = models.EmailField(_("vår referens, e-postadress"), blank=True)
    case_number = models.CharField(
        _("diarienummer"), max_length=40, blank=True, help_text=_("Till exempel STK-2023-1702.")
    )
    title = models.CharField(_("rubrik"), max_length=300)

    summary = models.TextField(_("sammanfattning"), blank=True)
    proposed_decision = models.TextField(_("förslag till beslut"), blank=True)
    decision_basis = models.TextField(_("beslutsunderlag"), blank=True)
    recipients = models.TextField(
        _("beslutet skickas till"), blank=True, help_text=_("En mottagare per rad.")
    )
    matter = models.TextField(_("ärendet"), blank=True)
    international_intro = models.TextField(
        _("förvaltningarnas internationella arbete, inledning"), blank=True
    )
    projects_text = models.TextField(
        _("förvaltningarnas internationella arbete, projekt"), blank=True
    )
    payouts_by_administration_text = models.TextField(
        _("utbetalda EU-medel fördelat på förvaltning"), blank=True
    )
    payouts_by_goal_text = models.TextField(
        _("utbetalda EU-medel fördelat på kommunfullmäktigemål"), blank=True
    )
    examples_text = models.TextField(
        _("exempel från förvaltningarnas internationella arbete"), blank=True
    )
    assessment = models.TextField(_("kontorets bedömning"), blank=True)

    examples = models.ManyToManyField(
        ProjectReport,
        verbose_name=_("valda exempel"),
        blank=True,
        related_name="+",
        help_text=_("Projekt som förvaltningarna föreslagit som exempel."),
    )
    # What the figure sections were written from, to tell when the data has changed since.
    figures_snapshot = models.JSONField(_("siffror vid utkastet"), default=dict, blank=True)
    figures_hash = models.CharField(_("kontrollsumma för siffrorna"), max_length=64, blank=True)
    figures_drafted_at = models.DateTimeField(_("siffrorna hämtade"), null=True, blank=True)
    # The wording templates the memo was drafted with (key -> template), a copy of the
    # organisation's ``MemoWording``: the headings and the figure sections are written from it
    # until an explicit refresh takes the current wording (see docs/memo.md).
    wording = models.JSONField(_("formuleringar"), default=dict, blank=True, editable=False)
    # The example paragraphs as last written from the data: unchanged ones follow the data.
    examples_generated_text = models.TextField(blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = actor_field(_("ändrad av"))

    # The sections before the figures, in the memo's order; the assessment ends the memo.
    INTRODUCTION_FIELDS = (
        "summary",
        "proposed_decision",
        "decision_basis",
        "recipients",
        "matter",
        "international_intro",
    )
    FIGURE_FIELDS = ("projects_text", "payouts_by_administration_text", "payouts_by_goal_text")
    HAND_WRITTEN_FIELDS = (*INTRODUCTION_FIELDS, "assessment")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("tjänsteskrivelse")
        verbose_name_plural = _("tjänsteskrivelser")

    def __str__(self):
        return self.title or str(self.year)

    def get_absolute_url(self):
        return reverse("reporting:memo_year", kwargs={"year": self.year})

    def figures_changed(self, current_hash: str) -> bool:
        return bool(self.figures_hash) and self.figures_hash != current_hash

    @property
    def examples_edited_by_hand(self) -> bool:
        return self.examples_text.strip() != self.examples_generated_text.strip()


class MemoWording(models.Model):
    """The organisation's current wording of the memo: every fixed sentence and heading as a
    template (key -> template, see ``reporting.memo.wording_catalogue``). One row; a memo takes
    a copy when it is drafted."""

    # One row per installation: the constraint below allows only ``True``.
    singleton = models.BooleanField(default=True, editable=False, unique=True)
    templates = models.JSONField(_("formuleringar"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = actor_field(_("ändrad av"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("tjänsteskrivelsens formuleringar")
        verbose_name_plural = _("tjänsteskrivelsens formuleringar")
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="memo_wording_single_row")
        ]

    def __str__(self):
        return str(self._meta.verbose_name)


class MemoDecisionStep(models.Model):
    """One row of the decision planning: which body handles the matter, and when."""

    memo = models.ForeignKey(
        Memo, verbose_name=_("tjänsteskrivelse"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    body = models.CharField(_("instans"), max_length=200)
    date = models.DateField(_("datum"), null=True, blank=True)

    class Meta:
        ordering = ["memo", "order", "pk"]
        verbose_name = _("beslutsplanering")
        verbose_name_plural = _("beslutsplanering")

    def __str__(self):
        return f"{self.body} {self.date or ''}".strip()


class MemoOfficial(models.Model):
    """A responsible official named at the end of the memo."""

    memo = models.ForeignKey(
        Memo,
        verbose_name=_("tjänsteskrivelse"),
        on_delete=models.CASCADE,
        related_name="officials",
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True)

    class Meta:
        ordering = ["memo", "order", "pk"]
        verbose_name = _("ansvarig")
        verbose_name_plural = _("ansvariga")

    def __str__(self):
        return f"{self.name} {self.title}".strip()


class ImmutableRecordError(ValidationError):
    """A published memo is a record: it is never changed or removed."""


class PublishedQuerySet(models.QuerySet):
    """Rows written at publishing: never updated or deleted in bulk either."""

    def update(self, **kwargs):
        raise ImmutableRecordError(_("En publicerad version kan inte ändras."))

    def delete(self):
        raise ImmutableRecordError(_("En publicerad version kan inte tas bort."))


class PublishedMemoQuerySet(PublishedQuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def without_file(self):
        """Listings never need the PDF or Word bytes themselves.

        ``memo_unchanged``: the memo has not been saved since the version was published, the
        cheap sign that a version published without a Word file may still get one."""
        return self.defer("pdf", "docx", "rows").annotate(
            memo_unchanged=Q(memo__updated_at__lte=F("published_at"))
        )


class PdfVariant(models.TextChoices):
    """The PDF standards a memo is written to, as WeasyPrint names them."""

    ARCHIVAL = "pdf/a-2a", "PDF/A-2a"
    ACCESSIBLE = "pdf/ua-1", "PDF/UA-1"


class PublishedMemo(models.Model):
    """A published version of a year's memo: the PDF as it was handed out, and the Word file
    written from the same content at the same moment, never changed."""

    memo = models.ForeignKey(
        Memo,
        verbose_name=_("tjänsteskrivelse"),
        on_delete=models.PROTECT,
        related_name="published_versions",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveIntegerField(_("version"))
    pdf = models.BinaryField(_("PDF"))
    size = models.PositiveIntegerField(_("storlek (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The standard the PDF was written to: PDF/A-2a (declaring PDF/UA-1 too) since published
    # versions are archival, PDF/UA-1 for the versions published before (kept as they are).
    pdf_variant = models.CharField(
        _("PDF-standard"), max_length=12, choices=PdfVariant, editable=False
    )
    # Versions published before Word files were stored have none (see memo_docx).
    docx = models.BinaryField(_("Word-fil"), null=True, blank=True)
    docx_sha256 = models.CharField(_("Word-filens SHA-256"), max_length=64, blank=True)
    # The rows behind each figure the text states, as a workbook written at publishing from
    # the same figures; versions published before it was stored have none.
    rows = models.BinaryField(_("underlag (Excel)"), null=True, blank=True)
    rows_sha256 = models.CharField(_("underlagets SHA-256"), max_length=64, blank=True)
    # The figures the version states, as the memo keeps them (``figures_snapshot``): open data
    # shows these. Empty for a version published before they were kept, unless the memo's
    # snapshot was still the one it was published with.
    figures = models.JSONField(_("siffror vid publiceringen"), null=True, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    case_number = models.CharField(_("diarienummer"), max_length=40, blank=True)
    published_at = models.DateTimeField(_("publicerad"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicerad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_by_name = models.CharField(_("publicerad av (namn)"), max_length=200)

    objects = PublishedMemoQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("publicerad tjänsteskrivelse")
        verbose_name_plural = _("publicerade tjänsteskrivelser")
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="published_memo_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="published_memo_version_gte1"),
            models.CheckConstraint(
                condition=Q(docx__isnull=True, docx_sha256="")
                | (Q(docx__isnull=False) & ~Q(docx_sha256="")),
                name="published_memo_docx_with_checksum",
            ),
            models.CheckConstraint(
                condition=Q(rows__isnull=True, rows_sha256="")
                | (Q(rows__isnull=False) & ~Q(rows_sha256="")),
                name="published_memo_rows_with_checksum",
            ),
        ]

    def __str__(self):
        return f"{self.title}, version {self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(_("En publicerad version kan inte ändras."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "reporting:published_memo_download", kwargs={"year": self.year, "version": self.version}
        )

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(_("En publicerad version kan inte tas bort."))

    @property
    def filename(self) -> str:
        return f"redovisning-internationellt-arbete-{self.year}-version-{self.version}.pdf"

    @property
    def has_docx(self) -> bool:
        """Whether the Word file was stored at publishing (read without loading the bytes)."""
        return bool(self.docx_sha256)

    @staticmethod
    def checksum(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    @classmethod
    def of_pdf(
        cls,
        memo: Memo,
        pdf: bytes,
        *,
        version: int,
        user,
        pdf_variant: str = PdfVariant.ARCHIVAL,
        published_at: datetime.datetime | None = None,
    ) -> PublishedMemo:
        """Version ``version`` of ``memo`` holding ``pdf`` (written to ``pdf_variant``),
        published by ``user`` at ``published_at`` (now by default; not saved)."""
        return cls(
            memo=memo,
            year=memo.year,
            version=version,
            pdf=pdf,
            pdf_variant=pdf_variant,
            published_at=published_at or timezone.now(),
            size=len(pdf),
            sha256=cls.checksum(pdf),
            title=memo.title,
            case_number=memo.case_number,
            published_by=user,
            published_by_name=user.get_full_name(),
        )

    @property
    def has_rows(self) -> bool:
        """Whether the rows workbook was stored at publishing (read without loading the bytes)."""
        return bool(self.rows_sha256)

    @property
    def rows_filename(self) -> str:
        return f"underlag-internationellt-arbete-{self.year}-version-{self.version}.xlsx"

    def verify(self) -> bool:
        """Whether the stored PDF, and the Word file and rows workbook when there are ones,
        are as published."""
        if self.checksum(bytes(self.pdf)) != self.sha256:
            return False
        if self.has_docx and self.checksum(bytes(self.docx)) != self.docx_sha256:
            return False
        return not self.has_rows or self.checksum(bytes(self.rows)) == self.rows_sha256


class PublishedMemoSubmission(models.Model):
    """An approved submission a published version was published from, as it stood then: the
    archival package holds these (``reporting/archive/``).

    Written with the version, never changed. Versions published before it was kept have none."""

    published = models.ForeignKey(
        PublishedMemo,
        verbose_name=_("publicerad version"),
        on_delete=models.PROTECT,
        related_name="basis",
    )
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("inrapportering"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The submission's version and approval when the memo was published: a submission reopened
    # and approved again since reads differently, and the package says so.
    submission_version = models.PositiveIntegerField(_("inrapporteringens version"))
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    administration_name = models.CharField(_("förvaltning"), max_length=200)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["administration_name", "pk"]
        verbose_name = _("underlag för publicerad version")
        verbose_name_plural = _("underlag för publicerade versioner")
        constraints = [
            models.UniqueConstraint(
                fields=["published", "submission"], name="published_memo_submission_once"
            ),
        ]

    def __str__(self):
        return f"{self.published}: {self.administration_name}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(_("En publicerad version kan inte ändras."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(_("En publicerad version kan inte tas bort."))


class HistoricalTotal(models.Model):
    """A year's totals as an old memo states them, for years before the application.

    Entered by the development coordinator and always shown as entered, never as computed;
    a year the application holds data for cannot have one (see ``clean``)."""

    # What the development coordinator enters (the form); the trend is kept per their values.
    ENTERED_FIELDS = (
        "year",
        "project_count",
        "owner_count",
        "partner_count",
        "payouts_sek",
        "payouts_wording",
        "source",
        "note",
    )

    year = models.PositiveSmallIntegerField(
        _("år"), unique=True, validators=[MinValueValidator(1995), MaxValueValidator(2100)]
    )
    project_count = models.PositiveIntegerField(_("antal EU-projekt"))
    owner_count = models.PositiveIntegerField(_("varav projektägare"), null=True, blank=True)
    partner_count = models.PositiveIntegerField(_("varav partner"), null=True, blank=True)
    payouts_sek = models.DecimalField(
        _("utbetalda EU-medel (kr)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    payouts_wording = models.CharField(
        _("så står beloppet i källan"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel ”över 40 miljoner kronor”."),
    )
    source = models.CharField(
        _("källa"),
        max_length=300,
        help_text=_("Till exempel ”Redovisning av internationellt arbete 2013, STK-2014-123”."),
    )
    note = models.TextField(_("kommentar"), blank=True)
    entered_at = models.DateTimeField(_("inlagd"), auto_now=True)
    entered_by = actor_field(_("inlagd av"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("historisk uppgift")
        verbose_name_plural = _("historiska uppgifter")
        constraints = [
            models.CheckConstraint(
                condition=Q(payouts_sek__isnull=True) | Q(payouts_sek__gte=0),
                name="historical_total_payouts_gte0",
            ),
            models.CheckConstraint(
                condition=Q(owner_count__isnull=True)
                | Q(partner_count__isnull=True)
                | Q(project_count__gte=F("owner_count") + F("partner_count")),
                name="historical_total_roles_within_count",
            ),
        ]

    def __str__(self):
        return str(self.year)


class MemoRenderQuerySet(models.QuerySet):
    def current(self, memo: Memo, kind: str, key: str) -> MemoRender | None:
        """The file of one kind made under ``key``, without its bytes; None if none is made."""
        return (
            self.filter(memo=memo, kind=kind, key=key, status=BackgroundFile.Status.DONE)
            .defer("data")
            .first()
        )

    def latest_for(self, memo: Memo, kind: str) -> MemoRender | None:
        """The latest request of one kind for the memo, without the file's bytes."""
        return (
            self.filter(memo=memo, kind=kind)
            .select_related("published")
            .defer("data", "published__pdf", "published__docx")
            .order_by("-requested_at", "-pk")
            .first()
        )


class BackgroundFile(models.Model):
    """A file the background worker makes (reporting/tasks.py): asked for, then made or failed.

    What the memo's files and the Excel exports share: the state the status pages show, the
    file's bytes, and when and by whom it was asked for."""

    class Status(models.TextChoices):
        PENDING = "pending", _("skapas")
        DONE = "done", _("klar")
        FAILED = "failed", _("misslyckades")

    # A file still "being made" after this long is taken as lost (a stopped worker): it may be
    # asked for again.
    STALE_AFTER = datetime.timedelta(minutes=5)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    data = models.BinaryField(_("fil"), null=True, blank=True)
    size = models.PositiveIntegerField(_("storlek (byte)"), default=0)
    error = models.TextField(_("fel"), blank=True)
    requested_at = models.DateTimeField(_("beställd"), default=timezone.now)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    requested_by = actor_field(_("beställd av"))

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-pk"]

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_stale

    @property
    def is_stale(self) -> bool:
        return (
            self.status == self.Status.PENDING
            and timezone.now() - self.requested_at > self.STALE_AFTER
        )

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def etag(self) -> str:
        """Names the file's bytes in a download: the key it was made under, and its row."""
        return f"{self.key}-{self.pk}"

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stale

    @property
    def state(self) -> str:
        """What a status box shows: ``done``, ``failed`` (lost counts as failed) or ``pending``."""
        if self.is_done:
            return "done"
        return "failed" if self.can_retry else "pending"


class MemoRender(BackgroundFile):
    """A file of the memo made by the background worker: the draft as PDF or Word, or a version
    to publish.

    A draft file is kept per memo revision and year's data version (``key``): asking again for
    an unchanged draft serves the stored file, and a file being made is never asked for twice.
    A publish request points to the published version once the worker has made it."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        DOCX = "docx", _("Word")
        PUBLISH = "publish", _("publicering")

    KEEP_PER_KIND = 3

    memo = models.ForeignKey(
        Memo, verbose_name=_("tjänsteskrivelse"), on_delete=models.CASCADE, related_name="renders"
    )
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    # What the file is made from: the memo's revision and save time, and the year's data
    # version (``ReportingYear.data_version``).
    key = models.CharField(_("nyckel"), max_length=64)
    revision = models.PositiveIntegerField(_("revision"))
    data_version = models.PositiveBigIntegerField(_("version av årets uppgifter"), default=0)
    # Publishing while not every administration is approved was chosen explicitly when it was
    # asked for: the worker publishes on that choice and checks the rest again.
    incomplete_basis_accepted = models.BooleanField(
        _("publiceras på ofullständigt underlag"), default=False
    )
    published = models.ForeignKey(
        PublishedMemo,
        verbose_name=_("publicerad version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MemoRenderQuerySet.as_manager()

    class Meta(BackgroundFile.Meta):
        verbose_name = _("fil av tjänsteskrivelsen")
        verbose_name_plural = _("filer av tjänsteskrivelsen")
        constraints = [
            models.UniqueConstraint(
                fields=["memo", "kind", "key"],
                condition=~Q(kind="publish"),
                name="memo_render_one_per_key",
            ),
            models.UniqueConstraint(
                fields=["memo"],
                condition=Q(kind="publish", status="pending"),
                name="memo_render_one_pending_publish",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(kind="publish") | Q(data__isnull=False),
                name="memo_render_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.memo.year} {self.kind} {self.status}"

    @staticmethod
    def key_for(memo: Memo, data_version: int) -> str:
        source = f"{memo.revision}|{memo.updated_at.isoformat()}|v{data_version}"
        return hashlib.sha256(source.encode()).hexdigest()


class ExportFileQuerySet(models.QuerySet):
    def latest_in(self, family: str) -> ExportFile | None:
        """The latest file asked for with the same input, whatever the data, without its bytes."""
        return self.filter(family=family).defer("data").order_by("-requested_at", "-pk").first()

    def waiting(self):
        """Requests the worker has still to make (not those lost with a stopped worker)."""
        return self.filter(
            status=ExportFile.Status.PENDING,
            requested_at__gte=timezone.now() - ExportFile.STALE_AFTER,
        )


class ExportFile(BackgroundFile):
    """An Excel file made by the background worker: the year's workbook or the rows behind a
    figure.

    Kept per exact input and data (``key``): asking again while nothing has changed serves the
    stored file, and a file being made is never asked for twice. ``family`` is the input
    without the data: what a status page follows, and within which old files are removed."""

    class Kind(models.TextChoices):
        YEAR_WORKBOOK = "year", _("årets arbetsbok")
        FIGURE_ROWS = "rows", _("raderna bakom ett nyckeltal")

    # Older files of the same input are of data since changed: never served again.
    KEEP_PER_FAMILY = 2
    # Every slice of every figure is an input of its own; this bounds them all.
    KEEP_PER_KIND = 50

    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    family = models.CharField(_("indata"), max_length=64, db_index=True)
    key = models.CharField(_("nyckel"), max_length=64, unique=True)
    year = models.PositiveSmallIntegerField(_("år"))
    preliminary = models.BooleanField(_("preliminärt"), default=False)
    # A coordinator's rows are narrowed to their own administration; none: the whole city.
    scope = models.ForeignKey(
        Administration,
        verbose_name=_("förvaltning"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    figure = models.CharField(_("nyckeltal"), max_length=40, blank=True)
    row_query = models.TextField(_("urval"), blank=True)
    language = models.CharField(_("språk"), max_length=10)
    title = models.TextField(_("rubrik"), blank=True)
    filename = models.CharField(_("filnamn"), max_length=200)

    objects = ExportFileQuerySet.as_manager()

    class Meta(BackgroundFile.Meta):
        verbose_name = _("exportfil")
        verbose_name_plural = _("exportfiler")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(data__isnull=False),
                name="export_file_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.kind} {self.status}"


class ArchivePackage(BackgroundFile):
    """A published version's archival package (E-ARK SIP), made by the background worker
    (``reporting/archive/``). Made again on request; the latest few are kept."""

    KEEP_PER_VERSION = 2

    published = models.ForeignKey(
        PublishedMemo,
        verbose_name=_("publicerad version"),
        on_delete=models.PROTECT,
        related_name="archive_packages",
    )

    class Meta(BackgroundFile.Meta):
        verbose_name = _("arkivpaket")
        verbose_name_plural = _("arkivpaket")
        constraints = [
            models.UniqueConstraint(
                fields=["published"],
                condition=Q(status="pending"),
                name="archive_package_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(data__isnull=False),
                name="archive_package_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.published} {self.status}"

    @property
    def etag(self) -> str:
        # A package is made once under its row (no key): the row names its bytes.
        return f"archive-{self.pk}"
