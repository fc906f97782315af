import uuid

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ccm_portal.documents.models import Source
from ccm_portal.documents.selectors import registered_symbol
from ccm_portal.meetings.models import Category, Language, Meeting, Organisation
from ccm_portal.states import Transitions
from ccm_portal.storage import private_storage

from . import names


def note_verbale_path(instance, filename):
    # The uploader's file name is kept in a field for display, never used on disk.
    return f"registration-documents/{uuid.uuid4().hex}.pdf"


def participant_photo_path(instance, filename):
    # Always a re-encoded JPEG (ccm_portal/uploads.py normalised_image) under a random name.
    return f"participant-photos/{uuid.uuid4().hex}.jpg"


def with_sort_keys(update_fields, keys: dict[str, str]):
    """`update_fields` with the sort key of every field it saves whose key save() refreshes."""
    if update_fields is None:
        return None
    update_fields = set(update_fields)
    return update_fields | {key for source, key in keys.items() if source in update_fields}


class DelegationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_secretariat:
            return self
        return self.filter(focal_points=user)

    def in_list_order(self):
        return self.order_by("category", "sort_name", "pk")


class Delegation(Transitions, models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("State")
        INTERNATIONAL = "international", _("International organisation")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        # Not entitled to register (e.g. the note verbale is not the state's): closed for good,
        # and it no longer holds the state or organisation, so the real one can register.
        REFUSED = "refused", _("Registration refused")

    # A rejected delegation is corrected and submitted again; the secretariat may reverse a
    # decision; refusing a registration is possible at any step and final.
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED, Status.REFUSED},
        Status.SUBMITTED: {Status.APPROVED, Status.REJECTED, Status.REFUSED},
        Status.APPROVED: {Status.REJECTED, Status.REFUSED},
        Status.REJECTED: {Status.SUBMITTED, Status.APPROVED, Status.REFUSED},
    }

    class Invitation(models.TextChoices):
        NOT_NEEDED = "", _("Not needed")
        PROVISIONAL = "provisional", _("Provisionally invited")
        APPROVED = "approved", _("Approved by the meeting")

    class Credentials(models.TextChoices):
        NONE = "none", _("None")
        COPY = "copy", _("Copy received")
        ORIGINAL = "original", _("Original received")
        ACCEPTED = "accepted", _("Accepted")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("state"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("organisation"),
    )
    sort_name = models.CharField(_("name"), max_length=200, help_text=_("English short name, used for sorting."))
    # sort_name folded (names.fold: no case, no accents), kept by save(): the database sorts on it.
    sort_name_key = models.TextField(blank=True, default="", editable=False)
    # Derived from the treaty-status register (states) or the organisation; never typed.
    category = models.PositiveSmallIntegerField(_("category"), choices=Category.choices)
    category_note = models.CharField(_("category note"), max_length=200, blank=True)
    invitation = models.CharField(
        _("invitation under Rule 1.3"), max_length=20, choices=Invitation.choices, blank=True, default=""
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="delegations", verbose_name=_("focal points")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    document = models.FileField(
        _("note verbale or letter"), storage=private_storage, upload_to=note_verbale_path, blank=True
    )
    document_name = models.CharField(_("document file name"), max_length=200, blank=True)
    document_uploaded_at = models.DateTimeField(_("document uploaded"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    credentials_status = models.CharField(
        _("credentials"), max_length=20, choices=Credentials.choices, default=Credentials.NONE
    )
    credentials_date = models.DateField(_("credentials dated"), null=True, blank=True)
    credentials_remark = models.CharField(_("remark"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["category", "sort_name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            # A refused registration does not count: it must not keep the real mission out.
            models.UniqueConstraint(
                fields=["meeting", "country"],
                condition=models.Q(kind="state") & ~models.Q(status="refused"),
                name="one_state_delegation_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=models.Q(organisation__isnull=False) & ~models.Q(status="refused"),
                name="one_organisation_delegation_per_meeting",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="state") & ~models.Q(country="") & models.Q(organisation__isnull=True))
                | (~models.Q(kind="state") & models.Q(country="") & models.Q(organisation__isnull=False)),
                name="delegation_is_a_state_or_an_organisation",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"]), models.Index(fields=["meeting", "category"])]

    def __str__(self):
        return self.sort_name

    def save(self, *args, **kwargs):
        self.fill_sort_keys()
        kwargs["update_fields"] = with_sort_keys(kwargs.get("update_fields"), {"sort_name": "sort_name_key"})
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("delegations:detail", kwargs={"pk": self.pk})

    def fill_sort_keys(self) -> None:
        """Set the folded sort key from the name (save() does; call it before a bulk_create)."""
        self.sort_name_key = names.fold(self.sort_name)

    @property
    def trail(self) -> str:
        return f"delegation:{self.pk}"

    @property
    def is_state(self) -> bool:
        return self.kind == self.Kind.STATE

    @property
    def document_label(self) -> str:
        return _("note verbale") if self.is_state else _("letter")

    @property
    def is_refused(self) -> bool:
        return self.status == self.Status.REFUSED


class JoinRequest(models.Model):
    """A second delegate of the same state asks the focal point to be added."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("delegation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("requester")
    )
    message = models.TextField(_("message to the focal point"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The requester asked the secretariat to decide (the focal point did not answer).
    escalated_at = models.DateTimeField(_("passed to the secretariat"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.delegation}"

    def get_absolute_url(self):
        return reverse("delegations:join_request", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class ParticipantQuerySet(models.QuerySet):
    def in_delegation_order(self):
        return self.order_by("role_order", "family_name", "given_name", "pk")


class Participant(Transitions, models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        REPRESENTATIVE = "representative", _("Representative")
        ALTERNATE = "alternate", _("Alternate")
        ADVISER = "adviser", _("Adviser")
        EXPERT = "expert", _("Expert")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class NameOrder(models.TextChoices):
        # The examples show the order the lists print (delegations/names.py).
        GIVEN_FIRST = names.GIVEN_FIRST, _("Given name first, family name last (Maria GARCÍA LÓPEZ)")
        FAMILY_FIRST = names.FAMILY_FIRST, _("Family name first, given name last (WANG Wei)")

    # The secretariat decides and may reverse its decision; a focal point's change to an
    # approved participant sends it back to pending.
    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.PENDING, Status.REJECTED},
        Status.REJECTED: {Status.APPROVED},
    }

    ROLE_ORDER = {role: index for index, role in enumerate(Role.values)}

    # What a focal point fills in: the participant form shows these, the services copy and compare them.
    EDITABLE_FIELDS = (
        "title",
        "given_name",
        "family_name",
        "name_order",
        "function",
        "role",
        "email",
        "gender",
        "accessibility_needs",
        "needs_visa_letter",
        "public_consent",
    )

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="participants", verbose_name=_("delegation")
    )
    title = models.CharField(_("title"), max_length=30, help_text=_("For example Mr., Ms., H.E., Dr."))
    given_name = models.CharField(
        _("given name"),
        max_length=100,
        help_text=_("As in the passport: the personal name or names, without the family name."),
    )
    family_name = models.CharField(
        _("family name"),
        max_length=100,
        help_text=_(
            "As in the passport. Lists print it in capitals and sort by it: "
            "“Wang” for Wang Wei, “García López” for Maria García López."
        ),
    )
    name_order = models.CharField(
        _("how the name is written"),
        max_length=20,
        choices=NameOrder.choices,
        default=NameOrder.GIVEN_FIRST,
        help_text=_("The order of the two parts on lists and badges."),
    )
    function = models.CharField(_("function"), max_length=200, help_text=_("Position as it should be printed."))
    role = models.CharField(_("role in the delegation"), max_length=20, choices=Role.choices)
    role_order = models.PositiveSmallIntegerField(editable=False, default=0)
    # Kept by save() (SORT_KEYS): the staff list sorts on them in the database.
    family_name_key = models.TextField(blank=True, default="", editable=False)
    given_name_key = models.TextField(blank=True, default="", editable=False)
    function_key = models.TextField(blank=True, default="", editable=False)
    email = models.EmailField(_("e-mail"))
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True, max_length=1000)
    needs_visa_letter = models.BooleanField(_("needs a visa support letter"), default=False)
    public_consent = models.BooleanField(
        _("may appear on public lists"),
        default=False,
        help_text=_("Without consent the name appears only on lists kept by the secretariat."),
    )
    # Printed on the badge; stored privately, cropped to 3:4 and without metadata; served only
    # through delegations.views.participant_photo after a permission check.
    photo = models.FileField(
        _("photo"), storage=private_storage, upload_to=participant_photo_path, blank=True, editable=False
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(_("reason"), blank=True)
    # What changed since the last approval: {"field_name": [before, after]}; labelled when shown.
    changes_since_approval = models.JSONField(default=dict, blank=True)
    # The random half of the badge token (delegations/badges.py); never a database id.
    badge_key = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)
    badge_printed_at = models.DateTimeField(_("badge first printed"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["role_order", "family_name", "given_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"], condition=models.Q(role="head"), name="one_head_per_delegation"
            ),
        ]
        indexes = [models.Index(fields=["delegation", "status"])]

    def __str__(self):
        return self.display_name

    # The folded copies (names.fold: no case, no accents) the database sorts the staff list on.
    SORT_KEYS = {"family_name": "family_name_key", "given_name": "given_name_key", "function": "function_key"}

    def save(self, *args, **kwargs):
        self.fill_sort_keys()
        kwargs["update_fields"] = with_sort_keys(kwargs.get("update_fields"), {"role": "role_order", **self.SORT_KEYS})
        super().save(*args, **kwargs)

    def fill_sort_keys(self) -> None:
        """Set role_order and the folded name keys (save() does; call it before a bulk_create)."""
        self.role_order = self.ROLE_ORDER.get(self.role, 99)
        for source, key in self.SORT_KEYS.items():
            setattr(self, key, names.fold(getattr(self, source)))

    @property
    def changes_shown(self) -> list[tuple[str, str, str]]:
        """(label, before, after) for each change since approval, the label in the reader's language."""
        shown = []
        for name, (before, after) in self.changes_since_approval.items():
            try:
                label = str(self._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                label = name
            shown.append((label, before, after))
        return shown

    @property
    def display_name(self) -> str:
        """The name in running text, in the order it is written: "Mr. Wang Wei" (delegations/names.py)."""
        return names.prose_name(self)

    @property
    def list_name(self) -> str:
        """The name as lists and badges print it: "Mr. WANG Wei", "Ms. Maria GARCÍA LÓPEZ"."""
        return names.list_name(self)

    @property
    def trail(self) -> str:
        return f"delegation:{self.delegation_id}"


class ParticipantListSettings(models.Model):
    """How the secretariat issues a meeting's list of participants (an information document)."""

    class Distribution(models.TextChoices):
        GENERAL = "general", _("General")
        LIMITED = "limited", _("Limited")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="participant_list_settings", verbose_name=_("meeting")
    )
    symbol = models.CharField(
        _("document symbol"),
        max_length=60,
        validators=[
            RegexValidator(
                r"^[A-Z0-9]+(?:[/.\-][A-Za-z0-9]+)*$",
                _("Use capital letters, digits, “/”, “.” and “-”, for example CCM/MSP/2010/INF.1."),
            )
        ],
        help_text=_("For example CCM/MSP/2010/INF.1."),
    )
    distribution = models.CharField(
        _("distribution"), max_length=10, choices=Distribution.choices, default=Distribution.GENERAL
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    issue_date = models.DateField(
        _("date of issue"), null=True, blank=True, help_text=_("Leave empty to print the day the PDF is made.")
    )
    is_public = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Show the public list (participants who consented) to everyone."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("list of participants settings")
        verbose_name_plural = _("list of participants settings")

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("delegations:lop_settings", kwargs={"slug": self.meeting.slug})

    @staticmethod
    def default_symbol(meeting: Meeting) -> str:
        return f"{meeting.symbol_prefix or meeting.short_title}/INF.1"

    @cached_property
    def printed_symbol(self) -> str:
        """The symbol printed on the list: the one the meeting's register gave it (a number the
        secretariat marked as printed by the portal as the list of participants), else `symbol`.

        A row read by selectors_lists.lop_settings carries the register's symbol already (the
        `register_symbol` annotation, same query); otherwise one query, on first use only.
        """
        if hasattr(self, "register_symbol"):
            return self.register_symbol or self.symbol
        return registered_symbol(self.meeting, Source.PARTICIPANTS) or self.symbol


class BadgePrint(models.Model):
    """A badge handed to the printer: the first print and every reprint are recorded."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="badge_prints", verbose_name=_("participant")
    )
    printed_at = models.DateTimeField(_("printed"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("printed by"),
    )
    is_reprint = models.BooleanField(_("reprint"), default=False)

    class Meta:
        ordering = ["-printed_at", "-pk"]
        verbose_name = _("badge print")
        verbose_name_plural = _("badge prints")

    def __str__(self):
        return f"{self.participant} {self.printed_at.isoformat(sep=' ', timespec='minutes')}"


class CheckIn(models.Model):
    """One presentation of a participant at the door: the first arrival, a repeat, or a refusal."""

    class Outcome(models.TextChoices):
        ARRIVED = "arrived", _("Arrived")
        REPEAT = "repeat", _("Already checked in")
        REFUSED = "refused", _("Refused")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("participant")
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=models.Q(outcome="arrived"), name="one_arrival_per_participant"
            ),
        ]
        indexes = [models.Index(fields=["participant", "outcome"], name="checkin_participant_outcome")]

    def __str__(self):
        return f"{self.participant} {self.get_outcome_display()} {self.at.isoformat(sep=' ', timespec='minutes')}"


def paper_file_path(instance, filename):
    # Random names in private storage; the uploader's file name is kept in a field for display.
    extension = "docx" if filename.lower().endswith(".docx") else "pdf"
    return f"working-papers/{uuid.uuid4().hex}.{extension}"


class PaperSubmissionQuerySet(models.QuerySet):
    def of_delegation(self, delegation):
        """The papers `delegation` submitted or co-sponsors: a co-sponsor reads them, the submitter changes them."""
        co_sponsored = PaperSubmission.co_sponsors.through.objects.filter(delegation_id=delegation.pk)
        return self.filter(models.Q(delegation=delegation) | models.Q(pk__in=co_sponsored.values("papersubmission_id")))

    def with_list_columns(self):
        """What the delegation's list and the secretariat's queue print, in a fixed number of queries."""
        return self.select_related("delegation", "meeting", "document__meeting", "revises__document").prefetch_related(
            "files", models.Prefetch("co_sponsors", queryset=Delegation.objects.only("id", "sort_name", "country"))
        )


class PaperSubmission(models.Model):
    """A working paper or national report a delegation sends the secretariat to be issued in the register.

    Once issued it is a Document of the register (ccm_portal.documents) with a WP symbol, and
    `document` points to it; a declined one keeps the secretariat's reason for the delegation.
    """

    class Kind(models.TextChoices):
        WORKING_PAPER = "working_paper", _("Working paper")
        NATIONAL_REPORT = "national_report", _("National report")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, awaiting the secretariat")
        ISSUED = "issued", _("Issued")
        DECLINED = "declined", _("Declined")

    TRANSITIONS = {Status.SUBMITTED: {Status.ISSUED, Status.DECLINED}}

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="paper_submissions", verbose_name=_("meeting")
    )
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="paper_submissions", verbose_name=_("submitted by")
    )
    co_sponsors = models.ManyToManyField(
        Delegation, blank=True, related_name="co_sponsored_papers", verbose_name=_("co-sponsors")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKING_PAPER)
    title = models.CharField(_("title"), max_length=400)
    # The agenda item as printed (sessions, above this app, is read through delegations.agenda).
    agenda_item_number = models.CharField(_("agenda item number"), max_length=12)
    agenda_item_title = models.CharField(_("agenda item"), max_length=300, blank=True)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    # A revision of the delegation's issued paper: issued as <its symbol>/Rev.n.
    revises = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("revises"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    document = models.OneToOneField(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submission",
        verbose_name=_("document in the register"),
    )
    decline_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = PaperSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("submitted paper")
        verbose_name_plural = _("submitted papers")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(status="issued") & models.Q(document__isnull=False))
                | (~models.Q(status="issued") & models.Q(document__isnull=True)),
                name="issued_paper_has_its_document",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="declined_paper_has_a_reason",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"], name="paper_meeting_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("delegations:paper", kwargs={"pk": self.delegation_id, "spk": self.pk})

    @property
    def trail(self) -> str:
        return f"delegation:{self.delegation_id}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def languages(self) -> list[str]:
        """The languages provided, in the order of the files (prefetched by with_list_columns)."""
        return [row.language for row in self.files.all()]


class PaperFile(models.Model):
    """The submitted paper in one language: a PDF, and optionally the DOCX it was made from."""

    submission = models.ForeignKey(
        PaperSubmission, on_delete=models.CASCADE, related_name="files", verbose_name=_("submitted paper")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=paper_file_path)
    pdf_name = models.CharField(_("PDF file name"), max_length=200, blank=True)
    docx = models.FileField(_("DOCX"), storage=private_storage, upload_to=paper_file_path, blank=True)
    docx_name = models.CharField(_("DOCX file name"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)

    class Meta:
        ordering = ["submission", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(fields=["submission", "language"], name="one_paper_file_per_language"),
        ]

    def __str__(self):
        return f"{self.submission} ({self.language})"
