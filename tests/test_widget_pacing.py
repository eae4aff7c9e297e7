"""Camera moves finish on time whatever the frame rate (issue 13, "Smooth on slow
graphics"): ``camera_moves.pace`` played against a simulated screen."""

from __future__ import annotations

import pytest

from livery.scene.camera_moves import SOON, pace

MOVE = 0.9
TICK = 0.016  # the viewport's timer step while a move runs


def play(frame: float, seconds: float = MOVE) -> list[tuple[float, float]]:
    """(time on screen, pose time shown) of each frame of one move: a tick every TICK
    while frames are quick, straight after a frame when they are slow."""
    now, shown = TICK, []
    while True:
        plan = pace(now, seconds, frame)
        if plan.at is None:
            assert plan.wait > 0
            now += plan.wait
            continue
        now += frame  # drawing it
        shown.append((now, plan.at))
        if plan.at >= seconds:
            return shown
        now += TICK if frame < TICK else 0.0


@pytest.mark.parametrize("frame", [0.0, 0.008, 0.05, 0.2, 0.35, 0.6, 0.85])
def test_the_last_frame_shows_the_end_pose_at_the_nominal_end(frame):
    shown = play(frame)
    end, pose = shown[-1]
    assert pose == MOVE
    assert MOVE - SOON <= end <= MOVE + TICK, (frame, shown)


@pytest.mark.parametrize("frame", [0.05, 0.2, 0.35])
def test_each_frame_shows_the_pose_of_the_moment_it_is_seen(frame):
    for seen, pose in play(frame):
        assert pose == pytest.approx(min(seen, MOVE))


def test_slower_frames_show_fewer_poses_not_a_longer_move():
    counts = [len(play(frame)) for frame in (0.016, 0.1, 0.3, 0.6)]
    assert counts == sorted(counts, reverse=True) and counts[-1] == 1, counts
    assert counts[0] > 20


def test_a_frame_slower_than_the_move_shows_the_end_at_once():
    shown = play(1.5)
    assert shown == [(TICK + 1.5, MOVE)]  # as soon as it can: one frame, the end pose
