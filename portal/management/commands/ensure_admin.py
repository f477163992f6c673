import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Crée le compte administrateur « admin » s'il n'existe pas (mot de passe : ADMIN_PASSWORD ou généré)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@example.org")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Le compte « {username} » existe déjà : rien à faire.")
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS(f"Compte administrateur créé : {username}"))
        if not os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write(
                self.style.WARNING(f"Mot de passe généré (affiché une seule fois) : {password}")
            )
