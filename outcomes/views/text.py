"""The drafters' text: sections and paragraphs, added, edited, moved, deleted, restored and marked."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ccm_portal.access import rule
from ccm_portal.confirm import confirm_then
from ccm_portal.params import id_from_query
from ccm_portal.tables import paginate_rows

from .. import compare as comparing
from .. import forms, loaders, selectors, services
from ..models import Paragraph
from ._common import doc_context, workspace_url


def _confirm_removal(request, document, *, remove, done: str, back: str, undo=None, **confirm):
    """GET asks (outcomes/confirm.html with `confirm`); POST removes, says how it went (with `undo`,
    offer_undo's keywords, when given), goes `back`."""
    return confirm_then(
        request,
        act=remove,
        errors=(services.OutcomeError,),
        done=done,
        back=back,
        undo=undo,
        template="outcomes/confirm.html",
        context=doc_context(request, document, **confirm) if request.method != "POST" else {},
    )


# --- sections ----------------------------------------------------------------


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def section_edit(request, document, pk, spk=None):
    section = loaders.section_of(document, spk) if spk else None
    form = forms.SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            if section is None:
                after = id_from_query(request, "after")
                after_section = loaders.section_of(document, after) if after else None
                section = services.section_add(
                    document=document,
                    by=request.user,
                    heading=form.cleaned_data["heading"],
                    numbered=form.cleaned_data["numbered"],
                    after=after_section,
                )
            else:
                services.section_update(
                    section=section,
                    by=request.user,
                    heading=form.cleaned_data["heading"],
                    numbered=form.cleaned_data["numbered"],
                )
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The section is saved."))
            return redirect(workspace_url(document, f"s-{section.pk}"))
    return render(request, "outcomes/section_form.html", doc_context(request, document, form=form, section=section))


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_POST
def section_move(request, document, pk, spk):
    section = loaders.section_of(document, spk)
    try:
        services.section_move(section=section, by=request.user, direction=request.POST.get("direction", "up"))
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    return redirect(workspace_url(document, f"s-{section.pk}"))


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def section_delete(request, document, pk, spk):
    section = loaders.section_of(document, spk)
    return _confirm_removal(
        request,
        document,
        remove=lambda: services.section_remove(section=section, by=request.user),
        done=_("The section is deleted."),
        back=workspace_url(document),
        heading=_("Delete the section “%(name)s”?") % {"name": section.heading or _("untitled")},
        explanation=_("Only an empty section can be deleted."),
        button=_("Delete the section"),
    )


# --- paragraphs --------------------------------------------------------------


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def paragraph_add(request, document, pk):
    source = request.POST if request.method == "POST" else request.GET
    section_pk = id_from_query(request, "section", source=source)
    after_pk = id_from_query(request, "after", source=source)
    after = loaders.paragraph_of(document, after_pk) if after_pk else None
    section = after.section if after else (loaders.section_of(document, section_pk) if section_pk else None)
    if section is None:
        section = selectors.first_section(document)
        if section is None:
            messages.error(request, _("Add a section first."))
            return redirect(workspace_url(document))
    initial_kind = (
        Paragraph.Kind.ACTION
        if after and after.kind in (Paragraph.Kind.LEAD_IN, Paragraph.Kind.ACTION)
        else (after.kind if after else Paragraph.Kind.OPERATIVE)
    )
    form = forms.ParagraphForm(request.POST or None, initial={"kind": initial_kind})
    if request.method == "POST" and form.is_valid():
        try:
            paragraph = services.paragraph_add(
                document=document,
                section=section,
                by=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                after=after,
            )
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The paragraph is added; the numbers follow."))
            return redirect(workspace_url(document, f"p-{paragraph.pk}"))
    return render(
        request,
        "outcomes/paragraph_form.html",
        doc_context(request, document, form=form, section=section, after=after, paragraph=None),
        status=400 if form.errors else 200,
    )


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def paragraph_edit(request, document, pk, ppk):
    paragraph = loaders.paragraph_of(document, ppk)
    form = forms.ParagraphForm(
        request.POST or None, initial={"kind": paragraph.kind, "text": paragraph.text, "version": paragraph.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.paragraph_update(
                paragraph=paragraph,
                by=request.user,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ParagraphConflict as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            # Saving again replaces their text knowingly: the form now carries their version number.
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The paragraph is saved."))
            return redirect(workspace_url(document, f"p-{paragraph.pk}"))
    move_form = forms.MoveForm(
        document=document, initial={"section": paragraph.section_id, "position": paragraph.position + 1}
    )
    conflict_diff = comparing.word_diff(form.data.get("text", ""), conflict.text) if conflict else None
    return render(
        request,
        "outcomes/paragraph_form.html",
        doc_context(
            request,
            document,
            form=form,
            paragraph=paragraph,
            section=paragraph.section,
            conflict=conflict,
            conflict_diff=conflict_diff,
            move_form=move_form,
            label=selectors.paragraph_labels(document).get(paragraph.pk, ""),
        ),
        status=409 if conflict else (400 if form.errors else 200),
    )


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_POST
def paragraph_move(request, document, pk, ppk):
    paragraph = loaders.paragraph_of(document, ppk)
    try:
        if "section" in request.POST:
            form = forms.MoveForm(request.POST, document=document)
            if not form.is_valid():
                messages.error(request, _("Choose a section and a position of 1 or more."))
                return redirect("outcomes:paragraph_edit", pk=document.pk, ppk=paragraph.pk)
            services.paragraph_move_to(
                paragraph=paragraph,
                by=request.user,
                section=form.cleaned_data["section"],
                index=form.cleaned_data["position"] - 1,
            )
        else:
            services.paragraph_move(paragraph=paragraph, by=request.user, direction=request.POST.get("direction", "up"))
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    return redirect(workspace_url(document, f"p-{paragraph.pk}"))


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def paragraph_delete(request, document, pk, ppk):
    paragraph = loaders.paragraph_of(document, ppk)
    label = "" if request.method == "POST" else selectors.paragraph_labels(document).get(paragraph.pk, "")
    return _confirm_removal(
        request,
        document,
        remove=lambda: services.paragraph_remove(paragraph=paragraph, by=request.user),
        done=_("The paragraph is deleted; the numbers follow. It can be restored below."),
        back=workspace_url(document, "removed"),
        undo={
            "url": reverse("outcomes:paragraph_restore", kwargs={"pk": document.pk, "ppk": paragraph.pk}),
            "label": _("Undo: restore the paragraph"),
        },
        heading=_("Delete %(label)s?") % {"label": label or _("this paragraph")},
        quote=paragraph.text,
        explanation=_("Its history and the proposals made on it are kept; it can be restored."),
        button=_("Delete the paragraph"),
    )


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_POST
def paragraph_restore(request, document, pk, ppk):
    paragraph = loaders.paragraph_of(document, ppk, active=False)
    try:
        services.paragraph_restore(paragraph=paragraph, by=request.user)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The paragraph is restored."))
    return redirect(workspace_url(document, f"p-{paragraph.pk}"))


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_POST
def paragraph_mark(request, document, pk, ppk):
    paragraph = loaders.paragraph_of(document, ppk)
    form = forms.MarkForm(request.POST)
    if form.is_valid():
        try:
            services.paragraph_mark(paragraph=paragraph, by=request.user, status=form.cleaned_data["status"])
        except services.OutcomeError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose open, agreed ad referendum or agreed."))
    if request.POST.get("next") == "negotiation":
        return redirect(reverse("outcomes:negotiation", kwargs={"pk": document.pk}) + f"#p-{paragraph.pk}")
    return redirect(workspace_url(document, f"p-{paragraph.pk}"))


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_POST
def mark_all(request, document, pk):
    try:
        count = services.mark_all_agreed(document=document, by=request.user)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(count)d paragraph marked agreed.", "%(count)d paragraphs marked agreed.", count)
            % {"count": count},
        )
    return redirect(workspace_url(document))


@rule("outcomes.edit_text", load=loaders.signed_in_document)
@require_POST
def mark_agreed(request, document, pk):
    """Mark the paragraphs ticked on the workspace agreed, all or none (each at the version shown)."""
    form = forms.BulkAgreeForm(request.POST, document=document)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Choose at least one paragraph to mark agreed.")]:
            messages.error(request, error)
        return redirect(workspace_url(document, "bulk-agree"))
    try:
        count = services.paragraphs_mark_agreed(document=document, by=request.user, versions=form.versions)
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(count)d paragraph marked agreed.", "%(count)d paragraphs marked agreed.", count)
            % {"count": count},
        )
    return redirect(workspace_url(document, "bulk-agree"))


@rule("outcomes.draft_document", load=loaders.signed_in_document)
def paragraph_history(request, document, pk, ppk):
    paragraph = loaders.paragraph_of(document, ppk, active=False)
    page = paginate_rows(request, selectors.paragraph_changes(paragraph))
    return render(
        request,
        "outcomes/paragraph_history.html",
        doc_context(request, document, paragraph=paragraph, changes=selectors.with_word_diffs(page), page=page),
    )
