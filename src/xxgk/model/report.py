"""The report as data (report-json/1) and the findings about it."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, Iterator, Union

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "report-json/1"

Value = Union[int, float, None]
Table = dict[str, dict[str, Value]]
TABLES = ("active", "requests", "review")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The severity as the Chinese pages and tables name it."""
        return {"error": "错误", "warning": "提示"}[self.value]


class Location(BaseModel):
    """Where a cell or a sentence stands in the source: line (text, HTML), page and box (PDF), block index (DOCX),
    sheet number as page and row as line (a spreadsheet, whose sheet's name ``text`` gives)."""

    model_config = ConfigDict(frozen=True)

    line: int | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    index: int | None = None
    text: str = ""

    def describe(self) -> str:
        if self.text:
            return self.text
        if self.page is not None:
            return f"第{self.page}页"
        if self.line is not None:
            return f"第{self.line}行"
        if self.index is not None:
            return f"第{self.index + 1}个段落或表格"
        return "位置不详"


class Finding(BaseModel):
    code: str
    severity: Severity
    message: str
    cells: list[str] = Field(default_factory=list)
    where: list[Location] = Field(default_factory=list)


class Meta(BaseModel):
    model_config = ConfigDict(extra="allow")

    agency: str | None = None
    year: int | None = None
    template: str | None = None
    published: str | None = None
    index_no: str | None = None
    publisher: str | None = None
    contact: str | None = None


class Report(BaseModel):
    """One annual report. ``locations`` maps cell paths to where they were read, and ``confidence`` the cells read
    by OCR to the confidence of their reading (0–1), ``uncertain`` the cells whose place is not sure to why (placed
by the order of the numbers); none of them is part of report-json."""

    model_config = ConfigDict(populate_by_name=True)

    schema_: str = Field(default=SCHEMA, alias="schema")
    meta: Meta = Field(default_factory=Meta)
    active: Table = Field(default_factory=dict)
    requests: Table = Field(default_factory=dict)
    review: Table = Field(default_factory=dict)
    sections: dict[str, str] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    locations: dict[str, Location] = Field(default_factory=dict, exclude=True)
    text_locations: dict[str, list[tuple[int, Location]]] = Field(default_factory=dict, exclude=True)
    confidence: dict[str, float] = Field(default_factory=dict, exclude=True)
    uncertain: dict[str, str] = Field(default_factory=dict, exclude=True)

    def cell(self, path: str) -> Value:
        """The value at "table.row.column", None when blank or absent."""
        table, row, column = path.split(".")
        return getattr(self, table).get(row, {}).get(column)

    def has_row(self, table: str, row: str) -> bool:
        return row in getattr(self, table)

    def cells(self) -> Iterator[tuple[str, Value]]:
        for table in TABLES:
            for row, columns in getattr(self, table).items():
                for column, value in columns.items():
                    yield f"{table}.{row}.{column}", value

    def where(self, *paths: str) -> list[Location]:
        return [self.locations[p] for p in paths if p in self.locations]

    def text_location(self, section: str, offset: int) -> Location | None:
        """Where the paragraph holding character ``offset`` of a section's text stands in the source."""
        spots = [loc for start, loc in self.text_locations.get(section, []) if start <= offset]
        return spots[-1] if spots else None

    def to_dict(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", by_alias=True)
        data["meta"] = {k: v for k, v in data["meta"].items() if v is not None}
        for f in data["findings"]:
            for w in f["where"]:
                for k in [k for k, v in w.items() if v in (None, "")]:
                    del w[k]
        return data

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        data = {k: v for k, v in data.items() if k != "expected_findings"}
        return cls.model_validate(data)
