from django.urls import path

from projects.middleware import session_untouched
from projects.routes import routes
from projects.views import entry, eu_imports, excel, home, organisation, review, security, years
from projects.views import project_entry as reports

app_name = "projects"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    # The administration coordinator's entry (read only for the City Office and officials).
    path("inrapportering/", entry.MySubmissionView.as_view(), name="my_submission"),
    *routes(
        "inrapportering/<int:pk>/",
        [
            ("", entry.SubmissionDetailView, "submission_detail"),
            ("berattelse/", entry.NarrativeView, "narrative"),
            ("skicka-in/", entry.SubmitView, "submission_submit"),
            ("kopiera/", reports.CopyForwardView, "copy_forward"),
            ("kopiera/<int:last_year_pk>/avslutat/", reports.ProjectEndingView, "project_ending"),
            (
                "avslutade/<int:ending_pk>/ta-bort/",
                reports.ProjectEndingUndoView,
                "project_ending_undo",
            ),
        ],
    ),
    *routes(
        "inrapportering/<int:pk>/projekt/",
        [
            ("nytt/", reports.ProjectReportFormView, "project_create"),
            ("nytt/fran-eu/", reports.SourceSearchView, "project_from_source"),
            ("<int:report_pk>/", reports.ProjectReportFormView, "project_update"),
            ("<int:report_pk>/ta-bort/", reports.ProjectReportRemoveView, "project_remove"),
            ("<int:report_pk>/aterstall/", reports.ProjectReportRestoreView, "project_restore"),
        ],
    ),
    # Excel template, upload and confirmed import for the coordinator.
    *routes(
        "inrapportering/<int:pk>/excel/",
        [
            ("", excel.UploadView, "excel_upload"),
            ("mall/", excel.TemplateDownloadView, "excel_template"),
            ("forhandsgranska/", excel.PreviewView, "excel_preview"),
        ],
    ),
    # The development coordinator's yearly round.
    *routes(
        "ar/",
        [
            ("", years.YearListView, "year_list"),
            ("oppna/", years.YearOpenView, "year_open"),
            ("oversikt/", review.CurrentOverviewView, "overview_current"),
            ("<year:year>/", review.OverviewView, "overview"),
            ("<year:year>/stang/", years.YearCloseView, "year_close"),
            ("<year:year>/oppna-igen/", years.YearReopenView, "year_reopen"),
            ("<year:year>/ta-bort/", years.YearDeleteView, "year_delete"),
            ("<year:year>/paminnelser/", years.RemindersSendView, "reminders_send"),
        ],
    ),
    *routes(
        "granskning/<int:pk>/",
        [
            ("skicka-tillbaka/", review.SubmissionReturnView, "submission_return"),
            ("godkann/", review.SubmissionApproveView, "submission_approve"),
            ("kommentar/", review.SubmissionCommentView, "submission_comment"),
            ("ateroppna/", review.SubmissionReopenView, "submission_reopen"),
        ],
    ),
    # The organisation that runs the installation: names, letterhead, decision path.
    path("organisation/", organisation.OrganisationView.as_view(), name="organisation"),
    path(
        "organisation/logotyp/<str:sha256>/",
        session_untouched(organisation.OrganisationLogoView.as_view()),
        name="organisation_logo",
    ),
    # The EU's open files (CORDIS, Kohesio), uploaded for the worker to import.
    path("eu-data/", eu_imports.EuImportView.as_view(), name="eu_imports"),
    path(
        "organisation/farger.css",
        organisation.organisation_stylesheet,
        name="organisation_stylesheet",
    ),
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
