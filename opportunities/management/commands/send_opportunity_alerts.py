"""Cron job: send each confirmed subscriber the new opportunities of their saved search.

Example crontab line (every morning at 7:00)::

    0 7 * * * cd /srv/portail && .venv/bin/python manage.py send_opportunity_alerts
"""

from django.core.management.base import BaseCommand

from opportunities.alerts import send_digests


class Command(BaseCommand):
    help = "Envoie les alertes sur les nouvelles opportunités (à lancer par cron)."

    def handle(self, *args, **options):
        report = send_digests()
        self.stdout.write(str(report))
        if report.failures:
            self.stderr.write(self.style.WARNING("Certains envois ont échoué : voir le journal."))
