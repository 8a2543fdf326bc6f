"""The open figures of published years: a page, JSON and CSV per year, without signing in.

Only when ``settings.PUBLIC_FIGURES`` is on; otherwise, and for a year without a published
memo, every address answers 404. The schema is documented in docs/open-data.md."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View
from django.views.generic import TemplateView

from projects.models import FundingProgramme
from projects.selectors import organisation_letterhead
from reporting.csv_files import CONTENT_TYPE, machine_csv
from reporting.open_data.catalogue import catalogue_graph
from reporting.selectors import YearStatus, year_status
from reporting.selectors.public import (
    CSV_COLUMNS,
    SCHEMA_VERSION,
    public_figures,
    public_figures_rows,
    published_years,
)

JSON_PARAMS = {"ensure_ascii": False, "indent": 2}


class PublicFiguresMixin:
    """404 unless the open figures are switched on; the figures of the year, or 404."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.PUBLIC_FIGURES:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def year_figures(self, status: YearStatus | None = None) -> dict:
        figures = public_figures(self.kwargs["year"], status)
        if figures is None:
            raise Http404
        return figures


# The public page's amount tables: the figures' list, the key of each row's label, the
# section's slug, and its heading, caption (of the year) and label column, as msgids.
AMOUNT_TABLES = (
    (
        "payouts_by_administration",
        "administration",
        "administrations",
        gettext_noop("Utbetalda EU-medel per förvaltning"),
        gettext_noop("Utbetalda EU-medel %(year)s per förvaltning, störst belopp först"),
        gettext_noop("Förvaltning"),
    ),
    (
        "payouts_by_council_goal",
        "goal",
        "goals",
        gettext_noop("Utbetalda EU-medel per kommunfullmäktigemål"),
        gettext_noop("Utbetalda EU-medel %(year)s per kommunfullmäktigemål, störst belopp först"),
        gettext_noop("Kommunfullmäktigemål"),
    ),
    (
        "payouts_by_programme",
        "programme",
        "programmes",
        gettext_noop("Utbetalda EU-medel per program"),
        gettext_noop("Utbetalda EU-medel %(year)s per program eller fond, störst belopp först"),
        gettext_noop("Program eller fond"),
    ),
)


def _amount_tables(figures: dict) -> list[dict]:
    return [
        {
            "slug": slug,
            "heading": _(heading),
            "caption": _(caption) % {"year": figures["year"]},
            "label_heading": _(label_heading),
            # No rows url: the public page links to no rows behind a figure.
            "rows": [(row[name], Decimal(row["amount_sek"]), "") for row in figures[key]],
        }
        for key, name, slug, heading, caption, label_heading in AMOUNT_TABLES
    ]


def _links(year: int) -> dict:
    return {
        "page": reverse("open_data:year", kwargs={"year": year}),
        "json": reverse("open_data:year_json", kwargs={"year": year}),
        "csv": reverse("open_data:year_csv", kwargs={"year": year}),
    }


class PublicIndexView(PublicFiguresMixin, TemplateView):
    """The years with a published memo, each with its page, JSON and CSV."""

    template_name = "reporting/public_index.html"

    def get_context_data(self, **kwargs):
        years = [{**entry, **_links(entry["year"])} for entry in published_years()]
        return super().get_context_data(
            years=years, organisation=organisation_letterhead(), **kwargs
        )


class PublicIndexJsonView(PublicFiguresMixin, View):
    def get(self, request):
        years = [
            {
                key: value
                for key, value in {**entry, **_links(entry["year"])}.items()
                if key != "published_on"
            }
            for entry in published_years()
        ]
        return JsonResponse(
            {
                "schema_version": SCHEMA_VERSION,
                "publisher": organisation_letterhead().name,
                "years": years,
            },
            json_dumps_params=JSON_PARAMS,
        )


class PublicYearView(PublicFiguresMixin, TemplateView):
    """A published year's figures as tables."""

    template_name = "reporting/public_year.html"

    def get_context_data(self, **kwargs):
        # The year's status as the application's pages show it (read once, for the JSON too).
        status = year_status(self.kwargs["year"])
        figures = self.year_figures(status)
        year = figures["year"]
        families = dict(FundingProgramme.FundFamily.choices)
        return super().get_context_data(
            figures=figures,
            organisation=organisation_letterhead(year),
            links=_links(year),
            amount_tables=_amount_tables(figures),
            status=status,
            # Fund families in the reader's language (the figures carry the Swedish label).
            cofinancing_rows=[
                {
                    "label": str(families.get(row["fund_family"], row["label"])),
                    "min_rate": Decimal(row["min_rate"]),
                    "max_rate": Decimal(row["max_rate"]),
                }
                for row in figures["cofinancing_by_fund_family"]
            ],
            **kwargs,
        )


class PublicYearJsonView(PublicFiguresMixin, View):
    def get(self, request, year: int):
        return JsonResponse(self.year_figures(), json_dumps_params=JSON_PARAMS)


class PublicYearCsvView(PublicFiguresMixin, View):
    def get(self, request, year: int):
        figures = self.year_figures()
        response = HttpResponse(
            machine_csv(CSV_COLUMNS, public_figures_rows(figures)), content_type=CONTENT_TYPE
        )
        year = figures["year"]
        publisher = slugify(organisation_letterhead(year).name)
        response["Content-Disposition"] = (
            f'attachment; filename="eu-projekt-{publisher or "data"}-{year}.csv"'
        )
        return response


# The catalogue's serialisations: dataportal.se harvests RDF/XML; Turtle is for people.
CATALOGUE_FORMATS = {
    "rdf": ("xml", "application/rdf+xml; charset=utf-8"),
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
}


class CatalogueView(PublicFiguresMixin, View):
    """The open figures described in DCAT-AP-SE for dataportal.se (docs/open-data.md)."""

    serialisation = "rdf"

    def get(self, request):
        rdf_format, content_type = CATALOGUE_FORMATS[self.serialisation]
        data = catalogue_graph().serialize(format=rdf_format, encoding="utf-8")
        return HttpResponse(data, content_type=content_type)
