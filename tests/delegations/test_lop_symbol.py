"""The list of participants prints the symbol the meeting's register gave it (Source.PARTICIPANTS):
on its PDF, its public and staff pages, its settings page and the final report's list of
documents; a change of that symbol makes the stored PDF out of date; without a register entry the
list keeps the symbol of its settings."""

import pytest
from django.urls import reverse

from ccm_portal.documents import services as register
from ccm_portal.documents.models import Source
from delegations import selectors_lists, services_lists
from proceedings.documents import meeting_documents
from tests.delegations.factories_lists import run_jobs
from tests.delegations.test_lists import pdf_text, rendered_pdf
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def mark_in_register(meeting, by, *, number=4, series="INF", source=Source.PARTICIPANTS):
    return register.document_reserve(
        meeting=meeting, series=series, by=by, number=number, category="information", source=source
    )


def test_pdf_prints_the_symbol_the_register_gave_the_list(world, secretariat):
    meeting = world["meeting"]
    mark_in_register(meeting, secretariat)

    text = pdf_text(rendered_pdf(meeting))

    assert f"{meeting.symbol_prefix}/INF.4" in text
    assert f"{meeting.symbol_prefix}/INF.1" not in text


def test_public_staff_and_settings_pages_print_the_register_symbol(client, world, secretariat):
    meeting = world["meeting"]
    public_url = reverse("delegations:lop_public", args=[meeting.slug])
    assert f"{meeting.symbol_prefix}/INF.1" in client.get(public_url).content.decode()  # cached for anonymous visitors

    mark_in_register(meeting, secretariat)

    public = client.get(public_url).content.decode()
    assert f"{meeting.symbol_prefix}/INF.4" in public
    assert f"{meeting.symbol_prefix}/INF.1" not in public
    client.force_login(secretariat)
    staff = client.get(reverse("delegations:lop_staff", args=[meeting.slug])).content.decode()
    assert f"Settings (<bdi>{meeting.symbol_prefix}/INF.4</bdi>)" in staff
    assert f"List of participants (PDF, <bdi>{meeting.symbol_prefix}/INF.4</bdi>)" in staff
    settings_page = client.get(reverse("delegations:lop_settings", args=[meeting.slug])).content.decode()
    assert f"gives the list the symbol <bdi>{meeting.symbol_prefix}/INF.4</bdi>" in settings_page


def test_a_register_symbol_marks_the_stored_pdf_out_of_date(client, world, secretariat):
    meeting = world["meeting"]
    services_lists.request_lop_pdf(meeting=meeting, variant="complete")
    run_jobs()
    client.force_login(secretariat)
    staff_url = reverse("delegations:lop_staff", args=[meeting.slug])
    assert "Up to date" in client.get(staff_url).content.decode()
    assert "Up to date" in client.get(staff_url).content.decode()  # the remembered fingerprints
    assert selectors_lists.current_lop_pdf(meeting, "complete") is not None

    mark_in_register(meeting, secretariat)

    assert selectors_lists.current_lop_pdf(meeting, "complete") is None
    page = client.get(staff_url).content.decode()
    assert "Out of date; previous version" in page
    assert "Up to date" not in page


def test_without_a_register_entry_the_list_prints_the_symbol_of_its_settings(world, secretariat):
    meeting = world["meeting"]
    services_lists.lop_settings_save(
        meeting=meeting,
        data={"symbol": f"{meeting.symbol_prefix}/INF.7", "distribution": "general", "original_language": "en"},
        by=secretariat,
    )
    # Neither another document of the register nor another meeting's list counts.
    mark_in_register(meeting, secretariat, number=5, series="main", source=Source.CREDENTIALS)
    other = MeetingFactory(slug="2msp")
    mark_in_register(other, secretariat)

    assert selectors_lists.lop_settings(meeting).printed_symbol == f"{meeting.symbol_prefix}/INF.7"
    assert f"{meeting.symbol_prefix}/INF.7" in pdf_text(rendered_pdf(meeting))


def test_an_unsaved_list_falls_back_to_the_default_symbol(world):
    meeting = world["meeting"]
    assert selectors_lists.lop_settings(meeting).printed_symbol == f"{meeting.symbol_prefix}/INF.1"


def test_final_report_lists_the_list_under_the_register_symbol(world, secretariat):
    meeting = world["meeting"]
    assert f"{meeting.symbol_prefix}/INF.1" in [listed.symbol for listed in meeting_documents(meeting)]

    mark_in_register(meeting, secretariat)

    symbols = [listed.symbol for listed in meeting_documents(meeting)]
    assert f"{meeting.symbol_prefix}/INF.4" in symbols
    assert f"{meeting.symbol_prefix}/INF.1" not in symbols


def test_saved_settings_bring_the_register_symbol_in_their_own_query(world, secretariat, django_assert_num_queries):
    meeting = world["meeting"]
    services_lists.lop_settings_save(
        meeting=meeting,
        data={"symbol": "X/INF.9", "distribution": "general", "original_language": "en"},
        by=secretariat,
    )
    mark_in_register(meeting, secretariat)

    with django_assert_num_queries(1):
        assert selectors_lists.lop_settings(meeting).printed_symbol == f"{meeting.symbol_prefix}/INF.4"
