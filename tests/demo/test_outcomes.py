import io

import pytest
from django.core.management import call_command

from demo import outcomes as demo
from outcomes import agenda as outcome_agenda
from outcomes import selectors
from outcomes.compare import compare_snapshots
from outcomes.models import OutcomeDocument, Paragraph, ParagraphChange, Proposal, Revision

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MODELS = (OutcomeDocument, Paragraph, Revision, Proposal, ParagraphChange)


def _seed() -> str:
    out = io.StringIO()
    demo.seed(stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_builds_the_1msp_outcome_documents_and_a_second_run_changes_nothing():
    seeded = io.StringIO()
    call_command("seed_demo", stdout=seeded)  # seed_demo runs this app's demo too
    counts = _counts()
    second = _seed()

    assert "Outcome documents of the 1MSP: 3 created" in seeded.getvalue()
    assert "0 created" in second
    assert _counts() == counts

    plan = OutcomeDocument.objects.get(title=demo.PLAN_TITLE)
    declaration = OutcomeDocument.objects.get(title=demo.DECLARATION_TITLE)
    formats = OutcomeDocument.objects.get(title=demo.FORMATS_TITLE)
    assert (plan.symbol, plan.state) == ("CCM/MSP/2010/WP.1/Rev.1", "negotiation")
    assert (declaration.symbol, declaration.state) == ("CCM/MSP/2010/WP.2/Rev.1", "published")
    # Each document links its item of the seeded agenda, and its frozen texts print it.
    assert [outcome_agenda.linked_item(d)[0] for d in (declaration, plan, formats)] == ["10(a)", "10(b)", "10(c)"]
    assert (
        declaration.revisions.order_by("number").last().snapshot["agenda_item"] == "Item 10(a): Vientiane Declaration"
    )
    assert (formats.symbol, formats.state) == ("CCM/MSP/2010/WP.3", "circulated")

    # The plan: eight sections, 66 actions numbered through in Rev.1, 65 in the first circulation.
    outline = selectors.document_outline(plan)
    assert len(outline) == 8
    actions = [p for s in outline for p in s.paragraphs if p.kind == "action"]
    assert [p.label for p in actions] == [f"Action #{n}" for n in range(1, 67)]
    first_circulation, rev1 = plan.revisions.order_by("number")
    old_actions = [p for s in first_circulation.snapshot["sections"] for p in s["paragraphs"] if p["kind"] == "action"]
    assert len(old_actions) == 65
    comparison = compare_snapshots(first_circulation.snapshot, rev1.snapshot)
    assert comparison.counts["added"] == 1
    assert comparison.counts["changed"] >= 3
    assert comparison.counts["moved"] >= 1

    # Proposals in every state, and one outdated.
    statuses = set(Proposal.objects.filter(document=plan).values_list("status", flat=True))
    assert statuses == {"pending", "accepted", "accepted_modified", "rejected", "withdrawn"}
    assert any(p.is_outdated for p in Proposal.objects.filter(document=plan, status="pending"))
    assert selectors.adoption_problems(plan)  # the bracketed investment action is still open

    # Declaration: preambular and operative paragraphs; reporting formats: cover page and forms A to J.
    assert set(declaration.paragraphs.values_list("kind", flat=True)) == {"preambular", "operative"}
    headings = [s.heading for s in selectors.document_outline(formats)]
    assert headings[0] == "Cover page"
    assert headings[-1].startswith("Form J")
    assert len(headings) == 11


def test_the_demo_skips_quietly_without_the_meetings():
    assert "skipped" in _seed()
    assert OutcomeDocument.objects.count() == 0
