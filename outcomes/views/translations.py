"""The official versions of an adopted document in the other five languages.

The language matrix shows the six languages, the original marked, with each version's status,
issue date and PDF. The drafters enter a version's text paragraph by paragraph against the
adopted text (the portal renders its PDF with the header in that language) or upload the PDF
the translators prepared; the public reads the issued versions of published documents.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ccm_portal.access import allowed, rule
from ccm_portal.downloads import stored_file
from ccm_portal.jobs.serving import preparing, serve_job
from ccm_portal.storage import StorageUnavailable, store_down_message

from .. import forms, loaders, renderers, selectors, services
from ._common import doc_context, filename


@rule("outcomes.view_document", load=loaders.document)
def languages(request, document, pk):
    can_manage = allowed(request.user, "outcomes.manage_translations", document)
    return render(
        request,
        "outcomes/languages.html",
        doc_context(
            request,
            document,
            rows=selectors.language_matrix(request.user, document, can_manage=can_manage),
            can_manage_translations=can_manage,
        ),
    )


def _edit_page(request, document, version, *, text_form=None, upload_form=None, conflict=None, status=200):
    units = selectors.translation_units(selectors.adopted_revision(document))
    if text_form is None:
        text_form = forms.TranslationTextForm(
            units=units,
            language=version.language,
            original_language=document.original_language,
            initial=forms.TranslationTextForm.initial_for(version),
        )
    if upload_form is None:
        upload_form = forms.TranslationUploadForm(initial={"expected_version": version.version})
    return render(
        request,
        "outcomes/translation_form.html",
        doc_context(
            request,
            document,
            version=version,
            language_name=version.get_language_display(),
            text_form=text_form,
            upload_form=upload_form,
            conflict=conflict,
        ),
        status=status,
    )


def _keep_their_version(form, exc):
    """After a conflict the form carries the version saved now: saving again replaces it knowingly."""
    form.add_error(None, str(exc))
    form.data = form.data.copy()
    form.data["expected_version"] = exc.current.version


@rule("outcomes.manage_translations", load=loaders.signed_in_document)
@require_http_methods(["GET", "POST"])
def translation_edit(request, document, pk, language):
    version = loaders.translation_to_manage(document=document, language=language)
    if request.method != "POST":
        return _edit_page(request, document, version)
    units = selectors.translation_units(selectors.adopted_revision(document))
    form = forms.TranslationTextForm(
        request.POST, units=units, language=language, original_language=document.original_language
    )
    conflict = None
    if form.is_valid():
        try:
            services.translation_save(
                document=document,
                language=language,
                by=request.user,
                title=form.cleaned_data["title"],
                texts=form.texts(),
                status=form.cleaned_data["status"],
                issued_on=form.cleaned_data["issued_on"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except services.TranslationConflict as exc:
            conflict = exc.current
            _keep_their_version(form, exc)
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("The %(language)s version is saved.") % {"language": version.get_language_display()}
            )
            return redirect("outcomes:languages", pk=document.pk)
    return _edit_page(
        request, document, version, text_form=form, conflict=conflict, status=400 if not conflict else 409
    )


@rule("outcomes.manage_translations", load=loaders.signed_in_document)
@require_POST
def translation_upload(request, document, pk, language):
    version = loaders.translation_to_manage(document=document, language=language)
    form = forms.TranslationUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.translation_upload(
                document=document,
                language=language,
                upload=form.cleaned_data["file"],
                by=request.user,
                expected_version=form.cleaned_data["expected_version"],
            )
        except services.TranslationConflict as exc:
            _keep_their_version(form, exc)
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        except StorageUnavailable:
            # The file is saved before the version row, in the service's transaction: the version is as it was.
            form.add_error("file", store_down_message())
        else:
            messages.success(
                request,
                _("The PDF of the %(language)s version is stored.") % {"language": version.get_language_display()},
            )
            return redirect("outcomes:translation_edit", pk=document.pk, language=language)
    return _edit_page(request, document, version, upload_form=form, status=400)


@rule("outcomes.manage_translations", load=loaders.signed_in_document)
@require_POST
def translation_remove_file(request, document, pk, language):
    version = loaders.translation_to_manage(document=document, language=language)
    form = forms.TranslationUploadForm(request.POST)  # only its expected_version is read
    form.is_valid()
    try:
        services.translation_remove_file(
            document=document,
            language=language,
            by=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
        )
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The uploaded PDF is removed; the version is rendered from its text."))
    return redirect("outcomes:translation_edit", pk=document.pk, language=version.language)


@rule("outcomes.view_document", load=loaders.document)
def translation_download(request, document, pk, language):
    # Not adopted, not issued (for those who do not draft it) or not published: 404.
    version = loaders.translation_for_user(user=request.user, document=document, language=language)
    name = filename(f"{document.symbol}-{language}")
    if version.is_uploaded:
        return stored_file(version.file, filename=name)
    # Rendered from its text when it was saved (outcomes.renderers): served from that copy.
    revision = selectors.adopted_revision(document)
    job = renderers.stored_translation_pdf(version, revision)
    if job is None:
        job, _how = renderers.request_translation_pdf(version, revision)
    if not job.is_done:
        return preparing(
            request, job, title=name, back_url=reverse("outcomes:published", kwargs={"slug": document.meeting.slug})
        )
    return serve_job(request, job, filename=name)
