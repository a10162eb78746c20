"""Several identical app processes behind nginx: sticky sessions, websockets, one public port.

Run: bash scripts/serve.sh N [--port 8501] [--base-port 8601] [-- streamlit options]
(scripts/serve.sh sets up .venv/ and Debian's nginx first, then runs this file). Ctrl-C stops everything.

Each replica is `streamlit run app.py` on 127.0.0.1:<base-port + i>, with the
same settings and the same cookie secret (so XSRF tokens and sign-in cookies hold on every replica).
nginx listens on the public port and keeps each browser on one replica with a cookie it sets itself;
a replica that stops answering is taken out and its browsers reconnect to another one, where the URL
brings them back to the same page and filters. Through nginx, /_replicas/<i>/health is replica i's
/_stcore/health, and every response says which replica answered in its X-Replica header.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
RUN_DIR = ROOT / ".run" / "serve"


@dataclass
class Cluster:
    """What serve() started: the public address, each replica's address and process, nginx's process."""

    url: str
    replicas: list[str]
    processes: list[subprocess.Popen] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    def stop_replica(self, index: int) -> None:
        """Kill replica `index` (0-based) at once, as a crash would (tests use this)."""
        proc = self.processes[index]
        proc.kill()
        proc.wait()


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise SystemExit("nginx is missing: run `bash scripts/serve.sh` (installs Debian's nginx-light)")
    return found


def cookie_secret(run_dir: Path) -> str:
    """The cookie secret every replica shares: $PARTNERSHIPS_COOKIE_SECRET, else one kept in the run dir."""
    given = os.environ.get("PARTNERSHIPS_COOKIE_SECRET")
    if given:
        return given
    path = run_dir / "cookie_secret"
    if not path.exists():
        run_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def nginx_config(listen: int, ports: list[int], run_dir: Path) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports)
    health = "\n".join(
        f"        location = /_replicas/{i}/health {{ proxy_pass http://127.0.0.1:{p}/_stcore/health; }}"
        for i, p in enumerate(ports, start=1)
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    fields = {"@RUN@": str(run_dir), "@LISTEN@": f"127.0.0.1:{listen}", "@SERVERS@": servers}
    for key, value in {**fields, "@HEALTH@": health}.items():
        text = text.replace(key, value)
    return text


def wait_for(url: str, proc: subprocess.Popen, what: str, timeout: float = 180) -> None:
    """Poll `url` until it answers 200 (fails when the process dies or time runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer at {url} within {timeout:.0f} s")
        time.sleep(0.2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def host_args(port: int) -> list[str]:
    """The address options of an app process on loopback (also what scripts/warm_up.py is given)."""
    return ["--server.port", str(port), "--server.address", "127.0.0.1"]


def app_process(
    port: int, env: dict[str, str], log, script: Path | None = None, args: list[str] | None = None,
    prefix: list[str] | None = None,
) -> subprocess.Popen:  # fmt: skip
    """`streamlit run` of `script` (app.py) on 127.0.0.1:`port`, headless, its output to the open file `log`;
    `prefix` runs it as another user (e.g. setpriv ...)."""
    command = [*(prefix or []), sys.executable, "-m", "streamlit", "run", str(script or ROOT / "app.py")]
    return subprocess.Popen(
        [*command, *host_args(port), "--server.headless", "true", *(args or [])],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def warm_up(port: int, env: dict[str, str], check: bool = True) -> None:
    """One headless run of the app, as scripts/run.sh does after a start (a first deep link then opens
    without a "Page not found" notice)."""
    command = [sys.executable, "scripts/warm_up.py", *host_args(port)]
    subprocess.run(command, cwd=ROOT, env=env, check=check, timeout=600)


def stop(proc: subprocess.Popen | None) -> None:
    """Ask a process to stop, then kill it if it has not within 30 s."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def one_app(
    env: dict[str, str], log_path: Path, script: Path | None = None, warm: bool = False,
    prefix: list[str] | None = None, port: int | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:  # fmt: skip
    """One app process on a free loopback port (or `port`, e.g. one an identity provider was told before),
    healthy (and warmed up with `warm`) before it is yielded as (address, process); stopped on leaving. The
    tests' servers and the benchmarks' are started here."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        proc = app_process(port, env, log, script, prefix=prefix)
        try:
            try:
                wait_for(f"{base}/_stcore/health", proc, "streamlit")
            except RuntimeError as exc:
                raise RuntimeError(
                    f"{exc}; its output ({log_path}):\n{log_path.read_text()[-3000:]}"
                ) from None
            if warm:
                warm_up(port, env)
            yield base, proc
        finally:
            stop(proc)


@contextmanager
def serve(
    n: int,
    port: int,
    base_port: int | None = None,
    env: dict[str, str] | None = None,
    streamlit_args: list[str] | None = None,
    run_dir: Path = RUN_DIR,
    log_dir: Path | None = None,
) -> Iterator[Cluster]:
    """Start n replicas and nginx; stop them all on leaving. base_port None: free ports."""
    run_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / sub).mkdir(exist_ok=True)
    log_dir = log_dir or run_dir
    ports = [base_port + i for i in range(n)] if base_port else [free_port() for _ in range(n)]
    full_env = {**os.environ, **(env or {})}
    secret = cookie_secret(run_dir)
    # build the database once, before any replica opens it
    subprocess.run([sys.executable, "-m", "lib.seed"], cwd=ROOT, env=full_env, check=True)
    cluster = Cluster(f"http://127.0.0.1:{port}", [f"http://127.0.0.1:{p}" for p in ports])
    with ExitStack() as stack:
        stack.callback(_stop, cluster)
        for i, replica_port in enumerate(ports, start=1):
            log = stack.enter_context((log_dir / f"replica-{i}.log").open("w"))
            replica_env = {**full_env, "STREAMLIT_SERVER_COOKIE_SECRET": secret}
            cluster.processes.append(app_process(replica_port, replica_env, log, args=streamlit_args))
        for i, (url, proc) in enumerate(zip(cluster.replicas, cluster.processes, strict=True), start=1):
            wait_for(f"{url}/_stcore/health", proc, f"replica {i}")
            warm_up(int(url.rsplit(":", 1)[1]), full_env, check=False)
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_config(port, ports, run_dir), encoding="utf-8")
        nginx_log = stack.enter_context((log_dir / "nginx.log").open("w"))
        cluster.nginx = subprocess.Popen(
            [nginx_binary(), "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"],
            stdout=nginx_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(f"{cluster.url}/_stcore/health", cluster.nginx, "nginx", timeout=30)
        yield cluster


def _stop(cluster: Cluster) -> None:
    for proc in [cluster.nginx, *cluster.processes]:
        if proc is not None and proc.poll() is None:
            proc.terminate()
    for proc in [cluster.nginx, *cluster.processes]:
        stop(proc)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("replicas", type=int, nargs="?", default=2)
    parser.add_argument("--port", type=int, default=8501, help="the public port (nginx)")
    parser.add_argument("--base-port", type=int, default=8601, help="replica i listens on base-port + i - 1")
    args, rest = parser.parse_known_args(argv)
    if args.replicas < 1:
        parser.error("at least one replica")
    stop = {"now": False}

    def on_signal(*_: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    with serve(args.replicas, args.port, args.base_port, streamlit_args=[a for a in rest if a != "--"]) as c:
        print(f"{args.replicas} replicas behind nginx: {c.url}  (Ctrl-C stops them all)", flush=True)
        for i, url in enumerate(c.replicas, start=1):
            print(f"  replica {i}: {url}   health through nginx: {c.url}/_replicas/{i}/health", flush=True)
        while not stop["now"]:
            for i, proc in enumerate(c.processes, start=1):
                if proc.poll() is not None and not getattr(proc, "_reported", False):
                    print(f"replica {i} stopped (exit code {proc.returncode}); nginx routes around it")
                    proc._reported = True  # type: ignore[attr-defined]
            time.sleep(0.5)
    print("stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
