"""Re-vendor the front-end assets served by `kg serve` (GraphiQL, YASGUI, Chart.js for the explorer)
from the npm registry.

Run only to upgrade them: `python scripts/vendor_assets.py`. The service never needs npm or a
CDN; it serves the files this writes under kg/service/static/, listed with their sha384 in
kg/service/static/MANIFEST.json (a test re-hashes them).
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "kg" / "service" / "static"
ASSETS = {
    # package@version: [(file inside the tarball's package/, folder under static/)]
    "react@18.2.0": [("umd/react.production.min.js", "graphiql")],
    "react-dom@18.2.0": [("umd/react-dom.production.min.js", "graphiql")],
    "js-cookie@3.0.5": [("dist/js.cookie.min.js", "graphiql")],
    "graphiql@3.8.3": [("graphiql.min.css", "graphiql"), ("graphiql.min.js", "graphiql")],
    "@graphiql/plugin-explorer@1.0.2": [("dist/style.css", "graphiql"), ("dist/index.umd.js", "graphiql")],
    "@zazuko/yasgui@4.6.2": [("build/yasgui.min.js", "yasgui"), ("build/yasgui.min.css", "yasgui")],
    "chart.js@4.6.1": [("dist/chart.umd.min.js", "explorer")],
}


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def main() -> None:
    manifest = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec, files in ASSETS.items():
            name = (
                subprocess.run(["npm", "pack", "-q", spec], cwd=tmp, check=True, capture_output=True, text=True)
                .stdout.strip()
                .splitlines()[-1]
            )
            package, version = spec.rsplit("@", 1)
            with tarfile.open(Path(tmp) / name) as tar:
                members = {m.name: m for m in tar.getmembers()}
                for inner, folder in files:
                    data = tar.extractfile(members[f"package/{inner}"]).read()
                    target = STATIC / folder / package.replace("/", "__") / inner
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    manifest.append(
                        {
                            "package": package,
                            "version": version,
                            "file": inner,
                            "path": str(target.relative_to(STATIC)),
                            "sha384": sri(data),
                        }
                    )
                lic = next((m for m in members if m.lower().startswith("package/licen")), None)
                if lic:
                    out = STATIC / files[0][1] / package.replace("/", "__") / "LICENSE"
                    out.write_bytes(tar.extractfile(members[lic]).read())
    (STATIC / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
