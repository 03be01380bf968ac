// The catalog's filters, on the catalog pages of the shipped site (after
// site.js): the filter links (which lead to facet and topic pages) filter
// the course list in place, over every page of a long catalog (the other
// pages' cards are made from the catalog's one data file, catalog.json),
// and the choice is kept in the URL query; each option shows how many
// courses it would leave, and empty ones are marked.
(function () {
  "use strict";
  var sessions = window.QiaoSite.sessions;

  function catalog(root) {
    var links = root.querySelectorAll("a[data-filter]");
    var list = root.querySelector(".course-list");
    var own = Array.prototype.slice.call(list.children); // this page's cards
    var cards = own; // every course, once the other pages are loaded
    var count = root.querySelector(".result-count");
    var countText = count.textContent;
    var noMatch = root.querySelector(".no-match");
    var pager = root.querySelector(".pager");
    var pageCount = Number(root.dataset.pagerCount || 1);
    var keys = ["level", "format", "topic"];
    var state = {};
    var loading = null;
    var failed = false; // the other pages could not be loaded

    function filtering() {
      return keys.some(function (k) { return state[k]; });
    }

    // A long catalog is split into pages (page/2/ and on); filters apply to
    // every course, so the first filter loads the catalog's data file (one
    // per language, beside its first page) and makes the cards of the
    // courses on other pages from it.
    function loadAll() {
      if (loading) return loading;
      var mine = {};
      own.forEach(function (li) { mine[li.querySelector(".card-title a").getAttribute("href")] = li; });
      root.setAttribute("aria-busy", "true");
      loading = fetch(root.dataset.catalogData).then(function (r) {
        if (!r.ok) throw new Error(r.url + ": " + r.status);
        return r.json();
      }).then(function (data) {
        cards = data.courses.map(function (c) {
          if (mine[c.url]) return mine[c.url];
          var li = courseCard(c, data.labels, root.dataset);
          li.hidden = true;
          li.querySelectorAll("[data-sessions]").forEach(sessions);
          return li;
        });
        cards.forEach(function (c) { list.appendChild(c); }); // in catalog order
        root.removeAttribute("aria-busy");
      }, function () {
        root.removeAttribute("aria-busy");
        failed = true; // filters keep to this page's courses
      });
      return loading;
    }

    function matches(card) {
      return keys.every(function (k) {
        var want = state[k];
        if (!want) return true;
        var have = k === "topic" ? (card.dataset.topics || "").split(" ") : [card.dataset[k]];
        return have.indexOf(want) >= 0;
      });
    }

    // How many courses a filter link would leave, the other filters kept.
    function countWith(key, value) {
      var saved = state[key];
      state[key] = value;
      var n = 0;
      cards.forEach(function (c) { if (matches(c)) n++; });
      if (saved === undefined) delete state[key];
      else state[key] = saved;
      return n;
    }

    function counts() {
      links.forEach(function (a) {
        var n = a.querySelector(".n");
        if (!n) return;
        var k = countWith(a.dataset.filter, a.dataset.value);
        n.textContent = k;
        a.classList.toggle("is-empty", k === 0);
      });
    }

    function apply(push) {
      if (pageCount > 1 && filtering() && cards === own && !failed) {
        loadAll().then(function () { apply(push); });
        return;
      }
      var shown = 0;
      var on = filtering();
      cards.forEach(function (c) {
        // Without a filter, a page of a long catalog shows its own share.
        var ok = on ? matches(c) : own.indexOf(c) >= 0;
        c.hidden = !ok;
        if (ok) shown++;
      });
      links.forEach(function (a) {
        if ((state[a.dataset.filter] || "") === a.dataset.value) a.setAttribute("aria-current", "true");
        else a.removeAttribute("aria-current");
      });
      if (pager) pager.hidden = on;
      count.textContent = on || pageCount === 1 ? count.dataset.showing.replace("%d", shown).replace("%d", cards.length) : countText;
      noMatch.hidden = shown > 0;
      if (cards !== own || pageCount === 1) counts();
      var q = new URLSearchParams();
      keys.forEach(function (k) { if (state[k]) q.set(k, state[k]); });
      var s = q.toString();
      if (push) history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
      // The language switcher leads to the same filters in the other
      // language (filter values are the same keys in every language).
      document.querySelectorAll(".language-switcher a[hreflang]").forEach(function (a) {
        var to = new URL(a.href);
        to.search = s;
        a.href = to.href;
      });
    }

    root.addEventListener("click", function (e) {
      var a = e.target.closest("a[data-filter], a[data-clear]");
      if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
      e.preventDefault();
      if (a.hasAttribute("data-clear")) state = {};
      else state[a.dataset.filter] = a.dataset.value;
      apply(true);
    });

    var q = new URLSearchParams(location.search);
    keys.forEach(function (k) { if (q.get(k)) state[k] = q.get(k); });
    if (Object.keys(state).length) apply(false);
  }


  // element makes an element with attributes (those undefined left out,
  // the rest in order) and text.
  function element(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { if (attrs[k] !== undefined) e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // courseCard makes the card of a course of the catalog's data file, as
  // layouts/partials/course-card.html writes it (the tests compare them):
  // labels are the file's level and format names, ds the catalog's data
  // attributes with the layout's other words.
  function courseCard(c, labels, ds) {
    var li = element("li", {"class": "card course-card level-" + c.level, "data-course": "", "data-level": c.level,
      "data-format": c.format, "data-topics": (c.topics || []).join(" ")});
    li.appendChild(element("p", {"class": "card-meta"})).appendChild(element("span", {"class": "course-code"}, c.code));
    var title = li.appendChild(element("h3", {"class": "card-title", lang: c.lang}));
    title.appendChild(element("a", {href: c.url, hreflang: c.lang}, c.title));
    if (c.lang) {
      title.append(" ");
      title.appendChild(element("span", {"class": "lang-label"}, c.langName));
    }
    if (c.summary) li.appendChild(element("p", {lang: c.lang}, c.summary));
    var badges = li.appendChild(element("ul", {"class": "badges"}));
    badges.appendChild(element("li", {"class": "badge level level-" + c.level}, labels["level_" + c.level]));
    badges.appendChild(element("li", {"class": "badge"}, labels["format_" + c.format]));
    badges.appendChild(element("li", {"class": "badge"}, ds.hoursN.replace("%s", c.hours)));
    if (c.fee) badges.appendChild(element("li", {"class": "badge"}, c.fee));
    if (c.sessions) {
      var box = li.appendChild(element("div", {"class": "card-sessions", "data-sessions": "", "data-label-upcoming": ds.labelUpcoming,
        "data-label-past": ds.labelPast, "data-label-next": ds.labelNext}));
      box.appendChild(element("p", {"class": "card-sessions-head"}, ds.labelSessions));
      var ul = box.appendChild(element("ul", {}));
      c.sessions.forEach(function (s) {
        var item = ul.appendChild(element("li", {"data-start": s.start, "data-end": s.end}));
        var dates = item.appendChild(element("span", {"class": "session-dates"}));
        dates.appendChild(element("time", {datetime: s.start}, s.from));
        if (s.to) {
          dates.append(" – ");
          dates.appendChild(element("time", {datetime: s.end}, s.to));
        }
        if (s.times) {
          item.append(" ");
          item.appendChild(element("span", {"class": "session-times"}, s.times));
        }
      });
    }
    var action = li.appendChild(element("p", {"class": "card-action"}));
    var a = c.action;
    if (a) {
      action.appendChild(element("a", {"class": "button primary action " + (a.enrol ? "action-enrol" : "action-ask"), href: a.url,
        "data-ask-url": a.ask && a.ask.url, "data-ask-label": a.ask && a.ask.label}, a.label));
    }
    return li;
  }

  document.querySelectorAll("[data-catalog]").forEach(catalog);
})();
