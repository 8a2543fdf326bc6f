"""How many translation look-ups (gettext and its kin) a page makes, at a chosen scale.

Builds the data of ``bench_pages.py`` (the demo data and two generated years) in a throwaway
test database and requests each page once to warm up, then once with the look-ups counted:

    .venv/bin/python benchmarks/bench_gettext.py [--scale 100] [--pages memo_edit figures]

A count that grows with the scale is a label translated once per row instead of once per page.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402

from benchmarks.bench_pages import build, pages, url_for  # noqa: E402 (sets Django up)

LOOKUPS = ("gettext", "ngettext", "pgettext", "npgettext")
DEFAULT_PAGES = ("memo_edit", "memo_year", "figures", "figures_json", "figure_rows", "trend")


def counted_get(client: Client, url: str) -> tuple[int, dict[str, int]]:
    """GET ``url`` with every translation look-up of the process counted."""
    # Resolve the process's translation functions once, so the patch replaces the real ones.
    for name in LOOKUPS:
        getattr(translation._trans, name)
    with ExitStack() as stack:
        counters = {
            name: stack.enter_context(
                mock.patch.object(translation._trans, name, wraps=getattr(translation._trans, name))
            )
            for name in LOOKUPS
        }
        response = client.get(url)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
    return response.status_code, {name: counter.call_count for name, counter in counters.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--pages", nargs="+", default=list(DEFAULT_PAGES))
    args = parser.parse_args()
    database = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        data = build(args.scale, "administrations")
        client = Client()
        client.force_login(data["users"]["development coordinator"])
        print(f"{args.scale}x: {data['reports']} project reports a year")
        wanted = {f"reporting:{page}" for page in args.pages}
        for name, arguments in pages():
            if name not in wanted:
                continue
            url = url_for(name, arguments, data)
            client.get(url)  # warm-up: templates and per-process caches
            status, counts = counted_get(client, url)
            total = sum(counts.values())
            detail = ", ".join(f"{key} {value}" for key, value in counts.items() if value)
            print(f"{name:<28} {status}  {total:>7} look-ups  ({detail})")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
