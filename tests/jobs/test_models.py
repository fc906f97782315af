"""The render-job table (ccm_portal/jobs/models.py): its constraints hold without the services."""

import pytest

from ccm_portal.jobs.models import RenderJob
from delegations import services_lists

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_active_job_for_the_same_input(world):
    from django.db import IntegrityError, transaction

    job, _how = services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    with pytest.raises(IntegrityError), transaction.atomic():
        RenderJob.objects.create(
            kind=job.kind, meeting=job.meeting, key=job.key, fingerprint=job.fingerprint, filename="x.pdf"
        )
