"""Installed like a product: the wheel carries its data, imports as ``livery`` and writes
nothing inside itself at run time; the desktop entry, ``--version`` and the check for
missing system libraries."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import livery
from livery.commands import desktop, qt_platform

ROOT = Path(__file__).resolve().parent.parent


def test_every_folder_of_modules_is_a_listed_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    on_disk = {
        "livery" + ".".join(("", *p.parent.relative_to(ROOT / "app").parts))
        for p in (ROOT / "app").rglob("*.py")
    }
    assert on_disk | {"livery.assets", "livery.shaders"} == listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("livery_studio-*.whl")
    return path


def test_the_wheel_carries_assets_and_shaders_under_its_own_name(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"livery"}, tops  # no generic top-level `app`, no tests
    for needed in (
        "livery/assets/catalog/catalog.toml",
        "livery/assets/vehicles/su7-ultra.glb",
        "livery/assets/vehicles/yu7-max.glb",
        "livery/assets/environments/studio.hdr",
        "livery/assets/icons/livery-studio.png",
        "livery/shaders/ibl.glsl",
        "livery/py.typed",
    ):
        assert needed in names, needed
    shipped_options = {p.name for p in (ROOT / "assets/catalog/options").glob("*.toml")}
    assert {Path(n).name for n in names if "/catalog/options/" in n} == shipped_options


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def test_the_installed_wheel_works_read_only_and_writes_only_user_folders(wheel, tmp_path):
    """Installed outside the checkout, made read-only: the commands work, and every file
    they write lands in the user's folders, none under the package."""
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    for p in site.rglob("*"):  # read-only for everyone (root ignores it; the snapshot doesn't)
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    home = tmp_path / "home"
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    env.pop("LIVERY_CACHE_DIR", None)
    before = _snapshot(site)
    work = tmp_path / "work"
    work.mkdir()

    def livery_cli(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "livery", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, (args, proc.stderr)
        return proc.stdout

    where = subprocess.run(
        [sys.executable, "-c", "import livery; print(livery.__file__, livery.ASSETS)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(site / "livery")) and str(ROOT) not in where
    assert livery_cli("--version").strip() == f"livery {livery.__version__}"
    assert "su7-ultra" in livery_cli("catalog")
    livery_cli("render", "--vehicle", "yu7-max", "--size", "160x90", "--supersample", "1",
               "--env", "sunset", "--out", "car.png")  # fmt: skip
    livery_cli("swatch", "paint=amethyst", "--out", "swatch.png")
    livery_cli("export", "--vehicle", "su7-ultra", "--out", "car.glb")
    assert (work / "car.png").stat().st_size > 1000 and (work / "car.glb").is_file()
    assert _snapshot(site) == before
    assert any((home / "cache").rglob("*.npy")), "the prefiltered light went to the user cache"
    # Negative control: a cache pointed into the package is seen by the snapshot.
    (site / "livery").chmod(0o755)
    env["LIVERY_CACHE_DIR"] = str(site / "livery" / "cache")
    livery_cli("render", "--vehicle", "yu7-max", "--size", "64x36", "--supersample", "1",
               "--env", "overcast", "--out", "car2.png")  # fmt: skip
    assert _snapshot(site) != before


def test_desktop_entry_installs_and_uninstalls(tmp_path):
    written = desktop.install(tmp_path)
    entry = tmp_path / "applications" / "livery-studio.desktop"
    assert entry in written
    text = entry.read_text(encoding="utf-8")
    assert "Icon=livery-studio\n" in text and "Exec=" in text and "Name[zh_CN]=" in text
    icon = tmp_path / "icons/hicolor/512x512/apps/livery-studio.png"
    assert icon.read_bytes() == livery.ICON.read_bytes()
    validate = subprocess.run(["which", "desktop-file-validate"], capture_output=True, text=True)
    if validate.returncode == 0:
        check = subprocess.run(
            [validate.stdout.strip(), str(entry)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr
    assert set(desktop.uninstall(tmp_path)) == set(written)
    assert not entry.exists()


def test_version_flag_needs_no_gui_and_no_vtk():
    code = (
        "import sys; from livery.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as e:\n    assert e.code == 0\n"
        "assert not {'PySide6', 'vtkmodules'} & {m.split('.')[0] for m in sys.modules}"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"livery {livery.__version__}"


LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibQt6Gui.so.6 => /opt/Qt/lib/libQt6Gui.so.6 (0x00007f)
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-cursor.so.0 => not found
"""


def test_missing_libraries_are_read_from_ldd_and_named_with_their_packages():
    missing = qt_platform.missing_in_ldd_output(LDD_MISSING)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0"]
    assert [qt_platform.debian_package(m) for m in missing] == [
        "libxcb-cursor0",
        "libxcb-icccm4",
        "libxkbcommon-x11-0",
    ]
    assert qt_platform.debian_package("libxcb-render-util.so.0") == "libxcb-render-util0"
    assert qt_platform.debian_package("libdbus-1.so.3") == "libdbus-1-3"
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxkbcommon-x11-0" in (
        qt_platform.explain(missing)
    )


def test_this_machine_has_every_library_the_window_needs():
    """Negative control for the parser above: here (CI installs them) nothing is missing."""
    assert qt_platform.missing_libraries() == []


def test_the_app_names_missing_libraries_instead_of_aborting(monkeypatch, capsys):
    from livery.cli import main

    monkeypatch.setattr(qt_platform, "missing_libraries", lambda: ["libxcb-cursor.so.0"])
    monkeypatch.setenv("DISPLAY", os.environ.get("DISPLAY", ":99"))
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert main(["--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "libxcb-cursor.so.0" in err and "apt-get install libxcb-cursor0" in err
