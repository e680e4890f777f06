"""The manifest as an Excel workbook: written for people who keep their trackers in Excel, read back
as a manifest (``check``, ``report``, ``lock``, ``history``, ``portfolio``), and merged into the YAML
manifest by ``import``.

``layout`` says which sheet and column holds which field (the one description the writer and the
reader share); ``write`` builds the workbook; ``read`` checks the file's zip container, reads the
cells and locates every problem at ``SHEET!CELL``; ``merge`` writes a workbook's changes into the
YAML manifest with ruamel.yaml, keeping its comments and layout. openpyxl and ruamel.yaml are
imported only here, so commands on YAML manifests start as fast as before.
"""

from __future__ import annotations

import importlib

from ..errors import IhoReadyError


class WorkbookExtraMissingError(IhoReadyError):
    """Raised by the workbook commands (and by loading a ``.xlsx`` manifest) when the ``workbook``
    extra (openpyxl, ruamel.yaml) is not installed."""


def require(*modules: str) -> None:
    """Import *modules* now, or say which extra to install (one line, exit 2) rather than fail later."""
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            raise WorkbookExtraMissingError(
                f"reading and writing workbooks (.xlsx) needs iho-ready's workbook extra ({name} is not "
                "installed): install iho-ready again from the same source with [workbook] after its name or path, "
                "e.g. pip install \".[workbook]\" in a checkout") from None
