from django.core.management.base import BaseCommand, CommandError

from directory.importers.base import ImportFileError
from directory.importers.structures import FORMATS, import_structures
from directory.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Importe des structures : export ASP des SIAE conventionnées (--format asp) ou CSV "
        "du portail (--format csv). Mise à jour par SIRET, sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Chemin du fichier à importer.")
        parser.add_argument("--format", choices=FORMATS, required=True, dest="file_format")
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="Créer les nouvelles structures en brouillon (non visibles) au lieu de les publier.",
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, path, file_format, unpublished=False, batch_size=1000, **options):
        progress = ProgressBar(self.stderr, label="Structures")
        try:
            report = import_structures(
                path,
                file_format=file_format,
                publish=not unpublished,
                batch_size=max(1, batch_size),
                progress=progress,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        progress.finish()
        for line in report.lines():
            self.stdout.write(line)
