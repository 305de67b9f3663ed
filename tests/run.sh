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

echo "== cargo test (workspace)"
cargo test --workspace --quiet 2>&1 | tee "${TMPDIR:-/tmp}/zscaler-mcp-cargo-test.log"

echo "== end-to-end: cargo lambda watch + MCP Python SDK client"
bash "$root/tests/e2e/lambda_e2e.sh"
