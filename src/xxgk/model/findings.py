"""Every finding code, its severity and its Chinese sentence, in one place.

Codes are for machines; the sentence is for the person who must find the cell in the document. A message names the
table, the row and the column as the national format prints them.
"""

from __future__ import annotations

from typing import Iterable

from .report import Finding, Location, Severity

E, W = Severity.ERROR, Severity.WARNING

TABLE_NAMES = {
    "active": "表二（主动公开政府信息情况）",
    "requests": "表三（收到和处理政府信息公开申请情况）",
    "review": "表四（行政复议、行政诉讼情况）",
}

CODES: dict[str, tuple[Severity, str]] = {
    "sum.row": (E, "{table}“{row}”行：总计为{total}，各类申请人之和为{parts}"),
    "sum.column": (E, "{table}“{column}”栏：（七）总计为{total}，各项办理结果之和为{parts}"),
    "balance.column": (E, "{table}“{column}”栏：本年新收{received}加上年结转{carried_over}为{left}，"
                          "而（七）总计{processed}加结转下年度{carried_forward}为{right}，勾稽关系不成立"),
    "sum.review": (E, "{table}“{row}”：总计为{total}，结果维持、结果纠正、其他结果、尚未审结之和为{parts}"),
    "blank.group": (E, "{table}{place}：总计为{total}，{parts}的{count}个单元格却都是空白；空白不是0，"
                       "这些数字漏填了，总计无从核对"),
    "layout.cell_count": (E, "{table}“{row}”行印有{printed}个单元格，表头有{expected}栏，无法确定各栏数值，已留空"),
    "layout.cell_count_resolved": (W, "{table}“{row}”行印有{printed}个单元格，表头有{expected}栏；"
                                      "多出或缺少的单元格不影响读数，已按各种对齐方式一致的数值读取"),
    "layout.placed_by_order": (W, "{table}有{count}个单元格未能按表格结构读出，已按国家格式的行、列顺序放入数字，"
                                  "各行合计相符；若报告漏印、多印了数字或行序与格式不同，这些单元格的数值有误"),
    "layout.order_unfit": (W, "{table}的表格结构未能读出，按顺序印有{printed}个数字，与国家格式的{expected}个单元格不符，"
                              "无法按顺序放入；{count}个单元格留空（可能是转换或复制时丢失了数字或表格线）"),
    "layout.order_inconsistent": (W, "{table}的表格结构未能读出，按顺序印有{printed}个数字，个数与国家格式相符，"
                                     "但无论按哪种行、列顺序放入，都与国家格式的合计关系或数字类型（件数为整数，"
                                     "只有收费金额有小数）不符，无法按顺序放入；{count}个单元格留空"
                                     "（可能是转换或复制时打乱了数字的顺序）"),
    "layout.table_garbled": (W, "{table}的表格未能读出：表中的数字与字母、表格线连在一起（如“{sample}”），"
                                "可能是识别软件或转换弄乱了表格；{count}个单元格留空"),
    "layout.order_ambiguous": (W, "{table}有{count}个单元格按数字顺序有不止一种读法，各读法数值不同，已留空"),
    "layout.cell_text": (W, "{table}“{row}”行“{column}”栏印的不是数字：“{text}”，按空白处理"),
    "layout.duplicate_row": (W, "{table}“{row}”行出现了两次，采用第一次的数值"),
    "unit.converted": (W, "{table}“{row}”行“{column}”栏自带单位“{unit}”（{text}），已换算为{value}万元"),
    "unit.suspect": (W, "{table}“{row}”行“{column}”栏为{value}万元，即{yuan}亿元，对一个机关一年的收费而言大得异常；"
                        "可能是按“元”填入了以“万元”为单位的栏"),
    "unit.unstated": (W, "{table}“{row}”行“{column}”栏未注明金额单位，按原样记录为{value}"),
    "ocr.low_confidence": (W, "{table}“{row}”行“{column}”栏是扫描件识别的，识别把握不大（置信度{confidence}）："
                              "读作{value}{alternatives}，请核对原件"),
    "ocr.lookalike": (W, "{table}“{row}”行“{column}”栏印的是“{text}”，其中有形似数字的字母（识别软件常把0、1认作"
                         "O、l），按{value}读取，请核对原件"),
    "ocr.text": (W, "报告文本有识别软件（OCR）留下的痕迹（数字印成了字母，或表格行与表格线连在一起），"
                    "读出的{count}个数字都可能被误读，请核对原件"),
    "ocr.suspect": (W, "{table}“{row}”行“{column}”栏识别为{value}，{relations}；"
                       "若此格为{alternative}则各项勾稽关系均成立，可能是识别错误，请核对原件"),
    "template.missing_table": (E, "未找到{table}"),
    "template.missing_row": (E, "{table}缺少“{row}”行"),
    "template.unknown_row": (W, "{table}有一行“{row}”不是国家格式中的行，其数值未读取"),
    "template.row_by_position": (W, "{table}有一行标签“{printed}”认不出，按其所在位置读作“{row}”行，请核对原件"),
    "template.old_other_row": (W, "{table}“（六）其他处理”只印了一行，未按2021年格式分列"
                                  "“1.申请人无正当理由逾期不补正……”“2.申请人逾期未按收费通知要求缴纳费用……”“3.其他”三项"),
    "template.wrong_format": (W, "{year}年度报告应使用{expected}，实际使用的是{actual}"),
    "meta.year_missing": (W, "未能从报告中读出统计年度"),
    "meta.year_conflict": (E, "标题写的是{title}年度报告，正文的统计期限却是{period}年"),
    "text.table_mismatch": (W, "正文{section}写“{quote}”（{stated}），与{table}“{row}”{column}的{value}不一致"),
    "text.claim_mismatch": (W, "正文{section}写“{quote}”，而{fact}，两者不符"),
    "years.carry": (E, "本年{table}“二、上年结转政府信息公开申请数量”{column}为{this}，"
                       "而{year}年度报告“四、结转下年度继续办理”为{last}"),
    "years.unit": (W, "{table}“{row}”行“{column}”栏本年为{this}，{year}年度为{last}，相差约{ratio}倍；"
                      "可能其中一年按“元”、另一年按“万元”填写"),
    "years.in_force": (W, "{table}“{row}”现行有效件数：上年{last}件，加本年制发{issued}件、减废止{repealed}件应为{expected}件，"
                          "本年印的是{this}件"),
}


def finding(code: str, cells: Iterable[str] = (), where: Iterable[Location] = (), **params) -> Finding:
    """A Finding with the code's severity and its sentence filled from ``params``."""
    severity, sentence = CODES[code]
    if "table" in params and params["table"] in TABLE_NAMES:
        params["table"] = TABLE_NAMES[params["table"]]
    return Finding(code=code, severity=severity, message=sentence.format(**params), cells=list(cells),
                   where=list(where))
