"""The answer to a tap on a forbidden option: the reason, in place, and the fix.

"Remove Gold lightning and choose Golden Pink Matte?" — Yes applies both changes as
one undo step (``BuildSession.fix_for`` finds the fewest changes the rules need);
No or a tap elsewhere leaves the build. Where nothing would make the option possible
(another vehicle's option), the card says only why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from livery.catalog import BuildError, BuildState, Catalog
from livery.ui.i18n import Language
from livery.ui.placement import popup_position


def fix_question(
    catalog: Catalog, lang: Language, before: dict[str, str], fix: BuildState, group_id: str
) -> str:
    """The question that names every change of ``fix`` and the option chosen."""
    code = lang.code
    changes = []
    for g in catalog.groups:
        new = fix.choices[g.id]
        if g.id == group_id or new == before[g.id]:
            continue
        group = g.name.get(code)
        group = group.lower() if code == "en" else group
        if new == "none":
            old_name = catalog.option(g.id, before[g.id]).name.get(code)
            changes.append(lang.tr("fix.remove", group=group, name=old_name))
        else:
            name = catalog.option(g.id, new).name.get(code)
            changes.append(lang.tr("fix.change", group=group, name=name))
    chosen = catalog.option(group_id, fix.choices[group_id]).name.get(code)
    text = lang.tr("fix.question", changes=lang.tr("fix.and").join(changes), name=chosen)
    return text[:1].upper() + text[1:]


class FixOffer(QFrame):
    """A pop-up card by the tapped tile: the reason, the question and Yes / No."""

    accepted = Signal(object)  # the BuildState to apply

    def __init__(
        self, reason: str, question: str | None, fix: BuildState | None, lang: Language,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("fixOffer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.fix = fix
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        self.reason = QLabel(reason, self)
        self.reason.setObjectName("fixReason")
        self.reason.setWordWrap(True)
        lay.addWidget(self.reason)
        self.question = QLabel(question or "", self)
        self.question.setWordWrap(True)
        self.question.setVisible(question is not None)
        lay.addWidget(self.question)
        row = QHBoxLayout()
        row.addStretch(1)
        self.no_button = QPushButton(lang.tr("fix.no" if fix else "fix.ok"), self)
        self.no_button.clicked.connect(self.close)
        row.addWidget(self.no_button)
        self.yes_button = QPushButton(lang.tr("fix.yes"), self)
        self.yes_button.setObjectName("primary")
        self.yes_button.setVisible(fix is not None)
        self.yes_button.clicked.connect(self._yes)
        row.addWidget(self.yes_button)
        lay.addLayout(row)
        self.setMaximumWidth(420)

    def _yes(self) -> None:
        self.accepted.emit(self.fix)
        self.close()


def offer_fix(window: Any, group_id: str, option_id: str) -> FixOffer:
    """Show the reason ``option_id`` can't be picked by its tile, and offer the fix."""
    session, lang, panel = window.session, window.lang, window.panel
    tile = panel.tile(group_id, option_id)
    fix = session.fix_for(group_id, option_id)
    question = None
    if fix is not None:
        question = fix_question(session.catalog, lang, dict(session.build.choices), fix, group_id)
    card = FixOffer(tile.reason or "", question, fix, lang, window)
    card.accepted.connect(lambda state: _apply(window, state))
    card.adjustSize()
    card.move(popup_position(tile, card.sizeHint()))
    card.show()
    window.fix_offer = card  # for scripts and tests
    return card


def _apply(window: Any, state: BuildState) -> None:
    try:
        window.session.apply(state, action="pick")  # both changes: one undo step
    except BuildError as e:
        window.show_message("msg.bad_pick", str(e))
