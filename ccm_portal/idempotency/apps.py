from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdempotencyConfig(AppConfig):
    name = "ccm_portal.idempotency"
    label = "idempotency"
    verbose_name = _("Submitted forms")
    default_auto_field = "django.db.models.BigAutoField"
