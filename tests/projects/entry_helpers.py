"""Helpers for posting the project entry form in tests."""

from django.urls import reverse


def project_post_data(programme, goal, *, payouts=(), version="", **overrides):
    data = {
        "name": "Grön omställning",
        "acronym": "GRÖN",
        "programme": programme.pk,
        "role": "owner",
        "lead_organisation": "",
        "partner_locations": "",
        "start_date": "2023-01-01",
        "end_date": "2025-06-30",
        "total_budget_sek": "1 250 000",
        "own_budget_sek": "600\u00a0000,50",
        "eu_cofinancing_rate": "50",
        "description": "",
        "website": "",
        "council_goal": goal.pk,
        "results": "Bra resultat.",
        "version": version,
        "payouts-TOTAL_FORMS": str(max(len(payouts), 1)),
        "payouts-INITIAL_FORMS": "0",
        "payouts-MIN_NUM_FORMS": "0",
        "payouts-MAX_NUM_FORMS": "1000",
    }
    for index, payout in enumerate(payouts):
        for key, value in payout.items():
            data[f"payouts-{index}-{key}"] = value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def create_url(submission):
    return reverse("projects:project_create", args=[submission.pk])


def update_url(report):
    return reverse("projects:project_update", args=[report.submission_id, report.pk])
