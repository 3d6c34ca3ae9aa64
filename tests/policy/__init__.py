"""Table tests of the program policy."""
