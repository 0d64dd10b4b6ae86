"""The dbt target folder of each warehouse file: dbt's artifacts and its partial-parse state.

One folder per warehouse file, kept across runs: dbt parses the project incrementally only while the profile, which
names the file, is the one its last parse saw, so a fresh folder per run (dagster-dbt's default) would re-parse the
whole project every time. The folders of warehouse files that no longer exist are removed: tests and benchmarks
build warehouses under temporary paths, and each left its folder (6.6 MB) behind. A folder without the note
predates it, and is remade on its warehouse's next run."""
import hashlib
import shutil
from pathlib import Path

from pipelines.settings import DBT_PROJECT_DIR

WAREHOUSE_NOTE = "warehouse_path.txt"  # in each target folder: the warehouse file it serves


def target_path(database: str) -> Path:
    """The target folder of a warehouse file, relative to the dbt project, made ready for a dbt command."""
    database = str(Path(database).resolve())
    relative = Path("target") / f"warehouse-{hashlib.sha256(database.encode()).hexdigest()[:12]}"
    target = DBT_PROJECT_DIR / relative
    target.mkdir(parents=True, exist_ok=True)
    (target / WAREHOUSE_NOTE).write_text(database)
    for folder in target.parent.glob("warehouse-*"):
        if folder != target and not _serves_existing_file(folder):
            shutil.rmtree(folder, ignore_errors=True)  # another run may be removing it too
    return relative


def _serves_existing_file(folder: Path) -> bool:
    try:
        return Path((folder / WAREHOUSE_NOTE).read_text()).exists()
    except OSError:  # no note, or the folder went meanwhile
        return False
