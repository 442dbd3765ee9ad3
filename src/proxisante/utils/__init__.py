"""Small helpers by topic (``<topic>_utils``)."""
