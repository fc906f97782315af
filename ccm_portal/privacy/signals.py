"""A row that owned a file takes the file with it when it is deleted.

Every file field of the portal stores under PRIVATE_MEDIA_ROOT, each row under its
own generated name: notes verbales (delegations), statements (sessions), translations
(outcomes) and stored renders (jobs). Whichever way a row goes (a service, a cascade,
the admin), post_delete fires; the file is removed only once the deleting transaction
commits, so a delete that is rolled back keeps its file.
"""

import logging
from functools import cache, partial

from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

logger = logging.getLogger(__name__)


@cache
def _file_fields(model) -> tuple[str, ...]:
    return tuple(field.name for field in model._meta.concrete_fields if isinstance(field, models.FileField))


def remove_file(storage, name: str) -> None:
    """Delete one stored file; one already gone is no error, and a failure never breaks the delete."""
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete the stored file %s", name)


@receiver(post_delete, dispatch_uid="privacy.delete_stored_files")
def delete_stored_files(sender, instance, using, **kwargs):
    for field_name in _file_fields(sender):
        fieldfile = getattr(instance, field_name)
        if fieldfile and fieldfile.name:
            transaction.on_commit(partial(remove_file, fieldfile.storage, fieldfile.name), using=using)
