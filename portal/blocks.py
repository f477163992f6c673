"""The shared StreamField block library used by content, news and commitment pages.

Every block declares its template, icon, description and a preview value; keep the
definitions stable: changing them means a StreamField migration on every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("texte"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[
            ("h2", _("Titre de niveau 2")),
            ("h3", _("Titre de niveau 3")),
            ("h4", _("Titre de niveau 4")),
        ],
        default="h2",
    )

    class Meta:
        template = "blocks/heading.html"
        icon = "title"
        label = _("Titre")
        description = _("Un intertitre qui structure la page (niveaux 2 à 4).")
        preview_value = {"text": "Les engagements des acheteurs", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("texte alternatif"),
        required=False,
        max_length=250,
        help_text=_("Décrit l'image pour qui ne la voit pas. Laissez vide si elle est décorative."),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=250)

    class Meta:
        template = "blocks/image.html"
        icon = "image"
        label = _("Image")
        description = _("Une image avec son texte alternatif et une légende facultative.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("citation"))
    author = blocks.CharBlock(label=_("auteur"), required=False, max_length=160)
    role = blocks.CharBlock(label=_("fonction"), required=False, max_length=160)

    class Meta:
        template = "blocks/quote.html"
        icon = "openquote"
        label = _("Citation")
        description = _("Une citation mise en valeur, avec son auteur.")
        preview_value = {
            "quote": "Les clauses sociales ont permis à 300 personnes de retrouver un emploi cette année.",
            "author": "Une facilitatrice",
            "role": "Maison de l'emploi",
        }


class LinkStructValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("external_url") or ""


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=160)
    text = blocks.TextBlock(label=_("texte"), required=False)
    label = blocks.CharBlock(label=_("libellé du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page du site"), required=False)
    external_url = blocks.URLBlock(label=_("ou adresse externe"), required=False)

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("external_url"):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _("Choisissez une page du site ou saisissez une adresse.")
                    ),
                }
            )
        return value

    class Meta:
        template = "blocks/call_to_action.html"
        icon = "link"
        label = _("Appel à l'action")
        description = _("Un encadré avec un bouton vers une page du site ou une adresse externe.")
        value_class = LinkStructValue
        preview_value = {
            "title": "Votre structure n'est pas encore dans l'annuaire ?",
            "text": "L'inscription est gratuite et prend dix minutes.",
            "label": "Inscrire ma structure",
            "external_url": "https://example.org/annuaire/inscription/",
        }


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("intitulé"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document")


class DocumentLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre de la liste"), required=False, max_length=160)
    documents = blocks.ListBlock(DocumentLinkBlock(), label=_("documents"))

    class Meta:
        template = "blocks/document_links.html"
        icon = "doc-full-inverse"
        label = _("Documents à télécharger")
        description = _("Une liste de documents avec leur format et leur poids.")


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question ou titre"), max_length=250)
    answer = blocks.RichTextBlock(label=_("réponse"))

    class Meta:
        icon = "help"
        label = _("Question")


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), required=False, max_length=160)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("questions"))

    class Meta:
        template = "blocks/accordion.html"
        icon = "list-ul"
        label = _("Questions fréquentes")
        description = _("Des questions et réponses repliables, lisibles sans JavaScript.")
        preview_value = {
            "heading": "Questions fréquentes",
            "items": [
                {
                    "question": "Qu'est-ce qu'une heure d'insertion ?",
                    "answer": "<p>Une heure de travail réalisée par une personne éloignée de l'emploi.</p>",
                }
            ],
        }


class AccessibleTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("titre du tableau"),
        max_length=200,
        help_text=_("Obligatoire : il permet aux lecteurs d'écran d'annoncer le tableau."),
    )
    table = TableBlock(
        label=_("tableau"),
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
    )

    class Meta:
        template = "blocks/table.html"
        icon = "table"
        label = _("Tableau")
        description = _("Un tableau de données avec son titre ; la première ligne sert d'en-tête.")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Texte"),
        icon="pilcrow",
        template="blocks/paragraph.html",
        description=_("Du texte mis en forme : paragraphes, listes, liens."),
        preview_value="<p>Les clauses sociales permettent de réserver des heures de travail.</p>",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    documents = DocumentLinksBlock()
    table = AccessibleTableBlock()
    accordion = AccordionBlock()

    class Meta:
        label = _("Contenu")
