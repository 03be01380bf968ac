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
    for (var i = 0; i < run.length; i++) {
      if (i + 1 < run.length) emit(run[i] + run[i + 1], pos + i);
      emit(run[i], pos + i);
    }
    pos += run.length + 1;
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

// query analyses a query into groups that must all match: {groups: [g]},
// g being {terms, joined, prefix} for words or {runs} for a Han run.
function query(q) {
  var rs = normalize(q), groups = [];
  scan(rs, function (u) {
    if (u.han) {
      var run = foldChars(u.han), g = { runs: [run.join('')] };
      var alt = run.length > 1 ? foldPhrases(run) : null;
      if (alt && alt.join('') !== g.runs[0]) g.runs.push(alt.join(''));
      groups.push(g);
      return;
    }
    var g = {}, terms = [];
    u.words.forEach(function (w) {
      var t = term(w);
      if (t) terms.push(t);
    });
    if (terms.length) g.terms = terms;
    if (u.words.length > 1) {
      var j = term(joined(u.words));
      if (j) g.joined = j;
    } else {
      var w = joined(u.words), n = Array.from(w).length;
      if (u.end === rs.length && n >= MIN_PREFIX && n <= MAX_WORD) g.prefix = w;
    }
    if (g.terms || g.joined || g.prefix) groups.push(g);
  });
  return { groups: groups };
}

// expand replaces, in a query, the groups that are the parts of a term of
// one of the site's synonym groups (manifest.synonyms; the longest term
// from each place, left to right) by one group {alts: [parts…]}: the
// query's own groups, then the parts of each other term of the synonym
// group. A page matches it when it matches every part of one of them.
function expand(q, synonyms) {
  if (!synonyms || !synonyms.length) return q;
  var gs = q.groups, out = [];
  for (var i = 0; i < gs.length;) {
    var best = null;
    synonyms.forEach(function (set) {
      set.forEach(function (parts) {
        if (parts.length > gs.length - i || best && parts.length <= best.parts.length) return;
        for (var k = 0; k < parts.length; k++) if (!samePart(parts[k], gs[i + k])) return;
        best = { set: set, parts: parts };
      });
    });
    if (!best) { out.push(gs[i++]); continue; }
    var alts = [gs.slice(i, i + best.parts.length)];
    best.set.forEach(function (parts) { if (parts !== best.parts) alts.push(parts); });
    out.push({ alts: alts });
    i += best.parts.length;
  }
  return { groups: out };
}

// samePart tells whether a query's group is a synonym's part: the same
// run, or the same words (the prefix of a word being typed aside).
function samePart(p, g) {
  if (p.runs || g.runs) return !!p.runs && !!g.runs && p.runs[0] === g.runs[0];
  return (p.terms || []).join(' ') === (g.terms || []).join(' ') && (p.joined || '') === (g.joined || '');
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

var VERSION = 2; // of the index format (encode.go)
// The flags of a term (grams.go): its longer forms are terms; it has a
// continuation.
var EXTENDED = 1, NEXT = 2;

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
  if (b[r.o++] !== VERSION) throw corrupt();
  var files = [], terms = [], prev = new Uint8Array(0);
  for (i = r.n(); i > 0; i--) files.push(r.u());
  for (i = r.n(); i > 0; i--) {
    var shared = r.u(), len = r.n();
    if (shared > prev.length) throw corrupt();
    var t = new Uint8Array(shared + len);
    t.set(prev.subarray(0, shared));
    t.set(b.subarray(r.o, r.o + len), shared);
    r.o += len;
    prev = t;
    var e = { t: utf8.decode(t), df: r.u(), len: r.n(), pf: r.u(), po: r.u(), pn: r.u(), next: '' }, flags = r.u();
    e.x = flags & EXTENDED;
    if (flags & NEXT) {
      var n = r.n();
      e.next = utf8.decode(b.subarray(r.o, r.o + n));
      r.o += n;
    }
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

var PREFIX_WEIGHT = 0.7; // a word matched by its beginning counts for less
// NAME_LEVEL is the lowest impact of a term in a page's name: its title
// or a fact such as a course code (index.go, nameLevel).
var NAME_LEVEL = 12;

// Engine searches the index under base (the URL of search/). load(url)
// returns a promise of an ArrayBuffer; it defaults to fetch. It keeps the
// files it has read: they never change (their folder is named by their
// content), so what it keeps saves time and bytes but never changes a
// result.
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
    if (this.live && !this.live()) return Promise.reject(SUPERSEDED);
    p = this.manifest().then(function (m) {
      return self.load(self.base + m.dir + name);
    }).then(gunzip).then(parse);
    p.catch(function () { self.files.delete(name); });
    this.files.set(name, p);
  }
  return p;
};

// The manifest is kept with the files (under a name no file has), so that
// the views of within share it.
Engine.prototype.manifest = function () {
  var files = this.files, p = files.get(' manifest');
  if (!p) {
    p = this.load(this.base + 'manifest.json').then(function (b) {
      var m = JSON.parse(utf8.decode(new Uint8Array(b)));
      if (m.version !== VERSION) throw new Error('search: unknown index version');
      return m;
    });
    p.catch(function () { files.delete(' manifest'); });
    files.set(' manifest', p);
  }
  return p;
};

// SUPERSEDED is the error of work given up because live() turned false.
var SUPERSEDED = new Error('search: superseded');

// within returns a view of the engine (the same files) that, once live()
// returns false, fetches nothing more: a file it has not got yet rejects
// with SUPERSEDED, so the work of a query that was typed over stops at its
// next fetch. While live() is true it is the engine itself: a search that
// is not given up resolves to what the engine's own would.
Engine.prototype.within = function (live) {
  var v = Object.create(this);
  v.live = live;
  return v;
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

// lookup resolves to a term's entry, its postings decoded: {shard, e}, or
// null when no page has the term.
Engine.prototype.lookup = function (m, t) {
  if (!m.shards.length) return Promise.resolve(null);
  return this.shard(shardOf(m, t)).then(function (s) {
    var e = findTerm(s, t);
    return e && { shard: s, e: postings(s, e) };
  });
};

// expand resolves to every term that starts with prefix, as lookup does.
// Terms sort as strings, so they are the terms from where prefix would be
// up to the first that does not start with it: in the shard where prefix
// would be and in the shards after it whose first term starts with it.
Engine.prototype.expand = function (m, prefix) {
  var self = this, ids = [];
  for (var i = shardOf(m, prefix); i < m.shards.length && (!ids.length || m.shards[i].indexOf(prefix) === 0); i++) ids.push(i);
  return Promise.all(ids.map(function (i) { return self.shard(i); })).then(function (shards) {
    var found = [];
    shards.forEach(function (s) {
      s.terms.forEach(function (e) { if (e.t.indexOf(prefix) === 0) found.push({ shard: s, e: postings(s, e) }); });
    });
    return found;
  });
};

// withPositions resolves when the positions of every entry are decoded
// (e.pos: by document, the positions of the term).
Engine.prototype.withPositions = function (xs) {
  var self = this;
  return Promise.all(xs.map(function (x) {
    if (!x.e.pn) throw corrupt();
    return self.positions(x.shard.files[x.e.pf]).then(function (b) { positionsOf(b, x.e); });
  }));
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

function idf(N, df) { return Math.log(1 + (N - df + 0.5) / (df + 0.5)); }

// weight is what a page's posting of a term adds to its score.
function weight(N, x, k) { return idf(N, x.e.df) * Math.max(1, x.e.imp[k]) / 15; }

// inName tells whether the page of x's k-th posting has the term in its
// name.
function inName(x, k) { return x.e.imp[k] >= NAME_LEVEL; }

// best raises mt.score[d], for each page d of entry x, to f times its
// weight, and notes the pages that have it in their name.
function best(mt, N, x, f) {
  var docs = x.e.docs;
  for (var k = 0; k < docs.length; k++) {
    var v = f * weight(N, x, k);
    if (v > mt.score[docs[k]]) mt.score[docs[k]] = v;
    if (inName(x, k)) mt.name[docs[k]] = 1;
  }
}

// match is what a group of a query matches: the score of every page (0
// for a page that does not match), and the pages that match it in their
// name (1), which rank first (see search).
function match(N) { return { score: new Float64Array(N), name: new Uint8Array(N) }; }

// Each of the methods below resolves to the match of one group of a
// query.

// words matches a group of words: every term, or the joined term, or a
// term that starts with the prefix.
Engine.prototype.words = function (m, g) {
  var self = this, N = m.docs;
  return Promise.all([
    Promise.all((g.terms || []).map(function (t) { return self.lookup(m, t); })),
    g.joined ? this.lookup(m, g.joined) : null,
    g.prefix ? this.expand(m, g.prefix) : []
  ]).then(function (r) {
    var mt = match(N), xs = r[0];
    if (xs.length && xs.every(Boolean)) {
      var count = new Uint16Array(N), named = new Uint16Array(N), sum = new Float64Array(N);
      xs.forEach(function (x) {
        for (var k = 0; k < x.e.docs.length; k++) {
          var d = x.e.docs[k];
          count[d]++;
          sum[d] += weight(N, x, k);
          if (inName(x, k)) named[d]++;
        }
      });
      for (var d = 0; d < N; d++) {
        if (count[d] !== xs.length) continue;
        mt.score[d] = sum[d];
        if (named[d] === xs.length) mt.name[d] = 1;
      }
    }
    if (r[1]) best(mt, N, r[1], 1);
    r[2].forEach(function (x) { best(mt, N, x, PREFIX_WEIGHT); });
    return mt;
  });
};

// run matches the pages where a run of folded characters occurs: pages
// with the run's term when the index has one (grams.go), else pages with
// pieces of it at their offsets from one start. A piece is the longest
// term from where the last piece ends (or one before, when a character is
// left): a pair, its continuation, and its longer forms as long as a term
// is extended. A piece without positions is replaced by its pairs at
// offsets 0, 2, 4 … and the last, which always keep theirs. Pieces at
// consecutive positions are always in one run (tokenize.go, step 5).
Engine.prototype.run = function (m, run) {
  var self = this, N = m.docs, cs = Array.from(run), L = cs.length, longest = m.grams || 2;
  var mt = match(N), pieces = [];
  if (L === 1) return this.lookup(m, run).then(function (x) { if (x) best(mt, N, x, 1); return mt; });
  // piece resolves to the piece from offset i, or null when the run
  // occurs nowhere: a pair of it is missing, or it leaves the
  // continuation of a term, or a longer form of an extended term is
  // missing.
  function piece(i) {
    var ts = [];
    for (var k = i + 2; k <= Math.min(L, i + longest); k++) ts.push(cs.slice(i, k).join(''));
    return Promise.all(ts.map(function (t) { return self.lookup(m, t); })).then(function (xs) {
      var x = xs[0], e = i + 2;
      while (x) {
        var next = Array.from(x.e.next);
        for (var k = 0; k < next.length && e < L; k++, e++) if (cs[e] !== next[k]) return null;
        if (!x.e.x || e === L) break;
        x = xs[e - i - 1];
        e++;
      }
      return x && { x: x, o: i, n: e - i };
    });
  }
  function from(i) {
    return piece(i).then(function (p) {
      if (!p) return false;
      pieces.push(p);
      return p.o + p.n === L || from(Math.min(p.o + p.n, L - 2));
    });
  }
  return from(0).then(function (found) {
    if (!found) return mt;
    if (pieces.length === 1) { best(mt, N, pieces[0].x, 1); return mt; }
    return Promise.all(pieces.map(function (p) {
      if (p.x.e.pn) return [p];
      var offs = [];
      for (var i = 0; i + 1 < p.n; i += 2) offs.push(i);
      if (offs[offs.length - 1] !== p.n - 2) offs.push(p.n - 2);
      return Promise.all(offs.map(function (o) {
        return self.lookup(m, cs[p.o + o] + cs[p.o + o + 1]).then(function (x) {
          if (!x) throw corrupt();
          return { x: x, o: p.o + o, n: 2 };
        });
      }));
    })).then(function (lists) {
      var ps = [].concat.apply([], lists);
      return self.withPositions(ps.map(function (p) { return p.x; })).then(function () { return aligned(N, ps, mt); });
    });
  });
};

// aligned sets mt.score[d] for each page d that has every piece p at
// offset p.o from one start, and mt.name[d] when the page has every piece
// in its name.
function aligned(N, ps, mt) {
  var a = 0, ks = new Int32Array(ps.length), lists = [];
  for (var i = 1; i < ps.length; i++) if (ps[i].x.e.df < ps[a].x.e.df) a = i;
  var docs = ps[a].x.e.docs;
  for (var j = 0; j < docs.length; j++) {
    var d = docs[j], ok = true;
    for (i = 0; ok && i < ps.length; i++) {
      ks[i] = i === a ? j : indexOfDoc(ps[i].x.e.docs, d);
      ok = ks[i] >= 0;
    }
    if (!ok) continue;
    for (i = 0; i < ps.length; i++) lists[i] = ps[i].x.e.pos[ks[i]];
    var starts = lists[a];
    ok = false;
    for (var p = 0; !ok && p < starts.length; p++) {
      var s = starts[p] - ps[a].o;
      ok = true;
      for (i = 0; ok && i < ps.length; i++) ok = i === a || has(lists[i], s + ps[i].o);
    }
    if (!ok) continue;
    var sum = 0, named = true;
    for (i = 0; i < ps.length; i++) {
      sum += weight(N, ps[i].x, ks[i]);
      named = named && inName(ps[i].x, ks[i]);
    }
    mt.score[d] = sum;
    if (named) mt.name[d] = 1;
  }
  return mt;
}

// han matches a Han run in any of its spellings.
Engine.prototype.han = function (m, g) {
  var self = this, N = m.docs;
  return Promise.all(g.runs.map(function (r) { return self.run(m, r); })).then(function (mts) {
    var mt = match(N);
    mts.forEach(function (s) {
      for (var d = 0; d < N; d++) {
        if (s.score[d] > mt.score[d]) mt.score[d] = s.score[d];
        mt.name[d] |= s.name[d];
      }
    });
    return mt;
  });
};

// alts matches a group of synonyms: its score on a page is the best sum
// of the scores of one alternative's parts, each of which must match; it
// is in the page's name when every part of one alternative is.
Engine.prototype.alts = function (m, g) {
  var self = this, N = m.docs;
  return Promise.all(g.alts.map(function (parts) {
    return Promise.all(parts.map(function (p) { return self.group(m, p); }));
  })).then(function (all) {
    var mt = match(N);
    all.forEach(function (ss) {
      for (var d = 0; d < N; d++) {
        var sum = 0, named = 1, i;
        for (i = 0; i < ss.length && ss[i].score[d] > 0; i++) { sum += ss[i].score[d]; named &= ss[i].name[d]; }
        if (i !== ss.length) continue;
        if (sum > mt.score[d]) mt.score[d] = sum;
        mt.name[d] |= named;
      }
    });
    return mt;
  });
};

// group resolves to the match of one group of a query.
Engine.prototype.group = function (m, g) {
  return g.alts ? this.alts(m, g) : g.runs ? this.han(m, g) : this.words(m, g);
};

// longRun tells a run of two characters or more, which a page may match
// in part (a group of synonyms is matched whole).
function longRun(g) { return !!g.runs && Array.from(g.runs[0]).length > 1; }

// partial resolves, for a Han run of two characters or more, to the
// coverage of each page ({cov, score}): the share of the run's distinct
// pairs the page holds, in the spelling that holds most, when that is
// three quarters or more (else 0), and their weight.
Engine.prototype.partial = function (m, g) {
  var self = this, N = m.docs, cov = new Float64Array(N), score = new Float64Array(N);
  return Promise.all(g.runs.map(function (run) {
    var cs = Array.from(run), pairs = [];
    for (var i = 0; i + 1 < cs.length; i++) if (pairs.indexOf(cs[i] + cs[i + 1]) < 0) pairs.push(cs[i] + cs[i + 1]);
    return Promise.all(pairs.map(function (t) { return self.lookup(m, t); })).then(function (xs) {
      var held = new Uint16Array(N), sum = new Float64Array(N);
      xs.forEach(function (x) {
        if (x) for (var k = 0; k < x.e.docs.length; k++) { held[x.e.docs[k]]++; sum[x.e.docs[k]] += weight(N, x, k); }
      });
      return { held: held, sum: sum, n: pairs.length };
    });
  })).then(function (spellings) {
    spellings.forEach(function (sp) {
      for (var d = 0; d < N; d++) {
        if (4 * sp.held[d] < 3 * sp.n) continue;
        var c = sp.held[d] / sp.n;
        if (c > cov[d] || c === cov[d] && sp.sum[d] > score[d]) { cov[d] = c; score[d] = sp.sum[d]; }
      }
    });
    return { cov: cov, score: score };
  });
};

// search runs a query. opts: {lang: code or '' for all, type: '' for
// all}. It resolves to {total, ids (best first), partial, coverage (of
// each id, when partial), types: {type: count}, langs: {code: count}, q
// (the analysed query)}: the exact matches, or when no page of any
// language or type matches exactly, the partial ones (see doc.go), and
// then partial is true.
Engine.prototype.search = function (text, opts) {
  var self = this, m, q;
  opts = opts || {};
  return this.manifest().then(function (manifest) {
    m = manifest;
    return /\p{Script=Han}/u.test(text) ? self.fold() : null;
  }).then(function () {
    q = expand(query(text), m.synonyms);
    return Promise.all(q.groups.map(function (g) { return self.group(m, g); }));
  }).then(function (mts) {
    var N = m.docs, total = new Float64Array(N), named = new Uint16Array(N), found = 0;
    for (var d = 0; q.groups.length && d < N; d++) {
      var sum = 0, n = 0, i;
      for (i = 0; i < mts.length && mts[i].score[d] > 0; i++) { sum += mts[i].score[d]; n += mts[i].name[d]; }
      if (i === mts.length) { total[d] = sum; named[d] = n; found++; }
    }
    if (found || !q.groups.some(longRun)) return self.results(m, q, opts, total, named, null);
    return Promise.all(q.groups.map(function (g, i) {
      return longRun(g) ? self.partial(m, g) : { cov: null, score: mts[i].score };
    })).then(function (parts) {
      var cov = new Float64Array(N), runs = q.groups.filter(longRun).length;
      total = new Float64Array(N);
      for (var d = 0; d < N; d++) {
        var sum = 0, c = 0, i;
        for (i = 0; i < parts.length && (parts[i].cov ? parts[i].cov[d] : parts[i].score[d]) > 0; i++) {
          sum += parts[i].score[d];
          if (parts[i].cov) c += parts[i].cov[d];
        }
        if (i === parts.length) { total[d] = sum; cov[d] = c / runs; }
      }
      return self.results(m, q, opts, total, null, cov);
    });
  });
};

// results lists the pages with a score, filtered and ranked: by
// coverage, for partial matches; for exact ones, by the number of the
// query's groups the page matches in its name (named), so that a page
// whose title holds every part of the query comes before one whose title
// holds some of them, however often the body says the rest; then by
// score.
Engine.prototype.results = function (m, q, opts, total, named, cov) {
  var out = { total: 0, ids: [], partial: false, coverage: [], types: {}, langs: {}, q: q };
  m.ranges.forEach(function (r) {
    var lang = r[0], type = r[1];
    for (var d = r[2]; d < r[3]; d++) {
      if (!(total[d] > 0)) continue;
      out.partial = !!cov;
      out.langs[lang] = (out.langs[lang] || 0) + 1;
      if (opts.lang && lang !== opts.lang) continue;
      out.types[type] = (out.types[type] || 0) + 1;
      if (opts.type && type !== opts.type) continue;
      out.ids.push(d);
    }
  });
  out.ids.sort(function (a, b) {
    return (cov ? cov[b] - cov[a] : 0) || (named ? named[b] - named[a] : 0) || total[b] - total[a] || a - b;
  });
  if (cov) out.coverage = out.ids.map(function (d) { return cov[d]; });
  out.total = out.ids.length;
  return out;
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
  q.groups.forEach(function add(g) {
    if (g.alts) return g.alts.forEach(function (parts) { parts.forEach(add); });
    (g.terms || []).forEach(function (t) { words.add(t); });
    if (g.joined) words.add(g.joined);
    if (g.prefix) prefixes.push(g.prefix);
    (g.runs || []).forEach(function (r) { runs.push(Array.from(r)); });
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

// excerpt cuts a page's stored text (index.go's excerpt, twice as
// long) to about EXCERPT_WIDTH (a CJK character counting two) around the
// passage that holds the most distinct marked words or runs of the query,
// then the most marks; the start of the text when nothing is marked. It
// returns the cut as marks returns it, with … where text was left out.
function excerpt(text, q) {
  var parts = marks(text, q), hits = [], at = 0;
  parts.forEach(function (p) {
    if (p[1]) hits.push({ s: at, e: at + p[0].length, t: p[0].toLowerCase() });
    at += p[0].length;
  });
  var cum = [0];
  for (var i = 0; i < text.length; i++) cum.push(cum[i] + (WIDE.test(text[i]) ? 2 : 1));
  // index of the first code unit at or after a width
  function unitAt(w) { var lo = 0, hi = text.length; while (lo < hi) { var mid = (lo + hi) >> 1; if (cum[mid] < w) lo = mid + 1; else hi = mid; } return lo; }
  var start = 0, best = -1;
  hits.forEach(function (h) {
    var s = unitAt(Math.max(0, cum[h.s] - EXCERPT_LEAD)), end = unitAt(cum[s] + EXCERPT_WIDTH), seen = new Set(), n = 0;
    hits.forEach(function (o) { if (o.s >= s && o.e <= end) { seen.add(o.t); n++; } });
    var score = seen.size * 1000 + n;
    if (score > best) { best = score; start = s; }
  });
  // A window that runs past the end starts earlier, to be full.
  if (cum[start] + EXCERPT_WIDTH > cum[text.length]) start = unitAt(Math.max(0, cum[text.length] - EXCERPT_WIDTH));
  if (cum[start] <= EXCERPT_LEAD) start = 0;
  if (start > 0) {
    // Start at a word or clause, not inside one.
    var k = start;
    while (k < text.length && k - start < 20 && !/[\s。；，、！？.;,!?]/.test(text[k - 1])) k++;
    if (k - start < 20) start = k;
  }
  var stop = unitAt(cum[start] + EXCERPT_WIDTH);
  if (stop < text.length) {
    var j = stop;
    while (j > start && stop - j < 20 && !/\s/.test(text[j])) j--;
    if (j > start && stop - j < 20) stop = j;
  }
  var cut = text.slice(start, stop).trim();
  return marks((start > 0 ? '… ' : '') + cut + (stop < text.length ? ' …' : ''), q);
}

var EXCERPT_WIDTH = 240, EXCERPT_LEAD = 40;
var WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

// ---- Interface ----

var api = {
  tokens: tokens, query: query, expand: expand, stem: stem, term: term, setFold: setFold, parseFold: parseFold,
  parseShard: parseShard, postings: postings, positionsOf: positionsOf, gunzip: gunzip,
  Engine: Engine, SUPERSEDED: SUPERSEDED, marks: marks, excerpt: excerpt
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

// SETTLE is how long the input must rest before a query runs: longer than
// the gap between the keys of a quick typist (150 ms), so that the words
// on the way to a query are not searched (each costs bytes that the query
// itself does not need), and short enough that results follow a pause.
// For a slower typist the rest is longer (pause). A key also gives up the
// work of the query before it (Engine.within).
var SETTLE = 200, MAX_SETTLE = 400;

// pause returns a function to call on each key; it returns how long the
// input must then rest: SETTLE, or one and a half times the median of the
// last gaps between keys shorter than MAX_SETTLE, up to MAX_SETTLE.
function pause() {
  var gaps = [], last = 0;
  return function () {
    var now = Date.now();
    if (last && now - last < MAX_SETTLE) gaps.push(now - last);
    if (gaps.length > 8) gaps.shift();
    last = now;
    var sorted = gaps.slice().sort(function (a, b) { return a - b; }), median = sorted[sorted.length >> 1] || 0;
    return Math.min(MAX_SETTLE, Math.max(SETTLE, 1.5 * median));
  };
}

// report logs an error that is not the giving up of superseded work.
function report(err) { if (err !== SUPERSEDED) console.error(err); }

// Combobox wires an input (role=combobox) to a listbox of results, each
// option a link (a[role=option] in an li[role=none]), as DocSearch does:
// clicks, middle-clicks, long presses and "copy link" are the browser's
// own. In the input, arrows move the active option and Enter opens it; Tab
// goes on to the links, where arrows move between them and Escape goes
// back to the input; Escape in the input closes a popup list.
function Combobox(input, list) {
  var active = -1;
  function options() { return list.querySelectorAll('a[role=option]'); }
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
  function close() { set(-1); if (list.hasAttribute('data-popup')) { list.hidden = true; input.setAttribute('aria-expanded', 'false'); } }
  input.addEventListener('keydown', function (ev) {
    var n = options().length;
    if (ev.key === 'ArrowDown' && n) { set(active + 1); ev.preventDefault(); }
    else if (ev.key === 'ArrowUp' && n) { set(active < 0 ? n - 1 : active - 1); ev.preventDefault(); }
    else if (ev.key === 'Enter' && active >= 0 && options()[active]) { go(options()[active], ev); ev.preventDefault(); }
    else if (ev.key === 'Escape') close();
  });
  list.addEventListener('keydown', function (ev) {
    var os = Array.prototype.slice.call(options()), i = os.indexOf(document.activeElement);
    if (i < 0) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      var j = ev.key === 'ArrowDown' ? Math.min(i + 1, os.length - 1) : i - 1;
      if (j < 0) input.focus(); else os[j].focus();
      ev.preventDefault();
    } else if (ev.key === 'Escape') { input.focus(); close(); ev.preventDefault(); }
  });
  return {
    // reset is called when the options change: the option that was active
    // stays active if it is still there.
    reset: function () {
      var was = active >= 0 && options()[active] ? options()[active].getAttribute('href') : list.dataset.active;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      list.dataset.active = was || '';
    },
    restore: function () {
      var os = options();
      for (var i = 0; i < os.length; i++) if (list.dataset.active && os[i].getAttribute('href') === list.dataset.active) return set(i);
    },
    // active is the chosen option, or null.
    active: function () { return active >= 0 ? options()[active] || null : null; }
  };
}

// go opens an option chosen from the input, as a click on its link would.
function go(o, ev) {
  if (ev.ctrlKey || ev.metaKey || ev.shiftKey) window.open(o.href, '_blank', 'noopener');
  else location.assign(o.href);
}

function template(s, vars) {
  return s.replace(/\{(\w+)\}/g, function (all, k) { return k in vars ? vars[k] : all; });
}

// option renders one result as a listbox option: a link in a list item.
function option(doc, q, id, cfg, full) {
  var li = el('li'), a = el('a', 'search-result');
  li.setAttribute('role', 'none');
  li.appendChild(a);
  a.id = id;
  a.setAttribute('role', 'option');
  a.setAttribute('aria-selected', 'false');
  a.href = cfg.root + doc.url;
  var title = el('span', 'search-result-title');
  fill(title, marks(doc.title, q));
  a.appendChild(title);
  a.appendChild(document.createTextNode(' '));
  a.appendChild(el('span', 'search-badge', (cfg.types || {})[doc.type] || doc.type));
  if (doc.lang !== cfg.lang) {
    var l = el('span', 'search-badge search-lang', (cfg.langs || {})[doc.lang] || doc.lang);
    l.lang = doc.lang;
    a.appendChild(document.createTextNode(' '));
    a.appendChild(l);
    a.hreflang = doc.lang;
  }
  if (full) {
    a.appendChild(el('span', 'search-result-url', cfg.root + doc.url));
    var p = el('span', 'search-excerpt');
    fill(p, excerpt(doc.excerpt, q));
    a.appendChild(p);
  }
  if (doc.lang !== cfg.lang) a.lang = doc.lang;
  return li;
}

// The search page: a form with filters, a status line and a listbox.
function page(form) {
  var cfg = JSON.parse(form.querySelector('.search-config').textContent);
  var input = form.querySelector('[name=q]'), list = document.getElementById(input.getAttribute('aria-controls'));
  var status = document.getElementById('search-status'), more = document.getElementById('search-more');
  var seq = 0, shown = 0, last = null, timer = 0, rest = pause();
  var count = typeof Intl === 'object' ? new Intl.NumberFormat(cfg.lang).format : String;
  var box = Combobox(input, list);
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
    // The language switcher leads to this search in the other language.
    url.searchParams.delete('lang');
    document.querySelectorAll('.language-switcher a[hreflang]').forEach(function (a) {
      var to = new URL(a.href);
      to.search = url.search;
      a.href = to.href;
    });
    if (!text) { list.textContent = ''; status.textContent = ''; more.hidden = true; input.setAttribute('aria-expanded', 'false'); busy(false); return; }
    busy(true);
    status.textContent = cfg.strings.searching;
    engine.within(function () { return n === seq; }).search(input.value, { lang: lang === 'all' ? '' : lang, type: type }).then(function (res) {
      if (n !== seq) return;
      last = res;
      shown = 0;
      list.textContent = '';
      box.reset();
      form.querySelectorAll('[data-count]').forEach(function (c) {
        var k = c.dataset.count, v = k ? res.types[k] || 0 : Object.keys(res.types).reduce(function (s, t) { return s + res.types[t]; }, 0);
        c.textContent = '(' + count(v) + ')';
      });
      // Partial matches say so when the site has words for it
      // (strings.partial, as strings.results with {n} and {q}).
      var found = res.partial && cfg.strings.partial ? cfg.strings.partial : res.total === 1 ? cfg.strings.one : cfg.strings.results;
      status.textContent = template(res.total ? found : cfg.strings.none, { n: count(res.total), q: text });
      list.classList.toggle('search-partial', res.partial);
      return showMore();
    }).then(function () {
      if (n === seq) busy(false);
    }).catch(function (err) {
      if (n === seq) { status.textContent = cfg.strings.error; busy(false); }
      report(err);
    });
  }
  // The list is busy from a key or a change until its results are shown.
  function busy(on) { list.setAttribute('aria-busy', on ? 'true' : 'false'); }
  function showMore() {
    var ids = last.ids.slice(shown, shown + 10), n = seq;
    shown += ids.length;
    more.hidden = shown >= last.ids.length;
    input.setAttribute('aria-expanded', shown ? 'true' : 'false');
    return engine.within(function () { return n === seq; }).docs(ids).then(function (docs) {
      if (n !== seq) return;
      docs.forEach(function (doc) { list.appendChild(option(doc, last.q, 'search-result-' + doc.id, cfg, true)); });
    });
  }
  more.addEventListener('click', function () { if (last) showMore().catch(report); });
  input.addEventListener('input', function () { seq++; busy(true); clearTimeout(timer); timer = setTimeout(run, rest()); });
  form.addEventListener('submit', function (ev) { ev.preventDefault(); clearTimeout(timer); run(true); });
  form.addEventListener('change', function (ev) { if (ev.target.type === 'radio') run(); });
  window.addEventListener('popstate', function () { location.reload(); });
  if (input.value) run();
}

// The header box: suggestions as you type, in a popup listbox.
function headerBox(form) {
  var input = form.querySelector('[name=q]'), list = document.getElementById(input.getAttribute('aria-controls'));
  var cfg = JSON.parse(form.querySelector('.search-config').textContent), seq = 0, timer = 0, asked = '', rest = pause();
  var box = Combobox(input, list);
  function close() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); box.reset(); list.dataset.active = ''; asked = ''; }
  function run() {
    var text = input.value.trim(), n;
    if (!text) return close();
    if (input.value === asked) return;
    asked = input.value;
    n = ++seq;
    var e = engine.within(function () { return n === seq; });
    e.search(input.value, { lang: cfg.lang }).then(function (res) {
      if (n !== seq) return;
      return e.docs(res.ids.slice(0, 6)).then(function (docs) {
        if (n !== seq) return;
        box.reset();
        list.textContent = '';
        docs.forEach(function (doc) { list.appendChild(option(doc, res.q, 'site-search-' + doc.id, cfg, false)); });
        box.restore();
        list.hidden = !docs.length;
        input.setAttribute('aria-expanded', docs.length ? 'true' : 'false');
      });
    }).catch(report);
  }
  input.addEventListener('input', function () {
    if (input.value !== asked) { seq++; asked = ''; }
    clearTimeout(timer);
    timer = setTimeout(run, rest());
  });
  // The list closes when the focus leaves the form, not when it goes from
  // the input to a suggestion (by Tab, or by a press on one).
  form.addEventListener('focusout', function () {
    setTimeout(function () { if (!form.contains(document.activeElement)) close(); }, 200);
  });
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
