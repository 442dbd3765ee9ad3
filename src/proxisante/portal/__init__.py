"""The installation portal's managed content: aids and procedures, contact persons, internship
places with their maîtres de stage, housing offers — entered by coordinators and administrators,
validated here, stored by ``store/portal``, shown on ``/installation``."""
