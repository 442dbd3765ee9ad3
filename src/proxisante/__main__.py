from proxisante.cli.__main__ import entrypoint

entrypoint()
