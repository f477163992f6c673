"""Key figures: a registry of figure providers, accessible SVG charts and the figures page.

Other apps contribute figures by registering plain functions (see ``registry.py``)."""

from home.key_figures.registry import (
    CATALOGUE,
    FigureKind,
    FigureResult,
    FigureSpec,
    Point,
    key_figures,
)

__all__ = ["CATALOGUE", "FigureKind", "FigureResult", "FigureSpec", "Point", "key_figures"]
