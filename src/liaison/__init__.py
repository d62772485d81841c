"""Liaison: cross-border case cooperation for police agencies."""

__version__ = "0.1.0"
