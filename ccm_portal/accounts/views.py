from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import SignUpForm
from .models import User
from .services import user_confirm_email, user_sign_up
from .tokens import email_confirmation_token


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


def confirm_email(request, uidb64, token):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not email_confirmation_token.check_token(user, token):
        return render(request, "accounts/confirm_invalid.html", status=400)
    user_confirm_email(user=user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your e-mail address is confirmed. Welcome to the CCM Portal."))
    return redirect("home")
