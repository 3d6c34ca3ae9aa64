"""Draft, approve as to form and sign agreements, and keep them in the registry."""
