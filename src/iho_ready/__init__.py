"""iho-ready: readiness checks for NHS integrated health organisation (IHO) designation."""

__version__ = "0.1.0"
"""The package version; the build reads it from here (one source of truth)."""

__all__ = ["__version__"]
