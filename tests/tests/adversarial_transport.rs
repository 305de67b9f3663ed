//! Issue 15/16/17 end to end through the HTTP entry (the same tower service Lambda and the
//! local server run): `X-Forwarded-For` is one list across its header lines, zscaler-mode
//! credential checks are cached and rate-limited with `Retry-After`, and a confirmation
//! minted for one JWT caller cannot be redeemed by another whose claims join to the same
//! text.

use std::net::SocketAddr;

use integration_tests::*;
use jsonwebtoken::{encode, Algorithm, Header};
use serde_json::{json, Value};
use zscaler_mcp::http::PeerAddr;

fn list() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
}

// ---------------------------------------------------------------------------------------
// Issue 15: every X-Forwarded-For line counts

fn acl_service(sim: &RunningSim, hops: &str) -> zscaler_mcp::McpHttpService {
    let mut vars = sim_vars(sim);
    vars.set(
        "ZSCALER_MCP_ALLOWED_SOURCE_IPS",
        "10.0.0.0/8, 2001:db8::/32",
    );
    vars.set("ZSCALER_MCP_TRUSTED_PROXY_HOPS", hops);
    service_with(&vars)
}

/// tools/list from the proxy at 192.0.2.1 with these header lines (appended in order).
async fn via_proxy(svc: &zscaler_mcp::McpHttpService, lines: &[(&str, &str)]) -> u16 {
    let mut b = post().extension(PeerAddr(SocketAddr::from(([192, 0, 2, 1], 40000))));
    for (name, value) in lines {
        b = b.header(*name, *value);
    }
    send_json(svc, b, &list()).await.status
}

#[tokio::test]
async fn a_client_line_before_the_proxy_line_does_not_pass_the_acl() {
    let sim = start_sim().await;
    let svc = acl_service(&sim, "1");
    const XFF: &str = "x-forwarded-for";
    // The reported bypass: the client's own line, then the line the proxy appended.
    assert_eq!(
        via_proxy(&svc, &[(XFF, "10.0.0.1"), (XFF, "6.6.6.6")]).await,
        403
    );
    // The honest order passes.
    assert_eq!(
        via_proxy(&svc, &[(XFF, "6.6.6.6"), (XFF, "10.0.0.1")]).await,
        200
    );
    assert_eq!(via_proxy(&svc, &[(XFF, "10.0.0.1")]).await, 200);
    // Three lines, empty lines, spaces: still the last entry.
    for lines in [
        vec![(XFF, "10.0.0.1"), (XFF, "10.0.0.2"), (XFF, "6.6.6.6")],
        vec![(XFF, "10.0.0.1"), (XFF, ""), (XFF, "6.6.6.6")],
        vec![(XFF, "10.0.0.1, 10.0.0.2"), (XFF, "  6.6.6.6  ")],
        vec![(XFF, "10.0.0.1"), (XFF, "6.6.6.6, ")],
    ] {
        assert_eq!(via_proxy(&svc, &lines).await, 403, "{lines:?}");
    }
    // Garbage or an unparsable entry at the trusted position: refused, not skipped.
    for garbage in [
        "unknown",
        "_proxy",
        "10.0.0.1.nip.io",
        "[10.0.0.1]",
        "10.0.0.1:x",
    ] {
        assert_eq!(
            via_proxy(&svc, &[(XFF, "10.0.0.1"), (XFF, garbage)]).await,
            403,
            "{garbage}"
        );
    }
    // IPv6 with brackets and a port, and an IPv4 with a port, are read.
    assert_eq!(via_proxy(&svc, &[(XFF, "[2001:db8::7]:443")]).await, 200);
    assert_eq!(
        via_proxy(&svc, &[(XFF, "6.6.6.6"), (XFF, "10.1.1.1:5555")]).await,
        200
    );
    assert_eq!(
        via_proxy(&svc, &[(XFF, "[2001:db8::7]:443"), (XFF, "[2001:db9::1]")]).await,
        403
    );
    // The Forwarded header is not a way around it.
    assert_eq!(
        via_proxy(&svc, &[("forwarded", "for=10.0.0.1"), (XFF, "6.6.6.6")]).await,
        403
    );
    assert_eq!(via_proxy(&svc, &[("forwarded", "for=10.0.0.1")]).await, 403);

    // Two trusted hops: the second entry from the right, across lines.
    let svc = acl_service(&sim, "2");
    assert_eq!(
        via_proxy(
            &svc,
            &[(XFF, "10.0.0.1"), (XFF, "6.6.6.6"), (XFF, "10.0.0.9")]
        )
        .await,
        403
    );
    assert_eq!(
        via_proxy(
            &svc,
            &[(XFF, "6.6.6.6"), (XFF, "10.0.0.1"), (XFF, "172.16.0.1")]
        )
        .await,
        200
    );
    assert!(api_calls(&sim).is_empty());
}

// ---------------------------------------------------------------------------------------
// Issue 16: zscaler mode is not an amplifier

fn zscaler_service(sim: &RunningSim) -> zscaler_mcp::McpHttpService {
    let mut vars = sim_vars(sim);
    vars.set("ZSCALER_MCP_AUTH_ENABLED", "true");
    vars.set("ZSCALER_MCP_AUTH_MODE", "zscaler");
    service_with(&vars)
}

async fn with_credentials(svc: &zscaler_mcp::McpHttpService, id: &str, secret: &str) -> Reply {
    send_json(
        svc,
        post_with(&[
            ("x-zscaler-client-id", id),
            ("x-zscaler-client-secret", secret),
        ]),
        &list(),
    )
    .await
}

#[tokio::test]
async fn bogus_oneapi_credentials_are_cached_and_rate_limited() {
    let sim = start_sim().await;
    let svc = zscaler_service(&sim);
    let d = SimConfig::default();

    // 40 identical bogus attempts: one ZIdentity request.
    for _ in 0..40 {
        let r = with_credentials(&svc, &d.client_id, "bogus-secret-0000").await;
        // 403, not 401: zscaler mode is not OAuth (issue 16, see auth_http.rs).
        assert_eq!(r.status, 403, "{}", r.raw);
    }
    assert_eq!(sim.token_request_count(), 1);

    // 40 different guesses for one client id: the burst reaches ZIdentity, the rest are
    // answered 429 with Retry-After and never leave the server.
    let mut limited = 0;
    for i in 0..40 {
        let r = with_credentials(&svc, &d.client_id, &format!("guess-{i:04}-secret")).await;
        match r.status {
            403 => {}
            429 => {
                limited += 1;
                let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
                assert!((1..=60).contains(&retry), "{retry}");
                let message = r.body["error"]["message"].as_str().unwrap();
                assert!(message.starts_with("Too many requests"), "{message}");
                assert!(
                    message.contains(&format!("retry after {retry} s")),
                    "{message}"
                );
                assert_eq!(r.body["error"]["code"], -32001);
            }
            other => panic!("unexpected {other}: {}", r.raw),
        }
    }
    let burst = zscaler_mcp::auth::CHECKS_PER_CLIENT_ID.burst as usize;
    assert_eq!(
        limited,
        40 - (burst - 1),
        "the first bogus check used one token"
    );
    assert_eq!(sim.token_request_count(), burst);

    // 60 client ids: the process-wide limit holds (plus what refills during the loop).
    for i in 0..60 {
        let r = with_credentials(&svc, &format!("spray-{i}"), "bogus-secret-0000").await;
        assert!(matches!(r.status, 403 | 429), "{}", r.raw);
    }
    let process = zscaler_mcp::auth::CHECKS_PER_PROCESS.burst as usize;
    let total = sim.token_request_count();
    assert!(total <= burst + process + 5, "{total} ZIdentity requests");
}

#[tokio::test]
async fn valid_oneapi_credentials_still_work_and_are_checked_once() {
    let sim = start_sim().await;
    let svc = zscaler_service(&sim);
    let d = SimConfig::default();
    let r = with_credentials(&svc, &d.client_id, &d.client_secret).await;
    assert_eq!(r.status, 200, "{}", r.raw);
    // The caller's check, plus the server's own token when tools/list needs it.
    let after_first = sim.token_request_count();
    assert!(after_first <= 2, "{after_first}");
    for _ in 0..4 {
        let r = with_credentials(&svc, &d.client_id, &d.client_secret).await;
        assert_eq!(r.status, 200, "{}", r.raw);
    }
    assert_eq!(sim.token_request_count(), after_first, "checked once");
}

// ---------------------------------------------------------------------------------------
// Issue 17: caller ids are unambiguous

const ISSUER: &str = TEST_ISSUER;
const K1: &str = "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=";

fn bearer(claims: Value) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut c = json!({"iss": ISSUER, "aud": "zscaler-mcp-server",
                       "scope": "zscaler.read zscaler.write", "iat": now, "exp": now + 600});
    for (k, v) in claims.as_object().unwrap() {
        c[k] = v.clone();
    }
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("k1".into());
    format!(
        "Bearer {}",
        encode(&header, &c, &test_signing_key()).unwrap()
    )
}

fn token_in(text: &str) -> String {
    confirmation_token_in(text).unwrap_or_else(|| panic!("no token in: {text}"))
}

async fn jwt_service(sim: &RunningSim) -> zscaler_mcp::McpHttpService {
    jwt_service_with(sim, K1, &[]).await
}

async fn call_as(
    svc: &zscaler_mcp::McpHttpService,
    authorization: &str,
    id: i64,
    tool: &str,
    args: Value,
) -> Reply {
    send_json(
        svc,
        post_with(&[("authorization", authorization)]),
        &tool_call_body(id, tool, args),
    )
    .await
}

#[tokio::test]
async fn a_confirmation_for_one_jwt_caller_does_not_work_for_a_lookalike() {
    let sim = start_sim().await;
    let svc = jwt_service(&sim).await;
    let minter = bearer(json!({"azp": "a", "sub": "b:c"}));
    let lookalikes = [
        bearer(json!({"azp": "a:b", "sub": "c"})),
        bearer(json!({"azp": "a%3Ab", "sub": "c"})),
        bearer(json!({"azp": "a", "sub": "b%3Ac"})),
        bearer(json!({"azp": null, "client_id": "a", "sub": "b:c\u{0}"})),
    ];
    let list = call_as(&svc, &minter, 1, "zia_list_rule_labels", json!({})).await;
    let id = tool_json(&list)[0]["id"].as_i64().unwrap();

    let r = call_as(
        &svc,
        &minter,
        2,
        "zia_delete_rule_label",
        json!({"label_id": id}),
    )
    .await;
    let token = token_in(&tool_text(&r));
    for other in &lookalikes {
        let r = call_as(
            &svc,
            other,
            3,
            "zia_delete_rule_label",
            json!({"label_id": id, "confirmation_token": token}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.raw);
        let text = tool_text(&r);
        assert!(
            text.contains("different caller"),
            "a lookalike caller redeemed the token: {text}"
        );
    }
    assert!(
        api_calls(&sim).iter().all(|c| !c.starts_with("DELETE")),
        "{:?}",
        api_calls(&sim)
    );
    // The caller it was minted for still can.
    let r = call_as(
        &svc,
        &minter,
        4,
        "zia_delete_rule_label",
        json!({"label_id": id, "confirmation_token": token}),
    )
    .await;
    assert!(
        api_calls(&sim).iter().any(|c| c.starts_with("DELETE")),
        "{}",
        r.raw
    );
}

#[tokio::test]
async fn jwt_claims_of_the_wrong_type_get_a_clear_401() {
    let sim = start_sim().await;
    let svc = jwt_service(&sim).await;
    for (claims, reason) in [
        (json!({"iss": [ISSUER], "sub": "u"}), "issuer (iss)"),
        (
            json!({"iss": [ISSUER, "https://evil.example"], "sub": "u"}),
            "issuer (iss)",
        ),
        (json!({"iss": 7, "sub": "u"}), "issuer (iss)"),
        (json!({"sub": 7}), "subject (sub)"),
        (json!({"sub": ["u"]}), "subject (sub)"),
        (json!({"sub": "u", "azp": ["x"]}), "(azp)"),
        (json!({"sub": "u", "azp": 1}), "(azp)"),
    ] {
        let r = send_json(
            &svc,
            post_with(&[("authorization", bearer(claims.clone()).as_str())]),
            &list(),
        )
        .await;
        assert_eq!(r.status, 401, "{claims}: {}", r.raw);
        let message = r.body["error"]["message"].as_str().unwrap();
        assert!(message.contains(reason), "{claims}: {message}");
        assert!(r.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token"));
    }
    assert!(api_calls(&sim).is_empty());
}
