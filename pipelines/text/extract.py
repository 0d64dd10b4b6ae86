"""One spaCy pass per article feeding every extractor, with results cached per article body and extractor version.

The model is the whole cost of the pipeline, so an article is parsed only when some extractor has no result for
its current body at its current version; all else is carried over from the previous run's tables. The parse runs
only as far as the extractors read it (nlp.annotate), and, when there is enough to do, in one worker process per
core, each with its own model, writing each chunk's rows to Parquet files that are read back at the end.
"""
import contextlib
import os
import pickle
import queue
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from spacy.language import Language
from spacy.tokens import Doc

from pipelines.apart import PACKAGE_ROOT
from pipelines.text import entities, numbers, quotes, text_hash
from pipelines.text.nlp import annotate, load_pipeline, warm_up_tokenizer

# Articles per task of a worker and per memory zone: spaCy frees the strings a zone created when it closes, so
# memory stays flat on long runs.
CHUNK = 20
BATCH_SIZE = 32
# Worker processes: one per core, at most MAX_PROCESSES (each holds a model: about 300 MB). Starting one costs a
# few seconds (an interpreter, spaCy, the model), so each must get at least MIN_CHARS_PER_PROCESS of text
# (about 50,000 words, ten seconds of parsing); less runs in this process.
MAX_PROCESSES = 4
MIN_CHARS_PER_PROCESS = 300_000
# A worker keeps growing with what it has parsed, memory zones or not (about 330 MB once loaded, 600-650 MB after
# 3,000 articles); past this it is replaced, so memory stays flat whatever the corpus size.
WORKER_MEMORY_LIMIT = 600_000_000


@dataclass(frozen=True)
class Extractor:
    table: str  # the raw table its rows go to
    version: str
    extract: Callable[[Doc], list[dict]]
    schema: dict[str, pl.DataType]  # of its rows, without article_id


EXTRACTORS = (
    Extractor("quotes", quotes.VERSION, quotes.extract_quotes, quotes.SCHEMA),
    Extractor("entity_mentions", entities.VERSION, entities.extract_mentions, entities.SCHEMA),
    Extractor("numeric_claims", numbers.VERSION, numbers.extract_claims, numbers.SCHEMA),
)
INDEX_SCHEMA = {"article_id": pl.String, "body_hash": pl.String, "extractor": pl.String, "version": pl.String}


@dataclass(frozen=True)
class Extracted:
    tables: dict[str, pl.DataFrame]  # extractor table -> rows for every current article
    index: pl.DataFrame  # which (article, body, extractor, version) the tables now hold
    parsed: int  # articles that went through spaCy this time
    processes: int  # how many processes parsed them (1: the caller's)


def cache_keys(articles: pl.DataFrame, model: str) -> pl.DataFrame:
    """What the tables must hold for `articles` (article_id, body): one key per article and extractor. The
    version includes the model: another model gives other results."""
    extractors = pl.DataFrame({"extractor": [e.table for e in EXTRACTORS],
                               "version": [f"{e.version}+{model}" for e in EXTRACTORS]})
    hashed = articles.select("article_id", body_hash=pl.col("body").map_elements(text_hash, return_dtype=pl.String))
    return hashed.join(extractors, how="cross").select(INDEX_SCHEMA.keys())


def parse_and_extract(nlp: Language, work: list[tuple[str, str, set[str]]]) -> dict[str, pl.DataFrame]:
    """Parse each (article_id, body, extractor tables wanted) once; every wanted extractor's rows, by table."""
    return _merged(_extract_chunk(nlp, chunk) for chunk in _chunks(work))


def _chunks(work: list) -> list[list]:
    return [work[start:start + CHUNK] for start in range(0, len(work), CHUNK)]


def _merged(parts) -> dict[str, pl.DataFrame]:
    """One frame per table from the chunks' frames."""
    frames: dict[str, list[pl.DataFrame]] = {e.table: [pl.DataFrame(schema=_schema(e))] for e in EXTRACTORS}
    for part in parts:
        for table, frame in part.items():
            frames[table].append(frame)
    return {table: pl.concat(found) for table, found in frames.items()}


def _schema(extractor: Extractor) -> dict[str, pl.DataType]:
    return {"article_id": pl.String, **extractor.schema}


def _extract_chunk(nlp: Language, chunk: list[tuple[str, str, set[str]]]) -> dict[str, pl.DataFrame]:
    """One chunk's rows by table, as frames: far smaller than their dicts."""
    rows: dict[str, list[dict]] = {e.table: [] for e in EXTRACTORS}
    warm_up_tokenizer(nlp, [body for _, body, _ in chunk])
    with nlp.memory_zone():
        for (article_id, _, wanted), doc in zip(chunk, annotate(nlp, (body for _, body, _ in chunk), BATCH_SIZE)):
            for extractor in EXTRACTORS:
                if extractor.table in wanted:
                    rows[extractor.table].extend({"article_id": article_id, **row} for row in extractor.extract(doc))
    return {e.table: pl.DataFrame(rows[e.table], schema=_schema(e)) for e in EXTRACTORS}


def worker_count(work: list[tuple[str, str, set[str]]]) -> int:
    """How many processes the work is worth: 1 means this one."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES, sum(len(body) for _, body, _ in work) // MIN_CHARS_PER_PROCESS))


def parse_and_extract_in_workers(model: str, work: list[tuple[str, str, set[str]]], processes: int
                                 ) -> dict[str, pl.DataFrame]:
    """parse_and_extract in `processes` worker processes (`python -m pipelines.text.extract MODEL FOLDER`), each
    loading the model once and taking the next chunk of work when it is done with one. A worker writes a chunk's
    rows to Parquet files in a temporary folder and sends back their paths, read once at the end: with the
    chunks' frames received one by one instead, Dagster's process ended the step over 10,000 articles at 989 MB
    (677 MB so). A worker that has grown past WORKER_MEMORY_LIMIT is replaced."""
    # Fresh interpreters rather than multiprocessing: a fork would copy the caller's threads (Dagster, polars),
    # and spawn or forkserver re-import the caller's main module (Dagster itself) in every worker.
    # One BLAS thread each: the workers already use every core.
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    started: list[subprocess.Popen] = []
    folder = tempfile.TemporaryDirectory(prefix="news-extract-")

    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_setaffinity") else []

    def start(slot: int) -> subprocess.Popen:
        worker = subprocess.Popen([sys.executable, "-m", "pipelines.text.extract", model, folder.name],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=PACKAGE_ROOT)
        started.append(worker)
        # Each worker on a core of its own: left to move between cores they took 4-5 % longer (3,000 articles,
        # two workers on two cores: 96-98 s against 93 s).
        if len(cores) >= processes:
            with contextlib.suppress(OSError):  # it may have died already: said when it is fed
                os.sched_setaffinity(worker.pid, {cores[slot]})
        return worker

    chunks = queue.SimpleQueue()
    for number, chunk in enumerate(_chunks(work)):
        chunks.put((number, chunk))
    found: queue.SimpleQueue = queue.SimpleQueue()  # each chunk's files by table, as they come back

    def feed(slot: int) -> None:
        worker = start(slot)
        while True:
            try:
                chunk = chunks.get_nowait()
            except queue.Empty:
                return
            try:
                pickle.dump(chunk, worker.stdin)
                worker.stdin.flush()
                found.put(pickle.load(worker.stdout))
            except (BrokenPipeError, EOFError):
                raise RuntimeError(f"extraction worker {worker.pid} died (exit code {worker.wait()}); "
                                   "its error is on standard error") from None
            if not chunks.empty() and _resident_bytes(worker.pid) > WORKER_MEMORY_LIMIT:
                _stop(worker)
                worker = start(slot)

    try:
        with ThreadPoolExecutor(processes) as threads:
            feeding = [threads.submit(feed, slot) for slot in range(processes)]
            files = list(_until_done(found, feeding))
            for done in feeding:
                done.result()
        return {e.table: pl.read_parquet([f[e.table] for f in files]).cast(_schema(e)) for e in EXTRACTORS}
    finally:
        for worker in started:
            _stop(worker)
        folder.cleanup()


def _stop(worker: subprocess.Popen) -> None:
    """Close the worker's input (it exits when it reads the end) and wait for it."""
    try:
        worker.stdin.close()
    except BrokenPipeError:
        pass
    worker.wait()
    worker.stdout.close()


def _resident_bytes(pid: int) -> int:
    """The process's resident memory, where /proc tells it (Linux); 0 elsewhere, so workers are never replaced."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _until_done(found: queue.SimpleQueue, feeding: list) -> Iterator[dict[str, str]]:
    """The chunks' files as the workers send them, until every feeder has stopped."""
    while True:
        try:
            yield found.get(timeout=0.5)
        except queue.Empty:
            if all(f.done() for f in feeding) and found.empty():
                return


def _serve(model: str, folder: str) -> None:
    """A worker: reads numbered chunks (pickled) from stdin until it closes; writes each chunk's rows to Parquet
    files in `folder` and their paths by table to stdout."""
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the replies
    nlp = load_pipeline(model)
    while True:
        try:
            number, chunk = pickle.load(requests)
        except EOFError:
            return
        paths = {}
        for table, frame in _extract_chunk(nlp, chunk).items():
            paths[table] = str(Path(folder) / f"{number:06d}-{table}.parquet")
            frame.write_parquet(paths[table], compression="uncompressed")
        pickle.dump(paths, replies)
        replies.flush()


def extract(load_nlp: Callable[[], Language], model: str, articles: pl.DataFrame,
            cached: dict[str, pl.DataFrame | None], index: pl.DataFrame | None) -> Extracted:
    """Every extractor's rows for the current `articles`: valid cached rows plus new rows for what changed.
    The model is loaded only when there is something to parse."""
    keys = cache_keys(articles, model)
    schemas = {e.table: _schema(e) for e in EXTRACTORS}
    # a cached table without today's columns is as good as none
    usable = {t: old for t, old in cached.items() if old is not None and set(schemas[t]) <= set(old.columns)}
    valid = index.filter(pl.col("extractor").is_in(list(usable))) if index is not None else None
    stale = keys if valid is None else keys.join(valid, on=list(INDEX_SCHEMA), how="anti")
    wanted = stale.group_by("article_id").agg(extractors=pl.col("extractor"))
    work = articles.join(wanted, on="article_id").sort("article_id")
    todo = [(a, b, set(e)) for a, b, e in work.select("article_id", "body", "extractors").iter_rows()]
    processes = worker_count(todo)
    if not todo:
        new_rows = _merged([])
    elif processes > 1:
        new_rows = parse_and_extract_in_workers(model, todo, processes)
    else:
        new_rows = parse_and_extract(load_nlp(), todo)
    tables = {}
    for extractor in EXTRACTORS:
        schema = schemas[extractor.table]
        redone = stale.filter(pl.col("extractor") == extractor.table)["article_id"].implode()
        old = usable.get(extractor.table, pl.DataFrame(schema=schema))
        kept = old.filter(pl.col("article_id").is_in(articles["article_id"].implode()) & ~pl.col("article_id").is_in(redone))
        kept = kept.select(schema.keys()).cast(schema)
        fresh = new_rows[extractor.table]
        tables[extractor.table] = pl.concat([kept, fresh]).sort("article_id", "char_start", "char_end")
    return Extracted(tables=tables, index=keys, parsed=work.height, processes=processes)


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2])
