"""Verify who speaks for a foreign city: the reviewers' list, the decision, invitations."""
