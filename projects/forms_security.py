"""Forms of the development coordinator's sign-in pages: the record's filter, lifting a lock."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.forms.fields import DateInput
from projects.lockout import IP_ADDRESS, USERNAME
from projects.models import Administration, LoginEvent, User


def utc_day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


class LoginEventFilterForm(forms.Form):
    """Filter of the sign-in record; dates are UTC days, as the times on the page."""

    user = forms.CharField(
        label=_("Användare"),
        required=False,
        max_length=254,
        help_text=_("Hela eller en del av e-postadressen eller namnet."),
    )
    kind = forms.ChoiceField(
        label=_("Händelse"),
        required=False,
        choices=[("", _("Alla händelser")), *LoginEvent.Kind.choices],
    )
    date_from = forms.DateField(label=_("Från och med (UTC)"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Till och med (UTC)"), required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Slutdatumet ligger före startdatumet."))
        return cleaned

    def filters(self) -> dict:
        """Arguments for ``LoginEvent.objects.matching``."""
        data = self.cleaned_data
        end = data.get("date_to")
        return {
            "user_text": data.get("user", "").strip(),
            "kind": data.get("kind", ""),
            "since": utc_day_start(data["date_from"]) if data.get("date_from") else None,
            "until": utc_day_start(end + datetime.timedelta(days=1)) if end else None,
        }


class LockoutReleaseForm(forms.Form):
    """Which lock to lift: a user name or an address."""

    parameter = forms.ChoiceField(choices=[(USERNAME, USERNAME), (IP_ADDRESS, IP_ADDRESS)])
    value = forms.CharField(max_length=255)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("parameter") == IP_ADDRESS and cleaned.get("value"):
            try:
                cleaned["value"] = forms.GenericIPAddressField().clean(cleaned["value"])
            except forms.ValidationError as error:
                self.add_error("value", error)
        return cleaned


class UserRoleForm(forms.Form):
    """A person's role and administration, as the development coordinator sets them."""

    role = forms.ChoiceField(label=_("Roll"), choices=User.Role.choices, widget=forms.RadioSelect)
    administration = forms.ModelChoiceField(
        label=_("Förvaltning"),
        queryset=Administration.objects.order_by("name"),
        required=False,
        empty_label=_("Ingen förvaltning"),
        help_text=_("Krävs för en förvaltningssamordnare."),
    )
