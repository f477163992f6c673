"""Every logo case, with files generated on the fly (nothing binary is stored in the repo)."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from directory.logo_validation import MAX_LOGO_BYTES, MESSAGES, validate_logo


def image_bytes(fmt, size=(120, 80), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, color=(30, 80, 140) if mode == "RGB" else 0).save(
        buffer, fmt, **save_options
    )
    return buffer.getvalue()


def upload(content, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def bomb_png(width, height):
    """A real 1-bit PNG of blank pixels: tiny on disk, huge once decoded."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def error_code(content, **kwargs):
    with pytest.raises(ValidationError) as excinfo:
        validate_logo(upload(content, **kwargs))
    error = excinfo.value
    message = error.messages[0]
    # Every refusal is a readable French sentence, never a Pillow traceback.
    assert message.endswith(".")
    assert "Traceback" not in message
    assert "PIL" not in message
    return error.code, message


@pytest.mark.parametrize(
    ("fmt", "extension", "content_type"),
    [("PNG", "png", "image/png"), ("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")],
)
def test_accepts_png_jpeg_and_webp(fmt, extension, content_type):
    logo = validate_logo(upload(image_bytes(fmt)))
    assert logo.format == fmt
    assert (logo.width, logo.height) == (120, 80)
    assert logo.extension == extension
    assert logo.content_type == content_type
    with Image.open(io.BytesIO(logo.content)) as reopened:
        assert reopened.format == fmt
        assert reopened.size == (120, 80)


def test_accepts_raw_bytes_and_transparent_png():
    logo = validate_logo(image_bytes("PNG", mode="RGBA"))
    assert logo.format == "PNG"


def test_file_name_does_not_matter_content_decides():
    logo = validate_logo(upload(image_bytes("JPEG"), name="logo.png", content_type="image/png"))
    assert logo.format == "JPEG"
    assert logo.extension == "jpg"


def test_accepts_exactly_4000_pixels_wide():
    logo = validate_logo(upload(image_bytes("PNG", size=(4000, 10), mode="L")))
    assert logo.width == 4000


def test_metadata_and_trailing_payload_are_dropped():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "Siège social, 48.85 N 2.35 E"  # ImageDescription
    Image.new("RGB", (50, 50), "white").save(buffer, "JPEG", exif=exif.tobytes())
    payload = buffer.getvalue() + b"<?php system($_GET['c']); ?>"
    logo = validate_logo(upload(payload, name="logo.jpg", content_type="image/jpeg"))
    assert b"<?php" not in logo.content
    assert "Siège".encode() not in logo.content
    with Image.open(io.BytesIO(logo.content)) as reopened:
        assert not reopened.getexif()


def test_refuses_empty_file():
    code, message = error_code(b"")
    assert code == "empty"
    assert "vide" in message


def test_refuses_file_over_two_megabytes():
    content = image_bytes("PNG") + b"\x00" * MAX_LOGO_BYTES
    code, message = error_code(content)
    assert code == "too_large"
    assert "2 Mo" in message
    assert "Mo ;" in message


def test_refuses_upload_that_claims_a_large_size():
    big = upload(image_bytes("PNG"))
    big.size = MAX_LOGO_BYTES + 1
    with pytest.raises(ValidationError) as excinfo:
        validate_logo(big)
    assert excinfo.value.code == "too_large"


def test_refuses_more_than_4000_pixels():
    code, message = error_code(image_bytes("PNG", size=(4001, 20), mode="L"))
    assert code == "too_many_pixels"
    assert "4001 × 20" in message
    assert "4 000 × 4 000" in message


def test_refuses_too_tall_image():
    code, _message = error_code(image_bytes("JPEG", size=(10, 4500), mode="L"))
    assert code == "too_many_pixels"


@pytest.mark.parametrize("size", [(10_000, 10_000), (30_000, 30_000)])
def test_refuses_decompression_bombs(size):
    content = bomb_png(*size)
    assert len(content) < MAX_LOGO_BYTES  # small on disk: that is what makes it a bomb
    code, message = error_code(content)
    assert code == "decompression_bomb"
    assert "sécurité" in message


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"/>',
        b'\xef\xbb\xbf  <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>',
    ],
)
def test_refuses_svg_even_named_png(content):
    code, message = error_code(content, name="logo.png", content_type="image/png")
    assert code == "svg"
    assert "SVG" in message


@pytest.mark.parametrize(
    "content",
    [
        b"<?php echo 'hello'; ?>",
        b"<html><body>not an image</body></html>",
        b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,
        bytes(range(256)) * 4,
    ],
)
def test_refuses_disguised_files(content):
    code, message = error_code(content, name="logo.png", content_type="image/png")
    assert code == "not_an_image"
    assert "quel que soit son nom" in message


@pytest.mark.parametrize(("fmt", "label"), [("GIF", "GIF"), ("BMP", "BMP"), ("TIFF", "TIFF")])
def test_refuses_other_image_formats(fmt, label):
    code, message = error_code(image_bytes(fmt), name="logo.png")
    assert code == "unsupported_format"
    assert label in message
    assert "PNG, JPEG et WebP" in message


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_refuses_truncated_images(fmt):
    # A noisy image so that the compressed stream is long enough to cut.
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 60).convert("RGB").save(buffer, fmt)
    content = buffer.getvalue()
    code, message = error_code(content[: len(content) // 2])
    assert code == "truncated"
    assert "endommagée" in message


def test_refuses_png_with_corrupted_checksum():
    content = bytearray(image_bytes("PNG"))
    content[-20] ^= 0xFF  # inside the IDAT chunk
    code, _message = error_code(bytes(content))
    assert code in {"truncated", "not_an_image"}


def test_refuses_header_only():
    code, _message = error_code(image_bytes("PNG")[:40])
    assert code in {"truncated", "not_an_image"}


def test_every_message_is_french():
    for message in MESSAGES.values():
        text = str(message)
        assert any(word in text for word in ("image", "fichier", "logo", "Le ", "Les "))
