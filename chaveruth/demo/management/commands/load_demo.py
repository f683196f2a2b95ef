from argparse import ArgumentParser
from typing import Any

from auditlog.context import set_actor
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from chaveruth.demo.scenario import create_demo_accounts, delete_scenario, is_loaded, load_scenario


class Command(BaseCommand):
    help = "Load the Bochum 2025 demo scenario (invented details are marked as sample data)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo records and load them again."
        )

    def handle(self, *args: Any, reset: bool = False, verbosity: int = 1, **options: Any) -> None:
        # No user is signed in: the audit trail records the system as the actor.
        with set_actor(None), transaction.atomic():
            if reset:
                try:
                    delete_scenario()
                except ProtectedError as error:
                    raise CommandError(
                        f"Cannot reset: {len(error.protected_objects)} other records still "
                        "refer to the demo records."
                    ) from error
            if is_loaded():
                message = "The demo is already loaded; nothing changed (--reset reloads)."
            else:
                message = f"Loaded the demo: {load_scenario()}"
            accounts = create_demo_accounts()
        if verbosity > 0:
            self.stdout.write(message)
            for username, password, description in accounts:
                self.stdout.write(f"Log in as {username} / {password} ({description})")
