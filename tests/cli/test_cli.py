"""The command: what a user types, what they see, and the exit status."""

from __future__ import annotations

import json
import os

import pytest

from xxgk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_prints_report_json(capsys, seed):
    code, out, err = run(capsys, "parse", str(seed("000")), "--json")
    data = json.loads(out)
    assert code == 0 and data["schema"] == "report-json/1"
    assert data["requests"]["received_new"]["total"] == 26


def test_parse_several_files_gives_one_array(capsys, seed):
    code, out, _ = run(capsys, "parse", str(seed("000")), str(seed("001")), "--json")
    assert [r["meta"]["agency"] for r in json.loads(out)] == ["淄博经济开发区管理委员会", "淄博市工业和信息化局"]


def test_parse_prints_readable_tables(capsys, seed):
    code, out, _ = run(capsys, "parse", str(seed("002")))
    assert "收到和处理政府信息公开申请情况" in out and "5953.02496" in out


def test_check_exit_status(capsys, seed):
    assert run(capsys, "check", str(seed("000")))[0] == 0
    code, out, _ = run(capsys, "check", str(seed("004")))
    assert code == 1 and "layout.cell_count" in out and "第28行" in out


def test_unreadable_file_is_one_line_and_exit_2(capsys, tmp_path):
    bad = tmp_path / "report.pdf"
    bad.write_bytes(os.urandom(4096))
    code, out, err = run(capsys, "check", str(bad))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("content", [b"", b"   \n\n", "只是一段没有表格的文字。".encode()])
def test_empty_or_tableless_file(capsys, tmp_path, content):
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    code, _, err = run(capsys, "parse", str(path))
    assert code == 2 and err.startswith("xxgk: ")


def test_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "parse", str(tmp_path / "nope.txt"))
    assert code == 2 and "nope.txt" in err


def test_wrong_option(capsys):
    code, _, err = run(capsys, "parse", "--nonsense", "x")
    assert code == 2 and "nonsense" in err


def test_one_bad_file_does_not_stop_the_others(capsys, tmp_path, seed):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    code, out, err = run(capsys, "parse", str(seed("000")), str(bad), "--json")
    assert code == 2 and len(json.loads(out)) == 1 and "bad.docx" in err


@pytest.mark.parametrize("command", ["parse", "check"])
def test_help_teaches_with_an_example(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "例" in out and "xxgk " + command in out


def test_gbk_text_with_no_suffix(capsys, tmp_path, seed):
    path = tmp_path / "report"
    path.write_bytes(seed("003").read_text(encoding="utf-8").encode("gb18030"))
    code, out, _ = run(capsys, "parse", str(path), "--json")
    assert json.loads(out)["meta"]["agency"] == "淮安经济技术开发区"


def test_debug_shows_how_each_row_was_read(capsys, seed):
    code, out, _ = run(capsys, "parse", str(seed("001")), "--debug")
    assert code == 0
    line = next(l for l in out.splitlines() if "4.保护第三方合法权益" in l)
    assert line.split()[0] == "withheld_third_party"


def test_two_years_of_one_agency_are_checked_against_each_other(capsys, tmp_path, seed):
    this_year = seed("003")  # 2024: 上年结转 7
    last_year = tmp_path / "2023.txt"
    last_year.write_text(this_year.read_text(encoding="utf-8").replace("2024", "2023").replace("2025", "2024"),
                         encoding="utf-8")  # its 结转下年度 is 2, not 7
    code, out, _ = run(capsys, "check", str(last_year), str(this_year), "--json")
    findings = {item["file"]: [f["code"] for f in item["findings"]] for item in json.loads(out)}
    assert "years.carry" in findings[str(this_year)] and "years.carry" not in findings[str(last_year)]


def test_the_two_hongze_reports_agree_across_years(capsys, corpus):
    pdfs = sorted(str(p) for p in (corpus / "pdf").glob("hongze_*.pdf"))
    code, out, _ = run(capsys, "check", *pdfs, "--json")
    assert not [f for item in json.loads(out) for f in item["findings"] if f["code"].startswith("years.")]


def test_a_report_piped_in_is_read(seed, corpus):
    """``xxgk parse -`` and ``/dev/stdin`` read what is piped in, whatever its kind; an empty pipe is one line."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "xxgk"]
    pdf = sorted((corpus / "pdf").glob("*.pdf"))[0].read_bytes()
    for target, data in (("-", seed("000").read_bytes()), ("/dev/stdin", pdf)):
        done = subprocess.run(command + ["parse", target, "--json"], input=data, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        assert json.loads(done.stdout)["requests"]["received_new"]["total"] is not None
    empty = subprocess.run(command + ["parse", "-"], input=b"", capture_output=True, timeout=60)
    assert empty.returncode == 2 and empty.stderr.decode().strip() == "xxgk: stdin: 输入是空的"


def test_a_folder_is_read_as_the_files_under_it(capsys, tmp_path, seed):
    """Recursively, in name order, one result per file; the corpus's labels and hidden files are not reports."""
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "2.txt").write_bytes(seed("001").read_bytes())
    (tmp_path / "1.txt").write_bytes(seed("000").read_bytes())
    (tmp_path / "1.expected.json").write_text("{}")
    (tmp_path / ".cache" / "3.txt").write_bytes(seed("002").read_bytes())
    code, out, _ = run(capsys, "parse", str(tmp_path), "--json")
    assert code == 0
    assert [r["meta"]["agency"] for r in json.loads(out)] == ["淄博经济开发区管理委员会", "淄博市工业和信息化局"]
    code, out, _ = run(capsys, "check", str(tmp_path), "--json")
    assert [item["file"] for item in json.loads(out)] == [str(tmp_path / "1.txt"), str(tmp_path / "b" / "2.txt")]


def test_an_empty_folder_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "parse", str(tmp_path))
    assert code == 2 and err.strip() == f"xxgk: 文件夹中没有文件：{tmp_path}"



def test_parsing_a_text_report_loads_no_database_and_no_image_library(seed):
    """The command loads what the report's kind needs: a text report needs neither Django nor numpy, OpenCV,
    ONNX, openpyxl, the PDF library or Celery."""
    import subprocess
    import sys

    heavy = ("django", "numpy", "cv2", "onnxruntime", "openpyxl", "pypdfium2", "celery")
    probe = ("import sys; from xxgk.cli import main; main(['parse', sys.argv[1], '--json']); "
             f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, str(seed("000"))], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr.decode().strip().splitlines()[-1] == "[]"
