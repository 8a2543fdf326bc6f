import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_login_page_is_accessible(page, axe_check):
    page.goto("/konto/logga-in/")
    assert page.locator("html").get_attribute("lang") == "sv"
    axe_check(page, "login")


def test_login_error_is_accessible(page, axe_check):
    factories.CoordinatorFactory(email="samordnare@malmo.se")
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill("samordnare@malmo.se")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Fel e-postadress eller lösenord")
    # The summary takes focus so a screen reader announces the error at once.
    expect(summary).to_be_focused()
    axe_check(page, "login-error")


@pytest.mark.parametrize(
    "factory", ["CoordinatorFactory", "DevelopmentCoordinatorFactory", "OfficialFactory"]
)
def test_home_and_password_pages_are_accessible_for_each_role(page, login, axe_check, factory):
    user = getattr(factories, factory)()
    login(user)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")
    axe_check(page, f"home-{factory}")
    page.goto("/konto/byt-losenord/")
    axe_check(page, f"password-{factory}")


def test_skip_link_moves_focus_to_main(page, login):
    login(factories.OfficialFactory())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Hoppa till huvudinnehållet" in focused
