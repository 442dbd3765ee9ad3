"""Persistence of the registry: tables (``models``), small queries and writes (``crud``,
``proposals``), the SQL implementation of the service's ports (``repository``) and the demo
data (``demo``). No use case lives here: see :mod:`proxisante.registry.service`."""
