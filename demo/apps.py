from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demonstration data (`manage.py seed_demo`). It imports every app; no app imports it."""

    name = "demo"
    verbose_name = _("Demonstration data")
    default_auto_field = "django.db.models.BigAutoField"
