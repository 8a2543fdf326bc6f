from django.urls import path

from projects.views import home, review

app_name = "projects"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    # The development coordinator's yearly round.
    path("ar/", review.YearListView.as_view(), name="year_list"),
    path("ar/oppna/", review.YearOpenView.as_view(), name="year_open"),
    path("ar/oversikt/", review.CurrentOverviewView.as_view(), name="overview_current"),
    path("ar/<int:year>/", review.OverviewView.as_view(), name="overview"),
    path("ar/<int:year>/stang/", review.YearCloseView.as_view(), name="year_close"),
    path("ar/<int:year>/paminnelser/", review.RemindersSendView.as_view(), name="reminders_send"),
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
        "granskning/<int:pk>/ateroppna/",
        review.SubmissionReopenView.as_view(),
        name="submission_reopen",
    ),
]
