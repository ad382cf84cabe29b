"""Loa: administrative-reform communication for Vietnamese public administrations."""

__version__ = "0.1.0"
