from django.urls import include, path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("nyckeltal/", views.FiguresIndexView.as_view(), name="figures_index"),
    path("nyckeltal/<int:year>/", views.FiguresView.as_view(), name="figures"),
    path("nyckeltal/<int:year>/json/", views.FiguresJsonView.as_view(), name="figures_json"),
    path("", include("reporting.urls_memo")),
    path("", include("reporting.urls_exports")),
]
