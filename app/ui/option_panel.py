"""Option panels generated from the catalog: one section per group, a tile per option.

The panel never changes the Build itself: a click emits ``picked`` and the window
decides (history, errors). It observes the Build and re-syncs selection and
availability on every change, with its own signals blocked, so syncing never
feeds back as a pick; when the Build's catalog is replaced (a paint saved in the
editor) it makes its sections and tiles again from the new one. It knows nothing
about VTK: previews come as QImages.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from livery.catalog import Build, BuildChange, Catalog, Option
from livery.slots import Slot
from livery.ui import theme
from livery.ui.flow_layout import FlowLayout
from livery.ui.group_finder import FINDER_MIN_OPTIONS, GroupFinder
from livery.ui.i18n import Language, format_price
from livery.ui.previews import PreviewProvider
from livery.ui.touch import TouchHelp

#: Tile size at scale 1 (desktop). Presentation mode multiplies it.
TILE_W, TILE_H = 104, 154


class OptionTile(QAbstractButton):
    """A rendered finish preview, the option's name, its price and the bespoke mark."""

    def __init__(self, group_id: str, option: Option, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group_id = group_id
        self.option = option
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setObjectName(f"tile-{group_id}-{option.id}")
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._image: QImage | None = None
        self._scale = 1.0
        self._name = option.name.en
        self._price = ""
        self._custom_label = ""
        self.reason: str | None = None
        self._apply_size()

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self._apply_size()

    def _apply_size(self) -> None:
        self.setFixedSize(round(TILE_W * self._scale), round(TILE_H * self._scale))
        self.update()

    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self.update()

    def has_image(self) -> bool:
        return self._image is not None

    def relabel(self, lang: Language, currency: str) -> None:
        self._name = self.option.name.get(lang.code)
        self._price = (
            format_price(self.option.price, currency)
            if self.option.price
            else lang.tr("tile.included")
        )
        self._custom_label = lang.tr("tile.custom")
        self.setAccessibleName(self._name)
        self._update_tip(lang)
        self.update()

    def set_reason(self, reason: str | None, lang: Language) -> None:
        """None: pickable. Otherwise disabled, with the reason on hover (a tap on it
        offers the fix: ``OptionPanel.blocked``)."""
        self.reason = reason
        self.setEnabled(reason is None)
        self._update_tip(lang)

    def _update_tip(self, lang: Language) -> None:
        lines = [f"<b>{self._name}</b> · {self._price}"]
        desc = self.option.description
        if desc is not None:
            lines.append(desc.get(lang.code))
        if self.option.custom:
            lines.append(
                f"<span style='color:{theme.ACCENT}'>◆ {lang.tr('tile.custom_tip')}</span>"
            )
        if self.reason:
            lines.append(f"<span style='color:{theme.DANGER}'>{self.reason}</span>")
        self.setToolTip("<br>".join(lines))

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.size()

    def paintEvent(self, event) -> None:  # noqa: N802
        s = self._scale
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        checked, enabled = self.isChecked(), self.isEnabled()
        hover = self.underMouse() and enabled
        bg = QColor(theme.CARD_HOVER if hover else theme.CARD)
        border = QColor(theme.ACCENT if checked else theme.LINE)
        path = QPainterPath()
        path.addRoundedRect(r, 10 * s, 10 * s)
        p.fillPath(path, bg)
        p.setPen(QPen(border, 2 * s if checked else 1))
        p.drawPath(path)

        # preview
        pad = 8 * s
        img_side = r.width() - 2 * pad
        img_rect = QRectF(r.x() + pad, r.y() + pad, img_side, img_side)
        if not enabled:
            p.setOpacity(0.35)
        if self._image is not None:
            p.drawImage(img_rect, self._image)
        else:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(theme.LINE))
            p.drawEllipse(
                img_rect.adjusted(img_side * 0.1, img_side * 0.1, -img_side * 0.1, -img_side * 0.1)
            )
        p.setOpacity(1.0 if enabled else 0.5)

        # bespoke mark
        if self.option.custom:
            f = QFont(self.font())
            f.setPixelSize(max(8, round(9 * s)))
            f.setBold(True)
            p.setFont(f)
            p.setPen(QColor(theme.ACCENT))
            p.drawText(
                QRectF(r.x() + pad, r.y() + pad * 0.6, img_side, 14 * s),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                "◆",
            )

        # name (two lines at most) and price
        text_top = img_rect.bottom() + 4 * s
        f = QFont(self.font())
        f.setPixelSize(max(9, round(11 * s)))
        f.setWeight(QFont.Weight.DemiBold if checked else QFont.Weight.Normal)
        p.setFont(f)
        p.setPen(QColor(theme.TEXT))
        fm = QFontMetrics(f)
        name_rect = QRectF(r.x() + 4 * s, text_top, r.width() - 8 * s, fm.height() * 2 + 1)
        name = fm.elidedText(
            self._name, Qt.TextElideMode.ElideRight, int(name_rect.width() * 2 - 8)
        )
        p.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            name,
        )
        f2 = QFont(self.font())
        f2.setPixelSize(max(8, round(10 * s)))
        p.setFont(f2)
        p.setPen(QColor(theme.ACCENT if self.option.custom else theme.MUTED))
        price_rect = QRectF(
            r.x(),
            r.bottom() - (QFontMetrics(f2).height() + 6 * s),
            r.width(),
            QFontMetrics(f2).height() + 2,
        )
        p.drawText(price_rect, Qt.AlignmentFlag.AlignHCenter, self._price)
        if checked:  # a small check dot top-left
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(theme.ACCENT))
            d = 8 * s
            p.drawEllipse(QRectF(r.x() + pad * 0.8, r.y() + pad * 0.8, d, d))
        p.end()


class GroupSection(QWidget):
    """A group's title, the current choice's name, and its tiles."""

    picked = Signal(str, str)

    def __init__(self, catalog: Catalog, group_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.group = catalog.group(group_id)
        self.setObjectName(f"section-{group_id}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        head = QWidget(self)
        from PySide6.QtWidgets import QHBoxLayout

        hl = QHBoxLayout(head)
        hl.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(head)
        self.title.setObjectName("sectionTitle")
        self.value = QLabel(head)
        self.value.setObjectName("sectionValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        hl.addWidget(self.title)
        hl.addStretch(1)
        hl.addWidget(self.value)
        lay.addWidget(head)
        # shown when the vehicle on stage has no part for this group's slots
        self.note = QLabel(self)
        self.note.setObjectName("sectionNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {theme.DANGER};")
        self.note.hide()
        lay.addWidget(self.note)
        self.finder: GroupFinder | None = None
        if len(self.group.options) >= FINDER_MIN_OPTIONS:
            self.finder = GroupFinder(self.group.options, self)
            self.finder.changed.connect(self.apply_filter)
            lay.addWidget(self.finder)
        self.tiles_host = QWidget(self)
        self.flow = FlowLayout(self.tiles_host, spacing=8)
        lay.addWidget(self.tiles_host)
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        self.tiles: dict[str, OptionTile] = {}
        for option in self.group.options:
            tile = OptionTile(self.group.id, option, self.tiles_host)
            self.flow.addWidget(tile)
            self.buttons.addButton(tile)
            self.tiles[option.id] = tile
            tile.clicked.connect(lambda _=False, oid=option.id: self._clicked(oid))

    def _clicked(self, option_id: str) -> None:
        self.picked.emit(self.group.id, option_id)

    def apply_filter(self) -> None:
        """Show the tiles the finder lets through (all of them without a finder)."""
        shown = 0
        for tile in self.tiles.values():
            visible = self.finder is None or self.finder.shows(tile.option)
            tile.setVisible(visible)
            shown += visible
        if self.finder is not None:
            self.finder.empty.setVisible(shown == 0)
        self.tiles_host.updateGeometry()

    def set_scale(self, scale: float) -> None:
        for t in self.tiles.values():
            t.set_scale(scale)
        if self.finder is not None:
            self.finder.set_scale(scale)
        self.flow.set_spacing(round(8 * scale))
        self.tiles_host.updateGeometry()


class OptionPanel(QScrollArea):
    """All groups of the catalog, observing a Build."""

    picked = Signal(str, str)  # group id, option id
    #: a forbidden tile was tapped: group id, option id (the window offers the fix)
    blocked = Signal(str, str)

    def __init__(
        self, build: Build, lang: Language, previews: PreviewProvider, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.touch = TouchHelp(self)
        self.touch.blocked.connect(lambda t: self.blocked.emit(t.group_id, t.option.id))
        self.build = build
        self.catalog = build.catalog
        self.lang = lang
        self.previews = previews
        self.setObjectName("optionPanel")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        host = QWidget()
        host.setObjectName("panel")
        self._layout = QVBoxLayout(host)
        self._layout.setContentsMargins(18, 14, 14, 18)
        self._layout.setSpacing(22)
        self.sections: dict[str, GroupSection] = {}
        self._slots: frozenset[Slot] | None = None  # the vehicle's slots (None: all)
        self._scale = 1.0
        self._layout.addStretch(1)
        self.setWidget(host)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        previews.ready.connect(self._on_preview)
        self._make_sections()
        build.subscribe(self._on_build)
        lang.subscribe(self._on_lang)
        self.relabel()

    def _make_sections(self) -> None:
        """A section per group of ``build.catalog`` (replacing any there were), with
        the previews of its tiles asked of the provider, which follows that catalog."""
        for section in self.sections.values():
            self._layout.removeWidget(section)
            section.hide()
            section.deleteLater()
        self.sections.clear()
        self.catalog = self.build.catalog
        self.previews.set_catalog(self.catalog)
        host = self.widget()
        for i, group in enumerate(self.catalog.groups):
            section = GroupSection(self.catalog, group.id, host)
            section.picked.connect(self.picked)
            section.set_scale(self._scale)
            self._layout.insertWidget(i, section)  # before the stretch
            self.sections[group.id] = section
            for tile in section.tiles.values():
                tile.set_image(self.previews.get(group.id, tile.option.id))
                self.touch.watch(tile)

    def close_panel(self) -> None:
        """Stop observing (the window calls this on close)."""
        self.build.unsubscribe(self._on_build)
        self.lang.unsubscribe(self._on_lang)
        self.previews.ready.disconnect(self._on_preview)

    def tile(self, group_id: str, option_id: str) -> OptionTile:
        return self.sections[group_id].tiles[option_id]

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        for s in self.sections.values():
            s.set_scale(scale)
        m = round(16 * scale)
        self._layout.setContentsMargins(m + 2, m, m, m)
        self._layout.setSpacing(round(22 * scale))

    def set_vehicle_slots(self, slots: set[Slot] | frozenset[Slot] | None) -> None:
        """The slots the vehicle on stage has parts for (None: assume all of them).

        A group none of whose slots is there says so and disables its tiles, still
        showing the current choice, instead of silently changing nothing.
        """
        self._slots = None if slots is None else frozenset(slots)
        self.sync()

    def missing(self, group_id: str) -> bool:
        """True when the vehicle has no part this group's options would show on."""
        if self._slots is None:
            return False
        return not (set(self.sections[group_id].group.slots) & self._slots)

    def _on_preview(self, group_id: str, option_id: str, image: QImage) -> None:
        section = self.sections.get(group_id)
        if section and option_id in section.tiles:
            section.tiles[option_id].set_image(image)

    def _on_build(self, change: BuildChange) -> None:
        if change.catalog_changed:
            self._make_sections()
            self.relabel()  # syncs too
            return
        self.sync()

    def _on_lang(self, _lang: str) -> None:
        self.relabel()

    def relabel(self) -> None:
        for section in self.sections.values():
            name = section.group.name.get(self.lang.code)
            section.title.setText(name.upper())
            if section.finder is not None:
                shown = sum(not t.isHidden() for t in section.tiles.values())
                section.finder.relabel(
                    self.lang, name if self.lang.code == "zh" else name.lower(), shown
                )
            for tile in section.tiles.values():
                tile.relabel(self.lang, self.catalog.currency)
        self.sync()

    def sync(self) -> None:
        """Selection, availability and reasons from the Build; emits nothing."""
        vehicle = self.build.vehicle.id
        choices = self.build.choices
        for gid, section in self.sections.items():
            missing = self.missing(gid)
            note = ""
            if missing:
                name = section.group.name.get(self.lang.code)
                note = self.lang.tr(
                    "panel.no_part", group=name if self.lang.code == "zh" else name.lower()
                )
            section.note.setText(note)
            section.note.setVisible(missing)
            section.buttons.blockSignals(True)
            for oid, tile in section.tiles.items():
                tile.blockSignals(True)
                if missing:
                    tile.set_reason(note, self.lang)
                elif oid == choices[gid]:
                    tile.set_reason(None, self.lang)
                else:
                    why = self.catalog.why_not(vehicle, choices, gid, oid)
                    tile.set_reason(why.get(self.lang.code) if why else None, self.lang)
                tile.setChecked(oid == choices[gid])
                tile.blockSignals(False)
            section.buttons.blockSignals(False)
            section.value.setText(self.catalog.option(gid, choices[gid]).name.get(self.lang.code))
            section.tiles_host.updateGeometry()
