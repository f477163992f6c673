"""Public views of the directory: thin, they call the search service and selectors."""

from django.shortcuts import get_object_or_404, render

from directory.selectors import public_structure


def structure_detail(request, slug):
    structure = get_object_or_404(public_structure(slug))
    return render(request, "directory/structure_detail.html", {"structure": structure})
