"""Publishing: a version is stored once, PDF and Word file, with time, publisher and checksums,
and never changes."""

import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from docx import Document

from reporting.memo import docx as memo_docx_module
from reporting.memo.docx import memo_docx
from reporting.memo.files import memo_publish
from reporting.memo.selectors import memo_publish_problems
from reporting.memo.services import (
    memo_create_draft,
    memo_figures,
    memo_refresh_figures,
)
from reporting.models import ImmutableRecordError, Memo, PublishedMemo
from tests import factories as f
from tests.reporting.memo_helpers import make_publishable

pytestmark = pytest.mark.django_db


@pytest.fixture
def memo(data, development_coordinator):
    return make_publishable(memo_create_draft(year=2023, user=development_coordinator))


def test_publish_stores_the_pdf_with_publisher_time_and_checksum(memo, development_coordinator):
    published = memo_publish(memo=memo, user=development_coordinator)
    data = bytes(published.pdf)
    assert data.startswith(b"%PDF-")
    assert published.version == 1
    assert published.sha256 == hashlib.sha256(data).hexdigest()
    assert published.size == len(data)
    assert published.published_by == development_coordinator
    assert published.published_at is not None
    assert published.case_number == memo.case_number
    assert published.verify()
    # The version keeps the figures it states: the memo's snapshot, which it was drafted from.
    memo.refresh_from_db()
    drafted = {key: value for key, value in memo.figures_snapshot.items() if key != "basis"}
    assert published.figures == drafted
    assert published.figures["year"] == memo.year and published.figures["projects"]["total"] > 0


def test_publish_stores_the_word_file_naming_the_version_and_the_pdf_checksum(
    memo, development_coordinator
):
    published = memo_publish(memo=memo, user=development_coordinator)
    stored = PublishedMemo.objects.get(pk=published.pk)
    data = bytes(stored.docx)
    assert data.startswith(b"PK")
    assert stored.has_docx
    assert stored.docx_sha256 == hashlib.sha256(data).hexdigest()
    # The Word file is the one written from the memo and the figures the PDF was made from.
    assert data == memo_docx(memo_figures(2023), memo, published=stored)
    properties = Document(io.BytesIO(data)).core_properties
    assert properties.version == "1"
    assert properties.content_status == "Publicerad"
    assert properties.subject == "Tjänsteskrivelse STK-2023-1702, version 1"
    assert properties.comments == (
        "Publicerad version 1. Skriven från samma innehåll som versionens PDF "
        f"(SHA-256 {stored.sha256})."
    )
    assert stored.verify()


def test_nothing_is_published_when_the_word_file_cannot_be_written(
    memo, development_coordinator, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ValueError("The chart uses SVG that the Word export cannot paint: <circle>")

    monkeypatch.setattr(memo_docx_module, "memo_docx", refuse)
    with pytest.raises(ValueError):
        memo_publish(memo=memo, user=development_coordinator)
    assert not PublishedMemo.objects.exists()


def test_a_word_file_without_its_checksum_cannot_be_stored(memo, development_coordinator):
    published = memo_publish(memo=memo, user=development_coordinator)
    values = {
        name: getattr(published, name)
        for name in ("memo", "year", "pdf", "size", "sha256", "title", "published_by")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedMemo.objects.create(**values, version=2, docx=published.docx, docx_sha256="")
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedMemo.objects.create(**values, version=3, docx_sha256=published.docx_sha256)


def test_publishing_again_makes_a_new_version_and_keeps_the_old_one(memo, development_coordinator):
    first = memo_publish(memo=memo, user=development_coordinator)
    second = memo_publish(memo=memo, user=development_coordinator)
    assert (first.version, second.version) == (1, 2)
    assert list(PublishedMemo.objects.for_year(2023).values_list("version", flat=True)) == [2, 1]


def test_a_published_version_never_changes_when_the_data_and_memo_change(
    client, memo, data, development_coordinator, official
):
    published = memo_publish(memo=memo, user=development_coordinator)
    client.force_login(official)
    before = client.get(published.get_absolute_url())
    assert before.status_code == 200

    # The data and the memo change, the figures are refreshed, a new version is published.
    f.PayoutFactory(report=data["small_report"], amount_sek=Decimal("999999.00"))
    memo.summary = "En helt ny sammanfattning."
    memo.save()
    memo_refresh_figures(memo=memo, user=development_coordinator)
    memo_publish(memo=memo, user=development_coordinator)

    after = client.get(published.get_absolute_url())
    assert after.content == before.content
    assert hashlib.sha256(after.content).hexdigest() == published.sha256
    word = client.get(reverse("reporting:published_memo_docx", args=[2023, 1]))
    assert word.status_code == 200
    assert hashlib.sha256(word.content).hexdigest() == published.docx_sha256
    published.refresh_from_db()
    assert published.verify()


def test_a_published_version_cannot_be_saved_updated_or_deleted(memo, development_coordinator):
    published = memo_publish(memo=memo, user=development_coordinator)
    published.title = "Ändrad"
    with pytest.raises(ImmutableRecordError):
        published.save()
    with pytest.raises(ImmutableRecordError):
        PublishedMemo.objects.filter(pk=published.pk).update(title="Ändrad")
    with pytest.raises(ImmutableRecordError):
        published.delete()
    with pytest.raises(ImmutableRecordError):
        PublishedMemo.objects.all().delete()
    stored = PublishedMemo.objects.get(pk=published.pk)
    assert stored.title == memo.title and stored.verify()


def test_publishing_is_refused_while_the_figures_have_changed_since_the_draft(
    memo, data, development_coordinator
):
    f.PayoutFactory(report=data["small_report"], amount_sek=Decimal("1000.00"))
    with pytest.raises(ValidationError):
        memo_publish(memo=memo, user=development_coordinator)
    assert not PublishedMemo.objects.exists()


def test_publishing_is_refused_until_the_memo_is_complete(data, development_coordinator):
    memo = memo_create_draft(year=2023, user=development_coordinator)
    with pytest.raises(ValidationError) as refused:
        memo_publish(memo=memo, user=development_coordinator)
    assert refused.value.messages == [
        "Diarienummer saknas.",
        "Beslutsplanering, rad 1 (Kommunstyrelsens arbetsutskott): datum saknas.",
        "Beslutsplanering, rad 2 (Kommunstyrelsen): datum saknas.",
        "Beslutsplanering, rad 3 (Kommunfullmäktige): datum saknas.",
        "Ansvariga saknas: ange minst en ansvarig tjänsteperson.",
    ]
    Memo.objects.filter(pk=memo.pk).update(reference_name="", case_number="STK-2023-1702")
    memo.steps.all().delete()
    memo.refresh_from_db()
    assert memo_publish_problems(memo) == [
        "Namn under Vår referens saknas.",
        "Beslutsplanering saknas: ange minst en instans med datum.",
        "Ansvariga saknas: ange minst en ansvarig tjänsteperson.",
    ]
    assert not PublishedMemo.objects.exists()
    make_publishable(memo)  # a dated first step, since the draft had none left
    f.MemoDecisionStepFactory(memo=memo, order=2, body="Kommunstyrelsen")
    assert memo_publish_problems(memo) == [
        "Namn under Vår referens saknas.",
        "Beslutsplanering, rad 2 (Kommunstyrelsen): datum saknas.",
    ]
    Memo.objects.filter(pk=memo.pk).update(reference_name="Bodil Olsson")
    memo.steps.update(date="2024-04-22")
    memo.refresh_from_db()
    assert memo_publish_problems(memo) == []
    assert memo_publish(memo=memo, user=development_coordinator).version == 1
