"""Merging two open cases at the desk (合并, Ctrl+M, shift leaders): the selected case is closed
as merged into the one the shift leader picks — offered first are the open cases of the same
big class nearby — and both histories stay."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QInputDialog, QWidget

from commandcenter.duplicates import MERGE_ROLES, DuplicateIndex, DuplicateRule

#: how far the merge dialog looks for the case to keep (wider than intake's duplicate check)
MERGE_RULE = DuplicateRule(radius_m=500, window_h=24 * 30)


def ask_merge_target(parent: QWidget | None, case_label: str, choices: list[str]) -> str | None:
    """The case to keep, picked from ``choices`` or typed as a case number; None when cancelled."""
    text, ok = QInputDialog.getItem(
        parent, QCoreApplication.translate("DeskMerge", "Merge cases"),
        QCoreApplication.translate("DeskMerge", "Close {case} as merged into which open case?\n"
                                                "Pick a nearby case or type its number:").format(case=case_label),
        choices, 0, True)
    text = text.strip()
    return text if ok and text else None


class MergeController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self._session = window.session

    def may_merge(self) -> bool:
        user = self._window.presenter.user
        return user is not None and user.role in MERGE_ROLES

    def merge_selected(self) -> None:
        presenter, picture = self._window.presenter, self._session.picture
        case = picture.cases.get(presenter.selected) if presenter.selected is not None else None
        if not self.may_merge() or case is None:
            return
        cx, catalog = self._window.context, self._session.runtime.catalog
        index = DuplicateIndex(picture.open_cases(), catalog, MERGE_RULE)
        nearby = [c.case for c in index.find(case.class_code, case.lon, case.lat, picture.now())
                  if c.case.id != case.id]
        choices = [f"{c.number} · {cx.class_name(c.class_code)} · {cx.place_name(c)}" for c in nearby]
        answer = ask_merge_target(self._window, case.number, choices)
        if answer is None:
            return
        number = answer.split(" ", 1)[0]
        survivor = next((c for c in picture.cases.values() if c.number == number), None)
        if survivor is None:
            presenter.sig_message.emit("error", self.tr("No open case {number} on this desk.").format(number=number))
            return
        service, actor = self._session.runtime.service, presenter.user.name

        def done(result, error):
            if error is not None:
                presenter.sig_message.emit("error", self._session.commands.describe(error))
                return
            kept, merged = result
            presenter.sig_message.emit("info", self.tr("Case {merged} merged into {kept}.").format(
                merged=merged.number, kept=kept.number))
            presenter.select_case(kept.id)

        self._session.commands.write(lambda: service.merge(actor, survivor.id, case.id), done)
