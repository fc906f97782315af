"""A meeting's outcome documents: the public page of published texts, the list in preparation, a new document."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ccm_portal import pagecache
from ccm_portal.access import PUBLIC, SIGNED_IN, allowed, rule

from .. import agenda as outcome_agenda
from .. import forms, loaders, selectors, services
from ..models import OutcomeDocument


@rule(PUBLIC, load=loaders.meeting)
def published(request, meeting, slug):
    """The public page: published outcome documents with their symbols, languages and PDFs."""

    def documents():
        # Called by the template only when the page is not in the cache (ccm_portal/pagecache.py).
        rows = list(selectors.published_documents(meeting))
        items = outcome_agenda.items_of(meeting)
        for document in rows:
            document.adopted = document.adopted_revisions[-1] if document.adopted_revisions else None
            document.agenda_label = outcome_agenda.agenda_item_label(document, items)
        return rows

    # The agenda item each document belongs to is shown: the programme's data too.
    page_key = pagecache.page_key(request, "outcomes", meeting, [pagecache.OUTCOMES, pagecache.PROGRAMME])
    return pagecache.render_page(
        request,
        "outcomes/published.html",
        {"meeting": meeting, "documents": pagecache.lazy(documents), "page_key": page_key},
    )


@rule(SIGNED_IN, load=loaders.signed_in_meeting)
def document_list(request, meeting, slug):
    documents = list(selectors.documents_for_meeting(meeting, request.user))
    selectors.annotate_issued_languages(request.user, documents)
    items = outcome_agenda.items_of(meeting)  # the agenda read once for every row
    for document in documents:
        document.agenda_label = outcome_agenda.agenda_item_label(document, items)
    generated = selectors.generated_document_ids(meeting)
    return render(
        request,
        "outcomes/document_list.html",
        {
            "meeting": meeting,
            "documents": documents,
            "can_create": allowed(request.user, "outcomes.create_document", meeting),
            # The final report the portal drafted (proceedings): its button says "Regenerate".
            "drafted_report": any(d.kind == OutcomeDocument.Kind.FINAL_REPORT for d in documents if d.pk in generated),
        },
    )


@rule("outcomes.create_document", load=loaders.signed_in_meeting)
@require_http_methods(["GET", "POST"])
def document_create(request, meeting, slug):
    form = forms.DocumentForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(meeting=meeting, by=request.user, **form.particulars())
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The document is created as a draft. Name its drafters and write the text."))
            return redirect("outcomes:settings", pk=document.pk)
    return render(request, "outcomes/document_form.html", {"meeting": meeting, "form": form, "document": None})
