"""The demo seal image: a red round seal drawn with Pillow from the body's name (a circle, a five-pointed star in the
middle, the name along the upper rim, read clockwise), on a transparent background so that the issuer's name and the
date printed under it stay legible, as on a stamped paper document (GB/T 9704-2012 7.3.5.1).

Production seals may bring their own image (``seal_import(image=...)``); the image is only the visible mark, the
certificate is what signs.
"""

import functools
import io
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from yuezhifa.core.errors import DomainError

SEAL_RED = (214, 0, 0, 255)
SIZE = 840  # pixels: 42 mm at 20 px/mm, the diameter of an official seal of a body
FONT_CANDIDATES = ["NotoSansCJK-Bold.ttc", "NotoSerifCJK-Bold.ttc", "NotoSansCJK-Regular.ttc"]
MAX_IMAGE_BYTES = 2 * 1024 * 1024


@functools.cache
def _font_path_and_index() -> tuple[Path, int]:
    from yuezhifa.documents.rendering import FONT_PACKAGE, KNOWN_FONT_DIRS

    for name in FONT_CANDIDATES:
        for directory in KNOWN_FONT_DIRS:
            path = directory / name
            if not path.is_file():
                continue
            for index in range(10):
                try:
                    family, _style = ImageFont.truetype(str(path), 20, index=index).getname()
                except OSError:
                    break
                if family.endswith(" SC"):
                    return path, index
    raise DomainError(f"未找到绘制印章图像所需的 Noto CJK 中文字体，请安装 Debian 软件包 {FONT_PACKAGE}。",
                      code="fonts_missing")


def _font(size: int) -> ImageFont.FreeTypeFont:
    path, index = _font_path_and_index()
    return ImageFont.truetype(str(path), size, index=index)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else inner
        angle = math.radians(-90 + i * 36)
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=SEAL_RED)


def _rim_text(canvas: Image.Image, text: str, *, centre: float, radius: float) -> None:
    """Each character upright along the radius, spread evenly over an arc centred on the top; long names use a
    wider arc and smaller characters, as seal makers do."""
    count = len(text)
    if count == 0:
        return
    span = min(250.0, max(170.0, 22.0 * count))  # degrees of the rim the name occupies
    step = span / count
    # the character's height fits the ring, its width the arc step
    size = int(min(SIZE * 0.13, 2 * math.pi * radius * step / 360 * 1.05))
    font = _font(size)
    for i, char in enumerate(text):
        angle = -span / 2 + step * (i + 0.5)  # 0 = top, clockwise positive
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size, size), char, font=font, fill=SEAL_RED, anchor="mm")
        glyph = glyph.rotate(-angle, resample=Image.Resampling.BICUBIC)
        theta = math.radians(angle - 90)
        x = centre + radius * math.cos(theta)
        y = centre + radius * math.sin(theta)
        canvas.alpha_composite(glyph, (int(x - size), int(y - size)))


def draw_seal(name: str, *, caption: str = "") -> bytes:
    """A PNG of a round seal carrying ``name`` (and an optional ``caption`` under the star, e.g. 行政执法专用章)."""
    canvas = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    centre = SIZE / 2
    ring = SIZE * 0.028
    draw.ellipse((ring / 2, ring / 2, SIZE - ring / 2, SIZE - ring / 2), outline=SEAL_RED, width=int(ring))
    _star(draw, centre, centre, SIZE * 0.17)
    _rim_text(canvas, name, centre=centre, radius=SIZE * 0.37)
    if caption:
        font = _font(int(SIZE * 0.07))
        draw.text((centre, SIZE * 0.74), caption, font=font, fill=SEAL_RED, anchor="mm")
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def check_image(data: bytes) -> bytes:
    """An uploaded seal image: a PNG within the size limit, returned as PNG bytes (transparency kept)."""
    if not data:
        raise DomainError("印章图像为空，请上传 PNG 图片。", field="image")
    if len(data) > MAX_IMAGE_BYTES:
        raise DomainError("印章图像不能超过 2 MB。", field="image")
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format != "PNG":
                raise DomainError("印章图像应为 PNG 格式（背景透明）。", field="image")
            img.load()
            if img.width < 100 or img.height < 100 or img.width > 4000 or img.height > 4000:
                raise DomainError("印章图像的宽和高应在 100 至 4000 像素之间。", field="image")
    except DomainError:
        raise
    except Exception:
        raise DomainError("无法读取印章图像，请上传有效的 PNG 图片。", field="image") from None
    return data
