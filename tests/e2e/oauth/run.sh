#!/usr/bin/env bash
# OAuth 2.1 end-to-end, direct mode: a real authorization server (panva's oidc-provider, as.mjs)
# and the local server in jwt mode on the sandbox, both on free loopback ports; the official MCP
# TypeScript SDK client (client.mjs) and Python SDK client (client.py) each run the whole flow:
# 401 -> protected-resource metadata -> AS metadata -> dynamic registration -> authorization
# code + PKCE + resource indicator -> read tools -> 403 insufficient_scope on a write -> step-up
# -> the write. Each client gets a fresh server (and so a fresh sandbox tenant).
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
fi
bin="$root/target/debug/zscaler-mcp"

work=$(mktemp -d "${TMPDIR:-/tmp}/zscaler-mcp-oauth-e2e.XXXXXX")
as_pid=
server_pid=
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
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
# authentication off unless a mode is named, so the mode is named).
start_server() {
    env ZSCALER_MCP_AUTH_MODE=jwt \
        ZSCALER_MCP_AUTH_JWKS_URI="$issuer/jwks" \
        ZSCALER_MCP_AUTH_ISSUER="$issuer" \
        ZSCALER_MCP_WRITE_ENABLED=true \
        ZSCALER_MCP_WRITE_TOOLS=zia_create_rule_label \
        ZSCALER_MCP_REQUEST_STATE_KEYS="$(head -c 32 /dev/urandom | base64)" \
        "$bin" --transport streamable-http --sandbox --host 127.0.0.1 --port 0 > "$work/server-$1.log" 2>&1 &
    server_pid=$!
    url=$(wait_for "$work/server-$1.log" 'listening on http://127\.0\.0\.1:[0-9]*/mcp' "$server_pid" "server" | cut -d' ' -f3)
    sim=$(wait_for "$work/server-$1.log" 'Zscaler simulator at http://127\.0\.0\.1:[0-9]*' "$server_pid" "server" | cut -d' ' -f4)
    echo "$url" > "$work/resource"
}

passed=0
failed=0
run_client() { # name command...
    local name=$1
    shift
    start_server "$name"
    local rc=0
    timeout 180 "$@" "$url" "$issuer" "$sim" > "$work/$name.out" 2>&1 || rc=$?
    stop_server
    sed 's/^/    /' "$work/$name.out"
    local p f
    p=$(grep -c '^PASS ' "$work/$name.out" || true)
    f=$(grep -c '^FAIL ' "$work/$name.out" || true)
    if [ "$rc" -ne 0 ] && ! grep -q "^$name: [0-9]* passed" "$work/$name.out"; then
        echo "FAIL $name: the client exited with status $rc before finishing"
        f=$((f + 1))
    fi
    passed=$((passed + p))
    failed=$((failed + f))
}

run_client ts "$node" "$here/client.mjs"
run_client py "$python" "$here/client.py"

echo "== oauth e2e: $(( $(date +%s) - start )) s; oidc-provider $("$node" -p "require('$here/node_modules/oidc-provider/package.json').version"), @modelcontextprotocol/sdk $("$node" -p "require('$here/node_modules/@modelcontextprotocol/sdk/package.json').version"), mcp $("$python" -c 'from importlib.metadata import version; print(version("mcp"))')"
echo "oauth e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
