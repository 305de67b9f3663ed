//! Credentials from AWS Secrets Manager, against moto_server on loopback.

use std::time::Duration;

use integration_tests::*;
use serde_json::json;
use zscaler_mcp::McpHttpService;

async fn create(moto: &Moto, name: &str, value: &serde_json::Value) {
    moto.client()
        .await
        .create_secret()
        .name(name)
        .secret_string(value.to_string())
        .send()
        .await
        .expect("moto creates the secret");
}

fn sim_part(sim: &RunningSim) -> Vec<(&'static str, String)> {
    vec![
        ("ZSCALER_MCP_API_BASE_URL", sim.base_url()),
        ("ZSCALER_MCP_TOKEN_URL", sim.token_url()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_come_from_the_secret_and_override_env() {
    let moto = start_moto().await;
    let sim = start_sim().await;
    create(
        &moto,
        "zscaler/creds",
        &json!({"ZSCALER_CLIENT_ID": "sandbox-client", "ZSCALER_CLIENT_SECRET": "sandbox-secret",
                "ZSCALER_VANITY_DOMAIN": "sandbox", "ZSCALER_CUSTOMER_ID": "sandbox-customer",
                "UNRELATED_KEY": "ignored"}),
    )
    .await;
    let mut vars = moto.vars("zscaler/creds");
    vars.set("ZSCALER_CLIENT_ID", "wrong-id-from-env");
    for (k, v) in sim_part(&sim) {
        vars.set(k, v);
    }
    let state = zscaler_mcp::bootstrap(vars, |_| {}).await.expect("starts");
    assert_eq!(state.config.zscaler.client_id, "sandbox-client");
    let svc = McpHttpService::new(state, false);
    let r = send_json(
        &svc,
        post(),
        &tool_call_body(1, "zpa_list_segment_groups", json!({})),
    )
    .await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_secret_region_and_bad_format_are_clear() {
    let moto = start_moto().await;
    let e = zscaler_mcp::bootstrap(moto.vars("does/not/exist"), |_| {})
        .await
        .err()
        .unwrap();
    assert!(
        e.contains("ZSCALER_SECRET_NAME") && e.contains("not found"),
        "{e}"
    );

    let mut vars = moto.vars("x");
    vars.set("AWS_REGION", "");
    let e = zscaler_mcp::bootstrap(vars, |_| {}).await.err().unwrap();
    assert!(e.contains("AWS_REGION"), "{e}");

    moto.client()
        .await
        .create_secret()
        .name("not-json")
        .secret_string("client-secret-in-plain-text")
        .send()
        .await
        .unwrap();
    let e = zscaler_mcp::bootstrap(moto.vars("not-json"), |_| {})
        .await
        .err()
        .unwrap();
    assert!(e.contains("flat JSON object"), "{e}");
    assert!(!e.contains("client-secret-in-plain-text"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_manager_down_is_a_clear_startup_error() {
    let moto = start_moto().await;
    let mut vars = moto.vars("creds");
    vars.set("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:9");
    drop(moto);
    let e = zscaler_mcp::bootstrap(vars, |_| {}).await.err().unwrap();
    assert!(e.contains("could not be reached"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_warm_container_picks_up_a_rotated_secret() {
    let moto = start_moto().await;
    let sim = start_sim().await;
    create(
        &moto,
        "rotating",
        &json!({"ZSCALER_CLIENT_ID": "sandbox-client", "ZSCALER_CLIENT_SECRET": "revoked-secret",
                "ZSCALER_VANITY_DOMAIN": "sandbox", "ZSCALER_CUSTOMER_ID": "sandbox-customer"}),
    )
    .await;
    let mut vars = moto.vars("rotating");
    vars.set("ZSCALER_MCP_SECRET_TTL", "1");
    for (k, v) in sim_part(&sim) {
        vars.set(k, v);
    }
    let state = zscaler_mcp::bootstrap(vars, |_| {}).await.unwrap();
    let svc = McpHttpService::new(state, false);
    let call = tool_call_body(1, "zia_get_activation_status", json!({}));
    let r = send_json(&svc, post(), &call).await;
    assert_eq!(r.body["result"]["isError"], true);
    let text = r.body["result"]["content"][0]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.contains("rejected the server's credentials"), "{text}");
    assert!(!text.contains("revoked-secret"));

    moto.client()
        .await
        .put_secret_value()
        .secret_id("rotating")
        .secret_string(
            json!({"ZSCALER_CLIENT_ID": "sandbox-client", "ZSCALER_CLIENT_SECRET": "sandbox-secret",
                   "ZSCALER_VANITY_DOMAIN": "sandbox", "ZSCALER_CUSTOMER_ID": "sandbox-customer"})
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = send_json(&svc, post(), &call).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
}

/// Confirmation key rotation in one step (prepend a key): a container that started before
/// the rotation still confirms a deletion whose token a newer container signed with the new
/// key, by re-reading the ring from the secret, and signs with the new key from then on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_warm_container_verifies_tokens_signed_with_a_newly_added_key() {
    const OLD: &str = "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=";
    const NEW: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let secret = |keys: serde_json::Value| {
        json!({"ZSCALER_CLIENT_ID": "sandbox-client", "ZSCALER_CLIENT_SECRET": "sandbox-secret",
               "ZSCALER_VANITY_DOMAIN": "sandbox", "ZSCALER_CUSTOMER_ID": "sandbox-customer",
               "ZSCALER_MCP_REQUEST_STATE_KEYS": keys.to_string()})
    };
    let moto = start_moto().await;
    let sim = start_sim().await;
    create(&moto, "ring", &secret(json!([OLD]))).await;
    let mut vars = moto.vars("ring");
    vars.set("ZSCALER_MCP_SECRET_TTL", "1");
    vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    vars.set("ZSCALER_MCP_WRITE_TOOLS", "zia_delete_rule_label");
    for (k, v) in sim_part(&sim) {
        vars.set(k, v);
    }
    let warm_state = zscaler_mcp::bootstrap(vars.clone(), |_| {}).await.unwrap();
    let old_kid = warm_state.key_ring().key_ids()[0].to_string();
    let warm = McpHttpService::new(warm_state.clone(), false);
    let r = send_json(
        &warm,
        post(),
        &tool_call_body(1, "zia_list_rule_labels", json!({})),
    )
    .await;
    let id = tool_json(&r)[0]["id"].as_i64().unwrap();

    moto.client()
        .await
        .put_secret_value()
        .secret_id("ring")
        .secret_string(secret(json!([NEW, OLD])).to_string())
        .send()
        .await
        .unwrap();
    let fresh_state = zscaler_mcp::bootstrap(vars, |_| {}).await.unwrap();
    assert_ne!(fresh_state.key_ring().key_ids()[0], old_kid);
    let fresh = McpHttpService::new(fresh_state.clone(), false);
    let delete = |extra: serde_json::Value| {
        let mut args = json!({"label_id": id});
        args.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        tool_call_body(2, "zia_delete_rule_label", args)
    };
    let r = send_json(&fresh, post(), &delete(json!({}))).await;
    let text = tool_text(&r);
    let start = text.find("zc1.").expect("a confirmation token");
    let token: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"')
        .collect();
    assert!(api_calls(&sim).iter().all(|c| !c.starts_with("DELETE")));

    // Past the secret TTL, the warm container re-reads the ring and acts.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = send_json(&warm, post(), &delete(json!({"confirmation_token": token}))).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert!(
        api_calls(&sim)
            .iter()
            .any(|c| c.starts_with("DELETE") && c.ends_with(&format!("/{id}"))),
        "{:?}",
        api_calls(&sim)
    );
    assert_eq!(
        warm_state.key_ring().key_ids(),
        fresh_state.key_ring().key_ids(),
        "the warm container now signs with the new key"
    );
}
