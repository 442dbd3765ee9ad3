"""Persistence of the notifications outbox (:mod:`.models`, :mod:`.repository`)."""
