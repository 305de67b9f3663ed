"""The official MCP Python SDK client through the whole OAuth 2.1 flow (see client.mjs for the
TypeScript SDK; both assert the same things).

Usage: python client.py MCP_URL ISSUER SIM_URL (the sandbox's Zscaler simulator)

401 -> protected-resource metadata -> authorization-server metadata -> dynamic client
registration -> authorization code + PKCE with a resource indicator -> token -> MCP; then a write
call gets 403 insufficient_scope, the SDK re-authorizes with the challenged scopes inside the same
call (step-up), and the write goes through. The "browser" (redirect_handler) is automated: it
follows the AS's redirects through the automated login and consent, keeping cookies, up to the
redirect to our redirect_uri. Prints the HTTP exchanges in order ("  > ...") and one
"PASS name" / "FAIL name: why" line per check; exits non-zero if any check failed.
"""

import asyncio
import base64
import json
import os
import secrets
import sys
from importlib.metadata import version
from urllib.parse import parse_qs, urljoin, urlparse

import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientInformationFull, OAuthClientMetadata, OAuthToken

MCP_URL, ISSUER, SIM_URL = sys.argv[1:4]
# OAUTH_E2E_PROXY=1: the server itself is the authorization server (oidc-proxy mode, in front of
# idp.mjs): /authorize and /register, HS256 access tokens under its key ring (see common.mjs).
PROXY = os.environ.get("OAUTH_E2E_PROXY") == "1"
AUTH_PATH, REG_PATH, TOKEN_ALG = ("/authorize", "/register", "HS256") if PROXY else ("/auth", "/reg", "RS256")
ORIGIN = f"{urlparse(MCP_URL).scheme}://{urlparse(MCP_URL).netloc}"
PRM_URL = f"{ORIGIN}/.well-known/oauth-protected-resource/mcp"
REDIRECT_URI = "http://127.0.0.1:53682/callback"
SEED_LABELS = ["Production", "Change-Window", "Compliance", "Temporary", "Sandbox-Managed"]
CHALLENGE_401 = f'Bearer scope="zscaler.read", resource_metadata="{PRM_URL}"'
CHALLENGE_403 = f'Bearer error="insufficient_scope", scope="zscaler.read zscaler.write", resource_metadata="{PRM_URL}"'

passed = 0
failed = 0


def check(name: str, ok: bool, why: object = "") -> None:
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS py: {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL py: {name}: {why}", flush=True)


def where(url: str) -> str:
    if url.startswith(ISSUER):
        return "AS " + url[len(ISSUER):].split("?")[0]
    if url.startswith(ORIGIN):
        return "MCP " + url[len(ORIGIN):].split("?")[0]
    return url


exchanges: list[dict] = []


class LoggingTransport(httpx2.AsyncBaseTransport):
    """Records every exchange the SDK makes (MCP and OAuth alike) for the transcript and checks."""

    def __init__(self) -> None:
        self.inner = httpx2.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        try:
            body = request.content.decode(errors="replace")
        except Exception:  # a streamed body
            body = ""
        response = await self.inner.handle_async_request(request)
        data = await response.aread()
        await response.aclose()
        entry = {
            "method": request.method,
            "url": str(request.url),
            "body": body,
            "status": response.status_code,
            "www": response.headers.get("www-authenticate"),
            "auth": request.headers.get("authorization"),
            "text": data.decode(errors="replace"),
        }
        exchanges.append(entry)
        line = f"{entry['method']} {where(entry['url'])}{' (bearer)' if entry['auth'] else ''} -> {entry['status']}"
        if entry["www"]:
            line += f" WWW-Authenticate: {entry['www']}"
        if entry["method"] == "POST" and entry["url"] == f"{ISSUER}{REG_PATH}":
            try:
                line += (f" (asked scope {json.dumps(json.loads(body).get('scope'))},"
                         f" registered {json.dumps(json.loads(entry['text']).get('scope'))})")
            except Exception:
                pass
        if entry["status"] >= 400:
            line += f" {entry['text'][:200]}"
        print(f"  > {line}", flush=True)
        return httpx2.Response(
            status_code=response.status_code, headers=response.headers, content=data, request=request
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


class MemoryStorage:
    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info


class Browser:
    """The user agent: follows the authorization URL to the redirect_uri, keeping cookies."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.result: AuthorizationCodeResult | None = None

    async def redirect(self, url: str) -> None:
        self.urls.append(url)
        async with httpx2.AsyncClient(follow_redirects=False) as ua:
            nxt = url
            for _ in range(12):
                r = await ua.get(nxt)
                loc = r.headers.get("location")
                print(f"  > GET {urlparse(nxt).path} (user agent) -> {r.status_code}"
                      f"{' Location: ' + loc.split('?')[0] if loc else ''}", flush=True)
                if not (300 <= r.status_code < 400 and loc):
                    raise RuntimeError(f"authorization stopped at {nxt}: {r.status_code} {r.text[:200]}")
                target = urljoin(nxt, loc)
                if target.startswith(REDIRECT_URI):
                    q = {k: v[0] for k, v in parse_qs(urlparse(target).query).items()}
                    if "error" in q:
                        raise RuntimeError(f"authorization error: {q}")
                    self.result = AuthorizationCodeResult(code=q["code"], state=q.get("state"), iss=q.get("iss"))
                    return
                nxt = target
        raise RuntimeError("too many redirects in the authorization")

    async def callback(self) -> AuthorizationCodeResult:
        assert self.result is not None
        result, self.result = self.result, None
        return result


def jwt_parts(token: str) -> tuple[dict, dict]:
    def part(s: str) -> dict:
        return json.loads(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))

    h, p, _ = token.split(".")
    return part(h), part(p)


def check_token(storage: MemoryStorage, scope: str, label: str) -> None:
    try:
        header, claims = jwt_parts(storage.tokens.access_token)
    except Exception as e:  # checked below
        header, claims = {}, {"error": str(e)}
    check(f"{label}: {TOKEN_ALG} JWT, iss=AS, aud={MCP_URL}, scope=\"{scope}\"",
          header.get("alg") == TOKEN_ALG and claims.get("iss") == ISSUER and claims.get("aud") == MCP_URL
          and claims.get("scope") == scope, [header, claims])


def check_authorization_url(url: str, scope: str, client_id: str | None, label: str = "") -> None:
    u = urlparse(url)
    q = {k: v[0] for k, v in parse_qs(u.query).items()}
    ok = (f"{u.scheme}://{u.netloc}{u.path}" == f"{ISSUER}{AUTH_PATH}" and q.get("response_type") == "code"
          and q.get("client_id") == client_id and q.get("code_challenge_method") == "S256"
          and len(q.get("code_challenge", "")) == 43 and q.get("resource") == MCP_URL
          and q.get("scope") == scope)
    check(f"{label}authorization request: code + PKCE S256, resource={MCP_URL}, scope=\"{scope}\"", ok, url)


def check_token_request(exs: list[dict], client_id: str | None, label: str = "") -> None:
    tok = next((e for e in exs if e["method"] == "POST" and e["url"] == f"{ISSUER}/token"), None)
    body = {k: v[0] for k, v in parse_qs(tok["body"] if tok else "").items()}
    check(f"{label}token request: authorization_code + code_verifier + resource -> 200",
          tok is not None and tok["status"] == 200 and body.get("grant_type") == "authorization_code"
          and bool(body.get("code_verifier")) and body.get("resource") == MCP_URL
          and body.get("client_id") == client_id, tok and (tok["status"], tok["body"]))


def text_of(result) -> str:
    for block in result.content:
        if getattr(block, "type", None) == "text":
            return block.text
    return ""


def label_names(result) -> list:
    if result.is_error:
        return ["error: " + text_of(result)]
    return [label["name"] for label in json.loads(text_of(result))]


async def main() -> None:
    print(f"py: mcp {version('mcp')} against {MCP_URL}, authorization server {ISSUER}", flush=True)
    storage = MemoryStorage()
    browser = Browser()
    provider = OAuthClientProvider(
        server_url=MCP_URL,
        client_metadata=OAuthClientMetadata(
            client_name="zscaler-mcp oauth e2e (Python SDK)",
            redirect_uris=[REDIRECT_URI],
            grant_types=["authorization_code"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        ),
        storage=storage,
        redirect_handler=browser.redirect,
        callback_handler=browser.callback,
    )
    http = httpx2.AsyncClient(auth=provider, transport=LoggingTransport(),
                              timeout=httpx2.Timeout(30, read=300))
    async with http, Client(streamable_http_client(MCP_URL, http_client=http), mode="legacy") as client:
        # 1. Connecting ran the whole flow inside the first request.
        exs = list(exchanges)
        first = exs[0] if exs else {}
        check("first MCP request -> 401", first.get("url") == MCP_URL and first.get("status") == 401, first.get("status"))
        check("401 WWW-Authenticate names scope zscaler.read and the metadata URL", first.get("www") == CHALLENGE_401, first.get("www"))
        idx = {name: next((i for i, e in enumerate(exs) if pred(e)), -1) for name, pred in {
            "prm": lambda e: e["url"] == PRM_URL and e["status"] == 200,
            "asm": lambda e: e["url"].startswith(f"{ISSUER}/.well-known/")
            and "/oauth-protected-resource" not in e["url"] and e["status"] == 200,
            "reg": lambda e: e["method"] == "POST" and e["url"] == f"{ISSUER}{REG_PATH}",
            "token": lambda e: e["method"] == "POST" and e["url"] == f"{ISSUER}/token",
            "retry": lambda e: e["url"] == MCP_URL and e["status"] == 200 and e["auth"],
        }.items()}
        check("protected-resource metadata from the 401 -> 200", idx["prm"] > 0, idx)
        prm = json.loads(exs[idx["prm"]]["text"]) if idx["prm"] > 0 else {}
        check("metadata: resource is the MCP URL, authorization server is the AS, scopes read then write",
              prm.get("resource") == MCP_URL and prm.get("authorization_servers") == [ISSUER]
              and prm.get("scopes_supported") == ["zscaler.read", "zscaler.write"], prm)
        check("authorization-server metadata after it -> 200", idx["asm"] > idx["prm"] > 0, idx)
        check("dynamic client registration after it -> 201",
              idx["reg"] > idx["asm"] and exs[idx["reg"]]["status"] == 201, idx)
        client_id = storage.client.client_id if storage.client else None
        check_authorization_url(browser.urls[0] if browser.urls else "", "zscaler.read", client_id)
        check_token_request(exs, client_id)
        check("the initialize retried with the read token -> 200", idx["retry"] > idx["token"] > idx["reg"], idx)
        check_token(storage, "zscaler.read", "read token")
        read_token = storage.tokens.access_token

        # 2. Read.
        tools = [t.name for t in (await client.list_tools()).tools]
        check("tools/list with the read token includes zia_list_rule_labels", "zia_list_rule_labels" in tools, len(tools))
        writes = [t for t in tools if any(f"_{v}_" in t for v in ("create", "update", "delete", "add", "remove", "activate", "bulk"))]
        check("tools/list with the read token has no write tool", "zia_create_rule_label" not in tools and not writes, writes)
        names = label_names(await client.call_tool("zia_list_rule_labels", {}))
        check("zia_list_rule_labels with the read token -> the 5 sandbox labels", names == SEED_LABELS, names)

        # 3. Write: 403 insufficient_scope, step-up inside the same call, then the write goes through.
        name = f"oauth-e2e-py-{secrets.token_hex(4)}"
        mark = len(exchanges)
        result = await client.call_tool("zia_create_rule_label", {"name": name, "description": "created by the OAuth e2e"})
        exs = exchanges[mark:]
        denied = next((e for e in exs if e["url"] == MCP_URL and e["status"] == 403), None)
        check("write call with the read token -> 403", denied is not None and denied["auth"] == f"Bearer {read_token}",
              [(e["url"], e["status"]) for e in exs])
        check('403 WWW-Authenticate: insufficient_scope with scope "zscaler.read zscaler.write"',
              denied is not None and denied["www"] == CHALLENGE_403, denied and denied["www"])
        try:
            message = json.loads(denied["text"])["error"]["message"] if denied else ""
        except Exception:
            message = ""
        check("403 body is a JSON-RPC error naming zscaler.write", "zscaler.write" in message, denied and denied["text"])
        check("the step-up started one new authorization", len(browser.urls) == 2, browser.urls)
        check_authorization_url(browser.urls[-1], "zscaler.read zscaler.write", client_id, "step-up ")
        check("the step-up reuses the registration (no second POST /reg)",
              not any(e["method"] == "POST" and e["url"] == f"{ISSUER}{REG_PATH}" for e in exs), "registered again")
        check_token_request(exs, client_id, "step-up ")
        check_token(storage, "zscaler.read zscaler.write", "write token")
        try:
            created = json.loads(text_of(result))
        except Exception:
            created = {}
        check(f'zia_create_rule_label after step-up -> created "{name}"',
              not result.is_error and created.get("name") == name and isinstance(created.get("id"), int), text_of(result)[:300])

        tools = [t.name for t in (await client.list_tools()).tools]
        check("tools/list with the write token includes zia_create_rule_label", "zia_create_rule_label" in tools, "missing")
        names = label_names(await client.call_tool("zia_list_rule_labels", {}))
        check("zia_list_rule_labels afterwards -> the 5 sandbox labels plus exactly the new one",
              len(names) == len(SEED_LABELS) + 1 and names.count(name) == 1 and all(s in names for s in SEED_LABELS), names)
        # The simulator's request log: the refused write never reached Zscaler, the allowed one once.
        async with httpx2.AsyncClient() as plain:
            seen = (await plain.get(f"{SIM_URL}/__sim/requests")).json()
        creates = [r for r in seen if r["method"] == "POST" and r["path"].endswith("/ruleLabels")]
        check("Zscaler (simulator) received exactly one create, with that name",
              len(creates) == 1 and (creates[0].get("body") or {}).get("name") == name, creates)

    print(f"py: {passed} passed, {failed} failed", flush=True)
    sys.exit(0 if failed == 0 else 1)


asyncio.run(main())
