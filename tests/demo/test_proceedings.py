"""seed_demo drafts the 1MSP's final report through the portal; seeding again changes nothing."""

import io

import pytest

from ccm_portal.meetings.models import Category
from delegations.models import Delegation
from demo import proceedings as demo
from outcomes.models import GeneratedText, OutcomeDocument, Paragraph

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("seeded_demo")]


def report() -> OutcomeDocument:
    return OutcomeDocument.objects.get(meeting__slug=demo.MEETING_SLUG, kind=OutcomeDocument.Kind.FINAL_REPORT)


def text(key: str) -> str:
    return GeneratedText.objects.select_related("paragraph").get(document=report(), key=key).paragraph.text


def test_the_demo_drafts_the_1msp_final_report_with_the_president_and_the_states_parties():
    parties = Delegation.objects.filter(
        meeting__slug=demo.MEETING_SLUG, status=Delegation.Status.APPROVED, category=Category.STATE_PARTY
    )

    assert report().state == OutcomeDocument.State.DRAFT
    assert demo.PRESIDENT in text("organisation.president")
    assert text(f"participation.{Category.STATE_PARTY}").startswith(
        f"The following {parties.count()} States Parties participated in the work of the Meeting: "
    )
    headings = list(report().sections.order_by("position").values_list("heading", flat=True))
    assert headings[-4:] == [
        "Annex I: Agenda",
        "Annex II: List of documents",
        "Annex III: Documents adopted by the Meeting",
        "Annex IV: Report on credentials",
    ]


def test_seeding_the_final_report_again_changes_nothing():
    before = dict(Paragraph.objects.filter(document=report()).values_list("pk", "version"))

    out = io.StringIO()
    demo.seed(stdout=out)

    assert dict(Paragraph.objects.filter(document=report()).values_list("pk", "version")) == before
    assert "0 paragraphs written, 0 updated, 0 removed" in out.getvalue()
