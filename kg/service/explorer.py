"""The explorer at `/`: one page that asks `/graphql` and nothing else, the proof that a
frontend can live on the API.

Plain HTML, CSS and JavaScript under static/explorer/ (no build step, no CDN). Chart.js is the
vendored copy listed in static/MANIFEST.json; the page names it with that sha384, so a browser
refuses a file that differs from the one `scripts/vendor_assets.py` pinned."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse


@cache
def page() -> str:
    package = resources.files("kg.service")
    manifest = json.loads(package.joinpath("static", "MANIFEST.json").read_text(encoding="utf-8"))
    chart = next(item for item in manifest if item["package"] == "chart.js")
    text = package.joinpath("explorer.html").read_text(encoding="utf-8")
    return text.replace("__CHART_JS__", f"/static/{chart['path']}").replace("__CHART_JS_SRI__", chart["sha384"])


async def explorer(request: Request) -> HTMLResponse:
    return HTMLResponse(page())
