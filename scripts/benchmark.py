#!/usr/bin/env python3
"""Benchmark factcheck on a large synthetic corpus built from the seed articles.

Not a test: it builds a corpus of at least ``--size-mb`` MB and ``--articles`` articles
(default 50 MB and 10,000 articles) by repeating and perturbing the seeds, then measures

  (a) extraction on one core: ingest + segment + extract through ``read_claims``,
      streaming (claims are counted and dropped), in MB/s, with peak memory;
  (b) ``--check N``: the whole pipeline (``check``: extract + align + evaluate) on the
      first N articles, with time, peak memory and the findings by rule;
  (c) ``--store N`` (repeatable, N a multiple of 1,000): the claim store of the first N
      articles (built with ``factcheck index add --jobs 2``, kept in ``--out`` and reused):
      its size, drafts checked against it end to end (``factcheck check DRAFT --against``,
      process start included) and in process (query, align and evaluate times), a
      re-sync after one changed article, and the whole-store audit (``check --store``)
      with its time and peak memory; with two sizes, the audit's cost exponent.
      ``--store-throughput N`` measures indexing MB/s on N articles with --jobs 1 and 2.

Each phase runs in a child process so that its peak resident memory (ru_maxrss) is its
own.  Perturbations: digits changed, hedges swapped (gần / hơn / khoảng / trên ...),
paragraphs shuffled and mixed across seeds, some files NFD, some with the other tone
placement ("hoà" for "hòa"), some with CRLF line ends, some with a front-matter date.
The corpus is deterministic for a given ``--seed``.

    python scripts/benchmark.py                      # 50 MB / 10,000 articles, check 10,000
    python scripts/benchmark.py --size-mb 5 --articles 500 --check 500 --json out.json
    python scripts/benchmark.py --out /tmp/corpus    # keep the corpus (reused next time)
    python scripts/benchmark.py --out /tmp/c --no-extract --check 0 --store 10000

MB is 10^6 bytes of UTF-8 on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MB = 1_000_000
MANIFEST = "benchmark-manifest.json"
CORPUS_VERSION = 1

# ---------------------------------------------------------------------------------------
# corpus


_HEDGE_BEFORE_NUMBER = re.compile(r"(?<!\w)(gần|hơn|khoảng|trên dưới|trên)(\s+)(?=\d)")
_HEDGE_CHOICES = ["gần", "hơn", "khoảng", "trên", "trên dưới", "ước khoảng", "xấp xỉ", "gần"]
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TONE_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _tone_swap_table() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for first, second in _TONE_PAIRS:
        for tone in _TONES:
            old = unicodedata.normalize("NFC", first + tone) + second
            new = first + unicodedata.normalize("NFC", second + tone)
            table[old] = new
    pattern = re.compile(rf"(?<![qQ])(?:{'|'.join(table)})(?![^\W\d_])")
    return pattern, table


_SWAP_RE, _SWAP = _tone_swap_table()


def _seed_paragraphs() -> list[tuple[list[str], list[str]]]:
    """Each seed as (head lines, body paragraphs): lines that are text, in file order."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [line.rstrip() for line in path.read_text("utf-8").split("\n")]
        lines = [line for line in lines if line.strip()]
        head, body = lines[:3], lines[3:]
        out.append((head, body))
    return out


def _perturb_numbers(text: str, rng: random.Random, rate: float) -> str:
    def change(m: re.Match[str]) -> str:
        digits = m.group(0)
        if rng.random() >= rate:
            return digits
        positions = [i for i, ch in enumerate(digits) if ch.isdigit()][1:]
        if not positions:
            return digits
        i = rng.choice(positions)
        return digits[:i] + str(rng.randrange(10)) + digits[i + 1 :]

    return _NUMBER.sub(change, text)


def _swap_hedges(text: str, rng: random.Random, rate: float) -> str:
    def swap(m: re.Match[str]) -> str:
        if rng.random() >= rate:
            return m.group(0)
        return rng.choice(_HEDGE_CHOICES) + m.group(2)

    return _HEDGE_BEFORE_NUMBER.sub(swap, text)


def _article_size(rng: random.Random) -> int:
    """Bytes of one article: mostly 5-15 KB, some up to 30 KB, like news pages."""
    return int(min(30_000, max(5_000, rng.lognormvariate(9.1, 0.45))))


def make_article(
    seeds: list[tuple[list[str], list[str]]], rng: random.Random, index: int
) -> tuple[str, dict[str, Any]]:
    """One perturbed article (text as it will be written) and what was done to it."""
    target = _article_size(rng)
    head, body = rng.choice(seeds)
    paragraphs = list(body)
    rng.shuffle(paragraphs)
    # Long articles borrow paragraphs from the other seeds.
    while sum(len(p.encode()) for p in paragraphs) < target:
        other = rng.choice(seeds)[1]
        paragraphs.extend(rng.sample(other, k=min(len(other), rng.randint(3, 12))))
    kept, size = [], sum(len(h.encode()) for h in head)
    for p in paragraphs:
        if size >= target:
            break
        kept.append(p)
        size += len(p.encode()) + 2
    text = "\n\n".join([*head, *kept]) + "\n"
    text = _perturb_numbers(text, rng, rate=0.15)
    text = _swap_hedges(text, rng, rate=0.3)
    traits: dict[str, Any] = {}
    if rng.random() < 0.5:
        year, month, day = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
        traits["published"] = f"{year:04d}-{month:02d}-{day:02d}"
        text = f"---\npublished: {traits['published']}\ntitle: Bài {index}\n---\n{text}"
    if rng.random() < 0.1:
        text = _SWAP_RE.sub(lambda m: _SWAP[m.group(0)], text)
        traits["tones"] = "swapped"
    if rng.random() < 0.2:
        text = unicodedata.normalize("NFD", text)
        traits["nfd"] = True
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
        traits["crlf"] = True
    return text, traits


def build_corpus(out: Path, size_mb: float, articles: int, seed: int) -> dict[str, Any]:
    """Write the corpus under ``out`` (reused when a manifest with the same parameters
    is there) and return its manifest."""
    params = {"version": CORPUS_VERSION, "size_mb": size_mb, "articles": articles, "seed": seed}
    manifest_path = out / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if manifest.get("params") == params:
            log(f"reusing the corpus in {out}")
            return manifest
        shutil.rmtree(out / "articles", ignore_errors=True)
    rng = random.Random(seed)
    seeds = _seed_paragraphs()
    folder = out / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    total = count = 0
    traits: Counter[str] = Counter()
    t0 = time.perf_counter()
    while total < size_mb * MB or count < articles:
        text, what = make_article(seeds, rng, count)
        data = text.encode("utf-8")
        sub = folder / f"{count // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{count:06d}.txt").write_bytes(data)
        total += len(data)
        count += 1
        traits.update(k for k, v in what.items() if v)
        if count % 1000 == 0:
            log(f"  corpus: {count} articles, {total / MB:.1f} MB")
    manifest = {
        "params": params,
        "files": count,
        "bytes": total,
        "mean_kb": round(total / count / 1000, 1),
        "traits": dict(sorted(traits.items())),
        "build_s": round(time.perf_counter() - t0, 1),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2), "utf-8")
    return manifest


# ---------------------------------------------------------------------------------------
# phases (each runs in a child process)


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def phase_extract(corpus: Path) -> dict[str, Any]:
    from checker.pipeline import Engine, read_claims

    engine = Engine.load()
    base = _peak_rss_mb()
    claims = files = size = 0
    kinds: Counter[str] = Counter()
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    for source, found in read_claims([corpus], engine):
        files += 1
        size += len(source.text.encode("utf-8"))
        claims += len(found)
        kinds.update(c.kind for c in found)
        if files % 1000 == 0:
            log(f"  extract: {files} files, {size / MB:.1f} MB, {time.perf_counter() - t0:.0f} s")
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    return {
        "files": files,
        "mb": round(size / MB, 2),
        "claims": claims,
        "claims_by_kind": dict(kinds.most_common()),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "mb_per_s": round(size / MB / wall, 3),
        "files_per_s": round(files / wall, 1),
        "rss_after_load_mb": round(base, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def phase_check(corpus: Path, n: int) -> dict[str, Any]:
    from checker.ingest import discover
    from checker.pipeline import Engine, check

    engine = Engine.load()
    base = _peak_rss_mb()
    files = discover([corpus])[:n]
    size = sum(f.stat().st_size for f in files)
    t0 = time.perf_counter()
    report = check(files, engine)
    wall = time.perf_counter() - t0
    by_rule = Counter(f.rule for f in report.findings)
    by_severity = Counter(f.severity for f in report.findings)
    biggest = max((len(f.claims) for f in report.facts), default=0)
    return {
        "articles": len(files),
        "mb": round(size / MB, 2),
        "claims": len(report.claims),
        "facts": len(report.facts),
        "largest_fact_claims": biggest,
        "findings": len(report.findings),
        "findings_by_rule": dict(sorted(by_rule.items())),
        "findings_by_severity": dict(sorted(by_severity.items())),
        "wall_s": round(wall, 2),
        "stage_s": {k: round(v, 2) for k, v in report.stats.items()},
        "rss_after_load_mb": round(base, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def phase_profile(corpus: Path, n: int) -> dict[str, Any]:
    """cProfile of extraction on the first n files: the top functions by own time."""
    import cProfile
    import pstats

    from checker.ingest import discover
    from checker.pipeline import Engine, read_claims

    engine = Engine.load()
    files = discover([corpus])[:n]
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in read_claims(files, engine):
        pass
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (path, line, func), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "where": f"{_short(path)}:{line}({func})",
                "calls": calls,
                "tottime_s": round(tottime, 3),
                "cumtime_s": round(cumtime, 3),
            }
        )
    rows.sort(key=lambda r: -r["tottime_s"])
    total = sum(r["tottime_s"] for r in rows)
    return {"files": len(files), "total_s": round(total, 2), "top": rows[:20]}


def _short(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path if "/" not in path else "…/" + "/".join(Path(path).parts[-2:])


# ---------------------------------------------------------------------------------------
# the claim store (issue 10)

DRAFTS = 5  # drafts checked against a store, each several times


class Run:
    """A finished factcheck process: its output, wall time, and its own CPU time and
    peak memory (os.wait4: this process and its workers, not the benchmark's others)."""

    def __init__(self, args: list[str], cwd: Path | None = None):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "checker.cli", *args]
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
            _pid, status, usage = os.wait4(proc.pid, 0)
            self.wall = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            self.stdout = out.read().decode("utf-8", "replace")
            self.stderr = err.read().decode("utf-8", "replace")
        self.returncode = proc.returncode
        self.cpu = usage.ru_utime + usage.ru_stime
        self.peak_mb = (
            usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
        )


def _factcheck(*args: str | Path, cwd: Path | None = None) -> Run:
    """The factcheck command line of this checkout, as a user's shell runs it."""
    return Run([str(a) for a in args], cwd)


def _store_paths(corpus: Path, n: int) -> list[Path]:
    """The first n articles as folders of 1,000 (the generator's layout)."""
    if n % 1000:
        raise SystemExit("--store N: N must be a multiple of 1,000")
    folders = sorted(p for p in corpus.iterdir() if p.is_dir())[: n // 1000]
    if len(folders) * 1000 < n:
        raise SystemExit(f"--store {n}: the corpus has fewer articles; raise --articles")
    return folders


def _index(corpus: Path, n: int, db: Path, jobs: int) -> dict[str, Any]:
    """Index the first n articles into ``db`` (a new store) with ``jobs`` processes."""
    paths = _store_paths(corpus, n)
    size = sum(f.stat().st_size for p in paths for f in p.iterdir())
    done = _factcheck("index", "add", *paths, "--store", db, "--jobs", jobs, "-q")
    wall, cpu = done.wall, done.cpu
    if done.returncode != 0:
        raise SystemExit(f"index add failed: {done.stderr}")
    return {
        "articles": n,
        "jobs": jobs,
        "mb": round(size / MB, 2),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "mb_per_s_wall": round(size / MB / wall, 3),
        "mb_per_cpu_s": round(size / MB / cpu, 3),
        "peak_rss_mb": round(done.peak_mb, 1),
    }


def phase_store_throughput(corpus: Path, n: int) -> dict[str, Any]:
    """Indexing speed on n articles: one process, then two (fresh stores)."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="factcheck-store-") as tmp:
        for jobs in (1, 2):
            out[f"jobs{jobs}"] = _index(corpus, n, Path(tmp) / f"s{jobs}.db", jobs)
    out["speedup"] = round(out["jobs2"]["mb_per_s_wall"] / out["jobs1"]["mb_per_s_wall"], 2)
    return out


# A draft on another subject than the archive's: its blocks hold few stored claims, so its
# check shows the fixed cost (process start, packs, the draft's reading, the queries).
NEW_TOPIC_DRAFT = """Quảng Trị trồng mới rừng gỗ lớn

Năm 2023, tỉnh Quảng Trị trồng mới 1.250 ha rừng gỗ lớn, tăng 12% so với năm 2022.
Diện tích rừng có chứng chỉ quản lý bền vững đạt 21.300 ha, trong đó 4.100 ha do hộ gia đình
quản lý. Giá trị xuất khẩu dăm gỗ của tỉnh năm 2023 đạt khoảng 96 triệu USD.
"""


def _drafts(folder: Path) -> list[Path]:
    """DRAFTS articles that are not in the corpus (other seeds of the generator), and one
    on another subject."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = _seed_paragraphs()
    new = folder / "draft-new-topic.txt"
    new.write_text(NEW_TOPIC_DRAFT, "utf-8")
    out = [new]
    for i in range(DRAFTS):
        text, _ = make_article(seeds, random.Random(10_000 + i), 10**7 + i)
        path = folder / f"draft{i}.txt"
        path.write_text(text, "utf-8")
        out.append(path)
    return out


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def phase_store(corpus: Path, n: int, db: Path) -> dict[str, Any]:
    """Build (or reuse) the store of the first n articles and measure what issue 10 asks."""
    result: dict[str, Any] = {"articles": n, "store": str(db)}
    if not db.exists():
        log(f"  store: indexing {n} articles into {db} (--jobs 2) ...")
        result["index"] = _index(corpus, n, db, 2)
    result["size_mb"] = round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / MB, 1)
    result["kb_per_article"] = round(result["size_mb"] * 1000 / n, 1)
    drafts = _drafts(db.parent / "drafts")
    # End to end, process start included: the figure a CI job sees.
    walls: list[float] = []
    cpus: list[float] = []
    per_draft = []
    for draft in drafts:
        runs = []
        for _ in range(3):  # the default output (a table when piped), as a CI job runs it
            done = _factcheck("check", draft, "--against", db, "--fail-on", "never")
            if done.returncode != 0:
                raise SystemExit(f"check --against failed: {done.stderr}")
            runs.append(done)
        walls.extend(r.wall for r in runs)
        cpus.extend(r.cpu for r in runs)
        per_draft.append({"draft": draft.name,
                          "median_wall_s": round(_median([r.wall for r in runs]), 3),
                          "median_cpu_s": round(_median([r.cpu for r in runs]), 3),
                          "peak_rss_mb": round(max(r.peak_mb for r in runs), 1)})  # fmt: skip
    result["draft_end_to_end_median_s"] = round(_median(walls), 3)
    result["draft_end_to_end_median_cpu_s"] = round(_median(cpus), 3)
    result["drafts"] = per_draft
    # In a process of its own: a forked child's peak memory counts its parent's pages,
    # so the processes measured below are started from this small one.
    staged = run_phase(["store-stages", str(db), *map(str, drafts)])
    result["draft_stages"] = staged["stages"]
    result["resync"] = _resync(corpus, n, db)
    result["audit"] = _audit(db)
    return result


def _draft_stages(db: Path, drafts: list[Path]) -> list[dict[str, Any]]:
    """In process: reading the draft, the store queries (fetch, decode, acronyms,
    sources), alignment and evaluation, and how many candidate claims were fetched."""
    from checker.pipeline import Engine
    from checker.store import open_store
    from checker.store.query import check_against_store

    engine = Engine.load()
    store = open_store(str(db))
    out = []
    try:
        meta = store.meta()
        for draft in drafts:
            report = check_against_store([draft], store, meta, engine)
            stats = {k: round(v, 3) for k, v in report.stats.items()}
            stats["candidates"] = int(report.stats["candidates"])
            out.append({"draft": draft.name, **stats})
    finally:
        store.close()
    return out


def _resync(corpus: Path, n: int, db: Path) -> dict[str, Any]:
    """``index sync`` after one article changed (then changed back and synced again)."""
    paths = _store_paths(corpus, n)
    victim = sorted(paths[-1].iterdir())[-1]
    original = victim.read_bytes()
    try:
        victim.write_bytes(original + "\nNăm 2023 thành phố đón 12 đoàn khách.\n".encode())
        done = _factcheck("index", "sync", *paths, "--store", db)
    finally:
        victim.write_bytes(original)
    back = _factcheck("index", "sync", *paths, "--store", db)
    return {"changed_s": round(done.wall, 2), "changed_cpu_s": round(done.cpu, 2),
            "restored_s": round(back.wall, 2), "restored_cpu_s": round(back.cpu, 2),
            "said": done.stdout.strip(), "said_after": back.stdout.strip()}  # fmt: skip


def _audit(db: Path) -> dict[str, Any]:
    """``check --store``: time and the peak memory of its process."""
    out = {}
    for fmt in ("table", "json"):  # json: every claim of every finding, streamed
        done = _factcheck("check", "--store", db, "-f", fmt, "-o", os.devnull, "--fail-on", "never")
        if done.returncode != 0:
            raise SystemExit(f"check --store failed: {done.stderr}")
        out[fmt] = {"wall_s": round(done.wall, 1), "cpu_s": round(done.cpu, 1),
                    "peak_rss_mb": round(done.peak_mb, 1), "said": done.stderr.strip()}  # fmt: skip
    return out


def run_phase(args: list[str]) -> dict[str, Any]:
    """Run one phase in a child process (its own peak memory) and return its result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", *args]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# ---------------------------------------------------------------------------------------
# report


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "load_avg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def print_table(results: dict[str, Any]) -> None:
    m, c = results["machine"], results["corpus"]
    print(f"machine: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}")
    print(f"corpus:  {c['files']} articles, {c['bytes'] / MB:.1f} MB (mean {c['mean_kb']} KB)")
    rows: list[tuple[object, ...]] = [
        ("phase", "articles", "MB", "claims", "wall s", "MB/s", "peak RSS MB")
    ]
    if "extract" in results:
        e = results["extract"]
        rows.append(
            ("extract", e["files"], e["mb"], e["claims"], e["wall_s"], e["mb_per_s"],
             e["peak_rss_mb"])
        )  # fmt: skip
    if "check" in results:
        k = results["check"]
        rows.append(
            ("check", k["articles"], k["mb"], k["claims"], k["wall_s"],
             round(k["mb"] / k["wall_s"], 3) if k["wall_s"] else 0, k["peak_rss_mb"])
        )  # fmt: skip
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(str(v).rjust(w) for v, w in zip(r, widths, strict=True)))
    if "check" in results:
        k = results["check"]
        print(f"check stages (s): {k['stage_s']}")
        print(f"facts: {k['facts']} (largest {k['largest_fact_claims']} claims)")
        print(f"findings: {k['findings']} {k['findings_by_rule']}")
    if "store_throughput" in results:
        t = results["store_throughput"]
        for jobs in ("jobs1", "jobs2"):
            r = t[jobs]
            print(f"index {r['articles']} articles ({r['mb']} MB), --jobs {r['jobs']}: "
                  f"{r['wall_s']} s, {r['mb_per_s_wall']} MB/s wall, "
                  f"{r['mb_per_cpu_s']} MB per CPU s")  # fmt: skip
        print(f"  --jobs 2 speed-up: {t['speedup']}x")
    for st in results.get("store", []):
        size = f"{st['size_mb']} MB ({st['kb_per_article']} KB per article)"
        print(f"store of {st['articles']} articles: {size}")
        if "index" in st:
            built = st["index"]
            print(f"  built in {built['wall_s']} s ({built['mb_per_s_wall']} MB/s, --jobs 2)")
        print(f"  draft --against store, end to end: median {st['draft_end_to_end_median_s']} s"
              f" wall, {st['draft_end_to_end_median_cpu_s']} s CPU")  # fmt: skip
        for d in st["drafts"]:
            print(f"    {d['draft']}: {d['median_wall_s']} s wall, {d['median_cpu_s']} s CPU,"
                  f" peak {d['peak_rss_mb']} MB")  # fmt: skip
        for d in st["draft_stages"]:
            print(f"    {d['draft']}: {d['candidates']} candidate claims; CPU s: read"
                  f" {d['extract_cpu_s']}, query {d['query_cpu_s']}, align {d['align_cpu_s']},"
                  f" evaluate {d['evaluate_cpu_s']}")  # fmt: skip
        r = st["resync"]
        print(f"  re-sync after one change: {r['changed_s']} s wall, {r['changed_cpu_s']} s CPU"
              f" ({r['said']})")  # fmt: skip
        for fmt, a in st["audit"].items():
            print(f"  audit (check --store -f {fmt}): {a['wall_s']} s wall, {a['cpu_s']} s CPU,"
                  f" peak {a['peak_rss_mb']} MB")  # fmt: skip
    if "store_audit_exponent" in results:
        print(f"audit cost exponent: {results['store_audit_exponent']}")
    if "profile" in results:
        p = results["profile"]
        print(f"profile of extraction on {p['files']} files ({p['total_s']} s):")
        for r in p["top"][:15]:
            print(f"  {r['tottime_s']:8.3f} s  {r['calls']:>9}  {r['where']}")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="corpus folder (kept and reused)")
    parser.add_argument("--size-mb", type=float, default=50.0, help="minimum corpus size")
    parser.add_argument("--articles", type=int, default=10_000, help="minimum article count")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus")
    parser.add_argument("--check", type=int, default=10_000, metavar="N",
                        help="run the whole pipeline on N articles (0: skip)")  # fmt: skip
    parser.add_argument("--no-extract", action="store_true", help="skip the extraction phase")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also profile extraction on N articles")  # fmt: skip
    parser.add_argument("--store", type=int, action="append", default=[], metavar="N",
                        help="measure the store of the first N articles (repeatable)")  # fmt: skip
    parser.add_argument("--store-throughput", type=int, default=0, metavar="N",
                        help="indexing MB/s on N articles with --jobs 1 and 2")  # fmt: skip
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:  # inside a child process
        name, corpus, *rest = args.phase
        if name == "extract":
            result = phase_extract(Path(corpus))
        elif name == "check":
            result = phase_check(Path(corpus), int(rest[0]))
        elif name == "store":
            result = phase_store(Path(corpus), int(rest[0]), Path(rest[1]))
        elif name == "store-stages":
            result = {"stages": _draft_stages(Path(corpus), [Path(p) for p in rest])}
        elif name == "store-throughput":
            result = phase_store_throughput(Path(corpus), int(rest[0]))
        else:
            result = phase_profile(Path(corpus), int(rest[0]))
        print(json.dumps(result))
        return 0

    temp = None
    out = args.out
    if out is None:
        temp = tempfile.mkdtemp(prefix="factcheck-bench-")
        out = Path(temp)
    try:
        log(f"building the corpus in {out} ...")
        corpus = build_corpus(out, args.size_mb, args.articles, args.seed)
        results: dict[str, Any] = {"machine": machine(), "corpus": corpus}
        folder = str(out / "articles")
        if not args.no_extract:
            log("extracting (one core, streaming) ...")
            results["extract"] = run_phase(["extract", folder])
        if args.check:
            log(f"checking {args.check} articles (extract + align + evaluate) ...")
            results["check"] = run_phase(["check", folder, str(args.check)])
        if args.profile:
            log(f"profiling extraction on {args.profile} articles ...")
            results["profile"] = run_phase(["profile", folder, str(args.profile)])
        if args.store_throughput:
            log(f"indexing throughput on {args.store_throughput} articles ...")
            results["store_throughput"] = run_phase(
                ["store-throughput", folder, str(args.store_throughput)]
            )
        for n in args.store:
            log(f"claim store of {n} articles ...")
            db = out / f"store-{n}.db"
            results.setdefault("store", []).append(run_phase(["store", folder, str(n), str(db)]))
        stores = results.get("store", [])
        if len(stores) >= 2:
            import math

            (a, b) = stores[0], stores[-1]
            results["store_audit_exponent"] = round(
                math.log(b["audit"]["table"]["cpu_s"] / a["audit"]["table"]["cpu_s"])
                / math.log(b["articles"] / a["articles"]),
                3,
            )
        results["machine"]["load_avg_end"] = machine()["load_avg"]
        print_table(results)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
