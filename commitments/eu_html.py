"""Checks on what a co-funded page really renders: the EU block in the HTML and the styles
of the stylesheets the page links. Used by ``audit_eu_visibility`` and by the tests.

The parser is deliberately small (standard library only): it builds a tree of elements,
reads the linked static stylesheets and applies the rules matched by class selectors.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.translation import gettext as _

from commitments import eu_visibility
from commitments.emblem import STATIC_PATH as EMBLEM_STATIC_PATH

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}

BLOCK_CLASS = "eu-block"
SIGNATURE_CLASS = "eu-block__signature"
EMBLEM_CLASS = "eu-block__emblem"
STATEMENT_CLASS = "eu-block__statement"
FUND_CLASS = "eu-block__fund"
EUROPE_COMMITS_LOGO_CLASS = "eu-block__europe-commits-logo"
OPERATION_ID = "operation-cofinancee"
# "eu-emblem" from "commitments/img/eu-emblem.svg": hashed static names keep it.
EMBLEM_FILE_STEM = EMBLEM_STATIC_PATH.rsplit("/", 1)[-1].split(".")[0]


# --- HTML -----------------------------------------------------------------------------------


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict
    index: int
    parent: "Element | None" = None
    children: list = field(default_factory=list)  # elements and text strings, in order

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    @property
    def element_children(self):
        return [child for child in self.children if isinstance(child, Element)]

    def text(self):
        parts = []
        for child in self.children:
            parts.append(child.text() if isinstance(child, Element) else child)
        return " ".join(" ".join(parts).split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def int_attr(self, name):
        try:
            return int(self.attrs.get(name))
        except (TypeError, ValueError):
            return None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, -1)
        self.stack = [self.root]
        self.elements = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v or "") for k, v in attrs}, len(self.elements), self.stack[-1])
        self.stack[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.pop()

    def handle_endtag(self, tag):
        for position in range(len(self.stack) - 1, 0, -1):
            if self.stack[position].tag == tag:
                del self.stack[position:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


@dataclass
class Document:
    root: Element
    elements: list

    def by_class(self, class_name):
        return [element for element in self.elements if class_name in element.classes]

    def first_by_class(self, class_name):
        found = self.by_class(class_name)
        return found[0] if found else None

    def by_tag(self, tag):
        return [element for element in self.elements if element.tag == tag]

    def by_id(self, element_id):
        return next((e for e in self.elements if e.attrs.get("id") == element_id), None)


def parse_html(html):
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return Document(builder.root, builder.elements)


# --- CSS ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CssRule:
    selectors: tuple
    declarations: tuple  # (property, value) pairs in source order
    media: str = ""


def _matching_brace(text, open_position):
    depth = 0
    for position in range(open_position, len(text)):
        if text[position] == "{":
            depth += 1
        elif text[position] == "}":
            depth -= 1
            if depth == 0:
                return position
    return len(text)


def parse_css(text, media=""):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    rules = []
    position = 0
    while True:
        open_position = text.find("{", position)
        if open_position == -1:
            break
        prelude = text[position:open_position].strip()
        close_position = _matching_brace(text, open_position)
        body = text[open_position + 1 : close_position]
        if prelude.startswith("@media") or prelude.startswith("@supports"):
            rules.extend(parse_css(body, media=prelude))
        elif not prelude.startswith("@"):
            declarations = []
            for declaration in body.split(";"):
                if ":" in declaration:
                    prop, value = declaration.split(":", 1)
                    declarations.append((prop.strip().lower(), value.strip()))
            selectors = tuple(s.strip() for s in prelude.split(",") if s.strip())
            rules.append(CssRule(selectors, tuple(declarations), media))
        position = close_position + 1
    return rules


def _selector_targets_class(selector, class_name):
    last_compound = re.split(r"[\s>+~]+", selector.strip())[-1]
    return re.search(rf"\.{re.escape(class_name)}(?![\w-])", last_compound) is not None


def declared_values(rules, classes, prop):
    """Values declared for ``prop`` by rules whose selector ends on one of ``classes``."""
    values = []
    for rule in rules:
        if any(_selector_targets_class(s, c) for s in rule.selectors for c in classes):
            values.extend(value for name, value in rule.declarations if name == prop)
    return values


def _px(value):
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)px\s*(?:!important)?\s*", value or "")
    return float(match.group(1)) if match else None


def rendered_height(element, rules):
    """The height an <img> is drawn at, from its attributes and the class rules that apply:
    a fixed CSS height wins, a CSS max-height caps the attribute. None when unknown."""
    classes = element.classes
    fixed = [_px(value) for value in declared_values(rules, classes, "height")]
    fixed = [value for value in fixed if value is not None]
    if fixed:
        return fixed[-1]
    height = element.int_attr("height")
    if height is None:
        return None
    caps = [_px(value) for value in declared_values(rules, classes, "max-height")]
    caps = [value for value in caps if value is not None]
    return min([height, *caps])


def stylesheet_hrefs(document):
    return [
        link.attrs.get("href", "")
        for link in document.by_tag("link")
        if "stylesheet" in (link.attrs.get("rel") or "").split()
    ]


def read_static_stylesheet(href):
    """The text of a linked static stylesheet, or None for other URLs (e.g. /theme.css)."""
    static_url = settings.STATIC_URL
    if not href.startswith(static_url):
        return None
    path = href[len(static_url) :].split("?")[0].split("#")[0]
    try:
        if staticfiles_storage.exists(path):
            with staticfiles_storage.open(path) as handle:
                return handle.read().decode("utf-8")
    except (OSError, ValueError, NotImplementedError):
        pass
    found = finders.find(path)
    if found:
        with open(found, encoding="utf-8") as handle:
            return handle.read()
    return None


def linked_css_rules(document):
    rules = []
    for href in stylesheet_hrefs(document):
        text = read_static_stylesheet(href)
        if text:
            rules.extend(parse_css(text))
    return rules


# --- What the page shows --------------------------------------------------------------------


@dataclass
class EUBlockFacts:
    document: Document
    block: Element | None
    main_heading: Element | None
    emblem: Element | None
    statement: Element | None
    fund_mention: Element | None
    europe_commits_logo: Element | None
    operation: Element | None
    emblem_height: float | None
    logo_heights: list  # (label, height or None) of every other logo on the page
    statement_styles: dict

    @property
    def statement_text(self):
        return self.statement.text() if self.statement is not None else ""

    @property
    def statement_beside_emblem(self):
        if self.emblem is None or self.statement is None:
            return False
        parent = self.emblem.parent
        if parent is None or self.statement.parent is not parent:
            return False
        siblings = parent.element_children
        return siblings.index(self.statement) == siblings.index(self.emblem) + 1


def _is_logo(element):
    return element.tag == "img" and any("logo" in name for name in element.classes)


def inspect_html(html, rules=None):
    document = parse_html(html)
    if rules is None:
        rules = linked_css_rules(document)
    block = document.first_by_class(BLOCK_CLASS)

    def inside_block(class_name):
        if block is None:
            return None
        return next(
            (e for e in document.by_class(class_name) if block in e.ancestors()),
            None,
        )

    mains = document.by_tag("main")
    main = mains[0] if mains else None
    main_heading = next(
        (h for h in document.by_tag("h1") if main is None or main in h.ancestors()), None
    )
    emblem = inside_block(EMBLEM_CLASS)
    statement = inside_block(STATEMENT_CLASS)
    logos = [e for e in document.elements if _is_logo(e) and e is not emblem]
    statement_styles = {
        prop: declared_values(rules, {STATEMENT_CLASS}, prop)
        for prop in ("font-family", "color", "font-style", "text-decoration", "text-shadow")
    }
    return EUBlockFacts(
        document=document,
        block=block,
        main_heading=main_heading,
        emblem=emblem,
        statement=statement,
        fund_mention=inside_block(FUND_CLASS),
        europe_commits_logo=inside_block(EUROPE_COMMITS_LOGO_CLASS),
        operation=document.by_id(OPERATION_ID),
        emblem_height=rendered_height(emblem, rules) if emblem is not None else None,
        logo_heights=[
            (logo.attrs.get("alt") or logo.attrs.get("src", ""), rendered_height(logo, rules))
            for logo in logos
        ],
        statement_styles=statement_styles,
    )


# --- Rules on the rendered page -------------------------------------------------------------


def _font_families(value):
    return [family.strip().strip("'\"").lower() for family in value.split(",") if family.strip()]


def font_family_allowed(value):
    families = _font_families(value)
    if not families or families[0] not in eu_visibility.ALLOWED_FONTS:
        return False
    allowed = set(eu_visibility.ALLOWED_FONTS) | set(eu_visibility.GENERIC_FONT_FAMILIES)
    return all(family in allowed for family in families)


def colour_allowed(value):
    return value.strip().lower().replace("!important", "").strip() in eu_visibility.ALLOWED_COLOURS


def _result(code, label, ok, message=""):
    return eu_visibility.RuleResult(code, str(label), ok, "" if ok else str(message))


def rendered_rules(facts, funding):
    """Rule-by-rule results for the rendered page of an operation with ``funding``."""
    results = []
    if facts.block is None:
        return [
            _result(
                "rendu-bloc",
                _("Bloc européen affiché"),
                False,
                _("La page n'affiche pas le bloc du soutien européen."),
            )
        ]

    emblem = facts.emblem
    emblem_ok = (
        emblem is not None
        and EMBLEM_FILE_STEM in emblem.attrs.get("src", "")
        and bool((emblem.attrs.get("alt") or "").strip())
    )
    results.append(
        _result(
            "rendu-embleme",
            _("Emblème de l'Union européenne affiché avec un texte alternatif"),
            emblem_ok,
            _("L'emblème est absent ou n'a pas de texte alternatif."),
        )
    )

    expected = (
        eu_visibility.STATEMENT_2021_2027
        if funding.is_2021_2027
        else eu_visibility.STATEMENT_2014_2020
    )
    statement_ok = facts.statement_text == expected and facts.statement_beside_emblem
    results.append(
        _result(
            "rendu-mention",
            _("Mention « %(text)s » écrite en toutes lettres à côté de l'emblème")
            % {"text": expected},
            statement_ok,
            _("Mention trouvée : « %(found)s », à côté de l'emblème : %(beside)s.")
            % {
                "found": facts.statement_text,
                "beside": _("oui") if facts.statement_beside_emblem else _("non"),
            },
        )
    )

    styles = facts.statement_styles
    typography_ok = (
        bool(styles["font-family"])
        and all(font_family_allowed(value) for value in styles["font-family"])
        and bool(styles["color"])
        and all(colour_allowed(value) for value in styles["color"])
        and all(value.strip().lower() == "normal" for value in styles["font-style"])
        and all(value.strip().lower() == "none" for value in styles["text-decoration"])
        and all(value.strip().lower() == "none" for value in styles["text-shadow"])
    )
    results.append(
        _result(
            "rendu-typographie",
            _("Police autorisée, sans italique, soulignement ni effet, couleur autorisée"),
            typography_ok,
            _("Styles de la mention : %(styles)s.")
            % {"styles": "; ".join(f"{k}: {', '.join(v) or '—'}" for k, v in styles.items())},
        )
    )

    unknown = [label for label, height in facts.logo_heights if height is None]
    too_high = [
        f"{label} ({height:g} px)"
        for label, height in facts.logo_heights
        if height is not None and facts.emblem_height is not None and height > facts.emblem_height
    ]
    size_ok = facts.emblem_height is not None and not unknown and not too_high
    results.append(
        _result(
            "rendu-taille",
            _("Emblème au moins aussi haut que chaque autre logo affiché"),
            size_ok,
            _(
                "Emblème : %(emblem)s px ; logos plus hauts : %(high)s ; taille inconnue : %(unknown)s."
            )
            % {
                "emblem": f"{facts.emblem_height:g}" if facts.emblem_height else "?",
                "high": ", ".join(too_high) or "—",
                "unknown": ", ".join(unknown) or "—",
            },
        )
    )

    position_ok = facts.main_heading is None or facts.block.index < facts.main_heading.index
    results.append(
        _result(
            "rendu-position",
            _("Bloc placé en haut de page, avant le contenu principal"),
            position_ok,
            _("Le bloc européen vient après le titre principal de la page."),
        )
    )

    if funding.is_2014_2020:
        fund_text = facts.fund_mention.text() if facts.fund_mention is not None else ""
        results.append(
            _result(
                "rendu-fonds",
                _("Mention du fonds européen"),
                str(funding.fund_name).split(" (")[0] in fund_text,
                _("La mention du fonds (%(fund)s) est absente du bloc.")
                % {"fund": funding.fund_name},
            )
        )
        logo = facts.europe_commits_logo
        results.append(
            _result(
                "rendu-logo-2014-2020",
                _("Logo « L'Europe s'engage en France » affiché avec un texte alternatif"),
                logo is not None and bool((logo.attrs.get("alt") or "").strip()),
                _("Le logo « L'Europe s'engage en France » est absent du bloc."),
            )
        )
    else:
        other_images = [
            element
            for element in _descendants(facts.block)
            if element.tag in ("img", "svg", "picture") and element is not facts.emblem
        ]
        results.append(
            _result(
                "rendu-autre-logo",
                _("Aucun autre logo ne signale le soutien européen"),
                not other_images,
                _("Le bloc européen contient d'autres images que l'emblème."),
            )
        )

    operation_text = facts.operation.text() if facts.operation is not None else ""
    description_ok = facts.operation is not None and all(
        " ".join(part.split()) in operation_text
        for part in (funding.description, funding.objectives, funding.results)
        if part
    )
    results.append(
        _result(
            "rendu-description",
            _("Description de l'opération affichée sur la page"),
            description_ok,
            _("La description de l'opération (objectifs, résultats) n'est pas affichée."),
        )
    )
    return results


def _descendants(element):
    for child in element.element_children:
        yield child
        yield from _descendants(child)


def rendered_page_results(page, funding):
    """Render the live page as a visitor would get it and check the rendered rules."""
    if funding is None:
        return []
    response = page.specific.make_preview_request(preview_mode=page.specific.default_preview_mode)
    if response.status_code != 200:
        return [
            _result(
                "rendu-bloc",
                _("Page affichée"),
                False,
                _("La page n'a pas pu être affichée (code HTTP %(code)s).")
                % {"code": response.status_code},
            )
        ]
    html = response.content.decode(response.charset or "utf-8")
    return rendered_rules(inspect_html(html), funding)
