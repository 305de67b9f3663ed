//! oidc-proxy mode: the OAuth 2.1 authorization server facade, end to end against a loopback
//! fake provider that has no registration endpoint (discovery, JWKS, token endpoint), plus
//! the sealing, matching and configuration rules it rests on.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use http_body_util::BodyExt;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use zscaler_mcp::auth::proxy::client_doc::{is_public_ip, parse as parse_client_doc};
use zscaler_mcp::auth::proxy::seal::{open, seal, SealError};
use zscaler_mcp::auth::proxy::{
    pkce_s256_matches, redirect_uri_matches, valid_redirect_uri, OidcProxy, ProxyBody,
    CODE_TTL_SECS,
};
use zscaler_mcp::auth::{AuthMode, AuthSettings, Authenticator};
use zscaler_mcp::config::Vars;
use zscaler_mcp::confirm::{KeyRing, Purpose};

const BASE: &str = "https://mcp.example.com/prod";
const RESOURCE: &str = "https://mcp.example.com/prod/mcp";
const CLIENT_REDIRECT: &str = "http://127.0.0.1:33418/callback";
const RING: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const OTHER_RING: &str = "HxwdHh8QERITFBUWFxgZGhsAAQIDBAUGBwgJCgsMDQ4";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

// ---------------------------------------------------------------------------------------
// Loopback fake provider: discovery, JWKS, token endpoint (no registration endpoint)

struct Fake {
    base: OnceLock<String>,
    encoding: EncodingKey,
    jwk: Value,
    /// The nonce the next id_token carries (the test copies it from the authorize URL).
    nonce: Mutex<String>,
    /// The `scope` the token endpoint answers with (`None`: omitted).
    granted: Mutex<Option<String>>,
    refresh_token: Mutex<Option<String>>,
    expires_in: AtomicU64,
    forms: Mutex<Vec<HashMap<String, String>>>,
    auth_headers: Mutex<Vec<Option<String>>>,
    /// Claims the id_token carries besides the standard ones.
    extra_claims: Mutex<Map<String, Value>>,
}

impl Fake {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base.get().unwrap())
    }
}

async fn discovery(State(f): State<Arc<Fake>>) -> impl IntoResponse {
    Json(json!({
        "issuer": f.url(""),
        "authorization_endpoint": f.url("/auth"),
        "token_endpoint": f.url("/token"),
        "jwks_uri": f.url("/jwks"),
    }))
}

async fn jwks(State(f): State<Arc<Fake>>) -> impl IntoResponse {
    Json(json!({"keys": [f.jwk.clone()]}))
}

async fn token(
    State(f): State<Arc<Fake>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> axum::response::Response {
    f.auth_headers.lock().unwrap().push(
        headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_string()),
    );
    f.forms.lock().unwrap().push(form.clone());
    if form.get("code").map(String::as_str) == Some("bad-code")
        || form.get("refresh_token").map(String::as_str) == Some("revoked")
    {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_grant"})),
        )
            .into_response();
    }
    let mut claims = json!({
        "iss": f.url(""), "aud": "up-client", "sub": "user-1", "nonce": *f.nonce.lock().unwrap(),
        "iat": now(), "exp": now() + 600,
    });
    for (k, v) in f.extra_claims.lock().unwrap().iter() {
        claims[k] = v.clone();
    }
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some("ec-1".into());
    let id_token = jsonwebtoken::encode(&header, &claims, &f.encoding).unwrap();
    let mut answer = json!({
        "access_token": "opaque-upstream", "token_type": "Bearer", "id_token": id_token,
        "expires_in": f.expires_in.load(Ordering::SeqCst),
    });
    if let Some(s) = f.granted.lock().unwrap().clone() {
        answer["scope"] = json!(s);
    }
    if let Some(rt) = f.refresh_token.lock().unwrap().clone() {
        answer["refresh_token"] = json!(rt);
    }
    Json(answer).into_response()
}

async fn client_document(State(f): State<Arc<Fake>>) -> impl IntoResponse {
    Json(json!({
        "client_id": f.url("/client.json"),
        "client_name": "doc client",
        "redirect_uris": [CLIENT_REDIRECT],
        "token_endpoint_auth_method": "none",
    }))
}

async fn start_fake() -> Arc<Fake> {
    use aws_lc_rs::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
    let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
    let encoding = EncodingKey::from_ec_der(pair.to_pkcs8v1().unwrap().as_ref());
    let mut jwk =
        serde_json::to_value(Jwk::from_encoding_key(&encoding, Algorithm::ES256).unwrap()).unwrap();
    jwk["kid"] = json!("ec-1");
    let fake = Arc::new(Fake {
        base: OnceLock::new(),
        encoding,
        jwk,
        nonce: Mutex::new(String::new()),
        granted: Mutex::new(None),
        refresh_token: Mutex::new(None),
        expires_in: AtomicU64::new(3600),
        forms: Mutex::new(Vec::new()),
        auth_headers: Mutex::new(Vec::new()),
        extra_claims: Mutex::new(Map::new()),
    });
    let app = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/token", post(token))
        .route("/client.json", get(client_document))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    fake.base
        .set(format!("http://{}", listener.local_addr().unwrap()))
        .unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    fake
}

// ---------------------------------------------------------------------------------------
// Helpers

fn vars(pairs: &[(&str, &str)]) -> Vars {
    Vars::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

fn proxy_vars(fake: &Fake, base: &str, ring: &str) -> Vec<(&'static str, String)> {
    vec![
        ("ZSCALER_MCP_AUTH_MODE", "oidc-proxy".into()),
        (
            "OIDCPROXY_CONFIG_URL",
            fake.url("/.well-known/openid-configuration"),
        ),
        ("OIDCPROXY_BASE_URL", base.into()),
        ("OIDCPROXY_CLIENT_ID", "up-client".into()),
        ("OIDCPROXY_CLIENT_SECRET", "up-secret".into()),
        ("ZSCALER_MCP_REQUEST_STATE_KEYS", ring.into()),
    ]
}

fn authenticator_with(pairs: &[(&'static str, String)]) -> Authenticator {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let settings = AuthSettings::from_vars(&vars(&pairs)).unwrap().unwrap();
    assert_eq!(settings.mode(), AuthMode::OidcProxy);
    Authenticator::new(settings)
}

fn authenticator(fake: &Fake) -> Authenticator {
    authenticator_with(&proxy_vars(fake, BASE, RING))
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
    fn location(&self) -> url::Url {
        url::Url::parse(self.headers["location"].to_str().unwrap()).unwrap()
    }
    fn query(&self) -> HashMap<String, String> {
        self.location().query_pairs().into_owned().collect()
    }
}

async fn answer(resp: Response<ProxyBody>) -> Answer {
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

/// The identity provider sending the browser back to our `/callback` with these parameters.
async fn callback(proxy: &OidcProxy, params: &[(&str, &str)]) -> Answer {
    call(
        proxy,
        "GET",
        &format!("/callback?{}", form(params)),
        &[],
        "",
    )
    .await
}

async fn call(
    proxy: &OidcProxy,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Bytes::from(body.to_string())).unwrap();
    answer(proxy.handle(req, BASE).await).await
}

async fn register(proxy: &OidcProxy, metadata: Value) -> Answer {
    call(
        proxy,
        "POST",
        "/register",
        &[("content-type", "application/json")],
        &metadata.to_string(),
    )
    .await
}

async fn register_public(proxy: &OidcProxy) -> String {
    let a = register(
        proxy,
        json!({"redirect_uris": [CLIENT_REDIRECT], "client_name": "t"}),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    a.json()["client_id"].as_str().unwrap().to_string()
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

async fn authorize(proxy: &OidcProxy, pairs: &[(&str, &str)]) -> Answer {
    call(
        proxy,
        "GET",
        &format!("/authorize?{}", form(pairs)),
        &[],
        "",
    )
    .await
}

fn authorize_params<'a>(
    client_id: &'a str,
    scope: &'a str,
    challenge: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", CLIENT_REDIRECT),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("state", "client-state-1"),
        ("scope", scope),
        ("resource", RESOURCE),
    ]
}

/// Authorize, sign in at the fake (it answers the callback) and return our code.
async fn code_for(proxy: &OidcProxy, fake: &Fake, client_id: &str, scope: &str) -> String {
    let c = challenge(VERIFIER);
    let a = authorize(proxy, &authorize_params(client_id, scope, &c)).await;
    assert_eq!(a.status, StatusCode::FOUND, "{}", a.body);
    let up = a.query();
    assert!(a.location().as_str().starts_with(&fake.url("/auth?")));
    *fake.nonce.lock().unwrap() = up["nonce"].clone();
    let cb = callback(proxy, &[("code", "up-code"), ("state", &up["state"])]).await;
    assert_eq!(cb.status, StatusCode::FOUND, "{}", cb.body);
    let back = cb.query();
    assert!(cb.location().as_str().starts_with(CLIENT_REDIRECT));
    assert_eq!(back["state"], "client-state-1");
    assert_eq!(back["iss"], BASE);
    back["code"].clone()
}

async fn exchange(proxy: &OidcProxy, pairs: &[(&str, &str)]) -> Answer {
    call(
        proxy,
        "POST",
        "/token",
        &[("content-type", "application/x-www-form-urlencoded")],
        &form(pairs),
    )
    .await
}

async fn token_for(proxy: &OidcProxy, fake: &Fake, client_id: &str, scope: &str) -> Value {
    let code = code_for(proxy, fake, client_id, scope).await;
    let t = exchange(
        proxy,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CLIENT_REDIRECT),
            ("client_id", client_id),
            ("code_verifier", VERIFIER),
            ("resource", RESOURCE),
        ],
    )
    .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    t.json()
}

fn bearer(token: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        "authorization",
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    h
}

fn ring(text: &str) -> KeyRing {
    KeyRing::parse(text).unwrap()
}

fn payload() -> Map<String, Value> {
    json!({"c": "client", "n": 1}).as_object().unwrap().clone()
}

// ---------------------------------------------------------------------------------------
// Sealing

#[test]
fn sealed_blobs_round_trip_and_refuse_tampering_expiry_purpose_and_unknown_keys() {
    let r = ring(RING);
    let t = now();
    let sealed = seal(&r, Purpose::ProxyCode, &payload(), Some(t + 60));
    assert_eq!(open(&r, Purpose::ProxyCode, &sealed, t), Ok(payload()));
    // Sealing is randomized: the same payload never gives the same blob.
    assert_ne!(
        sealed,
        seal(&r, Purpose::ProxyCode, &payload(), Some(t + 60))
    );
    // Expiry: open at exp - 1, refused at exp.
    assert_eq!(open(&r, Purpose::ProxyCode, &sealed, t + 59), Ok(payload()));
    assert_eq!(
        open(&r, Purpose::ProxyCode, &sealed, t + 60),
        Err(SealError::Expired)
    );
    // Another purpose has another key.
    for p in [
        Purpose::ProxyClient,
        Purpose::ProxyTransaction,
        Purpose::ProxyRefresh,
    ] {
        assert_eq!(open(&r, p, &sealed, t), Err(SealError::Invalid));
    }
    // Every byte of the ciphertext is authenticated.
    let (kid, body) = sealed.split_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(body).unwrap();
    for i in [0, 12, bytes.len() / 2, bytes.len() - 1] {
        bytes[i] ^= 1;
        let tampered = format!("{kid}.{}", URL_SAFE_NO_PAD.encode(&bytes));
        assert_eq!(
            open(&r, Purpose::ProxyCode, &tampered, t),
            Err(SealError::Invalid),
            "byte {i}"
        );
        bytes[i] ^= 1;
    }
    // The kid is bound too: relabelled with another ring key id it does not open.
    let both = ring(&format!("{OTHER_RING},{RING}"));
    let other_kid = both.key_ids()[0].to_string();
    assert_eq!(
        open(&both, Purpose::ProxyCode, &format!("{other_kid}.{body}"), t),
        Err(SealError::Invalid)
    );
    assert_eq!(
        open(&r, Purpose::ProxyCode, "nodot", t),
        Err(SealError::Malformed)
    );
    assert_eq!(
        open(&r, Purpose::ProxyCode, &format!("{kid}.!!"), t),
        Err(SealError::Malformed)
    );
    assert_eq!(
        open(&r, Purpose::ProxyCode, &format!("{kid}.AAAA"), t),
        Err(SealError::Malformed)
    );
    assert_eq!(
        open(&r, Purpose::ProxyCode, &"a".repeat(13_000), t),
        Err(SealError::Malformed)
    );
}

#[test]
fn rotation_keeps_old_blobs_until_the_old_key_leaves_the_ring() {
    let t = now();
    let old = ring(RING);
    let sealed = seal(&old, Purpose::ProxyClient, &payload(), None);
    // New first key, old one still listed: opens; new blobs use the new key.
    let rotated = ring(&format!("{OTHER_RING},{RING}"));
    assert_eq!(
        open(&rotated, Purpose::ProxyClient, &sealed, t),
        Ok(payload())
    );
    let fresh = seal(&rotated, Purpose::ProxyClient, &payload(), None);
    assert!(fresh.starts_with(&format!("{}.", rotated.key_ids()[0])));
    assert_eq!(
        open(&old, Purpose::ProxyClient, &fresh, t),
        Err(SealError::UnknownKey)
    );
    // Old key removed: refused.
    let only_new = ring(OTHER_RING);
    assert_eq!(
        open(&only_new, Purpose::ProxyClient, &sealed, t),
        Err(SealError::UnknownKey)
    );
}

// ---------------------------------------------------------------------------------------
// Matching rules

#[test]
fn redirect_uris_match_exactly() {
    let registered = vec![
        "https://app.example.com/cb".to_string(),
        "http://127.0.0.1:33418/callback".to_string(),
    ];
    assert!(redirect_uri_matches(
        &registered,
        "https://app.example.com/cb"
    ));
    assert!(redirect_uri_matches(
        &registered,
        "http://127.0.0.1:33418/callback"
    ));
    for variant in [
        "https://app.example.com/cb/",
        "https://APP.example.com/cb",
        "https://app.example.com/CB",
        "https://app.example.com/cb?x=1",
        "https://app.example.com/cb#f",
        "https://user@app.example.com/cb",
        "https://app.example.com:443/cb",
        "https://app.example.com:8443/cb",
        "http://app.example.com/cb",
        "http://127.0.0.1:33419/callback",
        "http://localhost:33418/callback",
        "https://app.example.com/cb/../cb",
        "https://app.example.com",
        "",
    ] {
        assert!(!redirect_uri_matches(&registered, variant), "{variant}");
    }
}

#[test]
fn registrable_redirect_uris() {
    for ok in [
        "https://claude.ai/api/mcp/auth_callback",
        "http://127.0.0.1:6274/oauth/callback",
        "http://localhost:3000/cb",
        "http://[::1]:8080/cb",
        "cursor://anysphere.cursor-retrieval/oauth/callback",
        "https://app.example.com/cb?tenant=1",
    ] {
        assert!(valid_redirect_uri(ok), "{ok}");
    }
    for bad in [
        "http://app.example.com/cb",
        "https://app.example.com/cb#frag",
        "https://user:pw@app.example.com/cb",
        "javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "/relative/cb",
        "https://app.example.com/c b",
        "https://app.example.com/cb\n",
    ] {
        assert!(!valid_redirect_uri(bad), "{bad:?}");
    }
    assert!(!valid_redirect_uri(&format!(
        "https://a.example/{}",
        "x".repeat(600)
    )));
}

#[test]
fn pkce_s256_rules() {
    // RFC 7636 appendix B.
    assert!(pkce_s256_matches(
        VERIFIER,
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    ));
    assert!(!pkce_s256_matches(
        VERIFIER,
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"
    ));
    assert!(!pkce_s256_matches("short", &challenge("short")));
    let too_long = "a".repeat(129);
    assert!(!pkce_s256_matches(&too_long, &challenge(&too_long)));
    let bad_char = format!("{}+", "a".repeat(50));
    assert!(!pkce_s256_matches(&bad_char, &challenge(&bad_char)));
}

#[test]
fn public_address_rules_for_client_metadata_fetches() {
    for private in [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "::1",
        "fd00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::",
    ] {
        assert!(!is_public_ip(private.parse().unwrap()), "{private}");
    }
    for public in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"] {
        assert!(is_public_ip(public.parse().unwrap()), "{public}");
    }
}

#[test]
fn client_metadata_documents_are_checked() {
    let id = "https://app.example.com/oauth/client.json";
    let good = json!({"client_id": id, "redirect_uris": ["https://app.example.com/cb"]});
    let info = parse_client_doc(id, good.to_string().as_bytes()).unwrap();
    assert_eq!(
        info.redirect_uris,
        vec!["https://app.example.com/cb".to_string()]
    );
    let cases = [
        (
            json!({"client_id": "https://evil.example/c.json", "redirect_uris": ["https://app.example.com/cb"]}),
            "the client metadata document names another client_id",
        ),
        (
            json!({"client_id": id, "redirect_uris": []}),
            "redirect_uris must list 1 to 10 URIs",
        ),
        (
            json!({"client_id": id}),
            "the client metadata document has no redirect_uris",
        ),
        (
            json!({"client_id": id, "redirect_uris": ["javascript:x"]}),
            "a redirect URI is not acceptable",
        ),
        (
            json!({"client_id": id, "redirect_uris": ["https://a.example/cb"], "token_endpoint_auth_method": "private_key_jwt"}),
            "only public clients (token_endpoint_auth_method none) are supported",
        ),
    ];
    for (doc, why) in cases {
        assert_eq!(parse_client_doc(id, doc.to_string().as_bytes()), Err(why));
    }
    assert_eq!(
        parse_client_doc(id, b"<html>"),
        Err("the client metadata document is not JSON")
    );
}

// ---------------------------------------------------------------------------------------
// Configuration

fn config_error(pairs: &[(&str, &str)]) -> String {
    match AuthSettings::from_vars(&vars(pairs)) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("expected a configuration error"),
    }
}

#[test]
fn bad_configuration_names_the_setting() {
    let base = [
        ("ZSCALER_MCP_AUTH_MODE", "oidc-proxy"),
        (
            "OIDCPROXY_CONFIG_URL",
            "https://idp.example/.well-known/openid-configuration",
        ),
        ("OIDCPROXY_BASE_URL", BASE),
        ("OIDCPROXY_CLIENT_ID", "up-client"),
        ("OIDCPROXY_CLIENT_SECRET", "up-secret"),
        ("ZSCALER_MCP_REQUEST_STATE_KEYS", RING),
    ];
    let without = |key: &str| -> Vec<(&str, &str)> {
        base.iter().copied().filter(|(k, _)| *k != key).collect()
    };
    let with = |extra: &[(&'static str, &'static str)]| -> Vec<(&str, &str)> {
        let mut v: Vec<(&str, &str)> = base.to_vec();
        for (k, val) in extra {
            v.retain(|(x, _)| x != k);
            v.push((k, val));
        }
        v
    };
    assert!(config_error(&without("OIDCPROXY_CLIENT_SECRET"))
        .starts_with("configuration error: OIDCPROXY_CLIENT_SECRET: required in oidc-proxy mode"));
    assert!(config_error(&without("OIDCPROXY_CLIENT_ID"))
        .starts_with("configuration error: OIDCPROXY_CLIENT_ID: required"));
    assert!(config_error(&without("OIDCPROXY_BASE_URL"))
        .starts_with("configuration error: OIDCPROXY_BASE_URL: required"));
    assert!(config_error(&without("OIDCPROXY_CONFIG_URL"))
        .starts_with("configuration error: OIDCPROXY_CONFIG_URL: required"));
    assert_eq!(
        config_error(&with(&[
            ("AWS_LAMBDA_FUNCTION_NAME", "f"),
            ("OIDCPROXY_BASE_URL", "http://127.0.0.1:9000")
        ])),
        "configuration error: OIDCPROXY_BASE_URL: must be an https URL on Lambda"
    );
    let mut lambda_no_ring = without("ZSCALER_MCP_REQUEST_STATE_KEYS");
    lambda_no_ring.push(("AWS_LAMBDA_FUNCTION_NAME", "f"));
    assert!(config_error(&lambda_no_ring).starts_with("configuration error: ZSCALER_MCP_REQUEST_STATE_KEYS: required in oidc-proxy mode on Lambda"));
    assert!(
        config_error(&with(&[("OIDCPROXY_BASE_URL", "http://mcp.example.com")]))
            .starts_with("configuration error: OIDCPROXY_BASE_URL: expected an https URL")
    );
    assert!(config_error(&with(&[(
        "OIDCPROXY_BASE_URL",
        "https://mcp.example.com/prod/mcp"
    )]))
    .starts_with("configuration error: OIDCPROXY_BASE_URL: is the server's base URL"));
    assert!(config_error(&with(&[("OIDCPROXY_AUDIENCE", "x")]))
        .starts_with("configuration error: OIDCPROXY_AUDIENCE: does not apply"));
    assert!(
        config_error(&with(&[("ZSCALER_MCP_TRUST_PLATFORM_AUTH", "true")]))
            .starts_with("configuration error: ZSCALER_MCP_TRUST_PLATFORM_AUTH: only applies")
    );
    assert!(
        config_error(&with(&[("ZSCALER_MCP_REQUEST_STATE_KEYS", "short")]))
            .starts_with("configuration error: ZSCALER_MCP_REQUEST_STATE_KEYS: key 1")
    );
    assert_eq!(
        config_error(&with(&[("AWS_LAMBDA_FUNCTION_NAME", "f"), ("OIDCPROXY_ALLOW_LOOPBACK_CLIENT_METADATA", "true")])),
        "configuration error: OIDCPROXY_ALLOW_LOOPBACK_CLIENT_METADATA: is for local tests only and is refused on Lambda"
    );
    // Off Lambda an ephemeral ring is accepted; the Python 0.15 aliases still mean oidc.
    let s = AuthSettings::from_vars(&vars(&without("ZSCALER_MCP_REQUEST_STATE_KEYS")))
        .unwrap()
        .unwrap();
    assert_eq!(s.mode(), AuthMode::OidcProxy);
    for alias in ["oidcproxy", "oauth-proxy", "oidc"] {
        let s = AuthSettings::from_vars(&vars(&with(&[("ZSCALER_MCP_AUTH_MODE", alias)])))
            .unwrap()
            .unwrap();
        assert_eq!(s.mode(), AuthMode::Oidc, "{alias}");
        assert!(Authenticator::new(s).proxy().is_none());
    }
}

// ---------------------------------------------------------------------------------------
// Endpoints

#[tokio::test]
async fn metadata_names_this_server_as_the_authorization_server() {
    let fake = start_fake().await;
    let auth = authenticator(&fake);
    let proxy = auth.proxy().unwrap();
    for path in [
        "/.well-known/oauth-authorization-server",
        "/.well-known/oauth-authorization-server/prod",
        "/.well-known/openid-configuration",
        "/prod/.well-known/openid-configuration",
    ] {
        assert!(OidcProxy::owns(path), "{path}");
        let a = call(proxy, "GET", path, &[], "").await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        let m = a.json();
        assert_eq!(m["issuer"], BASE);
        assert_eq!(m["authorization_endpoint"], format!("{BASE}/authorize"));
        assert_eq!(m["token_endpoint"], format!("{BASE}/token"));
        assert_eq!(m["registration_endpoint"], format!("{BASE}/register"));
        assert_eq!(m["client_id_metadata_document_supported"], true);
        assert_eq!(m["code_challenge_methods_supported"], json!(["S256"]));
        assert_eq!(
            m["scopes_supported"],
            json!(["zscaler.read", "zscaler.write"])
        );
    }
    for path in [
        "/register",
        "/authorize",
        "/callback",
        "/token",
        "/prod/token",
    ] {
        assert!(OidcProxy::owns(path), "{path}");
    }
    for path in [
        "/mcp",
        "/health",
        "/.well-known/oauth-protected-resource/mcp",
        "/a/b/token",
    ] {
        assert!(!OidcProxy::owns(path), "{path}");
    }
    let prm = auth
        .protected_resource_metadata("https://other-host.example/mcp")
        .unwrap();
    assert_eq!(prm["resource"], RESOURCE);
    assert_eq!(prm["authorization_servers"], json!([BASE]));
    assert_eq!(auth.resource("https://attacker.example/mcp"), RESOURCE);
    let wrong = call(proxy, "GET", "/token", &[], "").await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn registration_limits() {
    let fake = start_fake().await;
    let auth = authenticator(&fake);
    let proxy = auth.proxy().unwrap();
    let ok = register(
        proxy,
        json!({"redirect_uris": [CLIENT_REDIRECT], "client_name": "Claude"}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    let j = ok.json();
    assert_eq!(j["redirect_uris"], json!([CLIENT_REDIRECT]));
    assert_eq!(j["token_endpoint_auth_method"], "none");
    assert_eq!(j["client_name"], "Claude");
    assert!(j.get("client_secret").is_none());
    assert_eq!(ok.headers["cache-control"], "no-store");
    let conf = register(proxy, json!({"redirect_uris": [CLIENT_REDIRECT], "token_endpoint_auth_method": "client_secret_post"})).await;
    assert_eq!(conf.status, StatusCode::CREATED);
    assert_eq!(conf.json()["client_secret"].as_str().unwrap().len(), 43);

    let eleven: Vec<String> = (0..11)
        .map(|i| format!("https://a.example/cb{i}"))
        .collect();
    let cases = [
        (
            json!({}),
            "invalid_client_metadata",
            "redirect_uris is required",
        ),
        (
            json!({"redirect_uris": []}),
            "invalid_client_metadata",
            "redirect_uris must list 1 to 10 URIs",
        ),
        (
            json!({"redirect_uris": eleven}),
            "invalid_client_metadata",
            "redirect_uris must list 1 to 10 URIs",
        ),
        (
            json!({"redirect_uris": [1]}),
            "invalid_client_metadata",
            "redirect_uris must be strings",
        ),
        (
            json!({"redirect_uris": ["http://evil.example/cb"]}),
            "invalid_redirect_uri",
            "",
        ),
        (
            json!({"redirect_uris": ["https://a.example/cb#x"]}),
            "invalid_redirect_uri",
            "",
        ),
        (
            json!({"redirect_uris": [format!("https://a.example/{}", "x".repeat(600))]}),
            "invalid_redirect_uri",
            "",
        ),
        (
            json!({"redirect_uris": [CLIENT_REDIRECT], "token_endpoint_auth_method": "private_key_jwt"}),
            "invalid_client_metadata",
            "",
        ),
        (
            json!({"redirect_uris": [CLIENT_REDIRECT], "grant_types": ["client_credentials"]}),
            "invalid_client_metadata",
            "",
        ),
        (
            json!({"redirect_uris": [CLIENT_REDIRECT], "response_types": ["token"]}),
            "invalid_client_metadata",
            "",
        ),
        (
            json!({"redirect_uris": [CLIENT_REDIRECT], "client_name": "n".repeat(201)}),
            "invalid_client_metadata",
            "",
        ),
        (
            json!({"redirect_uris": [CLIENT_REDIRECT], "x": "y".repeat(9000)}),
            "invalid_client_metadata",
            "the registration request is too large",
        ),
        (
            json!([CLIENT_REDIRECT]),
            "invalid_client_metadata",
            "the registration request must be a JSON object",
        ),
    ];
    for (body, code, description) in cases {
        let a = register(proxy, body.clone()).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(a.json()["error"], code, "{body}");
        if !description.is_empty() {
            assert_eq!(a.json()["error_description"], description, "{body}");
        }
    }
}

#[tokio::test]
async fn authorize_refuses_bad_requests_without_echoing_them() {
    let fake = start_fake().await;
    let auth = authenticator(&fake);
    let proxy = auth.proxy().unwrap();
    let id = register_public(proxy).await;
    let c = challenge(VERIFIER);
    // Before the redirect URI is trusted: a plain page, no redirect.
    let mut p = authorize_params(&id, "zscaler.read", &c);
    p[2] = ("redirect_uri", "http://127.0.0.1:33418/callback/");
    let a = authorize(proxy, &p).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        a.body,
        "Invalid authorization request: redirect_uri is not registered for this client.\n"
    );
    let mut p = authorize_params("<script>alert(1)</script>", "zscaler.read", &c);
    p.truncate(5);
    let a = authorize(proxy, &p).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(!a.body.contains("<script>"));
    assert_eq!(a.headers["content-type"], "text/plain; charset=utf-8");
    // After: errors go back to the client with its state and our issuer.
    let fails = [
        (("code_challenge_method", "plain"), "invalid_request"),
        (("code_challenge", "short"), "invalid_request"),
        (("response_type", "token"), "unsupported_response_type"),
        (("resource", "https://other.example/mcp"), "invalid_target"),
    ];
    for ((k, v), code) in fails {
        let mut p = authorize_params(&id, "zscaler.read", &c);
        p.iter_mut().find(|(x, _)| *x == k).unwrap().1 = v;
        let a = authorize(proxy, &p).await;
        assert_eq!(a.status, StatusCode::FOUND, "{k}={v}");
        let q = a.query();
        assert!(a.location().as_str().starts_with(CLIENT_REDIRECT));
        assert_eq!(q["error"], code, "{k}={v}");
        assert_eq!(q["state"], "client-state-1");
        assert_eq!(q["iss"], BASE);
    }
    // A repeated parameter is refused outright.
    let a = call(
        proxy,
        "GET",
        &format!(
            "/authorize?{}&client_id=x",
            form(&authorize_params(&id, "zscaler.read", &c))
        ),
        &[],
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_whole_flow_read_then_step_up_to_write() {
    let fake = start_fake().await;
    let auth = authenticator(&fake);
    let proxy = auth.proxy().unwrap();
    let id = register_public(proxy).await;
    let c = challenge(VERIFIER);
    let a = authorize(
        proxy,
        &authorize_params(&id, "zscaler.read unknown.scope", &c),
    )
    .await;
    let up = a.query();
    assert_eq!(up["client_id"], "up-client");
    assert_eq!(up["redirect_uri"], format!("{BASE}/callback"));
    assert_eq!(up["scope"], "openid zscaler.read");
    assert_eq!(up["code_challenge_method"], "S256");
    assert_ne!(
        up["code_challenge"], c,
        "the proxy uses its own PKCE upstream"
    );

    let t = token_for(proxy, &fake, &id, "zscaler.read").await;
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["scope"], "zscaler.read");
    assert_eq!(t["expires_in"], 3600);
    assert!(
        t.get("refresh_token").is_none(),
        "no upstream refresh token, no refresh token"
    );
    // The proxy redeemed the provider's code with its verifier and client credentials.
    let forms = fake.forms.lock().unwrap().clone();
    let last = forms.last().unwrap();
    assert_eq!(last["grant_type"], "authorization_code");
    assert_eq!(last["redirect_uri"], format!("{BASE}/callback"));
    assert_eq!(challenge(&last["code_verifier"]).len(), 43);
    assert_eq!(
        fake.auth_headers.lock().unwrap().last().unwrap().as_deref(),
        Some(format!("Basic {}", STANDARD.encode("up-client:up-secret")).as_str())
    );

    let access = t["access_token"].as_str().unwrap();
    let p = auth
        .authenticate(&bearer(access), "https://mcp.example.com/prod/mcp")
        .await
        .unwrap();
    assert!(!p.can_write);
    assert_eq!(p.scopes, vec!["zscaler.read".to_string()]);
    assert!(
        p.id.starts_with("jwt:https%3A//mcp.example.com/prod:dcr-"),
        "{}",
        p.id
    );
    assert!(p.id.ends_with(":user-1"), "{}", p.id);
    let step_up = auth
        .write_scope_challenge(RESOURCE, "zia_create_rule_label")
        .unwrap();
    assert_eq!(step_up.status, 403);
    assert!(step_up
        .www_authenticate
        .contains("scope=\"zscaler.read zscaler.write\""));

    let t = token_for(proxy, &fake, &id, "zscaler.read zscaler.write").await;
    assert_eq!(t["scope"], "zscaler.read zscaler.write");
    let p = auth
        .authenticate(&bearer(t["access_token"].as_str().unwrap()), RESOURCE)
        .await
        .unwrap();
    assert!(p.can_write);

    // The provider grants less than asked: only that is granted.
    *fake.granted.lock().unwrap() = Some("openid zscaler.read".into());
    let t = token_for(proxy, &fake, &id, "zscaler.read zscaler.write").await;
    assert_eq!(t["scope"], "zscaler.read");
    let p = auth
        .authenticate(&bearer(t["access_token"].as_str().unwrap()), RESOURCE)
        .await
        .unwrap();
    assert!(!p.can_write);

    // The provider's token expires sooner: so does ours.
    *fake.granted.lock().unwrap() = None;
    fake.expires_in.store(300, Ordering::SeqCst);
    let t = token_for(proxy, &fake, &id, "zscaler.read").await;
    assert_eq!(t["expires_in"], 300);
}

#[tokio::test]
async fn codes_are_bound_to_client_redirect_uri_and_pkce() {
    let fake = start_fake().await;
    let auth = authenticator(&fake);
    let proxy = auth.proxy().unwrap();
    let id = register_public(proxy).await;
    let other = register_public(proxy).await;
    let code = code_for(proxy, &fake, &id, "zscaler.read").await;
    let base = |client: &'static str, code: &str| -> Vec<(&'static str, String)> {
        let _ = client;
        vec![
            ("grant_type", "authorization_code".into()),
            ("code", code.to_string()),
            ("redirect_uri", CLIENT_REDIRECT.into()),
            ("code_verifier", VERIFIER.into()),
        ]
    };
    let run = |mut pairs: Vec<(&'static str, String)>, client: String| async move {
        pairs.push(("client_id", client));
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        exchange(proxy, &borrowed).await
    };
    let mut wrong_verifier = base("", &code);
    wrong_verifier[3].1 = "x".repeat(43);
    let a = run(wrong_verifier, id.clone()).await;
    assert_eq!(
        (a.status, a.json()["error"].as_str().unwrap()),
        (StatusCode::BAD_REQUEST, "invalid_grant")
    );
    assert_eq!(a.json()["error_description"], "PKCE verification failed");
    let mut no_verifier = base("", &code);
    no_verifier.remove(3);
    let a = run(no_verifier, id.clone()).await;
    assert_eq!(a.json()["error"], "invalid_request");
    let mut other_redirect = base("", &code);
    other_redirect[2].1 = "http://127.0.0.1:33418/callback/".into();
    let a = run(other_redirect, id.clone()).await;
    assert_eq!(
        a.json()["error_description"],
        "redirect_uri does not match the authorization request"
    );
    let a = run(base("", &code), other.clone()).await;
    assert_eq!(
        a.json()["error_description"],
        "the code was issued to another client"
    );
    let a = run(base("", "not-a-code"), id.clone()).await;
    assert_eq!(
        a.json()["error_description"],
        "the code is invalid or expired"
    );
    let a = run(base("", &code), "unknown".into()).await;
    assert_eq!(
        (a.status, a.json()["error"].as_str().unwrap()),
        (StatusCode::UNAUTHORIZED, "invalid_client")
    );

    // Stateless: the right client, redirect URI and verifier redeem the code, and nothing
    // remembers it, so within its life it redeems again (documented; bound as above).
    let first = run(base("", &code), id.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = run(base("", &code), id.clone()).await;
    assert_eq!(again.status, StatusCode::OK);

    // After its life it does not.
    static LATER: AtomicU64 = AtomicU64::new(0);
    LATER.store(now() + CODE_TTL_SECS + 1, Ordering::SeqCst);
    let later = authenticator(&fake).with_proxy_clock(|| LATER.load(Ordering::SeqCst));
    let a = {
        let pairs = base("", &code);
        let mut pairs: Vec<(&str, String)> = pairs;
        pairs.push(("client_id", id.clone()));
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        exchange(later.proxy().unwrap(), &borrowed).await
    };
    assert_eq!(
        a.json()["error_description"],
        "the code is invalid or expired"
    );
}

#[tokio::test]
async fn confidential_clients_authenticate_at_the_token_endpoint() {
    let fake = start_fake().await;
    let auth = authenticator(&fake);
    let proxy = auth.proxy().unwrap();
    let reg = register(proxy, json!({"redirect_uris": [CLIENT_REDIRECT], "token_endpoint_auth_method": "client_secret_basic"})).await.json();
    let id = reg["client_id"].as_str().unwrap().to_string();
    let secret = reg["client_secret"].as_str().unwrap().to_string();
    let code = code_for(proxy, &fake, &id, "zscaler.read").await;
    let body = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", CLIENT_REDIRECT),
        ("code_verifier", VERIFIER),
    ]);
    let basic = |s: &str| {
        format!(
            "Basic {}",
            STANDARD.encode(format!(
                "{}:{s}",
                form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
            ))
        )
    };
    let ct = ("content-type", "application/x-www-form-urlencoded");
    let bad = call(
        proxy,
        "POST",
        "/token",
        &[ct, ("authorization", &basic("wrong"))],
        &body,
    )
    .await;
    assert_eq!(
        (bad.status, bad.json()["error"].as_str().unwrap()),
        (StatusCode::UNAUTHORIZED, "invalid_client")
    );
    let none = call(
        proxy,
        "POST",
        "/token",
        &[ct],
        &format!(
            "{body}&client_id={}",
            form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
        ),
    )
    .await;
    assert_eq!(
        none.json()["error_description"],
        "client authentication is required"
    );
    let good = call(
        proxy,
        "POST",
        "/token",
        &[ct, ("authorization", &basic(&secret))],
        &body,
    )
    .await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.body);
}

#[tokio::test]
async fn tokens_for_another_resource_or_issuer_are_refused() {
    let fake = start_fake().await;
    let a_auth = authenticator(&fake);
    // Same ring, another deployment: its tokens name another issuer and resource.
    let b_auth = authenticator_with(&proxy_vars(&fake, "https://other.example.com", RING));
    let id = register_public(a_auth.proxy().unwrap()).await;
    let t = token_for(a_auth.proxy().unwrap(), &fake, &id, "zscaler.read").await;
    let token = t["access_token"].as_str().unwrap();
    assert!(a_auth.authenticate(&bearer(token), RESOURCE).await.is_ok());
    let refused = b_auth
        .authenticate(&bearer(token), "https://other.example.com/mcp")
        .await
        .unwrap_err();
    assert_eq!(refused.status, 401);
    assert!(refused.www_authenticate.contains("error=\"invalid_token\""));

    // Signed with the right key, for the right audience, by another issuer.
    let r = ring(RING);
    let (kid, key) = r.purpose_key(Purpose::ProxyAccessToken, None).unwrap();
    let mint = |claims: Value| {
        let mut h = Header::new(Algorithm::HS256);
        h.kid = Some(kid.to_string());
        jsonwebtoken::encode(&h, &claims, &EncodingKey::from_secret(key)).unwrap()
    };
    let claims = |iss: &str, aud: &str| json!({"iss": iss, "aud": aud, "sub": "u", "scope": "zscaler.read", "exp": now() + 600});
    let wrong_iss = mint(claims("https://evil.example", RESOURCE));
    let r1 = a_auth
        .authenticate(&bearer(&wrong_iss), RESOURCE)
        .await
        .unwrap_err();
    assert_eq!(r1.message, "Unauthorized: token issuer is not trusted");
    let wrong_aud = mint(claims(BASE, "https://other.example.com/mcp"));
    let r2 = a_auth
        .authenticate(&bearer(&wrong_aud), RESOURCE)
        .await
        .unwrap_err();
    assert_eq!(
        r2.message,
        "Unauthorized: token audience does not match this server"
    );
    let right = mint(claims(BASE, RESOURCE));
    assert!(a_auth.authenticate(&bearer(&right), RESOURCE).await.is_ok());
    // Another ring's key, or the right key for another purpose: refused.
    let other = authenticator_with(&proxy_vars(&fake, BASE, OTHER_RING));
    let r3 = other
        .authenticate(&bearer(token), RESOURCE)
        .await
        .unwrap_err();
    assert_eq!(r3.message, "Unauthorized: token signing key is unknown");
    let (_, code_key) = r.purpose_key(Purpose::ProxyCode, None).unwrap();
    let mut h = Header::new(Algorithm::HS256);
    h.kid = Some(kid.to_string());
    let other_purpose = jsonwebtoken::encode(
        &h,
        &claims(BASE, RESOURCE),
        &EncodingKey::from_secret(code_key),
    )
    .unwrap();
    let r4 = a_auth
        .authenticate(&bearer(&other_purpose), RESOURCE)
        .await
        .unwrap_err();
    assert_eq!(r4.message, "Unauthorized: invalid token signature");
    let expired = mint(json!({"iss": BASE, "aud": RESOURCE, "sub": "u", "exp": now() - 60}));
    let r5 = a_auth
        .authenticate(&bearer(&expired), RESOURCE)
        .await
        .unwrap_err();
    assert_eq!(r5.message, "Unauthorized: token expired");
}

#[tokio::test]
async fn refresh_goes_through_the_provider() {
    let fake = start_fake().await;
    let auth = authenticator(&fake);
    let proxy = auth.proxy().unwrap();
    let id = register_public(proxy).await;
    let other = register_public(proxy).await;
    *fake.refresh_token.lock().unwrap() = Some("up-rt-1".into());
    let t = token_for(proxy, &fake, &id, "zscaler.read zscaler.write").await;
    let rt = t["refresh_token"].as_str().unwrap().to_string();
    assert!(
        !rt.contains("up-rt-1"),
        "the provider's refresh token travels sealed"
    );
    let refreshed = exchange(
        proxy,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            ("client_id", &id),
            ("scope", "zscaler.read"),
        ],
    )
    .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    assert_eq!(refreshed.json()["scope"], "zscaler.read");
    let last = fake.forms.lock().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["grant_type"].as_str(), last["refresh_token"].as_str()),
        ("refresh_token", "up-rt-1")
    );
    let widen = exchange(
        proxy,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            ("client_id", &id),
            ("scope", "zscaler.admin"),
        ],
    )
    .await;
    assert_eq!(widen.json()["error"], "invalid_scope");
    let stolen = exchange(
        proxy,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            ("client_id", &other),
        ],
    )
    .await;
    assert_eq!(
        stolen.json()["error_description"],
        "the refresh token was issued to another client"
    );
    *fake.refresh_token.lock().unwrap() = Some("revoked".into());
    let t = token_for(proxy, &fake, &id, "zscaler.read").await;
    let revoked = exchange(
        proxy,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", t["refresh_token"].as_str().unwrap()),
            ("client_id", &id),
        ],
    )
    .await;
    assert_eq!(
        revoked.json()["error_description"],
        "the identity provider refused the refresh"
    );
}

#[tokio::test]
async fn the_providers_tenant_claim_reaches_the_caller_through_login_and_refresh() {
    let fake = start_fake().await;
    let auth = authenticator(&fake);
    let proxy = auth.proxy().unwrap();
    let id = register_public(proxy).await;
    let tenants_of = |t: &Value| {
        let access = t["access_token"].as_str().unwrap().to_string();
        let auth = &auth;
        async move {
            let p = auth.authenticate(&bearer(&access), RESOURCE).await.unwrap();
            p.claimed_tenants
        }
    };
    // No claim at the provider: none in ours.
    let t = token_for(proxy, &fake, &id, "zscaler.read").await;
    assert!(tenants_of(&t).await.is_empty());

    // An array (group names) and a string; an empty or oversized value is dropped, and
    // no more than 32 values travel.
    let mut many: Vec<Value> = (0..40).map(|i| json!(format!("g{i}"))).collect();
    many.insert(1, json!(""));
    many.insert(2, json!("x".repeat(129)));
    many.insert(0, json!("acme"));
    fake.extra_claims
        .lock()
        .unwrap()
        .insert("zscaler_tenants".into(), Value::Array(many));
    *fake.refresh_token.lock().unwrap() = Some("up-rt-1".into());
    let t = token_for(proxy, &fake, &id, "zscaler.read").await;
    let mut want = vec!["acme".to_string()];
    want.extend((0..31).map(|i| format!("g{i}")));
    assert_eq!(tenants_of(&t).await, want);

    // A refresh keeps the tenants of the sign-in.
    let rt = t["refresh_token"].as_str().unwrap().to_string();
    let refreshed = exchange(
        proxy,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            ("client_id", &id),
        ],
    )
    .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    assert_eq!(tenants_of(&refreshed.json()).await, want);

    fake.extra_claims
        .lock()
        .unwrap()
        .insert("zscaler_tenants".into(), json!("beta"));
    let t = token_for(proxy, &fake, &id, "zscaler.read").await;
    assert_eq!(tenants_of(&t).await, ["beta"]);
    // A claim the client adds to our token cannot be: the token is ours, signed.
    let access = t["access_token"].as_str().unwrap();
    let (head, rest) = access.split_once('.').unwrap();
    let (payload, sig) = rest.split_once('.').unwrap();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    claims["zscaler_tenants"] = json!(["acme", "beta"]);
    let forged = format!(
        "{head}.{}.{sig}",
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    assert!(auth.authenticate(&bearer(&forged), RESOURCE).await.is_err());
}

#[tokio::test]
async fn a_warm_instance_follows_a_key_added_to_the_secret() {
    use zscaler_mcp::confirm::SharedRing;
    let fake = start_fake().await;
    // Instance A started with the old ring; B started after the operator put a new key
    // first in the secret (the old one stays, so A's tokens keep working on B).
    let a = authenticator(&fake);
    let rotated = format!("{OTHER_RING},{RING}");
    let b = authenticator_with(&proxy_vars(&fake, BASE, &rotated));
    let b_proxy = b.proxy().unwrap();
    let id = register_public(b_proxy).await;
    let t = token_for(b_proxy, &fake, &id, "zscaler.read").await;
    let access = t["access_token"].as_str().unwrap().to_string();

    // Unlinked, A knows only the old key.
    let refused = a
        .authenticate(&bearer(&access), RESOURCE)
        .await
        .unwrap_err();
    assert!(refused
        .www_authenticate
        .contains("token signing key is unknown"));

    // Linked to a cell whose refresh reads the secret (here: installs the rotated ring),
    // A verifies B's token, after exactly one refresh, and opens B's sealed client id.
    let cell = SharedRing::new(ring(RING));
    let refreshes = Arc::new(AtomicU64::new(0));
    let (c, n) = (cell.clone(), refreshes.clone());
    let refresh: zscaler_mcp::auth::proxy::RingRefresh = Arc::new(move || {
        let (c, n) = (c.clone(), n.clone());
        Box::pin(async move {
            n.fetch_add(1, Ordering::SeqCst);
            c.set(Arc::new(ring(&format!("{OTHER_RING},{RING}"))));
        })
    });
    let a_proxy = a.proxy().unwrap();
    a_proxy.link_ring(cell.clone(), refresh);
    let p = a.authenticate(&bearer(&access), RESOURCE).await.unwrap();
    assert!(p.id.ends_with(":user-1"), "{}", p.id);
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(cell.get().key_ids(), ring(&rotated).key_ids());
    // A token A's key verifies needs no refresh.
    a.authenticate(&bearer(&access), RESOURCE).await.unwrap();
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
    // The OAuth endpoints follow the ring too: A issues a token for B's registration,
    // signed with the new first key, which B verifies.
    let t = token_for(a_proxy, &fake, &id, "zscaler.read").await;
    let from_a = t["access_token"].as_str().unwrap();
    b.authenticate(&bearer(from_a), RESOURCE).await.unwrap();
}

#[tokio::test]
async fn callback_errors() {
    let fake = start_fake().await;
    let auth = authenticator(&fake);
    let proxy = auth.proxy().unwrap();
    let id = register_public(proxy).await;
    let bad = call(proxy, "GET", "/callback?code=x&state=forged", &[], "").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        bad.body,
        "This sign-in expired or is invalid. Start again from your MCP client.\n"
    );
    let c = challenge(VERIFIER);
    let up = authorize(proxy, &authorize_params(&id, "zscaler.read", &c))
        .await
        .query();
    let denied = callback(
        proxy,
        &[
            ("error", "access_denied"),
            ("error_description", "<b>injected</b>"),
            ("state", &up["state"]),
        ],
    )
    .await;
    let q = denied.query();
    assert_eq!(q["error"], "access_denied");
    assert_eq!(
        q["error_description"],
        "the identity provider did not complete the sign-in"
    );
    assert_eq!(q["state"], "client-state-1");
    let odd = callback(proxy, &[("error", "weird\"code"), ("state", &up["state"])]).await;
    assert_eq!(odd.query()["error"], "server_error");
    // A code the provider refuses, and an id_token with another nonce.
    let refused = callback(proxy, &[("code", "bad-code"), ("state", &up["state"])]).await;
    assert_eq!(refused.query()["error"], "access_denied");
    *fake.nonce.lock().unwrap() = "another-nonce".into();
    let replayed = callback(proxy, &[("code", "up-code"), ("state", &up["state"])]).await;
    assert_eq!(
        replayed.query()["error_description"],
        "the identity provider's id_token did not verify"
    );
}

#[tokio::test]
async fn client_metadata_documents_from_loopback_need_the_test_setting() {
    let fake = start_fake().await;
    let doc_id = fake.url("/client.json");
    let c = challenge(VERIFIER);
    let mut p = authorize_params(&doc_id, "zscaler.read", &c);
    p.truncate(7);
    let strict = authenticator(&fake);
    let a = authorize(strict.proxy().unwrap(), &p).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let mut pairs = proxy_vars(&fake, BASE, RING);
    pairs.push(("OIDCPROXY_ALLOW_LOOPBACK_CLIENT_METADATA", "true".into()));
    let relaxed = authenticator_with(&pairs);
    let proxy = relaxed.proxy().unwrap();
    let t = token_for(proxy, &fake, &doc_id, "zscaler.read").await;
    let p = relaxed
        .authenticate(&bearer(t["access_token"].as_str().unwrap()), RESOURCE)
        .await
        .unwrap();
    assert!(
        p.id.contains(&format!(":{}:", doc_id.replace(':', "%3A"))),
        "{}",
        p.id
    );
}
