"""The display colour space: known values, littleCMS as the reference, tagged pictures,
and the frame on screen (pytest-qt, under Xvfb)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageCms

from livery import display


def test_srgb_primaries_land_on_their_published_display_p3_values() -> None:
    # sRGB red, green and blue in Display P3 (the same white, the sRGB curve):
    # (0.9175, 0.2003, 0.1387), (0.4584, 0.9853, 0.2983), (0, 0, 0.9596)
    px = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]], np.uint8)
    published = np.array([[0.9175, 0.2003, 0.1387], [0.4584, 0.9853, 0.2983], [0, 0, 0.9596]])
    got = display.convert(px, display.DISPLAY_P3)[0] / 255.0
    assert np.abs(got - published).max() <= 1.0 / 255
    grey = np.array([[[0, 0, 0], [128, 128, 128], [255, 255, 255]]], np.uint8)
    assert (display.convert(grey, display.DISPLAY_P3) == grey).all()  # neutrals stay


def test_littlecms_through_our_display_p3_profile_agrees_with_the_table() -> None:
    """An independent route: littleCMS with the ICC profile the pictures carry."""
    profile = ImageCms.ImageCmsProfile(io.BytesIO(display.display_p3_profile()))
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        profile,
        "RGB",
        "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    px = np.random.default_rng(3).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    lcms = np.asarray(ImageCms.applyTransform(Image.fromarray(px), transform)).astype(int)
    ours = display.convert(px, display.DISPLAY_P3).astype(int)
    assert np.abs(lcms - ours).max() <= 1
    assert np.abs(lcms - px).max() > 20  # and it is a real conversion


def test_a_monitor_profile_file_converts_through_littlecms(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "monitor.icc"
    path.write_bytes(display.display_p3_profile())
    assert display.check(str(path)) == str(path)
    px = np.random.default_rng(4).integers(0, 256, (32, 32, 4), dtype=np.uint8)
    out = display.convert(px, str(path))
    assert (out[..., 3] == px[..., 3]).all()
    assert np.abs(out[..., :3].astype(int) - display.convert(px, "display-p3")[..., :3]).max() <= 1
    assert display.icc_profile(str(path)) == path.read_bytes()


def test_srgb_converts_nothing_and_is_untagged() -> None:
    px = np.random.default_rng(5).integers(0, 256, (8, 8, 3), dtype=np.uint8)
    assert display.convert(px, "srgb") is px and display.icc_profile("srgb") is None


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("adobe-rgb", None, "unknown display colour space"),
        ("gone.icc", None, "no such ICC profile"),
        ("garbage.icc", b"\0" * 300, "not a usable ICC profile"),
        ("lab.icc", "lab", "not an RGB display profile"),
    ],
)
def test_an_unusable_display_space_is_refused_by_name(tmp_path, name, content, problem) -> None:  # type: ignore[no-untyped-def]
    spec = name if content is None and "." not in name else str(tmp_path / name)
    if content == "lab":
        (tmp_path / name).write_bytes(
            ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
        )
    elif content is not None:
        (tmp_path / name).write_bytes(content)
    with pytest.raises(display.DisplayError, match=problem) as e:
        display.check(spec)
    assert name in str(e.value)


def test_a_saved_picture_is_encoded_and_tagged_for_the_display(car_stage, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stage, _ = car_stage
    plain = stage.snapshot()
    stage.set_display("display-p3")
    try:
        path = stage.save_png(tmp_path / "p3.png")
        assert (stage.snapshot() == plain).all()  # the scene itself is unchanged
    finally:
        stage.set_display("srgb")
    with Image.open(path) as im:
        assert im.info["icc_profile"] == display.display_p3_profile()
        assert im.info["livery:display"] == "display-p3"
        saved = np.asarray(im.convert("RGB"))
    assert (saved == display.convert(plain, "display-p3")).all()
    untagged = stage.save_png(tmp_path / "srgb.png")
    with Image.open(untagged) as im:
        assert "icc_profile" not in im.info and (np.asarray(im.convert("RGB")) == plain).all()


def test_the_view_on_screen_shows_the_display_encoding(make_window) -> None:  # type: ignore[no-untyped-def]
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkCommonCore import vtkUnsignedCharArray

    w = make_window()
    win = w.viewport.stage._window

    def shown() -> np.ndarray:
        sx, sy = win.GetSize()
        data = vtkUnsignedCharArray()
        win.GetRGBACharPixelData(0, 0, sx - 1, sy - 1, 1, data)  # the front buffer
        return vtk_to_numpy(data).reshape(sy, sx, 4)[..., :3].copy()

    w.viewport.render()
    plain = shown()
    assert w.display_menu.choose("display-p3")
    w.viewport.render()
    assert (shown() == display.convert(plain, "display-p3")).all()
    assert w.action_registry["display.p3"].isChecked()
    assert not w.display_menu.choose("/no/such/monitor.icc")  # a message, and P3 stays
    assert w.last_message[0] == "msg.bad_display" and w.viewport.display == "display-p3"
    w.display_menu.choose("srgb")
    frame = w.viewport.frame()  # renders the view as it is now, scene sRGB
    assert (shown()[::-1] == frame).all()  # the screen shows it unconverted (GL rows up)


def test_render_refuses_an_unusable_display_before_rendering(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    out = tmp_path / "car.png"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "livery",
            "render",
            "--display",
            str(tmp_path / "gone.icc"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "gone.icc: no such ICC profile" in r.stderr
    assert "Traceback" not in r.stderr and not out.exists()
