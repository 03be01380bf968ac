// Qiao's preview server injects this script into every page it serves (and
// only there: it is never part of a build). It reloads the page after a
// rebuild, swaps stylesheets after a CSS-only change, and shows the
// build's errors over the page until they are fixed.
(() => {
  "use strict";
  let overlay = null;
  const events = new EventSource("/__qiao/events");
  events.addEventListener("open", () => { window.qiaoLiveReload = "connected"; });

  events.addEventListener("reload", () => location.reload());

  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("qiao-reload", String(Date.now()));
      link.href = url.href;
    }
  });

  events.addEventListener("errors", (e) => show(JSON.parse(e.data)));

  events.addEventListener("ok", () => {
    if (overlay) {
      overlay.remove();
      overlay = null;
      location.reload();
    }
  });

  function show(problems) {
    if (overlay) overlay.remove();
    overlay = document.createElement("div");
    overlay.id = "qiao-errors";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;";
    const title = document.createElement("h2");
    title.textContent = "The site has errors; showing the last good build";
    title.style.cssText = "color:#ff8a80;font:bold 18px system-ui,sans-serif;margin:0 0 1rem";
    overlay.append(title);
    const list = document.createElement("ol");
    for (const p of problems) {
      const item = document.createElement("li");
      item.textContent = p;
      item.style.margin = "0 0 .5rem";
      list.append(item);
    }
    overlay.append(list);
    const hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this message goes away by itself.";
    hint.style.color = "#bbb";
    overlay.append(hint);
    document.body.append(overlay);
  }
})();
