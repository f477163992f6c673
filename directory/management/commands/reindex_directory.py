from django.core.management.base import BaseCommand, CommandError

from directory.management.progress import ProgressBar
from directory.search.indexing import rebuild_index


class Command(BaseCommand):
    help = (
        "Reconstruit l'index Elasticsearch de l'annuaire sans interruption : nouvel index, "
        "chargement en masse des structures publiées, bascule de l'alias."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, batch_size=500, **options):
        from django.conf import settings

        if not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL n'est pas défini : aucun index à reconstruire.")
        progress = ProgressBar(self.stderr, label="Index")
        try:
            name, count = rebuild_index(batch_size=max(1, batch_size), progress=progress)
        except Exception as error:
            raise CommandError(
                f"Reconstruction impossible : {type(error).__name__}: {error}"
            ) from error
        progress.finish()
        self.stdout.write(
            f"{count} structure(s) indexée(s) dans {name} ; l'alias pointe désormais sur cet index."
        )
