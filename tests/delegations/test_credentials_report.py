"""The report on credentials: accredited states only, one UN sentence per state of credentials
and category, names in the reader's alphabetical order, on the staff page and in the PDF."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from ccm_portal.documents import services as register
from ccm_portal.documents.models import Source
from ccm_portal.meetings.models import Category
from delegations import renderers
from delegations.credentials import credentials_report, credentials_symbol
from delegations.models import Delegation
from tests.factories import DelegationFactory, OrganisationDelegationFactory

pytestmark = pytest.mark.django_db

APPROVED = Delegation.Status.APPROVED


def accredited(meeting, country, credentials="none", category=Category.STATE_PARTY, **extra):
    return DelegationFactory(
        meeting=meeting, country=country, status=APPROVED, credentials_status=credentials, category=category, **extra
    )


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_report_leaves_out_states_not_accredited_and_organisations(meeting):
    accredited(meeting, "AT", "accepted")
    for status in ("draft", "submitted", "rejected", "refused"):
        DelegationFactory(
            meeting=meeting,
            country={"draft": "BE", "submitted": "CL", "rejected": "DK", "refused": "EC"}[status],
            status=status,
            credentials_status="accepted",
        )
    OrganisationDelegationFactory(meeting=meeting, status=APPROVED, category=Category.RULE_1_2)

    report = credentials_report(meeting)

    assert [finding.names for finding in report.findings] == [["Austria"]]
    assert report.not_accredited == 1


def test_report_groups_by_status_most_formal_first_then_by_category(meeting):
    accredited(meeting, "NO", "none")
    accredited(meeting, "AT", "copy")
    accredited(meeting, "BE", "accepted", category=Category.SIGNATORY)
    accredited(meeting, "CL", "accepted")
    accredited(meeting, "DK", "original")

    with translation.override("en"):
        sentences = [finding.sentence for finding in credentials_report(meeting).findings]

    assert sentences == [
        "The following State Party has submitted credentials in due form: Chile.",
        "The following signatory State has submitted credentials in due form: Belgium.",
        "The following State Party has submitted original credentials, which are being examined: Denmark.",
        "The following State Party has submitted a copy or a facsimile of its credentials: Austria.",
        "The following State Party has communicated the names of its representatives by note verbale or "
        "letter: Norway.",
    ]


def test_sentence_takes_the_plural_and_joins_the_last_name_with_and(meeting):
    for code in ("AT", "BE", "CL"):
        accredited(meeting, code, "copy", category=Category.OBSERVER_STATE)

    with translation.override("en"):
        (finding,) = credentials_report(meeting).findings

    assert finding.sentence == (
        "The following observer States have submitted copies or facsimiles of their credentials: "
        "Austria, Belgium and Chile."
    )


def test_states_are_named_and_sorted_in_the_readers_language(meeting):
    for code in ("AT", "DE", "EG"):
        accredited(meeting, code, "accepted")

    with translation.override("en"):
        english = credentials_report(meeting).findings[0].names
    with translation.override("fr"):
        french = credentials_report(meeting).findings[0].names

    assert english == ["Austria", "Egypt", "Germany"]
    assert french == ["Allemagne", "Autriche", "Égypte"]


def test_accredited_state_without_credentials_is_reported_as_named_by_note_verbale_not_none(
    client, secretariat, meeting
):
    accredited(meeting, "NO", "none")
    client.force_login(secretariat)

    with translation.override("en"):
        text = pdf_text(renderers.credentials_report_pdf(meeting))

    assert "communicated the names of its representatives by note verbale or letter: Norway." in text
    assert "None" not in text


def test_pdf_carries_the_symbol_and_the_sentences_in_order(client, secretariat, meeting):
    accredited(meeting, "CL", "accepted")
    accredited(meeting, "AT", "accepted")
    accredited(meeting, "BE", "copy")
    client.force_login(secretariat)

    response = client.get(reverse("delegations:credentials_report_pdf", args=[meeting.slug]))

    text = pdf_text(response.content)
    assert credentials_symbol(meeting) in text
    assert text.index("States Parties have submitted credentials in due form: Austria and Chile.") < text.index(
        "State Party has submitted a copy or a facsimile of its credentials: Belgium."
    )


def test_staff_page_shows_the_sentences_and_how_many_states_wait_for_accreditation(client, secretariat, meeting):
    accredited(meeting, "AT", "accepted", credentials_remark="Signed by the Minister")
    DelegationFactory(meeting=meeting, country="BE", status="submitted")
    client.force_login(secretariat)

    page = client.get(reverse("delegations:credentials_report", args=[meeting.slug])).content.decode()

    assert "The following State Party has submitted credentials in due form: Austria." in page
    assert "Signed by the Minister" in page
    assert "1 state delegation waiting for accreditation is not in the report." in page
    assert ">None<" not in page


def test_staff_page_runs_the_same_queries_for_one_and_many_states(client, secretariat, meeting):
    accredited(meeting, "AT", "accepted")
    client.force_login(secretariat)
    url = reverse("delegations:credentials_report", args=[meeting.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for code, status in (("BE", "copy"), ("CL", "original"), ("DK", "none"), ("EC", "accepted")):
        accredited(meeting, code, status, category=Category.SIGNATORY)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.context["report"].state_count == 5
    assert len(one.captured_queries) == len(many.captured_queries)


def test_credentials_report_is_refused_to_a_focal_point_and_to_anonymous_visitors(client, meeting, delegation):
    url = reverse("delegations:credentials_report", args=[meeting.slug])
    assert client.get(url).status_code in (302, 403, 404)
    client.force_login(delegation.created_by)
    assert client.get(url).status_code in (403, 404)


def test_pdf_prints_the_symbol_the_register_gave_the_report(client, secretariat, meeting):
    meeting.symbol_prefix = "CCM/MSP/2010"
    meeting.save()
    accredited(meeting, "AT", "accepted")
    register.document_reserve(
        meeting=meeting, series="main", by=secretariat, number=5, category="report", source=Source.CREDENTIALS
    )
    client.force_login(secretariat)

    text = pdf_text(client.get(reverse("delegations:credentials_report_pdf", args=[meeting.slug])).content)

    assert credentials_symbol(meeting) == "CCM/MSP/2010/5"
    assert "CCM/MSP/2010/5" in text
    assert "CCM/MSP/2010/Credentials" not in text
