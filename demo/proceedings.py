"""The 1MSP's final report, drafted by the portal from the demonstration data.

The President of the 1MSP (Lao PDR presided) and the symbol of its rules of procedure are the
report's particulars; everything else comes from the seeded delegations, agenda, programme and
outcome documents. Running it again regenerates the report: nothing changes when the data did
not, and a paragraph someone edited in the demo keeps its text (it is never overwritten here).
"""

from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import Meeting
from proceedings import services

from .accounts import SECRETARIAT_EMAIL

MEETING_SLUG = "1msp"
PRESIDENT = "H.E. Mr. Bounkeut Sisavath"
RULES_OF_PROCEDURE = "CCM/MSP/2010/3"


def seed(*, stdout) -> None:
    meeting = Meeting.objects.filter(slug=MEETING_SLUG).first()
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if meeting is None or secretariat is None:
        stdout.write("Final report: skipped (run seed_demo first: the 1MSP or the secretariat is missing).")
        return
    services.particulars_save(
        meeting=meeting, by=secretariat, president=PRESIDENT, rules_of_procedure_symbol=RULES_OF_PROCEDURE
    )
    document, outcome = services.final_report_draft(meeting=meeting, by=secretariat, keep_edited=True)
    stdout.write(
        f"Final report of the 1MSP ({document.get_state_display().lower()}): {outcome.created} paragraphs written, "
        f"{outcome.replaced} updated, {outcome.removed} removed, {outcome.kept} kept as edited."
    )
