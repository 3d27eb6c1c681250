"""``snapshot desk --intake --user ct01``: the desk with the intake form open, filled in as a
call-taker would for a call about a place that already has an open case (so the possible
duplicates show), painted over the desk where the dialog stands."""
from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QPainter


def open_example(window):
    """Open the form and fill it in; None when the signed-in role may not report."""
    form = window.intake.open()
    if form is None:
        return None
    picture = window.session.picture
    near = min(picture.open_cases(), key=lambda c: (c.class_code[:3] != "E01", -c.created_at.timestamp()),
               default=None)
    form.phone.setText("13812345678")
    form.name.setText("李四" if window.context.lang == "zh" else "Li Si")
    form.pick_class(near.class_code if near is not None else "E0102")
    form.description.setPlainText("小区东门外垃圾堆积，已有异味" if window.context.lang == "zh"
                                  else "Rubbish piled outside the east gate, smelling")
    if near is not None:
        form.set_spot_from_map(near.lon, near.lat)
        form.duplicates.setCurrentRow(0)
    form.resize(760, 780)
    return form


def paint_over(image: QImage, window, form) -> QImage:
    """The dialog drawn onto the desk's image, centred as a window manager would place it."""
    shot = form.grab().toImage()
    at = QPoint((image.width() - shot.width()) // 2, max(0, (image.height() - shot.height()) // 2))
    painter = QPainter(image)
    painter.drawImage(at, shot)
    painter.end()
    return image
