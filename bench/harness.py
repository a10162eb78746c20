"""What scripts/bench.py and scripts/load.py share: the benchmark databases, timing (wall and CPU), a page
run under AppTest with the queries it issued, a Streamlit server on loopback with its memory, and a session
that talks to Streamlit over its websocket as a browser does.

Not part of the app: nothing in lib/ or pages/ imports this.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lib import config, seed, sql  # noqa: E402
from scripts import serve  # noqa: E402

NAIVE_APP = ROOT / "bench" / "naive_app.py"
BARE_APP = ROOT / "bench" / "bare_app.py"


# --- the databases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    name: str  # "demo", "100x", ...
    db: Path
    seed_dir: Path  # the CSV files it was built from (the naive app reads these)


def _stamp(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()[:16]


def dataset(work: Path, name: str) -> Dataset:
    """The demo database ("demo") or one grown by scripts/make_large_db.py ("100x", "10x", ...), built
    into `work` unless an up-to-date copy is there already."""
    work.mkdir(parents=True, exist_ok=True)
    demo_version = seed.seed_version(config.SEED_DIR)
    if name == "demo":
        db = work / "demo.duckdb"
        stamp = _stamp(demo_version.encode(), config.SCHEMA_FILE.read_bytes())
        if _stale(db, stamp):
            seed.build(db, config.SEED_DIR)
            _mark(db, stamp)
        return Dataset(name, db, config.SEED_DIR)
    scale = float(name.rstrip("x"))
    generator = ROOT / "scripts" / "make_large_db.py"
    db, seed_dir = work / f"{name}.duckdb", work / f"{name}-seed"
    stamp = _stamp(
        demo_version.encode(), generator.read_bytes(), config.SCHEMA_FILE.read_bytes(), name.encode()
    )
    if _stale(db, stamp) or not seed_dir.exists():
        print(
            f"building the {name} database (scripts/make_large_db.py --scale {scale:g}) ...", file=sys.stderr
        )
        subprocess.run(
            [
                sys.executable,
                str(generator),
                "--scale",
                f"{scale:g}",
                "--out",
                str(db),
                "--seed-out",
                str(seed_dir),
            ],
            check=True,
            cwd=ROOT,
            stdout=sys.stderr,
        )
        _mark(db, stamp)
    return Dataset(name, db, seed_dir)


def _stale(db: Path, stamp: str) -> bool:
    mark = db.with_suffix(".stamp")
    return not db.exists() or not mark.exists() or mark.read_text() != stamp


def _mark(db: Path, stamp: str) -> None:
    db.with_suffix(".stamp").write_text(stamp)


# --- timing ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds
    cpu: float  # seconds of CPU of this whole process (every thread, DuckDB's included)


def timed(fn: Callable[[], Any]) -> tuple[Any, Timing]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, Timing(time.perf_counter() - wall, time.process_time() - cpu)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cores)"


# --- AppTest runs ------------------------------------------------------------------------------------


@dataclass
class QueryLog:
    """The named queries run while it is active (cache misses of db.query), with their parameters."""

    calls: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    rows: int = 0


@contextlib.contextmanager
def recording() -> Iterator[QueryLog]:
    log = QueryLog()
    original = sql.run

    def run(con, name, **params):
        frame = original(con, name, **params)
        log.calls.append((name, params))
        log.rows += len(frame)
        return frame

    sql.run = run
    try:
        yield log
    finally:
        sql.run = original


def clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def app_test(script: Path, params: dict[str, str | list[str]], page: str | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=900)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return at


def run_app(at) -> Timing:
    """One script run of an AppTest; raises when the page raised."""
    _, timing = timed(at.run)
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].value}")
    return timing


def queries_alone(db: Path, calls: list[tuple[str, dict[str, object]]]) -> Timing:
    """The floor's first part: the same queries, uncached, on a fresh read-only connection."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        _, timing = timed(lambda: [sql.run(con, name, **params) for name, params in calls])
    finally:
        con.close()
    return timing


# --- a server on loopback ----------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """A process's resident memory (MB)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    base: str
    port: int
    proc: subprocess.Popen

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"

    def rss_mb(self) -> float:
        """The server's resident memory (MB)."""
        return rss_mb(self.proc.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU seconds the server has used so far."""
        return cpu_seconds(self.proc.pid)


@dataclass
class Running:
    """A server someone else started (one Streamlit, or nginx in front of scripts/serve.py's replicas),
    reached at `base`; `pids`: the server processes whose memory and CPU are summed (none: not measured)."""

    base: str
    pids: list[int]

    @property
    def ws_url(self) -> str:
        scheme, rest = self.base.rstrip("/").split("://", 1)
        return f"{'wss' if scheme == 'https' else 'ws'}://{rest}/_stcore/stream"

    def rss_mb(self) -> float:
        return sum(rss_mb(p) for p in self.pids) if self.pids else float("nan")

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(p) for p in self.pids) if self.pids else float("nan")


def listening_pids(ports: list[int]) -> list[int]:
    """The processes of this machine listening on these TCP ports (read from /proc)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table, encoding="ascii") as fh:
            for line in list(fh)[1:]:
                cols = line.split()
                port = int(cols[1].rsplit(":", 1)[1], 16)
                if cols[3] == "0A" and port in ports:  # 0A: LISTEN
                    inodes.add(f"socket:[{cols[9]}]")
    found: set[int] = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                found.add(int(proc.name))
    return sorted(found)


@contextlib.contextmanager
def server(script: Path, env: dict[str, str], log: Path, warm_up: bool = True) -> Iterator[Server]:
    """`streamlit run script` on a free loopback port; with warm_up, as scripts/run.sh starts the app."""
    with serve.one_app({**os.environ, **env}, log, script=script, warm=warm_up) as (base, proc):
        yield Server(base, int(base.rsplit(":", 1)[1]), proc)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- a session over Streamlit's websocket --------------------------------------------------------------


@dataclass
class RunResult:
    seconds: float
    bytes: int  # what the server sent for this run
    error: str | None = None


class Session:
    """One browser-like session: it asks for script runs over the websocket (as the frontend does), keeps
    the widget states it has set, and tells the server which large messages it has cached already.

    Widgets are found by their label in the deltas the server sends (the frontend's ids are opaque).
    """

    def __init__(self, url: str, timeout: float = 120, cookie: str | None = None) -> None:
        self.url = url
        self.timeout = timeout
        self.cookie = cookie  # what the page's HTTP answer set (a proxy's sticky-session cookie)
        self.ws = None
        self.widgets: dict[str, Any] = {}  # label -> the widget's proto (last seen)
        self.states: dict[str, Any] = {}  # widget id -> WidgetState
        self.cached: set[str] = set()
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.query_string = ""  # the URL's query as the app last wrote it

    async def __aenter__(self) -> Session:
        import websockets

        headers = {"Cookie": self.cookie} if self.cookie else None
        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, additional_headers=headers
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, query_string: str | None = None, page: str = "") -> RunResult:
        """Ask for a script run of `page` (its url path; "" = the default page) and wait until it ends.
        Without a query string, the one the app last wrote into the URL (as a browser keeps it)."""
        if query_string is not None:
            self.query_string = query_string
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_name = page
        state.page_script_hash = self.pages.get(page, "")
        state.cached_message_hashes.extend(sorted(self.cached))
        state.widget_states.widgets.extend(self.states.values())
        state.context_info.timezone = "Europe/Sofia"
        state.context_info.locale = "en-GB"
        state.context_info.color_scheme = "light"
        return await self._send_and_wait(msg)

    async def _send_and_wait(self, msg) -> RunResult:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        received, error = 0, None
        deadline = start + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return RunResult(time.perf_counter() - start, received, "timeout")
            data = await asyncio.wait_for(self.ws.recv(), timeout=left)
            received += len(data)
            reply = ForwardMsg()
            reply.ParseFromString(data)
            kind = reply.WhichOneof("type")
            if reply.metadata.cacheable and reply.hash:
                self.cached.add(reply.hash)
            if kind == "delta":
                error = error or self._read_delta(reply.delta)
            elif kind == "new_session":
                for app_page in reply.new_session.app_pages:
                    self.pages[app_page.url_pathname] = app_page.page_script_hash
            elif kind == "navigation":
                for app_page in reply.navigation.app_pages:
                    self.pages[app_page.url_pathname] = app_page.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = reply.page_info_changed.query_string
            elif kind == "page_not_found":
                error = error or "page not found"
            elif kind == "script_finished":
                status = reply.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    return RunResult(time.perf_counter() - start, received, "compile error")
                if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # a rerun it asked for follows
                    return RunResult(time.perf_counter() - start, received, error)

    def _read_delta(self, delta) -> str | None:
        if delta.WhichOneof("type") != "new_element":
            return None
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            return f"exception: {element.exception.message[:200]}"
        widget = getattr(element, kind, None)
        label = getattr(widget, "label", None)
        if label and getattr(widget, "id", ""):
            self.widgets[label] = widget
        return None

    def choose(self, label: str, values: list[str]) -> None:
        """Set the multiselect labelled `label` to the options at these values (indices or strings)."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget = self.widgets[label]
        state = WidgetState(id=widget.id)
        state.string_array_value.data.extend(values)
        self.states[widget.id] = state

    def clear(self, label: str) -> None:
        widget = self.widgets.get(label)
        if widget is not None:
            self.states.pop(widget.id, None)


def first_request(base: str, timeout: float = 60) -> tuple[str | None, str | None]:
    """What a browser's first request for the page brings back before it opens the websocket: the cookies
    it must send with it (nginx's sticky-session cookie behind scripts/serve.py) and the X-Replica header
    (which replica answered; None without a proxy)."""
    with urllib.request.urlopen(f"{base.rstrip('/')}/", timeout=timeout) as answer:
        answer.read()
        cookies = [c.split(";", 1)[0] for c in answer.headers.get_all("Set-Cookie") or []]
        return ("; ".join(cookies) or None), answer.headers.get("X-Replica")
