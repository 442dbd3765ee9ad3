"""ProxiSanté: territorial organisation of access to primary care."""

__version__ = "0.1.0"
