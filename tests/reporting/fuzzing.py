"""The reporting objects the form-fuzzing test (tests/test_form_fuzzing.py) sends to the URLs:
a draft of a State Party whose contact point is the fuzzing world's focal point, made once."""

from reporting.models import Report
from reporting.services import contact_point_appoint, report_create


def report(world) -> Report:
    made = getattr(world, "_reporting_report", None)
    if made is None:
        state = world.treaty_status
        contact = contact_point_appoint(state=state, user=world.focal_point, by=world.secretariat)
        made = report_create(state=state, kind=Report.Kind.INITIAL, by=world.focal_point)
        world._reporting_report, world._reporting_contact = made, contact
    return made


def contact_point(world):
    report(world)
    return world._reporting_contact
