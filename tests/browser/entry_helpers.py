"""What the browser tests of the coordinator's entry pages share: filling in a project."""

import re


def fill_project(page, *, name, acronym, payouts, results):
    page.get_by_label(re.compile(r"^\s*Projektnamn")).fill(name)
    page.get_by_label("Förkortning", exact=True).fill(acronym)
    page.get_by_label(re.compile(r"^\s*Program eller fond")).select_option(
        label="Europeiska socialfonden (ESF/ESF+)"
    )
    page.get_by_label("Projektägare", exact=True).check()
    page.get_by_label(re.compile(r"^\s*Startdatum")).fill("2022-01-01")
    page.get_by_label(re.compile(r"^\s*Slutdatum")).fill("2025-12-31")
    page.get_by_label(re.compile(r"^\s*Total projektbudget")).fill("2 000 000")
    page.get_by_label(re.compile(r"\sdel av budgeten \(kr\)")).fill("1 250 000")
    page.get_by_label(re.compile(r"^\s*EU-medfinansiering")).fill("50")
    page.get_by_label(re.compile(r"^\s*Kommunfullmäktigemål")).select_option(
        label="Utbildning och arbete"
    )
    page.get_by_label("Resultat under året").fill(results)
    for number, (date, amount) in enumerate(payouts, start=1):
        page.get_by_label(f"Utbetalning {number}: Datum").fill(date)
        page.get_by_label(f"Utbetalning {number}: Belopp (kr)").fill(amount)
