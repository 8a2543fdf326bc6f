"""URLs of the long view and the historical totals (included from reporting/urls.py)."""

from django.urls import path

from projects.routes import routes
from reporting.trend import views

urlpatterns = [
    path("utveckling/", views.TrendView.as_view(), name="trend"),
    *routes(
        "historik/",
        [
            ("", views.HistoricalTotalListView, "historical_list"),
            ("ny/", views.HistoricalTotalFormView, "historical_create"),
            ("<year:year>/andra/", views.HistoricalTotalFormView, "historical_update"),
            ("<year:year>/ta-bort/", views.HistoricalTotalDeleteView, "historical_delete"),
        ],
    ),
]
