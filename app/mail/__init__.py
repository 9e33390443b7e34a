"""E-mail: composing a message (`compose`), sending it over SMTP (`smtp`) and a development sink (`sink`).

Nothing here knows the database: the outbox service (`app.services.notifications.outbox`) decides what to send
and when, and records how it went.
"""
