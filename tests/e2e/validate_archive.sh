#!/usr/bin/env bash
# zip and tar archives are read member by member (issue 14, item 4): the
# shape Amplitude's Export API delivers, a zip of hourly gzip files
# PROJECT/PROJECT_2024-01-01_H#0.json.gz, gives the same verdicts as its
# members validated one by one, each located as ARCHIVE!MEMBER:LINE:COL;
# so do a zip written as a stream (data descriptors), a tar of gzip files
# and a tar.gz of plain ones, from a file or stdin, with 1 or 2 jobs. A
# damaged or truncated archive is an I/O error naming the member (exit 2)
# after the members before it were checked; zip bombs stream in flat
# memory. Every archive is built here, at run time, by python3.
source "$(dirname "$0")/robust.bash"
W=$WORK
cd "$W" || exit 1
cat >plan.yaml <<'YAML'
taxonomy: export_check
version: 1.0.0
properties:
  sign_up_type: {type: string, enum: [kakao, naver, google], description: how}
  search_term: {type: string, max_length: 12, description: what}
  membership_level: {type: string, enum: [basic, gold], description: level}
user_properties: [membership_level]
events:
  complete_sign_up: {description: signed up, properties: {sign_up_type: required}}
  search_stay: {description: searched, properties: {search_term: required}}
YAML

python3 - <<'PY'
import gzip, io, json, os, random, tarfile, uuid, zipfile
P = "187520"
rnd = random.Random(7)

def rec(h, i, etype, props):
    """One event as the Export API writes it (one JSON object per line)."""
    t = "2024-01-01 %02d:%02d:%02d.123000" % (h, i, (i * 7) % 60)
    return {
        "$insert_id": str(uuid.UUID(int=rnd.getrandbits(128))), "$schema": 12,
        "amplitude_id": 500000000 + h * 100 + i, "app": int(P), "city": "Seoul",
        "client_event_time": t, "client_upload_time": t, "country": "South Korea",
        "data": {}, "device_carrier": None, "device_family": "iOS", "device_id": "dev-%d" % (i % 3),
        "device_type": "iPhone 15", "dma": None, "event_id": i, "event_properties": props,
        "event_time": t, "event_type": etype, "group_properties": {}, "groups": {},
        "ip_address": "127.0.0.1", "language": "Korean", "library": "amplitude-swift/1.0.0",
        "os_name": "ios", "os_version": "17.2", "paying": None, "platform": "iOS",
        "processed_time": t, "region": "Seoul", "server_received_time": t,
        "server_upload_time": t, "session_id": 1704067200000 + h,
        "user_creation_time": "2023-12-31 09:00:00.000000", "user_id": "user-%d" % (i % 4),
        "user_properties": {"membership_level": "gold"},
        "uuid": str(uuid.UUID(int=rnd.getrandbits(128))), "version_name": "3.2.1",
    }

hours = {}
for h, n in ((0, 5), (1, 7), (2, 4)):
    hours[h] = [rec(h, i, "search_stay", {"search_term": "jeju"}) if i % 2 else
                rec(h, i, "complete_sign_up", {"sign_up_type": "kakao"}) for i in range(n)]
hours[0][2]["event_properties"]["sign_up_type"] = "kakoa"                 # hour 0, line 3
hours[1][3]["event_properties"]["search_term"] = "jeju island resort"     # hour 1, line 4
hours[2][1]["user_properties"]["membership_level"] = "platinum"           # hour 2, line 2

def name(h, ext="json.gz"):
    return "%s/%s_2024-01-01_%d#0.%s" % (P, P, h, ext)
def ndjson(h):
    return "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in hours[h]).encode()
def gz(b):
    return gzip.compress(b, mtime=0)

# The members as files, to validate one by one for the reference reports.
os.makedirs("hours/" + P)
for h in hours:
    open("hours/" + name(h), "wb").write(gz(ndjson(h)))
    open("hours/" + name(h, "json"), "wb").write(ndjson(h))

with zipfile.ZipFile("export.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo(P + "/"), b"")            # a directory: skipped
    for h in hours:
        z.writestr(name(h), gz(ndjson(h)))

class Unseekable(io.RawIOBase):
    """zipfile on a pipe: sizes and CRCs go in data descriptors after the data."""
    def __init__(self, f): self.f = f
    def writable(self): return True
    def write(self, b): return self.f.write(b)
with open("stream.zip", "wb") as f, zipfile.ZipFile(Unseekable(f), "w", zipfile.ZIP_STORED) as z:
    for h in hours:
        with z.open(name(h), "w") as m:
            m.write(gz(ndjson(h)))

def tar(path, mode, ext):
    with tarfile.open(path, mode) as t:
        d = tarfile.TarInfo(P); d.type = tarfile.DIRTYPE; t.addfile(d)
        for h in hours:
            data = gz(ndjson(h)) if ext == "json.gz" else ndjson(h)
            ti = tarfile.TarInfo(name(h, ext)); ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
        ln = tarfile.TarInfo(P + "/latest"); ln.type = tarfile.SYMTYPE
        ln.linkname = name(2, ext); t.addfile(ln)                  # a link: skipped
tar("export.tar", "w", "json.gz")
tar("export.tar.gz", "w:gz", "json")

# Damage in the second member (hour 1).
def data_start(zi):
    return zi.header_offset + 30 + len(zi.filename.encode()) + len(zi.extra)
with zipfile.ZipFile("plain.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for h in hours:
        z.writestr(name(h, "json"), ndjson(h))
b = bytearray(open("plain.zip", "rb").read())
zi = zipfile.ZipFile("plain.zip").infolist()[1]
mid = data_start(zi) + zi.compress_size // 2
b[mid:mid + 16] = b"\xff" * 16                                     # corrupt deflate data
open("bad_deflate.zip", "wb").write(b)
raw = open("export.zip", "rb").read()
zi = zipfile.ZipFile("export.zip").infolist()                      # [0] is the directory
open("cut_mid.zip", "wb").write(raw[:data_start(zi[2]) + zi[2].compress_size // 2])
open("cut_edge.zip", "wb").write(raw[:zi[3].header_offset])        # cut between members
g = bytearray(gz(ndjson(1))); g[40:56] = b"\xff" * 16
with zipfile.ZipFile("bad_gz.zip", "w", zipfile.ZIP_STORED) as z:  # a sound zip, a broken gzip
    z.writestr(name(0), gz(ndjson(0))); z.writestr(name(1), bytes(g)); z.writestr(name(2), gz(ndjson(2)))
with zipfile.ZipFile("cut_gz.zip", "w", zipfile.ZIP_STORED) as z:
    z.writestr(name(0), gz(ndjson(0))); z.writestr(name(1), gz(ndjson(1))[:300])
    z.writestr(name(2), gz(ndjson(2)))
traw = open("export.tar", "rb").read()
with tarfile.open("export.tar") as t:
    ms = t.getmembers()                                            # [0] is the directory
open("cut_edge.tar", "wb").write(traw[:ms[3].offset])
open("cut_mid.tar", "wb").write(traw[:ms[2].offset_data + 100])
with zipfile.ZipFile("nested.zip", "w") as z:
    z.writestr(name(0), gz(ndjson(0))); z.write("export.zip", "inner.zip")
    z.writestr(name(2), gz(ndjson(2)))
with zipfile.ZipFile("empty.zip", "w") as z:
    pass
PY
[ -s export.zip ] || { echo "FAIL: fixtures not built"; exit 1; }

H0='187520/187520_2024-01-01_0#0' H1='187520/187520_2024-01-01_1#0' H2='187520/187520_2024-01-01_2#0'
# json_sum FILE: "files records valid invalid | file:line ..." of a --format json report
json_sum() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
print(r["files"], r["records"], r["valid"], r["invalid"], "|", " ".join("%s:%d" % (v["file"], v["line"]) for v in r["violations"]))' "$1"
}
# same_as REF LABEL PREFIX: stdout ($OUT), with PREFIX mapped to hours/, is the REF report
same_as() {
  sed "s|$3|hours/|g" "$OUT" | diff -u "$1" - >/dev/null || { fail "$2: report differs from the members'"; sed "s|$3|hours/|g" "$OUT" | diff -u "$1" - | head -20; }
}

echo "== the reference: each member validated as a file"
"$TAXONC" validate --format json plan.yaml "hours/$H0.json.gz" "hours/$H1.json.gz" "hours/$H2.json.gz" >ref_gz.json
"$TAXONC" validate --format json plan.yaml "hours/$H0.json" "hours/$H1.json" "hours/$H2.json" >ref_plain.json
[ "$(json_sum ref_gz.json)" = "3 16 13 3 | hours/$H0.json.gz:3 hours/$H1.json.gz:4 hours/$H2.json.gz:2" ] \
  || fail "reference: $(json_sum ref_gz.json)"

echo "== archives give the members' verdicts"
bounded "zip of hourly .json.gz (Export API)" 10 64 -- "$TAXONC" validate --format json plan.yaml export.zip
expect_rc zip 1; same_as ref_gz.json zip 'export\.zip!'
grep -q "\"file\":\"export.zip!$H1.json.gz\",\"line\":4" "$OUT" || fail "zip: no violation at export.zip!$H1.json.gz line 4"
bounded "the same zip on stdin" 10 64 --stdin export.zip -- "$TAXONC" validate --format json plan.yaml -
expect_rc zip_stdin 1; same_as ref_gz.json zip_stdin '<stdin>!'
bounded "the same zip, --jobs 2" 10 96 -- "$TAXONC" validate --jobs 2 --format json plan.yaml export.zip
expect_rc zip_jobs 1; same_as ref_gz.json zip_jobs 'export\.zip!'
bounded "zip written as a stream (stored, descriptors)" 10 64 -- "$TAXONC" validate --format json plan.yaml stream.zip
expect_rc stream_zip 1; same_as ref_gz.json stream_zip 'stream\.zip!'
bounded "the stream zip on stdin" 10 64 --stdin stream.zip -- "$TAXONC" validate --format json plan.yaml -
expect_rc stream_zip_stdin 1; same_as ref_gz.json stream_zip_stdin '<stdin>!'
bounded "tar of .json.gz" 10 64 -- "$TAXONC" validate --format json plan.yaml export.tar
expect_rc tar 1; same_as ref_gz.json tar 'export\.tar!'
bounded "tar.gz of .json" 10 64 -- "$TAXONC" validate --format json plan.yaml export.tar.gz
expect_rc tar_gz 1; same_as ref_plain.json tar_gz 'export\.tar\.gz!'
bounded "tar.gz on stdin" 10 64 --stdin export.tar.gz -- "$TAXONC" validate --format json plan.yaml -
expect_rc tar_gz_stdin 1; same_as ref_plain.json tar_gz_stdin '<stdin>!'
bounded "an empty zip" 10 64 -- "$TAXONC" validate --format json plan.yaml empty.zip
expect_rc empty_zip 0
[ "$(json_sum "$OUT")" = "0 0 0 0 | " ] || fail "empty zip: $(json_sum "$OUT")"

echo "== locations: text report and --invalid-out"
bounded "verbose text report" 10 64 -- "$TAXONC" validate -v plan.yaml export.zip
expect_rc zip_text 1
for loc in "export.zip!$H0.json.gz:3:" "export.zip!$H1.json.gz:4:" "export.zip!$H2.json.gz:2:"; do
  grep -qF "$loc" "$OUT" || fail "text report: no location $loc"
done
bounded "--invalid-out" 10 64 -- "$TAXONC" validate --invalid-out inv.ndjson --valid-out val.ndjson plan.yaml export.zip
expect_rc zip_filter 1
got=$(python3 -c 'import json,sys; print(" ".join("%s:%d" % (j["file"], j["line"]) for j in map(json.loads, open(sys.argv[1]))))' inv.ndjson)
[ "$got" = "export.zip!$H0.json.gz:3 export.zip!$H1.json.gz:4 export.zip!$H2.json.gz:2" ] \
  || fail "--invalid-out files and lines: $got"
[ "$(wc -l <val.ndjson)" -eq 13 ] || fail "--valid-out: $(wc -l <val.ndjson) records, expected 13"

echo "== damage: exit 2 naming ARCHIVE!MEMBER, the members before it checked"
bounded "corrupt deflate in the 2nd member" 10 64 -- "$TAXONC" validate --format json plan.yaml bad_deflate.zip
expect_rc bad_deflate 2; expect_err bad_deflate "^taxonc: error: 'bad_deflate\.zip!$H1\.json': cannot read the member: ZIP"
case "$(json_sum "$OUT")" in "2 9 7 2 | bad_deflate.zip!$H0.json:3 bad_deflate.zip!$H2.json:2") ;;
  *) fail "bad_deflate: the other members not checked: $(json_sum "$OUT")" ;; esac
bounded "zip cut inside the 2nd member" 10 64 -- "$TAXONC" validate --format json plan.yaml cut_mid.zip
expect_rc cut_mid_zip 2; expect_err cut_mid_zip "^taxonc: error: 'cut_mid\.zip!$H1\.json\.gz': "
case "$(json_sum "$OUT")" in "1 5 4 1 | cut_mid.zip!$H0.json.gz:3") ;;
  *) fail "cut_mid_zip: the first member not checked: $(json_sum "$OUT")" ;; esac
bounded "zip cut between members" 10 64 -- "$TAXONC" validate --format json plan.yaml cut_edge.zip
expect_rc cut_edge_zip 2
expect_err cut_edge_zip "^taxonc: error: 'cut_edge\.zip': truncated zip archive: no central directory after member '$H1\.json\.gz'"
case "$(json_sum "$OUT")" in "2 12 "*) ;; *) fail "cut_edge_zip: $(json_sum "$OUT")" ;; esac
bounded "the same from stdin" 10 64 --stdin cut_edge.zip -- "$TAXONC" validate plan.yaml -
expect_rc cut_edge_zip_stdin 2; expect_err cut_edge_zip_stdin "'<stdin>': truncated zip archive"
bounded "corrupt gzip member in a sound zip" 10 64 -- "$TAXONC" validate --format json plan.yaml bad_gz.zip
expect_rc bad_gz 2; expect_err bad_gz "^taxonc: error: 'bad_gz\.zip!$H1\.json\.gz': corrupt gzip data"
[ "$(grep -c 'taxonc: error' "$ERR")" -eq 1 ] || fail "bad_gz: the error is not said once: $(cat "$ERR")"
case "$(json_sum "$OUT")" in "3 9 7 2 | bad_gz.zip!$H0.json.gz:3 bad_gz.zip!$H2.json.gz:2") ;;
  *) fail "bad_gz: $(json_sum "$OUT")" ;; esac
bounded "truncated gzip member" 10 64 -- "$TAXONC" validate plan.yaml cut_gz.zip
expect_rc cut_gz 2; expect_err cut_gz "^taxonc: error: 'cut_gz\.zip!$H1\.json\.gz': truncated gzip data"
bounded "tar cut inside the 2nd member" 10 64 -- "$TAXONC" validate --format json plan.yaml cut_mid.tar
expect_rc cut_mid_tar 2; expect_err cut_mid_tar "^taxonc: error: 'cut_mid\.tar!$H1\.json\.gz': "
case "$(json_sum "$OUT")" in "1 5 4 1 | "*) ;; *) fail "cut_mid_tar: $(json_sum "$OUT")" ;; esac
bounded "tar cut between members" 10 64 -- "$TAXONC" validate plan.yaml cut_edge.tar
expect_rc cut_edge_tar 2
expect_err cut_edge_tar "^taxonc: error: 'cut_edge\.tar': truncated tar archive: no end-of-archive block after member '$H1\.json\.gz'"
head -c $(( $(stat -c %s export.tar.gz) - 20 )) export.tar.gz >cut.tar.gz
bounded "truncated tar.gz" 10 64 -- "$TAXONC" validate plan.yaml cut.tar.gz
expect_rc cut_tar_gz 2; expect_err cut_tar_gz "'cut\.tar\.gz': truncated gzip data"
bounded "a zip inside the zip" 10 64 -- "$TAXONC" validate --format json plan.yaml nested.zip
expect_rc nested 2; expect_err nested "'nested\.zip!inner\.zip': an archive inside an archive is not read"
case "$(json_sum "$OUT")" in "2 9 "*) ;; *) fail "nested: the other members not checked: $(json_sum "$OUT")" ;; esac

echo "== zip bombs stream in flat memory (as the 300 MB gzip bomb of robust_validate.sh)"
python3 - <<'PY'
import zipfile
line = b'{"event_type":"search_stay","event_properties":{"search_term":"jeju"}}\n'
block = line * (1048576 // len(line))
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    with z.open("187520/187520_2024-01-01_0#0.json", "w", force_zip64=True) as m:
        for _ in range(300000000 // len(block)):
            m.write(block)
PY
yes '{"event_type":"search_stay","event_properties":{"search_term":"jeju"}}' | head -c 300000000 | gzip -9 -c >bomb.gz
python3 -c 'import zipfile; zipfile.ZipFile("gzbomb.zip", "w").write("bomb.gz", "187520/187520_2024-01-01_0#0.json.gz")'
bounded "300 MB in a zip ($(( $(stat -c %s bomb.zip) / 1000 )) KB)" 60 64 -- "$TAXONC" validate plan.yaml bomb.zip
expect_rc bomb_zip 0
bounded "300 MB gzip in a zip ($(( $(stat -c %s gzbomb.zip) / 1000 )) KB)" 60 64 -- "$TAXONC" validate plan.yaml gzbomb.zip
[ "$RC" -le 1 ] || fail "gzbomb_zip: exit $RC"
finish
