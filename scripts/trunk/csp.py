#!/usr/bin/env python3
"""Trunk post-build hook: pin the Content-Security-Policy to the page's own origin.

Trunk starts the wasm with an inline <script type="module"> whose text changes with every
build (it names the hashed file names), so a fixed policy cannot allow it. This hook finds
every inline script in the staged index.html and writes their SHA-256 hashes into the
`__CSP_SCRIPT_HASHES__` placeholder of the policy in www/index.html. Nothing but the
page's origin is then allowed to run, load or connect.

It also checks what the simulation worker needs: `worker-src 'self'` in the policy (a
worker from this site, never a blob: URL) and the worker's files in the build.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "__CSP_SCRIPT_HASHES__"

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("csp.py runs as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
if PLACEHOLDER not in html:
    sys.exit(f"{path}: no {PLACEHOLDER} in the Content-Security-Policy")
if "worker-src 'self'" not in html:
    sys.exit(f"{path}: the Content-Security-Policy must say worker-src 'self' (the simulation worker)")
for name in ("scalelab-worker_loader.js", "scalelab-worker.js", "scalelab-worker_bg.wasm"):
    if not os.path.exists(os.path.join(staging, name)):
        sys.exit(f"{staging}: {name} is missing: the page could not start its simulation worker")
inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
if not inline:
    sys.exit(f"{path}: expected Trunk's inline loader script, found none")
hashes = " ".join(
    "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in inline
)
open(path, "w", encoding="utf-8").write(html.replace(PLACEHOLDER, hashes))
print(f"csp.py: allowed {len(inline)} inline script(s) by hash")
