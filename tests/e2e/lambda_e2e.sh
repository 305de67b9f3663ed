#!/usr/bin/env bash
# End-to-end through the Lambda runtime emulator: `cargo lambda watch` runs the function
# (Function URL emulation, payload 2.0), the Zscaler simulator sits behind it, and the
# official MCP Python SDK client drives initialize -> tools/list -> tools/call in both
# protocol eras. Needs the venv from tests/run.sh (cargo-lambda, mcp).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/.venv"
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cd "$root"
cargo build -q -p zscaler-sim --bin zscaler-sim
"$root/target/debug/zscaler-sim" --port 0 > "$work/sim.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q "listening on" "$work/sim.out" && break; sleep 0.1; done
sim_url=$(sed -n 's/^zscaler-sim listening on //p' "$work/sim.out" | head -1)
[ -n "$sim_url" ] || { echo "simulator did not start"; cat "$work/sim.out"; exit 1; }

port=$(free_port)
cat > "$work/lambda.env" <<ENV
ZSCALER_CLIENT_ID=sandbox-client
ZSCALER_CLIENT_SECRET=sandbox-secret
ZSCALER_VANITY_DOMAIN=sandbox
ZSCALER_CUSTOMER_ID=sandbox-customer
ZSCALER_MCP_API_BASE_URL=$sim_url
ZSCALER_MCP_TOKEN_URL=$sim_url/oauth2/v1/token
ZSCALER_MCP_ALLOWED_HOSTS=127.0.0.1:$port
ZSCALER_MCP_AUTH_MODE=api-key
ZSCALER_MCP_AUTH_API_KEY=e2e-api-key-0123456789abcdef
ENV

PATH="$venv/bin:$PATH" cargo lambda watch --bin zscaler-mcp-lambda -A 127.0.0.1 -P "$port" \
    --ignore-changes --env-file "$work/lambda.env" > "$work/watch.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port/lambda-url/zscaler-mcp-lambda"
ready=""
for _ in $(seq 1 600); do
    if "$venv/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base/health" 2>/dev/null; then
        ready=1; break
    fi
    sleep 1
done
[ -n "$ready" ] || { echo "cargo lambda watch did not serve the function"; tail -50 "$work/watch.log"; exit 1; }

E2E_API_KEY=e2e-api-key-0123456789abcdef \
    "$venv/bin/python" "$root/tests/e2e/mcp_client.py" "$base/mcp" "$sim_url" legacy 2026-07-28
