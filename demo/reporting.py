"""Demonstration Article 7 reports, 2010 to 2012: contact points and reports for a few States Parties.

The figures are invented for the demonstration (every report is marked `is_demo`); they are
sized so the dashboard shows reports on time, late and overdue, and the compiled figures
differ from state to state. Loading again changes nothing: a state that has demonstration
reports is left as it is.
"""

from datetime import date

from django.db import transaction

from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import TreatyStatus
from reporting.models import Form, FormEntry, Report
from reporting.services import (
    contact_point_appoint,
    form_save,
    report_acknowledge,
    report_create,
    report_publish,
    report_submit,
)

CHANGED, NA = FormEntry.Status.CHANGED, FormEntry.Status.NOT_APPLICABLE

# (state, contact point's demo login name or None, [(kind, year, submitted, received, published, figures)])
# A report without a submission date stays a draft; figures: (stockpile, destroyed, area m², cleared m², victims).
PLAN = [
    (
        "LA",
        "laos",
        [
            ("initial", None, date(2011, 1, 20), date(2011, 1, 24), True, (0, 0, 87_000_000, 4_200_000, 312)),
            ("annual", 2011, date(2012, 4, 25), date(2012, 4, 30), True, (0, 0, 85_500_000, 5_100_000, 98)),
            ("annual", 2012, None, None, False, (0, 0, 84_000_000, 0, 0)),
        ],
    ),
    (
        "NO",
        "norway",
        [
            # Ahead of its deadline and received before the 1MSP ended: the 1MSP's documents page lists it
            # (reporting/documents_page.py); the reports received from then to September 2011 are the 2MSP's.
            ("initial", None, date(2010, 10, 28), date(2010, 11, 2), True, (52_000, 15_000, 0, 0, 0)),
            ("annual", 2011, date(2012, 6, 12), date(2012, 6, 14), False, (37_000, 37_000, 0, 0, 0)),
        ],
    ),
    (
        "LB",
        "lebanon",
        [
            ("initial", None, date(2011, 10, 20), date(2011, 10, 26), True, (0, 0, 18_000_000, 2_300_000, 22)),
            ("annual", 2011, date(2012, 5, 15), date(2012, 5, 18), True, (0, 0, 15_700_000, 2_900_000, 14)),
        ],
    ),
    ("FR", None, [("initial", None, date(2011, 3, 15), date(2011, 3, 18), False, (9_000, 3_000, 0, 0, 0))]),
    # Mexico, a State Party since 2010, has reported nothing: every report overdue.
    ("MX", "mexico", []),
]

TEXTS = {
    Form.A: "The Convention is implemented by the **Act on Cluster Munitions**; penal sanctions apply.",
    Form.G: "Risk education in schools of the affected provinces:\n- village sessions\n- radio spots",
}


def _fill(report: Report, *, by, figures) -> None:
    stock, destroyed, area, cleared, victims = figures
    entries = {entry.form: entry for entry in report.entries.all()}

    def save(letter, data, **rest):
        entry = entries[letter]
        form_save(entry=entry, data=data, expected_version=entry.version, by=by, **rest)

    for letter in (Form.C, Form.D, Form.E, Form.J):
        save(letter, {"status": NA})
    for letter, text in TEXTS.items():
        save(letter, {"status": CHANGED, "text": text})
    if stock:
        rows = [
            {
                "munition_type": "BL755",
                "cluster_munitions": stock,
                "submunitions": stock * 147,
                "destroyed_cluster_munitions": destroyed,
                "destroyed_submunitions": destroyed * 147,
            }
        ]
        save(Form.B, {"status": CHANGED, "text": "Destruction by an industrial contractor."}, rows=rows)
    else:
        save(Form.B, {"status": NA})
    if area:
        rows = [
            {"region": "Northern provinces", "contaminated_m2": area, "cleared_m2": cleared, "released_m2": cleared}
        ]
        save(Form.F, {"status": CHANGED}, rows=rows)
    else:
        save(Form.F, {"status": NA})
    if victims:
        women, girls, boys = victims // 10, victims // 8, victims // 4
        figures_h = {"total": victims, "women": women, "girls": girls, "boys": boys, "unknown": 0}
        figures_h["men"] = victims - women - girls - boys
        save(Form.H, {"status": CHANGED, "text": "Rehabilitation centres in three provinces."}, victims=figures_h)
    else:
        save(Form.H, {"status": NA})
    direction = "received" if area else "given"
    rows = [{"partner": "UNDP", "direction": direction, "amount": "250000.00", "currency": "USD", "purpose": ""}]
    save(Form.I, {"status": CHANGED}, rows=rows)


@transaction.atomic
def seed(*, stdout=None) -> int:
    """Create the demonstration reports of each state that has none yet; returns how many were made.

    One transaction, as the other demonstration seeds: the PDFs publication queues (reporting/renderers.py)
    start once it commits, not while the next report is written (on SQLite a background render's write in
    the middle of a report's transaction made it fail with "database is locked")."""
    secretariat = User.objects.filter(role=User.Role.SECRETARIAT).order_by("pk").first()
    made = 0
    for code, login, reports in PLAN:
        state = TreatyStatus.objects.filter(country=code).first()
        if state is None or Report.objects.filter(state=state, is_demo=True).exists():
            continue
        by = secretariat
        if login:
            user = User.objects.filter(email=f"focal.{login}@ccm-portal.example").first()
            if user is not None:
                contact_point_appoint(state=state, user=user, by=secretariat)
                by = user
        for kind, year, submitted, received, published, figures in reports:
            report = report_create(state=state, kind=kind, year=year, by=by)
            Report.objects.filter(pk=report.pk).update(is_demo=True)
            _fill(report, by=by, figures=figures)
            if submitted:
                report_submit(report=report, by=by, today=submitted)
                report_acknowledge(report=report, received_on=received, by=secretariat)
                if published:
                    report_publish(report=report, by=secretariat, today=received)
            made += 1
    if stdout is not None:
        stdout.write(f"  Article 7 reports (demonstration data) created by this run: {made}.")
    return made
