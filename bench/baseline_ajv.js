#!/usr/bin/env node
/* Baseline for bench/bench_validate.sh: the same records validated by ajv,
 * the compiled JSON Schema validator issue 5 compares taxonc with.
 *
 *   baseline_ajv.js [--max-mb N] [--plain] [--invalid-lines FILE] BUNDLE LOG
 *   baseline_ajv.js --probe      prints the versions, or why ajv cannot load
 *
 * BUNDLE is `taxonc export jsonschema TAXONOMY`: draft 2020-12, written to
 * accept exactly what `taxonc validate` accepts (formats and date patterns
 * as exact regular expressions, code-point lengths, additionalProperties
 * false). ajv 6 (Debian's node-ajv) reads draft-07, so the bundle is
 * converted keyword by keyword: $defs -> definitions, $ref with siblings ->
 * allOf (draft-07 ignores $ref's siblings), $schema dropped; any keyword
 * whose draft-07 meaning differs or is unknown stops the run, so the
 * converted schemas mean the same as the exported ones.
 *
 * ajv in its most favourable setup: one validator compiled per event
 * (and one for user_properties) before timing; then the NDJSON log is
 * streamed in 4 MiB chunks, each line JSON.parse'd, dispatched on
 * event_type through a Map (as taxonc's amplitude profile: a missing or
 * null event_properties counts as {}, user_properties checked when
 * present and not null; Amplitude's $set/$setOnce operation objects inside
 * user_properties, which taxonc looks into, are not unwrapped here),
 * stopping at the first error of a record (allErrors off), no report.
 *
 * Prints one line: validator, MB/s, events/s, MB per CPU-second (user +
 * system of the whole process, GC threads included, over the read +
 * parse + validate loop; node start-up and compiling excluded), valid and
 * invalid records. --plain prints "bytes records valid invalid cpu_s wall_s"
 * instead. --invalid-lines writes the 1-based line numbers of the invalid
 * records (to compare verdicts with taxonc line by line).
 *
 * Known differences with taxonc, none of which the generated bench log
 * exercises: JSON.parse keeps the last of duplicate keys, accepts lone
 * surrogate escapes, and the file is decoded with U+FFFD replacing invalid
 * UTF-8 (taxonc reports all three); JSON.parse rounds numbers to doubles
 * (10000.0000000000001 becomes the integer 10000; taxonc compares exactly);
 * a taxonomy's own patterns are ECMA-262 here, PCRE2 in taxonc (`$` also
 * matches before a final newline there); deprecations are not failures in
 * taxonc by default and mean nothing to ajv. String lengths agree: ajv's
 * `unicode` option counts code points, as taxonc does. */
'use strict';
const fs = require('fs');
const Module = require('module');

function loadAjv() {
  try {
    return require('ajv');
  } catch (e) {
    /* Debian installs node modules there; Node.js builds other than
     * Debian's (e.g. NodeSource) do not search it */
    const extra = ['/usr/share/nodejs', '/usr/lib/nodejs'];
    process.env.NODE_PATH = extra.concat(process.env.NODE_PATH ? [process.env.NODE_PATH] : []).join(':');
    Module._initPaths();
    try {
      return require('ajv');
    } catch (e2) {
      process.stderr.write('baseline_ajv: cannot load the ajv module (Debian package node-ajv)\n');
      process.exit(3);
    }
  }
}

/* ---- 2020-12 -> draft-07 ------------------------------------------------ */

/* keywords that mean the same in draft 2020-12 and draft-07, by what their
 * value holds */
const KW = {
  schema: ['not', 'if', 'then', 'else', 'additionalProperties', 'propertyNames', 'contains', 'items'],
  schemaArray: ['allOf', 'anyOf', 'oneOf'],
  schemaMap: ['properties', 'patternProperties', '$defs', 'definitions'],
  data: ['type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum',
    'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems',
    'uniqueItems', 'maxProperties', 'minProperties', 'required', 'format', '$id', '$ref',
    'title', 'description', 'default', 'examples', '$comment', 'readOnly', 'writeOnly',
    'deprecated', '$schema'],
};
const KIND = {};
for (const k of Object.keys(KW)) for (const w of KW[k]) KIND[w] = k;

const ANNOTATION = new Set(['$ref', '$id', 'title', 'description', '$comment', 'default',
  'examples', 'deprecated', 'readOnly', 'writeOnly']);

function convert(s, where) {
  if (typeof s === 'boolean') return s;
  if (s === null || typeof s !== 'object' || Array.isArray(s))
    throw new Error(`not a schema at ${where}`);
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    const kind = KIND[k];
    if (!kind) throw new Error(`keyword '${k}' at ${where} has no draft-07 equivalent here`);
    const at = `${where}/${k}`;
    if (k === '$schema') continue;
    if (k === 'items' && (typeof v !== 'object' || Array.isArray(v)))
      throw new Error(`'items' at ${at} is not a single schema`);
    if (k === '$ref' && !/^#(\/|$)/.test(v) && !/^urn:/.test(v))
      throw new Error(`'$ref' '${v}' at ${at} is not a local reference`);
    const name = k === '$defs' ? 'definitions' : k;
    if (kind === 'schema') out[name] = convert(v, at);
    else if (kind === 'schemaArray') out[name] = v.map((x, i) => convert(x, `${at}/${i}`));
    else if (kind === 'schemaMap') {
      if (name in out) throw new Error(`both $defs and definitions at ${where}`);
      out[name] = {};
      for (const [p, x] of Object.entries(v))
        out[name][p] = name === 'definitions' ? convertDef(x, `${at}/${p}`) : convert(x, `${at}/${p}`);
    } else if (k === '$ref') out.$ref = v.replace(/\/\$defs\//g, '/definitions/');
    else out[name] = v;
  }
  /* 2020-12 applies $ref's siblings, draft-07 ignores them */
  if ('$ref' in out && Object.keys(out).some(k => !ANNOTATION.has(k))) {
    const ref = out.$ref;
    delete out.$ref;
    out.allOf = (out.allOf || []).concat([{ $ref: ref }]);
  }
  return out;
}

/* a $defs entry that is not a schema but a folder of them (the export
 * keeps its event schemas under $defs/events), reached by $ref pointers
 * through it: converted entry by entry */
function convertDef(v, where) {
  const folder = v !== null && typeof v === 'object' && !Array.isArray(v) &&
    Object.keys(v).length > 0 && Object.keys(v).every(k => !(k in KIND));
  if (!folder) return convert(v, where);
  const out = {};
  for (const [p, x] of Object.entries(v)) out[p] = convertDef(x, `${where}/${p}`);
  return out;
}

const ptr = s => s.replace(/~/g, '~0').replace(/\//g, '~1');

/* ---- main ----------------------------------------------------------------- */

function main() {
  const argv = process.argv.slice(2);
  let maxMb = Infinity, plain = false, listFile = null;
  const pos = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max-mb') maxMb = Number(argv[++i]);
    else if (argv[i] === '--plain') plain = true;
    else if (argv[i] === '--invalid-lines') listFile = argv[++i];
    else if (argv[i] === '--probe') {
      loadAjv();
      console.log(`ajv ${require('ajv/package.json').version} (node ${process.version})`);
      return;
    }
    else pos.push(argv[i]);
  }
  if (pos.length !== 2 || !(maxMb > 0)) {
    process.stderr.write('usage: baseline_ajv.js [--max-mb N] [--plain] [--invalid-lines FILE] BUNDLE LOG\n');
    process.exit(2);
  }
  const Ajv = loadAjv();
  const ajvVersion = require('ajv/package.json').version;
  const bundle = JSON.parse(fs.readFileSync(pos[0], 'utf8'));
  const id = bundle.$id || 'urn:taxonc:bundle';
  const conv = convert(Object.assign({}, bundle, { $id: id }), '#');
  if (!conv.definitions || !conv.definitions.events || !conv.definitions.user_properties)
    throw new Error('the bundle has no $defs/events or $defs/user_properties (is it `taxonc export jsonschema`?)');
  const ajv = new Ajv({ allErrors: false, unicode: true, format: 'fast' });
  ajv.addSchema(conv);
  const events = new Map();
  for (const e of Object.keys(conv.definitions.events))
    events.set(e, ajv.compile({ $ref: `${id}#/definitions/events/${ptr(e)}` }));
  const userProps = ajv.compile({ $ref: `${id}#/definitions/user_properties` });

  const fd = fs.openSync(pos[1], 'r');
  let buf = Buffer.allocUnsafe(4 << 20);
  let have = 0, bytes = 0, records = 0, invalid = 0, lineNo = 0;
  const bad = [];
  const limit = maxMb * 1e6;
  const empty = {};
  const check = line => {
    let r;
    try {
      r = JSON.parse(line);
    } catch (e) {
      return false;
    }
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return false;
    const v = typeof r.event_type === 'string' ? events.get(r.event_type) : undefined;
    if (v === undefined) return false;
    const ep = r.event_properties;
    if (!v(ep === undefined || ep === null ? empty : ep)) return false;
    const up = r.user_properties;
    return up === undefined || up === null || userProps(up);
  };
  const w0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (;;) {
    const n = fs.readSync(fd, buf, have, buf.length - have, null);
    const end = have + n;
    if (end === 0) break;
    let cut = n === 0 ? end : buf.lastIndexOf(10, end - 1) + 1;
    if (cut === 0) { /* a line longer than the buffer */
      if (end === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, end);
        buf = bigger;
      }
      have = end;
      continue;
    }
    const text = buf.toString('utf8', 0, cut);
    let s = 0;
    while (s < text.length) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = text.length;
      lineNo++;
      if (e > s && !(e === s + 1 && text.charCodeAt(s) === 13)) {
        records++;
        if (!check(text.slice(s, e))) {
          invalid++;
          if (listFile) bad.push(lineNo);
        }
      }
      s = e + 1;
    }
    bytes += cut;
    buf.copy(buf, 0, cut, end);
    have = end - cut;
    if (n === 0 || bytes >= limit) break;
  }
  const cu = process.cpuUsage(c0);
  const wall = Number(process.hrtime.bigint() - w0) / 1e9;
  const cpu = (cu.user + cu.system) / 1e6;
  fs.closeSync(fd);
  if (listFile) fs.writeFileSync(listFile, bad.join('\n') + (bad.length ? '\n' : ''));
  if (plain) {
    console.log(`${bytes} ${records} ${records - invalid} ${invalid} ${cpu.toFixed(3)} ${wall.toFixed(3)}`);
    return;
  }
  console.log(`baseline: ajv ${ajvVersion} (compiled JSON Schema, node ${process.version}): ` +
    `${(bytes / wall / 1e6).toFixed(1)} MB/s, ${(records / wall).toFixed(0)} events/s on ${(bytes / 1e6).toFixed(0)} MB ` +
    `(${(bytes / cpu / 1e6).toFixed(1)} MB per CPU-second; ${records - invalid} valid, ${invalid} invalid)`);
}

main();
