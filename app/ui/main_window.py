"""The main window: it puts the parts together and turns failures into messages.

The build and its undo history are a Qt-free ``BuildSession`` (``livery.catalog``),
the vehicles a ``VehicleRegistry`` (``livery.vehicles``). The parts on screen are
widgets of their own: option panel, build summary, vehicle switcher, camera bar,
presentation mode; the menus come from the ``ActionRegistry``. Every user action goes
through one method here that asks the session (or the registry) and, when that fails,
shows a message and leaves the car and the build as they were.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from livery.catalog import (
    Build,
    BuildChange,
    BuildError,
    BuildState,
    Catalog,
    ShareCodeError,
    load_catalog,
    picture_camera,
)
from livery.catalog.qr import check_link
from livery.catalog.session import BuildSession, SessionChange
from livery.catalog.sharecode import pretty
from livery.fileio import InputFileError, check_regular, write_atomic
from livery.scene import looks
from livery.ui.about import AboutDialog
from livery.ui.actions import ActionRegistry
from livery.ui.autosave import Autosave
from livery.ui.camera_bar import CameraBar
from livery.ui.display_menu import DisplayMenu
from livery.ui.fix_offer import offer_fix
from livery.ui.header import Header, header_bar
from livery.ui.i18n import Language
from livery.ui.option_panel import OptionPanel
from livery.ui.presentation import PresentationMode
from livery.ui.previews import PreviewProvider
from livery.ui.render_set import RenderSetDialog
from livery.ui.settings import Settings
from livery.ui.settings_dialog import open_settings
from livery.ui.slot_mapping import SlotMappingDialog
from livery.ui.summary import BuildSummary
from livery.ui.vehicle_loading import VehicleFileLoader, frame_summary
from livery.ui.viewport import Viewport
from livery.vehicles.loaders import SUFFIXES as VEHICLE_SUFFIXES
from livery.vehicles.loaders import LoadResult, VehicleLoadError
from livery.vehicles.model import VehicleModel
from livery.vehicles.registry import VehicleRegistry, describe

log = logging.getLogger(__name__)

SURPRISE_SPIN_MS = 8000


class SizeDialog(QDialog):
    def __init__(self, lang: Language, size: QSize, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(lang.tr("dialog.size"))
        form = QFormLayout(self)
        self.w, self.h = QSpinBox(self), QSpinBox(self)
        for box, v in ((self.w, size.width() * 2), (self.h, size.height() * 2)):
            box.setRange(64, looks.IMAGE_SIDE[1])
            box.setValue(v)
        form.addRow(lang.tr("dialog.width"), self.w)
        form.addRow(lang.tr("dialog.height"), self.h)
        bb = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        form.addRow(bb)


class MainWindow(QMainWindow):
    message_shown = Signal(str, str)  # title, text
    vehicle_opened = Signal(str)  # the key of a vehicle file now shown ("file:<path>")

    def __init__(
        self,
        catalog: Catalog,
        *,
        settings: Settings,
        lang: str | None = None,
        state: BuildState | None = None,
        remember: bool = True,
        vehicles: VehicleRegistry | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.remember = remember
        self.lang = Language(lang or settings.language() or "en")
        self.vehicles = vehicles or VehicleRegistry()
        self.session = BuildSession(catalog, state, rng=rng, prepare_vehicle=self._catalog_model)
        self.mapping_dialog: SlotMappingDialog | None = None
        self.vehicle_loader = VehicleFileLoader(self)
        self.vehicle_loader.loaded.connect(self._on_vehicle_loaded)
        self.vehicle_loader.failed.connect(self._on_vehicle_failed)
        self.vehicle_loader.idle.connect(lambda: self.viewport.set_busy(None))
        self.last_message: tuple[str, str] | None = None
        self._closed = False
        self.setObjectName("mainWindow")

        self.previews = PreviewProvider(catalog, size=128, parent=self)
        self._build_ui()
        self._build_actions()
        self.presentation_mode = PresentationMode(
            self,
            viewport=self.viewport,
            panel=self.panel,
            panel_dock=self.options_dock,
            overlay=self.overlay,
            hide=(
                self.undo_button,
                self.redo_button,
                self.lang_button,
                self.reset_button,
                self.summary_dock,
            ),
            docks=(self.options_dock, self.summary_dock),
            idle_ms=settings.idle_seconds() * 1000,
        )
        self.presentation_mode.changed.connect(self._on_presentation)
        self.presentation_mode.full_screen = settings.presentation_full_screen()
        self._surprise_timer = QTimer(self)
        self._surprise_timer.setSingleShot(True)
        self._surprise_timer.timeout.connect(lambda: self.viewport.set_turntable(False))

        self.summary.link = self.overlay.link = settings.share_link()
        self.session.subscribe(self._on_session)
        self.lang.subscribe(self._on_lang)
        self.relabel()
        model = self._catalog_model(self.build.vehicle.id)  # VehicleLoadError: nothing to show
        self.viewport.show_build(self.build, model)
        self.viewport.move_camera(looks.DEFAULT_CAMERA, animate=False)
        from livery.ui.designer_tools import DesignerTools

        self.designer = DesignerTools(self)  # lighting, paint editor, A/B, image export
        self.autosave = Autosave(self)  # the work every few seconds; the offer after a crash
        self.display_menu = DisplayMenu(self)  # View > Display colour (sRGB, P3, ICC)
        self.setAcceptDrops(True)  # a build file, a picture or a vehicle file
        self.resize(1440, 900)

    @property
    def build(self) -> Build:
        """The session's Build (panels, summaries and viewports observe it)."""
        return self.session.build

    # -- construction -------------------------------------------------------------
    def _build_ui(self) -> None:
        central = QWidget(self)
        central.setObjectName("central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        # header: brand, vehicles, actions (a top bar across the window, above the docks)
        self.header = Header(self)
        self.switcher = self.header.switcher
        self.switcher.set_catalog(self.catalog)
        self.switcher.chosen.connect(self._vehicle_chosen)
        add = self.header.add_button
        self.undo_button = add("undoButton", self.undo)
        self.redo_button = add("redoButton", self.redo)
        self.reset_button = add("resetButton", self.reset_build)
        self.surprise_button = add("primary", self.surprise)
        self.surprise_button.setProperty("class", "primary")
        self.lang_button = add("langButton", self._toggle_language, gap=12)
        self.present_button = add(
            "presentButton", lambda: self.set_presentation(not self.presentation)
        )
        self.header_bar = header_bar(self, self.header)

        # viewport with the camera bar under it
        self.viewport = Viewport(self.catalog, central)
        outer.addWidget(self.viewport, 1)
        self.camera_bar = CameraBar(self.viewport.presets(), central)
        self.camera_bar.preset_chosen.connect(lambda name: self.viewport.move_camera(name))
        self.camera_bar.turntable_toggled.connect(self.viewport.set_turntable)
        bar_host = QHBoxLayout()
        bar_host.setContentsMargins(16, 10, 16, 12)
        bar_host.addWidget(self.camera_bar)
        outer.addLayout(bar_host)
        self.viewport.camera_changed.connect(self.camera_bar.show_preset)
        self.viewport.model_changed.connect(self._on_model)
        self.viewport.part_clicked.connect(self._on_part_clicked)
        self.viewport.busy.cancel_clicked.connect(self.cancel_vehicle_load)
        self.viewport.turntable_changed.connect(self._on_turntable)
        self.setCentralWidget(central)

        # presentation overlay (a native child, so it stacks over the GL view)
        self.overlay = BuildSummary(self.build, self.lang, compact=True, parent=self.viewport)
        self.overlay.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.overlay.hide()

        # docks
        self.panel = OptionPanel(self.build, self.lang, self.previews)
        self.panel.picked.connect(self._picked_on_panel)
        self.panel.blocked.connect(lambda g, o: offer_fix(self, g, o))
        self.options_dock = QDockWidget(self)
        self.options_dock.setObjectName("optionsDock")
        self.options_dock.setWidget(self.panel)
        self.options_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.options_dock.setMinimumWidth(380)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.options_dock)
        self.summary = BuildSummary(self.build, self.lang)
        self.summary.code_entered.connect(self.load_share_code)
        self.summary.copied.connect(
            lambda _c: self.statusBar().showMessage(self.lang.tr("summary.copied"), 3000)
        )
        self.summary_dock = QDockWidget(self)
        self.summary_dock.setObjectName("summaryDock")
        self.summary_dock.setWidget(self.summary)
        self.summary_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.summary_dock)
        self.statusBar().setSizeGripEnabled(False)

    def _build_actions(self) -> None:
        """The menus in the order they show; ``designer_tools`` registers its own later."""
        acts = self.action_registry = ActionRegistry(self, self.lang)
        std = QKeySequence.StandardKey

        acts.add_menu("menu.file")
        acts.add("action.open", self.open_build_dialog, menu="menu.file", shortcut=std.Open)
        acts.add("action.save", self.save_build_dialog, menu="menu.file", shortcut=std.Save)
        self.recent_menu = acts.add_menu("menu.recent", parent="menu.file")
        acts.add(
            "action.open_vehicle",
            self.open_vehicle_dialog,
            menu="menu.file",
            section="vehicle",
            shortcut="Ctrl+Shift+O",
        )
        self.recent_vehicles_menu = acts.add_menu(
            "menu.recent_vehicles", parent="menu.file", section="vehicle"
        )
        for key, slot, shortcut in (
            ("action.screenshot", self.screenshot_dialog, "Ctrl+P"),
            ("action.screenshot_large", self.screenshot_size_dialog, "Ctrl+Shift+P"),
        ):
            acts.add(key, slot, menu="menu.file", section="image", shortcut=shortcut)
        acts.add("action.render_set", self.render_set_dialog, menu="menu.file", section="image")
        acts.add("action.build_sheet", self.build_sheet_dialog, menu="menu.file", section="share")
        acts.add("action.share_link", self.share_link_dialog, menu="menu.file", section="share")
        acts.add("action.quit", self.close, menu="menu.file", section="quit", shortcut=std.Quit)

        acts.add_menu("menu.edit")
        acts.add("action.undo", self.undo, menu="menu.edit", shortcut="Ctrl+Z")
        acts.add("action.redo", self.redo, menu="menu.edit", shortcut="Ctrl+Shift+Z")
        acts.add("action.reset", self.reset_build, menu="menu.edit", section="build")
        acts.add(
            "action.surprise", self.surprise, menu="menu.edit", section="build", shortcut="Ctrl+R"
        )
        acts.add("action.settings", lambda: open_settings(self), menu="menu.edit", section="prefs")

        acts.add_menu("menu.view")
        for i, name in enumerate(self.viewport.presets()):
            acts.add(
                f"camera.{name}",
                lambda n=name: self.viewport.move_camera(n),
                menu="menu.view",
                shortcut=f"Ctrl+{i + 1}",
            )
        for key, slot, shortcut in (
            ("action.turntable", self.viewport.set_turntable, "T"),
            ("action.presentation", self.set_presentation, "F11"),
        ):
            acts.add(
                key, slot, menu="menu.view", section="modes", shortcut=shortcut, checkable=True
            )

        acts.add_menu("menu.vehicle")
        acts.add("action.map_slots", self.open_mapping_dialog, menu="menu.vehicle")

        acts.add_menu("menu.language")
        for code in ("en", "zh"):
            acts.add(
                f"lang.{code}",
                lambda c=code: self.set_language(c),
                menu="menu.language",
                exclusive="language",
            )

        acts.add_menu("menu.help")
        acts.add("action.about", self.show_about, menu="menu.help")

    def show_about(self) -> AboutDialog:
        dlg = AboutDialog(self.lang.tr, self.catalog.version or "-", self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    # -- labels -------------------------------------------------------------------
    def relabel(self) -> None:
        tr = self.lang.tr
        self.setWindowTitle(tr("app.title"))
        self.action_registry.relabel()
        self.action_registry[f"lang.{self.lang.code}"].setChecked(True)
        self.switcher.relabel(self.catalog, self.lang.code)
        self._label_header()
        self.camera_bar.relabel(self.lang)
        self.options_dock.setWindowTitle(tr("panel.options"))
        self.summary_dock.setWindowTitle(tr("panel.summary"))
        self._rebuild_recent()
        self._sync_controls()

    def _label_header(self) -> None:
        tr = self.lang.tr
        present = tr("presentation.exit") if self.presentation else tr("action.presentation")
        self.header.set_labels(
            tr("app.tagline"),
            {
                self.undo_button: ("↶  " + tr("action.undo"), "↶"),
                self.redo_button: (tr("action.redo") + "  ↷", "↷"),
                self.reset_button: (tr("action.reset"), "⟲"),
                self.surprise_button: ("✦  " + tr("action.surprise"), "✦"),
                self.lang_button: ("中文", "中") if self.lang.code == "en" else ("English", "EN"),
                self.present_button: (
                    ("✕  " if self.presentation else "⛶  ") + present,
                    "✕" if self.presentation else "⛶",
                ),
            },
        )

    def _sync_controls(self) -> None:
        self.switcher.show_current(self.current_file_key() or self.build.vehicle.id)
        self.undo_button.setEnabled(self.session.can_undo())
        self.redo_button.setEnabled(self.session.can_redo())
        self.action_registry["action.undo"].setEnabled(self.session.can_undo())
        self.action_registry["action.redo"].setEnabled(self.session.can_redo())
        self.action_registry["action.map_slots"].setEnabled(self.current_file_key() is not None)

    def current_file_key(self) -> str | None:
        """The key of the vehicle file on stage, None for a catalog vehicle."""
        return self.vehicles.key_of(self.viewport.model)

    def _rebuild_recent(self) -> None:
        self.recent_vehicles_menu.clear()
        vehicles = self.settings.recent_vehicles()
        if not vehicles:
            a = self.recent_vehicles_menu.addAction(self.lang.tr("menu.recent.empty"))
            a.setEnabled(False)
        for path in vehicles:
            a = self.recent_vehicles_menu.addAction(Path(path).name)
            a.setToolTip(path)
            a.triggered.connect(lambda _=False, p=path: self.open_vehicle_file(p))
        self.recent_menu.clear()
        items = self.settings.recent()
        if not items:
            a = self.recent_menu.addAction(self.lang.tr("menu.recent.empty"))
            a.setEnabled(False)
        for path in items:
            a = self.recent_menu.addAction(Path(path).name)
            a.setToolTip(path)
            a.triggered.connect(lambda _=False, p=path: self.open_build(p))

    # -- observers --------------------------------------------------------------------
    def _on_session(self, _change: SessionChange) -> None:
        self._sync_controls()

    def _on_lang(self, _code: str) -> None:
        self.relabel()

    def _on_turntable(self, on: bool) -> None:
        self.camera_bar.show_turntable(on)
        a = self.action_registry["action.turntable"]
        a.blockSignals(True)
        a.setChecked(on)
        a.blockSignals(False)

    def _on_model(self, model: Any) -> None:
        """A vehicle came on stage: groups it has no part for say so."""
        self.panel.set_vehicle_slots(model.slots() if hasattr(model, "slots") else None)
        key = self.current_file_key()
        name = self.switcher.buttons[key].text() if key in self.switcher.buttons else None
        missing = {g.id for g in self.catalog.groups if self.panel.missing(g.id)}
        for summary in (self.summary, self.overlay):
            summary.show_model(name, missing)
        self._sync_controls()

    # -- the catalog ------------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        """The catalog in use: the Build's, the one copy that ``set_catalog`` replaces."""
        return self.build.catalog

    def set_catalog(self, catalog: Catalog) -> bool:
        """Use ``catalog`` from now on, without a restart (a paint saved in the editor).

        The build, its candidate paint and the undo history stay. The Build tells its
        observers: the option panel makes its tiles again, the summaries their rows, the
        viewports' Stages build later parts from it. If the build is not valid in
        ``catalog``, a message says why and nothing changes.
        """
        try:
            self.build.set_catalog(catalog)
        except BuildError as e:
            self.show_message("msg.bad_catalog", str(e))
            return False
        self.switcher.set_catalog(catalog)
        self.relabel()
        return True

    def reload_catalog(self, root: Path, library: Path | None = None) -> bool:
        """Load the catalog in ``root`` (with the paint ``library``) again and use it
        (``set_catalog``). A file that can't be read or isn't valid is a message, and the
        app stays as it was."""
        try:
            catalog = load_catalog(Path(root), library=library)
        except (ValueError, OSError) as e:  # CatalogError is a ValueError
            log.warning("reloading the catalog from %s failed: %s", root, e)
            self.show_message("msg.bad_catalog", str(e))
            return False
        return self.set_catalog(catalog)

    # -- messages -------------------------------------------------------------------
    def show_message(
        self, key: str, detail: str = "", icon: Any = QMessageBox.Icon.Warning
    ) -> None:
        """A non-blocking message box; the last one is kept for scripts and tests."""
        text = self.lang.tr(key)
        self.last_message = (key, detail)
        log.info("message %s: %s", key, detail)
        box = QMessageBox(
            icon, self.lang.tr("msg.error"), text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("messageBox")
        if detail:
            box.setInformativeText(detail + "\n\n" + self.lang.tr("msg.kept"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_shown.emit(key, detail)

    # -- changing the build ---------------------------------------------------------
    def _picked_on_panel(self, group_id: str, option_id: str) -> None:
        """A tile was chosen: pick it, and show its parts (the wheel for wheels and
        calipers, the badge, the seats, the flank for the decal), unless this vehicle
        has no parts for the group."""
        if not self.pick(group_id, option_id):
            return
        view = looks.GROUP_CAMERAS.get(group_id)
        if view is not None and view != self.viewport.preset and not self.panel.missing(group_id):
            self.viewport.move_camera(view)

    def pick(self, group_id: str, option_id: str) -> bool:
        try:
            self.session.pick(group_id, option_id)
        except BuildError as e:
            self.panel.sync()
            self.show_message("msg.bad_pick", str(e))
            return False
        return True

    def _run(self, action: Callable[[], BuildChange]) -> bool:
        """A session action that may change the vehicle (which then comes on stage);
        a failure is a message and changes nothing."""
        try:
            change = action()
        except VehicleLoadError as e:
            self.show_message("msg.bad_vehicle", describe(e))
            return False
        except ShareCodeError as e:
            self.show_message("msg.bad_code", str(e))
            return False
        except BuildError as e:
            self.show_message("msg.bad_file", str(e))
            return False
        self._show_vehicle(change)
        return True

    def _show_vehicle(self, change: BuildChange) -> None:
        if change.vehicle_changed:
            self.viewport.show_build(self.build, self._catalog_model(self.build.vehicle.id))

    def undo(self) -> None:
        self._run(self.session.undo)

    def redo(self) -> None:
        self._run(self.session.redo)

    def reset_build(self) -> None:
        self.session.reset()

    def surprise(self) -> None:
        if self._run(self.session.surprise):
            self.statusBar().showMessage(self.lang.tr("msg.surprise"), 4000)
            self.viewport.move_camera(looks.DEFAULT_CAMERA)
            self.viewport.set_turntable(True)
            self._surprise_timer.start(SURPRISE_SPIN_MS)

    def _vehicle_chosen(self, key: str) -> None:
        result = self.vehicles.files.get(key)
        if result is not None:
            self.viewport.show_build(self.build, result.model)
            self._sync_controls()
            return
        self.switch_vehicle(key)

    def switch_vehicle(self, vehicle_id: str) -> bool:
        """Change vehicle, keeping every choice that still applies."""
        if vehicle_id == self.build.vehicle.id and self.current_file_key() is None:
            return True
        try:
            model = self._catalog_model(vehicle_id)
            dropped = self.session.switch_vehicle(vehicle_id)
        except VehicleLoadError as e:
            self.show_message("msg.bad_vehicle", describe(e))
            self._sync_controls()
            return False
        except BuildError as e:
            self.show_message("msg.bad_vehicle", str(e))
            self._sync_controls()
            return False
        self.viewport.show_build(self.build, model)
        if dropped:
            names = ", ".join(self.catalog.group(g).name.get(self.lang.code) for g in dropped)
            self.statusBar().showMessage(
                self.lang.tr(
                    "msg.dropped", vehicle=self.build.vehicle.name.get(self.lang.code), groups=names
                ),
                8000,
            )
        self._sync_controls()
        return True

    def _catalog_model(self, vehicle_id: str) -> VehicleModel:
        """The model of a catalog vehicle (loaded once); VehicleLoadError."""
        return self.vehicles.catalog_model(self.catalog.vehicle(vehicle_id))

    # -- vehicle files ------------------------------------------------------------------
    def open_vehicle_file(self, path: str | Path) -> bool:
        """Start loading a vehicle file on the worker thread (progress over the view).

        On success the file's vehicle joins the switcher and is shown with the current
        build (whose catalog vehicle supplies the rules); on failure a message names the
        file and the problem and the car and build stay. False: it failed at once.
        """
        path = Path(path)
        try:
            check_regular(path, 1 << 62, what="vehicle file")  # the loader caps the size
        except InputFileError as e:
            self.show_message("msg.bad_vehicle", str(e))
            if str(path) in self.settings.recent_vehicles():
                self.settings.remove_recent_vehicle(str(path))
                self._rebuild_recent()
            return False
        self.vehicle_loader.load(path.resolve())
        self.viewport.set_busy(
            self.lang.tr("msg.loading", path=path.name), self.lang.tr("action.cancel")
        )
        self.statusBar().showMessage(self.lang.tr("msg.loading", path=path.name))
        return True

    def cancel_vehicle_load(self) -> None:
        self.vehicle_loader.cancel()
        self.statusBar().clearMessage()

    def _on_vehicle_loaded(self, path_text: str, result: LoadResult) -> None:
        path = Path(path_text)
        model = result.model
        try:
            self.viewport.show_build(self.build, model)
        except Exception as e:  # noqa: BLE001 - a model the scene can't show: keep the car
            log.exception("showing %s failed", path)
            self.show_message("msg.bad_vehicle", f"{path.name}: {e}")
            return
        key = self.vehicles.add_file(result)
        self.switcher.add_file(key, getattr(model, "name", "") or path.stem, str(path))
        self.header.fit()
        self._on_model(model)  # now a known file: the summaries name it
        self.settings.add_recent_vehicle(str(path))
        self._rebuild_recent()
        text = self.lang.tr(
            "msg.vehicle_loaded",
            path=path.name,
            parts=len(model.parts),
            triangles=f"{model.triangle_count:,}",
            seconds=self.vehicle_loader.last_seconds,
        )
        text += " · " + frame_summary(result.frame, self.lang)
        if result.warnings:
            text += " · " + self.lang.tr(
                "msg.vehicle_warnings", count=len(result.warnings), first=result.warnings[0]
            )
            for w in result.warnings:
                log.warning("%s: %s", path.name, w)
        self.statusBar().showMessage(text, 10000)
        if self.mapping_dialog is not None and self.mapping_dialog.result.path == result.path:
            self.mapping_dialog.close()
        self.vehicle_opened.emit(key)

    def _on_vehicle_failed(self, path_text: str, message: str) -> None:
        self.statusBar().clearMessage()
        self.show_message("msg.bad_vehicle", message)

    # -- slot mapping -------------------------------------------------------------------
    def open_mapping_dialog(self) -> SlotMappingDialog | None:
        """The slot-mapping dialog for the vehicle file on stage (not modal)."""
        key = self.current_file_key()
        if key is None:
            return None
        if self.mapping_dialog is not None:
            self.mapping_dialog.close()
        dlg = SlotMappingDialog(self.vehicles.files[key], self.lang, self, self.viewport)
        dlg.place_beside(self.frameGeometry(), self.screen().availableGeometry())
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.save_requested.connect(self.save_slot_mapping)
        dlg.finished.connect(lambda _r, d=dlg: self._mapping_closed(d))
        self.mapping_dialog = dlg
        self.viewport.set_picking(True)
        dlg.show()
        return dlg

    def _mapping_closed(self, dlg: SlotMappingDialog) -> None:
        if self.mapping_dialog is dlg:
            self.mapping_dialog = None
            self.viewport.set_picking(False)

    def _on_part_clicked(self, part: Any) -> None:
        if self.mapping_dialog is not None:
            self.mapping_dialog.select_part(part.name if part is not None else None)

    def save_slot_mapping(self, manifest: str, text: str) -> bool:
        """Write the sidecar manifest; the dialog's previewed model becomes the file's."""
        path = Path(manifest)
        try:
            write_atomic(path, text)
        except OSError as e:
            self.show_message("msg.bad_manifest_save", f"{path}: {e.strerror or e}")
            return False
        self.statusBar().showMessage(self.lang.tr("msg.manifest_saved", path=path.name), 6000)
        if self.mapping_dialog is not None:  # keep the previewed model: no reload
            dlg = self.mapping_dialog
            result = dlg.saved_result()
            dlg.accept()
            self._on_vehicle_loaded(str(result.path), result)
        return True

    # -- share codes and build files ----------------------------------------------------
    def load_share_code(self, code: str) -> bool:
        if not self._run(lambda: self.session.load_share_code(code)):
            return False
        self.summary.paste.clear()
        self.statusBar().showMessage(
            self.lang.tr("msg.loaded_code", code=pretty(self.build.share_code())), 4000
        )
        return True

    def open_build(self, path: str | Path) -> bool:
        path = Path(path)
        try:
            change = self.session.open(path)
        except (OSError, UnicodeDecodeError) as e:
            self.show_message("msg.bad_file", f"{path.name}: {e}")
            if isinstance(e, FileNotFoundError):
                self.settings.remove_recent(str(path))
                self._rebuild_recent()
            return False
        except BuildError as e:
            self.show_message("msg.bad_file", f"{path.name}: {e}")
            return False
        except VehicleLoadError as e:
            self.show_message("msg.bad_vehicle", describe(e))
            return False
        self._show_vehicle(change)
        camera = picture_camera(path) if path.suffix.lower() == ".png" else None
        if camera in self.viewport.presets():  # a picture: its view too
            self.viewport.move_camera(camera)
        self.settings.add_recent(str(path.resolve()))
        self._rebuild_recent()
        self.statusBar().showMessage(self.lang.tr("msg.opened", path=path.name), 4000)
        return True

    # -- dropped files ------------------------------------------------------------------
    def _dropped_file(self, event: Any) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return paths[0] if len(paths) == 1 else None

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802
        path = self._dropped_file(event)
        if path is not None and path.suffix.lower() in (".json", ".png", *VEHICLE_SUFFIXES):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        """A build file or a picture opens as the build (a picture with its view); a
        vehicle file loads as a vehicle."""
        path = self._dropped_file(event)
        if path is None:
            return
        event.acceptProposedAction()
        if path.suffix.lower() in VEHICLE_SUFFIXES:
            self.open_vehicle_file(path)
        else:
            self.open_build(path)

    def save_build(self, path: str | Path) -> bool:
        path = Path(path)
        try:
            self.session.save(path)
        except OSError as e:
            self.show_message("msg.bad_save", f"{path}: {e.strerror or e}")
            return False
        self.settings.add_recent(str(path.resolve()))
        self._rebuild_recent()
        self.statusBar().showMessage(self.lang.tr("msg.saved", path=path.name), 4000)
        return True

    def open_build_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.lang.tr("action.open"), "", self.lang.tr("filter.build")
        )
        if path:
            self.open_build(path)

    def save_build_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.lang.tr("action.save"),
            f"{self.build.share_code()}.json",
            self.lang.tr("filter.build"),
        )
        if path:
            self.save_build(path)

    def open_vehicle_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.lang.tr("action.open_vehicle"), "", self.lang.tr("filter.vehicle")
        )
        if path:
            self.open_vehicle_file(path)

    # -- render sets ------------------------------------------------------------------
    def render_set_dialog(self) -> RenderSetDialog:
        dlg = RenderSetDialog(self.build, self.viewport.lighting, self.lang, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    # -- the customer's build sheet and the share link -----------------------------
    def set_share_link(self, pattern: str | None) -> bool:
        """Use ``pattern`` (with ``{code}``; None or "": none) in every QR code and sheet."""
        pattern = (pattern or "").strip() or None
        if pattern is not None:
            try:
                check_link(pattern)
            except ValueError as e:
                self.show_message("msg.bad_link", str(e))
                return False
        if self.remember:
            self.settings.set_share_link(pattern)
        self.summary.link = self.overlay.link = pattern
        self.summary.refresh()
        self.overlay.refresh()
        return True

    def share_link_dialog(self) -> None:
        text, ok = QInputDialog.getText(
            self,
            self.lang.tr("action.share_link"),
            self.lang.tr("dialog.share_link"),
            text=self.summary.link or "",
        )
        if ok:
            self.set_share_link(text)

    def save_build_sheet(self, path: str | Path, dpi: int | None = None) -> bool:
        """The customer's A4 build sheet (PDF or PNG): four views, every choice with its
        price, the total, the share code and its QR code (with the share link)."""
        from livery.batch import build_sheet

        dpi = dpi or build_sheet.DEFAULT_DPI
        path = Path(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            page = build_sheet.render_build_sheet(
                self.catalog,
                self.build,
                self.viewport.model,
                self.lang.code,
                self.summary.link,
                dpi=dpi,
                lighting=self.viewport.lighting,
            )
            build_sheet.save(page, path, dpi)
        except (OSError, ValueError) as e:
            log.exception("build sheet failed")
            self.show_message("msg.bad_sheet", f"{path}: {e}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(self.lang.tr("msg.sheet_saved", path=str(path)), 6000)
        return True

    def build_sheet_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.lang.tr("action.build_sheet"),
            f"{self.build.share_code()}.pdf",
            self.lang.tr("filter.sheet"),
        )
        if path:
            self.save_build_sheet(path)

    # -- screenshots ----------------------------------------------------------------
    def save_screenshot(self, path: str | Path, size: tuple[int, int] | None = None) -> bool:
        try:
            self.viewport.save_png(path, size)
        except Exception as e:  # noqa: BLE001
            log.exception("screenshot failed")
            self.show_message("msg.bad_save", f"{path}: {e}")
            return False
        self.statusBar().showMessage(self.lang.tr("msg.screenshot", path=str(path)), 4000)
        return True

    def screenshot_dialog(self, size: tuple[int, int] | None = None) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.lang.tr("action.screenshot"),
            f"livery-{self.build.share_code()}.png",
            self.lang.tr("filter.png"),
        )
        if path:
            self.save_screenshot(path, size)

    def screenshot_size_dialog(self) -> None:
        dlg = SizeDialog(self.lang, self.viewport.view_size(), self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.screenshot_dialog((dlg.w.value(), dlg.h.value()))

    def grab_window(self) -> QImage:
        """The whole window as shown, with the 3D view composited in (GL content does
        not come through QWidget.grab)."""
        self.previews.finish_all()
        self.presentation_mode.place_overlay()
        img = self.grab().toImage()
        p = QPainter(img)
        self.viewport.paint_frame(p, self, img.devicePixelRatio())
        for child in (self.overlay, self.viewport.busy):
            if child.isVisible():
                p.drawPixmap(child.mapTo(self, QPoint(0, 0)), child.grab())
        p.end()
        return img

    # -- language ---------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        self.lang.set(code)
        self.settings.set_language(code) if self.remember else None

    def _toggle_language(self) -> None:
        self.set_language("zh" if self.lang.code == "en" else "en")

    # -- presentation mode ------------------------------------------------------------
    @property
    def presentation(self) -> bool:
        return self.presentation_mode.on

    def set_presentation(self, on: bool) -> None:
        self.presentation_mode.set(on)

    def _on_presentation(self, on: bool) -> None:
        a = self.action_registry["action.presentation"]
        a.blockSignals(True)
        a.setChecked(on)
        a.blockSignals(False)
        self._label_header()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.presentation_mode.place_overlay()

    # -- settings and closing ----------------------------------------------------------
    def restore_layout(self) -> None:
        geo, state = self.settings.geometry(), self.settings.window_state()
        if geo is not None:
            self.restoreGeometry(geo)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.presentation:
            self.set_presentation(False)
        if self.remember:
            try:
                self.settings.save_window(self.saveGeometry(), self.saveState())
                self.settings.set_language(self.lang.code)
                self.settings.set_last_build(self.build.share_code())
                self.settings.sync()
            except Exception:  # noqa: BLE001 - never block closing
                log.exception("saving settings failed")
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop timers and observers and release the 3D view. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self.autosave.close()
        self.presentation_mode.stop()
        self._surprise_timer.stop()
        self.vehicle_loader.shutdown()
        if self.mapping_dialog is not None:
            self.mapping_dialog.close()
        self.previews.stop()
        self.session.unsubscribe(self._on_session)
        self.lang.unsubscribe(self._on_lang)
        self.panel.close_panel()
        self.summary.close_summary()
        self.overlay.close_summary()
        if getattr(self, "designer", None) is not None:
            self.designer.close()
        self.viewport.shutdown()
