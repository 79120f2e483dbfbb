"""Headers that harden every answer in a browser: no type sniffing, no framing, no referrer,
a Content-Security-Policy fitted to what each answer is, and no caching of what needs a token.

JSON, files and errors may load nothing at all. The pages say what they load: the web pages
(:mod:`service.web`) load their stylesheet, icon and scripts (htmx, which asks this origin
only) from this app and send their forms to it; the docs UI runs its own scripts, served by
this app, and one inline script allowed by its hash; a view that renders a page of its own (the
HTML report) sets its policy itself.
"""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response, request

from service.access import is_public
from service.auth import SAFE_METHODS

CSP = "Content-Security-Policy"
NOT_A_PAGE = "default-src 'none'; frame-ancestors 'none'"
NOT_FRAMED = "frame-ancestors 'none'"
DOCS_PAGE = "api-docs.openapi_swagger_ui"
# The docs UI fetches the OpenAPI document and sends its "try it out" calls to this origin;
# its stylesheet embeds its icons as data: URIs.
DOCS_POLICY = ("default-src 'none'; script-src 'self' {hashes}; style-src 'self'; "
               "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
               + NOT_FRAMED)
WEB_BLUEPRINT = "web"
WEB_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
              "connect-src 'self'; form-action 'self'; base-uri 'none'; " + NOT_FRAMED)
HARDENING = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
             "Referrer-Policy": "no-referrer"}
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def page_policy(policy: str) -> str:
    """A page's own Content-Security-Policy, which no other site may frame."""
    return f"{policy}; {NOT_FRAMED}"


def _script_hashes(html: str) -> str:
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in INLINE_SCRIPT.findall(html))


def _policy(response: Response) -> str:
    if request.endpoint == DOCS_PAGE and response.status_code == 200:
        return DOCS_POLICY.format(hashes=_script_hashes(response.get_data(as_text=True)))
    if _web_page(response):
        return WEB_POLICY
    return NOT_A_PAGE


def _public_read() -> bool:
    return request.method in SAFE_METHODS and is_public(request.endpoint, request.method)


def _web_page(response: Response) -> bool:
    return request.blueprint == WEB_BLUEPRINT and response.mimetype == "text/html"


def _harden(response: Response) -> Response:
    response.headers.update(HARDENING)
    if CSP not in response.headers:
        response.headers[CSP] = _policy(response)
    # What needs a token (and the sign-in, which hands out a CSRF token) is the caller's alone,
    # and so is every web page: its forms carry the browser's own CSRF token.
    if not _public_read() or _web_page(response):
        response.headers["Cache-Control"] = "no-store"
    return response


def register_security_headers(app: Flask) -> None:
    """Harden every answer, errors and the docs UI's files included."""
    app.after_request(_harden)
