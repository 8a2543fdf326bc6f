"""A difference between a report and its EU source, in the words the checks use."""

from django import template

from projects.validation.eu_data import describe

register = template.Library()


@register.filter
def source_difference(difference) -> str:
    """The difference as a sentence with both values (``projects.validation.eu_data``)."""
    return describe(difference)
