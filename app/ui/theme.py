"""The showroom look: a dark, quiet palette with one warm accent, as a style sheet.

Sizes scale with ``scale`` (1.0 on a desktop; presentation mode passes a larger
factor derived from the screen) so touch targets grow with the screen.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

BG = "#0e0f11"  # window
PANEL = "#15171a"  # side panels
CARD = "#1c1f23"  # tiles, inputs
CARD_HOVER = "#252930"
LINE = "#2a2e34"
TEXT = "#e9e6e1"
MUTED = "#8d9096"
ACCENT = "#c8a46a"  # champagne gold: selection and the bespoke mark
ACCENT_SOFT = "#3a3124"
DANGER = "#c4574f"

#: Fonts tried in order; CJK fonts carry Latin glyphs too.
FONT_FAMILIES = [
    "Inter",
    "Noto Sans",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "DejaVu Sans",
]
CJK_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
]


def ui_font(point_size: float = 10.0) -> QFont:
    available = set(QFontDatabase.families())
    families = [f for f in FONT_FAMILIES if f in available]
    families += [f for f in CJK_FAMILIES if f in available and f not in families]
    font = QFont()
    if families:
        font.setFamilies(families)
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def presentation_scale() -> float:
    """Factor so that a 64 px target at 1080p scales with the screen's size and DPI."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return 1.6
    logical_h = screen.geometry().height()
    dpi_factor = screen.logicalDotsPerInch() / 96.0
    return max(1.6, 1.6 * max(logical_h / 1080.0, 1.0) * max(dpi_factor, 1.0))


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    pal = QPalette()
    for role, color in [
        (QPalette.ColorRole.Window, BG),
        (QPalette.ColorRole.Base, CARD),
        (QPalette.ColorRole.AlternateBase, PANEL),
        (QPalette.ColorRole.Text, TEXT),
        (QPalette.ColorRole.WindowText, TEXT),
        (QPalette.ColorRole.Button, CARD),
        (QPalette.ColorRole.ButtonText, TEXT),
        (QPalette.ColorRole.Highlight, ACCENT),
        (QPalette.ColorRole.HighlightedText, BG),
        (QPalette.ColorRole.ToolTipBase, CARD),
        (QPalette.ColorRole.ToolTipText, TEXT),
        (QPalette.ColorRole.PlaceholderText, MUTED),
    ]:
        pal.setColor(role, QColor(color))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(MUTED))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(MUTED))
    app.setPalette(pal)
    app.setFont(ui_font(10))
    app.setStyleSheet(style_sheet(1.0))


#: The smallest touch target in presentation mode at 1080p and 96 dpi (px).
TOUCH_TARGET = 64


def style_sheet(scale: float, touch: bool = False) -> str:
    """The style sheet at ``scale``; ``touch`` makes every button a touch target
    (at least TOUCH_TARGET px tall at 1080p, more on larger or denser screens)."""

    def px(v: float) -> str:
        return f"{round(v * scale)}px"

    button_min_h = px(20)
    if touch:
        target = round(TOUCH_TARGET * scale / 1.6)
        button_min_h = f"{target - 2 * round(6 * scale)}px"

    return f"""
QMainWindow, QWidget#central {{ background: {BG}; }}
QToolBar#headerBar {{ background: {BG}; border: none; padding: 0; spacing: 0; }}
QWidget {{ color: {TEXT}; }}
QToolTip {{ background: {CARD}; color: {TEXT}; border: 1px solid {LINE};
            padding: 6px 8px; border-radius: 6px; }}
QMenuBar {{ background: {BG}; color: {MUTED}; padding: 2px 6px; }}
QMenuBar::item:selected {{ background: {CARD}; color: {TEXT}; border-radius: 4px; }}
QMenu {{ background: {PANEL}; border: 1px solid {LINE}; padding: 6px; }}
QMenu::item {{ padding: 6px 24px 6px 14px; border-radius: 4px; }}
QMenu::item:selected {{ background: {CARD_HOVER}; }}
QMenu::item:disabled {{ color: {MUTED}; }}
QMenu::separator {{ height: 1px; background: {LINE}; margin: 6px 4px; }}
QDockWidget {{ color: {MUTED}; titlebar-close-icon: none; }}
QDockWidget::title {{ background: {PANEL}; padding: 8px 14px; text-align: left; }}
QWidget#panel {{ background: {PANEL}; }}
QScrollArea {{ background: {PANEL}; border: none; }}
QScrollArea > QWidget > QWidget {{ background: {PANEL}; }}
QScrollBar:vertical {{ background: transparent; width: {px(8)}; margin: 4px 2px; }}
QScrollBar::handle:vertical {{ background: {LINE}; border-radius: {px(3)}; min-height: 40px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
QLabel#brand {{ font-size: {px(15)}; font-weight: 600; letter-spacing: 3px; color: {TEXT}; }}
QLabel#brandSub {{ font-size: {px(11)}; color: {ACCENT}; letter-spacing: 1px; }}
QLabel#sectionTitle {{ font-size: {px(12)}; font-weight: 600; letter-spacing: 1px;
                       color: {TEXT}; }}
QLabel#sectionValue {{ font-size: {px(12)}; color: {MUTED}; }}
QLabel#summaryValue {{ font-size: {px(12)}; color: {TEXT}; }}
QLabel#muted {{ color: {MUTED}; font-size: {px(11)}; }}
QLabel#priceTotal {{ font-size: {px(22)}; font-weight: 600; color: {TEXT}; }}
QLabel#shareCode {{ font-family: "DejaVu Sans Mono", monospace; font-size: {px(14)};
                    letter-spacing: 2px; color: {ACCENT}; }}
QFrame#rule {{ background: {LINE}; max-height: 1px; min-height: 1px; border: none; }}
QPushButton, QToolButton {{
    background: {CARD}; border: 1px solid {LINE}; border-radius: {px(6)};
    padding: {px(6)} {px(12)}; color: {TEXT}; font-size: {px(12)};
    min-height: {button_min_h};
}}
QPushButton:hover, QToolButton:hover {{ background: {CARD_HOVER}; }}
QPushButton:pressed, QToolButton:pressed {{ background: {LINE}; }}
QPushButton:checked, QToolButton:checked {{
    background: {ACCENT_SOFT}; border-color: {ACCENT}; color: {TEXT};
}}
QPushButton:disabled, QToolButton:disabled {{ color: {MUTED}; border-color: {CARD}; }}
QPushButton#primary {{ background: {ACCENT}; color: {BG}; border: none; font-weight: 600; }}
QPushButton#primary:hover {{ background: #d8b57c; }}
QWidget#viewBar {{ background: rgba(14, 15, 17, 190); border: 1px solid {LINE};
                   border-radius: {px(10)}; }}
QWidget#viewBar QPushButton {{ background: transparent; border: none; border-radius: {px(6)};
                               padding: {px(6)} {px(12)}; color: {MUTED}; }}
QWidget#viewBar QPushButton:hover {{ color: {TEXT}; background: {CARD_HOVER}; }}
QWidget#viewBar QPushButton:checked {{ color: {BG}; background: {ACCENT}; }}
QFrame#fixOffer {{ background: {PANEL}; border: 1px solid {ACCENT}; border-radius: {px(8)}; }}
QLabel#fixReason {{ color: {DANGER}; }}
QWidget#overlay {{ background: rgba(14, 15, 17, 200); border: 1px solid {LINE};
                   border-radius: {px(12)}; }}
QLineEdit {{ background: {CARD}; border: 1px solid {LINE}; border-radius: {px(6)};
             padding: {px(6)} {px(8)}; selection-background-color: {ACCENT};
             font-size: {px(12)}; }}
QLineEdit:focus {{ border-color: {ACCENT}; }}
QComboBox {{ background: {CARD}; border: 1px solid {LINE}; border-radius: {px(6)};
             padding: {px(6)} {px(10)}; font-size: {px(12)}; min-height: {px(20)}; }}
QComboBox QAbstractItemView {{ background: {PANEL}; border: 1px solid {LINE};
                               selection-background-color: {CARD_HOVER}; }}
QStatusBar {{ background: {BG}; color: {MUTED}; }}
QStatusBar::item {{ border: none; }}
QSpinBox {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 4px; padding: 4px; }}
"""
