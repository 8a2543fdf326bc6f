"""The open figures described for dataportal.se: a DCAT-AP-SE 3.0 catalogue (docs/open-data.md)
with one dataset and, per published year, a distribution as CSV and one as JSON.

The publisher, the contact point and the licence are the organisation's settings as they are
now (``projects.selectors.organisation_facts``); the years and their versions are those the open
figures show (``reporting.selectors.public.published_years``). Every address is absolute, under
``settings.SITE_URL``, and no entity the harvester identifies is a blank node."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from projects.organisation import OrganisationFacts
from projects.selectors import organisation_facts
from reporting.selectors.public import published_years

DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
EU_ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
IANA_MEDIA_TYPE = Namespace("https://www.iana.org/assignments/media-types/")
# In Sweden the catalogue's own metadata is always CC0 (DCAT-AP-SE, dcat:Catalog dct:license).
METADATA_LICENCE = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
# A publisher known to dataportal.se by its organisation number (DCAT-AP-SE, harvesting).
DATAPORTAL_ORGANISATION = "http://dataportal.se/organisation/SE"
# The EU data themes: the public sector's own work, and international issues.
THEMES = (EU_THEME.GOVE, EU_THEME.INTR)
LANGUAGES = ("sv", "en")

CATALOGUE_TITLE = gettext_noop("Öppna data om EU-projekt, %(organisation)s")
CATALOGUE_DESCRIPTION = gettext_noop(
    "Datamängder som %(organisation)s publicerar från sin årliga redovisning av "
    "internationellt arbete."
)
DATASET_TITLE = gettext_noop("EU-projekt och internationellt arbete")
DATASET_DESCRIPTION = gettext_noop(
    "%(organisation_genitive)s årliga redovisning av EU-projekt: antal projekt som ägare och "
    "partner, utbetalda EU-medel per förvaltning, kommunfullmäktigemål och program, "
    "projektbudgetarnas spann och EU:s medfinansieringsgrad. Varje år har de siffror som den "
    "senaste publicerade versionen av årets redovisning anger. Inga personuppgifter."
)
DATASET_KEYWORDS = (
    gettext_noop("EU-projekt"),
    gettext_noop("EU-medel"),
    gettext_noop("internationellt arbete"),
)
DISTRIBUTION_TITLE = gettext_noop("EU-projekt %(year)s, %(format)s")
DISTRIBUTION_DESCRIPTION = gettext_noop(
    "Siffrorna för %(year)s som version %(version)s av redovisningen publicerade dem."
)
# The formats of each year: URL name, label, media type (DCAT-AP-SE writes it as dct:format).
FORMATS = (
    ("open_data:year_csv", "CSV", "text/csv"),
    ("open_data:year_json", "JSON", "application/json"),
)


def _texts(msgid: str, **values) -> list[Literal]:
    """``msgid`` in Swedish and English, each tagged with its language."""
    texts = []
    for language in LANGUAGES:
        with translation.override(language):
            texts.append(Literal(_(msgid) % values, lang=language))
    return texts


def publisher_uri(organisation: OrganisationFacts, base: str) -> URIRef:
    if organisation.organisation_number:
        return URIRef(DATAPORTAL_ORGANISATION + organisation.organisation_number.replace("-", ""))
    return URIRef(base + "#utgivare")


def publisher_type(organisation: OrganisationFacts) -> URIRef:
    """A region is a regional authority, every other organisation a local one (a
    municipality)."""
    if "region" in organisation.name.lower():
        return PUBLISHER_TYPE.RegionalAuthority
    return PUBLISHER_TYPE.LocalAuthority


def catalogue_graph() -> Graph:
    """The catalogue as an RDF graph (two queries: the organisation, the published years)."""
    site = settings.SITE_URL
    base = site + reverse("open_data:index")
    organisation = organisation_facts()
    years = sorted(published_years(), key=lambda entry: entry["year"])

    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dcterms", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("dcatap", DCATAP),
    ):
        graph.bind(prefix, namespace)

    catalogue = URIRef(base + "#katalog")
    dataset = URIRef(base + "#eu-projekt")
    publisher = publisher_uri(organisation, base)
    name = organisation.name
    genitive = organisation.name_genitive

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(name)))
    graph.add((publisher, DCTERMS.type, publisher_type(organisation)))
    if organisation.organisation_number:
        graph.add((publisher, DCTERMS.identifier, Literal(organisation.organisation_number)))

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    for text in _texts(CATALOGUE_TITLE, organisation=name):
        graph.add((catalogue, DCTERMS.title, text))
    for text in _texts(CATALOGUE_DESCRIPTION, organisation=name):
        graph.add((catalogue, DCTERMS.description, text))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCTERMS.license, METADATA_LICENCE))
    graph.add((catalogue, FOAF.homepage, URIRef(base)))
    graph.add((catalogue, DCTERMS.language, EU_LANGUAGE.SWE))
    graph.add((catalogue, DCTERMS.language, EU_LANGUAGE.ENG))
    graph.add((catalogue, DCAT.themeTaxonomy, URIRef(str(EU_THEME).rstrip("/"))))
    graph.add((catalogue, DCAT.dataset, dataset))

    graph.add((dataset, RDF.type, DCAT.Dataset))
    for text in _texts(DATASET_TITLE):
        graph.add((dataset, DCTERMS.title, text))
    for text in _texts(DATASET_DESCRIPTION, organisation=name, organisation_genitive=genitive):
        graph.add((dataset, DCTERMS.description, text))
    for keyword in DATASET_KEYWORDS:
        for text in _texts(keyword):
            graph.add((dataset, DCAT.keyword, text))
    graph.add((dataset, DCTERMS.publisher, publisher))
    for theme in THEMES:
        graph.add((dataset, DCAT.theme, theme))
    graph.add((dataset, DCTERMS.language, EU_LANGUAGE.SWE))
    graph.add((dataset, DCTERMS.accrualPeriodicity, EU_FREQUENCY.ANNUAL))
    graph.add((dataset, DCTERMS.accessRights, EU_ACCESS_RIGHT.PUBLIC))
    graph.add((dataset, DCAT.landingPage, URIRef(base)))
    if organisation.email_from:
        contact = URIRef(base + "#kontakt")
        graph.add((dataset, DCAT.contactPoint, contact))
        graph.add((contact, RDF.type, VCARD.Organization))
        office = ", ".join(part for part in (organisation.office_name, name) if part)
        graph.add((contact, VCARD.fn, Literal(office)))
        graph.add((contact, VCARD.hasEmail, URIRef("mailto:" + organisation.email_from)))

    licence = URIRef(organisation.open_data_licence_uri)
    for entry in years:
        _add_year(graph, dataset, entry, base=base, site=site, licence=licence)
    if years:
        graph.add((catalogue, DCTERMS.modified, _date(max(e["published_on"] for e in years))))
        graph.add((dataset, DCTERMS.issued, _date(min(e["published_on"] for e in years))))
        graph.add((dataset, DCTERMS.modified, _date(max(e["published_on"] for e in years))))
    return graph


def _date(value) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _add_year(graph: Graph, dataset, entry: dict, *, base: str, site: str, licence) -> None:
    """The year's period of time on the dataset, and its distributions, one per format."""
    year = entry["year"]
    period = URIRef(f"{base}#ar-{year}")
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(f"{year}-01-01", datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal(f"{year}-12-31", datatype=XSD.date)))
    for url_name, label, media_type in FORMATS:
        distribution = URIRef(f"{base}#{year}-{label.lower()}")
        download = URIRef(site + reverse(url_name, kwargs={"year": year}))
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        for text in _texts(DISTRIBUTION_TITLE, year=year, format=label):
            graph.add((distribution, DCTERMS.title, text))
        for text in _texts(DISTRIBUTION_DESCRIPTION, year=year, version=entry["version"]):
            graph.add((distribution, DCTERMS.description, text))
        graph.add((distribution, DCAT.accessURL, download))
        graph.add((distribution, DCAT.downloadURL, download))
        graph.add((distribution, DCTERMS.format, Literal(media_type)))
        graph.add((distribution, DCAT.mediaType, IANA_MEDIA_TYPE[media_type]))
        graph.add((distribution, DCTERMS.license, licence))
        graph.add((distribution, DCTERMS.issued, _date(entry["published_on"])))
