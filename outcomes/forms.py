from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ccm_portal.accounts.models import User
from ccm_portal.concurrency import VersionField
from ccm_portal.fields import IdsChoiceField
from ccm_portal.forms import Crispy, ReasonRequiredToReject
from ccm_portal.meetings.models import Language
from ccm_portal.uploads import validate_pdf_upload
from delegations.models import Delegation

from . import agenda as outcome_agenda
from .models import OutcomeDocument, Paragraph, Proposal, Section, Translation


class _SponsorChoices(IdsChoiceField):
    def label_from_instance(self, obj):
        return obj.sort_name


class DocumentForm(Crispy, forms.ModelForm):
    sponsors = _SponsorChoices(
        queryset=Delegation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The delegations that submit the text (the presidency, a Friend of the President …)."),
    )

    agenda_item_ref = forms.TypedChoiceField(
        label=_("Agenda item"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose an item of this meeting's agenda.")},
        help_text=_("The header prints the item's number and title as the agenda has them."),
    )

    class Meta:
        model = OutcomeDocument
        fields = ["kind", "title", "agenda_item_ref", "agenda_item", "original_language", "distribution", "sponsors"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        items = outcome_agenda.items_of(meeting)
        # Offered by the item's key, shown as it is numbered now.
        self.fields["agenda_item_ref"].choices = [
            ("", _("No item of the agenda")),
            *outcome_agenda.choices(meeting, items),
        ]
        if not items:
            # No agenda items yet: the typed header is the only way to name one.
            del self.fields["agenda_item_ref"]
        self._setup_helper()
        self.fields["sponsors"].queryset = (
            Delegation.objects.filter(meeting=meeting)
            .exclude(status=Delegation.Status.REJECTED)
            .order_by("category", "sort_name")
        )
        self.fields["title"].widget.attrs["placeholder"] = _("e.g. Vientiane Action Plan")

    def particulars(self) -> dict:
        """The cleaned particulars, as document_create and document_update take them."""
        return {name: self.cleaned_data.get(name, "") for name in self.Meta.fields}


class DrafterForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the drafter"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account uses this address; ask the person to sign up first."))
        self.user = user
        return email


class SectionForm(Crispy, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["heading", "numbered"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


TEXT_HELP = _(
    "Plain text. *emphasis*, **strong**, lines starting with “- ” or “1. ” make lists, "
    "[^text] adds a footnote, and [square brackets] mark text that is not agreed."
)


class ParagraphForm(Crispy, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Paragraph.Kind.choices)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000, help_text=TEXT_HELP
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


class MoveForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    position = forms.IntegerField(
        label=_("Position in the section"),
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=_("1 puts it first in the section."),
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(document=document, removed_at__isnull=True)
        self.fields["section"].label_from_instance = lambda s: s.heading or _("(untitled section)")


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=Paragraph.Status.choices)


class BulkAgreeForm(forms.Form):
    """The workspace's "mark agreed" form: the ticked paragraphs (`agree`) and, for each, the
    version of its text the page showed (`version-<id>`). The service checks them against the rows."""

    MAX_CHOSEN = 2000

    def __init__(self, data, *, document):
        super().__init__(data)
        self.document = document
        self.versions: dict[int, int] = {}

    def clean(self):
        chosen = self.data.getlist("agree")
        if not chosen:
            raise forms.ValidationError(_("Choose at least one paragraph to mark agreed."))
        if len(chosen) > self.MAX_CHOSEN:
            raise forms.ValidationError(_("Too many paragraphs chosen at once."))
        for raw in chosen:
            version = self.data.get(f"version-{raw}", "")
            if not (raw.isdigit() and version.isdigit()):
                raise forms.ValidationError(
                    _("The form does not say which version of a paragraph you saw: reload the page; nothing is marked.")
                )
            self.versions[int(raw)] = int(version)
        return self.cleaned_data


class CirculateForm(Crispy, forms.Form):
    comment_deadline = forms.DateTimeField(
        label=_("Comments due by"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    confirm = forms.BooleanField(label=_("Freeze this text as a revision and send it to the accredited delegations"))

    def __init__(self, *args, meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        self._setup_helper()
        self.fields["comment_deadline"].help_text = _("Local time of the meeting (%(tz)s).") % {"tz": meeting.time_zone}

    def clean_comment_deadline(self):
        value: datetime = self.cleaned_data["comment_deadline"]
        # The form reads wall-clock time at the meeting, whatever the server's zone.
        value = timezone.make_aware(value.replace(tzinfo=None), self.meeting.tzinfo)
        if value <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return value


class ConfirmForm(Crispy, forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"))

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()
        if label:
            self.fields["confirm"].label = label


class AdoptForm(ConfirmForm):
    own_symbol = forms.CharField(
        label=_("Symbol of the adopted text (optional)"),
        required=False,
        max_length=80,
        help_text=_("Leave empty to issue it as the next revision of the working paper."),
    )

    field_order = ["own_symbol", "confirm"]


class OnBehalfOfForm(Crispy, forms.Form):
    """Sent for one of the user's delegations (`delegations`): no choice to make when there is one."""

    delegation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Delegation.objects.none(), empty_label=None)

    def __init__(self, *args, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()
        self.fields["delegation"].queryset = delegations
        if delegations.count() == 1:
            self.fields["delegation"].widget = forms.HiddenInput()
            self.fields["delegation"].initial = delegations.first().pk


class ProposalForm(OnBehalfOfForm):
    kind = forms.ChoiceField(
        label=_("You propose to"),
        choices=[c for c in Proposal.Kind.choices if c[0] != Proposal.Kind.COMMENT],
        widget=forms.RadioSelect,
        initial=Proposal.Kind.REPLACE,
    )
    text = forms.CharField(
        label=_("Proposed text"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The full new text of the paragraph, or of the paragraph to insert. Leave empty to delete."),
    )
    rationale = forms.CharField(label=_("Rationale"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") in (Proposal.Kind.REPLACE, Proposal.Kind.INSERT_AFTER)
            and not cleaned.get("text", "").strip()
        ):
            self.add_error("text", _("Write the text you propose."))
        return cleaned


class CommentForm(OnBehalfOfForm):
    text = forms.CharField(
        label=_("Comment on the whole document"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class DecideForm(ReasonRequiredToReject, Crispy, forms.Form):
    reject_reason_message = _("Give the reason for the rejection; the proposers will read it.")
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept as proposed")),
            ("accept_modified", _("Accept with changes")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    final_text = forms.CharField(
        label=_("Text to write into the working draft"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Used when you accept with changes, or when you reconcile an outdated proposal."),
    )
    reason = forms.CharField(
        label=_("Reason (shown to the proposers; required to reject or change)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reconciled = forms.BooleanField(required=False, widget=forms.HiddenInput)
    expected_version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


TEXT_FIELD_PREFIX = "text_"


class TranslationTextForm(Crispy, forms.Form):
    """A language version's title, status and text: one field per heading and paragraph of the
    adopted text (TranslationUnit), each showing the original it gives in the language."""

    title = forms.CharField(label=_("Title in this language"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Translation.Status.choices, widget=forms.RadioSelect)
    issued_on = forms.DateField(
        label=_("Issued on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Left empty when issuing: today, in the meeting's time zone."),
    )
    expected_version = VersionField()

    def __init__(self, *args, units, language: str, original_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()
        self.units = units
        direction = "rtl" if language == Language.ARABIC else "ltr"
        original_direction = "rtl" if original_language == Language.ARABIC else "ltr"
        self.fields["title"].widget.attrs.update({"lang": language, "dir": direction})
        for unit in units:
            self.fields[TEXT_FIELD_PREFIX + unit.uid] = forms.CharField(
                label=unit.name,
                required=False,
                max_length=20000,
                # Help texts are printed unescaped by Django and crispy: format_html escapes the drafters' text.
                help_text=format_html(
                    '<span lang="{}" dir="{}">{}</span>', original_language, original_direction, unit.original
                ),
                widget=forms.Textarea(
                    attrs={
                        "rows": 2 if unit.kind in ("heading", "agenda_item") else 4,
                        "lang": language,
                        "dir": direction,
                    }
                ),
            )

    def texts(self) -> dict[str, str]:
        return {unit.uid: self.cleaned_data.get(TEXT_FIELD_PREFIX + unit.uid, "") for unit in self.units}

    @staticmethod
    def initial_for(translation) -> dict:
        initial = {
            "title": translation.title,
            "status": translation.status,
            "issued_on": translation.issued_on,
            "expected_version": translation.version,
        }
        initial.update({TEXT_FIELD_PREFIX + uid: text for uid, text in translation.texts.items()})
        return initial


class TranslationUploadForm(Crispy, forms.Form):
    file = forms.FileField(
        label=_("PDF of the language version (at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    expected_version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_pdf_upload(upload)
        return upload
