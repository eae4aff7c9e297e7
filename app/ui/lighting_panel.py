"""View > Lighting: environment, tone mapping and exposure, for judging a paint.

The panel edits a ``LightingModel``; the viewports observe the model and pass it
to their Stage (the panel never touches VTK). It observes the model too, blocking
its own signals while it syncs, so there are no feedback loops. The choice is
remembered in the settings (``lighting/*``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from livery.scene.looks import (
    DEFAULT_EXPOSURE,
    DEFAULT_ROTATION,
    DEFAULT_TONE,
    EV_RANGE,
    ROTATION_RANGE,
    TONES,
    VIEW_ENVIRONMENTS,
    Lighting,
    is_environment_file,
)
from livery.ui.i18n import Language
from livery.ui.lighting_state import LightingModel

EV_STEPS = 10  # slider ticks per stop


def load_lighting(qsettings: object) -> Lighting:
    """The remembered lighting (validated: a missing user file falls back to studio)."""
    q, default = qsettings, Lighting()
    env = q.value("lighting/environment", default.environment)  # type: ignore[attr-defined]
    tone = q.value("lighting/tone", default.tone)  # type: ignore[attr-defined]
    try:
        exposure = float(q.value("lighting/exposure", default.exposure))  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        exposure = default.exposure
    try:
        rotation = float(q.value("lighting/rotation", default.rotation))  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        rotation = default.rotation
    exposure = exposure if exposure > 0 else default.exposure
    return Lighting(str(env), str(tone), exposure, rotation).valid()


def save_lighting(qsettings: object, lighting: Lighting) -> None:
    q = qsettings
    q.setValue("lighting/environment", lighting.environment)  # type: ignore[attr-defined]
    q.setValue("lighting/tone", lighting.tone)  # type: ignore[attr-defined]
    q.setValue("lighting/exposure", float(lighting.exposure))  # type: ignore[attr-defined]
    q.setValue("lighting/rotation", float(lighting.rotation))  # type: ignore[attr-defined]


class LightingPanel(QWidget):
    """Environment buttons (+ a user's HDR/EXR), tone mapping, exposure and light
    rotation sliders."""

    #: A file the user picked (the owner tries it and reports a failure).
    file_chosen = Signal(str)

    def __init__(self, model: LightingModel, lang: Language, parent: QWidget | None = None):
        super().__init__(parent)
        self.model, self.lang = model, lang
        self.setObjectName("panel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 14, 16, 16)
        lay.setSpacing(10)

        self.lock = QCheckBox(self)
        self.lock.setObjectName("reviewLock")
        self.lock.toggled.connect(self.model.set_locked)
        lay.addWidget(self.lock)

        self.env_title = self._title(lay)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.env_group = QButtonGroup(self)
        self.env_group.setExclusive(True)
        self.env_buttons: dict[str, QPushButton] = {}
        for i, name in enumerate(VIEW_ENVIRONMENTS):
            b = QPushButton(self)
            b.setObjectName(f"env-{name}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, n=name: self.model.set(environment=n))
            self.env_group.addButton(b)
            self.env_buttons[name] = b
            grid.addWidget(b, i // 2, i % 2)
        self.file_button = QPushButton(self)
        self.file_button.setObjectName("env-file")
        self.file_button.setCheckable(True)
        self.file_button.clicked.connect(self._open_file)
        self.env_group.addButton(self.file_button)
        n = len(VIEW_ENVIRONMENTS)
        grid.addWidget(self.file_button, n // 2, n % 2)
        lay.addLayout(grid)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("muted")
        self.file_label.setWordWrap(True)
        lay.addWidget(self.file_label)

        self.tone_title = self._title(lay)
        self.tone = QComboBox(self)
        self.tone.setObjectName("toneCombo")
        for t in TONES:
            self.tone.addItem("", t)
        self.tone.currentIndexChanged.connect(lambda i: self.model.set(tone=self.tone.itemData(i)))
        lay.addWidget(self.tone)

        self.exposure_title, self.exposure_value = self._value_row(lay)
        self.exposure = QSlider(Qt.Orientation.Horizontal, self)
        self.exposure.setObjectName("exposureSlider")
        self.exposure.setRange(round(EV_RANGE[0] * EV_STEPS), round(EV_RANGE[1] * EV_STEPS))
        self.exposure.setPageStep(EV_STEPS // 2)
        self.exposure.valueChanged.connect(
            lambda v: self.model.set(exposure=Lighting.exposure_of(v / EV_STEPS))
        )
        lay.addWidget(self.exposure)
        self.rotation_title, self.rotation_value = self._value_row(lay)
        self.rotation = QSlider(Qt.Orientation.Horizontal, self)
        self.rotation.setObjectName("rotationSlider")
        self.rotation.setRange(round(ROTATION_RANGE[0]), round(ROTATION_RANGE[1]))
        self.rotation.setPageStep(15)
        self.rotation.valueChanged.connect(
            lambda v: self.model.set(rotation=Lighting.rotation_of(v))
        )
        lay.addWidget(self.rotation)
        self.reset_button = QPushButton(self)
        self.reset_button.setObjectName("lightingReset")
        self.reset_button.clicked.connect(
            lambda: self.model.set(
                tone=DEFAULT_TONE, exposure=DEFAULT_EXPOSURE, rotation=DEFAULT_ROTATION
            )
        )
        lay.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignRight)
        self.hint = QLabel(self)
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        lay.addWidget(self.hint)
        lay.addStretch(1)

        model.subscribe(self._on_model)
        lang.subscribe(self._on_lang)
        self.relabel()

    def _title(self, lay: QVBoxLayout) -> QLabel:
        t = QLabel(self)
        t.setObjectName("sectionTitle")
        lay.addWidget(t)
        return t

    def _value_row(self, lay: QVBoxLayout) -> tuple[QLabel, QLabel]:
        """A section title with the current value at the right."""
        row = QHBoxLayout()
        title, value = QLabel(self), QLabel(self)
        title.setObjectName("sectionTitle")
        value.setObjectName("sectionValue")
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(value)
        lay.addSpacing(6)
        lay.addLayout(row)
        return title, value

    def close_panel(self) -> None:
        self.model.unsubscribe(self._on_model)
        self.lang.unsubscribe(self._on_lang)

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.lang.tr("lighting.open_hdr"), "", self.lang.tr("filter.hdr")
        )
        if path:
            self.file_chosen.emit(path)
        self.sync()  # cancelled or failed: the check mark goes back to the current one

    # -- model -> widgets -------------------------------------------------------
    def _on_model(self, _lighting: Lighting) -> None:
        self.sync()

    def _on_lang(self, _code: str) -> None:
        self.relabel()

    def relabel(self) -> None:
        tr = self.lang.tr
        self.env_title.setText(tr("lighting.environment").upper())
        self.tone_title.setText(tr("lighting.tone").upper())
        self.exposure_title.setText(tr("lighting.exposure").upper())
        self.rotation_title.setText(tr("lighting.rotation").upper())
        for name, b in self.env_buttons.items():
            b.setText(tr(f"env.{name}"))
        self.file_button.setText(tr("lighting.open_hdr"))
        for i in range(self.tone.count()):
            self.tone.setItemText(i, tr(f"tone.{self.tone.itemData(i)}"))
        self.reset_button.setText(tr("lighting.reset"))
        self.lock.setText(tr("lighting.lock"))
        self.lock.setToolTip(tr("lighting.lock_tip"))
        self.hint.setText(tr("lighting.hint"))
        self.sync()

    def sync(self) -> None:
        v = self.model.value
        widgets = [self.tone, self.exposure, self.rotation, self.file_button, self.lock]
        widgets += self.env_buttons.values()
        for w in widgets:
            w.blockSignals(True)
        try:
            is_file = is_environment_file(v.environment)
            for name, b in self.env_buttons.items():
                b.setChecked(name == v.environment)
            self.file_button.setChecked(is_file)
            self.file_label.setText(Path(v.environment).name if is_file else "")
            self.file_label.setVisible(is_file)
            self.file_label.setToolTip(v.environment if is_file else "")
            self.tone.setCurrentIndex(max(TONES.index(v.tone), 0))
            self.exposure.setValue(round(v.ev * EV_STEPS))
            self.exposure_value.setText(f"{v.ev:+.1f} EV")
            self.lock.setChecked(self.model.locked)
            for w in (self.tone, self.exposure):
                w.setEnabled(not self.model.locked)
            self.rotation.setValue(round(v.rotation) % 360)
            self.rotation_value.setText(f"{v.rotation:.0f}°")
        finally:
            for w in widgets:
                w.blockSignals(False)
