"""Staff accounts, roles, login, lockout and password reset."""
