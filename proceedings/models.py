"""What the final report says that no other app records: who presided (the presiding state is the
meeting's), which rules of procedure were adopted, and which outcome document is the report."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ccm_portal.meetings.models import Meeting
from outcomes.models import OutcomeDocument


class ReportParticulars(models.Model):
    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="report_particulars", verbose_name=_("meeting")
    )
    president = models.CharField(
        _("President"),
        max_length=200,
        blank=True,
        help_text=_("Title and name as the report prints them, e.g. H.E. Mr. Bounkeut Sisavath."),
    )
    rules_of_procedure_symbol = models.CharField(
        _("symbol of the rules of procedure"),
        max_length=80,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9]+(?:[/.\-][A-Za-z0-9]+)*$",
                _("Use capital letters, digits, “/”, “.” and “-”, for example CCM/MSP/2010/3."),
            )
        ],
        help_text=_("Leave empty if the meeting did not adopt rules of procedure."),
    )
    # The outcome document the portal drafted (kind "final report"); it goes through the
    # drafting, circulation and adoption of any outcome document.
    final_report = models.OneToOneField(
        OutcomeDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("final report particulars")
        verbose_name_plural = _("final report particulars")

    def __str__(self):
        return str(self.meeting)
