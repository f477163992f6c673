"""Read-only queries over the page tree: navigation, breadcrumbs and the site map."""

from wagtail.models import Page


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


def breadcrumbs(page):
    """Ancestors of the page below the tree root (home first), without the page itself."""
    if page is None or page.depth <= 2:
        return []
    return list(page.get_ancestors().filter(depth__gte=2).only("id", "title", "url_path", "path"))
