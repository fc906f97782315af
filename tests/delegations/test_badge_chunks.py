"""Big sets of badges are drawn in chunks on every core and merged (ccm_portal/jobs/chunks.py)."""

import io

import pytest
from pypdf import PdfReader

from ccm_portal.jobs import chunks
from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob
from delegations import badges, renderers, services_lists
from tests.delegations.factories_lists import approved_delegation, approved_participant, run_jobs

pytestmark = pytest.mark.django_db


def add_participants(world, count: int) -> None:
    delegation = approved_delegation(world["meeting"], country="PE", sort_name="Peru")
    for index in range(count):
        approved_participant(delegation, role="adviser", given_name=f"Rosa{index:02d}", family_name="Quispe")


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


class Recorder:
    """A job's progress, kept in a list: (percent, note) per call."""

    def __init__(self):
        self.calls = []

    def __call__(self, percent, note=""):
        self.calls.append((percent, note))


def render_all_badges(world, *, by=None):
    job, _how = services_lists.request_badges(meeting=world["meeting"], params={"set": "all"}, by=by)
    return job


def test_merged_chunks_have_the_pages_and_text_of_a_single_render(world, settings):
    add_participants(world, 13)  # with the world's 8, 21 badges: 4 sheets
    job = render_all_badges(world)

    settings.RENDER_CHUNK_ROWS = 1000
    single = renderers.render_badges(job, Recorder())
    settings.RENDER_CHUNK_ROWS = 7  # above 7 badges, a chunk per worker: one sheet each, on four processes
    settings.RENDER_CHUNK_WORKERS = 4
    progress = Recorder()
    chunked = renderers.render_badges(job, progress)

    assert single.meta["count"] == chunked.meta["count"] == 21
    assert single.fingerprint == chunked.fingerprint
    single_pages, chunked_pages = pages_text(single.content), pages_text(chunked.content)
    assert len(single_pages) == len(chunked_pages) == 4
    assert chunked_pages == single_pages
    assert "Rosa12 QUISPE" in "\n".join(chunked_pages)
    # Each sheet's image, drawn by the process that drew its chunk, is on its page; a single
    # render holds the same four images (in one resource dictionary that every page shares).
    chunked_images = [
        [image.image.tobytes() for image in page.images] for page in PdfReader(io.BytesIO(chunked.content)).pages
    ]
    single_images = [image.image.tobytes() for image in PdfReader(io.BytesIO(single.content)).pages[0].images]
    assert chunked_images == [[image] for image in single_images]
    notes = [note for _percent, note in progress.calls]
    assert "Drawn chunk 4 of 4" in notes
    assert "Drawing 4 chunks in parallel" in notes


def test_a_chunked_job_reports_its_chunks_and_finishes(world, settings):
    settings.RENDER_CHUNK_ROWS = 6
    settings.RENDER_CHUNK_WORKERS = 2
    add_participants(world, 4)  # with the world's 8, 12 badges: 2 sheets, one chunk each
    seen = []
    original = job_services.Progress.__call__

    def spy(self, percent, note=""):
        seen.append(note)
        return original(self, percent, note)

    job = render_all_badges(world)
    try:
        job_services.Progress.__call__ = spy
        run_jobs()
    finally:
        job_services.Progress.__call__ = original
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    assert "Drawn chunk 2 of 2" in seen
    with job.file.open("rb") as stored:
        assert len(PdfReader(stored).pages) == 2


DRAW_CHUNK = chunks.draw_chunk


def fail_on_quispe_07(html: str, token: str | None = None) -> bytes:
    if "Rosa07" in html:
        raise RuntimeError("the printer's font went missing")
    return DRAW_CHUNK(html, token)


def test_a_failing_chunk_fails_the_job_and_the_last_good_copy_stays(world, settings, monkeypatch):
    add_participants(world, 13)
    good = render_all_badges(world)
    run_jobs()
    good.refresh_from_db()
    assert good.status == RenderJob.Status.DONE

    settings.RENDER_CHUNK_ROWS = 7
    settings.RENDER_CHUNK_WORKERS = 4
    # The pool's processes are forked after this, so they draw with the failing function too.
    monkeypatch.setattr(chunks, "draw_chunk", fail_on_quispe_07)
    lao_head = world["lao_head"]
    lao_head.function = "Minister of Foreign Affairs"
    lao_head.save()
    failing = render_all_badges(world)
    assert failing.pk != good.pk
    run_jobs()

    failing.refresh_from_db()
    assert failing.status == RenderJob.Status.FAILED
    assert "ChunkFailed: Chunk 3 of 4 failed: RuntimeError: the printer's font went missing" in failing.error
    assert not failing.file
    kept = job_services.last_good(meeting=world["meeting"], key=badges.set_key({"set": "all"}))
    assert kept.pk == good.pk
    with kept.file.open("rb") as stored:
        assert len(PdfReader(stored).pages) == 4


def test_a_set_under_the_threshold_is_one_render(world, settings):
    settings.RENDER_CHUNK_ROWS = 300
    job = render_all_badges(world)
    progress = Recorder()
    rendered = renderers.render_badges(job, progress)
    assert not any(note.startswith("Drawn chunk") for _percent, note in progress.calls)
    assert len(pages_text(rendered.content)) == rendered.meta["pages"]
