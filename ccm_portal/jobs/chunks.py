"""Big renders on every core: HTML split into chunks, drawn by WeasyPrint in parallel, merged by pypdf.

A renderer that has many rows (1,500 badges) builds the HTML of each chunk itself, cut on
whole pages, so that the merged PDF has exactly the pages of a single render: same count,
same text. `render_chunks` then lays the chunks out in a pool of processes (one per core,
`settings.RENDER_CHUNK_WORKERS` or os.cpu_count()) and joins them in order.

The pool is forked from the process that runs the job (a thread of the web process in the
embedded default, a Celery worker in production), so the children inherit Django and the
loaded fonts; they only turn HTML into PDF bytes and never touch the database. A Celery
prefork worker's processes are daemonic and may not fork a pool (Python refuses): there a
set is drawn in one piece, and the worker's concurrency spreads jobs over the cores.

Each finished chunk is reported through the job's Progress ("chunk 2 of 6"). If a chunk
fails, the remaining ones are cancelled and `ChunkFailed` is raised: the job is marked
failed (services.execute) and the last good copy stays where it was.
"""

import io
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pypdf import PdfWriter

from ccm_portal.pdf import html_to_pdf

# Rows (badges) above which a render is split into one chunk per worker.
DEFAULT_CHUNK_ROWS = 300


class ChunkFailed(Exception):
    """A chunk of a split render failed; the message says which one and why."""


def chunk_rows() -> int:
    return max(1, int(getattr(settings, "RENDER_CHUNK_ROWS", DEFAULT_CHUNK_ROWS)))


def chunk_workers() -> int:
    """The processes that draw chunks; 1 (no split) in a daemonic process, which may not start any.

    A Celery prefork worker's processes are daemonic: there each job is drawn whole, and the
    worker's concurrency (`--concurrency=2`, README) is what keeps the cores busy.
    """
    if multiprocessing.current_process().daemon:
        return 1
    configured = getattr(settings, "RENDER_CHUNK_WORKERS", None)
    return max(1, int(configured or os.cpu_count() or 1))


def split_pages(pages: list, *, rows: int, rows_per_page: int) -> list[list]:
    """Whole pages in consecutive chunks: one chunk for up to `rows` rows, else one chunk per worker.

    One per worker, as even as whole pages allow: every chunk costs WeasyPrint its own fonts
    and font subsets, and pypdf a merge. Measured on 1,500 badges (2 cores), six chunks took
    about 40% more processor time than one, two chunks 10% more (the merge: 0.4 s).
    """
    total_rows = len(pages) * rows_per_page
    if total_rows <= rows or len(pages) <= 1:
        return [pages] if pages else []
    count = min(len(pages), chunk_workers())
    size, extra = divmod(len(pages), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append(pages[start:end])
        start = end
    return chunks


def draw_chunk(html: str) -> bytes:
    """One chunk's PDF (runs in a pool process)."""
    return html_to_pdf(html)


def merge_pdfs(parts: list[bytes]) -> bytes:
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _report(progress: Callable, done: int, total: int, start: int, end: int) -> None:
    progress(
        start + (end - start) * done // total,
        _("Drawn chunk %(done)d of %(total)d") % {"done": done, "total": total},
    )


def render_chunks(htmls: list[str], progress: Callable, *, start: int = 30, end: int = 95) -> bytes:
    """The PDF of the chunks' HTML, in order, drawn in parallel and merged; progress from `start` to `end`."""
    if len(htmls) == 1:
        return html_to_pdf(htmls[0])
    total = len(htmls)
    workers = min(chunk_workers(), total)
    parts: list[bytes | None] = [None] * total
    if workers == 1:
        for index, html in enumerate(htmls):
            parts[index] = _draw_or_fail(draw_chunk, index, total, html)
            _report(progress, index + 1, total, start, end)
        return merge_pdfs(parts)
    progress(
        start,
        ngettext("Drawing %(count)d chunk in parallel", "Drawing %(count)d chunks in parallel", total)
        % {"count": total},
    )
    # fork: the children start at once with Django, the templates and the fonts already loaded.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = {pool.submit(draw_chunk, html): index for index, html in enumerate(htmls)}
        done_count = 0
        while pending:
            finished, _still = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                index = pending.pop(future)
                error = future.exception()
                if error is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise ChunkFailed(_chunk_error(index, total, error)) from error
                parts[index] = future.result()
                done_count += 1
            _report(progress, done_count, total, start, end)
    return merge_pdfs(parts)


def _chunk_error(index: int, total: int, error: BaseException) -> str:
    return _("Chunk %(number)d of %(total)d failed: %(error)s") % {
        "number": index + 1,
        "total": total,
        "error": f"{type(error).__name__}: {error}",
    }


def _draw_or_fail(draw: Callable, index: int, total: int, html: str) -> bytes:
    try:
        return draw(html)
    except Exception as error:
        raise ChunkFailed(_chunk_error(index, total, error)) from error
