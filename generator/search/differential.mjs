// The runner of differential_test.go: queries search.js on an index
// written by Go, the same engine running them in two orders, and writes
// what it found.
//
//   node differential.mjs SITE QUERIES OUT
//
// SITE holds search/ (the index and the script written with it); QUERIES
// is a JSON list of {q, lang, type}. OUT receives {results, orderDiffs,
// orderDiffCount}: each query's {ids, partial, coverage, langs, types} as
// it ran in the order given, and the queries whose answer differed when
// the same engine ran them all again, in reverse order and four at a
// time, after the first pass, each through a view of the engine
// (Engine.within) that stays live, beside a search of another query that
// is given up after a few fetches (as a key typed over it does).

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const [site, queriesFile, outFile] = process.argv.slice(2);
const script = path.join(site, 'search', 'search.js');
vm.runInThisContext(fs.readFileSync(script, 'utf8'), { filename: script });
const S = globalThis.QiaoSearch;
const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
const engine = new S.Engine(path.join(site, 'search') + path.sep, async (file) => {
  const b = fs.readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
});

async function run(c, e = engine) {
  const r = await e.search(c.q, { lang: c.lang || '', type: c.type || '' });
  return { ids: r.ids, partial: r.partial, coverage: r.coverage, langs: r.langs, types: r.types };
}

// givenUp searches c through a view that stops fetching after k files; it
// resolves either way, and fails on any error but SUPERSEDED.
function givenUp(c, k) {
  let n = 0;
  return run(c, engine.within(() => n++ < k)).then(() => {}, (err) => {
    if (err !== S.SUPERSEDED) throw err;
    gaveUp++;
  });
}

// In the first pass too, beside each query, another is given up.
let gaveUp = 0;
const first = [];
for (const [i, c] of queries.entries()) {
  const [r] = await Promise.all([run(c), givenUp(queries[(i * 7919) % queries.length], i % 5)]);
  first.push(r);
}
const second = new Array(queries.length);
for (let i = queries.length - 1; i >= 0; i -= 4) {
  const batch = [];
  for (let j = i; j > i - 4 && j >= 0; j--) batch.push(run(queries[j], engine.within(() => true)).then((r) => { second[j] = r; }));
  batch.push(givenUp(queries[(i * 7919) % queries.length], i % 5));
  await Promise.all(batch);
}
const diffs = [];
first.forEach((r, i) => {
  if (JSON.stringify(r) !== JSON.stringify(second[i])) diffs.push({ i, first: r, second: second[i] });
});
fs.writeFileSync(outFile, JSON.stringify({ results: first, orderDiffs: diffs.slice(0, 10), orderDiffCount: diffs.length, gaveUp }));
