#!/usr/bin/env python3
"""Time to the first frame and to the full overview, in a real pseudo-terminal
read through a terminal emulator (pyte), at five sizes, with presenterm and
visidata side by side and the ratios in the same run.

    cargo build --release
    pip install pyte              # the terminal emulator; visidata optional
    python3 benches/startup.py [--runs 5] [--no-compare] [--sizes embedded,100k-10k]

For each size (the embedded default; 10k records / 1k remarks; 100k / 10k;
1M / 10k; 100k records / 100k remarks) the program is started in a 120x40
pseudo-terminal, as a person would start it. Everything it writes is fed to
a terminal emulator, and the script notes when *the screen* first shows:

- the first frame: anything at all (the loading frame 読み込み中…);
- the overview with data: 総覧 on screen, the loading text gone, and the
  status line (the last line ratatui draws of the frame, ending in ?:ヘルプ)
  complete. Searching the raw bytes instead fires early: 総覧 is written
  before the rest of the frame, while the loading text is still shown.

The large sizes are opened twice over: with an empty cache folder (the
actuals parsed from RON, the cache written) and with the cache made by an
earlier run (as every start after the first): the actuals' cache, and the
session as the previous run left it, with the parsed copy its closing
snapshot made. The peak memory (resident
set) of each run is the program's own high-water mark (VmHWM), read from
/proc every few milliseconds until it ends (the figure wait4 reports
carries this script's own size into every child it starts).

With comparisons (the default), the same is done side by side for:

- presenterm, showing the nine KPI x 年度 items of the embedded default as
  Markdown slides (one slide each, with target, actual, rate and status):
  time until the first slide's title is on screen.
- visidata, showing the same records as each sample (one CSV row per
  contribution, written by `kpi-council summary --companies --format csv`):
  time until the first record's first field is on screen.

A tool that is not installed is skipped with a line saying so; install them
with `cargo install presenterm` and `pip install visidata`.

The pseudo-terminal answers the queries programs send at start (cursor
position, device status and device attributes) as a terminal would, so
that no program waits on a timeout that a real terminal would not impose.
"""

import argparse
import csv
import fcntl
import io
import os
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

try:
    import pyte
except ImportError:
    sys.exit("benches/startup.py reads the screen through pyte: pip install pyte")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "kpi-council")
COLS, ROWS = 120, 40

SIZES = [
    ("embedded", None),
    ("10k-1k", dict(kpis=10, years=5, companies=1000, records=10000, remarks=1000)),
    ("100k-10k", dict(kpis=10, years=5, companies=10000, records=100000, remarks=10000)),
    ("1m-10k", dict(kpis=10, years=5, companies=100000, records=1000000, remarks=10000)),
    ("100k-100k", dict(kpis=10, years=5, companies=10000, records=100000, remarks=100000)),
]

ANSWERS = [
    (b"\x1b[6n", b"\x1b[1;1R"),  # cursor position
    (b"\x1b[5n", b"\x1b[0n"),  # device status: OK
    (b"\x1b[c", b"\x1b[?62;22c"),  # primary device attributes
    (b"\x1b[0c", b"\x1b[?62;22c"),
]


def anything(lines):
    return any(line.strip() for line in lines)


def overview_drawn(lines):
    text = "".join(lines)
    return "総覧" in text and "読み込み中" not in text and lines[-1].rstrip().endswith("?:ヘルプ")


def showing(word):
    return lambda lines: any(word in line for line in lines)


def reap(proc, block=False):
    """The child's resource usage once it has ended (None while it runs);
    wait4, not Popen.poll, so that its peak memory is not lost."""
    if proc.returncode is not None:
        return proc.usage
    pid, status, usage = os.wait4(proc.pid, 0 if block else os.WNOHANG)
    if pid == 0:
        return None
    proc.returncode = status
    proc.usage = usage
    return usage


def high_water(pid, known):
    """The largest of `known` and the process's own peak resident set
    (VmHWM, bytes) now. Its own: the maximum wait4 reports (ru_maxrss)
    carries the resident set of the process that forked it (this script,
    20-30 MB with pyte) through exec into every child, so a program smaller
    than the script showed the script's size."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return max(known, int(line.split()[1]) * 1024)
    except OSError:
        pass
    return known


def run_in_pty(argv, markers, env, cwd, quit_keys=b"q", timeout=60.0):
    """Starts argv in a pseudo-terminal; returns ({name: seconds} for every
    marker (a test of the emulated screen's lines) seen, peak memory in
    bytes), then quits it."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = {}
    own_peak = 0
    output = bytearray()
    answered = [0] * len(ANSWERS)
    deadline = start + timeout
    try:
        # Chunks are stamped when read and fed to the emulator only while
        # the program is silent, so that the emulator's own pace never
        # delays the reading (and the times).
        pending = []
        while len(seen) < len(markers) and time.perf_counter() < deadline:
            own_peak = high_water(proc.pid, own_peak)
            ready, _, _ = select.select([master], [], [], 0.01)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                pending.append((time.perf_counter() - start, chunk))
                output += chunk
                # Answer the terminal queries seen since the last answer.
                for i, (query, answer) in enumerate(ANSWERS):
                    count = output.count(query)
                    while answered[i] < count:
                        os.write(master, answer)
                        answered[i] += 1
                continue
            for at, chunk in pending:
                stream.feed(chunk)
                lines = screen.display
                for name, test in markers.items():
                    if name not in seen and test(lines):
                        seen[name] = at
            pending.clear()
            if reap(proc) is not None:
                break
        os.write(master, quit_keys)
        try:
            end = time.perf_counter() + 5
            while reap(proc) is None and time.perf_counter() < end:
                # Read until it ends: closing may be its peak.
                own_peak = high_water(proc.pid, own_peak)
                ready, _, _ = select.select([master], [], [], 0.002)
                if ready:
                    try:
                        os.read(master, 65536)
                    except OSError:
                        break
        finally:
            if reap(proc) is None:
                os.killpg(proc.pid, signal.SIGKILL)
            usage = reap(proc, block=True)
    finally:
        os.close(master)
    # Its own peak as last read (within a few milliseconds of its end);
    # wait4's figure only where /proc is not there to read.
    peak = own_peak or usage.ru_maxrss * 1024
    missing = [m for m in markers if m not in seen]
    if missing:
        tail = "\n".join(line.rstrip() for line in screen.display[-5:])
        raise RuntimeError(f"{argv[0]}: never showed {missing}; last lines:\n{tail}")
    return seen, peak


def summarize(name, values, peers=None):
    """A table row: median, fastest, slowest in ms, and the ratio of the
    medians to a peer's from the same run."""
    ms = [v * 1000 for v in values]
    row = f"| {name} | {statistics.median(ms):.1f} | {min(ms):.1f} | {max(ms):.1f} |"
    if peers:
        row += f" {statistics.median(values) / statistics.median(peers):.2f}x |"
    else:
        row += " |"
    return row


def megabytes(peaks):
    return f"{max(peaks) / 1e6:.0f} MB"


def make_sample(workdir, name, size):
    out = os.path.join(workdir, name)
    args = [BINARY, "sample", "-o", out, "--force"]
    for key, value in size.items():
        args += [f"--{key}", str(value)]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return out


def slides(workdir):
    """The nine KPI x 年度 items of the embedded default as presenterm slides."""
    table = subprocess.run(
        [BINARY, "summary", "--format", "csv"], check=True, capture_output=True, text=True
    ).stdout
    parts = []
    first_title = None
    for row in csv.DictReader(io.StringIO(table)):
        title = f"{row['kpi']} {row['fiscal_year_wareki']}"
        first_title = first_title or title
        parts.append(
            f"{title}\n===\n\n"
            f"| 目標 | 実績 | 達成率 | 状況 |\n|---|---|---|---|\n"
            f"| {row['target']}{row['unit']} | {row['actual']}{row['unit']} "
            f"| {row['rate']}% | {row['status']} |\n"
        )
    path = os.path.join(workdir, "slides.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n<!-- end_slide -->\n\n".join(parts))
    return path, first_title


def records_csv(workdir, sample):
    path = os.path.join(workdir, "records.csv")
    with open(path, "w", encoding="utf-8") as f:
        subprocess.run(
            [
                BINARY, "summary", "--companies", "--format", "csv",
                "--plan", os.path.join(sample, "plan.ron"),
                "--actuals", os.path.join(sample, "actuals.ron"),
            ],
            check=True,
            stdout=f,
        )
    with open(path, encoding="utf-8") as f:
        first = next(csv.DictReader(f))
    # The first column of the first record: visidata shows it at the left.
    return path, first["kpi"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-compare", action="store_true")
    parser.add_argument("--sizes", default=",".join(name for name, _ in SIZES))
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} is missing: run `cargo build --release` first")
    wanted = args.sizes.split(",")

    workdir = tempfile.mkdtemp(prefix="kpi-council-startup-")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    env["KPI_COUNCIL_CONFIG"] = os.path.join(workdir, "config.ron")
    env["KPI_COUNCIL_LOG"] = os.path.join(workdir, "log")
    env["KPI_COUNCIL_NOW"] = "2019-05-20T13:55:00+09:00"
    env.pop("NO_COLOR", None)
    presenterm = None if args.no_compare else shutil.which("presenterm")
    visidata = None if args.no_compare else shutil.which("vd")

    print(f"{args.runs} runs each, {COLS}x{ROWS} pseudo-terminal read through pyte, times in ms\n")
    print("| what | median | fastest | slowest | ratio to the peer (medians) |")
    print("|---|---:|---:|---:|---:|")
    rows = []
    memory = []
    for name, size in SIZES:
        if name not in wanted:
            continue
        sample = make_sample(workdir, name, size) if size else None
        # The peer first, so that its figure is in hand for the ratio.
        peer, peer_name = None, None
        if name == "embedded" and presenterm:
            path, title = slides(workdir)
            peer, peaks = [], []
            for _ in range(args.runs):
                seen, peak = run_in_pty(
                    [presenterm, path], {"slide": showing(title.split()[0])}, env, workdir
                )
                peer.append(seen["slide"])
                peaks.append(peak)
            peer_name = "presenterm"
            print(summarize("presenterm, the 9 items as slides: first slide", peer))
            memory.append(("presenterm, 9 slides", megabytes(peaks)))
        elif sample and visidata:
            path, first_field = records_csv(workdir, sample)
            peer, peaks = [], []
            for _ in range(args.runs):
                seen, peak = run_in_pty(
                    [visidata, path], {"rows": showing(first_field)}, env, workdir,
                    quit_keys=b"gq",
                )
                peer.append(seen["rows"])
                peaks.append(peak)
            peer_name = "visidata"
            print(summarize(f"visidata, the {name} records as CSV: first rows", peer))
            memory.append((f"visidata {name}", megabytes(peaks)))
        elif name == "embedded":
            print("| presenterm: not installed (cargo install presenterm), skipped | | | | |")
        elif not args.no_compare:
            print("| visidata: not installed (pip install visidata), skipped | | | | |")
        # With a sample: first with an empty cache (parsed, cache written),
        # then with the cache the first of those runs left.
        kinds = [("", None)] if not sample else [("no cache", "cold"), ("cached", "warm")]
        warm_cache = os.path.join(workdir, f"cache-{name}")
        for label, kind in kinds:
            first, overview, peaks = [], [], []
            for i in range(args.runs):
                rundir = os.path.join(workdir, f"run-{name}-{kind}-{i}")
                os.makedirs(rundir)
                session = os.path.join(rundir, "session.ron")
                argv = [BINARY, "--session", session]
                run_env = dict(env)
                if sample:
                    shutil.copy(os.path.join(sample, "session.ron"), session)
                    argv += [
                        "--plan", os.path.join(sample, "plan.ron"),
                        "--actuals", os.path.join(sample, "actuals.ron"),
                    ]
                    run_env["KPI_COUNCIL_CACHE"] = (
                        os.path.join(rundir, "cache") if kind == "cold" else warm_cache
                    )
                    if kind == "warm" and i == 0:
                        # Untimed: the run that writes the cache of the
                        # actuals; quitting, it leaves the session's parsed
                        # copy beside the file it wrote.
                        run_in_pty(argv, {"overview": overview_drawn}, run_env, rundir)
                    elif kind == "warm":
                        # The session as the previous run left it: every
                        # start after the first, as on the meeting day.
                        previous = os.path.join(workdir, f"run-{name}-{kind}-{i - 1}")
                        shutil.copy(os.path.join(previous, "session.ron"), session)
                seen, peak = run_in_pty(
                    argv, {"first": anything, "overview": overview_drawn}, run_env, rundir
                )
                first.append(seen["first"])
                overview.append(seen["overview"])
                peaks.append(peak)
            what = f"kpi-council {name}" + (f", {label}" if label else "")
            print(summarize(f"{what}: first frame", first))
            print(summarize(f"{what}: overview with data", overview, peer))
            if peer_name:
                rows.append((what, peer_name, statistics.median(overview) / statistics.median(peer)))
            memory.append((what, megabytes(peaks)))
    print("\nPeak memory (resident), the largest of the runs:\n")
    print("| run | peak |")
    print("|---|---:|")
    for what, peak in memory:
        print(f"| {what} | {peak} |")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
