"""The main window: viewport, option panels, summary, and the commands around them.

Every user action goes through one method here that records undo history, changes
the Build (which the panels, the summary and the viewport observe) and reports
failures in a message, leaving the car and the build as they were.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from livery.catalog import (
    Build,
    BuildError,
    BuildState,
    Catalog,
    ShareCodeError,
    load_catalog,
    state_from_json,
    state_from_share_code,
)
from livery.ui import theme
from livery.ui.history import History
from livery.ui.i18n import Language
from livery.ui.option_panel import OptionPanel
from livery.ui.presentation import IdleWatcher
from livery.ui.previews import PreviewProvider
from livery.ui.settings import Settings
from livery.ui.slot_mapping import SlotMappingDialog
from livery.ui.summary import BuildSummary
from livery.ui.vehicle_loading import VehicleFileLoader
from livery.ui.vehicle_source import VehicleLoadError, load_catalog_vehicle
from livery.ui.viewport import Viewport

log = logging.getLogger(__name__)

SURPRISE_SPIN_MS = 8000


def random_state(catalog: Catalog, vehicle_id: str, rng: random.Random) -> BuildState:
    """A random build that the rules allow: each group picks among what is still allowed."""
    for _ in range(50):
        choices = dict(catalog.vehicle(vehicle_id).defaults)
        for g in catalog.groups:
            allowed = [
                o.id
                for o in catalog.options_for(vehicle_id, g.id)
                if catalog.why_not(vehicle_id, choices, g.id, o.id) is None
            ]
            if allowed:
                choices[g.id] = rng.choice(allowed)
        if not catalog.violations(vehicle_id, choices):
            return BuildState(vehicle_id, choices)
    return BuildState(vehicle_id, dict(catalog.vehicle(vehicle_id).defaults))


class SizeDialog(QDialog):
    def __init__(self, lang: Language, size: QSize, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(lang.tr("dialog.size"))
        form = QFormLayout(self)
        self.w, self.h = QSpinBox(self), QSpinBox(self)
        for box, v in ((self.w, size.width() * 2), (self.h, size.height() * 2)):
            box.setRange(64, 8192)
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
    presentation_changed = Signal(bool)

    def __init__(
        self,
        catalog: Catalog,
        *,
        settings: Settings,
        lang: str | None = None,
        state: BuildState | None = None,
        remember: bool = True,
        vehicle_loader: Callable[[str], Any] = load_catalog_vehicle,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.remember = remember
        self.lang = Language(lang or settings.language() or "en")
        self.history = History()
        self.rng = rng or random.Random()
        self._vehicle_loader = vehicle_loader
        self._models: dict[str, Any] = {}
        self._extra_vehicles: dict[str, Any] = {}  # opened files: key -> model
        self._file_results: dict[str, Any] = {}  # opened files: key -> LoadResult
        self.mapping_dialog: SlotMappingDialog | None = None
        self.vehicle_loader = VehicleFileLoader(self)
        self.vehicle_loader.loaded.connect(self._on_vehicle_loaded)
        self.vehicle_loader.failed.connect(self._on_vehicle_failed)
        self.vehicle_loader.idle.connect(lambda: self.viewport.set_busy(None))
        self.last_message: tuple[str, str] | None = None
        self._presentation = False
        self._closed = False
        self.setObjectName("mainWindow")

        vehicle_id = state.vehicle if state else catalog.vehicles[0].id
        self.build = Build(catalog, vehicle_id, state.choices if state else None)

        self.previews = PreviewProvider(catalog, size=128, parent=self)
        self._build_ui()
        self._build_actions()
        self.idle = IdleWatcher(settings.idle_seconds() * 1000, self)
        self.idle.idle.connect(self._on_idle)
        self.idle.activity.connect(self._on_activity)
        self._surprise_timer = QTimer(self)
        self._surprise_timer.setSingleShot(True)
        self._surprise_timer.timeout.connect(lambda: self.viewport.set_turntable(False))

        self.build.subscribe(self._on_build)
        self.lang.subscribe(self._on_lang)
        self.relabel()
        model = self._model_for(vehicle_id)  # raises VehicleLoadError: nothing to show
        self.viewport.show_build(self.build, model)
        self.viewport.move_camera("front34", animate=False)
        from livery.ui.designer_tools import DesignerTools

        self.designer = DesignerTools(self)  # lighting, paint editor, A/B, image export
        self.resize(1440, 900)

    # -- construction -------------------------------------------------------------
    def _build_ui(self) -> None:
        central = QWidget(self)
        central.setObjectName("central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        # header: brand, vehicles, actions
        self.header = QWidget(central)
        self.header.setObjectName("header")
        hl = QHBoxLayout(self.header)
        hl.setContentsMargins(20, 12, 16, 12)
        hl.setSpacing(10)
        brand = QVBoxLayout()
        brand.setSpacing(0)
        self.brand = QLabel(self.header)
        self.brand.setObjectName("brand")
        self.brand_sub = QLabel(self.header)
        self.brand_sub.setObjectName("brandSub")
        brand.addWidget(self.brand)
        brand.addWidget(self.brand_sub)
        hl.addLayout(brand)
        hl.addSpacing(24)
        self.vehicle_bar = QHBoxLayout()
        self.vehicle_bar.setSpacing(6)
        hl.addLayout(self.vehicle_bar)
        self.vehicle_buttons = QButtonGroup(self)
        self.vehicle_buttons.setExclusive(True)
        self.vehicle_button: dict[str, QPushButton] = {}
        self._sync_vehicle_buttons()
        hl.addStretch(1)
        self.undo_button = self._header_button("undoButton", self.undo)
        self.redo_button = self._header_button("redoButton", self.redo)
        self.reset_button = self._header_button("resetButton", self.reset_build)
        self.surprise_button = self._header_button("surpriseButton", self.surprise)
        self.surprise_button.setProperty("class", "primary")
        self.surprise_button.setObjectName("primary")
        for b in (self.undo_button, self.redo_button, self.reset_button, self.surprise_button):
            hl.addWidget(b)
        hl.addSpacing(12)
        self.lang_button = self._header_button("langButton", self._toggle_language)
        self.present_button = self._header_button(
            "presentButton", lambda: self.set_presentation(not self._presentation)
        )
        hl.addWidget(self.lang_button)
        hl.addWidget(self.present_button)
        outer.addWidget(self.header)

        # viewport with the camera bar under it
        self.viewport = Viewport(self.catalog, central)
        outer.addWidget(self.viewport, 1)
        self.view_bar = QWidget(central)
        self.view_bar.setObjectName("viewBar")
        vb = QHBoxLayout(self.view_bar)
        vb.setContentsMargins(8, 6, 8, 6)
        vb.setSpacing(4)
        self.camera_buttons: dict[str, QPushButton] = {}
        self.camera_group = QButtonGroup(self)
        self.camera_group.setExclusive(True)
        vb.addStretch(1)
        for name in self.viewport.presets():
            b = QPushButton(self.view_bar)
            b.setObjectName(f"camera-{name}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, n=name: self.viewport.move_camera(n))
            self.camera_group.addButton(b)
            self.camera_buttons[name] = b
            vb.addWidget(b)
        vb.addSpacing(16)
        self.turntable_button = QPushButton(self.view_bar)
        self.turntable_button.setObjectName("turntableButton")
        self.turntable_button.setCheckable(True)
        self.turntable_button.toggled.connect(self.viewport.set_turntable)
        vb.addWidget(self.turntable_button)
        vb.addStretch(1)
        bar_host = QHBoxLayout()
        bar_host.setContentsMargins(16, 10, 16, 12)
        bar_host.addWidget(self.view_bar)
        outer.addLayout(bar_host)
        self.viewport.camera_changed.connect(self._on_camera)
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
        self.panel.picked.connect(self.pick)
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

    def _header_button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        b = QPushButton(self.header)
        b.setObjectName(name)
        b.clicked.connect(lambda _=False: slot())
        return b

    def _add_vehicle_button(self, key: str) -> QPushButton:
        b = QPushButton(self.header)
        b.setObjectName(f"vehicle-{key}")
        b.setCheckable(True)
        b.clicked.connect(lambda _=False, k=key: self._vehicle_clicked(k))
        self.vehicle_buttons.addButton(b)
        self.vehicle_button[key] = b
        self.vehicle_bar.addWidget(b)
        return b

    def _sync_vehicle_buttons(self) -> None:
        """A switcher button per catalog vehicle (a reloaded catalog may add or drop one);
        the buttons of opened vehicle files stay."""
        ids = {v.id for v in self.catalog.vehicles}
        gone = [k for k in self.vehicle_button if k not in ids and k not in self._extra_vehicles]
        for key in gone:
            b = self.vehicle_button.pop(key)
            self.vehicle_buttons.removeButton(b)
            b.deleteLater()
        for v in self.catalog.vehicles:
            if v.id not in self.vehicle_button:
                self._add_vehicle_button(v.id)

    def _build_actions(self) -> None:
        mb = self.menuBar()
        self.menus: dict[str, Any] = {}
        self.actions_: dict[str, QAction] = {}

        def act(
            key: str, slot: Callable[[], None], shortcut: Any = None, checkable: bool = False
        ) -> QAction:
            a = QAction(self)
            a.setObjectName(key)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
                a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            a.setCheckable(checkable)
            if checkable:
                a.toggled.connect(lambda on, s=slot: s(on))  # type: ignore[misc]
            else:
                a.triggered.connect(lambda _=False, s=slot: s())
            self.actions_[key] = a
            self.addAction(a)  # shortcuts work with the menu bar hidden
            return a

        f = mb.addMenu("")
        self.menus["menu.file"] = f
        f.addAction(act("action.open", self.open_build_dialog, QKeySequence.StandardKey.Open))
        f.addAction(act("action.save", self.save_build_dialog, QKeySequence.StandardKey.Save))
        self.recent_menu = f.addMenu("")
        self.menus["menu.recent"] = self.recent_menu
        f.addSeparator()
        f.addAction(act("action.open_vehicle", self.open_vehicle_dialog, "Ctrl+Shift+O"))
        self.recent_vehicles_menu = f.addMenu("")
        self.menus["menu.recent_vehicles"] = self.recent_vehicles_menu
        f.addSeparator()
        f.addAction(act("action.screenshot", self.screenshot_dialog, "Ctrl+P"))
        f.addAction(act("action.screenshot_large", self.screenshot_size_dialog, "Ctrl+Shift+P"))
        f.addSeparator()
        f.addAction(act("action.quit", self.close, QKeySequence.StandardKey.Quit))

        e = mb.addMenu("")
        self.menus["menu.edit"] = e
        e.addAction(act("action.undo", self.undo, "Ctrl+Z"))
        e.addAction(act("action.redo", self.redo, "Ctrl+Shift+Z"))
        e.addSeparator()
        e.addAction(act("action.reset", self.reset_build))
        e.addAction(act("action.surprise", self.surprise, "Ctrl+R"))

        v = mb.addMenu("")
        self.menus["menu.view"] = v
        self.camera_actions: dict[str, QAction] = {}
        for i, name in enumerate(self.viewport.presets()):
            a = act(f"camera.{name}", lambda n=name: self.viewport.move_camera(n), f"Ctrl+{i + 1}")
            self.camera_actions[name] = a
            v.addAction(a)
        v.addSeparator()
        tt = act("action.turntable", self.viewport.set_turntable, "T", checkable=True)
        v.addAction(tt)
        pres = act("action.presentation", self.set_presentation, "F11", checkable=True)
        v.addAction(pres)
        esc = QAction(self)
        esc.setShortcut(QKeySequence("Escape"))
        esc.triggered.connect(lambda: self.set_presentation(False))
        self.addAction(esc)

        vm = mb.addMenu("")
        self.menus["menu.vehicle"] = vm
        vm.addAction(act("action.map_slots", self.open_mapping_dialog))

        lm = mb.addMenu("")
        self.menus["menu.language"] = lm
        group = QActionGroup(self)
        for code in ("en", "zh"):
            a = act(f"lang.{code}", lambda c=code: self.set_language(c), checkable=False)
            a.setCheckable(True)
            group.addAction(a)
            lm.addAction(a)
        self._rebuild_recent()

    # -- labels -------------------------------------------------------------------
    def relabel(self) -> None:
        tr = self.lang.tr
        self.setWindowTitle(tr("app.title"))
        self.brand.setText("LIVERY STUDIO")
        self.brand_sub.setText(tr("app.tagline"))
        for key, menu in self.menus.items():
            menu.setTitle(tr(key))
        for key, a in self.actions_.items():
            a.setText(tr(key))
        self.actions_[f"lang.{self.lang.code}"].setChecked(True)
        for v in self.catalog.vehicles:
            b = self.vehicle_button[v.id]
            b.setText(v.name.get(self.lang.code))
        self.undo_button.setText("↶  " + tr("action.undo"))
        self.redo_button.setText(tr("action.redo") + "  ↷")
        self.reset_button.setText(tr("action.reset"))
        self.surprise_button.setText("✦  " + tr("action.surprise"))
        self.lang_button.setText("中文" if self.lang.code == "en" else "English")
        self.present_button.setText(
            ("✕  " + tr("presentation.exit"))
            if self._presentation
            else ("⛶  " + tr("action.presentation"))
        )
        for name, b in self.camera_buttons.items():
            b.setText(tr(f"camera.{name}") if f"camera.{name}" in _keys() else name)
        self.turntable_button.setText("⟳  " + tr("action.turntable"))
        self.options_dock.setWindowTitle(tr("panel.options"))
        self.summary_dock.setWindowTitle(tr("panel.summary"))
        self._rebuild_recent()
        self._sync_controls()

    def _sync_controls(self) -> None:
        for key, b in self.vehicle_button.items():
            b.blockSignals(True)
            b.setChecked(key == self.build.vehicle.id and not self._showing_file())
            b.blockSignals(False)
        self.undo_button.setEnabled(self.history.can_undo())
        self.redo_button.setEnabled(self.history.can_redo())
        self.actions_["action.undo"].setEnabled(self.history.can_undo())
        self.actions_["action.redo"].setEnabled(self.history.can_redo())
        self.actions_["action.map_slots"].setEnabled(self.current_file_key() is not None)

    def _showing_file(self) -> bool:
        return self.current_file_key() is not None

    def current_file_key(self) -> str | None:
        """The key of the vehicle file on stage, None for a catalog vehicle."""
        model = self.viewport.model
        return next((k for k, m in self._extra_vehicles.items() if m is model), None)

    def _rebuild_recent(self) -> None:
        if not hasattr(self, "recent_menu"):
            return
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

    # -- model observers ----------------------------------------------------------
    def _on_build(self, change: Any) -> None:
        self._sync_controls()

    def _on_lang(self, _code: str) -> None:
        self.relabel()

    def _on_camera(self, name: str) -> None:
        for n, b in self.camera_buttons.items():
            b.blockSignals(True)
            b.setChecked(n == name)
            b.blockSignals(False)

    def _on_turntable(self, on: bool) -> None:
        for w in (self.turntable_button, self.actions_["action.turntable"]):
            w.blockSignals(True)
            w.setChecked(on)
            w.blockSignals(False)

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
        self._sync_vehicle_buttons()
        self.relabel()
        return True

    def reload_catalog(self, root: Path) -> bool:
        """Load the catalog in ``root`` again and use it (``set_catalog``). A file that
        can't be read or isn't valid is a message, and the app stays as it was."""
        try:
            catalog = load_catalog(Path(root))
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
    def pick(self, group_id: str, option_id: str) -> bool:
        before = self.build.state()
        try:
            change = self.build.set(group_id, option_id)
        except BuildError as e:
            self.panel.sync()
            self.show_message("msg.bad_pick", str(e))
            return False
        if change:
            self.history.record(before)
            self._sync_controls()
        return True

    def apply_state(self, state: BuildState, record: bool = True) -> bool:
        """Become ``state``, loading its vehicle if needed; on failure nothing changes."""
        before = self.build.state()
        vehicle_changed = state.vehicle != before.vehicle
        try:
            model = self._model_for(state.vehicle) if vehicle_changed else None
            self.build.restore(state)
        except VehicleLoadError as e:
            self.show_message("msg.bad_vehicle", str(e))
            return False
        except BuildError as e:
            self.show_message("msg.bad_file", str(e))
            return False
        if model is not None:
            self.viewport.show_build(self.build, model)
        if record and before != self.build.state():
            self.history.record(before)
        self._sync_controls()
        return True

    def undo(self) -> None:
        state = self.history.undo(self.build.state())
        if state is not None:
            self.apply_state(state, record=False)
        self._sync_controls()

    def redo(self) -> None:
        state = self.history.redo(self.build.state())
        if state is not None:
            self.apply_state(state, record=False)
        self._sync_controls()

    def reset_build(self) -> None:
        before = self.build.state()
        if self.build.reset():
            self.history.record(before)
        self._sync_controls()

    def surprise(self) -> None:
        state = random_state(self.catalog, self.build.vehicle.id, self.rng)
        if self.apply_state(state):
            self.statusBar().showMessage(self.lang.tr("msg.surprise"), 4000)
            self.viewport.move_camera("front34")
            self.viewport.set_turntable(True)
            self._surprise_timer.start(SURPRISE_SPIN_MS)

    def _vehicle_clicked(self, key: str) -> None:
        if key in self._extra_vehicles:
            self.viewport.show_build(self.build, self._extra_vehicles[key])
            self._sync_controls()
            self.vehicle_button[key].setChecked(True)
            return
        self.switch_vehicle(key)

    def switch_vehicle(self, vehicle_id: str) -> bool:
        """Change vehicle, keeping every choice that still applies."""
        if vehicle_id == self.build.vehicle.id and not self._showing_file():
            return True
        try:
            model = self._model_for(vehicle_id)
        except VehicleLoadError as e:
            self.show_message("msg.bad_vehicle", str(e))
            self._sync_controls()
            return False
        before = self.build.state()
        try:
            _change, dropped = self.build.switch_vehicle(vehicle_id)
        except BuildError as e:
            self.show_message("msg.bad_vehicle", str(e))
            self._sync_controls()
            return False
        self.viewport.show_build(self.build, model)
        if before != self.build.state():
            self.history.record(before)
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

    def _model_for(self, vehicle_id: str) -> Any:
        if vehicle_id not in self._models:
            try:
                self._models[vehicle_id] = self._vehicle_loader(vehicle_id)
            except VehicleLoadError:
                raise
            except Exception as e:  # any loader failure is a message, not a crash
                log.exception("loading vehicle %s failed", vehicle_id)
                raise VehicleLoadError(f"{vehicle_id}: {e}") from e
        return self._models[vehicle_id]

    def open_vehicle_file(self, path: str | Path) -> bool:
        """Start loading a vehicle file on the worker thread (progress over the view).

        On success the file's vehicle joins the switcher and is shown with the current
        build (whose catalog vehicle supplies the rules); on failure a message names the
        file and the problem and the car and build stay. False: it failed at once.
        """
        path = Path(path)
        if not path.is_file():
            problem = "is a folder, not a vehicle file" if path.is_dir() else "no such file"
            self.show_message("msg.bad_vehicle", f"{path}: {problem}")
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

    def _on_vehicle_loaded(self, path_text: str, result: Any) -> None:
        path = Path(path_text)
        model = result.model
        key = f"file:{path}"
        try:
            self.viewport.show_build(self.build, model)
        except Exception as e:  # noqa: BLE001 - a model the scene can't show: keep the car
            log.exception("showing %s failed", path)
            self.show_message("msg.bad_vehicle", f"{path.name}: {e}")
            return
        self._extra_vehicles[key] = model
        self._file_results[key] = result
        if key not in self.vehicle_button:
            b = self._add_vehicle_button(key)
            b.setToolTip(str(path))
        self.vehicle_button[key].setText(getattr(model, "name", "") or path.stem)
        self._sync_controls()
        self.vehicle_button[key].setChecked(True)
        self.settings.add_recent_vehicle(str(path))
        self._rebuild_recent()
        text = self.lang.tr(
            "msg.vehicle_loaded",
            path=path.name,
            parts=len(model.parts),
            triangles=f"{model.triangle_count:,}",
            seconds=self.vehicle_loader.last_seconds,
        )
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

    def _on_model(self, model: Any) -> None:
        """A vehicle came on stage: groups it has no part for say so."""
        self.panel.set_vehicle_slots(model.slots() if hasattr(model, "slots") else None)
        self._sync_controls()

    # -- slot mapping -------------------------------------------------------------------
    def open_mapping_dialog(self) -> SlotMappingDialog | None:
        """The slot-mapping dialog for the vehicle file on stage (not modal)."""
        key = self.current_file_key()
        if key is None:
            return None
        if self.mapping_dialog is not None:
            self.mapping_dialog.close()
        dlg = SlotMappingDialog(self._file_results[key], self.lang, self)
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
        """Write the sidecar manifest, then reload the vehicle so the mapping applies."""
        path = Path(manifest)
        try:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        except OSError as e:
            self.show_message("msg.bad_manifest_save", f"{path}: {e.strerror or e}")
            return False
        self.statusBar().showMessage(self.lang.tr("msg.manifest_saved", path=path.name), 6000)
        if self.mapping_dialog is not None:
            vehicle = self.mapping_dialog.result.path
            self.mapping_dialog.accept()
            self.open_vehicle_file(vehicle)
        return True

    # -- share codes and files --------------------------------------------------------
    def load_share_code(self, code: str) -> bool:
        try:
            state = state_from_share_code(self.catalog, code)
        except ShareCodeError as e:
            self.show_message("msg.bad_code", str(e))
            return False
        if self.apply_state(state):
            self.summary.paste.clear()
            self.statusBar().showMessage(
                self.lang.tr("msg.loaded_code", code=self.build.share_code()), 4000
            )
            return True
        return False

    def open_build(self, path: str | Path) -> bool:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
            state = state_from_json(self.catalog, text)
        except (OSError, UnicodeDecodeError) as e:
            self.show_message("msg.bad_file", f"{path.name}: {e}")
            if isinstance(e, FileNotFoundError):
                self.settings.remove_recent(str(path))
                self._rebuild_recent()
            return False
        except BuildError as e:
            self.show_message("msg.bad_file", f"{path.name}: {e}")
            return False
        if not self.apply_state(state):
            return False
        self.settings.add_recent(str(path.resolve()))
        self._rebuild_recent()
        self.statusBar().showMessage(self.lang.tr("msg.opened", path=path.name), 4000)
        return True

    def save_build(self, path: str | Path) -> bool:
        path = Path(path)
        try:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(self.build.to_json(), encoding="utf-8")
            tmp.replace(path)
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
        self._place_overlay()
        img = self.grab().toImage()
        dpr = img.devicePixelRatio()
        vp = self.viewport.interactor
        top_left = vp.mapTo(self, QPoint(0, 0))
        w, h = vp.width(), vp.height()
        frame = self.viewport.frame_image((round(w * dpr), round(h * dpr)))
        p = QPainter(img)
        p.drawImage(QRect(top_left, QSize(w, h)), frame)
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
        return self._presentation

    def set_presentation(self, on: bool) -> None:
        if on == self._presentation:
            return
        self._presentation = on
        a = self.actions_["action.presentation"]
        a.blockSignals(True)
        a.setChecked(on)
        a.blockSignals(False)
        scale = theme.presentation_scale() if on else 1.0
        self.setStyleSheet(theme.style_sheet(scale, touch=True) if on else "")
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        for w in (self.undo_button, self.redo_button, self.lang_button, self.reset_button):
            w.setVisible(not on)
        self.summary_dock.setVisible(not on)
        for dock in (self.options_dock, self.summary_dock):
            dock.setTitleBarWidget(QWidget() if on else None)
        self.panel.set_scale(scale)
        self.options_dock.setMinimumWidth(round(380 * (scale if on else 1.0)))
        self.overlay.setFixedWidth(round(300 * scale))
        self.overlay.setVisible(on)
        self._place_overlay()
        self.present_button.setText(
            ("✕  " + self.lang.tr("presentation.exit"))
            if on
            else ("⛶  " + self.lang.tr("action.presentation"))
        )
        if on:
            self._normal_geometry = self.saveGeometry()
            screen = self.screen()
            if screen is not None:  # without a window manager, the size is ours to set
                self.setGeometry(screen.geometry())
            self.showFullScreen()
            self.idle.start()
        else:
            self.idle.stop()
            self.viewport.set_attract(False)
            self.showNormal()
            geo = getattr(self, "_normal_geometry", None)
            if geo is not None:
                self.restoreGeometry(geo)
        self.presentation_changed.emit(on)

    def _place_overlay(self) -> None:
        if self.overlay.isVisible():
            self.overlay.layout().activate()
            self.overlay.adjustSize()
            m = 20
            self.overlay.move(m, m)
            self.overlay.raise_()

    def _on_idle(self) -> None:
        if self._presentation:
            self.viewport.set_attract(True)

    def _on_activity(self) -> None:
        self.viewport.set_attract(False)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_overlay()

    # -- settings and closing ----------------------------------------------------------
    def restore_layout(self) -> None:
        geo, state = self.settings.geometry(), self.settings.window_state()
        if geo is not None:
            self.restoreGeometry(geo)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._presentation:
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
        self.idle.stop()
        self._surprise_timer.stop()
        self.vehicle_loader.shutdown()
        if self.mapping_dialog is not None:
            self.mapping_dialog.close()
        self.previews.stop()
        self.build.unsubscribe(self._on_build)
        self.lang.unsubscribe(self._on_lang)
        self.panel.close_panel()
        self.summary.close_summary()
        self.overlay.close_summary()
        if getattr(self, "designer", None) is not None:
            self.designer.close()
        self.viewport.shutdown()


def _keys() -> set[str]:
    from livery.ui.i18n import TABLE

    return set(TABLE)
