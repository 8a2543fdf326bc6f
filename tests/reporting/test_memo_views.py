"""Memo pages: who may see, edit and publish; what each role sees; query counts."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from projects.services.versions import year_data_changed
from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft
from reporting.models import Memo, PublishedMemo
from tests import factories as f
from tests.reporting.memo_helpers import make_publishable, memo_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def memo(data, development_coordinator):
    return make_publishable(memo_create_draft(year=2023, user=development_coordinator))


@pytest.fixture
def published(memo, development_coordinator):
    return memo_publish(memo=memo, user=development_coordinator)


def urls(year=2023):
    return {
        "index": ("get", reverse("reporting:memo_index")),
        "year": ("get", reverse("reporting:memo_year", args=[year])),
        "create": ("post", reverse("reporting:memo_create", args=[year])),
        "edit": ("get", reverse("reporting:memo_edit", args=[year])),
        "save": ("post", reverse("reporting:memo_edit", args=[year])),
        "preview": ("post", reverse("reporting:memo_preview", args=[year])),
        "refresh": ("post", reverse("reporting:memo_refresh", args=[year])),
        "pdf": ("get", reverse("reporting:memo_pdf", args=[year])),
        "publish": ("post", reverse("reporting:memo_publish", args=[year])),
        "download": ("get", reverse("reporting:published_memo_download", args=[year, 1])),
    }


def test_anonymous_visitors_get_nothing_but_the_login_page(client, published):
    for name, (method, url) in urls().items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
        assert b"%PDF" not in response.content


@pytest.mark.parametrize("role", ["official", "coordinator"])
def test_officials_and_coordinators_cannot_draft_edit_or_publish(client, request, published, role):
    client.force_login(request.getfixturevalue(role))
    for name in ("create", "edit", "save", "preview", "refresh", "pdf", "publish"):
        method, url = urls()[name]
        assert getattr(client, method)(url).status_code == 403, name
    # Nor see the confirmation page.
    assert client.get(urls()["publish"][1]).status_code == 403
    assert PublishedMemo.objects.count() == 1
    assert Memo.objects.get(year=2023).revision == published.memo.revision


def test_officials_download_published_versions(client, official, published):
    client.force_login(official)
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(published.pdf)
    assert "attachment" in response["Content-Disposition"]
    missing = reverse("reporting:published_memo_download", args=[2023, 9])
    assert client.get(missing).status_code == 404


def test_officials_see_all_figures_and_the_versions_on_the_year_page(client, official, published):
    client.force_login(official)
    response = client.get(reverse("reporting:memo_year", args=[2023]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Miljöförvaltningen" in content and "Kulturförvaltningen" in content
    assert "12\u00a0345\u00a0678" in content
    assert published.sha256 in content
    assert published.get_absolute_url() in content
    assert "Skapa utkast" not in content and "Redigera" not in content


def test_coordinators_see_only_their_own_administrations_figures(client, data, published):
    coordinator = f.CoordinatorFactory(email="kultur@malmo.se", administration=data["culture"])
    client.force_login(coordinator)
    response = client.get(reverse("reporting:memo_year", args=[2023]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nyckeltal för Kulturförvaltningen" in content
    assert "360\u00a0000" in content
    assert "Miljöförvaltningen" not in content
    assert "12\u00a0345\u00a0678" not in content
    assert published.get_absolute_url() in content


def test_development_coordinator_creates_a_draft_in_one_click(
    client, data, development_coordinator
):
    client.force_login(development_coordinator)
    response = client.post(reverse("reporting:memo_create", args=[2023]))
    assert response.status_code == 302
    memo = Memo.objects.get(year=2023)
    assert "2 EU-projekt" in memo.projects_text
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Förhandsgranskning" in page.content.decode()


def test_saving_keeps_every_text_and_the_rows(client, memo, development_coordinator):
    client.force_login(development_coordinator)
    data = memo_post_data(
        memo,
        summary="Ny sammanfattning.",
        case_number="STK-2023-1702",
        **{
            "steps-0-date": "2024-04-22",
            "officials-TOTAL_FORMS": "2",
            "officials-0-name": "Micael Nord",
            "officials-0-title": "Näringslivsdirektör",
        },
    )
    response = client.post(reverse("reporting:memo_edit", args=[2023]), data)
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.summary == "Ny sammanfattning."
    assert memo.case_number == "STK-2023-1702"
    assert str(memo.steps.first().date) == "2024-04-22"
    assert [(o.name, o.title) for o in memo.officials.all()] == [
        ("Micael Nord", "Näringslivsdirektör")
    ]


def test_a_save_from_an_old_page_is_refused_with_a_message(client, memo, development_coordinator):
    client.force_login(development_coordinator)
    url = reverse("reporting:memo_edit", args=[2023])
    stale = memo_post_data(memo, summary="Första.")
    assert client.post(url, stale).status_code == 302
    response = client.post(url, {**stale, "summary": "Andra."})
    assert response.status_code == 400
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "stale")
    memo.refresh_from_db()
    assert memo.summary == "Första."


def test_bad_rows_are_reported_next_to_the_field_and_nothing_is_saved(
    client, memo, development_coordinator
):
    client.force_login(development_coordinator)
    data = memo_post_data(
        memo, summary="Ska inte sparas.", **{"steps-0-body": "", "steps-0-date": "2024-04-22"}
    )
    response = client.post(reverse("reporting:memo_edit", args=[2023]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ange vilken instans" in content
    assert 'href="#id_steps-0-body">Beslutsplanering, rad 1: Ange vilken instans' in content
    memo.refresh_from_db()
    assert memo.summary != "Ska inte sparas."


def test_preview_renders_unsaved_texts_escaped(client, memo, development_coordinator):
    client.force_login(development_coordinator)
    data = memo_post_data(memo, summary="Förhandsvisad <script>alert(1)</script>")
    response = client.post(reverse("reporting:memo_preview", args=[2023]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Förhandsvisad &lt;script&gt;" in content and "<script>" not in content
    memo.refresh_from_db()
    assert "Förhandsvisad" not in memo.summary


def test_preview_shows_the_forms_decision_steps_and_officials_unsaved(
    client, memo, development_coordinator
):
    client.force_login(development_coordinator)
    data = memo_post_data(memo)
    steps, officials = int(data["steps-TOTAL_FORMS"]) - 1, int(data["officials-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"steps-{steps}-body": "Tekniska nämnden",
            f"steps-{steps}-date": "2024-03-28",
            f"officials-{officials}-name": "Ada Ek",
            f"officials-{officials}-title": "Stadsdirektör",
        }
    )
    response = client.post(reverse("reporting:memo_preview", args=[2023]), data)
    content = response.content.decode()
    assert '<tr><th scope="row">Tekniska nämnden</th><td>2024-03-28</td></tr>' in content
    assert '<span class="official-name">Ada Ek</span>' in content
    assert '<span class="official-title">Stadsdirektör</span>' in content
    assert not memo.steps.filter(body="Tekniska nämnden").exists()
    assert not memo.officials.filter(name="Ada Ek").exists()


def test_edit_page_says_when_the_figures_have_changed(client, memo, data, development_coordinator):
    client.force_login(development_coordinator)
    url = reverse("reporting:memo_edit", args=[2023])
    assert "Siffrorna har ändrats" not in client.get(url).content.decode()
    f.PayoutFactory(report=data["small_report"])
    year_data_changed(years=[2023])  # as the service adding it does
    assert "Siffrorna har ändrats" in client.get(url).content.decode()
    client.post(reverse("reporting:memo_refresh", args=[2023]))
    assert "Siffrorna har ändrats" not in client.get(url).content.decode()


def test_draft_pdf_and_publish_through_the_pages(client, memo, development_coordinator):
    client.force_login(development_coordinator)
    pdf = client.get(reverse("reporting:memo_pdf", args=[2023]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    # The edit page leads to the confirmation page, which shows what is about to be published.
    url = reverse("reporting:memo_publish", args=[2023])
    edit = client.get(reverse("reporting:memo_edit", args=[2023])).content.decode()
    assert f'href="{url}"' in edit and 'id="publish-problems"' not in edit
    confirm = client.get(url)
    assert confirm.status_code == 200
    summary = confirm.content.decode()
    assert "STK-2023-1702" in summary and memo.date.isoformat() in summary
    assert "Publicera version 1" in summary
    assert not PublishedMemo.objects.exists()  # looking at the confirmation publishes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert PublishedMemo.objects.get().published_by == development_coordinator
    assert "Publicera version 2" in client.get(url).content.decode()


def test_publishing_an_incomplete_memo_is_refused_and_the_pages_list_what_is_missing(
    client, data, development_coordinator
):
    memo = memo_create_draft(year=2023, user=development_coordinator)  # no case number, dates
    client.force_login(development_coordinator)
    url = reverse("reporting:memo_publish", args=[2023])
    for page in (url, reverse("reporting:memo_edit", args=[2023])):
        content = client.get(page).content.decode()
        assert 'id="publish-problems"' in content
        assert "Diarienummer saknas." in content
        assert "Beslutsplanering, rad 1 (Kommunstyrelsens arbetsutskott): datum saknas." in content
        assert "Ansvariga saknas" in content
        assert "Publicera version 1" not in content
    year_page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert "Diarienummer saknas." in year_page

    response = client.post(url, follow=True)
    assert not PublishedMemo.objects.exists()
    assert "Diarienummer saknas." in response.content.decode()

    make_publishable(memo)
    assert 'id="publish-problems"' not in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert PublishedMemo.objects.count() == 1


def make_years_with_versions(development_coordinator, *, start, count):
    for year in range(start, start + count):
        f.ReportingYearFactory(year=year, is_open=False)
        memo = f.MemoFactory(year=year, title=f"Redovisning {year}")
        f.PublishedMemoFactory.create_batch(2, memo=memo, published_by=development_coordinator)


def test_memo_index_query_count_does_not_grow_with_years(
    client, development_coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    make_years_with_versions(development_coordinator, start=2010, count=2)
    client.force_login(development_coordinator)
    url = reverse("reporting:memo_index")
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    make_years_with_versions(development_coordinator, start=2012, count=8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("versioner, senast") >= 8


def test_year_page_query_count_does_not_grow_with_versions_or_projects(
    client,
    data,
    development_coordinator,
    official,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    memo = make_publishable(memo_create_draft(year=2023, user=development_coordinator))
    for _ in range(2):
        memo_publish(memo=memo, user=development_coordinator)
    client.force_login(official)
    url = reverse("reporting:memo_year", args=[2023])
    client.get(url)
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    # Counted now: the captured list is a window on the connection's log, which later
    # queries (publishing) can move past.
    queries_before = len(before.captured_queries)
    for _ in range(3):
        memo_publish(memo=memo, user=development_coordinator)
    for index in range(10):
        f.ProjectReportFactory(submission=data["big_report"].submission, name=f"Extra {index}")
    # Publishing raises the year's data version, so the figures are read anew once, as they
    # were by the first request above; it is the request after that which must cost the same.
    client.get(url)
    with django_assert_num_queries(queries_before):
        response = client.get(url)
    assert response.content.decode().count("version-") >= 5


def test_others_get_403_even_for_a_year_without_a_memo(client, official, data):
    client.force_login(official)
    assert client.get(reverse("reporting:memo_edit", args=[2022])).status_code == 403
    assert client.post(reverse("reporting:memo_create", args=[2022])).status_code == 403
    assert not Memo.objects.exists()


def test_reference_email_is_a_text_input_so_chromium_keeps_the_idn_domain(
    client, memo, development_coordinator
):
    client.force_login(development_coordinator)
    content = client.get(reverse("reporting:memo_edit", args=[2023])).content.decode()
    field = re.search(r'<input[^>]*name="reference_email"[^>]*>', content).group(0)
    assert 'type="text"' in field
    assert 'inputmode="email"' in field
    assert 'autocomplete="email"' in field
    assert 'spellcheck="false"' in field


def test_a_punycode_domain_is_stored_and_printed_as_the_person_wrote_it(
    client, memo, development_coordinator
):
    client.force_login(development_coordinator)
    data = memo_post_data(memo, reference_email="bodil.olsson@xn--malm-8qa.se")
    response = client.post(reverse("reporting:memo_edit", args=[2023]), data)
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.reference_email == "bodil.olsson@malmö.se"
    # Written with Unicode in the first place it stays as it is.
    memo.refresh_from_db()
    data = memo_post_data(memo, reference_email="bodil.olsson@malmö.se")
    assert client.post(reverse("reporting:memo_edit", args=[2023]), data).status_code == 302
    memo.refresh_from_db()
    assert memo.reference_email == "bodil.olsson@malmö.se"


def test_figures_are_not_changed_just_because_the_page_is_in_english(
    client, memo, data, development_coordinator
):
    client.force_login(development_coordinator)
    edit = reverse("reporting:memo_edit", args=[2023])
    year = reverse("reporting:memo_year", args=[2023])
    for language in ("en", "sv"):
        client.cookies["django_language"] = language
        for url in (edit, year):
            response = client.get(url)
            assert response.context["figures_changed"] is False, (language, url)
        assert 'id="figures-changed"' not in client.get(edit).content.decode()

    f.PayoutFactory(report=data["small_report"], amount_sek=Decimal("1000.00"))
    year_data_changed(years=[2023])
    for language in ("en", "sv"):
        client.cookies["django_language"] = language
        for url in (edit, year):
            assert client.get(url).context["figures_changed"] is True, (language, url)
        assert 'id="figures-changed"' in client.get(edit).content.decode()
