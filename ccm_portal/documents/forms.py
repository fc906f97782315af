"""The register's forms: the public filters, and the secretariat's reserve, edit, revise and upload forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ccm_portal.collation import state_choices
from ccm_portal.concurrency import VersionField
from ccm_portal.forms import Crispy
from ccm_portal.meetings.models import Language
from ccm_portal.translated import TranslatedModelInputs, content_languages

from .models import Document, Series, Source, Suffix

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SearchInput(forms.TextInput):
    input_type = "search"


class FilterForm(forms.Form):
    """The public page's filters, read from the address (GET); an unknown value is ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=SearchInput)
    category = forms.ChoiceField(label=_("Category"), required=False)
    agenda_item = forms.ChoiceField(label=_("Agenda item"), required=False)

    def __init__(self, *args, agenda_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *Document.Category.choices]
        self.fields["agenda_item"].choices = [("", _("All agenda items")), *agenda_items]
        self.fields["q"].widget.attrs["class"] = "form-control"
        for name in ("category", "agenda_item"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def values(self) -> dict:
        """The valid filters as selector keywords; an invalid one is dropped (cleaned_data keeps the others)."""
        self.is_valid()
        cleaned = self.cleaned_data
        return {
            "query": (cleaned.get("q") or "").strip(),
            "category": cleaned.get("category") or "",
            "agenda_item": cleaned.get("agenda_item") or "",
        }


class ParticularsForm(Crispy, TranslatedModelInputs, forms.ModelForm):
    """A document's particulars: given when a number is reserved, edited until it is issued."""

    translated_fields = ("title",)
    author_states = forms.MultipleChoiceField(
        label=_("Sponsoring states"),
        required=False,
        help_text=_("For a working paper of one or several states."),
    )

    class Meta:
        model = Document
        fields = [
            "category",
            "title",
            "author",
            "author_states",
            "agenda_item_number",
            "agenda_item_title",
            "distribution",
            "original_language",
        ]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author_states"].choices = state_choices()[1:]
        self.fields["author_states"].widget.attrs["size"] = 6
        self._translate_fields(content_languages(meeting), self.instance)
        self._setup_helper()

    def particulars(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "title"}
        data.update({name: value or "" for name, value in self.translated_data().items()})
        return data


class ReserveForm(ParticularsForm):
    series = forms.ChoiceField(label=_("Series"), choices=Series.choices)
    issue_now = forms.BooleanField(
        label=_("Issue it now"),
        required=False,
        help_text=_("Leave unticked to reserve the number for a document still in preparation."),
    )

    source = forms.ChoiceField(
        label=_("Printed by the portal as"),
        required=False,
        help_text=_("The portal then prints this symbol on that document."),
    )

    field_order = ["series", "source", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("Not printed by the portal")), *Source.choices]


class EditForm(ParticularsForm):
    expected_version = VersionField()


class SuffixForm(Crispy, forms.Form):
    suffix = forms.ChoiceField(label=_("New document"), choices=Suffix.choices)
    issue_now = forms.BooleanField(label=_("Issue it now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


class IssueForm(forms.Form):
    expected_version = VersionField()
    issued_on = forms.DateField(label=_("Date of issue"), required=False, widget=DATE)


class FileForm(Crispy, forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    file = forms.FileField(label=_("PDF"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()
