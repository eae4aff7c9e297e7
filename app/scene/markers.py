"""Numbered markers for notes pinned to a point on the car, and what picking needs.

A pinned note's point is in the vehicle's frame (the parts' own metres: the Stage
gives its part actors no transform), so a marker is a label anchored at that world
point. Each is a ``vtkTextActor`` in the overlay layer whose position is given in
world coordinates: VTK projects it every frame, so it follows the camera, keeps its
size in pixels at any zoom, and is drawn over the car (a point on the far side shows
through, where a designer still wants to find it). The labels are a scene thing: they
are never in a picture unless its caller asks (``Stage.snapshot(markers=True)``).

Also here: ``surface_point`` (where a pixel's ray meets a part: the 3-D point a click
pins, the part itself found by the Stage's ID render), ``nearest_part`` (the part a
point typed as numbers lies on: ``livery decide --at``) and ``view_of`` (a camera pose
that looks at a pinned point, for the camera rig's eased move).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np
import vtkmodules.vtkRenderingFreeType  # noqa: F401 - the text actors' font rendering
from vtkmodules.vtkCommonCore import mutable, reference
from vtkmodules.vtkCommonDataModel import vtkPolyData, vtkStaticCellLocator
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkTextActor

from livery.scene.cameras import CameraPose

Point = tuple[float, float, float]

#: The label's look: signal orange with a white number; the highlighted one inverted.
FILL = (0.96, 0.42, 0.05)
HIGHLIGHT_FILL = (1.0, 1.0, 1.0)
TEXT = (1.0, 1.0, 1.0)
HIGHLIGHT_TEXT = (0.08, 0.08, 0.08)
FONT_PX = 15
HIGHLIGHT_FONT_PX = 19
#: How far from a pinned point the camera looks at it (times the car's length), and
#: from how high (degrees above the horizontal).
LOOK_DISTANCE = 0.42
LOOK_ELEVATION_DEG = 22.0


class Markers:
    """The numbered markers of one renderer: ``show`` them, ``highlight`` one, ``clear``."""

    def __init__(self, renderer: vtkRenderer) -> None:
        self._renderer = renderer
        self._actors: list[vtkTextActor] = []
        self._points: list[Point] = []
        self._numbers: list[int] = []
        self._highlighted: int | None = None
        self._scale = 1.0

    @property
    def points(self) -> list[Point]:
        """The points shown, marker 1 first."""
        return list(self._points)

    @property
    def scale(self) -> float:
        return self._scale

    @property
    def numbers(self) -> list[int]:
        """Their labels, marker 1 first."""
        return list(self._numbers)

    @property
    def actors(self) -> list[vtkTextActor]:
        """The label actors, marker 1 first (tests read where they are drawn)."""
        return list(self._actors)

    @property
    def highlighted(self) -> int | None:
        """The index (0-based) of the highlighted marker, or None."""
        return self._highlighted

    def show(
        self, points: Sequence[Point], numbers: Sequence[int] | None = None, scale: float = 1.0
    ) -> None:
        """Show a marker at each point, labelled with ``numbers`` (default 1, 2, ...);
        ``scale``: the labels that many times their size on screen (a print picture)."""
        self.clear()
        self._scale = scale
        labels = list(numbers) if numbers is not None else list(range(1, len(points) + 1))
        for point, number in zip(points, labels, strict=True):
            actor = vtkTextActor()
            actor.SetInput(f" {number} ")
            actor.GetPositionCoordinate().SetCoordinateSystemToWorld()
            actor.GetPositionCoordinate().SetValue(*(float(v) for v in point))
            actor.PickableOff()
            self._renderer.AddViewProp(actor)
            self._actors.append(actor)
            self._points.append(tuple(float(v) for v in point))  # type: ignore[arg-type]
            self._numbers.append(number)
        self._style()

    def highlight(self, index: int | None) -> None:
        """Draw marker ``index`` (0-based) larger and inverted; None: none."""
        self._highlighted = index if index is not None and 0 <= index < len(self._actors) else None
        self._style()

    def _style(self) -> None:
        for i, actor in enumerate(self._actors):
            on = i == self._highlighted
            p = actor.GetTextProperty()
            p.SetFontSize(round((HIGHLIGHT_FONT_PX if on else FONT_PX) * self._scale))
            p.BoldOn()
            p.SetJustificationToCentered()
            p.SetVerticalJustificationToCentered()
            p.SetColor(*(HIGHLIGHT_TEXT if on else TEXT))
            p.SetBackgroundColor(*(HIGHLIGHT_FILL if on else FILL))
            p.SetBackgroundOpacity(1.0)
            p.FrameOn()
            p.SetFrameColor(*(FILL if on else TEXT))
            p.SetFrameWidth(max(1, round((2 if on else 1) * self._scale)))

    def clear(self) -> None:
        for actor in self._actors:
            self._renderer.RemoveViewProp(actor)
        self._actors, self._points, self._numbers, self._highlighted = [], [], [], None

    def display_points(self) -> list[tuple[float, float]]:
        """Where each marker is drawn, in pixels from the top left (like a snapshot)."""
        h = self._renderer.GetRenderWindow().GetSize()[1]
        out = []
        for actor in self._actors:
            x, y = actor.GetPositionCoordinate().GetComputedDoubleDisplayValue(self._renderer)
            out.append((float(x), float(h - 1 - y)))
        return out

    @contextmanager
    def left_out(self, leave_out: bool = True) -> Iterator[bool]:
        """Hide the markers inside (a picture without them); yields whether any were."""
        hide = leave_out and any(a.GetVisibility() for a in self._actors)
        if hide:
            for a in self._actors:
                a.VisibilityOff()
        try:
            yield hide
        finally:
            if hide:
                for a in self._actors:
                    a.VisibilityOn()


def surface_point(renderer: vtkRenderer, polydata: vtkPolyData, x: int, y: int) -> Point | None:
    """Where the ray through pixel (x, y) (from the top left) first meets ``polydata``
    (a part in the vehicle's frame), or None where it misses."""
    h = renderer.GetRenderWindow().GetSize()[1]
    ends = []
    for depth in (0.0, 1.0):  # the near and the far clipping plane
        renderer.SetDisplayPoint(float(x) + 0.5, float(h - 1 - y) + 0.5, depth)
        renderer.DisplayToWorld()
        wx, wy, wz, w = renderer.GetWorldPoint()
        ends.append((wx / w, wy / w, wz / w))
    locator = _locator(polydata)
    t, hit, pcoords, sub = mutable(0.0), [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], reference(0)
    if not locator.IntersectWithLine(ends[0], ends[1], 1e-7, t, hit, pcoords, sub):
        return None
    return (float(hit[0]), float(hit[1]), float(hit[2]))


def _locator(polydata: vtkPolyData) -> vtkStaticCellLocator:
    locator = vtkStaticCellLocator()
    locator.SetDataSet(polydata)
    locator.BuildLocator()
    return locator


def nearest_part(polydata: Mapping[str, vtkPolyData], point: Point) -> tuple[str, float]:
    """The part (by name) whose surface is nearest ``point``, and how far it is (m)."""
    best, far = "", math.inf
    for name, pd in polydata.items():
        if pd.GetNumberOfCells() == 0:
            continue
        closest, cell, sub, d2 = [0.0, 0.0, 0.0], reference(0), reference(0), mutable(0.0)
        _locator(pd).FindClosestPoint(point, closest, cell, sub, d2)
        if float(d2) < far:
            best, far = name, float(d2)
    return best, math.sqrt(far)


def view_of(point: Point, bounds: tuple[np.ndarray, np.ndarray], pose: CameraPose) -> CameraPose:
    """A pose that looks at ``point`` from outside the car: from the side of the car the
    point is on (measured from the middle of its box, scaled to the box), a little
    above, at a distance that shows the area around it; the field of view is kept."""
    lo, hi = (np.asarray(b, dtype=float) for b in bounds)
    centre, half = (lo + hi) / 2.0, np.maximum((hi - lo) / 2.0, 1e-6)
    p = np.asarray(point, dtype=float)
    side = ((p - centre) / half)[:2]
    if np.linalg.norm(side) < 0.2:  # near the middle (the roof): keep the camera's side
        side = (np.asarray(pose.position) - np.asarray(pose.focal_point))[:2]
    if np.linalg.norm(side) < 1e-9:
        side = np.array([1.0, 0.0])
    side = side / np.linalg.norm(side)
    e = math.radians(LOOK_ELEVATION_DEG)
    direction = np.array([side[0] * math.cos(e), side[1] * math.cos(e), math.sin(e)])
    distance = LOOK_DISTANCE * float(np.max(hi - lo))
    eye = p + direction * distance
    return CameraPose(
        tuple(float(v) for v in eye),  # type: ignore[arg-type]
        tuple(float(v) for v in p),  # type: ignore[arg-type]
        (0.0, 0.0, 1.0),
        pose.view_angle,
    )
