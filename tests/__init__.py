"""Tests of the IAP Portal."""
