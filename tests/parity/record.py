#!/usr/bin/env python3
"""Record the official Python server's tool schemas and wire requests, tool by tool.

For every tool of ``zscaler-mcp`` (pinned in requirements.txt) this script:

1. reads the tool's ``tools/list`` entry (name, description length, inputSchema);
2. generates a reference call from that schema (every required parameter plus the
   optional ones an agent commonly sends; a seed per tool name keeps it
   deterministic);
3. calls the tool in-process, with the SDK's HTTP answered by an in-process
   recorder (``requests``' transport adapter is replaced, so nothing leaves the
   process: no socket is opened, not even on loopback);
4. writes what the SDK sent (method, path, query pairs, JSON body field names and
   short bodies) to ``fixtures/<service>.json``.

The Rust test ``tests/tests/parity.rs`` replays these calls against our server.
CI only reads the committed fixtures; run this script to refresh them (see README.md).

Usage: python3 tests/parity/record.py [--only TOOL] [--out DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
SEED = "zscaler-mcp-parity-1"
# Ids the recorder invents in its answers (a created object's id, a policy set id
# the SDK looks up). Paths that carry one are written with `{*}` in that segment,
# since our server will see the simulator's ids there instead.
FAKE_ID = 77777777
# The SDK sends `{}` as the JSON body of every GET and DELETE; it is not a body the
# API reads, and our server sends none, so it is recorded as "no body".
EMPTY_BODY_METHODS = {"GET", "DELETE"}
# A body is stored verbatim only when it is this short (field names always are).
SHORT_BODY_CHARS = 400
# Retries with the other answer shape (object vs list) for a GET the guess got wrong.
MAX_ATTEMPTS = 4

SIM_ENV = {
    # The simulator's sandbox tenant, so ZPA/ZCell paths carry the same customer ids
    # on both sides of the comparison.
    "ZSCALER_CLIENT_ID": "sandbox-client",
    "ZSCALER_CLIENT_SECRET": "sandbox-secret",
    "ZSCALER_VANITY_DOMAIN": "sandbox",
    "ZSCALER_CUSTOMER_ID": "sandbox-customer",
    "ZCELL_CUSTOMER_ID": "sandbox-zcell-customer",
    "ZSCALER_SDK_LOG": "false",
}


def ensure_venv() -> None:
    """Re-run this script inside tests/parity/.venv, creating it on first use."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(py), "-m", "pip", "install", "-q", "-r", str(HERE / "requirements.txt")],
            check=True,
        )
    os.execv(str(py), [str(py), str(Path(__file__).resolve()), *sys.argv[1:]])


# --------------------------------------------------------------------------- arguments

# Optional parameters an agent typically sends along with the required ones.
COMMON_OPTIONAL = {
    "name",
    "description",
    "enabled",
    "order",
    "rank",
    "since",
    "search",
    "domain_names",
    "tcp_port_ranges",
    "server_group_ids",
}
# Channels that are not API arguments: JMESPath post-filter, delete confirmation.
NEVER_SEND = {"query", "kwargs"}

# Realistic values for parameters whose accepted values the schema does not state
# (the tool descriptions do). Keyed by parameter name.
NAMED_VALUES = {
    "name": "parity-test",
    "configured_name": "parity-test",
    "description": "Recorded by the parity script",
    "search": "parity",
    "since": 2,
    "order": 1,
    "rank": 7,
    "enabled": True,
    "action": "ALLOW",
    "rule_type": "STREAMING_MEDIA",
    "type": "DSTN_IP",
    "ports": [["dest", "tcp", "8080"]],
    "sanction_state": "sanctioned",
    "start_time": 480,
    "end_time": 1020,
    "days_of_week": ["MON", "TUE", "WED"],
    "super_category": "USER_DEFINED",
    "credential_type": "UFQDN",
    "pre_shared_key": "parity-psk-123",
    "namespace_origin": "CUSTOM",
    "application_type": "BROWSER_ACCESS",
    "log_type": "user_activity",
    "cert_blob": "-----BEGIN CERTIFICATE-----\nMIIBparity\n-----END CERTIFICATE-----",
    "lookalike_raw": "examp1e.com",
    "settings": {"enable_cve_protection": True},
    "domain": "example.com",
    "domain_names": ["app.example.com"],
    "tcp_port_ranges": ["443", "443"],
    "urls": ["www.example.com"],
    "malicious_urls": ["malware.example.com"],
    "exempt_urls": ["exempt.example.com"],
    "bypass_urls": ["bypass.example.com"],
    "ip_address": "203.0.113.10",
    "ip_addresses": ["203.0.113.10"],
    "static_ip_address": "203.0.113.10",
    "address": "203.0.113.10",
    "md5_hash": "d41d8cd98f00b204e9800998ecf8427e",
    "rule_text": 'alert tcp any any -> any any (msg:"parity"; sid:1000001;)',
    # Custom URL categories have ids like this; numeric ids are predefined ones,
    # which the official tools refuse to update or delete.
    "category_id": "CUSTOM_01",
    "iccid": "8901260000000000001",
    "icc_id": "8901260000000000001",
    "session_name": "parity-session",
    "software_key": "parity-key",
    "idp_name": "parity-idp",
    "network_applications": ["SKYPE"],
    "email": "parity@example.com",
    "username": "parity@example.com",
}


# Per-tool extras where the official tool needs one of several optional parameters
# (its own cross-field rules, stated in its description) to make any request at all.
TOOL_EXTRAS = {
    "get_zpa_scim_group": {"idp_name": "parity-idp"},
    "zcc_get_device_otp": {"device_id": "parity-udid-1"},
    "zia_create_location": {"ip_addresses": ["203.0.113.10"]},
    "zia_create_vpn_credential": {"fqdn": "parity@example.com"},
    "zia_geo_search": {"latitude": 37.3382, "longitude": -121.8863},
    "zpa_create_pra_credential": {"username": "parity", "password": "parity-Pass-123"},
    "zpa_update_pra_credential": {"username": "parity", "password": "parity-Pass-123"},
    "zpa_create_provisioning_key": {"enrollment_cert_id": "123456"},
}


def first_type(prop: dict) -> dict:
    """The non-null branch of an optional parameter's `anyOf`."""
    for branch in prop.get("anyOf", []):
        if branch.get("type") != "null":
            return branch
    return prop


def id_value(rng: random.Random, as_int: bool):
    n = rng.randint(100000, 999999)
    return n if as_int else str(n)


def value_for(name: str, prop: dict, rng: random.Random):
    """A realistic value of the parameter's advertised type."""
    schema = first_type(prop)
    typ = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if name in NAMED_VALUES:
        v = NAMED_VALUES[name]
        # Only where the named value has the advertised type.
        if _fits(v, typ, schema):
            return v
    if typ == "array":
        item = schema.get("items", {})
        if name.endswith("_ids") or name.endswith("_id"):
            return [id_value(rng, item.get("type") == "integer")]
        return [value_for(name.rstrip("s"), item, rng)]
    if name.endswith("_id") or name == "id":
        return id_value(rng, typ == "integer")
    if typ == "integer":
        return int(schema.get("default") or 1)
    if typ == "number":
        return 1.5
    if typ == "boolean":
        return True
    if typ == "object":
        return {}
    if typ == "string":
        return f"parity-{name.replace('_', '-')}"
    return None


def _fits(v, typ, schema) -> bool:
    if typ is None:
        return True
    if typ == "array":
        return isinstance(v, list)
    if typ == "object":
        return isinstance(v, dict)
    if typ == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if typ == "boolean":
        return isinstance(v, bool)
    if typ == "string":
        return isinstance(v, str)
    return False


def reference_arguments(tool: str, schema: dict) -> dict:
    rng = random.Random(f"{SEED}:{tool}")
    required = set(schema.get("required", []))
    args = {}
    # Schema order, so the seeded ids come out in the same order every time.
    for name, prop in schema.get("properties", {}).items():
        if name in NEVER_SEND:
            continue
        if name in required or name in COMMON_OPTIONAL:
            v = value_for(name, prop, rng)
            if v is not None:
                args[name] = v
    args.update(TOOL_EXTRAS.get(tool, {}))
    return args


# --------------------------------------------------------------------------- recorder


def _is_zscaler_host(host: str) -> bool:
    return host.endswith(".zsapi.net") or host.endswith(".zslogin.net")


class Recorder:
    """Stands in for the network: records each API request and answers it."""

    def __init__(self) -> None:
        self.log: list[dict] = []
        self.arg_values: set[str] = set()
        self.name_arg = "parity-test"
        # (method, path) -> "object" | "list": the answer shape for a GET.
        self.shapes: dict[tuple[str, str], str] = {}
        self.last_get: tuple[str, str] | None = None

    def reset(self, arg_values: set[str], shapes: dict, name_arg: str) -> None:
        self.log = []
        self.name_arg = name_arg
        self.arg_values = arg_values
        self.shapes = dict(shapes)
        self.last_get = None

    def send(self, request):
        import requests

        url = urlsplit(request.url)
        host = url.hostname or ""
        if not _is_zscaler_host(host):
            # Anything else (e.g. a tokenizer download) must not leave the process.
            raise requests.ConnectionError(f"parity recorder: no network for {host}")
        if url.path.endswith("/oauth2/v1/token"):
            return self._respond(request, 200, _token_answer())
        body = _decode_body(request.method, request.body)
        self.log.append(
            {
                "method": request.method,
                "path": url.path,
                "query": [list(p) for p in parse_qsl(url.query, keep_blank_values=True)],
                "body": body,
            }
        )
        status, answer = self._answer(request.method, url.path, body, self.log[-1]["query"])
        return self._respond(request, status, answer)

    def _answer(self, method: str, path: str, body, query: list):
        if method == "DELETE":
            return 204, None
        if path.endswith("/graphql"):
            return 200, {"data": {}}
        if path.endswith("/validateRuleText"):
            # ZIA's IPS rule check: status 0 means the rule text is valid.
            return 200, {"status": 0}
        if method != "GET":
            if isinstance(body, dict):
                return 200, {**AUDIT_FIELDS, **body, "id": FAKE_ID}
            return 200, body if body is not None else {"id": FAKE_ID}
        key = (method, path)
        self.last_get = key
        shape = self.shapes.get(key) or self._guess_shape(path)
        self.shapes[key] = shape
        last = path.rstrip("/").rsplit("/", 1)[-1]
        obj_id = last if last in self.arg_values else FAKE_ID
        # One row, named like what the call searched for, so look-ups by name find
        # it and go on to the requests that follow them.
        row = {"id": FAKE_ID, "name": self._looked_up_name(query), **AUDIT_FIELDS}
        if shape == "list":
            return 200, [row]
        # One object that also carries the list envelopes of the paged APIs (ZPA
        # `list`, ZDX `items`, ZCell `content`), so a list call reads that row.
        return 200, {
            **row,
            "id": obj_id,
            # The official URL-category tools refuse to change the wrong kind.
            "customCategory": str(obj_id).startswith("CUSTOM_"),
            "list": [row],
            "totalPages": "1",
            "items": [row],
            "content": [row],
            "records": [row],
            "next_offset": None,
        }

    def _looked_up_name(self, query: list) -> str:
        for key, value in query:
            if key.lower() in ("search", "name"):
                # ZPA spells a search `name+EQ+<value>`.
                return re.sub(r"^name\+(EQ|CONTAINS)\+", "", value)
        return self.name_arg

    def _guess_shape(self, path: str) -> str:
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if last in self.arg_values or last.isdigit() or "/zpa/" in path:
            return "object"
        return "list"

    @staticmethod
    def _respond(request, status: int, answer):
        from requests.models import Response
        from requests.structures import CaseInsensitiveDict

        resp = Response()
        resp.status_code = status
        resp.url = request.url
        resp.request = request
        resp.reason = "OK" if status < 300 else "ERROR"
        resp.headers = CaseInsensitiveDict({"Content-Type": "application/json"})
        resp._content = b"" if answer is None else json.dumps(answer).encode()
        resp.encoding = "utf-8"
        return resp


# Some SDK models read these audit fields unconditionally.
AUDIT_FIELDS = {"lastModifiedBy": {"id": 1, "name": "admin"}, "lastModifiedTime": 1700000000}


def _token_answer() -> dict:
    return {"access_token": "parity.token.value", "token_type": "Bearer", "expires_in": 3600}


def _decode_body(method: str, raw):
    if raw is None:
        return None
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    try:
        body = json.loads(raw)
    except ValueError:
        return {"$text_length": len(raw)}
    if method in EMPTY_BODY_METHODS and body in ({}, None):
        return None
    return body


def _path_segment(seg: str) -> str:
    """`{*}` for an id we invented, `{time}` for a clock reading (ZCell puts its time
    window in the path); our server sees other values there."""
    if seg == str(FAKE_ID):
        return "{*}"
    if seg.isdigit():
        n = int(seg)
        for scale in (1, 1000):
            if FIXED_NOW - 400 * 86400 <= n / scale <= FIXED_NOW + 86400:
                return "{time}"
    return seg


def describe_request(req: dict) -> dict:
    """Fixture form of one request: ids we invented become `{*}`."""
    path = "/".join(_path_segment(seg) for seg in req["path"].split("/"))
    out = {"method": req["method"], "path": path, "query": req["query"]}
    body = req["body"]
    if isinstance(body, dict):
        out["body_keys"] = sorted(body)
    elif isinstance(body, list):
        keys = sorted({k for item in body if isinstance(item, dict) for k in item})
        out["body_keys"] = keys
        out["body_type"] = "array"
    if body is not None and len(json.dumps(body, sort_keys=True)) <= SHORT_BODY_CHARS:
        out["body"] = body
    return out


# --------------------------------------------------------------------------- calling

TOKEN_RE = re.compile(r'"confirmation_token":\s*"([^"\\]+)"')


def result_text(result) -> str:
    parts = [getattr(c, "text", "") for c in getattr(result, "content", []) or []]
    return "\n".join(p for p in parts if p)


async def call_once(server, tool: str, args: dict) -> tuple[bool, str]:
    """(is_error, text) of one tools/call, as a client would see it."""
    try:
        result = await server.call_tool(tool, dict(args))
    except Exception as exc:  # noqa: BLE001 - the outcome is what we record
        cause = exc.__cause__
        detail = f"{type(cause).__name__}: {cause}" if cause else str(exc)
        return True, detail
    return bool(getattr(result, "is_error", False)), result_text(result)


async def call_tool(server, recorder: Recorder, tool: str, args: dict, is_delete: bool):
    """Run one reference call, retrying GET answer shapes the guess got wrong."""
    arg_values = {str(v) for v in args.values() if isinstance(v, (str, int))}
    shapes: dict = {}
    name_arg = str(args.get("name", "parity-test"))
    attempts = []
    for _ in range(MAX_ATTEMPTS):
        recorder.reset(arg_values, shapes, name_arg)
        is_error, text = await call_once(server, tool, args)
        if is_delete and "CONFIRMATION REQUIRED" in text:
            # Confirm like a human would; only the confirmed call's requests count.
            m = TOKEN_RE.search(text)
            confirmed = dict(args)
            confirmed["kwargs"] = json.dumps({"confirmation_token": m.group(1) if m else ""})
            recorder.reset(arg_values, shapes, name_arg)
            is_error, text = await call_once(server, tool, confirmed)
        attempts.append((is_error, text, list(recorder.log)))
        if not is_error or recorder.last_get is None:
            break
        # Flip the answer shape of the last GET and try again.
        shapes = dict(recorder.shapes)
        key = recorder.last_get
        shapes[key] = "list" if shapes.get(key) == "object" else "object"
    best = next((a for a in attempts if not a[0]), attempts[0])
    return best


def scrub(text: str) -> str:
    """Error text without the per-run parts (tokens, request ids, timings)."""
    text = re.sub(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", "<uuid>", text)
    text = re.sub(r"\b\d+:[0-9a-f]{16}:[0-9a-f]{64}\b", "<token>", text)
    text = re.sub(r"\d+\.\d+ms", "<ms>", text)
    # Where the venv lives differs per machine.
    text = re.sub(r"/\S*/site-packages/", "site-packages/", text)
    return text.strip()[:500]


# --------------------------------------------------------------------------- main

# The clock every tool sees (2026-01-01T00:00:00Z), so time windows the tools derive
# from "now" (ZDX `since`, ZCell `days`, Z-Insights `start_days_ago`) come out the
# same on every recording.
FIXED_NOW = 1767225600.0


def freeze_clock() -> None:
    """Pin `time.time` and `datetime.now` before the server's modules are imported."""
    import datetime as dt

    class FrozenDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(FIXED_NOW, tz)

        @classmethod
        def utcnow(cls):
            return cls.fromtimestamp(FIXED_NOW, dt.timezone.utc).replace(tzinfo=None)

    dt.datetime = FrozenDatetime
    time.time = lambda: FIXED_NOW


async def record(only: str | None, out_dir: Path) -> int:
    import logging

    freeze_clock()
    from zscaler_mcp.registry.registry import REGISTRY
    from zscaler_mcp.server import build_server

    import requests.adapters

    recorder = Recorder()
    requests.adapters.HTTPAdapter.send = lambda self, request, **kw: recorder.send(request)

    # The official server logs every registration at start-up; only our summary matters.
    logging.disable(logging.CRITICAL)
    server = build_server(enable_write=True, write_allowlist=["*"], disable_entitlement_filter=True)
    listed = {t.name: t for t in await server.list_tools()}
    names = sorted(listed) if only is None else [only]
    started = time.monotonic()  # not frozen
    by_service: dict[str, list] = {}
    failed_before: list[tuple[str, str]] = []
    for name in names:
        spec = REGISTRY.get(name)
        tool = listed[name]
        args = reference_arguments(name, tool.input_schema)
        is_error, text, log = await call_tool(server, recorder, name, args, spec.action == "delete")
        entry = {
            "name": name,
            "action": spec.action,
            "description_length": len(tool.description or ""),
            "input_schema": tool.input_schema,
            "arguments": args,
            "outcome": "error" if is_error else "ok",
            "requests": [describe_request(r) for r in log],
        }
        if is_error:
            entry["error"] = scrub(text)
            if not log:
                failed_before.append((name, entry["error"].splitlines()[0][:200]))
        by_service.setdefault(spec.service, []).append(entry)
    elapsed = time.monotonic() - started

    if only is None:
        write_fixtures(out_dir, by_service)
    else:
        print(json.dumps(by_service, indent=2, sort_keys=True))
    total = sum(len(v) for v in by_service.values())
    print(f"recorded {total} tools in {elapsed:.1f}s", file=sys.stderr)
    print(f"{len(failed_before)} failed before any request:", file=sys.stderr)
    for name, why in failed_before:
        print(f"  {name}: {why}", file=sys.stderr)
    return 0


def write_fixtures(out_dir: Path, by_service: dict) -> None:
    from importlib.metadata import version

    out_dir.mkdir(parents=True, exist_ok=True)
    for service, tools in sorted(by_service.items()):
        doc = {
            "service": service,
            "recorded_with": {
                "zscaler-mcp": version("zscaler-mcp"),
                "zscaler-sdk-python": version("zscaler-sdk-python"),
                "seed": SEED,
            },
            "tools": sorted(tools, key=lambda t: t["name"]),
        }
        path = out_dir / f"{service}.json"
        path.write_text(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def main() -> int:
    ensure_venv()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="record one tool and print it instead of writing fixtures")
    parser.add_argument("--out", default=str(HERE / "fixtures"), help="fixture directory")
    opts = parser.parse_args()
    os.environ.update(SIM_ENV)
    # A .env in the working directory would change the credentials the SDK reads.
    os.chdir(HERE)
    return asyncio.run(record(opts.only, Path(opts.out)))


if __name__ == "__main__":
    sys.exit(main())
