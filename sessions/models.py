"""Agenda, rooms, sessions, side events and lists of speakers of a meeting.

Times are stored as aware datetimes (UTC in the database) and shown in the
meeting's own time zone; forms take a local date and local times.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ccm_portal.documents.models import Source
from ccm_portal.documents.selectors import registered_symbol
from ccm_portal.meetings.models import Meeting
from ccm_portal.states import Transitions
from ccm_portal.storage import private_storage
from delegations.models import Delegation

from .slots import slot_label


class ThematicArea(models.TextChoices):
    """The substantive areas an agenda item of a Meeting of States Parties may belong to."""

    GENERAL_EXCHANGE = "general_exchange", _("General exchange of views")
    UNIVERSALIZATION = "universalization", _("Universalization")
    STOCKPILE_DESTRUCTION = "stockpile_destruction", _("Stockpile destruction and retention")
    CLEARANCE = "clearance", _("Clearance and risk reduction education")
    VICTIM_ASSISTANCE = "victim_assistance", _("Victim assistance")
    COOPERATION = "cooperation", _("International cooperation and assistance")
    TRANSPARENCY = "transparency", _("Transparency measures (Article 7)")
    NATIONAL_IMPLEMENTATION = "national_implementation", _("National implementation measures (Article 9)")
    COMPLIANCE = "compliance", _("Compliance (Article 8)")
    IMPLEMENTATION_SUPPORT = "implementation_support", _("Implementation support")
    NEXT_MEETING = "next_meeting", _("Date and venue of the next meeting")


class Room(models.Model):
    """A room of the venue, with the number of people it seats."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity (seats)"), validators=[MinValueValidator(1)])
    location = models.CharField(
        _("where to find it"), max_length=200, blank=True, help_text=_("For example: ground floor, east wing.")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-capacity", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="room_name_unique_per_meeting"),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="room_capacity_positive"),
        ]

    def __str__(self):
        return self.name


class Agenda(models.Model):
    """The agenda of one meeting: provisional until the meeting adopts it.

    Adoption freezes the numbering: items can no longer be moved or deleted,
    new items go at the end, and every change after adoption is recorded in the
    agenda's audit trail.
    """

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("Provisional")
        ADOPTED = "adopted", _("Adopted")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="agenda")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROVISIONAL)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Unverified which number the programme of work carried; the provisional agenda is always /1.
    programme_document_number = models.PositiveSmallIntegerField(
        _("document number of the programme of work"),
        default=2,
        validators=[MinValueValidator(2)],
        help_text=_("The programme of work is issued as <symbol prefix>/<this number>."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="provisional") | models.Q(adopted_at__isnull=False),
                name="adopted_agenda_has_adoption_time",
            )
        ]

    def __str__(self):
        if self.status == self.Status.ADOPTED:
            return gettext("Adopted agenda, %(meeting)s") % {"meeting": self.meeting.short_title}
        return gettext("Provisional agenda, %(meeting)s") % {"meeting": self.meeting.short_title}

    def get_absolute_url(self):
        return reverse("ccm_sessions:agenda", kwargs={"slug": self.meeting.slug})

    @property
    def trail(self) -> str:
        return f"agenda:{self.pk}"

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


def symbol_prefix(meeting: Meeting) -> str:
    return meeting.symbol_prefix or meeting.short_title


def agenda_symbol(meeting: Meeting) -> str:
    """The symbol the register gave the provisional agenda, else <prefix>/1 (the agenda is always /1)."""
    return registered_symbol(meeting, Source.AGENDA) or f"{symbol_prefix(meeting)}/1"


def programme_symbol(meeting: Meeting, agenda: "Agenda | None") -> str:
    """The symbol the register gave the programme of work, else <prefix>/<the agenda's programme
    document number> (2 without an agenda): what its PDF prints and the final report lists."""
    number = agenda.programme_document_number if agenda is not None else 2
    return registered_symbol(meeting, Source.PROGRAMME) or f"{symbol_prefix(meeting)}/{number}"


class AgendaItem(models.Model):
    """An item ("5") or a sub-item ("5(a)") of an agenda.

    `number` and `sort_order` are computed from the positions by the services,
    never typed: positions are unique among siblings and numbers within an agenda.
    """

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_items",
        verbose_name=_("sub-item of"),
    )
    position = models.PositiveSmallIntegerField()
    number = models.CharField(_("number"), max_length=12, editable=False)
    sort_order = models.PositiveIntegerField(editable=False, default=0)
    title = models.CharField(_("title"), max_length=300)
    thematic_area = models.CharField(_("thematic area"), max_length=40, choices=ThematicArea.choices, blank=True)
    coordinator = CountryField(
        _("Friend of the President"),
        blank=True,
        help_text=_("The state that coordinates this thematic area for the President."),
    )
    annotation = models.TextField(_("annotation"), blank=True, max_length=3000)
    added_after_adoption = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agenda", "sort_order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "position"],
                condition=models.Q(parent__isnull=True),
                name="agenda_item_position_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=models.Q(parent__isnull=False),
                name="agenda_sub_item_position_unique",
            ),
            models.UniqueConstraint(fields=["agenda", "number"], name="agenda_item_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def label(self) -> str:
        return _("Agenda item %(number)s") % {"number": self.number}

    @property
    def document_number(self) -> str:
        """As printed in an agenda document: "5." for an item, "(a)" under it for a sub-item."""
        if self.parent_id:
            return f"({self.number.partition('(')[2].rstrip(')')})"
        return f"{self.number}."


class MeetingSession(models.Model):
    """A plenary, a thematic session or a side event, in one room at one time."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary session")
        THEMATIC = "thematic", _("Thematic session")
        SIDE_EVENT = "side_event", _("Side event")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("room"))
    agenda_items = models.ManyToManyField(
        AgendaItem, blank=True, related_name="sessions", verbose_name=_("agenda items taken up")
    )
    thematic_area = models.CharField(_("thematic area"), max_length=40, choices=ThematicArea.choices, blank=True)
    chair = models.CharField(
        _("chair"), max_length=200, blank=True, help_text=_("For example: H.E. Mr. … (Lao PDR), President.")
    )
    coordinator = CountryField(
        _("coordinating state (Friend of the President)"),
        blank=True,
        help_text=_("For a thematic session: the state that coordinates the area."),
    )
    organisers = models.CharField(_("organisers"), max_length=300, blank=True)
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    # What the secretariat knowingly accepted at the last save ("double-booked room ..."), if anything.
    accepted_clashes = models.TextField(_("accepted clashes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_it_starts"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "starts_at"]), models.Index(fields=["room", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ccm_sessions:session", kwargs={"slug": self.meeting.slug, "pk": self.pk})

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class SideEventRequest(models.Model):
    """A delegation asks for a side event; the secretariat places it in a room or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="side_event_requests")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="side_event_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    organisers = models.CharField(
        _("organisers"), max_length=300, help_text=_("Every co-organising state or organisation.")
    )
    description = models.TextField(_("description"), max_length=3000, blank=True)
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), validators=[MinValueValidator(1)])
    # Slot keys such as "2010-11-10/lunch", most preferred first; see sessions/slots.py.
    preferred_slots = models.JSONField(_("preferred slots"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    session = models.OneToOneField(
        MeetingSession, null=True, blank=True, on_delete=models.PROTECT, related_name="side_event_request"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("side-event request")
        verbose_name_plural = _("side-event requests")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "title"], name="side_event_title_unique_per_delegation"),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(session__isnull=False),
                name="approved_side_event_has_a_session",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def trail(self) -> str:
        return f"side-event:{self.pk}"

    @property
    def preferred_slot_labels(self) -> list[str]:
        return [slot_label(value) for value in self.preferred_slots]


class SpeakersList(models.Model):
    """The list of speakers on one agenda item, or on one session.

    Its row is locked (select_for_update) by every change to its entries, so
    positions are allocated one change at a time.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="speakers_lists")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="speakers_lists"
    )
    session = models.ForeignKey(
        MeetingSession, null=True, blank=True, on_delete=models.PROTECT, related_name="speakers_lists"
    )
    is_open = models.BooleanField(_("open for inscription"), default=True)
    time_limit_seconds = models.PositiveIntegerField(_("speaking-time limit (seconds)"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("list of speakers")
        verbose_name_plural = _("lists of speakers")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(agenda_item__isnull=False) & models.Q(session__isnull=True))
                | (models.Q(agenda_item__isnull=True) & models.Q(session__isnull=False)),
                name="speakers_list_for_an_item_or_a_session",
            ),
            models.UniqueConstraint(
                fields=["agenda_item"],
                condition=models.Q(agenda_item__isnull=False),
                name="one_speakers_list_per_agenda_item",
            ),
            models.UniqueConstraint(
                fields=["session"], condition=models.Q(session__isnull=False), name="one_speakers_list_per_session"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if self.agenda_item_id:
            return gettext("%(item)s: %(title)s") % {"item": self.agenda_item.label, "title": self.agenda_item.title}
        return str(self.session.title)

    @property
    def trail(self) -> str:
        return f"speakers:{self.pk}"


class SpeakerEntry(Transitions, models.Model):
    """One delegation's place on a list of speakers.

    A delegation holds at most one statement and at most one right of reply on
    a list (constraint on list, delegation and kind). Rights of reply always
    come after every statement. A withdrawn entry keeps its row, so inscribing
    again reuses it rather than adding a second one.
    """

    class Kind(models.TextChoices):
        STATEMENT = "statement", _("Statement")
        RIGHT_OF_REPLY = "reply", _("Right of reply")

    class Status(models.TextChoices):
        INSCRIBED = "inscribed", _("Inscribed")
        SPEAKING = "speaking", _("Speaking")
        SPOKE = "spoke", _("Spoke")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The chair's steps on the manage page. Whoever spoke or withdrew may be put back
    # on the list or given the floor again; a speaker never withdraws mid-speech.
    TRANSITIONS = {
        Status.INSCRIBED: {Status.SPEAKING, Status.SPOKE, Status.WITHDRAWN},
        Status.SPEAKING: {Status.SPOKE},
        Status.SPOKE: {Status.SPEAKING, Status.INSCRIBED},
        Status.WITHDRAWN: {Status.SPEAKING, Status.INSCRIBED},
    }

    speakers_list = models.ForeignKey(SpeakersList, on_delete=models.CASCADE, related_name="entries")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="speaker_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STATEMENT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INSCRIBED)
    position = models.PositiveIntegerField()
    inscribed_at = models.DateTimeField(default=timezone.now)
    inscribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["speakers_list", "position"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.UniqueConstraint(fields=["speakers_list", "position"], name="speaker_position_unique_per_list"),
            models.UniqueConstraint(
                fields=["speakers_list", "delegation", "kind"], name="one_entry_per_delegation_and_kind_per_list"
            ),
            models.UniqueConstraint(
                fields=["speakers_list"], condition=models.Q(status="speaking"), name="one_speaker_at_a_time"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.delegation.sort_name}"

    @property
    def is_reply(self) -> bool:
        return self.kind == self.Kind.RIGHT_OF_REPLY


def statement_path(instance, filename):
    # The uploader's file name is kept in a field for display, never used on disk.
    return f"statements/{uuid.uuid4().hex}.pdf"


class Statement(models.Model):
    """The text of a speech, uploaded by the delegation; public only when it says so."""

    entry = models.OneToOneField(SpeakerEntry, on_delete=models.CASCADE, related_name="statement")
    file = models.FileField(storage=private_storage, upload_to=statement_path)
    original_name = models.CharField(max_length=200)
    is_published = models.BooleanField(_("publish on the session page"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.original_name
