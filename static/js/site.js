// Small enhancements of the shipped site; every page works without them.
// - Sessions: dates in the past or future are marked in the browser, since
//   the build never depends on the clock; the home page lists upcoming ones
//   and each course card shows its next session; a course whose sessions are
//   all past offers to ask about it instead of to enrol.
// The catalog's filters are in catalog.js, which catalog pages load after
// this file; it marks the sessions of the cards it makes with
// QiaoSite.sessions.
(function () {
  "use strict";

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

  window.QiaoSite = {sessions: sessions};
  document.querySelectorAll("[data-sessions]").forEach(sessions);
})();
