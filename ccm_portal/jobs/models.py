from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ccm_portal.storage import private_storage


class RenderJob(models.Model):
    """One request to render a document in the background, and its outcome.

    `key` names what is rendered (kind and parameters, e.g. the complete list of
    participants of a meeting); `fingerprint` is a hash of the data the document
    is made from. A finished job whose fingerprint still matches the data is the
    stored copy served instantly; at most one job per (kind, fingerprint) is queued
    or running at a time, so two clicks never start two identical renders.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=60)
    # Empty for a document that belongs to no meeting (an Article 7 report, the compiled figures).
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="render_jobs",
        verbose_name=_("meeting"),
    )
    key = models.CharField(_("document"), max_length=200)
    params = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(storage=private_storage, blank=True, max_length=200)
    filename = models.CharField(_("download name"), max_length=200)
    content_type = models.CharField(max_length=100, default="application/pdf")
    size = models.PositiveIntegerField(null=True, blank=True)
    # What the renderer reports back, e.g. the participants on a sheet of badges.
    meta = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("render job")
        verbose_name_plural = _("render jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "fingerprint"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_render_job_per_input",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="render_job_progress_is_a_percentage"),
        ]
        indexes = [
            models.Index(fields=["meeting", "key", "status"], name="render_job_by_document"),
            models.Index(fields=["kind", "fingerprint", "status"], name="render_job_by_input"),
        ]

    def __str__(self):
        return f"{self.key} #{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
