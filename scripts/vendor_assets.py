"""Copy the front-end files the web pages load from node_modules (installed by ``npm ci`` from
package-lock.json) into service/web/static/vendor, each with its licence. The copies are
committed, so that installing and running the service needs no npm; a test checks that they
are byte for byte what the lockfile installs.

After changing a version in package.json: ``npm install && python scripts/vendor_assets.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "service" / "web" / "static" / "vendor"
# Where each vendored file comes from in node_modules, by its name under VENDOR.
VENDORED = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "htmx.LICENSE": "htmx.org/LICENSE",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "cytoscape.LICENSE": "cytoscape/LICENSE",
}


def vendor() -> list[Path]:
    """Copy every file of :data:`VENDORED` into :data:`VENDOR`; the paths written."""
    missing = [source for source in VENDORED.values() if not (NODE_MODULES / source).is_file()]
    if missing:
        raise SystemExit(f"not in node_modules: {', '.join(missing)}; run `npm ci` first")
    VENDOR.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in VENDORED.items():
        shutil.copyfile(NODE_MODULES / source, VENDOR / name)
        written.append(VENDOR / name)
    stale = {path.name for path in VENDOR.iterdir()} - set(VENDORED)
    for name in stale:
        (VENDOR / name).unlink()
    return written


if __name__ == "__main__":
    for path in vendor():
        print(path.relative_to(ROOT))
