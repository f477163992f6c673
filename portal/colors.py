"""Colour arithmetic for the theme: WCAG 2.1 relative luminance and contrast ratio."""

import re

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6})$")
AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def parse_hex(colour: str) -> tuple[int, int, int]:
    if not HEX_COLOUR.match(colour or ""):
        raise ValueError(colour)
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    r, g, b = parse_hex(colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darken(colour: str, factor: float = 0.8) -> str:
    """A darker shade for hover states (keeps contrast on white above the base colour's)."""
    r, g, b = parse_hex(colour)
    return "#{:02x}{:02x}{:02x}".format(*(max(0, int(c * factor)) for c in (r, g, b)))


def tint(colour: str, amount: float = 0.9) -> str:
    """A light tint for backgrounds (mixes the colour with white)."""
    r, g, b = parse_hex(colour)
    return "#{:02x}{:02x}{:02x}".format(*(int(c + (255 - c) * amount) for c in (r, g, b)))
