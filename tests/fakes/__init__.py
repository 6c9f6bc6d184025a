"""Fakes of the outside services Chaeng talks to, served for real on loopback."""
