"""Delete what is past its retention period (settings.RETENTION), e.g. daily from cron."""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone

from chaveruth.lib.retention import expired, purge, purge_expired_records


class Command(BaseCommand):
    help = (
        "Purge records past their retention period: enqueue the purge task (db_worker runs "
        "it), or run it here with --now. Prints counts only, never contents."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", action="store_true", help="Purge in this process.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what is past its period."
        )

    def handle(self, *args, now: bool, dry_run: bool, **options) -> None:
        if dry_run:
            counts = {
                name: records.count() for name, records in expired(now=timezone.now()).items()
            }
            self._print(counts, "past its period")
        elif now:
            self._print(purge(now=timezone.now()), "deleted")
        else:
            result = purge_expired_records.enqueue()
            if result.status == TaskResultStatus.SUCCESSFUL:  # a backend that ran it at once
                self._print(result.return_value, "deleted")
            else:
                self.stdout.write(
                    f"Purge enqueued as task {result.id}; `manage.py db_worker` runs it."
                )

    def _print(self, counts: dict[str, int], what: str) -> None:
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} {what}")
