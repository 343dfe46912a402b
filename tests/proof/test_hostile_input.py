"""Hostile input: mutated PDFs, photos and e-mails never crash the app, and every
refusal is a clear one-line message (issue 7, reliability suite).

Each input goes through import (`DocumentStore.attach` on a real workspace), rendering
(first pages at 72 dpi, as the viewer does) and the checker (`ClassificationService.run`,
OCR for a share), in child processes with memory and CPU limits and a wall-clock
timeout here (tests/proof/fuzz_child.py). `make test` runs about 40 inputs; `make
proof` runs 1,200 and prints the distribution of outcomes.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE
from tests.proof.mutations import mutant, seed_files

ROOT = Path(__file__).resolve().parents[2]
BATCH = 50
# Per input, here in the parent: the child's own CPU limit is 90 s per input.
INPUT_TIMEOUT = 150.0
OCR_EVERY = 10
# What the checker must make of the untouched seeds (the controls).
EXPECTED_KINDS = {
    "admin.pdf": "administrative_warrant",
    "judicial.pdf": "judicial_warrant",
    "subpoena.pdf": "administrative_subpoena",
    "plain.pdf": "administrative_warrant",
    "photo.png": "administrative_warrant",
    "photo.jpg": "administrative_warrant",
    "message.eml": "unknown",
}
# Signs of an exception leaking through as text instead of a sentence for the user.
_NOISE = re.compile(
    r"Traceback|File \"|line \d+, in|object at 0x|<[\w.]+ object|\w+Error\(|"
    r"\bfz_|FzError|code=\d|errno|\bNone\b"
)
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")


@dataclass
class Corpus:
    seed_dir: Path
    seed: int
    results: dict[int, dict[str, Any]] = field(default_factory=dict)
    # (index, how the child died in the batch, how it died when run alone)
    deaths: list[tuple[int, str, str]] = field(default_factory=list)
    seconds: float = 0.0
    # For the child's environment (its self-test switches).
    env: dict[str, str] = field(default_factory=dict)


def _write_seeds(directory: Path) -> dict[str, bytes]:
    seeds = seed_files()
    directory.mkdir(parents=True)
    for name, data in seeds.items():
        (directory / name).write_bytes(data)
    return seeds


def _child(corpus: Corpus, work: Path, start: int, count: int) -> tuple[list[dict[str, Any]], str]:
    """Run inputs start..start+count-1 in one child; its result lines, and "" or how it died."""
    env = {
        **os.environ,
        "LEGAL_DESK_PASSPHRASE": PASSPHRASE,
        "PYTHONPATH": str(ROOT),
        **corpus.env,
    }
    err_path = work.parent / f"{work.name}.stderr"
    with err_path.open("wb") as stderr:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.proof.fuzz_child",
                str(corpus.seed_dir),
                str(work),
                str(corpus.seed),
                str(start),
                str(count),
                str(OCR_EVERY),
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
            cwd=ROOT,
            # Its own process group, so a hung child and its Tesseract go together.
            start_new_session=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        assert process.stdout is not None
        out = process.stdout

        def pump() -> None:
            for line in out:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        results: list[dict[str, Any]] = []
        death = ""
        while True:
            try:
                line = lines.get(timeout=INPUT_TIMEOUT)
            except queue.Empty:
                os.killpg(process.pid, signal.SIGKILL)
                death = f"no answer within {INPUT_TIMEOUT:.0f} s (killed)"
                break
            if line is None:
                break
            record = json.loads(line)
            if "i" in record:
                results.append(record)
        process.wait(timeout=60)
    if not death and len(results) < count:
        code = process.returncode
        death = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
    if death:
        # The last line of stderr: the exception, when Python itself gave up.
        tail = err_path.read_text(errors="replace").strip().splitlines()[-1:]
        death += f": {tail[0].strip()}" if tail else ""
    return results, death


def run_corpus(
    tmp_path: Path, *, seed: int, total: int, env: dict[str, str] | None = None
) -> Corpus:
    corpus = Corpus(tmp_path / "seeds", seed, env=env or {})
    _write_seeds(corpus.seed_dir)
    began = time.monotonic()
    start = 0
    while start < total:
        count = min(BATCH, total - start)
        results, death = _child(corpus, tmp_path / f"ws-{start}", start, count)
        corpus.results.update((r["i"], r) for r in results)
        start += len(results)
        if death:
            # Name the input: run it alone, so its own fate is not mixed with the batch's.
            alone, alone_death = _child(corpus, tmp_path / f"ws-{start}-alone", start, 1)
            corpus.results.update((r["i"], r) for r in alone)
            corpus.deaths.append((start, death, alone_death or "survived when run alone"))
            start += 1
    corpus.seconds = time.monotonic() - began
    return corpus


def message_problem(message: str) -> str | None:
    """Why `message` is not a clear one-line message for the user, or None if it is."""
    if not message.strip():
        return "empty message"
    if "\n" in message or "\r" in message:
        return "message of several lines"
    if _NOISE.search(message):
        return "traceback or repr noise in the message"
    return None


def problems(corpus: Corpus) -> list[str]:
    seeds = sorted(p.name for p in corpus.seed_dir.iterdir())
    found: list[str] = []
    for index, how, alone in corpus.deaths:
        what = mutant(_read_seeds(corpus.seed_dir), corpus.seed, index).description
        found.append(f"input {index} ({what}) killed the child: {how}; alone: {alone}")
    for index, record in sorted(corpus.results.items()):
        name = f"input {index} ({record['mutation']})"
        if record.get("roundtrip") is False or record.get("hash_verified") is False:
            found.append(f"{name}: accepted, but the stored original differs from the file")
        if record.get("stored_anyway"):
            found.append(f"{name}: refused at import, but something was stored")
        if record["outcome"] == "error":
            found.append(
                f"{name}: {record['stage']} raised {record['error']} (not a LegalDeskError): "
                f"{record['message']!r}"
            )
        elif record["outcome"] == "refused":
            problem = message_problem(record["message"])
            if problem:
                found.append(f"{name}: {problem}: {record['message']!r}")
        elif record["outcome"] == "render_failed" and not record["mupdf"]:
            found.append(f"{name}: rendering raised {record['error']}: {record['message']!r}")
        if index < len(seeds):
            expected = EXPECTED_KINDS[seeds[index]]
            if record["outcome"] != "ok" or record.get("kind") != expected:
                found.append(f"{name}: a valid seed must be checked as {expected}: {record}")
    dead = {index for index, _how, _alone in corpus.deaths}
    missing = [
        i
        for i in range(max(corpus.results, default=-1) + 1)
        if i not in corpus.results and i not in dead
    ]
    found += [f"input {i}: no result" for i in missing]
    return found


def _read_seeds(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def distribution(corpus: Corpus) -> dict[str, int]:
    counts: collections.Counter[str] = collections.Counter()
    for record in corpus.results.values():
        if record["outcome"] == "ok":
            counts["accepted and checked"] += 1
        elif record["outcome"] == "render_failed":
            counts[f"accepted, a page did not render ({record['error']})"] += 1
        elif record["outcome"] == "refused":
            counts[f"{record['stage']} refused: {record['error']}"] += 1
        else:
            counts[f"{record['stage']} failed, not a LegalDeskError: {record['error']}"] += 1
    counts.update({"child died": len(corpus.deaths)})
    return dict(counts.most_common())


def _report(corpus: Corpus, total: int) -> None:
    ocr = sum(1 for r in corpus.results.values() if r["ocr"])
    print(
        f"\nhostile input: {len(corpus.results)} of {total} inputs in {corpus.seconds:.1f} s "
        f"({ocr} with OCR on)"
    )
    for outcome, count in distribution(corpus).items():
        print(f"  {count:5d}  {outcome}")


def _fuzz(tmp_path: Path, *, seed: int, total: int) -> Corpus:
    corpus = run_corpus(tmp_path, seed=seed, total=total)
    _report(corpus, total)
    found = problems(corpus)
    assert not found, "\n".join(found[:20])
    assert len(corpus.results) == total
    return corpus


def test_forty_hostile_inputs_are_imported_or_refused_clearly(tmp_path: Path) -> None:
    corpus = _fuzz(tmp_path, seed=7, total=40)
    outcomes = distribution(corpus)
    # The corpus must exercise both sides, or it proves nothing.
    assert outcomes.get("accepted and checked", 0) >= 7
    assert any(k.startswith("import refused") for k in outcomes)


@pytest.mark.parametrize(
    ("sabotage", "death"),
    [
        ("abort", "killed by SIGABRT"),
        # Each death costs three child start-ups: `make test` proves one, `make proof` all.
        pytest.param("spin", "killed by SIGXCPU", marks=pytest.mark.slow),
        pytest.param("hog", "exit code 1: MemoryError", marks=pytest.mark.slow),
    ],
)
def test_a_child_that_dies_is_noticed_and_the_input_named(
    tmp_path: Path, sabotage: str, death: str
) -> None:
    # The harness itself: a child killed by a signal or a limit is seen, the input is
    # rerun alone and named, and the inputs after it still run.
    env = {"LEGAL_DESK_FUZZ_SABOTAGE": f"1:{sabotage}", "LEGAL_DESK_FUZZ_CPU_SECONDS": "1"}
    corpus = run_corpus(tmp_path, seed=7, total=3, env=env)
    assert len(corpus.deaths) == 1, corpus.deaths
    index, how, alone = corpus.deaths[0]
    assert index == 1
    assert how.startswith(death), how
    assert alone.startswith(death), alone  # and again when run alone
    assert sorted(corpus.results) == [0, 2]
    found = problems(corpus)
    assert len(found) == 1
    assert found[0].startswith(
        f"input 1 ({mutant(_read_seeds(corpus.seed_dir), 7, 1).description})"
    )


@pytest.mark.slow
def test_twelve_hundred_hostile_inputs(tmp_path: Path) -> None:
    corpus = _fuzz(tmp_path, seed=2026, total=1200)
    assert sum(1 for r in corpus.results.values() if r["ocr"]) >= 100


# ----- the CLI -----


def _check_warrant(tmp_path: Path, path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("LEGAL_DESK_", "PYTHON_KEYRING"))
    }
    env.update(
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        PYTHONPATH=str(ROOT),
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "legal_desk.cli",
            "check-warrant",
            str(path),
            "--json",
            "--on",
            "2026-03-03",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=INPUT_TIMEOUT,
        cwd=ROOT,
    )


def _is_report(stdout: str) -> bool:
    try:
        return "kind" in json.loads(stdout)
    except ValueError:
        return False


def _cli_sample(tmp_path: Path, *, seed: int, indices: range) -> None:
    seeds = _write_seeds(tmp_path / "seeds")
    found: list[str] = []
    codes: collections.Counter[int] = collections.Counter()
    for index in indices:
        item = mutant(seeds, seed, index)
        if item.description.startswith("message.eml"):
            continue  # check-warrant reads documents, not e-mails: a known refusal
        path = tmp_path / item.filename
        path.write_bytes(item.data)
        result = _check_warrant(tmp_path, path)
        codes[result.returncode] += 1
        name = f"input {index} ({item.description})"
        errors = result.stderr.strip().splitlines()
        if result.returncode not in (0, 2):
            found.append(f"{name}: exit {result.returncode}: {result.stderr[-300:]!r}")
        elif result.returncode == 2 and len(errors) != 1:
            found.append(f"{name}: exit 2 with {len(errors)} lines: {result.stderr[-300:]!r}")
        elif result.returncode == 0 and not _is_report(result.stdout):
            found.append(
                f"{name}: exit 0 but stdout is not the JSON report: {result.stdout[:200]!r}"
            )
        for line in errors:
            problem = message_problem(line) if line.startswith("legal-desk: ") else "noise"
            if problem:
                found.append(f"{name}: {problem} on stderr: {line!r}")
    print(f"\ncheck-warrant sample: exit codes {dict(codes)}")
    assert not found, "\n".join(found[:20])
    assert codes[0] and codes[2], codes


def test_check_warrant_on_hostile_files_exits_cleanly(tmp_path: Path) -> None:
    _cli_sample(tmp_path, seed=7, indices=range(0, 40, 8))


@pytest.mark.slow
def test_check_warrant_on_sixty_hostile_files(tmp_path: Path) -> None:
    _cli_sample(tmp_path, seed=2026, indices=range(0, 1200, 20))
