"""The annual program report: the year's agreements, outcomes and registry, for Council."""
