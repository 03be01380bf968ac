// Package e2e holds the browser tests of the shipped site: it builds the
// repository's own site (content/, layouts/, static/, site.toml), serves it
// over HTTP and drives it in headless Chromium through chrometest. It checks
// what a reader sees — pages that load cleanly, the language switcher, the
// catalog filters with and without JavaScript, page weight, accessibility —
// and writes screenshots to screenshots/ for people to look at. It has no
// code outside its tests.
package e2e
