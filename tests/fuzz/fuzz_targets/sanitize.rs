//! libFuzzer target: the sanitizer properties in `checks/sanitize.rs` (shared with the stable
//! short pass, `tests/tests/fuzz_smoke.rs`).
#![no_main]

#[path = "../checks/sanitize.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check(data));
