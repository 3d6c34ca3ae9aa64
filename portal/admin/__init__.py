"""Let administrators manage staff accounts and read the outbox."""
