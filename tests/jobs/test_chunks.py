"""Splitting big renders into chunks of whole pages and merging their PDFs (ccm_portal/jobs/chunks.py)."""

import io
import re

import pytest
from pypdf import PdfReader

from ccm_portal.jobs import chunks


def test_a_set_under_the_threshold_is_one_chunk(settings):
    settings.RENDER_CHUNK_WORKERS = 2
    pages = list(range(50))
    assert chunks.split_pages(pages, rows=300, rows_per_page=6) == [pages]
    assert chunks.split_pages([], rows=300, rows_per_page=6) == []


def test_a_big_set_is_one_chunk_of_whole_pages_per_worker_in_order(settings):
    settings.RENDER_CHUNK_WORKERS = 2
    pages = list(range(251))  # 1,503 badges at 6 a page
    split = chunks.split_pages(pages, rows=300, rows_per_page=6)
    assert [len(chunk) for chunk in split] == [126, 125]
    assert [page for chunk in split for page in chunk] == pages


def test_there_are_never_more_chunks_than_pages(settings):
    settings.RENDER_CHUNK_WORKERS = 4
    assert chunks.split_pages([1, 2, 3], rows=1, rows_per_page=6) == [[1], [2], [3]]


def test_a_daemonic_process_such_as_a_celery_worker_draws_in_one_piece(settings):
    import multiprocessing

    settings.RENDER_CHUNK_WORKERS = 2
    process = multiprocessing.current_process()
    process.daemon = True
    try:
        assert chunks.split_pages(list(range(250)), rows=300, rows_per_page=6) == [list(range(250))]
    finally:
        process.daemon = False


def page_html(text: str) -> str:
    return f"<html><body><p>{text}</p></body></html>"


class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, percent, note=""):
        self.calls.append((percent, note))


@pytest.mark.parametrize("workers", [1, 2])
def test_chunks_are_merged_in_order_and_each_is_reported(settings, workers):
    settings.RENDER_CHUNK_WORKERS = workers
    progress = Recorder()
    pdf = chunks.render_chunks([page_html(word) for word in ("Alpha", "Bravo", "Charlie")], progress)
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert texts == ["Alpha", "Bravo", "Charlie"]
    assert progress.calls[-1] == (95, "Drawn chunk 3 of 3")
    if workers > 1:
        assert progress.calls[0] == (30, "Drawing 3 chunks in parallel")
    percents = [percent for percent, _note in progress.calls]
    assert percents == sorted(percents)


def refuse_bravo(html: str, token: str | None = None) -> bytes:
    if "Bravo" in html:
        raise ValueError("no Bravo here")
    return chunks.html_to_pdf(html)


def shout(html: str) -> str:
    """A render's `prepare`: upper-cases the words it finds in a slot (runs where the chunk is drawn)."""
    return re.sub(r"slot:(\w+)", lambda found: found.group(1).upper(), html)


@pytest.mark.parametrize("workers", [1, 2])
def test_each_chunk_is_finished_by_the_renders_prepare_where_it_is_drawn(settings, workers):
    settings.RENDER_CHUNK_WORKERS = workers

    pdf = chunks.render_chunks([page_html(f"slot:{word}") for word in ("Alpha", "Bravo")], Recorder(), prepare=shout)

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert texts == ["ALPHA", "BRAVO"]
    assert chunks._prepares == {}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_chunk_raises_and_names_it(settings, monkeypatch, workers):
    settings.RENDER_CHUNK_WORKERS = workers
    monkeypatch.setattr(chunks, "draw_chunk", refuse_bravo)
    with pytest.raises(chunks.ChunkFailed, match="Chunk 2 of 3 failed: ValueError: no Bravo here"):
        chunks.render_chunks([page_html(word) for word in ("Alpha", "Bravo", "Charlie")], Recorder())
