"""Fill a database: the reference data every one starts with, the old registry, the demo."""
