"""Hostile register files are refused with a line number, never a 500, and nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccm_portal.meetings.models import TreatyStatus

HEADER = "country,signature_date,instrument,ratification_date,entry_into_force_date,is_demo,remarks\n"


def _post(client, secretariat, content: bytes):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("register.csv", content, content_type="text/csv")
    return client.post(reverse("meetings:treaty_status_import"), {"file": upload})


@pytest.mark.django_db
def test_a_nul_byte_is_reported_with_its_line_and_saves_nothing(client, secretariat):
    content = (
        HEADER + "NO,2008-12-03,,2009-01-01,2010-08-01,,\nFR,2008-12-03,,2009-01-01,2010-08-01,,a\x00b\n"
    ).encode()

    response = _post(client, secretariat, content)

    assert response.status_code == 200
    assert "Line 3: the file contains a NUL character" in response.content.decode()
    assert not TreatyStatus.objects.exists()


@pytest.mark.django_db
def test_a_nul_byte_in_the_header_is_reported_on_line_1(client, secretariat):
    response = _post(client, secretariat, ("country\x00," + HEADER[8:] + "NO,,,,,,\n").encode())

    assert "Line 1: the file contains a NUL character" in response.content.decode()
    assert not TreatyStatus.objects.exists()


@pytest.mark.django_db
def test_a_field_over_the_csv_limit_is_reported_with_its_line_and_saves_nothing(client, secretariat):
    huge = "x" * 131_073
    content = (HEADER + "NO,2008-12-03,,2009-01-01,2010-08-01,,\n" + f'FR,,,,,,"{huge}"\n').encode()

    response = _post(client, secretariat, content)

    assert response.status_code == 200
    assert "Line 3: a field is longer than 131,072 characters" in response.content.decode()
    assert not TreatyStatus.objects.exists()


@pytest.mark.django_db
def test_a_field_over_the_limit_in_the_header_is_reported_on_line_1(client, secretariat):
    response = _post(client, secretariat, ("country," + "y" * 131_073 + "\nNO\n").encode())

    assert response.status_code == 200
    assert "Line 1: a field is longer than 131,072 characters" in response.content.decode()
