#!/usr/bin/env bash
# OAuth 2.1 end-to-end, direct mode: a real authorization server (panva's oidc-provider, as.mjs)
# and the local server in jwt mode on the sandbox, both on free loopback ports; the official MCP
# TypeScript SDK client (client.mjs) and Python SDK client (client.py) each run the whole flow:
# 401 -> protected-resource metadata -> AS metadata -> dynamic registration -> authorization
# code + PKCE + resource indicator -> read tools -> 403 insufficient_scope on a write -> step-up
# -> the write. Each client gets a fresh server (and so a fresh sandbox tenant).
# Then both clients once more against the Lambda bootstrap (zscaler-mcp-lambda) under
# `cargo lambda watch`, with the Zscaler simulator started separately (as tests/e2e/lambda_e2e.sh
# does) behind a TLS front (tls-front.mjs; needs openssl), because on Lambda the server advertises
# https://<Host>/mcp as its resource. OAUTH_E2E_NO_LAMBDA=1 skips that target.
# Then the same through the OIDC proxy (oidc-proxy mode): the server is the clients' authorization
# server (metadata, registration, authorize, token) in front of idp.mjs, an oidc-provider with
# registration DISABLED and one static confidential client whose redirect URI is the server's
# /callback (like Cognito or Entra ID); locally and, unless skipped, on the Lambda target.
# Needs `npm ci --prefix tests/e2e/oauth` once (it brings its own Node 22) and the .venv that
# tests/run.sh creates (mcp). Prints "oauth e2e: N passed, M failed".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
node="$here/node_modules/.bin/node"
python="$root/.venv/bin/python"
if [ ! -x "$node" ] || [ ! -d "$here/node_modules/oidc-provider" ]; then
    echo "oauth e2e: node modules are not installed; run: npm ci --prefix tests/e2e/oauth" >&2
    exit 2
fi
[ -x "$python" ] || { echo "oauth e2e: $python missing; run tests/run.sh once" >&2; exit 2; }

if [ -z "${OAUTH_E2E_NO_BUILD:-}" ]; then
    cargo build --quiet -p zscaler-mcp --manifest-path "$root/Cargo.toml"
    if [ -z "${OAUTH_E2E_NO_LAMBDA:-}" ]; then
        cargo build --quiet -p zscaler-sim --bin zscaler-sim --manifest-path "$root/Cargo.toml"
        cargo build --quiet --bin zscaler-mcp-lambda --manifest-path "$root/Cargo.toml"
    fi
fi
bin="$root/target/debug/zscaler-mcp"

work=$(mktemp -d "${TMPDIR:-/tmp}/zscaler-mcp-oauth-e2e.XXXXXX")
as_pid=
server_pid=
idp_pid=
idp_secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
as_url= # the authorization server the clients should find: as.mjs, or the server itself (proxy)
lambda_pids=() # process groups: the simulator, the TLS front, cargo lambda watch (and its function)
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
    if [ -n "$idp_pid" ]; then
        kill "$idp_pid" 2>/dev/null || true
        wait "$idp_pid" 2>/dev/null || true
        idp_pid=
    fi
    local pid
    for pid in "${lambda_pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
    for pid in "${lambda_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    lambda_pids=()
}
cleanup() {
    status=$?
    stop_server
    if [ -n "$as_pid" ]; then
        kill "$as_pid" 2>/dev/null || true
        wait "$as_pid" 2>/dev/null || true
    fi
    if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "oauth e2e: logs kept in $work" >&2; fi
}
trap cleanup EXIT

wait_for() { # file pattern pid what
    local found=
    for _ in $(seq 1 300); do
        found=$(grep -o "$2" "$1" | head -n 1 || true)
        [ -n "$found" ] && { echo "$found"; return 0; }
        kill -0 "$3" 2>/dev/null || { cat "$1" >&2; echo "oauth e2e: the $4 exited" >&2; return 1; }
        sleep 0.1
    done
    cat "$1" >&2
    echo "oauth e2e: the $4 did not start" >&2
    return 1
}

start=$(date +%s)
: > "$work/resource"
"$node" "$here/as.mjs" "$work/resource" > "$work/as.out" 2> "$work/as.log" &
as_pid=$!
issuer=$(wait_for "$work/as.out" 'http://127\.0\.0\.1:[0-9]*' "$as_pid" "authorization server")

# What the README tells an operator to set for jwt mode, nothing else (the sandbox turns client
# authentication off unless a mode is named, so the mode is named). The checks read the
# per-caller tool list and the labels as JSON: full surface and JSON results (the defaults,
# discovery and compact, are exercised by tests/e2e/lambda_e2e.sh and the Rust tests).
start_server() {
    env ZSCALER_MCP_AUTH_MODE=jwt \
        ZSCALER_MCP_AUTH_JWKS_URI="$issuer/jwks" \
        ZSCALER_MCP_AUTH_ISSUER="$issuer" \
        ZSCALER_MCP_WRITE_ENABLED=true \
        ZSCALER_MCP_WRITE_TOOLS=zia_create_rule_label \
        ZSCALER_MCP_TOOL_SURFACE=full ZSCALER_MCP_RESULT_FORMAT=json \
        ZSCALER_MCP_REQUEST_STATE_KEYS="$(head -c 32 /dev/urandom | base64)" \
        "$bin" --transport streamable-http --sandbox --host 127.0.0.1 --port 0 > "$work/server-$1.log" 2>&1 &
    server_pid=$!
    url=$(wait_for "$work/server-$1.log" 'listening on http://127\.0\.0\.1:[0-9]*/mcp' "$server_pid" "server" | cut -d' ' -f3)
    sim=$(wait_for "$work/server-$1.log" 'Zscaler simulator at http://127\.0\.0\.1:[0-9]*' "$server_pid" "server" | cut -d' ' -f4)
    echo "$url" > "$work/resource"
    as_url=$issuer
}

free_port() {
    "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# The upstream identity provider of the proxy runs, with the proxy's callback as the one
# redirect URI of its one client.
start_idp() { # callback-url name
    IDP_CLIENT_SECRET="$idp_secret" "$node" "$here/idp.mjs" zscaler-mcp-proxy "$1" > "$work/idp-$2.out" 2> "$work/idp-$2.log" &
    idp_pid=$!
    idp=$(wait_for "$work/idp-$2.out" 'http://127\.0\.0\.1:[0-9]*' "$idp_pid" "identity provider")
    # The point of the proxy: the provider offers no dynamic registration.
    local doc
    doc=$(curl -sf -m 5 "$idp/.well-known/openid-configuration" || true)
    if [ -n "$doc" ] && ! grep -q registration_endpoint <<< "$doc"; then
        echo "    PASS $2: the identity provider has no registration endpoint"
        passed=$((passed + 1))
    else
        echo "    FAIL $2: the identity provider's metadata is missing or offers registration"
        failed=$((failed + 1))
    fi
}

# oidc-proxy mode locally: what the README tells an operator to set, on a port chosen first
# because the public base URL (the proxy's issuer and callback) must be known at start.
start_proxy_server() {
    local port
    port=$(free_port)
    start_idp "http://127.0.0.1:$port/callback" "$1"
    env ZSCALER_MCP_AUTH_MODE=oidc-proxy \
        OIDCPROXY_CONFIG_URL="$idp/.well-known/openid-configuration" \
        OIDCPROXY_BASE_URL="http://127.0.0.1:$port" \
        OIDCPROXY_CLIENT_ID=zscaler-mcp-proxy \
        OIDCPROXY_CLIENT_SECRET="$idp_secret" \
        ZSCALER_MCP_WRITE_ENABLED=true \
        ZSCALER_MCP_WRITE_TOOLS=zia_create_rule_label \
        ZSCALER_MCP_TOOL_SURFACE=full ZSCALER_MCP_RESULT_FORMAT=json \
        ZSCALER_MCP_REQUEST_STATE_KEYS="$(head -c 32 /dev/urandom | base64)" \
        "$bin" --transport streamable-http --sandbox --host 127.0.0.1 --port "$port" > "$work/server-$1.log" 2>&1 &
    server_pid=$!
    url=$(wait_for "$work/server-$1.log" 'listening on http://127\.0\.0\.1:[0-9]*/mcp' "$server_pid" "server" | cut -d' ' -f3)
    sim=$(wait_for "$work/server-$1.log" 'Zscaler simulator at http://127\.0\.0\.1:[0-9]*' "$server_pid" "server" | cut -d' ' -f4)
    as_url="http://127.0.0.1:$port"
}

# The Lambda target: the simulator on its own, `cargo lambda watch` serving the function on a
# free loopback port (Function URL emulation, which also serves the one function at the root
# path), a TLS front before it like the Function URL's; the env is what an operator sets for jwt
# mode on Lambda. The Host the client sends is the front's 127.0.0.1:PORT, named in
# ZSCALER_MCP_ALLOWED_HOSTS, so the resource URL built from it is an accepted token audience.
start_lambda() {
    setsid "$root/target/debug/zscaler-sim" --port 0 > "$work/sim-$1.log" 2>&1 < /dev/null &
    lambda_pids+=($!)
    sim=$(wait_for "$work/sim-$1.log" 'http://127\.0\.0\.1:[0-9]*' "${lambda_pids[-1]}" "simulator")
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$work/tls-key.pem" -out "$work/tls-cert.pem" > "$work/openssl.log" 2>&1
    local port
    port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    setsid "$node" "$here/tls-front.mjs" "$work/tls-key.pem" "$work/tls-cert.pem" "$port" > "$work/front-$1.log" 2>&1 < /dev/null &
    lambda_pids+=($!)
    local front
    front=$(wait_for "$work/front-$1.log" 'https://127\.0\.0\.1:[0-9]*' "${lambda_pids[-1]}" "TLS front")
    # jwt mode against as.mjs, or (lambda_proxy set) oidc-proxy mode in front of idp.mjs.
    local auth_env
    if [ -n "${lambda_proxy:-}" ]; then
        start_idp "$front/callback" "$1"
        auth_env="ZSCALER_MCP_AUTH_MODE=oidc-proxy
OIDCPROXY_CONFIG_URL=$idp/.well-known/openid-configuration
OIDCPROXY_BASE_URL=$front
OIDCPROXY_CLIENT_ID=zscaler-mcp-proxy
OIDCPROXY_CLIENT_SECRET=$idp_secret"
        as_url=$front
    else
        auth_env="ZSCALER_MCP_AUTH_MODE=jwt
ZSCALER_MCP_AUTH_JWKS_URI=$issuer/jwks
ZSCALER_MCP_AUTH_ISSUER=$issuer"
        as_url=$issuer
    fi
    cat > "$work/lambda.env" <<ENV
ZSCALER_CLIENT_ID=sandbox-client
ZSCALER_CLIENT_SECRET=sandbox-secret
ZSCALER_VANITY_DOMAIN=sandbox
ZSCALER_CUSTOMER_ID=sandbox-customer
ZSCALER_MCP_API_BASE_URL=$sim
ZSCALER_MCP_TOKEN_URL=$sim/oauth2/v1/token
ZSCALER_MCP_ALLOWED_HOSTS=${front#https://}
$auth_env
ZSCALER_MCP_WRITE_ENABLED=true
ZSCALER_MCP_WRITE_TOOLS=zia_create_rule_label
ZSCALER_MCP_TOOL_SURFACE=full
ZSCALER_MCP_RESULT_FORMAT=json
ZSCALER_MCP_REQUEST_STATE_KEYS="$(head -c 32 /dev/urandom | base64)"
ENV
    (cd "$root" && PATH="$root/.venv/bin:$PATH" exec setsid cargo lambda watch --bin zscaler-mcp-lambda \
        -A 127.0.0.1 -P "$port" --ignore-changes --env-file "$work/lambda.env" > "$work/watch-$1.log" 2>&1 < /dev/null) &
    lambda_pids+=($!)
    local ready=
    for _ in $(seq 1 120); do
        if curl -sf -m 5 "http://127.0.0.1:$port/lambda-url/zscaler-mcp-lambda/health" > /dev/null 2>&1; then
            ready=1
            break
        fi
        sleep 0.5
    done
    [ -n "$ready" ] || { tail -30 "$work/watch-$1.log" >&2; echo "oauth e2e: cargo lambda watch did not serve the function" >&2; return 1; }
    # Requests at the root path (what the front forwards) reach a second function instance,
    # which `cargo lambda watch` starts with `cargo run` on first use: warm it here, so a build
    # does not eat the clients' request timeout.
    ready=
    for _ in $(seq 1 480); do
        if curl -sf -m 5 "http://127.0.0.1:$port/health" > /dev/null 2>&1; then
            ready=1
            break
        fi
        sleep 0.5
    done
    [ -n "$ready" ] || { tail -30 "$work/watch-$1.log" >&2; echo "oauth e2e: cargo lambda watch did not serve the root path" >&2; return 1; }
    url="$front/mcp"
    echo "$url" > "$work/resource"
}

passed=0
failed=0
run_client() { # name start-function command...
    local name=$1 starter=$2
    shift 2
    "$starter" "$name"
    local rc=0
    timeout 180 "$@" "$url" "$as_url" "$sim" > "$work/$name.out" 2>&1 || rc=$?
    stop_server
    sed 's/^/    /' "$work/$name.out"
    local p f
    p=$(grep -c '^PASS ' "$work/$name.out" || true)
    f=$(grep -c '^FAIL ' "$work/$name.out" || true)
    if [ "$rc" -ne 0 ] && ! grep -q "^[a-z]*: [0-9]* passed" "$work/$name.out"; then
        echo "FAIL $name: the client exited with status $rc before finishing"
        f=$((f + 1))
    fi
    passed=$((passed + p))
    failed=$((failed + f))
}

start_lambda_proxy() { lambda_proxy=1 start_lambda "$1"; }

run_client ts start_server "$node" "$here/client.mjs"
run_client py start_server "$python" "$here/client.py"
echo "== oidc-proxy: both clients through the server's own authorization server, in front of idp.mjs"
run_client proxy-ts start_proxy_server env OAUTH_E2E_PROXY=1 "$node" "$here/client.mjs"
run_client proxy-py start_proxy_server env OAUTH_E2E_PROXY=1 "$python" "$here/client.py"
if [ -n "${OAUTH_E2E_NO_LAMBDA:-}" ]; then
    echo "oauth e2e: OAUTH_E2E_NO_LAMBDA set: the Lambda target is skipped"
elif ! command -v openssl > /dev/null || [ ! -x "$root/.venv/bin/cargo-lambda" ]; then
    echo "oauth e2e: openssl or .venv/bin/cargo-lambda missing: the Lambda target is skipped"
else
    echo "== lambda: both clients against zscaler-mcp-lambda under cargo lambda watch"
    run_client lambda-ts start_lambda env NODE_EXTRA_CA_CERTS="$work/tls-cert.pem" "$node" "$here/client.mjs"
    run_client lambda-py start_lambda env SSL_CERT_FILE="$work/tls-cert.pem" "$python" "$here/client.py"
    echo "== lambda: both clients through the OIDC proxy of zscaler-mcp-lambda under cargo lambda watch"
    run_client lambda-proxy-ts start_lambda_proxy env OAUTH_E2E_PROXY=1 NODE_EXTRA_CA_CERTS="$work/tls-cert.pem" "$node" "$here/client.mjs"
    run_client lambda-proxy-py start_lambda_proxy env OAUTH_E2E_PROXY=1 SSL_CERT_FILE="$work/tls-cert.pem" "$python" "$here/client.py"
fi

echo "== oauth e2e: $(( $(date +%s) - start )) s; oidc-provider $("$node" -p "require('$here/node_modules/oidc-provider/package.json').version"), @modelcontextprotocol/sdk $("$node" -p "require('$here/node_modules/@modelcontextprotocol/sdk/package.json').version"), mcp $("$python" -c 'from importlib.metadata import version; print(version("mcp"))')"
echo "oauth e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
