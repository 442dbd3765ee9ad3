"""The ``proxisante`` command: argument parsing here, work in the core packages."""
