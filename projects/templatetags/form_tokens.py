"""The hidden one-time token of a form that saves (see ``projects.form_tokens``)."""

import uuid

from django import template
from django.utils.html import format_html

from projects.form_tokens import FORM_TOKEN_FIELD

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """A new token for each form shown: a form shown again after a refused save gets a new
    one too, as the refused save left its token unused."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN_FIELD, uuid.uuid4())
