"""The manifest as an Excel workbook: written for people who keep their trackers in Excel, read back
as a manifest (``check``, ``report``, ``lock``, ``history``, ``portfolio``), and merged into the YAML
manifest by ``import``.

``layout`` says which sheet and column holds which field (the one description the writer and the
reader share); ``write`` builds the workbook; ``read`` checks the file's zip container, reads the
cells and locates every problem at ``SHEET!CELL``; ``merge`` writes a workbook's changes into the
YAML manifest with ruamel.yaml, keeping its comments and layout. openpyxl and ruamel.yaml are
imported only here, so commands on YAML manifests start as fast as before.
"""
