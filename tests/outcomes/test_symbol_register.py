"""Outcome documents take their symbols from the meeting's register (ccm_portal/documents)."""

import pytest

from ccm_portal.documents import services as register
from ccm_portal.documents.models import Document
from outcomes import services
from tests.outcomes.factories import build_plan, deadline, settle

pytestmark = pytest.mark.django_db


def test_the_first_circulation_issues_the_working_paper_in_the_register(circulated_plan):
    registered = Document.objects.get(symbol="CCM/MSP/2010/WP.1")

    assert circulated_plan.symbol == registered.symbol
    assert registered.is_issued
    assert registered.category == Document.Category.WORKING_PAPER
    assert registered.title == "Vientiane Action Plan"
    assert registered.agenda_item_title == "Item 10: Consideration of documents"
    assert registered.source == f"outcomes.document:{circulated_plan.pk}:0"


def test_a_working_paper_the_secretariat_issued_first_moves_the_outcome_document_to_the_next_number(
    plan, meeting, secretariat, accredited
):
    register.document_reserve(
        meeting=meeting,
        series="WP",
        by=secretariat,
        issue=True,
        category="working_paper",
        title="By Mexico",
        author="Mexico",
    )

    revision = services.document_circulate(document=plan, by=secretariat, comment_deadline=deadline(), notify=False)

    assert revision.symbol == "CCM/MSP/2010/WP.2"
    assert list(Document.objects.order_by("sort_key").values_list("symbol", flat=True)) == [
        "CCM/MSP/2010/WP.1",
        "CCM/MSP/2010/WP.2",
    ]


def test_a_revision_is_issued_as_a_revision_of_the_working_paper(circulated_plan, secretariat):
    paragraph = circulated_plan.built["intro"][0]
    services.paragraph_update(paragraph=paragraph, by=secretariat, text="Revised.", expected_version=paragraph.version)

    revision = services.document_circulate(
        document=circulated_plan, by=secretariat, comment_deadline=deadline(), notify=False
    )

    registered = Document.objects.get(symbol=revision.symbol)
    assert revision.symbol == "CCM/MSP/2010/WP.1/Rev.1"
    assert registered.parent.symbol == "CCM/MSP/2010/WP.1"


def test_an_adopted_text_named_by_the_meeting_becomes_a_main_series_document(circulated_plan, secretariat):
    settle(circulated_plan, secretariat)

    services.document_adopt(document=circulated_plan, by=secretariat, own_symbol="CCM/MSP/2010/4")

    adopted = Document.objects.get(symbol="CCM/MSP/2010/4")
    assert adopted.series == "main"
    assert adopted.category == Document.Category.OUTCOME
    assert adopted.distribution == Document.Distribution.GENERAL
    # The working paper stays on the record, and the main series goes on after 4.
    assert Document.objects.get(symbol="CCM/MSP/2010/WP.1").is_issued
    nxt = register.document_reserve(
        meeting=circulated_plan.meeting, series="main", by=secretariat, category="report", title="Final report"
    )
    assert nxt.symbol == "CCM/MSP/2010/5"


def test_an_adopted_symbol_the_register_holds_already_is_refused(circulated_plan, meeting, secretariat):
    register.document_reserve(
        meeting=meeting, series="main", by=secretariat, category="organization", title="Provisional agenda"
    )
    settle(circulated_plan, secretariat)

    with pytest.raises(services.OutcomeError, match="already in use"):
        services.document_adopt(document=circulated_plan, by=secretariat, own_symbol="CCM/MSP/2010/1")
    circulated_plan.refresh_from_db()
    assert circulated_plan.state != circulated_plan.State.ADOPTED


def test_two_outcome_documents_circulated_in_turn_take_consecutive_working_papers(plan, meeting, secretariat):
    declaration = services.document_create(meeting=meeting, by=secretariat, kind="declaration", title="Declaration")
    build_plan(declaration, secretariat)
    for document in (plan, declaration):
        services.document_circulate(document=document, by=secretariat, comment_deadline=deadline(), notify=False)

    assert sorted(Document.objects.values_list("symbol", flat=True)) == ["CCM/MSP/2010/WP.1", "CCM/MSP/2010/WP.2"]
