"""URLs of the archival packages (included from reporting/urls.py)."""

from django.urls import path

from reporting.archive import views

urlpatterns = [
    path(
        "tjansteskrivelser/<year:year>/version-<int:version>/arkivpaket/",
        views.ArchivePackageView.as_view(),
        name="archive_package",
    ),
    path(
        "tjansteskrivelser/<year:year>/version-<int:version>/arkivpaket/status/",
        views.ArchivePackageProgressView.as_view(),
        name="archive_package_progress",
    ),
    path(
        "tjansteskrivelser/<year:year>/version-<int:version>-arkivpaket.zip",
        views.ArchivePackageDownloadView.as_view(),
        name="archive_package_download",
    ),
]
