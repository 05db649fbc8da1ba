#!/usr/bin/env python3
"""The embedded default's start, several builds and presenterm by turns.

    python3 benches/by_turns.py [--runs 40] BINARY [BINARY...]
    python3 benches/by_turns.py --sample DIR [--sample DIR...] [--runs 9] BINARY [BINARY...]

This machine's speed drifts by a third within minutes, so comparing two
builds (or a build with presenterm) in separate runs of
`benches/startup.py` can show a change that is only the drift. Here each
round starts every build once and presenterm once, one after the other
(each round beginning with the next program), in the same 120x40
pseudo-terminal read through the same emulator as
`benches/startup.py` (its functions are used), each build in a fresh folder
as on a first start (the session is created). Printed: the medians of the
first frame and of the full overview (presenterm: its first slide), with
the fastest and slowest, and each overview's ratio to presenterm's.

With `--sample DIR` (a folder as `kpi-council sample -o DIR` writes it)
each build opens that plan, actuals and a copy of its session instead,
in a folder and with a cache folder of its own, both made by two runs
first: the cached start, as the second start of a meeting is. Printed:
the median, fastest and slowest overview, and each build's largest peak
of memory. With several samples, every build opens each of them in every
round, and each row's ratio is to the first sample's median with the same
build (100k-100k against 100k-10k: the goal of at most 2x).
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import startup  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--sample", action="append", help="a folder written by kpi-council sample (repeatable)"
    )
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    # Each program runs in a folder of its own: a path is made absolute.
    args.binaries = [os.path.abspath(b) if os.sep in b else b for b in args.binaries]
    if args.sample:
        sample_by_turns(args)
        return
    workdir = tempfile.mkdtemp(prefix="kpi-by-turns-")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    presenterm = shutil.which("presenterm")
    slides = startup.slides(workdir) if presenterm else None
    if not presenterm:
        print("presenterm is not installed (cargo install presenterm): no ratio")
    names = args.binaries + (["presenterm"] if presenterm else [])
    times = {name: [] for name in names}
    for round_no in range(args.runs):
        for binary in in_turn(names, round_no):
            if binary == "presenterm":
                path, title = slides
                markers = {"first": startup.anything, "overview": startup.showing(title.split()[0])}
                seen, _ = startup.run_in_pty([presenterm, path], markers, env, workdir)
                times["presenterm"].append((seen["first"] * 1000, seen["overview"] * 1000))
                continue
            run = os.path.join(workdir, "run")
            shutil.rmtree(run, ignore_errors=True)
            os.makedirs(run)
            env["KPI_COUNCIL_CONFIG"] = os.path.join(run, "config.ron")
            env["KPI_COUNCIL_CACHE"] = os.path.join(run, "cache")
            markers = {"first": startup.anything, "overview": startup.overview_drawn}
            seen, _ = startup.run_in_pty([binary], markers, env, run)
            times[binary].append((seen["first"] * 1000, seen["overview"] * 1000))
    peer = statistics.median(t for _, t in times["presenterm"]) if presenterm else None
    print(f"{args.runs} rounds by turns, times in ms\n")
    print("| program | first frame | overview (presenterm: first slide) | fastest | slowest | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, runs in times.items():
        overview = [t for _, t in runs]
        median = statistics.median(overview)
        ratio = f"{median / peer:.2f}x" if peer and name != "presenterm" else ""
        print(
            f"| {name} | {statistics.median(f for f, _ in runs):.1f} | {median:.1f} "
            f"| {min(overview):.1f} | {max(overview):.1f} | {ratio} |"
        )
    shutil.rmtree(workdir, ignore_errors=True)


def in_turn(programs, round_no):
    """The programs of one round, each round starting one further along:
    the program run first in a round is a few per cent slower (measured
    with one build under two names: 6.2 against 5.9 ms), so no program
    always goes first."""
    k = round_no % len(programs)
    return programs[k:] + programs[:k]


def sample_by_turns(args):
    workdir = tempfile.mkdtemp(prefix="kpi-by-turns-")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    env["KPI_COUNCIL_NOW"] = "2019-05-20T13:55:00+09:00"
    markers = {"overview": startup.overview_drawn}
    setups = []
    for sample in args.sample:
        for binary in args.binaries:
            run = os.path.join(workdir, str(len(setups)))
            os.makedirs(run)
            shutil.copy(os.path.join(sample, "session.ron"), run)
            argv = [
                binary,
                "--session", os.path.join(run, "session.ron"),
                "--plan", os.path.join(sample, "plan.ron"),
                "--actuals", os.path.join(sample, "actuals.ron"),
            ]
            setups.append(((sample, binary), argv, run))
    def run_once(argv, run):
        env["KPI_COUNCIL_CONFIG"] = os.path.join(run, "config.ron")
        env["KPI_COUNCIL_CACHE"] = os.path.join(run, "cache")
        return startup.run_in_pty(argv, markers, env, run)
    for _, argv, run in setups:
        run_once(argv, run)
        run_once(argv, run)
    times = {key: [] for key, _, _ in setups}
    peaks = {key: 0 for key, _, _ in setups}
    for round_no in range(args.runs):
        for key, argv, run in in_turn(setups, round_no):
            seen, peak = run_once(argv, run)
            times[key].append(seen["overview"] * 1000)
            peaks[key] = max(peaks[key], peak)
    print(f"cached start, {args.runs} rounds by turns, times in ms\n")
    print("| sample | program | overview | fastest | slowest | peak | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|")
    first = {}
    for (sample, binary), overview in times.items():
        median = statistics.median(overview)
        first.setdefault(binary, median)
        ratio = f"{median / first[binary]:.2f}x" if len(args.sample) > 1 else ""
        print(
            f"| {sample} | {binary} | {median:.1f} | {min(overview):.1f} "
            f"| {max(overview):.1f} | {peaks[(sample, binary)] >> 20} MB | {ratio} |"
        )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
