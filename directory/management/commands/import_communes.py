from django.core.management.base import BaseCommand, CommandError

from directory.importers.base import ImportFileError
from directory.importers.communes import import_communes
from directory.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Importe les communes depuis le JSON de geo.api.gouv.fr ou le CSV "
        "(nom, code, codes_postaux, region_nom, region_code, departement_code, longitude, latitude)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Chemin du fichier JSON ou CSV.")
        parser.add_argument("--format", choices=["json", "csv"], dest="file_format")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, path, file_format=None, batch_size=1000, **options):
        progress = ProgressBar(self.stderr, label="Communes")
        try:
            report = import_communes(
                path, file_format=file_format, batch_size=batch_size, progress=progress
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        progress.finish()
        for line in report.lines():
            self.stdout.write(line)
