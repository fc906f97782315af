"""The benchmark's bare list of participants (bench/support/baselines.py) carries the portal's text."""

import io

import pytest
from pypdf import PdfReader

from bench.support.baselines import lop_baseline_html
from ccm_portal.pdf import html_to_pdf, render_pdf
from delegations.lists import LOP_PDF_TEMPLATE
from delegations.renderers import lop_pdf_context
from tests.delegations.factories_lists import build_world

pytestmark = pytest.mark.django_db


def pdf_lines(pdf: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def is_subsequence(short: list, long: list) -> bool:
    remaining = iter(long)
    return all(any(line == candidate for candidate in remaining) for line in short)


@pytest.mark.parametrize("variant", ["public", "complete"])
def test_list_baseline_prints_the_portal_lists_text_in_its_order(variant):
    world = build_world()
    context = lop_pdf_context(world["meeting"], variant)
    portal = pdf_lines(render_pdf(LOP_PDF_TEMPLATE, context))
    baseline = pdf_lines(html_to_pdf(lop_baseline_html(context)))

    # Every line of the baseline, in the same order, is in the portal's PDF; what the portal
    # adds is the document's header block, its complete-list warning and the page numbers.
    assert is_subsequence(baseline, portal)
    names = [p.list_name for c in context["categories"] for entry in c.delegations for p in entry.participants]
    assert names
    assert all(any(name in line for line in baseline) for name in names)
    assert "List of participants" in baseline
    extra = [line for line in portal if line not in baseline]
    assert len(extra) <= 12, extra
