"""Retry the directory's emails that could not be sent yet (run every few minutes by cron)."""

from django.core.management.base import BaseCommand

from directory.emails import send_due_emails


class Command(BaseCommand):
    help = "Envoie les courriels de l'annuaire en attente (nouvelle tentative après un échec)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=200, help="Nombre maximal de courriels par passage."
        )

    def handle(self, *args, **options):
        sent, failed = send_due_emails(limit=options["limit"])
        self.stdout.write(f"Courriels envoyés : {sent} ; toujours en échec : {failed}.")
