"""Numbers of a scanned report that a broken relation points at: one other reading of one OCR'd cell would make
every relation of the report hold. The cell is named with that reading; its value is never changed."""

from __future__ import annotations

from ..model import Report, finding
from ..template import TableSpec, load
from .arithmetic import _fmt, _paths, _sums
from .registry import rule

# Digits OCR takes for one another on poor scans.
CONFUSED = {"0": "689", "1": "74", "2": "7", "3": "858", "4": "19", "5": "63", "6": "0589", "7": "12",
            "8": "03569", "9": "048"}


@rule("ocr.suspect")
def suspects(report: Report, previous=None):
    """For each OCR'd cell in a broken relation: the single other reading, one an OCR slip could explain, with
    which every relation holds."""
    if not report.confidence:
        return
    template = load(report.meta.template or "2021")
    instances = list(_instances(report, template))
    broken = [i for i in instances if _holds(report, i, {}) is False]
    if not broken and not any(report.cell(p) is None for p in report.confidence):
        return
    candidates = {p for _, left, right, _ in broken for p in left + right if p in report.confidence}
    candidates |= {p for p, _ in report.cells() if p in report.confidence and report.cell(p) is None}
    for path in sorted(candidates):
        for value in _needed(report, path, instances):
            if not _slip(report.cell(path), value):
                continue
            if all(_holds(report, i, {path: value}) is not False for i in instances) and \
                    any(_holds(report, i, {path: value}) for i in instances if path in i[1] + i[2]):
                table, row, column = path.split(".")
                spec = template.table(table)
                yield finding("ocr.suspect", cells=[path], where=report.where(path), table=table,
                              row=_row_label(spec, row), column=_column_label(spec, row, column),
                              value=_shown(report.cell(path)), alternative=_fmt(value),
                              relations=_broken_text(template, [i for i in broken if path in i[1] + i[2]]))
                break


def _instances(report: Report, template):
    for relation in template.relations:
        spec = template.table(relation.table)
        for name, left, right in _sums(report, relation, spec):
            if right:
                yield relation, _paths(relation.table, left), _paths(relation.table, right), name


def _holds(report: Report, instance, changed: dict) -> bool | None:
    """Whether one relation holds, with some cells read otherwise; None when a cell it needs is blank."""
    _, left, right, _ = instance
    values = [changed.get(p, report.cell(p)) for p in left + right]
    if any(v is None for v in values):
        return None
    return abs(sum(values[: len(left)]) - sum(values[len(left):])) < 1e-6


def _needed(report: Report, path: str, instances) -> list:
    """The values this cell would need for each relation it is in to hold (the others' values as read)."""
    needed = []
    for instance in instances:
        _, left, right, _ = instance
        if path not in left + right:
            continue
        others = [report.cell(p) for p in left + right if p != path]
        if any(v is None for v in others):
            continue
        lsum = sum(report.cell(p) for p in left if p != path)
        rsum = sum(report.cell(p) for p in right if p != path)
        value = rsum - lsum if path in left else lsum - rsum
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if value not in needed:
            needed.append(value)
    return needed


def _slip(read, value) -> bool:
    """Whether OCR could plausibly have read ``value`` as ``read``: a confused digit, one digit dropped or added,
    or (for a blank cell) one digit not seen at all."""
    if not isinstance(value, int) or value < 0 or value == read:
        return False
    if read is None:
        return value <= 9
    if not isinstance(read, int):
        return False
    a, b = str(read), str(value)
    if len(a) == len(b):
        changed = [(x, y) for x, y in zip(a, b) if x != y]
        return len(changed) == 1 and changed[0][1] in CONFUSED[changed[0][0]]
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _broken_text(template, broken) -> str:
    if not broken:
        return "相关勾稽关系因此无法核对"
    return "、".join(_described(template, i) for i in broken) + "不成立"


def _described(template, instance) -> str:
    relation, _, _, name = instance
    spec = template.table(relation.table)
    if relation.each == "row":
        return f"“{spec.row_label(name)}”行{relation.note}"
    return f"“{spec.column(name).label}”栏{relation.note}"


def _row_label(spec: TableSpec, row: str) -> str:
    try:
        return spec.row_label(row)
    except (KeyError, StopIteration, AttributeError):
        return row


def _column_label(spec: TableSpec, row: str, column: str) -> str:
    try:
        return spec.column(column).label
    except (KeyError, StopIteration, AttributeError):
        return column


def _shown(value) -> str:
    return "空白" if value is None else _fmt(value)
