import zoneinfo
from types import SimpleNamespace

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccm_portal.collation import state_choices
from ccm_portal.concurrency import VersionField
from ccm_portal.forms import Crispy
from ccm_portal.translated import TranslatedModelInputs, content_languages, reading_order

from .models import Language, Meeting, PortalIdentity, TreatyStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _form_languages(form, instance) -> list[str]:
    """The languages a meeting form takes texts in: the ones ticked, else the meeting's, else all six.

    A new meeting's form shows the six, the page's language first; once posted, the texts of
    the ticked languages are kept, the first ticked one required.
    """
    if form.is_bound:
        posted = form.data.getlist("official_languages") if hasattr(form.data, "getlist") else None
        if posted is None:
            posted = form.data.get("official_languages") or []
            posted = [posted] if isinstance(posted, str) else posted
        ticked = [code for code in posted if code in Language.values]
        if ticked:
            return content_languages(SimpleNamespace(official_languages=ticked))
    if instance is not None and instance.pk:
        return content_languages(instance)
    return reading_order()


class MeetingForm(Crispy, TranslatedModelInputs, forms.ModelForm):
    translated_fields = ("title", "city", "venue")

    official_languages = forms.MultipleChoiceField(
        label=_("Official languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(tz, tz) for tz in sorted(zoneinfo.available_timezones())]
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "number",
            "title",
            "short_title",
            "slug",
            "symbol_prefix",
            "city",
            "country",
            "venue",
            "start_date",
            "end_date",
            "time_zone",
            "registration_opens",
            "registration_deadline",
            "official_languages",
            "presiding_state",
            "is_published",
            "personal_data_retention_months",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "registration_opens": DATETIME,
            "registration_deadline": DATETIME,
        }
        help_texts = {
            "registration_opens": _("In the meeting's time zone."),
            "registration_deadline": _("In the meeting's time zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the period is the default one (the privacy notice states it).
        self.fields["personal_data_retention_months"].required = False
        for name in ("country", "presiding_state"):
            self.fields[name].choices = state_choices  # named and sorted in the page's language
        self._translate_fields(_form_languages(self, self.instance), self.instance)
        self._setup_helper()

    def clean(self):
        """Registration opens and closes at the wall-clock times typed, in the zone chosen on the
        same form (the inputs show and read the zone of the page, the meeting's current one)."""
        cleaned = super().clean()
        zone = cleaned.get("time_zone")
        if zone:
            for name in ("registration_opens", "registration_deadline"):
                if cleaned.get(name):
                    typed = timezone.make_naive(cleaned[name])
                    cleaned[name] = timezone.make_aware(typed, zoneinfo.ZoneInfo(zone))
        return cleaned

    def clean_personal_data_retention_months(self):
        value = self.cleaned_data.get("personal_data_retention_months")
        return Meeting._meta.get_field("personal_data_retention_months").default if value is None else value


class TreatyStatusForm(Crispy, forms.ModelForm):
    class Meta:
        model = TreatyStatus
        fields = TreatyStatus.REGISTER_FIELDS
        widgets = {"signature_date": DATE, "ratification_date": DATE, "entry_into_force_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = state_choices  # named and sorted in the page's language
        self._setup_helper()


class TreatyStatusImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: country (ISO code or English name), signature_date, instrument (ratification or accession), "
            "ratification_date, entry_into_force_date, is_demo, remarks. Dates as YYYY-MM-DD."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("A register file is at most 2 MB."))
        return upload


class PortalIdentityForm(Crispy, forms.Form):
    """The secretariat's emblem, its description and the footer's name and address.

    The emblem is checked and scaled here (PNG or JPEG, judged by content; SVG is refused since
    it can carry script), so a refusal shows next to the field and nothing is saved.
    """

    emblem = forms.FileField(
        label=_("Emblem"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("A PNG or JPEG file; it is scaled to 96 pixels high, keeping its proportions."),
    )
    remove_emblem = forms.BooleanField(label=_("Remove the emblem"), required=False)
    emblem_alt = forms.CharField(
        label=PortalIdentity._meta.get_field("emblem_alt").verbose_name,
        max_length=200,
        required=False,
        help_text=PortalIdentity._meta.get_field("emblem_alt").help_text,
    )
    secretariat_name = forms.CharField(
        label=PortalIdentity._meta.get_field("secretariat_name").verbose_name,
        max_length=200,
        required=False,
        help_text=PortalIdentity._meta.get_field("secretariat_name").help_text,
    )
    contact_email = forms.EmailField(
        label=PortalIdentity._meta.get_field("contact_email").verbose_name,
        required=False,
        help_text=PortalIdentity._meta.get_field("contact_email").help_text,
    )
    version = VersionField()

    def __init__(self, *args, identity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()
        if identity is not None and not self.is_bound:
            self.initial.update(
                emblem_alt=identity.emblem_alt,
                secretariat_name=identity.secretariat_name,
                contact_email=identity.contact_email,
                version=identity.version,
            )

    def clean_emblem(self):
        from django.core.exceptions import ValidationError

        from .identity import scaled_emblem

        upload = self.cleaned_data.get("emblem")
        if not upload:
            return None
        try:
            return scaled_emblem(upload)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("emblem") and cleaned.get("remove_emblem"):
            self.add_error("remove_emblem", _("Upload a new emblem or remove it, not both."))
        return cleaned
