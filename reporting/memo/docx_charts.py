"""The memo's charts in its Word file: the PDF's SVG drawings (``reporting.figures.charts``)
painted to PNG with Pillow, and their text alternative."""

from __future__ import annotations

import io
from functools import lru_cache

from defusedxml import ElementTree
from PIL import Image, ImageDraw, ImageFont

from reporting.memo.docx_parts import xml_text
from reporting.memo.pdf import static_roots

CHART_PIXELS_PER_UNIT = 2  # sharp on paper and on high-resolution screens
SVG = "{http://www.w3.org/2000/svg}"
TEXT_ANCHORS = {"start": "l", "middle": "m", "end": "r"}


@lru_cache(maxsize=8)
def _chart_font(bold: bool, size: float) -> ImageFont.FreeTypeFont:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(static_roots()[0] / "fonts" / name), size)


def _number(element, name: str, default: float = 0.0) -> float:
    value = element.get(name)
    return float(value) if value not in (None, "") else default


def _patterns(root) -> dict[str, tuple[str, float]]:
    """The stripes of the chart's patterns (``reporting.figures.marks``), by the fill that
    names them: ``url(#id)`` → (colour, angle in degrees)."""
    patterns = {}
    for pattern in root.iter(f"{SVG}pattern"):
        stripe = pattern.findall(f"{SVG}rect")[-1]
        angle = pattern.get("patternTransform", "rotate(0)").removeprefix("rotate(").rstrip(")")
        patterns[f"url(#{pattern.get('id')})"] = (stripe.get("fill"), float(angle))
    return patterns


def _hatch(image, box: tuple[float, ...], colour: str, angle: float, *, scale: int) -> None:
    """Paint ``box`` (x, y, width, height) white with stripes of ``colour`` leaning ``angle``."""
    x, y, w, h = (round(value) for value in box)
    tile = Image.new("RGB", (max(w, 1), max(h, 1)), "white")
    draw = ImageDraw.Draw(tile)
    step, lean = 6 * scale, h if angle > 0 else -h
    for start in range(-abs(lean), w + abs(lean), step):
        draw.line([(start, h), (start + lean, 0)], fill=colour, width=3 * scale // 2 + 1)
    image.paste(tile, (x, y))


def chart_png(svg: str, *, scale: int = CHART_PIXELS_PER_UNIT) -> bytes:
    """Paint one of ``reporting.figures.charts``' drawings to PNG.

    The charts use a small part of SVG (``line``, ``rect``, ``text``, and the stripes of a
    marked year: ``defs`` of ``pattern``), all painted here; any other element is refused, so a
    new kind of drawing cannot silently go missing in Word."""
    root = ElementTree.fromstring(xml_text(svg))
    _, _, width, height = (float(part) for part in root.get("viewBox").split())
    image = Image.new("RGB", (round(width * scale), round(height * scale)), "white")
    draw = ImageDraw.Draw(image)
    font_size = _number(root, "font-size", 13) * scale
    text_fill = root.get("fill", "#000000")
    patterns = _patterns(root)
    for element in root:
        tag = element.tag.removeprefix(SVG)
        if tag in ("title", "desc", "defs"):
            continue
        if tag == "line":
            draw.line(
                [
                    (_number(element, "x1") * scale, _number(element, "y1") * scale),
                    (_number(element, "x2") * scale, _number(element, "y2") * scale),
                ],
                fill=element.get("stroke", text_fill),
                width=max(1, round(_number(element, "stroke-width", 1) * scale)),
            )
        elif tag == "rect":
            x, y = _number(element, "x") * scale, _number(element, "y") * scale
            w, h = _number(element, "width") * scale, _number(element, "height") * scale
            fill = element.get("fill", text_fill)
            if w > 0 and h > 0 and fill in patterns:
                _hatch(image, (x, y, w, h), *patterns[fill], scale=scale)
                draw.rectangle([x, y, x + w, y + h], outline=element.get("stroke"), width=scale)
            elif w > 0 and h > 0:
                draw.rectangle([x, y, x + w, y + h], fill=fill)
        elif tag == "text":
            anchor = TEXT_ANCHORS[element.get("text-anchor", "start")]
            anchor += "m" if element.get("dominant-baseline") == "middle" else "s"
            draw.text(
                (_number(element, "x") * scale, _number(element, "y") * scale),
                element.text or "",
                font=_chart_font(element.get("font-weight") == "bold", font_size),
                fill=element.get("fill", text_fill),
                anchor=anchor,
            )
        else:
            raise ValueError(f"The chart uses SVG that the Word export cannot paint: <{tag}>")
    output = io.BytesIO()
    image.save(output, format="PNG", dpi=(96 * scale, 96 * scale), optimize=True)
    return output.getvalue()


def chart_alt_text(svg: str) -> str:
    """The chart's title and every label it shows, bar by bar ("Miljöförvaltningen,
    15 341 218 kr; …"): a screen reader gets the same numbers as the picture.

    Labels of one bar are drawn one after the other on a shared line (same x or same y)."""
    root = ElementTree.fromstring(xml_text(svg))
    groups: list[list[str]] = []
    previous = None
    for text in root.iter(f"{SVG}text"):
        position = (text.get("x"), text.get("y"))
        label = (text.text or "").strip()
        if previous is not None and (position[0] == previous[0] or position[1] == previous[1]):
            groups[-1].append(label)
        else:
            groups.append([label])
        previous = position
    title = " ".join((root.findtext(f"{SVG}title") or "").split())
    values = "; ".join(", ".join(group) for group in groups)
    return f"{title}: {values}." if values else f"{title}."
