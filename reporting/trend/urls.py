"""URLs of the long view and the historical totals (included from reporting/urls.py)."""

from django.urls import path

from reporting.trend import views

urlpatterns = [
    path("utveckling/", views.TrendView.as_view(), name="trend"),
    path("historik/", views.HistoricalTotalListView.as_view(), name="historical_list"),
    path("historik/ny/", views.HistoricalTotalFormView.as_view(), name="historical_create"),
    path(
        "historik/<year:year>/andra/",
        views.HistoricalTotalFormView.as_view(),
        name="historical_update",
    ),
    path(
        "historik/<year:year>/ta-bort/",
        views.HistoricalTotalDeleteView.as_view(),
        name="historical_delete",
    ),
]
