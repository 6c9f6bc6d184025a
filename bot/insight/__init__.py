"""Insight for planners: hotspots, service levels and expected times from the city's own cases."""
