"""`make run`: materialise every asset over the input folder, then print a one-screen summary."""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import socket
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipelines.inputs import list_files
from pipelines.settings import Settings
from pipelines.state import input_fingerprint, stored_fingerprint

if TYPE_CHECKING:
    import dagster as dg

# Which process runs a CLI run, so that a later command can tell a run that died from one still going.
PID_TAG, HOST_TAG = "news/pid", "news/host"
SUMMARY_TABLES = ("articles", "removed_segments", "quotes", "entities", "entity_mentions", "numeric_claims",
                  "article_duplicates", "story_clusters", "quote_variants", "claim_comparisons", "rejected_files")


def summary(database: str) -> str:
    """Row counts of the public tables and the rejected files with their reasons."""
    conn = duckdb.connect(database, read_only=True)
    try:
        existing = {r[0] for r in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
        lines = [f"  {name:18s} {conn.execute(f'select count(*) from {name}').fetchall()[0][0]:>8,}"
                 for name in SUMMARY_TABLES if name in existing]
        if "rejected_files" in existing:
            for path, reason in conn.execute("select source_path, reason from rejected_files order by 1 limit 10").fetchall():
                lines.append(f"    rejected {path}: {reason}")
    finally:
        conn.close()
    return "\n".join(lines)


def _work_done(result: dg.ExecuteInProcessResult) -> str:
    """What the run had to do, from its assets' metadata: files changed, articles cleaned and parsed."""
    metadata = {event.asset_key.to_user_string(): event.materialization.metadata
                for event in result.get_asset_materialization_events()}
    files, cleaned, nlp = (metadata.get(key, {}) for key in ("raw_files", "cleaned_articles", "extracted_quotes"))
    figure = lambda md, key: md[key].value if key in md else 0
    return (f"Input: {figure(files, 'new_files')} new, {figure(files, 'changed_files')} changed, "
            f"{figure(files, 'deleted_files')} deleted files. spaCy parsed {figure(nlp, 'articles_parsed')} articles "
            f"({figure(nlp, 'articles_from_cache')} from the cache); {figure(cleaned, 'articles_cleaned')} "
            f"cleaned ({figure(cleaned, 'articles_carried_over')} carried over).")


def release_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs this command started whose process has died (killed, machine restarted), and free the
    `duckdb` pool slot they held: without a daemon nothing else would, and every later run would wait forever."""
    import dagster as dg

    released = []
    for record in instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED,
                                                                    dg.DagsterRunStatus.STARTING])):
        pid, host = record.tags.get(PID_TAG), record.tags.get(HOST_TAG)
        if pid is None or host != socket.gethostname() or _alive(int(pid)):
            continue
        instance.report_run_failed(record, f"its process ({pid}) died before the run finished")
        instance.event_log_storage.free_concurrency_slots_for_run(record.run_id)
        released.append(record.run_id)
    return released


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process with that pid
        return True
    return True


def run(quiet: bool, force: bool, full: bool = False) -> int:
    started = time.perf_counter()
    settings = Settings.from_env()
    listed = list_files(settings.raw_dir)
    if not (force or full) and stored_fingerprint(settings.duckdb_path) == input_fingerprint(listed, settings.spacy_model):
        print(f"Nothing new: {settings.duckdb_path} is up to date with the {len(listed)} files in {settings.raw_dir} "
              f"(checked in {time.perf_counter() - started:.1f}s).")
        if not quiet:
            print(summary(str(settings.duckdb_path)))
        return 0

    # Dagster and the code location take seconds to import: only when there is work
    import dagster as dg

    from pipelines.dbt_project import news_dbt_project
    if not news_dbt_project.manifest_path.exists():  # a fresh clone run without `make`, which parses dbt first
        print(f"No dbt manifest at {news_dbt_project.manifest_path}: parsing the dbt project first.", file=sys.stderr)
        # dagster-dbt's preparer runs `dbt` from PATH: the venv's, as for the runs (definitions.py)
        os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        news_dbt_project.preparer.prepare(news_dbt_project)
    from pipelines.definitions import defs

    instance = dg.DagsterInstance.get()
    for run_id in release_dead_runs(instance):
        print(f"Run {run_id[:8]} had died without finishing: marked failed, its DuckDB slot freed.", file=sys.stderr)
    job = defs.resolve_job_def("build_warehouse")
    log_path = Path(instance.root_directory) / "last_run.log"
    # dbt's progress lines go to the log file (and to the run's logs in the UI), not over the summary.
    with log_path.open("w") as log, contextlib.redirect_stdout(log):
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()},
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}},  # the UI keeps the full log
                        "ops": {"cross_reference": {"config": {"full_resolution": full}}}},
        )
    took = time.perf_counter() - started
    if not result.success:
        for event in result.all_events:
            if event.is_step_failure:
                error = event.event_specific_data.error
                while error.cause:  # Dagster wraps the asset's own exception: show that one
                    error = error.cause
                print(f"{event.step_key} failed: {error.message.strip()}", file=sys.stderr)
        print(f"Run {result.run_id} failed after {took:.1f}s. dbt's output: {log_path}; "
              "the whole run: `make ui`, Runs.", file=sys.stderr)
        return 1
    print(f"Warehouse {settings.duckdb_path} built from {settings.raw_dir} in {took:.1f}s (run {result.run_id[:8]}).")
    print(_work_done(result))
    if not quiet:
        print(summary(str(settings.duckdb_path)))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="materialise every asset and print a summary")
    run_parser.add_argument("--quiet", action="store_true", help="no summary")
    run_parser.add_argument("--force", action="store_true", help="run even when nothing changed")
    run_parser.add_argument("--full", action="store_true",
                            help="join entities over the whole corpus anew (implies --force)")
    args = parser.parse_args()
    return run(args.quiet, args.force, args.full)


def exit_at_once(code: int) -> None:
    """Exit without Python's teardown of every module a run imported (Dagster, dbt, spaCy, polars): 0.4-0.5 s
    after a run, for nothing. What the run wrote is written by then: tables committed, the event log's
    transactions in its WAL files, which the next opener reads, and output flushed here."""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    exit_at_once(main())
