"""Stage tests: small offscreen renders, checked by measured facts.

One Stage for the module (its first frame compiles every shader); FXAA off so
each pixel belongs to exactly one surface.
"""

from __future__ import annotations

import numpy as np
import pytest

from livery.catalog import Build, load_catalog
from livery.catalog.color import lab_hue_degrees, srgb_to_lab
from livery.scene import hdri
from livery.scene.cameras import MIN_EYE_HEIGHT
from livery.scene.looks import (
    CAMERAS,
    ENVIRONMENTS,
    VIEW_ENVIRONMENTS,
    EnvironmentFileError,
)
from livery.slots import Slot

SIZE = (320, 180)
VEHICLES = ("su7-ultra", "yu7-max")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def models(catalog):
    """The stand-ins as the app gets them: from the vehicle registry."""
    from livery.vehicles.registry import VehicleRegistry

    registry = VehicleRegistry()
    return {v: registry.catalog_model(catalog.vehicle(v)) for v in VEHICLES}


@pytest.fixture(scope="module")
def stage(catalog, models):
    from livery.scene.stage import Stage

    s = Stage(catalog, size=SIZE, fxaa=False)
    s.show(Build(catalog, "su7-ultra"), models["su7-ultra"])
    s.render()
    yield s
    s.close()


@pytest.fixture
def build(stage, catalog, models):
    """A fresh default build of the sedan, shown from the side."""
    b = Build(catalog, "su7-ultra")
    stage.show(b, models["su7-ultra"])
    stage.set_camera("side")
    return b


def _hue_gap(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


@pytest.mark.parametrize("paint", ["racing-red", "gem-green", "amethyst", "sprout-yellow"])
def test_body_pixels_take_the_paints_hue(stage, build, catalog, paint):
    build.set("paint", paint)
    img = stage.snapshot()
    mask = stage.slot_mask(Slot.BODY)
    assert mask.sum() > 2000, "the body should fill a good part of the side view"
    lab = srgb_to_lab(img[mask].astype(np.float64) / 255.0)
    # Median of a* and b*: highlights (neutral) and shadows pull chroma, not hue.
    hue = float(lab_hue_degrees(np.array([0.0, np.median(lab[:, 1]), np.median(lab[:, 2])])))
    spec = catalog.option("paint", paint).finishes[Slot.BODY].color.to_lab()
    want = float(lab_hue_degrees(np.array(spec)))
    assert _hue_gap(hue, want) < 15.0, f"{paint}: body hue {hue:.0f}, paint hue {want:.0f}"


def test_paint_change_touches_body_pixels_only(stage, build):
    build.set("paint", "racing-red")
    before = stage.snapshot()
    build.set("paint", "pearl-white")
    after = stage.snapshot()
    body, rims = stage.slot_mask(Slot.BODY), stage.slot_mask(Slot.RIMS)
    assert rims.sum() > 200
    diff = np.abs(after.astype(int) - before.astype(int)).sum(axis=-1)
    assert diff[body].mean() > 40
    assert np.array_equal(after[rims], before[rims])


def test_swap_adds_no_actor_upload_or_shader(stage, build, catalog):
    stage.render()
    n_props = stage.renderer.GetViewProps().GetNumberOfItems()
    before = stage.stats.copy()
    for group, option in [
        ("paint", "golden-pink-matte"),  # coat 0: the coat switch must stay on
        ("paint", "amethyst"),
        ("decal", "lightning-gold"),  # a hidden slot appears
        ("decal", "none"),
        ("wheels", "forged-gold"),
        ("calipers", "racing-red"),
        ("interior", "white-ash-metal"),
        ("badge", "gold-white-ceramic"),
    ]:
        build.set(group, option)
        stage.render()
    after = stage.stats
    assert after.frames == before.frames + 8
    assert after.actors_created == before.actors_created
    assert after.geometry_uploads == before.geometry_uploads
    assert after.shader_programs == before.shader_programs
    assert after.program_switches == before.program_switches
    assert stage.renderer.GetViewProps().GetNumberOfItems() == n_props


def test_shader_counters_see_a_real_switch(stage, build):
    """The counters are not blind: flipping a part's coat switch rebuilds its shader."""
    stage.render()
    view = next(v for v in stage.views if v.slot is Slot.BODY)
    prop = view.actor.GetProperty()
    before = stage.stats.copy()
    old = prop.GetCoatStrength()
    prop.SetCoatStrength(0.0)
    try:
        stage.render()
        assert stage.stats.program_switches > before.program_switches
        assert stage.stats.geometry_uploads > before.geometry_uploads  # property edits re-upload
    finally:
        prop.SetCoatStrength(old)
        stage.render()


def test_every_slot_of_both_standins_has_parts_and_actors(stage, catalog, models):
    try:
        for vid in VEHICLES:
            stage.show(Build(catalog, vid), models[vid])
            for slot in Slot:
                views = [v for v in stage.views if v.slot == slot]
                assert models[vid].parts_for(slot), f"{vid}: no part for {slot}"
                assert views and all(v.actor is not None for v in views), f"{vid}: {slot}"
                assert all(stage.renderer.HasViewProp(v.actor) for v in views)
    finally:
        stage.show(Build(catalog, "su7-ultra"), models["su7-ultra"])


def test_a_build_switching_vehicle_brings_back_a_model_the_stage_was_given(stage, catalog, models):
    """The Stage loads no vehicle: it shows the models its owner gives it (``show``, as
    the app does from its vehicle registry) and, when the build changes vehicle, brings
    back one it still has built, without new actors."""
    try:
        stage.show(Build(catalog, "yu7-max"), models["yu7-max"])
        b = Build(catalog, "su7-ultra")
        stage.show(b, models["su7-ultra"])
        created = stage.stats.actors_created
        b.switch_vehicle("yu7-max")
        assert stage.model is models["yu7-max"]
        assert stage.stats.actors_created == created
    finally:
        stage.show(Build(catalog, "su7-ultra"), models["su7-ultra"])


def test_presets_keep_the_camera_above_the_floor(stage, catalog, models):
    try:
        for vid in VEHICLES:
            stage.show(Build(catalog, vid), models[vid])
            assert stage.camera_presets() == list(CAMERAS)
            poses = {name: stage.camera_pose(name) for name in CAMERAS}
            for name, pose in poses.items():
                assert pose.position[2] >= MIN_EYE_HEIGHT, (vid, name)
            assert len({p.position for p in poses.values()}) == len(CAMERAS)
    finally:
        stage.show(Build(catalog, "su7-ultra"), models["su7-ultra"])


def test_presets_frame_the_car(stage, build):
    for name in ("front34", "side", "rear34", "top"):
        stage.set_camera(name)
        ids = stage.part_ids()
        rows, cols = np.nonzero(ids >= 0)
        assert len(rows) > 0.12 * ids.size, name
        # the car is inside the frame, not cut by its edges
        assert cols.min() > 0 and cols.max() < ids.shape[1] - 1, name


def test_same_view_renders_identically(stage, build):
    a = stage.snapshot()
    b = stage.snapshot()
    assert np.array_equal(a, b)


def test_pick_part_and_contact_shadow(stage, build):
    mask = stage.slot_mask(Slot.BODY)
    ys, xs = np.nonzero(mask)
    i = len(xs) // 2
    part = stage.pick_part(int(xs[i]), int(ys[i]))
    assert part is not None and part.slot is Slot.BODY
    assert stage.pick_part(2, 2) is None  # background
    img = stage.snapshot().astype(int).sum(axis=-1)
    ids = stage.part_ids()
    tyres = stage.slot_mask(Slot.TYRES)
    bottom = np.nonzero(tyres.any(axis=1))[0].max()
    below = img[min(bottom + 2, img.shape[0] - 1)][ids[min(bottom + 2, img.shape[0] - 1)] < 0]
    far = img[-2][ids[-2] < 0]
    assert below.min() < far.mean() - 60, "the floor under the car should be in shadow"


def test_snapshot_larger_than_the_window(stage, build):
    img = stage.snapshot((480, 270))
    assert img.shape == (270, 480, 3)
    assert stage.size == SIZE


@pytest.mark.parametrize("name", VIEW_ENVIRONMENTS)
def test_shipped_environments_are_their_generators_output(name):
    """Shipped as files so the prefilter cache can key them by file (a warm switch reads
    no pixels); regenerate with ``python -m livery.scene.hdri`` / ``python -m livery.scene.skies``."""
    from livery.scene import skies

    path = skies.environment_file(name)
    assert path is not None and path.parent == skies.ENV_DIR
    shipped = hdri.read_hdr(path)
    h, w = shipped.shape[:2]
    fresh = hdri.studio(w, h) if name == "studio" else skies.GENERATORS[name](w, h)
    # RGBE shares one exponent per pixel: 8 bits of precision relative to its brightest
    tolerance = 0.01 * fresh.max(axis=-1, keepdims=True) + 1e-3
    assert (np.abs(shipped - fresh) <= tolerance).all()


def test_hdr_round_trip(tmp_path):
    rng = np.random.default_rng(3)
    img = (rng.random((16, 40, 3)) ** 4 * 50).astype(np.float32)
    img[3, :20] = 1.0  # runs for the RLE coder
    hdri.write_hdr(tmp_path / "x.hdr", img)
    back = hdri.read_hdr(tmp_path / "x.hdr")
    # RGBE shares one exponent per pixel: the error is relative to the brightest channel.
    peak = img.max(axis=-1, keepdims=True)
    assert np.all(np.abs(back - img) <= 0.01 * peak + 1e-6)


def _write_exr(path, channels: dict) -> None:
    import OpenEXR

    header = {"compression": OpenEXR.ZIP_COMPRESSION, "type": OpenEXR.scanlineimage}
    # The writer reads raw memory: every channel must be C-contiguous.
    OpenEXR.File(header, {k: np.ascontiguousarray(v) for k, v in channels.items()}).write(str(path))


def test_exr_environment_loads_with_its_radiance(tmp_path):
    from livery.scene import skies

    h, w = 16, 32
    rgb = np.zeros((h, w, 3), np.float32)
    rgb[: h // 2] = (4.0, 2.0, 0.5)  # a bright warm sky, far above 1 (HDR)
    rgb[h // 2 :] = (0.1, 0.2, 0.3)  # a cool ground
    rgb[2, 5] = (150.0, 140.0, 120.0)  # a sun
    _write_exr(tmp_path / "sky.exr", {"R": rgb[..., 0], "G": rgb[..., 1], "B": rgb[..., 2]})
    back = skies.load_pixels(tmp_path / "sky.exr")
    assert back.shape == (h, w, 3) and back.dtype == np.float32
    assert np.allclose(back, rgb)  # float channels: exact
    half = rgb.astype(np.float16)
    _write_exr(tmp_path / "half.exr", {"RGB": half})
    assert np.allclose(skies.load_pixels(tmp_path / "half.exr"), rgb, rtol=1e-3)
    _write_exr(tmp_path / "grey.exr", {"Y": rgb[..., 1]})
    assert np.allclose(skies.load_pixels(tmp_path / "grey.exr"), rgb[..., 1:2])


def test_exr_errors_name_the_problem(tmp_path):
    from livery.scene import skies

    (tmp_path / "junk.exr").write_bytes(b"not an exr")
    with pytest.raises(EnvironmentFileError, match="junk.exr"):
        skies.load_pixels(tmp_path / "junk.exr")
    _write_exr(tmp_path / "square.exr", {"Y": np.ones((8, 8), np.float32)})
    with pytest.raises(EnvironmentFileError, match="equirectangular"):
        skies.load_pixels(tmp_path / "square.exr")
    _write_exr(tmp_path / "depth.exr", {"Z": np.ones((8, 16), np.float32)})
    with pytest.raises(EnvironmentFileError, match="no R, G, B"):
        skies.load_pixels(tmp_path / "depth.exr")


def test_stage_lights_the_car_with_an_exr(stage, build, tmp_path):
    h, w = 32, 64
    rgb = np.zeros((h, w, 3), np.float32)
    rgb[..., 0] = 1.0  # pure red light from every direction, below the tone mapper's shoulder
    _write_exr(tmp_path / "red.exr", {"R": rgb[..., 0], "G": rgb[..., 1], "B": rgb[..., 2]})
    build.set("paint", "pearl-white")
    try:
        stage.set_environment(str(tmp_path / "red.exr"))
        img = stage.snapshot().astype(float)
        body = img[stage.slot_mask(Slot.BODY)]
        assert body[:, 0].mean() > 60 and body[:, 0].mean() > 4 * body[:, 1:].mean()
    finally:
        stage.set_environment("studio")


# -- environments: the backdrop follows the light ---------------------------------------
def _lin_lum(px: np.ndarray) -> np.ndarray:
    from livery.srgb import srgb_to_linear

    return srgb_to_linear(px.astype(np.float64) / 255.0) @ np.array([0.2126, 0.7152, 0.0722])


def test_backdrops_are_one_table_row_per_environment():
    from livery.scene import skies

    assert tuple(skies.BACKDROPS) == tuple(skies.GENERATORS) == ENVIRONMENTS
    assert skies.backdrop("my.exr") is skies.USER_BACKDROP


def test_background_and_floor_follow_the_environment(stage, build):
    stage.set_camera("front34")
    ids = stage.part_ids()
    shots = {}
    try:
        for name in ("studio", "showroom", "overcast", "sunset", "night"):
            stage.set_environment(name)
            shots[name] = stage.snapshot().astype(np.float64)
    finally:
        stage.set_environment("studio")
    sky = np.zeros(ids.shape, bool)
    sky[:12] = True  # the top rows: backdrop only
    sky &= ids < 0
    floor = np.zeros(ids.shape, bool)
    floor[-10:] = True
    floor &= ids < 0
    mean = {n: img[sky].mean(axis=0) for n, img in shots.items()}
    lum = {n: float(_lin_lum(img[sky]).mean()) for n, img in shots.items()}
    print({n: tuple(int(c) for c in m) for n, m in mean.items()})
    assert lum["night"] < 0.05 * lum["studio"]  # a dark hall
    r, g, b = mean["sunset"]
    assert r > b + 40 and r > g + 15  # warm
    r, g, b = mean["overcast"]
    assert b > r + 5  # soft and cool
    assert lum["showroom"] < 0.5 * lum["studio"]
    # night: the car stands in a light pool; the floor far from it is dark
    night = _lin_lum(shots["night"])
    assert night[floor].max() > 4 * np.percentile(night[sky], 50)


def test_showroom_floor_is_polished_and_keeps_the_contact_shadow(stage, build):
    stage.set_camera("side")
    ids = stage.part_ids()
    try:
        stage.set_environment("showroom")
        img = stage.snapshot().astype(int)
        gloss = stage._gloss
        assert gloss.GetVisibility() and gloss.GetProperty().GetRoughness() < 0.1
        lum = img.sum(axis=-1)
        tyres = stage.slot_mask(Slot.TYRES)
        bottom = np.nonzero(tyres.any(axis=1))[0].max()
        row = min(bottom + 2, img.shape[0] - 1)
        below = lum[row][ids[row] < 0]
        # the contact shadow darkens the polished floor under the sills
        stage._shadow.VisibilityOff()
        unshadowed = stage.snapshot().astype(int).sum(axis=-1)[row][ids[row] < 0]
        stage._shadow.VisibilityOn()
        assert below.min() < unshadowed.min() - 25, "contact shadow"
        # the polished stone mirrors the hall: the same floor without its polish is flat
        gloss.VisibilityOff()
        matte = stage.snapshot().astype(int).sum(axis=-1)
        gloss.VisibilityOn()
        near = np.zeros(ids.shape, bool)
        near[ids.shape[0] // 2 :] = True
        near &= ids < 0
        print(f"showroom floor: polished max {lum[near].max()}, matte max {matte[near].max()}")
        assert np.abs(lum[near] - matte[near]).mean() > 8
        assert lum[near].max() > matte[near].max() + 30
    finally:
        stage.set_environment("studio")
    assert not stage._gloss.GetVisibility()


# -- tone mapping -------------------------------------------------------------------------
@pytest.fixture
def patch(stage, build):
    """Paint the body with a test colour under the furnace (uniform radiance 1); yields a
    function giving the body's median Lab and linear luminance for a tone mapping."""
    from livery.catalog import Color, Family, Finish
    from livery.catalog.color import srgb_to_lab

    stage.set_camera("side")
    stage.set_environment("furnace")
    mask = stage.slot_mask(Slot.BODY)
    body = [v for v in stage.views if v.slot is Slot.BODY]

    def measure(color: str, kind: str, exposure: float = 1.0):
        for v in body:
            stage._set_finish(v, Finish(Family.SOLID, Color.parse(color), roughness=0.5))
        stage.set_tone_mapping(kind, exposure)
        px = stage.snapshot()[mask]
        lab = srgb_to_lab(np.median(px.astype(np.float64), axis=0) / 255.0)
        return lab, float(np.median(_lin_lum(px)))

    try:
        yield measure
    finally:
        stage.set_tone_mapping("neutral", 1.0)
        stage.set_environment("studio")
        build.set("paint", "amethyst")
        build.set("paint", build.catalog.group("paint").options[0].id)


def test_neutral_tone_mapping_keeps_a_patch_hue_and_value(patch):
    from livery.catalog import Color
    from livery.catalog.color import delta_e_2000, lab_chroma, lab_hue_degrees

    grey, _ = patch("#777777", "neutral")
    ref = np.array(Color.parse("#777777").to_lab())
    assert abs(grey[0] - ref[0]) < 3.5 and lab_chroma(grey) < 1.5, grey
    orange, _ = patch("#d2691e", "neutral")
    ref = np.array(Color.parse("#d2691e").to_lab())
    assert float(delta_e_2000(orange, ref)) < 4.0, orange
    assert _hue_gap(float(lab_hue_degrees(orange)), float(lab_hue_degrees(ref))) < 3.0
    # Off adds the coat's Fresnel reflection to the colour that Neutral takes off again.
    grey_off, _ = patch("#777777", "off")
    assert grey_off[0] > grey[0] + 2


def test_aces_desaturates_and_compresses_highlights(patch):
    from livery.catalog.color import lab_chroma

    neutral, _ = patch("#d2691e", "neutral")
    aces, y1 = patch("#d2691e", "aces")
    aces_bright, y2 = patch("#d2691e", "aces", 2.0)
    assert lab_chroma(aces) < lab_chroma(neutral) - 4
    assert lab_chroma(aces_bright) < lab_chroma(aces) - 3  # brighter: paler
    assert 1.3 < y2 / y1 < 1.95  # twice the light, less than twice the luminance
    grey, _ = patch("#777777", "aces")
    assert lab_chroma(grey) < 1.5  # grey stays grey


@pytest.mark.parametrize("kind,lo,hi", [("off", 1.85, 2.15), ("neutral", 1.85, 2.15)])
def test_exposure_scales_luminance(patch, kind, lo, hi):
    # PBR Neutral subtracts the dielectric Fresnel (0.04) from a grey above its toe
    offset = 0.04 if kind == "neutral" else 0.0
    y1, y2, y_half = (patch("#777777", kind, e)[1] + offset for e in (1.0, 2.0, 0.5))
    print(f"{kind}: luminance at exposure 0.5, 1, 2: {y_half:.3f} {y1:.3f} {y2:.3f}")
    assert lo < y2 / y1 < hi
    assert lo < y1 / y_half < hi


def test_stage_keeps_only_a_few_vehicles_built(catalog):
    """Reloading a vehicle again and again (the mapping dialog) must not grow memory."""
    from livery.scene.stage import KEPT_VEHICLES, Stage
    from livery.vehicles.model import Part, VehicleModel

    tri = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0.5]], dtype=np.float32)
    faces = np.array([[0, 1, 2]], dtype=np.int32)
    stage = Stage(catalog, size=(64, 48), fxaa=False)
    try:
        build = Build(catalog, "su7-ultra")
        for i in range(KEPT_VEHICLES + 3):
            model = VehicleModel(f"v{i}", f"v{i}", [Part("body", tri + i, faces, Slot.BODY)])
            stage.show(build, model)
            stage.render()
            assert len(stage._casts) <= KEPT_VEHICLES
        assert stage.model is model and len(stage.views) == 1
    finally:
        stage.close()


def test_every_lit_surface_reads_the_prefiltered_atlas(stage, build):
    """VTK's own prefiltered cube map and SH irradiance are placeholders: every PBR actor
    must be redirected to the atlas (livery.scene.ibl), or it renders without image light."""
    from vtkmodules.util.misc import calldata_type
    from vtkmodules.util.vtkConstants import VTK_OBJECT
    from vtkmodules.vtkCommonCore import vtkCommand

    sources: dict[str, str] = {}

    def watch(name, mapper):
        @calldata_type(VTK_OBJECT)
        def seen(_m, _e, program):
            sources[name] = program.GetFragmentShader().GetSource()

        return mapper.AddObserver(vtkCommand.UpdateShaderEvent, seen)

    actors = {v.part.name: v.actor for v in stage.views if v.actor.GetVisibility()}
    actors["gloss floor"] = stage._gloss
    stage._gloss.VisibilityOn()
    tags = [(a.GetMapper(), watch(n, a.GetMapper())) for n, a in actors.items()]
    try:
        stage.snapshot()
    finally:
        stage._gloss.VisibilityOff()
        for mapper, tag in tags:
            mapper.RemoveObserver(tag)
    assert set(sources) == set(actors)
    for name, fs in sources.items():
        assert "lvEnvLod(prefilterMaxLevel," in fs and "lvIrradiance(rotN)" in fs, name
        assert "lvSplitSum(vec2(NdV, roughness))" in fs, name  # the exact split-sum table
        assert "lvSeenRoughness(roughness, NdV)" in fs, name  # the lobe as seen
        assert "textureLod(prefilterTex" not in fs and "ComputeSH(rotN" not in fs, name
        assert "texture(brdfTex" not in fs, name


def test_a_part_left_in_vtks_own_image_light_is_reported(caplog):
    from livery.scene import ibl

    assert ibl.check_program("vec4 c = lvEnvLod(prefilterMaxLevel, d, r);", "Body")
    assert not caplog.records
    assert not ibl.check_program("vec4 c = textureLod(prefilterTex, d, r);", "Body")
    assert "part Body" in caplog.text and "not redirected" in caplog.text
    caplog.clear()
    assert not ibl.check_program("vec2 b = texture(brdfTex, vec2(NdV, r)).rg;", "Trim")
    assert "part Trim" in caplog.text
    caplog.clear()
    seen_as_vtk_has_it = "c = lvEnvLod(m, worldReflect, roughness * prefilterMaxLevel);"
    assert not ibl.check_program(seen_as_vtk_has_it, "Rim")
    assert "part Rim" in caplog.text
