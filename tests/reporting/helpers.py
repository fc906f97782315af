"""Reports filled in through the services, as a contact point would."""

import datetime as dt

from reporting.models import Form, FormEntry, Report
from reporting.services import form_save, report_create

NA = FormEntry.Status.NOT_APPLICABLE
CHANGED = FormEntry.Status.CHANGED


def fill(report: Report, *, by, stockpile=(100, 1000, 40, 400), area=(5000, 1200, 300), victims=(10, 3, 4, 1, 2, 0)):
    """Every form of `report` answered: B, F, H, I with figures, the text forms "not applicable"."""
    entries = {entry.form: entry for entry in report.entries.all()}
    for letter in (Form.A, Form.C, Form.D, Form.E, Form.G, Form.J):
        form_save(entry=entries[letter], data={"status": NA}, expected_version=entries[letter].version, by=by)
    cm, sub, dcm, dsub = stockpile
    form_save(
        entry=entries[Form.B],
        data={"status": CHANGED, "text": "Destruction by a contractor."},
        rows=[
            {
                "munition_type": "BL755",
                "cluster_munitions": cm,
                "submunitions": sub,
                "destroyed_cluster_munitions": dcm,
                "destroyed_submunitions": dsub,
            }
        ],
        expected_version=entries[Form.B].version,
        by=by,
    )
    contaminated, cleared, released = area
    form_save(
        entry=entries[Form.F],
        data={"status": CHANGED},
        rows=[{"region": "North", "contaminated_m2": contaminated, "cleared_m2": cleared, "released_m2": released}],
        expected_version=entries[Form.F].version,
        by=by,
    )
    total, women, men, girls, boys, unknown = victims
    form_save(
        entry=entries[Form.H],
        data={"status": CHANGED, "text": "Rehabilitation centres."},
        victims={"total": total, "women": women, "men": men, "girls": girls, "boys": boys, "unknown": unknown},
        expected_version=entries[Form.H].version,
        by=by,
    )
    form_save(
        entry=entries[Form.I],
        data={"status": CHANGED},
        rows=[{"partner": "UNDP", "direction": "received", "amount": "25000.00", "currency": "USD", "purpose": ""}],
        expected_version=entries[Form.I].version,
        by=by,
    )
    return report


def complete_report(state, *, by, kind=Report.Kind.INITIAL, year=None, **figures) -> Report:
    return fill(report_create(state=state, kind=kind, year=year, by=by), by=by, **figures)


def entry_of(report: Report, letter: str) -> FormEntry:
    return report.entries.get(form=letter)


TODAY = dt.date(2011, 1, 20)


def post_entry(entry, **fields):
    """The POST of one form's page, as the browser sends it."""
    data = {"status": "changed", "text": "", "is_public": "on", "version": entry.version}
    data.update(fields)
    return data
