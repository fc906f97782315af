"""The papers the demo's delegations submitted through the portal (demo/working_papers.py)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from delegations.models import PaperSubmission

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("seeded_demo")]


def test_the_demo_delegation_has_one_issued_and_one_pending_paper(client):
    papers = {p.status: p for p in PaperSubmission.objects.filter(delegation__meeting__slug="1msp")}

    assert set(papers) == {PaperSubmission.Status.ISSUED, PaperSubmission.Status.SUBMITTED}
    issued = papers[PaperSubmission.Status.ISSUED]
    assert issued.document.symbol.startswith("CCM/MSP/2010/WP.")
    assert issued.document.author == "Multiple States"
    assert str(issued.document.issued_on) == "2010-11-10"
    assert issued.document.files.filter(language="en").exists()
    page = client.get(reverse("documents:list", args=["1msp"])).content.decode()
    assert issued.document.symbol_path in page
    assert papers[PaperSubmission.Status.SUBMITTED].kind == PaperSubmission.Kind.NATIONAL_REPORT


def test_seeding_again_submits_no_paper_twice():
    before = PaperSubmission.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert PaperSubmission.objects.count() == before
