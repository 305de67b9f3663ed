//! Layer 3 through the HTTP entry: challenges, protected-resource metadata, and per-caller
//! tool lists decided by the token's scopes. (The token checks themselves are covered case
//! by case in shared/tests/auth.rs.)

use integration_tests::*;
use serde_json::{json, Value};

const ISSUER: &str = TEST_ISSUER;
/// The resource this server is reached as in these tests (Host 127.0.0.1:8000).
const RESOURCE: &str = "http://127.0.0.1:8000/mcp";
const PRM: &str = "http://127.0.0.1:8000/.well-known/oauth-protected-resource/mcp";
const K1: &str = "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=";

fn token(scope: &str) -> String {
    token_for("zscaler-mcp-server", scope)
}

/// A token whose audience is `aud` (what an authorization server issues for an RFC 8707
/// `resource` request is the resource URI itself).
fn token_for(aud: &str, scope: &str) -> String {
    test_jwt(aud, scope)
}

async fn jwt_service(sim: &RunningSim) -> zscaler_mcp::McpHttpService {
    jwt_service_with(sim, &[]).await
}

async fn jwt_service_with(sim: &RunningSim, extra: &[(&str, &str)]) -> zscaler_mcp::McpHttpService {
    integration_tests::jwt_service_with(sim, K1, extra).await
}

fn list() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
}

fn names(r: &Reply) -> Vec<String> {
    listed_names(r)
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
    // Exactly: the minimum scope (issue 16: clients asked for the write scope), the metadata.
    assert_eq!(
        challenge,
        format!("Bearer scope=\"zscaler.read\", resource_metadata=\"{PRM}\"")
    );
    assert_eq!(
        r.body,
        json!({"jsonrpc": "2.0", "id": null,
               "error": {"code": -32001, "message": "Unauthorized: missing bearer token"}})
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
    assert_eq!(
        r.headers["www-authenticate"],
        format!(
            "Bearer error=\"invalid_token\", error_description=\"malformed token\", scope=\"zscaler.read\", resource_metadata=\"{PRM}\""
        )
        .as_str()
    );
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
        assert_eq!(
            r.body,
            json!({
                "resource": RESOURCE,
                "authorization_servers": [ISSUER],
                "scopes_supported": ["zscaler.read", "zscaler.write"],
                "bearer_methods_supported": ["header"],
                "resource_name": "Zscaler MCP Server",
            }),
            "{path}"
        );
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

    // Hidden means not callable either, whatever the operator's write gate says. The
    // refusal is a step-up challenge naming the write scope (issue 16: it used to be a
    // 200 "Unknown tool" JSON-RPC error -32602 the client could do nothing about).
    let call = tool_call_body(2, "zia_delete_rule_label", json!({"label_id": 1}));
    let r = send_json(&svc, post_with(&[("authorization", &reader)]), &call).await;
    assert_step_up(&r, 2, "zia_delete_rule_label");
    let r = send_json(&svc, post_with(&[("authorization", &writer)]), &call).await;
    assert!(tool_text(&r).contains("CONFIRMATION REQUIRED"), "{}", r.raw);
    assert!(api_calls(&sim).iter().all(|c| !c.starts_with("DELETE")));
}

/// The 403 step-up answer to a write tool called without the write scope.
fn assert_step_up(r: &Reply, id: i64, tool: &str) {
    assert_eq!(r.status, 403, "{}", r.raw);
    assert_eq!(
        r.headers["www-authenticate"],
        format!(
            "Bearer error=\"insufficient_scope\", scope=\"zscaler.read zscaler.write\", resource_metadata=\"{PRM}\""
        )
        .as_str()
    );
    assert_eq!(
        r.body,
        json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32001, "message": format!(
            "Forbidden: {tool} is a write tool and the token lacks the zscaler.write scope; \
             authorize again with scope \"zscaler.read zscaler.write\""
        )}})
    );
}

fn token_in(text: &str) -> String {
    confirmation_token_in(text).unwrap_or_else(|| panic!("no token in: {text}"))
}

fn get(path: &str, host: &str) -> http::Request<http_body_util::Full<bytes::Bytes>> {
    http::Request::builder()
        .uri(format!("http://{host}{path}"))
        .header("host", host)
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .unwrap()
}

#[tokio::test]
async fn tokens_for_the_advertised_resource_are_accepted_by_default() {
    let sim = start_sim().await;
    let svc = jwt_service(&sim).await;
    // Issue 16: a client that follows the metadata gets a token whose audience is the
    // resource; that used to need ZSCALER_MCP_AUTH_AUDIENCE set to this very URL.
    let r = send(
        &svc,
        get(
            "/.well-known/oauth-protected-resource/mcp",
            "127.0.0.1:8000",
        ),
    )
    .await;
    assert_eq!(r.body["resource"], RESOURCE);
    for aud in [
        RESOURCE,
        "http://127.0.0.1:8000/mcp/",
        "HTTP://127.0.0.1:8000/mcp",
        "zscaler-mcp-server",
    ] {
        let auth = format!("Bearer {}", token_for(aud, "zscaler.read"));
        let r = send_json(&svc, post_with(&[("authorization", &auth)]), &list()).await;
        assert_eq!(r.status, 200, "{aud}: {}", r.raw);
        assert!(names(&r).contains(&"zia_list_rule_labels".to_string()));
    }
    // Reached as localhost, the resource is http://localhost:8000/mcp: a token for the
    // 127.0.0.1 resource is for another resource, and the other way round.
    let as_localhost =
        |auth: &str| post_with(&[("authorization", auth), ("host", "localhost:8000")]);
    let for_localhost = format!(
        "Bearer {}",
        token_for("http://localhost:8000/mcp", "zscaler.read")
    );
    let for_loopback = format!("Bearer {}", token_for(RESOURCE, "zscaler.read"));
    assert_eq!(
        send_json(&svc, as_localhost(&for_localhost), &list())
            .await
            .status,
        200
    );
    let r = send_json(&svc, as_localhost(&for_loopback), &list()).await;
    assert_eq!(r.status, 401, "{}", r.raw);
    assert_eq!(
        r.body["error"]["message"],
        "Unauthorized: token audience does not match this server"
    );
    let r = send_json(
        &svc,
        post_with(&[("authorization", &for_localhost)]),
        &list(),
    )
    .await;
    assert_eq!(r.status, 401, "{}", r.raw);
    // Another port, a prefix, a longer path, another resource altogether: refused.
    for aud in [
        "http://127.0.0.1:8001/mcp",
        "http://127.0.0.1:8000",
        "http://127.0.0.1:8000/mcp/x",
        "https://127.0.0.1:8000/mcp",
        "https://other-mcp.example.com/mcp",
    ] {
        let auth = format!("Bearer {}", token_for(aud, "zscaler.read"));
        let r = send_json(&svc, post_with(&[("authorization", &auth)]), &list()).await;
        assert_eq!(r.status, 401, "{aud}: {}", r.raw);
        assert_eq!(
            r.headers["www-authenticate"],
            format!(
                "Bearer error=\"invalid_token\", error_description=\"token audience does not match this server\", scope=\"zscaler.read\", resource_metadata=\"{PRM}\""
            )
            .as_str()
        );
    }
    // A Host the allowlist refuses never gets as far as authentication.
    let other = format!(
        "Bearer {}",
        token_for("http://evil.example:8000/mcp", "zscaler.read")
    );
    let r = send_json(
        &svc,
        post_with(&[("authorization", &other), ("host", "evil.example:8000")]),
        &list(),
    )
    .await;
    assert_eq!(r.status, 421, "{}", r.raw);

    // ZSCALER_MCP_AUTH_AUDIENCE adds an audience (and replaces the Python default).
    let svc = jwt_service_with(&sim, &[("ZSCALER_MCP_AUTH_AUDIENCE", "api://zscaler-mcp")]).await;
    for (aud, status) in [
        ("api://zscaler-mcp", 200),
        (RESOURCE, 200),
        ("zscaler-mcp-server", 401),
    ] {
        let auth = format!("Bearer {}", token_for(aud, "zscaler.read"));
        let r = send_json(&svc, post_with(&[("authorization", &auth)]), &list()).await;
        assert_eq!(r.status, status, "{aud}: {}", r.raw);
    }
}

#[tokio::test]
async fn a_host_allowed_by_a_wildcard_does_not_make_its_url_an_audience() {
    let sim = start_sim().await;
    // A caller picks any Host a wildcard allows; the URL built from it must not let a token
    // issued for another resource (say another MCP server of the same issuer) in.
    let svc = jwt_service_with(
        &sim,
        &[(
            "ZSCALER_MCP_ALLOWED_HOSTS",
            "mcp.example.com:8000,*.example.org",
        )],
    )
    .await;
    let as_host = |auth: &str, host: &str| post_with(&[("authorization", auth), ("host", host)]);
    let named = format!(
        "Bearer {}",
        token_for("http://mcp.example.com:8000/mcp", "zscaler.read")
    );
    let r = send_json(&svc, as_host(&named, "mcp.example.com:8000"), &list()).await;
    assert_eq!(r.status, 200, "{}", r.raw);
    let other = format!(
        "Bearer {}",
        token_for("http://other.example.org/mcp", "zscaler.read")
    );
    let r = send_json(&svc, as_host(&other, "other.example.org"), &list()).await;
    assert_eq!(r.status, 401, "{}", r.raw);
    assert_eq!(
        r.body["error"]["message"],
        "Unauthorized: token audience does not match this server"
    );
    // The metadata still describes the URL the client used (clients check it), and the
    // configured audience still works there.
    let r = send(
        &svc,
        get(
            "/.well-known/oauth-protected-resource/mcp",
            "other.example.org",
        ),
    )
    .await;
    assert_eq!(r.body["resource"], "http://other.example.org/mcp");
    let configured = format!("Bearer {}", token("zscaler.read"));
    let r = send_json(&svc, as_host(&configured, "other.example.org"), &list()).await;
    assert_eq!(r.status, 200, "{}", r.raw);

    // `*` (any host): no Host-derived audience at all, not even a legitimate-looking one.
    let svc = jwt_service_with(&sim, &[("ZSCALER_MCP_ALLOWED_HOSTS", "*")]).await;
    for (aud, host) in [
        (RESOURCE, "127.0.0.1:8000"),
        ("https://victim.example/mcp", "victim.example"),
    ] {
        let auth = format!("Bearer {}", token_for(aud, "zscaler.read"));
        let r = send_json(&svc, as_host(&auth, host), &list()).await;
        assert_eq!(r.status, 401, "{aud}: {}", r.raw);
    }
}

#[tokio::test]
async fn write_tools_need_the_write_scope_and_say_so() {
    let sim = start_sim().await;
    let svc = jwt_service(&sim).await;
    let reader = format!("Bearer {}", token_for(RESOURCE, "zscaler.read"));
    let writer = format!(
        "Bearer {}",
        token_for(RESOURCE, "zscaler.read zscaler.write")
    );
    // A token with none of our scopes reads like a read token (see shared/tests/auth.rs).
    let openid = format!("Bearer {}", token_for(RESOURCE, "openid"));

    for who in [&reader, &openid] {
        let r = send_json(&svc, post_with(&[("authorization", who)]), &list()).await;
        assert_eq!(r.status, 200, "{}", r.raw);
        let listed = names(&r);
        assert!(listed.contains(&"zia_list_rule_labels".to_string()));
        assert!(
            !listed.contains(&"zia_delete_rule_label".to_string()),
            "{listed:?}"
        );
        let call = tool_call_body(7, "zia_delete_rule_label", json!({"label_id": 1}));
        let r = send_json(&svc, post_with(&[("authorization", who)]), &call).await;
        assert_step_up(&r, 7, "zia_delete_rule_label");
    }
    // A string id is echoed as a string.
    let mut call = tool_call_body(0, "zia_delete_rule_label", json!({"label_id": 1}));
    call["id"] = json!("req-9");
    let r = send_json(&svc, post_with(&[("authorization", &reader)]), &call).await;
    assert_eq!(r.status, 403, "{}", r.raw);
    assert_eq!(r.body["id"], "req-9");

    // No step-up where the write scope would not help: a write tool the operator did not
    // enable, an unknown tool. Those stay "Unknown tool" (200 + -32602), as for a writer.
    for tool in ["zia_create_rule_label", "no_such_tool"] {
        for who in [&reader, &writer] {
            let r = send_json(
                &svc,
                post_with(&[("authorization", who)]),
                &tool_call_body(3, tool, json!({})),
            )
            .await;
            assert_eq!(r.status, 200, "{tool}: {}", r.raw);
            assert_eq!(r.body["error"]["code"], -32602, "{tool}: {}", r.raw);
            assert!(r.headers.get("www-authenticate").is_none());
        }
    }
    // Read tools are unaffected.
    let r = send_json(
        &svc,
        post_with(&[("authorization", &reader)]),
        &tool_call_body(4, "zia_list_rule_labels", json!({})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.raw);
    let id = tool_json(&r)[0]["id"].as_i64().unwrap();
    assert!(api_calls(&sim).iter().all(|c| !c.starts_with("DELETE")));

    // With the write scope the call goes through the confirmation and then acts.
    let call = tool_call_body(5, "zia_delete_rule_label", json!({"label_id": id}));
    let r = send_json(&svc, post_with(&[("authorization", &writer)]), &call).await;
    assert_eq!(r.status, 200, "{}", r.raw);
    let text = tool_text(&r);
    assert!(text.contains("CONFIRMATION REQUIRED"), "{text}");
    assert!(api_calls(&sim).iter().all(|c| !c.starts_with("DELETE")));
    let confirmed = tool_call_body(
        6,
        "zia_delete_rule_label",
        json!({"label_id": id, "confirmation_token": token_in(&text)}),
    );
    let r = send_json(&svc, post_with(&[("authorization", &writer)]), &confirmed).await;
    assert_eq!(r.status, 200, "{}", r.raw);
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(
        api_calls(&sim)
            .into_iter()
            .filter(|c| c.starts_with("DELETE"))
            .collect::<Vec<_>>(),
        vec![format!("DELETE /zia/api/v1/ruleLabels/{id}")]
    );
}

async fn keyed_service(sim: &RunningSim, mode: &[(&str, &str)]) -> zscaler_mcp::McpHttpService {
    let mut vars = sim_vars(sim);
    vars.set("ZSCALER_MCP_AUTH_ENABLED", "true");
    for (k, v) in mode {
        vars.set(k, *v);
    }
    service_with(&vars)
}

#[tokio::test]
async fn api_key_and_zscaler_modes_do_not_lure_clients_into_oauth() {
    let sim = start_sim().await;
    let d = SimConfig::default();
    let api = keyed_service(
        &sim,
        &[
            ("ZSCALER_MCP_AUTH_MODE", "api-key"),
            ("ZSCALER_MCP_AUTH_API_KEY", "a-long-enough-api-key-1"),
        ],
    )
    .await;
    let zs = keyed_service(&sim, &[("ZSCALER_MCP_AUTH_MODE", "zscaler")]).await;

    // MCP clients start OAuth discovery and client registration on any 401, whatever its
    // challenge: these modes answer 403 with no WWW-Authenticate, and the reason is read.
    type Case<'a> = (
        &'a zscaler_mcp::McpHttpService,
        Vec<(&'a str, &'a str)>,
        &'a str,
    );
    let cases: [Case; 5] = [
        (&api, vec![], "Forbidden: missing API key (send it as X-Api-Key: <key> or Authorization: Bearer <key>)"),
        (&api, vec![("x-api-key", "not-the-right-key-at-all")], "Forbidden: invalid API key"),
        (&api, vec![("authorization", "Bearer not-the-right-key-at-all")], "Forbidden: invalid API key"),
        (&zs, vec![], "Forbidden: missing OneAPI client credentials"),
        (&zs, vec![("authorization", "Bearer something-else")], "Forbidden: expected OneAPI client credentials (Basic, or X-Zscaler-Client-ID and X-Zscaler-Client-Secret)"),
    ];
    for (svc, headers, message) in cases {
        let r = send_json(svc, post_with(&headers), &list()).await;
        assert_eq!(r.status, 403, "{headers:?}: {}", r.raw);
        assert!(r.headers.get("www-authenticate").is_none(), "{headers:?}");
        assert_eq!(
            r.body,
            json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32001, "message": message}})
        );
    }
    // The right credential still works.
    let r = send_json(
        &api,
        post_with(&[("x-api-key", "a-long-enough-api-key-1")]),
        &list(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.raw);
    let r = send_json(
        &zs,
        post_with(&[
            ("x-zscaler-client-id", &d.client_id),
            ("x-zscaler-client-secret", &d.client_secret),
        ]),
        &list(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.raw);

    // No protected-resource metadata pointing at an authorization server they do not have.
    for svc in [&api, &zs] {
        for path in [
            "/.well-known/oauth-protected-resource/mcp",
            "/.well-known/oauth-protected-resource",
        ] {
            let r = send(svc, get(path, "127.0.0.1:8000")).await;
            assert_eq!(r.status, 404, "{path}: {}", r.raw);
            assert!(r.headers.get("www-authenticate").is_none());
            assert_eq!(
                r.body,
                json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32600,
                       "message": "Not found: this server does not use OAuth bearer tokens"}})
            );
        }
    }
}
