"""End-to-end tests in Chromium against a live portal (run with `make test-browser`)."""
