"""Language versions of an adopted document: uploaded by the secretariat, public once published."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccm_portal.access import rule
from ccm_portal.downloads import stored_file

from .. import forms, loaders, services
from ._common import filename


@rule("outcomes.manage_document", load=loaders.signed_in_document)
@require_POST
def translation_upload(request, document, pk):
    form = forms.TranslationForm(request.POST, request.FILES, document=document)
    if form.is_valid():
        try:
            services.translation_upload(
                document=document,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except services.OutcomeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The language version is stored."))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {error}")
    return redirect("outcomes:settings", pk=document.pk)


@rule("outcomes.view_document", load=loaders.document)
def translation_download(request, document, pk, language):
    # Not yet adopted, or adopted but not published for a visitor who does not draft it: 404.
    translation = loaders.translation_for_user(user=request.user, document=document, language=language)
    return stored_file(translation.file, filename=filename(f"{document.symbol}-{language}"))
