"""Write draft Word agreements from plain terms; no Flask here (the agreements issue fills it)."""
