"""Page headers and footers are told from the report's own lines: a page number or short text in the top or bottom
band is a running head; a numbered heading printed there (a browser prints pages with a margin of about a
centimetre) is the report's text."""

from __future__ import annotations

import pytest

from xxgk.extract.tables import _carries_review
from xxgk.read.page.geometry import Box
from xxgk.read.page.tables import PageLine, is_running

A4 = 842.0


@pytest.mark.parametrize("text, top, running", [
    ("- 3 -", 800, True),                                     # a page number at the foot
    ("第 2 页 共 5 页", 810, True),
    ("示范市人民政府门户网站", 20, True),                      # a site's name in the top band
    ("四、政府信息公开行政复议、行政诉讼情况", 30, False),       # the report's heading, just inside the band
    ("五、存在的主要问题及改进情况", 815, False),
    ("示范市人民政府门户网站", 400, False),                      # the same words in the middle of the page
])
def test_a_running_head_is_short_text_in_the_band_but_never_a_numbered_heading(text, top, running):
    assert is_running(PageLine(text, 2, Box(72, top, 300, top + 12), A4)) is running


@pytest.mark.parametrize("opened, carrying, text, carried", [
    ("problems", True, "0 0 1 0 1", True),         # the numbers of 四 printed after the heading of 五
    (None, True, "结果 维持 0 0", True),              # pieces of 四's header words with its numbers
    (None, True, "本机关进一步加强了政务公开工作。", False),  # a sentence: the narrative has begun
    (None, False, "0 0 1", False),                  # nothing carried: numbers alone do not make table 四
    ("overview", True, "0 0 1", False),             # another section's heading opened
])
def test_lines_after_a_later_heading_stay_with_table_four_until_a_sentence(opened, carrying, text, carried):
    assert _carries_review("review", opened, carrying, text) is carried
