import codecs

import ftfy
import pytest

from pipelines.text import decode as decode_module
from pipelines.text.decode import decode


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t \n", "only white space"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
    (bytes(range(1, 256)) * 8, "undecodable"),
    (b"abc\x00def\x00" * 20, "NUL bytes"),
])
def test_files_that_are_not_text_are_rejected_with_a_reason(data, reason):
    decoded = decode(data)
    assert decoded.text is None
    assert reason in decoded.reason


def test_utf8_with_bom_loses_the_bom():
    decoded = decode(codecs.BOM_UTF8 + "Mayor’s plan “works”.".encode("utf-8"))
    assert decoded.text == "Mayor’s plan “works”."
    assert decoded.encoding == "utf-8-sig"


def test_utf16_with_bom():
    assert decode("Dvořák spoke.".encode("utf-16")).text == "Dvořák spoke."


def test_windows_1252_curly_quotes_and_accents():
    decoded = decode("The caf\u00e9 owner said \u201cno\u201d \u2013 twice.".encode("cp1252"))
    assert decoded.text == "The café owner said “no” – twice."
    assert decoded.encoding == "cp1252"


def test_latin1_accents():
    assert decode("Z\u00fcrich na\u00efve".encode("latin-1")).text == "Zürich naïve"


def test_cyrillic_legacy_encoding_is_detected():
    text = "Мэр города сказал, что мост откроют в пятницу после ремонта."
    assert decode(text.encode("cp1251")).text == text


def test_mojibake_is_repaired_but_curly_quotes_are_kept():
    decoded = decode("The council\u00e2\u20ac\u2122s \u201cplan\u201d".encode("utf-8"))
    assert decoded.text == "The council’s “plan”"


def test_windows_line_ends_become_newlines():
    assert decode(b"Head\r\n\r\nBody.").text == "Head\n\nBody."


def test_html_page_is_rejected_with_advice():
    page = b"<!DOCTYPE html><html><head><title>Quay</title></head><body><p>The quay reopened.</p></body></html>"
    assert "HTML page" in decode(page).reason


def test_a_few_angle_brackets_in_text_are_not_html():
    assert decode(b"The vote was <50% for the first time, and 3 > 2 said the clerk.").text is not None


@pytest.mark.parametrize("text", [
    "caf\u00c3\u00a9 and \u00e2\u20ac\u2122quoted\u00e2\u20ac\u2122\nplain line\n",
    "Tom &amp; Jerry\n<p>then markup</p>\nA &amp; B stays as written after it\n",
    "\x1b[31mred\x1b[0m line\nplain",
    "form\x0cfeed\nnul\x00here\n",
    "x\u2028y\nz\x85w",
    "\u00c3\u00a9t\u00c3\u00a9 &eacute; < &lt;\n",
    "plain ASCII, with a \"quote\" and 12% of it\n\nand a second paragraph",
])
def test_line_by_line_repair_is_ftfys(text):
    assert decode_module._fix_text(text) == ftfy.fix_text(text, decode_module._FTFY)
