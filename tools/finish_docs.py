"""Write the README's finish and environment pictures (docs/finishes/*.png).

    python tools/finish_docs.py [--out docs/finishes]

families.png: one shader ball per family; closeups.png: door-panel close-ups (and a
carbon / ash macro); environments.png: the default car in each named environment.
Offscreen, deterministic; look at the pictures before committing them.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from livery.catalog import Build, load_catalog  # noqa: E402
from livery.scene import swatch  # noqa: E402
from livery.scene.swatch import VIEWS, render_swatch  # noqa: E402

BG = (40, 40, 42)
CATALOG = load_catalog()


def _finish(group: str, option: str, slot: str | None = None):
    fs = CATALOG.group(group).option(option).finishes
    return next(f for s, f in fs.items() if slot is None or s.value == slot)


def _fixed(slot: str):
    return next(f for k, f in CATALOG.fixed.items() if k.value == slot)


def _on_bg(rgba: np.ndarray) -> np.ndarray:
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    return (rgba[..., :3] * a + np.array(BG) * (1 - a)).astype(np.uint8)


def _sheet(tiles: list[tuple[np.ndarray, str]], cols: int, label_h: int = 22) -> Image.Image:
    h, w = tiles[0][0].shape[:2]
    rows = (len(tiles) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * w, rows * (h + label_h)), BG)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=12)
    for i, (img, label) in enumerate(tiles):
        x, y = (i % cols) * w, (i // cols) * (h + label_h)
        sheet.paste(Image.fromarray(img), (x, y))
        draw.text((x + 4, y + h + 4), label, fill=(225, 225, 225), font=font)
    return sheet


def families() -> Image.Image:
    items = [
        ("Metallic (gem green)", _finish("paint", "gem-green")),
        ("Mirror metallic (amethyst)", _finish("paint", "amethyst")),
        ("Pearl (twilight rose)", _finish("paint", "twilight-rose")),
        ("Matte metallic", _finish("paint", "golden-pink-matte")),
        ("Solid (sprout yellow)", _finish("paint", "sprout-yellow")),
        ("Ceramic, white", _finish("badge", "gold-white-ceramic", "badge")),
        ("24K gold", _finish("badge", "gold-white-ceramic", "badge-inlay")),
        ("Chrome", _finish("badge", "standard", "badge-inlay")),
        ("Brushed aluminium", _fixed("discs")),
        ("Alcantara", _finish("interior", "blue-alcantara-wood", "upholstery")),
        ("Walnut", _finish("interior", "cognac-leather", "interior-trim")),
        ("White ash, metal powder", _finish("interior", "white-ash-metal", "interior-trim")),
        ("Carbon fibre", _finish("interior", "obsidian-black", "interior-trim")),
        ("Tinted glass", _fixed("glass")),
        ("Tyre rubber", _fixed("tyres")),
        ("Leather (cognac)", _finish("interior", "cognac-leather", "upholstery")),
    ]
    return _sheet([(_on_bg(render_swatch(f, 150)), n) for n, f in items], 8)


def _panel(f, view=None, size=(240, 180)) -> np.ndarray:
    old = VIEWS["panel"]
    if view is not None:
        VIEWS["panel"] = swatch._View(*view)
    try:
        return _on_bg(render_swatch(f, size, shape="panel"))
    finally:
        VIEWS["panel"] = old


#: A macro view: 9 cm of the panel across, looking in from the side a little.
MACRO = ((0.02, -0.12, 0.012), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0), 34.0)
MACRO_TURNED = ((-0.07, -0.09, 0.05), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0), 34.0)


def closeups() -> Image.Image:
    amethyst = _finish("paint", "amethyst")
    gem = _finish("paint", "gem-green")
    ash = _finish("interior", "white-ash-metal", "interior-trim")
    walnut = _finish("interior", "cognac-leather", "interior-trim")
    carbon = _finish("interior", "obsidian-black", "interior-trim")
    tiles = [
        (_panel(amethyst), "Amethyst: mirror, no peel"),
        (_panel(replace(amethyst, orange_peel=0.25)), "Same paint, orange peel 0.25"),
        (_panel(gem), "Gem green: flakes under coat"),
        (_panel(replace(gem, flake_density=0.0)), "Gem green, no flakes"),
        (_panel(_finish("paint", "golden-pink-matte")), "Golden pink matte"),
        (_panel(_finish("paint", "twilight-rose")), "Twilight rose pearl"),
        (_panel(walnut), "Walnut: flat-sawn cathedral grain"),
        (_panel(walnut, MACRO), "Walnut, 9 cm: pores, figure"),
        (_panel(ash), "White ash, metal powder"),
        (_panel(ash, MACRO_TURNED), "Ash, 9 cm: powder glints in pores"),
        (_panel(carbon, MACRO), "Carbon 2x2 twill, 9 cm"),
        (_panel(carbon, MACRO_TURNED), "Same, view turned: warp/weft swap"),
    ]
    return _sheet(tiles, 4)


def environments() -> Image.Image:
    from livery.scene.looks import VIEW_ENVIRONMENTS
    from livery.scene.stage import Stage
    from livery.vehicles.files import load_vehicle

    vehicle = CATALOG.vehicles[0]
    model = load_vehicle(vehicle.id, CATALOG.vehicles)
    stage = Stage(CATALOG, size=(320, 180))
    try:
        stage.show(Build(CATALOG, vehicle.id), model)
        stage.set_camera("front34")
        tiles = []
        for name in VIEW_ENVIRONMENTS:
            stage.set_environment(name)
            tiles.append((stage.snapshot(supersample=2), name))
    finally:
        stage.close()
    return _sheet(tiles, 3)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path("docs/finishes"))
    p.add_argument("--only", choices=("families", "closeups", "environments"))
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in (
        ("families", families),
        ("closeups", closeups),
        ("environments", environments),
    ):
        if args.only and args.only != name:
            continue
        path = args.out / f"{name}.png"
        make().save(path, optimize=True)
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
