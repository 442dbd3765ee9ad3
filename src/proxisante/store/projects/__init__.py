"""Persistence of territorial health projects (tables, repository, audit adapter)."""

from proxisante.store.projects import models as models  # registers the tables on Base
