"""Validate an export's files with Spark: one task per group of files.

    spark-submit validate_partitions.py PLAN FILE_OR_FOLDER... \
        [--partitions N] [--summary summary.json] [--valid-out DIR] [--dead-letter DIR]

Each partition loads the plan once (taxonc.load) and validates its files
with plan.validate(path) -- NDJSON, gzip, zip and tar are read by the C
library itself -- inside mapPartitions; the summaries come back to the
driver pickled (as their JSON reports) in file order and are merged with
Summary.merge_all, which gives exactly `taxonc validate --format json PLAN
FILES...` over the same files in the same order.

--valid-out and --dead-letter split the records as `taxonc validate
--valid-out --invalid-out` does: plan.split over the lines of each file,
gzip file, and zip member (a gzip member inflated; directories, links and
__MACOSX/ skipped, as the CLI), named FILE or ZIP!MEMBER. Valid (and
ignored) records are written as read; each invalid one as the CLI's JSON
line {"file","line","index","violations","record"} ("raw" when it is not
JSON). Saved with saveAsTextFile, one part per partition, parts in file
order, so their concatenation is the CLI's output. Records are NDJSON
lines (Amplitude's export shape); a record spanning lines is not split.

The plan file must be readable by every executor (a shared path, or ship
it with --files and pass its base name). The taxonc package must be
installed on the executors (pip install ./python).
"""
import argparse
import gzip
import io
import json
import os
import sys
import zipfile

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


GZIP_MAGIC = b"\x1f\x8b"


def _lines(f):
    """The lines of a binary stream, inflated when it starts with gzip's magic."""
    f = io.BufferedReader(f) if not hasattr(f, "peek") else f
    if f.peek(2)[:2] == GZIP_MAGIC:
        f = gzip.GzipFile(fileobj=f)
    return list(f)


def logs_of(path):
    """(name, lines) for each log in path: the file itself, or each regular
    member of a zip in order, named as the CLI names them."""
    with open(path, "rb") as f:
        if not zipfile.is_zipfile(f):
            f.seek(0)
            yield path, _lines(f)
            return
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
            if info.is_dir() or is_link or info.filename.startswith("__MACOSX/"):
                continue
            with z.open(info) as m:
                yield path + "!" + info.filename, _lines(m)


def dead_letter_line(name, line, index, record, violations):
    keep = ("code", "path", "column", "message", "expected", "found")
    out = {"file": name, "line": line, "index": index,
           "violations": [{k: v[k] for k in keep if v.get(k) is not None} for v in violations[:100]]}
    if len(violations) > 100:
        out["more_violations"] = len(violations) - 100
    try:
        out["record"] = json.loads(record)
    except ValueError:
        out["raw"] = record.decode("utf-8", "replace").rstrip("\r\n")
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def split_part(plan_path):
    """Rows ("valid", line) and ("invalid", dead-letter line), in input order."""
    def run(paths):
        plan = taxonc.load(plan_path)
        for path in paths:
            for name, lines in logs_of(path):
                valid, invalid = plan.split(lines)
                bad = {id(r): v for r, v in invalid}     # split keeps the line objects
                index = 0
                for n, line in enumerate(lines, 1):
                    if not line.strip(b" \t\r\n"):   # blank: not a record (as split)
                        continue
                    if id(line) in bad:
                        yield "invalid", dead_letter_line(name, n, index, line, bad[id(line)])
                    else:
                        yield "valid", line.decode("utf-8", "replace").rstrip("\n")
                    index += 1
    return run


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("plan")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--partitions", type=int, default=0, help="default: one per file")
    ap.add_argument("--summary", help="write the merged JSON report here (default: stdout)")
    ap.add_argument("--valid-out", help="folder for the valid records (saveAsTextFile)")
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
        if a.valid_out or a.dead_letter:
            rows = rdd.mapPartitions(split_part(a.plan)).cache()
            for kind, folder in (("valid", a.valid_out), ("invalid", a.dead_letter)):
                if folder:
                    rows.filter(lambda r, k=kind: r[0] == k).map(lambda r: r[1]).saveAsTextFile(folder)
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
