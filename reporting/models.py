"""Article 7 transparency reports: who reports for a state, the reports, and their forms A to J.

A state is its row in the treaty-status register (ccm_portal.meetings.TreatyStatus, keyed on
the country): its entry into force decides the deadlines (reporting/deadlines.py). A report
has a cover page (the Report row) and one FormEntry per form A-J, each "changed", "unchanged
since the report of <year>" or "not applicable"; the figures the secretariat compiles live in
rows of their own (stockpiles for B, areas for F, victims for H, cooperation for I), the rest
is text in the outcome documents' light markup (outcomes/markup.py renders it safe).

Every figure is non-negative and consistent in the database as well as in the forms
(destroyed not more than the stockpile, cleared not more than the area, the disaggregated
victims summing to the total), so a write that slips past a form still cannot store nonsense.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ccm_portal.meetings.models import Language, TreatyStatus


class ContactPoint(models.Model):
    """An account that acts for a state in its reporting, across meetings and years."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reporting_contact_points"
    )
    state = models.ForeignKey(TreatyStatus, on_delete=models.PROTECT, related_name="contact_points")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state__country", "user__full_name"]
        verbose_name = _("national contact point")
        verbose_name_plural = _("national contact points")
        constraints = [
            models.UniqueConstraint(fields=["user", "state"], name="one_contact_point_per_user_and_state"),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(confirmed_at__isnull=False),
                name="confirmed_contact_point_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.state})"


class Report(models.Model):
    """One Article 7 report of a state: its cover page and where it stands."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial report")
        ANNUAL = "annual", _("Annual update")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Receipt acknowledged")
        PUBLISHED = "published", _("Published")

    # The steps a report takes; services refuse any other.
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.ACKNOWLEDGED},
        Status.ACKNOWLEDGED: {Status.PUBLISHED},
        Status.PUBLISHED: set(),
    }

    state = models.ForeignKey(TreatyStatus, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind of report"), max_length=20, choices=Kind.choices)
    period_from = models.DateField(_("reporting period from"))
    period_to = models.DateField(_("reporting period to"))
    # The year the figures count in (an initial report's first year, an update's year covered),
    # kept by the services with the period: the compiled tables group on it in the database.
    year = models.PositiveSmallIntegerField(_("year of the figures"), editable=False, default=0)
    language = models.CharField(
        _("language of the report"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("date of submission"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_on = models.DateField(_("date of receipt"), null=True, blank=True)
    published_on = models.DateField(_("date of publication"), null=True, blank=True)
    # The report this one was prefilled from (an annual update starts from the last report).
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("based on")
    )
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["state__country", "-period_to", "-pk"]
        verbose_name = _("Article 7 report")
        verbose_name_plural = _("Article 7 reports")
        constraints = [
            models.CheckConstraint(condition=Q(period_from__lte=F("period_to")), name="report_period_in_order"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_on__isnull=False), name="submitted_report_has_a_date"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]) | Q(received_on__isnull=False),
                name="acknowledged_report_has_a_receipt_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="published_report_has_a_date",
            ),
        ]

    def __str__(self):
        return _("%(kind)s of %(state)s, %(start)s to %(end)s") % {
            "kind": self.get_kind_display(),
            "state": self.state.country.name,
            "start": self.period_from.isoformat(),
            "end": self.period_to.isoformat(),
        }

    def get_absolute_url(self):
        return reverse("reporting:report", args=[self.pk])

    @property
    def trail(self) -> str:
        return f"report:{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def figures_year(self) -> int:
        return self.period_from.year if self.kind == self.Kind.INITIAL else self.period_to.year

    @property
    def year_covered(self) -> int:
        """The calendar year an annual update covers (its period's end), as the dashboard matches it."""
        return self.period_to.year


class Form(models.TextChoices):
    """The forms of the reporting formats adopted at the 1MSP."""

    A = "A", _("A. National implementation measures")
    B = "B", _("B. Stockpiles and destruction")
    C = "C", _("C. Technical characteristics")
    D = "D", _("D. Cluster munitions retained and transferred")
    E = "E", _("E. Status of conversion programmes")
    F = "F", _("F. Contaminated areas and clearance")
    G = "G", _("G. Warning and risk education")
    H = "H", _("H. Victim assistance")
    I = "I", _("I. National resources and international cooperation and assistance")  # noqa: E741
    J = "J", _("J. Other relevant matters")


# Forms whose figures sit in rows of their own; the others are text only.
ROW_FORMS = {Form.B, Form.F, Form.H, Form.I}


class FormEntry(models.Model):
    """One form (A-J) of a report: its cover-page status, its text and who saved it last."""

    class Status(models.TextChoices):
        CHANGED = "changed", _("Changed")
        UNCHANGED = "unchanged", _("Unchanged since an earlier report")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="entries")
    form = models.CharField(_("form"), max_length=1, choices=Form.choices)
    # Blank until a contact point says: a submission needs every form's status.
    status = models.CharField(_("status on the cover page"), max_length=20, choices=Status.choices, blank=True)
    unchanged_since = models.PositiveSmallIntegerField(_("unchanged since the report of"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    # Form B: the completion date of the destruction programme; form F: of clearance.
    completion_date = models.DateField(_("expected completion date"), null=True, blank=True)
    # The formats mark some data as voluntary: the state chooses what the public page shows.
    is_public = models.BooleanField(_("public once published"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "form"]
        verbose_name = _("form of a report")
        verbose_name_plural = _("forms of reports")
        constraints = [
            models.UniqueConstraint(fields=["report", "form"], name="one_entry_per_form_of_a_report"),
            models.CheckConstraint(
                condition=~Q(status="unchanged") | Q(unchanged_since__isnull=False),
                name="unchanged_form_says_since_when",
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.form}"


class StockpileRow(models.Model):
    """Form B: one type of cluster munition in the stockpile, and how much of it was destroyed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="stockpiles")
    munition_type = models.CharField(_("type"), max_length=200)
    cluster_munitions = models.PositiveIntegerField(_("cluster munitions in stock"))
    submunitions = models.PositiveIntegerField(_("submunitions in stock"))
    destroyed_cluster_munitions = models.PositiveIntegerField(_("cluster munitions destroyed"), default=0)
    destroyed_submunitions = models.PositiveIntegerField(_("submunitions destroyed"), default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("stockpile row")
        verbose_name_plural = _("stockpile rows")
        constraints = [
            models.CheckConstraint(
                condition=Q(destroyed_cluster_munitions__lte=F("cluster_munitions")),
                name="destroyed_cluster_munitions_within_stockpile",
            ),
            models.CheckConstraint(
                condition=Q(destroyed_submunitions__lte=F("submunitions")),
                name="destroyed_submunitions_within_stockpile",
            ),
        ]

    def __str__(self):
        return self.munition_type


class AreaRow(models.Model):
    """Form F: the contaminated area of one region, and what was cleared and released, in m²."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="areas")
    region = models.CharField(_("region"), max_length=200)
    contaminated_m2 = models.PositiveBigIntegerField(_("contaminated area (m²)"))
    cleared_m2 = models.PositiveBigIntegerField(_("cleared (m²)"), default=0)
    released_m2 = models.PositiveBigIntegerField(_("released (m²)"), default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("contaminated area")
        verbose_name_plural = _("contaminated areas")
        constraints = [
            models.CheckConstraint(condition=Q(cleared_m2__lte=F("contaminated_m2")), name="cleared_within_area"),
            models.CheckConstraint(condition=Q(released_m2__lte=F("contaminated_m2")), name="released_within_area"),
        ]

    def __str__(self):
        return self.region


class VictimFigures(models.Model):
    """Form H: the cluster munition victims reported, disaggregated by sex and age."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="victims")
    total = models.PositiveIntegerField(_("victims in total"))
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    girls = models.PositiveIntegerField(_("girls"), default=0)
    boys = models.PositiveIntegerField(_("boys"), default=0)
    unknown = models.PositiveIntegerField(pgettext_lazy("sex and age", "not known"), default=0)

    DISAGGREGATED = ("women", "men", "girls", "boys", "unknown")

    class Meta:
        verbose_name = _("victim figures")
        verbose_name_plural = _("victim figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(total=F("women") + F("men") + F("girls") + F("boys") + F("unknown")),
                name="victims_disaggregated_sum_to_total",
            ),
        ]

    def __str__(self):
        return str(self.total)


class CooperationRow(models.Model):
    """Form I: assistance given to or received from one partner."""

    class Direction(models.TextChoices):
        GIVEN = "given", pgettext_lazy("assistance", "Given")
        RECEIVED = "received", pgettext_lazy("assistance", "Received")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="cooperation")
    partner = models.CharField(_("partner"), max_length=200)
    direction = models.CharField(_("given or received"), max_length=10, choices=Direction.choices)
    amount = models.DecimalField(_("amount"), max_digits=15, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217 code, e.g. USD or EUR."))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("cooperation and assistance row")
        verbose_name_plural = _("cooperation and assistance rows")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="cooperation_amount_non_negative"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="cooperation_currency_is_iso"),
        ]

    def __str__(self):
        return self.partner


class Reminder(models.Model):
    """A reminder sent for one deadline of one state: the row that keeps it from being sent twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the deadline")
        OVERDUE = "overdue", _("After the deadline was missed")

    state = models.ForeignKey(TreatyStatus, on_delete=models.CASCADE, related_name="reporting_reminders")
    report_kind = models.CharField(max_length=20, choices=Report.Kind.choices)
    due = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting reminder")
        verbose_name_plural = _("reporting reminders")
        constraints = [
            models.UniqueConstraint(fields=["state", "report_kind", "due", "kind"], name="one_reminder_per_deadline"),
        ]

    def __str__(self):
        return f"{self.state} {self.report_kind} {self.due} {self.kind}"


class ActionLink(models.Model):
    """A form of a report that reports on an action of the adopted action plan ("Action #21")."""

    entry = models.ForeignKey(FormEntry, on_delete=models.CASCADE, related_name="action_links")
    # A deleted action takes its links with it: the report keeps its text, nothing else refers to them.
    paragraph = models.ForeignKey("outcomes.Paragraph", on_delete=models.CASCADE, related_name="report_links")

    class Meta:
        verbose_name = _("action reported on")
        verbose_name_plural = _("actions reported on")
        constraints = [
            models.UniqueConstraint(fields=["entry", "paragraph"], name="one_link_per_form_and_action"),
        ]

    def __str__(self):
        return f"{self.entry} – {self.paragraph_id}"
