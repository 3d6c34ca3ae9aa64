"""Tests of the draft agreements docgen writes: terms, wording, templates and file names."""
