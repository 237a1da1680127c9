"""The GraphQL-over-HTTP audit: graphql-http's own server audits, run from Node against the
live `kg serve`. Every MUST and every SHOULD passes (the SHOULDs concern the newer
application/graphql-response+json media type, which kg/service/graphql_media.py answers in)."""

from __future__ import annotations

import json
import shutil
import subprocess

from tests.conftest import ROOT, missing_part

AUDIT = ROOT / "tests" / "audit"


def test_every_audit_of_the_graphql_over_http_spec_passes(server) -> None:
    if shutil.which("node") is None:
        missing_part("Node.js", "apt-get install -y nodejs npm")
    if not (AUDIT / "node_modules" / "graphql-http").exists():
        missing_part("graphql-http", "npm ci --prefix tests/audit (./quickstart.sh test does this)")
    run = subprocess.run(
        ["node", str(AUDIT / "audit.mjs"), f"{server.url}/graphql"], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines()]
    musts = [r for r in results if r["name"].startswith("MUST")]
    shoulds = [r for r in results if r["name"].startswith("SHOULD")]
    assert len(musts) >= 10 and len(shoulds) >= 15  # 13 and 20 in graphql-http 1.22.4, the rest MAYs
    assert [r for r in results if r["status"] != "ok"] == []
