"""The reporting app's URLs under /rapport/: one module per output (open data is mounted at
/oppna-data/ from the project's URLs)."""

from django.urls import include, path

app_name = "reporting"

urlpatterns = [
    path("", include("reporting.figures.urls")),
    path("", include("reporting.memo.urls")),
    path("", include("reporting.archive.urls")),
    path("", include("reporting.exports.urls")),
    path("", include("reporting.trend.urls")),
]
