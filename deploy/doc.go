// Package deploy holds the server configurations and the example
// workflow that README's "Deploy" section describes: nginx/ (at the root
// of a host and under a sub-path), caddy/, and github/ (GitHub Pages).
// Its test serves the shipped site with a real nginx and these
// configurations, and loads it in Chromium under their strict
// Content-Security-Policy. It has no code of its own.
package deploy
