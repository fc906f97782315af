from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "ccm_portal.documents"
    label = "documents"
    verbose_name = _("Documents and symbols")
    default_auto_field = "django.db.models.BigAutoField"
