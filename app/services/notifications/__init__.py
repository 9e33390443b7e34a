"""Notifications: the e-mails Tailor writes and the outbox that delivers them."""
