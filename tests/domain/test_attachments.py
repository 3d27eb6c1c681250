"""Evidence attachments (附件) on SQLite and PostgreSQL: the bytes come back as stored, by hash,
once per content; the event is in the log with who, when, phase, size and type; EXIF time,
position and orientation are read; bad files are refused by name and change nothing."""
from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from commandcenter.attachments import read_evidence, thumbnail_png, upright
from commandcenter.errors import IllegalTransition, PermissionDenied, ValidationError
from commandcenter.messages import render
from commandcenter.verify import verify_chain, verify_history
from commandcenter.workflow import fold
from tests.world import FakeClock, build_world, cell_point


def photo_bytes(width=64, height=32, orientation=None, taken="2026:11:24 09:41:05", gps=None, fmt="JPEG"):
    image = Image.new("RGB", (width, height), (200, 30, 30))
    for x in range(width // 2):   # a mark in the left half, to see the turn
        for y in range(height):
            image.putpixel((x, y), (20, 20, 220))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    if gps:
        lon, lat = gps
        exif.get_ifd(0x8825).update({1: "N", 2: _dms(lat), 3: "E", 4: _dms(lon)})
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes()) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def _dms(value: float):
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 4)
    return (float(d), float(m), s)


@pytest.fixture
def rt(db_url):
    return build_world(db_url, clock=FakeClock())


def new_case(rt):
    lon, lat = cell_point(0)
    return rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="垃圾")


def test_a_photo_round_trips_with_its_event(rt, tmp_path):
    case = new_case(rt)
    data = photo_bytes(gps=(116.8006, 39.5995))
    path = tmp_path / "现场.jpg"
    path.write_bytes(data)
    after = rt.service.attach("sup", case.id, path, phase="report")
    assert after.version == case.version + 1 and after.status is case.status
    event = rt.store.events_of_case(case.id)[-1]
    digest = hashlib.sha256(data).hexdigest()
    assert event.type == "attach" and event.actor == "sup"
    assert event.payload["sha256"] == digest and event.payload["size"] == len(data)
    assert event.payload["media_type"] == "image/jpeg" and event.payload["phase"] == "report"
    assert event.payload["name"] == "现场.jpg" and event.payload["taken_at"] == "2026-11-24T09:41:05"
    assert event.payload["photo_lon"] == pytest.approx(116.8006, abs=1e-5)
    assert event.payload["photo_lat"] == pytest.approx(39.5995, abs=1e-5)
    assert rt.store.blob(digest) == data
    assert fold(rt.store.events_of_case(case.id)) == rt.store.case(case.id)
    assert verify_chain(rt.store).ok and verify_history(rt.store).ok


def test_the_same_file_twice_is_stored_once(rt, tmp_path):
    case = new_case(rt)
    path = tmp_path / "a.png"
    path.write_bytes(photo_bytes(fmt="PNG", taken=None))
    rt.service.attach("sup", case.id, path)
    rt.service.attach("taker", case.id, path, phase="other")
    with rt.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM attachment_blobs").scalar() == 1
    assert [e.type for e in rt.store.events_of_case(case.id)].count("attach") == 2


def test_video_and_audio_are_accepted_by_their_signature(rt, tmp_path):
    case = new_case(rt)
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(2000))
    audio = tmp_path / "call.wav"
    audio.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(2000))
    rt.service.attach("sup", case.id, video, phase="before")
    rt.service.attach("sup", case.id, audio, phase="before")
    types = [e.payload["media_type"] for e in rt.store.events_of_case(case.id) if e.type == "attach"]
    assert types == ["video/mp4", "audio/wav"]


@pytest.mark.parametrize("name, content, reason, words", [
    ("notes.jpg", b"this is not a picture at all", "not_an_image", "not an image"),
    ("cut.jpg", None, "damaged_image", "damaged or truncated"),
    ("report.pdf", b"%PDF-1.4 ...", "wrong_file_type", "not a photo, video or audio"),
    ("clip.mp4", b"just some text, no video", "not_media", "not the video/mp4"),
    ("empty.png", b"", "empty_file", "empty"),
])
def test_bad_files_are_refused_by_name_and_change_nothing(rt, tmp_path, name, content, reason, words):
    case = new_case(rt)
    path = tmp_path / name
    path.write_bytes(photo_bytes()[:300] if content is None else content)
    with pytest.raises(ValidationError) as refused:
        rt.service.attach("sup", case.id, path)
    assert refused.value.reason == reason
    sentence = render(refused.value, "en")
    assert name in sentence and words in sentence
    assert rt.store.case(case.id).version == case.version
    with rt.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM attachment_blobs").scalar() == 0


def test_a_missing_path_and_a_file_over_the_limit_are_refused(rt, tmp_path):
    case = new_case(rt)
    with pytest.raises(ValidationError) as missing:
        rt.service.attach("sup", case.id, tmp_path / "nowhere.jpg")
    assert missing.value.reason == "no_such_file" and "nowhere.jpg" in render(missing.value, "zh")
    big = tmp_path / "big.jpg"
    with open(big, "wb") as out:
        out.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(ValidationError) as too_big:
        rt.service.attach("sup", case.id, big)
    assert too_big.value.reason == "file_too_large" and "50 MB" in render(too_big.value, "en")
    assert rt.store.case(case.id).version == case.version


def test_who_may_attach(rt, tmp_path):
    case = new_case(rt)
    path = tmp_path / "a.jpg"
    path.write_bytes(photo_bytes())
    with pytest.raises(PermissionDenied):
        rt.service.attach("boss", case.id, path)          # leaders watch, they add nothing
    with pytest.raises(PermissionDenied):
        rt.service.attach("cg", case.id, path)            # not dispatched to this department
    rt.service.act("taker", case.id, "reject", reason="重复")
    with pytest.raises(IllegalTransition):
        rt.service.attach("sup", case.id, path)


def test_exif_orientation_is_honoured():
    turned = photo_bytes(64, 32, orientation=6)          # camera held upright: 90° clockwise
    assert upright(turned).size == (32, 64)
    thumb = Image.open(io.BytesIO(thumbnail_png(turned)))
    assert thumb.height > thumb.width
    assert read_evidence.__name__   # the reader is the service's door (checked above)


def test_a_heic_photo_from_a_phone_is_accepted(rt, tmp_path):
    """pillow-heif (the maintained libheif binding) is installed with the test extra."""
    image = Image.new("RGB", (48, 64), (10, 200, 30))
    out = io.BytesIO()
    image.save(out, "HEIF")
    path = tmp_path / "IMG_0001.HEIC"
    path.write_bytes(out.getvalue())
    case = new_case(rt)
    rt.service.attach("sup", case.id, path, phase="report")
    event = rt.store.events_of_case(case.id)[-1]
    assert event.payload["media_type"] == "image/heic"
    assert Image.open(io.BytesIO(thumbnail_png(rt.store.blob(event.payload["sha256"])))).size == (48, 64)
