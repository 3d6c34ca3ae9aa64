"""Run the portal's scheduled work without a person: ``flask worker`` (README, "Scheduled work").

``leases`` takes and gives back a job's lease in the database, ``jobs`` runs each job and
the due ones in turn, ``cli`` is the command. The schedule itself (the jobs, their intervals,
the lease's length) is ``portal.policy.schedule``.
"""
