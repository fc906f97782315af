"""Every write of this app: the report's particulars, and drafting (or redrafting) the final report."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ccm_portal.access import allowed
from ccm_portal.audit.services import log_action
from ccm_portal.meetings.models import Language, Meeting
from outcomes import services as outcome_services
from outcomes import services_generated
from outcomes.models import OutcomeDocument
from outcomes.services import OutcomeError

from . import final_report
from .models import ReportParticulars


def _require_secretariat(by) -> None:
    if not allowed(by, "proceedings.draft_final_report"):
        raise OutcomeError(_("Only the secretariat drafts the final report."))


def _particulars(meeting: Meeting, *, lock: bool = False) -> ReportParticulars:
    qs = ReportParticulars.objects.select_for_update() if lock else ReportParticulars.objects
    particulars, _created = qs.get_or_create(meeting=meeting)
    return particulars


def particulars_for(meeting: Meeting) -> ReportParticulars:
    """The meeting's particulars as saved, or empty ones (not saved)."""
    return ReportParticulars.objects.filter(meeting=meeting).select_related("final_report").first() or (
        ReportParticulars(meeting=meeting)
    )


@transaction.atomic
def particulars_save(*, meeting: Meeting, by, president: str, rules_of_procedure_symbol: str):
    """Record who presided and which rules the meeting adopted; secretariat only."""
    _require_secretariat(by)
    particulars = _particulars(meeting, lock=True)
    values = (president.strip(), rules_of_procedure_symbol.strip())
    if values == (particulars.president, particulars.rules_of_procedure_symbol):
        return particulars
    particulars.president, particulars.rules_of_procedure_symbol = values
    particulars.updated_by = by
    particulars.save()
    log_action(trail=f"meeting:{meeting.pk}", actor=by, action="saved final report particulars", subject=meeting)
    return particulars


@transaction.atomic
def final_report_draft(*, meeting: Meeting, by, overwrite: dict[int, int] | None = None, keep_edited: bool = False):
    """Create the meeting's final report (an outcome document of kind "final report", in English,
    for general distribution) with its generated text, or bring the generated text of the existing
    one up to date with the data. Refused to anyone but the secretariat and once the report is
    adopted; raises services_generated.EditedTexts, writing nothing, when it would overwrite
    paragraphs a drafter changed that `overwrite` does not confirm (unless `keep_edited`: they keep the
    drafters' text). Returns (document, outcome)."""
    _require_secretariat(by)
    particulars = _particulars(meeting, lock=True)
    document = particulars.final_report
    if document is None:
        document = outcome_services.document_create(
            meeting=meeting,
            by=by,
            kind=OutcomeDocument.Kind.FINAL_REPORT,
            title=_title(meeting),
            original_language=Language.ENGLISH,
            distribution=OutcomeDocument.Distribution.GENERAL,
            with_outline=False,
        )
        particulars.final_report = document
        particulars.save(update_fields=["final_report", "updated_at"])
    elif not document.is_open_for_work:
        raise OutcomeError(
            _("The final report is %(state)s: its text can no longer be regenerated.")
            % {"state": document.get_state_display().lower()}
        )
    plan = final_report.plan(meeting, document, particulars)
    outcome = services_generated.document_generate(
        document=document, plan=plan, by=by, overwrite=overwrite, keep_edited=keep_edited
    )
    return document, outcome


def final_report_conflicts(*, meeting: Meeting, by) -> list:
    """The paragraphs drafters changed that regenerating now would overwrite (nothing is written)."""
    particulars = particulars_for(meeting)
    if particulars.final_report is None:
        return []
    plan = final_report.plan(meeting, particulars.final_report, particulars)
    return services_generated.generated_conflicts(document=particulars.final_report, plan=plan, by=by)


def _title(meeting: Meeting) -> str:
    with translation.override("en"):
        return _("Final report")
