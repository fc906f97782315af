from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables(*, using, verbosity=1, **kwargs):
    """`migrate` also creates the table of a database cache, so no deployment step is forgotten.

    The login throttle counts in the cache; without its table every login would fail.
    """
    if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))


class AccountsConfig(AppConfig):
    name = "ccm_portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="ccm-create-cache-tables")
