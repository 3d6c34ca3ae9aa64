"""Hold the International Alliance Program's rules as plain, typed code and data.

Nothing here imports Flask or a database: forms, views, services and docgen all ask
this package, so a rule (a term limit, a signatory, a transition) is written once.
"""
