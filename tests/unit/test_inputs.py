import datetime as dt

import polars as pl

from pipelines.inputs import article_id, changes, decoding_version, list_files, read_file, read_files
from pipelines.text.decode import MAX_CHARS

NOW = dt.datetime(2026, 1, 2, 3, 4, 5)


def test_listing_takes_txt_files_recursively_and_ignores_others(tmp_path):
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B.")
    (tmp_path / "notes.md").write_text("no")
    assert [f.source_path for f in list_files(tmp_path)] == ["a.txt", "sub/b.txt"]


def test_symlink_out_of_the_folder_is_not_followed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Private text.")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "link.txt").symlink_to(outside)
    (listed,) = list_files(raw)
    row = read_file(listed)
    assert row["status"] == "rejected" and "not followed" in row["reason"] and row["text"] is None


def test_symlink_inside_the_folder_is_read(tmp_path):
    (tmp_path / "real.txt").write_text("Headline\n\nBody.")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    rows = [read_file(f) for f in list_files(tmp_path)]
    assert [r["status"] for r in rows] == ["article", "article"]
    assert rows[0]["article_id"] == rows[1]["article_id"]


def test_file_that_disappears_after_listing(tmp_path):
    (tmp_path / "gone.txt").write_text("Soon gone.")
    (listed,) = list_files(tmp_path)
    (tmp_path / "gone.txt").unlink()
    row = read_file(listed)
    assert row["status"] == "rejected" and "disappeared" in row["reason"]


def test_huge_single_line_file_is_rejected(tmp_path):
    (tmp_path / "dump.txt").write_text("word " * (MAX_CHARS // 5 + 10))
    row = read_file(list_files(tmp_path)[0])
    assert row["status"] == "rejected" and "split it" in row["reason"]


def test_same_text_in_two_encodings_is_one_article():
    assert article_id("Caf\u00e9 opens.\n\nMore  text.") == article_id("Caf\u00e9 opens. More text.")


def test_first_seen_is_kept_across_runs(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nBody.")
    first = read_files(list_files(tmp_path), None, NOW)
    later = read_files(list_files(tmp_path), first, NOW + dt.timedelta(days=1))
    assert later["first_seen_at"].to_list() == [NOW]


def test_changes_since_the_last_run():
    before = pl.DataFrame({"source_path": ["a.txt", "b.txt", "c.txt"], "content_hash": ["1", "2", "3"]})
    now = pl.DataFrame({"source_path": ["a.txt", "b.txt", "d.txt"], "content_hash": ["1", "9", "4"]})
    assert changes(before, now) == {"new": ["d.txt"], "changed": ["b.txt"], "deleted": ["c.txt"]}


def test_unchanged_bytes_keep_their_decoding_until_the_decoder_changes(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nBody.")
    (tmp_path / "b.bin.txt").write_bytes(b"%PDF-1.4 binary")
    first = read_files(list_files(tmp_path), None, NOW)
    assert set(first["decoded_by"]) == {decoding_version()}
    # the last run's decoding is believed, not redone: make it say something the bytes do not
    doctored = first.with_columns(text=pl.when(pl.col("status") == "article").then(pl.lit("Doctored")))
    assert read_files(list_files(tmp_path), doctored, NOW)["text"].to_list() == ["Doctored", None]
    # ... unless another version of the decoder made it, or the bytes changed
    outdated = doctored.with_columns(decoded_by=pl.lit("another"))
    assert read_files(list_files(tmp_path), outdated, NOW).equals(first)
    (tmp_path / "a.txt").write_text("Headline\n\nBody, changed.")
    assert read_files(list_files(tmp_path), doctored, NOW)["text"].to_list()[0].endswith("Body, changed.")
