"""The read API (``/api/v1``) and the staff's personal access tokens it is read with."""
