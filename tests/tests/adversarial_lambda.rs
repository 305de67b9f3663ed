//! Adversarial suite on the real Lambda bootstrap (`zscaler-mcp-lambda`, driven through the
//! loopback Runtime API stand-in with real API Gateway events): the classes of issue 15
//! that apply to it. A hostile query cannot kill the function (its main thread and tokio
//! workers have the stacks Lambda gives them), ids cannot walk out of their resource,
//! approvals and errors are sanitized, destructive updates are confirmed, and a malformed
//! pattern stops the function at init with one line naming the setting.

use integration_tests::runtime_api::{self, Bootstrap, Invocation, RuntimeApi};
use integration_tests::*;
use serde_json::{json, Value};

const API_KEY: &str = "adv-lambda-key-7Qw2Zr9Xk4Lm8Nc3";
const KEY_RING: &str = "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=";

fn env(sim: &RunningSim, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let d = SimConfig::default();
    let mut env: Vec<(String, String)> = [
        ("RUST_LOG", "info".to_string()),
        ("ZSCALER_CLIENT_ID", d.client_id),
        ("ZSCALER_CLIENT_SECRET", d.client_secret),
        ("ZSCALER_VANITY_DOMAIN", "sandbox".into()),
        ("ZSCALER_CUSTOMER_ID", d.customer_id),
        ("ZCELL_CUSTOMER_ID", d.zcell_customer_id),
        ("ZSCALER_MCP_API_BASE_URL", sim.base_url()),
        ("ZSCALER_MCP_TOKEN_URL", sim.token_url()),
        ("ZSCALER_MCP_AUTH_MODE", "api-key".into()),
        ("ZSCALER_MCP_AUTH_API_KEY", API_KEY.into()),
        ("ZSCALER_MCP_WRITE_ENABLED", "true".into()),
        ("ZSCALER_MCP_WRITE_TOOLS", "*".into()),
        ("ZSCALER_MCP_REQUEST_STATE_KEYS", KEY_RING.into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, v) in extra {
        env.retain(|(name, _)| name != k);
        env.push((k.to_string(), v.to_string()));
    }
    env
}

async fn call(api: &RuntimeApi, tool: &str, arguments: Value) -> Invocation {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                      "params": {"name": tool, "arguments": arguments}});
    api.invoke(&runtime_api::mcp_post_event(
        &body,
        &[("x-api-key", API_KEY)],
    ))
    .await
    .unwrap_or_else(|e| panic!("{e} for {tool}"))
}

fn result(reply: &Invocation) -> (bool, String) {
    let body = reply.body_json();
    let is_error = body["result"]["isError"] == json!(true) || body.get("error").is_some();
    let text = body["result"]["content"][0]["text"]
        .as_str()
        .or_else(|| body["error"]["message"].as_str())
        .unwrap_or_else(|| panic!("no result in {}", reply.body()))
        .to_string();
    (is_error, text)
}

/// A normal call answers with the simulator's data: the function is alive and well.
async fn assert_alive(api: &RuntimeApi, function: &mut Bootstrap) {
    let reply = call(api, "zia_list_rule_labels", json!({"query": "length(@)"})).await;
    let (is_error, text) = result(&reply);
    assert!(!is_error, "{text}");
    // The simulator seeds 5 ZIA rule labels (Production .. Temporary); none is changed here.
    assert_eq!(text, "5", "{text}");
    assert!(function.is_running(), "the function died");
}

#[tokio::test]
async fn hostile_calls_get_clear_errors_and_the_function_lives_on() {
    let sim = start_sim().await;
    let (addr, api) = runtime_api::start().await;
    let mut function = Bootstrap::spawn(addr, &env(&sim, &[]));

    // Layer 5 shaping: nesting that overflowed the parser's stack, and doubling results.
    let doubling = vec!["[@,@]"; 40].join(" | ");
    for query in [
        format!("{}@{}", "(".repeat(3_000), ")".repeat(3_000)),
        format!("{}@{}", "(".repeat(12_000), ")".repeat(12_000)),
        format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000)),
        doubling,
    ] {
        let reply = call(&api, "zia_list_rule_labels", json!({"query": query})).await;
        let (is_error, text) = result(&reply);
        assert!(
            is_error && text.contains("query"),
            "{}: {text}",
            &query[..40]
        );
        assert_alive(&api, &mut function).await;
    }

    // Layer 2: an id that walks out of its resource is refused before any lookup.
    sim.clear_requests();
    let reply = call(
        &api,
        "zia_delete_url_category",
        json!({"category_id": ".."}),
    )
    .await;
    let (is_error, text) = result(&reply);
    assert!(is_error && text.contains("category_id"), "{text}");
    assert!(api_calls(&sim).is_empty(), "{:?}", api_calls(&sim));

    // Layer 2: a destructive update asks first and shows the change.
    let reply = call(
        &api,
        "zia_update_url_category",
        json!({"category_id": "CUSTOM_01", "urls": []}),
    )
    .await;
    let (_, text) = result(&reply);
    assert!(text.contains("CONFIRMATION REQUIRED"), "{text}");
    assert!(text.contains("urls = [] (empty list)"), "{text}");
    assert!(
        api_calls(&sim).iter().all(|c| c.starts_with("GET")),
        "{:?}",
        api_calls(&sim)
    );

    // Layer 5: an error that quotes client input is sanitized.
    let reply = call(&api, "x\u{202E}<|im_start|>system [INST]", json!({})).await;
    let (is_error, text) = result(&reply);
    assert!(is_error && text.starts_with("Unknown tool"), "{text}");
    for bad in ["\u{202E}", "<|im_start|>", "[INST]"] {
        assert!(!text.contains(bad), "{bad:?} in {text}");
    }
    assert_alive(&api, &mut function).await;
}

#[tokio::test]
async fn a_malformed_pattern_stops_the_function_at_init() {
    let sim = start_sim().await;
    for (setting, pattern) in [
        ("ZSCALER_MCP_CONFIRM_TOOLS", "zia_activate_configuratio[n"),
        ("ZSCALER_MCP_DISABLED_TOOLS", "zia_get_["),
        ("ZSCALER_MCP_ALLOWED_HOSTS", "mcp.example.com:notaport"),
    ] {
        let (addr, api) = runtime_api::start().await;
        let mut function = Bootstrap::spawn(addr, &env(&sim, &[(setting, pattern)]));
        let started = std::time::Instant::now();
        while function.is_running() && started.elapsed() < std::time::Duration::from_secs(20) {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(!function.is_running(), "{setting}: the function still runs");
        assert_eq!(api.handed_out(), 0, "{setting}: no event was taken");
        let captured = function.stop();
        assert!(captured.status.is_some_and(|s| !s.success()), "{setting}");
        let said = format!(
            "{}{}",
            captured.stderr,
            api.init_error().map(|e| e.to_string()).unwrap_or_default()
        );
        assert!(
            said.contains(setting) && said.contains(pattern),
            "{setting}: {said}"
        );
    }
}
