"""diptych benchmarks: `make bench`. Prints a table and writes the same figures to bench/results/latest.md.

Measures, on synthetic pairs of 20, 200, 1,000 and 5,000 paragraphs a side (bench/pairs.py):
- the whole `diptych compare` process: wall time (median of 3) and peak memory (/usr/bin/time -v, else
  resource);
- in-process: alignment, contrasts, and the naive all-pairs reference, rapidfuzz.process.cdist with
  fuzz.token_set_ratio on the same paragraphs (one worker, as diptych's aligner uses one core);
- the planted partners of each synthetic pair that the aligner finds, and the share of its links that are
  planted (long documents prune candidates, so quality there is checked too);
- the app: the time to the first screen of the bundled pair in a real terminal (tmux), against a bare
  two-pane Textual app showing the same text (and the same with Textual's Footer); and, headless
  (App.run_test), the time from a next-link key press to the updated screen, on the bundled pair and on the
  5,000-paragraph pair.

Benchmarks are not tests: nothing here asserts a time. Use --sizes to run a subset.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.pairs import write_pair  # noqa: E402
from reader.analysis.align import align, pairs_of  # noqa: E402
from reader.analysis.descriptors import find_contrasts  # noqa: E402
from reader.text.loading import load_document  # noqa: E402

DATA = HERE / "results" / "pairs"
DIPTYCH = Path(sys.executable).parent / "diptych"


def machine() -> str:
    cpus = os.cpu_count() or 0
    model = ""
    with contextlib.suppress(OSError, StopIteration):
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        model = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1048576:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return (
        f"{platform.system()} {platform.machine()}, {cpus} cores{memory}, {model}, Python {platform.python_version()}"
    )


def process_runs(left: Path, right: Path, runs: int = 3) -> tuple[float, float]:
    """Median wall seconds and highest peak MB of `runs` `diptych compare` processes (one run is at the
    mercy of a shared machine's noise)."""
    results = []
    for _ in range(runs):  # each with a cold parse cache: the figure is a first comparison of new articles
        if os.environ.get("DIPTYCH_CACHE_DIR"):
            shutil.rmtree(os.environ["DIPTYCH_CACHE_DIR"], ignore_errors=True)
        results.append(process_run(left, right))
    return statistics.median(wall for wall, _ in results), max(peak for _, peak in results)


def process_run(left: Path, right: Path) -> tuple[float, float]:
    """Wall seconds and peak MB of one `diptych compare` process."""
    argv = [str(DIPTYCH), "compare", str(left), str(right), "--format", "json"]
    if shutil.which("/usr/bin/time") or Path("/usr/bin/time").exists():
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True, check=True)
        wall = time.perf_counter() - start
        peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
        return wall, peak_kb / 1024
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True).stdout
    wall, kb = out.split()
    return float(wall), int(kb) / 1024


def timed(fn, *args) -> float:
    return timed_result(fn, *args)[0]


def timed_result(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def planted_scores(links, truth_path: Path) -> tuple[float, float]:
    """Recall of the planted partners, and precision of the linked body pairs against them."""
    truth = {tuple(pair) for pair in json.loads(truth_path.read_text())}
    found = pairs_of(links) - {(0, 0)}  # the two headlines
    hits = len(found & truth)
    return hits / len(truth), hits / len(found) if found else 0.0


def naive(left, right) -> float:
    from rapidfuzz import fuzz, process

    lt = [p.text for p in left.paragraphs]
    rt = [p.text for p in right.paragraphs]
    return timed(lambda: process.cdist(lt, rt, scorer=fuzz.token_set_ratio, workers=1))


# --- the app ------------------------------------------------------------------------------------------------


# The bench's own tmux server: a user's sessions neither slow it nor get touched by it.
TMUX = ["tmux", "-L", f"diptych-bench-{os.getpid()}"]


def first_screen_in_terminal(argv: list[str], marker: str, runs: int = 7) -> float | None:
    """Median seconds from starting a command in a real terminal (tmux) until `marker` is on screen."""
    if shutil.which("tmux") is None:
        return None
    times = []
    for k in range(runs):
        name = f"diptych-bench-{os.getpid()}-{k}"
        start = time.perf_counter()
        subprocess.run([*TMUX, "new-session", "-d", "-s", name, "-x", "160", "-y", "45", " ".join(argv)], check=True)
        try:
            while time.perf_counter() - start < 30:
                screen = subprocess.run(
                    [*TMUX, "capture-pane", "-p", "-t", name], capture_output=True, text=True
                ).stdout
                if marker in screen:
                    times.append(time.perf_counter() - start)
                    break
                time.sleep(0.005)
        finally:
            subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)
    return statistics.median(times) if times else None


def key_latency_ms(paths: tuple[Path, Path], action: str = "next_link(1)", presses: int = 30) -> float:
    """Median milliseconds from a key's action (next-link by default) to both panes' visible lines rendered
    again (run_test, with the harness's own waiting left out: the action and the rendering of what is on
    screen are timed)."""
    from reader.launch import start_for
    from reader.tui.app import DiptychApp
    from reader.tui.screens.reading import ReaderScreen

    async def run() -> float:
        app = DiptychApp(start_for([str(p) for p in paths]))
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            times = []
            for _ in range(presses):
                start = time.perf_counter()
                await screen.run_action(action)
                for side in ("left", "right"):
                    pane = screen.pane(side)
                    for y in range(pane.scrollable_content_region.height):
                        pane.render_line(y)
                times.append(time.perf_counter() - start)
                await pilot.pause()
            return statistics.median(times) * 1000

    return asyncio.run(run())


@contextlib.contextmanager
def tmux_server():
    """Keep one idle session open so the tmux server does not exit (and race the next run) between runs."""
    name = f"diptych-bench-keep-{os.getpid()}"
    started = shutil.which("tmux") is not None
    if started:
        subprocess.run([*TMUX, "new-session", "-d", "-s", name, "sleep 3600"], check=True)
    try:
        yield
    finally:
        if started:
            subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)


def app_figures(pair_5000: tuple[Path, Path]) -> dict[str, float | None]:
    with tmux_server():
        return _app_figures(pair_5000)


def _app_figures(pair_5000: tuple[Path, Path]) -> dict[str, float | None]:
    from reader.text.corpus import default_pair

    left, right = default_pair()
    marker = load_document(left).body[0].text.split()[0:3]
    figures: dict[str, float | None] = {}
    bare = [sys.executable, str(HERE / "bare_app.py"), str(left), str(right)]
    figures["first screen, bare two-pane app (s)"] = first_screen_in_terminal(bare, " ".join(marker))
    figures["first screen, bare app with Textual's Footer (s)"] = first_screen_in_terminal(
        [*bare, "--footer"], " ".join(marker)
    )
    with tempfile.TemporaryDirectory() as home:  # no saved position or settings of the user's own sessions
        fresh = [
            "env",
            f"XDG_DATA_HOME={home}/data",
            f"XDG_CONFIG_HOME={home}/config",
            f"XDG_STATE_HOME={home}/state",
            str(DIPTYCH),
        ]
        figures["first screen, diptych (s)"] = first_screen_in_terminal(fresh, " ".join(marker))
    figures["next-link, bundled pair (ms)"] = key_latency_ms((left, right))
    figures["next-link, 5,000-paragraph pair (ms)"] = key_latency_ms(pair_5000)
    figures["page-down (synced scroll), 5,000-paragraph pair (ms)"] = key_latency_ms(pair_5000, "page(1)")
    return figures


# --- the parse ----------------------------------------------------------------------------------------------


def parse_figures(left: Path, right: Path) -> dict[str, float]:
    """spaCy's cost: loading the pipeline (a fresh process), the parse rate, and the time to contrasts of the
    bundled pair as a whole `diptych compare` process with an empty parse cache and then with it filled."""
    code = (
        "import time; t = time.perf_counter(); from reader.analysis.parse import pipeline; pipeline(); "
        "print(time.perf_counter() - t)"
    )
    figures: dict[str, float] = {}
    loads = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    ]
    figures["pipeline import and load (s)"] = statistics.median(loads)
    from reader.analysis.descriptors import parse_document
    from reader.analysis.parse import pipeline

    pipeline()
    docs = [load_document(left), load_document(right)]
    os.environ["DIPTYCH_CACHE_DIR"] = str(DATA.parent / "parse-cache-rate")
    shutil.rmtree(DATA.parent / "parse-cache-rate", ignore_errors=True)
    start = time.perf_counter()
    parsed = [parse_document(d) for d in docs]
    elapsed = time.perf_counter() - start
    tokens = sum(len(p.tokens) for side in parsed for p in side.values())
    figures["parse rate (tokens/s)"] = tokens / elapsed
    cache = DATA.parent / "parse-cache"
    env = {**os.environ, "DIPTYCH_CACHE_DIR": str(cache)}
    argv = [str(DIPTYCH), "compare", str(left), str(right), "--format", "json"]
    cold, cached = [], []
    for _ in range(3):
        shutil.rmtree(cache, ignore_errors=True)
        for runs in (cold, cached):
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, env=env, check=True)
            runs.append(time.perf_counter() - start)
    figures["bundled pair, compare to contrasts, cold cache (s)"] = statistics.median(cold)
    figures["bundled pair, compare to contrasts, cached parse (s)"] = statistics.median(cached)
    return figures


# --- three outlets ------------------------------------------------------------------------------------------


def three_article_figures(paths: list[Path], runs: int = 3) -> dict[str, float]:
    """A story of three ~1,000-word articles in the app (headless): how long after the first screen (when
    the reading screen starts its worker, once the first frame is painted) the links of all three pairs and
    the facts are in, and the contrasts. Median of `runs` fresh apps, cold parse cache."""
    from reader.launch import start_for
    from reader.tui.app import DiptychApp
    from reader.tui.screens.reading import ReaderScreen

    painted: list[float] = []
    begin = ReaderScreen._begin_aligning

    def noted(screen: ReaderScreen) -> None:
        painted.append(time.perf_counter())
        begin(screen)

    ReaderScreen._begin_aligning = noted  # type: ignore[method-assign]  # a stopwatch, in the bench only

    async def once() -> tuple[float, float]:
        shutil.rmtree(os.environ.get("DIPTYCH_CACHE_DIR", "/nonexistent"), ignore_errors=True)
        app = DiptychApp(start_for([str(p) for p in paths]))
        async with app.run_test(size=(170, 45)):
            while not painted or not isinstance(app.screen, ReaderScreen) or app.screen.collation is None:
                await asyncio.sleep(0.002)
            links = time.perf_counter() - painted[-1]
            await app.workers.wait_for_complete()
            return links, time.perf_counter() - painted[-1]

    try:
        results = [asyncio.run(once()) for _ in range(runs)]
    finally:
        ReaderScreen._begin_aligning = begin  # type: ignore[method-assign]
    words = sum(len(load_document(p).text.split()) for p in paths) // len(paths)
    return {
        f"three articles (~{words:,} words each): links after the first screen (s)": statistics.median(
            r[0] for r in results
        ),
        "three articles: contrasts after the first screen, cold parse cache (s)": statistics.median(
            r[1] for r in results
        ),
    }


def three_articles() -> list[Path] | None:
    """A BASIL triplet (Fox News, New York Times, HuffPost on one event) from ../shared, if it is there."""
    for parent in (HERE.parent, *HERE.parent.parents):
        found = sorted((parent / "shared" / "eval" / "data" / "basil").glob("triplet01_*/*.txt"))
        if len(found) == 3:
            return found
    return None


# --- report -------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20,200,1000,5000")
    parser.add_argument("--no-naive-5000", action="store_true", help="skip the slow naive matrix at 5,000")
    parser.add_argument("--no-app", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    # every compare process below starts with an empty parse cache unless it says otherwise
    os.environ["DIPTYCH_CACHE_DIR"] = str(DATA.parent / "parse-cache-sizes")
    # Byte-compile first, as an installed package is: start-up is measured, not the compiler (some
    # environments set PYTHONDONTWRITEBYTECODE, and an editable install has no .pyc until one is written).
    compileall.compile_dir(HERE.parent / "reader", quiet=1)
    rows = []
    print(f"machine: {machine()}\n")
    header = (
        "| paragraphs a side | compare process (s) | peak memory (MB) | align (s) | contrasts (s) "
        "| naive cdist (s) | naive / align | planted partners found | linked pairs planted |"
    )
    print(header)
    for n in sizes:
        left_path, right_path, truth_path = write_pair(n, DATA)
        wall, peak = process_runs(left_path, right_path)
        left, right = load_document(left_path), load_document(right_path)
        t_align, links = timed_result(align, left, right)
        recall, precision = planted_scores(links, truth_path)
        t_contrast = timed(find_contrasts, left, right, links)
        t_naive = None if (n >= 5000 and args.no_naive_5000) else naive(left, right)
        ratio = f"{t_naive / t_align:.1f}x" if t_naive else "not run"
        naive_text = f"{t_naive:.2f}" if t_naive else "not run"
        row = (
            f"| {n:,} | {wall:.2f} | {peak:.0f} | {t_align:.2f} | {t_contrast:.2f} | {naive_text} | {ratio} "
            f"| {recall:.1%} | {precision:.1%} |"
        )
        rows.append(row)
        print(row, flush=True)
    app_rows = []
    if not args.no_app:
        figures = app_figures(write_pair(5000, DATA)[:2])
        bare = figures["first screen, bare two-pane app (s)"]
        ours = figures["first screen, diptych (s)"]
        if bare and ours:
            figures["first screen ratio (diptych / bare)"] = ours / bare
        print()
        for label, value in figures.items():
            shown = (
                "not measured (no tmux)" if value is None else (f"{value:.2f}x" if "ratio" in label else f"{value:.2f}")
            )
            line = f"| {label} | {shown} |"
            app_rows.append(line)
            print(line)
    seed = sorted((HERE.parent / "corpus").rglob("*.txt"))[:2]
    other_rows = []
    print()
    figures = parse_figures(seed[0], seed[1])
    triplet = three_articles()
    if triplet and not args.no_app:
        figures |= three_article_figures(triplet)
    for label, value in figures.items():
        line = f"| {label} | {value:,.0f} |" if "rate" in label else f"| {label} | {value:.2f} |"
        other_rows.append(line)
        print(line, flush=True)
    out = HERE / "results" / "latest.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = [f"machine: {machine()}", "", header, "|---|---|---|---|---|---|---|---|---|", *rows]
    text += ["", "| parse and three outlets | value |", "|---|---|", *other_rows]
    if app_rows:
        text += ["", "| app | value |", "|---|---|", *app_rows]
    out.write_text("\n".join(text) + "\n")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
