"""The paint designer's tools, installed on the main window in one place.

View > Lighting (a dock), Tools > Paint editor (a dock), Tools > Compare A/B (a
window with side-by-side, wipe and grid modes), Tools > Paint review… (a window over
the library's candidates), File > Import candidates… and File > Export image… (a
dialog). The window calls ``DesignerTools(self)``
once its viewport shows the car and ``close()`` when it shuts down; everything
else lives here and in the tool modules, so the main window keeps two hooks. The
tools' actions go into the window's ``ActionRegistry``, which puts them in its menus.

Lighting: a ``LightingModel`` that the panel edits and the viewports follow
(``Viewport.set_lighting``); remembered in the settings. A failure (a broken
HDR file) is a message and the previous lighting stays.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QWidget

from livery.catalog.candidate_store import CandidateStore
from livery.catalog.loader import DEFAULT_CATALOG
from livery.catalog.paint_design import PaintOption
from livery.scene.looks import Lighting
from livery.ui.compare import CompareWindow
from livery.ui.export_dialog import ExportDialog, run_export
from livery.ui.lighting_panel import LightingPanel, load_lighting, save_lighting
from livery.ui.lighting_state import LightingModel
from livery.ui.paint_editor import PaintEditor
from livery.ui.review_window import ReviewWindow

log = logging.getLogger(__name__)

#: The settings key of the locked review mode (``LightingModel.set_locked``).
LOCK_KEY = "lighting/locked"


class DesignerTools(QObject):
    def __init__(self, window: Any, *, catalog_root: Path = DEFAULT_CATALOG) -> None:
        super().__init__(window)
        self.window = window
        self.lang = window.lang
        remembered = load_lighting(window.settings.q) if window.remember else Lighting()
        locked = window.remember and str(window.settings.q.value(LOCK_KEY, "false")) == "true"
        self.lighting = LightingModel(remembered, locked=locked)
        self._applied = Lighting()
        self.compare: CompareWindow | None = None
        self.review: ReviewWindow | None = None
        self.last_export: Path | None = None

        # docks (left): lighting above the paint editor; both start hidden
        self.lighting_panel = LightingPanel(self.lighting, self.lang)
        self.lighting_panel.file_chosen.connect(self.set_environment_file)
        self.lighting_dock = self._dock("lightingDock", _scrolling(self.lighting_panel))
        self.editor = PaintEditor(window.build, self.lang, catalog_root=catalog_root)
        self.editor.saved.connect(self._on_saved)
        self.editor_dock = self._dock("paintEditorDock", self.editor)
        self.editor_dock.setMinimumWidth(340)
        window.splitDockWidget(self.lighting_dock, self.editor_dock, Qt.Orientation.Vertical)
        self.lighting_dock.hide()
        self.editor_dock.hide()

        # actions, in the window's action registry (which labels them and builds the menus)
        acts = window.action_registry
        acts.add(
            "action.export_image",
            self.export_dialog,
            menu="menu.file",
            section="image",
            shortcut="Ctrl+Shift+E",
            app_wide=False,
        )
        self._dock_action("action.lighting", self.lighting_dock, "Ctrl+L", "menu.view", "designer")
        acts.add_menu("menu.tools", before="menu.language")
        self._dock_action("action.paint_editor", self.editor_dock, "Ctrl+E", "menu.tools")
        acts.add(
            "action.compare",
            self.open_compare,
            menu="menu.tools",
            shortcut="Ctrl+B",
            app_wide=False,
        )
        acts.add("action.review", self.open_review, menu="menu.tools", app_wide=False)
        acts.add(
            "action.import_candidates",
            self.import_candidates,
            menu="menu.file",
            section="image",
            app_wide=False,
        )

        self.lighting.subscribe(self._on_lighting)
        self.lang.subscribe(self._on_lang)
        self.relabel()
        self._on_lighting(self.lighting.value)

    # -- construction helpers ------------------------------------------------------
    def _dock(self, name: str, widget: Any) -> QDockWidget:
        dock = QDockWidget(self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        return dock

    def _dock_action(
        self, key: str, dock: QDockWidget, shortcut: str, menu: str, section: str = ""
    ) -> QAction:
        """A checkable action that shows and hides ``dock`` (and follows it when closed)."""
        a = self.window.action_registry.add(
            key,
            lambda on: (dock.setVisible(on), self._size_docks()),
            menu=menu,
            section=section,
            shortcut=shortcut,
            checkable=True,
            app_wide=False,
        )
        dock.visibilityChanged.connect(
            lambda on: (a.blockSignals(True), a.setChecked(dock.isVisible()), a.blockSignals(False))
        )
        return a

    # -- lighting ---------------------------------------------------------------------
    def _on_lighting(self, lighting: Lighting) -> None:
        try:
            self.window.viewport.set_lighting(lighting)
        except Exception as e:  # noqa: BLE001 - a bad file is a message, never a crash
            log.warning("lighting %s failed: %s", lighting, e)
            self.window.show_message("msg.bad_environment", str(e))
            prev = self._applied
            self.lighting.set(environment=prev.environment, tone=prev.tone, exposure=prev.exposure)
            return
        self._applied = lighting
        if self.window.remember:
            save_lighting(self.window.settings.q, lighting)
            self.window.settings.q.setValue(LOCK_KEY, "true" if self.lighting.locked else "false")

    def set_environment(self, name: str) -> bool:
        """Named environment or .hdr/.exr path; False (and a message) if it can't be used."""
        self.lighting.set(environment=name)
        return self.lighting.value.environment == name

    def set_environment_file(self, path: str) -> bool:
        return self.set_environment(str(path))

    # -- paint editor ---------------------------------------------------------------
    def show_editor(self) -> PaintEditor:
        self.window.action_registry["action.paint_editor"].setChecked(True)
        self.editor_dock.show()
        self._size_docks()
        return self.editor

    def show_lighting(self) -> LightingPanel:
        self.window.action_registry["action.lighting"].setChecked(True)
        self.lighting_dock.show()
        self._size_docks()
        return self.lighting_panel

    def _size_docks(self) -> None:
        """The lighting panel is short; give the paint editor the rest of the height."""
        if self.lighting_dock.isVisible() and self.editor_dock.isVisible():
            self.window.resizeDocks(
                [self.lighting_dock, self.editor_dock], [330, 10_000], Qt.Orientation.Vertical
            )

    def _on_saved(self, path: str, option: PaintOption) -> None:
        """A paint saved into the library (or the catalog's options folder) joins the
        tiles at once: the window reloads the catalog with its library (a failure is the
        window's message). Saved anywhere else, it is only a file."""
        name = option.name_zh if self.lang.code == "zh" else option.name_en
        editor = self.editor
        homes = (editor.library, editor.catalog_root / "options")
        if not any(Path(path).resolve().is_relative_to(h.resolve()) for h in homes):
            key = "msg.paint_saved_outside"
        elif self.window.reload_catalog(editor.catalog_root, editor.library):
            key = "msg.paint_saved"
        else:
            return
        self.window.statusBar().showMessage(self.lang.tr(key, name=name, path=path), 8000)

    # -- compare ------------------------------------------------------------------------
    def open_compare(self) -> CompareWindow:
        if self.compare is not None and not self.compare._closed:  # noqa: SLF001
            self.compare.show()
            self.compare.raise_()
            return self.compare
        vp = self.window.viewport
        self.compare = CompareWindow(
            self.window.build,
            vp.model,
            self.lang,
            self.lighting,
            pose=vp.camera_state(),
            model_of=lambda: vp.model,
            parent=self.window,
        )
        self.compare.show()
        return self.compare

    # -- paint review ------------------------------------------------------------------------
    def open_review(self, store: CandidateStore | None = None) -> ReviewWindow:
        """The review window over ``store`` (default: the paint library's candidates)."""
        if self.review is not None and not self.review.closed and store is None:
            self.review.show()
            self.review.raise_()
            return self.review
        if self.review is not None:
            self.review.shutdown()
            self.review.close()
        self.review = ReviewWindow(
            self.window,
            self.lang,
            store or CandidateStore(self.editor.library),
            catalog_root=self.editor.catalog_root,
            open_grid=self._grid,
            board_args=self._board_args,
            parent=self.window,
        )
        self.review.show()
        return self.review

    def import_candidates(self) -> None:
        """File > Import candidates…: the review window's import, the window shown."""
        self.open_review().import_dialog()

    def _grid(self, option_ids: list[str], candidates: Any) -> CompareWindow:
        compare = self.open_compare()
        compare.show_grid(option_ids, candidates)
        return compare

    def _board_args(self) -> list[str]:
        """The main view's vehicle, build, camera and light for ``livery board``."""
        vp, lit = self.window.viewport, self.lighting.value
        args = ["--build", self.window.build.share_code(), "--env", lit.environment]
        args += ["--env-rotation", f"{lit.rotation:g}"]
        return args + (["--camera", vp.preset] if vp.preset else [])

    # -- export ------------------------------------------------------------------------
    def export_dialog(self) -> ExportDialog:
        default = str(Path.home() / f"livery-{self.window.build.share_code()}.png")
        dlg = ExportDialog(
            self.window.viewport, self.lang, self.lighting.value, default, self.window
        )
        dlg.accepted.connect(lambda: self._exported(dlg.written, dlg.image_size()))
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def export_image(self, path: str | Path, size: tuple[int, int], supersample: int = 1) -> Path:
        """Export with the progress dialog (scripts and tests); raises on failure."""
        out = run_export(self.window.viewport, self.lang, path, size, supersample, self.window)
        self._exported(out, size)
        return out

    def _exported(self, path: Path | None, size: tuple[int, int]) -> None:
        if path is None:
            return
        self.last_export = path
        self.window.statusBar().showMessage(
            self.lang.tr("msg.exported", w=size[0], h=size[1], path=str(path)), 8000
        )

    # -- labels, screenshots, closing ------------------------------------------------
    def _on_lang(self, _code: str) -> None:
        self.relabel()

    def relabel(self) -> None:
        tr = self.lang.tr
        self.lighting_dock.setWindowTitle(tr("lighting.title"))
        self.editor_dock.setWindowTitle(tr("editor.title"))

    def close(self) -> None:
        self.lighting.unsubscribe(self._on_lighting)
        self.lang.unsubscribe(self._on_lang)
        self.lighting_panel.close_panel()
        self.editor.close_editor()
        if self.compare is not None:
            self.compare.shutdown()
            self.compare.close()
            self.compare = None
        if self.review is not None:
            self.review.shutdown()
            self.review.close()
            self.review = None


def _scrolling(panel: QWidget) -> QScrollArea:
    """``panel`` in a scroll area: on a short screen (1280x720 with the paint editor
    docked under it) the dock shrinks and scrolls instead of pushing the window taller."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(panel)
    return area
