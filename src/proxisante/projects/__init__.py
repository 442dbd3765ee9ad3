"""Projects of a territory: owners, milestones, indicators and their evaluation (govern)."""
