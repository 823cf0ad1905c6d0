"""Reports and findings as text for a terminal."""

from __future__ import annotations

from ..display import display_width, pad
from ..model import Report
from ..template import load


def _value(v) -> str:
    return "—" if v is None else str(v)


def _short(label: str, width: int = 36) -> str:
    """A long row label cut to fit a terminal column, marked with "…"."""
    out = ""
    for ch in label:
        if display_width(out + ch) > width - 2:
            return out + "…"
        out += ch
    return out


def _table(title: str, header: list[str], rows: list[tuple[str, list]]) -> list[str]:
    rows = [(_short(label), values) for label, values in rows]
    label_w = max([display_width(label) for label, _ in rows] + [8])
    widths = [max(display_width(h), 4) for h in header]
    lines = [title, pad("", label_w) + "  " + "  ".join(pad(h, w, True) for h, w in zip(header, widths))]
    for label, values in rows:
        cells = "  ".join(pad(_value(v), w, True) for v, w in zip(values, widths))
        lines.append(pad(label, label_w) + "  " + cells)
    return lines


def render_report(path: str, report: Report) -> str:
    """The meta line, the three tables and the findings, aligned for a terminal."""
    template = load(report.meta.template or "2021")
    m = report.meta
    out = [f"== {path}", f"{m.agency or '（未识别机关）'}  {m.year or '?'}年度  {template.title}格式"]
    for key in ("index_no", "publisher", "published"):
        if getattr(m, key):
            out[-1] += f"  {getattr(m, key)}"
    active = [(template.active.row(k).label, list(cols.values())) for k, cols in report.active.items()]
    out += [""] + _active_lines(template, report)
    spec = template.requests
    rows = [(spec.row(k).printed, [cols.get(c.key) for c in spec.columns]) for k, cols in report.requests.items()]
    out += [""] + _table(spec.title, [c.label for c in spec.columns], rows)
    rspec = template.review
    rows = [(g.label, [report.review.get(g.key, {}).get(c.key) for c in rspec.columns]) for g in rspec.groups]
    out += [""] + _table(rspec.title, [c.label for c in rspec.columns], rows)
    del active
    out += ["", render_findings(None, report)]
    return "\n".join(out)


def _active_lines(template, report: Report) -> list[str]:
    spec = template.active
    lines = [spec.title]
    for key, cols in report.active.items():
        row = spec.row(key)
        cells = "  ".join(f"{spec.column(c).label} {_value(cols.get(c))}" for c in row.columns)
        lines.append(f"  {pad(row.label, 22)}{cells}")
    return lines


def render_findings(path: str | None, report: Report) -> str:
    """One line per finding: severity, code, message and where it stands."""
    head = [f"== {path}"] if path else []
    if not report.findings:
        return "\n".join(head + ["未发现问题。"])
    lines = head + [f"发现 {len(report.findings)} 个问题："]
    for f in report.findings:
        where = "；".join(dict.fromkeys(w.describe() for w in f.where))
        lines.append(f"  [{f.severity.label}] {f.code}  {f.message}" + (f"（{where}）" if where else ""))
    return "\n".join(lines)


def render_debug(path: str, extraction) -> str:
    """Each table's grid rows as found: the template row matched (or heading), the labels and the cells read."""
    from ..extract.labels import find_row
    from ..template import load

    template = load(extraction.report.meta.template or "2021")
    out = [f"== {path}", f"格式 {template.title}；元数据 {extraction.report.meta.model_dump(exclude_none=True)}"]
    for table, rows in extraction.parts.rows.items():
        out.append(f"-- {table}：{len(rows)} 行")
        for row in rows:
            spec, split = find_row(template.table(table), row) if table != "review" else (None, None)
            name = spec.key if spec else "·"
            cells = " | ".join(c.text for c in row)
            where = row[0].ref.describe() if row else ""
            out.append(f"  {name:28} {where:10} {cells}")
    out.append(render_findings(None, extraction.report))
    return "\n".join(out)
