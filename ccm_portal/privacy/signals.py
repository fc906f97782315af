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
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from ccm_portal.jobs.models import RenderJob
from delegations.models import Delegation

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


@receiver(pre_delete, sender="delegations.Participant", dispatch_uid="privacy.delete_renders_naming_participant")
def delete_renders_naming_participant(sender, instance, using, **kwargs):
    """Stored lists and badge sheets that print a removed participant's name go with them.

    Lists are rendered again on request from what remains; a queued or running render is
    left alone (it reads the data when it runs). The files follow the rows after commit.
    """
    # Not at the top: the list and badge modules load the PDF, image and QR libraries, and this
    # module is imported by PrivacyConfig.ready() in every process, workers and commands included.
    from delegations.badges import BADGES_KIND
    from delegations.lists import LOP_KIND

    meeting_id = Delegation.objects.using(using).filter(pk=instance.delegation_id).values_list("meeting_id", flat=True)
    finished = RenderJob.objects.using(using).filter(meeting_id__in=meeting_id).exclude(status__in=RenderJob.ACTIVE)
    for job in finished.filter(kind__in=[LOP_KIND, BADGES_KIND]).exclude(file=""):
        listed = instance.status == instance.Status.APPROVED
        if (job.kind == LOP_KIND and listed) or instance.pk in job.meta.get("participant_ids", []):
            job.delete()
