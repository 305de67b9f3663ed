#!/usr/bin/env python3
"""Collect the exact text an agent receives from both servers, for token counting.

Runs inside tests/parity/.venv (the official server `zscaler-mcp` 0.15.4 and its SDK,
pinned in tests/parity/requirements.txt). It:

1. starts the simulator binary on a free loopback port, and a forwarding layer in front
   of it (`Forwarder`, also loopback) that both servers send every API request through;
   at scale N (`--scales`) it answers each list with N copies of every row (ids and
   names made unique), for both servers alike;
2. runs our server (`zscaler-mcp`, stdio) against the forwarding layer, once with the
   default selection and once with every tool enabled, and takes `tools/list` and the
   typical read calls (once per result format in `--formats`: `json`, `compact`);
3. loads the official server in-process (as tests/parity/record.py does; a fresh child
   interpreter per scale, so no SDK cache carries over) with its SDK's HTTP sent to the
   same forwarding layer, and takes the same.

Writes one JSON document: {"meta": ..., "texts": {key: text}}. The texts are
exactly what count.mjs tokenizes; render.py turns the counts into the Markdown table.

Usage: measure.py --sim BIN --server BIN --out FILE [--scales 1,10] [--formats json,compact]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# The typical reads of issue 19, called with no arguments on both servers.
READS = [
    "zia_list_locations",
    "zia_list_url_categories",
    "zpa_list_application_segments",
    "zpa_list_segment_groups",
    "zdx_list_devices",
    "zia_list_cloud_firewall_rules",
]

# The simulator's sandbox tenant (its defaults), for both servers.
TENANT = {
    "ZSCALER_CLIENT_ID": "sandbox-client",
    "ZSCALER_CLIENT_SECRET": "sandbox-secret",
    "ZSCALER_VANITY_DOMAIN": "sandbox",
    "ZSCALER_CUSTOMER_ID": "sandbox-customer",
    "ZCELL_CUSTOMER_ID": "sandbox-zcell-customer",
}


def compact(value) -> str:
    """Compact JSON, as a client puts it in front of the model."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# --------------------------------------------------------------------------- forwarder

# Keys under which the paged APIs wrap their rows (ZPA `list`; ZDX `devices`, `users`,
# `software`, `items`; ZCell `content`); a bare JSON array is ZIA's list answer.
ROW_KEYS = ("list", "items", "content", "records", "devices", "users", "software")


class Forwarder:
    """Loopback HTTP forwarder to the simulator that can multiply list answers."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.scale = 1
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()

    def _handler(self):
        fwd = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # the run's output is the table, not access logs
                pass

            def _relay(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                status, headers, data = fwd.forward(self.command, self.path, self.headers, body)
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _relay

        return Handler

    def forward(self, method: str, path: str, headers, body):
        skip = {"host", "content-length", "connection", "accept-encoding"}
        req = urllib.request.Request(self.upstream + path, data=body, method=method)
        for k, v in headers.items():
            if k.lower() not in skip:
                req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, raw, ctype = resp.status, resp.read(), resp.headers.get("Content-Type", "")
                extra = [(k, v) for k, v in resp.headers.items() if k.lower() in ("retry-after",)]
        except urllib.error.HTTPError as err:
            status, raw, ctype, extra = err.code, err.read(), err.headers.get("Content-Type", ""), []
        if method == "GET" and self.scale > 1 and "json" in ctype and raw:
            raw = compact(multiply(json.loads(raw), self.scale)).encode()
        return status, [("Content-Type", ctype or "application/json"), *extra], raw


def multiply(answer, n: int):
    """The list answer with every row repeated n times, copies made distinct: numeric ids
    get a per-copy offset, string ids and names a `-copyK` suffix, so no server can
    collapse them as duplicates. Objects that are not list envelopes pass unchanged."""
    if isinstance(answer, list) and all(isinstance(r, dict) for r in answer):
        return _repeat(answer, n)
    if isinstance(answer, dict):
        out = dict(answer)
        for key in ROW_KEYS:
            rows = out.get(key)
            if isinstance(rows, list) and all(isinstance(r, dict) for r in rows):
                out[key] = _repeat(rows, n)
        for count_key in ("totalCount", "total", "count"):
            if isinstance(out.get(count_key), int) and any(k in out for k in ROW_KEYS):
                out[count_key] = out[count_key] * n
        return out
    return answer


def _repeat(rows: list, n: int) -> list:
    out = list(rows)
    for k in range(1, n):
        for row in rows:
            copy = dict(row)
            for key in ("id", "deviceId"):
                if isinstance(copy.get(key), bool):
                    continue
                if isinstance(copy.get(key), int):
                    copy[key] = copy[key] + k * 10_000_000
                elif isinstance(copy.get(key), str) and copy[key]:
                    copy[key] = f"{copy[key]}-copy{k}"
            if isinstance(copy.get("name"), str):
                copy["name"] = f"{copy['name']}-copy{k}"
            out.append(copy)
    return out


# --------------------------------------------------------------------------- simulator


def start_simulator(binary: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [binary, "--port", "0", "--host", "127.0.0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        raise SystemExit(f"simulator did not start: {line!r}")
    return proc, line.strip().rsplit(" ", 1)[-1]


# --------------------------------------------------------------------------- our server


class StdioServer:
    """Our server over stdio (newline-delimited JSON-RPC), as a desktop client runs it."""

    def __init__(self, binary: str, forward_url: str, extra_env: dict) -> None:
        # Nothing from the caller's environment may change the server under test.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ZSCALER_", "ZCELL_"))}
        env.update(TENANT)
        env.update(
            {
                "ZSCALER_MCP_TRANSPORT": "stdio",
                "ZSCALER_MCP_API_BASE_URL": forward_url,
                "ZSCALER_MCP_TOKEN_URL": forward_url + "/oauth2/v1/token",
                "ZSCALER_SECRET_NAME": "",
                "RUST_LOG": "error",
            }
        )
        env.update(extra_env)
        # An empty working directory, so no .env is read.
        self.cwd = tempfile.TemporaryDirectory()
        self.proc = subprocess.Popen(
            [binary],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=self.cwd.name,
            text=True,
        )
        self.next_id = 0
        self.request(
            "initialize",
            {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "token-bench", "version": "1"},
            },
        )
        self._send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def _send(self, msg: dict) -> None:
        self.proc.stdin.write(compact(msg) + "\n")
        self.proc.stdin.flush()

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit(f"our server closed stdio during {method}")
            msg = json.loads(line)
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise SystemExit(f"our server: {method}: {msg['error']}")
                return msg["result"]

    def list_tools(self) -> list:
        tools, cursor = [], None
        while True:
            result = self.request("tools/list", {"cursor": cursor} if cursor else {})
            tools += result["tools"]
            cursor = result.get("nextCursor")
            if not cursor:
                return tools

    def call(self, name: str) -> dict:
        return self.request("tools/call", {"name": name, "arguments": {}})

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.cwd.cleanup()


def seen_by_model(result: dict) -> dict:
    """The parts of a tools/call result the model sees: the content texts, joined by a
    newline, and the structured content (compact JSON) when there is any."""
    texts = [c.get("text", "") for c in result.get("content") or [] if c.get("type") == "text"]
    structured = result.get("structuredContent")
    return {
        "text": "\n".join(texts),
        "structured": "" if structured is None else compact(structured),
        "is_error": bool(result.get("isError")),
    }


def toolset_map(binary: str) -> dict:
    """tool -> (service, toolset, action), from our server's --list-tools."""
    out = subprocess.run(
        [binary, "--list-tools"], capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith(("ZSCALER_", "ZCELL_"))},
    ).stdout
    rows = {}
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) >= 4:
            rows[cols[0]] = {"service": cols[1], "toolset": cols[2], "action": cols[3]}
    return rows


# --------------------------------------------------------------------------- official server


def _is_zscaler_host(host: str) -> bool:
    return host.endswith(".zsapi.net") or host.endswith(".zslogin.net")


def route_sdk_to(forward_url: str) -> None:
    """Send the official SDK's HTTP (requests) to the forwarding layer: same path and
    query, loopback host. Any other host (e.g. a tokenizer download) is refused, so the
    run needs no network."""
    import requests
    import requests.adapters

    original = requests.adapters.HTTPAdapter.send
    target = urlsplit(forward_url)

    def send(self, request, **kw):
        url = urlsplit(request.url)
        if not _is_zscaler_host(url.hostname or ""):
            raise requests.ConnectionError(f"token bench: no network for {url.hostname}")
        request.url = url._replace(scheme=target.scheme, netloc=target.netloc).geturl()
        request.headers["Host"] = target.netloc
        kw["proxies"] = {}
        return original(self, request, **kw)

    requests.adapters.HTTPAdapter.send = send


def wire_tool(tool) -> dict:
    """A tool as the official server puts it on the wire (aliases, no nulls)."""
    return tool.model_dump(by_alias=True, exclude_none=True, mode="json")


async def official_tools(**kw) -> list:
    from zscaler_mcp.server import build_server

    server = build_server(**kw)
    return [wire_tool(t) for t in await server.list_tools()]


async def official_calls(names: list) -> dict:
    from zscaler_mcp.server import build_server

    server = build_server()
    out = {}
    for name in names:
        try:
            result = await server.call_tool(name, {})
        except Exception as exc:  # noqa: BLE001 - an error is what the agent would see
            out[name] = {"text": f"{type(exc).__name__}: {exc}", "structured": "", "is_error": True}
            continue
        wire = result.model_dump(by_alias=True, exclude_none=True, mode="json")
        out[name] = seen_by_model(wire)
    return out


# --------------------------------------------------------------------------- main


def our_side(args, fwd: Forwarder, texts: dict, meta: dict) -> None:
    everything = {"ZSCALER_MCP_WRITE_ENABLED": "true", "ZSCALER_MCP_WRITE_TOOLS": "*"}
    full = {"ZSCALER_MCP_TOOL_SURFACE": "full"}
    lists = {}
    # Our default surface (discovery) and the full list, each read-only and with every write.
    for label, env in (
        ("default", {}),
        ("all", everything),
        ("full-default", full),
        ("full-all", {**everything, **full}),
    ):
        server = StdioServer(args.server, fwd.base_url, env)
        lists[label] = server.list_tools()
        server.close()
        texts[f"list/ours/{label}"] = compact(lists[label])
        meta["tool_counts"][f"ours/{label}"] = len(lists[label])
    # Per toolset: the tools array a client would get with only that toolset selected (the
    # full surface, as /mcp/x/{toolset} serves it).
    sets = toolset_map(args.server)
    meta["toolsets"] = {}
    for label in ("default", "all"):
        by_set: dict[str, list] = {}
        for tool in lists[f"full-{label}"]:
            by_set.setdefault(sets[tool["name"]]["toolset"], []).append(tool)
        for ts, tools in by_set.items():
            texts[f"list/ours/toolset/{ts}/{label}"] = compact(tools)
            meta["toolsets"].setdefault(ts, {"service": sets[tools[0]["name"]]["service"]})
            meta["toolsets"][ts][label] = len(tools)
    for scale in args.scales:
        fwd.scale = scale
        for fmt in args.formats:
            server = StdioServer(args.server, fwd.base_url, {"ZSCALER_MCP_RESULT_FORMAT": fmt})
            for name in READS:
                seen = seen_by_model(server.call(name))
                put_call(texts, meta, scale, name, our_side_label(fmt), seen)
            server.close()


def our_side_label(fmt: str) -> str:
    """`ours` for the JSON format (the keys earlier runs wrote), `ours-<format>` otherwise."""
    return "ours" if fmt == "json" else f"ours-{fmt}"


def put_call(texts: dict, meta: dict, scale: int, name: str, side: str, seen: dict) -> None:
    texts[f"call/{scale}/{name}/{side}/text"] = seen["text"]
    texts[f"call/{scale}/{name}/{side}/structured"] = seen["structured"]
    meta["errors"][f"{scale}/{name}/{side}"] = seen["is_error"]
    meta["rows"][f"{scale}/{name}/{side}"] = rows_of(seen)


def rows_of(seen: dict):
    """How many records the answer holds, to show both servers got the same data: our
    text is a JSON array or a compact table ("Table of N records."); theirs is CSV or JSON
    text, with the records under `result` in the structured content. None when no shape
    applies."""
    table = re.match(r"Table of (\d+) records?\.", seen["text"])
    if table:
        return int(table.group(1))
    for part, unwrap in ((seen["structured"], "result"), (seen["text"], None)):
        try:
            value = json.loads(part)
        except ValueError:
            continue
        if unwrap and isinstance(value, dict):
            value = value.get(unwrap)
        if isinstance(value, list):
            return len(value)
    return None


def their_side(args, fwd: Forwarder, texts: dict, meta: dict) -> None:
    for scale in args.scales:
        fwd.scale = scale
        # A fresh process per scale: nothing the SDK may have cached carries over.
        out = run_child(["--child-calls", fwd.base_url])
        for name in READS:
            put_call(texts, meta, scale, name, "theirs", out["calls"][name])
    out = run_child(["--child-lists", fwd.base_url])
    for label, tools in out["lists"].items():
        texts[f"list/theirs/{label}"] = compact(tools)
        meta["tool_counts"][f"theirs/{label}"] = len(tools)
    meta["official_versions"] = out["versions"]


def run_child(flags: list) -> dict:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *flags],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"official server run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def child(mode: str, forward_url: str) -> None:
    """Runs in a fresh interpreter: the official server, its HTTP sent to `forward_url`."""
    import logging
    from importlib.metadata import version

    os.environ.update(TENANT)
    os.environ["ZSCALER_SDK_LOG"] = "false"
    # A .env in the working directory would change the credentials the SDK reads.
    os.chdir(tempfile.mkdtemp())
    route_sdk_to(forward_url)
    # The official server logs every registration and call; only the result matters.
    logging.disable(logging.CRITICAL)
    out: dict = {}
    if mode == "calls":
        out["calls"] = asyncio.run(official_calls(READS))
    else:
        everything = dict(enable_write=True, write_allowlist=["*"], disable_entitlement_filter=True)
        out["lists"] = {
            "default": asyncio.run(official_tools()),
            "all": asyncio.run(official_tools(**everything)),
        }
        out["versions"] = {p: version(p) for p in ("zscaler-mcp", "zscaler-sdk-python", "mcp")}
    json.dump(out, sys.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sim", help="the zscaler-sim binary")
    parser.add_argument("--server", help="our zscaler-mcp binary")
    parser.add_argument("--out", help="where to write the texts (JSON)")
    parser.add_argument("--scales", default="1,10", help="list multipliers, comma-separated")
    parser.add_argument(
        "--formats",
        default="json",
        help="our server's ZSCALER_MCP_RESULT_FORMAT values to measure the calls in, comma-separated",
    )
    parser.add_argument("--child-calls", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--child-lists", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_calls or args.child_lists:
        child("calls" if args.child_calls else "lists", args.child_calls or args.child_lists)
        return 0
    args.scales = [int(s) for s in args.scales.split(",")]
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    # Our server runs in an empty directory (no .env), so paths must not be relative.
    args.sim, args.server = (str(Path(b).resolve()) for b in (args.sim, args.server))
    sim, sim_url = start_simulator(args.sim)
    fwd = Forwarder(sim_url)
    texts: dict = {}
    meta: dict = {
        "tool_counts": {},
        "errors": {},
        "rows": {},
        "scales": args.scales,
        "reads": READS,
        "formats": args.formats,
    }
    started = time.monotonic()
    try:
        our_side(args, fwd, texts, meta)
        their_side(args, fwd, texts, meta)
    finally:
        fwd.close()
        sim.terminate()
        sim.wait(timeout=10)
    meta["seconds"] = round(time.monotonic() - started, 1)
    Path(args.out).write_text(json.dumps({"meta": meta, "texts": texts}, ensure_ascii=False))
    print(f"measured in {meta['seconds']} s: {meta['tool_counts']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
