from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import DEMO_STEPS


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration d'une Métropole fictive. Idempotent : "
        "un second passage ne modifie rien."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for step in DEMO_STEPS:
                message = step()
                if message:
                    self.stdout.write(f"- {message}")
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration prêt."))
