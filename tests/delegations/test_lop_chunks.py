"""A long list of participants is laid out once and its pages written on every core (jobs/chunks.py)."""

import io
import subprocess

import pytest
from pypdf import PdfReader

from ccm_portal.jobs import chunks
from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob
from delegations import lists, renderers, services_lists
from tests.delegations.factories_lists import approved_delegation, approved_participant, run_jobs

pytestmark = pytest.mark.django_db


def add_states_parties(world, *, delegations: int, each: int) -> None:
    """States Parties sorted after the world's two, enough of them for several pages."""
    for number, country in enumerate(["PE", "PY", "PT", "PL", "PH", "PA"][:delegations]):
        delegation = approved_delegation(world["meeting"], country=country, sort_name=f"Peru {number:02d}")
        for index in range(each):
            approved_participant(delegation, role="adviser", given_name=f"Rosa{number:02d}x{index:02d}")


def pdftotext_pages(pdf: bytes) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode().split("\f")[:-1]  # a form feed ends every page


def outline_titles(pdf: bytes) -> list:
    def walk(items):
        return [walk(item) if isinstance(item, list) else item.title for item in items]

    return walk(PdfReader(io.BytesIO(pdf)).outline)


class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, percent, note=""):
        self.calls.append((percent, note))


def lop_job(world):
    job, _how = services_lists.request_lop_pdf(meeting=world["meeting"], variant=lists.Variant.COMPLETE, by=None)
    return job


def test_a_chunked_list_has_the_pages_numbers_headings_and_text_of_a_single_render(world, settings):
    add_states_parties(world, delegations=6, each=30)
    job = lop_job(world)

    settings.RENDER_CHUNK_ROWS = 10**6
    single = renderers.render_lop(job, Recorder())
    settings.RENDER_CHUNK_ROWS = 10
    settings.RENDER_CHUNK_WORKERS = 3
    progress = Recorder()
    chunked = renderers.render_lop(job, progress)

    assert single.fingerprint == chunked.fingerprint
    single_pages, chunked_pages = pdftotext_pages(single.content), pdftotext_pages(chunked.content)
    pages = len(single_pages)
    assert pages >= 4
    assert chunked_pages == single_pages
    assert f"1/{pages}" in chunked_pages[0]
    assert f"{pages}/{pages}" in chunked_pages[-1]
    # The second chunk starts in the middle of the States Parties: their heading is printed once.
    second_chunk = chunked_pages[chunks.split_page_ranges(pages)[1][0]]
    assert "Rosa" in second_chunk
    assert "STATES PARTIES" not in second_chunk
    assert "\n".join(chunked_pages).count("STATES PARTIES") == 1
    assert outline_titles(chunked.content) == outline_titles(single.content)
    assert outline_titles(chunked.content)[0] == "List of participants"
    notes = [note for _percent, note in progress.calls]
    assert "Drawing 3 chunks in parallel" in notes
    assert "Drawn chunk 3 of 3" in notes
    assert PdfReader(io.BytesIO(chunked.content)).metadata.title == PdfReader(io.BytesIO(single.content)).metadata.title


def test_a_list_under_the_threshold_is_written_in_one_piece(world, settings):
    settings.RENDER_CHUNK_ROWS = 300
    settings.RENDER_CHUNK_WORKERS = 2
    progress = Recorder()
    rendered = renderers.render_lop(lop_job(world), progress)
    assert not any(note.startswith("Drawn chunk") for _percent, note in progress.calls)
    assert "Noy VONGSA" in "".join(pdftotext_pages(rendered.content))


def test_the_list_job_reports_its_chunks_and_stores_the_merged_list(world, settings):
    settings.RENDER_CHUNK_ROWS = 10
    settings.RENDER_CHUNK_WORKERS = 2
    add_states_parties(world, delegations=3, each=30)
    seen = []
    original = job_services.Progress.__call__

    def spy(self, percent, note=""):
        seen.append(note)
        return original(self, percent, note)

    job = lop_job(world)
    try:
        job_services.Progress.__call__ = spy
        run_jobs()
    finally:
        job_services.Progress.__call__ = original
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    assert "Drawn chunk 2 of 2" in seen
    with job.file.open("rb") as stored:
        text = "".join(pdftotext_pages(stored.read()))
    assert "Rosa02x29" in text
    assert "Thongloun SISOULITH" in text


draw_pages = chunks.draw_pages


def fail_on_the_last_pages(token: str, start: int, end: int) -> bytes:
    if start > 0:
        raise RuntimeError("the disk is full")
    return draw_pages(token, start, end)


def test_a_failing_chunk_fails_the_list_job_and_the_last_good_copy_stays(world, settings, monkeypatch):
    add_states_parties(world, delegations=3, each=30)
    good = lop_job(world)
    run_jobs()
    good.refresh_from_db()
    assert good.status == RenderJob.Status.DONE

    settings.RENDER_CHUNK_ROWS = 10
    settings.RENDER_CHUNK_WORKERS = 2
    # The pool's processes are forked after this, so they write with the failing function too.
    monkeypatch.setattr(chunks, "draw_pages", fail_on_the_last_pages)
    lao_head = world["lao_head"]
    lao_head.function = "Minister of Foreign Affairs"
    lao_head.save()
    failing = lop_job(world)
    assert failing.pk != good.pk
    run_jobs()

    failing.refresh_from_db()
    assert failing.status == RenderJob.Status.FAILED
    assert "ChunkFailed: Chunk 2 of 2 failed: RuntimeError: the disk is full" in failing.error
    kept = job_services.last_good(meeting=world["meeting"], key=lists.lop_key(lists.Variant.COMPLETE))
    assert kept.pk == good.pk
