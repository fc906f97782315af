"""The secretariat's page for the final report: its particulars, and the button that drafts it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ccm_portal.access import rule
from ccm_portal.confirm import confirm_then
from outcomes.services import OutcomeError
from outcomes.services_generated import EditedTexts

from . import loaders, services
from .forms import ParticularsForm, confirmed_versions


def _done(request, document, outcome) -> None:
    messages.success(
        request,
        _(
            "The final report is drafted from the meeting's data: %(created)d new, %(replaced)d updated, "
            "%(overwritten)d overwritten, %(removed)d removed; %(kept)d paragraphs keep the drafters' wording."
        )
        % vars(outcome),
    )


@rule("proceedings.draft_final_report", load=loaders.meeting)
@require_http_methods(["GET", "POST"])
def final_report(request, meeting, slug):
    particulars = services.particulars_for(meeting)
    form = ParticularsForm(request.POST or None, instance=particulars)
    if request.method == "POST" and form.is_valid():
        services.particulars_save(meeting=meeting, by=request.user, **form.cleaned_data)
        try:
            document, outcome = services.final_report_draft(meeting=meeting, by=request.user)
        except EditedTexts:
            return redirect("proceedings:final_report_overwrite", slug=meeting.slug)
        except OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            _done(request, document, outcome)
            return redirect("outcomes:workspace", pk=document.pk)
    return render(
        request,
        "proceedings/final_report.html",
        {"meeting": meeting, "form": form, "document": particulars.final_report},
        status=400 if form.errors else 200,
    )


@rule("proceedings.draft_final_report", load=loaders.meeting)
@require_http_methods(["GET", "POST"])
def final_report_overwrite(request, meeting, slug):
    """Lists the paragraphs drafters changed that regenerating would overwrite; POST overwrites those listed."""
    back = reverse("proceedings:final_report", args=[meeting.slug])
    result = {}

    keep = request.POST.get("keep") == "1"

    def act():
        result["draft"] = services.final_report_draft(
            meeting=meeting,
            by=request.user,
            overwrite={} if keep else confirmed_versions(request.POST),
            keep_edited=keep,
        )

    context = {}
    if request.method != "POST":
        conflicts = services.final_report_conflicts(meeting=meeting, by=request.user)
        if not conflicts:
            return redirect(back)
        context = {"meeting": meeting, "conflicts": conflicts, "cancel_url": back}
    response = confirm_then(
        request,
        act=act,
        errors=(OutcomeError,),
        done=_("The final report is regenerated; the edited paragraphs keep the drafters' text.")
        if keep
        else _("The final report is regenerated; the edited paragraphs are overwritten with the generated text."),
        back=back,
        failed=request.path,
        template="proceedings/overwrite.html",
        context=context,
    )
    if "draft" in result:
        document, outcome = result["draft"]
        return redirect("outcomes:workspace", pk=document.pk)
    return response
