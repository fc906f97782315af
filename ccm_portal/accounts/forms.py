from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ccm_portal.mail.services import queue_mail_in_languages

from .models import User
from .services import send_confirmation
from .throttling import LoginThrottle, Refusal


class SignUpForm(forms.Form):
    # autocomplete (WCAG 1.3.5): the browser can fill in the person's own name and address.
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Your official address; we send a link to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # The rules are shown before the first try, not only in the message of a refused password (lazy:
    # in the language of the page).
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this address exists. Log in, or reset the password if you forgot it.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That e-mail address and password do not match an account."),
        "unconfirmed": _("Confirm your e-mail address first: we have just sent you a new link."),
        "account_delayed": _(
            "There were many failed attempts to log in to this account. Try again in %(seconds)s seconds."
        ),
    }

    #: Set when the attempt was refused by the throttle before the password was checked.
    refusal: Refusal | None = None

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (email and password):
            return super().clean()
        throttle = LoginThrottle(self.request, email)
        self.refusal = throttle.refusal()
        if self.refusal is not None:
            if self.refusal.kind == "address":
                raise forms.ValidationError(_("Too many failed attempts from this network address."), code="locked")
            raise forms.ValidationError(
                self.error_messages["account_delayed"], code="throttled", params={"seconds": self.refusal.seconds}
            )
        if not AxesProxyHandler.is_allowed(self.request, {"username": email}):
            # Locked for this account and address: django-axes refuses inside authenticate()
            # and answers with its lockout page, without the password being looked at.
            return super().clean()
        pending = User.objects.filter(email__iexact=email, is_active=False, email_confirmed_at__isnull=True).first()
        if pending is not None and pending.check_password(password):
            send_confirmation(pending)
            raise forms.ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            # The password was checked and did not match (or the account is inactive):
            # django-axes has counted it for tier 1, this counts it for tiers 2 and 3.
            self.refusal = throttle.record_failure()
            raise
        throttle.record_success()
        return cleaned


class SecondFactorCodeForm(forms.Form):
    """A six-digit code from the app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through the portal's outbox like every other e-mail.

    A failed send is then retried instead of lost, and the subject is one line. It is written
    in the user's language, else in the language of the page the reset was asked on.
    """

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        def compose():
            subject = loader.render_to_string(subject_template_name, context)
            return subject, loader.render_to_string(email_template_name, context)

        queue_mail_in_languages(to=[to_email], compose=compose, fallback=get_language())
