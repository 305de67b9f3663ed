#![recursion_limit = "256"]
//! The short fuzz pass of the README test command, on stable Rust: the same property checks
//! as the libFuzzer targets in `tests/fuzz/` (shared source under `tests/fuzz/checks/`), fed
//! with the committed seeds, any local libFuzzer corpus, and a deterministic mutation run
//! (bit flips, byte edits, dictionary tokens, splices). No coverage feedback: the long
//! coverage-guided runs are `cargo +nightly fuzz run` (see the README). Failures print the
//! input and its mutation seed so they reproduce.
//!
//! `FUZZ_SMOKE_ITERATIONS` scales the mutation run (default: sanitize 20,000; request entry
//! 3,000; query 1,500).

use std::path::{Path, PathBuf};

#[path = "../fuzz/checks/query.rs"]
mod query;
#[path = "../fuzz/checks/request_entry.rs"]
mod request_entry;
#[path = "../fuzz/checks/sanitize.rs"]
mod sanitize;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Every file in the directories, sorted by name (missing directories are skipped).
fn inputs(dirs: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flat_map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Tokens of a libFuzzer dictionary: quoted strings with `\\`, `\"` and `\xNN` escapes.
fn dictionary(path: &Path) -> Vec<Vec<u8>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut tokens = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let (Some(start), Some(end)) = (line.find('"'), line.rfind('"')) else {
            continue;
        };
        if end <= start {
            continue;
        }
        let raw = &line.as_bytes()[start + 1..end];
        let mut token = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            match (raw[i], raw.get(i + 1)) {
                (b'\\', Some(b'x')) if i + 3 < raw.len() => {
                    let hex = std::str::from_utf8(&raw[i + 2..i + 4]).unwrap_or("00");
                    token.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                    i += 4;
                }
                (b'\\', Some(&c)) => {
                    token.push(c);
                    i += 2;
                }
                (c, _) => {
                    token.push(c);
                    i += 1;
                }
            }
        }
        tokens.push(token);
    }
    tokens
}

/// A seeded generator (fastrand's wyrand), so a failing case is reproducible.
type Rng = fastrand::Rng;

/// A number below `n` (0 when `n` is 0).
fn below(rng: &mut Rng, n: usize) -> usize {
    rng.usize(..n.max(1))
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, pool: &[Vec<u8>], dict: &[Vec<u8>]) {
    for _ in 0..=below(rng, 4) {
        let len = input.len();
        match below(rng, 7) {
            0 if len > 0 => {
                let i = below(rng, len);
                input[i] ^= 1 << below(rng, 8);
            }
            1 if len > 0 => {
                let i = below(rng, len);
                input[i] = rng.u64(..) as u8;
            }
            2 => {
                let i = below(rng, len + 1);
                input.insert(i, rng.u64(..) as u8);
            }
            3 if len > 1 => {
                let i = below(rng, len);
                let n = 1 + below(rng, (len - i).min(16));
                input.drain(i..i + n);
            }
            4 if !dict.is_empty() => {
                let token = &dict[below(rng, dict.len())];
                let i = below(rng, len + 1);
                input.splice(i..i, token.iter().copied());
            }
            5 if len > 0 => {
                let i = below(rng, len);
                let n = 1 + below(rng, (len - i).min(32));
                let copy: Vec<u8> = input[i..i + n].to_vec();
                let at = below(rng, len + 1);
                input.splice(at..at, copy);
            }
            _ if !pool.is_empty() => {
                let other = &pool[below(rng, pool.len())];
                let cut = below(rng, input.len() + 1);
                let from = below(rng, other.len() + 1);
                input.truncate(cut);
                input.extend_from_slice(&other[from..]);
            }
            _ => input.push(rng.u64(..) as u8),
        }
    }
    input.truncate(64 * 1024);
}

fn iterations(default: usize) -> usize {
    std::env::var("FUZZ_SMOKE_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Seeds and corpus first, then `n` mutants; returns how many inputs ran.
fn run(target: &str, n: usize, check: fn(&[u8])) -> usize {
    let dir = fuzz_dir();
    let pool = inputs(&[
        dir.join("seeds").join(target),
        dir.join("corpus").join(target),
    ]);
    assert!(!pool.is_empty(), "no seeds for {target}");
    let dict = dictionary(&dir.join("dictionaries").join(format!("{target}.dict")));
    assert!(!dict.is_empty(), "no dictionary for {target}");
    for input in &pool {
        check(input);
    }
    let mut rng = Rng::with_seed(0x5EED_0000_0000_0001 ^ target.len() as u64);
    for i in 0..n {
        let mut input = pool[below(&mut rng, pool.len())].clone();
        mutate(&mut rng, &mut input, &pool, &dict);
        let shown = String::from_utf8_lossy(&input).into_owned();
        let outcome = std::panic::catch_unwind(|| check(&input));
        if let Err(e) = outcome {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{target}: mutant {i} failed: {msg}\ninput: {shown:?}");
        }
    }
    pool.len() + n
}

#[test]
fn sanitize_properties_hold_on_seeds_and_mutants() {
    let ran = run("sanitize", iterations(20_000), sanitize::check);
    assert!(ran > 20, "{ran}");
}

#[test]
fn request_entry_answers_every_body_with_json() {
    let ran = run("request_entry", iterations(3_000), request_entry::check);
    assert!(ran > 10, "{ran}");
}

#[test]
fn query_compiles_and_evaluates_within_its_limits() {
    let ran = run("query", iterations(1_500), query::check);
    assert!(ran > 30, "{ran}");
}

#[test]
fn the_dictionary_reader_understands_escapes() {
    let dir = std::env::temp_dir().join(format!("fuzz-dict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.dict");
    std::fs::write(&path, "# comment\n\"a\\\"b\"\nkw=\"\\x41\\\\\"\n").unwrap();
    assert_eq!(dictionary(&path), vec![b"a\"b".to_vec(), b"A\\".to_vec()]);
    std::fs::remove_dir_all(&dir).ok();
}
