"""Benchmark the web pages as deployed: the server time of each page, and what each loads.

Not a test: it prints figures and asserts nothing about them. It seeds the demo ecosystem into
``--store`` (or reuses the store that holds it, as ``bench_live.py`` does), makes a coordinator
of the demo's region with a password, starts gunicorn as deployed with ``--workers`` workers,
and a member of one of its entrepreneurs, signs both in through the sign-in form as a browser
does, and then, for each page they work in,

- asks for it once (the first answer after start: a worker may build its read models) and
  ``--warmup`` times more, so that every worker has answered it,
- asks for it ``--repeat`` times, one request at a time, while one writer changes a
  stakeholder's description every ``--write-every`` seconds (a coordinator's colleagues keep
  working): the time from sending the request to the last byte of the answer, p50, p95 and max;
- sums the JavaScript and CSS the page loads (its ``<script src>`` and stylesheet links), as
  sent and gzip-compressed.

    python scripts/bench_pages.py                      # SQLite, 10⁴ stakeholders
    python scripts/bench_pages.py --store bolt://127.0.0.1:7687

The client runs on the same machine, so its CPU counts against the service's.
"""

from __future__ import annotations

import argparse
import gzip
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchlib import cli
from served import (
    UNLIMITED,
    add_store_arguments,
    free_port,
    prepare_store,
    require_gunicorn,
    resolve_store,
    start_gunicorn,
    stop,
)

POLL_SECONDS = 0.1
API = "/api/v1"
ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*rel="stylesheet"[^>]*\bhref)="([^"]+)"')
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
CSRF_COOKIE = "syndesmos_csrf"


class Browser:
    """Signs in through the form and keeps the session's cookies, as a browser does."""

    def __init__(self, base_url: str, timeout: float):
        self.base_url, self.timeout = base_url, timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, bytes, float]:
        """Status, body and seconds to the body's last byte."""
        start = time.perf_counter()
        try:
            with self.opener.open(self.base_url + path, timeout=self.timeout) as answer:
                body = answer.read()
                return answer.status, body, time.perf_counter() - start
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read(), time.perf_counter() - start

    def send(self, method: str, path: str, data: bytes, content_type: str) -> int:
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers={
            "Content-Type": content_type, "X-CSRF-Token": self.csrf()})
        with self.opener.open(request, timeout=self.timeout) as answer:
            answer.read()
            return answer.status

    def csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == CSRF_COOKIE), "")

    def sign_in(self, username: str, password: str) -> None:
        _, page, _ = self.get("/sign-in")
        token = CSRF_FIELD.search(page.decode()).group(1)
        form = urllib.parse.urlencode({"csrf_token": token, "username": username,
                                       "password": password, "next": "/"}).encode()
        request = urllib.request.Request(self.base_url + "/sign-in", data=form)
        with self.opener.open(request, timeout=self.timeout) as answer:
            if answer.url.rstrip("/") != self.base_url:
                sys.exit(f"signing in as {username} failed: landed on {answer.url}")

    def api(self, path: str) -> dict:
        status, body, _ = self.get(API + path)
        if status != 200:
            sys.exit(f"GET {API}{path}: {status} {body[:300]!r}")
        return json.loads(body)


class Writer(threading.Thread):
    """Changes a stakeholder's description every ``every`` seconds until stopped."""

    def __init__(self, browser: Browser, stakeholder_ids: list[str], every: float):
        super().__init__(daemon=True)
        self.browser, self.ids, self.every = browser, stakeholder_ids, every
        self.halt = threading.Event()
        self.writes = 0
        self.failures: list[str] = []

    def run(self) -> None:
        while not self.halt.wait(self.every):
            target = self.ids[self.writes % len(self.ids)]
            body = json.dumps({"description": f"benchmark write {self.writes}"}).encode()
            try:
                self.browser.send("PATCH", f"{API}/stakeholders/{target}", body,
                                  "application/json")
                self.writes += 1
            except OSError as error:
                self.failures.append(f"{target}: {error}")


def main() -> None:
    args = parse_arguments()
    require_gunicorn()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` cleans up
    workdir = Path(tempfile.mkdtemp(prefix="syndesmos-bench-pages-"))
    env = {**os.environ, "SYNDESMOS_STORE": args.store, **UNLIMITED,
           "SYNDESMOS_LIMITS_DB": str(workdir / "limits.db"),
           "SYNDESMOS_INDEX_DIR": str(workdir / "saved-index")}
    prepare_store(args.store, env, size=args.size, ties=args.ties, seed=args.seed,
                  reset=args.reset)
    region = demo_region(env)
    coordinator, password = f"bench-pages-{secrets.token_hex(4)}", secrets.token_urlsafe(18)
    cli(env, "users", "create", coordinator, "--role", "coordinator", "--region", region,
        "--password", password)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    browsers = {"coordinator": Browser(base_url, args.timeout),
                "member": Browser(base_url, args.timeout)}
    log = workdir / "gunicorn.log"
    with log.open("w") as log_file:
        server, _ = start_gunicorn(args.workers, args.timeout, env, port, log_file)
    try:
        wait_until_listening(browsers["coordinator"], server, log)
        browsers["coordinator"].sign_in(coordinator, password)
        pages, venture = pages_of(browsers["coordinator"], region)
        member = f"bench-member-{secrets.token_hex(4)}"
        cli(env, "users", "create", member, "--role", "member", "--member-of", venture,
            "--password", password)
        browsers["member"].sign_in(member, password)
        print(f"{args.store}: {args.size:,} stakeholders, {args.workers} workers, a coordinator "
              f"of {region} and a member; {args.repeat} requests a page after "
              f"{args.warmup} to warm it, a write every {args.write_every:g} s", flush=True)
        # Each page first: the first answer of each worker may build its read models.
        firsts = {}
        for name, (who, path) in pages.items():
            firsts[name] = browsers[who].get(path)
            for _ in range(args.warmup):
                browsers[who].get(path)
        writer = Writer(browsers["coordinator"], sample_ids(browsers["coordinator"], region),
                        args.write_every)
        writer.start()
        rows = []
        for name, (who, path) in pages.items():
            status, body, first = firsts[name]
            if status != 200:
                rows.append((name, f"answered {status}", "", ""))
                continue
            times = [browsers[who].get(path)[2] for _ in range(args.repeat)]
            rows.append((name, timings(first, times), *assets_of(browsers[who], body)))
        writer.halt.set()
    except BaseException:
        print(f"the service's log: {log}", file=sys.stderr)
        raise
    finally:
        stop(server)
    print_table(rows)
    print(f"writes during the run: {writer.writes}, failed: {len(writer.failures)}"
          + "".join(f"\n  {failure}" for failure in writer.failures[:5]))
    shutil.rmtree(workdir)


def pages_of(browser: Browser, region: str) -> tuple[dict[str, tuple[str, str]], str]:
    """The pages timed, by name: who asks for each (a coordinator or a member of the
    entrepreneur returned) and its path, the ids of demo objects filled in."""
    found = browser.api(f"/stakeholders?region={region}&kind=entrepreneur&page_size=2")
    venture, other = (item["id"] for item in found["items"][:2])
    investor = browser.api(f"/stakeholders?region={region}&kind=investor&page_size=1")
    target = investor["items"][0]["id"] if investor["items"] else other
    programmes = browser.api("/programmes").get("items", [])
    introductions = browser.api("/introductions?box=region").get("items", [])
    searched = urllib.parse.quote("κοινσεπ αθηνα")
    coordinating = {
        "home": "/",
        "dashboard": "/dashboard",
        "dashboard's unmet needs": "/dashboard/unmet",
        "directory": "/stakeholders",
        "directory, searched": f"/stakeholders?q={searched}",
        "stakeholder": f"/stakeholders/{venture}",
        "stakeholder's graph data": f"/stakeholders/{venture}/neighbourhood.json",
        "edit a stakeholder": f"/stakeholders/{venture}/edit",
        "register a stakeholder": "/stakeholders/new?kind=entrepreneur",
        "introductions": "/introductions",
        "programmes": "/programmes",
        "mentorships": "/mentorships",
        "territory matches": "/territory",
        "territory spreadsheet": "/territory/download?format=xlsx",
        "reports": "/reports",
        "network view": "/network",
        "network view's data": "/network/data.json",
        "notifications": "/notifications",
        "account": "/account",
        "invitations": "/admin/invitations",
        "audit trail": "/admin/audit",
        "imports": "/admin/imports",
    }
    if introductions:
        coordinating["an introduction"] = f"/introductions/{introductions[0]['id']}"
    if programmes:
        coordinating["a programme"] = f"/programmes/{programmes[0]['id']}"
    membership = {
        "my organisation": "/organisation",
        "warm paths (member)": f"/paths?from={venture}&to={target}",
        "ask for an introduction (member)": (
            f"/introductions/new?requester={venture}&target={target}"),
        "my mentorships (member)": "/mentorships",
    }
    pages = {name: ("coordinator", path) for name, path in coordinating.items()}
    pages |= {name: ("member", path) for name, path in membership.items()}
    return pages, venture


def sample_ids(browser: Browser, region: str) -> list[str]:
    """Stakeholders of the region for the writer to change."""
    found = browser.api(f"/stakeholders?region={region}&page_size=50&page=2")
    return [item["id"] for item in found["items"]]


def demo_region(env: dict) -> str:
    """The region of the demo's coordinator: the one its work was made in."""
    for line in cli(env, "users", "list").splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[1] == "demo-coordinator":
            return fields[3].rstrip(",")
    sys.exit("the store has no demo coordinator")


def wait_until_listening(browser: Browser, server, log: Path) -> None:
    while True:
        try:
            status, body, _ = browser.get(API + "/health")
        except OSError:  # refused until it listens
            if server.poll() is not None:
                sys.exit(f"the service stopped; its log:\n{log.read_text()}")
            time.sleep(POLL_SECONDS)
            continue
        if status != 200:
            sys.exit(f"the service is not healthy: {status} {body[:300]!r}")
        return


def timings(first: float, times: list[float]) -> str:
    ms = sorted(1000 * t for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (f"first {1000 * first:6.0f}  p50 {statistics.median(ms):6.1f}  p95 {p95:6.1f}  "
            f"max {ms[-1]:6.1f}")


def assets_of(browser: Browser, page: bytes) -> tuple[str, str]:
    """The JS and CSS a page loads: kB as sent and gzip-compressed."""
    sent = packed = 0
    for path in sorted(set(ASSET.findall(page.decode(errors="replace")))):
        _, body, _ = browser.get(path)
        sent, packed = sent + len(body), packed + len(gzip.compress(body))
    return f"{sent / 1024:.0f} kB", f"{packed / 1024:.0f} kB gz"


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    print(f"\n{'page':<34} {'server time, ms':<52} JS+CSS")
    for name, figures, sent, packed in rows:
        print(f"{name:<34} {figures:<52} {sent} {packed}".rstrip())


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_store_arguments(parser)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=30, help="requests of each page")
    parser.add_argument("--warmup", type=int, default=6,
                        help="requests of each page before the timed ones, after the first")
    parser.add_argument("--write-every", type=float, default=2.0,
                        help="seconds between the writer's changes")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    resolve_store(args)
    return args


if __name__ == "__main__":
    main()
