"""Two people at once: run on PostgreSQL (skipped on SQLite, which serialises writers)."""

import threading

import pytest
from django.core import mail
from django.db import connections

from outcomes import services
from outcomes.models import OutcomeDocument, Paragraph, ParagraphChange, Revision
from tests.outcomes.factories import deadline

pytestmark = pytest.mark.django_db(transaction=True)


def _race(functions):
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", function())
        except Exception as exc:  # noqa: BLE001 - the test looks at what each thread got
            results[index] = ("error", exc)
        finally:
            connections.close_all()  # the thread's own connection, so the test database can be dropped

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_drafters_saving_the_same_paragraph_at_once_lose_nothing(on_postgres, plan, secretariat, drafter):
    paragraph = plan.built["intro"][0]
    texts = {secretariat.pk: "The secretariat's wording.", drafter.pk: "The Friend's wording."}

    results = _race(
        [
            lambda user=user: services.paragraph_update(
                paragraph=paragraph, by=user, text=texts[user.pk], expected_version=1
            )
            for user in (secretariat, drafter)
        ]
    )

    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"]
    conflict = next(value for kind, value in results if kind == "error")
    assert isinstance(conflict, services.ParagraphConflict)
    saved = Paragraph.objects.get(pk=paragraph.pk)
    winner = next(value for kind, value in results if kind == "ok")
    assert saved.text == winner.text
    assert saved.version == 2
    assert conflict.current.text == saved.text  # the loser is shown the text that won
    assert ParagraphChange.objects.filter(paragraph=paragraph, action="edited").count() == 1


def test_documents_circulated_at_the_same_moment_get_distinct_working_paper_numbers(on_postgres, meeting, secretariat):
    documents = []
    for n in range(4):
        document = services.document_create(meeting=meeting, by=secretariat, kind="decision", title=f"Decision {n}")
        services.paragraph_add(
            document=document, section=document.sections.get(), by=secretariat, kind="operative", text="Decides."
        )
        documents.append(document)

    results = _race(
        [
            lambda document=document: services.document_circulate(
                document=document, by=secretariat, comment_deadline=deadline(), notify=False
            )
            for document in documents
        ]
    )

    assert [kind for kind, _ in results] == ["ok"] * 4
    symbols = sorted(Revision.objects.values_list("symbol", flat=True))
    assert symbols == [f"CCM/MSP/2010/WP.{n}" for n in range(1, 5)]
    assert sorted(OutcomeDocument.objects.values_list("wp_number", flat=True)) == [1, 2, 3, 4]


def test_ten_simultaneous_circulate_clicks_issue_one_revision_and_one_round_of_mail(
    on_postgres, plan, secretariat, drafter, accredited, other_accredited
):
    users = [secretariat, drafter] * 5

    results = _race(
        [
            lambda user=user: services.document_circulate(document=plan, by=user, comment_deadline=deadline())
            for user in users
        ]
    )

    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error"] * 9 + ["ok"]
    refusals = [value for kind, value in results if kind == "error"]
    assert all(isinstance(exc, services.OutcomeError) and "same as CCM/MSP/2010/WP.1" in str(exc) for exc in refusals)
    assert list(Revision.objects.values_list("symbol", flat=True)) == ["CCM/MSP/2010/WP.1"]
    # One message per focal point of the two accredited delegations, sent once.
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [accredited.created_by.email, other_accredited.created_by.email]
    )
