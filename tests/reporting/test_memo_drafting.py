"""Drafting the memo from the figures: texts in the 2023 memo's style, refresh, examples."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reporting.memo import drafting
from reporting.memo.services import memo_create_draft, memo_refresh_figures, memo_update
from reporting.models import Memo
from reporting.selectors import year_figures
from tests import factories as f

pytestmark = pytest.mark.django_db

NB = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NB, " ")


@pytest.fixture
def memo(data, development_coordinator):
    return memo_create_draft(year=2023, user=development_coordinator)


def test_draft_compares_the_project_count_with_the_previous_year(memo):
    text = plain(memo.projects_text)
    assert (
        "Under 2023 redovisade Malmö stads förvaltningar medverkan i 2 EU-projekt, antingen som "
        "projektägare (1) eller som projektpartner (1). Detta kan jämföras med 2022 då "
        "förvaltningarna redovisade medverkan i 1 EU-projekt."
    ) in text
    assert "projektverksamheten har ökat i antal under 2023 jämfört med 2022" in text


def test_draft_gives_the_budget_range_with_programme_short_names(memo):
    assert (
        "De enskilda projektbudgetarna för 2023 sträcker sig från 60 000 SEK för mindre "
        "Erasmus+projekt till 2 000 000 SEK för stora ESF-projekt."
    ) in plain(memo.projects_text)


def test_draft_lists_projects_per_administration_as_the_memo_does(memo):
    expected = "- Kulturförvaltningen, 1 projekt.\n- Miljöförvaltningen, 1 projekt."
    assert expected in memo.projects_text


def test_draft_writes_totals_and_lists_of_payouts(memo):
    text = plain(memo.payouts_by_administration_text)
    assert "Under 2023 utbetalades sammanlagt cirka 13 miljoner kronor" in text
    assert "Motsvarande siffror för 2022 var 1 miljon kronor." in text
    listed = "- Miljöförvaltningen, ca 12 300 000 kronor\n- Kulturförvaltningen, 360 000 kronor"
    assert listed in text
    assert "i första hand Europeiska socialfonden (ESF/ESF+) och Erasmus+." in text
    assert "EU:s medfinansiering är 60 % för social- och regionalfondsprojekt" in text
    goals = plain(memo.payouts_by_goal_text)
    assert goals == (
        "- Utbildning och arbete, 12 345 678 kronor\n- Stadsutveckling och klimat, 360 000 kronor"
    )


def test_draft_writes_one_paragraph_per_suggested_example(memo, data):
    assert list(memo.examples.all()) == [data["big_report"]]
    assert memo.examples_text == (
        "Miljöförvaltningen leder projektet ”Klimatsmart stad” (KLIMAT) inom ESF. Projektet "
        "syftar till att minska utsläppen i staden. Utsläppen har minskat med 10 %. I projektet "
        "samverkar miljöförvaltningen med kulturförvaltningen."
    )


def test_draft_takes_reference_from_the_user_and_planning_rows(memo, development_coordinator):
    assert memo.reference_email == development_coordinator.email
    assert memo.title == "Redovisning av internationellt arbete 2023"
    assert [s.body for s in memo.steps.all()] == [
        "Kommunstyrelsens arbetsutskott",
        "Kommunstyrelsen",
        "Kommunfullmäktige",
    ]
    assert "för 2023 till handlingarna" in memo.proposed_decision


def test_a_second_draft_for_the_same_year_is_refused(memo, development_coordinator):
    with pytest.raises(ValidationError):
        memo_create_draft(year=2023, user=development_coordinator)
    assert Memo.objects.filter(year=2023).count() == 1


def test_figures_changed_since_the_draft_is_detected(memo, data):
    assert not memo.figures_changed(drafting.figures_hash(year_figures(2023)))
    f.PayoutFactory(report=data["small_report"], amount_sek=Decimal("40000.00"))
    assert memo.figures_changed(drafting.figures_hash(year_figures(2023)))


def test_refresh_rewrites_figure_sections_and_keeps_hand_written_texts(
    memo, data, development_coordinator
):
    Memo.objects.filter(pk=memo.pk).update(
        summary="Egen sammanfattning.", assessment="Egen bedömning.", matter="Eget ärende."
    )
    f.PayoutFactory(report=data["small_report"], amount_sek=Decimal("40000.00"))

    memo = memo_refresh_figures(memo=memo, user=development_coordinator)

    assert "- Kulturförvaltningen, 400 000 kronor" in plain(memo.payouts_by_administration_text)
    assert memo.summary == "Egen sammanfattning."
    assert memo.assessment == "Egen bedömning."
    assert memo.matter == "Eget ärende."
    assert not memo.figures_changed(drafting.figures_hash(year_figures(2023)))


def test_refresh_keeps_example_texts_edited_by_hand(memo, data, development_coordinator):
    Memo.objects.filter(pk=memo.pk).update(examples_text="Egen exempeltext.")
    data["big_report"].results = "Nytt resultat."
    data["big_report"].save()
    memo = memo_refresh_figures(memo=memo, user=development_coordinator)
    assert memo.examples_text == "Egen exempeltext."


def test_refresh_follows_the_data_in_untouched_example_texts(memo, data, development_coordinator):
    data["big_report"].results = "Nytt resultat."
    data["big_report"].save()
    memo = memo_refresh_figures(memo=memo, user=development_coordinator)
    assert "Nytt resultat." in memo.examples_text


def test_update_refuses_a_save_based_on_an_old_revision(memo, development_coordinator):
    with pytest.raises(ValidationError):
        memo_update(
            memo=memo,
            user=development_coordinator,
            revision=memo.revision - 1,
            fields={"summary": "Sent"},
            decision_steps=[],
            officials=[],
            examples=[],
        )
    memo.refresh_from_db()
    assert memo.summary != "Sent"


def test_render_text_makes_paragraphs_lists_and_escapes():
    text = "Ett <b>stycke</b>\nrad två\n\n- punkt ett\n- punkt två\n\n1. Beslut"
    html = drafting.render_text(text)
    assert html == (
        "<p>Ett &lt;b&gt;stycke&lt;/b&gt;<br>rad två</p>"
        "<ul><li>punkt ett</li><li>punkt två</li></ul><ol><li>Beslut</li></ol>"
    )


def test_interreg_programmes_are_named_together():
    names = ["Horisont 2020", "Interreg Öresund-Kattegatt-Skagerrak", "Interreg Nordsjöprogrammet"]
    assert drafting.group_interreg(names) == [
        "Horisont 2020",
        "Interreg (Öresund-Kattegatt-Skagerrak respektive Nordsjöprogrammet)",
    ]


def test_a_year_without_data_still_gets_a_readable_draft(development_coordinator):
    f.ReportingYearFactory(year=2030)
    memo = memo_create_draft(year=2030, user=development_coordinator)
    assert "inte medverkan i något EU-projekt" in memo.projects_text
    assert memo.payouts_by_goal_text == "Inga EU-medel betalades ut under 2030."


def test_demo_2023_example_section_covers_the_memos_examples_from_the_narratives():
    from projects.demo import load_demo
    from reporting.memo.demo import load_demo_memo

    load_demo()
    memo = load_demo_memo()
    text = memo.examples_text
    paragraphs = text.split("\n\n")
    by_administration = {p.split(" ")[0]: p for p in paragraphs}
    culture = by_administration["Kulturförvaltningen"]
    assert "ICORN" in culture and "Banned Books Week" in culture
    assert "idrottsevenemang" in by_administration["Fritidsförvaltningen"]
    assert "EUROCITIES" in by_administration["Fastighets-"]
    # No paragraph twice, and the RASK paragraph says each thing once.
    assert len(paragraphs) == len(set(paragraphs))
    rask = next(p for p in paragraphs if "(RASK)" in p)
    assert rask.count("Ung i sommar-gruppen") == 1
    assert rask.count("Rusta aktörer för en snabbare klimatomställning") == 1
    # The projects the memo tells of are still there.
    for name in ("Trygg relation", "Hållbara övergångar", "ProCircan", "ACCESS", "Spegla"):
        assert name in text
    # 2023 is closed and every administration approved: the comparisons are written.
    assert "Detta kan jämföras med 2022" in memo.projects_text
    # The wording docs/memo.md quotes.
    assert "Motsvarande siffror för 2022 var ca 41 miljoner." in plain(
        memo.payouts_by_administration_text
    )
    # Loading the demo again changes nothing.
    load_demo()
    assert load_demo_memo() is None
