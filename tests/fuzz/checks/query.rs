//! The JMESPath `query` property check shared by the libFuzzer target (`fuzz_targets/query.rs`)
//! and the stable short pass (`tests/tests/fuzz_smoke.rs`): arbitrary bytes (lossy UTF-8) as
//! the `query` argument of a read tool → `Shape::compile`, then `Shape::apply` on a fixed,
//! moderately sized result document, both on a thread with a small stack. Checks: no panic
//! and no stack overflow; compiling either succeeds or explains (a syntax error, or a limit
//! named with its value); applying returns JSON no larger than the result limit allows, or
//! explains (a JMESPath runtime error, or a limit); and it finishes in bounded time.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use zscaler_mcp::shape::{Shape, MAX_QUERY_BYTES, MAX_RESULT_BYTES};

/// The stack queries are checked on: far less than the 2 MiB of a tokio worker.
pub const STACK: usize = 256 * 1024;

/// Generous: the step limit is some tens of milliseconds of work in an optimized build.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// A result like the tools return: 40 locations with nested fields, every JSON type, long and
/// non-ASCII strings, and one deeply nested branch.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut deep = json!("bottom");
        for i in 0..40 {
            deep = if i % 2 == 0 {
                json!([deep, i])
            } else {
                json!({"d": deep})
            };
        }
        let items: Vec<Value> = (0..40u32)
            .map(|i| {
                json!({
                    "id": i,
                    "name": format!("location-{i:03}"),
                    "state": if i % 3 == 0 { "DISABLED" } else { "ENABLED" },
                    "description": "é🙂 ".repeat(i as usize % 5),
                    "tags": ["a", "b", format!("t{}", i % 7)],
                    "ipAddresses": (0..i % 4).map(|j| format!("10.0.{i}.{j}")).collect::<Vec<_>>(),
                    "nested": {"level": {"deeper": [1, 2, {"k": i}]}},
                    "score": f64::from(i) * 1.5 - 7.25,
                    "big": u64::MAX - u64::from(i),
                    "negative": -i64::from(i),
                    "flag": i % 2 == 0,
                    "none": null,
                    "empty": {},
                    "list": [],
                })
            })
            .collect();
        json!({"list": items, "total": 40, "deep": deep, "text": "x".repeat(2000)})
    })
}

fn size_of(v: &Value) -> usize {
    serde_json::to_vec(v).map_or(0, |b| b.len())
}

/// A refusal names the limit it hit and its value ("…; the limit is N…").
fn names_a_limit(e: &str) -> bool {
    e.starts_with("the query") && e.contains("; the limit is ")
}

/// Compiles and applies `query` on a thread with `stack` bytes of stack; `None` if it does not
/// compile. Panics if a property does not hold.
pub fn evaluate(query: &str, stack: usize) -> Option<Result<Value, String>> {
    let q = query.to_string();
    let started = Instant::now();
    let outcome = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || match Shape::compile(&q) {
            Err(e) => Err(e),
            Ok(shape) => Ok(shape.apply(document())),
        })
        .expect("thread")
        .join()
        .unwrap_or_else(|_| panic!("panicked on query {query:?}"));
    let elapsed = started.elapsed();
    assert!(elapsed < TIME_LIMIT, "{elapsed:?} on query {query:?}");
    match outcome {
        Err(e) => {
            assert!(
                e.starts_with("not a valid JMESPath expression") || names_a_limit(&e),
                "unexplained compile error {e:?} for {query:?}"
            );
            if query.len() > MAX_QUERY_BYTES {
                assert!(e.contains("bytes long"), "{e} for a long query");
            }
            None
        }
        Ok(Ok(value)) => {
            // The result limit is on approximate JSON (string escapes not counted; an escape
            // is at most six bytes).
            let limit = MAX_RESULT_BYTES.max(size_of(document()) as u64) as usize;
            let size = size_of(&value);
            assert!(size <= 6 * limit, "{size}-byte result for {query:?}");
            Some(Ok(value))
        }
        Ok(Err(e)) => {
            assert!(
                e.starts_with("the query failed: ") || names_a_limit(&e),
                "unexplained error {e:?} for {query:?}"
            );
            Some(Err(e))
        }
    }
}

pub fn check(data: &[u8]) {
    let query = String::from_utf8_lossy(data);
    evaluate(&query, STACK);
}
