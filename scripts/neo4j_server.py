"""Fetch, start, wait for and stop a local Neo4j 5.26 Community server without Docker.

Neo4j publishes its server jars on Maven Central but no distribution tarball there, so this
script assembles the server from the jars (cached under ``~/.m2`` and ``~/.cache/syndesmos``),
writes a strict ``neo4j.conf`` and runs ``org.neo4j.server.CommunityEntryPoint`` directly.

Usage::

    python scripts/neo4j_server.py fetch          # download the jars (idempotent)
    python scripts/neo4j_server.py start          # fetch if needed, start, wait until ready
    python scripts/neo4j_server.py status
    python scripts/neo4j_server.py stop

Environment: ``SYNDESMOS_NEO4J_PORT`` (Bolt port, default 7687), ``SYNDESMOS_NEO4J_CACHE``
(default ``~/.cache/syndesmos``), ``SYNDESMOS_NEO4J_VERSION``, ``SYNDESMOS_NEO4J_HEAP``
(default 1g). The jars are shared; each port gets its own instance (configuration, data, logs)
under ``<cache>/neo4j-<version>/instances/port-<port>``, so the test server (port 7688, see
``scripts/test``) never touches a development database. The server runs without
authentication and listens on 127.0.0.1 only: it is for tests and development on this
machine, never for a deployment.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_VERSION = "5.26.28"
READY_TIMEOUT_SECONDS = 180
STOP_GRACE_SECONDS = 60

# The JVM options the shipped neo4j.conf of 5.26 adds; the server misbehaves without some of them.
JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]

POM_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.syndesmos</groupId>
  <artifactId>neo4j-test-server</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""

def neo4j_version() -> str:
    return os.environ.get("SYNDESMOS_NEO4J_VERSION", DEFAULT_VERSION)


def distribution() -> Path:
    cache = Path(os.environ.get("SYNDESMOS_NEO4J_CACHE", Path.home() / ".cache" / "syndesmos"))
    return cache / f"neo4j-{neo4j_version()}"


def bolt_port() -> int:
    return int(os.environ.get("SYNDESMOS_NEO4J_PORT", "7687"))


def heap_size() -> str:
    return os.environ.get("SYNDESMOS_NEO4J_HEAP", "1g")


def instance_home(port: int) -> Path:
    return distribution() / "instances" / f"port-{port}"


def fetch() -> Path:
    """Copy the server's runtime jars from Maven Central into the shared ``lib`` (once)."""
    lib = distribution() / "lib"
    marker = lib / ".complete"
    if marker.exists():
        return lib
    lib.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as build_dir:
        pom = Path(build_dir) / "pom.xml"
        pom.write_text(POM_TEMPLATE.format(version=neo4j_version()))
        print(f"fetching Neo4j {neo4j_version()} from Maven Central into {lib} …", flush=True)
        subprocess.run(
            [
                "mvn", "-B", "-q", "-f", str(pom),
                "dependency:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={lib}",
            ],
            check=True,
        )
    marker.write_text(neo4j_version())
    return lib


def write_config(home: Path, port: int) -> None:
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    for directory in ("data", "logs", "run", "plugins", "import"):
        (home / directory).mkdir(exist_ok=True)
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "false",
        "dbms.usage_report.enabled": "false",
        "server.memory.heap.initial_size": heap_size(),
        "server.memory.heap.max_size": heap_size(),
        "server.memory.pagecache.size": "512m",
        "server.directories.data": str(home / "data"),
        "server.directories.logs": str(home / "logs"),
        "server.directories.run": str(home / "run"),
        "server.directories.plugins": str(home / "plugins"),
        "server.directories.import": str(home / "import"),
        "db.tx_log.rotation.retention_policy": "1 files",
    }
    # Without log4j files in conf/ the server logs to standard output, which goes to console.log.
    (conf / "neo4j.conf").write_text("".join(f"{key}={value}\n" for key, value in settings.items()))


def pid_file(home: Path) -> Path:
    return home / "run" / "syndesmos-neo4j.pid"


def running_pid(home: Path) -> int | None:
    """The pid of this instance's server, if it runs. A stale pid file (say, after a reboot,
    its number since given to another process) counts as not running."""
    path = pid_file(home)
    if not path.exists():
        return None
    pid = int(path.read_text().strip())
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        command = b""
    if b"CommunityEntryPoint" not in command or str(home).encode() not in command:
        path.unlink()
        return None
    return pid


def port_is_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def database_answers(port: int) -> bool:
    """True once ``RETURN 1`` succeeds: the Bolt port opens before the database is up."""
    import neo4j  # a test dependency; imported here so `fetch` works without it

    try:
        with (neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=None,
                                         connection_timeout=2) as driver,
              driver.session(database="neo4j") as session):
            session.run("RETURN 1").consume()  # a plain run: no retries, one quick answer
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready yet"
        return False


def start(home: Path, port: int) -> None:
    """Start the server in the background and return once it answers queries."""
    if running_pid(home):
        if database_answers(port):
            print(f"Neo4j already running on bolt://127.0.0.1:{port}")
            return
        sys.exit(f"a Neo4j process from {home} is running but does not answer on port {port}")
    if port_is_open(port):
        sys.exit(f"port {port} is taken by another process; set SYNDESMOS_NEO4J_PORT")
    if not shutil.which("java"):
        sys.exit("java is not installed; Neo4j 5.26 needs Java 17")
    lib = fetch()
    write_config(home, port)
    classpath = ":".join([str(home / "plugins" / "*"), str(home / "conf" / "*"), str(lib / "*")])
    console_log = home / "logs" / "console.log"
    with console_log.open("ab") as log:
        process = subprocess.Popen(
            ["java", *JVM_OPTIONS, f"-Xms{heap_size()}", f"-Xmx{heap_size()}", "-cp", classpath,
             "org.neo4j.server.CommunityEntryPoint",
             f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    pid_file(home).write_text(str(process.pid))
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = console_log.read_text(errors="replace")[-4000:]
            pid_file(home).unlink(missing_ok=True)
            sys.exit(f"Neo4j exited with code {process.returncode} while starting:\n{tail}")
        if database_answers(port):
            print(f"Neo4j {neo4j_version()} ready on bolt://127.0.0.1:{port} (pid {process.pid})")
            return
        time.sleep(1)
    stop(home)
    sys.exit(f"Neo4j did not answer within {READY_TIMEOUT_SECONDS} s; see {console_log}")


def stop(home: Path) -> None:
    """SIGTERM for a clean shutdown; SIGKILL if it has not ended after the grace period."""
    pid = running_pid(home)
    if pid is None:
        print("Neo4j is not running")
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    else:
        os.kill(pid, signal.SIGKILL)
    pid_file(home).unlink(missing_ok=True)
    print("Neo4j stopped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["fetch", "start", "status", "stop"])
    args = parser.parse_args()
    port = bolt_port()
    home = instance_home(port)
    if args.action == "fetch":
        fetch()
    elif args.action == "start":
        start(home, port)
    elif args.action == "stop":
        stop(home)
    else:
        pid = running_pid(home)
        print(f"running (pid {pid}) on port {port}" if pid else "not running")
        sys.exit(0 if pid else 1)


if __name__ == "__main__":
    main()
