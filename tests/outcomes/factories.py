"""Factories for outcome documents, and helpers that build texts through the services."""

import datetime as dt

import factory
from django.utils import timezone

from outcomes import services
from outcomes.models import OutcomeDocument, Paragraph, Proposal, Section
from tests.factories import DelegationFactory, MeetingFactory, SecretariatFactory, UserFactory


class OutcomeDocumentFactory(factory.django.DjangoModelFactory):
    """A draft action plan without sections."""

    class Meta:
        model = OutcomeDocument

    meeting = factory.SubFactory(MeetingFactory)
    kind = OutcomeDocument.Kind.ACTION_PLAN
    title = factory.Sequence(lambda n: f"Action Plan {n + 1}")
    agenda_item = "Item 10: Consideration of documents"
    created_by = factory.SubFactory(SecretariatFactory)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    document = factory.SubFactory(OutcomeDocumentFactory)
    heading = factory.Sequence(lambda n: f"Section heading {n + 1}")
    position = factory.Sequence(lambda n: n)


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    section = factory.SubFactory(SectionFactory)
    document = factory.LazyAttribute(lambda o: o.section.document)
    kind = Paragraph.Kind.OPERATIVE
    text = factory.Sequence(lambda n: f"States Parties will report on measure number {n + 1}.")
    position = factory.Sequence(lambda n: n)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A pending replacement proposal; build it through services.proposal_create in behaviour tests."""

    class Meta:
        model = Proposal

    paragraph = factory.SubFactory(ParagraphFactory)
    document = factory.LazyAttribute(lambda o: o.paragraph.document)
    kind = Proposal.Kind.REPLACE
    base_text = factory.LazyAttribute(lambda o: o.paragraph.text)
    text = "States Parties will report every year."
    rationale = "Clearer."
    delegation = factory.SubFactory(DelegationFactory, status="approved")
    submitted_by = factory.LazyAttribute(lambda o: o.delegation.created_by)


def organiser(**kwargs):
    return UserFactory(role="organiser", **kwargs)


def deadline(days: int = 14):
    return timezone.now() + dt.timedelta(days=days)


def build_plan(document: OutcomeDocument, by, *, actions_per_section: int = 2) -> dict:
    """Fill the first sections of an action plan: an introduction, then "who acts" paragraphs with actions."""
    sections = list(document.sections.filter(removed_at__isnull=True).order_by("position"))
    made = {"intro": [], "lead_ins": [], "actions": []}
    made["intro"].append(
        services.paragraph_add(
            document=document,
            section=sections[0],
            by=by,
            kind="operative",
            text="The States Parties adopt this plan to guide the implementation of the Convention.",
        )
    )
    made["intro"].append(
        services.paragraph_add(
            document=document,
            section=sections[0],
            by=by,
            kind="operative",
            text="The plan is reviewed at each Meeting of States Parties.",
        )
    )
    for index, section in enumerate(sections[2:4]):
        made["lead_ins"].append(
            services.paragraph_add(
                document=document,
                section=section,
                by=by,
                kind="lead_in",
                text=f"All States Parties acting in area {index + 1} will:",
            )
        )
        for n in range(actions_per_section):
            made["actions"].append(
                services.paragraph_add(
                    document=document,
                    section=section,
                    by=by,
                    kind="action",
                    text=f"Take step {n + 1} of area {index + 1} within one year.",
                )
            )
    return made


def settle(document, by):
    """Bring a document to adoption: brackets removed and every paragraph marked agreed."""
    for paragraph in document.paragraphs.active():
        if "[" in paragraph.text:
            services.paragraph_update(
                paragraph=paragraph,
                by=by,
                text=paragraph.text.replace("[", "").replace("]", ""),
                expected_version=paragraph.version,
            )
    services.mark_all_agreed(document=document, by=by)
