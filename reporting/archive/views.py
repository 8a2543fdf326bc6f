"""A published version's archival package for the development coordinator: its page (made by
the worker on request), the status box the page polls, and the download."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from projects.access import DevelopmentCoordinatorRequiredMixin
from reporting.archive.package import package_name
from reporting.archive.requests import (
    archive_package_request,
    latest_archive_package,
    made_archive_package,
)
from reporting.downloads import made_file_response
from reporting.models import ArchivePackage, PublishedMemo
from reporting.server_slots import ServerSlotMixin


def _published(year: int, version: int) -> PublishedMemo:
    return get_object_or_404(
        PublishedMemo.objects.defer("pdf", "docx", "rows"), year=year, version=version
    )


def status_context(published: PublishedMemo, package: ArchivePackage | None) -> dict:
    """What the status box shows: none asked for yet, being made, done or failed."""
    args = [published.year, published.version]
    return {
        "published": published,
        "package": package,
        "state": "none" if package is None else package.state,
        "year": published.year,
        "status_url": reverse("reporting:archive_package", args=args),
        "progress_url": reverse("reporting:archive_package_progress", args=args),
        "file_url": reverse("reporting:archive_package_download", args=args),
    }


class ArchivePackageView(DevelopmentCoordinatorRequiredMixin, TemplateView):
    """GET: the version's archival package, as far as it has come; POST: make a new one."""

    template_name = "reporting/archive_package.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = _published(self.kwargs["year"], self.kwargs["version"])
        context.update(status_context(published, latest_archive_package(published)))
        return context

    def post(self, request, year, version):
        published = _published(year, version)
        archive_package_request(published=published, user=request.user)
        return redirect("reporting:archive_package", year=year, version=version)


class ArchivePackageProgressView(DevelopmentCoordinatorRequiredMixin, View):
    """The status box alone, for the page to poll (never asks for anything)."""

    def get(self, request, year, version):
        published = _published(year, version)
        context = status_context(published, latest_archive_package(published))
        response = TemplateResponse(
            request, "reporting/includes/archive_package_status.html", context
        )
        response["Cache-Control"] = "no-store"
        return response


class ArchivePackageDownloadView(DevelopmentCoordinatorRequiredMixin, ServerSlotMixin, View):
    """The latest package made of the version, as a zip."""

    def get(self, request, year, version):
        published = _published(year, version)
        package = made_archive_package(published)
        if package is None:
            raise Http404
        return made_file_response(
            request,
            package,
            filename=f"{package_name(published)}.zip",
            content_type="application/zip",
        )
