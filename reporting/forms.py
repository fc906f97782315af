"""The forms of the reporting pages: the new draft, the cover page, one form A-J and its rows.

Figures are checked where they are typed (non-negative, destroyed not more than the stockpile,
cleared not more than the area, the victims' disaggregation summing to the total), with the
message next to the field; the database refuses the same (reporting/models.py).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ccm_portal.accounts.models import User
from ccm_portal.concurrency import VersionField
from ccm_portal.meetings.models import Language, TreatyStatus

from .models import AreaRow, ContactPoint, CooperationRow, Form, FormEntry, Report, StockpileRow, VictimFigures

MARKUP_HELP = _(
    "Plain text. *emphasis*, **strong**, lines starting with “- ” make a list, a blank line starts a new paragraph."
)


class ReportCreateForm(forms.Form):
    state = forms.ModelChoiceField(label=_("State"), queryset=TreatyStatus.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of report"), choices=Report.Kind.choices)
    year = forms.IntegerField(
        label=_("Year covered"),
        required=False,
        min_value=2008,
        max_value=2100,
        help_text=_("For an annual update: the calendar year it covers."),
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=Language.choices, initial=Language.ENGLISH)

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states

    def clean(self):
        data = super().clean()
        if data.get("kind") == Report.Kind.ANNUAL and data.get("year") is None:
            self.add_error("year", _("Say which year the annual update covers."))
        return data


class CoverForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Report
        fields = ["period_from", "period_to", "language"]
        widgets = {
            "period_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The reporting period must end on or after the day it starts."))
        return data


class EntryForm(forms.ModelForm):
    """A form's cover-page status and its text; form B and F also ask for a completion date."""

    version = VersionField()

    class Meta:
        model = FormEntry
        fields = ["status", "unchanged_since", "text", "completion_date", "is_public"]
        widgets = {
            "status": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 8}),
            "completion_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "text": MARKUP_HELP,
            "is_public": _("The formats mark some data as voluntary: untick to keep this form off the public page."),
        }

    actions = forms.TypedMultipleChoiceField(
        label=_("Actions of the action plan this form reports on"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        if actions:
            self.fields["actions"].choices = [(action.pk, f"{action.label}: {action.text[:90]}") for action in actions]
            if not self.is_bound:
                self.initial["actions"] = list(self.instance.action_links.values_list("paragraph_id", flat=True))
        else:
            del self.fields["actions"]
        self.fields["status"].choices = FormEntry.Status.choices
        self.fields["status"].required = False
        self.fields["unchanged_since"].widget.attrs.update({"min": 2008, "max": 2100})
        if self.instance.form not in (Form.B, Form.F):
            del self.fields["completion_date"]
        self.fields["text"].label = TEXT_LABELS.get(self.instance.form, _("Text"))

    def clean(self):
        data = super().clean()
        if data.get("status") == FormEntry.Status.UNCHANGED and not data.get("unchanged_since"):
            self.add_error("unchanged_since", _("Say the year of the report this form is unchanged since."))
        return data


TEXT_LABELS = {
    Form.A: _("National implementation measures"),
    Form.B: _("Destruction programme: methods, sites and safety"),
    Form.C: _("Technical characteristics"),
    Form.D: _("Cluster munitions retained and transferred, and the institution authorised"),
    Form.E: _("Status of conversion programmes"),
    Form.F: _("Clearance: methods and progress"),
    Form.G: _("Warning and risk education"),
    Form.H: _("Services, and the national focal point for victim assistance"),
    Form.I: _("National resources and cooperation"),
    Form.J: _("Other relevant matters"),
}


class StockpileRowForm(forms.ModelForm):
    class Meta:
        model = StockpileRow
        fields = [
            "munition_type",
            "cluster_munitions",
            "submunitions",
            "destroyed_cluster_munitions",
            "destroyed_submunitions",
        ]

    def clean(self):
        data = super().clean()
        for destroyed, stock in (
            ("destroyed_cluster_munitions", "cluster_munitions"),
            ("destroyed_submunitions", "submunitions"),
        ):
            if data.get(destroyed) is not None and data.get(stock) is not None and data[destroyed] > data[stock]:
                self.add_error(
                    destroyed, _("More destroyed than the stockpile declared (%(stock)d).") % {"stock": data[stock]}
                )
        return data


class AreaRowForm(forms.ModelForm):
    class Meta:
        model = AreaRow
        fields = ["region", "contaminated_m2", "cleared_m2", "released_m2"]

    def clean(self):
        data = super().clean()
        area = data.get("contaminated_m2")
        for name in ("cleared_m2", "released_m2"):
            if area is not None and data.get(name) is not None and data[name] > area:
                self.add_error(name, _("More than the contaminated area (%(area)d m²).") % {"area": area})
        return data


class CooperationRowForm(forms.ModelForm):
    class Meta:
        model = CooperationRow
        fields = ["partner", "direction", "amount", "currency", "purpose"]
        widgets = {"currency": forms.TextInput(attrs={"size": 4, "maxlength": 3, "autocapitalize": "characters"})}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("An amount cannot be negative."))
        return amount

    def clean_currency(self):
        code = (self.cleaned_data["currency"] or "").strip().upper()
        if len(code) != 3 or not code.isascii() or not code.isalpha():
            raise forms.ValidationError(_("Give the currency's three-letter ISO 4217 code, e.g. USD."))
        return code


class VictimsForm(forms.ModelForm):
    """Form H's figures; all blank means none reported."""

    class Meta:
        model = VictimFigures
        fields = ["total", *VictimFigures.DISAGGREGATED]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self):
        data = super().clean()
        given = [data.get(name) for name in self.Meta.fields]
        if all(value is None for value in given):
            self.empty = True
            return data
        self.empty = False
        if data.get("total") is None:
            self.add_error("total", _("Give the total number of victims."))
            return data
        parts = sum(data.get(name) or 0 for name in VictimFigures.DISAGGREGATED)
        if parts != data["total"]:
            self.add_error(
                "total",
                _("Women, men, girls, boys and not known add up to %(sum)d, not %(total)d.")
                % {"sum": parts, "total": data["total"]},
            )
        return data

    def figures(self) -> dict | None:
        if self.empty:
            return None
        return {name: self.cleaned_data.get(name) or 0 for name in self.Meta.fields}

    def validate_unique(self):
        """The figures are replaced as a whole by the service: no unique check against the stored row."""


ROW_FORMS = {Form.B: StockpileRowForm, Form.F: AreaRowForm, Form.I: CooperationRowForm}


def row_formset(letter: str):
    return forms.formset_factory(ROW_FORMS[letter], extra=1, can_delete=True, max_num=200, absolute_max=200)


class AcknowledgeForm(forms.Form):
    received_on = forms.DateField(label=_("Date of receipt"), widget=forms.DateInput(attrs={"type": "date"}))


class AppointForm(forms.Form):
    state = forms.ModelChoiceField(
        label=_("State"), queryset=TreatyStatus.objects.filter(entry_into_force_date__isnull=False)
    )
    email = forms.EmailField(label=_("E-mail address of the account"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this e-mail address: ask them to sign up first."))
        self.user = user
        return email


class ProposeForm(AppointForm):
    """A delegation's focal point proposes an account for one of its States Parties."""

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states


class ContactPointFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ContactPoint.Status.choices]
    )
