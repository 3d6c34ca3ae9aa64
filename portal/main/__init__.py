"""Serve the start page and send each signed-in user to the place their role works from."""
