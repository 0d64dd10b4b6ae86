"""Bad input never crashes a run: it becomes a rejected_files row with a reason, or a correctly decoded article."""
import codecs

from tests.conftest import query, run_pipeline

CP1252_TEXT = ("Café owners reopen after the flood\n\n"
               "The owner of the caf\u00e9 on Quay Street said the \u201cworst was over\u201d \u2013 for now.\n\n"
               "Volunteers cleared the mud in two days.")
BOM_TEXT = ("Ferry service resumes\n\n"
            "The island\u2019s ferry sailed again on Monday after a week in port.\n\n"
            "Passengers said they were relieved.")


def test_binary_empty_cp1252_and_bom_files(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "legacy.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (raw / "nested").mkdir()
    (raw / "nested" / "bom.txt").write_bytes(codecs.BOM_UTF8 + BOM_TEXT.encode("utf-8"))
    (raw / "notes.md").write_text("not an article: ignored")

    result = run_pipeline(raw, tmp_path / "w.duckdb", tmp_path / "home")

    assert result.returncode == 0, result.stdout + result.stderr
    rejected = dict(query(tmp_path / "w.duckdb", "select source_path, reason from rejected_files"))
    assert set(rejected) == {"photo.txt", "empty.txt"}
    assert "PNG" in rejected["photo.txt"] and "empty" in rejected["empty.txt"]
    articles = dict(query(tmp_path / "w.duckdb", "select source_path, body from articles"))
    assert set(articles) == {"legacy.txt", "nested/bom.txt"}
    assert "caf\u00e9 on Quay Street said the \u201cworst was over\u201d \u2013 for now." in articles["legacy.txt"]
    assert articles["nested/bom.txt"].startswith("The island\u2019s ferry")
    titles = {t for (t,) in query(tmp_path / "w.duckdb", "select title from articles")}
    assert titles == {"Café owners reopen after the flood", "Ferry service resumes"}
