"""iho-ready: readiness checks for NHS integrated health organisation (IHO) designation."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("iho-ready")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
