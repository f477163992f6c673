"""Blocks of the charter and the conventions: numbered articles with optional sub-articles."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

ARTICLE_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class NumberedStructValue(blocks.StructValue):
    def anchor(self):
        """Stable fragment identifier built from the number: "article-3", "article-3-1"."""
        return "article-" + (
            slugify(str(self.get("number") or "").replace(".", "-")) or "sans-numero"
        )

    def heading(self):
        number, title = self.get("number"), self.get("title")
        return f"{number} — {title}" if title else str(number)


class SubArticleBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        label=_("numéro"), max_length=20, help_text=_("Par exemple : 3-1 ou 3.1")
    )
    title = blocks.CharBlock(label=_("titre"), max_length=250, required=False)
    body = blocks.RichTextBlock(label=_("texte"), features=ARTICLE_TEXT_FEATURES)

    class Meta:
        template = "commitments/blocks/sub_article.html"
        icon = "list-ol"
        label = _("Sous-article")
        description = _("Une subdivision numérotée d'un article.")
        value_class = NumberedStructValue
        preview_value = {
            "number": "3-1",
            "title": "Fixer des objectifs d'achats responsables",
            "body": "<p>Les acheteurs publient chaque année leurs objectifs.</p>",
        }


class ArticleBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        label=_("numéro"), max_length=20, help_text=_("Par exemple : 1, 2 ou 1er")
    )
    title = blocks.CharBlock(label=_("titre"), max_length=250)
    body = blocks.RichTextBlock(label=_("texte"), features=ARTICLE_TEXT_FEATURES, required=False)
    sub_articles = blocks.ListBlock(
        SubArticleBlock(), label=_("sous-articles"), required=False, default=[]
    )

    class Meta:
        template = "commitments/blocks/article.html"
        icon = "doc-full"
        label = _("Article")
        description = _("Un article numéroté, avec un titre, un texte et des sous-articles.")
        value_class = NumberedStructValue
        preview_value = {
            "number": "1",
            "title": "Objet de la charte",
            "body": "<p>La charte rassemble les acheteurs publics du territoire.</p>",
            "sub_articles": [],
        }


class ArticlesBlock(blocks.StreamBlock):
    article = ArticleBlock()

    class Meta:
        template = "commitments/blocks/articles.html"
        icon = "doc-full-inverse"
        label = _("Articles")
        description = _("Les articles numérotés d'un texte d'engagement.")
