"""Read-only queries over the page tree: navigation, breadcrumbs, the site map and the
home page's sections."""

from wagtail.models import Page, Site


def main_navigation(site):
    """Pages shown in the main menu: live children of the home page marked "show in menus"."""
    if site is None:
        return []
    root = site.root_page
    return list(
        root.get_children().live().public().in_menu().only("id", "title", "url_path", "path")
    )


def live_page_tree(site, max_depth=4):
    """The live, public tree under the site's root as nested (page, children) pairs, in one query."""
    if site is None:
        return []
    root = site.root_page
    pages = list(
        Page.objects.descendant_of(root)
        .live()
        .public()
        .filter(depth__lte=root.depth + max_depth)
        .order_by("path")
        .only("id", "title", "url_path", "path", "depth")
    )
    nodes = {root.path: []}
    for page in pages:
        children = []
        nodes[page.path] = children
        parent_path = page.path[: -Page.steplen]
        nodes.setdefault(parent_path, []).append((page, children))
    return nodes[root.path]


def breadcrumbs(page, site=None):
    """Ancestors of the page below the tree root (home first), without the page itself.

    A child of ``site``'s root page (most pages) needs no query: its only crumb is that
    root, already loaded to route the request."""
    if page is None or page.depth <= 2:
        return []
    if site is not None and page.depth == 3:
        root = site.root_page
        if page.path[: -Page.steplen] == root.path:
            return [root]
    return list(page.get_ancestors().filter(depth__gte=2).only("id", "title", "url_path", "path"))


def home_key_figures(home):
    """The home page's key figures that have a provider: ``[(label, FigureResult)]``."""
    from home.key_figures import key_figures

    figures = []
    for block in home.key_figures:
        result = key_figures.compute(block.value["figure"])
        if result is not None:
            figures.append((block.value["label"], result))
    return figures


def home_page_sections(home, *, request):
    """Everything the home page shows besides its own fields, in a fixed number of queries."""
    from home.home_sections import home_sections
    from home.key_figures.models import KeyFiguresPage
    from home.news.selectors import latest_news, news_index_for_site

    site = Site.find_for_request(request) if request is not None else None
    return {
        "entry_points": list(home.entry_points.filter(page__live=True).select_related("page")),
        "key_figures": home_key_figures(home),
        "key_figures_page": KeyFiguresPage.objects.live().public().first(),
        "upcoming_opportunities": home_sections.upcoming_opportunities(
            request=request, limit=home.opportunities_count
        ),
        "latest_news": latest_news(site=site, limit=home.news_count),
        "news_index": news_index_for_site(site),
        "signatories": home_sections.charter_signatories(
            request=request, limit=home.signatories_count
        ),
    }
