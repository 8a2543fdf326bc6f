from django.urls import path

from reporting import views_exports

urlpatterns = [
    path("export/", views_exports.ExportIndexView.as_view(), name="export_index"),
    path(
        "export/<int:year>/excel/",
        views_exports.WorkbookDownloadView.as_view(),
        name="export_workbook",
    ),
    path(
        "export/<int:year>/projekt.csv",
        views_exports.ProjectsCsvView.as_view(),
        name="export_csv",
    ),
]
