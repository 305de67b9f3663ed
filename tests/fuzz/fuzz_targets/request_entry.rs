//! libFuzzer target: raw bytes as the body of `POST /mcp` through the HTTP entry, with the
//! properties in `checks/request_entry.rs` (shared with the stable short pass,
//! `tests/tests/fuzz_smoke.rs`).
#![no_main]
#![recursion_limit = "256"]

#[path = "../checks/request_entry.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check(data));
