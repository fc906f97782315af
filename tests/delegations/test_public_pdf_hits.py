"""The stored public list PDF: a hit reads no participant row, and a change is never served stale."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations import services
from delegations.models import Participant
from tests.factories import ParticipantFactory
from tests.stored_pdfs import body, get
from tests.test_pdf_languages import pdftotext

from .factories_lists import run_jobs

pytestmark = pytest.mark.django_db

URL = reverse("delegations:lop_public_pdf", args=["1msp"])


def fetch(client, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = get(client, URL, **headers)
    return response, [query["sql"] for query in captured]


def stored_pdf(client) -> bytes:
    """The PDF as a visitor gets it, once its render (if one was queued) has run."""
    response, _queries = fetch(client)
    if response["Content-Type"] != "application/pdf":
        run_jobs()
        response, _queries = fetch(client)
    assert response["Content-Type"] == "application/pdf"
    return body(response)


def test_a_hit_on_the_unchanged_list_reads_no_participant_row(world):
    visitor = Client()
    stored_pdf(visitor)

    again, queries = fetch(visitor)

    assert again.status_code == 200
    assert again["Content-Type"] == "application/pdf"
    assert not [sql for sql in queries if '"delegations_participant"' in sql]
    assert len(queries) <= 5, "\n".join(queries)


def test_the_browsers_copy_is_answered_304(world):
    visitor = Client()
    stored_pdf(visitor)
    served, _queries = fetch(visitor)

    again, _queries = fetch(visitor, headers={"if_none_match": served["ETag"]})

    assert again.status_code == 304
    assert again["ETag"] == served["ETag"]
    assert again["Cache-Control"] == "no-cache"


def test_after_an_approval_the_next_fetch_never_serves_the_old_list(world, secretariat):
    lao = world["lao_head"].delegation
    waiting = ParticipantFactory(
        delegation=lao, given_name="Khamsay", family_name="Phommachanh", status=Participant.Status.PENDING
    )
    visitor = Client()
    assert "Khamsay" not in pdftotext(stored_pdf(visitor))

    services.participant_decide(participant=waiting, by=secretariat, approve=True)

    next_fetch, _queries = fetch(visitor)
    assert next_fetch["Content-Type"] != "application/pdf"  # the page that waits for the new render
    assert "being prepared" in body(next_fetch).decode()
    assert "Khamsay" in pdftotext(stored_pdf(visitor))


def test_a_change_that_sends_no_signal_shows_after_the_check_interval(world, settings):
    settings.LOP_FINGERPRINT_CHECK_SECONDS = 1
    visitor = Client()
    stored_pdf(visitor)
    # A bulk UPDATE: no post_save, so the list's version stays the same.
    Participant.objects.filter(pk=world["lao_head"].pk).update(family_name="Sisoulith-Renamed")

    assert "SISOULITH-RENAMED" not in pdftotext(stored_pdf(visitor))  # remembered for a second at most
    time.sleep(1.1)

    assert "SISOULITH-RENAMED" in pdftotext(stored_pdf(visitor))
