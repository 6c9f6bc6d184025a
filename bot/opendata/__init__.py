"""Open data: what the public may see of a case, Traffy import and export."""
