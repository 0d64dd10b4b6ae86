"""The input folder: which files are articles to read, and what is in them (no Dagster here)."""
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import ftfy
import polars as pl

from pipelines.text import decode as decoding
from pipelines.text import paragraphs, text_hash

FILES_SCHEMA = {
    "source_path": pl.String, "content_hash": pl.String, "size_bytes": pl.Int64, "modified_at": pl.Datetime("us"),
    "encoding": pl.String, "article_id": pl.String, "status": pl.String, "reason": pl.String,
    "decoded_by": pl.String, "first_seen_at": pl.Datetime("us"), "text": pl.String,
}
# The fields a file's bytes decide, kept from the last run for unchanged content (decoding is most of ingest's time).
_DECODED = ("encoding", "article_id", "status", "reason", "text")


def _utc(timestamp: float) -> dt.datetime:
    """Naive UTC (DuckDB TIMESTAMP): times compare equal across machines and time zones."""
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Listed:
    source_path: str  # relative to the input folder, with forward slashes
    path: Path
    size_bytes: int
    modified_at: dt.datetime
    outside_link: bool  # a symlink resolving outside the input folder: listed, never read


def list_files(raw_dir: Path) -> list[Listed]:
    """Every `*.txt` under `raw_dir`, recursively, in path order; symlinked folders are not followed."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"NEWS_RAW_DIR {raw_dir} is not a folder: create it or point NEWS_RAW_DIR at your articles")
    root = raw_dir.resolve()
    listed = []
    for folder, _dirs, names in os.walk(root, followlinks=False):
        for name in names:
            if not name.endswith(".txt"):
                continue
            path = Path(folder) / name
            try:
                target = path.resolve()
                outside = path.is_symlink() and not target.is_relative_to(root)
                stat = path.lstat() if outside else path.stat()
            except OSError:  # vanished since the listing, or a dangling link: reported when read
                outside, stat = False, None
            listed.append(Listed(
                source_path=path.relative_to(root).as_posix(),
                path=path,
                size_bytes=stat.st_size if stat else 0,
                modified_at=_utc(stat.st_mtime if stat else 0),
                outside_link=outside,
            ))
    return sorted(listed, key=lambda f: f.source_path)


def article_id(text: str) -> str:
    """Stable id of an article: the hash of its text with white space squeezed (the same text under two paths,
    or in two encodings, is one article)."""
    return text_hash(paragraphs.squeeze(text))


def decoding_version() -> str:
    """What a decoding depends on besides the bytes: the code that decodes and names an article, and the versions
    of ftfy and charset-normalizer. A stored decoding made by another version is redone."""
    digest = hashlib.sha256(f"{ftfy.__version__} {charset_normalizer.__version__}".encode())
    for module in (decoding, paragraphs):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:12]


def read_file(entry: Listed, known: dict[str, dict] | None = None, version: str | None = None) -> dict:
    """One row of FILES_SCHEMA (without first_seen_at) for a listed file. `known`: content hash -> the decoded
    fields of a file with those bytes, made by decoding `version`."""
    row = {"source_path": entry.source_path, "size_bytes": entry.size_bytes, "modified_at": entry.modified_at,
           "content_hash": None, "encoding": None, "article_id": None, "text": None, "decoded_by": None}
    if entry.outside_link:
        return {**row, "content_hash": "", "status": "rejected",
                "reason": f"symlink to {entry.path.resolve()}, outside the input folder: not followed"}
    try:
        data = entry.path.read_bytes()
    except FileNotFoundError:
        return {**row, "content_hash": "", "status": "rejected", "reason": "the file disappeared while being read"}
    except OSError as exc:
        return {**row, "content_hash": "", "status": "rejected", "reason": f"cannot be read: {exc.strerror or exc}"}
    row["content_hash"] = hashlib.sha256(data).hexdigest()
    row["decoded_by"] = version or decoding_version()
    if known and row["content_hash"] in known:
        return {**row, **known[row["content_hash"]]}
    decoded = decoding.decode(data)
    if decoded.text is None:
        return {**row, "status": "rejected", "reason": decoded.reason}
    return {**row, "encoding": decoded.encoding, "article_id": article_id(decoded.text), "status": "article",
            "reason": None, "text": decoded.text}


def read_files(listed: list[Listed], previous: pl.DataFrame | None, now: dt.datetime) -> pl.DataFrame:
    """Read and decode every listed file. `previous` (the last run's table) keeps each (path, content)'s
    first_seen_at, so re-runs give identical rows, and its decodings of unchanged bytes are reused. `now` is
    naive UTC."""
    version = decoding_version()
    known = {}
    if previous is not None and "decoded_by" in previous.columns:
        reusable = previous.filter(pl.col("decoded_by") == version).unique("content_hash", keep="first")
        known = {r["content_hash"]: {k: r[k] for k in _DECODED} for r in reusable.select("content_hash", *_DECODED).to_dicts()}
    rows = [read_file(entry, known, version) for entry in listed]
    frame = pl.DataFrame(rows, schema={k: v for k, v in FILES_SCHEMA.items() if k != "first_seen_at"})
    seen = (previous.select("source_path", "content_hash", "first_seen_at")
            if previous is not None and previous.height else
            pl.DataFrame(schema={k: FILES_SCHEMA[k] for k in ("source_path", "content_hash", "first_seen_at")}))
    return (
        frame.join(seen, on=["source_path", "content_hash"], how="left")
        .with_columns(first_seen_at=pl.col("first_seen_at").fill_null(pl.lit(now, dtype=FILES_SCHEMA["first_seen_at"])))
        .select(FILES_SCHEMA.keys())
    )


def changes(previous: pl.DataFrame | None, current: pl.DataFrame) -> dict[str, list[str]]:
    """Paths new, changed (other content) and deleted since the previous run's table."""
    before = dict(previous.select("source_path", "content_hash").iter_rows()) if previous is not None else {}
    now = dict(current.select("source_path", "content_hash").iter_rows())
    return {
        "new": sorted(p for p in now if p not in before),
        "changed": sorted(p for p in now if p in before and before[p] != now[p]),
        "deleted": sorted(p for p in before if p not in now),
    }
