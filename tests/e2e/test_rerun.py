"""A second run with nothing new does no work; a new file is picked up."""
import shutil

from tests.conftest import SEEDS, query, run_pipeline


def test_second_run_with_no_new_input_does_nothing(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in sorted(p.name for p in SEEDS.glob("*.txt"))[:2]:
        shutil.copy(SEEDS / name, raw / name)
    database, home = tmp_path / "w.duckdb", tmp_path / "home"

    first = run_pipeline(raw, database, home)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "built from" in first.stdout

    second = run_pipeline(raw, database, home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Nothing new" in second.stdout  # no Dagster run was launched: no article reprocessed

    shutil.copy(sorted(SEEDS.glob("*.txt"))[2], raw / "third.txt")
    third = run_pipeline(raw, database, home)
    assert third.returncode == 0, third.stdout + third.stderr
    assert query(database, "select count(*) from articles") == [(3,)]
