"""Let City staff see submitted requests: the list and each request's page."""
