from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    """The meeting's record assembled from every app: the final report, drafted by the portal."""

    name = "proceedings"
    verbose_name = _("Proceedings")
    default_auto_field = "django.db.models.BigAutoField"
