"""The Django admin never adds to, moves into, changes or removes an approved submission or a
closed year: the locks look at the row's submission and at the one it would be moved to."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from projects import models
from projects.access import SubmissionLocked
from projects.admin.reference import YEAR_HELP
from tests import factories as f

WORKFLOW_KINDS = [
    kind for kind in models.SubmissionComment.Kind if kind != models.SubmissionComment.Kind.COMMENT
]


@pytest.fixture
def superuser(db):
    return f.UserFactory(email="admin@malmo.se", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def closed_year(goal):
    return f.ReportingYearFactory(year=2023, is_open=False, council_goals=[goal])


@pytest.fixture
def draft(administration, open_year):
    return f.SubmissionFactory(administration=administration, reporting_year=open_year)


@pytest.fixture
def locked_submissions(administration, other_administration, open_year, closed_year):
    """Each way a submission is locked: approved in an open year, and anything in a closed year."""
    return {
        "approved": f.SubmissionFactory(
            administration=other_administration,
            reporting_year=open_year,
            state=models.Submission.State.APPROVED,
        ),
        "closed": f.SubmissionFactory(administration=administration, reporting_year=closed_year),
    }


@pytest.fixture(params=["approved", "closed"])
def locked(request, locked_submissions):
    return locked_submissions[request.param]


@pytest.fixture
def open_report(draft, goal):
    return f.ProjectReportFactory(submission=draft, name="Öppet projekt", council_goal=goal)


@pytest.fixture
def locked_report(locked, goal):
    report = f.ProjectReportFactory(submission=locked, name="Låst projekt", council_goal=goal)
    f.PayoutFactory(report=report, amount_sek=Decimal("500.00"))
    return report


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:projects_{model}_{view}", args=args)


def report_data(report: models.ProjectReport, **changes) -> dict:
    """What the report's admin change form posts back unchanged, with ``changes``."""
    data = {
        key: value
        for key, value in model_to_dict(report).items()
        if value is not None and key not in ("id", "participating_administrations")
    }
    data.update({"payouts-TOTAL_FORMS": "0", "payouts-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def payout_data(report: models.ProjectReport, **changes) -> dict:
    return {
        "report": report.pk,
        "payment_date": f"{report.submission.year}-06-30",
        "amount_sek": "1000.00",
        "note": "Via admin",
        **changes,
    }


def form_errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return response.context["adminform"].form.errors.as_data()


def admin_form(model, request_user, obj=None):
    """The admin's own form class for ``model``, as the change (or add) page builds it."""
    request = RequestFactory().get("/")
    request.user = request_user
    return admin.site.get_model_admin(model).get_form(request, obj, change=obj is not None)


def has_save_button(response) -> bool:
    return 'name="_save"' in response.content.decode()


# --- Project reports ------------------------------------------------------------------------


def test_a_report_cannot_be_added_to_a_locked_submission(admin_client, open_report, locked):
    count = models.ProjectReport.objects.count()
    response = admin_client.post(
        url("projectreport", "add"), report_data(open_report, submission=locked.pk)
    )
    assert "submission" in form_errors(response)
    assert models.ProjectReport.objects.count() == count
    assert not locked.project_reports.filter(name="Öppet projekt").exists()


def test_a_report_can_be_added_to_an_open_draft(admin_client, open_report, administration):
    # The control for the refusals above: the same post into an open draft is saved.
    other_draft = f.SubmissionFactory(
        administration=administration, reporting_year=f.ReportingYearFactory(year=2025)
    )
    response = admin_client.post(
        url("projectreport", "add"), report_data(open_report, submission=other_draft.pk)
    )
    assert response.status_code == 302
    assert other_draft.project_reports.get().name == "Öppet projekt"


def test_the_report_form_offers_only_unlocked_submissions(admin_client, draft, locked_submissions):
    response = admin_client.get(url("projectreport", "add"))
    offered = response.context["adminform"].form.fields["submission"].queryset
    assert list(offered) == [draft]


def test_an_open_report_cannot_be_moved_into_a_locked_submission(
    admin_client, draft, open_report, locked
):
    response = admin_client.post(
        url("projectreport", "change", open_report.pk),
        report_data(open_report, submission=locked.pk, name="Flyttat"),
    )
    assert "submission" in form_errors(response)
    open_report.refresh_from_db()
    assert (open_report.submission, open_report.name) == (draft, "Öppet projekt")
    assert not locked.project_reports.exists()


def test_the_report_form_refuses_a_locked_submission_posted_anyway(superuser, open_report, locked):
    # The choices leave locked submissions out; the form's own check refuses them even if offered.
    form = admin_form(models.ProjectReport, superuser, open_report)(
        report_data(open_report, submission=locked.pk), instance=open_report
    )
    form.fields["submission"].queryset = models.Submission.objects.all()
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["submission"]] == ["locked"]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_refusal_says_why_on_the_submission_field(
    admin_client, open_report, locked_submissions, language
):
    # The one refusal of every path, in the language of the page (its wording: test_access).
    admin_client.cookies["django_language"] = language
    response = admin_client.post(
        url("projectreport", "change", open_report.pk),
        report_data(open_report, submission=locked_submissions["approved"].pk),
    )
    with translation.override(language):
        assert form_errors(response)["submission"][0].messages == SubmissionLocked().messages


def test_an_open_drafts_report_can_be_edited_and_given_a_payout_inline(admin_client, open_report):
    response = admin_client.post(
        url("projectreport", "change", open_report.pk),
        report_data(
            open_report,
            name="Ändrat i admin",
            **{
                "payouts-TOTAL_FORMS": "1",
                "payouts-0-payment_date": "2024-05-02",
                "payouts-0-amount_sek": "250.00",
            },
        ),
    )
    assert response.status_code == 302
    open_report.refresh_from_db()
    assert open_report.name == "Ändrat i admin"
    assert [p.amount_sek for p in open_report.payouts.all()] == [Decimal("250.00")]


def test_a_locked_report_is_shown_but_cannot_be_changed_or_deleted(admin_client, locked_report):
    page = admin_client.get(url("projectreport", "change", locked_report.pk))
    assert page.status_code == 200
    assert not has_save_button(page)
    changed = admin_client.post(
        url("projectreport", "change", locked_report.pk),
        report_data(locked_report, name="Via admin"),
    )
    assert changed.status_code == 403
    deleted = admin_client.post(url("projectreport", "delete", locked_report.pk), {"post": "yes"})
    assert deleted.status_code == 403
    locked_report.refresh_from_db()
    assert locked_report.name == "Låst projekt"


def test_a_locked_report_gets_no_payout_inline(admin_client, locked_report):
    response = admin_client.post(
        url("projectreport", "change", locked_report.pk),
        report_data(
            locked_report,
            **{
                "payouts-TOTAL_FORMS": "1",
                "payouts-0-payment_date": "2024-05-02",
                "payouts-0-amount_sek": "250.00",
            },
        ),
    )
    assert response.status_code == 403
    assert [p.amount_sek for p in locked_report.payouts.all()] == [Decimal("500.00")]


def test_a_locked_report_cannot_be_reverted_to_an_earlier_version(admin_client, locked_report):
    # django-simple-history's revert page saves its form unless the admin refuses the change.
    version = locked_report.history.earliest()
    response = admin_client.post(
        url("projectreport", "simple_history", locked_report.pk, version.history_id),
        report_data(locked_report, name="Återställd"),
    )
    assert response.status_code == 403
    locked_report.refresh_from_db()
    assert locked_report.name == "Låst projekt"


def test_locked_reports_are_not_deleted_in_bulk(admin_client, locked_report, open_report):
    response = admin_client.post(
        url("projectreport", "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [locked_report.pk, open_report.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    assert set(models.ProjectReport.objects.all()) == {locked_report, open_report}


# --- Payouts --------------------------------------------------------------------------------


def test_a_payout_cannot_be_added_to_a_report_of_a_locked_submission(admin_client, locked_report):
    response = admin_client.post(url("payout", "add"), payout_data(locked_report))
    assert "report" in form_errors(response)
    assert [p.amount_sek for p in locked_report.payouts.all()] == [Decimal("500.00")]


def test_a_payout_can_be_added_to_an_open_report(admin_client, open_report):
    response = admin_client.post(url("payout", "add"), payout_data(open_report))
    assert response.status_code == 302
    assert [p.note for p in open_report.payouts.all()] == ["Via admin"]


def test_the_payout_form_offers_only_reports_of_unlocked_submissions(
    admin_client, open_report, locked_report
):
    response = admin_client.get(url("payout", "add"))
    assert list(response.context["adminform"].form.fields["report"].queryset) == [open_report]


def test_an_open_payout_cannot_be_moved_into_a_locked_report(
    admin_client, open_report, locked_report
):
    payout = f.PayoutFactory(report=open_report)
    response = admin_client.post(
        url("payout", "change", payout.pk), payout_data(locked_report, note="Flyttad")
    )
    assert "report" in form_errors(response)
    payout.refresh_from_db()
    assert (payout.report, payout.note) == (open_report, "")
    assert locked_report.payouts.count() == 1


def test_the_payout_form_refuses_a_locked_report_posted_anyway(
    superuser, open_report, locked_report
):
    payout = f.PayoutFactory(report=open_report)
    form = admin_form(models.Payout, superuser, payout)(payout_data(locked_report), instance=payout)
    form.fields["report"].queryset = models.ProjectReport.objects.all()
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["report"]] == ["locked"]


def test_a_locked_payout_is_shown_but_cannot_be_changed_or_deleted(admin_client, locked_report):
    payout = locked_report.payouts.get()
    page = admin_client.get(url("payout", "change", payout.pk))
    assert page.status_code == 200
    assert not has_save_button(page)
    changed = admin_client.post(
        url("payout", "change", payout.pk), payout_data(locked_report, amount_sek="1.00")
    )
    assert changed.status_code == 403
    assert admin_client.post(url("payout", "delete", payout.pk), {"post": "yes"}).status_code == 403
    bulk = admin_client.post(
        url("payout", "changelist"),
        {"action": "delete_selected", "_selected_action": [payout.pk], "post": "yes"},
    )
    assert bulk.status_code == 403
    payout.refresh_from_db()
    assert payout.amount_sek == Decimal("500.00")


# --- Submissions ----------------------------------------------------------------------------


def test_a_submission_cannot_be_added_to_a_closed_year(admin_client, closed_year):
    administration = f.AdministrationFactory(name="Kulturförvaltningen", short_code="KUF")
    response = admin_client.post(
        url("submission", "add"),
        {
            "administration": administration.pk,
            "reporting_year": closed_year.pk,
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )
    assert "reporting_year" in form_errors(response)
    assert not closed_year.submissions.filter(administration=administration).exists()


def test_the_submission_form_refuses_a_closed_year_posted_anyway(superuser, closed_year):
    administration = f.AdministrationFactory(name="Kulturförvaltningen", short_code="KUF")
    form = admin_form(models.Submission, superuser)(
        {"administration": administration.pk, "reporting_year": closed_year.pk}
    )
    form.fields["reporting_year"].queryset = models.ReportingYear.objects.all()
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["reporting_year"]] == ["locked"]


def test_an_open_submission_keeps_its_year_and_administration(
    admin_client, draft, closed_year, other_administration
):
    response = admin_client.post(
        url("submission", "change", draft.pk),
        {
            "administration": other_administration.pk,
            "reporting_year": closed_year.pk,
            "overview": "Ändrad översikt",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.reporting_year.year, draft.administration.name, draft.overview) == (
        2024,
        "Miljöförvaltningen",
        "Ändrad översikt",
    )


def test_locked_submissions_are_not_deleted_in_bulk(admin_client, locked):
    response = admin_client.post(
        url("submission", "changelist"),
        {"action": "delete_selected", "_selected_action": [locked.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert models.Submission.objects.filter(pk=locked.pk).exists()


def test_an_approved_submission_cannot_be_reverted_to_an_earlier_version(admin_client, locked):
    version = locked.history.earliest()
    response = admin_client.post(
        url("submission", "simple_history", locked.pk, version.history_id),
        {"overview": "Omskriven"},
    )
    assert response.status_code == 403
    locked.refresh_from_db()
    assert locked.overview == ""


# --- The year -------------------------------------------------------------------------------


def year_data(reporting_year: models.ReportingYear, **changes) -> dict:
    return {
        "year": reporting_year.year,
        "deadline": reporting_year.deadline.isoformat(),
        "council_goals": [goal.pk for goal in reporting_year.council_goals.all()],
        **changes,
    }


def year_state(year: models.ReportingYear) -> tuple:
    year.refresh_from_db()
    return (
        year.year,
        year.deadline,
        year.is_open,
        year.opened_at,
        year.closed_at,
        list(year.council_goals.all()),
    )


def test_a_closed_year_is_shown_read_only_and_posts_change_nothing(admin_client, closed_year):
    other_goal = f.CouncilGoalFactory(name="Klimat", order=2)
    page = admin_client.get(url("reportingyear", "change", closed_year.pk))
    assert page.status_code == 200
    assert not has_save_button(page)
    before = year_state(closed_year)
    response = admin_client.post(
        url("reportingyear", "change", closed_year.pk),
        year_data(closed_year, deadline="2030-01-31", council_goals=[other_goal.pk], is_open="on"),
    )
    assert response.status_code == 403
    assert year_state(closed_year) == before


def test_an_open_years_deadline_and_goals_can_be_changed_but_not_its_state(admin_client, open_year):
    other_goal = f.CouncilGoalFactory(name="Klimat", order=2)
    opened_at = datetime.datetime(2024, 1, 2, 8, 0, tzinfo=datetime.UTC)
    models.ReportingYear.objects.filter(pk=open_year.pk).update(opened_at=opened_at)
    # is_open left out is what an unticked box posts: closing without a record.
    response = admin_client.post(
        url("reportingyear", "change", open_year.pk),
        year_data(
            open_year,
            year=2019,
            deadline="2025-03-31",
            council_goals=[other_goal.pk],
            opened_at_0="2020-01-01",
            opened_at_1="00:00:00",
            closed_at_0="2025-01-01",
            closed_at_1="00:00:00",
        ),
    )
    assert response.status_code == 302
    assert year_state(open_year) == (
        2024,
        datetime.date(2025, 3, 31),
        True,
        opened_at,
        None,
        [other_goal],
    )


def test_a_closed_year_cannot_be_ticked_open(admin_client, closed_year):
    admin_client.post(
        url("reportingyear", "change", closed_year.pk), year_data(closed_year, is_open="on")
    )
    closed_year.refresh_from_db()
    assert not closed_year.is_open


def test_no_year_can_be_added_or_deleted_in_the_admin(admin_client, open_year, closed_year):
    count = models.ReportingYear.objects.count()
    assert admin_client.post(url("reportingyear", "add"), {"year": 2030}).status_code == 403
    for year in (open_year, closed_year):
        deleted = admin_client.post(url("reportingyear", "delete", year.pk), {"post": "yes"})
        assert deleted.status_code == 403
    changelist = admin_client.get(url("reportingyear", "changelist"))
    assert "delete_selected" not in changelist.content.decode()
    admin_client.post(
        url("reportingyear", "changelist"),
        {"action": "delete_selected", "_selected_action": [open_year.pk], "post": "yes"},
    )
    assert models.ReportingYear.objects.count() == count


def test_the_year_admin_says_where_years_are_opened_and_closed(admin_client, open_year):
    for page in (
        admin_client.get(url("reportingyear", "changelist")),
        admin_client.get(url("reportingyear", "change", open_year.pk)),
    ):
        assert str(YEAR_HELP) in page.content.decode()


def test_a_council_goal_of_a_closed_year_cannot_be_deleted(admin_client, closed_year, goal):
    response = admin_client.post(url("councilgoal", "delete", goal.pk), {"post": "yes"})
    assert response.status_code == 403
    assert list(closed_year.council_goals.all()) == [goal]


def test_a_council_goal_of_open_years_only_can_be_deleted(admin_client):
    goal = f.CouncilGoalFactory(name="Klimat", order=2)
    f.ReportingYearFactory(year=2025, council_goals=[goal])
    response = admin_client.post(url("councilgoal", "delete", goal.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not models.CouncilGoal.objects.filter(pk=goal.pk).exists()


# --- Comments -------------------------------------------------------------------------------


def comment_data(comment: models.SubmissionComment, **changes) -> dict:
    return {
        "submission": comment.submission_id,
        "author": comment.author_id,
        "text": comment.text,
        "created_at_0": comment.created_at.date().isoformat(),
        "created_at_1": "12:00:00",
        **changes,
    }


@pytest.mark.parametrize("kind", WORKFLOW_KINDS)
def test_a_workflow_comment_is_never_deleted_or_edited(admin_client, draft, kind):
    comment = f.SubmissionCommentFactory(submission=draft, kind=kind, text="Protokoll")
    deleted = admin_client.post(url("submissioncomment", "delete", comment.pk), {"post": "yes"})
    assert deleted.status_code == 403
    bulk = admin_client.post(
        url("submissioncomment", "changelist"),
        {"action": "delete_selected", "_selected_action": [comment.pk], "post": "yes"},
    )
    assert bulk.status_code == 403
    changed = admin_client.post(
        url("submissioncomment", "change", comment.pk), comment_data(comment, text="Omskriven")
    )
    assert changed.status_code == 403
    comment.refresh_from_db()
    assert (comment.kind, comment.text) == (kind, "Protokoll")


def test_a_comment_of_a_locked_submission_is_shown_but_cannot_be_edited_or_deleted(
    admin_client, locked
):
    comment = f.SubmissionCommentFactory(submission=locked, text="Bra")
    page = admin_client.get(url("submissioncomment", "change", comment.pk))
    assert page.status_code == 200
    assert not has_save_button(page)
    changed = admin_client.post(
        url("submissioncomment", "change", comment.pk), comment_data(comment, text="Omskriven")
    )
    assert changed.status_code == 403
    deleted = admin_client.post(url("submissioncomment", "delete", comment.pk), {"post": "yes"})
    assert deleted.status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Bra"


def test_a_plain_comment_of_an_open_submission_can_be_edited_and_deleted(admin_client, draft):
    comment = f.SubmissionCommentFactory(submission=draft, text="Bra")
    changed = admin_client.post(
        url("submissioncomment", "change", comment.pk), comment_data(comment, text="Rättad")
    )
    assert changed.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Rättad"
    deleted = admin_client.post(url("submissioncomment", "delete", comment.pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert not models.SubmissionComment.objects.filter(pk=comment.pk).exists()


def test_a_comment_cannot_be_added_to_or_moved_into_a_locked_submission(
    admin_client, draft, locked
):
    comment = f.SubmissionCommentFactory(submission=draft, text="Bra")
    added = admin_client.post(
        url("submissioncomment", "add"), comment_data(comment, submission=locked.pk)
    )
    assert "submission" in form_errors(added)
    moved = admin_client.post(
        url("submissioncomment", "change", comment.pk), comment_data(comment, submission=locked.pk)
    )
    assert "submission" in form_errors(moved)
    assert not locked.comments.exists()
    comment.refresh_from_db()
    assert comment.submission == draft


def test_the_comment_form_refuses_a_locked_submission_posted_anyway(superuser, draft, locked):
    comment = f.SubmissionCommentFactory(submission=draft, text="Bra")
    form = admin_form(models.SubmissionComment, superuser, comment)(
        comment_data(comment, submission=locked.pk), instance=comment
    )
    form.fields["submission"].queryset = models.Submission.objects.all()
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["submission"]] == ["locked"]


def test_a_comment_added_in_the_admin_is_a_plain_comment(admin_client, draft, superuser):
    response = admin_client.post(
        url("submissioncomment", "add"),
        {
            "submission": draft.pk,
            "author": superuser.pk,
            "kind": models.SubmissionComment.Kind.APPROVED,
            "text": "Godkänd?",
            "created_at_0": "2025-01-10",
            "created_at_1": "12:00:00",
        },
    )
    assert response.status_code == 302
    assert [(c.kind, c.text) for c in draft.comments.all()] == [("comment", "Godkänd?")]


def test_the_submission_page_keeps_workflow_comments_and_edits_plain_ones(admin_client, draft):
    returned = f.SubmissionCommentFactory(
        submission=draft, kind=models.SubmissionComment.Kind.RETURNED, text="Komplettera"
    )
    plain = f.SubmissionCommentFactory(submission=draft, text="Bra")
    rows = {}
    for index, comment in enumerate(draft.comments.order_by("pk")):
        prefix = f"comments-{index}-"
        rows.update(
            {
                f"{prefix}{key}": value
                for key, value in comment_data(comment, id=comment.pk, text="Ändrad").items()
            }
        )
        rows[f"{prefix}DELETE"] = "on" if comment == returned else ""
    response = admin_client.post(
        url("submission", "change", draft.pk),
        {
            "overview": "",
            "comments-TOTAL_FORMS": "2",
            "comments-INITIAL_FORMS": "2",
            **rows,
        },
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    plain.refresh_from_db()
    assert (returned.kind, returned.text) == ("returned", "Komplettera")
    assert plain.text == "Ändrad"


def test_the_submission_page_adds_no_comment_to_a_locked_submission(admin_client, locked):
    response = admin_client.post(
        url("submission", "change", locked.pk),
        {
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-0-text": "Sent tillägg",
        },
    )
    assert response.status_code == 403
    assert not locked.comments.exists()


# --- Projects and administrations ------------------------------------------------------------


def test_a_project_with_a_locked_report_cannot_be_deleted(admin_client, locked_report):
    project = locked_report.project
    assert (
        admin_client.post(url("project", "delete", project.pk), {"post": "yes"}).status_code == 403
    )
    # In bulk the admin names the protected reports on its refusal page (200) instead.
    admin_client.post(
        url("project", "changelist"),
        {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"},
    )
    assert models.Project.objects.filter(pk=project.pk).exists()


def test_a_project_cannot_be_moved_by_reverting_it(
    admin_client, locked_report, other_administration
):
    project = locked_report.project
    version = project.history.earliest()
    response = admin_client.post(
        url("project", "simple_history", project.pk, version.history_id),
        {"administration": other_administration.pk},
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.administration == locked_report.submission.administration


def test_a_project_without_reports_can_be_deleted(admin_client, administration):
    project = f.ProjectFactory(administration=administration)
    response = admin_client.post(url("project", "delete", project.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not models.Project.objects.filter(pk=project.pk).exists()


def test_a_participant_of_a_locked_report_cannot_be_deleted(admin_client, locked, goal):
    culture = f.AdministrationFactory(name="Kulturförvaltningen", short_code="KUF")
    report = f.ProjectReportFactory(
        submission=locked, council_goal=goal, participating_administrations=[culture]
    )
    response = admin_client.post(url("administration", "delete", culture.pk), {"post": "yes"})
    assert response.status_code == 403
    assert list(report.participating_administrations.all()) == [culture]
    assert models.Administration.objects.filter(pk=culture.pk).exists()
