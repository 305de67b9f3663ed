#!/usr/bin/env bash
# Runs the official MCP conformance suite (server scenarios, pinned in package-lock.json)
# against the local server on the built-in sandbox, in both protocol eras: 2025-06-18 and
# 2025-11-25 (initialize handshake) and 2026-07-28 (stateless, per-request _meta). Every
# failing check must be listed in not-applicable.txt with its reason (judge.mjs).
# Needs `npm ci --prefix tests/conformance` once (it brings its own Node 22); then offline.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
node="$here/node_modules/.bin/node"
suite="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"
if [ ! -x "$node" ] || [ ! -f "$suite" ]; then
    echo "conformance: the suite is not installed; run: npm ci --prefix tests/conformance" >&2
    exit 2
fi

cargo build --quiet -p zscaler-mcp --manifest-path "$root/Cargo.toml"
bin="$root/target/debug/zscaler-mcp"

work=$(mktemp -d "${TMPDIR:-/tmp}/zscaler-mcp-conformance.XXXXXX")
server_pid=
cleanup() {
    status=$?
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "conformance: results kept in $work" >&2; fi
}
trap cleanup EXIT

# Loopback only, a free port, and no client authentication: what a local developer runs
# (the sandbox turns it off on loopback anyway; the suite cannot authenticate).
ZSCALER_MCP_AUTH_ENABLED=false "$bin" --transport streamable-http --sandbox \
    --host 127.0.0.1 --port 0 > "$work/server.log" 2>&1 &
server_pid=$!
url=
for _ in $(seq 1 300); do
    url=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*/mcp' "$work/server.log" | head -n 1 | cut -d' ' -f3 || true)
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "conformance: the server exited" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { cat "$work/server.log" >&2; echo "conformance: the server did not start" >&2; exit 1; }

start=$(date +%s)
# The suite's own exit code only covers what it scores; judge.mjs decides.
run_era() {
    local era=$1
    shift
    "$node" "$suite" server --url "$url" "$@" -o "$work/$era" > "$work/$era.log" 2>&1 || true
}
run_era 2025-06-18 --spec-version 2025-06-18
run_era 2025-11-25 --requirements 2025-11-25
run_era 2026-07-28 --requirements 2026-07-28

echo "== conformance: @modelcontextprotocol/conformance $("$node" "$suite" --version) against $url ($(( $(date +%s) - start )) s)"
"$node" "$here/judge.mjs" "$here/not-applicable.txt" \
    "2025-06-18=$work/2025-06-18" "2025-11-25=$work/2025-11-25" "2026-07-28=$work/2026-07-28"
