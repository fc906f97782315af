"""The list of proposals comes in pages of 25, in the order of the text, at a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes import selectors, services
from outcomes.models import Proposal

pytestmark = pytest.mark.django_db


def _propose(document, delegation, count: int, *, start: int = 0) -> list[Proposal]:
    """`count` proposals spread over the plan's paragraphs, every fourth a general comment."""
    paragraphs = [*document.built["intro"], *document.built["actions"]]
    made = []
    for n in range(start, start + count):
        if n % 4 == 3:
            made.append(
                services.proposal_create(
                    document=document,
                    delegation=delegation,
                    by=delegation.created_by,
                    kind=Proposal.Kind.COMMENT,
                    text=f"General remark {n:02d}.",
                )
            )
            continue
        made.append(
            services.proposal_create(
                document=document,
                delegation=delegation,
                by=delegation.created_by,
                kind=Proposal.Kind.REPLACE,
                paragraph=paragraphs[n % len(paragraphs)],
                text=f"Replacement text {n:02d}.",
                rationale="Clarity.",
            )
        )
    return made


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _shown(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="proposal-(\d+)" data-testid="proposal"', html)]


def test_proposal_list_reads_a_fixed_number_of_queries_for_one_or_many_proposals(
    client, circulated_plan, accredited, other_accredited, drafter
):
    url = reverse("outcomes:proposals", args=[circulated_plan.pk])
    client.force_login(drafter)
    _propose(circulated_plan, accredited, 1)
    one = _queries(client, url)
    made = _propose(circulated_plan, accredited, 40, start=1)
    for proposal in made[:5]:
        services.proposal_cosponsor(proposal=proposal, delegation=other_accredited, by=other_accredited.created_by)

    assert _queries(client, url) == one


def test_proposal_list_second_page_shows_the_next_proposals_in_the_order_of_the_text(
    client, circulated_plan, accredited, drafter
):
    _propose(circulated_plan, accredited, 30)
    url = reverse("outcomes:proposals", args=[circulated_plan.pk])
    client.force_login(drafter)

    first = _shown(client.get(url).content.decode())
    second_html = client.get(url, {"page": 2}).content.decode()
    second = _shown(second_html)

    assert len(first) == 25
    assert len(second) == 5
    labels = {p.pk: p.paragraph_id for p in Proposal.objects.all()}
    # General comments first, then the paragraphs in the order of the text, across the pages.
    order = first + second
    comments = [pk for pk in order if labels[pk] is None]
    assert order[: len(comments)] == comments
    assert set(order) == set(labels)
    in_text = {pk: index for index, pk in enumerate(selectors.paragraph_labels(circulated_plan))}
    positions = [in_text[labels[pk]] for pk in order[len(comments) :]]
    assert positions == sorted(positions)
    assert "Rows 26–30 of 30" in second_html


def test_proposal_list_page_links_keep_the_status_filter(client, circulated_plan, accredited, drafter):
    _propose(circulated_plan, accredited, 30)
    client.force_login(drafter)

    html = client.get(reverse("outcomes:proposals", args=[circulated_plan.pk]), {"status": "pending"}).content.decode()

    assert 'href="?status=pending&amp;page=2"' in html
    assert len(_shown(html)) == 25
