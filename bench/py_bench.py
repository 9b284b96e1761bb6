"""Python and Spark figures for `make bench` (run by bench/py_bench.sh in
the package's venv): medians of RUNS, printed, not asserted.

    py_bench.py PLAN LOG PARTS_DIR TAXONC RUNS

  * plan.validate(LOG) (load included) against `taxonc validate PLAN LOG`
    on 1 thread: MB/s each and the ratio (the issue's target: >= 70 %);
  * plan.check(record), one call per record of LOG: calls/s;
  * examples/spark/validate_partitions.py's job (mapPartitions over the
    files of PARTS_DIR, summaries merged) on local[2], timed in a warm
    session, against `taxonc validate --jobs 2` over the same files.
"""
import os
import statistics
import subprocess
import sys
import time

import taxonc

HERE = os.path.dirname(os.path.abspath(__file__))


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def cli(taxonc_bin, *args):
    r = subprocess.run([taxonc_bin, "validate", *args], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    if r.returncode not in (0, 1):
        raise SystemExit("py_bench: taxonc validate exit %d" % r.returncode)


def main():
    plan_path, log, parts, taxonc_bin, runs = sys.argv[1:6]
    runs = int(runs)
    size = os.path.getsize(log)
    t_cli = median_time(lambda: cli(taxonc_bin, plan_path, log), runs)
    t_py = median_time(lambda: taxonc.load(plan_path).validate(log), runs)
    s = taxonc.load(plan_path).validate(log)
    print("python plan.validate(path): %.0f MB/s vs CLI %.0f MB/s (1 thread, load included): %.0f %% "
          "of the CLI (target >= 70 %%); %.1f MB, %d records"
          % (size / t_py / 1e6, size / t_cli / 1e6, 100 * t_cli / t_py, size / 1e6, s.records))
    plan = taxonc.load(plan_path)
    with open(log, "rb") as f:
        lines = [line for _, line in zip(range(100000), f)]
    t_chk = median_time(lambda: [plan.check(r) for r in lines], runs)
    print("python plan.check(record): %.0f calls/s (%d records of bytes, one call each)"
          % (len(lines) / t_chk, len(lines)))
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        print("spark: skipped (no pyspark)")
        return
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), "examples", "spark"))
    import validate_partitions as job
    files = job.list_inputs([parts])
    records = taxonc.load(plan_path).validate_files(files).records
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").appName("taxonc-bench").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        sc = spark.sparkContext
        def run():
            parts_ = sc.parallelize(files, len(files)).mapPartitions(job.validate_part(plan_path)).collect()
            return taxonc.Summary.merge_all([s for _, s in parts_])
        run()   # warm: the JVM, the Python workers
        t_spark = median_time(run, runs)
    finally:
        spark.stop()
    t_cli2 = median_time(lambda: cli(taxonc_bin, "--jobs", "2", plan_path, *files), runs)
    print("spark job on local[2]: %.2f M records/s vs CLI --jobs 2 %.2f M records/s (%.0f %%); "
          "%d files, %d records, warm session"
          % (records / t_spark / 1e6, records / t_cli2 / 1e6, 100 * t_cli2 / t_spark, len(files), records))


if __name__ == "__main__":
    main()
