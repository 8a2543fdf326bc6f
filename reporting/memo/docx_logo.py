"""The organisation's logo in the Word file's header, a PNG or JPEG as it is, an SVG as Word
2016 and later embed one: the SVG beside a fallback picture of its shape (transparent: no
rasteriser is at hand), as an ``asvg:svgBlip`` extension of the picture."""

from __future__ import annotations

import io
import re

from defusedxml import ElementTree
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from PIL import Image

from projects.logos import SVG, LogoFile

# Office's extension for an SVG picture (MS-ODRAWXML 2.3.2.8).
SVG_BLIP_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_BLIP_NAMESPACE = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
DRAWING_NAMESPACE = "http://schemas.openxmlformats.org/drawingml/2006/main"
RELATIONSHIPS_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Width over height where an SVG says neither its size nor its viewBox.
DEFAULT_RATIO = 3.0


def svg_ratio(data: bytes) -> float:
    """The SVG's width over its height, from its viewBox or its width and height."""
    root = ElementTree.fromstring(data)
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", root.get("viewBox") or "")]
    if len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0:
        return numbers[2] / numbers[3]
    sizes = [re.match(r"[\d.]+", root.get(name) or "") for name in ("width", "height")]
    if all(sizes) and float(sizes[1].group()) > 0:
        return float(sizes[0].group()) / float(sizes[1].group())
    return DEFAULT_RATIO


def _transparent_png(ratio: float) -> bytes:
    buffer = io.BytesIO()
    height = 100
    Image.new("RGBA", (max(1, round(height * ratio)), height), (255, 255, 255, 0)).save(
        buffer, format="PNG"
    )
    return buffer.getvalue()


def add_logo(run, logo: LogoFile, *, height, description: str):
    """``logo`` as a picture in ``run``, ``height`` high, with ``description`` as its
    alternative text; returns the picture's inline element."""
    if logo.content_type != SVG:
        picture = run.add_picture(io.BytesIO(logo.data), height=height)
    else:
        picture = run.add_picture(io.BytesIO(_transparent_png(svg_ratio(logo.data))), height=height)
        part = run.part
        svg_part = Part(
            PackURI(f"/word/media/logo-{logo.sha256[:16]}.svg"),
            SVG,
            logo.data,
            part.package,
        )
        relationship = part.relate_to(svg_part, RT.IMAGE)
        [blip] = picture._inline.xpath(".//a:blip")
        blip.append(
            parse_xml(
                f'<a:extLst xmlns:a="{DRAWING_NAMESPACE}"><a:ext uri="{SVG_BLIP_EXTENSION}">'
                f'<asvg:svgBlip xmlns:asvg="{SVG_BLIP_NAMESPACE}" '
                f'xmlns:r="{RELATIONSHIPS_NAMESPACE}" r:embed="{relationship}"/>'
                "</a:ext></a:extLst>"
            )
        )
    properties = picture._inline.docPr
    properties.set("name", "Logotyp")
    properties.set("descr", description)
    return picture
