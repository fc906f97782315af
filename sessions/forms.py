from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries.fields import LazyTypedChoiceField

from ccm_portal.collation import state_choices
from ccm_portal.concurrency import VersionField
from ccm_portal.fields import IdsChoiceField
from ccm_portal.forms import Crispy
from ccm_portal.params import parse_id
from ccm_portal.translated import TranslatedInputs, content_languages, shown
from ccm_portal.uploads import validate_pdf_upload

from .dates import clock_time
from .models import AgendaItem, MeetingSession, Room, ThematicArea
from .services import ProgrammeError, local_datetime
from .slots import slot_choices, slot_times


def _country_field(label, help_text=""):
    return LazyTypedChoiceField(label=label, choices=state_choices, required=False, help_text=help_text)


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class RoomForm(Crispy, TranslatedInputs, forms.ModelForm):
    """A room's name and location in each of the meeting's languages; room_save stores them."""

    translated_fields = ("name", "location")
    version = VersionField()

    class Meta:
        model = Room
        fields = ["name", "capacity", "location"]

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        meeting = meeting or (self.instance.meeting if self.instance.meeting_id else None)
        self._translate_fields(content_languages(meeting), self.instance)
        self._setup_helper()

    def validate_unique(self):
        # The service checks the name against the meeting's rooms (the form has no meeting field).
        pass


class AgendaItemForm(Crispy, TranslatedInputs, forms.Form):
    """An item's title and annotation in each of the meeting's languages."""

    translated_fields = ("title", "annotation")
    parent = forms.ModelChoiceField(
        label=_("Sub-item of"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("— a main item —"),
        help_text=_("Leave as a main item, or choose the item this one belongs under (5 → 5(a))."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    thematic_area = forms.ChoiceField(
        label=_("Thematic area"), choices=[("", _("— none (procedural item) —")), *ThematicArea.choices], required=False
    )
    coordinator = _country_field(
        _("Friend of the President"), _("The state that coordinates this thematic area, if any.")
    )
    annotation = forms.CharField(
        label=_("Annotation"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()

    def __init__(self, *args, agenda=None, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            # An item keeps its place in the tree; moving happens with the up/down buttons.
            del self.fields["parent"]
            if not self.is_bound:
                self.initial.update(
                    {
                        "thematic_area": item.thematic_area,
                        "coordinator": item.coordinator.code if item.coordinator else "",
                        "version": item.version,
                    }
                )
        elif agenda is not None and agenda.pk is not None:
            self.fields["parent"].queryset = agenda.items.filter(parent__isnull=True).order_by("sort_order")
            self.fields["parent"].label_from_instance = lambda obj: f"{obj.number}. {obj.title}"
        agenda = item.agenda if item is not None else agenda
        self._translate_fields(content_languages(agenda.meeting if agenda is not None else None), item)
        self._setup_helper()


class _PlaceAndTime(forms.Form):
    """A local date and local start/end times at the meeting, turned into aware instants."""

    day = forms.DateField(label=_("Day"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Starts"), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("Ends"), widget=TIME_WIDGET)
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    clash_token = forms.CharField(widget=forms.HiddenInput, required=False)
    accept_clashes = forms.BooleanField(
        label=_("Accept the clash shown above and save anyway (recorded in the audit trail)"), required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["room"].queryset = Room.objects.filter(meeting=meeting).order_by(shown("name"))
        self.fields["room"].label_from_instance = lambda room: f"{room.name} ({room.capacity} seats)"
        tz_hint = _("Local time in %(tz)s.") % {"tz": meeting.time_zone}
        self.fields["start_time"].help_text = tz_hint
        self.fields["end_time"].help_text = tz_hint
        self.fields["day"].help_text = _("The meeting runs %(dates)s.") % {"dates": meeting.dates_display}
        if not (self.is_bound and self.data.get("clash_token")):
            # The checkbox appears once there is a clash to accept.
            self.fields["accept_clashes"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day is None or start is None or end is None:
            return cleaned
        if end <= start:
            self.add_error(
                "end_time",
                _("The session ends before it starts: the end must come after %(start)s.")
                % {"start": clock_time(start)},
            )
            return cleaned
        try:
            cleaned["starts_at"] = local_datetime(self.meeting, day, start)
            cleaned["ends_at"] = local_datetime(self.meeting, day, end)
        except ProgrammeError as exc:
            self.add_error("start_time", str(exc))
        return cleaned

    @property
    def accepted_signature(self) -> str:
        if self.cleaned_data.get("accept_clashes"):
            return self.cleaned_data.get("clash_token", "")
        return ""

    def show_clashes(self, error) -> None:
        """Put the clashes on the form and arm the checkbox for exactly these."""
        self.data = self.data.copy()
        self.data["clash_token"] = error.signature
        self.data.pop("accept_clashes", None)
        self.fields["accept_clashes"].widget = forms.CheckboxInput()


class SessionForm(Crispy, TranslatedInputs, _PlaceAndTime):
    """A session; its title and description in each of the meeting's languages."""

    translated_fields = ("title", "description")
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingSession.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    agenda_items = IdsChoiceField(
        label=_("Agenda items taken up"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    thematic_area = forms.ChoiceField(
        label=_("Thematic area"), choices=[("", "—"), *ThematicArea.choices], required=False
    )
    chair = forms.CharField(label=_("Chair"), max_length=200, required=False)
    coordinator = _country_field(
        _("Coordinating state (Friend of the President)"), _("For a thematic session: the state coordinating the area.")
    )
    organisers = forms.CharField(label=_("Organisers (side events)"), max_length=300, required=False)
    expected_attendance = forms.IntegerField(label=_("Expected attendance"), min_value=1, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()

    field_order = [
        "kind",
        "title",
        "day",
        "start_time",
        "end_time",
        "room",
        "agenda_items",
        "thematic_area",
        "chair",
        "coordinator",
        "organisers",
        "expected_attendance",
        "description",
    ]

    def __init__(self, *args, meeting, session=None, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["agenda_items"].queryset = AgendaItem.objects.filter(agenda__meeting=meeting).order_by("sort_order")
        self.fields["agenda_items"].label_from_instance = lambda item: f"{item.number}. {item.title}"
        if session is not None and not self.is_bound:
            start, end = session.starts_at.astimezone(meeting.tzinfo), session.ends_at.astimezone(meeting.tzinfo)
            self.initial.update(
                {
                    "kind": session.kind,
                    "day": start.date(),
                    "start_time": start.time(),
                    "end_time": end.time(),
                    "room": session.room_id,
                    "agenda_items": [item.pk for item in session.agenda_items.all()],
                    "thematic_area": session.thematic_area,
                    "chair": session.chair,
                    "coordinator": session.coordinator.code if session.coordinator else "",
                    "organisers": session.organisers,
                    "expected_attendance": session.expected_attendance,
                    "version": session.version,
                }
            )
        self._translate_fields(content_languages(meeting), session)
        self._setup_helper()

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            **self.translated_data(),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "room": data["room"],
            "agenda_items": list(data["agenda_items"]),
            "thematic_area": data["thematic_area"],
            "chair": data["chair"],
            "coordinator": data["coordinator"] or "",
            "organisers": data["organisers"],
            "expected_attendance": data["expected_attendance"],
        }


class ProgrammeFilterForm(forms.Form):
    area = forms.ChoiceField(
        label=_("Thematic area"), choices=[("", _("All areas")), *ThematicArea.choices], required=False
    )
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("All rooms")
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(meeting=meeting).order_by(shown("name"))
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class SideEventRequestForm(Crispy, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    organisers = forms.CharField(
        label=_("Organisers"), max_length=300, help_text=_("Every co-organising state or organisation.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    expected_attendance = forms.IntegerField(label=_("Expected attendance"), min_value=1, max_value=5000)
    preferred_slots = forms.MultipleChoiceField(
        label=_("Preferred slots"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every slot that suits you; the secretariat tries them in order of the days."),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_slots"].choices = slot_choices(meeting)
        self._setup_helper()


class SideEventApproveForm(Crispy, _PlaceAndTime):
    def __init__(self, *args, meeting, side_event, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        if not self.is_bound and side_event.preferred_slots:
            times = slot_times(side_event.preferred_slots[0])
            if times:
                self.initial.update({"day": times[0], "start_time": times[1], "end_time": times[2]})
        self._setup_helper()


class DeclineForm(Crispy, forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the focal point)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


def _minutes_to_seconds(value) -> int | None:
    return int(value * 60) if value else None


class OpenListForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    time_limit_minutes = forms.DecimalField(
        label=_("Speaking time (minutes)"),
        min_value=Decimal("0.5"),
        max_value=60,
        decimal_places=1,
        required=False,
    )

    def clean_target(self):
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        number = parse_id(pk)
        if kind not in ("item", "session") or number is None:
            raise forms.ValidationError(_("Choose an agenda item or a session."))
        return kind, number

    @property
    def time_limit_seconds(self):
        return _minutes_to_seconds(self.cleaned_data.get("time_limit_minutes"))


class ListSettingsForm(Crispy, forms.Form):
    is_open = forms.BooleanField(label=_("Open for inscription"), required=False)
    time_limit_minutes = forms.DecimalField(
        label=_("Speaking-time limit (minutes)"),
        min_value=Decimal("0.5"),
        max_value=60,
        decimal_places=1,
        required=False,
        help_text=_("Empty for no limit. The room screen counts down from it."),
    )

    def __init__(self, *args, speakers_list=None, **kwargs):
        super().__init__(*args, **kwargs)
        if speakers_list is not None and not self.is_bound:
            limit = speakers_list.time_limit_seconds
            self.initial.update(
                {
                    "is_open": speakers_list.is_open,
                    "time_limit_minutes": Decimal(limit) / 60 if limit else None,
                }
            )
        self._setup_helper()

    @property
    def time_limit_seconds(self):
        return _minutes_to_seconds(self.cleaned_data.get("time_limit_minutes"))


class InsertSpeakerForm(Crispy, forms.Form):
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=None)
    position = forms.IntegerField(
        label=_("At number"),
        min_value=1,
        required=False,
        help_text=_("Empty to place it by category and time of inscription."),
    )

    def __init__(self, *args, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations
        self._setup_helper()


class ReplyForm(Crispy, forms.Form):
    delegation = forms.ModelChoiceField(label=_("Delegation replying"), queryset=None)

    def __init__(self, *args, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations
        self._setup_helper()


class StatementForm(Crispy, forms.Form):
    file = forms.FileField(
        label=_("Statement (PDF, at most 5 MB)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )
    publish = forms.BooleanField(
        label=_("Publish it on the session page"),
        required=False,
        help_text=_("Unpublished statements are seen only by your delegation and the secretariat."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_pdf_upload(upload)
        return upload
