"""On-call (PDSA) sector design: contiguous sectors under a travel-time limit, balancing doctors
and on-call load per doctor, compared with the sectors given (``proxisante plan sectors``)."""
