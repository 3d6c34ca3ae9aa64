"""Benchmark the portal against its physical ceiling: ``make bench`` runs ``python -m tests.bench``.

Not collected by the test run (``norecursedirs``): it prints figures and never asserts time.
"""
