"""HTTP shell: the FastAPI app factory, JSON API routers (``api/``) and HTML pages (``pages/``)."""
