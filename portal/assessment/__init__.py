"""Assess requests against the program's policy: eligibility, rubric scores, risks, signatory."""
