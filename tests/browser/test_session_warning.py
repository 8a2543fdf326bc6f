"""Before an idle session ends, the entry and memo forms warn; what was typed survives the
session ending, signing in again, and is saved; leaving with unsaved changes asks first."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from projects.models import Submission
from tests import factories
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Playwright's clock counts in milliseconds.
SECOND = 1000
MINUTE = 60 * SECOND
WARNING = "Du loggas ut om 5 minuter på grund av inaktivitet."
OVERVIEW = "Översikt över årets internationella arbete"


@pytest.fixture
def coordinator():
    administration = factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF")
    submission = factories.SubmissionFactory(administration=administration)
    user = factories.CoordinatorFactory(email="samordnare@malmo.se", administration=administration)
    user.submission = submission
    return user


def narrative_url(submission) -> str:
    return submission.get_absolute_url() + "berattelse/"


def sign_in(page, user):
    page.get_by_label("E-postadress").fill(user.email)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def open_narrative(page, login, user):
    login(user)
    page.goto(submission_page(user))
    page.get_by_role("link", name="Skriv berättelsen").first.click()
    expect(page.get_by_label(OVERVIEW)).to_be_visible()


def submission_page(user) -> str:
    return user.submission.get_absolute_url()


def test_warning_before_the_idle_end_and_staying_signed_in(page, login, axe_check, coordinator):
    page.clock.install()
    open_narrative(page, login, coordinator)
    warning = page.get_by_role("alert").filter(has_text="Du loggas ut om")
    expect(warning).to_be_hidden()

    page.clock.fast_forward(23 * MINUTE)
    page.clock.run_for(2000)
    expect(warning).to_be_hidden()
    page.clock.fast_forward(2 * MINUTE + 30 * SECOND)
    page.clock.run_for(2000)
    expect(warning).to_have_text(WARNING + " Fortsätt vara inloggad", use_inner_text=True)
    axe_check(page, "session-warning")

    with page.expect_response("**/konto/fortsatt-inloggad/") as answer:
        warning.get_by_role("button", name="Fortsätt vara inloggad").click()
    assert answer.value.status == 200
    expect(warning).to_be_hidden()
    expect(page.get_by_role("status")).to_contain_text("Du är fortfarande inloggad.")
    # The browser counts again from the answer: 24 minutes on, no warning yet.
    page.clock.fast_forward(24 * MINUTE)
    page.clock.run_for(2000)
    expect(warning).to_be_hidden()


def test_text_typed_before_the_session_ended_is_kept_and_saved_after_signing_in(
    page, login, axe_check, coordinator
):
    page.clock.install()
    open_narrative(page, login, coordinator)
    page.get_by_label(OVERVIEW).fill("Ett långt stycke om årets arbete med Interreg.")
    # The session ends on the server (30 idle minutes), and the page sees the time pass.
    Session.objects.all().delete()
    page.clock.fast_forward(31 * MINUTE)
    page.clock.run_for(2000)
    expired = page.get_by_role("alert").filter(has_text="Du har loggats ut på grund av inaktivitet")
    expect(expired).to_be_visible()
    axe_check(page, "session-expired")

    # Signing in again comes back to the form with the text put back.
    expired.get_by_role("link", name="Logga in igen").click()
    page.wait_for_url("**/konto/logga-in/?next=**")
    sign_in(page, coordinator)
    page.wait_for_url(f"**{narrative_url(coordinator.submission)}")
    expect(page.get_by_label(OVERVIEW)).to_have_value(
        "Ett långt stycke om årets arbete med Interreg."
    )
    expect(page.get_by_role("status")).to_contain_text(
        "Det du skrev innan du loggades ut har fyllts i igen."
    )
    axe_check(page, "session-restored")

    page.get_by_role("button", name="Spara berättelsen").click()
    page.wait_for_url(f"**{submission_page(coordinator)}*")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Berättelsen har sparats.")
    expect(status).to_contain_text("Sparat kl.")
    submission = Submission.objects.get(pk=coordinator.submission.pk)
    assert submission.overview == "Ett långt stycke om årets arbete med Interreg."
    # Saved: the kept copy is gone, so the form opens with what the server has.
    assert (
        page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('form-draft:'))") == []
    )


def test_saving_after_the_session_ended_on_the_server_loses_nothing(page, login, coordinator):
    open_narrative(page, login, coordinator)
    page.get_by_label(OVERVIEW).fill("Skrivet medan sessionen tog slut.")
    Session.objects.all().delete()
    page.get_by_role("button", name="Spara berättelsen").click()
    page.wait_for_url("**/konto/logga-in/?next=**")
    sign_in(page, coordinator)
    page.wait_for_url(f"**{narrative_url(coordinator.submission)}")
    expect(page.get_by_label(OVERVIEW)).to_have_value("Skrivet medan sessionen tog slut.")
    page.get_by_role("button", name="Spara berättelsen").click()
    page.wait_for_url(f"**{submission_page(coordinator)}*")
    assert (
        Submission.objects.get(pk=coordinator.submission.pk).overview
        == "Skrivet medan sessionen tog slut."
    )


def test_leaving_with_unsaved_changes_asks_first(page, login, coordinator):
    open_narrative(page, login, coordinator)
    # Untouched: leaving asks nothing.
    page.get_by_role(
        "link", name=f"Inrapportering {coordinator.submission.reporting_year.year}"
    ).first.click()
    page.wait_for_url(f"**{submission_page(coordinator)}")
    page.get_by_role("link", name="Skriv berättelsen").first.click()

    page.get_by_label(OVERVIEW).fill("Inte sparat än.")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", answer)
    page.get_by_role(
        "link", name=f"Inrapportering {coordinator.submission.reporting_year.year}"
    ).first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label(OVERVIEW)).to_have_value("Inte sparat än.")
    # Saving asks nothing.
    page.get_by_role("button", name="Spara berättelsen").click()
    page.wait_for_url(f"**{submission_page(coordinator)}*")
    assert dialogs == ["beforeunload"]


def test_memo_editor_warns_before_leaving_and_says_when_it_was_saved(page, login, axe_check):
    from reporting.memo.services import memo_create_draft
    from tests.reporting.memo_helpers import build_two_years

    build_two_years()
    user = factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se", full_name="Bodil")
    memo_create_draft(year=2023, user=user)
    login(user)
    page.clock.install()
    page.goto("/rapport/tjansteskrivelser/2023/redigera/")
    page.get_by_label("Sammanfattning").fill("Sammanfattning som inte får försvinna.")

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Tjänsteskrivelser").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/2023/redigera/")

    page.clock.fast_forward(25 * MINUTE + 30 * SECOND)
    page.clock.run_for(2000)
    expect(page.get_by_role("alert").filter(has_text="Du loggas ut om")).to_be_visible()
    axe_check(page, "memo-edit-session-warning")
    page.get_by_role("button", name="Fortsätt vara inloggad").click()
    expect(page.get_by_role("alert").filter(has_text="Du loggas ut om")).to_be_hidden()

    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_text("Tjänsteskrivelsen är sparad.").wait_for()
    expect(page.locator(".messages .alert-success")).to_contain_text("Sparat kl.")
    assert dialogs == ["beforeunload"]
