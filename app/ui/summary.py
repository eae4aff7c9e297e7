"""The build summary: chosen options with prices, the total, and the share code.

Observes the Build and the Language; copying puts the code on the clipboard, and a
pasted code is handed to the window (``code_entered``), which validates it and
keeps the current build if it is bad.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from livery.catalog import Build, BuildChange
from livery.catalog.qr import qr_text
from livery.catalog.sharecode import pretty
from livery.ui.i18n import Language, format_price
from livery.ui.placement import popup_position
from livery.ui.qr import qr_pixmap

#: Windows at least this tall (logical px) show the summary's rows; shorter ones fold
#: them, so the option tiles keep their room.
TALL_WINDOW = 1000


def _rule(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setObjectName("rule")
    return line


class BuildSummary(QWidget):
    code_entered = Signal(str)
    copied = Signal(str)

    def __init__(
        self, build: Build, lang: Language, compact: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.build = build
        self.lang = lang
        self.compact = compact
        #: The centre's share link pattern (``https://example.com/b/{code}``): the QR code
        #: holds that link; None: the bare code. Set by the window from the settings.
        self.link: str | None = None
        self.setObjectName("overlay" if compact else "panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        # never taller than its content: folding the rows gives the room to the tiles
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 16)
        lay.setSpacing(10)

        title_row = QHBoxLayout()
        self.vehicle_label = QLabel(self)
        self.vehicle_label.setObjectName("sectionTitle")
        title_row.addWidget(self.vehicle_label, 1)
        # the rows fold away so the option tiles above keep their room on short screens
        self.details_button = QPushButton(self)
        self.details_button.setObjectName("summaryDetails")
        self.details_button.setCheckable(True)
        self.details_button.setChecked(True)
        self.details_button.toggled.connect(self._show_details)
        self._details_chosen = compact  # a click decides for good; until then the height
        self.details_button.clicked.connect(lambda _=False: setattr(self, "_details_chosen", True))
        self._watched: QWidget | None = None
        #: A vehicle file on stage: its name, and the groups it has no parts for
        #: (marked "not on this model" and not priced). None: the catalog vehicle.
        self.model_name: str | None = None
        self.missing: frozenset[str] = frozenset()
        title_row.addWidget(self.details_button)
        lay.addLayout(title_row)

        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        lay.addLayout(self.grid)
        self._rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        self.base_label, self.base_price = QLabel(self), QLabel(self)
        self.base_label.setObjectName("muted")
        self.base_price.setObjectName("muted")
        self.base_price.setAlignment(Qt.AlignmentFlag.AlignRight)
        if not compact:
            self.grid.addWidget(self.base_label, 0, 0)
            self.grid.addWidget(self.base_price, 0, 2)
        self._make_rows()
        self.grid.setColumnStretch(1, 1)
        if compact:
            self.base_label.hide()
            self.base_price.hide()

        lay.addWidget(_rule(self))
        total_row = QHBoxLayout()
        self.total_label = QLabel(self)
        self.total_label.setObjectName("muted")
        self.total = QLabel(self)
        self.total.setObjectName("priceTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total_row.addWidget(self.total_label)
        total_row.addStretch(1)
        total_row.addWidget(self.total)
        lay.addLayout(total_row)

        code_row = QHBoxLayout()
        self.code_label = QLabel(self)
        self.code_label.setObjectName("muted")
        self.code = QLabel(self)
        self.code.setObjectName("shareCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code_row.addWidget(self.code_label)
        code_row.addStretch(1)
        code_row.addWidget(self.code)
        lay.addLayout(code_row)
        # The overlay shows the QR code itself; the panel pops it up on demand, so the
        # tiles above keep their room.
        self.qr = QLabel(self if compact else None)
        self.qr.setObjectName("shareQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignRight)
        if compact:
            lay.addWidget(self.qr)
        else:
            self.qr.setWindowFlags(Qt.WindowType.Popup)
            self.qr.setMargin(12)
            self.qr.setStyleSheet("background: white;")
        self._qr_for = ""

        paste_row = QHBoxLayout()
        self.paste = QLineEdit(self)
        self.paste.setObjectName("pasteCode")
        self.paste.setClearButtonEnabled(True)
        self.paste.returnPressed.connect(self._load_code)
        self.load_button = QPushButton(self)
        self.load_button.setObjectName("loadCode")
        self.load_button.clicked.connect(self._load_code)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyCode")
        self.copy_button.clicked.connect(self.copy_code)
        self.qr_button = QPushButton("QR", self)
        self.qr_button.setObjectName("showQr")
        self.qr_button.clicked.connect(self.show_qr)
        # the code's buttons share the paste row, so the column stays narrow
        paste_row.addWidget(self.paste, 1)
        for b in (self.load_button, self.copy_button, self.qr_button):
            paste_row.addWidget(b)
        self.paste_host = QWidget(self)
        self.paste_host.setLayout(paste_row)
        paste_row.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.paste_host)
        if compact:
            self.paste_host.hide()
            self.copy_button.hide()
            self.qr_button.hide()
            self.details_button.hide()

        build.subscribe(self._on_build)
        lang.subscribe(self._on_lang)
        self.refresh()

    def _make_rows(self) -> None:
        """A row per group of the Build's catalog (again if a new catalog has other groups)."""
        for labels in self._rows.values():
            for label in labels:
                self.grid.removeWidget(label)
                label.hide()
                label.deleteLater()
        self._rows.clear()
        first = 0 if self.compact else 1  # under the base price
        for row, g in enumerate(self.build.catalog.groups, start=first):
            name, value, price = QLabel(self), QLabel(self), QLabel(self)
            name.setObjectName("muted")
            price.setObjectName("muted")
            price.setAlignment(Qt.AlignmentFlag.AlignRight)
            value.setWordWrap(False)
            value.setObjectName("summaryValue")
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(value, row, 1)
            self.grid.addWidget(price, row, 2)
            self._rows[g.id] = (name, value, price)
        self._show_details(self.details_button.isChecked())

    def showEvent(self, event: QEvent) -> None:  # noqa: N802
        super().showEvent(event)
        window = self.window()
        if not self.compact and window is not self._watched:
            window.installEventFilter(self)
            self._watched = window
            self._fit_details(window.height())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self._watched and event.type() == QEvent.Type.Resize:
            self._fit_details(obj.height())
        return False

    def _fit_details(self, window_height: int) -> None:
        """Rows shown in a window at least TALL_WINDOW high, folded below (until the
        details button is clicked)."""
        if not self._details_chosen:
            self.details_button.setChecked(window_height >= TALL_WINDOW)

    def show_model(self, name: str | None, missing: set[str] | frozenset[str]) -> None:
        """Name the vehicle on stage (None: the build's catalog vehicle) and leave out
        of the rows and the total the groups it has no parts for."""
        self.model_name, self.missing = name, frozenset(missing)
        self.refresh()

    def shown_price(self) -> int:
        """The price of what is shown: the build's total less the groups not on the model."""
        b = self.build
        return b.total_price() - sum(b.option(g).price for g in self.missing)

    def set_details(self, on: bool) -> None:
        """Show or fold the rows (the overlay folds them when the view is small)."""
        self.details_button.setChecked(on)

    def _show_details(self, on: bool) -> None:
        for labels in self._rows.values():
            for label in labels:
                label.setVisible(on)
        if not self.compact:
            self.base_label.setVisible(on)
            self.base_price.setVisible(on)

    def show_qr(self) -> None:
        """Pop the share code's QR code up by the button, whole on the button's screen
        (under it if there is room, else above; a click elsewhere closes it)."""
        self.qr.adjustSize()
        self.qr.move(popup_position(self.qr_button, self.qr.size()))
        self.qr.show()

    def close_summary(self) -> None:
        if not self.compact:
            self.qr.close()
            self.qr.deleteLater()
        self.build.unsubscribe(self._on_build)
        self.lang.unsubscribe(self._on_lang)

    def _on_build(self, change: BuildChange) -> None:
        if change.catalog_changed and list(self._rows) != [g.id for g in self.build.catalog.groups]:
            self._make_rows()
        self.refresh()

    def _on_lang(self, _lang: str) -> None:
        self.refresh()

    def copy_code(self) -> None:
        code = pretty(self.build.share_code())
        QGuiApplication.clipboard().setText(code)
        self.copied.emit(code)

    def _load_code(self) -> None:
        text = self.paste.text().strip()
        if text:
            self.code_entered.emit(text)

    def refresh(self) -> None:
        lang, cat, b = self.lang, self.build.catalog, self.build
        cur = cat.currency
        self.vehicle_label.setText(self.model_name or b.vehicle.name.get(lang.code))
        self.base_label.setText(lang.tr("summary.base"))
        self.base_price.setText(format_price(b.vehicle.base_price, cur))
        for g in cat.groups:
            name, value, price = self._rows[g.id]
            option = b.option(g.id)
            name.setText(g.name.get(lang.code))
            if g.id in self.missing:
                value.setText(lang.tr("summary.not_on_model"))
                price.setText("—")
                continue
            value.setText(("◆ " if option.custom else "") + option.name.get(lang.code))
            price.setText(
                format_price(option.price, cur) if option.price else lang.tr("tile.included")
            )
        self.total_label.setText(lang.tr("summary.total"))
        self.total.setText(format_price(self.shown_price(), cur))
        self.code_label.setText(lang.tr("summary.code"))
        code = pretty(b.share_code())
        self.code.setText(code)
        held = qr_text(b.share_code(), self.link) if self.link else code
        if held != self._qr_for:  # the QR only changes with the code (or the link)
            self.qr.setPixmap(qr_pixmap(held, 3 if self.compact else 6))
            self._qr_for = held
        self.details_button.setText(lang.tr("summary.details"))
        self.details_button.setToolTip(lang.tr("summary.details_tip"))
        self.copy_button.setText(lang.tr("action.copy_code"))
        self.load_button.setText(lang.tr("action.load_code"))
        self.paste.setPlaceholderText(lang.tr("summary.paste"))
