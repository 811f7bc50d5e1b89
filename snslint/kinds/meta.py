"""``meta``: checks on a queued post's metadata and attachments, not its words.

    match: {kind: meta, check: no_author}

Checks (accounts come from the configuration; a draft without metadata never matches):

* ``no_author`` — an official-account post with no ``author`` recorded;
* ``no_review`` — an official-account post with no ``reviewed_by``, or reviewed only by its author;
* ``working_hours`` — a personal-account post by a public servant scheduled in working hours;
* ``personal_disclaimer`` — a personal account whose profile names the organisation
  without saying that posts are personal views;
* ``gps_exif`` — an attached photo carrying GPS coordinates;
* ``attachment_unreadable`` — an attachment that is missing, outside the queue's folder,
  a directory, too large, or not an image that can be read.
"""

from __future__ import annotations

from pathlib import Path

from snslint.document import Candidate, Doc
from snslint.elements import ElementCompiler
from snslint.errors import SpecError

FIELDS = {"check"}
MAX_ATTACHMENT_BYTES = 50_000_000
MAX_IMAGE_PIXELS = 200_000_000
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".heic", ".gif", ".bmp"}
DISCLAIMERS = ("個人の見解", "個人の意見", "個人的な見解", "個人的な意見", "私見", "所属組織とは関係", "所属する組織の見解ではありません",
               "組織を代表するものではありません", "組織の見解ではありません", "会社の見解ではありません", "views are my own",
               "opinions are my own", "個人の考え")


def _meta_candidate(detail: str | None = None) -> Candidate:
    return Candidate(0, 0, 0, 0, detail=detail)


def _account(doc: Doc):
    name = doc.meta.get("account")
    if not isinstance(name, str):
        return None
    return doc.settings.accounts.get(name)


def no_author(doc: Doc):
    acc = _account(doc)
    if acc is not None and acc.kind == "official" and not _filled(doc.meta.get("author")):
        yield _meta_candidate()


def no_review(doc: Doc):
    acc = _account(doc)
    if acc is None or acc.kind != "official":
        return
    reviewer = doc.meta.get("reviewed_by")
    author = doc.meta.get("author")
    if not _filled(reviewer):
        yield _meta_candidate("reviewed_by がありません")
    elif _filled(author) and str(reviewer).strip() == str(author).strip():
        yield _meta_candidate(f"確認者 {reviewer} が投稿者本人です")


def working_hours(doc: Doc):
    acc = _account(doc)
    if acc is None or acc.kind != "personal" or acc.role != "public_servant":
        return
    when = doc.meta.get("scheduled_at")
    if when is None:
        return
    at = doc.settings.local_time(when)
    if at is None:
        yield _meta_candidate(f"scheduled_at {when!r} を日時として読めません")
        return
    if acc.hours.is_working(at):
        yield _meta_candidate(f"予約日時 {at:%Y-%m-%d %H:%M} は勤務時間内です")


def personal_disclaimer(doc: Doc):
    acc = _account(doc)
    if acc is None or acc.kind != "personal" or not acc.profile:
        return
    names = [n for n in doc.settings.organisation_names(acc) if n and n in acc.profile]
    if names and not any(d in acc.profile for d in DISCLAIMERS):
        yield _meta_candidate(f"プロフィールに「{names[0]}」とあります")


def _attachments(doc: Doc):
    items = doc.meta.get("attachments")
    if items is None:
        return []
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list):
        return [(None, "attachments はパスのリストで書いてください")]
    base = Path(doc.meta_base) if doc.meta_base else Path.cwd()
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            out.append((None, f"添付 {item!r} はパスではありません"))
            continue
        out.append(_resolve(base, item))
    return out


def _resolve(base: Path, item: str):
    try:
        root = base.resolve()
        target = (base / item).resolve()
    except (OSError, RuntimeError):
        return None, f"{item}: パスを解決できません"
    if root != target and root not in target.parents:
        return None, f"{item}: キューのフォルダの外を指しています"
    if not target.exists():
        return None, f"{item}: ファイルがありません"
    if target.is_dir():
        return None, f"{item}: ディレクトリです"
    try:
        size = target.stat().st_size
    except OSError as exc:
        return None, f"{item}: 読めません({exc.strerror})"
    if size > MAX_ATTACHMENT_BYTES:
        return None, f"{item}: 大きすぎます({size:,} バイト、上限 {MAX_ATTACHMENT_BYTES:,})"
    return (item, target), None


def _gps(path: Path):
    """(latitude, longitude) from a photo's EXIF, None when absent; raises OSError/ValueError."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with Image.open(path) as img:
        exif = img.getexif()
        gps = exif.get_ifd(0x8825) if exif else {}
    if not gps or 2 not in gps or 4 not in gps:
        return None

    def degrees(value, ref) -> float:
        d, m, s = (float(x) for x in value)
        sign = -1 if str(ref).upper() in ("S", "W") else 1
        return sign * (d + m / 60 + s / 3600)

    return degrees(gps[2], gps.get(1, "N")), degrees(gps[4], gps.get(3, "E"))


def _image_check(doc: Doc):
    """Each readable image attachment with its GPS (or None), and the unreadable ones."""
    key = ("meta", "images")
    if key in doc.cache:
        return doc.cache[key]
    located, unreadable = [], []
    for resolved, problem in _attachments(doc):
        if problem:
            unreadable.append(problem)
            continue
        item, target = resolved
        if target.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        try:
            where = _gps(target)
        except Exception as exc:  # Pillow raises many types for broken files
            unreadable.append(f"{item}: 画像として読めません({type(exc).__name__})")
            continue
        if where is not None:
            located.append((item, where))
    doc.cache[key] = (located, unreadable)
    return located, unreadable


def gps_exif(doc: Doc):
    located, _ = _image_check(doc)
    for item, (lat, lon) in located:
        ns = "北緯" if lat >= 0 else "南緯"
        ew = "東経" if lon >= 0 else "西経"
        yield _meta_candidate(f"{item}: {ns}{abs(lat):.1f}度 {ew}{abs(lon):.1f}度付近")


def attachment_unreadable(doc: Doc):
    _, unreadable = _image_check(doc)
    for problem in unreadable:
        yield _meta_candidate(problem)


CHECKS = {
    "no_author": no_author,
    "no_review": no_review,
    "working_hours": working_hours,
    "personal_disclaimer": personal_disclaimer,
    "gps_exif": gps_exif,
    "attachment_unreadable": attachment_unreadable,
}


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


class Matcher:
    requires = None  # metadata, not text: checked on every post

    def __init__(self, check) -> None:
        self.check = check

    def find(self, doc: Doc) -> list[Candidate]:
        if not doc.meta:
            return []
        return list(self.check(doc))


def compile(spec: dict, elements: ElementCompiler, where: str) -> Matcher:
    check = spec.get("check")
    if check not in CHECKS:
        raise SpecError(f"{where}.check", f"は {', '.join(CHECKS)} のいずれかです")
    return Matcher(CHECKS[check])

