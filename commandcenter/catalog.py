"""The class catalog: every kind of problem a case can be about, with who fixes it and how fast.

The catalog lives in an editable JSON file (``resources/catalog/classes.json``) so a city can
adapt classes, conditions and limits to its own published tables without touching code.
Loading checks the whole file and names the exact place of the first problem.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType

from commandcenter.errors import InputFileError, ValidationError
from commandcenter.worktime import TimeLimit

DEFAULT_CATALOG_PATH = Path(__file__).resolve().parent.parent / "resources" / "catalog" / "classes.json"

# The case life cycle and the tiers are fixed by the workflow; the file only sets names and limits.
STAGES = ("intake", "verify", "register", "dispatch", "handle", "check", "close")
TIERS = ("general", "urgent", "difficult")
KINDS = ("component", "event")
_BIG_CODE = {"component": re.compile(r"^\d{2}$"), "event": re.compile(r"^E\d{2}$")}


@dataclass(frozen=True)
class Tier:
    """Case tier: 一般 general, 紧急 urgent (natural-hour limits), 疑难 difficult (longer limits)."""

    key: str
    zh: str
    en: str


@dataclass(frozen=True)
class DepartmentType:
    """A kind of responsible department (专业部门/处置单位); its key doubles as the department code."""

    key: str
    zh: str
    en: str


@dataclass(frozen=True)
class Stage:
    """A step of the case life cycle with its default limit per tier (empty for 'handle')."""

    key: str
    zh: str
    en: str
    default_limits: Mapping[str, TimeLimit] = field(hash=False)


@dataclass(frozen=True)
class BigClass:
    """Big class (大类): '01'..'06' for components (部件), 'E01'..'E06' for events (事件)."""

    code: str
    kind: str
    zh: str
    en: str


@dataclass(frozen=True)
class SmallClass:
    """Small class (小类) with its registration condition (立案条件), closing condition (结案条件)
    and time limits (处置时限).

    ``limits`` maps stage → tier → limit for the stages this class sets itself; the others use
    the stage defaults. ``weight`` is the relative frequency in a day's intake and
    ``handle_hours_median`` the typical handling time in working hours (both for the simulator).
    """

    code: str
    kind: str
    big: str
    zh: str
    en: str
    department: str
    register_condition: str
    close_condition: str
    limits: Mapping[str, Mapping[str, TimeLimit]] = field(hash=False)
    weight: float
    handle_hours_median: float


class Catalog:
    """The loaded class catalog (部件/事件分类); read-only."""

    def __init__(
        self,
        source: str,
        tiers: Mapping[str, Tier],
        stages: Mapping[str, Stage],
        departments: Mapping[str, DepartmentType],
        big_classes: Mapping[str, BigClass],
        small_classes: Iterable[SmallClass],
    ):
        self.source = source
        self.tiers: Mapping[str, Tier] = MappingProxyType(dict(tiers))
        # Life-cycle order, so stage_limits() and the UI list stages as a case meets them.
        in_order = sorted(stages, key=lambda key: STAGES.index(key) if key in STAGES else len(STAGES))
        self.stages: Mapping[str, Stage] = MappingProxyType({key: stages[key] for key in in_order})
        self.departments: Mapping[str, DepartmentType] = MappingProxyType(dict(departments))
        self.big_classes: Mapping[str, BigClass] = MappingProxyType(dict(big_classes))
        ordered = sorted(small_classes, key=attrgetter("code"))
        self._small_classes = MappingProxyType({small.code: small for small in ordered})

    # Public API -----------------------------------------------------------------------

    def small_class(self, code: str) -> SmallClass:
        try:
            return self._small_classes[code]
        except (KeyError, TypeError):
            raise ValidationError("class_code", code, "unknown class; pick one from the class catalog") from None

    def small_classes(self, kind: str | None = None, big: str | None = None) -> list[SmallClass]:
        """Small classes in code order, optionally only one kind or one big class."""
        return [
            small for small in self._small_classes.values()
            if (kind is None or small.kind == kind) and (big is None or small.big == big)
        ]

    def limit(self, class_code: str, tier: str, stage: str) -> TimeLimit:
        """The limit of ``stage`` for a case of this class and tier: the class's own or the stage default."""
        small = self.small_class(class_code)
        if tier not in self.tiers:
            raise ValidationError("tier", tier, f"unknown tier; expected one of {', '.join(self.tiers)}")
        if stage not in self.stages:
            raise ValidationError("stage", stage, f"unknown stage; expected one of {', '.join(self.stages)}")
        own = small.limits.get(stage, {}).get(tier)
        return own if own is not None else self.stages[stage].default_limits[tier]

    def stage_limits(self, class_code: str, tier: str) -> dict[str, TimeLimit]:
        """Every stage's limit for a case of this class and tier, in life-cycle order."""
        return {stage: self.limit(class_code, tier, stage) for stage in self.stages}

    def validate(self) -> None:
        """Check the cross-references a JSON schema cannot: raises InputFileError naming the place."""
        self._validate_fixed_keys("tiers", self.tiers, TIERS)
        self._validate_fixed_keys("stages", self.stages, STAGES)
        for stage in self.stages.values():
            for tier in stage.default_limits:
                if tier not in self.tiers:
                    raise self._fail(f"stages.{stage.key}.limits.{tier}", f"unknown tier; expected {', '.join(TIERS)}")
        for big in self.big_classes.values():
            where = f"big_classes (code {big.code!r})"
            if big.kind not in KINDS:
                raise self._fail(where + ".kind", f"unknown kind {big.kind!r}; expected one of {', '.join(KINDS)}")
            if not _BIG_CODE[big.kind].match(big.code):
                raise self._fail(where + ".code", "component big classes are 2 digits ('01'), "
                                                  "event big classes 'E' + 2 digits ('E01')")
        for small in self._small_classes.values():
            self._validate_small_class(small)

    # Private API ----------------------------------------------------------------------

    def _fail(self, where: str, problem: str) -> InputFileError:
        return InputFileError(self.source, where, problem)

    def _validate_fixed_keys(self, section: str, found: Mapping, expected: tuple[str, ...]) -> None:
        for key in found:
            if key not in expected:
                raise self._fail(f"{section}.{key}", f"unknown key; expected {', '.join(expected)}")
        for key in expected:
            if key not in found:
                raise self._fail(section, f"missing {key!r}")

    def _validate_small_class(self, small: SmallClass) -> None:
        where = f"small_classes (code {small.code!r})"
        big = self.big_classes.get(small.big)
        if big is None:
            raise self._fail(where + ".big", f"unknown big class {small.big!r}")
        if small.kind != big.kind:
            raise self._fail(where + ".kind", f"{small.kind!r} does not match big class {big.code} ({big.kind})")
        if not re.fullmatch(re.escape(big.code) + r"\d{2}", small.code):
            raise self._fail(where + ".code", f"expected the big class code {big.code!r} + 2 digits")
        if small.department not in self.departments:
            raise self._fail(where + ".department",
                             f"unknown department {small.department!r}; known: {', '.join(self.departments)}")
        if small.weight < 0:
            raise self._fail(where + ".weight", "must not be negative")
        if small.handle_hours_median <= 0:
            raise self._fail(where + ".handle_hours_median", "must be positive")
        for stage, by_tier in small.limits.items():
            if stage not in self.stages:
                raise self._fail(f"{where}.limits.{stage}", f"unknown stage; expected {', '.join(STAGES)}")
            for tier in by_tier:
                if tier not in self.tiers:
                    raise self._fail(f"{where}.limits.{stage}.{tier}", f"unknown tier; expected {', '.join(TIERS)}")
        for stage in self.stages.values():
            for tier in self.tiers:
                if tier not in small.limits.get(stage.key, {}) and tier not in stage.default_limits:
                    raise self._fail(f"{where}.limits.{stage.key}.{tier}",
                                     f"missing, and stage {stage.key!r} has no default for tier {tier!r}")


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Read and check a class catalog file; the shipped one when ``path`` is None."""
    path = Path(path) if path is not None else DEFAULT_CATALOG_PATH
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(source, "", "file not found") from None
    except UnicodeDecodeError as error:
        raise InputFileError(source, f"byte {error.start}", "not UTF-8 text") from None
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InputFileError(source, where, f"JSON syntax error: {error.msg}") from None
    except _DuplicateKey as duplicate:
        where = _where_key_repeats(text, duplicate.key)
        raise InputFileError(source, where, f"duplicate key {duplicate.key!r}") from None
    catalog = _CatalogReader(source).read(document)
    catalog.validate()
    return catalog


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    # Plain json.loads keeps the last of two equal keys, silently dropping an edited entry.
    result = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _where_key_repeats(text: str, key: str) -> str:
    """The line of the repeated key when the key is rare enough in the file to pin down."""
    as_key = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:")
    places = [match.start() for match in as_key.finditer(text)]
    if len(places) == 2:
        return f"line {text.count(chr(10), 0, places[1]) + 1}"
    return "an object"


class _CatalogReader:
    """Turns the parsed JSON into domain objects, naming the JSON path of any problem."""

    def __init__(self, source: str):
        self.source = source

    def read(self, document: object) -> Catalog:
        document = self._object(document, "(top level)")
        tiers = {key: Tier(key, *self._names(value, f"tiers.{key}"))
                 for key, value in self._section(document, "tiers").items()}
        stages = {key: self._stage(key, value) for key, value in self._section(document, "stages").items()}
        departments = {key: DepartmentType(key, *self._names(value, f"departments.{key}"))
                       for key, value in self._section(document, "departments").items()}
        big_classes: dict[str, BigClass] = {}
        for index, raw in enumerate(self._list(self._field(document, "big_classes", ""), "big_classes")):
            where = f"big_classes[{index}]"
            raw = self._object(raw, where)
            code = self._text(raw, "code", where)
            if code in big_classes:
                raise InputFileError(self.source, where, f"duplicate big class code {code!r}")
            big_classes[code] = BigClass(code, self._text(raw, "kind", where), *self._names(raw, where))
        small_classes: dict[str, SmallClass] = {}
        first_index: dict[str, int] = {}
        for index, raw in enumerate(self._list(self._field(document, "small_classes", ""), "small_classes")):
            small = self._small_class(raw, index)
            if small.code in small_classes:
                raise InputFileError(self.source, f"small_classes[{index}] (code {small.code!r})",
                                     f"duplicate class code (first at small_classes[{first_index[small.code]}])")
            small_classes[small.code] = small
            first_index[small.code] = index
        return Catalog(self.source, tiers, stages, departments, big_classes, small_classes.values())

    def _stage(self, key: str, raw: object) -> Stage:
        where = f"stages.{key}"
        raw = self._object(raw, where)
        limits = self._limits_by_tier(raw["limits"], f"{where}.limits") if "limits" in raw else {}
        return Stage(key, *self._names(raw, where), MappingProxyType(limits))

    def _small_class(self, raw: object, index: int) -> SmallClass:
        where = f"small_classes[{index}]"
        raw = self._object(raw, where)
        code = self._text(raw, "code", where)
        where = f"{where} (code {code!r})"
        limits_raw = self._object(self._field(raw, "limits", where), f"{where}.limits")
        limits = {stage: MappingProxyType(self._limits_by_tier(by_tier, f"{where}.limits.{stage}"))
                  for stage, by_tier in limits_raw.items()}
        return SmallClass(
            code=code,
            kind=self._text(raw, "kind", where),
            big=self._text(raw, "big", where),
            zh=self._text(raw, "zh", where),
            en=self._text(raw, "en", where),
            department=self._text(raw, "department", where),
            register_condition=self._text(raw, "register_condition", where),
            close_condition=self._text(raw, "close_condition", where),
            limits=MappingProxyType(limits),
            weight=self._number(raw, "weight", where),
            handle_hours_median=self._number(raw, "handle_hours_median", where),
        )

    def _limits_by_tier(self, raw: object, where: str) -> dict[str, TimeLimit]:
        limits = {}
        for tier, text in self._object(raw, where).items():
            try:
                limits[tier] = TimeLimit.parse(text)
            except ValidationError as error:
                problem = f"bad time limit {text!r}: {error.problem}"
                raise InputFileError(self.source, f"{where}.{tier}", problem) from None
        return limits

    def _names(self, raw: object, where: str) -> tuple[str, str]:
        raw = self._object(raw, where)
        return self._text(raw, "zh", where), self._text(raw, "en", where)

    def _section(self, document: dict, key: str) -> dict:
        return self._object(self._field(document, key, ""), key)

    def _field(self, raw: dict, key: str, where: str) -> object:
        if key not in raw:
            raise InputFileError(self.source, where or "(top level)", f"missing field {key!r}")
        return raw[key]

    def _text(self, raw: dict, key: str, where: str) -> str:
        value = self._field(raw, key, where)
        if not isinstance(value, str) or not value.strip():
            raise InputFileError(self.source, f"{where}.{key}", f"expected non-empty text, found {value!r}")
        return value

    def _number(self, raw: dict, key: str, where: str) -> float:
        value = self._field(raw, key, where)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputFileError(self.source, f"{where}.{key}", f"expected a number, found {value!r}")
        return float(value)

    def _object(self, value: object, where: str) -> dict:
        if not isinstance(value, dict):
            raise InputFileError(self.source, where, f"expected a JSON object, found {type(value).__name__}")
        return value

    def _list(self, value: object, where: str) -> list:
        if not isinstance(value, list):
            raise InputFileError(self.source, where, f"expected a JSON list, found {type(value).__name__}")
        return value
