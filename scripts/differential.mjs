// The two halves of scripts/differential.sh: `mutate` writes mutants of
// the shipped agreements; `compare` reads each with a YAML 1.2 reader and
// ajv, and sets the verdicts beside those of `agreements validate`.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// The script runs from the folder the peers were installed into.
const require = createRequire(import.meta.url);

// A small seeded generator (mulberry32): the same seed, the same mutants.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each operator takes the text and a random source and returns a new
// text; they cover what YAML 1.1 and 1.2 readers, or Go's and ECMA's
// regular expressions, read differently, and plain damage.
const numbers = ['1e400', '-1e400', '1.5e999', '0xFFFFFFFFFFFFFFFFFFFF', '9007199254740993', '1e3', '0o17', '017',
  '.inf', '-.Inf', '.nan', '12_000', '1:20', '0b101', '+12', '3.', '.5'];
const scalars11 = ['yes', 'no', 'on', 'off', 'y', 'n', 'True', 'NULL', '~', '2024-01-02', '2024-01-02 10:00:00'];
const tags = ['!!bool research', '!!str 3', '!!int "3"', '!!float x', '!custom grant', '!!binary aGVsbG8=', '!!null x',
  '!!timestamp 2024-01-02', '!!map {}', '!!seq []', '!!str grant', '!<tag:yaml.org,2002:str> grant'];
const spaces = ['\u00a0', '\u3000', '\ufeff', '\u2028', '\u2029', '\u0085', '\u200b', '\u1680', '\u202f', '\t', ' '];
const controls = ['\u0001', '\u0007', '\u007f', '\u0085', '\u009b', '\u000b', '\u000c', '\ufffe', '\r'];

const lines = (t) => t.split('\n');
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const valueLines = (ls) => ls.map((l, i) => [l, i]).filter(([l]) => /^\s*(- )?[a-z_]+: \S/.test(l) && !/: [|>]/.test(l));

function onValue(t, r, f) {
  const ls = lines(t);
  const vs = valueLines(ls);
  if (!vs.length) return t;
  const [l, i] = pick(r, vs);
  const k = l.indexOf(': ');
  ls[i] = l.slice(0, k + 2) + f(l.slice(k + 2));
  return ls.join('\n');
}

const operators = {
  lineSeparator: (t, r) => {
    const i = Math.floor(r() * t.length);
    return t.slice(0, i) + pick(r, ['\u2028', '\u2029', '\u0085']) + t.slice(i);
  },
  allBreaks: (t, r) => t.replace(/\n/g, pick(r, ['\u2028', '\u2029', '\u0085', '\r'])),
  statusInComment: (t, r) => t.replace(/^status: .*$/m, '') + `# note${pick(r, ['\u2028', '\u2029', '\u0085'])}status: in-force\n`,
  number: (t, r) => onValue(t, r, () => pick(r, numbers)),
  scalar11: (t, r) => onValue(t, r, () => pick(r, scalars11)),
  tag: (t, r) => onValue(t, r, () => pick(r, tags)),
  keyTag: (t, r) => t.replace(/^([a-z_]+):/m, (m, k) => `${pick(r, ['!custom', '!!binary', '!!str', '!!int'])} ${k}:`),
  urlSpace: (t, r) => t.replace(/https?:\/\/[^\s'"]+/, (u) => {
    const i = 8 + Math.floor(r() * Math.max(1, u.length - 8));
    return u.slice(0, i) + pick(r, spaces) + u.slice(i);
  }),
  urlChar: (t, r) => t.replace(/https?:\/\/[^\s'"]+/, (u) => {
    const i = 8 + Math.floor(r() * Math.max(1, u.length - 8));
    return u.slice(0, i) + pick(r, ['^', '|', '{', '"', '<', '\\', '%', '%zz', '#', '[', '`']) + u.slice(i);
  }),
  tabInBlock: (t, r) => t.replace(/(: [|>][-+]?\n)( +)/, (m, a, ind) => a + ind + '\t'),
  tabIndent: (t, r) => { const ls = lines(t); const i = Math.floor(r() * ls.length); ls[i] = ls[i].replace(/^ +/, '\t'); return ls.join('\n'); },
  control: (t, r) => { const i = Math.floor(r() * t.length); return t.slice(0, i) + pick(r, controls) + t.slice(i); },
  bidi: (t, r) => { const i = Math.floor(r() * t.length); return t.slice(0, i) + pick(r, ['\u202e', '\u2066', '\u200f']) + t.slice(i); },
  deleteLine: (t, r) => { const ls = lines(t); ls.splice(Math.floor(r() * ls.length), 1); return ls.join('\n'); },
  duplicateLine: (t, r) => { const ls = lines(t); const i = Math.floor(r() * ls.length); ls.splice(i, 0, ls[i]); return ls.join('\n'); },
  indent: (t, r) => { const ls = lines(t); const i = Math.floor(r() * ls.length); ls[i] = (r() < 0.5 ? ' ' : '') + ls[i].replace(/^ /, r() < 0.5 ? '' : ' '); return ls.join('\n'); },
  emptyValue: (t, r) => onValue(t, r, () => pick(r, ['[]', '{}', '""', "''", 'null', '-', '[a, b]', '{a: 1}'])),
  unknownKey: (t, r) => t + pick(r, ['extra: 1\n', 'Status: in-force\n', '"status ": x\n', '? [a]\n: b\n']),
  enumCase: (t, r) => t.replace(/^(status|kind): ([a-z-]+)/m, (m, k, v) => `${k}: ${r() < 0.5 ? v.toUpperCase() : v + ' '}`),
  anchor: (t, r) => t.replace(/^(id: )(.*)$/m, '$1&a $2') + pick(r, ['other: *a\n', '<<: {x: 1}\n', '']),
  quoteKey: (t, r) => t.replace(/^([a-z_]+):/m, (m, k) => (r() < 0.5 ? `"${k}":` : `'${k}':`)),
  bom: (t) => '\ufeff' + t,
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  documents: (t, r) => pick(r, ['---\n' + t, t + '---\n', t + '...\n', '%YAML 1.2\n---\n' + t, '%YAML 1.1\n---\n' + t, t + '---\n' + t]),
  longText: (t, r) => onValue(t, r, () => 'x'.repeat(pick(r, [16383, 16384, 16385, 20000]))),
  byteFlip: (t, r) => { const b = Buffer.from(t); const i = Math.floor(r() * b.length); b[i] ^= 1 << Math.floor(r() * 8); return b; },
  byteInsert: (t, r) => { const b = Buffer.from(t); const i = Math.floor(r() * b.length); return Buffer.concat([b.subarray(0, i), Buffer.from([Math.floor(r() * 256)]), b.subarray(i)]); },
  escape: (t, r) => onValue(t, r, () => pick(r, ['"\\u2028"', '"\\x85"', '"\\0"', '"\\N"', '"\\_"', '"\\L"', '"a\\tb"', '"\\uD800"', '"\\e"'])),
  flow: (t, r) => onValue(t, r, () => pick(r, ['[a, b', '{a: b', '[a, [b]]', '{? a}', '[a: b]', '"unterminated', "'it''s'"])),
};

function mutate(src, dst, n, seed) {
  const r = rng(seed);
  const bases = fs.readdirSync(src).filter((f) => f.endsWith('.yaml')).sort().map((f) => fs.readFileSync(path.join(src, f), 'utf8'));
  const names = Object.keys(operators);
  const log = [];
  for (let i = 0; i < n; i++) {
    let t = pick(r, bases);
    const ops = [];
    const k = r() < 0.8 ? 1 : 2;
    for (let j = 0; j < k; j++) {
      const name = pick(r, names);
      ops.push(name);
      if (typeof t !== 'string') t = t.toString('latin1');
      t = operators[name](t, r);
    }
    const file = `m-${String(i).padStart(5, '0')}.yaml`;
    fs.writeFileSync(path.join(dst, file), t);
    log.push({ file, ops });
  }
  fs.writeFileSync(path.join(dst, '..', '..', 'mutants.json'), JSON.stringify(log));
  console.error(`wrote ${n} mutants (seed ${seed})`);
}

// peer returns null when a YAML 1.2 reader and ajv accept the file, or
// the reason they refuse it.
function makePeer(schemaDir) {
  const YAML = require('yaml');
  const Ajv2020 = require('ajv/dist/2020.js').default;
  const addFormats = require('ajv-formats').default;
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addFormat('partial-date', (s) => {
    const m = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/.exec(s);
    if (!m) return true; // the pattern says the rest
    const [y, mo, d] = [+m[1], m[2] ? +m[2] : 1, m[3] ? +m[3] : 1];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    return mo >= 1 && mo <= 12 && dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
  });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(schemaDir, 'agreement.schema.json'), 'utf8')));
  // plain turns the reader's maps into JSON's objects; a key that is a
  // list or a mapping has no JSON form.
  const plain = (v) => {
    if (v instanceof Map) {
      const o = {};
      for (const [k, x] of v) {
        if (k !== null && typeof k === 'object') throw new Error('a list or mapping as a key');
        o[String(k)] = plain(x);
      }
      return o;
    }
    return Array.isArray(v) ? v.map(plain) : v;
  };
  const finite = (v) => (typeof v === 'number' ? Number.isFinite(v)
    : Array.isArray(v) ? v.every(finite)
      : v && typeof v === 'object' ? Object.values(v).every(finite) : true);
  return (bytes) => {
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return 'yaml: not UTF-8';
    }
    const docs = YAML.parseAllDocuments(text, { version: '1.2', schema: 'core', uniqueKeys: true, strict: true, merge: false });
    if (!Array.isArray(docs)) return 'yaml: no document';
    if (docs.length !== 1) return `yaml: ${docs.length} documents`;
    const doc = docs[0];
    if (doc.errors.length) return `yaml: ${doc.errors[0].code}`;
    let value;
    try {
      value = plain(doc.toJS({ maxAliasCount: 100, mapAsMap: true }));
    } catch (e) {
      return `yaml: ${e.message.slice(0, 40)}`;
    }
    if (!finite(value)) return 'json: a number JSON cannot hold';
    if (!validate(value)) return `ajv: ${validate.errors[0].keyword}`;
    return null;
  };
}

function compare(corpus, oursFile) {
  const peer = makePeer(path.join(corpus, 'schema'));
  const mutants = JSON.parse(fs.readFileSync(path.join(corpus, 'mutants.json'), 'utf8'));
  const ours = new Map();
  for (const d of JSON.parse(fs.readFileSync(oursFile, 'utf8')).diagnostics) {
    if (d.severity !== 'error' || !/^(file|yaml|schema)\./.test(d.rule)) continue;
    const f = path.basename(d.file);
    if (!ours.has(f)) ours.set(f, d.rule);
  }
  const count = (m, k) => m.set(k, (m.get(k) || 0) + 1);
  let bothAccept = 0, bothReject = 0;
  const oursOnly = new Map(), peerOnly = [];
  for (const { file, ops } of mutants) {
    const theirs = peer(fs.readFileSync(path.join(corpus, 'records', 'agreements', file)));
    const mine = ours.get(file) || null;
    if (!mine && !theirs) bothAccept++;
    else if (mine && theirs) bothReject++;
    else if (mine) {
      count(oursOnly, mine);
      if (process.env.DIFF_VERBOSE) console.error(`here only: ${file} (${ops.join('+')}): ${mine}`);
    }
    else peerOnly.push({ file, ops: ops.join('+'), why: theirs });
  }
  const table = (rows) => rows.map(([a, b]) => `| ${a} | ${b} |`).join('\n');
  console.log(`${mutants.length} mutants\n`);
  console.log('| verdict | mutants |\n| --- | --- |');
  console.log(table([['both accept', bothAccept], ['both refuse', bothReject],
    ['refused here only', [...oursOnly.values()].reduce((a, b) => a + b, 0)], ['refused by the peer only', peerOnly.length]]));
  if (oursOnly.size) {
    console.log('\nRefused here only, by the first rule (this tool is stricter than the schema there):\n');
    console.log('| rule | mutants |\n| --- | --- |');
    console.log(table([...oursOnly].sort((a, b) => b[1] - a[1])));
  }
  if (peerOnly.length) {
    console.log('\nAccepted here, refused by the peer (each is a defect):\n');
    for (const p of peerOnly) console.log(`- ${p.file} (${p.ops}): ${p.why}`);
    process.exit(1);
  }
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'mutate') mutate(args[0], args[1], +args[2], +args[3]);
else if (cmd === 'compare') compare(args[0], args[1]);
else { console.error('usage: differential.mjs mutate SRC DST N SEED | compare CORPUS OURS.json'); process.exit(2); }
