#!/usr/bin/env bash
# Runs every test: the Rust workspace tests, then the end-to-end run through the Lambda
# emulator with the official MCP Python client. Creates .venv with the pinned Python tools
# on first use, so it works on a fresh machine with only Rust and Python 3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

venv="$root/.venv"
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$root/tests/e2e/requirements.txt" "$stamp"; then
    echo "== setting up $venv (Python test tools)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/tests/e2e/requirements.txt"
    cp "$root/tests/e2e/requirements.txt" "$stamp"
fi
export PATH="$venv/bin:$PATH"

# Each section's wall time, printed at the end (the budget is watched per suite).
timings=()
section() {
    local name=$1 start=$SECONDS
    shift
    "$@"
    timings+=("$(printf '%5d s  %s' $((SECONDS - start)) "$name")")
}

echo "== cargo test (workspace)"
section "cargo test (workspace)" bash -o pipefail -c \
    'cargo test --workspace --quiet 2>&1 | tee "${TMPDIR:-/tmp}/zscaler-mcp-cargo-test.log"'

echo "== end-to-end: cargo lambda watch + MCP Python SDK client"
section "end-to-end through cargo lambda watch" bash "$root/tests/e2e/lambda_e2e.sh"

# Pinned npm harnesses: `npm ci` only when the lockfile changed since the last install.
npm_harness() {
    local dir=$1
    if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-lock"; then
        npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
        cp "$dir/package-lock.json" "$dir/node_modules/.installed-lock"
    fi
    bash "$dir/run.sh"
}

echo "== conformance: official MCP conformance suite (pinned) against the sandbox server"
section "conformance suite" npm_harness "$root/tests/conformance"

echo "== OAuth 2.1 end-to-end: oidc-provider + the MCP TypeScript and Python SDK clients, jwt and oidc-proxy modes, locally and through cargo lambda watch"
section "OAuth 2.1 end-to-end" npm_harness "$root/tests/e2e/oauth"

# Optional coverage-guided runs (nightly + cargo-fuzz): FUZZ_SECONDS=60 bash tests/run.sh
if [ "${FUZZ_SECONDS:-0}" -gt 0 ]; then
    if cargo +nightly fuzz --version > /dev/null 2>&1; then
        for target in sanitize request_entry query; do
            echo "== cargo fuzz: $target for ${FUZZ_SECONDS}s"
            cargo +nightly fuzz run --fuzz-dir tests/fuzz "$target" \
                "tests/fuzz/corpus/$target" "tests/fuzz/seeds/$target" -- \
                -max_total_time="$FUZZ_SECONDS" -dict="tests/fuzz/dictionaries/$target.dict" \
                -print_final_stats=1 2>&1 | grep -E '^(stat::number_of_executed_units|Done|==[0-9]+==)' || true
            [ -z "$(ls -A tests/fuzz/artifacts/$target 2>/dev/null)" ] \
                || { echo "fuzz: $target left a crash in tests/fuzz/artifacts/$target"; exit 1; }
        done
    else
        echo "== FUZZ_SECONDS set, but nightly Rust with cargo-fuzz is not installed: skipped"
    fi
fi

echo "== wall time per section"
printf '%s\n' "${timings[@]}"
