import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ccm_portal.access import PUBLIC, SIGNED_IN, rule
from ccm_portal.downloads import download
from ccm_portal.meetings.models import Meeting

from .forms import AccountDeleteForm
from .selectors import personal_data
from .services import AccountDeletionRefused, account_delete, deletion_problems


@rule(PUBLIC)
@require_GET
def privacy_notice(request):
    default_months = Meeting._meta.get_field("personal_data_retention_months").default
    meetings = (
        Meeting.objects.published()
        .order_by("-start_date")
        .only("title", "short_title", "slug", "end_date", "personal_data_retention_months", "personal_data_purged_at")
    )
    return render(
        request,
        "privacy/notice.html",
        {"default_months": default_months, "meetings": meetings, "today": timezone.localdate()},
    )


@rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def account(request):
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(user=request.user, password=form.cleaned_data["password"])
        except AccountDeletionRefused as exc:
            form.add_error(exc.field, str(exc))
        else:
            logout(request)
            messages.success(
                request, _("Your account is deleted. What you decided stays, attributed to a deleted user.")
            )
            return redirect("home")
    return render(
        request,
        "privacy/account.html",
        {
            "form": form,
            "problems": deletion_problems(request.user),
            "delegations": request.user.delegations.select_related("meeting").order_by("-meeting__start_date"),
        },
    )


@rule(SIGNED_IN)
@require_GET
def personal_data_download(request):
    data = json.dumps(personal_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return download(
        data.encode("utf-8"),
        filename=f"ccm-portal-personal-data-{timezone.localdate():%Y-%m-%d}.json",
        content_type="application/json; charset=utf-8",
    )
