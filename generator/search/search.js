/* Qiao search: reads the index the build writes under search/ and runs
   queries in the browser. Plain JavaScript, no dependency, no WebAssembly.
   The tokenizer mirrors generator/search/tokenize.go and query.go step for
   step; testdata/vectors.json holds cases both must pass. Result text is
   always inserted as text, never as HTML. */
(function () {
'use strict';

// ---- Tokenizer (tokenize.go) ----

var HAN = /\p{Script=Han}/u;
var WORD = /[\p{L}\p{N}\p{M}]/u;
var MAX_WORD = 40;
var MIN_PREFIX = 2;
var STOP = new Set(('a about above after again against all am an and any are as at be because been before being ' +
  'below between both but by can could did do does doing down during each few for from further had has have having ' +
  'he her here hers herself him himself his how i if in into is it its itself me more most my myself no nor not of ' +
  'off on once only or other our ours ourselves out over own same she should so some such than that the their ' +
  'theirs them themselves then there these they this those through to too under until up very was we were what ' +
  'when where which while who whom why will with would you your yours yourself yourselves').split(' '));

var fold = { chars: new Map(), phrases: new Map(), lengths: new Map() };

// setFold installs the folding table: chars maps a character to its
// Simplified form, phrases a folded regional word to the mainland one.
function setFold(chars, phrases) {
  var lengths = new Map();
  phrases.forEach(function (v, k) {
    var ks = Array.from(k), first = ks[0], ls = lengths.get(first) || [];
    if (ls.indexOf(ks.length) < 0) ls.push(ks.length);
    ls.sort(function (a, b) { return b - a; });
    lengths.set(first, ls);
  });
  fold = { chars: chars, phrases: phrases, lengths: lengths };
}

// parseFold reads the table in the form fold.go's browser writes.
function parseFold(b) {
  var r = new Reader(b), n = r.n(), k = 0, chars = new Map(), phrases = new Map();
  for (var i = 0; i < n; i++) {
    k += r.u();
    chars.set(String.fromCharCode(k), String.fromCharCode(k + r.u() - 65536));
  }
  utf8.decode(b.subarray(r.o)).split('\n').forEach(function (line) {
    var eq = line.indexOf('=');
    if (eq > 0) phrases.set(line.slice(0, eq), line.slice(eq + 1));
  });
  setFold(chars, phrases);
}

function isHan(c) { return HAN.test(c); }
function isWordChar(c) { return !HAN.test(c) && WORD.test(c); }
function isApostrophe(c) { return c === "'" || c === '\u2019'; }
function isHyphen(c) { return c === '-' || c === '\u2010'; }

function lower(c) {
  var l = c.toLowerCase();
  return l === c ? c : String.fromCodePoint(l.codePointAt(0));
}

// normalize returns the code points of s in NFKC, lower-cased (step 1).
function normalize(s) {
  return Array.from(s.normalize('NFKC'), lower);
}

// scan splits code points into units (step 2): {han: [...]} or
// {words: [...], spans: [[start, end]...]}, with start and end indexes.
function scan(rs, fn) {
  for (var i = 0; i < rs.length;) {
    var c = rs[i], start = i;
    if (isHan(c)) {
      var j = i;
      while (j < rs.length && isHan(rs[j])) j++;
      fn({ han: rs.slice(i, j), start: start, end: j });
      i = j;
    } else if (isWordChar(c)) {
      var words = [], spans = [];
      for (;;) {
        var w = '', k = i;
        while (k < rs.length) {
          if (isWordChar(rs[k])) w += rs[k];
          else if (isApostrophe(rs[k]) && w && k + 1 < rs.length && isWordChar(rs[k + 1])) w += "'";
          else break;
          k++;
        }
        words.push(w);
        spans.push([i, k]);
        i = k;
        if (i + 1 < rs.length && isHyphen(rs[i]) && isWordChar(rs[i + 1])) { i++; continue; }
        break;
      }
      fn({ words: words, spans: spans, start: start, end: i });
    } else i++;
  }
}

var stems = new Map();

// term is step 3 for one word; '' means no term.
function term(w) {
  var plain = w.split("'").join('');
  if (STOP.has(plain) || Array.from(w).length > MAX_WORD) return '';
  if (!/^[a-z0-9']+$/.test(w)) return plain;
  var s = stems.get(w);
  if (s === undefined) {
    s = stem(w).split("'").join('');
    stems.set(w, s);
  }
  return s;
}

function joined(words) { return words.join('').split("'").join(''); }

function foldChars(run) {
  return run.map(function (c) { return fold.chars.get(c) || c; });
}

// foldPhrases returns the run with regional words replaced, or null when
// none is found; from[i] is the index in run where out[i] came from.
function foldPhrases(run, from) {
  var out = null;
  for (var i = 0; i < run.length;) {
    var ls = fold.lengths.get(run[i]) || [], hit = false;
    for (var n = 0; n < ls.length; n++) {
      var len = ls[n];
      if (i + len > run.length) continue;
      var v = fold.phrases.get(run.slice(i, i + len).join(''));
      if (v !== undefined) {
        if (!out) out = run.slice(0, i);
        if (from && from.length === 0) for (var a = 0; a < i; a++) from.push([a, a + 1]);
        Array.from(v).forEach(function (c) { out.push(c); if (from) from.push([i, i + len]); });
        i += len;
        hit = true;
        break;
      }
    }
    if (!hit) {
      if (out) { out.push(run[i]); if (from) from.push([i, i + 1]); }
      i++;
    }
  }
  return out;
}

// tokens returns the index terms of text as one block: [[term, pos]...].
function tokens(text) {
  var out = [], pos = 0, alts = [];
  function emit(t, p) { out.push([t, p]); }
  function han(run) {
    for (var i = 0; i + 1 < run.length; i++) emit(run[i] + run[i + 1], pos + i);
    emit(run[run.length - 1], pos + run.length - 1);
    pos += run.length;
  }
  scan(normalize(text), function (u) {
    if (u.han) {
      var run = foldChars(u.han);
      han(run);
      var alt = foldPhrases(run);
      if (alt) alts.push(alt);
      return;
    }
    var start = pos;
    u.words.forEach(function (w) {
      var t = term(w);
      if (t) emit(t, pos);
      pos++;
    });
    if (u.words.length > 1) {
      var j = term(joined(u.words));
      if (j) emit(j, start);
    }
  });
  pos++;
  alts.forEach(function (run) { han(run); pos++; });
  return out;
}

// ---- Queries (query.go) ----

var LONG_RUN = 5;

function pairs(run) {
  var out = [], step = run.length >= LONG_RUN ? 2 : 1, last = run.length - 2;
  for (var i = 0; i + 1 < run.length; i += step) out.push({ t: run[i] + run[i + 1], o: i });
  if (out[out.length - 1].o !== last) out.push({ t: run[last] + run[last + 1], o: last });
  out.run = run.join('');
  return out;
}

// query analyses a query into groups that must all match:
// {groups: [{pos, alts: [[{t, o}...]...], prefix}]}.
function query(q) {
  var rs = normalize(q), groups = [], pos = 0;
  scan(rs, function (u) {
    var last = u.end === rs.length, g = { pos: pos, alts: [] };
    if (u.han) {
      var run = foldChars(u.han);
      pos += run.length;
      if (run.length === 1) {
        g.alts = [[{ t: run[0], o: 0 }]];
        g.prefix = run[0];
      } else {
        g.alts = [pairs(run)];
        var alt = foldPhrases(run);
        if (alt) g.alts.push(pairs(alt));
      }
      groups.push(g);
      return;
    }
    var words = [];
    u.words.forEach(function (w, i) {
      var t = term(w);
      if (t) words.push({ t: t, o: i });
    });
    pos += u.words.length;
    if (words.length) g.alts.push(words);
    if (u.words.length > 1) {
      var j = term(joined(u.words));
      if (j) g.alts.push([{ t: j, o: 0 }]);
    } else {
      var w = joined(u.words);
      if (last && Array.from(w).length >= MIN_PREFIX) g.prefix = w;
    }
    if (g.alts.length || g.prefix) groups.push(g);
  });
  return { groups: groups };
}

// ---- Snowball English stemmer, as github.com/kljensen/snowball/english
// does it (the Go side uses that library). ----

var SPECIAL = {
  skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl', ugly: 'ugli',
  early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas',
  cosmos: 'cosmos', bias: 'bias', andes: 'andes', inning: 'inning', innings: 'inning', outing: 'outing',
  outings: 'outing', canning: 'canning', cannings: 'canning', herring: 'herring', herrings: 'herring',
  earring: 'earring', earrings: 'earring', proceed: 'proceed', proceeds: 'proceed', proceeded: 'proceed',
  proceeding: 'proceed', exceed: 'exceed', exceeds: 'exceed', exceeded: 'exceed', exceeding: 'exceed',
  succeed: 'succeed', succeeds: 'succeed', succeeded: 'succeed', succeeding: 'succeed'
};

function isVowel(c) { return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y'; }

// stem stems a lower-case word of a-z, 0-9 and apostrophes.
function stem(word) {
  if (word.length <= 2) return word;
  if (Object.prototype.hasOwnProperty.call(SPECIAL, word)) return SPECIAL[word];
  var w = word.split(''), r1, r2, i;
  while (w.length && w[0] === "'") w.shift();
  for (i = 0; i < w.length; i++) if (w[i] === 'y' && (i === 0 || isVowel(w[i - 1]))) w[i] = 'Y';
  var s = w.join('');
  function vnv(start) {
    for (var k = 1; k < w.length - start; k++) {
      var j = start + k;
      if (isVowel(w[j - 1]) && !isVowel(w[j])) return j + 1;
    }
    return w.length;
  }
  if (s.indexOf('gener') === 0 || s.indexOf('arsen') === 0) r1 = 5;
  else if (s.indexOf('commun') === 0) r1 = 6;
  else r1 = vnv(0);
  r2 = vnv(r1);
  function clamp() { r1 = Math.min(r1, w.length); r2 = Math.min(r2, w.length); }
  function ends(x) {
    if (x.length > w.length) return false;
    for (var k = 0; k < x.length; k++) if (w[w.length - x.length + k] !== x[k]) return false;
    return true;
  }
  function first(list) {
    for (var k = 0; k < list.length; k++) if (ends(list[k])) return list[k];
    return '';
  }
  function replace(suffix, repl) {
    w.length -= suffix.length;
    for (var k = 0; k < repl.length; k++) w.push(repl[k]);
    clamp();
  }
  function shortSyllableAt(n) {
    if (n === 2) return isVowel(w[0]) && !isVowel(w[1]);
    if (n >= 3) {
      var c1 = w[n - 1];
      return !isVowel(c1) && c1 !== 'w' && c1 !== 'x' && c1 !== 'Y' && isVowel(w[n - 2]) && !isVowel(w[n - 3]);
    }
    return false;
  }
  var suf;
  // Step 0
  suf = first(["'s'", "'s", "'"]);
  if (suf) replace(suf, '');
  // Step 1a
  suf = first(['sses', 'ied', 'ies', 'us', 'ss', 's']);
  if (suf === 'sses') replace(suf, 'ss');
  else if (suf === 'ied' || suf === 'ies') replace(suf, w.length > 4 ? 'i' : 'ie');
  else if (suf === 's') {
    for (i = 0; i < w.length - 2; i++) if (isVowel(w[i])) { replace('s', ''); break; }
  }
  // Step 1b
  suf = first(['eedly', 'ingly', 'edly', 'ing', 'eed', 'ed']);
  if (suf === 'eed' || suf === 'eedly') {
    if (suf.length <= w.length - r1) replace(suf, 'ee');
  } else if (suf) {
    var vowel = false;
    for (i = 0; i < w.length - suf.length; i++) if (isVowel(w[i])) { vowel = true; break; }
    if (vowel) {
      var o1 = r1, o2 = r2, done = false;
      replace(suf, '');
      var ns = first(['at', 'bl', 'iz', 'bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
      if (ns === '') {
        if (r1 >= w.length && shortSyllableAt(w.length)) {
          w.push('e');
          r1 = r2 = w.length;
          done = true;
        }
      } else if (ns === 'at' || ns === 'bl' || ns === 'iz') replace(ns, ns + 'e');
      else replace(ns, ns[0]);
      if (!done) { r1 = Math.min(o1, w.length); r2 = Math.min(o2, w.length); }
    }
  }
  // Step 1c
  var n = w.length;
  if (n > 2 && (w[n - 1] === 'y' || w[n - 1] === 'Y') && !isVowel(w[n - 2])) w[n - 1] = 'i';
  // Step 2
  suf = first(['ational', 'fulness', 'iveness', 'ization', 'ousness', 'biliti', 'lessli', 'tional', 'alism', 'aliti',
    'ation', 'entli', 'fulli', 'iviti', 'ousli', 'anci', 'abli', 'alli', 'ator', 'enci', 'izer', 'bli', 'ogi', 'li']);
  if (suf && suf.length <= w.length - r1) {
    if (suf === 'li') {
      if (w.length >= 3 && 'cdeghkmnrt'.indexOf(w[w.length - 3]) >= 0) replace(suf, '');
    } else if (suf === 'ogi') {
      if (w.length >= 4 && w[w.length - 4] === 'l') replace(suf, 'og');
    } else {
      replace(suf, {
        tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize', ization: 'ize',
        ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al', alli: 'al', fulness: 'ful',
        ousli: 'ous', ousness: 'ous', iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble', fulli: 'ful',
        lessli: 'less'
      }[suf]);
    }
  }
  // Step 3
  suf = first(['ational', 'tional', 'alize', 'icate', 'ative', 'iciti', 'ical', 'ful', 'ness']);
  if (suf && suf.length <= w.length - r1) {
    if (suf === 'ative') {
      if (w.length - r2 >= 5) replace(suf, '');
    } else {
      replace(suf, { ational: 'ate', tional: 'tion', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic', ful: '', ness: '' }[suf]);
    }
  }
  // Step 4
  suf = first(['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ent', 'ant', 'ism', 'ate', 'iti', 'ous', 'ive',
    'ize', 'ion', 'al', 'er', 'ic']);
  if (suf && suf.length <= w.length - r2) {
    if (suf === 'ion') {
      if (w.length >= 4 && (w[w.length - 4] === 's' || w[w.length - 4] === 't')) replace(suf, '');
    } else replace(suf, '');
  }
  // Step 5
  var li = w.length - 1;
  if (r1 <= li) {
    if (w[li] === 'e') {
      if (r2 <= li || !shortSyllableAt(li)) replace('e', '');
    } else if (r2 <= li && w[li] === 'l' && li >= 1 && w[li - 1] === 'l') replace('l', '');
  }
  return w.join('').replace(/Y/g, 'y');
}

// ---- Index files (encode.go) ----

function corrupt() { return new Error('search index: corrupt file'); }

function Reader(b) { this.b = b; this.o = 0; }
Reader.prototype.u = function () {
  var v = 0, m = 1, x;
  do {
    if (this.o >= this.b.length || m > 0x1000000000000) throw corrupt();
    x = this.b[this.o++];
    v += (x & 127) * m;
    m *= 128;
  } while (x & 128);
  return v;
};
// n reads a count of items that follow, at least a byte each.
Reader.prototype.n = function () {
  var v = this.u();
  if (v > this.b.length - this.o) throw corrupt();
  return v;
};

var utf8 = new TextDecoder();

// parseShard decodes a term shard; postings are decoded when first used.
function parseShard(b) {
  var r = new Reader(b), i;
  if (b[r.o++] !== 1) throw corrupt();
  var files = [], terms = [], prev = new Uint8Array(0);
  for (i = r.n(); i > 0; i--) files.push({ file: r.u(), size: r.u() });
  for (i = r.n(); i > 0; i--) {
    var shared = r.u(), len = r.n();
    if (shared > prev.length) throw corrupt();
    var t = new Uint8Array(shared + len);
    t.set(prev.subarray(0, shared));
    t.set(b.subarray(r.o, r.o + len), shared);
    r.o += len;
    prev = t;
    var e = { t: utf8.decode(t), df: r.u(), len: r.n(), pf: r.u(), po: r.u(), pn: r.u() };
    if (!e.df || e.df > 2 * e.len || e.pf >= files.length) throw corrupt();
    terms.push(e);
  }
  var off = r.o;
  terms.forEach(function (e) { e.off = off; off += e.len; });
  if (off !== b.length) throw corrupt();
  return { b: b, files: files, terms: terms };
}

// postings decodes a term's documents and impacts.
function postings(shard, e) {
  if (e.docs) return e;
  var r = new Reader(shard.b.subarray(e.off, e.off + e.len)), docs = new Int32Array(e.df), k = 0, d = 0;
  var kind = r.b[r.o++];
  if (kind === 0) {
    for (; k < e.df; k++) {
      var v = r.u();
      if (k && !v) throw corrupt();
      d += v;
      docs[k] = d;
    }
  } else if (kind === 1) {
    var base = r.u(), n = r.n();
    for (var i = 0; i < n; i++) {
      var c = r.b[r.o++];
      for (var bit = 0; c && bit < 8; bit++, c >>= 1) {
        if (c & 1) {
          if (k >= e.df) throw corrupt();
          docs[k++] = base + i * 8 + bit;
        }
      }
    }
    if (k !== e.df) throw corrupt();
  } else throw corrupt();
  if (r.b.length - r.o !== (e.df + 1) >> 1) throw corrupt();
  var imp = new Uint8Array(e.df);
  for (k = 0; k < e.df; k++) imp[k] = r.b[r.o + (k >> 1)] >> ((k & 1) * 4) & 15;
  e.imp = imp;
  e.docs = docs;
  return e;
}

// positionsOf decodes a term's block of a positions file.
function positionsOf(file, e) {
  if (e.pos) return e.pos;
  var r = new Reader(file.subarray(e.po, e.po + e.pn)), out = [];
  if (e.po + e.pn > file.length) throw corrupt();
  for (var k = 0; k < e.df; k++) {
    var n = r.n(), ps = new Int32Array(n), p = 0;
    for (var j = 0; j < n; j++) { p += r.u(); ps[j] = p; }
    out.push(ps);
  }
  if (r.o !== r.b.length) throw corrupt();
  e.pos = out;
  return out;
}

function gunzip(buf) {
  var b = new Uint8Array(buf);
  if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return Promise.resolve(b);
  var stream = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer().then(function (a) { return new Uint8Array(a); });
}

// ---- Engine ----

var POSITIONS_BUDGET = 16000; // compressed bytes of positions one query may fetch
var PREFIX_SHARDS = 2;
var PREFIX_TERMS = 24;
var PREFIX_WEIGHT = 0.7;

// Engine searches the index under base (the URL of search/). load(url)
// returns a promise of an ArrayBuffer; it defaults to fetch.
function Engine(base, load) {
  this.base = base;
  this.load = load || function (url) {
    // The manifest changes with every build; the files it names never do.
    return fetch(url, /manifest\.json$/.test(url) ? { cache: 'no-cache' } : {}).then(function (r) {
      if (!r.ok) throw new Error('search: ' + url + ': ' + r.status);
      return r.arrayBuffer();
    });
  };
  this.files = new Map();
}

Engine.prototype.file = function (name, parse) {
  var self = this, p = this.files.get(name);
  if (!p) {
    p = this.manifest().then(function (m) {
      return self.load(self.base + m.dir + name);
    }).then(gunzip).then(parse);
    p.catch(function () { self.files.delete(name); });
    this.files.set(name, p);
  }
  return p;
};

Engine.prototype.manifest = function () {
  var self = this;
  if (!this.m) {
    this.m = this.load(this.base + 'manifest.json').then(function (b) {
      var m = JSON.parse(utf8.decode(new Uint8Array(b)));
      if (m.version !== 1) throw new Error('search: unknown index version');
      return m;
    });
    this.m.catch(function () { self.m = null; });
  }
  return this.m;
};

Engine.prototype.fold = function () {
  return this.file('fold', parseFold);
};

Engine.prototype.shard = function (i) { return this.file('t' + i, parseShard); };
Engine.prototype.positions = function (i) { return this.file('p' + i, function (b) { return b; }); };
Engine.prototype.bundle = function (i) {
  return this.file('e' + i, function (b) { return JSON.parse(utf8.decode(b)); });
};

function shardOf(m, t) {
  var lo = 0, hi = m.shards.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (m.shards[mid] <= t) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function findTerm(shard, t) {
  var lo = 0, hi = shard.terms.length - 1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1, x = shard.terms[mid].t;
    if (x === t) return shard.terms[mid];
    if (x < t) lo = mid + 1; else hi = mid - 1;
  }
  return null;
}

// lookup finds a term: {shard, e} or null.
Engine.prototype.lookup = function (m, t) {
  if (!m.shards.length) return Promise.resolve(null);
  return this.shard(shardOf(m, t)).then(function (s) {
    var e = findTerm(s, t);
    return e && { shard: s, e: postings(s, e) };
  });
};

// expand finds the most frequent terms that start with prefix.
Engine.prototype.expand = function (m, prefix) {
  if (!m.shards.length) return Promise.resolve([]);
  var self = this, first = shardOf(m, prefix), ids = [first];
  for (var i = first + 1; i < m.shards.length && ids.length < PREFIX_SHARDS && m.shards[i].indexOf(prefix) === 0; i++) ids.push(i);
  return Promise.all(ids.map(function (i) { return self.shard(i); })).then(function (shards) {
    var found = [];
    shards.forEach(function (s) {
      s.terms.forEach(function (e) { if (e.t.indexOf(prefix) === 0) found.push({ shard: s, e: e }); });
    });
    found.sort(function (a, b) { return b.e.df - a.e.df; });
    return found.slice(0, PREFIX_TERMS).map(function (x) { return { shard: x.shard, e: postings(x.shard, x.e) }; });
  });
};

function indexOfDoc(docs, d) {
  var lo = 0, hi = docs.length - 1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1;
    if (docs[mid] === d) return mid;
    if (docs[mid] < d) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

function has(ps, p) {
  var lo = 0, hi = ps.length - 1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1;
    if (ps[mid] === p) return true;
    if (ps[mid] < p) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

// adjacent reports whether doc d has every token (with positions) at its
// offset from one common start.
function adjacent(toks, d) {
  var lists = [];
  for (var i = 0; i < toks.length; i++) {
    var k = indexOfDoc(toks[i].x.e.docs, d);
    if (k < 0) return false;
    lists.push(toks[i].x.e.pos[k]);
  }
  var a = 0;
  for (i = 1; i < lists.length; i++) if (lists[i].length < lists[a].length) a = i;
  for (var j = 0; j < lists[a].length; j++) {
    var start = lists[a][j] - toks[a].o, ok = true;
    for (i = 0; ok && i < lists.length; i++) if (i !== a && !has(lists[i], start + toks[i].o)) ok = false;
    if (ok) return true;
  }
  return false;
}

// search runs a query. opts: {lang: code or '' for all, type: '' for
// all}. It resolves to {total, ids (best first), types: {type: count},
// langs: {code: count}, q (the analysed query)}.
Engine.prototype.search = function (text, opts) {
  var self = this, m, q;
  opts = opts || {};
  return this.manifest().then(function (manifest) {
    m = manifest;
    return /\p{Script=Han}/u.test(text) ? self.fold() : null;
  }).then(function () {
    q = query(text);
    var terms = new Map(), jobs = [];
    q.groups.forEach(function (g) {
      g.alts.forEach(function (alt) { alt.forEach(function (tok) { terms.set(tok.t, null); }); });
    });
    terms.forEach(function (_, t) {
      jobs.push(self.lookup(m, t).then(function (x) { terms.set(t, x); }));
    });
    q.groups.forEach(function (g) {
      if (g.prefix) jobs.push(self.expand(m, g.prefix).then(function (xs) { g.more = xs; }));
    });
    return Promise.all(jobs).then(function () { return self.score(m, q, terms, opts); });
  });
};

Engine.prototype.score = function (m, q, terms, opts) {
  var self = this, N = m.docs;
  function idf(df) { return Math.log(1 + (N - df + 0.5) / (df + 0.5)); }
  // Attach the looked-up postings to each token; choose positions to fetch:
  // pairs of Chinese characters to prove adjacency, then words for the
  // phrase bonus, cheapest files first, within a budget.
  var want = [], G = q.groups.length;
  q.groups.forEach(function (g) {
    g.alts = g.alts.filter(function (alt) {
      alt.forEach(function (tok) { tok.x = terms.get(tok.t); });
      return alt.every(function (tok) { return tok.x; });
    });
    g.alts.forEach(function (alt) {
      if (alt.length > 1) alt.forEach(function (tok) { tok.rank = 0; want.push(tok); });
    });
    if (G > 1 && g.alts.length === 1 && g.alts[0].length === 1) { g.alts[0][0].rank = 1; want.push(g.alts[0][0]); }
  });
  var cost = function (tok) { return tok.x.shard.files[tok.x.e.pf].size; };
  want.sort(function (a, b) { return a.rank - b.rank || cost(a) - cost(b); });
  var spent = 0, fetch = new Map();
  want.forEach(function (tok) {
    if (!tok.x.e.pn) return;
    var f = tok.x.shard.files[tok.x.e.pf].file;
    if (!fetch.has(f) && !self.files.has('p' + f)) {
      if (spent + cost(tok) > POSITIONS_BUDGET) return;
      spent += cost(tok);
    }
    fetch.set(f, true);
    tok.withPos = true;
  });
  var jobs = [];
  q.groups.forEach(function (g) {
    g.alts.forEach(function (alt) {
      alt.forEach(function (tok) {
        if (tok.withPos) {
          jobs.push(self.positions(tok.x.shard.files[tok.x.e.pf].file).then(function (b) { positionsOf(b, tok.x.e); }));
        }
      });
    });
  });
  return Promise.all(jobs).then(function () {
    var total = new Float64Array(N), matched = new Uint16Array(N);
    q.groups.forEach(function (g) {
      var best = new Float64Array(N);
      g.alts.forEach(function (alt) {
        var count = new Uint16Array(N), sum = new Float64Array(N);
        alt.forEach(function (tok) {
          var e = tok.x.e, w = idf(e.df);
          for (var k = 0; k < e.docs.length; k++) { count[e.docs[k]]++; sum[e.docs[k]] += w * e.imp[k] / 15; }
        });
        var proof = alt.filter(function (tok) { return tok.withPos; });
        for (var d = 0; d < N; d++) {
          if (count[d] === alt.length && sum[d] > best[d] && (proof.length < 2 || adjacent(proof, d))) best[d] = sum[d];
        }
      });
      (g.more || []).forEach(function (x) {
        var e = x.e, w = PREFIX_WEIGHT * idf(e.df);
        for (var k = 0; k < e.docs.length; k++) {
          var v = w * e.imp[k] / 15;
          if (v > best[e.docs[k]]) best[e.docs[k]] = v;
        }
      });
      for (var d = 0; d < N; d++) if (best[d] > 0) { matched[d]++; total[d] += best[d]; }
    });
    // Phrase bonus: consecutive groups whose words are adjacent, as typed.
    var reps = q.groups.map(function (g) {
      var alt = g.alts.length === 1 && g.alts[0].length === 1 ? g.alts[0][0] : null;
      return alt && alt.withPos ? { x: alt.x, o: g.pos + alt.o } : null;
    });
    var out = { total: 0, ids: [], types: {}, langs: {}, q: q };
    if (!G) return out;
    var ranges = m.ranges;
    for (var r = 0; r < ranges.length; r++) {
      var lang = ranges[r][0], type = ranges[r][1];
      for (var d = ranges[r][2]; d < ranges[r][3]; d++) {
        if (matched[d] !== G) continue;
        out.langs[lang] = (out.langs[lang] || 0) + 1;
        if (opts.lang && lang !== opts.lang) continue;
        out.types[type] = (out.types[type] || 0) + 1;
        if (opts.type && type !== opts.type) continue;
        var pairsOK = 0, pairsAll = 0;
        for (var i = 0; i + 1 < G; i++) {
          if (!reps[i] || !reps[i + 1]) continue;
          pairsAll++;
          if (adjacent([reps[i], reps[i + 1]], d)) pairsOK++;
        }
        if (pairsAll) total[d] *= 1 + 0.5 * pairsOK / pairsAll + (pairsOK === G - 1 ? 0.25 : 0);
        out.ids.push(d);
      }
    }
    out.ids.sort(function (a, b) { return total[b] - total[a] || a - b; });
    out.total = out.ids.length;
    return out;
  });
};

// docs resolves to the stored data of documents: {id, url, title,
// excerpt, lang, type}.
Engine.prototype.docs = function (ids) {
  var self = this;
  return this.manifest().then(function (m) {
    return Promise.all(ids.map(function (id) {
      var b = Math.floor(id / m.bundle);
      return self.bundle(b).then(function (entries) {
        var x = entries[id - b * m.bundle], doc = { id: id, url: x[0], title: x[1], excerpt: x[2] };
        m.ranges.forEach(function (r) { if (id >= r[2] && id < r[3]) { doc.lang = r[0]; doc.type = r[1]; } });
        return doc;
      });
    }));
  });
};

// ---- Marking matches in text ----

// marks returns text split into [[part, marked]...]: whole words whose
// term the query has (or that start with its prefix), and runs of Chinese
// the query contains, each run one mark, punctuation left out.
function marks(text, q) {
  var words = new Set(), prefixes = [], runs = [];
  q.groups.forEach(function (g) {
    g.alts.forEach(function (alt) {
      if (!isHan(Array.from(alt[0].t)[0])) alt.forEach(function (tok) { words.add(tok.t); });
      else runs.push(Array.from(alt.run || alt[0].t));
    });
    if (g.prefix && !isHan(Array.from(g.prefix)[0])) prefixes.push(g.prefix);
  });
  // Normalise code point by code point, remembering where each came from.
  var rs = [], src = [], at = 0;
  Array.from(text).forEach(function (c) {
    Array.from(c.normalize('NFKC'), lower).forEach(function (n) { rs.push(n); src.push(at); });
    at += c.length;
  });
  src.push(text.length);
  var on = new Uint8Array(rs.length + 1);
  function mark(a, b) { for (var i = a; i < b; i++) on[i] = 1; }
  function find(hay, needle, base, from) {
    for (var i = 0; i + needle.length <= hay.length; i++) {
      var k = 0;
      while (k < needle.length && hay[i + k] === needle[k]) k++;
      if (k === needle.length) {
        if (from) mark(base + from[i][0], base + from[i + needle.length - 1][1]);
        else mark(base + i, base + i + needle.length);
      }
    }
  }
  scan(rs, function (u) {
    if (u.han) {
      var run = foldChars(u.han), from = [], alt = foldPhrases(run, from);
      runs.forEach(function (r) { find(run, r, u.start); if (alt) find(alt, r, u.start, from); });
      return;
    }
    var hits = u.words.map(function (w) {
      var t = term(w), plain = joined([w]);
      return !!t && (words.has(t) || prefixes.some(function (p) { return plain.indexOf(p) === 0; }));
    });
    var all = u.words.length > 1 && words.has(term(joined(u.words)));
    u.spans.forEach(function (s, i) {
      if (!all && !hits[i]) return;
      var next = i + 1 < u.spans.length && (all || hits[i + 1]);
      mark(s[0], next ? u.spans[i + 1][0] : s[1]);
    });
  });
  // Join marks separated only by spaces.
  for (var i = 1; i < rs.length; i++) {
    if (!on[i] && on[i - 1] && /\s/.test(rs[i])) {
      var j = i;
      while (j < rs.length && /\s/.test(rs[j])) j++;
      if (on[j]) mark(i, j);
      i = j - 1;
    }
  }
  var out = [], start = 0;
  for (i = 1; i <= rs.length; i++) {
    if (i === rs.length || on[i] !== on[i - 1]) {
      out.push([text.slice(src[start], src[i]), !!on[start]]);
      start = i;
    }
  }
  return out.filter(function (p) { return p[0]; });
}

// ---- Interface ----

var api = {
  tokens: tokens, query: query, stem: stem, term: term, setFold: setFold, parseFold: parseFold,
  parseShard: parseShard, postings: postings, positionsOf: positionsOf, gunzip: gunzip,
  Engine: Engine, marks: marks
};
if (typeof document === 'undefined') {
  globalThis.QiaoSearch = api;
  return;
}
if (window.QiaoSearchLoaded) return;
window.QiaoSearchLoaded = true;

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

function fill(node, parts) {
  parts.forEach(function (p) { node.appendChild(p[1] ? el('mark', '', p[0]) : document.createTextNode(p[0])); });
}

var script = document.currentScript;
var base = script ? new URL('./', script.src).href : '';
var engine = new Engine(base);

// Combobox wires an input (role=combobox) to a listbox of results:
// arrows move the active option, Enter opens it, Escape closes the list.
function Combobox(input, list, open) {
  var active = -1;
  function options() { return list.querySelectorAll('[role=option]'); }
  function set(i) {
    var os = options();
    if (active >= 0 && os[active]) os[active].setAttribute('aria-selected', 'false');
    active = os.length ? (i + os.length) % os.length : -1;
    if (active >= 0) {
      os[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', os[active].id);
      os[active].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }
  input.addEventListener('keydown', function (ev) {
    var n = options().length;
    if (ev.key === 'ArrowDown' && n) { set(active + 1); ev.preventDefault(); }
    else if (ev.key === 'ArrowUp' && n) { set(active < 0 ? n - 1 : active - 1); ev.preventDefault(); }
    else if (ev.key === 'Enter' && active >= 0 && options()[active]) { open(options()[active], ev); ev.preventDefault(); }
    else if (ev.key === 'Escape') { set(-1); if (list.hasAttribute('data-popup')) { list.hidden = true; input.setAttribute('aria-expanded', 'false'); } }
  });
  list.addEventListener('click', function (ev) {
    var o = ev.target.closest('[role=option]');
    if (o) open(o, ev);
  });
  list.addEventListener('auxclick', function (ev) {
    var o = ev.target.closest('[role=option]');
    if (o && ev.button === 1) window.open(o.dataset.href, '_blank', 'noopener');
  });
  return {
    // reset is called when the options change: the option that was active
    // stays active if it is still there.
    reset: function () {
      var was = active >= 0 && options()[active] ? options()[active].dataset.href : list.dataset.active;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      list.dataset.active = was || '';
    },
    restore: function () {
      var os = options();
      for (var i = 0; i < os.length; i++) if (list.dataset.active && os[i].dataset.href === list.dataset.active) return set(i);
    },
    // active is the chosen option, or null.
    active: function () { return active >= 0 ? options()[active] || null : null; }
  };
}

function go(o, ev) {
  if (ev.ctrlKey || ev.metaKey || ev.shiftKey) window.open(o.dataset.href, '_blank', 'noopener');
  else location.assign(o.dataset.href);
}

function template(s, vars) {
  return s.replace(/\{(\w+)\}/g, function (all, k) { return k in vars ? vars[k] : all; });
}

// option renders one result as a listbox option.
function option(doc, q, id, cfg, full) {
  var li = el('li', 'search-result');
  li.id = id;
  li.setAttribute('role', 'option');
  li.setAttribute('aria-selected', 'false');
  li.dataset.href = cfg.root + doc.url;
  var title = el('span', 'search-result-title');
  fill(title, marks(doc.title, q));
  li.appendChild(title);
  li.appendChild(document.createTextNode(' '));
  li.appendChild(el('span', 'search-badge', (cfg.types || {})[doc.type] || doc.type));
  if (doc.lang !== cfg.lang) {
    var l = el('span', 'search-badge search-lang', (cfg.langs || {})[doc.lang] || doc.lang);
    l.lang = doc.lang;
    li.appendChild(document.createTextNode(' '));
    li.appendChild(l);
  }
  if (full) {
    li.appendChild(el('span', 'search-result-url', cfg.root + doc.url));
    var p = el('span', 'search-excerpt');
    fill(p, marks(doc.excerpt, q));
    li.appendChild(p);
  }
  if (doc.lang !== cfg.lang) li.lang = doc.lang;
  return li;
}

// The search page: a form with filters, a status line and a listbox.
function page(form) {
  var cfg = JSON.parse(form.querySelector('.search-config').textContent);
  var input = form.querySelector('[name=q]'), list = document.getElementById(input.getAttribute('aria-controls'));
  var status = document.getElementById('search-status'), more = document.getElementById('search-more');
  var seq = 0, shown = 0, last = null, timer = 0;
  var box = Combobox(input, list, go);
  var params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  ['type', 'lang'].forEach(function (k) {
    var v = params.get(k);
    if (v === null) return;
    var r = form.querySelector('[name=' + k + '][value="' + CSS.escape(v) + '"]');
    if (r) r.checked = true;
  });
  function value(name) { var r = form.querySelector('[name=' + name + ']:checked'); return r ? r.value : ''; }
  function run(push) {
    var text = input.value.trim(), n = ++seq, lang = value('lang'), type = value('type');
    var url = new URL(location.href);
    url.search = '';
    if (text) url.searchParams.set('q', text);
    if (type) url.searchParams.set('type', type);
    if (lang !== cfg.lang) url.searchParams.set('lang', lang);
    history[push ? 'pushState' : 'replaceState'](null, '', url);
    if (!text) { list.textContent = ''; status.textContent = ''; more.hidden = true; input.setAttribute('aria-expanded', 'false'); return; }
    status.textContent = cfg.strings.searching;
    engine.search(input.value, { lang: lang === 'all' ? '' : lang, type: type }).then(function (res) {
      if (n !== seq) return;
      last = res;
      shown = 0;
      list.textContent = '';
      box.reset();
      form.querySelectorAll('[data-count]').forEach(function (c) {
        var k = c.dataset.count, v = k ? res.types[k] || 0 : Object.keys(res.types).reduce(function (s, t) { return s + res.types[t]; }, 0);
        c.textContent = '(' + v + ')';
      });
      status.textContent = template(res.total === 1 ? cfg.strings.one : res.total ? cfg.strings.results : cfg.strings.none, { n: res.total, q: text });
      return showMore();
    }).catch(function (err) {
      if (n === seq) status.textContent = cfg.strings.error;
      console.error(err);
    });
  }
  function showMore() {
    var ids = last.ids.slice(shown, shown + 10), n = seq;
    shown += ids.length;
    more.hidden = shown >= last.ids.length;
    input.setAttribute('aria-expanded', shown ? 'true' : 'false');
    return engine.docs(ids).then(function (docs) {
      if (n !== seq) return;
      docs.forEach(function (doc) { list.appendChild(option(doc, last.q, 'search-result-' + doc.id, cfg, true)); });
    });
  }
  more.addEventListener('click', function () { if (last) showMore(); });
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  form.addEventListener('submit', function (ev) { ev.preventDefault(); clearTimeout(timer); run(true); });
  form.addEventListener('change', function (ev) { if (ev.target.type === 'radio') run(); });
  window.addEventListener('popstate', function () { location.reload(); });
  if (input.value) run();
}

// The header box: suggestions as you type, in a popup listbox.
function headerBox(form) {
  var input = form.querySelector('[name=q]'), list = document.getElementById(input.getAttribute('aria-controls'));
  var cfg = JSON.parse(form.querySelector('.search-config').textContent), seq = 0, timer = 0, asked = '';
  var box = Combobox(input, list, go);
  function close() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); box.reset(); list.dataset.active = ''; asked = ''; }
  function run() {
    var text = input.value.trim(), n;
    if (!text) return close();
    if (input.value === asked) return;
    asked = input.value;
    n = ++seq;
    engine.search(input.value, { lang: cfg.lang }).then(function (res) {
      return engine.docs(res.ids.slice(0, 6)).then(function (docs) {
        if (n !== seq) return;
        box.reset();
        list.textContent = '';
        docs.forEach(function (doc) { list.appendChild(option(doc, res.q, 'site-search-' + doc.id, cfg, false)); });
        box.restore();
        list.hidden = !docs.length;
        input.setAttribute('aria-expanded', docs.length ? 'true' : 'false');
      });
    }).catch(function (err) { console.error(err); });
  }
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  input.addEventListener('blur', function () { setTimeout(close, 200); });
  // Enter on a chosen suggestion opens it, even where the browser goes on
  // to submit the form.
  form.addEventListener('submit', function (ev) {
    var o = box.active();
    if (o) { ev.preventDefault(); go(o, ev); }
  });
  if (input.value) run();
}

document.querySelectorAll('form[data-search-page]').forEach(page);
document.querySelectorAll('form[data-search]').forEach(headerBox);
})();
