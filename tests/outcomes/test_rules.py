"""Who may do what, for every state of a document: the table below is the specification.

The table is asked of the registered rules (outcomes/rules.py), as views and templates ask them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from ccm_portal.access import allowed
from outcomes import loaders
from outcomes.models import OutcomeDocument, Proposal, Revision
from tests.outcomes.factories import OutcomeDocumentFactory, ParagraphFactory, ProposalFactory

ROLES = ["drafter", "secretariat", "accredited", "not_accredited", "anonymous"]
STATES = ["draft", "circulated", "negotiation", "adopted", "published"]

# For each ability: the states in which each role has it ("-" means never).
EXPECTED = {
    "view": {
        "drafter": "draft circulated negotiation adopted published",
        "secretariat": "draft circulated negotiation adopted published",
        "accredited": "circulated negotiation adopted published",
        "not_accredited": "published",
        "anonymous": "published",
    },
    "edit_text": {
        "drafter": "draft circulated negotiation",
        "secretariat": "draft circulated negotiation",
        "accredited": "-",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "live_text": {
        "drafter": "draft circulated negotiation adopted published",
        "secretariat": "draft circulated negotiation adopted published",
        "accredited": "negotiation",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "propose": {
        "drafter": "-",
        "secretariat": "-",
        "accredited": "circulated negotiation",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "decide": {
        "drafter": "circulated negotiation",
        "secretariat": "circulated negotiation",
        "accredited": "-",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "change_settings": {
        "drafter": "draft circulated negotiation",
        "secretariat": "draft circulated negotiation",
        "accredited": "-",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "manage": {
        "drafter": "-",
        "secretariat": "draft circulated negotiation adopted published",
        "accredited": "-",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "view_proposals": {
        "drafter": "draft circulated negotiation adopted published",
        "secretariat": "draft circulated negotiation adopted published",
        "accredited": "circulated negotiation adopted published",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "circulate": {
        "drafter": "draft circulated negotiation",
        "secretariat": "draft circulated negotiation",
        "accredited": "-",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "negotiate": {
        "drafter": "circulated",
        "secretariat": "circulated",
        "accredited": "-",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "adopt": {
        "drafter": "-",
        "secretariat": "circulated negotiation",
        "accredited": "-",
        "not_accredited": "-",
        "anonymous": "-",
    },
    "publish": {
        "drafter": "-",
        "secretariat": "adopted",
        "accredited": "-",
        "not_accredited": "-",
        "anonymous": "-",
    },
}

RULES = {
    "view": "outcomes.view_document",
    "edit_text": "outcomes.edit_text",
    "live_text": "outcomes.view_live_text",
    "propose": "outcomes.propose",
    "decide": "outcomes.decide_proposal",
    "change_settings": "outcomes.change_settings",
    "manage": "outcomes.manage_document",
    "view_proposals": "outcomes.view_proposals",
    "circulate": "outcomes.circulate_document",
    "negotiate": "outcomes.negotiate_document",
    "adopt": "outcomes.adopt_document",
    "publish": "outcomes.publish_document",
}


@pytest.fixture
def people(drafter, secretariat, accredited, submitted_delegation):
    return {
        "drafter": drafter,
        "secretariat": secretariat,
        "accredited": accredited.created_by,
        "not_accredited": submitted_delegation.created_by,
        "anonymous": AnonymousUser(),
    }


def _document(meeting, state, drafter):
    final = state in ("adopted", "published")
    document = OutcomeDocumentFactory(meeting=meeting, state=state, adopted_at=timezone.now() if final else None)
    document.drafters.add(drafter)
    return document


@pytest.mark.parametrize("ability", list(EXPECTED))
@pytest.mark.parametrize("state", STATES)
def test_permission_table(ability, state, meeting, people, drafter):
    document = _document(meeting, state, drafter)

    actual = {role: allowed(people[role], RULES[ability], document) for role in ROLES}

    expected = {role: state in EXPECTED[ability][role].split() for role in ROLES}
    assert actual == expected


def test_a_circulated_revision_is_read_by_accredited_delegations_but_the_public_sees_only_the_adopted_text(
    meeting, people, drafter
):
    document = _document(meeting, "published", drafter)
    circulated = Revision(document=document, number=0, kind="circulated", symbol="X/WP.1", snapshot={})
    adopted = Revision(document=document, number=1, kind="adopted", symbol="X/4", snapshot={})

    assert allowed(people["accredited"], "outcomes.view_revision", circulated)
    assert not allowed(people["anonymous"], "outcomes.view_revision", circulated)
    assert not allowed(people["not_accredited"], "outcomes.view_revision", circulated)
    assert allowed(people["anonymous"], "outcomes.view_revision", adopted)


def test_delegates_see_other_delegations_proposals_except_withdrawn_ones(
    meeting, drafter, accredited, other_accredited
):
    document = _document(meeting, "circulated", drafter)
    paragraph = ParagraphFactory(section__document=document)
    theirs_pending = ProposalFactory(paragraph=paragraph, delegation=other_accredited)
    theirs_withdrawn = ProposalFactory(paragraph=paragraph, delegation=other_accredited, status="withdrawn")
    mine_withdrawn = ProposalFactory(paragraph=paragraph, delegation=accredited, status="withdrawn")

    seen = set(loaders.visible_proposals(accredited.created_by, document))

    assert seen == {theirs_pending, mine_withdrawn}
    assert theirs_withdrawn in set(loaders.visible_proposals(drafter, document))
    with pytest.raises(Http404):
        loaders.proposal_for_user(user=accredited.created_by, document=document, pk=theirs_withdrawn.pk)


def test_proposals_of_a_draft_are_seen_by_nobody_but_the_drafters(meeting, drafter, accredited):
    document = _document(meeting, "draft", drafter)

    assert not allowed(accredited.created_by, "outcomes.view_proposals", document)
    assert loaders.visible_proposals(accredited.created_by, document).count() == 0
    assert Proposal.objects.count() == 0


def test_a_delegate_asking_for_a_draft_gets_404(meeting, drafter, accredited):
    document = _document(meeting, "draft", drafter)

    with pytest.raises(Http404):
        loaders.document_for_user(user=accredited.created_by, pk=document.pk)
    assert loaders.document_for_user(user=drafter, pk=document.pk) == document


def test_the_documents_a_user_sees_in_the_list(meeting, drafter, accredited, stranger):
    draft = _document(meeting, "draft", drafter)
    circulated = _document(meeting, "circulated", drafter)
    published = _document(meeting, "published", drafter)
    OutcomeDocumentFactory(meeting=meeting)  # a draft someone else drafts

    assert set(loaders.visible_documents(accredited.created_by, meeting)) == {circulated, published}
    assert set(loaders.visible_documents(drafter, meeting)) == {draft, circulated, published}
    assert set(loaders.visible_documents(stranger, meeting)) == {published}
    assert set(loaders.visible_documents(AnonymousUser(), meeting)) == {published}
    assert OutcomeDocument.objects.count() == 4
