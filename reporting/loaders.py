"""The doors to reports: a report of a state the user does not report for is a 404, whoever asks.

Views find every report and form through these functions, so a contact point asking for
another state's report or draft learns nothing about it; what they may then do is asked of
the rules (reporting/rules.py).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ccm_portal import versions
from ccm_portal.accounts.rules import is_secretariat

from .models import ContactPoint, FormEntry, Report
from .rules import contact_state_ids


def visible_reports(user):
    qs = Report.objects.select_related("state")
    if is_secretariat.test(user):
        return qs
    return qs.filter(state_id__in=contact_state_ids(user))


def report_for_user(*, user, pk: int) -> Report:
    return get_object_or_404(visible_reports(user), pk=pk)


def report(request, *, pk, **kwargs) -> Report:
    return report_for_user(user=request.user, pk=pk)


def entry(request, *, pk, letter, **kwargs) -> FormEntry:
    found = report_for_user(user=request.user, pk=pk)
    try:
        return found.entries.select_related("report__state").get(form=letter)
    except FormEntry.DoesNotExist:
        raise Http404 from None


def report_token(pk: int) -> str:
    """The version token (ccm_portal/versions.py) that every save or delete of the report replaces."""
    return f"report:{pk}"


def published_report(request, *, pk, **kwargs) -> Report:
    """A published report, for anyone: kept in the process under the report's token, since the
    public page and PDF of a report are asked for again and again (a copy of the row each time)."""

    def read() -> Report | None:
        return Report.objects.select_related("state").filter(pk=pk, status=Report.Status.PUBLISHED).first()

    found = versions.local_copy(versions.token(report_token(pk)), f"published-report:{pk}", read)
    if found is None:
        raise Http404
    return found


def contact_point(request, *, pk, **kwargs) -> ContactPoint:
    if not is_secretariat.test(request.user):
        raise Http404
    return get_object_or_404(ContactPoint.objects.select_related("user", "state"), pk=pk)
