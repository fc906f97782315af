"""Pieces every app's forms share."""

from crispy_forms.helper import FormHelper
from django.utils.translation import gettext_lazy as _


class Crispy:
    """A form rendered by crispy-forms inside the <form> tag its template writes; call _setup_helper in __init__."""

    def _setup_helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReasonRequiredToReject:
    """A decision (approve/reject) whose rejection needs a reason; the message says who will read it."""

    reject_reason_message = _("Give a reason for the rejection.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", self.reject_reason_message)
        return cleaned
