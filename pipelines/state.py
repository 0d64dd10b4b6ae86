"""Whether the warehouse is already built from exactly this input and this code: lets a re-run with nothing new
finish at once. The fingerprint is stored in the warehouse itself (`raw.build_state`) by the last asset of a
successful run, so a deleted or different warehouse file is always rebuilt."""
import hashlib
from pathlib import Path

import duckdb

from pipelines.inputs import Listed
from pipelines.settings import DBT_PROJECT_DIR, REPO_ROOT

_CODE_GLOBS = [(REPO_ROOT / "pipelines", "**/*.py"), (REPO_ROOT / "pipelines", "**/*.csv"),
               (DBT_PROJECT_DIR, "models/**/*"), (DBT_PROJECT_DIR, "macros/**/*"), (DBT_PROJECT_DIR, "tests/**/*"),
               (DBT_PROJECT_DIR, "*.yml")]


def code_fingerprint() -> str:
    """Hash of the pipeline's code and dbt project: a code change rebuilds everything downstream of it."""
    digest = hashlib.sha256()
    for root, pattern in _CODE_GLOBS:
        for path in sorted(p for p in root.glob(pattern) if p.is_file()):
            digest.update(path.relative_to(REPO_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def input_fingerprint(listed: list[Listed], spacy_model: str) -> str:
    """Hash of what is in the input folder (paths, sizes, modification times) and the NLP model, plus the code."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(spacy_model.encode())
    for f in listed:
        digest.update(f"{f.source_path}\0{f.size_bytes}\0{f.modified_at.isoformat()}\n".encode())
    return digest.hexdigest()


def stored_fingerprint(database: Path) -> str | None:
    """The fingerprint of the last successful build of this warehouse file, if any (opened read-only)."""
    if not database.exists():
        return None
    try:
        conn = duckdb.connect(str(database), read_only=True)
    except duckdb.Error:  # locked by a writer: a run is under way, so do not skip
        return None
    try:
        has_state = conn.execute(
            "select 1 from information_schema.tables where table_schema = 'raw' and table_name = 'build_state'"
        ).fetchall()
        rows = conn.execute("select fingerprint from raw.build_state").fetchall() if has_state else []
    finally:
        conn.close()
    return rows[0][0] if rows else None
