#!/usr/bin/env bash
# Benchmark harness for zscaler-mcp (issue 10). Builds what it needs in release, starts the
# Zscaler simulator and the server on free loopback ports, measures every figure, stops
# everything it started, and writes infra/bench/BENCHMARKS.md.
#
#   bash infra/bench/run.sh
#
# Needs: cargo, python3, curl, wrk (Debian package; installed with apt-get when missing and
# running as root), cargo-lambda (the repo's .venv, or pip-installed into
# infra/bench/target/venv). Every load is bounded in request count and time, and only
# loopback addresses are targeted. On an idle 2-core machine a run takes about 2.5 min when
# the release builds are up to date (85 s of it is the 429 load run, whose retries wait for
# Retry-After), plus 3-4 min when the server must be rebuilt and as long again for the Lambda
# zip; on a machine busy with other builds it can take 25 min.
#
# Knobs (environment): BENCH_STARTUP_RUNS (25) BENCH_MIXED_CALLS (1000)
#   BENCH_LATENCY_CALLS (2000 per round) BENCH_LATENCY_ROUNDS (3) BENCH_LOAD_CALLS (10000)
#   BENCH_LOAD_CONCURRENCY (32) BENCH_FAULT_EVERY (9: one 429 per 9 good upstream answers,
#   i.e. 10% of them) BENCH_NICE (-10: priority of the measured processes, to damp other work
#   on the machine; 0 when not permitted) BENCH_SKIP_BUILD=1 (measure the binaries already
#   built) BENCH_SKIP_LAMBDA=1 BENCH_SKIP_SANITIZER=1
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/../.." && pwd)
OUT=$BENCH/target/results
BIN=$BENCH/target/bin
LOG=$OUT/logs
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-25}
MIXED_CALLS=${BENCH_MIXED_CALLS:-1000}
LAT_CALLS=${BENCH_LATENCY_CALLS:-2000}
LAT_ROUNDS=${BENCH_LATENCY_ROUNDS:-3}
LOAD_CALLS=${BENCH_LOAD_CALLS:-10000}
LOAD_CONC=${BENCH_LOAD_CONCURRENCY:-32}
FAULT_EVERY=${BENCH_FAULT_EVERY:-9}
NICE=${BENCH_NICE:--10}
WARMUP=200

# Nothing from the caller's environment may change the server under test.
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(ZSCALER_|ZCELL_|RUST_LOG$|SSL_CERT_)' || true)

rm -rf "$OUT"
mkdir -p "$OUT" "$BIN" "$LOG" "$OUT/wrk"
started_at=$(date +%s)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ------------------------------------------------------------------ process bookkeeping
PIDS=()
stop_pid() {
    local pid=$1
    kill -0 "$pid" 2>/dev/null || return 0
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Measured processes run at the benchmark priority (normal priority when not permitted).
[ "$(nice -n "$NICE" nice 2>/dev/null)" = "$(($(nice) + NICE))" ] || NICE=0
prio() { nice -n "$NICE" "$@"; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
note_load() { echo "{\"phase\":\"$1\",\"loadavg\":\"$(loadavg)\",\"t\":$(($(date +%s) - started_at))}" >> "$OUT/load.jsonl"; }

wait_for_line() { # file pattern seconds
    local i
    for i in $(seq 1 $(($3 * 20))); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# ------------------------------------------------------------------ tools
command -v python3 >/dev/null || die "python3 is required"
command -v curl >/dev/null || die "curl is required"
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing wrk (Debian package)"
        (apt-get update -qq && apt-get install -y -qq wrk) >"$LOG/apt.log" 2>&1 || true
    fi
fi
HAVE_WRK=0
command -v wrk >/dev/null && HAVE_WRK=1
[ "$HAVE_WRK" = 1 ] || log "wrk not available: latency runs fall back to mcpbench (Rust, one connection)"

# ------------------------------------------------------------------ machine
{
    echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
    echo "cpus=$(nproc)"
    echo "threads_per_core=$(lscpu 2>/dev/null | sed -n 's/^Thread(s) per core:[[:space:]]*//p' | head -1)"
    echo "mem_total_kb=$(sed -n 's/^MemTotal:[[:space:]]*\([0-9]*\).*/\1/p' /proc/meminfo)"
    echo "kernel=$(uname -sr)"
    echo "os=$(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-unknown}")"
    echo "rustc=$(rustc --version 2>/dev/null)"
    echo "wrk=$( (wrk --version 2>&1 || true) | head -1)"
    echo "git_commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "git_dirty_files=$(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l)"
    echo "nice=$NICE"
    echo "fault_every=$FAULT_EVERY"
    echo "loadavg_start=$(loadavg)"
} > "$OUT/machine.env"
note_load start

# ------------------------------------------------------------------ builds
build_times=()
timed() { # name cmd...
    local name=$1 t0 t1
    shift
    t0=$(date +%s.%N)
    "$@" || return 1
    t1=$(date +%s.%N)
    build_times+=("$name=$(python3 -c "print(round($t1-$t0,1))")")
}
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    log "building zscaler-mcp and zscaler-sim (release, $ROOT/target)"
    timed server_and_sim bash -c "cd '$ROOT' && cargo build --release -q -p zscaler-mcp -p zscaler-sim --bin zscaler-mcp --bin zscaler-sim" \
        || die "release build of the server failed"
    log "building the bench tools and baselines (release, $BENCH/target)"
    [ -f "$BENCH/Cargo.lock" ] || cp "$ROOT/Cargo.lock" "$BENCH/Cargo.lock"
    timed bench_tools cargo build --release -q --manifest-path "$BENCH/Cargo.toml" --target-dir "$BENCH/target" \
        || die "build of the bench tools failed"
fi
printf '%s\n' "${build_times[@]:-}" > "$OUT/build_times.env"
# Measure a snapshot: others may rebuild target/release while this runs.
# rm first: a copy of an earlier run may still be executing (cp would fail with ETXTBSY).
for b in zscaler-mcp zscaler-sim; do rm -f "$BIN/$b" && cp "$ROOT/target/release/$b" "$BIN/$b"; done
for b in baseline-hyper baseline-std mcpbench; do rm -f "$BIN/$b" && cp "$BENCH/target/release/$b" "$BIN/$b"; done
{
    for b in zscaler-mcp zscaler-sim baseline-hyper baseline-std; do
        echo "size_$b=$(stat -c %s "$BIN/$b")"
    done
} > "$OUT/sizes.env"
# Relative relocations the loader applies at every start of the server (report: the start-up gap).
echo "relative=$( (readelf -rW "$BIN/zscaler-mcp" 2>/dev/null || true) | grep -c '_RELATIVE' || true)" > "$OUT/relocs.env"
MCPBENCH=$BIN/mcpbench

# ------------------------------------------------------------------ simulator
log "starting the simulator"
nice -n "$NICE" "$BIN/zscaler-sim" --port 0 > "$LOG/sim.out" 2>&1 &
PIDS+=($!)
wait_for_line "$LOG/sim.out" "listening on" 10 || die "simulator did not start: $(cat "$LOG/sim.out")"
SIM=$(sed -n 's/^zscaler-sim listening on //p' "$LOG/sim.out" | head -1)
case "$SIM" in http://127.*) ;; *) die "simulator is not on loopback: $SIM" ;; esac

SERVER_ENV=(
    ZSCALER_CLIENT_ID=sandbox-client
    ZSCALER_CLIENT_SECRET=sandbox-secret
    ZSCALER_VANITY_DOMAIN=sandbox
    ZSCALER_CUSTOMER_ID=sandbox-customer
    ZSCALER_MCP_API_BASE_URL="$SIM"
    ZSCALER_MCP_TOKEN_URL="$SIM/oauth2/v1/token"
    ZSCALER_MCP_AUTH_ENABLED=false
    ZSCALER_MCP_HOST=127.0.0.1
    # The full tool list (the heavier workload, comparable across runs); the default
    # discovery surface lists 2-3 tools. Results stay in the default (compact) format.
    ZSCALER_MCP_TOOL_SURFACE=full
)
ALL_TOOLS_KEY=$(python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')
ALL_TOOLS_ENV=(
    ZSCALER_MCP_WRITE_ENABLED=true
    "ZSCALER_MCP_WRITE_TOOLS=*"
    ZSCALER_MCP_REQUEST_STATE_KEYS="$ALL_TOOLS_KEY"
    ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER=true
)

SERVER_PID=""
SERVER_URL=""
start_server() { # name [VAR=value ...]
    local name=$1
    shift
    env "${SERVER_ENV[@]}" "$@" nice -n "$NICE" "$BIN/zscaler-mcp" --transport streamable-http --port 0 > "$LOG/server-$name.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    wait_for_line "$LOG/server-$name.log" "listening on" 15 \
        || die "server $name did not start: $(tail -5 "$LOG/server-$name.log")"
    SERVER_URL=$(sed -n 's/^zscaler-mcp listening on //p' "$LOG/server-$name.log" | head -1)
    case "$SERVER_URL" in http://127.*/mcp) ;; *) die "unexpected server URL: $SERVER_URL" ;; esac
}

MCP_HEADERS=(-H 'content-type: application/json' -H 'accept: application/json, text/event-stream' -H 'mcp-protocol-version: 2025-06-18')
mcp_call() { curl -sS --max-time 30 "$SERVER_URL" "${MCP_HEADERS[@]}" -d "$1"; }

# wrk (or the mcpbench fallback) at concurrency 1: name url method body-file expect reject headers
latency_run() {
    local name=$1 url=$2 method=$3 body=$4 expect=$5 reject=$6 headers=$7 calls=${8:-$LAT_CALLS}
    if [ "$HAVE_WRK" = 1 ]; then
        WRK_CALLS=$calls WRK_METHOD=$method WRK_BODY_FILE=$body WRK_EXPECT=$expect WRK_REJECT=$reject \
            WRK_HEADERS=$headers prio wrk -t1 -c1 -d120s --timeout 30s -s "$BENCH/wrk/bounded.lua" "$url" \
            > "$OUT/wrk/$name.txt" 2>&1 || true
        grep '^{"tool":"wrk"' "$OUT/wrk/$name.txt" | tail -1 > "$OUT/wrk/$name.json"
    else
        local hargs=() h
        IFS='|' read -ra hs <<< "$headers"
        for h in "${hs[@]}"; do [ -n "$h" ] && hargs+=(--header "$h"); done
        local bargs=()
        [ -n "$body" ] && bargs=(--body-file "$body")
        prio "$MCPBENCH" latency --url "$url" --method "$method" "${bargs[@]}" "${hargs[@]}" \
            --calls "$calls" --out "$OUT/wrk/$name.json"
    fi
    [ -s "$OUT/wrk/$name.json" ] || die "latency run $name produced no result: $(tail -3 "$OUT/wrk/$name.txt" 2>/dev/null)"
}
MCP_WRK_HEADERS='Content-Type: application/json|Accept: application/json, text/event-stream|MCP-Protocol-Version: 2025-06-18'

# ------------------------------------------------------------------ 1. start -> first answer
log "start -> first initialize answer: $STARTUP_RUNS interleaved runs each"
note_load startup
env "${SERVER_ENV[@]}" nice -n "$NICE" "$MCPBENCH" startup --runs "$STARTUP_RUNS" --out "$OUT/startup.json" \
    --target "zscaler-mcp=$BIN/zscaler-mcp --transport streamable-http --port {port}" \
    --target "baseline-hyper=$BIN/baseline-hyper --port {port}" \
    --target "baseline-std=$BIN/baseline-std --port {port}" \
    --target "diag: zscaler-mcp --sandbox=$BIN/zscaler-mcp --transport streamable-http --sandbox --port {port}"

# ------------------------------------------------------------------ 2. RSS after mixed calls
log "RSS after $MIXED_CALLS mixed calls"
note_load rss
start_server rss
RSS_START_KB=$(awk '/^VmRSS/{print $2}' "/proc/$SERVER_PID/status")
# Ids for the get tools, from the seeded tenant.
LOC_ID=$(mcp_call '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zia_list_locations","arguments":{"query":"[0].id"}}}' \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(json.loads(r["content"][0]["text"]))') \
    || die "could not read a ZIA location id"
SEG_ID=$(mcp_call '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{"query":"[0].id"}}}' \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(json.loads(r["content"][0]["text"]))') \
    || die "could not read a ZPA segment group id"
python3 - "$OUT" "$LOC_ID" "$SEG_ID" <<'PY'
import json, sys
out, loc, seg = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def call(name, args, expect="ok", product=None):
    return {"body": {"method": "tools/call", "params": {"name": name, "arguments": args}},
            "expect": expect, "product": product}
reads = [
    {"body": {"method": "tools/list", "params": {}}, "expect": "ok", "product": None},
    call("zia_list_locations", {}, product="zia"),
    call("zia_get_location", {"location_id": loc}, product="zia"),
    call("zpa_list_application_segments", {}, product="zpa"),
    call("zpa_list_segment_groups", {}, product="zpa"),
    call("zpa_get_segment_group", {"group_id": seg}, product="zpa"),
    call("zia_list_rule_labels", {}, product="zia"),
    call("zia_list_locations", {"query": "[].name"}, product="zia"),
    call("zpa_list_server_groups", {}, product="zpa"),
]
bad = call("zia_get_location", {"location_id": "not-a-number"}, expect="tool_error", product=None)
json.dump(reads + [bad], open(f"{out}/mix-mixed.json", "w"), indent=1)
json.dump(reads, open(f"{out}/mix-load.json", "w"), indent=1)
PY
prio "$MCPBENCH" mixed --url "$SERVER_URL" --mix "$OUT/mix-mixed.json" --calls "$MIXED_CALLS" \
    --pid "$SERVER_PID" --time-limit-s 180 --out "$OUT/mixed.json"
python3 - "$OUT/mixed.json" "$RSS_START_KB" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p)); d["rss_at_start_kb"] = int(sys.argv[2])
json.dump(d, open(p, "w"), indent=1)
PY

# ------------------------------------------------------------------ 3. overhead per warm tools/call
log "server overhead per warm tools/call: direct vs through the server, $LAT_ROUNDS x $LAT_CALLS each"
note_load overhead
TOKEN=$(curl -sS --max-time 10 -X POST "$SIM/oauth2/v1/token" \
    -d grant_type=client_credentials -d client_id=sandbox-client -d client_secret=sandbox-secret \
    --data-urlencode audience=https://api.zscaler.com | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') \
    || die "no token from the simulator"
DIRECT_URL="$SIM/zia/api/v1/locations/$LOC_ID"
printf '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"zia_get_location","arguments":{"location_id":%s}}}' "$LOC_ID" > "$OUT/body-get-location.json"
# Sanity: one tools/call = exactly one upstream request (token cached).
curl -sS -X DELETE "$SIM/__sim/requests" >/dev/null
for _ in 1 2 3 4 5; do mcp_call "@$OUT/body-get-location.json" >/dev/null; done
curl -sS "$SIM/__sim/requests" > "$OUT/upstream-check.json"
latency_run warm-direct "$DIRECT_URL" GET "" '"id"' "" "Authorization: Bearer $TOKEN|Accept: application/json" "$WARMUP"
latency_run warm-server "$SERVER_URL" POST "$OUT/body-get-location.json" '"result"' '"isError":true' "$MCP_WRK_HEADERS" "$WARMUP"
for r in $(seq 1 "$LAT_ROUNDS"); do
    latency_run "direct-$r" "$DIRECT_URL" GET "" '"id"' "" "Authorization: Bearer $TOKEN|Accept: application/json"
    latency_run "server-$r" "$SERVER_URL" POST "$OUT/body-get-location.json" '"result"' '"isError":true' "$MCP_WRK_HEADERS"
done
awk '/^VmRSS|^VmHWM/{print $1 $2}' "/proc/$SERVER_PID/status" > "$OUT/rss-after-overhead.txt"
stop_pid "$SERVER_PID"
curl -sS -X DELETE "$SIM/__sim/requests" >/dev/null

# ------------------------------------------------------------------ 4. tools/list, every tool
log "tools/list with every tool enabled vs ping, $LAT_ROUNDS x $LAT_CALLS each"
note_load tools_list
start_server all "${ALL_TOOLS_ENV[@]}"
echo '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}' > "$OUT/body-tools-list.json"
echo '{"jsonrpc":"2.0","id":1,"method":"ping"}' > "$OUT/body-ping.json"
mcp_call "@$OUT/body-tools-list.json" > "$OUT/tools-list-response.json"
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
raw = open(f"{out}/tools-list-response.json", "rb").read()
tools = json.loads(raw)["result"]["tools"]
json.dump({"response_bytes": len(raw), "tools": len(tools),
           "write_tools": sum(1 for t in tools if not (t.get("annotations") or {}).get("readOnlyHint", False))},
          open(f"{out}/tools-list-info.json", "w"))
PY
latency_run warm-ping "$SERVER_URL" POST "$OUT/body-ping.json" '"result"' "" "$MCP_WRK_HEADERS" "$WARMUP"
latency_run warm-list "$SERVER_URL" POST "$OUT/body-tools-list.json" '"tools"' "" "$MCP_WRK_HEADERS" "$WARMUP"
for r in $(seq 1 "$LAT_ROUNDS"); do
    latency_run "ping-$r" "$SERVER_URL" POST "$OUT/body-ping.json" '"result"' "" "$MCP_WRK_HEADERS"
    latency_run "list-$r" "$SERVER_URL" POST "$OUT/body-tools-list.json" '"tools"' "" "$MCP_WRK_HEADERS"
done
awk '/^VmRSS|^VmHWM/{print $1 $2}' "/proc/$SERVER_PID/status" > "$OUT/rss-after-tools-list.txt"
stop_pid "$SERVER_PID"
# Floor for comparison: the same response bytes served as a constant by the hyper baseline,
# against its small fixed answer (what remains if the listing were pre-serialised).
for kind in small large; do
    bargs=()
    [ "$kind" = large ] && bargs=(--body-file "$OUT/tools-list-response.json")
    nice -n "$NICE" "$BIN/baseline-hyper" --port 0 "${bargs[@]}" > "$LOG/static-$kind.log" 2>&1 &
    STATIC_PID=$!
    PIDS+=("$STATIC_PID")
    wait_for_line "$LOG/static-$kind.log" "listening on" 10 || die "baseline-hyper did not start"
    STATIC_URL="$(sed -n 's/^baseline-hyper listening on //p' "$LOG/static-$kind.log" | head -1)/mcp"
    latency_run "warm-static-$kind" "$STATIC_URL" POST "$OUT/body-ping.json" '"result"' "" "$MCP_WRK_HEADERS" "$WARMUP"
    for r in $(seq 1 "$LAT_ROUNDS"); do
        latency_run "static-$kind-$r" "$STATIC_URL" POST "$OUT/body-ping.json" '"result"' "" "$MCP_WRK_HEADERS"
    done
    stop_pid "$STATIC_PID"
done

# ------------------------------------------------------------------ 5. bounded load runs
log "load: $LOAD_CALLS calls at concurrency $LOAD_CONC"
note_load load
start_server load
curl -sS -X DELETE "$SIM/__sim/requests" >/dev/null
curl -sS -X DELETE "$SIM/__sim/faults" >/dev/null
prio "$MCPBENCH" load --url "$SERVER_URL" --mix "$OUT/mix-load.json" --calls "$LOAD_CALLS" \
    --concurrency "$LOAD_CONC" --pid "$SERVER_PID" --sample-ms 100 --time-limit-s 300 \
    --request-timeout-s 30 --out "$OUT/load.json"
curl -sS "$SIM/__sim/requests" | python3 -c '
import json,sys,collections; log=json.load(sys.stdin)
print(json.dumps({"upstream_requests": len(log), "by_status": collections.Counter(str(r["status"]) for r in log)}))' \
    > "$OUT/load-upstream.json"
curl -sS -X DELETE "$SIM/__sim/requests" >/dev/null

log "load with 1 upstream 429 per $FAULT_EVERY upstream calls: $LOAD_CALLS calls at concurrency $LOAD_CONC"
note_load load_faults
sleep 2
prio "$MCPBENCH" load --url "$SERVER_URL" --mix "$OUT/mix-load.json" --calls "$LOAD_CALLS" \
    --concurrency "$LOAD_CONC" --pid "$SERVER_PID" --sample-ms 100 --time-limit-s 300 \
    --request-timeout-s 30 --fault-sim "$SIM" --fault-every "$FAULT_EVERY" --out "$OUT/load-faults.json"
curl -sS "$SIM/__sim/requests" | python3 -c '
import json,sys,collections; log=json.load(sys.stdin)
print(json.dumps({"upstream_requests": len(log), "by_status": collections.Counter(str(r["status"]) for r in log)}))' \
    > "$OUT/load-faults-upstream.json"
curl -sS "$SIM/__sim/faults" | python3 -c 'import json,sys; print(json.dumps({"faults_left": len(json.load(sys.stdin))}))' \
    > "$OUT/load-faults-left.json"
curl -sS -X DELETE "$SIM/__sim/faults" >/dev/null
curl -sS -X DELETE "$SIM/__sim/requests" >/dev/null
grep -c '"level":"WARN"\|"level":"ERROR"' "$LOG/server-load.log" > "$OUT/load-server-warnings.txt" || true
stop_pid "$SERVER_PID"
note_load load_done

# ------------------------------------------------------------------ 6. Lambda bootstrap zip
if [ "${BENCH_SKIP_LAMBDA:-0}" != 1 ]; then
    log "Lambda bootstrap zip (x86_64; cargo lambda build --release --output-format zip)"
    note_load lambda
    LAMBDA_PATH="$ROOT/.venv/bin"
    if [ ! -x "$LAMBDA_PATH/cargo-lambda" ]; then
        LAMBDA_PATH="$BENCH/target/venv/bin"
        if [ ! -x "$LAMBDA_PATH/cargo-lambda" ]; then
            log "installing cargo-lambda into $BENCH/target/venv (PyPI)"
            python3 -m venv "$BENCH/target/venv" && "$LAMBDA_PATH/pip" install -q cargo-lambda==1.9.2 \
                > "$LOG/pip.log" 2>&1 || log "cargo-lambda could not be installed"
        fi
    fi
    if [ -x "$LAMBDA_PATH/cargo-lambda" ]; then
        t0=$(date +%s)
        if (cd "$ROOT" && PATH="$LAMBDA_PATH:$PATH" cargo lambda build --release --bin zscaler-mcp-lambda \
                --output-format zip) > "$LOG/lambda-build.log" 2>&1; then
            python3 - "$ROOT/target/lambda/zscaler-mcp-lambda/bootstrap.zip" "$(($(date +%s) - t0))" > "$OUT/lambda.json" <<'PY'
import json, os, subprocess, sys, zipfile
p = sys.argv[1]
z = zipfile.ZipFile(p)
info = {i.filename: i.file_size for i in z.infolist()}
arch = "unknown"
try:
    with z.open("bootstrap") as f:
        head = f.read(20)
    arch = {62: "x86_64", 183: "aarch64"}.get(int.from_bytes(head[18:20], "little"), "other")
except KeyError:
    pass
print(json.dumps({"zip": p, "zip_bytes": os.path.getsize(p), "entries": info, "arch": arch,
                  "build_s": int(sys.argv[2])}))
PY
        else
            echo "{\"error\": \"cargo lambda build failed; see target/results/logs/lambda-build.log\"}" > "$OUT/lambda.json"
        fi
    else
        echo '{"error": "cargo-lambda not available"}' > "$OUT/lambda.json"
    fi
fi

# ------------------------------------------------------------------ 7. sanitizer (if present)
if [ "${BENCH_SKIP_SANITIZER:-0}" != 1 ] && [ -f "$ROOT/shared/src/sanitize.rs" ]; then
    log "sanitizer throughput"
    note_load sanitizer
    SAN="$BENCH/sanitize"
    [ -f "$SAN/Cargo.lock" ] || cp "$ROOT/Cargo.lock" "$SAN/Cargo.lock"
    if cargo build --release -q --manifest-path "$SAN/Cargo.toml" --target-dir "$BENCH/target" \
            > "$LOG/sanitize-build.log" 2>&1 \
        || { grep -q 'pub mod sanitize' "$ROOT/shared/src/lib.rs" \
             && cargo build --release -q --manifest-path "$SAN/Cargo.toml" --target-dir "$BENCH/target" \
                    --features via-shared >> "$LOG/sanitize-build.log" 2>&1; }; then
        prio "$BENCH/target/release/zscaler-mcp-sanitize-bench" 500,20000 > "$OUT/sanitize.json" \
            || echo '{"error": "the sanitizer bench failed"}' > "$OUT/sanitize.json"
    else
        echo '{"error": "the sanitizer bench did not build; see target/results/logs/sanitize-build.log"}' > "$OUT/sanitize.json"
    fi
fi

# ------------------------------------------------------------------ report
cleanup
PIDS=()
note_load end
echo "total_s=$(($(date +%s) - started_at))" >> "$OUT/machine.env"
echo "loadavg_end=$(loadavg)" >> "$OUT/machine.env"
python3 "$BENCH/report.py" "$OUT" > "$BENCH/BENCHMARKS.md"
log "wrote $BENCH/BENCHMARKS.md"
grep -m 40 -E '^\| ' "$BENCH/BENCHMARKS.md" >&2
