#!/usr/bin/env bash
# Token benchmark (issue 19, item 1): what our server and the official Python server cost an
# agent in o200k_base tokens, on the same simulator data. Writes the "Tokens" section of
# infra/bench/BENCHMARKS.md (and infra/bench/tokens/TOKENS.md, which report.py keeps).
#
#   bash infra/bench/tokens/run.sh
#
# Needs: cargo, python3 (venv + pip, for the official server: tests/parity/.venv, created
# from tests/parity/requirements.txt on first use), node + npm (the tokenizer, pinned in
# package-lock.json). Not run by CI. Only loopback addresses are used; the token count runs
# without network (unshare -n) where the machine allows it.
#
# Knobs (environment): TOKENS_SKIP_BUILD=1 (use the debug binaries already built)
#   TOKENS_SCALES (1,10: list multipliers)
#   TOKENS_FORMATS (json,compact: our server's ZSCALER_MCP_RESULT_FORMAT values for the calls)
#   TOKENS_SPLICE=0 (write infra/bench/tokens/TOKENS.md only, leave BENCHMARKS.md as it is)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=$ROOT/infra/bench/target/tokens
VENV=$ROOT/tests/parity/.venv
SCALES=${TOKENS_SCALES:-1,10}
FORMATS=${TOKENS_FORMATS:-json,compact}

log() { printf '[tokens %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

mkdir -p "$OUT/bin"
if [ "${TOKENS_SKIP_BUILD:-0}" != 1 ]; then
    log "building zscaler-mcp and zscaler-sim (debug: token counts do not depend on the profile)"
    (cd "$ROOT" && cargo build -q -p zscaler-mcp -p zscaler-sim)
fi
# Copies, so a concurrent rebuild of target/debug cannot swap a binary mid-run.
cp "$ROOT/target/debug/zscaler-mcp" "$ROOT/target/debug/zscaler-sim" "$OUT/bin/"

if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV (the official server, pinned in tests/parity/requirements.txt)"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q -r "$ROOT/tests/parity/requirements.txt"
fi
if [ ! -d "$HERE/node_modules/gpt-tokenizer" ]; then
    log "installing the tokenizer (npm ci)"
    (cd "$HERE" && npm ci --no-audit --no-fund --silent)
fi

started=$(date +%s)
log "collecting tools/list and call texts from both servers (scales $SCALES, our formats $FORMATS)"
"$VENV/bin/python" "$HERE/measure.py" --sim "$OUT/bin/zscaler-sim" --server "$OUT/bin/zscaler-mcp" \
    --scales "$SCALES" --formats "$FORMATS" --out "$OUT/texts.json"

# The ranks ship in the npm package: prove it by counting with no network at all.
offline=()
if unshare -n true 2>/dev/null; then offline=(unshare -n); else log "unshare -n not permitted: counting with the network up"; fi
log "counting tokens ${offline[*]:+(${offline[*]})}"
"${offline[@]}" node "$HERE/count.mjs" "$OUT/texts.json" > "$OUT/counts.json"

splice=()
[ "${TOKENS_SPLICE:-1}" = 0 ] && splice=(--no-splice)
python3 "$HERE/render.py" "$OUT/counts.json" "$(($(date +%s) - started))" "${splice[@]}" > "$OUT/TOKENS.md"
if [ ${#splice[@]} -eq 0 ]; then
    log "wrote infra/bench/BENCHMARKS.md (Tokens) and infra/bench/tokens/TOKENS.md"
else
    log "wrote infra/bench/tokens/TOKENS.md (BENCHMARKS.md left as it is)"
fi
grep -E '^\| (default|all|\*\*total)' "$OUT/TOKENS.md" >&2
