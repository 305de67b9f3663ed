//! libFuzzer target: arbitrary bytes as a JMESPath `query`, with the properties in
//! `checks/query.rs` (shared with the stable short pass, `tests/tests/fuzz_smoke.rs`), plus one
//! more: whenever our budgeted interpreter finishes without hitting a limit of its own, its
//! result (or error) is exactly what the `jmespath` crate's own interpreter gives.
#![no_main]

#[path = "../checks/query.rs"]
mod checks;

use std::time::{Duration, Instant};

use jmespath::ast::Ast;

/// A slice step the crate's `Variable::slice` can overflow `i32` with (and panic); ours does
/// not, so such queries are not compared.
fn has_huge_slice_step(ast: &Ast) -> bool {
    let mut stack = vec![ast];
    while let Some(node) = stack.pop() {
        match node {
            Ast::Slice { step, .. } if step.unsigned_abs() > 1 << 20 => return true,
            Ast::Comparison { lhs, rhs, .. }
            | Ast::And { lhs, rhs, .. }
            | Ast::Or { lhs, rhs, .. }
            | Ast::Projection { lhs, rhs, .. }
            | Ast::Subexpr { lhs, rhs, .. } => stack.extend([&**lhs, &**rhs]),
            Ast::Condition {
                predicate, then, ..
            } => stack.extend([&**predicate, &**then]),
            Ast::Expref { ast: n, .. }
            | Ast::Flatten { node: n, .. }
            | Ast::Not { node: n, .. }
            | Ast::ObjectValues { node: n, .. } => stack.push(n),
            Ast::Function { args: list, .. } | Ast::MultiList { elements: list, .. } => {
                stack.extend(list.iter())
            }
            Ast::MultiHash { elements, .. } => stack.extend(elements.iter().map(|kv| &kv.value)),
            _ => {}
        }
    }
    false
}

fn compare_with_the_crate(query: &str, ours: &Result<serde_json::Value, String>) {
    if matches!(ours, Err(e) if !e.starts_with("the query failed: ")) {
        return; // One of our limits: the crate has none.
    }
    let Ok(ast) = jmespath::parse(query) else {
        panic!("we compiled {query:?}, the crate does not");
    };
    if has_huge_slice_step(&ast) {
        return;
    }
    let expr = jmespath::compile(query).expect("parsed above");
    let theirs = expr
        .search(checks::document())
        .map(|v| serde_json::to_value(&*v).expect("JSON"))
        .map_err(|e| format!("the query failed: {}", e.reason));
    assert_eq!(ours, &theirs, "query {query:?}");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let started = Instant::now();
    if let Some(ours) = checks::evaluate(&query, checks::STACK) {
        // Queries that ran long on our side can be far slower on the crate's (it copies
        // expression arguments on every call): only quick ones are compared.
        if started.elapsed() < Duration::from_millis(20) {
            compare_with_the_crate(&query, &ours);
        }
    }
});
