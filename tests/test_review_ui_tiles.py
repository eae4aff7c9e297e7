"""Tile previews for a long paint list: fetched off the UI thread (render processes, the
disk cache through a loader thread), delivered through ``ready``, kept on disk."""

from __future__ import annotations

import threading

import pytest

from livery.ui import previews

pytestmark = pytest.mark.gui


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(previews, "cache_dir", lambda: tmp_path / "previews")
    monkeypatch.setattr(previews, "_memory", {})
    return tmp_path / "previews"


def test_previews_come_off_the_ui_thread_and_from_disk_next_time(
    qtbot, catalog, own_cache, monkeypatch
):
    ui = threading.get_ident()

    def never_here(*_a, **_k):  # the UI thread must not render a tile
        raise AssertionError("rendered on the UI thread")

    monkeypatch.setattr(previews, "_render_sphere", never_here)
    loaded_in: set[int] = set()
    real_load = previews.PreviewProvider._load

    def spy(self, *args):
        loaded_in.add(threading.get_ident())
        return real_load(self, *args)

    monkeypatch.setattr(previews.PreviewProvider, "_load", spy)
    options = [o.id for o in catalog.group("paint").options][:4]
    got: dict[str, object] = {}
    provider = previews.PreviewProvider(catalog, size=48)
    provider.ready.connect(lambda g, o, img: got.setdefault(o, img))
    assert all(provider.get("paint", o) is None for o in options)  # nothing blocks
    assert provider.pending == len(options)
    qtbot.waitUntil(lambda: len(got) == len(options), timeout=120_000)
    assert ui not in loaded_in
    assert provider.pending == 0
    assert len(list(own_cache.glob("*.png"))) == len(options)
    assert all(not img.isNull() and img.width() == 48 for img in got.values())
    assert provider.get("paint", options[0]) == got[options[0]]  # now from memory

    # a fresh app: the same previews from the disk cache, still off the UI thread
    monkeypatch.setattr(previews, "_memory", {})
    again: dict[str, object] = {}
    fresh = previews.PreviewProvider(catalog, size=48)
    fresh.ready.connect(lambda g, o, img: again.setdefault(o, img))
    assert fresh.get("paint", options[0]) is None
    qtbot.waitUntil(lambda: len(again) == 1, timeout=30_000)
    assert len(list(own_cache.glob("*.png"))) == len(options)


def test_stopping_drops_what_was_asked(qtbot, catalog, own_cache):
    provider = previews.PreviewProvider(catalog, size=40)
    got = []
    provider.ready.connect(lambda g, o, img: got.append(o))
    for o in catalog.group("paint").options:
        provider.get("paint", o.id)
    provider.stop()
    assert provider.pending == 0
    qtbot.wait(200)
    assert got == []  # late results of the old requests are not delivered
    provider.get("paint", "racing-red")
    provider.finish_all()  # scripts: everything asked, now
    assert got == ["racing-red"]
