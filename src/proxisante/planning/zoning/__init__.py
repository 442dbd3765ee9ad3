"""Simulation of the doctors' zoning (ZIP / ZAC), labelled as a simulation, never as the ARS's."""
