"""Demonstration outcome documents of the First Meeting of States Parties (Vientiane, November 2010).

`seed(stdout=...)` is called at the end of `manage.py seed_demo`. It builds,
through the services (so numbers, symbols, history and audit entries are the
real thing):

- the Vientiane Declaration: preambular and operative paragraphs, circulated,
  negotiated, adopted and published;
- the Vientiane Action Plan: the eight sections of the real plan, circulated in
  August as WP.1 with 65 actions, proposals from delegations in every state,
  revised and circulated as Rev.1 with 66 actions, now under negotiation with
  paragraphs agreed, agreed ad referendum, open and bracketed;
- the Article 7 reporting formats: the cover page and forms A to J, circulated.

The texts are written for the demonstration and paraphrase the shape of the
real documents; they are not the adopted texts. Running it again changes
nothing: a document that exists (same meeting and title) is left as it is.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction

from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import Meeting
from delegations.models import Delegation
from demo.accounts import SECRETARIAT_EMAIL
from outcomes import agenda as outcome_agenda
from outcomes import services
from outcomes.models import OutcomeDocument, Paragraph, Proposal

MEETING_SLUG = "1msp"
PRESIDENCY_EMAIL = "focal.laos@ccm-portal.example"  # Lao PDR holds the presidency
FRIEND_EMAIL = "focal.norway@ccm-portal.example"  # Friend of the President on victim assistance
AGENDA_ITEM = "Item 10: Consideration and adoption of the outcome documents"
# The item of the 1MSP agenda (demo/sessions.py) each document links to; the typed text above is
# kept only for a meeting whose agenda was not seeded.
AGENDA_NUMBERS = {
    "Vientiane Action Plan": "10(b)",
    "Vientiane Declaration": "10(a)",
    "Formats for reporting under Article 7 of the Convention on Cluster Munitions": "10(c)",
}
VIENTIANE = ZoneInfo("Asia/Vientiane")

DECLARATION_TITLE = "Vientiane Declaration"
PLAN_TITLE = "Vientiane Action Plan"
FORMATS_TITLE = "Formats for reporting under Article 7 of the Convention on Cluster Munitions"

PRE, OP, LEAD, ACT, TXT = "preambular", "operative", "lead_in", "action", "unnumbered"


def at(year, month, day, hour=10):
    return datetime.combine(datetime(year, month, day).date(), time(hour), tzinfo=VIENTIANE)


DECLARATION = [
    (
        "",
        [
            (
                PRE,
                "We, the States Parties to the Convention on Cluster Munitions, meeting in Vientiane, "
                "Lao People's Democratic Republic, from 9 to 12 November 2010 for our First Meeting,",
            ),
            (
                PRE,
                "*Recalling* that the Convention was adopted in Dublin on 30 May 2008, opened for signature in Oslo "
                "on 3 December 2008 and entered into force on 1 August 2010,",
            ),
            (
                PRE,
                "*Deeply concerned* that cluster munitions go on killing and injuring civilians, many of them "
                "children, long after the fighting has stopped, and that their remnants keep land out of use, "
                "prevent displaced people from returning home and hold back development,",
            ),
            (
                PRE,
                "*Paying tribute* to the survivors of cluster munitions, whose testimony moved States to negotiate "
                "the Convention, and to the United Nations, the International Committee of the Red Cross, the "
                "Cluster Munition Coalition and the many organisations that worked with them,",
            ),
            (
                PRE,
                "*Mindful* that the Lao People's Democratic Republic is among the countries most contaminated by "
                "cluster munition remnants, and grateful to its Government and people for hosting this Meeting,",
            ),
            (
                PRE,
                "*Convinced* that the Convention sets a new standard both for the protection of civilians and for "
                "the assistance owed to victims,",
            ),
            (
                OP,
                "Welcome the entry into force of the Convention and the 46 States that have ratified or acceded to "
                "it,[^Status as at 12 November 2010, according to the depositary.] and urge the signatories that have "
                "not yet done so to ratify it without delay;",
            ),
            (
                OP,
                "Call on every State that has not yet joined the Convention to accede to it and, until then, to "
                "refrain from any use, production, stockpiling or transfer of cluster munitions;",
            ),
            (
                OP,
                "Commit ourselves to destroy the cluster munitions in our stockpiles as soon as possible and within "
                "the deadlines set by Article 3;",
            ),
            (
                OP,
                "Commit ourselves to clear the cluster munition remnants in areas under our jurisdiction or control "
                "and to warn and educate the people at risk, so that communities can use their land in safety;",
            ),
            (
                OP,
                "Reaffirm our resolve to give cluster munition victims adequate assistance that takes account of age "
                "and gender: medical care, rehabilitation, psychological support and social and economic inclusion, "
                "in full respect of their rights;",
            ),
            (
                OP,
                "Undertake to cooperate with and assist one another, recognising the particular responsibility of "
                "States Parties in a position to do so to support affected States;",
            ),
            (
                OP,
                "Adopt the Vientiane Action Plan as a practical guide to implementation until the First Review "
                "Conference;",
            ),
            (
                OP,
                "Adopt the formats for transparency reports under Article 7 and encourage each State Party to submit "
                "its initial report within 180 days of the entry into force of the Convention for it;",
            ),
            (
                OP,
                "Express our deep concern at any use of cluster munitions and call on all actors to respect the norm "
                "that the Convention establishes;",
            ),
            (
                OP,
                "Invite international organisations, civil society and survivors to go on working with us as "
                "partners in implementing the Convention;",
            ),
            (OP, "Decide to hold our Second Meeting in Beirut, Lebanon, in September 2011."),
        ],
    )
]

# The plan as first circulated (WP.1): 65 actions. The Cluster Munition
# Coalition's proposal, accepted before Rev.1, adds the 66th.
PLAN = [
    (
        "Introduction",
        [
            (
                OP,
                "The First Meeting of States Parties adopts this Action Plan to turn the obligations of the "
                "Convention into concrete steps for the period up to the First Review Conference.",
            ),
            (
                OP,
                "The Plan builds on the experience of the Mine Ban Treaty and on the views expressed by States, "
                "international organisations, civil society and cluster munition survivors at the Global Conference "
                "held in Santiago in June 2010.",
            ),
            (
                OP,
                "The actions are numbered through the whole Plan, and each group of actions starts by naming who is "
                "to act. Progress is reviewed at each Meeting of States Parties on the basis of the transparency "
                "reports submitted under Article 7.",
            ),
        ],
    ),
    (
        "Partnerships",
        [
            (
                OP,
                "Implementation is the responsibility of the States Parties, but it succeeds only in partnership with "
                "the United Nations, the International Committee of the Red Cross, the Cluster Munition Coalition, "
                "the Geneva International Centre for Humanitarian Demining and other organisations, and with "
                "survivors and affected communities.",
            ),
            (
                OP,
                "States Parties will involve cluster munition victims and the organisations that represent them in "
                "planning, carrying out and monitoring the actions that concern them.",
            ),
        ],
    ),
    (
        "Universalization",
        [
            (OP, "Universal adherence is essential to put an end to the harm caused by cluster munitions."),
            (LEAD, "All States Parties will:"),
            (
                ACT,
                "Promote adherence to the Convention in their bilateral contacts and in regional and multilateral "
                "forums, and report on these efforts at each Meeting of States Parties.",
            ),
            (
                ACT,
                "Encourage signatories to ratify the Convention as a matter of priority and offer them legal and "
                "technical help with ratification.",
            ),
            (
                ACT,
                "Encourage States not party to accede to the Convention and, until they do, to declare and observe a "
                "moratorium on the use, production and transfer of cluster munitions.",
            ),
            (ACT, "Raise any allegation or evidence of the use of cluster munitions with the States concerned."),
            (
                ACT,
                "Promote the norm established by the Convention and discourage any investment in the production of "
                "cluster munitions.",
            ),
            (
                ACT,
                "Work with civil society, parliamentarians and survivors to carry the message of the Convention to "
                "States not party.",
            ),
        ],
    ),
    (
        "Stockpile destruction",
        [
            (
                OP,
                "Article 3 requires each State Party to destroy its stockpiles as soon as possible and not later than "
                "eight years after the Convention enters into force for it.",
            ),
            (LEAD, "States Parties with stockpiles of cluster munitions will:"),
            (
                ACT,
                "Adopt without delay a national plan for stockpile destruction, with a timeline and the resources "
                "it needs.",
            ),
            (
                ACT,
                "Declare the types and quantities of cluster munitions and explosive submunitions in their stockpiles "
                "in their initial Article 7 report.",
            ),
            (ACT, "Start destruction as soon as possible and report on the progress made every year."),
            (
                ACT,
                "Use methods of destruction that meet international standards for protecting public health and the "
                "environment.",
            ),
            (
                ACT,
                "Keep any cluster munitions retained for training or for developing counter-measures to the minimum "
                "number absolutely necessary, and report every year on their use.",
            ),
            (ACT, "Ask for international assistance early if they cannot meet their deadline on their own."),
            (LEAD, "States Parties in a position to do so will:"),
            (ACT, "Provide technical and financial assistance for stockpile destruction on request."),
        ],
    ),
    (
        "Clearance and destruction of cluster munition remnants and risk reduction activities",
        [
            (
                OP,
                "Cluster munition remnants kill and injure civilians and keep land out of use long after hostilities "
                "end. Article 4 requires affected States Parties to clear them within ten years.",
            ),
            (LEAD, "States Parties with areas contaminated by cluster munition remnants will:"),
            (
                ACT,
                "Identify, with all the information available, the areas known or suspected to be contaminated, and "
                "survey them.",
            ),
            (
                ACT,
                "Draw up a national clearance plan with measurable targets and a realistic timeline, based on the "
                "results of the surveys.",
            ),
            (
                ACT,
                "Set up or strengthen a national authority and an information management system for clearance and "
                "risk reduction.",
            ),
            (
                ACT,
                "Clear and destroy cluster munition remnants as soon as possible, giving priority to the areas where "
                "the risk to civilians is highest.",
            ),
            (
                ACT,
                "Release land efficiently, including through non-technical survey, in line with international "
                "standards.",
            ),
            (ACT, "Mark and fence contaminated areas and warn the population until clearance is complete."),
            (
                ACT,
                "Provide risk reduction education adapted to the age, gender and circumstances of the people at risk.",
            ),
            (
                ACT,
                "Involve affected communities in setting clearance priorities and in confirming that released land is "
                "safe to use.",
            ),
            (ACT, "Report every year on the areas contaminated, the areas released and the methods used."),
            (
                LEAD,
                "States Parties that used cluster munitions before the Convention entered into force, in areas now "
                "under the control of another State Party, will:",
            ),
            (
                ACT,
                "Give the affected State Party, where feasible, information on the types, quantities and locations of "
                "the cluster munitions used.",
            ),
            (LEAD, "States Parties in a position to do so will:"),
            (
                ACT,
                "Support survey, clearance and risk reduction education in affected States on a predictable, "
                "multi-year basis.",
            ),
            (ACT, "Share clearance technology, equipment and expertise."),
        ],
    ),
    (
        "Victim assistance",
        [
            (
                OP,
                "Victim assistance concerns all persons killed or injured by cluster munitions, and their families and "
                "communities, as Article 2 defines them.",
            ),
            (LEAD, "States Parties with cluster munition victims in areas under their jurisdiction or control will:"),
            (ACT, "Collect data on victims, broken down by sex and age, and assess their needs."),
            (ACT, "Designate a focal point within the government to coordinate victim assistance."),
            (
                ACT,
                "Develop, carry out and monitor a national plan and budget for victim assistance, within broader "
                "frameworks for disability, health and development.",
            ),
            (ACT, "Ensure access to emergency and continuing medical care for people injured by cluster munitions."),
            (ACT, "Provide physical rehabilitation, including prosthetics and orthotics, close to where victims live."),
            (ACT, "Provide psychological and peer support."),
            (
                ACT,
                "Promote the social and economic inclusion of victims, including through education, vocational "
                "training and employment.",
            ),
            (ACT, "Remove physical and other barriers so that victims can take part in society on an equal footing."),
            (
                ACT,
                "Review national laws and policies so that they do not discriminate against cluster munition victims.",
            ),
            (ACT, "Involve victims and their organisations in all decisions that affect them."),
            (ACT, "Report every year on the progress made in victim assistance."),
            (LEAD, "States Parties in a position to do so will:"),
            (ACT, "Provide assistance for the care, rehabilitation and social and economic reintegration of victims."),
            (ACT, "Support national capacities rather than set up parallel services."),
            (ACT, "Share good practices in victim assistance in international forums."),
        ],
    ),
    (
        "International cooperation and assistance",
        [
            (
                OP,
                "Article 6 affirms the right of each State Party to seek and receive assistance, and the "
                "responsibility of those in a position to do so to provide it.",
            ),
            (LEAD, "Affected States Parties will:"),
            (ACT, "Make their needs known, with clear national priorities and plans."),
            (ACT, "Take national ownership of implementation, including by committing national resources."),
            (
                ACT,
                "Coordinate the assistance they receive, for example through a national platform of donors and "
                "operators.",
            ),
            (LEAD, "States Parties in a position to do so will:"),
            (
                ACT,
                "Provide assistance in a timely, sustainable and predictable way, including through multi-year "
                "funding.",
            ),
            (
                ACT,
                "Treat cooperation on clearance, stockpile destruction and victim assistance as part of their "
                "development cooperation.",
            ),
            (ACT, "Support South-South and regional cooperation."),
            (
                ACT,
                "Facilitate the exchange of equipment, material and information for implementation, without undue "
                "restrictions.",
            ),
            (LEAD, "All States Parties will:"),
            (ACT, "Include information on the assistance provided and received in their Article 7 reports."),
            (ACT, "Use the Meetings of States Parties and the intersessional work to match needs with resources."),
            (
                ACT,
                "Build partnerships with international and regional organisations, the private sector and civil "
                "society.",
            ),
            (ACT, "Make sure that assistance is effective, transparent and accountable."),
            (ACT, "Take gender and diversity into account in cooperation and assistance."),
        ],
    ),
    (
        "Actions in support of implementation",
        [
            (
                OP,
                "Transparency, national implementation measures and cooperation on compliance sustain the Convention.",
            ),
            (LEAD, "All States Parties will:"),
            (
                ACT,
                "Submit their initial transparency report under Article 7 within 180 days of the entry into force of "
                "the Convention for them, using the formats adopted by this Meeting.",
            ),
            (ACT, "Submit annual updates by 30 April, covering the previous calendar year."),
            (
                ACT,
                "Adopt legislative, administrative and other measures under Article 9, including penal sanctions, to "
                "prevent and suppress prohibited activities.",
            ),
            (ACT, "Share examples of national legislation with other States Parties."),
            (ACT, "Make the Convention known to their armed forces and adapt military doctrine and training."),
            (
                ACT,
                "Consult and cooperate with each other to settle questions of compliance, in the spirit of Article 8.",
            ),
            (ACT, "Support the intersessional work programme and take an active part in it."),
            (ACT, "Pay their share of the costs of the meetings in full and on time."),
            (
                ACT,
                "Consider how implementation can best be supported in an efficient and sustainable way, with a view "
                "to a decision at the Second Meeting of States Parties.",
            ),
            (ACT, "Take part in Meetings of States Parties at an appropriate level."),
            (ACT, "Designate national focal points for the Convention and make them known."),
            (
                ACT,
                "Take into account the different needs of women, men, girls and boys in all aspects of implementation.",
            ),
            (LEAD, "The President, with the support of the Friends of the President, will:"),
            (ACT, "Report on the implementation of this Action Plan to each Meeting of States Parties."),
            (ACT, "Coordinate the intersessional work programme with the States Parties and partner organisations."),
        ],
    ),
]

FORMS = [
    (
        "Cover page",
        [
            (
                TXT,
                "State Party: ...\n\nReporting period: from (day/month/year) to (day/month/year)\n\n"
                "Date of submission: (day/month/year)",
            ),
            (
                TXT,
                "Point of contact (name, office, telephone, e-mail) for questions about this report. "
                "The information may be shared with other States Parties and relevant organisations.",
            ),
            (
                TXT,
                "For each form, tick one box:\n- changed since the last report\n- unchanged (last reported: year)\n"
                "- not applicable",
            ),
        ],
    ),
    (
        "Form A: National implementation measures",
        [
            (TXT, "Article 7.1 (a): the national implementation measures referred to in Article 9."),
            (
                TXT,
                "- Legal measures (title, date of adoption, summary)\n- Administrative measures\n- Other measures, "
                "including penal sanctions and military doctrine",
            ),
        ],
    ),
    (
        "Form B: Stockpiles of cluster munitions and their destruction",
        [
            (
                TXT,
                "Article 7.1 (b) and (e): the total of cluster munitions stockpiled, broken down by type, quantity "
                "and, where possible, lot numbers; the status and progress of destruction programmes.",
            ),
            (
                TXT,
                "- Type of cluster munition\n- Quantity of cluster munitions and of explosive submunitions\n"
                "- Quantity destroyed during the reporting period and methods used\n- Destruction sites and the "
                "safety and environmental standards observed",
            ),
        ],
    ),
    (
        "Form C: Technical characteristics",
        [
            (
                TXT,
                "Article 7.1 (c): the technical characteristics of each type of cluster munition produced, owned or "
                "possessed, to the extent known, with information that facilitates identification and clearance.",
            ),
        ],
    ),
    (
        "Form D: Cluster munitions retained and transferred",
        [
            (
                TXT,
                "Article 7.1 (g): the types and quantities of cluster munitions, explosive submunitions and explosive "
                "bomblets retained or transferred under Article 3.6 and 3.7, and the institutions authorised to hold "
                "them.",
            ),
        ],
    ),
    (
        "Form E: Status of programmes for the conversion or decommissioning of production facilities",
        [
            (
                TXT,
                "Article 7.1 (d): the status and progress of programmes to convert or decommission facilities that "
                "produced cluster munitions.",
            )
        ],
    ),
    (
        "Form F: Areas contaminated by cluster munitions and their clearance",
        [
            (
                TXT,
                "Article 7.1 (h) and (i): the size and location of contaminated areas, with as much detail as possible "
                "on the types and quantities of remnants in each, and the progress of clearance.",
            ),
            (
                TXT,
                "- Area (location, size)\n- Types of remnants\n- Area released during the reporting period and the "
                "methods used\n- Remaining area and planned completion",
            ),
        ],
    ),
    (
        "Form G: Risk reduction education and warnings",
        [
            (
                TXT,
                "Article 7.1 (j): the measures taken to provide risk reduction education and, in particular, immediate "
                "and effective warnings to civilians living in or around contaminated areas.",
            )
        ],
    ),
    (
        "Form H: Victim assistance",
        [
            (
                TXT,
                "Article 7.1 (k): the status and progress of the obligations under Article 5, including data on "
                "victims broken down by sex and age, the national plan, the focal point and the services available.",
            ),
        ],
    ),
    (
        "Form I: National resources and international cooperation and assistance",
        [
            (
                TXT,
                "Article 7.1 (l) and (m): the national resources allocated to implementation, and the amounts, types "
                "and destinations of international cooperation and assistance provided or received.",
            )
        ],
    ),
    (
        "Form J: Other relevant matters",
        [(TXT, "Any other information the State Party wishes to report, including on voluntary measures.")],
    ),
]


def _fill(document, outline, by) -> list[Paragraph]:
    sections = list(document.sections.filter(removed_at__isnull=True).order_by("position"))
    made = []
    for section, (heading, paragraphs) in zip(sections, outline, strict=True):
        if section.heading != heading:
            services.section_update(section=section, by=by, heading=heading, numbered=section.numbered)
        for kind, text in paragraphs:
            made.append(services.paragraph_add(document=document, section=section, by=by, kind=kind, text=text))
    return made


def _actions(made: list[Paragraph]) -> list[Paragraph]:
    return [p for p in made if p.kind == ACT]


def _version_now(paragraph_id):
    """As a delegate or drafter opening the page: the version of the paragraph as it is now."""
    return Paragraph.objects.get(pk=paragraph_id).version if paragraph_id else None


def _propose(document, delegation, paragraph, kind, text="", rationale="", when=None):
    proposal = services.proposal_create(
        document=document,
        delegation=delegation,
        by=delegation.focal_points.order_by("pk").first(),
        kind=kind,
        paragraph=paragraph,
        text=text,
        rationale=rationale,
        seen_version=_version_now(paragraph.pk),
    )
    if when:
        Proposal.objects.filter(pk=proposal.pk).update(created_at=when)
    return proposal


def _decide(proposal, by, decision, when=None, **kwargs):
    services.proposal_decide(
        proposal=proposal,
        by=by,
        decision=decision,
        notify=False,
        expected_version=_version_now(proposal.paragraph_id),
        **kwargs,
    )
    if when:
        Proposal.objects.filter(pk=proposal.pk).update(decided_at=when)


def _declaration(meeting, secretariat, presidency, laos) -> OutcomeDocument:
    document = services.document_create(
        meeting=meeting,
        by=secretariat,
        kind=OutcomeDocument.Kind.DECLARATION,
        title=DECLARATION_TITLE,
        agenda_item="Item 12: Adoption of the Vientiane Declaration",
        agenda_item_ref=_agenda_ref(meeting, DECLARATION_TITLE),
        sponsors=[laos],
        drafters=[presidency],
    )
    _fill(document, DECLARATION, secretariat)
    services.document_circulate(
        document=document, by=presidency, comment_deadline=at(2010, 11, 1, 18), now=at(2010, 10, 8), notify=False
    )
    services.document_open_negotiation(document=document, by=presidency)
    services.mark_all_agreed(document=document, by=presidency)
    services.document_adopt(document=document, by=secretariat, now=at(2010, 11, 12, 17))
    services.document_publish(document=document, by=secretariat, now=at(2010, 11, 15))
    return document


def _action_plan(meeting, secretariat, presidency, friend, d) -> OutcomeDocument:
    document = services.document_create(
        meeting=meeting,
        by=secretariat,
        kind=OutcomeDocument.Kind.ACTION_PLAN,
        title=PLAN_TITLE,
        agenda_item=AGENDA_ITEM,
        agenda_item_ref=_agenda_ref(meeting, PLAN_TITLE),
        sponsors=[d["LA"]],
        drafters=[presidency, friend] if friend else [presidency],
    )
    made = _fill(document, PLAN, secretariat)
    actions = _actions(made)
    services.document_circulate(
        document=document, by=presidency, comment_deadline=at(2010, 9, 24, 18), now=at(2010, 8, 20), notify=False
    )
    # The comments of the first round were taken up in September, in informal consultations.
    services.document_open_negotiation(document=document, by=presidency)

    accepted = _propose(
        document,
        d["MX"],
        actions[1],
        "replace",
        "Encourage signatories to ratify the Convention as a matter of priority and offer them legal and technical "
        "help with ratification and with national implementation measures.",
        "Ratification is only the first step; signatories asked for help with implementing legislation too.",
        at(2010, 9, 6),
    )
    _decide(accepted, presidency, "accept", at(2010, 9, 28))

    modified = _propose(
        document,
        d["LB"],
        actions[16],
        "replace",
        "Clear and destroy cluster munition remnants as soon as possible, giving priority to the areas where the "
        "risk to civilians is highest, including agricultural land and places of daily life.",
        "Most casualties in southern Lebanon occur in orchards and fields during the harvest.",
        at(2010, 9, 9),
    )
    _decide(
        modified,
        presidency,
        "accept_modified",
        at(2010, 9, 28),
        final_text="Clear and destroy cluster munition remnants as soon as possible, giving priority to the areas "
        "where the risk to civilians is highest, including agricultural land.",
        reason="Kept shorter: community use of land is covered by the action on involving affected communities.",
    )
    modified.cosponsors.add(d["KH"], d["LA"])

    inserted = _propose(
        document,
        d["CMC"],
        actions[34],
        "insert_after",
        "Ensure that victims living in remote and rural areas can reach services, including by covering the cost of "
        "travel and accommodation.",
        "Survivors told the Santiago conference that distance and cost keep them from rehabilitation centres.",
        at(2010, 9, 10),
    )
    inserted.cosponsors.add(d["HI"], d["NZ"])
    _decide(inserted, friend or presidency, "accept", at(2010, 9, 29), reason="")

    rejected = _propose(
        document,
        d["JP"],
        actions[9],
        "delete",
        rationale="Methods of destruction are already governed by international standards and national law.",
        when=at(2010, 9, 13),
    )
    _decide(
        rejected,
        presidency,
        "reject",
        at(2010, 9, 29),
        reason="Several delegations asked to keep an explicit reference to health and environmental standards.",
    )

    withdrawn = _propose(
        document,
        d["HI"],
        actions[29],
        "replace",
        "Provide physical rehabilitation, including prosthetics and orthotics, close to where victims live, "
        "including in rural areas.",
        "Rehabilitation services are concentrated in capitals.",
        at(2010, 9, 8),
    )
    services.proposal_withdraw(proposal=withdrawn, by=d["HI"].focal_points.order_by("pk").first())
    Proposal.objects.filter(pk=withdrawn.pk).update(decided_at=at(2010, 9, 11))

    comment = services.proposal_create(
        document=document,
        delegation=d["IE"],
        by=d["IE"].focal_points.order_by("pk").first(),
        kind="comment",
        text="The Plan would gain from a stronger reference to gender and diversity throughout, not only in the "
        "section on cooperation.",
    )
    comment.cosponsors.add(d["NZ"], d["MX"])
    Proposal.objects.filter(pk=comment.pk).update(created_at=at(2010, 9, 15))
    _decide(comment, presidency, "accept", at(2010, 9, 29), reason="Reflected in the new last action of section VIII.")

    # The presidency's own changes before Rev.1: brackets around a contested point, and a paragraph moved.
    investment = actions[4]
    services.paragraph_update(
        paragraph=investment,
        by=presidency,
        text="Promote the norm established by the Convention [and discourage any investment in the production of "
        "cluster munitions].",
        expected_version=investment.version,
    )
    partnerships = [p for p in made if p.section_id == made[3].section_id]
    services.paragraph_move(paragraph=partnerships[1], by=presidency, direction="up")

    services.document_circulate(
        document=document, by=presidency, comment_deadline=at(2010, 11, 5, 18), now=at(2010, 10, 15), notify=False
    )
    services.document_open_negotiation(document=document, by=presidency)

    # At the meeting: most paragraphs agreed, some ad referendum, the investment action still open.
    for paragraph in document.paragraphs.active().select_related("section"):
        if "[" in paragraph.text:
            continue
        heading = paragraph.section.heading
        status = (
            Paragraph.Status.AD_REFERENDUM
            if heading == "International cooperation and assistance"
            else (
                Paragraph.Status.OPEN if heading == "Actions in support of implementation" else Paragraph.Status.AGREED
            )
        )
        if status != Paragraph.Status.OPEN:
            services.paragraph_mark(paragraph=paragraph, by=presidency, status=status)

    # Proposals still on the table in Vientiane.
    multi_year = _propose(
        document,
        d["MX"],
        actions[42],
        "replace",
        "Provide assistance in a timely, sustainable and predictable way, including through multi-year funding "
        "agreements where possible.",
        "Predictability is what affected States ask for most.",
        at(2010, 11, 9, 15),
    )
    multi_year.cosponsors.add(d["KH"])
    _propose(
        document,
        d["CL"],
        actions[60],
        "insert_after",
        "Consider offering to host a Meeting of States Parties or an intersessional meeting.",
        "Rotating the meetings among regions brings the Convention closer to affected States.",
        at(2010, 11, 10, 11),
    )
    dignity = services.proposal_create(
        document=document,
        delegation=d["VA"],
        by=d["VA"].focal_points.order_by("pk").first(),
        kind="comment",
        text="The Holy See suggests that the introduction recall the human dignity of every victim.",
    )
    Proposal.objects.filter(pk=dignity.pk).update(created_at=at(2010, 11, 9, 17))
    annual = document.paragraphs.get(pk=actions[52].pk)
    _propose(
        document,
        d["NO"],
        annual,
        "replace",
        "Submit annual updates by 30 April, covering the previous calendar year, and make them public.",
        "Publishing reports strengthens transparency.",
        at(2010, 11, 10, 9),
    )
    # The presidency reworded the action afterwards: Norway's proposal is now shown as outdated.
    services.paragraph_update(
        paragraph=annual,
        by=presidency,
        text="Submit annual updates by 30 April each year, covering the previous calendar year.",
        expected_version=annual.version,
    )
    return document


def _formats(meeting, secretariat, presidency) -> OutcomeDocument:
    document = services.document_create(
        meeting=meeting,
        by=secretariat,
        kind=OutcomeDocument.Kind.REPORTING_FORMATS,
        title=FORMATS_TITLE,
        agenda_item=AGENDA_ITEM,
        agenda_item_ref=_agenda_ref(meeting, FORMATS_TITLE),
        drafters=[presidency],
    )
    _fill(document, FORMS, secretariat)
    services.document_circulate(
        document=document, by=secretariat, comment_deadline=at(2010, 10, 29, 18), now=at(2010, 10, 1), notify=False
    )
    return document


def _agenda_ref(meeting, title: str) -> int | None:
    """The key of the document's item of the agenda, if the meeting's agenda has it (None otherwise)."""
    number = AGENDA_NUMBERS.get(title, "")
    keys = {item_number: pk for pk, (item_number, _title) in outcome_agenda.items_of(meeting).items()}
    return keys.get(number)


def link_agenda_items(meeting) -> int:
    """Documents seeded before they linked their agenda item: link them now (the data is the demo's)."""
    linked = 0
    for document in OutcomeDocument.objects.filter(meeting=meeting, agenda_item_ref__isnull=True):
        ref = _agenda_ref(meeting, document.title)
        if ref is not None:
            linked += OutcomeDocument.objects.filter(pk=document.pk).update(agenda_item_ref=ref)
    return linked


def seed(*, stdout) -> None:
    """Create the 1MSP outcome documents if they are not there yet."""
    meeting = Meeting.objects.filter(slug=MEETING_SLUG).first()
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    presidency = User.objects.filter(email=PRESIDENCY_EMAIL).first()
    if meeting is None or secretariat is None or presidency is None:
        stdout.write("Outcome documents: skipped (run seed_demo first: the 1MSP or its accounts are missing).")
        return
    friend = User.objects.filter(email=FRIEND_EMAIL).first()
    approved = Delegation.objects.filter(meeting=meeting, status=Delegation.Status.APPROVED)
    d = {(x.country.code or x.organisation.acronym): x for x in approved.select_related("organisation")}
    needed = {"LA", "MX", "LB", "KH", "CMC", "HI", "NZ", "JP", "IE", "CL", "VA", "NO"}
    if not needed <= set(d):
        stdout.write(
            f"Outcome documents: skipped (approved delegations missing: {', '.join(sorted(needed - set(d)))})."
        )
        return

    created = []
    # In the order they were first circulated: the plan in August (WP.1), then the declaration (WP.2).
    builders = [
        (PLAN_TITLE, lambda: _action_plan(meeting, secretariat, presidency, friend, d)),
        (DECLARATION_TITLE, lambda: _declaration(meeting, secretariat, presidency, d["LA"])),
        (FORMATS_TITLE, lambda: _formats(meeting, secretariat, presidency)),
    ]
    for title, build in builders:
        if OutcomeDocument.objects.filter(meeting=meeting, title=title).exists():
            continue
        with transaction.atomic():
            created.append(build())
    link_agenda_items(meeting)
    documents = OutcomeDocument.objects.filter(meeting=meeting).order_by("wp_number")
    stdout.write(
        f"Outcome documents of the 1MSP: {len(created)} created, {documents.count()} in all "
        f"({', '.join(f'{doc.symbol} {doc.get_state_display().lower()}' for doc in documents)})."
    )
