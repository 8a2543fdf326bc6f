"""The open figures described for dataportal.se: a DCAT-AP-SE catalogue with one dataset, the
organisation as publisher and contact point, its licence, and per published year a CSV and a
JSON distribution whose download addresses answer with the published figures."""

import csv
import io

import pytest
from django.urls import reverse
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from projects.models import Organisation
from reporting.memo.services import memo_create_draft
from reporting.models import Memo
from tests import factories as f
from tests.reporting.memo_helpers import build_two_years

pytestmark = pytest.mark.django_db

SITE = "https://eu-projekt.example.se"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
CC_BY = URIRef("http://creativecommons.org/licenses/by/4.0/")


def publish(memo: Memo, user):
    """A published version keeping the memo's figures, as memo_publish does (no PDF made)."""
    return f.PublishedMemoFactory(
        memo=memo,
        case_number=memo.case_number,
        published_by=user,
        figures=Memo.objects.values_list("figures_snapshot", flat=True).get(pk=memo.pk),
    )


@pytest.fixture
def organisation(db):
    organisation = Organisation.objects.get()
    organisation.name = "Lunds kommun"
    organisation.office_name = "Kommunkontoret"
    organisation.organisation_number = "212000-1124"
    organisation.email_from = "eu-projekt@lund.example.se"
    organisation.open_data_licence = Organisation.OpenDataLicence.CC0
    organisation.save()
    return organisation


@pytest.fixture
def published(settings, organisation, development_coordinator):
    """2022 and 2023 published; 2021 has a draft memo only."""
    settings.PUBLIC_FIGURES = True
    settings.SITE_URL = SITE
    build_two_years()
    for year in (2022, 2023):
        memo = memo_create_draft(year=year, user=development_coordinator)
        memo.case_number = f"KS-{year + 1}-17"
        memo.save()
        publish(memo, development_coordinator)
    f.MemoFactory(year=2021, title="Utkast 2021")


def catalogue(client, name="open_data:catalogue", rdf_format="xml") -> Graph:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return Graph().parse(data=response.content, format=rdf_format)


def local(url) -> str:
    assert str(url).startswith(SITE + "/")
    return str(url).removeprefix(SITE)


def test_the_catalogue_describes_one_dataset_in_swedish_and_english(client, published):
    graph = catalogue(client)
    catalogues = list(graph.subjects(ns.RDF.type, ns.DCAT.Catalog))
    datasets = list(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))
    assert len(catalogues) == 1 and len(datasets) == 1
    dataset = datasets[0]
    assert (catalogues[0], ns.DCAT.dataset, dataset) in graph
    assert set(graph.objects(dataset, ns.DCTERMS.title)) == {
        Literal("EU-projekt och internationellt arbete", lang="sv"),
        Literal("EU projects and international work", lang="en"),
    }
    descriptions = {text.language for text in graph.objects(dataset, ns.DCTERMS.description)}
    assert descriptions == {"sv", "en"}
    assert (
        dataset,
        ns.DCAT.theme,
        URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE"),
    ) in graph
    # Temporal coverage per published year.
    starts = {
        str(graph.value(period, ns.DCAT.startDate))
        for period in graph.objects(dataset, ns.DCTERMS.temporal)
    }
    assert starts == {"2022-01-01", "2023-01-01"}
    # The metadata itself is CC0, as dataportal.se asks of every catalogue.
    assert graph.value(catalogues[0], ns.DCTERMS.license) == CC0


def test_the_publisher_and_contact_point_are_the_organisation(client, published):
    graph = catalogue(client)
    dataset = graph.value(predicate=ns.RDF.type, object=ns.DCAT.Dataset)
    publisher = graph.value(dataset, ns.DCTERMS.publisher)
    # Known to dataportal.se by the organisation number.
    assert publisher == URIRef("http://dataportal.se/organisation/SE2120001124")
    assert (publisher, ns.RDF.type, ns.FOAF.Agent) in graph
    assert graph.value(publisher, ns.FOAF.name) == Literal("Lunds kommun")
    assert graph.value(publisher, ns.DCTERMS.type) == URIRef(
        "http://purl.org/adms/publishertype/LocalAuthority"
    )
    contact = graph.value(dataset, ns.DCAT.contactPoint)
    assert (contact, ns.RDF.type, VCARD.Organization) in graph
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:eu-projekt@lund.example.se")
    assert "Lunds kommun" in str(graph.value(contact, VCARD.fn))


def test_a_distribution_per_published_year_and_format_downloads_the_published_figures(
    client, published
):
    graph = catalogue(client)
    dataset = graph.value(predicate=ns.RDF.type, object=ns.DCAT.Dataset)
    distributions = list(graph.objects(dataset, ns.DCAT.distribution))
    by_url = {}
    for distribution in distributions:
        assert (distribution, ns.RDF.type, ns.DCAT.Distribution) in graph
        assert graph.value(distribution, ns.DCAT.accessURL) is not None
        assert graph.value(distribution, ns.DCTERMS.license) == CC0
        assert graph.value(distribution, ns.DCTERMS.issued) is not None
        by_url[local(graph.value(distribution, ns.DCAT.downloadURL))] = str(
            graph.value(distribution, ns.DCTERMS.format)
        )
    # 2021 has no published version: nothing of it.
    assert by_url == {
        "/oppna-data/2022/siffror.csv": "text/csv",
        "/oppna-data/2022/siffror.json": "application/json",
        "/oppna-data/2023/siffror.csv": "text/csv",
        "/oppna-data/2023/siffror.json": "application/json",
    }
    figures = client.get("/oppna-data/2023/siffror.json")
    assert figures.status_code == 200
    assert figures.json()["payouts_total_sek"] == "12705678.00"
    assert figures.json()["memo"]["case_number"] == "KS-2024-17"
    rows = list(csv.reader(io.StringIO(client.get("/oppna-data/2022/siffror.csv").text)))
    assert rows[0] == ["year", "table", "name", "measure", "value"]
    assert ["2022", "payouts", "", "total_sek", "1000000.00"] in rows


def test_the_licence_is_the_one_set_for_the_organisation(client, published, organisation):
    organisation.open_data_licence = Organisation.OpenDataLicence.CC_BY
    organisation.save()
    graph = catalogue(client, "open_data:catalogue_turtle", "turtle")
    licences = {
        graph.value(distribution, ns.DCTERMS.license)
        for distribution in graph.subjects(ns.RDF.type, ns.DCAT.Distribution)
    }
    assert licences == {CC_BY}


def test_the_catalogue_is_404_when_the_open_figures_are_off(client, published, settings):
    settings.PUBLIC_FIGURES = False
    assert client.get(reverse("open_data:catalogue")).status_code == 404
    assert client.get(reverse("open_data:catalogue_turtle")).status_code == 404


def test_the_catalogue_reads_a_fixed_number_of_queries_whatever_the_years(
    client, published, development_coordinator, django_assert_num_queries
):
    for year in range(2015, 2021):
        memo = f.MemoFactory(year=year, figures_snapshot={"year": year, "preliminary": False})
        publish(memo, development_coordinator)
    # The published years, the organisation and its decision steps.
    with django_assert_num_queries(3):
        graph = catalogue(client)
    assert len(list(graph.subjects(ns.RDF.type, ns.DCAT.Distribution))) == 16


# DCAT-AP-SE 3.0.1's mandatory properties, as its RDForms templates (the specification's
# machine-readable form, 3.0.1/bundle.json; no SHACL shapes are published for it) state them:
# per class, the property, its least and most count (None: no most), and what each value must
# be (the template's node type, fixed value, pattern or list of choices).
ADMS = "http://purl.org/adms/publishertype/"
PUBLISHER_TYPES = {
    URIRef(ADMS + kind)
    for kind in (
        "Academia-ScientificOrganisation",
        "Company",
        "IndustryConsortium",
        "LocalAuthority",
        "NationalAuthority",
        "NonGovernmentalOrganisation",
        "NonProfitOrganisation",
        "PrivateIndividual(s)",
        "RegionalAuthority",
        "StandardisationBody",
        "SupraNationalAuthority",
    )
}
# dcat:format-group_common_choices (and dcat:format_generic's pattern: a media type literal).
FORMATS = {"text/csv", "application/json", "application/xml", "text/plain", "text/turtle"}
AGENT_TYPES = {ns.FOAF.Agent, ns.FOAF.Person, ns.FOAF.Organization}


def text(graph, value) -> bool:
    return isinstance(value, Literal) and bool(str(value).strip())


def address(graph, value) -> bool:
    return isinstance(value, URIRef) and str(value).startswith(("http://", "https://"))


def typed(*kinds):
    return lambda graph, value: any((value, ns.RDF.type, kind) in graph for kind in kinds)


MANDATORY = {
    ns.DCAT.Catalog: [
        (ns.DCTERMS.title, 1, None, text),
        (ns.DCTERMS.description, 1, None, text),
        (ns.DCTERMS.publisher, 1, 1, typed(*AGENT_TYPES)),
        (ns.DCTERMS.license, 1, 1, lambda graph, value: value == CC0),
        (ns.DCAT.dataset, 1, None, typed(ns.DCAT.Dataset)),
    ],
    ns.DCAT.Dataset: [
        (ns.DCTERMS.title, 1, None, text),
        (ns.DCTERMS.description, 1, None, text),
        (ns.DCTERMS.publisher, 1, 1, typed(*AGENT_TYPES)),
    ],
    ns.DCAT.Distribution: [
        (ns.DCAT.accessURL, 1, 1, address),
        (ns.DCTERMS.format, 1, 1, lambda graph, value: str(value) in FORMATS),
    ],
    ns.FOAF.Agent: [
        (ns.FOAF.name, 1, None, text),
        (ns.DCTERMS.type, 1, 1, lambda graph, value: value in PUBLISHER_TYPES),
    ],
}
CONTACT_POINT = [
    (ns.RDF.type, 1, 1, lambda graph, value: value in {VCARD.Individual, VCARD.Organization}),
    (VCARD.fn, 1, None, text),
    (VCARD.hasEmail, 1, None, lambda graph, value: str(value).startswith("mailto:")),
]


def mandatory_problems(graph: Graph) -> list[str]:
    """What the catalogue lacks or gets wrong of DCAT-AP-SE 3.0.1's mandatory properties; and
    any catalogue, dataset, distribution, publisher or contact point that is a blank node."""
    problems = []
    subjects = [
        (subject, rules)
        for kind, rules in MANDATORY.items()
        for subject in graph.subjects(ns.RDF.type, kind)
    ]
    subjects += [(contact, CONTACT_POINT) for contact in graph.objects(None, ns.DCAT.contactPoint)]
    for subject, rules in subjects:
        if not address(graph, subject):
            problems.append(f"{subject}: not an absolute address")
        for prop, least, most, valid in rules:
            values = list(graph.objects(subject, prop))
            if len(values) < least or (most is not None and len(values) > most):
                problems.append(f"{subject} {prop}: {len(values)} values")
            problems += [
                f"{subject} {prop}: {value}" for value in values if not valid(graph, value)
            ]
    return problems


def test_every_mandatory_property_of_dcat_ap_se_is_there_and_nothing_is_a_blank_node(
    client, published
):
    graph = catalogue(client)
    for kind in (ns.DCAT.Catalog, ns.DCAT.Dataset, ns.DCAT.Distribution, ns.FOAF.Agent):
        assert list(graph.subjects(ns.RDF.type, kind)), kind
    assert list(graph.objects(None, ns.DCAT.contactPoint))
    assert mandatory_problems(graph) == []


def test_without_an_organisation_number_an_e_mail_or_a_published_year_the_catalogue_is_complete(
    client, settings, organisation
):
    """The least a catalogue has: no published year (no distribution), no contact point, the
    publisher under the site's address; still every mandatory property, in Turtle too."""
    settings.PUBLIC_FIGURES = True
    settings.SITE_URL = SITE
    organisation.organisation_number = ""
    organisation.email_from = ""
    organisation.save()
    for rdf_format, name in (
        ("xml", "open_data:catalogue"),
        ("turtle", "open_data:catalogue_turtle"),
    ):
        graph = catalogue(client, name, rdf_format)
        assert not list(graph.subjects(ns.RDF.type, ns.DCAT.Distribution))
        assert not list(graph.objects(None, ns.DCAT.contactPoint))
        assert mandatory_problems(graph) == []


def test_the_mandatory_check_finds_what_dataportal_se_would_refuse(client, published):
    graph = catalogue(client)
    distribution = next(graph.subjects(ns.RDF.type, ns.DCAT.Distribution))
    graph.set((distribution, ns.DCTERMS.format, Literal("CSV")))
    publisher = next(graph.subjects(ns.RDF.type, ns.FOAF.Agent))
    graph.remove((publisher, ns.DCTERMS.type, None))
    assert sorted(problem.split(" ", 1)[1] for problem in mandatory_problems(graph)) == [
        f"{ns.DCTERMS.format}: CSV",
        f"{ns.DCTERMS.type}: 0 values",
    ]


def test_the_open_data_page_leads_to_the_catalogue_and_names_the_organisations_office(
    client, published
):
    page = client.get(reverse("open_data:index")).content.decode()
    catalogue = reverse("open_data:catalogue")
    assert f'<a href="{catalogue}">RDF/XML</a>' in page
    assert f'<a href="{reverse("open_data:catalogue_turtle")}">Turtle</a>' in page
    assert f'<link rel="alternate" type="application/rdf+xml" href="{catalogue}"' in page
    assert "internationellt arbete från Kommunkontoret har publicerats" in page
    assert "tadskontor" not in page
