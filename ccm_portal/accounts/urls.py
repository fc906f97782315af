from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ccm_portal.access import PUBLIC, SIGNED_IN, rule

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign_up"),
    path("confirm/<uidb64>/<token>/", views.confirm_email, name="confirm"),
    path("login/", rule(PUBLIC)(views.LoginView.as_view()), name="login"),
    path("logout/", rule(PUBLIC)(auth_views.LogoutView.as_view()), name="logout"),
    path("two-factor/set-up/", views.second_factor_setup, name="second_factor_setup"),
    path("two-factor/verify/", views.second_factor_verify, name="second_factor_verify"),
    path(
        "password/",
        rule(SIGNED_IN)(
            auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done"))
        ),
        name="password_change",
    ),
    path(
        "password/changed/", rule(SIGNED_IN)(auth_views.PasswordChangeDoneView.as_view()), name="password_change_done"
    ),
    path(
        "password-reset/",
        rule(PUBLIC)(
            views.PasswordResetView.as_view(
                success_url=reverse_lazy("accounts:password_reset_done"),
                email_template_name="registration/password_reset_email.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        rule(PUBLIC)(views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        rule(PUBLIC)(
            auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete"))
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        rule(PUBLIC)(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
