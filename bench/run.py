"""`make bench`: each figure next to its baseline, measured in the same run.

Writes bench/results.json (median, p95 and ratio to baseline per figure) and the
table in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bench.workload import WORDS, encrypted_engine, plain_engine, populate
from legal_desk import search
from legal_desk.crypto.secret import SecretKey
from legal_desk.identity import Actor
from legal_desk.services import queue
from legal_desk.storage.engine import make_engine
from models import CaseStatus
from models.base import utc_now

ROOT = Path(__file__).resolve().parent.parent
FIRST_PAGE = 60  # rows a tall queue shows at once
BLOCK = 256


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 3), "p95_ms": round(p95, 3)}


class _BenchWorkspace:
    """Just enough of a Workspace for the queue panel, over any engine (the baseline
    has no key, so it cannot be a real workspace)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.actor = Actor("bench", "A. Rivera")
        self.clock = utc_now

    def session(self) -> Session:
        return Session(self.engine)


def panel_first_paint(engine: Engine, repeat: int) -> list[float]:
    """What the attorney waits for: the queue table loaded and its visible rows painted."""
    from PySide6.QtWidgets import QApplication

    from ui.queue.panel import QueuePanel

    app = QApplication.instance() or QApplication([])
    samples = []
    for _ in range(repeat):
        panel = QueuePanel()
        panel.resize(900, 1000)
        start = time.perf_counter()
        panel.set_workspace(_BenchWorkspace(engine))  # type: ignore[arg-type]
        panel.grab()  # paints every visible row, fetching their data
        samples.append((time.perf_counter() - start) * 1000)
        panel.clear()
        panel.deleteLater()
        app.processEvents()
    return samples


def queue_figures(engine: Engine, repeat: int, queries: list[str]) -> dict[str, list[float]]:
    flt = queue.QueueFilter()
    filtered = queue.QueueFilter(statuses=frozenset({CaseStatus.IN_REVIEW}))

    def first_paint() -> None:
        with Session(engine) as s:
            ids = queue.ordered_ids(s, flt)
            queue.rows(s, ids[:FIRST_PAGE])
            queue.counts_by_status(s, flt)

    def scroll_all() -> None:
        with Session(engine) as s:
            ids = queue.ordered_ids(s, flt)
            for start in range(0, len(ids), BLOCK):
                queue.rows(s, ids[start : start + BLOCK])

    def filter_change() -> None:
        with Session(engine) as s:
            ids = queue.ordered_ids(s, filtered)
            queue.rows(s, ids[:FIRST_PAGE])
            queue.counts_by_status(s, filtered)

    search_samples: list[float] = []
    with Session(engine) as s:
        for q in queries:
            start = time.perf_counter()
            search.search(s, q)
            search_samples.append((time.perf_counter() - start) * 1000)
    return {
        "queue_panel_first_paint": panel_first_paint(engine, repeat),
        "queue_first_paint": timed(first_paint, repeat),
        "queue_scroll_all": timed(scroll_all, max(3, repeat // 3)),
        "queue_filter_change": timed(filter_change, repeat),
        "search": search_samples,
    }


def build(path: str, key_hex: str | None, args: argparse.Namespace) -> None:
    engine = (
        encrypted_engine(Path(path), SecretKey(bytes.fromhex(key_hex)))
        if key_hex
        else plain_engine(Path(path))
    )
    populate(engine, args.cases, args.documents)
    engine.dispose()


QUEUE_BASELINE = "same query, unencrypted SQLite"
QUEUE_WHAT = {
    "queue_panel_first_paint": "The real queue panel given the workspace until its visible "
    "rows are painted (`set_workspace` + `grab`).",
    "queue_first_paint": f"The queue's ordered case ids, its first {FIRST_PAGE} rows and the "
    "counts by status.",
    "queue_scroll_all": f"Every row of the queue, fetched in blocks of {BLOCK} as scrolling does.",
    "queue_filter_change": f"One status filter applied: ids, first {FIRST_PAGE} rows and counts.",
    "search": "One full-text search (250 queries: word prefixes, word pairs, badge numbers).",
}


def figure(
    samples: list[float], baseline: list[float], baseline_label: str, what: str = ""
) -> dict[str, Any]:
    """One figure as results.json keeps it: median, p95 and ratios to its baseline."""
    mine, base = summary(samples), summary(baseline)
    entry: dict[str, Any] = {
        **mine,
        "baseline": baseline_label,
        "baseline_median_ms": base["median_ms"],
        "baseline_p95_ms": base["p95_ms"],
        "ratio": round(mine["median_ms"] / max(base["median_ms"], 1e-6), 2),
        "ratio_p95": round(mine["p95_ms"] / max(base["p95_ms"], 1e-6), 2),
        "samples": len(samples),
    }
    if what:
        entry["what"] = what
    return entry


def queue_run(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    rng = random.Random(3)
    queries = [rng.choice(WORDS)[: rng.randrange(3, 8)] for _ in range(150)]
    queries += [f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(50)]
    queries += [f"ERO-{rng.randrange(10000, 99999)}" for _ in range(50)]
    with tempfile.TemporaryDirectory() as tmp:
        key = SecretKey.generate()
        t0 = time.perf_counter()
        # Build in child processes so this process's peak memory is the queries' alone.
        ctx = multiprocessing.get_context("spawn")
        builders = [
            ctx.Process(target=build, args=(str(Path(tmp) / "enc.db"), key.hex(), args)),
            ctx.Process(target=build, args=(str(Path(tmp) / "plain.db"), None, args)),
        ]
        for proc in builders:
            proc.start()
        for proc in builders:
            proc.join()
            if proc.exitcode != 0:
                raise SystemExit("building a benchmark workspace failed")
        print(f"built two workspaces of {args.cases} cases in {time.perf_counter() - t0:.1f} s")
        enc = make_engine(Path(tmp) / "enc.db", key)
        plain = plain_engine(Path(tmp) / "plain.db")
        # Warm both caches the same way before measuring.
        queue_figures(enc, 2, queries[:20])
        queue_figures(plain, 2, queries[:20])
        enc_figs = queue_figures(enc, args.repeat, queries)
        plain_figs = queue_figures(plain, args.repeat, queries)
        enc.dispose()
        plain.dispose()
    return {
        name: figure(samples, plain_figs[name], QUEUE_BASELINE, QUEUE_WHAT.get(name, ""))
        for name, samples in enc_figs.items()
    }


def document_run(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    from bench import documents

    t0 = time.perf_counter()
    measured = documents.measure(samples=args.repeat, flip_rounds=args.flip_rounds)
    print(f"document figures measured in {time.perf_counter() - t0:.1f} s")
    results = {}
    for name, fig in measured.items():
        entry = figure(fig.samples, fig.baseline_samples, fig.baseline, fig.what)
        if fig.steps:
            entry["steps_median_ms"] = fig.step_medians()
        if fig.note:
            entry["note"] = fig.note
        results[name] = entry
    if "document_ocr_photo" not in measured:
        print("OCR figure skipped: Tesseract is not installed (apt-get install tesseract-ocr)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--flip-rounds", type=int, default=4, help="rounds of 49 page flips (document figures)"
    )
    parser.add_argument(
        "--only",
        choices=("queue", "documents"),
        help="measure one group; the other group's figures are kept from the last results.json",
    )
    args = parser.parse_args()
    out = ROOT / "bench" / "results.json"
    previous: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    results: dict[str, Any] = {
        "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
        "workload": {"cases": args.cases, "documents": args.documents},
        "figures": {},
    }
    if args.only == "documents" and previous:
        results["workload"] = previous.get("workload", results["workload"])
        results["figures"] = {
            name: fig
            for name, fig in previous.get("figures", {}).items()
            if not name.startswith("document_")
        }
    elif args.only == "queue":
        results["figures"] = {
            name: fig
            for name, fig in previous.get("figures", {}).items()
            if name.startswith("document_")
        }
    if args.only != "documents":
        results["figures"].update(queue_run(args))
        results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    else:
        # Peak memory is the queue run's figure; a documents-only run does not replace it.
        results["peak_rss_mb"] = previous.get("peak_rss_mb", 0.0)
    if args.only != "queue":
        results["figures"].update(document_run(args))
    # Queue figures first, then the document figures, whichever group was measured.
    results["figures"] = dict(
        sorted(results["figures"].items(), key=lambda item: item[0].startswith("document_"))
    )
    out.write_text(json.dumps(results, indent=2) + "\n")
    names = list(results["figures"])
    if any(n.startswith("document_") for n in names) and not all(
        n.startswith("document_") for n in names
    ):
        write_markdown(results)
    else:
        # results.json is not kept in git: a partial run on a fresh checkout has no
        # figures of the other group, and must not drop them from the document.
        print("docs/PERFORMANCE.md left as it is: run `make bench` once for every figure")
    print(json.dumps(results["figures"], indent=2))
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def write_markdown(results: dict[str, Any]) -> None:
    from bench import documents

    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`bench/run.py`). Each figure is measured next to its",
        "baseline in the same run; ratios are ours / baseline (lower is better).",
        '`make bench ARGS="--only documents"` measures the document figures alone',
        "(under a minute) and keeps the queue figures of the last full run.",
        "",
        f"Workload: {results['workload']['cases']:,} cases, "
        f"{results['workload']['documents']:,} documents' text. "
        f"Python {results['machine']['python']}. "
        f"Peak RSS of the queue figures {results['peak_rss_mb']} MB.",
        f"Documents: a {documents.WARRANT_PAGES}-page search warrant and a "
        f"{documents.FLIP_PAGES}-page affidavit (text PDFs), a phone photo of an "
        "administrative warrant (PNG); all fictional specimens made by the bench, "
        "imported into a real encrypted workspace.",
        "",
        "| figure | median ms | p95 ms | baseline median ms | baseline p95 ms "
        "| ratio | ratio p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, f in results["figures"].items():
        lines.append(
            f"| {name} | {f['median_ms']} | {f['p95_ms']} | {f['baseline_median_ms']} | "
            f"{f['baseline_p95_ms']} | {f['ratio']} | {f['ratio_p95']} |"
        )
    lines += ["", "## What each figure measures", ""]
    for name, f in results["figures"].items():
        what = f.get("what") or QUEUE_WHAT.get(name, "")
        line = f"- **{name}**: {what} Baseline: {f['baseline']}."
        if f.get("note"):
            line += f" ({f['note']}.)"
        lines.append(line)
    lines += [
        "",
        "## Findings on the document figures (issue 4)",
        "",
        "From an investigation on 2026-11-30 (step timings, traces, interleaved variants);",
        "the numbers are from those runs, not from the table above.",
        "",
    ]
    lines += [f"- {finding}" for finding in documents.FINDINGS]
    steps = [
        (name, f["steps_median_ms"])
        for name, f in results["figures"].items()
        if "steps_median_ms" in f
    ]
    if steps:
        lines += ["", "## Where the time goes (median ms per step)", ""]
        for name, parts in steps:
            lines.append(f"- **{name}**: " + "; ".join(f"{k} {v}" for k, v in parts.items()) + ".")
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "PERFORMANCE.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
