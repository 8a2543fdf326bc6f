import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from projects import services
from projects.models import Submission
from tests import factories
from tests.messages import message_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_2023(db, settings):
    settings.SITE_URL = "https://redovisning.malmo.se"
    year = factories.ReportingYearFactory(year=2023)
    states = {
        "Miljöförvaltningen": Submission.State.DRAFT,
        "Kulturförvaltningen": Submission.State.RETURNED,
        "Fritidsförvaltningen": Submission.State.SUBMITTED,
        "Grundskoleförvaltningen": Submission.State.APPROVED,
        "Förskoleförvaltningen": Submission.State.DRAFT,  # has no coordinator
    }
    submissions = {}
    for name, state in states.items():
        administration = factories.AdministrationFactory(name=name)
        submissions[name] = factories.SubmissionFactory(
            administration=administration, reporting_year=year, state=state
        )
        if name != "Förskoleförvaltningen":
            factories.CoordinatorFactory(
                email=f"{administration.short_code.lower()}@malmo.se",
                administration=administration,
            )
    miljo = submissions["Miljöförvaltningen"].administration
    factories.CoordinatorFactory(email="mf2@malmo.se", administration=miljo)
    factories.CoordinatorFactory(email="slutat@malmo.se", administration=miljo, is_active=False)
    return year, submissions


def recipients(mailoutbox) -> set[str]:
    return {address for message in mailoutbox for address in message.to}


def test_command_reminds_coordinators_who_have_not_submitted(round_2023, mailoutbox, capsys):
    year, submissions = round_2023
    call_command("send_reminders", "--year", "2023")
    assert recipients(mailoutbox) == {"mf@malmo.se", "mf2@malmo.se", "kuf@malmo.se"}
    assert len(mailoutbox) == 3
    message = next(m for m in mailoutbox if m.to == ["kuf@malmo.se"])
    assert "Påminnelse" in message.subject
    assert "Kulturförvaltningens inrapportering av internationellt arbete för 2023" in message.body
    # The deadline, 28 February 2024, is behind any day these tests run on.
    assert "Sista dag för inrapportering var 28 februari 2024 och har passerat." in message.body
    assert "(status: Återskickad för komplettering)" in message.body
    url = "https://redovisning.malmo.se" + submissions["Kulturförvaltningen"].get_absolute_url()
    assert url in message.body
    out, err = capsys.readouterr()
    assert "Miljöförvaltningen: 2 e-post" in out
    assert "Kulturförvaltningen: 1 e-post" in out
    assert "3 påminnelser skickade till 2 förvaltningar för 2023" in out
    assert "Förskoleförvaltningen: ingen aktiv samordnare" in err


def test_command_fails_clearly_for_a_missing_year(db, mailoutbox):
    with pytest.raises(CommandError, match="Redovisningsåret 2031 finns inte"):
        call_command("send_reminders", "--year", "2031")
    assert mailoutbox == []


def test_command_fails_clearly_for_a_closed_year(round_2023, mailoutbox):
    year, _ = round_2023
    year.is_open = False
    year.save()
    with pytest.raises(CommandError, match="stängt"):
        call_command("send_reminders", "--year", "2023")
    assert mailoutbox == []


def test_overview_button_sends_the_same_reminders(
    client, development_coordinator, round_2023, mailoutbox
):
    client.force_login(development_coordinator)
    overview = reverse("projects:overview", kwargs={"year": 2023})
    assert "Skicka påminnelse" in client.get(overview).content.decode()
    response = client.post(reverse("projects:reminders_send", kwargs={"year": 2023}), follow=True)
    assert response.redirect_chain == [(overview, 302)]
    assert recipients(mailoutbox) == {"mf@malmo.se", "mf2@malmo.se", "kuf@malmo.se"}
    content = response.content.decode()
    assert message_codes(response) == ["reminders_sent", "no_coordinator"]
    assert "3 påminnelser" in content
    assert ": Kulturförvaltningen, Miljöförvaltningen." in content
    assert ": Förskoleförvaltningen." in content
    assert 'role="status"' in content


def test_officials_do_not_see_the_reminder_button(client, official, round_2023, mailoutbox):
    client.force_login(official)
    overview = reverse("projects:overview", kwargs={"year": 2023})
    assert "Skicka påminnelse" not in client.get(overview).content.decode()
    response = client.post(reverse("projects:reminders_send", kwargs={"year": 2023}))
    assert response.status_code == 403
    assert mailoutbox == []


def test_reminder_adds_no_genitive_s_to_a_name_ending_in_s(round_2023, mailoutbox):
    year, _ = round_2023
    administration = factories.AdministrationFactory(name="Malmö Live Konserthus")
    factories.SubmissionFactory(administration=administration, reporting_year=year)
    factories.CoordinatorFactory(email="live@malmo.se", administration=administration)
    call_command("send_reminders", "--year", "2023")
    body = next(m for m in mailoutbox if m.to == ["live@malmo.se"]).body
    assert "Malmö Live Konserthus inrapportering" in body
    assert "Konserthuss" not in body


def test_the_reminder_form_sent_twice_sends_one_round_of_emails(
    client, development_coordinator, round_2023, mailoutbox
):
    client.force_login(development_coordinator)
    url = reverse("projects:reminders_send", kwargs={"year": 2023})
    page = client.get(url).content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f-]+)"', page).group(1)
    first = client.post(url, {"form_token": token})
    assert len(mailoutbox) == 3
    again = client.post(url, {"form_token": token})
    assert len(mailoutbox) == 3
    assert again.url == first.url == reverse("projects:overview", kwargs={"year": 2023})
    # Another form (its own token) is another round.
    other = re.search(
        r'name="form_token" value="([0-9a-f-]+)"', client.get(url).content.decode()
    ).group(1)
    client.post(url, {"form_token": other})
    assert len(mailoutbox) == 6


def body_to(mailoutbox, address) -> str:
    return next(m for m in mailoutbox if m.to == [address]).body


def test_reminders_use_the_overviews_words_for_how_far_each_has_come(round_2023, mailoutbox):
    year, submissions = round_2023
    services.reminders_send(reporting_year=year)
    # Miljöförvaltningen's draft is empty: the overview calls it "Inte påbörjad".
    miljo = body_to(mailoutbox, "mf@malmo.se")
    assert "(status: Inte påbörjad)" in miljo and "Utkast" not in miljo
    factories.ProjectReportFactory(submission=submissions["Miljöförvaltningen"])
    mailoutbox.clear()
    services.reminders_send(reporting_year=year)
    assert "(status: Utkast)" in body_to(mailoutbox, "mf@malmo.se")


@pytest.mark.parametrize(
    ("today", "sentence"),
    [
        (datetime.date(2024, 2, 28), "Sista dag för inrapportering är 28 februari 2024."),
        (
            datetime.date(2024, 2, 29),
            "Sista dag för inrapportering var 28 februari 2024 och har passerat.",
        ),
    ],
)
def test_a_reminder_says_the_deadline_and_whether_it_has_passed(
    round_2023, mailoutbox, today, sentence
):
    year, _ = round_2023
    services.reminders_send(reporting_year=year, today=today)
    assert sentence in body_to(mailoutbox, "kuf@malmo.se")


def test_close_page_names_who_has_not_finished_and_reminds_one_of_them(
    client, development_coordinator, round_2023, mailoutbox
):
    year, submissions = round_2023
    client.force_login(development_coordinator)
    close = reverse("projects:year_close", kwargs={"year": 2023})
    html = client.get(close).content.decode()
    table = re.search(r'<table class="[^"]*not-sent-in.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", table, re.S)
    names = [re.search(r">([^<]+)</a>", row).group(1) for row in rows]
    # Swedish order; submitted and approved ones are not among them.
    assert names == ["Förskoleförvaltningen", "Kulturförvaltningen", "Miljöförvaltningen"]
    by_name = dict(zip(names, rows, strict=True))
    assert "Inte påbörjad" in by_name["Miljöförvaltningen"]
    assert "Återskickad för komplettering" in by_name["Kulturförvaltningen"]
    assert "Ingen samordnare" in by_name["Förskoleförvaltningen"]
    assert f'href="{reverse("projects:users")}"' in by_name["Förskoleförvaltningen"]
    assert "Skicka påminnelse" not in by_name["Förskoleförvaltningen"]
    assert "Fritidsförvaltningen" in re.search(r'<ul class="sent-in">.*?</ul>', html, re.S).group(0)

    kultur = submissions["Kulturförvaltningen"].administration
    response = client.post(
        reverse("projects:reminders_send", kwargs={"year": 2023}),
        {"administration": kultur.pk, "back": "close"},
    )
    assert response.status_code == 302 and response.url == close
    assert recipients(mailoutbox) == {"kuf@malmo.se"}
    assert year.submissions.filter(state=Submission.State.DRAFT).count() == 2  # nothing else


def test_reminder_page_links_to_the_users_page_for_administrations_without_coordinator(
    client, development_coordinator, round_2023
):
    client.force_login(development_coordinator)
    html = client.get(reverse("projects:reminders_send", kwargs={"year": 2023})).content.decode()
    assert "Förskoleförvaltningen" in html
    assert f'href="{reverse("projects:users")}"' in html
