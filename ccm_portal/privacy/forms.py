from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be restored."), required=True
    )
