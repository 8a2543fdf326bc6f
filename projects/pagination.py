"""Long lists in pages: the page a request asks for and the links to the others.

Every page link keeps the rest of the query string (a filter, another list's page), so a page
with two paginated lists can turn each on its own. The links are built here, in Python; the
template ``includes/pagination.html`` only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the gap between distant pages ("…")
    url: str = ""
    is_current: bool = False


@dataclass(frozen=True)
class Pagination:
    page: Page
    label: str  # names the list for screen readers: "Sidor i projektlistan"
    links: list[PageLink]
    previous_url: str
    next_url: str

    @property
    def is_paginated(self) -> bool:
        return self.page.paginator.num_pages > 1

    @property
    def object_list(self):
        return self.page.object_list


def paginate(
    request, object_list, *, per_page: int, label: str, param: str = "sida", anchor: str = ""
) -> Pagination:
    """The page of ``object_list`` that ``request`` asks for in ``param`` (the first one when
    the number is missing or not a page), with links to the others."""
    paginator = Paginator(object_list, per_page)
    page = paginator.get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}{anchor}"

    links = [
        PageLink(number=None)
        if number == Paginator.ELLIPSIS
        else PageLink(number=number, url=url(number), is_current=number == page.number)
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return Pagination(
        page=page,
        label=label,
        links=links,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )
