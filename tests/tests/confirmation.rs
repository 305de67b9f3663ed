//! Layers 1 and 2 through the real request path: write gating, and confirmation of
//! destructive calls by token (any client) or MRTR (2026-07-28 clients). The simulator's
//! request log is the proof: no DELETE reaches Zscaler unless the call was confirmed.

use std::sync::atomic::{AtomicU64, Ordering};

use integration_tests::*;
use serde_json::{json, Value};
use zscaler_mcp::{AppState, Config, McpHttpService, Vars};

const K1: &str = "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=";
const K2: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const DELETE: &str = "zia_delete_rule_label";

fn write_vars(sim: &RunningSim, keys: &str) -> Vars {
    let mut v = sim_vars(sim);
    v.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    v.set(
        "ZSCALER_MCP_WRITE_TOOLS",
        "zia_delete_rule_label,zia_delete_location,zia_activate_configuration",
    );
    v.set("ZSCALER_MCP_REQUEST_STATE_KEYS", keys);
    v
}

fn deletes(sim: &RunningSim) -> Vec<String> {
    api_calls(sim)
        .into_iter()
        .filter(|c| c.starts_with("DELETE"))
        .collect()
}

fn token_in(text: &str) -> String {
    confirmation_token_in(text).unwrap_or_else(|| panic!("no token in: {text}"))
}

async fn label_id(sim: &RunningSim, svc: &McpHttpService) -> i64 {
    let r = send_json(
        svc,
        post(),
        &tool_call_body(1, "zia_list_rule_labels", json!({})),
    )
    .await;
    let id = tool_json(&r)[0]["id"].as_i64().unwrap();
    sim.clear_requests();
    id
}

async fn call(svc: &McpHttpService, tool: &str, args: Value) -> Reply {
    send_json(svc, post(), &tool_call_body(2, tool, args)).await
}

#[tokio::test]
async fn first_call_asks_and_a_valid_token_acts() {
    let sim = start_sim().await;
    let svc = service_with(&write_vars(&sim, K1));
    let id = label_id(&sim, &svc).await;

    let r = call(&svc, DELETE, json!({"label_id": id})).await;
    let text = tool_text(&r);
    assert!(
        text.contains("CONFIRMATION REQUIRED") && text.contains("cannot be undone"),
        "{text}"
    );
    // The operation names the object (looked up) and lists every argument.
    assert!(
        text.contains(&format!(
            "Operation: DELETE ZIA rule label 'Production'\nArguments:\n  label_id = {id}\n"
        )),
        "{text}"
    );
    assert!(deletes(&sim).is_empty(), "the first call never acts");

    let token = token_in(&text);
    let r = call(
        &svc,
        DELETE,
        json!({"label_id": id, "confirmation_token": token}),
    )
    .await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(
        deletes(&sim),
        vec![format!("DELETE /zia/api/v1/ruleLabels/{id}")]
    );
}

#[tokio::test]
async fn a_token_from_one_instance_is_accepted_by_another() {
    let sim = start_sim().await;
    let a = service_with(&write_vars(&sim, K1));
    let b = service_with(&write_vars(&sim, K1));
    let id = label_id(&sim, &a).await;
    let token = token_in(&tool_text(&call(&a, DELETE, json!({"label_id": id})).await));
    let r = call(
        &b,
        DELETE,
        json!({"label_id": id, "confirmation_token": token}),
    )
    .await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(deletes(&sim).len(), 1);
}

#[tokio::test]
async fn python_kwargs_form_is_accepted() {
    let sim = start_sim().await;
    let svc = service_with(&write_vars(&sim, K1));
    let id = label_id(&sim, &svc).await;
    let token = token_in(&tool_text(
        &call(&svc, DELETE, json!({"label_id": id})).await,
    ));
    let kwargs = json!({"confirmation_token": token}).to_string();
    let r = call(&svc, DELETE, json!({"label_id": id, "kwargs": kwargs})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(deletes(&sim).len(), 1);
}

async fn rejected(svc: &McpHttpService, builder: http::request::Builder, args: Value) -> String {
    let r = send_json(svc, builder, &tool_call_body(3, DELETE, args)).await;
    tool_text(&r)
}

#[tokio::test]
async fn every_tampered_token_is_refused_with_its_reason_and_a_fresh_token() {
    let sim = start_sim().await;
    let svc = service_with(&write_vars(&sim, K1));
    let id = label_id(&sim, &svc).await;
    let token = token_in(&tool_text(
        &call(&svc, DELETE, json!({"label_id": id})).await,
    ));

    let extended = {
        let mut p: Vec<String> = token.split('.').map(str::to_string).collect();
        p[2] = "9999999999".into();
        p.join(".")
    };
    let other_kid = {
        let mut p: Vec<String> = token.split('.').map(str::to_string).collect();
        p[1] = "000000000000".into();
        p.join(".")
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"label_id": id + 1, "confirmation_token": token}),
            "arguments differ",
        ),
        (
            json!({"label_id": id, "confirmation_token": "garbage"}),
            "malformed",
        ),
        (
            json!({"label_id": id, "confirmation_token": other_kid}),
            "key this server no longer has",
        ),
        (
            json!({"label_id": id, "confirmation_token": extended}),
            "signature does not match",
        ),
    ];
    for (args, reason) in cases {
        let text = rejected(&svc, post(), args).await;
        assert!(
            text.contains("Confirmation rejected") && text.contains(reason),
            "{reason}: {text}"
        );
        assert!(text.contains("zc1."), "a fresh token is offered: {text}");
    }
    // Another caller cannot redeem it: two API keys are two principals.
    let mut vars = write_vars(&sim, K1);
    vars.set("ZSCALER_MCP_AUTH_ENABLED", "true");
    vars.set("ZSCALER_MCP_AUTH_MODE", "api-key");
    vars.set(
        "ZSCALER_MCP_AUTH_API_KEY",
        "key-of-alice-0123456789,key-of-bob-0123456789",
    );
    let authed = service_with(&vars);
    let as_alice = || post_with(&[("x-api-key", "key-of-alice-0123456789")]);
    let as_bob = || post_with(&[("x-api-key", "key-of-bob-0123456789")]);
    let r = send_json(
        &authed,
        as_alice(),
        &tool_call_body(3, DELETE, json!({"label_id": id})),
    )
    .await;
    let alices = token_in(&tool_text(&r));
    let text = rejected(
        &authed,
        as_bob(),
        json!({"label_id": id, "confirmation_token": alices}),
    )
    .await;
    assert!(text.contains("different caller"), "{text}");
    // Another destructive tool cannot redeem it either.
    let r = call(
        &svc,
        "zia_delete_location",
        json!({"location_id": id, "confirmation_token": token}),
    )
    .await;
    assert!(tool_text(&r).contains("different tool"), "{}", r.raw);
    assert!(
        deletes(&sim).is_empty(),
        "nothing was deleted: {:?}",
        deletes(&sim)
    );
}

static NOW: AtomicU64 = AtomicU64::new(1_800_000_000);

fn test_clock() -> u64 {
    NOW.load(Ordering::SeqCst)
}

#[tokio::test]
async fn tokens_expire_after_the_ttl() {
    let sim = start_sim().await;
    let vars = write_vars(&sim, K1);
    let state = AppState::new(Config::from_vars(&vars).unwrap()).with_clock(test_clock);
    let svc = McpHttpService::new(std::sync::Arc::new(state), false);
    let id = label_id(&sim, &svc).await;
    let token = token_in(&tool_text(
        &call(&svc, DELETE, json!({"label_id": id})).await,
    ));
    NOW.fetch_add(301, Ordering::SeqCst);
    let text = tool_text(
        &call(
            &svc,
            DELETE,
            json!({"label_id": id, "confirmation_token": token}),
        )
        .await,
    );
    assert!(text.contains("expired"), "{text}");
    assert!(deletes(&sim).is_empty());
}

#[tokio::test]
async fn rotation_keeps_old_tokens_until_their_key_is_removed() {
    let sim = start_sim().await;
    let old = service_with(&write_vars(&sim, K1));
    let id = label_id(&sim, &old).await;
    let token = token_in(&tool_text(
        &call(&old, DELETE, json!({"label_id": id})).await,
    ));

    let rotated = service_with(&write_vars(&sim, &format!("{K2},{K1}")));
    let retired = service_with(&write_vars(&sim, K2));
    let args = json!({"label_id": id, "confirmation_token": token});
    let text = tool_text(&call(&retired, DELETE, args.clone()).await);
    assert!(text.contains("no longer has"), "{text}");
    assert!(deletes(&sim).is_empty());
    let r = call(&rotated, DELETE, args).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(deletes(&sim).len(), 1);
}

#[tokio::test]
async fn no_environment_variable_or_argument_skips_confirmation() {
    let sim = start_sim().await;
    let mut vars = write_vars(&sim, K1);
    for bypass in [
        "ZSCALER_MCP_SKIP_CONFIRMATIONS",
        "ZSCALER_MCP_DISABLE_CONFIRMATIONS",
        "ZSCALER_MCP_CONFIRMATIONS_ENABLED",
        "ZSCALER_MCP_ELICITATION_DISABLED",
    ] {
        vars.set(
            bypass,
            if bypass.ends_with("ENABLED") {
                "false"
            } else {
                "true"
            },
        );
    }
    let svc = service_with(&vars);
    let id = label_id(&sim, &svc).await;
    for args in [
        json!({"label_id": id}),
        json!({"label_id": id, "kwargs": {"confirmed": true}}),
        json!({"label_id": id, "kwargs": "{\"confirm\": true}"}),
        json!({"label_id": id, "confirmation_token": ""}),
    ] {
        let text = tool_text(&call(&svc, DELETE, args).await);
        assert!(text.contains("CONFIRMATION REQUIRED"), "{text}");
    }
    let r = call(&svc, DELETE, json!({"label_id": id, "confirmed": true})).await;
    assert!(
        tool_text(&r).contains("confirmed"),
        "an unknown argument is refused: {}",
        r.raw
    );
    assert!(deletes(&sim).is_empty());
}

#[tokio::test]
async fn write_tools_need_both_switches_and_are_not_callable_otherwise() {
    let sim = start_sim().await;
    for (enabled, tools) in [("true", ""), ("", "zia_*"), ("false", "*")] {
        let mut vars = sim_vars(&sim);
        vars.set("ZSCALER_MCP_WRITE_ENABLED", enabled);
        vars.set("ZSCALER_MCP_WRITE_TOOLS", tools);
        let svc = service_with(&vars);
        let r = send_json(
            &svc,
            post(),
            &json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
        )
        .await;
        let names: Vec<&str> = r.body["result"]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert!(
            !names
                .iter()
                .any(|n| n.contains("_delete_") || n.contains("_create_")),
            "{names:?}"
        );
        let r = call(&svc, DELETE, json!({"label_id": 1})).await;
        assert_eq!(
            r.body["error"]["code"], -32602,
            "not callable by name: {}",
            r.raw
        );
    }
    assert!(deletes(&sim).is_empty());
}

#[tokio::test]
async fn operators_can_add_tools_to_the_confirmation_set() {
    let sim = start_sim().await;
    let mut vars = write_vars(&sim, K1);
    vars.set("ZSCALER_MCP_CONFIRM_TOOLS", "zia_activate_*");
    let svc = service_with(&vars);
    let text = tool_text(&call(&svc, "zia_activate_configuration", json!({})).await);
    assert!(text.contains("CONFIRMATION REQUIRED"), "{text}");
    assert!(api_calls(&sim).iter().all(|c| !c.contains("activate")));
    let token = token_in(&text);
    let r = call(
        &svc,
        "zia_activate_configuration",
        json!({"confirmation_token": token}),
    )
    .await;
    assert_eq!(tool_json(&r)["status"], "ACTIVE", "{}", r.raw);
}

#[test]
fn http_with_write_tools_needs_a_shared_key_ring() {
    let mut vars = Vars::from_pairs([
        ("ZSCALER_CLIENT_ID", "id"),
        ("ZSCALER_CLIENT_SECRET", "s"),
        ("ZSCALER_VANITY_DOMAIN", "acme"),
        ("ZSCALER_MCP_WRITE_ENABLED", "true"),
        ("ZSCALER_MCP_WRITE_TOOLS", "zia_delete_*"),
    ]);
    let e = Config::from_vars(&vars)
        .unwrap()
        .validate_for_http()
        .unwrap_err();
    assert_eq!(e.setting, "ZSCALER_MCP_REQUEST_STATE_KEYS");
    vars.set("ZSCALER_MCP_REQUEST_STATE_KEYS", K1);
    assert!(Config::from_vars(&vars)
        .unwrap()
        .validate_for_http()
        .is_ok());
    vars.set("ZSCALER_MCP_REQUEST_STATE_KEYS", "too-short");
    assert_eq!(
        Config::from_vars(&vars).unwrap_err().setting,
        "ZSCALER_MCP_REQUEST_STATE_KEYS"
    );
}

fn modern_call(
    args: Value,
    state: Option<&str>,
    responses: Option<Value>,
) -> (http::request::Builder, Value) {
    modern_tool_call(DELETE, args, state, responses)
}

#[tokio::test]
async fn mrtr_accept_decline_and_tampered_state() {
    let sim = start_sim().await;
    let svc = service_with(&write_vars(&sim, K1));
    let id = label_id(&sim, &svc).await;
    let args = json!({"label_id": id});

    let (b, body) = modern_call(args.clone(), None, None);
    let r = send_json(&svc, b, &body).await;
    assert_eq!(
        r.body["result"]["resultType"], "input_required",
        "{}",
        r.raw
    );
    let request = &r.body["result"]["inputRequests"]["confirm"];
    assert_eq!(request["method"], "elicitation/create");
    assert!(request["params"]["message"]
        .as_str()
        .unwrap()
        .contains("DELETE"));
    let state = r.body["result"]["requestState"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(deletes(&sim).is_empty());

    for (answer, acts) in [
        (json!({"action": "decline"}), false),
        (json!({"action": "cancel"}), false),
        (
            json!({"action": "accept", "content": {"choice": "cancel"}}),
            false,
        ),
        (
            json!({"action": "accept", "content": {"choice": "delete"}}),
            true,
        ),
    ] {
        let (b, body) = modern_call(args.clone(), Some(&state), Some(json!({"confirm": answer})));
        let r = send_json(&svc, b, &body).await;
        assert_eq!(!deletes(&sim).is_empty(), acts, "{answer}: {}", r.raw);
    }
    assert_eq!(deletes(&sim).len(), 1);

    // A state that was altered, or belongs to other arguments, is refused.
    let accept = json!({"confirm": {"action": "accept", "content": {"choice": "delete"}}});
    let tampered = state.replacen("zc1.", "zc1.0", 1);
    let (b, body) = modern_call(args.clone(), Some(&tampered), Some(accept.clone()));
    let r = send_json(&svc, b, &body).await;
    assert!(tool_text(&r).contains("Confirmation rejected"), "{}", r.raw);
    let (b, body) = modern_call(json!({"label_id": id + 1}), Some(&state), Some(accept));
    let r = send_json(&svc, b, &body).await;
    assert!(tool_text(&r).contains("Confirmation rejected"), "{}", r.raw);
    assert_eq!(deletes(&sim).len(), 1);
}
