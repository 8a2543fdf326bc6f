"""The open figures of published years (included from the root urls under /oppna-data/)."""

from django.urls import path

from reporting.open_data import views

app_name = "open_data"

urlpatterns = [
    path("", views.PublicIndexView.as_view(), name="index"),
    path("index.json", views.PublicIndexJsonView.as_view(), name="index_json"),
    path("katalog.rdf", views.CatalogueView.as_view(serialisation="rdf"), name="catalogue"),
    path(
        "katalog.ttl",
        views.CatalogueView.as_view(serialisation="ttl"),
        name="catalogue_turtle",
    ),
    path("<year:year>/", views.PublicYearView.as_view(), name="year"),
    path("<year:year>/siffror.json", views.PublicYearJsonView.as_view(), name="year_json"),
    path("<year:year>/siffror.csv", views.PublicYearCsvView.as_view(), name="year_csv"),
]
