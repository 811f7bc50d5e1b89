"""Compiling rule packs once, and caching the compiled form keyed by the packs' content.

Compiling means tokenising every term with Sudachi and building the term index and
each rule's matcher. The result is pickled under the user's cache folder, keyed by a
hash of every rule file's bytes, the snslint version and the Sudachi dictionary, so a
warm start only reads the files, hashes them and unpickles. The cache is an
optimisation only: any problem reading or writing it falls back to compiling.
Set ``SNSLINT_NO_CACHE=1`` to bypass it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from snslint import __version__
from snslint.conditions import Condition, compile_conditions
from snslint.elements import ElementCompiler
from snslint.errors import PackError, SpecError
from snslint.kinds import KINDS
from snslint.lexicon import TermIndex
from snslint.literals import LiteralScanner
from snslint.packs import RuleSet, RuleSpec, load_rules

CACHE_FORMAT = 6  # bump when compiled structures change shape


@dataclass
class CompiledRule:
    spec: RuleSpec
    matcher: object
    conditions: list[Condition]


@dataclass
class Compiled:
    ruleset: RuleSet
    index: TermIndex
    rules: list[CompiledRule]
    scanner: LiteralScanner  # the required literals of every pattern in the rules


def compile_ruleset(ruleset: RuleSet) -> Compiled:
    index = TermIndex()
    elements = ElementCompiler(index, ruleset.lexicons)
    rules = [_compile(spec, elements) for spec in ruleset.rules]
    index.prepare()
    scanner = LiteralScanner(s for p in elements.patterns.values() for s in p.literals())
    return Compiled(ruleset, index, rules, scanner)


def _compile(spec: RuleSpec, elements: ElementCompiler) -> CompiledRule:
    try:
        kind_name = spec.match["kind"]
        kind = KINDS.get(kind_name)
        if kind is None:
            raise SpecError("match.kind", f"の {kind_name} は不明な種類です(使えるのは {', '.join(KINDS)})")
        unknown = set(spec.match) - kind.FIELDS - {"kind"}
        if unknown:
            raise SpecError(f"match.{sorted(unknown)[0]}", f"は {kind_name} では使えないフィールドです")
        elements.scope = spec.pack
        matcher = kind.compile(spec.match, elements, "match")
        conditions = compile_conditions(spec.unless, elements, "unless")
    except SpecError as exc:
        raise PackError(spec.path, str(exc), rule=spec.id) from None
    return CompiledRule(spec, matcher, conditions)


def _rule_files(dirs: list[Path]) -> list[Path]:
    return [p for base in dirs for sub in ("lexicons", "policies", "packs") for p in sorted((base / sub).glob("*.yaml"))]


def _dictionary_stamp() -> str:
    try:
        import sudachidict_core

        dic = Path(sudachidict_core.__file__).parent / "resources" / "system.dic"
        st = dic.stat()
        return f"{dic}:{st.st_size}:{st.st_mtime_ns}"
    except (ImportError, OSError):
        return "unknown"


def _code_stamp() -> str:
    """The engine's own source files, so a changed matcher never reuses an old pickle."""
    here = Path(__file__).resolve().parent
    parts = []
    for path in sorted(here.rglob("*.py")):
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.relative_to(here)}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "snslint"


def _key(dirs: list[Path]) -> str | None:
    h = hashlib.sha256()
    h.update(f"{CACHE_FORMAT}|{__version__}|{sys.version_info[:2]}|{_dictionary_stamp()}|{_code_stamp()}".encode())
    for path in _rule_files(dirs):
        try:
            h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            return None
    return h.hexdigest()


def _slot(dirs: list[Path]) -> str:
    """A short name for a set of rule folders: each set (each checkout, each configured
    rules_dirs) keeps its own current pickle, so two checkouts used in turn do not
    evict each other's compilation on every run."""
    joined = "\0".join(str(Path(d).resolve()) for d in dirs)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def load_compiled(dirs: list[Path]) -> Compiled:
    """The compiled packs of ``dirs``, from the cache when the files have not changed."""
    use_cache = os.environ.get("SNSLINT_NO_CACHE", "") in ("", "0")
    key = _key(dirs) if use_cache else None
    path = _cache_dir() / f"{_slot(dirs)}-{key}.pickle" if key else None
    if path is not None:
        try:
            with path.open("rb") as fh, _no_gc():
                compiled = pickle.load(fh)
            if isinstance(compiled, Compiled):
                return compiled
        except Exception:  # a missing, stale or corrupt cache is only a miss
            pass
    compiled = compile_ruleset(load_rules(dirs))
    if path is not None:
        _store(path, compiled)
    return compiled


@contextlib.contextmanager
def _no_gc():
    """Unpickling creates ~10^5 objects, none of them garbage: without the cycle collector
    running over the growing heap every few hundred allocations, loading takes half the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_MAX_SLOTS = 8  # rule-folder sets whose compilation is kept


def _prune(current: Path) -> None:
    """Keep only the current compilation of each slot, and only the most recently
    written slots (temporary rule folders would otherwise accumulate)."""
    slot = current.name.split("-", 1)[0]
    kept = []
    for old in current.parent.glob("*.pickle"):
        if old == current or old.name.startswith(".tmp-"):
            continue
        if old.name.startswith(slot + "-") or "-" not in old.name:  # stale, or from an older snslint
            old.unlink(missing_ok=True)
        else:
            kept.append(old)
    if len(kept) >= _MAX_SLOTS:
        kept.sort(key=lambda q: q.stat().st_mtime)
        for old in kept[: len(kept) - _MAX_SLOTS + 1]:
            old.unlink(missing_ok=True)


def _store(path: Path, compiled: Compiled) -> None:
    """Write the cache atomically; an interrupted write leaves no temporary file behind."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        # the raw lexicons are compiled into the term index: a warm start does not load them
        stored = dataclasses.replace(compiled, ruleset=dataclasses.replace(compiled.ruleset, lexicons={}))
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(stored, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        _prune(path)
    except Exception:
        pass  # caching is best effort: an unwritable cache only costs a compile
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
