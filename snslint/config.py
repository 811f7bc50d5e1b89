"""Project configuration: discovery, strict validation, defaults.

``.snslint.yaml`` (or ``[tool.snslint]`` in ``pyproject.toml``) is looked for from the
checked file's folder upwards (the working directory for stdin). ``--config`` names
one explicitly; ``--isolated`` ignores any. Unknown keys and bad values are refused
with the file and the key named.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from snslint.errors import PackError

CONFIG_NAMES = (".snslint.yaml", ".snslint.yml", "pyproject.toml")
SEVERITY_NAMES = ("info", "warning", "error")
FAIL_ON = (*SEVERITY_NAMES, "never")
ACCOUNT_KINDS = ("official", "personal")
ROLES = ("public_servant", "employee", "union_staff", "other")
# how kinds and roles are named to users (snslint explain)
ACCOUNT_LABELS = {
    "official": "公式アカウント", "personal": "個人アカウント", "public_servant": "公務員",
    "employee": "従業員", "union_staff": "組合職員", "other": "その他",
}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

_KEYS = {
    "policies", "select", "ignore", "severity", "fail-on", "min-severity", "rules-dirs",
    "timezone", "working-hours", "organisation", "accounts", "allow",
}
_ACCOUNT_KEYS = {"kind", "role", "profile", "working-hours", "organisation"}
_HOURS_KEYS = {"start", "end", "days", "holidays"}
_ALLOW_KEYS = {"text", "rules", "reason"}


@dataclass
class WorkingHours:
    start: dt.time = dt.time(8, 30)
    end: dt.time = dt.time(17, 15)
    days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday..Friday
    holidays: frozenset[dt.date] = frozenset()

    def is_working(self, at: dt.datetime) -> bool:
        if at.weekday() not in self.days or at.date() in self.holidays:
            return False
        return self.start <= at.time() < self.end


@dataclass
class Account:
    id: str
    kind: str  # official | personal
    role: str = "other"
    profile: str = ""
    hours: WorkingHours = field(default_factory=WorkingHours)
    organisation: list[str] = field(default_factory=list)


@dataclass
class Allow:
    text: str
    rules: list[str]
    reason: str


@dataclass
class Settings:
    path: str | None = None
    policies: list[str] | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    min_severity: str | None = None
    rules_dirs: list[Path] = field(default_factory=list)
    timezone: str = "Asia/Tokyo"
    hours: WorkingHours = field(default_factory=WorkingHours)
    organisation: list[str] = field(default_factory=list)
    accounts: dict[str, Account] = field(default_factory=dict)
    allow: list[Allow] = field(default_factory=list)

    def local_time(self, value) -> dt.datetime | None:
        """A ``scheduled_at`` value as a time in the configured zone (naive = that zone)."""
        from zoneinfo import ZoneInfo

        if isinstance(value, dt.datetime):
            at = value
        elif isinstance(value, str):
            try:
                at = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                return None
        else:
            return None
        zone = ZoneInfo(self.timezone)
        return at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)

    def organisation_names(self, account: Account) -> list[str]:
        return account.organisation or self.organisation


def find_config(start: Path) -> Path | None:
    """The nearest config file from ``start`` (a file or folder) upwards."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for d in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = d / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_section(candidate):
                    continue
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "snslint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load_config(path: Path) -> Settings:
    p = str(path)
    try:
        raw_text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PackError(p, f"設定ファイルを読めません: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PackError(p, "設定ファイルが UTF-8 ではありません") from None
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(raw_text).get("tool", {}).get("snslint", {})
        except tomllib.TOMLDecodeError as exc:
            raise PackError(p, f"TOML の誤り: {exc}") from None
    else:
        import yaml  # here: most runs have no configuration file to read

        try:
            data = yaml.safe_load(raw_text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{mark.line + 1}行: " if mark else ""
            raise PackError(p, f"YAML の誤り: {where}{getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PackError(p, "設定は「キー: 値」の対応表で書いてください")
    return _settings(data, path)


def _err(path: Path, key: str, message: str) -> PackError:
    return PackError(str(path), f"{key}: {message}")


def _str_list(data: dict, key: str, path: Path) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _err(path, key, "文字列のリストで書いてください")
    return list(value)


def _choice(value, key: str, choices, path: Path) -> str:
    if value not in choices:
        raise _err(path, key, f"{value!r} は使えません({', '.join(choices)} のいずれか)")
    return value


def _time(value, key: str, path: Path) -> dt.time:
    if isinstance(value, int) and not isinstance(value, bool):  # YAML reads 08:30 as sexagesimal
        value = f"{value // 60:02d}:{value % 60:02d}"
    m = _TIME.match(str(value)) if isinstance(value, str | int) else None
    if not m:
        raise _err(path, key, f"{value!r} は「HH:MM」で書いてください")
    return dt.time(int(m.group(1)), int(m.group(2)))


def _hours(data, key: str, path: Path, default: WorkingHours) -> WorkingHours:
    if data is None:
        return default
    if not isinstance(data, dict):
        raise _err(path, key, "start, end, days, holidays の対応表で書いてください")
    unknown = set(data) - _HOURS_KEYS
    if unknown:
        raise _err(path, f"{key}.{sorted(unknown)[0]}", "不明なキーです")
    start = _time(data["start"], f"{key}.start", path) if "start" in data else default.start
    end = _time(data["end"], f"{key}.end", path) if "end" in data else default.end
    if end <= start:
        raise _err(path, key, "end は start より後にしてください")
    days = default.days
    if "days" in data:
        names = _str_list(data, "days", path)
        for d in names:
            _choice(d.lower(), f"{key}.days", DAYS, path)
        days = tuple(DAYS.index(d.lower()) for d in names)
    holidays = set(default.holidays)
    for h in data.get("holidays", []) or []:
        if isinstance(h, dt.date):
            holidays.add(h)
            continue
        try:
            holidays.add(dt.date.fromisoformat(str(h)))
        except ValueError:
            raise _err(path, f"{key}.holidays", f"{h!r} は YYYY-MM-DD で書いてください") from None
    return WorkingHours(start, end, days, frozenset(holidays))


def _settings(data: dict, path: Path) -> Settings:
    unknown = set(data) - _KEYS
    if unknown:
        raise _err(path, sorted(unknown)[0], f"不明なキーです(使えるのは {', '.join(sorted(_KEYS))})")
    s = Settings(path=str(path))
    if "policies" in data:
        s.policies = _str_list(data, "policies", path)
    s.select = _str_list(data, "select", path)
    s.ignore = _str_list(data, "ignore", path)
    severity = data.get("severity", {}) or {}
    if not isinstance(severity, dict):
        raise _err(path, "severity", "「ルール id: 重大度」の対応表で書いてください")
    for rule, level in severity.items():
        _choice(level, f"severity.{rule}", SEVERITY_NAMES, path)
    s.severity = {str(k): v for k, v in severity.items()}
    if "fail-on" in data:
        s.fail_on = _choice(data["fail-on"], "fail-on", FAIL_ON, path)
    if "min-severity" in data:
        s.min_severity = _choice(data["min-severity"], "min-severity", SEVERITY_NAMES, path)
    for d in _str_list(data, "rules-dirs", path):
        folder = (path.parent / d).resolve()
        if not folder.is_dir():
            raise _err(path, "rules-dirs", f"{d} はフォルダではありません")
        s.rules_dirs.append(folder)
    if "timezone" in data:
        tz = data["timezone"]
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(str(tz))
        except Exception:
            raise _err(path, "timezone", f"{tz!r} はタイムゾーン名ではありません(例: Asia/Tokyo)") from None
        s.timezone = str(tz)
    s.hours = _hours(data.get("working-hours"), "working-hours", path, WorkingHours())
    s.organisation = _str_list(data, "organisation", path)
    accounts = data.get("accounts", {}) or {}
    if not isinstance(accounts, dict):
        raise _err(path, "accounts", "「アカウント id: 設定」の対応表で書いてください")
    for acc_id, acc in accounts.items():
        key = f"accounts.{acc_id}"
        if not isinstance(acc, dict):
            raise _err(path, key, "kind, role, profile などの対応表で書いてください")
        unknown = set(acc) - _ACCOUNT_KEYS
        if unknown:
            raise _err(path, f"{key}.{sorted(unknown)[0]}", "不明なキーです")
        kind = _choice(acc.get("kind"), f"{key}.kind", ACCOUNT_KINDS, path)
        role = _choice(acc.get("role", "other"), f"{key}.role", ROLES, path)
        profile = acc.get("profile", "")
        if not isinstance(profile, str):
            raise _err(path, f"{key}.profile", "文字列で書いてください")
        s.accounts[str(acc_id)] = Account(
            str(acc_id), kind, role, profile,
            _hours(acc.get("working-hours"), f"{key}.working-hours", path, s.hours),
            _str_list(acc, "organisation", path),
        )
    allow = data.get("allow", []) or []
    if not isinstance(allow, list):
        raise _err(path, "allow", "{text, rules, reason} のリストで書いてください")
    for k, item in enumerate(allow):
        key = f"allow[{k}]"
        if not isinstance(item, dict):
            raise _err(path, key, "{text, rules, reason} で書いてください")
        unknown = set(item) - _ALLOW_KEYS
        if unknown:
            raise _err(path, f"{key}.{sorted(unknown)[0]}", "不明なキーです")
        text = item.get("text")
        reason = item.get("reason")
        if not isinstance(text, str) or not text.strip():
            raise _err(path, f"{key}.text", "許可する表現を書いてください")
        if not isinstance(reason, str) or not reason.strip():
            raise _err(path, f"{key}.reason", "許可する理由は必須です")
        rules = _str_list(item, "rules", path)
        if not rules:
            raise _err(path, f"{key}.rules", "対象のルール id(またはパック・カテゴリ)を一つ以上書いてください")
        s.allow.append(Allow(text, rules, reason))
    return s
