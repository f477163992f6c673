"""Validation of the logo a structure uploads with its application.

The file's content decides, never its name or the browser's content type: the bytes are
opened by Pillow, which must recognise a PNG, JPEG or WebP image small enough to be safe.
The accepted image is then re-encoded, which drops metadata (EXIF may hold a location),
trailing payloads and polyglot tricks: only the pixels we decoded are ever stored.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_SIDE = 4000

# Pillow format name -> (file extension, content type)
ALLOWED_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
ACCEPT_ATTRIBUTE = "image/png,image/jpeg,image/webp"

# The exceptions Pillow raises on broken, truncated or hostile input.
_DECODING_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)

MESSAGES = {
    "empty": _("Le fichier envoyé est vide. Choisissez une image PNG, JPEG ou WebP."),
    "too_large": _(
        "Le logo pèse %(size)s ; la taille maximale est de 2 Mo. Réduisez l'image ou "
        "enregistrez-la dans un format plus léger (JPEG ou WebP)."
    ),
    "svg": _(
        "Les images SVG ne sont pas acceptées, car elles peuvent contenir du code. "
        "Enregistrez votre logo au format PNG, JPEG ou WebP."
    ),
    "not_an_image": _(
        "Ce fichier n'est pas une image PNG, JPEG ou WebP, quel que soit son nom : son contenu "
        "a été vérifié. Choisissez une image enregistrée dans l'un de ces formats."
    ),
    "unsupported_format": _(
        "Ce fichier est une image au format %(format)s. Seuls les formats PNG, JPEG et WebP "
        "sont acceptés."
    ),
    "decompression_bomb": _(
        "Cette image annonce des dimensions démesurées pour son poids (bombe de décompression) : "
        "elle est refusée par sécurité. Envoyez une image d'au plus 4 000 × 4 000 pixels."
    ),
    "too_many_pixels": _(
        "Cette image mesure %(width)s × %(height)s pixels ; le maximum est de 4 000 × 4 000 "
        "pixels. Réduisez ses dimensions puis envoyez-la de nouveau."
    ),
    "truncated": _(
        "Cette image est incomplète ou endommagée et ne peut pas être lue. Enregistrez-la de "
        "nouveau depuis votre logiciel, puis envoyez-la."
    ),
}


@dataclass(frozen=True)
class ValidatedLogo:
    """A logo that passed every check, re-encoded and ready to be stored."""

    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return ALLOWED_FORMATS[self.format][0]

    @property
    def content_type(self):
        return ALLOWED_FORMATS[self.format][1]


def _error(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _human_size(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
    return f"{max(1, size // 1024)} Ko"


def _read(uploaded):
    """Read at most one byte more than the limit, whatever size the upload claims."""
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(MAX_LOGO_BYTES + 1)
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    return data


def _looks_like_svg(head):
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text


def validate_logo(uploaded):
    """Check an uploaded file (or raw bytes) and return a ``ValidatedLogo``.

    Raises ``ValidationError`` with a French message and one of the codes of ``MESSAGES``.
    """
    data = uploaded if isinstance(uploaded, bytes) else _read(uploaded)
    declared_size = getattr(uploaded, "size", None) or len(data)
    if not data:
        raise _error("empty")
    if len(data) > MAX_LOGO_BYTES or declared_size > MAX_LOGO_BYTES:
        raise _error("too_large", size=_human_size(max(len(data), declared_size)))
    if _looks_like_svg(data):
        raise _error("svg")

    with warnings.catch_warnings():
        # Pillow only warns between 1x and 2x its pixel limit: treat that as a bomb too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _error("decompression_bomb") from exc
        except UnidentifiedImageError as exc:
            raise _error("not_an_image") from exc
        except _DECODING_ERRORS as exc:
            raise _error("truncated") from exc

    if image_format not in ALLOWED_FORMATS:
        raise _error("unsupported_format", format=image_format or "?")
    if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
        raise _error("too_many_pixels", width=width, height=height)
    if width < 1 or height < 1:
        raise _error("truncated")

    return ValidatedLogo(
        content=_decode_and_reencode(data, image_format),
        format=image_format,
        width=width,
        height=height,
    )


def _decode_and_reencode(data, image_format):
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # pragma: no cover - a global someone else could set
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False.")
    try:
        # verify() checks the structure (PNG chunk checksums…) without decoding…
        with Image.open(io.BytesIO(data)) as checked:
            checked.verify()
        # …and load() decodes every pixel: a truncated stream fails here.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            return _encode(image, image_format)
    except _DECODING_ERRORS as exc:
        raise _error("truncated") from exc


def _encode(image, image_format):
    output = io.BytesIO()
    icc_profile = image.info.get("icc_profile")
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(output, "JPEG", quality=90, optimize=True, **options)
    elif image_format == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        image.save(output, "WEBP", quality=90, **options)
    else:
        image.save(output, "PNG", optimize=True, **options)
    return output.getvalue()
