"""Where the seal goes on the page.

The province's templates reserve the seal's place with an empty box, ``<div class="seal-area" data-seal="issuer">``,
drawn as a thin grey dashed outline (``common.css``: 42 mm square over the issuer's name and date, GB/T 9704-2012
7.3.5.1). WeasyPrint writes that outline as four dashed grey strokes; this module finds them in the page content,
returns the box in PDF user space, and, when sealing, turns the four strokes into no-ops so the stamp replaces the
outline instead of sitting in a dashed square.

A document whose template reserves no seal area (internal forms) gets an invisible signature: it is sealed and
verifiable, but no stamp is drawn over text that was not laid out for one.
"""

import re
from dataclasses import dataclass, field

from pyhanko.pdf_utils import generic

OUTLINE_GREY = 0xB8 / 255  # #b8b8b8 in common.css
MIN_SIDE, MAX_SIDE = 70.0, 200.0  # points: 25 mm to 70 mm; the reserved area is 42 mm


@dataclass
class SealArea:
    page_index: int
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in the page's user space
    contents_ref: generic.Reference | None = None  # the single content stream holding the outline
    paint_offsets: list[int] = field(default_factory=list)  # byte offsets of the outline's ``S`` operators


# --- a small content-stream reader: just enough state to locate stroked paths ----------------------------------

_DELIMITERS = b"()<>[]{}/%"
_WHITESPACE = b" \t\r\n\f\x00"
_NUMBER = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)")


def _tokens(data: bytes):
    """(offset, token) pairs; numbers as floats, operators as bytes, other operands as None or lists."""
    i, n = 0, len(data)
    stack: list[list] = []
    while i < n:
        c = data[i]
        if c in _WHITESPACE:
            i += 1
            continue
        start = i
        if c == 0x25:  # % comment
            while i < n and data[i] not in b"\r\n":
                i += 1
            continue
        if c == 0x28:  # ( literal string )
            depth, i = 1, i + 1
            while i < n and depth:
                if data[i] == 0x5C:
                    i += 2
                    continue
                depth += {0x28: 1, 0x29: -1}.get(data[i], 0)
                i += 1
            token = None
        elif data.startswith(b"<<", i) or data.startswith(b">>", i):
            i += 2
            continue  # inline dictionaries only occur in BDC/DP/BI operands we do not interpret
        elif c == 0x3C:  # <hex string>
            end = data.find(b">", i)
            i = n if end < 0 else end + 1
            token = None
        elif c == 0x5B:  # [
            stack.append([])
            i += 1
            continue
        elif c == 0x5D:  # ]
            i += 1
            token = stack.pop() if stack else []
        elif c == 0x2F:  # /name
            i += 1
            while i < n and data[i] not in _WHITESPACE and data[i] not in _DELIMITERS:
                i += 1
            token = None
        else:
            while i < n and data[i] not in _WHITESPACE and data[i] not in _DELIMITERS:
                i += 1
            word = data[start:i]
            token = float(word) if _NUMBER.fullmatch(word) else word
            if word == b"ID":  # inline image data: skip to EI
                end = re.compile(rb"\sEI(?=[\s]|$)").search(data, i + 1)
                i = n if end is None else end.end()
                yield start, b"EI"
                continue
        if stack:
            stack[-1].append(token)
        else:
            yield start, token


def _multiply(m, n):
    """m × n for PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _outline_strokes(data: bytes) -> list[tuple[int, list[tuple[float, float]]]]:
    """Stroked, dashed, grey paths: (offset of the painting operator, points in page space)."""
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    dashed, grey = False, False
    saved: list[tuple] = []
    path: list[tuple[float, float]] = []
    operands: list = []
    found = []
    for offset, token in _tokens(data):
        if not isinstance(token, bytes):
            operands.append(token)
            continue
        op = token
        nums = [v for v in operands if isinstance(v, float)]
        if op == b"q":
            saved.append((ctm, dashed, grey))
        elif op == b"Q":
            if saved:
                ctm, dashed, grey = saved.pop()
        elif op == b"cm" and len(nums) >= 6:
            ctm = _multiply(tuple(nums[-6:]), ctm)
        elif op == b"d":
            arrays = [v for v in operands if isinstance(v, list)]
            dashed = bool(arrays and any(isinstance(x, float) and x > 0 for x in arrays[0]))
        elif op == b"RG" and len(nums) >= 3:
            grey = all(abs(v - OUTLINE_GREY) < 0.01 for v in nums[-3:])
        elif op == b"G" and nums:
            grey = abs(nums[-1] - OUTLINE_GREY) < 0.01
        elif op == b"K":
            grey = False
        elif op in (b"m", b"l") and len(nums) >= 2:
            path.append(_apply(ctm, nums[-2], nums[-1]))
        elif op == b"re" and len(nums) >= 4:
            x, y, w, h = nums[-4:]
            path.extend(_apply(ctm, px, py) for px, py in ((x, y), (x + w, y), (x + w, y + h), (x, y + h)))
        elif op in (b"S", b"s"):
            if dashed and grey and path:
                found.append((offset, path))
            path = []
        elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"):
            path = []
        operands = []
    return found


def _page_content(page: generic.DictionaryObject) -> tuple[bytes, generic.Reference | None]:
    raw = page.raw_get("/Contents") if "/Contents" in page else None
    if raw is None:
        return b"", None
    contents = raw.get_object()
    if isinstance(contents, generic.ArrayObject):
        return b"\n".join(part.get_object().data for part in contents), None
    return contents.data, raw.reference if isinstance(raw, generic.IndirectObject) else None


def _pages(reader) -> list[generic.DictionaryObject]:
    pages = []

    def walk(node):
        node = node.get_object()
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in node["/Kids"]:
                walk(kid)
        else:
            pages.append(node)

    walk(reader.root["/Pages"])
    return pages


def find_seal_area(reader) -> SealArea | None:
    """The reserved seal area on the last page that has one (issued documents are sealed at the end)."""
    pages = _pages(reader)
    for index in range(len(pages) - 1, -1, -1):
        data, ref = _page_content(pages[index])
        strokes = _outline_strokes(data)
        if not strokes:
            continue
        xs = [x for _, pts in strokes for x, _ in pts]
        ys = [y for _, pts in strokes for _, y in pts]
        x1, y1, x2, y2 = min(xs), min(ys), max(xs), max(ys)
        width, height = x2 - x1, y2 - y1
        if MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE and abs(width - height) < 0.2 * width:
            return SealArea(page_index=index, box=(x1, y1, x2, y2), contents_ref=ref,
                            paint_offsets=[offset for offset, _ in strokes])
    return None


def page_count(reader) -> int:
    return len(_pages(reader))


def remove_outline(writer, area: SealArea) -> None:
    """Replace the outline's stroke operators by ``n`` (end path, paint nothing) in an incremental update."""
    if area.contents_ref is None or not area.paint_offsets:
        return
    stream = writer.get_object(area.contents_ref)
    data = bytearray(stream.data)
    for offset in area.paint_offsets:
        if data[offset:offset + 1] in (b"S", b"s"):
            data[offset:offset + 1] = b"n"
    replacement = generic.StreamObject(stream_data=bytes(data))
    replacement.compress()
    new_ref = writer.add_object(replacement)
    page_ref, _resources = writer.find_page_for_modification(area.page_index)
    page = page_ref.get_object()
    page["/Contents"] = new_ref
    writer.update_container(page)


def stamp_style(image_png: bytes):
    """The signature widget's appearance: the seal image, composited with the Multiply blend mode so that the text
    under it (the issuer's name and the date) stays black and legible through the red, as ink on paper does."""
    import io

    from PIL import Image
    from pyhanko.pdf_utils.content import ResourceType
    from pyhanko.pdf_utils.generic import DictionaryObject, pdf_name
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    class InkImage(PdfImage):
        def render(self) -> bytes:
            self.set_resource(category=ResourceType.EXT_G_STATE, name=pdf_name("/YzfInk"),
                              value=DictionaryObject({pdf_name("/BM"): pdf_name("/Multiply")}))
            return b"q /YzfInk gs " + super().render() + b" Q"

    return StaticStampStyle(background=InkImage(Image.open(io.BytesIO(image_png))), border_width=0,
                            background_opacity=1.0)
