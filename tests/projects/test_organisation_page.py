"""The organisation's settings page, as the development coordinator uses it."""

import pytest
from django.urls import reverse

from projects.models import Organisation, ReportingYear
from projects.selectors import organisation_changes, organisation_facts
from projects.services import reporting_year_close

URL = reverse("projects:organisation")


def posted(organisation, **changes):
    """The page's form as the browser sends it, with ``changes`` on top."""
    steps = list(organisation.decision_steps.all()) if organisation.pk else []
    data = {
        "name": organisation.name,
        "name_genitive": organisation.name_genitive,
        "organisation_number": organisation.organisation_number,
        "vat_number": organisation.vat_number,
        "pic": organisation.pic,
        "office_name": organisation.office_name,
        "document_type": organisation.document_type,
        "case_number_pattern": organisation.case_number_pattern,
        "policy": organisation.policy,
        "responsible": organisation.responsible,
        "colour_primary": organisation.colour_primary,
        "colour_secondary": organisation.colour_secondary,
        "email_from": organisation.email_from,
        "open_data_licence": organisation.open_data_licence,
        "steps-TOTAL_FORMS": str(len(steps) + 2),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "8",
    }
    for index, step in enumerate(steps):
        data[f"steps-{index}-id"] = str(step.pk)
        data[f"steps-{index}-body"] = step.body
        data[f"steps-{index}-abbreviation"] = step.abbreviation
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_page_shows_the_organisation_and_its_decision_path(client, development_coordinator):
    client.force_login(development_coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["name"].value() == "Malmö stad"
    rows = response.context["steps_formset"]
    assert [row["abbreviation"].value() for row in rows.forms[:3]] == ["KSAU", "KS", "KF"]


@pytest.mark.django_db
def test_saving_changes_names_and_decision_path_and_records_who(client, development_coordinator):
    client.force_login(development_coordinator)
    organisation = Organisation.objects.get()
    data = posted(
        organisation,
        name="Exempelstads kommun",
        name_genitive="",
        office_name="Kommunledningskontoret",
        document_type="tjansteutlatande",
        case_number_pattern="KS {nummer}/{år}",
    )
    # KSAU goes; a new last step is added.
    data["steps-0-DELETE"] = "on"
    data["steps-3-body"] = "Kommunfullmäktiges presidium"
    data["steps-3-abbreviation"] = "KFPRES"
    response = client.post(URL, data)
    assert response.status_code == 302

    facts = organisation_facts()
    assert facts.name == "Exempelstads kommun"
    assert facts.name_genitive == "Exempelstads kommuns"
    assert facts.document_type == "tjansteutlatande"
    assert [step.abbreviation for step in facts.decision_steps] == ["KS", "KF", "KFPRES"]
    assert facts.case_number_matches("KS 1702/2023")

    page = client.get(URL)
    latest = page.context["changes"][0]
    assert latest["user"] == development_coordinator
    assert "namn" in latest["fields"]
    assert "kontor som sammanställer" in latest["fields"]
    assert "organisationsnummer" not in latest["fields"]


@pytest.mark.django_db
def test_a_colour_too_light_is_refused_at_its_field_and_nothing_is_saved(
    client, development_coordinator
):
    client.force_login(development_coordinator)
    organisation = Organisation.objects.get()
    response = client.post(URL, posted(organisation, name="Annat namn", colour_primary="#aaaaaa"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("colour_primary", "colour_contrast")
    assert 'aria-invalid="true"' in response.content.decode()
    assert Organisation.objects.get().name == "Malmö stad"


@pytest.mark.django_db
def test_a_decision_path_cannot_be_emptied(client, development_coordinator):
    client.force_login(development_coordinator)
    organisation = Organisation.objects.get()
    data = posted(organisation)
    for index in range(3):
        data[f"steps-{index}-DELETE"] = "on"
    response = client.post(URL, data)
    assert response.status_code == 200
    errors = response.context["steps_formset"].non_form_errors().as_data()
    assert [error.code for error in errors] == ["no_decision_step"]
    assert Organisation.objects.get().decision_steps.count() == 3


@pytest.mark.django_db
def test_an_empty_installation_creates_its_organisation_on_the_page(
    client, development_coordinator
):
    Organisation.objects.all().delete()
    client.force_login(development_coordinator)
    assert client.get(URL).status_code == 200
    data = posted(
        Organisation(name="", office_name="", colour_primary="#0a3c78", colour_secondary="#052a55"),
        name="Lunds kommun",
        office_name="Kommunkontoret",
        organisation_number="212000-1181",
    )
    data["steps-TOTAL_FORMS"], data["steps-INITIAL_FORMS"] = "2", "0"
    data["steps-0-body"], data["steps-0-abbreviation"] = "Kommunstyrelsen", "KS"
    response = client.post(URL, data)
    assert response.status_code == 302
    assert organisation_facts().name == "Lunds kommun"


@pytest.mark.django_db
def test_a_closed_year_is_untouched_by_a_later_save(client, development_coordinator):
    year = ReportingYear.objects.create(year=2023, is_open=True)
    reporting_year_close(reporting_year=year, user=development_coordinator)
    client.force_login(development_coordinator)
    organisation = Organisation.objects.get()
    client.post(URL, posted(organisation, name="Nytt namn", name_genitive=""))
    year.refresh_from_db()
    assert organisation_facts(year).name == "Malmö stad"
    assert organisation_facts().name == "Nytt namn"


@pytest.mark.django_db
def test_the_open_data_licence_is_chosen_on_the_page(client, development_coordinator):
    client.force_login(development_coordinator)
    page = client.get(URL).content.decode()
    assert 'name="open_data_licence"' in page
    organisation = Organisation.objects.get()
    assert organisation_facts().open_data_licence_uri == (
        "http://creativecommons.org/publicdomain/zero/1.0/"
    )
    response = client.post(
        URL, posted(organisation, open_data_licence=Organisation.OpenDataLicence.CC_BY)
    )
    assert response.status_code == 302
    assert organisation_facts().open_data_licence_uri == (
        "http://creativecommons.org/licenses/by/4.0/"
    )
    refused = client.post(URL, posted(organisation, open_data_licence="cc-by-nc-4.0"))
    assert refused.status_code == 200
    assert refused.context["form"].errors.as_data()["open_data_licence"][0].code == (
        "invalid_choice"
    )


@pytest.mark.django_db
def test_the_changes_table_lists_the_latest_changes_newest_first_and_the_first_as_created(
    client, development_coordinator
):
    client.force_login(development_coordinator)
    organisation = Organisation.objects.get()
    for name in ("Första namnet", "Andra namnet"):
        organisation.name = name
        organisation.save()
    history_count = organisation.history.count()

    page = client.get(URL)
    changes = page.context["changes"]
    assert len(changes) == history_count
    assert changes[0]["date"] >= changes[1]["date"]
    assert changes[0]["fields"] == ["namn"]
    assert changes[-1]["fields"] == []
    assert "<td>namn</td>" in page.content.decode()

    changes = organisation_changes(organisation, limit=2)
    assert [change["fields"] for change in changes] == [["namn"], ["namn"]]


def png_bytes(size=(120, 40)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 60, 120)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(mode: str) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, (60, 20)).save(buffer, format="JPEG")
    return buffer.getvalue()


SVG_LOGO = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
    b'<rect width="120" height="40" fill="#0a3c78"/></svg>'
)


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("logo.png", png_bytes(), "image/png"),
        ("logo.svg", SVG_LOGO, "image/svg+xml"),
        ("logo.jpg", jpeg_bytes("RGB"), "image/jpeg"),
    ],
)
def test_a_png_or_svg_logo_is_kept_by_its_content(
    client, development_coordinator, name, data, content_type
):
    client.force_login(development_coordinator)
    organisation = Organisation.objects.get()
    response = client.post(URL, posted(organisation, logo=upload(name, data)))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.content_type == content_type
    assert bytes(organisation.logo.data) == data
    assert organisation_facts().logo_sha256 == organisation.logo.sha256


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        # A name says nothing: a text file called .png is not an image.
        ("logo.png", b"not an image at all", "logo_type"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "logo_unreadable"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (512 * 1024), "logo_too_large"),
        ("logo.png", png_bytes(size=(4100, 10)), "logo_dimensions"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo_svg_content",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<image x:href="http://example.com/a.png"/></svg>',
            "logo_svg_content",
        ),
        ("logo.gif", b"GIF89a" + b"\x00" * 32, "logo_type"),
        ("logo.jpg", jpeg_bytes("CMYK"), "logo_colour_mode"),
    ],
)
def test_a_logo_that_is_not_a_small_png_jpeg_or_svg_is_refused_at_the_field(
    client, development_coordinator, name, data, code
):
    client.force_login(development_coordinator)
    organisation = Organisation.objects.get()
    response = client.post(URL, posted(organisation, logo=upload(name, data)))
    assert response.status_code == 200
    [error] = response.context["form"].errors.as_data()["logo"]
    assert error.code == code
    assert error.messages[0] in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.logo_id is None


@pytest.mark.django_db
def test_the_logo_can_be_removed_and_the_closed_years_copy_keeps_it(
    client, development_coordinator
):
    client.force_login(development_coordinator)
    organisation = Organisation.objects.get()
    client.post(URL, posted(organisation, logo=upload("logo.png", png_bytes())))
    year = ReportingYear.objects.create(year=2023, is_open=True)
    reporting_year_close(reporting_year=year, user=development_coordinator)
    organisation.refresh_from_db()
    kept = organisation.logo_id

    response = client.post(URL, posted(organisation, remove_logo="on"))

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo_id is None
    year.refresh_from_db()
    assert organisation_facts(year).logo_sha256 == kept


@pytest.mark.django_db
def test_the_page_shows_the_current_logo_only_to_the_development_coordinator(
    client, development_coordinator, coordinator
):
    client.force_login(development_coordinator)
    organisation = Organisation.objects.get()
    assert "organisation-logo" not in client.get(URL).content.decode()
    client.post(URL, posted(organisation, logo=upload("logo.svg", SVG_LOGO)))
    organisation.refresh_from_db()

    src = reverse("projects:organisation_logo", args=[organisation.logo_id])
    assert f'<img src="{src}" alt="Nuvarande logotyp">' in client.get(URL).content.decode()
    logo = client.get(src)
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/svg+xml"
    assert b"".join(logo) == SVG_LOGO
    assert "sandbox" in logo["Content-Security-Policy"]

    client.force_login(coordinator)
    assert client.get(src).status_code == 403
