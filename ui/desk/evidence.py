"""Evidence at the desk: Case → Add evidence (Ctrl+Shift+A) picks files and the phase they show,
writes each through ``service.attach``; the case panel's strip shows thumbnails, and a click opens
the viewer with the photo upright and its EXIF time and place next to the case's."""
from __future__ import annotations

import io

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QScrollArea, QVBoxLayout, QWidget,
)

from commandcenter.attachment_steps import ATTACH_ROLES
from commandcenter.attachments import PHASES, read_evidence, thumbnail_png, upright
from commandcenter.case import Status
from commandcenter.clock import local
from commandcenter.duplicates import distance_m
from widgets.evidence_strip import phase_name


def ask_evidence(parent: QWidget | None, lang: str, default_phase: str) -> tuple[list[str], str] | None:
    """Files to add and the phase they show; None when cancelled."""
    paths, _filter = QFileDialog.getOpenFileNames(
        parent, QCoreApplication.translate("DeskEvidence", "Add evidence"), "",
        QCoreApplication.translate("DeskEvidence", "Photos, video and audio (*.jpg *.jpeg *.png *.heic *.mp4 *.mov *.webm *.3gp *.m4a *.mp3 *.wav *.amr *.aac *.ogg)"))
    if not paths:
        return None
    names = [phase_name(p, lang) for p in PHASES]
    chosen, ok = QInputDialog.getItem(parent, QCoreApplication.translate("DeskEvidence", "Add evidence"), QCoreApplication.translate("DeskEvidence", "What do the files show?"), names,
                                      PHASES.index(default_phase), False)
    return (paths, PHASES[names.index(chosen)]) if ok else None


#: the photo a before/after comparison puts beside the clicked one
_COUNTERPART = {"before": ("after", "check"), "after": ("before",), "check": ("before",)}


def counterpart(event, events):
    """The newest photo of the other side of handling (处置前 ↔ 处置后/核查时), if any."""
    wanted = _COUNTERPART.get(event.payload.get("phase", ""), ())
    photos = [e for e in events if e.payload.get("phase") in wanted
              and str(e.payload.get("media_type", "")).startswith("image/")]
    return photos[-1] if photos else None


def show_evidence(parent: QWidget | None, data: bytes, event, case, context, other=None) -> QDialog:
    """The viewer: the photo upright, what it is, and its EXIF time and place beside the case's;
    ``other`` = (bytes, event) of the photo from the other side of handling, shown side by side
    (before on the left)."""
    dialog = QDialog(parent)
    dialog.setObjectName("evidence_viewer")
    p = event.payload
    dialog.setWindowTitle(QCoreApplication.translate("DeskEvidence", "Evidence: {name}").format(name=p.get("name", "")))
    layout = QVBoxLayout(dialog)
    if other is not None:
        pair = [(data, event), other]
        if p.get("phase") != "before":
            pair.reverse()
        row = QHBoxLayout()
        for blob, shown in pair:
            column = QVBoxLayout()
            caption = QLabel(phase_name(shown.payload.get("phase", "other"), context.lang) + " · "
                             + f"{local(shown.at):%m-%d %H:%M}", objectName="evidence_caption")
            column.addWidget(caption)
            column.addWidget(_picture(blob, shown, (640, 660)), 1)
            row.addLayout(column, 1)
        layout.addLayout(row, 1)
        dialog.setObjectName("evidence_compare")
    else:
        layout.addWidget(_picture(data, event, (1400, 900)), 1)
    info = QLabel(objectName="evidence_info")
    info.setTextFormat(Qt.TextFormat.PlainText)
    info.setWordWrap(True)
    lines = [QCoreApplication.translate("DeskEvidence", "{phase} · added by {who} at {at} · {size} KB · SHA-256 {hash}…").format(
        phase=phase_name(p.get("phase", "other"), context.lang), who=context.user_display_name(event.actor),
        at=f"{local(event.at):%Y-%m-%d %H:%M}", size=round(p.get("size", 0) / 1024), hash=p["sha256"][:12])]
    if p.get("taken_at"):
        lines.append(QCoreApplication.translate("DeskEvidence", "Taken (camera clock): {taken} · case reported: {reported}").format(
            taken=p["taken_at"].replace("T", " "), reported=f"{local(case.created_at):%Y-%m-%d %H:%M:%S}"))
    if p.get("photo_lon") is not None and case is not None:
        metres = distance_m(p["photo_lon"], p["photo_lat"], case.lon, case.lat)
        lines.append(QCoreApplication.translate("DeskEvidence", "Taken at {lon:.6f}, {lat:.6f}: {metres} m from the case's place").format(
            lon=p["photo_lon"], lat=p["photo_lat"], metres=round(metres)))
    info.setText("\n".join(lines))
    layout.addWidget(info)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(1000, 760)
    dialog.show()
    return dialog


def _picture(data: bytes, event, bounds) -> QWidget:
    p = event.payload
    picture = QLabel(objectName="evidence_picture")
    picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if str(p.get("media_type", "")).startswith("image/"):
        image = upright(data)
        image.thumbnail(bounds)
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG")
        pixmap = QPixmap()
        pixmap.loadFromData(out.getvalue())
        picture.setPixmap(pixmap)
    else:
        picture.setText(QCoreApplication.translate("DeskEvidence", "{type}, {kb} KB: open it with a media player").format(
            type=p.get("media_type", ""), kb=round(p.get("size", 0) / 1024)))
    scroll = QScrollArea()
    scroll.setWidget(picture)
    scroll.setWidgetResizable(True)
    return scroll


class EvidenceController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self._session = window.session
        self.viewer: QDialog | None = None

    def may_attach(self) -> bool:
        user = self._window.presenter.user
        return user is not None and user.role in ATTACH_ROLES

    def thumbnails(self, sha256: str, shown) -> None:
        store = self._session.store

        def thumb():
            data = store.blob(sha256)
            return thumbnail_png(data, 96) if data else None

        self._session.commands.read(thumb, lambda png, error: shown(png if error is None else None))

    def add_to_selected(self) -> None:
        presenter = self._window.presenter
        case = self._session.picture.cases.get(presenter.selected) if presenter.selected is not None else None
        if case is None or not self.may_attach():
            return
        default = {Status.HANDLING: "after", Status.CHECKING: "check"}.get(case.status, "report")
        answer = ask_evidence(self._window, self._window.context.lang, default)
        if answer is None:
            return
        paths, phase = answer
        service, actor = self._session.runtime.service, presenter.user.name

        def attach_all():
            checked = [read_evidence(path) for path in paths]   # one bad file: none is written
            last = None
            for evidence in checked:
                last = service.attach(actor, case.id, evidence, phase=phase)
            return last

        def done(result, error):
            if error is not None:
                presenter.sig_message.emit("error", self._session.commands.describe(error))
            else:
                presenter.sig_message.emit("info", self.tr("{n} file(s) added to case {number}.").format(
                    n=len(paths), number=result.number))

        self._session.commands.write(attach_all, done)

    def open(self, event) -> None:
        """The viewer for ``event``; a before or after photo opens beside its counterpart."""
        case = self._session.picture.cases.get(event.case_id)
        store = self._session.store
        other = counterpart(event, self._window.evidence_strip.events)

        def load():
            data = store.blob(event.payload["sha256"])
            return data, (store.blob(other.payload["sha256"]) if other is not None else None)

        def shown(result, error):
            if error is None and result[0] is not None:
                data, other_data = result
                pair = (other_data, other) if other_data is not None else None
                self.viewer = show_evidence(self._window, data, event, case, self._window.context, pair)

        self._session.commands.read(load, shown)
