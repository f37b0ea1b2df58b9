"""粤执法 — the integrated administrative law enforcement platform of Guangdong Province."""

__version__ = "0.1.0"
