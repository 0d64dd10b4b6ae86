"""Bad input never crashes a run: it becomes a rejected_files row with a reason, or a correctly decoded article."""
import codecs

from tests.conftest import query, run_pipeline


def test_the_whole_bad_input_suite(tmp_path):
    """Each file becomes an article or a rejected_files row with a reason; the run is green (issue 2's binary,
    empty, Windows-1252 and UTF-8-with-BOM files among them)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    body = "Harbour works finish early\n\nThe new sea wall was finished two weeks early, the council said.\n\nIt cost less than planned."
    files = {
        "binary.txt": bytes(range(256)) * 4,
        "empty.txt": b"",
        "blank.txt": b"   \n\n \t\n",
        "cp1252.txt": "Caf\u00e9 reopens\n\nThe caf\u00e9\u2019s owner said \u201cwe\u2019re back\u201d.".encode("cp1252"),
        "latin1.txt": "Z\u00fcrich vote\n\nThe canton voted on Sunday; turnout was high in Z\u00fcrich.".encode("latin-1"),
        "utf16.txt": "Ferry returns\n\nThe ferry sailed again on Monday.".encode("utf-16"),
        "bom.txt": codecs.BOM_UTF8 + "Bridge opens\n\nThe bridge opened on Friday.".encode("utf-8"),
        "mojibake.txt": "Mayor speaks\n\nThe mayor\u00e2\u20ac\u2122s office said it would review the plan.".encode("utf-8"),
        "huge.txt": b"word " * 1_000_000,  # 5 MB on one line
        "page.txt": b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Text</p></body></html>",
        "copy-a.txt": body.encode(),
        "copy-b.txt": body.encode(),
        "headline-only.txt": b"Council meets tonight\n",
    }
    for name, data in files.items():
        (raw / name).write_bytes(data)
    (tmp_path / "outside.txt").write_text("Not in the input folder.\n\nSecret.")
    (raw / "link.txt").symlink_to(tmp_path / "outside.txt")
    (raw / "readme.md").write_text("ignored")

    result = run_pipeline(raw, tmp_path / "w.duckdb", tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr

    db = tmp_path / "w.duckdb"
    rejected = dict(query(db, "select source_path, reason from rejected_files"))
    assert set(rejected) == {"binary.txt", "empty.txt", "blank.txt", "huge.txt", "page.txt", "headline-only.txt", "link.txt"}
    for path, words in {"empty.txt": "empty", "blank.txt": "white space", "huge.txt": "split it", "page.txt": "HTML",
                        "headline-only.txt": "only a headline", "link.txt": "not followed"}.items():
        assert words in rejected[path], (path, rejected[path])
    bodies = dict(query(db, "select source_path, body from articles"))
    assert bodies["cp1252.txt"] == "The caf\u00e9\u2019s owner said \u201cwe\u2019re back\u201d."
    assert bodies["latin1.txt"].startswith("The canton voted on Sunday; turnout was high in Z\u00fcrich.")
    assert bodies["utf16.txt"] == "The ferry sailed again on Monday."
    assert bodies["bom.txt"] == "The bridge opened on Friday."
    assert bodies["mojibake.txt"] == "The mayor\u2019s office said it would review the plan."
    # the same content under two names: one article, both paths recorded
    assert "copy-a.txt" in bodies and "copy-b.txt" not in bodies
    assert query(db, "select count(distinct article_id), count(*) from source_files where source_path like 'copy-%'") == [(1, 2)]
    assert "readme.md" not in {p for (p,) in query(db, "select source_path from source_files")}
