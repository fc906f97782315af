"""The papers forms: a delegation submits a paper and adds its other languages; the secretariat declines one.

Files are checked by the services (ccm_portal/uploads.py), whose message goes back next to the field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ccm_portal.fields import IdsChoiceField
from ccm_portal.forms import Crispy
from ccm_portal.meetings.models import Language

from . import agenda, selectors_papers
from .models import PaperSubmission

PDF_HELP = _("A PDF of at most 5 MB, without scripts, attachments or passwords.")
DOCX_HELP = _("Optional: the Word version, for the translators (DOCX without macros, at most 5 MB).")


class PaperFileFields(forms.Form):
    language = forms.ChoiceField(label=_("Language of these files"), choices=Language.choices)
    pdf = forms.FileField(
        label=_("PDF"), help_text=PDF_HELP, widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )
    docx = forms.FileField(
        label=_("DOCX"),
        required=False,
        help_text=DOCX_HELP,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
    )


class PaperSubmitForm(Crispy, PaperFileFields):
    kind = forms.ChoiceField(label=_("Kind of paper"), choices=PaperSubmission.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=400)
    agenda_item = forms.ChoiceField(label=_("Agenda item"))
    co_sponsors = IdsChoiceField(
        label=_("Co-sponsors"),
        queryset=None,
        required=False,
        help_text=_("Other accredited state delegations of the meeting that sponsor the paper with yours."),
    )
    revises = forms.ModelChoiceField(
        label=_("Revision of"),
        queryset=None,
        required=False,
        empty_label=_("Not a revision: a new paper"),
        help_text=_("A revision of one of your issued papers is issued as its next revision (…/Rev.1)."),
    )

    field_order = ["kind", "title", "agenda_item", "co_sponsors", "revises", "language", "pdf", "docx"]

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = delegation.meeting
        self.fields["agenda_item"].choices = [
            ("", _("Choose the agenda item")),
            *((number, f"{number}. {title}") for number, title in agenda.numbered(meeting).items()),
        ]
        self.fields["co_sponsors"].queryset = selectors_papers.co_sponsor_choices(delegation)
        self.fields["co_sponsors"].widget.attrs["size"] = 6
        self.fields["revises"].queryset = selectors_papers.revisable_papers(delegation)
        self.fields["revises"].label_from_instance = lambda row: f"{row.document.symbol}: {row.title}"
        self.fields["language"].label = _("Original language")
        if not self.is_bound and meeting.official_languages:
            self.fields["language"].initial = meeting.official_languages[0]
        self._setup_helper()


class PaperLanguageForm(Crispy, PaperFileFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


class PaperDeclineForm(Crispy, forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to the delegation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *PaperSubmission.Status.choices]
        self.fields["status"].widget.attrs["class"] = "form-select"

    def chosen_status(self) -> str:
        if not self.is_bound:
            return PaperSubmission.Status.SUBMITTED
        return self.cleaned_data.get("status", "") if self.is_valid() else PaperSubmission.Status.SUBMITTED
