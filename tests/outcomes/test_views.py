import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from outcomes import services
from outcomes.models import OutcomeDocument, Paragraph, Proposal
from tests.factories import DelegationFactory, UserFactory
from tests.outcomes.factories import deadline
from tests.queries import warm_queries
from tests.stored_pdfs import body, fetch_pdf

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _url(name, document, **kwargs):
    return reverse(f"outcomes:{name}", kwargs={"pk": document.pk, **kwargs})


def _propose(document, delegation, paragraph, **kwargs):
    data = {"kind": "replace", "text": "A better text.", "rationale": "Clarity."} | kwargs
    return services.proposal_create(
        document=document, delegation=delegation, by=delegation.created_by, paragraph=paragraph, **data
    )


def _publish(document, by):
    services.mark_all_agreed(document=document, by=by)
    services.document_adopt(document=document, by=by, own_symbol="CCM/MSP/2010/4")
    services.document_publish(document=document, by=by)
    document.refresh_from_db()
    return document


# --- who gets in --------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_for_documents_in_preparation(client, plan):
    for url in [
        reverse("outcomes:list", kwargs={"slug": plan.meeting.slug}),
        _url("workspace", plan),
        _url("proposals", plan),
        _url("negotiation", plan),
        _url("revisions", plan),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


def test_a_draft_is_a_404_for_delegates_and_anonymous_visitors(client, plan, accredited):
    assert client.get(_url("detail", plan)).status_code == 404
    client.force_login(accredited.created_by)
    for name in ["detail", "proposals", "revisions", "compare", "working_pdf"]:
        assert client.get(_url(name, plan)).status_code == 404, name


def test_delegates_are_refused_the_drafters_pages(client, circulated_plan, accredited):
    client.force_login(accredited.created_by)
    paragraph = circulated_plan.built["intro"][0]

    assert client.get(_url("workspace", circulated_plan)).status_code == 403
    assert client.get(_url("paragraph_edit", circulated_plan, ppk=paragraph.pk)).status_code == 403
    assert client.post(_url("paragraph_delete", circulated_plan, ppk=paragraph.pk)).status_code == 403
    assert client.get(_url("circulate", circulated_plan)).status_code == 403
    assert client.get(_url("negotiation", circulated_plan)).status_code == 403  # only once negotiation opens
    assert not Paragraph.objects.filter(removed_at__isnull=False).exists()


def test_a_not_accredited_delegation_sees_no_circulated_text(client, circulated_plan, submitted_delegation):
    client.force_login(submitted_delegation.created_by)

    assert client.get(_url("detail", circulated_plan)).status_code == 404
    listing = client.get(reverse("outcomes:list", kwargs={"slug": circulated_plan.meeting.slug}))
    assert "Vientiane Action Plan" not in listing.content.decode()


def test_an_accredited_delegate_reads_the_circulated_revision_with_propose_links(
    client, circulated_plan, accredited, secretariat
):
    services.paragraph_update(
        paragraph=circulated_plan.built["intro"][0], by=secretariat, text="Unpublished change.", expected_version=1
    )
    client.force_login(accredited.created_by)

    page = client.get(_url("detail", circulated_plan)).content.decode()

    assert "The States Parties adopt this plan" in page
    assert "Unpublished change." not in page  # the working text stays with the drafters until negotiation
    assert "Propose an amendment" in page
    assert "CCM/MSP/2010/WP.1" in page


# --- the drafter's workspace ----------------------------------------------------


def test_the_workspace_shows_numbers_and_edits_go_through(client, plan, drafter):
    client.force_login(drafter)

    page = client.get(_url("workspace", plan)).content.decode()
    assert "Action #4" in page
    assert "I. Introduction" in page

    paragraph = plan.built["intro"][0]
    response = client.post(
        _url("paragraph_edit", plan, ppk=paragraph.pk), {"kind": "operative", "text": "Edited.", "version": 1}
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text == "Edited."


@pytest.mark.parametrize("version", [None, "", "one"])
def test_a_paragraph_edit_that_does_not_say_which_version_it_changes_is_refused(client, plan, drafter, version):
    paragraph = plan.built["intro"][0]
    before = paragraph.text
    client.force_login(drafter)
    data = {"kind": "operative", "text": "Edited without a version."}
    if version is not None:
        data["version"] = version

    response = client.post(_url("paragraph_edit", plan, ppk=paragraph.pk), data)

    assert response.status_code in (400, 409)
    assert "Reload the page" in response.content.decode()
    paragraph.refresh_from_db()
    assert paragraph.text == before


def test_the_second_save_of_a_paragraph_is_refused_showing_both_texts_and_keeping_the_users(
    client, plan, drafter, secretariat
):
    paragraph = plan.built["intro"][0]
    services.paragraph_update(
        paragraph=paragraph, by=secretariat, text="Saved first by the secretariat.", expected_version=1
    )
    client.force_login(drafter)

    response = client.post(
        _url("paragraph_edit", plan, ppk=paragraph.pk),
        {"kind": "operative", "text": "The drafter's own wording.", "version": 1},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this paragraph" in page
    assert "Saved first by the secretariat." in page
    assert page.count("The drafter&#x27;s own wording.") >= 2  # shown beside theirs and kept in the textarea
    assert 'name="version" value="2"' in page
    paragraph.refresh_from_db()
    assert paragraph.text == "Saved first by the secretariat."


def test_structure_is_edited_from_the_workspace(client, plan, drafter):
    client.force_login(drafter)
    intro = plan.built["intro"]
    section = intro[0].section

    client.post(_url("paragraph_add", plan), {"after": intro[0].pk, "kind": "operative", "text": "Inserted."})
    client.post(_url("paragraph_move", plan, ppk=intro[1].pk), {"direction": "up"})
    client.post(_url("paragraph_delete", plan, ppk=intro[0].pk))
    client.post(_url("section_add", plan), {"heading": "Annex", "numbered": "on"})
    client.post(_url("paragraph_mark", plan, ppk=intro[1].pk), {"status": "agreed"})

    texts = list(section.paragraphs.active().order_by("position").values_list("text", flat=True))
    assert texts == ["The plan is reviewed at each Meeting of States Parties.", "Inserted."]
    assert plan.sections.filter(heading="Annex").exists()
    intro[1].refresh_from_db()
    assert intro[1].status == "agreed"
    client.post(_url("paragraph_restore", plan, ppk=intro[0].pk))
    assert section.paragraphs.active().count() == 3


def test_a_bad_move_and_a_bad_mark_come_back_as_messages_not_errors(client, plan, drafter):
    client.force_login(drafter)
    first = plan.built["intro"][0]

    response = client.post(_url("paragraph_move", plan, ppk=first.pk), {"direction": "up"}, follow=True)
    assert "already the first" in response.content.decode()
    response = client.post(_url("paragraph_mark", plan, ppk=first.pk), {"status": "nonsense"}, follow=True)
    assert "Choose open" in response.content.decode()


def test_paragraph_history_lists_before_and_after(client, plan, drafter):
    paragraph = plan.built["intro"][0]
    services.paragraph_update(paragraph=paragraph, by=drafter, text="Second wording.", expected_version=1)
    client.force_login(drafter)

    page = client.get(_url("paragraph_history", plan, ppk=paragraph.pk)).content.decode()

    assert "Edited</strong> by Friend of the President" in page
    assert "Second wording." in page
    assert "The States Parties adopt this plan" in page


# --- transitions ----------------------------------------------------------------


def test_circulating_from_the_confirmation_page(client, plan, drafter, accredited, django_capture_on_commit_callbacks):
    client.force_login(drafter)
    url = _url("circulate", plan)
    assert "CCM/MSP/2010/WP.?" in client.get(url).content.decode()
    local = (timezone.now() + dt.timedelta(days=7)).astimezone(plan.meeting.tzinfo)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment_deadline": local.strftime("%Y-%m-%dT%H:%M"), "confirm": "on"})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "circulated"
    assert plan.symbol == "CCM/MSP/2010/WP.1"
    assert abs((plan.comment_deadline - local).total_seconds()) < 60


def test_circulating_with_a_past_deadline_is_refused_on_the_form(client, plan, drafter):
    client.force_login(drafter)

    response = client.post(_url("circulate", plan), {"comment_deadline": "2001-01-01T10:00", "confirm": "on"})

    assert response.status_code == 400
    assert "must be in the future" in response.content.decode()
    assert not plan.revisions.exists()


def test_the_adoption_page_lists_what_blocks_adoption(client, circulated_plan, secretariat, accredited):
    services.paragraph_update(
        paragraph=circulated_plan.built["actions"][1], by=secretariat, text="Take [two] steps.", expected_version=1
    )
    client.force_login(secretariat)

    response = client.post(_url("adopt", circulated_plan), {"confirm": "on"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Action #2: square brackets remain." in page
    assert "Paragraph 1: still open." in page
    circulated_plan.refresh_from_db()
    assert circulated_plan.state == "circulated"


def test_each_step_has_its_own_page_and_rule(client, circulated_plan, drafter, secretariat):
    steps = ["circulate", "negotiate", "adopt", "publish"]

    client.force_login(drafter)
    drafter_sees = {step: client.get(_url(step, circulated_plan)).status_code for step in steps}
    client.force_login(secretariat)
    secretariat_sees = {step: client.get(_url(step, circulated_plan)).status_code for step in steps}

    # Drafters circulate and open the negotiation; the secretariat records the adoption; publishing waits for it.
    assert drafter_sees == {"circulate": 200, "negotiate": 200, "adopt": 403, "publish": 403}
    assert secretariat_sees == {"circulate": 200, "negotiate": 200, "adopt": 200, "publish": 403}
    circulated_plan.refresh_from_db()
    assert circulated_plan.state == "circulated"


def test_a_drafter_posting_to_the_adoption_page_is_refused_and_nothing_changes(client, circulated_plan, drafter):
    services.mark_all_agreed(document=circulated_plan, by=drafter)
    client.force_login(drafter)

    response = client.post(_url("adopt", circulated_plan), {"confirm": "on"})

    assert response.status_code == 403
    circulated_plan.refresh_from_db()
    assert circulated_plan.state == "circulated"
    assert not circulated_plan.revisions.filter(kind="adopted").exists()


def test_the_document_header_links_each_allowed_step_to_its_page(client, circulated_plan, drafter):
    client.force_login(drafter)

    page = client.get(_url("detail", circulated_plan)).content.decode()

    assert f'href="{_url("circulate", circulated_plan)}"' in page
    assert "Circulate a revision" in page
    assert f'href="{_url("negotiate", circulated_plan)}"' in page
    assert _url("adopt", circulated_plan) not in page


def test_anonymous_visitors_asking_for_a_step_are_sent_to_log_in_even_for_a_missing_document(client, plan):
    for url in [_url("circulate", plan), reverse("outcomes:publish", kwargs={"pk": plan.pk + 1000})]:
        response = client.get(url)

        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


# --- proposals --------------------------------------------------------------------


def test_a_delegate_proposes_from_the_form(client, circulated_plan, accredited):
    action = circulated_plan.built["actions"][0]
    client.force_login(accredited.created_by)
    url = _url("propose", circulated_plan, uid=action.uid)
    assert "Take step 1 of area 1" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "delegation": accredited.pk,
            "kind": "replace",
            "text": "Take step 1 within six months.",
            "rationale": "Urgency.",
            "seen_version": 1,
        },
    )

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.delegation, proposal.text, proposal.base_label) == (
        accredited,
        "Take step 1 within six months.",
        "Action #1",
    )


def test_a_not_accredited_delegate_cannot_reach_the_proposal_form(client, circulated_plan, submitted_delegation):
    client.force_login(submitted_delegation.created_by)
    action = circulated_plan.built["actions"][0]

    assert client.get(_url("propose", circulated_plan, uid=action.uid)).status_code == 404
    assert client.post(_url("comment", circulated_plan), {"text": "Hi"}).status_code == 404
    assert not Proposal.objects.exists()


def test_a_delegate_cannot_post_a_proposal_in_another_delegations_name(
    client, circulated_plan, accredited, other_accredited
):
    client.force_login(accredited.created_by)

    response = client.post(
        _url("propose", circulated_plan, uid=circulated_plan.built["intro"][0].uid),
        {"delegation": other_accredited.pk, "kind": "delete", "rationale": "x"},
    )

    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_the_drafter_accepts_a_proposal_from_the_queue(client, circulated_plan, accredited, drafter):
    action = circulated_plan.built["actions"][0]
    proposal = _propose(circulated_plan, accredited, action, text="Take step 1 at once.")
    client.force_login(drafter)

    response = client.post(
        _url("proposal_decide", circulated_plan, prpk=proposal.pk), {"decision": "accept", "expected_version": 1}
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.text == "Take step 1 at once."


@pytest.mark.parametrize("version", [None, "", "one"])
def test_accepting_a_proposal_from_a_form_without_the_paragraph_version_is_refused(
    client, circulated_plan, accredited, drafter, version
):
    action = circulated_plan.built["actions"][0]
    before = action.text
    proposal = _propose(circulated_plan, accredited, action, text="Take step 1 at once.")
    client.force_login(drafter)
    data = {"decision": "accept"}
    if version is not None:
        data["expected_version"] = version

    response = client.post(_url("proposal_decide", circulated_plan, prpk=proposal.pk), data)

    assert response.status_code in (400, 409)
    assert "Reload the page" in response.content.decode()
    action.refresh_from_db()
    assert action.text == before
    proposal.refresh_from_db()
    assert proposal.is_pending


def test_an_outdated_proposal_opens_the_reconciliation_with_both_texts(client, circulated_plan, accredited, drafter):
    action = circulated_plan.built["actions"][0]
    proposal = _propose(circulated_plan, accredited, action, text="Take step 1 at once.")
    services.paragraph_update(paragraph=action, by=drafter, text="Take step 1 in 2011.", expected_version=1)
    client.force_login(drafter)
    url = _url("proposal_decide", circulated_plan, prpk=proposal.pk)

    page = client.get(url).content.decode()
    assert "Outdated proposal." in page
    assert "Take step 1 in 2011." in page
    assert "Take step 1 at once." in page

    response = client.post(
        url,
        {
            "decision": "accept",
            "final_text": "Take step 1 at once, in 2011.",
            "reason": "Merged.",
            "reconciled": "True",
            "expected_version": 2,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.text == "Take step 1 at once, in 2011."


def test_other_delegations_withdrawn_proposals_are_not_listed(client, circulated_plan, accredited, other_accredited):
    withdrawn = _propose(circulated_plan, accredited, circulated_plan.built["intro"][0], text="Withdrawn idea.")
    services.proposal_withdraw(proposal=withdrawn, by=accredited.created_by)
    _propose(circulated_plan, accredited, circulated_plan.built["intro"][1], text="Standing idea.")

    client.force_login(other_accredited.created_by)
    page = client.get(_url("proposals", circulated_plan)).content.decode()
    assert "Standing idea" in page
    assert "Withdrawn idea" not in page
    assert client.post(_url("proposal_withdraw", circulated_plan, prpk=withdrawn.pk)).status_code == 404

    client.force_login(accredited.created_by)
    assert "Withdrawn idea" in client.get(_url("proposals", circulated_plan)).content.decode()


def test_script_in_paragraphs_proposals_and_rationales_is_escaped_on_every_page(
    client, circulated_plan, accredited, secretariat, drafter
):
    services.paragraph_update(
        paragraph=circulated_plan.built["intro"][0], by=secretariat, text=f"Intro {XSS}", expected_version=1
    )
    services.document_open_negotiation(document=circulated_plan, by=secretariat)
    circulated_plan.refresh_from_db()
    _propose(
        circulated_plan,
        accredited,
        circulated_plan.built["intro"][1],
        text=f"Prop {XSS}",
        rationale=f"Why {XSS}",
        seen_version=circulated_plan.built["intro"][1].version,
    )
    services.proposal_create(
        document=circulated_plan,
        delegation=accredited,
        by=accredited.created_by,
        kind="comment",
        text=f"Comment {XSS}",
    )

    for user, names in [
        (drafter, ["workspace", "negotiation", "proposals", "detail", "compare"]),
        (accredited.created_by, ["negotiation", "proposals", "detail"]),
    ]:
        client.force_login(user)
        for name in names:
            page = client.get(_url(name, circulated_plan)).content.decode()
            assert "<script>alert" not in page, name
            assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", ""), name
            assert "<img src=x" not in page, name


# --- revisions, comparison, public page ------------------------------------------


def test_the_comparison_page_and_pdf_show_the_change_between_two_revisions(client, circulated_plan, secretariat):
    action = circulated_plan.built["actions"][0]
    services.paragraph_update(paragraph=action, by=secretariat, text="Take step 1 now.", expected_version=1)
    services.document_circulate(document=circulated_plan, by=secretariat, comment_deadline=deadline(), notify=False)
    client.force_login(secretariat)

    page = client.get(_url("compare", circulated_plan) + "?from=0&to=1").content.decode()
    assert "1 changed, 0 added, 0 deleted, 0 moved." in page
    assert "<del>of area 1 within one year</del><ins>now</ins>" in page

    response = fetch_pdf(client, _url("compare_pdf", circulated_plan) + "?from=0&to=1")
    assert response["Content-Type"] == "application/pdf"
    assert "Action #1" in PdfReader(io.BytesIO(body(response))).pages[0].extract_text()


def test_delegates_cannot_compare_with_the_working_text_before_negotiation(client, circulated_plan, accredited):
    client.force_login(accredited.created_by)

    assert client.get(_url("compare", circulated_plan) + "?from=0&to=working").status_code == 404
    assert client.get(_url("compare", circulated_plan) + "?from=0&to=9").status_code == 404


def test_the_public_page_lists_published_documents_with_pdfs_and_hides_the_rest(
    client, circulated_plan, meeting, secretariat
):
    draft = services.document_create(
        meeting=meeting, by=secretariat, kind="declaration", title="Secret draft declaration"
    )
    _publish(circulated_plan, secretariat)
    adopted = circulated_plan.revisions.get(kind="adopted")

    page = client.get(reverse("outcomes:published", kwargs={"slug": meeting.slug})).content.decode()

    assert "CCM/MSP/2010/4" in page
    assert "Vientiane Action Plan" in page
    assert draft.title not in page
    pdf = fetch_pdf(client, _url("revision_pdf", circulated_plan, number=adopted.number))
    assert pdf.status_code == 200
    assert body(pdf).startswith(b"%PDF")
    assert client.get(_url("revision_pdf", circulated_plan, number=0)).status_code == 404  # the circulated draft
    assert client.get(_url("proposals", circulated_plan)).status_code == 302
    detail = client.get(_url("detail", circulated_plan)).content.decode()
    assert "Adopted text" in detail
    assert "Propose an amendment" not in detail


def test_the_meeting_page_links_to_the_outcome_documents(client, meeting):
    page = client.get(reverse("meetings:detail", kwargs={"slug": meeting.slug})).content.decode()

    assert reverse("outcomes:published", kwargs={"slug": meeting.slug}) in page


def test_the_secretariat_creates_a_document_and_names_a_drafter(client, meeting, secretariat, accredited):
    client.force_login(secretariat)
    response = client.post(
        reverse("outcomes:create", kwargs={"slug": meeting.slug}),
        {
            "kind": "declaration",
            "title": "Vientiane Declaration",
            "agenda_item": "Item 11",
            "original_language": "en",
            "distribution": "limited",
            "sponsors": [accredited.pk],
        },
    )
    document = OutcomeDocument.objects.get(title="Vientiane Declaration")
    assert response.status_code == 302
    friend = UserFactory(email="friend@mission.example")

    client.post(_url("drafter_add", document), {"email": "FRIEND@mission.example"})
    response = client.post(_url("drafter_add", document), {"email": "nobody@nowhere.example"}, follow=True)

    assert list(document.drafters.all()) == [friend]
    assert "No account uses this address" in response.content.decode()
    assert list(document.sponsors.all()) == [accredited]


def test_a_drafter_cannot_name_other_drafters(client, plan, drafter):
    client.force_login(drafter)
    UserFactory(email="friend@mission.example")

    client.post(_url("drafter_add", plan), {"email": "friend@mission.example"}, follow=True)

    assert list(plan.drafters.all()) == [drafter]


def test_only_the_proposing_delegation_may_withdraw_a_proposal(client, circulated_plan, accredited, other_accredited):
    proposal = _propose(circulated_plan, accredited, circulated_plan.built["intro"][0])
    client.force_login(other_accredited.created_by)

    refused = client.post(_url("proposal_withdraw", circulated_plan, prpk=proposal.pk))
    client.force_login(accredited.created_by)
    done = client.post(_url("proposal_withdraw", circulated_plan, prpk=proposal.pk))

    assert (refused.status_code, done.status_code) == (403, 302)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_a_drafter_who_is_not_secretariat_is_refused_the_drafter_and_language_forms(client, plan, drafter):
    friend = UserFactory(email="friend@mission.example")
    client.force_login(drafter)

    add = client.post(_url("drafter_add", plan), {"email": friend.email})
    remove = client.post(_url("drafter_remove", plan, user_pk=drafter.pk))

    assert (add.status_code, remove.status_code) == (403, 403)
    assert list(plan.drafters.all()) == [drafter]


def test_the_list_explains_what_is_shared_only_to_those_who_do_not_read_circulated_texts(
    client, meeting, secretariat, accredited, stranger
):
    url = reverse("outcomes:list", kwargs={"slug": meeting.slug})
    note = "Circulated texts are shared with the focal points of accredited delegations."

    shown = {}
    for name, user in [("secretariat", secretariat), ("accredited", accredited.created_by), ("stranger", stranger)]:
        client.force_login(user)
        shown[name] = note in client.get(url).content.decode()

    assert shown == {"secretariat": False, "accredited": False, "stranger": True}


def test_an_unpublished_meeting_has_no_outcome_pages_for_delegates(client, meeting, accredited):
    meeting.is_published = False
    meeting.save(update_fields=["is_published"])
    client.force_login(accredited.created_by)

    for name in ["published", "list", "create"]:
        assert client.get(reverse(f"outcomes:{name}", kwargs={"slug": meeting.slug})).status_code in (403, 404), name


# --- N+1 guards ----------------------------------------------------------------------


def _count(client, url):
    return warm_queries(client, url)


def test_the_documents_list_does_not_query_per_document(client, meeting, secretariat, accredited):
    client.force_login(secretariat)
    url = reverse("outcomes:list", kwargs={"slug": meeting.slug})
    services.document_create(meeting=meeting, by=secretariat, kind="other", title="D0", sponsors=[accredited])
    one = _count(client, url)
    for n in range(1, 6):
        services.document_create(meeting=meeting, by=secretariat, kind="other", title=f"D{n}", sponsors=[accredited])

    assert _count(client, url) == one


@pytest.fixture
def negotiated(circulated_plan, secretariat):
    services.document_open_negotiation(document=circulated_plan, by=secretariat)
    circulated_plan.refresh_from_db()
    return circulated_plan


def test_the_negotiation_view_does_not_query_per_paragraph_or_proposal(
    client, negotiated, accredited, other_accredited, drafter
):
    client.force_login(drafter)
    url = _url("negotiation", negotiated)
    paragraphs = list(negotiated.paragraphs.active())
    first = _propose(negotiated, accredited, paragraphs[0], text="P0", seen_version=paragraphs[0].version)
    services.proposal_cosponsor(proposal=first, delegation=other_accredited, by=other_accredited.created_by)
    one = _count(client, url)
    for index, paragraph in enumerate(paragraphs[1:6], start=1):
        proposal = _propose(negotiated, accredited, paragraph, text=f"P{index}", seen_version=paragraph.version)
        services.proposal_cosponsor(proposal=proposal, delegation=other_accredited, by=other_accredited.created_by)
        services.paragraph_mark(paragraph=paragraph, by=drafter, status="ad_referendum")

    assert _count(client, url) == one


def test_the_proposals_list_does_not_query_per_proposal(client, circulated_plan, accredited, other_accredited):
    client.force_login(other_accredited.created_by)
    url = _url("proposals", circulated_plan)
    paragraphs = list(circulated_plan.paragraphs.active())
    _propose(circulated_plan, accredited, paragraphs[0], text="P0")
    one = _count(client, url)
    for index, paragraph in enumerate(paragraphs[1:6], start=1):
        proposal = _propose(circulated_plan, accredited, paragraph, text=f"P{index}")
        services.proposal_cosponsor(proposal=proposal, delegation=other_accredited, by=other_accredited.created_by)

    assert _count(client, url) == one


def test_a_second_accredited_delegation_of_the_same_user_is_offered_on_the_form(client, circulated_plan, accredited):
    second = DelegationFactory(meeting=circulated_plan.meeting, country="MX", sort_name="Mexico", status="approved")
    second.focal_points.add(accredited.created_by)
    client.force_login(accredited.created_by)

    page = client.get(_url("propose", circulated_plan, uid=circulated_plan.built["intro"][0].uid)).content.decode()

    assert "Mexico" in page
    assert "France" in page


# --- revisions, language versions, odd input ----------------------------------------


def test_revision_pages_and_pdfs_are_open_to_accredited_delegations(
    client, circulated_plan, accredited, submitted_delegation
):
    client.force_login(accredited.created_by)

    listing = client.get(_url("revisions", circulated_plan)).content.decode()
    page = client.get(_url("revision", circulated_plan, number=0)).content.decode()
    pdf = fetch_pdf(client, _url("revision_pdf", circulated_plan, number=0))

    assert "CCM/MSP/2010/WP.1" in listing
    assert "First circulation" in listing
    assert "Action #4" in page
    assert "CCM/MSP/2010/WP.1" in PdfReader(io.BytesIO(body(pdf))).pages[0].extract_text()
    client.force_login(submitted_delegation.created_by)
    assert client.get(_url("revision", circulated_plan, number=0)).status_code == 404
    assert client.get(_url("revision_pdf", circulated_plan, number=0)).status_code == 404


# Language versions: tests/outcomes/test_translations.py.


def test_a_forged_cosponsor_request_is_a_400_not_an_error(client, circulated_plan, accredited, other_accredited):
    proposal = _propose(circulated_plan, accredited, circulated_plan.built["intro"][0])
    client.force_login(other_accredited.created_by)

    assert (
        client.post(_url("proposal_cosponsor", circulated_plan, prpk=proposal.pk), {"delegation": "abc"}).status_code
        == 400
    )
    assert (
        client.post(
            _url("proposal_cosponsor", circulated_plan, prpk=proposal.pk), {"delegation": accredited.pk}
        ).status_code
        == 404
    )  # not their delegation
    assert not proposal.cosponsors.exists()


def test_a_paragraph_added_after_circulation_cannot_be_proposed_on_before_the_next_circulation(
    client, circulated_plan, accredited, secretariat
):
    added = services.paragraph_add(
        document=circulated_plan,
        section=circulated_plan.built["intro"][0].section,
        by=secretariat,
        kind="operative",
        text="Not yet circulated text.",
    )
    client.force_login(accredited.created_by)

    response = client.get(_url("propose", circulated_plan, uid=added.uid), follow=True)

    assert "not part of the circulated text" in response.content.decode()
    assert "Not yet circulated text." not in response.content.decode()


def test_the_public_page_does_not_query_per_document(client, meeting, secretariat, pdf_upload):
    url = reverse("outcomes:published", kwargs={"slug": meeting.slug})

    def publish(title):
        document = services.document_create(meeting=meeting, by=secretariat, kind="decision", title=title)
        services.paragraph_add(
            document=document, section=document.sections.get(), by=secretariat, kind="operative", text="Decides."
        )
        services.document_circulate(document=document, by=secretariat, comment_deadline=deadline(), notify=False)
        services.mark_all_agreed(document=document, by=secretariat)
        services.document_adopt(document=document, by=secretariat)
        services.translation_upload(
            document=document, language="fr", upload=pdf_upload, by=secretariat, expected_version=0
        )
        services.translation_save(
            document=document, language="fr", by=secretariat, title="", texts={}, status="issued", expected_version=1
        )
        services.document_publish(document=document, by=secretariat)

    publish("Decision 0")
    one = _count(client, url)
    for n in range(1, 6):
        pdf_upload.seek(0)
        publish(f"Decision {n}")

    assert _count(client, url) == one
    assert client.get(url).content.decode().count("French") == 6


def test_the_workspace_does_not_query_per_paragraph(client, meeting, secretariat):
    client.force_login(secretariat)
    document = services.document_create(meeting=meeting, by=secretariat, kind="declaration", title="Declaration")
    section = document.sections.get()
    services.paragraph_add(document=document, section=section, by=secretariat, kind="operative", text="P0")
    url = _url("workspace", document)
    one = _count(client, url)
    for n in range(1, 6):
        services.paragraph_add(document=document, section=section, by=secretariat, kind="action", text=f"P{n}")

    assert _count(client, url) == one
