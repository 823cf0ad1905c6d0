"""The error family: the reason, the file it is about, and the one line people read."""

import pickle

from xxgk.errors import ReadError, TemplateError


def test_the_line_people_read_names_the_file_first():
    error = ReadError("文件是空的", path="报告.pdf")
    assert (error.reason, error.path) == ("文件是空的", "报告.pdf")
    assert str(error) == error.message == "报告.pdf: 文件是空的"
    assert str(ReadError("读取扫描件需要 OCR 组件")) == "读取扫描件需要 OCR 组件"


def test_the_same_error_about_another_file_keeps_its_kind_and_reason():
    moved = TemplateError("未找到年度报告的统计表（二、三、四）", path="/tmp/copy.docx").at("报告.docx")
    assert isinstance(moved, TemplateError) and moved.message == "报告.docx: 未找到年度报告的统计表（二、三、四）"


def test_an_error_survives_pickling_with_its_fields():
    error = pickle.loads(pickle.dumps(ReadError("文件不存在", path="a.txt")))
    assert (type(error), error.reason, error.path) == (ReadError, "文件不存在", "a.txt")
