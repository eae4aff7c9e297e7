"""Compare's wipe and grid through the real widgets under Xvfb: each region of the
picture shows the paint it is meant to (measured on the body's pixels), from the one
camera, under the one light."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from livery.ui import qimages

pytestmark = pytest.mark.gui

PAINTS = {  # distinct hues: every cell must show its own
    "racing-red": "#b3141c",
    "gem-green": "#1d5a4b",
    "sprout-yellow": "#d5d64a",
    "amethyst": "#4b2a6f",
}


def _rgb(hex_: str) -> np.ndarray:
    return np.array([int(hex_[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _nearest(pixels: np.ndarray, paints: dict[str, str]) -> str:
    """The paint whose chromaticity is nearest the pixels' median chromaticity."""
    med = np.median(pixels.reshape(-1, 3).astype(float), axis=0)
    med /= max(med.sum(), 1.0)
    return min(paints, key=lambda k: np.linalg.norm(med - _rgb(paints[k]) / _rgb(paints[k]).sum()))


def _shown(widget) -> np.ndarray:
    return qimages.to_rgba(widget.grab().toImage())[..., :3]


@pytest.fixture
def compare(qtbot, make_window):
    window = make_window()
    cmp = window.designer.open_compare()
    qtbot.addWidget(cmp)
    cmp.resize(900, 520)
    qtbot.waitExposed(cmp)
    cmp.set_b("racing-red")
    yield cmp
    cmp.close()


def test_the_wipe_shows_a_left_of_the_divider_and_b_right(qtbot, compare):
    assert compare.build_a.choices["paint"] == "gem-green"
    compare.set_mode("wipe")
    assert compare.stack.currentWidget() is compare.wipe
    wipe = compare.wipe
    body = compare.shots.body_mask()
    assert body.shape == (wipe.height(), wipe.width()) and body.sum() > 2000
    two = {k: PAINTS[k] for k in ("gem-green", "racing-red")}
    for fraction in (0.5, 0.3):  # the middle, then dragged to 30 %
        if fraction != 0.5:
            qtbot.mousePress(
                wipe, Qt.MouseButton.LeftButton, pos=QPointF(0.3 * wipe.width(), 50).toPoint()
            )
            assert wipe.fraction == pytest.approx(0.3, abs=0.01)
        img, x = _shown(wipe), wipe.divider()
        cols = np.arange(wipe.width())[None, :]
        left = body & (cols < x - 3)
        right = body & (cols > x + 3)
        assert left.sum() > 300 and right.sum() > 300
        assert _nearest(img[left], two) == "gem-green"
        assert _nearest(img[right], two) == "racing-red"
    # one car, camera and light: at the divider the two halves meet without a step
    a, b = wipe.a.astype(int), wipe.b.astype(int)
    outside = ~body
    assert np.abs(a[outside] - b[outside]).mean() < 4  # only the paint differs
    # B changes: the wipe follows
    compare.set_b("sprout-yellow")
    compare.redraw()
    img = _shown(wipe)
    right = body & (np.arange(wipe.width())[None, :] > wipe.divider() + 3)
    assert (
        _nearest(img[right], {"gem-green": "#1d5a4b", "sprout-yellow": "#d5d64a"})
        == "sprout-yellow"
    )


def test_the_grid_shows_each_paint_in_its_cell_with_its_label(compare, catalog):
    compare.show_grid(list(PAINTS))
    assert compare.mode == "grid4" and compare.stack.currentWidget() is compare.grid
    grid = compare.grid
    assert len(grid.cells) == 4
    img = _shown(grid)
    body = compare.shots.body_mask()
    for i, oid in enumerate(PAINTS):
        r = grid.cell_rect(i)
        cell = img[r.top() : r.bottom() + 1, r.left() : r.right() + 1]
        assert cell.shape[:2] == body.shape
        assert _nearest(cell[body], PAINTS) == oid, (i, oid)
        label = grid.cells[i]
        assert label.title == catalog.option("paint", oid).name.en
        assert label.detail.startswith(str(catalog.option("paint", oid).code))
        assert "ΔE" in label.detail and label.swatch == PAINTS[oid]
    # 3x3: nine cells, the same camera for all (outside the body every cell is the same)
    compare.show_grid([o.id for o in catalog.options_for("su7-ultra", "paint")])
    assert compare.mode == "grid9" and len(grid.cells) == 9
    pics = [c.picture.astype(int) for c in grid.cells]
    body = compare.shots.body_mask()
    assert all(np.abs(p[~body] - pics[0][~body]).mean() < 4 for p in pics)


def test_the_grid_and_wipe_turn_with_the_light(compare):
    compare.set_mode("wipe")
    before = compare.wipe.a.copy()
    compare.lighting.set(environment="showroom", rotation=0.0)
    compare.redraw()
    unturned = compare.wipe.a.copy()
    compare.lighting.set(rotation=120.0)
    compare.redraw()
    assert np.abs(compare.wipe.a.astype(int) - unturned).mean() > 1.0
    assert compare.shots._stage.lighting.rotation == 120.0  # noqa: SLF001
    assert before.shape == unturned.shape


def test_the_wipe_is_the_same_after_the_live_views_drew(qtbot, compare):
    """The offscreen Stage is kept between pictures: the embedded views drawing in
    between must not change what it draws."""
    compare.set_mode("wipe")
    first = compare.wipe.a.copy()
    compare.set_mode("side")
    n = compare.view_a.frames
    compare.view_a.request_render()
    qtbot.waitUntil(lambda: compare.view_a.frames > n, timeout=15000)
    compare.set_mode("wipe")
    assert compare.wipe.a.shape == first.shape
    assert np.abs(compare.wipe.a.astype(int) - first.astype(int)).mean() < 1.0
