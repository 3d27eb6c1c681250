"""Evidence attachments (附件): photos, short videos and audio recordings added to a case at any
step (at report, before and after handling 处置前/处置后, at the on-site check).

A file is read and checked before anything is written: it must exist, be at most
:data:`MAX_BYTES`, and be what its content says — a photo that Pillow decodes completely (JPEG,
PNG; HEIC when ``pillow-heif`` is installed), or a video/audio container recognised by its
signature. Its bytes are stored once per SHA-256 (content-addressed) in the shared database,
and an ``attach`` event names the hash, size, type, file name, phase, who and when, in the same
transaction. A photo's EXIF time and GPS position are kept in the event, to be shown next to the
case's own; thumbnails honour the EXIF orientation (``ImageOps.exif_transpose``)."""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ValidationError

MAX_BYTES = 50 * 1024 * 1024
THUMB_PX = 160
#: when a file was taken: at report, before handling, after handling, at the on-site check, other
PHASES = ("report", "before", "after", "check", "other")

try:   # HEIC photos from phones, when the maintained libheif binding is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIC = True
except ImportError:   # pragma: no cover - depends on the machine
    HEIC = False

_PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "HEIF": "image/heic"}
_EXTENSIONS = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".heic": "image/heic",
               ".heif": "image/heic", ".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm",
               ".3gp": "video/3gpp", ".m4a": "audio/mp4", ".mp3": "audio/mpeg", ".wav": "audio/wav",
               ".amr": "audio/amr", ".aac": "audio/aac", ".ogg": "audio/ogg"}


@dataclass(frozen=True)
class Evidence:
    """A checked file, ready to store."""

    name: str
    data: bytes
    sha256: str
    media_type: str
    taken_at: str | None = None          # EXIF DateTimeOriginal, as written in the photo (local time)
    lon: float | None = None             # EXIF GPS position (WGS84 as the camera gives it)
    lat: float | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def kind(self) -> str:
        return self.media_type.split("/", 1)[0]

    def payload(self, phase: str) -> dict:
        payload = {"sha256": self.sha256, "size": self.size, "media_type": self.media_type, "name": self.name,
                   "phase": phase}
        if self.taken_at:
            payload["taken_at"] = self.taken_at
        if self.lon is not None and self.lat is not None:
            payload.update(photo_lon=self.lon, photo_lat=self.lat)
        return payload


def read_evidence(path: str | Path, max_bytes: int = MAX_BYTES) -> Evidence:
    """Read and check the file at ``path``; a ValidationError names the file and the problem."""
    path = Path(path)
    name = path.name   # messages cut long values: the file's own name is what the user recognises
    if not path.is_file():
        raise ValidationError("attachment", name, f"no such file in {path.parent}", reason="no_such_file",
                              folder=str(path.parent))
    size = path.stat().st_size
    if size > max_bytes:
        raise ValidationError("attachment", name, "too large", reason="file_too_large",
                              size_mb=round(size / 1048576, 1), limit_mb=round(max_bytes / 1048576))
    return check_evidence(path.name, path.read_bytes(), max_bytes, shown_as=name)


def check_evidence(name: str, data: bytes, max_bytes: int = MAX_BYTES, *, shown_as: str | None = None) -> Evidence:
    shown_as = shown_as or name
    if len(data) > max_bytes:
        raise ValidationError("attachment", shown_as, "too large", reason="file_too_large",
                              size_mb=round(len(data) / 1048576, 1), limit_mb=round(max_bytes / 1048576))
    if not data:
        raise ValidationError("attachment", shown_as, "empty file", reason="empty_file")
    expected = _EXTENSIONS.get(Path(name).suffix.lower())
    if expected is None:
        raise ValidationError("attachment", shown_as, "not a photo, video or audio file", reason="wrong_file_type",
                              allowed=", ".join(sorted({e.lstrip('.') for e in _EXTENSIONS})))
    digest = hashlib.sha256(data).hexdigest()
    if expected.startswith("image/"):
        media_type, taken_at, lon, lat = _check_photo(shown_as, data, expected)
        return Evidence(Path(name).name, data, digest, media_type, taken_at, lon, lat)
    found = _container_type(data)
    if found is None or found.split("/")[0] != expected.split("/")[0] and not (
            found == "video/mp4" and expected.startswith("audio/")):
        raise ValidationError("attachment", shown_as, "content does not match its type", reason="not_media",
                              expected=expected)
    return Evidence(Path(name).name, data, digest, expected)


def _check_photo(shown_as: str, data: bytes, expected: str):
    if expected == "image/heic" and not HEIC:
        raise ValidationError("attachment", shown_as, "HEIC needs pillow-heif", reason="heic_unsupported")
    try:
        with Image.open(io.BytesIO(data)) as image:
            media_type = _PHOTO_FORMATS.get(image.format or "")
            exif = image.getexif()
            image.load()                # decodes every pixel: a truncated file fails here
    except UnidentifiedImageError:
        raise ValidationError("attachment", shown_as, "not an image", reason="not_an_image") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError("attachment", shown_as, f"damaged image ({error})", reason="damaged_image") from None
    if media_type is None:
        raise ValidationError("attachment", shown_as, "not a JPEG, PNG or HEIC photo", reason="wrong_file_type",
                              allowed="jpg, png" + (", heic" if HEIC else ""))
    taken_at = _exif_time(exif)
    lon, lat = _exif_position(exif)
    return media_type, taken_at, lon, lat


def _container_type(data: bytes) -> str | None:
    head = data[:16]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return "audio/mp4"
        if brand == b"qt  ":
            return "video/quicktime"
        if brand.startswith(b"3gp"):
            return "video/3gpp"
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head.startswith(b"#!AMR"):
        return "audio/amr"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    return None


def _exif_time(exif) -> str | None:
    try:
        value = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)   # DateTimeOriginal, else DateTime
    except Exception:   # a malformed EXIF block never stops the photo
        return None
    if not value:
        return None
    try:
        return datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return None


def _exif_position(exif) -> tuple[float | None, float | None]:
    try:
        gps = exif.get_ifd(0x8825)
        if not gps or 2 not in gps or 4 not in gps:
            return None, None
        lat = _degrees(gps[2]) * (-1 if str(gps.get(1, "N")).upper().startswith("S") else 1)
        lon = _degrees(gps[4]) * (-1 if str(gps.get(3, "E")).upper().startswith("W") else 1)
    except Exception:
        return None, None
    return round(lon, 7), round(lat, 7)


def _degrees(value) -> float:
    d, m, s = (float(x) for x in value)
    return d + m / 60 + s / 3600


def upright(data: bytes) -> Image.Image:
    """The photo as the camera held it (EXIF orientation applied)."""
    image = Image.open(io.BytesIO(data))
    return ImageOps.exif_transpose(image)


def thumbnail_png(data: bytes, size: int = THUMB_PX) -> bytes:
    """A small upright PNG of a photo, for the case panel."""
    image = upright(data)
    image.thumbnail((size, size))
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG")
    return out.getvalue()


MESSAGES = {
    "no_such_file": ("no such file in {folder}", "{folder} 中没有这个文件"),
    "file_too_large": ("{size_mb} MB, more than the {limit_mb} MB allowed", "{size_mb} MB，超过上限 {limit_mb} MB"),
    "empty_file": ("the file is empty", "文件为空"),
    "wrong_file_type": ("not a photo, video or audio file (allowed: {allowed})",
                        "不是照片、视频或录音文件（允许：{allowed}）"),
    "not_media": ("the content is not the {expected} its name says", "文件内容不是扩展名所示的 {expected}"),
    "not_an_image": ("not an image", "不是图片"),
    "damaged_image": ("damaged or truncated image", "图片已损坏或不完整"),
    "heic_unsupported": ("HEIC photos need the pillow-heif package", "HEIC 照片需要安装 pillow-heif"),
    "bad_phase": ("unknown phase (report, before, after, check, other)", "未知的阶段（上报、处置前、处置后、核查、其他）"),
}


def copy_attachments(source, target, events) -> int:
    """Copy the files the ``attach`` events point at from store ``source`` to ``target`` (a
    training sandbox gets the evidence of the history it was given); returns how many."""
    from .clock import utc_now

    wanted = {e.payload["sha256"]: e for e in events if e.type == "attach"}
    copied = 0
    for sha256, event in wanted.items():
        data = source.blob(sha256)
        if data is None:
            continue
        with target.transaction() as tx:
            tx.put_blob(sha256, event.payload.get("media_type", "application/octet-stream"), data, utc_now(),
                        event.actor)
        copied += 1
    return copied
