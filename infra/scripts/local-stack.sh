#!/usr/bin/env bash
# A local stand-in for the deployed stack, on loopback only:
#   moto_server (Secrets Manager) + the Zscaler simulator + the credentials secret created by
#   secrets.py + `cargo lambda watch` running the Lambda function (Function URL emulation,
#   payload 2.0) configured like template.yaml: ZSCALER_SECRET_NAME, api-key auth, the
#   upstream budget under the function timeout.
# Prints the MCP URL and where the API key is; Ctrl-C stops everything.
#
#   bash infra/scripts/local-stack.sh [--port PORT] [--ready-only]
#
# --ready-only: start everything, check that the function answers an MCP request through
# the emulator, then stop (a smoke test). Needs the venv from tests/run.sh (.venv with
# cargo-lambda, moto[server], boto3).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/.venv"
port=""
ready_only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port=$2; shift 2 ;;
        --ready-only) ready_only=1; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
for tool in python moto_server cargo-lambda; do
    [ -x "$venv/bin/$tool" ] || { echo "missing $venv/bin/$tool: run bash tests/run.sh once (it creates .venv)" >&2; exit 1; }
done

work=$(mktemp -d)
chmod 700 "$work"
pids=()
cleanup() {
    trap - EXIT INT TERM
    # Stop only what this script started, by process id (children of cargo lambda watch
    # are in its process group, started with setsid below).
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'echo; echo "stopping"; exit 0' INT TERM

free_port() { "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # file pattern seconds
    for _ in $(seq 1 $(( $3 * 10 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

cd "$root"

# 1. Secrets Manager
moto_port=$(free_port)
setsid "$venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" > "$work/moto.log" 2>&1 &
pids+=($!)
moto_url="http://127.0.0.1:$moto_port"
for _ in $(seq 1 100); do
    "$venv/bin/python" -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$moto_port" 2>/dev/null && break
    sleep 0.1
done
echo "moto_server (Secrets Manager) on $moto_url"

# 2. The Zscaler simulator
echo "building the simulator..."
cargo build -q -p zscaler-sim --bin zscaler-sim
setsid "$root/target/debug/zscaler-sim" --port 0 > "$work/sim.log" 2>&1 &
pids+=($!)
wait_for "$work/sim.log" "listening on" 30 || { echo "simulator did not start"; cat "$work/sim.log"; exit 1; }
sim_url=$(sed -n 's/^zscaler-sim listening on //p' "$work/sim.log" | head -1)
echo "zscaler-sim on $sim_url"

# 3. The credentials secret, as in AWS: credentials + key ring + a generated API key.
export AWS_ENDPOINT_URL_SECRETS_MANAGER="$moto_url" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
secret=zscaler-mcp/local
ZSCALER_CLIENT_ID=sandbox-client ZSCALER_CLIENT_SECRET=sandbox-secret \
ZSCALER_VANITY_DOMAIN=sandbox ZSCALER_CUSTOMER_ID=sandbox-customer \
    "$venv/bin/python" "$root/infra/scripts/secrets.py" create "$secret" --from-env \
    --generate-api-key "$work/api-key" | sed 's/^/  /'

# 4. The function under the Lambda emulator, configured like template.yaml.
[ -n "$port" ] || port=$(free_port)
cat > "$work/lambda.env" <<ENV
ZSCALER_SECRET_NAME=$secret
AWS_REGION=us-east-1
AWS_ENDPOINT_URL_SECRETS_MANAGER=$moto_url
AWS_ACCESS_KEY_ID=test
AWS_SECRET_ACCESS_KEY=test
ZSCALER_MCP_API_BASE_URL=$sim_url
ZSCALER_MCP_TOKEN_URL=$sim_url/oauth2/v1/token
ZSCALER_MCP_AUTH_MODE=api-key
ZSCALER_MCP_UPSTREAM_BUDGET_MS=25000
ZSCALER_MCP_ALLOWED_HOSTS=127.0.0.1:$port,localhost:$port
ENV
echo "starting cargo lambda watch (the first build takes a while)..."
PATH="$venv/bin:$PATH" setsid cargo lambda watch --bin zscaler-mcp-lambda -A 127.0.0.1 -P "$port" \
    --ignore-changes --env-file "$work/lambda.env" > "$work/watch.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port/lambda-url/zscaler-mcp-lambda"
ready=""
for _ in $(seq 1 900); do
    if "$venv/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base/health" 2>/dev/null; then
        ready=1; break
    fi
    sleep 1
done
[ -n "$ready" ] || { echo "cargo lambda watch did not serve the function"; tail -50 "$work/watch.log"; exit 1; }

# One real MCP request through the emulator: tools/list with the API key.
count=$("$venv/bin/python" - "$base/mcp" "$work/api-key" <<'PY'
import json, sys, urllib.request
url, key_file = sys.argv[1], sys.argv[2]
key = open(key_file).read().strip()
req = urllib.request.Request(url, method="POST", data=json.dumps(
    {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}).encode(), headers={
    "content-type": "application/json", "accept": "application/json, text/event-stream",
    "mcp-protocol-version": "2025-06-18", "authorization": f"Bearer {key}"})
with urllib.request.urlopen(req, timeout=30) as r:
    print(len(json.load(r)["result"]["tools"]))
PY
)
echo
echo "MCP URL:  $base/mcp   ($count tools; api-key auth)"
echo "API key:  in $work/api-key (removed on exit), e.g."
echo "  curl -s $base/mcp -H \"authorization: Bearer \$(cat $work/api-key)\" \\"
echo "    -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' \\"
echo "    -H 'mcp-protocol-version: 2025-06-18' -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}'"
echo "Rotate the key ring: AWS_ENDPOINT_URL_SECRETS_MANAGER=$moto_url AWS_REGION=us-east-1 \\"
echo "  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test .venv/bin/python infra/scripts/secrets.py rotate-keys $secret"
echo "Logs: $work/{watch,sim,moto}.log"
[ -n "$ready_only" ] && exit 0
echo "Ctrl-C to stop."
wait
