// Package uitest tests the search page and the header's search box in a
// real headless Chromium, on a small site built for the purpose: queries
// in English, Simplified and Traditional Chinese, regional words, mixed
// queries, filters, keyboard use, results inserted as text, a 360 px
// screen. It has only tests.
package uitest
