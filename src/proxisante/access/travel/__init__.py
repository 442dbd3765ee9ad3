"""Travel-time providers: ``estimate`` (a speed model), ``road`` (an OSM extract), ``matrix``.

Each returns :class:`proxisante.access.traveltimes.TravelTimes`: a sparse matrix of minutes up
to a cutoff. The intra-commune rule
(:func:`proxisante.access.travel.estimate.intra_commune_minutes`) is shared by all three; see
``docs/explanation/access.md``.
"""
