// Loads the search script and stylesheet when a search box is first used,
// so that pages nobody searches from never fetch them. The form names
// both files in its data-script and data-css-url attributes.
(function () {
  'use strict';
  function load() {
    document.removeEventListener('focusin', onFocus);
    if (window.QiaoSearchLoaded) return;
    var forms = document.querySelectorAll('form[data-search]');
    if (!forms.length) return;
    var f = forms[0];
    var c = document.createElement('link');
    var s = document.createElement('script');
    c.rel = 'stylesheet';
    c.href = f.dataset.cssUrl;
    s.src = f.dataset.script;
    document.head.appendChild(c);
    document.head.appendChild(s);
  }
  function onFocus(e) {
    if (e.target.closest && e.target.closest('form[data-search]')) load();
  }
  document.addEventListener('focusin', onFocus);
  // "/" and Ctrl+K (⌘K) go to the search: the search page's own box, or
  // the header's.
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    var typing = t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
    var slash = ev.key === '/' && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
    var ctrlK = (ev.ctrlKey || ev.metaKey) && !ev.altKey && (ev.key === 'k' || ev.key === 'K');
    if (!slash && !ctrlK) return;
    var box = document.querySelector('form[data-search-page] [name=q]') ||
      document.querySelector('form[data-search] [name=q]');
    if (!box) return;
    ev.preventDefault();
    box.focus();
    box.select();
  });
})();
