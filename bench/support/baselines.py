"""The bare-WeasyPrint baselines the PDF benchmarks compare the portal's renders with.

A baseline is the floor of a PDF: the same content laid out by WeasyPrint alone, so that
`lop_pdf_ratio` and `badges_pdf_s / badges_baseline_pdf_s` say what the portal's template,
data loading and job machinery add, not what the content costs.

- The list of participants: the same text (title, summary, category and delegation headings,
  one pre-formatted paragraph of names per delegation, in the list's order), the same fonts,
  sizes and page size, without the document's header block and page numbers.
- Badges: the same sheets (the portal's badge template, the same sheet images with bands and
  QR codes) rendered by one WeasyPrint call in one process, however the portal splits the job.
"""

from html import escape

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOP_BASELINE_STYLE = """
@page { size: A4; margin: 22mm 20mm; }
body { font-family: "Noto Serif", "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Serif CJK SC", "Noto Sans CJK SC",
  "DejaVu Serif", serif; font-size: 9.5pt; line-height: 1.25; }
h1 { font-size: 14pt; text-align: center; margin-block: 0 6mm; }
h2 { font-size: 12pt; text-transform: uppercase; margin-block: 7mm 1mm; }
h3 { font-size: 10.5pt; margin-block: 3.5mm 0.5mm; }
p.names { white-space: pre-line; margin-block: 0; margin-inline: 5mm 0; }
p.summary { text-align: center; margin: 0 0 4mm; }
"""


def lop_baseline_html(context: dict) -> str:
    """A bare page with the text of the list of participants PDF, from the renderer's context
    (delegations.renderers.lop_pdf_context)."""
    participants = context["participant_total"]
    delegations = context["delegation_total"]
    summary = (
        ngettext("%(count)d participant", "%(count)d participants", participants) % {"count": participants}
        + " · "
        + ngettext("%(count)d delegation", "%(count)d delegations", delegations) % {"count": delegations}
    )
    parts = [
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{LOP_BASELINE_STYLE}</style></head><body>',
        f"<h1>{escape(_('List of participants'))}</h1>",
        f'<p class="summary">{escape(summary)}</p>',
    ]
    for category in context["categories"]:
        parts.append(f"<h2>{escape(str(category.label))}</h2>")
        for entry in category.delegations:
            parts.append(f"<h3>{escape(entry.delegation.sort_name)}</h3>")
            parts.append(f'<p class="names">{escape(entry.pdf_text)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def badges_baseline_html(meeting, participants) -> str:
    """The HTML of all the badges of `participants` (their badge keys already made), exactly as
    the badge template lays them out: every sheet with its image, in one document."""
    from delegations import renderers
    from delegations.badges import BADGES_PDF_TEMPLATE, BADGES_PER_PAGE, Badge, make_token, sheet_image

    details = getattr(renderers, "_details", lambda participant: participant.delegation.sort_name)

    badges = [
        Badge(
            participant=participant,
            token=make_token(meeting.pk, participant.badge_key),
            category=participant.delegation.category,
            details=details(participant),
            right=index % 2 == 1,
        )
        for index, participant in enumerate(participants)
    ]
    sheets = [
        {"badges": badges[i : i + BADGES_PER_PAGE], "image": sheet_image(badges[i : i + BADGES_PER_PAGE])}
        for i in range(0, len(badges), BADGES_PER_PAGE)
    ]
    meeting_line = f"{meeting.title} · {meeting.city}, {meeting.dates_display}"
    return render_to_string(BADGES_PDF_TEMPLATE, {"meeting": meeting, "meeting_line": meeting_line, "sheets": sheets})
