#!/usr/bin/env python3
"""Time to first frame, in a real pseudo-terminal, at three sizes.

    cargo build --release
    python3 benches/startup.py [--runs 10] [--no-compare]

For each size (the embedded default, 10k records / 1k remarks, 100k records
/ 10k remarks) the program is started in a 120x40 pseudo-terminal, as a
person would start it, and the script notes when the bytes it writes first
contain:

- the first frame: the loading frame (読み込み中) or the overview (総覧),
  whichever comes first;
- the overview (総覧): the data read, the ledger built, the first real
  screen drawn.

Then it presses q and waits for the program to end. The figures are the
median, fastest and slowest of --runs runs.

With comparisons (the default), the same is done side by side for:

- presenterm, showing the nine KPI x 年度 items of the embedded default as
  Markdown slides (one slide each, with target, actual, rate and status):
  time until the first slide's title is on screen.
- visidata, showing the same records as the large sample (one CSV row per
  contribution, written by `kpi-council summary --companies --format csv`):
  time until the first record's first field is on screen.

A tool that is not installed is skipped with a line saying so; install them
with `cargo install presenterm` and `pip install visidata`.

The pseudo-terminal answers the queries programs send at start (cursor
position, device status and device attributes) as a terminal would, so
that no program waits on a timeout that a real terminal would not impose.

Only the Python standard library is used.
"""

import argparse
import csv
import fcntl
import io
import os
import re
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "kpi-council")
COLS, ROWS = 120, 40

SIZES = [
    ("embedded", None),
    ("10k-1k", dict(kpis=10, years=5, companies=1000, records=10000, remarks=1000)),
    ("100k-10k", dict(kpis=10, years=5, companies=10000, records=100000, remarks=10000)),
]

# Escape sequences (CSI, OSC, two-byte), removed before looking for text:
# a program may move the cursor or change colour in the middle of a word.
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")

ANSWERS = [
    (b"\x1b[6n", b"\x1b[1;1R"),  # cursor position
    (b"\x1b[5n", b"\x1b[0n"),  # device status: OK
    (b"\x1b[c", b"\x1b[?62;22c"),  # primary device attributes
    (b"\x1b[0c", b"\x1b[?62;22c"),
]


def run_in_pty(argv, markers, env, cwd, quit_keys=b"q", timeout=30.0):
    """Starts argv in a pseudo-terminal; returns {marker: seconds} for every
    marker seen in its output (as UTF-8 bytes), then quits it."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
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
    output = bytearray()
    answered = [0] * len(ANSWERS)
    deadline = start + timeout
    try:
        while len(seen) < len(markers) and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            now = time.perf_counter() - start
            output += chunk
            text = ESCAPES.sub(b"", output)
            for marker in markers:
                if marker not in seen and marker.encode() in text:
                    seen[marker] = now
            # Answer the terminal queries seen since the last answer.
            for i, (query, answer) in enumerate(ANSWERS):
                count = output.count(query)
                while answered[i] < count:
                    os.write(master, answer)
                    answered[i] += 1
        os.write(master, quit_keys)
        try:
            end = time.perf_counter() + 5
            while proc.poll() is None and time.perf_counter() < end:
                ready, _, _ = select.select([master], [], [], 0.05)
                if ready:
                    try:
                        os.read(master, 65536)
                    except OSError:
                        break
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    finally:
        os.close(master)
    missing = [m for m in markers if m not in seen]
    if missing:
        tail = output[-400:].decode("utf-8", "replace")
        raise RuntimeError(f"{argv[0]}: never showed {missing}; last output: {tail!r}")
    return seen


def summarize(name, values):
    ms = [v * 1000 for v in values]
    return f"| {name} | {statistics.median(ms):.1f} | {min(ms):.1f} | {max(ms):.1f} |"


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
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-compare", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} is missing: run `cargo build --release` first")

    workdir = tempfile.mkdtemp(prefix="kpi-council-startup-")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    env["KPI_COUNCIL_CONFIG"] = os.path.join(workdir, "config.ron")
    env["KPI_COUNCIL_LOG"] = os.path.join(workdir, "log")
    env.pop("NO_COLOR", None)

    print(f"{args.runs} runs each, {COLS}x{ROWS} pseudo-terminal, times in ms\n")
    print("| what | median | fastest | slowest |")
    print("|---|---:|---:|---:|")
    samples = {}
    for name, size in SIZES:
        sample = make_sample(workdir, name, size) if size else None
        samples[name] = sample
        first, overview = [], []
        for i in range(args.runs):
            rundir = os.path.join(workdir, f"run-{name}-{i}")
            os.makedirs(rundir)
            session = os.path.join(rundir, "session.ron")
            argv = [BINARY, "--session", session]
            if sample:
                shutil.copy(os.path.join(sample, "session.ron"), session)
                argv += [
                    "--plan", os.path.join(sample, "plan.ron"),
                    "--actuals", os.path.join(sample, "actuals.ron"),
                ]
            seen = run_in_pty(argv, ["総覧", "読み込み中"], env, rundir, timeout=30)
            loading = seen.get("読み込み中", seen["総覧"])
            first.append(min(loading, seen["総覧"]))
            overview.append(seen["総覧"])
        print(summarize(f"kpi-council {name}: first frame", first))
        print(summarize(f"kpi-council {name}: overview with data", overview))

    if args.no_compare:
        return
    presenterm = shutil.which("presenterm")
    if presenterm:
        path, title = slides(workdir)
        times = []
        for _ in range(args.runs):
            seen = run_in_pty([presenterm, path], [title.split()[0]], env, workdir)
            times.append(seen[title.split()[0]])
        print(summarize("presenterm, 9 slides: first slide", times))
    else:
        print("| presenterm: not installed (cargo install presenterm), skipped | | | |")
    visidata = shutil.which("vd")
    if visidata:
        for name in ("10k-1k", "100k-10k"):
            path, first_field = records_csv(workdir, samples[name])
            times = []
            for _ in range(args.runs):
                seen = run_in_pty([visidata, path], [first_field], env, workdir, quit_keys=b"gq")
                times.append(seen[first_field])
            print(summarize(f"visidata {name} records: first record", times))
    else:
        print("| visidata: not installed (pip install visidata), skipped | | | |")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
