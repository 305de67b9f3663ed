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
