from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Exporte les données du portail (annuaire, opportunités, engagements, pages…) en CSV/JSON "
        "dans DOSSIER, avec un manifeste (manifest.json). Relire avec import_portal_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DOSSIER")
        parser.add_argument(
            "--only", nargs="+", metavar="NOM", help="n'exporter que ces sauvegardes"
        )
        parser.add_argument(
            "--list", action="store_true", help="lister les sauvegardes enregistrées"
        )

    def handle(self, *args, directory, only=None, list=False, **options):
        if list:
            for item in backup.registered():
                self.stdout.write(f"{item.name}\t{item.filename}\t{item.description}")
            return

        def progress(item, count):
            self.stdout.write(f"  {item.name} : {count} ligne(s) → {item.filename}")

        try:
            manifest = backup.export_all(directory, names=only, progress=progress)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(manifest['exports'])} export(s) écrit(s) dans {directory} (manifest.json)."
            )
        )
