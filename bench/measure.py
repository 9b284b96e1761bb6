#!/usr/bin/env python3
"""Runs one command several times and prints its median wall time and peak
resident memory. Each run goes through bench/rusage_run.c (built by
run.sh; --rr PATH), because a child forked from Python would report
Python's own peak RSS as a floor.

    measure.py --rr RUSAGE_RUN [--plain] [--runs N] [--stdin FILE] [--ok 0,1] -- CMD ARGS...

Prints one line of JSON: {"median_s", "min_s", "max_s", "maxrss_kib", "runs", "rc",
"cpu_median_s" (user + system CPU time)},
or with --plain the same values separated by spaces (for shell scripts).
Fails (exit 3) when the command exits with a code not in --ok (default 0,1:
"problems found" is a normal answer for a validator on a log with bad
records) or is killed by a signal; its stderr is shown then.
"""
import json, os, statistics, subprocess, sys, tempfile

def main():
    args = sys.argv[1:]
    runs, stdin_path, ok, rr, plain = 5, None, {0, 1}, None, False
    while args and args[0] != "--":
        a = args.pop(0)
        if a == "--runs": runs = int(args.pop(0))
        elif a == "--stdin": stdin_path = args.pop(0)
        elif a == "--rr": rr = args.pop(0)
        elif a == "--plain": plain = True
        elif a == "--ok": ok = {int(x) for x in args.pop(0).split(",")}
        else: sys.exit(f"measure.py: unknown option {a}")
    if not args or not rr: sys.exit("measure.py: missing --rr or -- CMD")
    cmd = args[1:]
    times, cpus, rss, rc = [], [], 0, 0
    for _ in range(max(1, runs)):
        fin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        with tempfile.NamedTemporaryFile("r") as res:
            env = dict(os.environ, RUSAGE_OUT=res.name)
            p = subprocess.run([rr] + cmd, stdin=fin, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=env)
            if stdin_path: fin.close()
            fields = res.read().split()
        if len(fields) != 4:
            sys.stderr.write(f"measure.py: no result from {rr}\n" + p.stderr.decode(errors="replace"))
            sys.exit(3)
        wall, maxrss, rc, cpu = float(fields[0]), int(fields[1]), int(fields[2]), float(fields[3])
        err = p.stderr
        if rc not in ok:
            sys.stderr.write(f"measure.py: {' '.join(cmd)} exited {rc}\n")
            sys.stderr.write(err.decode(errors="replace")[-2000:])
            sys.exit(3)
        times.append(wall)
        cpus.append(cpu)
        rss = max(rss, maxrss)
    r = {"median_s": statistics.median(times), "min_s": min(times),
         "max_s": max(times), "maxrss_kib": rss, "runs": len(times), "rc": rc,
         "cpu_median_s": statistics.median(cpus)}
    print(" ".join(str(v) for v in r.values()) if plain else json.dumps(r))

if __name__ == "__main__":
    main()
