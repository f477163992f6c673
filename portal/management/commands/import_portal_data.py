from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Relit une sauvegarde écrite par export_portal_data : vérifie les sommes de contrôle, "
        "puis met à jour ou crée les données (tout ou rien, dans une transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DOSSIER")
        parser.add_argument(
            "--only", nargs="+", metavar="NOM", help="n'importer que ces sauvegardes"
        )

    def handle(self, *args, directory, only=None, **options):
        def progress(item, count):
            self.stdout.write(f"  {item.name} : {count} ligne(s) lue(s)")

        try:
            counts = backup.import_all(directory, names=only, progress=progress)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{len(counts)} sauvegarde(s) importée(s)."))
