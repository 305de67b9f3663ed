"""End-to-end check with the official MCP Python SDK client.

Usage: python mcp_client.py URL SIM_URL [legacy|2026-07-28 ...]

For each protocol mode: connect, list tools, call two tools, and check that the simulator
received exactly the upstream requests the calls imply. Prints a one-line transcript per step.
Exits non-zero on the first failed expectation.
"""

import asyncio
import json
import re
import sys
import urllib.request

import os
import urllib.error

from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

API_KEY = os.environ.get("E2E_API_KEY")


def sim_requests(sim_url: str) -> list:
    with urllib.request.urlopen(f"{sim_url}/__sim/requests") as resp:
        return json.load(resp)


def clear_sim(sim_url: str) -> None:
    req = urllib.request.Request(f"{sim_url}/__sim/requests", method="DELETE")
    urllib.request.urlopen(req).close()


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"FAIL: {message}", flush=True)
        sys.exit(1)


def first_text(result) -> str:
    for block in result.content:
        if getattr(block, "type", None) == "text":
            return block.text
    return ""


def server(url: str):
    """The URL itself, or a transport that presents the API key when auth is on."""
    if not API_KEY:
        return url
    return streamable_http_client(url, http_client=create_mcp_http_client(headers={"X-Api-Key": API_KEY}))


def check_refused_without_key(url: str) -> None:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).encode()
    req = urllib.request.Request(url, body, {
        "content-type": "application/json", "accept": "application/json, text/event-stream",
        "mcp-protocol-version": "2025-06-18"})
    try:
        urllib.request.urlopen(req)
    except urllib.error.HTTPError as e:
        # api-key mode answers 403 without a challenge: MCP clients take any 401 for OAuth.
        message = json.loads(e.read() or b"{}").get("error", {}).get("message", "")
        check(e.code == 403, f"no key -> 403, got {e.code}")
        check("WWW-Authenticate" not in e.headers, "no OAuth challenge is sent")
        check("missing API key" in message, f"the reason is given, got {message!r}")
        print(f"[auth] request without a key -> {e.code} {message}", flush=True)
        return
    check(False, "a request without a key was accepted")


async def run(url: str, sim_url: str, mode: str) -> None:
    clear_sim(sim_url)
    async with Client(server(url), mode=mode) as client:
        print(f"[{mode}] connected: protocol {client.protocol_version}, "
              f"server {client.server_info.name if client.server_info else '?'}", flush=True)
        check(client.protocol_version == ("2025-11-25" if mode == "legacy" else mode),
              f"negotiated {client.protocol_version}")

        # The default surface: the discovery tools (writes are off, so no write invoker).
        listed = await client.list_tools()
        names = [t.name for t in listed.tools]
        print(f"[{mode}] tools/list: {names}", flush=True)
        check(names == ["zscaler_search_tools", "zscaler_call_read_tool"],
              "the discovery surface is listed")
        check(all(t.title for t in listed.tools), "every tool has a title")

        result = await client.call_tool("zscaler_search_tools",
                                        {"query": "custom url category", "limit": 3})
        check(not result.is_error, f"search succeeded: {first_text(result)}")
        found = [t["name"] for t in json.loads(first_text(result))["tools"]]
        print(f"[{mode}] search 'custom url category' -> {found}", flush=True)
        check("zia_get_url_category" in found or "zia_list_url_categories" in found,
              "search finds the URL category tools")

        result = await client.call_tool("zscaler_call_read_tool", {
            "tool": "zia_get_url_category", "arguments": {"category_id": "CUSTOM_01"}})
        check(not result.is_error, f"zia_get_url_category succeeded: {first_text(result)}")
        category = json.loads(first_text(result))
        print(f"[{mode}] tools/call zia_get_url_category -> id={category.get('id')}", flush=True)
        check(category.get("id") == "CUSTOM_01", "the category asked for")

        # A tool called by its own name still runs; a list answers as a compact table.
        result = await client.call_tool("zpa_list_application_segments", {})
        check(not result.is_error, f"zpa_list_application_segments: {first_text(result)}")
        table = re.match(r"Table of (\d+) records\.", first_text(result))
        check(table is not None, f"a compact table: {first_text(result)[:80]}")
        count = int(table.group(1))
        print(f"[{mode}] tools/call zpa_list_application_segments -> {count} segments",
              flush=True)
        check(count > 20, "every ZPA page fetched")

        result = await client.call_tool("zia_get_location", {"location_id": "nope"})
        check(result.is_error, "a wrong argument type is a tool error")
        check("location_id" in first_text(result), "the error names the field")
        print(f"[{mode}] tools/call with a bad argument -> isError: {first_text(result)}",
              flush=True)

    seen = sim_requests(sim_url)
    paths = [r["path"] for r in seen if not r["path"].startswith("/oauth2")]
    check("/zia/api/v1/urlCategories/CUSTOM_01" in paths, "the ZIA call reached Zscaler")
    check(all(r["authorized"] for r in seen if not r["path"].startswith("/oauth2")),
          "every upstream call carried a valid token")
    check(not any("location" in p for p in paths), "the invalid call never reached Zscaler")
    print(f"[{mode}] simulator saw {len(paths)} API requests, "
          f"{len(seen) - len(paths)} token requests", flush=True)


async def main() -> None:
    url, sim_url, *modes = sys.argv[1:]
    if API_KEY:
        check_refused_without_key(url)
    for mode in modes or ["legacy", "2026-07-28"]:
        await run(url, sim_url, mode)
    print("e2e: all checks passed", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
