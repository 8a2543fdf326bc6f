"""The organisation's logo, as uploaded: which kinds of image are taken and how large.

A logo is judged by its content, never its file name: PNG, JPEG or SVG, at most
``LOGO_MAX_BYTES``, a raster image at most ``LOGO_MAX_PIXELS`` on its longer side, an SVG
without scripts or references to other files (it is drawn by the PDF renderer, which fetches
nothing). ``read_logo`` returns what is stored: the content type and the bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 4000
# Grey or RGB, with or without transparency, and palettes: what the PDF can draw as it is.
RASTER_MODES = {"1", "L", "LA", "P", "RGB", "RGBA"}
PNG = "image/png"
JPEG = "image/jpeg"
SVG = "image/svg+xml"
EXTENSIONS = {PNG: "png", JPEG: "jpg", SVG: "svg"}
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@dataclass(frozen=True)
class LogoFile:
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _refuse(code: str) -> ValidationError:
    messages = {
        "logo_too_large": _(
            "Logotypen är större än 512 kB. Spara den mindre, till exempel som SVG eller som "
            "PNG med färre bildpunkter."
        ),
        "logo_type": _("Logotypen ska vara en PNG-, JPEG- eller SVG-bild."),
        "logo_unreadable": _(
            "Logotypen går inte att läsa som bild. Spara den på nytt och ladda upp den igen."
        ),
        "logo_dimensions": _("Logotypen får vara högst 4000 bildpunkter bred och hög."),
        "logo_colour_mode": _(
            "Logotypens färger är sparade på ett sätt som PDF-filen inte kan återge, till "
            "exempel CMYK för tryck. Spara den i RGB, som för skärm, och ladda upp den igen."
        ),
        "logo_svg_content": _(
            "SVG-logotypen innehåller skript eller hänvisar till andra filer. Spara den som ren "
            "SVG, eller som PNG."
        ),
    }
    return ValidationError(messages[code], code=code)


def content_type_of(data: bytes) -> str | None:
    """PNG, JPEG or SVG by the file's first bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return SVG
    return None


def _check_raster(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if max(width, height) > LOGO_MAX_PIXELS:
                raise _refuse("logo_dimensions")
            # The archival PDF (PDF/A) states its colours in RGB: a print file's CMYK cannot go
            # in, nor a 16-bit or other mode the renderer does not draw as it is.
            if image.mode not in RASTER_MODES:
                raise _refuse("logo_colour_mode")
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse("logo_unreadable") from None


def _check_svg(data: bytes) -> None:
    try:
        root = ElementTree.fromstring(data)
    except Exception:  # noqa: BLE001 - defusedxml raises several kinds for a bad or hostile file
        raise _refuse("logo_unreadable") from None
    if root.tag != f"{SVG_NAMESPACE}svg":
        raise _refuse("logo_type")
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.rpartition("}")[2] in ("script", "foreignObject"):
            raise _refuse("logo_svg_content")
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2].lower()
            href = name in ("href", XLINK_HREF) and not value.startswith("#")
            if local.startswith("on") or href:
                raise _refuse("logo_svg_content")


def read_logo(uploaded) -> LogoFile:
    """The uploaded file as a logo, or a ``ValidationError`` for the field (its code says
    why: ``logo_too_large``, ``logo_type``, ``logo_unreadable``, ``logo_dimensions``,
    ``logo_svg_content``, ``logo_colour_mode``)."""
    if uploaded.size > LOGO_MAX_BYTES:
        raise _refuse("logo_too_large")
    uploaded.seek(0)
    data = uploaded.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise _refuse("logo_too_large")
    content_type = content_type_of(data)
    if content_type is None:
        raise _refuse("logo_type")
    if content_type == SVG:
        _check_svg(data)
    else:
        _check_raster(data)
    return LogoFile(content_type=content_type, data=data)
