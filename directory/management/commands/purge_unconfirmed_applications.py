"""Erase the applications whose address was not confirmed in time (run daily by cron)."""

from django.core.management.base import BaseCommand

from directory.retention import purge_unconfirmed, unconfirmed_retention


class Command(BaseCommand):
    help = (
        "Efface les demandes d'inscription non confirmées après DIRECTORY_UNCONFIRMED_RETENTION_DAYS "
        "jours (7 par défaut), ainsi que les liens de modification expirés et les logos "
        "abandonnés en cours de saisie."
    )

    def handle(self, *args, **options):
        report = purge_unconfirmed()
        self.stdout.write(
            f"Demandes non confirmées depuis plus de {unconfirmed_retention().days} jours "
            f"effacées : {report.applications} ; liens expirés : {report.edit_links} ; "
            f"logos abandonnés : {report.draft_logos}."
        )
