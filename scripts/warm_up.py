"""Run the app's script once, headless, right after the server starts, so a first deep link shows no
"Page not found" notice.

Why: with a pages/ folder beside app.py, Streamlit 1.67 starts in its legacy multipage mode and stays in it
until some session has called st.navigation. A visitor whose first request is a deep link (say a bookmark
of /map?lang=en) is then told "Page not found" before app.py takes over and shows the page (design.md §2).
One script run from here ends that mode before any person arrives.

It then opens every other page once in the same session, so that what a page computes once per data
version (the network's layout and communities, the first run of each page's queries) is ready before the
first person asks for it: on the 100x benchmark database the Network page's first run takes seconds, its
next ones a fraction of one (scripts/bench.py).

Best effort: waits for the server's health check, opens a session over Streamlit's own websocket, asks
for one run of each page and waits for it to finish. Any failure is reported and ignored.

Run: .venv/bin/python scripts/warm_up.py [--server.port N] [--server.address HOST] [other streamlit args]
"""

from __future__ import annotations

import asyncio
import sys
import time
import urllib.request
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lib.navigation import PAGES  # noqa: E402


def option(args: list[str], name: str, default: str) -> str:
    """The value of --name=value or --name value among streamlit's arguments."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


def wait_healthy(base: str, seconds: float) -> None:
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                return
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.3)


async def run_once(url: str, seconds: float) -> None:
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        for page in ["", *(p.link for p in PAGES if p.link)]:  # the main page first: it ends legacy mode
            request = BackMsg()
            request.rerun_script.query_string = ""
            request.rerun_script.page_script_hash = ""
            request.rerun_script.page_name = page
            await ws.send(request.SerializeToString())
            await _finished(ws, seconds)


async def _finished(ws, seconds: float) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        reply = ForwardMsg()
        reply.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=seconds))
        if reply.WhichOneof("type") == "script_finished":
            return
    raise TimeoutError("the warm-up run did not finish")


def main(args: list[str]) -> int:
    host = option(args, "--server.address", "127.0.0.1")
    host = "127.0.0.1" if host in ("", "0.0.0.0", "localhost", "::") else host
    port = option(args, "--server.port", "8501")
    base = f"http://{host}:{port}"
    try:
        wait_healthy(base, 120)
        asyncio.run(run_once(f"ws://{host}:{port}/_stcore/stream", 120))
    except Exception as exc:  # best effort: the app works without it
        print(f"warm-up skipped ({exc.__class__.__name__}: {exc})", file=sys.stderr)
        return 0
    print(f"Dashboard ready: http://localhost:{port}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
