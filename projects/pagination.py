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


@dataclass(frozen=True)
class LongList:
    """How a page cuts one of its long lists: the rows a page, the words naming its page links
    for screen readers (may be lazy: translated per request), the query parameter its page is
    asked for in and the anchor the links return to. Declared once, beside the view."""

    label: str
    per_page: int
    param: str = "sida"
    anchor: str = ""

    def page(self, request, object_list) -> Pagination:
        """The page of ``object_list`` that ``request`` asks for (the first one when the number
        is missing or not a page), with links to the others."""
        paginator = Paginator(object_list, self.per_page)
        page = paginator.get_page(request.GET.get(self.param))

        def url(number: int) -> str:
            query = request.GET.copy()
            query[self.param] = number
            return f"?{query.urlencode()}{self.anchor}"

        links = [
            PageLink(number=None)
            if number == Paginator.ELLIPSIS
            else PageLink(number=number, url=url(number), is_current=number == page.number)
            for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ]
        return Pagination(
            page=page,
            label=str(self.label),
            links=links,
            previous_url=url(page.previous_page_number()) if page.has_previous() else "",
            next_url=url(page.next_page_number()) if page.has_next() else "",
        )


def paginate(
    request, object_list, *, per_page: int, label: str, param: str = "sida", anchor: str = ""
) -> Pagination:
    """The page of ``object_list`` that ``request`` asks for, the list described where it is
    paged (its label or size may be known only per request, or patched by a test)."""
    return LongList(label, per_page, param, anchor).page(request, object_list)
