from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """One use of a form token: who sent it, for what, and the primary key of the row it made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    purpose = models.CharField(max_length=80)
    object_pk = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="one_use_per_form_token")]

    def __str__(self):
        return f"{self.purpose} {self.object_pk}"
