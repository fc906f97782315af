"""Outcome documents of a meeting: their structure, frozen revisions and the delegations' proposals.

The text lives in sections and paragraphs that keep a stable identity (`uid`)
from the first draft to the adopted text, so revisions can be compared
paragraph by paragraph and a proposal stays attached to the paragraph it was
made on, even after that paragraph changed or was deleted. Paragraph and
action numbers are never stored: `outcomes.numbering` computes them from the
order of the paragraphs.
"""

import hashlib
import json
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ccm_portal.meetings.models import Language, Meeting
from ccm_portal.states import Transitions
from ccm_portal.storage import private_storage
from delegations.models import Delegation

from .numbering import working_paper_symbol


class OutcomeDocument(Transitions, models.Model):
    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Political declaration")
        ACTION_PLAN = "action_plan", _("Action plan")
        REPORTING_FORMATS = "reporting_formats", _("Reporting formats")
        DECISION = "decision", _("Decision")
        FINAL_REPORT = "final_report", _("Final report")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("state of an outcome document", "Draft")
        CIRCULATED = "circulated", _("Circulated for comments")
        NEGOTIATION = "negotiation", _("Under negotiation")
        ADOPTED = "adopted", pgettext_lazy("state of an outcome document", "Adopted")
        PUBLISHED = "published", pgettext_lazy("state of an outcome document", "Published")

    STATE_FIELD = "state"
    # Circulating again issues the next revision (…/Rev.n), also from the negotiation.
    TRANSITIONS = {
        State.DRAFT: {State.CIRCULATED},
        State.CIRCULATED: {State.CIRCULATED, State.NEGOTIATION, State.ADOPTED},
        State.NEGOTIATION: {State.CIRCULATED, State.ADOPTED},
        State.ADOPTED: {State.PUBLISHED},
    }
    # The step each transition page takes (who may take it: rules.py).
    ACTIONS = {
        "circulate": State.CIRCULATED,
        "negotiate": State.NEGOTIATION,
        "adopt": State.ADOPTED,
        "publish": State.PUBLISHED,
    }

    class Distribution(models.TextChoices):
        GENERAL = "general", pgettext_lazy("distribution of a UN document", "General")
        LIMITED = "limited", pgettext_lazy("distribution of a UN document", "Limited")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="outcome_documents")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    # The item of the meeting's agenda, by the primary key of sessions' AgendaItem: a plain integer,
    # not a ForeignKey, as outcomes and sessions may not know each other (.importlinter;
    # outcomes/agenda.py reads the agenda through delegations.agenda). Numbers change when items
    # move, the key does not; the header prints the item's current number and title.
    agenda_item_ref = models.PositiveBigIntegerField(_("agenda item"), null=True, blank=True)
    # The header as typed (while the agenda has no items), else the linked item's heading when the
    # document was last saved: what is printed if the item is deleted from the agenda.
    agenda_item = models.CharField(
        _("agenda item (as typed)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only when the agenda has no item for it yet: as printed in the header, "
            "e.g. “Item 10: Consideration of documents”."
        ),
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    distribution = models.CharField(
        _("distribution"), max_length=10, choices=Distribution.choices, default=Distribution.LIMITED
    )
    sponsors = models.ManyToManyField(
        Delegation, blank=True, related_name="sponsored_outcomes", verbose_name=_("sponsors")
    )
    drafters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="drafted_outcomes", verbose_name=_("drafters")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    # Assigned from the meeting's counter at the first circulation, never typed.
    wp_number = models.PositiveIntegerField(_("working paper number"), null=True, blank=True, editable=False)
    # The symbol of the latest frozen text (working paper, revision or adopted text).
    symbol = models.CharField(_("symbol"), max_length=80, blank=True, editable=False)
    comment_deadline = models.DateTimeField(_("comments due by"), null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "wp_number", "pk"]
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "wp_number"],
                condition=models.Q(wp_number__isnull=False),
                name="outcome_one_working_paper_number_per_meeting",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["adopted", "published"]) | models.Q(adopted_at__isnull=False),
                name="outcome_adopted_text_has_adoption_date",
            ),
        ]

    def __str__(self):
        return f"{self.symbol} {self.title}" if self.symbol else self.title

    def get_absolute_url(self):
        return reverse("outcomes:detail", kwargs={"pk": self.pk})

    @property
    def trail(self) -> str:
        return f"outcome:{self.pk}"

    @property
    def text_direction(self) -> str:
        """The direction its original language is written in: the text keeps it on every page."""
        return "rtl" if self.original_language == Language.ARABIC else "ltr"

    @property
    def base_symbol(self) -> str:
        if self.wp_number is None or not self.meeting.symbol_prefix:
            return ""
        return working_paper_symbol(self.meeting.symbol_prefix, self.wp_number)

    @property
    def is_open_for_work(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.CIRCULATED, self.State.NEGOTIATION)

    @property
    def takes_proposals(self) -> bool:
        return self.state in (self.State.CIRCULATED, self.State.NEGOTIATION)

    @property
    def is_final(self) -> bool:
        return self.state in (self.State.ADOPTED, self.State.PUBLISHED)


class SymbolCounter(models.Model):
    """One row per meeting, locked while a working-paper number is handed out."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="outcome_symbol_counter")
    last_working_paper = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("symbol counter")

    def __str__(self):
        return f"{self.meeting.short_title}: WP.{self.last_working_paper}"


class Section(models.Model):
    document = models.ForeignKey(OutcomeDocument, on_delete=models.CASCADE, related_name="sections")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    numbered = models.BooleanField(
        _("numbered"), default=True, help_text=_("Print a Roman numeral before the heading (I, II, III …).")
    )
    position = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["document", "uid"], name="outcome_section_uid_unique")]

    def __str__(self):
        return self.heading or _("(untitled section)")


class ParagraphQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", _("Preambular paragraph (not numbered)")
        OPERATIVE = "operative", _("Numbered paragraph")
        LEAD_IN = "lead_in", _("Who acts: numbered paragraph introducing actions")
        ACTION = "action", _("Action (numbered Action #n)")
        UNNUMBERED = "unnumbered", _("Unnumbered text")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("paragraph status", "Open")
        AD_REFERENDUM = "ad_referendum", pgettext_lazy("paragraph status", "Agreed ad referendum")
        AGREED = "agreed", pgettext_lazy("paragraph status", "Agreed")

    document = models.ForeignKey(OutcomeDocument, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OPERATIVE)
    text = models.TextField(_("text"))
    status = models.CharField(_("negotiation status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    position = models.PositiveIntegerField(default=0)
    # Bumped by every save of the text; an update names the version it started from.
    version = models.PositiveIntegerField(default=1)
    removed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["document", "uid"], name="outcome_paragraph_uid_unique")]
        indexes = [models.Index(fields=["document", "removed_at"])]

    def __str__(self):
        return self.text[:60]

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class ParagraphChange(models.Model):
    """One entry of a paragraph's history: who changed what, when, before and after."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        MOVED = "moved", pgettext_lazy("change to a paragraph", "moved")
        REMOVED = "removed", pgettext_lazy("change to a paragraph", "deleted")
        RESTORED = "restored", _("restored")
        MARKED = "marked", pgettext_lazy("change to a paragraph", "marked")
        PROPOSAL = "proposal", _("proposal applied")

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    text_before = models.TextField(blank=True)
    text_after = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    detail = models.CharField(max_length=300, blank=True)
    proposal = models.ForeignKey(
        "Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="paragraph_changes"
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at.isoformat(sep=' ', timespec='minutes')} {self.get_action_display()}"


def snapshot_fingerprint(snapshot: dict) -> str:
    """A SHA-256 of the frozen text in a canonical form (sorted keys, no spacing)."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Revision(models.Model):
    """A frozen text: what was circulated under a symbol, or the adopted text."""

    class Kind(models.TextChoices):
        CIRCULATED = "circulated", pgettext_lazy("kind of frozen text", "Circulated")
        ADOPTED = "adopted", _("Adopted text")

    document = models.ForeignKey(OutcomeDocument, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(help_text=_("0 for the first circulation, 1 for Rev.1 …"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CIRCULATED)
    symbol = models.CharField(_("symbol"), max_length=80)
    title = models.CharField(max_length=300)
    snapshot = models.JSONField()
    # snapshot_fingerprint(snapshot): the same text frozen twice has the same fingerprint.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    comment_deadline = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="outcome_revision_number_unique"),
            models.UniqueConstraint(fields=["symbol"], name="outcome_symbol_unique"),
        ]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("outcomes:revision", kwargs={"pk": self.document_id, "number": self.number})

    @property
    def label(self) -> str:
        if self.kind == self.Kind.ADOPTED:
            return str(_("Adopted text"))
        return str(_("First circulation")) if self.number == 0 else f"Rev.{self.number}"  # Rev.n is part of the symbol


class Proposal(Transitions, models.Model):
    class Kind(models.TextChoices):
        REPLACE = "replace", _("Replace the text")
        INSERT_AFTER = "insert_after", _("Insert a new paragraph after it")
        DELETE = "delete", _("Delete the paragraph")
        COMMENT = "comment", _("General comment on the document")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("status of a proposal", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("status of a proposal", "Accepted")
        ACCEPTED_MODIFIED = "accepted_modified", pgettext_lazy("status of a proposal", "Accepted with changes")
        REJECTED = "rejected", pgettext_lazy("status of a proposal", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("status of a proposal", "Withdrawn")

    # A decision or a withdrawal is final.
    # A withdrawal can be undone for a few minutes (services.proposal_reinstate); a decision cannot.
    TRANSITIONS = {
        Status.PENDING: {Status.ACCEPTED, Status.ACCEPTED_MODIFIED, Status.REJECTED, Status.WITHDRAWN},
        Status.WITHDRAWN: {Status.PENDING},
    }

    document = models.ForeignKey(OutcomeDocument, on_delete=models.CASCADE, related_name="proposals")
    paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals")
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("proposal"), max_length=20, choices=Kind.choices)
    # The paragraph's text as the delegation read it; a difference today means the proposal is outdated.
    base_text = models.TextField(blank=True)
    base_label = models.CharField(max_length=40, blank=True)
    text = models.TextField(_("proposed text"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="outcome_proposals")
    cosponsors = models.ManyToManyField(
        Delegation, blank=True, related_name="cosponsored_outcome_proposals", verbose_name=_("co-sponsors")
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(_("reason"), blank=True)
    final_text = models.TextField(_("text as accepted"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    result_paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="comment", paragraph__isnull=True)
                | (~models.Q(kind="comment") & models.Q(paragraph__isnull=False)),
                name="outcome_proposal_targets_a_paragraph_unless_comment",
            ),
        ]
        indexes = [models.Index(fields=["document", "status"])]

    def __str__(self):
        return f"{self.delegation}: {self.get_kind_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_outdated(self) -> bool:
        """The paragraph was deleted or its text changed since the delegation proposed."""
        if self.paragraph_id is None or not self.is_pending:
            return False
        return self.paragraph.is_removed or self.paragraph.text != self.base_text

    @property
    def outdated_reason(self) -> str:
        if not self.is_outdated:
            return ""
        if self.paragraph.is_removed:
            return str(_("The paragraph has been deleted since this proposal was made."))
        return str(_("The paragraph has changed since this proposal was made."))


def translation_path(instance, filename):
    return f"outcome-translations/{uuid.uuid4().hex}.pdf"


class Translation(models.Model):
    """An official version of an adopted document in one of the five languages other than its original.

    Its text is entered paragraph by paragraph against the adopted text (`texts` maps each section's
    and paragraph's uid to its wording in this language, so the version keeps the original's
    structure and numbers) and rendered by the portal, or a PDF the translators prepared is uploaded.
    An uploaded PDF, when there is one, is the version served.
    """

    class Status(models.TextChoices):
        PREPARATION = "preparation", pgettext_lazy("status of a language version", "In preparation")
        ISSUED = "issued", pgettext_lazy("status of a language version", "Issued")

    document = models.ForeignKey(OutcomeDocument, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARATION)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    title = models.CharField(_("title in this language"), max_length=300, blank=True)
    # {uid of a section or paragraph of the adopted text: its heading or text in this language}
    texts = models.JSONField(default=dict, blank=True)
    file = models.FileField(_("PDF"), storage=private_storage, upload_to=translation_path, blank=True)
    # Bumped by every save; a form names the version it was opened on.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="outcome_one_translation_per_language"),
            models.CheckConstraint(
                condition=~models.Q(status="issued") | models.Q(issued_on__isnull=False),
                name="outcome_issued_translation_has_a_date",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=["ar", "zh", "en", "fr", "ru", "es"]),
                name="outcome_translation_in_an_official_language",
            ),
        ]

    def __str__(self):
        return f"{self.document} ({self.get_language_display()})"

    def get_absolute_url(self):
        return reverse("outcomes:translation_edit", kwargs={"pk": self.document_id, "language": self.language})

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_uploaded(self) -> bool:
        return bool(self.file)


def text_digest(text: str) -> str:
    """The SHA-256 of a text as generated: a text that no longer matches it was changed by someone."""
    return hashlib.sha256((text or "").encode()).hexdigest()


# The keys of generated sections that are annexes start with this.
ANNEX_KEY_PREFIX = "annex"


class GeneratedText(models.Model):
    """A section heading or a paragraph the portal wrote from the meeting's data (the final report's
    procedural part and annexes), under a stable `key` of what it says ("participation.states_parties").

    `digest` is text_digest() of the text as last generated. Regenerating replaces a text that still
    matches it, and asks before overwriting one a drafter changed (outcomes.services_generated).
    """

    document = models.ForeignKey(OutcomeDocument, on_delete=models.CASCADE, related_name="generated_texts")
    key = models.CharField(max_length=200)
    section = models.OneToOneField(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="generated_text"
    )
    paragraph = models.OneToOneField(
        Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="generated_text"
    )
    digest = models.CharField(max_length=64)
    generated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document", "pk"]
        verbose_name = _("generated text")
        verbose_name_plural = _("generated texts")
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="outcome_generated_key_unique"),
            models.CheckConstraint(
                condition=(models.Q(section__isnull=False) & models.Q(paragraph__isnull=True))
                | (models.Q(section__isnull=True) & models.Q(paragraph__isnull=False)),
                name="outcome_generated_text_is_a_heading_or_a_paragraph",
            ),
        ]

    def __str__(self):
        return self.key

    @property
    def is_annex(self) -> bool:
        return self.key.startswith(ANNEX_KEY_PREFIX)

    @staticmethod
    def annex_section_uids(document: OutcomeDocument) -> set[str]:
        """The uids of the document's generated annex sections: the PDF starts each on a new page."""
        rows = GeneratedText.objects.filter(
            document=document, section__isnull=False, key__startswith=ANNEX_KEY_PREFIX
        ).values_list("section__uid", flat=True)
        return {str(uid) for uid in rows}
