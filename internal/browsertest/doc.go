// Package browsertest holds the browser test of the web interface: the real
// server with the demo corpus, driven in headless Chromium through the
// DevTools protocol, with axe-core checking each page for accessibility
// violations. It has no code of its own besides the test.
package browsertest
