//! Adversarial suite, layer 5 (issue 15): the JMESPath `query` argument every read tool takes
//! is attacker input. Hostile queries sent to a read tool through the MCP HTTP entry come back
//! as tool errors (`isError`, naming the `query` argument and the limit with its value); the
//! process neither overflows its stack nor exhausts memory or CPU; and the server then answers
//! an ordinary call with exactly the expected data. Queries refused when compiled never reach
//! Zscaler; the simulator's request log shows it.

use integration_tests::*;
use serde_json::{json, Value};
use zscaler_mcp::shape::{
    MAX_EVAL_STEPS, MAX_QUERY_BYTES, MAX_QUERY_DEPTH, MAX_QUERY_NESTING, MAX_QUERY_NODES,
    MAX_RESULT_BYTES, MAX_VALUE_DEPTH,
};
use zscaler_mcp::McpHttpService;

const TOOL: &str = "zia_list_locations";

/// The ordinary query, and what the simulator's seeded locations give for it.
const ORDINARY: &str = "sort_by(@, &name)[*].{id: id, name: name, country: country}";

fn ordinary_answer() -> Value {
    json!([
        {"id": 36_788_941, "name": "AWS-us-west-2-vpc-sandbox", "country": "UNITED_STATES"},
        {"id": 149_873_536, "name": "Branch-Toronto", "country": "CANADA"},
        {"id": 149_873_535, "name": "HQ-San-Jose", "country": "UNITED_STATES"},
        {"id": 149_873_537, "name": "London-Guest-Wifi", "country": "UNITED_KINGDOM"},
    ])
}

async fn call(svc: &McpHttpService, id: i64, query: &str) -> Reply {
    send_json(
        svc,
        post(),
        &tool_call_body(id, TOOL, json!({"query": query})),
    )
    .await
}

fn location_calls(sim: &RunningSim) -> usize {
    api_calls(sim)
        .iter()
        .filter(|c| c.contains("/locations"))
        .count()
}

/// The reply is a tool error on the `query` argument whose text contains `limit`.
fn assert_refused(r: &Reply, query: &str, limit: &str) {
    let shown = &query[..query.len().min(80)];
    assert_eq!(r.status, 200, "{shown}: {}", r.raw);
    assert!(r.body.get("error").is_none(), "{shown}: {}", r.raw);
    assert_eq!(r.body["result"]["isError"], true, "{shown}: {}", r.raw);
    let text = tool_text(r);
    assert!(text.contains("'query'"), "{shown}: {text}");
    assert!(
        text.contains(limit),
        "{shown}: expected {limit:?} in {text}"
    );
}

fn repeat(stage: &str, n: usize) -> String {
    vec![stage; n].join(" | ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_queries_are_tool_errors_and_the_server_keeps_answering() {
    let (sim, svc) = sandbox().await;

    // Before: the ordinary answer.
    let r = call(&svc, 1, ORDINARY).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(tool_json(&r), ordinary_answer());
    let calls_before = location_calls(&sim);

    // Refused when compiled, before any API call.
    let nested =
        |n: usize| format!("the query is nested {n} deep; the limit is {MAX_QUERY_NESTING}");
    let parens = |n: usize| format!("{}@{}", "(".repeat(n), ")".repeat(n));
    let compile_time: Vec<(String, String)> = vec![
        // The reported crashes: 3,000 nested parentheses (6 KB), and 12,000.
        (
            parens(3_000),
            format!("the query is 6001 bytes long; the limit is {MAX_QUERY_BYTES}"),
        ),
        (
            parens(12_000),
            format!("the query is 24001 bytes long; the limit is {MAX_QUERY_BYTES}"),
        ),
        (parens(1_000), nested(1_000)),
        (parens(MAX_QUERY_NESTING + 1), nested(MAX_QUERY_NESTING + 1)),
        (format!("{}@", "!".repeat(2_000)), nested(2_000)),
        (
            format!("{}@{}", "[?".repeat(500), "]".repeat(500)),
            nested(500),
        ),
        (
            format!("{}@{}", "{a:".repeat(400), "}".repeat(400)),
            nested(400),
        ),
        (
            format!("{}@{}", "length(".repeat(200), ")".repeat(200)),
            nested(200),
        ),
        (
            format!("`{}1{}`", "[".repeat(900), "]".repeat(900)),
            nested(900),
        ),
        (
            format!("a{}", ".a".repeat(1_000)),
            format!("the query's syntax tree is 1001 levels deep; the limit is {MAX_QUERY_DEPTH}"),
        ),
        (
            format!("a{}", " | a".repeat(400)),
            format!("the query's syntax tree is 401 levels deep; the limit is {MAX_QUERY_DEPTH}"),
        ),
        (
            format!("@{}", "[]".repeat(1_000)),
            format!("the query's syntax tree is 2001 levels deep; the limit is {MAX_QUERY_DEPTH}"),
        ),
        (
            format!("[{}]", vec!["[]"; 300].join(",")),
            format!("the query has 1201 syntax nodes; the limit is {MAX_QUERY_NODES}"),
        ),
    ];
    for (i, (query, limit)) in compile_time.iter().enumerate() {
        let r = call(&svc, 10 + i as i64, query).await;
        assert_refused(&r, query, limit);
    }
    assert_eq!(
        location_calls(&sim),
        calls_before,
        "a refused query reached Zscaler"
    );

    // Refused while evaluated, after the API call.
    let result_limit = format!("; the limit is {MAX_RESULT_BYTES} bytes");
    let steps = format!("steps ({MAX_EVAL_STEPS}, plus one per byte of the unshaped result)");
    let wrap = |n: usize| format!("{}@{}", "[".repeat(n), "]".repeat(n));
    let evaluation: Vec<(String, String)> = vec![
        // The reported blow-up: 113 bytes, 2^14 copies; then 2^18, and 2^60.
        (repeat("[@,@]", 14), result_limit.clone()),
        (repeat("[@,@]", 18), result_limit.clone()),
        (repeat("[@,@]", 60), result_limit.clone()),
        (repeat("{a:@,b:@}", 30), result_limit.clone()),
        (
            format!("length(to_string({}))", repeat("[@,@]", 30)),
            "the query builds a string of more than".to_string(),
        ),
        (
            format!("({}) == ({})", repeat("[@,@]", 40), repeat("[@,@]", 40)),
            steps.clone(),
        ),
        (
            format!("{} | sort_by(@, &name) | length(@)", repeat("[@,@][]", 24)),
            steps.clone(),
        ),
        (
            format!("{} | [*].ipAddresses[*].length(@)", repeat("[@,@][]", 24)),
            steps.clone(),
        ),
        (
            repeat(&wrap(20), 9),
            format!("; the limit is {MAX_VALUE_DEPTH}"),
        ),
    ];
    for (i, (query, limit)) in evaluation.iter().enumerate() {
        let r = call(&svc, 100 + i as i64, query).await;
        assert_refused(&r, query, limit);
    }
    // Each evaluated query fetched the locations once.
    assert_eq!(location_calls(&sim), calls_before + evaluation.len());

    // After: the same ordinary answer, exactly.
    let r = call(&svc, 1_000, ORDINARY).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(tool_json(&r), ordinary_answer());
    // And without a query, the whole list.
    let r = post_json(&svc, &tool_call_body(1_001, TOOL, json!({}))).await;
    let all = tool_json(&r);
    assert_eq!(all.as_array().map(Vec::len), Some(4), "{all}");
}

#[tokio::test]
async fn queries_at_the_limits_are_answered() {
    let (_sim, svc) = sandbox().await;
    let at_limit = [
        // Nested as deep as allowed.
        format!(
            "{}length(@){}",
            "(".repeat(MAX_QUERY_NESTING - 1),
            ")".repeat(MAX_QUERY_NESTING - 1)
        ),
        // As long as allowed (a string literal full of brackets is not nesting).
        format!(
            "[?name != '{}'] | length(@)",
            "(".repeat(MAX_QUERY_BYTES - 28)
        ),
        // A filter with 60 alternatives (a deep but ordinary syntax tree).
        format!(
            "[?{}] | length(@)",
            (0..60)
                .map(|i| format!("name == 'x{i}'"))
                .collect::<Vec<_>>()
                .join(" || ")
        ),
        // Doubled eight times: 256 copies, under the result limit.
        format!("{} | length(@)", repeat("[@,@]", 8)),
    ];
    let expected = [json!(4), json!(4), json!(0), json!(2)];
    for (i, (query, want)) in at_limit.iter().zip(expected).enumerate() {
        assert!(query.len() <= MAX_QUERY_BYTES, "{}", query.len());
        let r = call(&svc, i as i64 + 1, query).await;
        assert_eq!(r.body["result"]["isError"], false, "{query}: {}", r.raw);
        assert_eq!(tool_json(&r), want, "{query}");
    }
}
