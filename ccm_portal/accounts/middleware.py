"""What a secretariat session must satisfy on every request: a second factor, and recent activity."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext
from django_otp import user_has_device

#: Pages a secretariat user reaches before the second factor: everything needed to pass it.
SECOND_FACTOR_EXEMPT = {
    "accounts:login",
    "accounts:logout",
    "accounts:second_factor_setup",
    "accounts:second_factor_verify",
}

LAST_ACTIVITY_KEY = "ccm_last_activity"


def _is_staff(user) -> bool:
    return bool(user.is_authenticated and (user.is_secretariat or user.is_staff))


def _redirect(request, url):
    if request.headers.get("HX-Request"):
        # htmx swaps a redirected page into the fragment; make it load the page instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SecondFactorMiddleware:
    """Secretariat users pass a second factor before any page but the exempt ones.

    Needs django_otp's OTPMiddleware before it. Without an app set up they are sent to
    set one up; with one, to enter a code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not _is_staff(user) or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        name = "accounts:second_factor_verify" if user_has_device(user) else "accounts:second_factor_setup"
        url = reverse(name)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return _redirect(request, url)


class StaffIdleTimeoutMiddleware:
    """Logs staff out after STAFF_IDLE_TIMEOUT without a request of theirs.

    Delegates keep the ordinary session age. Background polling (htmx GETs, such as the
    progress of a PDF job) does not count as activity, so a page left open still expires.
    """

    #: Write the session at most this often, rather than on every request.
    RESOLUTION_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if _is_staff(user):
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            timeout = int(settings.STAFF_IDLE_TIMEOUT.total_seconds())
            if last is not None and now - last > timeout:
                path = request.get_full_path()
                logout(request)
                messages.info(
                    request,
                    ngettext(
                        "You were logged out after %(minutes)s minute without activity. Log in again to continue.",
                        "You were logged out after %(minutes)s minutes without activity. Log in again to continue.",
                        timeout // 60,
                    )
                    % {"minutes": timeout // 60},
                )
                if request.headers.get("HX-Request"):
                    return _redirect(request, reverse(settings.LOGIN_URL))
                return redirect_to_login(path)
            polling = request.method == "GET" and request.headers.get("HX-Request")
            if not polling and (last is None or now - last >= self.RESOLUTION_SECONDS):
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)
