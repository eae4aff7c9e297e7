"""Help > About: the version, the catalog's version, and who made what the app stands on."""

from __future__ import annotations

import html
import platform
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

import livery
from livery import credits


def about_html(tr: Callable[..., str], catalog_version: str) -> str:
    """The dialog's text (also what the tests read)."""
    from PySide6 import __version__ as pyside_version

    def esc(text: str) -> str:
        return html.escape(text, quote=False)

    def row(c: credits.Component) -> str:
        cells = (c.distribution, credits.installed_version(c.distribution) or "-")
        cells += (credits.licence_of(c), c.purpose)
        return "<tr>" + "".join(f"<td>{esc(x)}</td>" for x in cells) + "</tr>"

    rows = "".join(row(c) for c in credits.COMPONENTS)
    models = "".join(
        f"<li>“{esc(m.title)}” by {esc(m.author)}, {esc(m.licence)} "
        f"(<a href='{esc(m.source)}'>source</a>)</li>"
        for m in credits.TEST_MODELS
    )
    return (
        f"<h2>Livery Studio</h2>"
        f"<p>{esc(tr('about.version', version=livery.__version__))} · "
        f"{esc(tr('about.catalog', version=catalog_version))}</p>"
        f"<p><b>{esc(tr('about.runtime'))}</b>: Python {platform.python_version()}, "
        f"Qt / PySide6 {pyside_version}, VTK {credits.installed_version('vtk') or '-'}, "
        f"{esc(platform.system())} {esc(platform.machine())}</p>"
        f"<h3>{esc(tr('about.components'))}</h3>"
        f"<table cellspacing='0' cellpadding='3'>{rows}</table>"
        f"<h3>{esc(tr('about.models'))}</h3><ul>{models}</ul>"
    )


class AboutDialog(QDialog):
    def __init__(
        self, tr: Callable[..., str], catalog_version: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("action.about"))
        self.setWindowIcon(QIcon(str(livery.ICON)))
        layout = QVBoxLayout(self)
        logo = QLabel()
        logo.setPixmap(QIcon(str(livery.ICON)).pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(logo)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(tr, catalog_version))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("about.close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)
