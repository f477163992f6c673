"""List every live page about a co-funded operation and check each EU visibility rule."""

from django.core.management.base import BaseCommand, CommandError

from commitments.eu_visibility import audit


class Command(BaseCommand):
    help = (
        "Vérifie, règle par règle, la visibilité du soutien européen sur chaque page publiée "
        "qui porte sur une convention cofinancée. Code de sortie non nul si une page n'est pas "
        "conforme."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sans-rendu",
            action="store_true",
            dest="no_render",
            help="Ne vérifie que les données, sans afficher les pages.",
        )

    def handle(self, *args, **options):
        audits = audit(render=not options["no_render"])
        if not audits:
            self.stdout.write("Aucune page publiée ne porte sur une opération cofinancée.")
            return
        failing = 0
        for page_audit in audits:
            page = page_audit.page
            verdict = "conforme" if page_audit.compliant else "NON CONFORME"
            self.stdout.write(
                f"{page.url or page.url_path} — « {page.title} » "
                f"({page_audit.funding.programme_label}) : {verdict}"
            )
            for result in page_audit.results:
                if not result.applicable:
                    status = "sans objet"
                elif result.ok:
                    status = "conforme"
                else:
                    status = "NON CONFORME"
                line = f"  [{status}] {result.label}"
                if not result.ok and result.message:
                    line += f" — {result.message}"
                self.stdout.write(line)
            failing += 0 if page_audit.compliant else 1
        summary = f"{len(audits)} page(s) vérifiée(s), {failing} non conforme(s)."
        if failing:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
