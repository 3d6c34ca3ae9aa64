"""Let people register, sign in and out, confirm their email and reset their password."""
