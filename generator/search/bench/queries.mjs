// Runs a fixed list of queries against Qiao's search and Pagefind on the
// same built site, in Node, and reports the bytes each downloads.
//
//   node queries.mjs SITE-DIR [--json]
//
// Both engines run unchanged: Qiao's search.js (from SITE/search/) and
// Pagefind's pagefind.js (from SITE/pagefind/), with fetch replaced by a
// reader of SITE that counts bytes. A file a static host would compress
// (.js, .json, .css) counts as its gzip size; the index files of both are
// stored compressed already and count as they are.
//
// Per query, as a reader sees it:
//   first:  a fresh page: the script and everything the query needs, plus
//           the excerpts of the first page of results (Qiao's page shows
//           10, Pagefind's UI 5 by default);
//   later:  the same query after the session's start-up files (script,
//           manifest / entry and wasm, Chinese folding table) are loaded.

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { pathToFileURL, fileURLToPath } from 'node:url';

const site = path.resolve(process.argv[2] || '');
const asJSON = process.argv.includes('--json');
if (!process.argv[2] || !fs.existsSync(path.join(site, 'search', 'manifest.json'))) {
  console.error('usage: node queries.mjs SITE-DIR (a site built by Qiao, with Pagefind run over it)');
  process.exit(2);
}

// [query, language of the page it is typed on]
export const QUERIES = [
  ['the', 'en'], ['of', 'en'], ['licence', 'en'], ['licensing', 'en'], ['licen', 'en'], ['patent', 'en'],
  ['technology transfer', 'en'], ['royalty stacking', 'en'], ['due diligence', 'en'], ['know-how', 'en'],
  ['export control', 'en'], ['proof-of-concept funds', 'en'], ['term sheet', 'en'], ['spin-off equity', 'en'],
  ['Greater Bay Area', 'en'], ['Shenzhen', 'en'], ['Hong Kong university', 'en'], ['milestone payments', 'en'],
  ['standard-essential patents', 'en'], ['QT-00042', 'en'], ['technology manager', 'en'], ['valuation', 'en'],
  ['confidentiality', 'en'], ['negotiation practice', 'en'], ['medical imaging', 'en'], ['Haoyun Energy', 'en'],
  ['的', 'zh'], ['技术', 'zh'], ['技术转移', 'zh'], ['技術轉移', 'zh'], ['专利许可', 'zh'], ['專利許可', 'zh'],
  ['知识产权', 'zh'], ['知識產權', 'zh'], ['技术经理人', 'zh'], ['粤港澳大湾区', 'zh'], ['尽职调查', 'zh'],
  ['提成费', 'zh'], ['里程碑付款', 'zh'], ['深圳', 'zh'], ['香港', 'zh'], ['许可合同', 'zh'],
  ['概念验证', 'zh'], ['出口管制', 'zh'], ['标准必要专利', 'zh'], ['QT-00042 课程', 'zh'], ['医学影像', 'zh'],
  ['衍生企业股权', 'zh'],
];

function gzipSize(buf) { return zlib.gzipSync(buf, { level: 9 }).length; }
function cost(file, buf) { return /\.(js|json|css|html)$/.test(file) ? gzipSize(buf) : buf.length; }

// A counter of bytes fetched from the site.
function counter() {
  const c = { bytes: 0, files: 0 };
  c.read = (file) => {
    const buf = fs.readFileSync(file);
    c.bytes += cost(file, buf);
    c.files++;
    return buf;
  };
  return c;
}

// ---- Qiao ----

// The script is fingerprinted (search.<hash>.js), as the build names assets.
const qiaoScript = fs.readdirSync(path.join(site, 'search')).find((f) => /^search(\.[0-9a-f]+)?\.js$/.test(f));
if (!qiaoScript) throw new Error(`no search/search.*.js in ${site}`);
const qiaoSource = fs.readFileSync(path.join(site, 'search', qiaoScript));
vm.runInThisContext(qiaoSource.toString(), { filename: 'search.js' });
const Q = globalThis.QiaoSearch;
const QIAO_PAGE = 10;

async function qiaoSession(c) {
  c.bytes += cost('search.js', qiaoSource);
  const root = path.join(site, 'search') + path.sep;
  const engine = new Q.Engine(root, async (file) => {
    const b = c.read(file);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  });
  await engine.manifest();
  return engine;
}

async function qiaoQuery(engine, q, lang) {
  const res = await engine.search(q, { lang });
  const docs = await engine.docs(res.ids.slice(0, QIAO_PAGE));
  return { total: res.total, top: docs.map((d) => d.url) };
}

// ---- Pagefind ----

const pagefindDir = path.join(site, 'pagefind');
const hasPagefind = fs.existsSync(path.join(pagefindDir, 'pagefind.js'));
const PAGEFIND_PAGE = 5;
let sessions = 0;

async function pagefindSession(c, lang) {
  globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => lang }) };
  globalThis.fetch = async (url) => {
    const file = url.startsWith('file:') ? fileURLToPath(url.split('?')[0]) : path.join(site, url.split('?')[0]);
    return new Response(c.read(file));
  };
  const js = path.join(pagefindDir, 'pagefind.js');
  c.bytes += cost(js, fs.readFileSync(js));
  const pf = await import(pathToFileURL(js).href + '?session=' + sessions++);
  await pf.options({ basePath: pathToFileURL(pagefindDir).href + '/' });
  await pf.init();
  return pf;
}

async function pagefindQuery(pf, q) {
  const res = await pf.search(q);
  const data = await Promise.all(res.results.slice(0, PAGEFIND_PAGE).map((r) => r.data()));
  return { total: res.results.length, top: data.map((d) => d.url) };
}

// ---- Run ----

// box is a counter whose target can be swapped after a session started.
function box() {
  const b = { c: counter() };
  b.read = (f) => b.c.read(f);
  Object.defineProperty(b, 'bytes', { get: () => b.c.bytes, set: (v) => { b.c.bytes = v; } });
  return b;
}

async function measure(start, query, warm) {
  const rows = [];
  for (const [q, lang] of QUERIES) {
    const first = box();
    const r = await query(await start(first, lang), q, lang);
    const later = box();
    const s = await start(later, lang);
    await warm(s, lang);
    later.c = counter();
    await query(s, q, lang);
    rows.push({ q, lang, total: r.total, first: first.bytes, later: later.bytes, top: r.top.slice(0, 3) });
  }
  return rows;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

const qiaoRows = await measure(qiaoSession, qiaoQuery, (engine, lang) => (lang === 'zh' ? engine.fold() : null));
const pfRows = hasPagefind ? await measure(pagefindSession, pagefindQuery, () => null) : [];

const esbuild = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', '.bin', 'esbuild');
let qiaoMin = null;
if (fs.existsSync(esbuild)) {
  const { execFileSync } = await import('node:child_process');
  qiaoMin = gzipSize(execFileSync(esbuild, ['--minify'], { input: qiaoSource }));
}
let pfScript = null;
if (hasPagefind) {
  const files = fs.readdirSync(pagefindDir);
  const wasm = files.filter((f) => /^wasm\.(en|zh|unknown)\.pagefind$/.test(f));
  pfScript = { js: gzipSize(fs.readFileSync(path.join(pagefindDir, 'pagefind.js'))) };
  wasm.forEach((f) => { pfScript[f] = fs.statSync(path.join(pagefindDir, f)).size; });
}

const summary = {
  queries: QUERIES.length,
  qiao: {
    script: { shipped: gzipSize(qiaoSource), minified: qiaoMin },
    first: stats(qiaoRows.map((r) => r.first)),
    later: stats(qiaoRows.map((r) => r.later)),
  },
  pagefind: hasPagefind ? {
    script: pfScript,
    first: stats(pfRows.map((r) => r.first)),
    later: stats(pfRows.map((r) => r.later)),
  } : null,
};

const measureFile = process.argv.includes('--measure') ? process.argv[process.argv.indexOf('--measure') + 1] : null;
const measured = measureFile ? JSON.parse(fs.readFileSync(measureFile, 'utf8')) : null;
const traditional = (rows) => rows.filter((r) => /[軟體資料庫網路機器學習轉術專許識產權標準]/.test(r.q) && r.total > 0).length + ' of ' +
  rows.filter((r) => /[軟體資料庫網路機器學習轉術專許識產權標準]/.test(r.q)).length;

if (asJSON) {
  console.log(JSON.stringify({ summary, measured, qiao: qiaoRows, pagefind: pfRows }, null, 1));
} else {
  const kb = (n) => (n == null ? '-' : (n / 1024).toFixed(1) + ' KB');
  console.log('query'.padEnd(28) + 'Qiao: results   first    later' + (hasPagefind ? '   Pagefind: results   first    later' : ''));
  qiaoRows.forEach((r, i) => {
    const p = pfRows[i];
    console.log(r.q.padEnd(28) + String(r.total).padStart(13) + kb(r.first).padStart(9) + kb(r.later).padStart(9) +
      (p ? String(p.total).padStart(19) + kb(p.first).padStart(9) + kb(p.later).padStart(9) : ''));
  });
  const q = summary.qiao, p = summary.pagefind;
  const rows = [
    ['script, gzip (shipped / esbuild --minify)', kb(q.script.shipped) + ' / ' + kb(q.script.minified),
      p ? kb(p.script.js) + ' JS + ' + Object.entries(p.script).filter(([k]) => k !== 'js').map(([k, v]) => kb(v) + ' ' + k.replace(/^wasm\.|\.pagefind$/g, '')).join(' + ') + ' wasm' : '-'],
    ['first query: median / max', kb(q.first.median) + ' / ' + kb(q.first.max), p ? kb(p.first.median) + ' / ' + kb(p.first.max) : '-'],
    ['later queries: median / p95 / max', kb(q.later.median) + ' / ' + kb(q.later.p95) + ' / ' + kb(q.later.max),
      p ? kb(p.later.median) + ' / ' + kb(p.later.p95) + ' / ' + kb(p.later.max) : '-'],
    ['Traditional Chinese queries with results', traditional(qiaoRows), p ? traditional(pfRows) : '-'],
  ];
  if (measured) {
    const t = (m) => m.wall.toFixed(1) + ' s (' + (m.user + m.sys).toFixed(1) + ' s CPU), ' + (m.rssKB / 1024).toFixed(0) + ' MB';
    rows.push(['index: bytes / files', (measured.qiaoFiles.bytes / 1048576).toFixed(1) + ' MB / ' + measured.qiaoFiles.files,
      (measured.pagefindFiles.bytes / 1048576).toFixed(1) + ' MB / ' + measured.pagefindFiles.files]);
    rows.push(['index build alone: wall (CPU), peak memory', t(measured.qiaoIndex), t(measured.pagefind)]);
    rows.push(['whole Qiao build with its index', t(measured.qiaoBuild), '-']);
  }
  console.log('\n' + (measured ? measured.pages + ' pages per language, ' : '') + summary.queries + ' queries; first page of results: Qiao ' +
    QIAO_PAGE + ', Pagefind ' + PAGEFIND_PAGE + ' (their UIs\' defaults)');
  console.log('| | Qiao | Pagefind |\n| --- | --- | --- |');
  rows.forEach((r) => console.log('| ' + r.join(' | ') + ' |'));
}
