"""Forms of the list of participants, badges and check-in (the pages are in views_lists.py)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ccm_portal.meetings.models import Category, Meeting

from .badges import BadgeSet
from .lists import LOP_SETTINGS_FIELDS
from .models import Delegation, ParticipantListSettings
from .selectors_lists import approved_delegations

# ---------------------------------------------------------------- the list of participants


class LopSettingsForm(forms.ModelForm):
    class Meta:
        model = ParticipantListSettings
        fields = list(LOP_SETTINGS_FIELDS)
        widgets = {"issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_symbol(self):
        return self.cleaned_data["symbol"].strip()


# ---------------------------------------------------------------- badges


class BadgeSetForm(forms.Form):
    which = forms.ChoiceField(
        label=_("Badges to print"),
        choices=[
            (BadgeSet.UNPRINTED, _("Every badge not printed yet")),
            (BadgeSet.DELEGATION, _("One delegation")),
            (BadgeSet.CATEGORY, _("One category")),
            (BadgeSet.ALL, _("Every approved participant")),
        ],
        widget=forms.RadioSelect,
        initial=BadgeSet.UNPRINTED,
    )
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.none(), required=False)
    category = forms.TypedChoiceField(
        label=pgettext_lazy("participation category", "Category"),
        choices=[("", "---------"), *Category.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = approved_delegations(meeting)

    def clean(self):
        cleaned = super().clean()
        which = cleaned.get("which")
        if which == BadgeSet.DELEGATION and not cleaned.get("delegation"):
            self.add_error("delegation", _("Choose the delegation."))
        if which == BadgeSet.CATEGORY and not cleaned.get("category"):
            self.add_error("category", _("Choose the category."))
        return cleaned

    def params(self) -> dict:
        which = self.cleaned_data["which"]
        if which == BadgeSet.DELEGATION:
            return {"set": which, "delegation": self.cleaned_data["delegation"].pk}
        if which == BadgeSet.CATEGORY:
            return {"set": which, "category": int(self.cleaned_data["category"])}
        return {"set": which}


# ---------------------------------------------------------------- check-in


class CheckInForm(forms.Form):
    token = forms.CharField(
        label=_("Badge code"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "spellcheck": "false"}),
        help_text=_("Scan the QR code on the badge (the scanner types the code), or find the name below."),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
