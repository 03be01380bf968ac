// Qiao's preview server injects this script into every page it serves (and
// only there: it is never part of a build). It reloads the page after a
// rebuild (or, with serve --navigate, goes to the page just edited), swaps
// stylesheets after a CSS-only change, and shows the build's errors over
// the page until they are fixed. The server writes the error overlay; a
// page served while the site has never built already holds it.
(() => {
  "use strict";
  // The build the page came from ("" for none): the server tells a tab
  // that connects with an older one to reload.
  const build = (document.currentScript && document.currentScript.dataset.build) || "";
  let overlay = document.getElementById("qiao-errors");
  const events = new EventSource("/__qiao/events?build=" + encodeURIComponent(build));
  events.addEventListener("open", () => { window.qiaoLiveReload = "connected"; });

  events.addEventListener("reload", () => location.reload());

  // serve --navigate: after an edit of one page, every tab shows that page.
  events.addEventListener("navigate", (e) => {
    const url = JSON.parse(e.data).url;
    if (location.pathname === url) {
      location.reload();
    } else {
      location.assign(url);
    }
  });

  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("qiao-reload", String(Date.now()));
      link.href = url.href;
    }
  });

  events.addEventListener("errors", (e) => {
    const html = document.createElement("template");
    html.innerHTML = JSON.parse(e.data);
    const next = html.content.firstElementChild;
    if (overlay) {
      overlay.replaceWith(next);
    } else {
      document.body.append(next);
    }
    overlay = next;
  });

  events.addEventListener("ok", () => {
    if (overlay) {
      overlay.remove();
      overlay = null;
      location.reload();
    }
  });
})();
