"""Signing in with a work e-mail address and password."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Log in with work e-mail address and password."""

    username = forms.EmailField(
        label=_("E-postadress"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Fel e-postadress eller lösenord. Kontrollera uppgifterna och försök igen."
        ),
        "inactive": _("Kontot är inaktiverat. Kontakta utvecklingssamordnaren."),
    }
