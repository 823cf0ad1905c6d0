"""Every mistake a user can make on the command line ends in one line of Chinese (and the one line of usage that
applies), a non-zero exit, and no traceback."""

from __future__ import annotations

import pytest

from xxgk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err.strip().splitlines()


@pytest.mark.parametrize("args, line, usage", [
    (["compare", "洪泽", "2024"], "xxgk: 缺少参数 SECOND", "用法：xxgk compare [OPTIONS] AGENCY FIRST SECOND"),
    (["coverage", "--year", "20245"], "xxgk: --year 的值无效：“20245”不是年份（应为四位数字，如 2024）",
     "用法：xxgk coverage [OPTIONS]"),
    (["coverage", "--year", "1999"], "xxgk: --year 的值无效：1999年早于国家格式：年度报告的统一格式自2019年度起施行",
     "用法：xxgk coverage [OPTIONS]"),
    (["findings", "--state", "later"], "xxgk: --state 应为 open、confirmed、dismissed 之一",
     "用法：xxgk findings [OPTIONS]"),
    (["parse", "--pages", "1", "a.pdf"], "xxgk: 没有选项 --pages", "用法：xxgk parse [OPTIONS] FILES..."),
    (["ingest", "--processes", "two", "x"], "xxgk: --processes 应为数字", "用法：xxgk ingest [OPTIONS] PATHS..."),
])
def test_a_usage_mistake_is_one_chinese_line_and_its_usage(capsys, args, line, usage):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err[0] == line and err[1].startswith(usage) and len(err) == 2


def test_an_unknown_command_names_the_commands(capsys):
    code, _, err = run(capsys, "pars", "x.txt")
    assert code == 2 and err[0].startswith("xxgk: 没有命令 'pars'（可用：parse、check、")


def test_an_option_without_its_value(capsys):
    code, _, err = run(capsys, "coverage", "--year")
    assert code == 2 and err == ["xxgk: 选项 --year 需要一个值"]


def test_comparing_a_year_with_itself(capsys):
    code, _, err = run(capsys, "compare", "洪泽区人民政府", "2024", "2024")
    assert code == 2 and err == ["xxgk: 两个年度相同（2024）：请给出要比较的两个不同年度，如 2023 2024"]


def test_export_into_a_missing_folder(capsys, tmp_path):
    target = tmp_path / "no" / "such" / "out.xlsx"
    code, _, err = run(capsys, "export", "--format", "xlsx", "-o", str(target))
    assert code == 2 and err == [f"xxgk: 无法写入 {target}：文件夹 {target.parent} 不存在"]
    assert not (tmp_path / "no").exists()
