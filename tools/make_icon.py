"""Draw the application icon: ``assets/icons/livery-studio.png`` (512 px) and a 64 px copy.

A rounded tile in the bespoke programme's amethyst with a champagne-gold lightning bolt
(the decal) over a car's roofline. Drawn at 4x and downsampled for clean edges, so the
icon is reproducible from this script alone: ``python tools/make_icon.py``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "assets" / "icons"
SIZE = 512
K = 4  # supersampling


def _draw() -> Image.Image:
    n = SIZE * K
    tile = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    # Vertical gradient from deep amethyst to near black, inside a rounded square.
    grad = Image.new("RGBA", (n, n))
    top, bottom = (98, 58, 142), (20, 16, 30)
    px = grad.load()
    for y in range(n):
        t = y / (n - 1)
        c = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        for x in range(n):
            px[x, y] = (*c, 255)
    mask = Image.new("L", (n, n), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, n - 1, n - 1), radius=n // 5, fill=255)
    tile.paste(grad, (0, 0), mask)

    d = ImageDraw.Draw(tile)
    s = n / 512

    def pts(seq: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * s, y * s) for x, y in seq]

    # The car: a low fastback silhouette in the light text colour, wheels cut out of it.
    light = (233, 230, 225, 255)
    body = [(56, 352), (58, 318), (92, 300), (168, 288), (222, 246), (300, 236), (352, 244),
            (420, 280), (458, 296), (460, 340), (452, 352)]
    d.polygon(pts(body), fill=light)
    # Side glass, in the tile's colour.
    d.polygon(pts([(186, 288), (228, 256), (296, 250), (340, 258), (372, 286)]), fill=(74, 46, 108, 255))
    for cx in (142, 374):
        r, rim = 44 * s, 28 * s
        d.ellipse((cx * s - r, 352 * s - r, cx * s + r, 352 * s + r), fill=(28, 22, 40, 255))
        d.ellipse((cx * s - rim, 352 * s - rim, cx * s + rim, 352 * s + rim), fill=(160, 156, 152, 255))
    # The bolt, in the accent gold with a dark edge so it reads over the car.
    gold = (214, 176, 112, 255)
    bolt = [(318, 60), (206, 262), (266, 262), (214, 452), (344, 224), (282, 224), (352, 60)]
    d.polygon(pts(bolt), fill=gold, outline=(28, 22, 40, 255), width=round(8 * s))
    return tile.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = _draw()
    icon.save(OUT / "livery-studio.png", optimize=True)
    icon.resize((64, 64), Image.Resampling.LANCZOS).save(OUT / "livery-studio-64.png", optimize=True)


if __name__ == "__main__":
    main()
