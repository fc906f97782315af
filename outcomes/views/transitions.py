"""The steps of a document, one page each: circulate, open the negotiation, record the adoption, publish.

Each step has its own rule (outcomes.rules: the state table says whether the step is open,
the rule who takes it); the confirmation page and its form handling are shared.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ccm_portal.access import rule

from .. import forms, loaders, selectors, services
from ._common import doc_context

PAGES = {
    "circulate": (gettext_lazy("Circulate for comments"), gettext_lazy("Circulate")),
    "negotiate": (gettext_lazy("Open the negotiation"), gettext_lazy("Open the negotiation")),
    "adopt": (gettext_lazy("Record the adoption"), gettext_lazy("Record the adoption")),
    "publish": (gettext_lazy("Publish the adopted text"), gettext_lazy("Publish")),
}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _confirm_and_take(request, document, action: str, form, take, *, problems=(), **extra):
    """Show the step's confirmation page; on a valid POST take the step (`take(cleaned_data)` returns
    the success message) and go back to the document. A refusal goes back onto the form."""
    problems = list(problems)
    if request.method == "POST" and form.is_valid():
        try:
            message = take(form.cleaned_data)
        except services.AdoptionBlocked as exc:
            problems = exc.problems
            form.add_error(None, str(exc))
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, message)
            return redirect(document)
    heading, button = PAGES[action]
    context = doc_context(
        request,
        document,
        form=form,
        action=action,
        heading=heading,
        button=button,
        problems=problems,
        next_symbol=selectors.next_symbol(document),
        **extra,
    )
    return render(request, "outcomes/transition.html", context, status=400 if form.errors else 200)


@rule("outcomes.circulate_document", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def circulate(request, document, pk):
    def take(data):
        revision = services.document_circulate(
            document=document, by=request.user, comment_deadline=data["comment_deadline"]
        )
        return _("%(symbol)s is circulated; the accredited delegations' focal points are being e-mailed.") % {
            "symbol": revision.symbol
        }

    form = forms.CirculateForm(_posted(request), meeting=document.meeting)
    return _confirm_and_take(request, document, "circulate", form, take)


@rule("outcomes.negotiate_document", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def negotiate(request, document, pk):
    def take(data):
        services.document_open_negotiation(document=document, by=request.user)
        return _("The negotiation is open.")

    form = forms.ConfirmForm(_posted(request), label=PAGES["negotiate"][0])
    return _confirm_and_take(
        request, document, "negotiate", form, take, pending=selectors.pending_proposal_count(document)
    )


@rule("outcomes.adopt_document", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def adopt(request, document, pk):
    def take(data):
        revision = services.document_adopt(document=document, by=request.user, own_symbol=data["own_symbol"])
        return _("Adoption recorded as %(symbol)s.") % {"symbol": revision.symbol}

    form = forms.AdoptForm(_posted(request), label=_("The meeting adopted this text"))
    return _confirm_and_take(request, document, "adopt", form, take, problems=services.adoption_problems(document))


@rule("outcomes.publish_document", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def publish(request, document, pk):
    def take(data):
        services.document_publish(document=document, by=request.user)
        return _("The document is published on the meeting's documents page.")

    form = forms.ConfirmForm(_posted(request), label=PAGES["publish"][0])
    return _confirm_and_take(request, document, "publish", form, take)
