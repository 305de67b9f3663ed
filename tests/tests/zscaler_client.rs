//! The OneAPI client against the simulator: lazy single-flight token, refresh, private-key
//! JWT, retries within the budget, and error bodies turned into actionable tool errors.

use std::time::{Duration, Instant};

use integration_tests::*;
use serde_json::{json, Value};
use zscaler_sim::{Fault, FaultKind};

fn fault(path_prefix: &str, kind: FaultKind, times: Option<u32>) -> Fault {
    Fault {
        method: None,
        path_prefix: path_prefix.to_string(),
        kind,
        times,
    }
}

/// A server that may activate without asking: these tests are about the upstream calls, not
/// the approval (tested elsewhere).
fn activation_service(sim: &RunningSim) -> zscaler_mcp::McpHttpService {
    let mut vars = sim_vars(sim);
    vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    vars.set("ZSCALER_MCP_WRITE_TOOLS", "zia_activate_configuration");
    vars.set(
        "ZSCALER_MCP_CONFIRM_EXEMPT_TOOLS",
        "zia_activate_configuration",
    );
    service_with(&vars)
}

async fn call(svc: &zscaler_mcp::McpHttpService, tool: &str, args: Value) -> Reply {
    send_json(svc, post(), &tool_call_body(1, tool, args)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_is_lazy_and_fetched_once_for_50_concurrent_cold_calls() {
    let (sim, svc) = sandbox().await;
    // Building the service needs no token: nothing is fetched at cold start.
    assert_eq!(sim.token_request_count(), 0);

    let calls = (0..50).map(|i| {
        let svc = svc.clone();
        tokio::spawn(async move {
            post_json(
                &svc,
                &tool_call_body(i, "zia_get_activation_status", json!({})),
            )
            .await
        })
    });
    for reply in futures_join(calls).await {
        assert_eq!(reply.body["result"]["isError"], false, "{}", reply.raw);
    }
    assert_eq!(sim.token_request_count(), 1);
    assert_eq!(api_calls(&sim).len(), 50);
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn token_is_refreshed_before_it_expires() {
    let sim = start_sim_with(SimConfig {
        token_lifetime_secs: 3,
        ..SimConfig::default()
    })
    .await;
    let svc = local_service(&sim);
    assert_eq!(
        call(&svc, "zia_get_activation_status", json!({}))
            .await
            .body["result"]["isError"],
        false
    );
    tokio::time::sleep(Duration::from_millis(2200)).await;
    assert_eq!(
        call(&svc, "zia_get_activation_status", json!({}))
            .await
            .body["result"]["isError"],
        false
    );
    assert_eq!(sim.token_request_count(), 2);
    // The refresh happened before expiry: no call was refused on the way.
    assert!(sim.requests().iter().all(|r| r.status != 401));
}

#[tokio::test]
async fn a_401_refreshes_the_token_once() {
    let (sim, svc) = sandbox().await;
    sim.add_fault(fault(
        "/zia/api/v1/status",
        FaultKind::Unauthorized,
        Some(1),
    ));
    let r = call(&svc, "zia_get_activation_status", json!({})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(sim.token_request_count(), 2);

    // A permanent 401 is reported after exactly one refresh, naming the product and status.
    sim.clear_requests();
    sim.add_fault(fault("/zia/api/v1/status", FaultKind::Unauthorized, None));
    let r = call(&svc, "zia_get_activation_status", json!({})).await;
    assert_eq!(r.body["result"]["isError"], true);
    let text = tool_text(&r);
    assert!(
        text.contains("ZIA") && text.contains("401") && text.contains("unauthorized"),
        "{text}"
    );
    assert_eq!(api_calls(&sim).len(), 2);
    assert_eq!(
        sim.requests().len() - api_calls(&sim).len(),
        1,
        "one refresh"
    );
}

fn fixture_key(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../infra/simulator/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[tokio::test]
async fn private_key_jwt_client_assertion() {
    let sim = start_sim_with(SimConfig {
        client_public_key_pem: Some(fixture_key("test_client_public.pem")),
        ..SimConfig::default()
    })
    .await;
    let mut vars = sim_vars(&sim);
    vars.set("ZSCALER_CLIENT_SECRET", "");
    vars.set(
        "ZSCALER_PRIVATE_KEY",
        fixture_key("test_client_private.pem"),
    );
    let svc = service_with(&vars);
    let r = call(&svc, "zia_get_activation_status", json!({})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    let token_req = sim
        .requests()
        .into_iter()
        .find(|r| r.path == "/oauth2/v1/token")
        .unwrap();
    let form = token_req.body.unwrap().to_string();
    assert!(form.contains("client_assertion_type"), "{form}");
    assert!(!form.contains("client_secret="), "{form}");

    // Signed with a key the tenant does not know: a credentials error, no API call.
    let sim2 = start_sim_with(SimConfig {
        client_public_key_pem: Some(fixture_key("test_client_public.pem")),
        ..SimConfig::default()
    })
    .await;
    let mut vars = sim_vars(&sim2);
    vars.set("ZSCALER_CLIENT_SECRET", "");
    vars.set("ZSCALER_PRIVATE_KEY", fixture_key("test_other_private.pem"));
    let r = call(&service_with(&vars), "zia_get_activation_status", json!({})).await;
    assert_eq!(r.body["result"]["isError"], true);
    assert!(tool_text(&r).contains("rejected the server's credentials"));
    assert!(api_calls(&sim2).is_empty());
}

#[tokio::test]
async fn zia_429_with_integer_retry_after_is_retried() {
    let (sim, svc) = sandbox().await;
    sim.add_fault(fault(
        "/zia/api/v1/locations",
        FaultKind::ZiaRateLimit,
        Some(2),
    ));
    let started = Instant::now();
    let r = call(&svc, "zia_get_location", json!({"location_id": 1001})).await;
    let elapsed = started.elapsed();
    assert_eq!(api_calls(&sim).len(), 3, "two 429s then success");
    assert!(
        elapsed >= Duration::from_secs(2),
        "honoured retry-after: {elapsed:?}"
    );
    // Location 1001 may or may not exist in the seed; either way it was a real answer.
    assert!(!tool_text(&r).contains("rate"), "{}", r.raw);
}

#[tokio::test]
async fn zpa_429_with_seconds_suffix_is_retried() {
    let (sim, svc) = sandbox().await;
    sim.add_fault(fault("/zpa/", FaultKind::ZpaRateLimit, Some(1)));
    let started = Instant::now();
    let r = call(&svc, "zpa_list_segment_groups", json!({})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert!(started.elapsed() >= Duration::from_secs(4), "waited the 4s");
    assert_eq!(api_calls(&sim).len(), 2);
}

#[tokio::test]
async fn permanent_429_gives_up_within_the_budget_and_says_when_to_retry() {
    let sim = start_sim().await;
    let mut vars = sim_vars(&sim);
    vars.set("ZSCALER_MCP_UPSTREAM_BUDGET_MS", "3000");
    let svc = service_with(&vars);
    sim.add_fault(fault("/zia/", FaultKind::ZiaRateLimit, None));
    let started = Instant::now();
    let r = call(&svc, "zia_get_activation_status", json!({})).await;
    let elapsed = started.elapsed();
    assert_eq!(r.body["result"]["isError"], true);
    let text = tool_text(&r);
    assert!(
        text.contains("rate-limiting") && text.contains("Retry after 1 s"),
        "{text}"
    );
    assert!(elapsed < Duration::from_millis(3500), "{elapsed:?}");
    assert!(api_calls(&sim).len() >= 2);

    // A wait longer than what is left of the budget is not even started.
    sim.clear_faults();
    sim.add_fault(fault("/zpa/", FaultKind::ZpaRateLimit, None));
    let started = Instant::now();
    let r = call(&svc, "zpa_list_segment_groups", json!({})).await;
    assert!(started.elapsed() < Duration::from_millis(1000));
    assert!(
        tool_text(&r).contains("Retry after 4 s"),
        "{}",
        tool_text(&r)
    );
}

#[tokio::test]
async fn reads_retry_gateway_errors_and_connect_failures() {
    let (sim, svc) = sandbox().await;
    sim.add_fault(fault(
        "/zia/",
        FaultKind::ServerError { status: 503 },
        Some(1),
    ));
    sim.add_fault(fault(
        "/zpa/",
        FaultKind::ServerError { status: 502 },
        Some(1),
    ));
    let r = call(&svc, "zia_get_activation_status", json!({})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    let r = call(&svc, "zpa_list_server_groups", json!({})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(api_calls(&sim).len(), 4);

    // Nothing listening: connect errors are retried with backoff until the budget ends.
    let mut vars = sim_vars(&sim);
    vars.set("ZSCALER_MCP_API_BASE_URL", "http://127.0.0.1:9");
    vars.set("ZSCALER_MCP_UPSTREAM_BUDGET_MS", "1500");
    let started = Instant::now();
    let r = call(&service_with(&vars), "zia_get_activation_status", json!({})).await;
    assert_eq!(r.body["result"]["isError"], true);
    assert!(
        tool_text(&r).contains("connection failed"),
        "{}",
        tool_text(&r)
    );
    assert!(started.elapsed() < Duration::from_millis(2500));
}

#[tokio::test]
async fn writes_are_retried_only_when_nothing_was_applied() {
    let sim = start_sim().await;
    let svc = activation_service(&sim);
    // An edit lock proves nothing was applied: retried.
    sim.add_fault(fault(
        "/zia/api/v1/status/activate",
        FaultKind::ZiaEditLock,
        Some(1),
    ));
    let r = call(&svc, "zia_activate_configuration", json!({})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(
        api_calls(&sim)
            .iter()
            .filter(|c| *c == "POST /zia/api/v1/status/activate")
            .count(),
        2
    );
    // A 502 on a write may have been applied: not retried, and the error says what happened.
    sim.clear_requests();
    sim.add_fault(fault(
        "/zia/api/v1/status/activate",
        FaultKind::ServerError { status: 502 },
        Some(1),
    ));
    let r = call(&svc, "zia_activate_configuration", json!({})).await;
    assert_eq!(r.body["result"]["isError"], true);
    assert!(tool_text(&r).contains("HTTP 502"), "{}", tool_text(&r));
    assert_eq!(api_calls(&sim).len(), 1);
}

#[tokio::test]
async fn product_error_bodies_become_actionable_messages() {
    let (sim, svc) = sandbox().await;
    let r = call(&svc, "zia_get_location", json!({"location_id": 987654321})).await;
    assert_eq!(r.body["result"]["isError"], true);
    let text = tool_text(&r);
    assert!(text.starts_with("ZIA: not found"), "{text}");

    let r = call(&svc, "zpa_get_server_group", json!({"group_id": "999"})).await;
    let text = tool_text(&r);
    assert!(
        text.starts_with("ZPA: not found"),
        "ZPA's 400 resource.not.found: {text}"
    );

    sim.add_fault(fault("/zia/", FaultKind::ZiaReadOnly, Some(1)));
    let r = call(&svc, "zia_get_activation_status", json!({})).await;
    assert!(tool_text(&r).contains("read-only mode for scheduled maintenance"));

    // A wrong customer id: ZPA's {id, reason} body, after one token refresh.
    let mut vars = sim_vars(&sim);
    vars.set("ZSCALER_CUSTOMER_ID", "someone-else");
    let r = call(&service_with(&vars), "zpa_list_segment_groups", json!({})).await;
    let text = tool_text(&r);
    assert!(
        text.contains("ZPA API error: HTTP 401 access.denied"),
        "{text}"
    );
}

#[tokio::test]
async fn fetch_all_is_capped_and_says_how_to_page() {
    let sim = start_sim().await;
    let mut vars = sim_vars(&sim);
    vars.set("ZSCALER_MCP_MAX_ITEMS", "100");
    let svc = service_with(&vars);
    let r = call(&svc, "get_zia_users", json!({})).await;
    assert_eq!(tool_json(&r).as_array().unwrap().len(), 100);
    let note = r.body["result"]["content"][1]["text"].as_str().unwrap();
    assert!(
        note.contains("Truncated at 100") && note.contains("paging arguments"),
        "{note}"
    );

    // Without the cap all 250 come back, across ZIA pages until a short page.
    let r = call(
        &local_service(&sim),
        "get_zia_users",
        json!({"page": 3, "page_size": 100}),
    )
    .await;
    assert_eq!(tool_json(&r).as_array().unwrap().len(), 50);
    assert!(
        r.body["result"]["content"].as_array().unwrap().len() == 1,
        "a short page: no note"
    );
}

#[tokio::test]
async fn activation_polls_while_in_progress_within_the_budget() {
    let sim = start_sim_with(SimConfig {
        activation_in_progress_polls: 2,
        ..SimConfig::default()
    })
    .await;
    sim.set_activation_status("PENDING");
    let svc = activation_service(&sim);
    let r = call(&svc, "zia_activate_configuration", json!({})).await;
    assert_eq!(tool_json(&r)["status"], "ACTIVE", "{}", r.raw);
    assert_eq!(
        api_calls(&sim),
        vec![
            "POST /zia/api/v1/status/activate",
            "GET /zia/api/v1/status",
            "GET /zia/api/v1/status",
            "GET /zia/api/v1/status"
        ]
    );
    assert_eq!(sim.activation_status(), "ACTIVE");

    // Out of budget while still INPROGRESS: say so instead of waiting past the deadline.
    let slow = start_sim_with(SimConfig {
        activation_in_progress_polls: 100,
        ..SimConfig::default()
    })
    .await;
    let mut vars = sim_vars(&slow);
    vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    vars.set("ZSCALER_MCP_WRITE_TOOLS", "zia_*");
    vars.set(
        "ZSCALER_MCP_CONFIRM_EXEMPT_TOOLS",
        "zia_activate_configuration",
    );
    vars.set("ZSCALER_MCP_UPSTREAM_BUDGET_MS", "1500");
    let started = Instant::now();
    let r = call(
        &service_with(&vars),
        "zia_activate_configuration",
        json!({}),
    )
    .await;
    assert!(started.elapsed() < Duration::from_millis(1600));
    assert_eq!(tool_json(&r)["status"], "INPROGRESS");
    let note = r.body["result"]["content"][1]["text"].as_str().unwrap();
    assert!(note.contains("zia_get_activation_status"), "{note}");
}

#[tokio::test]
async fn zpa_concurrent_access_409_is_retried() {
    let (sim, svc) = sandbox().await;
    sim.add_fault(fault("/zpa/", FaultKind::ZpaConcurrentAccess, Some(1)));
    let r = call(&svc, "zpa_list_segment_groups", json!({})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    assert_eq!(api_calls(&sim).len(), 2);
    assert_eq!(sim.requests().iter().filter(|q| q.status == 409).count(), 1);
}

// ---------------------------------------------------------------------------------------
// Issue 10: no credential-bearing request follows a redirect off its origin

/// One request a loopback listener received.
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    authorization: bool,
    body: String,
}

type Log = std::sync::Arc<std::sync::Mutex<Vec<Seen>>>;

/// A loopback listener. Paths under `/hop` answer `{"status":"ACTIVE"}`; any other path
/// answers `status` with a Location of `target` + path (or, without a target, of this
/// listener's own `/hop` + path: a same-origin redirect). Every request is logged.
async fn listener(status: u16, target: Option<String>) -> (String, Log) {
    let log: Log = Default::default();
    let seen = log.clone();
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", socket.local_addr().unwrap());
    let own = base.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let seen = seen.clone();
        let target = target.clone().unwrap_or_else(|| format!("{own}/hop"));
        async move {
            let (parts, body) = req.into_parts();
            let bytes = axum::body::to_bytes(body, 1 << 20)
                .await
                .unwrap_or_default();
            let path = parts.uri.path().to_string();
            seen.lock().unwrap().push(Seen {
                path: path.clone(),
                authorization: parts.headers.contains_key("authorization"),
                body: String::from_utf8_lossy(&bytes).into_owned(),
            });
            if path.starts_with("/hop") {
                return axum::response::IntoResponse::into_response(axum::Json(json!({
                    "status": "ACTIVE",
                    "access_token": "t0ken",
                    "expires_in": 3600
                })));
            }
            let location = format!("{target}{}", parts.uri);
            axum::response::IntoResponse::into_response((
                axum::http::StatusCode::from_u16(status).unwrap(),
                [("location", location)],
            ))
        }
    });
    tokio::spawn(async move { axum::serve(socket, app).await });
    (base, log)
}

#[tokio::test]
async fn token_request_never_follows_a_redirect_and_the_secret_stays_home() {
    let secret = SimConfig::default().client_secret;
    for status in [307, 308, 301, 302, 303] {
        let sim = start_sim().await;
        let (elsewhere, elsewhere_log) = listener(200, None).await;
        let (redirector, redirector_log) = listener(status, Some(format!("{elsewhere}/hop"))).await;
        let mut vars = sim_vars(&sim);
        vars.set(
            "ZSCALER_MCP_TOKEN_URL",
            format!("{redirector}/oauth2/v1/token"),
        );
        let r = call(&service_with(&vars), "zia_get_activation_status", json!({})).await;
        assert_eq!(r.body["result"]["isError"], true, "{}", r.raw);
        let text = tool_text(&r);
        let host = elsewhere.trim_start_matches("http://");
        assert!(
            text.contains(&format!("HTTP {status}")) && text.contains(host),
            "the error names the redirect and its host: {text}"
        );
        assert!(text.contains("token endpoint"), "{text}");
        assert!(!text.contains(&secret), "{text}");
        assert!(
            elsewhere_log.lock().unwrap().is_empty(),
            "{status}: the other origin was contacted: {:?}",
            elsewhere_log.lock().unwrap()
        );
        // The secret went only where it was configured to go.
        let first = redirector_log.lock().unwrap().clone();
        assert!(!first.is_empty());
        assert!(
            first
                .iter()
                .all(|s| s.path == "/oauth2/v1/token" && s.body.contains("client_secret=")),
            "{first:?}"
        );
        assert!(api_calls(&sim).is_empty(), "no API call without a token");
    }
}

#[tokio::test]
async fn token_request_does_not_follow_a_same_origin_redirect_either() {
    let sim = start_sim().await;
    let (redirector, log) = listener(307, None).await;
    let mut vars = sim_vars(&sim);
    vars.set(
        "ZSCALER_MCP_TOKEN_URL",
        format!("{redirector}/oauth2/v1/token"),
    );
    let r = call(&service_with(&vars), "zia_get_activation_status", json!({})).await;
    assert_eq!(r.body["result"]["isError"], true, "{}", r.raw);
    let seen = log.lock().unwrap().clone();
    assert!(
        !seen.is_empty() && seen.iter().all(|s| s.path == "/oauth2/v1/token"),
        "the re-posted secret never arrives at the redirect target: {seen:?}"
    );
    assert!(tool_text(&r).contains("HTTP 307"));
}

#[tokio::test]
async fn api_calls_follow_redirects_only_within_their_origin() {
    // Off-origin: the bearer token (and any body) never reaches the second listener.
    for status in [307, 308, 302] {
        let sim = start_sim().await;
        let (elsewhere, elsewhere_log) = listener(200, None).await;
        let (redirector, _) = listener(status, Some(format!("{elsewhere}/hop"))).await;
        let mut vars = sim_vars(&sim);
        vars.set("ZSCALER_MCP_API_BASE_URL", redirector);
        vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
        vars.set("ZSCALER_MCP_WRITE_TOOLS", "zia_create_rule_label");
        let svc = service_with(&vars);
        let r = call(&svc, "zia_get_activation_status", json!({})).await;
        assert_eq!(r.body["result"]["isError"], true, "{}", r.raw);
        let text = tool_text(&r);
        assert!(
            text.contains("ZIA API")
                && text.contains(&format!("HTTP {status}"))
                && text.contains(elsewhere.trim_start_matches("http://")),
            "{text}"
        );
        assert!(
            elsewhere_log.lock().unwrap().is_empty(),
            "{:?}",
            elsewhere_log.lock().unwrap()
        );
        // A write's body is not re-sent off-origin either.
        let r = call(
            &svc,
            "zia_create_rule_label",
            json!({"name": "redirected-label"}),
        )
        .await;
        assert_eq!(r.body["result"]["isError"], true, "{}", r.raw);
        assert!(
            tool_text(&r).contains(&format!("HTTP {status}")),
            "{}",
            r.raw
        );
        assert!(elsewhere_log.lock().unwrap().is_empty());
    }

    // Same origin: followed, with the token, and the call succeeds.
    let sim = start_sim().await;
    let (same, log) = listener(307, None).await;
    let mut vars = sim_vars(&sim);
    vars.set("ZSCALER_MCP_API_BASE_URL", same);
    let r = call(&service_with(&vars), "zia_get_activation_status", json!({})).await;
    assert_eq!(r.body["result"]["isError"], false, "{}", r.raw);
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[1].path.starts_with("/hop/") && seen[1].authorization);
}

#[tokio::test]
async fn a_redirect_loop_within_the_origin_stops() {
    // Every hop answers another same-origin redirect: bounded, then a clear error.
    let sim = start_sim().await;
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", socket.local_addr().unwrap());
    let hops = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (counter, target) = (hops.clone(), base.clone());
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let location = format!("{target}/again{}", uri.path());
        async move {
            (
                axum::http::StatusCode::TEMPORARY_REDIRECT,
                [("location", location)],
            )
        }
    });
    tokio::spawn(async move { axum::serve(socket, app).await });
    let mut vars = sim_vars(&sim);
    vars.set("ZSCALER_MCP_API_BASE_URL", base);
    let r = call(&service_with(&vars), "zia_get_activation_status", json!({})).await;
    assert_eq!(r.body["result"]["isError"], true, "{}", r.raw);
    assert!(tool_text(&r).contains("HTTP 307"), "{}", tool_text(&r));
    assert_eq!(
        hops.load(std::sync::atomic::Ordering::SeqCst),
        1 + zscaler_mcp::zscaler::MAX_SAME_ORIGIN_REDIRECTS,
        "the first request plus the allowed hops"
    );
}
