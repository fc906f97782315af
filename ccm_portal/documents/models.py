"""The register of a meeting's documents: one symbol for each, handed out once and never again.

A document of the main series is `<prefix>/<n>` (CCM/MSP/2010/1, the provisional agenda); the
other series are `<prefix>/WP.<n>`, `/INF.<n>` and `/CRP.<n>`. A document can be revised, added
to, corrected or amended: the new document's symbol is its parent's followed by `/Rev.<n>`,
`/Add.<n>`, `/Corr.<n>` or `/Amend.<n>` (CCM/MSP/2011/WP.3/Rev.1/Amend.1), and `parent` keeps
the lineage. Numbers are handed out by ccm_portal/documents/services.py under a lock; an issued
document's symbol is frozen by a database trigger (migration 0002), not only by the services.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ccm_portal.meetings.models import Language, Meeting
from ccm_portal.storage import private_storage


class Series(models.TextChoices):
    MAIN = "main", _("Main series")
    WP = "WP", _("Working papers (WP)")
    INF = "INF", _("Information documents (INF)")
    CRP = "CRP", _("Conference room papers (CRP)")


class Suffix(models.TextChoices):
    REV = "Rev", _("Revision (Rev.)")
    ADD = "Add", _("Addendum (Add.)")
    CORR = "Corr", _("Corrigendum (Corr.)")
    AMEND = "Amend", _("Amendment (Amend.)")


# The order of a meeting's list: the main series, then WP, INF and CRP; a document's revisions
# before its addenda, corrigenda and amendments.
SERIES_RANK = {Series.MAIN: 0, Series.WP: 1, Series.INF: 2, Series.CRP: 3}
SUFFIX_RANK = {Suffix.REV: 0, Suffix.ADD: 1, Suffix.CORR: 2, Suffix.AMEND: 3}


def root_symbol(prefix: str, series: str, number: int) -> str:
    return f"{prefix}/{number}" if series == Series.MAIN else f"{prefix}/{series}.{number}"


def suffixed_symbol(parent_symbol: str, suffix: str, number: int) -> str:
    return f"{parent_symbol}/{suffix}.{number}"


def root_sort_key(series: str, number: int) -> str:
    """Zero-padded, so that text order is number order: WP.10 after WP.9."""
    return f"{SERIES_RANK[Series(series)]}{number:06d}"


def suffixed_sort_key(parent_key: str, suffix: str, number: int) -> str:
    return f"{parent_key}/{SUFFIX_RANK[Suffix(suffix)]}{number:04d}"


class Source(models.TextChoices):
    """The documents other apps produce and print a symbol on, found in the register by these keys.

    Outcome documents register each frozen text themselves ("outcomes.document:<pk>:<n>").
    """

    AGENDA = "ccm_sessions.agenda", _("The provisional agenda (printed by the portal)")
    PROGRAMME = "ccm_sessions.programme", _("The programme of work (printed by the portal)")
    CREDENTIALS = "delegations.credentials", _("The report on credentials (printed by the portal)")
    PARTICIPANTS = "delegations.participants", _("The list of participants (printed by the portal)")


class SymbolCounter(models.Model):
    """The last number handed out in one series of one meeting; its row is locked while a number is issued."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="document_counters")
    series = models.CharField(max_length=8, choices=Series.choices)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("symbol counter")
        constraints = [models.UniqueConstraint(fields=["meeting", "series"], name="one_symbol_counter_per_series")]

    def __str__(self):
        return f"{self.meeting.short_title} {self.series}: {self.last_number}"


class DocumentQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=Document.Status.ISSUED)


class Document(models.Model):
    class Status(models.TextChoices):
        RESERVED = "reserved", _("Number reserved")
        ISSUED = "issued", _("Issued")

    class Category(models.TextChoices):
        ORGANIZATION = "organization", _("Organization of work")
        WORKING_PAPER = "working_paper", _("Working paper")
        INFORMATION = "information", _("Information document")
        OUTCOME = "outcome", _("Outcome document")
        STATEMENT = "statement", _("Statement")
        REPORT = "report", _("Report")

    class Distribution(models.TextChoices):
        GENERAL = "general", _("General")
        LIMITED = "limited", _("Limited")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    series = models.CharField(_("series"), max_length=8, choices=Series.choices)
    # The number in the series; a revision, addendum ... carries its root document's number too.
    number = models.PositiveIntegerField(editable=False)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("revises, adds to, corrects or amends"),
    )
    suffix = models.CharField(_("kind"), max_length=8, choices=Suffix.choices, blank=True)
    suffix_number = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    symbol = models.CharField(_("symbol"), max_length=200, unique=True, editable=False)
    # The symbol with zero-padded numbers, for the order of every list.
    sort_key = models.CharField(max_length=200, editable=False, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RESERVED)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=400)
    author = models.CharField(
        _("author"),
        max_length=200,
        help_text=_("As printed on the document: the President, the secretariat, a state, or “Multiple States”."),
    )
    author_states = models.JSONField(_("sponsoring states"), default=list, blank=True)
    # The agenda item as printed (sessions, above this app, is not linked from here).
    agenda_item_number = models.CharField(_("agenda item number"), max_length=12, blank=True)
    agenda_item_title = models.CharField(_("agenda item"), max_length=300, blank=True)
    distribution = models.CharField(
        _("distribution"), max_length=10, choices=Distribution.choices, default=Distribution.GENERAL
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What produced it, when an app did ("outcomes.document:12"): the producer finds its document by it.
    source = models.CharField(max_length=100, blank=True, editable=False)
    # Bumped by every save; a form names the version it was opened on (ccm_portal/concurrency.py).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "sort_key"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "series", "number"],
                condition=models.Q(parent__isnull=True),
                name="one_document_per_series_number",
            ),
            models.UniqueConstraint(
                fields=["parent", "suffix", "suffix_number"],
                condition=models.Q(parent__isnull=False),
                name="one_document_per_suffix_number",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(parent__isnull=True, suffix="", suffix_number__isnull=True)
                    | (models.Q(parent__isnull=False, suffix_number__isnull=False) & ~models.Q(suffix=""))
                ),
                name="document_suffix_only_with_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(status="reserved") | models.Q(issued_on__isnull=False, issued_at__isnull=False),
                name="issued_document_has_issue_date",
            ),
            models.UniqueConstraint(
                fields=["meeting", "source"], condition=~models.Q(source=""), name="one_document_per_producer"
            ),
        ]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.meeting.slug, "symbol_path": self.symbol_path})

    @property
    def symbol_path(self) -> str:
        """The symbol after the meeting's prefix ("WP.1/Rev.2"), as the document's address reads it."""
        prefix = f"{self.meeting.symbol_prefix}/"
        return self.symbol[len(prefix) :] if self.symbol.startswith(prefix) else self.symbol

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    def clean(self):
        if self.author_states and not isinstance(self.author_states, list):
            raise ValidationError({"author_states": _("Choose the sponsoring states from the list.")})


def document_file_path(instance, filename):
    return f"documents/{uuid.uuid4().hex}.pdf"


class DocumentFile(models.Model):
    """The document in one of the six languages, as issued (a PDF in private storage)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    file = models.FileField(_("PDF"), storage=private_storage, upload_to=document_file_path)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("language version")
        constraints = [models.UniqueConstraint(fields=["document", "language"], name="one_file_per_document_language")]

    def __str__(self):
        return f"{self.document.symbol} ({self.language})"


# The six languages in the order of the documents matrix (the UN's alphabetical order in English).
MATRIX_LANGUAGES = [
    Language.ARABIC,
    Language.CHINESE,
    Language.ENGLISH,
    Language.FRENCH,
    Language.RUSSIAN,
    Language.SPANISH,
]
