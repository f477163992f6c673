"""Erase refused and superseded applications after the retention period (run daily by cron)."""

from django.core.management.base import BaseCommand

from directory.retention import purge_rejected, rejected_retention


class Command(BaseCommand):
    help = (
        "Efface les demandes refusées ou remplacées, et le journal des courriels envoyés, après "
        "DIRECTORY_REJECTED_RETENTION_DAYS jours (30 par défaut)."
    )

    def handle(self, *args, **options):
        report = purge_rejected()
        self.stdout.write(
            f"Demandes refusées ou remplacées depuis plus de {rejected_retention().days} jours "
            f"effacées : {report.applications} ; courriels effacés : {report.emails}."
        )
