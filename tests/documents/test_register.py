"""The register of symbols: numbers handed out once, in order, and frozen once issued."""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, InternalError, connections, transaction

from ccm_portal.audit.models import AuditEntry
from ccm_portal.documents import services
from ccm_portal.documents.models import Document, DocumentFile, SymbolCounter
from tests.conftest import make_pdf_bytes
from tests.factories import FirstMeetingFactory, MeetingFactory

PARTICULARS = {"category": "working_paper", "title": "Universalization", "author": "Mexico"}


def reserve(meeting, series="WP", by=None, **extra):
    return services.document_reserve(meeting=meeting, series=series, by=by, **{**PARTICULARS, **extra})


@pytest.mark.django_db
def test_each_series_of_a_meeting_is_numbered_from_one_with_the_meeting_s_prefix(secretariat):
    meeting = FirstMeetingFactory()
    agenda = reserve(meeting, "main", secretariat, category="organization", title="Provisional agenda")
    programme = reserve(meeting, "main", secretariat, category="organization", title="Programme of work")
    first_wp = reserve(meeting, "WP", secretariat)
    inf = reserve(meeting, "INF", secretariat, category="information", title="List of participants")
    crp = reserve(meeting, "CRP", secretariat)

    assert [d.symbol for d in (agenda, programme, first_wp, inf, crp)] == [
        "CCM/MSP/2010/1",
        "CCM/MSP/2010/2",
        "CCM/MSP/2010/WP.1",
        "CCM/MSP/2010/INF.1",
        "CCM/MSP/2010/CRP.1",
    ]
    assert agenda.status == Document.Status.RESERVED
    assert AuditEntry.objects.filter(trail="documents", action="reserved", subject="CCM/MSP/2010/WP.1").exists()


@pytest.mark.django_db
def test_another_meeting_s_numbers_are_its_own(secretariat):
    first, second = MeetingFactory(symbol_prefix="CCM/MSP/2010"), MeetingFactory(symbol_prefix="CCM/MSP/2011")
    reserve(first, by=secretariat)
    reserve(first, by=secretariat)

    assert reserve(second, by=secretariat).symbol == "CCM/MSP/2011/WP.1"


@pytest.mark.django_db
def test_a_meeting_without_a_symbol_prefix_gets_no_symbol(secretariat):
    meeting = MeetingFactory(symbol_prefix="")

    with pytest.raises(services.DocumentError, match="symbol prefix"):
        reserve(meeting, by=secretariat)
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_revisions_addenda_and_amendments_carry_their_lineage_in_the_symbol(secretariat):
    meeting = MeetingFactory(symbol_prefix="CCM/MSP/2011")
    for _n in range(2):
        reserve(meeting, by=secretariat)
    wp3 = reserve(meeting, by=secretariat, title="Transparency")
    rev1 = services.document_reserve_suffix(parent=wp3, suffix="Rev", by=secretariat)
    rev2 = services.document_reserve_suffix(parent=wp3, suffix="Rev", by=secretariat, title="Transparency, revised")
    amend = services.document_reserve_suffix(parent=rev1, suffix="Amend", by=secretariat)
    add = services.document_reserve_suffix(parent=wp3, suffix="Add", by=secretariat)
    corr = services.document_reserve_suffix(parent=wp3, suffix="Corr", by=secretariat)

    assert [d.symbol for d in (rev1, rev2, amend, add, corr)] == [
        "CCM/MSP/2011/WP.3/Rev.1",
        "CCM/MSP/2011/WP.3/Rev.2",
        "CCM/MSP/2011/WP.3/Rev.1/Amend.1",
        "CCM/MSP/2011/WP.3/Add.1",
        "CCM/MSP/2011/WP.3/Corr.1",
    ]
    assert amend.parent == rev1
    assert rev1.parent == wp3
    assert rev1.title == "Transparency"
    assert rev1.author == "Mexico"
    assert rev2.title == "Transparency, revised"
    # The next working paper is WP.4: a revision takes no number of the series.
    assert reserve(meeting, by=secretariat).symbol == "CCM/MSP/2011/WP.4"


@pytest.mark.django_db
def test_the_register_sorts_wp_10_after_wp_9_and_a_paper_s_revisions_under_it(secretariat):
    meeting = MeetingFactory(symbol_prefix="CCM/MSP/2010")
    papers = [reserve(meeting, by=secretariat) for _n in range(10)]
    services.document_reserve_suffix(parent=papers[1], suffix="Rev", by=secretariat)
    reserve(meeting, "main", secretariat)
    reserve(meeting, "INF", secretariat)

    symbols = list(Document.objects.filter(meeting=meeting).order_by("sort_key").values_list("symbol", flat=True))

    assert [s.removeprefix("CCM/MSP/2010/") for s in symbols] == [
        "1",
        "WP.1",
        "WP.2",
        "WP.2/Rev.1",
        "WP.3",
        "WP.4",
        "WP.5",
        "WP.6",
        "WP.7",
        "WP.8",
        "WP.9",
        "WP.10",
        "INF.1",
    ]


@pytest.mark.django_db
def test_issuing_a_reserved_document_dates_it_in_the_meeting_s_zone_and_once_only(secretariat):
    document = reserve(MeetingFactory(), by=secretariat)

    issued = services.document_issue(
        document=document, by=secretariat, expected_version=1, issued_on=dt.date(2010, 11, 9)
    )

    assert issued.status == Document.Status.ISSUED
    assert issued.issued_on == dt.date(2010, 11, 9)
    with pytest.raises(services.DocumentError, match="issued already"):
        services.document_issue(document=issued, by=secretariat, expected_version=issued.version)


@pytest.mark.django_db
def test_a_reserved_number_is_never_handed_out_again(secretariat):
    meeting = MeetingFactory()
    first = reserve(meeting, by=secretariat)
    # Even if the reserved row went away (by the admin or a shell), its number stays used.
    Document.objects.filter(pk=first.pk).delete()

    assert reserve(meeting, by=secretariat).number == 2
    assert SymbolCounter.objects.get(meeting=meeting, series="WP").last_number == 2


@pytest.mark.django_db
def test_a_stale_form_does_not_overwrite_a_reserved_document_s_particulars(secretariat):
    document = reserve(MeetingFactory(), by=secretariat)
    services.document_update(document=document, by=secretariat, expected_version=1, title="Victim assistance")

    with pytest.raises(services.ConcurrentEditError):
        services.document_update(document=document, by=secretariat, expected_version=1, title="Clearance")
    assert Document.objects.get(pk=document.pk).title == "Victim assistance"


@pytest.mark.django_db
def test_an_issued_document_s_particulars_are_final(secretariat):
    document = reserve(MeetingFactory(), by=secretariat, issue=True)

    with pytest.raises(services.DocumentError, match="no longer change"):
        services.document_update(document=document, by=secretariat, expected_version=1, title="Something else")


@pytest.mark.django_db
def test_the_database_refuses_to_change_an_issued_symbol_whoever_writes_it(secretariat):
    document = reserve(MeetingFactory(), by=secretariat, issue=True)

    for change in ({"symbol": "CCM/MSP/2030/WP.99"}, {"number": 99}, {"status": "reserved"}):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            Document.objects.filter(pk=document.pk).update(**change)
    document.refresh_from_db()
    assert document.symbol.endswith("/WP.1")
    assert document.is_issued
    # Other columns still change (the title in another language, for instance).
    Document.objects.filter(pk=document.pk).update(title_fr="Universalisation")


@pytest.mark.django_db
def test_a_reserved_document_s_symbol_is_not_frozen_by_the_database(secretariat):
    document = reserve(MeetingFactory(), by=secretariat)

    Document.objects.filter(pk=document.pk).update(sort_key="x")


@pytest.mark.django_db
def test_two_documents_never_share_a_symbol(secretariat):
    document = reserve(MeetingFactory(), by=secretariat)
    twin = Document(
        meeting=document.meeting,
        series="CRP",
        number=1,
        symbol=document.symbol,
        sort_key="3000001",
        **PARTICULARS,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.django_db
def test_a_language_file_is_checked_stored_and_replaced(secretariat):
    document = reserve(MeetingFactory(), by=secretariat)
    upload = SimpleUploadedFile("wp1.pdf", make_pdf_bytes("WP.1"), content_type="application/pdf")
    with pytest.raises(services.DocumentError, match="not a PDF"):
        services.document_file_store(
            document=document, language="fr", upload=SimpleUploadedFile("x.pdf", b"<html>"), by=secretariat
        )

    first = services.document_file_store(document=document, language="fr", upload=upload, by=secretariat)
    upload.seek(0)
    services.document_file_store(document=document, language="fr", upload=upload, by=secretariat)

    assert DocumentFile.objects.filter(document=document).count() == 1
    assert DocumentFile.objects.get(document=document).file.name != first.file.name


@pytest.mark.django_db(transaction=True)
def test_twenty_documents_issued_at_the_same_moment_get_twenty_distinct_numbers(on_postgres, secretariat):
    meeting = MeetingFactory(symbol_prefix="CCM/MSP/2010")
    barrier = threading.Barrier(20)
    results = [None] * 20

    def issue(index):
        try:
            barrier.wait(timeout=10)
            results[index] = reserve(meeting, by=secretariat, issue=True).symbol
        except Exception as exc:  # noqa: BLE001 - the test looks at what each thread got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results, key=lambda s: int(str(s).rsplit(".", 1)[-1])) == [
        f"CCM/MSP/2010/WP.{n}" for n in range(1, 21)
    ]
    assert SymbolCounter.objects.get(meeting=meeting, series="WP").last_number == 20
