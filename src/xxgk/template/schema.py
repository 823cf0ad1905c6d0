"""The national formats as typed data, loaded from the JSON files beside this module."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..errors import TemplateError


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    variants: tuple[str, ...] = ()
    amount: bool = False
    signed: bool = False
    unit_unstated: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    variants: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    section: str = ""
    group: str = ""
    result: bool = False
    legacy: bool = False
    replaces: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)

    @property
    def printed(self) -> str:
        """The label as the national format prints it, with its group: "（三）不予公开 1.属于国家秘密"."""
        return f"{self.group} {self.label}".strip()


@dataclass(frozen=True, eq=False)
class TableSpec:
    key: str
    title: str
    heading_keys: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...] = ()
    groups: tuple[ColumnSpec, ...] = ()
    signature: tuple[str, ...] = ()
    captions: dict[str, str] = field(default_factory=dict)

    def row(self, key: str) -> RowSpec:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    def row_label(self, key: str) -> str:
        for spec in (*self.rows, *self.groups):
            if spec.key == key:
                return spec.printed if isinstance(spec, RowSpec) else spec.label
        return key


@dataclass(frozen=True)
class Relation:
    """sum(left) = sum(right) for each row (over columns) or each column (over rows) of one table.

    ``right`` may be the word "results": every result row the report has.
    """

    code: str
    table: str
    each: str
    left: tuple[str, ...]
    right: tuple[str, ...] | str
    note: str = ""


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    years: tuple[int, int]
    active: TableSpec
    requests: TableSpec
    review: TableSpec
    relations: tuple[Relation, ...] = field(default=())
    sections: dict[str, str] = field(default_factory=dict)
    title_tail: str = ""

    def table(self, key: str) -> TableSpec:
        return getattr(self, key)

    @property
    def tables(self) -> tuple[TableSpec, ...]:
        return (self.active, self.requests, self.review)


def _columns(items) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(**{**c, "variants": tuple(c.get("variants", ()))}) for c in items)


def _table(key: str, data: dict) -> TableSpec:
    rows = tuple(RowSpec(**{**r, **{k: tuple(r.get(k, ())) for k in ("variants", "columns", "replaces")}})
                 for r in data.get("rows", ()))
    return TableSpec(key=key, title=data["title"], heading_keys=tuple(data["heading_keys"]),
                     columns=_columns(data["columns"]), rows=rows, groups=_columns(data.get("groups", ())),
                     signature=tuple(data.get("signature", ())), captions=dict(data.get("captions", {})))


@cache
def load(name: str) -> Template:
    """The template named "2021" or "2019"; TemplateError for any other name."""
    if name not in NAMES:
        raise TemplateError(f"未知的报告格式“{name}”（可用：{'、'.join(NAMES)}）")
    data = json.loads(resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8"))
    tables = {k: _table(k, v) for k, v in data["tables"].items()}
    relations = tuple(Relation(**{**r, "left": tuple(r["left"]),
                                  "right": r["right"] if isinstance(r["right"], str) else tuple(r["right"])})
                      for r in data["relations"])
    return Template(name=data["name"], title=data["title"], years=tuple(data["years"]), relations=relations,
                    sections=dict(data["sections"]), title_tail=data["title_tail"], **tables)


NAMES = ("2021", "2019")


def for_year(year: int | None) -> Template:
    """The template a report for this year should follow (2019 format for 2019 and 2020)."""
    return load("2019" if year is not None and year <= 2020 else "2021")
