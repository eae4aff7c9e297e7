"""Camera behaviour in the scene layer, without Qt: moves, easing, bounds, the
turntable, linked views, and the Stage applying them to every frame it draws."""

from __future__ import annotations

import numpy as np
import pytest

from livery.scene import camera_moves
from livery.scene.camera_moves import Bounds, ease_in_out, interpolate, orbit
from livery.scene.camera_rig import (
    MAX_SPIN_STEP_S,
    CameraRig,
    CameraState,
    same_view,
)
from livery.scene.cameras import CameraPose

BOUNDS = Bounds.around((-2.5, -1.0, 0.0), (2.5, 1.0, 1.45))
FRONT = CameraPose((6.0, -4.0, 1.5), (0, 0, 0.6))
BACK = CameraPose((-6.0, 4.0, 1.5), (0, 0, 0.6))


class Lens:
    """A camera that only holds a pose."""

    def __init__(self, pose: CameraPose = FRONT) -> None:
        self.value = pose

    def pose(self) -> CameraPose:
        return self.value

    def set_pose(self, pose: CameraPose) -> None:
        self.value = pose


def rig_at(pose: CameraPose = FRONT) -> CameraRig:
    rig = CameraRig(Lens(pose))
    rig.bounds = BOUNDS
    return rig


def distance(pose: CameraPose) -> float:
    return float(np.linalg.norm(np.subtract(pose.position, pose.focal_point)))


# -- the maths ---------------------------------------------------------------------------
def test_interpolation_orbits_round_the_car_and_ends_on_target():
    assert np.allclose(interpolate(FRONT, BACK, 0.0).position, FRONT.position)
    assert np.allclose(interpolate(FRONT, BACK, 1.0).position, BACK.position)
    for t in np.linspace(0, 1, 11):
        p = interpolate(FRONT, BACK, float(t))
        assert camera_moves.clamp(p, BOUNDS) is None  # never through the body or the floor


def test_clamp_keeps_the_camera_above_the_floor_and_outside_the_body():
    under = CameraPose((5.0, 0.0, -2.0), (0, 0, 0.6))
    assert camera_moves.clamp(under, BOUNDS).position[2] >= BOUNDS.floor_clearance
    inside = CameraPose((0.5, 0.0, 0.8), (0, 0, 0.6))
    out = np.array(camera_moves.clamp(inside, BOUNDS).position)
    lo, hi = np.array(BOUNDS.lo), np.array(BOUNDS.hi)
    assert not (np.all(out > lo) and np.all(out < hi))
    assert camera_moves.clamp(inside, BOUNDS, inside_allowed=True) is None
    far = CameraPose((500.0, 0.0, 2.0), (0, 0, 0.6))
    assert np.linalg.norm(camera_moves.clamp(far, BOUNDS).position) <= BOUNDS.max_distance + 1


def test_orbit_turns_round_the_focal_point():
    p = CameraPose((6.0, 0.0, 1.5), (0, 0, 0.6))
    q = orbit(p, 90)
    assert np.allclose(q.position, (0.0, 6.0, 1.5), atol=1e-9)


def test_easing_starts_and_stops_slowly():
    assert ease_in_out(0.0) == 0.0 and ease_in_out(1.0) == 1.0 and ease_in_out(0.5) == 0.5
    assert ease_in_out(0.1) < 0.1 and ease_in_out(0.9) > 0.9
    for t in np.linspace(0, 1, 21):
        assert ease_in_out(float(t)) == pytest.approx(1 - ease_in_out(1 - float(t)))


# -- the rig: presets, moves, turntable ----------------------------------------------------
def test_a_preset_move_takes_its_time_whatever_the_frame_rate():
    coarse, fine = rig_at(), rig_at()
    for rig in (coarse, fine):
        rig.go_to("rear34", BACK, seconds=0.9)
        assert rig.moving and rig.preset == "rear34" and rig.pose() == FRONT
    coarse.advance(0.45)
    for _ in range(15):
        fine.advance(0.03)
    halfway = interpolate(FRONT, BACK, 0.5)  # eased: half the time, half the way
    for rig in (coarse, fine):
        assert np.allclose(rig.pose().position, halfway.position)
        assert rig.moving
    coarse.advance(1.0)
    assert not coarse.moving and coarse.pose() == BACK


def test_a_preset_without_time_is_there_at_once_and_a_free_pose_drops_it():
    rig = rig_at()
    rig.go_to("rear34", BACK)
    assert not rig.moving and rig.pose() == BACK and rig.preset == "rear34"
    rig.set_pose(FRONT)
    assert rig.preset == "" and rig.pose() == FRONT


def test_turntable_turns_at_its_speed_and_never_jumps():
    rig = rig_at(CameraPose((6.0, 0.0, 1.5), (0, 0, 0.6)))
    rig.spin = 10.0
    for _ in range(10):
        assert rig.advance(0.1)
    angle = np.degrees(np.arctan2(rig.pose().position[1], rig.pose().position[0]))
    assert angle == pytest.approx(10.0)
    rig.advance(5.0)  # a stalled frame: the car turns on by one step, not 50 degrees
    angle2 = np.degrees(np.arctan2(rig.pose().position[1], rig.pose().position[0]))
    assert angle2 - angle == pytest.approx(10.0 * MAX_SPIN_STEP_S)
    rig.spin = 0.0
    assert not rig.advance(1.0)


# -- the rig: bounds ---------------------------------------------------------------------
def test_bounds_keep_the_camera_out_of_the_floor_and_the_body_except_inside_views():
    rig = rig_at(CameraPose((5.0, 0.0, -2.0), (0, 0, 0.6)))
    assert rig.keep_in_bounds()
    assert rig.pose().position[2] >= BOUNDS.floor_clearance
    assert not rig.keep_in_bounds()  # allowed now

    seat = CameraPose((0.3, 0.4, 1.1), (1.5, -0.3, 0.9))
    rig.go_to("interior", seat)
    assert not rig.keep_in_bounds() and rig.pose() == seat
    rig.go_to("side", seat)  # the same spot from an outside view: pushed out
    assert rig.keep_in_bounds()
    lo, hi = np.array(BOUNDS.lo), np.array(BOUNDS.hi)
    p = np.array(rig.pose().position)
    assert not (np.all(p > lo) and np.all(p < hi))


def test_a_preset_framed_from_far_away_is_never_pulled_in():
    far = CameraPose((0.0, BOUNDS.max_distance * 2, 1.5), (0, 0, 0.6))  # a tall picture
    rig = rig_at()
    rig.go_to("side", far)
    assert not rig.keep_in_bounds() and rig.pose() == far
    rig.set_pose(CameraPose((0.0, BOUNDS.max_distance * 5, 1.5), (0, 0, 0.6)), "side")
    assert rig.keep_in_bounds()  # zooming out beyond the preset still stops
    assert distance(rig.pose()) == pytest.approx(distance(far))


# -- the rig: linked views -----------------------------------------------------------------
def test_each_new_pose_is_reported_once_with_the_view_that_draws_it():
    rig = rig_at()
    heard = []
    rig.watch(heard.append)
    rig.frame_starting("a")
    assert heard == ["a"]
    rig.frame_starting("b")  # the same pose drawn by the other view: nothing new
    assert heard == ["a"]
    rig.go_to("rear34", BACK)
    rig.frame_starting("b")
    assert heard == ["a", "b"]
    rig.unwatch(heard.append)
    rig.go_to("front34", FRONT)
    rig.frame_starting("a")
    assert heard == ["a", "b"]


# -- the Stage: every frame obeys the rig ------------------------------------------------------
@pytest.fixture(scope="module")
def pair(catalog):
    """Two small offscreen stages showing the default car; the second one's camera
    linked to the first one's."""
    from livery.catalog import Build
    from livery.scene.stage import Stage
    from livery.vehicles.files import load_vehicle

    vehicle = catalog.vehicles[0]
    model = load_vehicle(vehicle.id, catalog.vehicles)
    a = Stage(catalog, size=(160, 90), fxaa=False)
    b = Stage(catalog, size=(160, 90), fxaa=False)
    build = Build(catalog, vehicle.id)
    a.show(build, model)
    b.show(build, model)
    a.link_camera(b)
    yield a, b
    b.close()
    a.close()


def test_linked_stages_show_one_camera_and_hear_each_others_moves(pair):
    a, b = pair
    moved = {"a": 0, "b": 0}
    a.on_camera_moved = lambda: moved.__setitem__("a", moved["a"] + 1)
    b.on_camera_moved = lambda: moved.__setitem__("b", moved["b"] + 1)
    try:
        assert b.camera is a.camera
        a.set_camera("side")
        assert b.current_pose() == a.current_pose()
        assert same_view(a.current_pose(), a.camera_pose("side"))
        b.render()  # b draws the new pose first: a must redraw, b need not
        assert moved == {"a": 1, "b": 0}
        a.render()  # nothing new since
        assert moved == {"a": 1, "b": 0}
        b.set_camera("interior")  # presets and bounds are shared too
        assert a.camera.preset == "interior"
        a.render()
        assert moved == {"a": 1, "b": 1}
    finally:
        a.on_camera_moved = b.on_camera_moved = None


def test_every_frame_keeps_the_camera_in_bounds(pair):
    a, _ = pair
    side = a.camera_pose("side")
    a.set_camera("side")
    under = CameraPose((side.position[0], side.position[1], -3.0), side.focal_point)
    a.camera.set_pose(under, "side")
    a.render()
    assert a.current_pose().position[2] >= a.camera.bounds.floor_clearance
    inside = a.camera_pose("interior")
    a.camera.set_pose(inside, "side")
    a.render()
    assert not a.camera.at(inside)  # pushed out of the body
    a.set_camera("interior")
    a.render()
    assert a.camera.at(inside)  # the interior view may be inside


def test_camera_state_reproduces_a_view_on_another_stage(pair, catalog):
    from livery.scene.stage import Stage

    a, _ = pair
    a.set_camera("wheel")
    state = a.camera_state()
    assert state == CameraState(a.current_pose(), "wheel", True)
    tall = Stage(catalog, size=(90, 160), fxaa=False)
    try:
        tall.show(a.build, a.model)
        tall.set_camera_state(state)  # at a preset: refitted to the other shape
        assert tall.camera.preset == "wheel" and tall.camera.at(tall.camera_pose("wheel"))
        inside = CameraPose(
            tuple(np.add(a.camera_pose("interior").position, (0.05, 0, 0))),
            a.camera_pose("interior").focal_point,
            view_angle=66.0,
        )
        a.set_camera("interior")
        a.camera.set_pose(inside, "interior")  # looked round from the interior view
        state = a.camera_state()
        assert state.preset == "interior" and not state.at_preset
        tall.set_camera_state(state)
        tall.render()
        assert tall.camera.at(inside)  # the same pose, still allowed inside
    finally:
        tall.close()
