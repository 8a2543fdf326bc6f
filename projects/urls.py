from django.urls import path

from projects.views import (
    entry,
    excel,
    home,
    organisation,
    project_entry,
    review,
    security,
    years,
)

app_name = "projects"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    # The administration coordinator's entry (read only for the City Office and officials).
    path("inrapportering/", entry.MySubmissionView.as_view(), name="my_submission"),
    path(
        "inrapportering/<int:pk>/",
        entry.SubmissionDetailView.as_view(),
        name="submission_detail",
    ),
    path(
        "inrapportering/<int:pk>/projekt/nytt/",
        project_entry.ProjectReportFormView.as_view(),
        name="project_create",
    ),
    path(
        "inrapportering/<int:pk>/projekt/<int:report_pk>/",
        project_entry.ProjectReportFormView.as_view(),
        name="project_update",
    ),
    path(
        "inrapportering/<int:pk>/projekt/<int:report_pk>/ta-bort/",
        project_entry.ProjectReportRemoveView.as_view(),
        name="project_remove",
    ),
    path(
        "inrapportering/<int:pk>/projekt/<int:report_pk>/aterstall/",
        project_entry.ProjectReportRestoreView.as_view(),
        name="project_restore",
    ),
    path(
        "inrapportering/<int:pk>/kopiera/",
        project_entry.CopyForwardView.as_view(),
        name="copy_forward",
    ),
    path(
        "inrapportering/<int:pk>/kopiera/<int:last_year_pk>/avslutat/",
        project_entry.ProjectEndingView.as_view(),
        name="project_ending",
    ),
    path(
        "inrapportering/<int:pk>/avslutade/<int:ending_pk>/ta-bort/",
        project_entry.ProjectEndingUndoView.as_view(),
        name="project_ending_undo",
    ),
    path(
        "inrapportering/<int:pk>/berattelse/",
        entry.NarrativeView.as_view(),
        name="narrative",
    ),
    path(
        "inrapportering/<int:pk>/skicka-in/",
        entry.SubmitView.as_view(),
        name="submission_submit",
    ),
    # Excel template, upload and confirmed import for the coordinator.
    path(
        "inrapportering/<int:pk>/excel/",
        excel.UploadView.as_view(),
        name="excel_upload",
    ),
    path(
        "inrapportering/<int:pk>/excel/mall/",
        excel.TemplateDownloadView.as_view(),
        name="excel_template",
    ),
    path(
        "inrapportering/<int:pk>/excel/forhandsgranska/",
        excel.PreviewView.as_view(),
        name="excel_preview",
    ),
    # The development coordinator's yearly round.
    path("ar/", years.YearListView.as_view(), name="year_list"),
    path("ar/oppna/", years.YearOpenView.as_view(), name="year_open"),
    path("ar/oversikt/", review.CurrentOverviewView.as_view(), name="overview_current"),
    path("ar/<year:year>/", review.OverviewView.as_view(), name="overview"),
    path("ar/<year:year>/stang/", years.YearCloseView.as_view(), name="year_close"),
    path("ar/<year:year>/oppna-igen/", years.YearReopenView.as_view(), name="year_reopen"),
    path("ar/<year:year>/ta-bort/", years.YearDeleteView.as_view(), name="year_delete"),
    path("ar/<year:year>/paminnelser/", years.RemindersSendView.as_view(), name="reminders_send"),
    path(
        "granskning/<int:pk>/skicka-tillbaka/",
        review.SubmissionReturnView.as_view(),
        name="submission_return",
    ),
    path(
        "granskning/<int:pk>/godkann/",
        review.SubmissionApproveView.as_view(),
        name="submission_approve",
    ),
    path(
        "granskning/<int:pk>/kommentar/",
        review.SubmissionCommentView.as_view(),
        name="submission_comment",
    ),
    path(
        "granskning/<int:pk>/ateroppna/",
        review.SubmissionReopenView.as_view(),
        name="submission_reopen",
    ),
    # The organisation that runs the installation: names, letterhead, decision path.
    path("organisation/", organisation.OrganisationView.as_view(), name="organisation"),
    # The development coordinator's view of sign-ins: the record and the locked sign-ins.
    path("inloggningar/", security.LoginEventListView.as_view(), name="login_events"),
    path("anvandare/", security.UserListView.as_view(), name="users"),
    path("anvandare/<int:user_pk>/roll/", security.UserRoleView.as_view(), name="user_role"),
    path(
        "anvandare/inloggningar/<int:identity_pk>/koppla/",
        security.SingleSignOnLinkConfirmView.as_view(),
        name="sso_link_confirm",
    ),
    path("inloggningar/sparrar/", security.LockoutListView.as_view(), name="lockouts"),
    path(
        "inloggningar/sparrar/las-upp/",
        security.LockoutReleaseView.as_view(),
        name="lockout_release",
    ),
]
