"""Rendering a diagnosis (its JSON data) to HTML, PDF, CSV and GeoPackage."""
