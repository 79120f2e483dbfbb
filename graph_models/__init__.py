"""Syndesmos' domain, stores and graph algorithms, usable without Flask."""
