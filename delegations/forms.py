from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import LazyTypedChoiceField

from ccm_portal.collation import state_choices
from ccm_portal.concurrency import VersionField
from ccm_portal.fields import IdsChoiceField
from ccm_portal.forms import Crispy, ReasonRequiredToReject
from ccm_portal.meetings.models import Organisation
from ccm_portal.uploads import check_image, normalised_image, validate_pdf_upload

from .models import Delegation, Participant


class RegisterDelegationForm(Crispy, forms.Form):
    kind = forms.ChoiceField(
        label=_("Who is registering?"), choices=Delegation.Kind.choices, widget=forms.RadioSelect, initial="state"
    )
    country = LazyTypedChoiceField(
        label=_("State"),
        choices=state_choices,
        required=False,
        error_messages={
            # A territory or area (say "HK") posted by hand: say what the list is, not "HK is not a choice".
            "invalid_choice": _(
                "Choose a state from the list: only the states that can join the Convention register as states. "
                "An organisation registers as an organisation."
            ),
        },
    )
    organisation = forms.ModelChoiceField(
        label=_("Observer organisation under Rule 1.2"),
        queryset=Organisation.objects.filter(attends_as_of_right=True),
        required=False,
        empty_label=_("— not one of these —"),
    )
    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200, required=False)
    organisation_acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    contact_email = forms.EmailField(
        label=_("Delegation contact e-mail"),
        required=False,
        help_text=_("The mission's or organisation's address for copies of decisions. Leave empty to use yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "work email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Delegation.Kind.STATE and not cleaned.get("country"):
            self.add_error("country", _("Choose the state your delegation represents."))
        if kind and kind != Delegation.Kind.STATE:
            organisation = cleaned.get("organisation")
            if organisation is None and not cleaned.get("organisation_name", "").strip():
                self.add_error("organisation_name", _("Name the organisation, or choose it from the list above."))
            if organisation is not None and organisation.kind != kind:
                self.add_error("organisation", _("%(org)s is registered as another kind.") % {"org": organisation})
        return cleaned


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the focal point"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(Crispy, forms.Form):
    document = forms.FileField(
        label=_("Note verbale or letter (PDF, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()

    def clean_document(self):
        upload = self.cleaned_data["document"]
        validate_pdf_upload(upload)
        return upload


# The badge prints the photo 22.5 × 30 mm: 360 × 480 pixels is about 400 dpi there, and keeps
# each photo small in the HTML of a badge render (it goes in as a data: URI, 1,500 of them).
PHOTO_RATIO = (3, 4)
PHOTO_SIZE = (360, 480)


class ParticipantForm(Crispy, forms.ModelForm):
    version = VersionField()
    # Not a model field of the form: the upload is checked and re-encoded here (clean_photo
    # returns the JPEG bytes) and stored by the services, which also delete a replaced file.
    photo = forms.FileField(
        label=_("Photo for the badge (optional)"),
        required=False,
        help_text=_(
            "A JPEG or PNG of at most 5 MB, face centred: it is cropped to a 3 × 4 portrait and printed on the badge."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)

    class Meta:
        model = Participant
        fields = Participant.EDITABLE_FIELDS
        widgets = {
            "title": forms.TextInput(attrs={"list": "titles", "autocomplete": "honorific-prefix"}),
            # The participant's own name, not the focal point's, but the same kind of field (WCAG 1.3.5).
            "given_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "family_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "name_order": forms.RadioSelect,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, delegation: Delegation, **kwargs):
        self.delegation = delegation
        super().__init__(*args, **kwargs)
        self._setup_helper()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        # A form posted without it (an older page, a script) keeps the order already saved.
        self.fields["name_order"].required = False
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]

    def clean_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        check_image(upload)
        try:
            return normalised_image(upload, ratio=PHOTO_RATIO, size=PHOTO_SIZE)
        except Exception as exc:  # checked above; a decoder failure here is still the file's fault
            raise forms.ValidationError(_("The photo could not be read; it may be damaged."), code="damaged") from exc

    def clean_name_order(self):
        return self.cleaned_data.get("name_order") or self.instance.name_order or Participant.NameOrder.GIVEN_FIRST

    def clean_role(self):
        role = self.cleaned_data["role"]
        if role == Participant.Role.HEAD:
            heads = self.delegation.participants.filter(role=Participant.Role.HEAD)
            if self.instance.pk:
                heads = heads.exclude(pk=self.instance.pk)
            if head := heads.first():
                raise forms.ValidationError(
                    _("%(name)s is already head of this delegation; a delegation has exactly one head.")
                    % {"name": head.display_name}
                )
        return role


class DecisionForm(ReasonRequiredToReject, Crispy, forms.Form):
    reject_reason_message = _("Give a reason for the rejection; the focal point will read it.")

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (required to reject)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


class BulkDecisionForm(DecisionForm):
    delegations = IdsChoiceField(queryset=Delegation.objects.none(), required=False)
    participants = IdsChoiceField(queryset=Participant.objects.none(), required=False)
    # Rows on other pages of the queues cannot be ticked: this decides for every matching row.
    every = forms.MultipleChoiceField(
        label=_("Instead of the ticked rows"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meeting, queue, counts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.queue = queue
        # The rows are ticked in the queue tables; the form itself shows only the decision.
        self.helper.layout = Layout("decision", "reason", "every")
        self.fields["delegations"].queryset = Delegation.objects.filter(meeting=meeting)
        self.fields["participants"].queryset = Participant.objects.filter(delegation__meeting=meeting)
        self.fields["every"].choices = [
            (
                "delegations",
                ngettext(
                    "the %(count)d delegation matching the filters, on every page",
                    "all %(count)d delegations matching the filters, on every page",
                    counts["delegations"],
                )
                % {"count": counts["delegations"]},
            ),
            (
                "participants",
                ngettext(
                    "the %(count)d pending participant matching the filters, on every page",
                    "all %(count)d pending participants matching the filters, on every page",
                    counts["participants"],
                )
                % {"count": counts["participants"]},
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        every = set(cleaned.get("every") or ())
        if "delegations" in every:
            cleaned["delegations"] = list(self.queue.delegations)
        if "participants" in every:
            cleaned["participants"] = list(self.queue.participants)
        if not cleaned.get("delegations") and not cleaned.get("participants"):
            raise forms.ValidationError(_("Tick at least one delegation or participant."))
        return cleaned


class CredentialsForm(Crispy, forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["credentials_status", "credentials_date", "credentials_remark"]
        widgets = {"credentials_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("credentials_status")
        if status and status != Delegation.Credentials.NONE and not cleaned.get("credentials_date"):
            self.add_error("credentials_date", _("Give the date of the credentials received."))
        return cleaned


class FocalPointTransferForm(Crispy, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the new focal point"),
        help_text=_("The person needs a confirmed account on the portal."),
    )
    remove = IdsChoiceField(
        label=_("Remove these focal points"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, delegation: Delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()
        current = delegation.focal_points.all()
        self.fields["remove"].queryset = current
        self.fields["remove"].initial = list(current)


class RefuseRegistrationForm(Crispy, forms.Form):
    reason = forms.CharField(
        label=_("Reason, for the focal point"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_("The note verbale does not match the state registered."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()
