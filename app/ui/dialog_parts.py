"""Pieces every form dialog of the app ends with: an error line and the buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from livery.ui import theme


def error_label(parent: QWidget, name: str) -> QLabel:
    """A hidden, wrapping label in the theme's danger colour, for a form's error."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(f"color: {theme.DANGER};")
    label.setWordWrap(True)
    label.hide()
    return label


def add_form_footer(
    dialog: QDialog,
    form: QFormLayout,
    *,
    error_name: str,
    cancel_text: str,
    ok_text: str,
    on_ok: Callable[[], object],
) -> tuple[QLabel, QPushButton]:
    """Append the error line and a Cancel / primary button row to ``form``."""
    error = error_label(dialog, error_name)
    form.addRow(error)
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = QPushButton(cancel_text, dialog)
    cancel.clicked.connect(dialog.reject)
    ok = QPushButton(ok_text, dialog)
    ok.setObjectName("primary")
    ok.setDefault(True)
    ok.clicked.connect(on_ok)
    row.addWidget(cancel)
    row.addWidget(ok)
    form.addRow(row)
    return error, ok
