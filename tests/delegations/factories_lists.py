"""Builders for the list of participants, badges, check-in and exports.

The fixtures built from them live in conftest.py: `world` in tests/conftest.py (the jobs tests render
its list too), the render-jobs setting in tests/delegations/conftest.py.
"""

from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob
from ccm_portal.meetings.models import Category
from delegations.models import Delegation, Participant
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    OrganisationDelegationFactory,
    OrganisationFactory,
    ParticipantFactory,
)


def approved_delegation(meeting, **kwargs) -> Delegation:
    return DelegationFactory(meeting=meeting, status=Delegation.Status.APPROVED, **kwargs)


def approved_organisation(meeting, name: str, category=Category.RULE_1_3, **kwargs) -> Delegation:
    organisation = OrganisationFactory(name=name)
    return OrganisationDelegationFactory(
        meeting=meeting,
        organisation=organisation,
        category=category,
        status=Delegation.Status.APPROVED,
        **kwargs,
    )


def approved_participant(delegation, **kwargs) -> Participant:
    kwargs.setdefault("status", Participant.Status.APPROVED)
    return ParticipantFactory(delegation=delegation, **kwargs)


def run_jobs() -> list[str]:
    """Run every queued render job now, in this thread; returns their final statuses."""
    return [job_services.execute(pk) for pk in RenderJob.objects.filter(status="queued").values_list("pk", flat=True)]


def build_world() -> dict:
    """A meeting with accredited delegations in four categories and participants in every state."""
    meeting = MeetingFactory(
        title="First Meeting of States Parties", short_title="1MSP", slug="1msp", city="Vientiane", country="LA"
    )
    lao = approved_delegation(meeting, country="LA", sort_name="Lao People's Democratic Republic")
    ivory = approved_delegation(meeting, country="CI", sort_name="Côte d'Ivoire")
    cuba = approved_delegation(meeting, country="CU", sort_name="Cuba", category=Category.SIGNATORY)
    china = approved_delegation(meeting, country="CN", sort_name="China", category=Category.OBSERVER_STATE)
    icrc = approved_organisation(meeting, "International Committee of the Red Cross", category=Category.RULE_1_2)
    draft = DelegationFactory(meeting=meeting, country="FR", sort_name="France", status=Delegation.Status.SUBMITTED)
    rejected = DelegationFactory(meeting=meeting, country="DE", sort_name="Germany", status=Delegation.Status.REJECTED)
    people = {
        "lao_adviser": approved_participant(
            lao, role="adviser", title="Mr.", given_name="Noy", family_name="Vongsa", gender="male"
        ),
        "lao_head": approved_participant(
            lao,
            role="head",
            title="H.E. Mr.",
            given_name="Thongloun",
            family_name="Sisoulith",
            function="Deputy Prime Minister",
            gender="male",
        ),
        "lao_rep_b": approved_participant(
            lao, role="representative", title="Ms.", given_name="Bouasone", family_name="Bouphavanh"
        ),
        "lao_rep_a": approved_participant(
            lao, role="representative", title="Ms.", given_name="Alounkeo", family_name="Kittikhoun"
        ),
        "ivory": approved_participant(ivory, role="head", title="M.", given_name="Aimé", family_name="Kouassi"),
        "cuba_private": approved_participant(
            cuba, role="head", title="Sr.", given_name="Rodolfo", family_name="Reyes", public_consent=False
        ),
        "china": approved_participant(
            china,
            role="head",
            title="Mr.",
            given_name="伟",
            family_name="王",
            name_order=Participant.NameOrder.FAMILY_FIRST,
        ),
        "icrc_member": approved_participant(icrc, role="representative", given_name="Мария", family_name="Иванова"),
        "pending": ParticipantFactory(delegation=lao, role="expert", given_name="Pending", family_name="Person"),
        "rejected": ParticipantFactory(
            delegation=lao, role="expert", given_name="Rejected", family_name="Person", status="rejected"
        ),
        "in_draft": approved_participant(draft, role="head", given_name="Draft", family_name="Delegation"),
        "in_rejected": approved_participant(rejected, role="head", given_name="Rejected", family_name="Delegation"),
    }
    return {
        "meeting": meeting,
        "lao": lao,
        "ivory": ivory,
        "cuba": cuba,
        "china": china,
        "icrc": icrc,
        "draft": draft,
        "rejected_delegation": rejected,
        **people,
    }
