"""The zero-install route: the `taxonc` command as a filter in RDD.pipe.

    spark-submit --files taxonomy.yaml pipe_filter.py taxonomy.yaml FILE... \
        --out DIR [--taxonc taxonc]

No Python package on the executors: each partition's lines go through

    taxonc validate --valid-out - PLAN -

(stdin in, the valid records out on stdout, the report on stderr, which
lands in the executor's log), and the valid records are saved with
saveAsTextFile, in input order. Spark's textFile reads the plain and gzip
files (not zip: unzip first, or use validate_partitions.py). The binary
must be on the executors' PATH, or given with --taxonc (ship it with
--files too). Hadoop Streaming takes the same command as its mapper:

    hadoop jar hadoop-streaming.jar -files taxonc,taxonomy.yaml \
        -input events/ -output valid/ -numReduceTasks 0 \
        -mapper './taxonc validate --valid-out - taxonomy.yaml -'
"""
import argparse
import os
import shlex
import sys

from pyspark.sql import SparkSession


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("plan")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--out", required=True, help="folder for the valid records (saveAsTextFile)")
    ap.add_argument("--taxonc", default="taxonc", help="the command (default: taxonc on PATH)")
    ap.add_argument("--master", default=None, help="e.g. local[2] (default: spark-submit's)")
    a = ap.parse_args(argv)
    builder = SparkSession.builder.appName("taxonc-pipe")
    if a.master:
        builder = builder.master(a.master)
        if a.master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    try:
        lines = spark.sparkContext.textFile(",".join(a.inputs))
        cmd = [a.taxonc, "validate", "--valid-out", "-", a.plan, "-"]
        # exit 1 (invalid records) is expected: pipe's checkCode stays off
        lines.pipe(" ".join(shlex.quote(c) for c in cmd)).saveAsTextFile(a.out)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
