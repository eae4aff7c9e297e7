"""The locked review mode: tone mapping and exposure held at the review look."""

from __future__ import annotations

from livery.scene.looks import DEFAULT_EXPOSURE, DEFAULT_TONE, Lighting
from livery.ui.lighting_state import LightingModel


def test_a_locked_model_keeps_the_review_look_whatever_is_asked() -> None:
    model = LightingModel(Lighting("sunset", "aces", 2.0))
    seen: list[Lighting] = []
    model.subscribe(seen.append)
    model.set_locked(True)
    assert (model.value.tone, model.value.exposure) == (DEFAULT_TONE, DEFAULT_EXPOSURE)
    model.set(tone="aces", exposure=4.0, environment="night", rotation=90.0)
    v = model.value
    assert (v.tone, v.exposure) == (DEFAULT_TONE, DEFAULT_EXPOSURE)
    assert (v.environment, v.rotation) == ("night", 90.0)  # the light stays free
    assert seen and seen[-1] == v
    model.set_locked(False)
    model.set(exposure=2.0)
    assert model.value.exposure == 2.0


def test_the_panel_locks_its_controls_and_the_view_follows(make_window) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    panel = w.designer.lighting_panel
    w.designer.lighting.set(tone="aces", exposure=2.0)
    panel.lock.click()
    assert w.designer.lighting.locked
    assert not panel.tone.isEnabled() and not panel.exposure.isEnabled()
    lit = w.viewport.lighting
    assert (lit.tone, lit.exposure) == (DEFAULT_TONE, DEFAULT_EXPOSURE)
    panel.exposure.setValue(20)  # a slider moved anyway (a script): still the review look
    assert w.viewport.lighting.exposure == DEFAULT_EXPOSURE
    panel.lock.click()
    assert panel.tone.isEnabled() and panel.exposure.isEnabled()
