"""Papers the demo's delegations submitted to the 1MSP through the portal (delegations/services_papers.py).

`seed(stdout=...)` runs after the register (demo/documents.py), so the issued paper takes the
next WP number after the states' papers. The demo delegate's delegation (Lao PDR) submitted
two: one co-sponsored by another State Party and issued by the secretariat, one still waiting
in the secretariat's queue. The PDFs are the register's one-page placeholders. Running it again
changes nothing: a paper whose title the delegation submitted already is left as it is.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from ccm_portal.accounts.models import User
from delegations import agenda, services_papers
from delegations.models import Delegation, PaperSubmission
from demo.accounts import SECRETARIAT_EMAIL
from demo.delegations import DEMO_DELEGATE
from demo.documents import MEETING_SLUG, placeholder_pdf

CO_SPONSORS = ("NZ", "NO", "MX", "AT")
PAPERS = [
    {
        "title": "Clearance of cluster munition remnants in Lao PDR: lessons for the Vientiane Action Plan",
        "agenda_title": "Clearance",
        "issue_on": dt.date(2010, 11, 10),
    },
    {
        "title": "National report of the Lao People's Democratic Republic on victim assistance",
        "agenda_title": "Victim",
        "kind": PaperSubmission.Kind.NATIONAL_REPORT,
        "issue_on": None,
    },
]


def _item(meeting, words: str) -> str:
    """The number of the first agenda item whose title names `words` (else the first item)."""
    items = agenda.agenda_items(meeting)
    for item in items:
        if words.lower() in item.title.lower():
            return item.number
    return items[0].number if items else ""


def seed(*, stdout) -> None:
    delegation = (
        Delegation.objects.filter(meeting__slug=MEETING_SLUG, country=DEMO_DELEGATE, status=Delegation.Status.APPROVED)
        .select_related("meeting")
        .first()
    )
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if delegation is None or secretariat is None or not agenda.agenda_items(delegation.meeting):
        stdout.write("Working papers: skipped (the 1MSP, its accredited demo delegation or its agenda is missing).")
        return
    focal_point = delegation.focal_points.order_by("pk").first()
    co_sponsor = (
        Delegation.objects.filter(
            meeting=delegation.meeting, country__in=CO_SPONSORS, kind=Delegation.Kind.STATE, status="approved"
        )
        .order_by("sort_name")
        .first()
    )
    created = 0
    for spec in PAPERS:
        if PaperSubmission.objects.filter(delegation=delegation, title=spec["title"]).exists():
            continue
        content = placeholder_pdf(delegation.meeting.symbol_prefix, spec["title"], "en")
        submission = services_papers.paper_submit(
            meeting=delegation.meeting,
            delegation=delegation,
            by=focal_point,
            kind=spec.get("kind", PaperSubmission.Kind.WORKING_PAPER),
            title=spec["title"],
            agenda_item=_item(delegation.meeting, spec["agenda_title"]),
            language="en",
            pdf=SimpleUploadedFile("paper-en.pdf", content, content_type="application/pdf"),
            co_sponsors=[co_sponsor] if co_sponsor and spec["issue_on"] else [],
        )
        if spec["issue_on"]:
            services_papers.paper_issue(submission=submission, by=secretariat, issued_on=spec["issue_on"])
        created += 1
    pending = PaperSubmission.objects.filter(delegation__meeting__slug=MEETING_SLUG, status="submitted").count()
    stdout.write(f"Working papers of delegations: {created} submitted by this run, {pending} awaiting the secretariat.")
