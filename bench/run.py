"""`make bench`: each figure next to its baseline, measured in the same run.

Writes bench/results.json (per figure: median, p95, the ratio to its baseline, its
target and whether it meets it; the time and load average of each group's run) and
the table in docs/PERFORMANCE.md. Groups, each `--only` choice: queue (issue 3),
documents (issue 4), startup and casefile (issue 7).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
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
QUEUE_ROUNDS = 5
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


def queue_figures(
    engine: Engine, repeat: int, queries: list[str], scroll_repeat: int | None = None
) -> dict[str, list[float]]:
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
        "queue_scroll_all": timed(
            scroll_all, scroll_repeat if scroll_repeat is not None else max(3, repeat // 3)
        ),
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


QUEUE_BASELINE = "same query, unencrypted SQLite (the same build and connection settings, no key)"
QUEUE_NOTES = (
    "The baseline connection has every setting of the app's but the key (cache size, "
    "temp_store = MEMORY, foreign keys, WAL, an explicit BEGIN per transaction) since "
    "2026-11-30. Before, it lacked the in-memory temp store and the explicit BEGIN, and "
    "on a loaded machine the encrypted queue measured 0.55-0.7x of plain: the baseline "
    "was slow, not the encryption fast. Encrypted and plain now run in five rounds that "
    "alternate which goes first (they used to run one after the other).",
)
QUEUE_WHAT = {
    "queue_panel_first_paint": "The real queue panel given the workspace until its visible "
    "rows are painted (`set_workspace` + `grab`).",
    "queue_first_paint": f"The queue's ordered case ids, its first {FIRST_PAGE} rows and the "
    "counts by status.",
    "queue_scroll_all": f"Every row of the queue, fetched in blocks of {BLOCK} as scrolling does.",
    "queue_filter_change": f"One status filter applied: ids, first {FIRST_PAGE} rows and counts.",
    "search": "One full-text search (250 queries: word prefixes, word pairs, badge numbers).",
}


# Issue 7's targets, as the highest ratio (median / baseline median) that meets them.
# A figure with no target (OCR, the case file, the floors) records `target: null`.
QUEUE_TARGET = 1.3  # every encrypted/plain ratio
RENDER_TARGET = 1.2  # render vs bare PyMuPDF
START_TARGET = 1.5  # start to an unlocked window vs a bare PySide6 window
TARGETS = {
    "document_render": RENDER_TARGET,
    "document_render_open": RENDER_TARGET,
    "document_page_flip": RENDER_TARGET,
    "startup_unlocked_window": START_TARGET,
}
GROUPS = ("queue", "documents", "startup", "casefile")
PREFIXES = {"documents": "document_", "startup": "startup_", "casefile": "casefile_"}


def group_of(name: str) -> str:
    """Which `--only` group measures a figure (the queue's names have no common prefix)."""
    return next((g for g, prefix in PREFIXES.items() if name.startswith(prefix)), "queue")


def target_of(name: str) -> float | None:
    if name in TARGETS:
        return TARGETS[name]
    return QUEUE_TARGET if group_of(name) == "queue" else None


def with_target(name: str, entry: dict[str, Any]) -> dict[str, Any]:
    """The figure with its target and whether the median ratio meets it (None: no target)."""
    target = target_of(name)
    entry["target_ratio"] = target
    entry["meets_target"] = None if target is None else bool(entry["ratio"] <= target)
    return entry


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
        enc_figs: dict[str, list[float]] = {}
        plain_figs: dict[str, list[float]] = {}
        # In rounds that alternate which engine goes first, so that load from other
        # work on a shared machine falls on both alike (one block each did not).
        per_round = -(-args.repeat // QUEUE_ROUNDS)
        scroll_per_round = -(-max(3, args.repeat // 3) // QUEUE_ROUNDS)
        for i in range(QUEUE_ROUNDS):
            order = [(enc, enc_figs), (plain, plain_figs)]
            for engine, into in order if i % 2 == 0 else order[::-1]:
                chunk = queries[i::QUEUE_ROUNDS]
                for name, samples in queue_figures(
                    engine, per_round, chunk, scroll_per_round
                ).items():
                    into.setdefault(name, []).extend(samples)
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


def startup_run(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    from bench import startup

    t0 = time.perf_counter()
    measured = startup.measure(
        samples=args.start_repeat,
        warmup=args.start_warmup,
        cases=args.start_cases,
        import_samples=max(1, args.start_repeat // 3),
    )
    print(f"start-up figures measured in {time.perf_counter() - t0:.1f} s")
    bare = (
        "a bare PySide6 window: a new process imports PySide6, shows a QMainWindow "
        "(a label as its central widget) and paints it"
    )
    argon2 = (
        f"Argon2id with the test parameters is included (median {measured.argon2_test_ms} ms); "
        f"a real workspace's derivation ({measured.argon2_real_params}, tuned to this "
        f"machine) takes {measured.argon2_real_ms} ms more per unlock and is not included"
    )
    unlocked = figure(
        measured.app,
        measured.bare,
        bare,
        "A new process starts the app (`ui.app.run`'s steps up to `app.exec()`, offscreen), "
        "the passphrase goes in as soon as the unlock screen is painted, and the time is "
        f"taken when the queue's first rows are painted ({measured.rows} rows in the "
        "queue: the demo cases and generated ones). Wall time from spawning the process.",
    )
    unlocked["note"] = argon2
    unlocked["steps_median_ms"] = measured.step_medians()
    unlocked["baseline_steps_median_ms"] = measured.step_medians(bare=True)
    unlocked["imports_median_ms"] = measured.import_medians()
    screen = figure(
        measured.unlock_screen,
        measured.bare,
        bare,
        "The same starts until the unlock screen is painted: the first window the user sees.",
    )
    floor = figure(
        measured.floor,
        measured.bare,
        bare,
        "The bare window again, with SQLAlchemy's ORM imported before it is built: what no "
        "start that shows the queue through the ORM can go below. Against the same baseline, "
        f"its ratio is the least the start-up figure can reach (target {START_TARGET}).",
    )
    return {
        "startup_unlocked_window": unlocked,
        "startup_unlock_screen": screen,
        "startup_stack_floor": floor,
    }


def casefile_run(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    from bench import casefile

    t0 = time.perf_counter()
    measured = casefile.measure(samples=args.casefile_repeat)
    print(f"case-file figure measured in {time.perf_counter() - t0:.1f} s")
    entry = figure(
        measured.samples,
        measured.baseline_samples,
        "bare PyMuPDF: insert_pdf of the same documents' stored pages (already "
        "decrypted) into a new PDF, then tobytes(garbage=3, deflate=True) as the app saves",
        f"`export_case_file` of a case whose {measured.document_pages} document pages are "
        "a 2-page search warrant, a 1-page administrative warrant and an affidavit, with "
        "rectangles and notes on every third page, a redaction per document and the "
        "checker's findings: written sections, annotated pages, redactions applied, "
        "bookmarks, page numbers, saved to bytes.",
    )
    entry["note"] = (
        f"case file {measured.pages} pages, {measured.size_kb} KB; "
        f"baseline {measured.document_pages} pages, {measured.baseline_size_kb} KB"
    )
    entry["steps_median_ms"] = measured.step_medians()
    return {"casefile_export": entry}


RUNS = {
    "queue": queue_run,
    "documents": document_run,
    "startup": startup_run,
    "casefile": casefile_run,
}


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--flip-rounds", type=int, default=4, help="rounds of 49 page flips (document figures)"
    )
    parser.add_argument(
        "--start-repeat", type=int, default=15, help="starts of each kind (start-up figures)"
    )
    parser.add_argument(
        "--start-warmup", type=int, default=1, help="discarded starts of each kind, first"
    )
    parser.add_argument(
        "--start-cases",
        type=int,
        default=1000,
        help="cases added to the demo cases in the start-up workspace",
    )
    parser.add_argument("--casefile-repeat", type=int, default=15, help="case-file exports")
    parser.add_argument(
        "--only",
        choices=GROUPS,
        help="measure one group; the other groups' figures are kept from the last results.json",
    )
    parser.add_argument(
        "--markdown-only",
        action="store_true",
        help="measure nothing: rewrite docs/PERFORMANCE.md from bench/results.json",
    )
    args = parser.parse_args()
    out = ROOT / "bench" / "results.json"
    previous: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    if args.markdown_only:
        if {group_of(n) for n in previous.get("figures", {})} != set(GROUPS):
            raise SystemExit("bench/results.json lacks some figures: run `make bench` first")
        write_markdown(previous)
        return
    started = time.perf_counter()
    load_before = _load()
    results: dict[str, Any] = {
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "workload": {"cases": args.cases, "documents": args.documents},
        "figures": {},
    }
    measured_groups = [args.only] if args.only else list(GROUPS)
    if args.only:
        results["workload"] = previous.get("workload", results["workload"])
        results["figures"] = {
            name: fig
            for name, fig in previous.get("figures", {}).items()
            if group_of(name) != args.only
        }
        results["runs"] = {g: run for g, run in previous.get("runs", {}).items() if g != args.only}
    if args.only == "queue":
        results["workload"] = {"cases": args.cases, "documents": args.documents}
    results.setdefault("runs", {})
    for group in measured_groups:
        t0 = time.perf_counter()
        load = _load()
        results["figures"].update(RUNS[group](args))
        results["runs"][group] = {
            "seconds": round(time.perf_counter() - t0, 1),
            "load_before": load,
            "load_after": _load(),
        }
        if group == "queue":
            results["peak_rss_mb"] = round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
            )
    if "queue" not in measured_groups:
        # Peak memory is the queue run's figure; a partial run does not replace it.
        results["peak_rss_mb"] = previous.get("peak_rss_mb", 0.0)
    results["figures"] = {
        name: with_target(name, fig)
        for name, fig in sorted(
            results["figures"].items(), key=lambda item: GROUPS.index(group_of(item[0]))
        )
    }
    results["runs"] = {g: results["runs"][g] for g in GROUPS if g in results["runs"]}
    if not args.only:
        results["runs"]["all"] = {
            "seconds": round(time.perf_counter() - started, 1),
            "load_before": load_before,
            "load_after": _load(),
        }
    out.write_text(json.dumps(results, indent=2) + "\n")
    present = {group_of(n) for n in results["figures"]}
    if present == set(GROUPS):
        write_markdown(results)
    else:
        # results.json is not kept in git: a partial run on a fresh checkout lacks the
        # other groups' figures, and must not drop them from the document.
        missing = ", ".join(g for g in GROUPS if g not in present)
        print(f"docs/PERFORMANCE.md left as it is: no figures yet for {missing}")
    print(json.dumps({n: results["figures"][n] for n in results["figures"]}, indent=2))
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def _fmt_target(f: dict[str, Any]) -> tuple[str, str]:
    if f.get("target_ratio") is None:
        return "none", "-"
    return f"<= {f['target_ratio']}", "yes" if f["meets_target"] else "**no**"


def write_markdown(results: dict[str, Any]) -> None:
    from bench import casefile, documents, startup

    runs = results.get("runs", {})
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`bench/run.py`). Each figure is measured next to its",
        "baseline in the same run; ratios are ours / baseline (lower is better), and the",
        "target is issue 7's (start within 1.5x of a bare window, every encrypted/plain",
        "ratio at most 1.3, render at most 1.2x; none for OCR and the case file).",
        '`make bench ARGS="--only documents"` (or `queue`, `startup`, `casefile`) measures',
        "one group and keeps the other groups' figures of the last run.",
        "",
        f"Workload: {results['workload']['cases']:,} cases, "
        f"{results['workload']['documents']:,} documents' text. "
        f"Python {results['machine']['python']}, {results['machine'].get('cpus', '?')} CPUs. "
        f"Peak RSS of the queue figures {results['peak_rss_mb']} MB.",
        f"Documents: a {documents.WARRANT_PAGES}-page search warrant and a "
        f"{documents.FLIP_PAGES}-page affidavit (text PDFs), a phone photo of an "
        "administrative warrant (PNG); all fictional specimens made by the bench, "
        "imported into a real encrypted workspace.",
    ]
    if runs:
        lines += [
            "",
            "Time and load average (1, 5, 15 min) of each group's run, the machine shared "
            "with other work:",
            "",
        ]
        for group, run in runs.items():
            lines.append(
                f"- {group}: {run['seconds']} s, load {run['load_before']} before, "
                f"{run['load_after']} after"
            )
    lines += [
        "",
        "| figure | median ms | p95 ms | baseline median ms | baseline p95 ms "
        "| ratio | ratio p95 | target | meets |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, f in results["figures"].items():
        target, meets = _fmt_target(f)
        lines.append(
            f"| {name} | {f['median_ms']} | {f['p95_ms']} | {f['baseline_median_ms']} | "
            f"{f['baseline_p95_ms']} | {f['ratio']} | {f['ratio_p95']} | {target} | {meets} |"
        )
    lines += ["", "## What each figure measures", ""]
    for name, f in results["figures"].items():
        what = f.get("what") or QUEUE_WHAT.get(name, "")
        line = f"- **{name}**: {what} Baseline: {f['baseline']}."
        if f.get("note"):
            line += f" ({f['note']}.)"
        lines.append(line)
    lines += ["", "## Notes on the queue figures (issue 3)", ""]
    lines += [f"- {note}" for note in QUEUE_NOTES]
    lines += [
        "",
        "## Findings on the document figures (issue 4)",
        "",
        "From an investigation on 2026-11-30 (step timings, traces, interleaved variants);",
        "the numbers are from those runs, not from the table above.",
        "",
    ]
    lines += [f"- {finding}" for finding in documents.FINDINGS]
    lines += [
        "",
        "## Findings on the start-up figure (issue 7)",
        "",
        "From the child processes' step marks and `python -X importtime` on 2026-11-30;",
        "the numbers are from those runs. Nothing in the app was changed for this figure.",
        "",
    ]
    lines += [f"- {finding}" for finding in startup.FINDINGS]
    lines += [
        "",
        "## Findings on the case-file figure (issue 7)",
        "",
        "From the export's progress steps and a cProfile of one export on 2026-11-30;",
        "the numbers are from those runs. Nothing in the app was changed for this figure.",
        "",
    ]
    lines += [f"- {finding}" for finding in casefile.FINDINGS]
    steps = [
        (name, key, f[key])
        for name, f in results["figures"].items()
        for key in ("steps_median_ms", "baseline_steps_median_ms")
        if key in f
    ]
    if steps:
        lines += ["", "## Where the time goes (median ms per step)", ""]
        for name, key, parts in steps:
            label = name if key == "steps_median_ms" else f"{name}, baseline"
            lines.append(f"- **{label}**: " + "; ".join(f"{k} {v}" for k, v in parts.items()) + ".")
    for name, f in results["figures"].items():
        if "imports_median_ms" in f:
            ladder = "; ".join(f"{k} {v}" for k, v in f["imports_median_ms"].items())
            lines.append(
                f"- **{name}, imports** (a new process importing each set, cumulative "
                f"wall ms timed inside it): {ladder}."
            )
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "PERFORMANCE.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
