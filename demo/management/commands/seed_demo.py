"""`manage.py seed_demo`: the 2010 cycle of the Convention on Cluster Munitions as demonstration data.

Safe to run again: every row is found by its natural key (meeting slug, state,
organisation name, user e-mail, participant e-mail within a delegation) and
updated in place, files are attached only where none is stored yet, and audit
entries are written only for rows this run created.

The data lives in the modules of the demo app, one per app it fills: demo.meetings,
demo.accounts, demo.delegations, demo.sessions, demo.outcomes, demo.documents, demo.working_papers and
demo.proceedings.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_countries import countries

from ccm_portal.accounts.services import second_factor_provision
from ccm_portal.meetings.models import Category, TreatyStatus
from delegations.services import refresh_state_categories
from demo import documents as documents_demo
from demo import outcomes as outcomes_demo
from demo import proceedings as proceedings_demo
from demo import reporting as reporting_demo
from demo import sessions as sessions_demo
from demo import working_papers as working_papers_demo
from demo.accounts import DEFAULT_DELEGATE_PASSWORD, DEFAULT_SECRETARIAT_PASSWORD, SECRETARIAT_EMAIL, seed_secretariat
from demo.delegations import DEMO_DELEGATE, FOCAL_POINTS, DelegationSeeder
from demo.meetings import MEETINGS, OPEN_MEETING, seed_meeting, seed_organisations, seed_treaty_register


class Command(BaseCommand):
    help = "Seed the meetings of the 2010 cycle, the treaty-status register, organisations, accounts and delegations."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=(
                "Run under the production settings too (a demonstration or smoke-test server). "
                "SEED_SECRETARIAT_PASSWORD and SEED_DELEGATE_PASSWORD must then be set."
            ),
        )

    def _refuse_production(self, allowed: bool):
        """Under production settings: only with --allow-production, and never with the published passwords."""
        if not getattr(settings, "PRODUCTION", False):
            return
        if not allowed:
            raise CommandError(
                "seed_demo refuses to run under the production settings: it creates a superuser "
                f"({SECRETARIAT_EMAIL}) and demonstration delegations, and resets their passwords on "
                "every run. To load the demonstration data into this database anyway, pass "
                "--allow-production and set SEED_SECRETARIAT_PASSWORD and SEED_DELEGATE_PASSWORD."
            )
        unset = [name for name in ("SEED_SECRETARIAT_PASSWORD", "SEED_DELEGATE_PASSWORD") if not os.environ.get(name)]
        if unset:
            raise CommandError(
                "Under the production settings seed_demo does not use the passwords the README publishes: "
                "set " + " and ".join(unset) + "."
            )

    def handle(self, *args, **options):
        self._refuse_production(options["allow_production"])
        self.now = timezone.now()
        self.country_names = dict(countries)
        secretariat_password = os.environ.get("SEED_SECRETARIAT_PASSWORD") or DEFAULT_SECRETARIAT_PASSWORD
        delegate_password = os.environ.get("SEED_DELEGATE_PASSWORD") or DEFAULT_DELEGATE_PASSWORD

        with transaction.atomic():
            secretariat = seed_secretariat(secretariat_password, now=self.now)
            register_changed = seed_treaty_register()
            # Delegations registered through the portal follow the register too.
            refresh_state_categories()
            meetings = {spec["slug"]: seed_meeting(spec, now=self.now) for spec in MEETINGS}
            seeder = DelegationSeeder(
                now=self.now, secretariat=secretariat, organisations=seed_organisations(), password=delegate_password
            )
            created = seeder.seed(meetings)

        # Then the sessions and the outcome documents, on top of the delegations, idempotently.
        sessions_demo.seed(stdout=self.stdout)
        outcomes_demo.seed(stdout=self.stdout)
        # Article 7 reports, on top of the register and the focal points' accounts.
        reporting_demo.seed(stdout=self.stdout)
        # The register of symbols last: it issues the outcome documents' working papers under their symbols.
        documents_demo.seed(stdout=self.stdout)
        # Papers the delegations submitted through the portal: the issued one takes the next WP.
        working_papers_demo.seed(stdout=self.stdout)
        # The final report last: it lists the documents and reports on everything above.
        proceedings_demo.seed(stdout=self.stdout)

        # The demo secretariat's second factor comes ready, so trying the portal needs no phone.
        # Not under production: there the account sets up its own app on its first login.
        second_factor = None if getattr(settings, "PRODUCTION", False) else second_factor_provision(user=secretariat)

        self._report(meetings, register_changed, created, secretariat_password, delegate_password, second_factor)

    # Output -----------------------------------------------------------------

    def _report(
        self, meetings, register_changed, created, secretariat_password, delegate_password, second_factor
    ) -> None:
        first, second = meetings["1msp"], meetings[OPEN_MEETING]
        labels = dict(Category.choices)
        by_category = dict.fromkeys(labels, 0)
        for category in first.delegations.values_list("category", flat=True):
            by_category[category] += 1
        on = first.start_date
        ratified = TreatyStatus.objects.filter(ratification_date__lte=on).count()
        in_force = TreatyStatus.objects.filter(entry_into_force_date__lte=on).count()
        demo_delegate, demo_state = FOCAL_POINTS[DEMO_DELEGATE][0], self.country_names[DEMO_DELEGATE]
        others = [
            f"focal.{name}@ccm-portal.example"
            for key, (name, ok) in FOCAL_POINTS.items()
            if ok and key != DEMO_DELEGATE
        ]
        deadline = timezone.localtime(second.registration_deadline, second.tzinfo)

        write = self.stdout.write
        write(self.style.SUCCESS("CCM Portal demonstration data is ready."))
        write(
            f"  Treaty-status register: {TreatyStatus.objects.count()} states, {register_changed} changed by this run; "
            f"on {on:%d %B %Y}: {ratified} ratified or acceded, {in_force} in force."
        )
        write(f"  Delegations created by this run: {created}.")
        write(f"  {first.short_title} delegations by category:")
        for category, count in by_category.items():
            write(f"    {labels[category]}: {count}")
        write(f"  {second.short_title} registration is open until {deadline:%d %B %Y %H:%M} ({second.time_zone}).")
        write("")
        write("  ------------------------------------------------------------")
        write(f"  Secretariat login:  {SECRETARIAT_EMAIL}")
        write(f"  Password:           {secretariat_password}")
        if second_factor is not None:
            key, codes = second_factor
            write(f"  Second factor:      one of these single-use codes: {', '.join(codes[:5])}")
            write(f"                      {', '.join(codes[5:])}")
            write(f"                      or the key {key} in an authenticator app")
        write(f"  Delegate login:     focal.{demo_delegate}@ccm-portal.example (focal point of {demo_state})")
        write(f"  Password:           {delegate_password}")
        write(f"  Same password for:  {', '.join(others)}")
        write("  ------------------------------------------------------------")
