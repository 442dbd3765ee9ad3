"""Notifications: messages to patients and professionals by e-mail (SMTP) or SMS, through an
outbox table so that a notification is never lost nor sent twice.

- :mod:`.model`: the message, its states, the retry policy (pure);
- :mod:`.ports`: what the dispatcher needs (the outbox store, the senders);
- :mod:`.smtp`: the e-mail sender (``smtplib``) with a two-phase ``DATA``;
- :mod:`.dispatch`: one pass of the outbox (claim with a lease, send, record);
- :mod:`.texts`: the texts of the registry's events (proposal, acceptance, expiry).
"""
