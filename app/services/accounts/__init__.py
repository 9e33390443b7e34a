"""Accounts: sign-up, sign-in and passwords, roles, web sessions and single-use e-mail links."""
