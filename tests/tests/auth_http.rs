//! Layer 3 through the HTTP entry: challenges, protected-resource metadata, and per-caller
//! tool lists decided by the token's scopes. (The token checks themselves are covered case
//! by case in shared/tests/auth.rs.)

use std::net::SocketAddr;

use integration_tests::*;
use jsonwebtoken::{encode, jwk::Jwk, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

const ISSUER: &str = "https://login.example.com/tenant";
const K1: &str = "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=";

fn key() -> EncodingKey {
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../infra/tests/fixtures/test_client_private.pem"
    ))
    .unwrap();
    EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap()
}

/// A JWKS endpoint on loopback serving the test key as kid "k1".
async fn serve_jwks() -> String {
    let mut jwk =
        serde_json::to_value(Jwk::from_encoding_key(&key(), Algorithm::RS256).unwrap()).unwrap();
    jwk["kid"] = json!("k1");
    let body = json!({"keys": [jwk]});
    let app = axum::Router::new().route(
        "/jwks.json",
        axum::routing::get(move || {
            let body = body.clone();
            async move { axum::Json(body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/jwks.json")
}

fn token(scope: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("k1".into());
    let claims = json!({"iss": ISSUER, "aud": "zscaler-mcp-server", "sub": "user-1",
                        "azp": "agent-app", "scope": scope, "iat": now, "exp": now + 600});
    encode(&header, &claims, &key()).unwrap()
}

async fn jwt_service(sim: &RunningSim) -> zscaler_mcp::McpHttpService {
    let mut vars = sim_vars(sim);
    vars.set("ZSCALER_MCP_AUTH_ENABLED", "true");
    vars.set("ZSCALER_MCP_AUTH_MODE", "jwt");
    vars.set("ZSCALER_MCP_AUTH_JWKS_URI", serve_jwks().await);
    vars.set("ZSCALER_MCP_AUTH_ISSUER", ISSUER);
    vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    vars.set("ZSCALER_MCP_WRITE_TOOLS", "zia_delete_rule_label");
    vars.set("ZSCALER_MCP_REQUEST_STATE_KEYS", K1);
    service_with(&vars)
}

fn list() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
}

fn names(r: &Reply) -> Vec<String> {
    r.body["result"]["tools"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", r.raw))
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn missing_token_gets_a_challenge_pointing_at_the_metadata() {
    let sim = start_sim().await;
    let svc = jwt_service(&sim).await;
    let r = send_json(&svc, post(), &list()).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["error"]["code"], -32001);
    let challenge = r.headers["www-authenticate"].to_str().unwrap();
    assert!(
        challenge.contains(
            "resource_metadata=\"http://127.0.0.1:8000/.well-known/oauth-protected-resource/mcp\""
        ),
        "{challenge}"
    );
    let r = send_json(
        &svc,
        post_with(&[("authorization", "Bearer not.a.jwt")]),
        &list(),
    )
    .await;
    assert_eq!(r.status, 401);
    assert!(r.headers["www-authenticate"]
        .to_str()
        .unwrap()
        .contains("invalid_token"));
    assert!(!r.raw.contains("not.a.jwt"), "the token is never echoed");
    assert!(api_calls(&sim).is_empty());
}

#[tokio::test]
async fn metadata_and_health_need_no_credential() {
    let sim = start_sim().await;
    let svc = jwt_service(&sim).await;
    for path in [
        "/.well-known/oauth-protected-resource/mcp",
        "/.well-known/oauth-protected-resource",
    ] {
        let req = http::Request::builder()
            .uri(format!("http://127.0.0.1:8000{path}"))
            .header("host", "127.0.0.1:8000")
            .body(http_body_util::Full::new(bytes::Bytes::new()))
            .unwrap();
        let r = send(&svc, req).await;
        assert_eq!(r.status, 200, "{path}: {}", r.raw);
        assert_eq!(r.body["resource"], "http://127.0.0.1:8000/mcp");
        assert_eq!(r.body["authorization_servers"], json!([ISSUER]));
        assert!(r.body["bearer_methods_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("header")));
    }
    let req = http::Request::builder()
        .uri("http://127.0.0.1:8000/health")
        .header("host", "127.0.0.1:8000")
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .unwrap();
    assert_eq!(send(&svc, req).await.status, 200);
}

#[tokio::test]
async fn tool_lists_differ_by_the_callers_scopes() {
    let sim = start_sim().await;
    let svc = jwt_service(&sim).await;
    let reader = format!("Bearer {}", token("zscaler.read"));
    let writer = format!("Bearer {}", token("zscaler.read zscaler.write"));

    let r = send_json(&svc, post_with(&[("authorization", &reader)]), &list()).await;
    assert_eq!(r.status, 200, "{}", r.raw);
    let read_names = names(&r);
    assert!(read_names.contains(&"zia_list_rule_labels".to_string()));
    assert!(!read_names.contains(&"zia_delete_rule_label".to_string()));

    let r = send_json(&svc, post_with(&[("authorization", &writer)]), &list()).await;
    assert!(names(&r).contains(&"zia_delete_rule_label".to_string()));
    // Repeated lists come from memory, still one list per caller class.
    for _ in 0..2 {
        let r = send_json(&svc, post_with(&[("authorization", &reader)]), &list()).await;
        assert_eq!(names(&r), read_names);
        let r = send_json(&svc, post_with(&[("authorization", &writer)]), &list()).await;
        assert!(names(&r).contains(&"zia_delete_rule_label".to_string()));
    }

    // Hidden means not callable either, whatever the operator's write gate says.
    let call = tool_call_body(2, "zia_delete_rule_label", json!({"label_id": 1}));
    let r = send_json(&svc, post_with(&[("authorization", &reader)]), &call).await;
    assert_eq!(r.body["error"]["code"], -32602, "{}", r.raw);
    let r = send_json(&svc, post_with(&[("authorization", &writer)]), &call).await;
    assert!(tool_text(&r).contains("CONFIRMATION REQUIRED"), "{}", r.raw);
    assert!(api_calls(&sim).iter().all(|c| !c.starts_with("DELETE")));
}
