"""The demo's treaty-status register (demo/data/treaty_status.csv), on an empty database."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ccm_portal.meetings.models import TreatyStatus
from ccm_portal.meetings.services import treaty_status_import_csv
from demo.meetings import REGISTER_CSV

pytestmark = pytest.mark.django_db

FIRST_MSP_OPENS = date(2010, 11, 9)


def test_the_register_file_loads_through_the_import_service(secretariat):
    upload = SimpleUploadedFile("treaty_status.csv", REGISTER_CSV.read_bytes(), content_type="text/csv")

    result = treaty_status_import_csv(upload=upload, by=secretariat)

    assert result["created"] == TreatyStatus.objects.count() > 100
    assert TreatyStatus.objects.filter(ratification_date__lte=FIRST_MSP_OPENS).count() == 46
    assert TreatyStatus.objects.filter(signature_date__lte=FIRST_MSP_OPENS).count() >= 100
    assert TreatyStatus.objects.filter(entry_into_force_date=date(2010, 8, 1)).count() == 30
    for row in TreatyStatus.objects.filter(is_demo=True):
        assert "dates approximate (demonstration)" in row.remarks, row
