"""Validate an export's files with Spark: one task per group of files.

    spark-submit validate_partitions.py PLAN FILE_OR_FOLDER... \
        [--partitions N] [--summary summary.json] [--dead-letter DIR]

Each partition loads the plan once (taxonc.load) and validates its files
with plan.validate(path) -- NDJSON, gzip, zip and tar are read by the C
library itself -- inside mapPartitions; the summaries come back to the
driver pickled (as their JSON reports) in file order and are merged with
Summary.merge_all, which gives exactly `taxonc validate --format json PLAN
FILES...` over the same files in the same order. --dead-letter also
writes each invalid record with its violations (plan.split over the
records of plain and gzip files) as JSON lines, one part per partition.

The plan file must be readable by every executor (a shared path, or ship
it with --files and pass its base name). The taxonc package must be
installed on the executors (pip install ./python).
"""
import argparse
import gzip
import json
import os
import sys

import taxonc
from pyspark.sql import SparkSession


def list_inputs(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, n) for n in os.listdir(a)
                            if os.path.isfile(os.path.join(a, n)))
        else:
            files.append(a)
    return files


def validate_part(plan_path):
    def run(paths):
        plan = taxonc.load(plan_path)
        for path in paths:
            yield path, plan.validate(path)
    return run


def dead_letters(plan_path):
    def run(paths):
        plan = taxonc.load(plan_path)
        for path in paths:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as f:
                _, invalid = plan.split(f)
            for record, violations in invalid:
                yield json.dumps({"file": path, "record": record.decode("utf-8", "replace").rstrip("\n"),
                                  "violations": violations})
    return run


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("plan")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--partitions", type=int, default=0, help="default: one per file")
    ap.add_argument("--summary", help="write the merged JSON report here (default: stdout)")
    ap.add_argument("--dead-letter", help="folder for the invalid records and their violations")
    ap.add_argument("--master", default=None, help="e.g. local[2] (default: spark-submit's)")
    a = ap.parse_args(argv)
    files = list_inputs(a.inputs)
    if not files:
        ap.error("no input files")
    builder = SparkSession.builder.appName("taxonc-validate")
    if a.master:
        builder = builder.master(a.master)
        if a.master.startswith("local"):   # workers run this interpreter (the one with taxonc)
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    try:
        sc = spark.sparkContext
        rdd = sc.parallelize(files, a.partitions or len(files))
        # collect() keeps partition order, and each partition keeps its files' order
        parts = rdd.mapPartitions(validate_part(a.plan)).collect()
        summary = taxonc.Summary.merge_all([s for _, s in parts])
        if a.dead_letter:
            rdd.mapPartitions(dead_letters(a.plan)).saveAsTextFile(a.dead_letter)
    finally:
        spark.stop()
    text = summary.to_json()
    if a.summary:
        with open(a.summary, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    sys.stderr.write("taxonc: %d records in %d files, %d invalid\n"
                     % (summary.records, summary.files, summary.invalid))
    return 1 if summary.failing else 0


if __name__ == "__main__":
    sys.exit(main())
