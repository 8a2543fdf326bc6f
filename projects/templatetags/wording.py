"""Words built from names on pages and in e-mails: ``{{ administration|genitive }}``."""

from django import template

from projects.text import genitive as genitive_of

register = template.Library()


@register.filter
def genitive(name) -> str:
    """ "Kulturförvaltningen" -> "Kulturförvaltningens"; a name ending in s, x or z is unchanged."""
    return genitive_of(name)
