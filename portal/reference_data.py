"""Keep ``tests/conftest.py``'s imports working until the lead repoints them at ``seed``."""

from portal.seed.reference_data import division_by_code, ensure_reference_data

__all__ = ["division_by_code", "ensure_reference_data"]
