// Small enhancements of the shipped site; every page works without them.
// - Catalog: the filter links (which lead to facet and topic pages) filter
//   the course list in place, over every page of a long catalog (the other
//   pages' cards are fetched), and the choice is kept in the URL query; each
//   option shows how many courses it would leave, and empty ones are marked.
// - Sessions: dates in the past or future are marked in the browser, since
//   the build never depends on the clock; the home page lists upcoming ones
//   and each course card shows its next session; a course whose sessions are
//   all past offers to ask about it instead of to enrol.
(function () {
  "use strict";

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
    // every course, so the first filter loads the other pages' cards.
    function loadAll() {
      if (loading) return loading;
      var first = root.dataset.pagerFirst;
      var number = Number(root.dataset.pagerNumber || 1);
      var urls = [];
      for (var n = 1; n <= pageCount; n++) urls.push(n === 1 ? first : first + "page/" + n + "/");
      root.setAttribute("aria-busy", "true");
      loading = Promise.all(urls.map(function (u, i) {
        if (i + 1 === number) return Promise.resolve(own);
        return fetch(u).then(function (r) {
          if (!r.ok) throw new Error(u + ": " + r.status);
          return r.text();
        }).then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          return Array.prototype.slice.call(doc.querySelectorAll(".course-list > li")).map(function (li) {
            var card = document.importNode(li, true);
            card.hidden = true;
            list.appendChild(card);
            card.querySelectorAll("[data-sessions]").forEach(sessions);
            return card;
          });
        });
      })).then(function (pages) {
        cards = [].concat.apply([], pages);
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

  function sessions(root) {
    var now = Date.now();
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-start]"));
    var upcoming = 0;
    items.forEach(function (li) {
      // A session under way is still one to join: it is past once it ends.
      var future = Date.parse(li.dataset.end || li.dataset.start) > now;
      if (future) upcoming++;
      else li.querySelectorAll(".action-enrol").forEach(function (a) { a.hidden = true; }); // its own enrol link
      li.classList.add(future ? "is-upcoming" : "is-past");
      var badge = document.createElement("span");
      badge.className = "status-badge";
      badge.textContent = future ? root.dataset.labelUpcoming : root.dataset.labelPast;
      var when = li.querySelector(".session-when");
      (when || li).insertBefore(badge, (when || li).firstChild);
    });
    if (items.length && !upcoming) {
      finished(root.closest("[data-course]"));
    }
    if (root.classList.contains("card-sessions")) {
      // A course card: only the next session, or else the latest one.
      var next = upcoming ? items.filter(function (li) { return li.classList.contains("is-upcoming"); })[0] : items[items.length - 1];
      items.forEach(function (li) { li.hidden = li !== next; });
      var head = root.querySelector(".card-sessions-head");
      if (head && upcoming && root.dataset.labelNext) head.textContent = root.dataset.labelNext;
      return;
    }
    var list = root.querySelector(".session-list");
    if (!list) return; // a course page: marking is enough
    // Home page: the next sessions first, or else the latest past ones.
    items.sort(function (a, b) {
      var d = Date.parse(a.dataset.start) - Date.parse(b.dataset.start);
      return upcoming ? d : -d;
    });
    var shown = 0;
    items.forEach(function (li) {
      list.appendChild(li);
      var keep = (upcoming ? li.classList.contains("is-upcoming") : true) && shown < 4;
      li.hidden = !keep;
      if (keep) shown++;
    });
    var title = root.querySelector("h2");
    if (upcoming && title && root.dataset.titleUpcoming) title.textContent = root.dataset.titleUpcoming;
    var note = root.querySelector(".sessions-note");
    if (note) note.hidden = upcoming > 0;
  }

  // A course whose every session is past: its Enrol button asks the
  // contact instead, or goes when there is no contact to ask.
  function finished(course) {
    if (!course) return;
    course.querySelectorAll(".action-enrol").forEach(function (a) {
      // Not the cards of other courses on its page, nor a session's own link.
      if (a.closest("[data-course]") !== course || a.closest("[data-start]")) return;
      if (!a.dataset.askUrl) {
        a.hidden = true;
        return;
      }
      a.href = a.dataset.askUrl;
      a.textContent = a.dataset.askLabel;
      a.classList.remove("action-enrol");
      a.classList.add("action-ask");
    });
  }

  document.querySelectorAll("[data-catalog]").forEach(catalog);
  document.querySelectorAll("[data-sessions]").forEach(sessions);
})();
