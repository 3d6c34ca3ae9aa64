"""Guide cities and divisions through a request: pages, save as you go, check, submit."""
