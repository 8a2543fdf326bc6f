"""Sortable table headers: links that keep the list's filters and say how the list is sorted.

``sort`` values are a column key, with "-" first for descending ("payouts", "-payouts").
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_url(context, key: str, current: str, descending_first: bool = False) -> str:
    """The query string that sorts by ``key``: the other direction when the list already is,
    else ascending (descending for amounts and counts, the largest first). Starts on page one."""
    query = context["request"].GET.copy()
    query.pop("sida", None)
    if current == key:
        query["sort"] = f"-{key}"
    elif current == f"-{key}":
        query["sort"] = key
    else:
        query["sort"] = f"-{key}" if descending_first else key
    return f"?{query.urlencode()}"


@register.simple_tag
def aria_sort(key: str, current: str) -> str:
    """``aria-sort="ascending"`` or ``"descending"`` for the sorted column, nothing for others."""
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return ""
