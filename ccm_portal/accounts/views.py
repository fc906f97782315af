from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice

from ccm_portal.access import PUBLIC, SIGNED_IN, rule

from .forms import EmailAuthenticationForm, OutboxPasswordResetForm, SecondFactorCodeForm, SignUpForm
from .models import User
from .services import (
    SecondFactorError,
    recovery_codes_left,
    second_factor_confirm,
    totp_device_for_setup,
    user_confirm_email,
    user_sign_up,
)
from .tokens import email_confirmation_token, link_lifetime_hours


@rule(PUBLIC)
@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        return render(request, "accounts/sign_up_done.html", {"email": user.email})
    return render(request, "accounts/sign_up.html", {"form": form})


@rule(PUBLIC)
def confirm_email(request, uidb64, token):
    """Confirm the address, then ask the person to log in.

    The link does not log its opener in: mail scanners open links before people do.
    """
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not email_confirmation_token.check_token(user, token):
        return render(request, "accounts/confirm_invalid.html", status=400)
    user_confirm_email(user=user)
    messages.success(request, _("Your e-mail address is confirmed. Log in with your password to continue."))
    return redirect("accounts:login")


class LoginView(auth_views.LoginView):
    """Django's login, answering 429 when the throttle refused the attempt unseen."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        refusal = form.refusal
        if refusal is None:
            return super().form_invalid(form)
        if refusal.kind == "address":
            context = {"scope": "address", "minutes": max(1, -(-refusal.seconds // 60))}
            return render(self.request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
        return self.render_to_response(self.get_context_data(form=form), status=429)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm

    @property
    def extra_email_context(self):
        return {"hours": link_lifetime_hours("PASSWORD_RESET_TIMEOUT")}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hours": link_lifetime_hours("PASSWORD_RESET_TIMEOUT")}


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = {request.get_host()}
    # Only a path of this site: redirect() would read any other word ("²") as a view name and fail.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts=allowed, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _qr_svg(url: str) -> str:
    # Inline SVG, made here: no image is fetched from anywhere.
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", border=2)


def _spaced(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Set up an authenticator app: QR code and key, a code to confirm, then recovery codes once."""
    user = request.user
    if user_has_device(user):
        return redirect(f"{reverse('accounts:second_factor_verify')}?{urlencode({'next': _next_url(request)})}")
    device = totp_device_for_setup(user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor_confirm(user=user, device=device, token=form.cleaned_data["code"])
        except SecondFactorError as exc:
            form.add_error("code", str(exc))
        else:
            otp_login(request, device)
            request.session.cycle_key()
            return render(
                request,
                "accounts/second_factor_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "key": _spaced(key),
        "next": _next_url(request),
    }
    return render(request, "accounts/second_factor_setup.html", context)


@rule(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def second_factor_verify(request):
    """Ask for a code from the app, or a recovery code, once per login."""
    user = request.user
    if not user_has_device(user):
        return redirect(f"{reverse('accounts:second_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    if user.is_verified():
        return redirect(_next_url(request))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is None:
            form.add_error(
                "code", _("That code did not work. Enter the current code from your app, or a recovery code.")
            )
        else:
            otp_login(request, device)
            request.session.cycle_key()
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s are left. Each works once.")
                    % {"left": recovery_codes_left(user)},
                )
            return redirect(_next_url(request))
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)})
