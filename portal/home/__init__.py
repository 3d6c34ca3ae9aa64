"""Serve each person's home: the work that awaits them, what they must do first, with counts."""
