//! One deployment, several Zscaler tenants (issue 20): two simulators with different
//! credentials and customer ids are tenants `acme` and `beta`; moto holds their secrets.
//! A caller of one tenant never reaches the other by any route.

use integration_tests::*;
use serde_json::{json, Value};
use zscaler_mcp::McpHttpService;

const K1: &str = "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=";
const DELETE: &str = "zia_delete_rule_label";

fn tenant_sim_config(name: &str) -> SimConfig {
    SimConfig {
        client_id: format!("{name}-client"),
        client_secret: format!("{name}-secret"),
        customer_id: format!("{name}-customer"),
        ..SimConfig::default()
    }
}

async fn put_secret(moto: &Moto, name: &str, sim: &RunningSim) {
    let c = tenant_sim_config(name);
    let value = json!({
        "ZSCALER_CLIENT_ID": c.client_id, "ZSCALER_CLIENT_SECRET": c.client_secret,
        "ZSCALER_VANITY_DOMAIN": name, "ZSCALER_CUSTOMER_ID": c.customer_id,
        "ZSCALER_MCP_API_BASE_URL": sim.base_url(), "ZSCALER_MCP_TOKEN_URL": sim.token_url(),
    });
    let client = moto.client().await;
    // Under load a fresh moto can drop the first request: a few tries, then the error.
    let mut last = None;
    for _ in 0..5 {
        let create = client.create_secret().name(format!("tenants/{name}"));
        match create.secret_string(value.to_string()).send().await {
            Ok(_) => return,
            // An earlier try that was applied but not answered.
            Err(e) if format!("{e:?}").contains("ResourceExists") => return,
            Err(e) => last = Some(format!("{e:?}")),
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    panic!("moto did not create the secret: {last:?}");
}

/// A jwt-mode service whose tenants are `acme` and `beta`; the process-wide Zscaler
/// settings point nowhere, so any call that reaches a simulator went through a tenant.
async fn service(acme: &RunningSim, moto: &Moto) -> McpHttpService {
    service_and(acme, moto, &[]).await
}

/// `service` with `more` variables last.
async fn service_and(acme: &RunningSim, moto: &Moto, more: &[(&str, &str)]) -> McpHttpService {
    let dead = "http://127.0.0.1:9";
    let mut extra = vec![
        ("ZSCALER_MCP_API_BASE_URL", dead),
        ("ZSCALER_MCP_TOKEN_URL", dead),
        ("ZSCALER_MCP_TENANTS", "acme=tenants/acme,beta=tenants/beta"),
        ("ZSCALER_MCP_TENANT_GRANTS", "ops=acme|beta"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
    ];
    extra.extend_from_slice(more);
    jwt_service_with(acme, K1, &extra).await
}

/// A token for `sub` whose tenant claim is `tenants` (absent when `Null`).
fn token(sub: &str, tenants: Value) -> String {
    let mut claims = json!({"aud": "zscaler-mcp-server", "sub": sub, "azp": "agent-app",
        "scope": "zscaler.read zscaler.write"});
    if !tenants.is_null() {
        claims["zscaler_tenants"] = tenants;
    }
    signed_test_jwt(claims)
}

async fn call(svc: &McpHttpService, bearer: &str, tool: &str, args: Value) -> Reply {
    let auth = format!("Bearer {bearer}");
    send_json(
        svc,
        post_with(&[("authorization", &auth)]),
        &tool_call_body(2, tool, args),
    )
    .await
}

/// Every API request a simulator saw carried a token it issued itself.
fn only_own_tokens(sim: &RunningSim) -> bool {
    sim.requests()
        .iter()
        .filter(|r| !r.path.starts_with("/oauth2"))
        .all(|r| r.authorized)
}

/// Moto and the two tenants' simulators (the secret of `beta` only when `both`).
async fn two_tenants(both: bool) -> (Moto, RunningSim, RunningSim) {
    let moto = start_moto().await;
    let (acme, beta) = (
        start_sim_with(tenant_sim_config("acme")).await,
        start_sim_with(tenant_sim_config("beta")).await,
    );
    put_secret(&moto, "acme", &acme).await;
    if both {
        put_secret(&moto, "beta", &beta).await;
    }
    (moto, acme, beta)
}

fn deletes(sim: &RunningSim) -> Vec<String> {
    api_calls(sim)
        .into_iter()
        .filter(|c| c.starts_with("DELETE"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_of_one_tenant_never_reaches_the_other() {
    let (moto, acme, beta) = two_tenants(false).await;
    // Beta's secret does not exist yet: the start and acme's calls must not need it.
    let svc = service(&acme, &moto).await;
    let acme_only = token("alice", json!(["acme"]));

    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    let auth = format!("Bearer {acme_only}");
    let r = send_json(&svc, post_with(&[("authorization", &auth)]), &list).await;
    let tool = &r.body["result"]["tools"][0]["inputSchema"];
    assert_eq!(
        tool["properties"]["tenant"]["enum"],
        json!(["acme"]),
        "{}",
        r.raw
    );
    assert!(!tool["required"]
        .as_array()
        .is_some_and(|r| r.contains(&json!("tenant"))));

    let r = call(&svc, &acme_only, "zpa_list_segment_groups", json!({})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert!(api_calls(&acme)
        .iter()
        .all(|c| c.contains("/customers/acme-customer/")));
    for other in ["beta", "nope"] {
        let r = call(
            &svc,
            &acme_only,
            "zpa_list_segment_groups",
            json!({"tenant": other}),
        )
        .await;
        assert_eq!(r.body["result"]["isError"], true);
        assert_eq!(tool_text(&r), "not one of your tenants: acme");
    }
    assert!(beta.requests().is_empty(), "beta was never contacted");

    put_secret(&moto, "beta", &beta).await;
    let ops = token("bob", json!("ops"));
    let auth = format!("Bearer {ops}");
    let r = send_json(&svc, post_with(&[("authorization", &auth)]), &list).await;
    let tool = &r.body["result"]["tools"][0]["inputSchema"];
    assert_eq!(
        tool["properties"]["tenant"]["enum"],
        json!(["acme", "beta"])
    );
    assert!(tool["required"]
        .as_array()
        .unwrap()
        .contains(&json!("tenant")));
    let r = call(&svc, &ops, "zpa_list_segment_groups", json!({})).await;
    assert_eq!(
        tool_text(&r),
        "this call needs a `tenant` argument: one of your tenants acme, beta"
    );
    let r = call(
        &svc,
        &ops,
        "zpa_list_segment_groups",
        json!({"tenant": "beta"}),
    )
    .await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert!(api_calls(&beta)
        .iter()
        .all(|c| c.contains("/customers/beta-customer/")));
    assert!(!api_calls(&beta).is_empty());
    assert!(only_own_tokens(&acme) && only_own_tokens(&beta));

    let nobody = token("carol", Value::Null);
    let r = call(&svc, &nobody, "zpa_list_segment_groups", json!({})).await;
    assert_eq!(r.status, 403, "{}", r.raw);
}

/// A POST to `path` with `bearer`.
fn at(path: &str, bearer: &str) -> http::request::Builder {
    let auth = format!("Bearer {bearer}");
    post_with(&[("authorization", &auth)]).uri(format!("http://127.0.0.1:8000{path}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenant_url_narrows_the_caller_to_that_tenant() {
    let (moto, acme, beta) = two_tenants(true).await;
    let svc = service(&acme, &moto).await;
    let ops = token("bob", json!("ops"));
    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});

    // On /mcp/t/beta a caller of both tenants is a caller of beta: one optional choice.
    let r = send_json(&svc, at("/mcp/t/beta", &ops), &list).await;
    let schema = &r.body["result"]["tools"][0]["inputSchema"];
    assert_eq!(
        schema["properties"]["tenant"]["enum"],
        json!(["beta"]),
        "{}",
        r.raw
    );
    assert!(!schema["required"]
        .as_array()
        .is_some_and(|r| r.contains(&json!("tenant"))));
    let segments = tool_call_body(2, "zpa_list_segment_groups", json!({}));
    let r = send_json(&svc, at("/mcp/t/beta/readonly", &ops), &segments).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert!(!api_calls(&beta).is_empty());
    assert!(api_calls(&acme).is_empty(), "acme was never contacted");

    // The other tenant by argument on beta's URL: refused, naming only the URL's tenant.
    let other = tool_call_body(3, "zpa_list_segment_groups", json!({"tenant": "acme"}));
    let r = send_json(&svc, at("/mcp/t/beta", &ops), &other).await;
    assert_eq!(tool_text(&r), "not one of your tenants: beta");
    assert!(api_calls(&acme).is_empty());

    // A tenant the caller lacks and one that does not exist: the same 404.
    let alice = token("alice", json!(["acme"]));
    for path in [
        "/mcp/t/beta",
        "/mcp/t/nope",
        "/prod/mcp/t/beta/x/zpa_segment_groups",
    ] {
        let r = send_json(&svc, at(path, &alice), &segments).await;
        assert_eq!(r.status, 404, "{path}: {}", r.raw);
        assert_eq!(
            r.body,
            json!({"error": "not_found",
                   "message": "Not found: no tenant of yours at this URL (your tenants: acme)"})
        );
    }
    // Authentication still comes first: no token, no answer about tenants.
    let r = send_json(&svc, post().uri("http://127.0.0.1:8000/mcp/t/beta"), &list).await;
    assert_eq!(r.status, 401, "{}", r.raw);
    // A malformed tenant segment is not a tenant id.
    let r = send_json(&svc, at("/mcp/t/Beta", &ops), &list).await;
    assert_eq!(r.status, 404);
    assert!(r.body["message"]
        .as_str()
        .unwrap()
        .contains("is not a tenant id"));

    // A confirmation minted on beta's URL does not act through acme's.
    let labels = tool_call_body(4, "zia_list_rule_labels", json!({}));
    let r = send_json(&svc, at("/mcp/t/beta", &ops), &labels).await;
    let id = tool_json(&r)[0]["id"].as_i64().unwrap();
    let ask = tool_call_body(5, DELETE, json!({"label_id": id}));
    let asked = send_json(&svc, at("/mcp/t/beta", &ops), &ask).await;
    let minted = confirmation_token_in(&tool_text(&asked)).expect("a confirmation token");
    let replay = tool_call_body(
        6,
        DELETE,
        json!({"label_id": id, "confirmation_token": minted}),
    );
    let r = send_json(&svc, at("/mcp/t/acme", &ops), &replay).await;
    assert!(tool_text(&r).contains("CONFIRMATION REQUIRED"), "{}", r.raw);
    assert!(deletes(&acme).is_empty() && deletes(&beta).is_empty());
    assert!(only_own_tokens(&acme) && only_own_tokens(&beta));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_that_missed_an_unreachable_tenant_is_not_kept() {
    let (moto, acme, beta) = two_tenants(false).await;
    let svc = service(&acme, &moto).await;
    let ops = token("bob", json!("ops"));
    let auth = format!("Bearer {ops}");
    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    // Beta's secret is missing: the list is acme's alone, and beta is not contacted.
    let r = send_json(&svc, post_with(&[("authorization", &auth)]), &list).await;
    assert!(!listed_names(&r).is_empty(), "{}", r.raw);
    assert!(beta.requests().is_empty());
    // Once beta is reachable the next list asks it (a kept list would not).
    put_secret(&moto, "beta", &beta).await;
    let r = send_json(&svc, post_with(&[("authorization", &auth)]), &list).await;
    assert!(!listed_names(&r).is_empty());
    let seen = beta.requests().len();
    assert!(seen > 0, "beta's token was fetched for the list");
    // Now complete, the list is kept: a third asks nobody.
    let r = send_json(&svc, post_with(&[("authorization", &auth)]), &list).await;
    assert!(!listed_names(&r).is_empty());
    assert_eq!(beta.requests().len(), seen);
}

#[tokio::test]
async fn a_single_tenant_server_has_no_tenant_urls() {
    let sim = start_sim().await;
    let svc = service_with(&sim_vars(&sim));
    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    let r = send_json(&svc, post().uri("http://127.0.0.1:8000/mcp/t/acme"), &list).await;
    assert_eq!(r.status, 404, "{}", r.raw);
    assert_eq!(
        r.body["message"],
        "Not found: this server serves one tenant; its MCP endpoint is /mcp"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_minted_for_one_tenant_does_not_act_on_the_other() {
    let (moto, acme, beta) = two_tenants(true).await;
    let svc = service(&acme, &moto).await;
    let ops = token("bob", json!(["acme", "beta"]));
    let r = call(
        &svc,
        &ops,
        "zia_list_rule_labels",
        json!({"tenant": "acme"}),
    )
    .await;
    let id = tool_json(&r)[0]["id"].as_i64().unwrap();

    let asked = call(
        &svc,
        &ops,
        DELETE,
        json!({"label_id": id, "tenant": "acme"}),
    )
    .await;
    let minted = confirmation_token_in(&tool_text(&asked)).expect("a confirmation token");
    for (tenant, sim) in [("beta", &beta), ("acme", &acme)] {
        sim.clear_requests();
        let args = json!({"label_id": id, "tenant": tenant, "confirmation_token": minted});
        let r = call(&svc, &ops, DELETE, args).await;
        if tenant == "beta" {
            assert!(tool_text(&r).contains("CONFIRMATION REQUIRED"), "{}", r.raw);
            assert!(deletes(sim).is_empty(), "acme's token never acts on beta");
        } else {
            assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
            assert_eq!(
                deletes(sim),
                [format!("DELETE /zia/api/v1/ruleLabels/{id}")]
            );
        }
    }
    assert!(only_own_tokens(&acme) && only_own_tokens(&beta));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_state_minted_for_one_tenant_does_not_act_on_the_other() {
    let (moto, acme, beta) = two_tenants(true).await;
    let svc = service(&acme, &moto).await;
    let bearer = token("bob", json!(["acme", "beta"]));
    let ops = format!("Bearer {bearer}");
    let r = call(
        &svc,
        &bearer,
        "zia_list_rule_labels",
        json!({"tenant": "acme"}),
    )
    .await;
    let id = tool_json(&r)[0]["id"].as_i64().unwrap();
    let modern = |tenant: &str, state: Option<&str>, answer: Option<Value>| {
        let (b, body) = modern_tool_call(
            DELETE,
            json!({"label_id": id, "tenant": tenant}),
            state,
            answer,
        );
        (b.header("authorization", ops.as_str()), body)
    };
    let (b, body) = modern("acme", None, None);
    let r = send_json(&svc, b, &body).await;
    let state = r.body["result"]["requestState"]
        .as_str()
        .expect("state")
        .to_string();
    let accept = json!({"confirm": {"action": "accept", "content": {"choice": "delete"}}});

    let (b, body) = modern("beta", Some(&state), Some(accept.clone()));
    let r = send_json(&svc, b, &body).await;
    assert!(tool_text(&r).contains("Confirmation rejected"), "{}", r.raw);
    assert!(deletes(&beta).is_empty());
    let (b, body) = modern("acme", Some(&state), Some(accept));
    let r = send_json(&svc, b, &body).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(
        deletes(&acme),
        [format!("DELETE /zia/api/v1/ruleLabels/{id}")]
    );
}

// One thread, so the subscriber set for this test sees every event of the calls.
#[tokio::test(flavor = "current_thread")]
async fn invokers_take_the_tenant_and_audit_lines_name_it() {
    let (captured, _guard) = AuditCapture::install();
    let (moto, acme, beta) = two_tenants(true).await;
    let more = [
        ("ZSCALER_MCP_TOOL_SURFACE", "discovery"),
        ("ZSCALER_MCP_LOG_TOOL_CALLS", "true"),
    ];
    let svc = service_and(&acme, &moto, &more).await;
    let ops = token("bob", json!("ops"));
    let read = json!({"tool": "zpa_list_segment_groups", "arguments": {}, "tenant": "beta"});
    let r = call(&svc, &ops, "zscaler_call_read_tool", read).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert!(!api_calls(&beta).is_empty() && api_calls(&acme).is_empty());

    // A header naming a tenant is no route: only the argument chooses, among the caller's.
    let alice = token("alice", json!(["acme"]));
    let auth = format!("Bearer {alice}");
    let headers = [
        ("authorization", auth.as_str()),
        ("x-zscaler-tenant", "beta"),
    ];
    let body = tool_call_body(
        3,
        "zscaler_call_read_tool",
        json!({"tool": "zpa_list_segment_groups", "arguments": {}}),
    );
    beta.clear_requests();
    let r = send_json(&svc, post_with(&headers), &body).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert!(api_calls(&beta).is_empty() && !api_calls(&acme).is_empty());

    let body = tool_call_body(4, "zpa_list_segment_groups", json!({"tenant": "beta"}));
    let r = send_json(&svc, post_with(&headers), &body).await;
    assert_eq!(tool_text(&r), "not one of your tenants: acme");

    let lines: Vec<[Value; 4]> = captured
        .audit_lines()
        .iter()
        .map(|f| ["tool", "tenant", "outcome", "arguments"].map(|k| f[k].clone()))
        .collect();
    let segments = json!("zpa_list_segment_groups");
    assert_eq!(
        lines,
        [
            [segments.clone(), json!("beta"), json!("ok"), json!("{}")],
            [segments.clone(), json!("acme"), json!("ok"), json!("{}")],
            // Refused: the line names the tenant the caller tried.
            [segments, json!("beta"), json!("rejected"), json!("{}")],
        ]
    );
}

/// The same boundaries through the real Lambda bootstrap and a loopback Runtime API: the
/// process reads beta's secret only when a beta caller first needs it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_the_lambda_bootstrap_each_caller_stays_in_its_tenant() {
    use integration_tests::runtime_api::{self, Bootstrap};
    let (moto, acme, beta) = two_tenants(false).await;
    let jwks = serve_jwks().await;
    let env = [
        ("ZSCALER_MCP_TENANTS", "acme=tenants/acme,beta=tenants/beta"),
        ("ZSCALER_MCP_AUTH_ENABLED", "true"),
        ("ZSCALER_MCP_AUTH_MODE", "jwt"),
        ("ZSCALER_MCP_AUTH_JWKS_URI", jwks.as_str()),
        ("ZSCALER_MCP_AUTH_ISSUER", TEST_ISSUER),
        ("ZSCALER_MCP_TOOL_SURFACE", "full"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
    ];
    let (addr, api) = runtime_api::start().await;
    let _function = Bootstrap::spawn(addr, &env);
    let invoke = |bearer: String, args: Value| {
        let body = tool_call_body(2, "zpa_list_segment_groups", args);
        let event = runtime_api::mcp_post_event(&body, &[("authorization", &bearer)]);
        let api = &api;
        async move { api.invoke(&event).await.expect("an answer") }
    };
    let alice = format!("Bearer {}", token("alice", json!(["acme"])));
    let r = invoke(alice.clone(), json!({})).await;
    assert_eq!(r.body_json()["result"]["isError"], false, "{r:?}");
    let r = invoke(alice, json!({"tenant": "beta"})).await;
    let text = r.body_json()["result"]["content"][0]["text"].clone();
    assert_eq!(text, "not one of your tenants: acme");
    assert!(beta.requests().is_empty() && !api_calls(&acme).is_empty());

    put_secret(&moto, "beta", &beta).await;
    let bob = format!("Bearer {}", token("bob", json!(["beta"])));
    let r = invoke(bob, json!({})).await;
    assert_eq!(r.body_json()["result"]["isError"], false, "{r:?}");
    assert!(api_calls(&beta)
        .iter()
        .all(|c| c.contains("/customers/beta-customer/")));
    assert!(only_own_tokens(&acme) && only_own_tokens(&beta));
    let carol = format!("Bearer {}", token("carol", Value::Null));
    assert_eq!(invoke(carol, json!({})).await.status_code(), Some(403));

    // The tenant URL as API Gateway's event carries it (rawPath under the greedy route).
    let at = |path: &str, bearer: &str| {
        let body = tool_call_body(3, "zpa_list_segment_groups", json!({})).to_string();
        let headers = [
            ("content-type", "application/json"),
            ("accept", "application/json, text/event-stream"),
            ("mcp-protocol-version", LEGACY),
            ("authorization", bearer),
        ];
        runtime_api::http_api_event("POST", path, &headers, Some(&body))
    };
    let bob = format!("Bearer {}", token("bob", json!(["beta"])));
    let r = api
        .invoke(&at("/mcp/t/acme", &bob))
        .await
        .expect("an answer");
    assert_eq!(r.status_code(), Some(404), "{r:?}");
    assert_eq!(
        r.body_json()["message"],
        "Not found: no tenant of yours at this URL (your tenants: beta)"
    );
    let both = format!("Bearer {}", token("dave", json!(["acme", "beta"])));
    beta.clear_requests();
    let r = api
        .invoke(&at("/mcp/t/beta", &both))
        .await
        .expect("an answer");
    assert_eq!(r.body_json()["result"]["isError"], false, "{r:?}");
    assert!(!api_calls(&beta).is_empty());
}

/// Resident memory, in KiB (Linux).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("procfs");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// Issue 20's figure: the memory one more tenant costs once it has served a call (its
/// client, token, entitlement filter and tool list). Run with `--ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; prints the figures"]
async fn memory_per_tenant_for_ten_tenants() {
    let moto = start_moto().await;
    let sim = start_sim().await;
    let d = SimConfig::default();
    let ids: Vec<String> = (0..10).map(|i| format!("t{i}")).collect();
    for id in &ids {
        let value = json!({
            "ZSCALER_CLIENT_ID": d.client_id, "ZSCALER_CLIENT_SECRET": d.client_secret,
            "ZSCALER_VANITY_DOMAIN": id, "ZSCALER_CUSTOMER_ID": d.customer_id,
            "ZSCALER_MCP_API_BASE_URL": sim.base_url(), "ZSCALER_MCP_TOKEN_URL": sim.token_url(),
        });
        let client = moto.client().await;
        let create = client.create_secret().name(format!("tenants/{id}"));
        create
            .secret_string(value.to_string())
            .send()
            .await
            .unwrap();
    }
    let registry: Vec<String> = ids.iter().map(|id| format!("{id}=tenants/{id}")).collect();
    let registry = registry.join(",");
    let more = [
        ("ZSCALER_MCP_TENANTS", registry.as_str()),
        ("ZSCALER_MCP_TENANT_GRANTS", ""),
    ];
    let svc = service_and(&sim, &moto, &more).await;
    let all = token("ops", json!(ids));
    let mut samples = vec![rss_kib()];
    for id in &ids {
        let r = call(&svc, &all, "zpa_list_segment_groups", json!({"tenant": id})).await;
        assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
        samples.push(rss_kib());
    }
    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    let auth = format!("Bearer {all}");
    let r = send_json(&svc, post_with(&[("authorization", &auth)]), &list).await;
    assert!(!listed_names(&r).is_empty());
    let first = samples[1] - samples[0];
    let rest = (samples[10] - samples[1]) / 9;
    println!("RSS KiB after each tenant's first call: {samples:?}");
    println!("first tenant (with one-time setup): {first} KiB; each further tenant: {rest} KiB");
}
