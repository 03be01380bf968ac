// Tests of search.js with Node's built-in runner: node --test search.test.mjs
//
// - The tokenizer, the query analyser and the stemmer against
//   testdata/vectors.json, which the Go tokenizer wrote (tokenize_test.go).
// - The decoder against damaged files: an error, never a hang.
// - When QIAO_SEARCH_SITE names a folder with search/ (an index written by
//   Go), the engine's answers to the queries of expect.json, and the
//   tokenizer on the random texts of random.json, both in that folder or
//   in QIAO_SEARCH_EXPECT. index_test.go and the build's integration test
//   run this file so.
// QIAO_SEARCH_SCRIPT may name the script to test (the one a build wrote).

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const script = process.env.QIAO_SEARCH_SCRIPT || path.join(here, 'search.js');
vm.runInThisContext(fs.readFileSync(script, 'utf8'), { filename: script });
const S = globalThis.QiaoSearch;

// The folding table, read from fold.txt as Go reads it.
function loadFold() {
  const chars = new Map();
  const phrases = new Map();
  for (const line of fs.readFileSync(path.join(here, 'fold.txt'), 'utf8').split('\n')) {
    if (!line || line[0] === '#') continue;
    const [k, v] = line.split('\t');
    if (Array.from(k).length === 1) chars.set(k, v);
    else phrases.set(k, v);
  }
  S.setFold(chars, phrases);
}

const site = process.env.QIAO_SEARCH_SITE;
const expectDir = process.env.QIAO_SEARCH_EXPECT || site;
const vectors = JSON.parse(fs.readFileSync(path.join(here, 'testdata', 'vectors.json'), 'utf8'));

test('stems agree with the Go stemmer', () => {
  loadFold();
  const wrong = vectors.stems.filter(([w, want]) => S.term(w) !== want);
  assert.deepEqual(wrong.slice(0, 10).map(([w, want]) => [w, want, S.term(w)]), []);
});

test('tokens agree with the Go tokenizer', () => {
  loadFold();
  for (const v of vectors.tokens) assert.deepEqual(S.tokens(v.text), v.tokens, v.text);
});

// plain is an analysed query as Go marshals it.
const plain = (q) => ({ groups: q.groups.length ? q.groups : null });

test('queries agree with the Go analyser', () => {
  loadFold();
  for (const v of vectors.queries) assert.deepEqual(plain(S.query(v.query)), v.want, v.query);
});

test('marks whole words and runs, never punctuation', () => {
  loadFold();
  const show = (text, q) => S.marks(text, S.query(q)).map(([t, m]) => (m ? '[' + t + ']' : t)).join('');
  assert.equal(show('Licensing agreements, and a licence.', 'licensing agreement'), '[Licensing agreements], and a licence.');
  assert.equal(show('Licensing agreements, and a licence.', 'licen'), '[Licensing] agreements, and a [licence].');
  assert.equal(show('The ITT-201 course (ITT 201).', 'ITT-201'), 'The [ITT-201] course ([ITT 201]).');
  assert.equal(show('国际技术转移协作网络，技术转移。', '技術轉移'), '国际[技术转移]协作网络，[技术转移]。');
  assert.equal(show('WTO规则与知识产权', 'wto 知识产权'), '[WTO]规则与[知识产权]');
  assert.equal(show('Theory of the firm', 'the'), '[Theory] of the firm');
  assert.equal(show('<script>alert(1)</script>', 'alert'), '<script>[alert](1)</script>');
});

test('excerpts are cut around the best passage, its matches marked', () => {
  loadFold();
  const show = (text, q) => S.excerpt(text, S.query(q)).map(([t, m]) => (m ? '[' + t + ']' : t)).join('');
  const en = 'A technology transfer office sits between the laboratory and the market, and its first task is to know ' +
    'what the institution owns. Invention disclosures should be filed before any paper, poster or conference talk ' +
    'makes the result public. Buyers rarely pay for a patent alone; they pay for the know-how, data and people ' +
    'that make the patent usable. Royalty stacking becomes a real risk when a product needs licences from several ' +
    'patent holders. Milestones in a licence should be measurable.';
  // Nothing marked: the start, cut at a word, … after.
  const none = show(en, 'zebra');
  assert.ok(none.startsWith('A technology transfer office') && none.endsWith(' …') && !none.includes('['), none);
  // Deep in the text: … before, the passage with both words, marked.
  const deep = show(en, 'royalty holders');
  assert.ok(deep.startsWith('… ') && deep.includes('[Royalty]') && deep.includes('[holders]'), deep);
  // The window that holds most distinct words wins over an earlier one.
  const two = show(en, 'patent licence');
  assert.ok(two.includes('[licences]') && two.includes('[patent]'), two);
  // Near the start: from the start.
  assert.ok(show(en, 'laboratory').startsWith('A technology transfer office sits between the [laboratory]'));
  // Chinese: cut at a clause, the run marked, the width kept.
  const zh = '技术转移机构处在实验室与市场之间，首要任务是摸清本单位到底拥有哪些科技成果。发明披露应当在论文发表、学术报告或展会展示之前完成，' +
    '以免成果因公开而丧失新颖性。买方很少只为一件专利付费，他们真正购买的是让专利落地所需的技术秘密、数据和团队。技术成熟度等级为交易双方提供了' +
    '共同语言，用来判断一项成果距离产品还有多远。当产品需要取得多家权利人的许可时，提成费叠加就会成为实实在在的风险。';
  const z = show(zh, '提成費');
  assert.ok(z.startsWith('… ') && z.includes('[提成费]') && [...z].length > 100 && [...z].length < 135, z);
});

// ---- Damaged files ----

function shardBytes() {
  // version 2; one positions file (number 0); one term "ab" with df 2,
  // no positions and no flags; postings as a list [3, 5] and impacts 7
  // and 9.
  const postings = [0, 3, 2, 7 | (9 << 4)];
  return Uint8Array.from([2, 1, 0, 1, 0, 2, 0x61, 0x62, 2, postings.length, 0, 0, 0, 0, ...postings]);
}

test('a shard decodes', () => {
  const s = S.parseShard(shardBytes());
  const e = S.postings(s, s.terms[0]);
  assert.equal(e.t, 'ab');
  assert.deepEqual(Array.from(e.docs), [3, 5]);
  assert.deepEqual(Array.from(e.imp), [7, 9]);
});

test('a truncated or corrupt shard is an error', () => {
  const good = shardBytes();
  for (let n = 0; n < good.length; n++) {
    assert.throws(() => { const s = S.parseShard(good.subarray(0, n)); s.terms.forEach((e) => S.postings(s, e)); }, undefined, 'length ' + n);
  }
  for (let i = 0; i < good.length; i++) {
    for (const x of [0, 0x7f, 0x80, 0xff]) {
      const bad = Uint8Array.from(good);
      bad[i] = x;
      try {
        const s = S.parseShard(bad);
        s.terms.forEach((e) => S.postings(s, e));
      } catch (err) {
        assert.match(err.message, /corrupt/);
      }
    }
  }
  // A varint that never ends.
  assert.throws(() => S.parseShard(Uint8Array.from([2, ...new Array(64).fill(0xff)])), /corrupt/);
});

test('corrupt positions are an error', () => {
  const file = Uint8Array.from([2, 1, 3, 1, 4]);
  assert.deepEqual(S.positionsOf(file, { df: 2, po: 0, pn: 5 }).map((p) => Array.from(p)), [[1, 4], [4]]);
  assert.throws(() => S.positionsOf(file, { df: 3, po: 0, pn: 5 }), /corrupt/);
  assert.throws(() => S.positionsOf(file, { df: 1, po: 0, pn: 9 }), /corrupt/);
});

test('corrupt gzip is an error', async () => {
  const gz = zlib.gzipSync(Buffer.from('hello'));
  assert.equal(new TextDecoder().decode(await S.gunzip(gz)), 'hello');
  const bad = Uint8Array.from(gz);
  bad[bad.length - 6] ^= 0xff;
  await assert.rejects(S.gunzip(bad));
  await assert.rejects(S.gunzip(gz.subarray(0, gz.length - 4)));
});


test('random texts agree with the Go tokenizer', { skip: !site && 'QIAO_SEARCH_SITE not set' }, () => {
  loadFold();
  const random = JSON.parse(fs.readFileSync(path.join(expectDir, 'random.json'), 'utf8'));
  for (const v of random.tokens) assert.deepEqual(S.tokens(v.text), v.tokens, JSON.stringify(v.text));
  for (const v of random.queries) assert.deepEqual(plain(S.query(v.query)), v.want, JSON.stringify(v.query));
});

test('queries on an index built by Go', { skip: !site && 'QIAO_SEARCH_SITE not set' }, async () => {
  const expect = JSON.parse(fs.readFileSync(path.join(expectDir, 'expect.json'), 'utf8'));
  const load = async (file) => {
    const b = fs.readFileSync(file);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  };
  const engine = new S.Engine(path.join(site, 'search') + path.sep, load);
  for (const c of expect) {
    const res = await engine.search(c.q, { lang: c.lang || '', type: c.type || '' });
    const docs = await engine.docs(res.ids);
    const urls = docs.map((d) => d.url);
    const what = JSON.stringify(c.q) + ' → ' + JSON.stringify(urls.slice(0, 8));
    for (const u of c.want || []) assert.ok(urls.includes(u), what + ' lacks ' + u);
    for (const u of c.not || []) assert.ok(!urls.includes(u), what + ' has ' + u);
    if (c.first) assert.equal(urls[0], c.first, what);
    if (c.total !== undefined) assert.equal(res.total, c.total, what);
    assert.equal(res.partial, !!c.partial, what + ': partial');
    if (c.types) assert.deepEqual(res.types, c.types, what);
  }
});
