//! Client authentication (security layer 3), end to end against loopback fakes: a JWKS /
//! OIDC discovery server and a ZIdentity token endpoint, all on 127.0.0.1, counting calls.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU16, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::KeyPair as _;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use http::{HeaderMap, HeaderValue};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use zscaler_mcp::auth::{
    protected_resource_metadata_url, AuthMode, AuthRejection, AuthSettings, Authenticator,
    Principal, ResourceHost, PLATFORM_PRINCIPAL,
};
use zscaler_mcp::config::Vars;

const ISSUER: &str = "https://issuer.example";
const RESOURCE: &str = "https://mcp.example.com/mcp";
const PRM: &str = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";

// ---------------------------------------------------------------------------------------
// Keys

struct TestKey {
    kid: &'static str,
    alg: Algorithm,
    encoding: EncodingKey,
    jwk: Value,
    /// Public key bytes (for the HS256 key-confusion attack).
    public_der: Vec<u8>,
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn rsa_key(kid: &'static str) -> TestKey {
    let pair = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let pkcs8 = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair).unwrap();
    let encoding = EncodingKey::from_rsa_pem(pem("PRIVATE KEY", pkcs8.as_ref()).as_bytes())
        .expect("PKCS#8 RSA key");
    let public = AsDer::<aws_lc_rs::encoding::PublicKeyX509Der>::as_der(pair.public_key())
        .unwrap()
        .as_ref()
        .to_vec();
    finish_key(kid, Algorithm::RS256, encoding, public)
}

fn ec_key(kid: &'static str) -> TestKey {
    use aws_lc_rs::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
    let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
    let pkcs8 = pair.to_pkcs8v1().unwrap();
    let encoding = EncodingKey::from_ec_der(pkcs8.as_ref());
    let public = pair.public_key().as_ref().to_vec();
    finish_key(kid, Algorithm::ES256, encoding, public)
}

fn finish_key(
    kid: &'static str,
    alg: Algorithm,
    encoding: EncodingKey,
    public_der: Vec<u8>,
) -> TestKey {
    let mut jwk = serde_json::to_value(Jwk::from_encoding_key(&encoding, alg).unwrap()).unwrap();
    jwk["kid"] = json!(kid);
    jwk["use"] = json!("sig");
    TestKey {
        kid,
        alg,
        encoding,
        jwk,
        public_der,
    }
}

struct Keys {
    rsa1: TestKey,
    rsa2: TestKey,
    ec1: TestKey,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys {
        rsa1: rsa_key("rsa-1"),
        rsa2: rsa_key("rsa-2"),
        ec1: ec_key("ec-1"),
    })
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Baseline claims of a valid token; `extra` overrides (null removes).
fn claims(extra: Value) -> Value {
    let mut c = json!({
        "iss": ISSUER,
        "aud": "zscaler-mcp-server",
        "sub": "user-1",
        "azp": "client-app",
        "iat": now(),
        "exp": now() + 600,
        "scope": "zscaler.read",
    });
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v.clone();
        }
    }
    c
}

fn sign_as(key: &TestKey, kid: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(key.alg);
    header.kid = kid.map(str::to_string);
    jsonwebtoken::encode(&header, claims, &key.encoding).unwrap()
}

fn sign(key: &TestKey, claims: &Value) -> String {
    sign_as(key, Some(key.kid), claims)
}

fn b64url(v: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

// ---------------------------------------------------------------------------------------
// Loopback fake: JWKS, OIDC discovery, ZIdentity token endpoint

#[derive(Default)]
struct Fake {
    base: OnceLock<String>,
    jwks: Mutex<Value>,
    jwks_status: AtomicU16,
    jwks_hits: AtomicUsize,
    discovery_hits: AtomicUsize,
    discovery_issuer: Mutex<Option<String>>,
    token_hits: AtomicUsize,
    token_expires_in: AtomicU64,
    token_status: AtomicU16,
    token_delay_ms: AtomicU64,
    last_form: Mutex<Option<HashMap<String, String>>>,
}

impl Fake {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base.get().unwrap())
    }
    fn set_keys(&self, keys: &[&TestKey]) {
        *self.jwks.lock().unwrap() =
            json!({"keys": keys.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>()});
    }
    fn jwks_hits(&self) -> usize {
        self.jwks_hits.load(Ordering::SeqCst)
    }
    fn token_hits(&self) -> usize {
        self.token_hits.load(Ordering::SeqCst)
    }
}

async fn jwks(State(f): State<Arc<Fake>>) -> impl IntoResponse {
    f.jwks_hits.fetch_add(1, Ordering::SeqCst);
    let status = f.jwks_status.load(Ordering::SeqCst);
    if status != 0 && status != 200 {
        return (StatusCode::from_u16(status).unwrap(), Json(json!({}))).into_response();
    }
    Json(f.jwks.lock().unwrap().clone()).into_response()
}

async fn discovery(State(f): State<Arc<Fake>>) -> Json<Value> {
    f.discovery_hits.fetch_add(1, Ordering::SeqCst);
    let issuer = f
        .discovery_issuer
        .lock()
        .unwrap()
        .clone()
        .unwrap_or_else(|| f.base.get().unwrap().clone());
    Json(json!({
        "issuer": issuer,
        "jwks_uri": f.url("/jwks"),
        "authorization_endpoint": f.url("/authorize"),
        "token_endpoint": f.url("/token"),
    }))
}

async fn token(
    State(f): State<Arc<Fake>>,
    Form(form): Form<HashMap<String, String>>,
) -> impl IntoResponse {
    f.token_hits.fetch_add(1, Ordering::SeqCst);
    let delay = f.token_delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let good = form.get("client_id").map(String::as_str) == Some("good-id")
        && form.get("client_secret").map(String::as_str) == Some("good-secret");
    *f.last_form.lock().unwrap() = Some(form);
    let forced = f.token_status.load(Ordering::SeqCst);
    if forced != 0 {
        return (StatusCode::from_u16(forced).unwrap(), Json(json!({}))).into_response();
    }
    if !good {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let expires_in = match f.token_expires_in.load(Ordering::SeqCst) {
        0 => 3600,
        n => n,
    };
    Json(
        json!({"access_token": "upstream-token", "token_type": "Bearer", "expires_in": expires_in}),
    )
    .into_response()
}

async fn start_fake() -> Arc<Fake> {
    let fake = Arc::new(Fake::default());
    let app = Router::new()
        .route("/jwks", get(jwks))
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/token", post(token))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    fake.base.set(format!("http://{addr}")).unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    fake
}

// ---------------------------------------------------------------------------------------
// Helpers

fn vars(pairs: &[(&str, &str)]) -> Vars {
    Vars::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

fn settings(pairs: &[(&str, &str)]) -> AuthSettings {
    AuthSettings::from_vars(&vars(pairs))
        .expect("valid auth settings")
        .expect("auth enabled")
}

fn jwt_vars(fake: &Fake) -> Vec<(&'static str, String)> {
    vec![
        ("ZSCALER_MCP_AUTH_MODE", "jwt".to_string()),
        ("ZSCALER_MCP_AUTH_JWKS_URI", fake.url("/jwks")),
        ("ZSCALER_MCP_AUTH_ISSUER", ISSUER.to_string()),
    ]
}

fn jwt_auth(fake: &Fake, extra: &[(&str, &str)]) -> Authenticator {
    let base = jwt_vars(fake);
    let mut pairs: Vec<(&str, &str)> = base.iter().map(|(k, v)| (*k, v.as_str())).collect();
    pairs.extend_from_slice(extra);
    Authenticator::new(settings(&pairs))
}

fn bearer(token: &str) -> HeaderMap {
    header("authorization", &format!("Bearer {token}"))
}

fn header(name: &'static str, value: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(name, HeaderValue::from_str(value).unwrap());
    h
}

async fn reject(auth: &Authenticator, headers: &HeaderMap) -> AuthRejection {
    let r = auth
        .authenticate(headers, RESOURCE)
        .await
        .expect_err("request must be rejected");
    // The credential never comes back in the rejection.
    for value in headers.values() {
        let v = value.to_str().unwrap();
        let secret = v.rsplit(' ').next().unwrap();
        if secret.len() >= 8 {
            assert!(!r.message.contains(secret), "credential leaked: {r:?}");
            assert!(
                !r.www_authenticate.contains(secret),
                "credential leaked: {r:?}"
            );
        }
    }
    r
}

/// A 401 `invalid_token` rejection whose message names `reason`.
async fn assert_invalid(auth: &Authenticator, token: &str, reason: &str) {
    let r = reject(auth, &bearer(token)).await;
    assert_eq!(r.status, 401, "{r:?}");
    assert!(
        r.www_authenticate
            .starts_with("Bearer error=\"invalid_token\""),
        "{r:?}"
    );
    assert!(
        r.www_authenticate
            .contains(&format!("resource_metadata=\"{PRM}\"")),
        "{r:?}"
    );
    assert!(r.message.starts_with("Unauthorized: "), "{r:?}");
    assert!(
        r.message.contains(reason),
        "expected {reason:?} in {:?}",
        r.message
    );
}

// ---------------------------------------------------------------------------------------
// jwt mode

#[tokio::test]
async fn jwt_valid_tokens_pass_with_principal_and_scopes() {
    let fake = start_fake().await;
    let k = keys();
    fake.set_keys(&[&k.rsa1, &k.ec1]);
    let auth = jwt_auth(&fake, &[]);
    assert_eq!(auth.mode(), AuthMode::Jwt);
    assert_eq!(fake.jwks_hits(), 0, "construction must not fetch the JWKS");

    let t = sign(
        &k.rsa1,
        &claims(json!({"scope": "zscaler.read zscaler.write"})),
    );
    let p = auth.authenticate(&bearer(&t), RESOURCE).await.unwrap();
    assert_eq!(
        p,
        Principal {
            id: "jwt:https%3A//issuer.example:client-app:user-1".into(),
            scopes: vec!["zscaler.read".into(), "zscaler.write".into()],
            can_write: true,
            allowed_toolsets: None,
            claimed_tenants: vec![],
            tenants: None,
        }
    );

    // ES256, `scp` as an array, no azp: the client comes from client_id.
    let t = sign(
        &k.ec1,
        &claims(
            json!({"scope": null, "azp": null, "client_id": "svc", "scp": ["zscaler.read", "other"]}),
        ),
    );
    let p = auth.authenticate(&bearer(&t), RESOURCE).await.unwrap();
    assert_eq!(p.id, "jwt:https%3A//issuer.example:svc:user-1");
    assert_eq!(p.scopes, vec!["zscaler.read", "other"]);
    assert!(!p.can_write);

    // Audience as an array containing ours; lowercase scheme.
    let t = sign(
        &k.rsa1,
        &claims(json!({"aud": ["other-api", "zscaler-mcp-server"]})),
    );
    let h = header("authorization", &format!("bearer {t}"));
    assert!(auth.authenticate(&h, RESOURCE).await.is_ok());

    // One fetch served all of them (warm-process cache).
    assert_eq!(fake.jwks_hits(), 1);
}

#[tokio::test]
async fn jwt_missing_or_non_bearer_credentials_get_a_discovery_challenge() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().rsa1]);
    let auth = jwt_auth(&fake, &[]);

    let r = reject(&auth, &HeaderMap::new()).await;
    assert_eq!(r.status, 401);
    // The challenge names the minimum scope (the read scope), so that a client does not
    // ask for every scope the metadata lists (issue 16: it used to name none).
    assert_eq!(
        r.www_authenticate,
        format!("Bearer scope=\"zscaler.read\", resource_metadata=\"{PRM}\"")
    );
    assert_eq!(r.message, "Unauthorized: missing bearer token");

    let r = reject(&auth, &header("authorization", "Basic dXNlcjpwYXNz")).await;
    assert_eq!(r.status, 401);
    assert!(!r.www_authenticate.contains("error="), "{r:?}");
    assert!(r.message.contains("Bearer"), "{r:?}");

    // Two Authorization headers are ambiguous.
    let t = sign(&keys().rsa1, &claims(json!({})));
    let mut h = bearer(&t);
    h.append("authorization", HeaderValue::from_static("Bearer x.y.z"));
    let r = reject(&auth, &h).await;
    assert_eq!(r.status, 401);
    assert!(r.www_authenticate.contains("invalid_token"));
    assert_eq!(fake.jwks_hits(), 0, "nothing to verify, nothing fetched");
}

#[tokio::test]
async fn jwt_rejects_each_kind_of_bad_token() {
    let fake = start_fake().await;
    let k = keys();
    fake.set_keys(&[&k.rsa1, &k.ec1]);
    let auth = jwt_auth(&fake, &[]);

    assert_invalid(&auth, "not-a-jwt", "malformed token").await;
    assert_invalid(&auth, "a.b.c", "malformed token").await;

    // Signed by rsa-2 but claiming to be rsa-1.
    let forged = sign_as(&k.rsa2, Some("rsa-1"), &claims(json!({})));
    assert_invalid(&auth, &forged, "invalid token signature").await;

    // Signature of one token glued onto other claims.
    let good = sign(&k.rsa1, &claims(json!({})));
    let other = sign(&k.rsa1, &claims(json!({"sub": "admin"})));
    let spliced = format!(
        "{}.{}",
        other.rsplit_once('.').unwrap().0,
        good.rsplit_once('.').unwrap().1
    );
    assert_invalid(&auth, &spliced, "invalid token signature").await;

    // alg none, with and without a trailing signature segment.
    let none = format!(
        "{}.{}.",
        b64url(&json!({"alg": "none", "typ": "JWT", "kid": "rsa-1"})),
        b64url(&claims(json!({})))
    );
    assert_invalid(&auth, &none, "algorithm is not allowed").await;
    let none_upper = format!(
        "{}.{}.",
        b64url(&json!({"alg": "None", "kid": "rsa-1"})),
        b64url(&claims(json!({})))
    );
    assert_invalid(&auth, &none_upper, "algorithm is not allowed").await;

    // HS256 signed with the RSA public key as the HMAC secret (key confusion).
    let mut h = Header::new(Algorithm::HS256);
    h.kid = Some("rsa-1".into());
    let confused = jsonwebtoken::encode(
        &h,
        &claims(json!({})),
        &EncodingKey::from_secret(&k.rsa1.public_der),
    )
    .unwrap();
    assert_invalid(&auth, &confused, "algorithm is not allowed").await;
    let confused_pem = jsonwebtoken::encode(
        &h,
        &claims(json!({})),
        &EncodingKey::from_secret(pem("PUBLIC KEY", &k.rsa1.public_der).as_bytes()),
    )
    .unwrap();
    assert_invalid(&auth, &confused_pem, "algorithm is not allowed").await;

    // RS384 is a fine algorithm but not on the default allowlist.
    let mut h = Header::new(Algorithm::RS384);
    h.kid = Some("rsa-1".into());
    let rs384 = jsonwebtoken::encode(&h, &claims(json!({})), &k.rsa1.encoding).unwrap();
    assert_invalid(&auth, &rs384, "algorithm is not allowed").await;

    // ES256 header pointing at the RSA key.
    let mismatched = sign_as(&k.ec1, Some("rsa-1"), &claims(json!({})));
    assert_invalid(&auth, &mismatched, "does not match its signing key").await;

    // Time: expired and not yet valid, beyond the 30 s leeway.
    let expired = sign(
        &k.rsa1,
        &claims(json!({"exp": now() - 120, "iat": now() - 900})),
    );
    assert_invalid(&auth, &expired, "token expired").await;
    let early = sign(&k.rsa1, &claims(json!({"nbf": now() + 300})));
    assert_invalid(&auth, &early, "not yet valid").await;
    // Inside the leeway both pass.
    let skewed = sign(
        &k.rsa1,
        &claims(json!({"exp": now() - 5, "nbf": now() + 5})),
    );
    assert!(auth.authenticate(&bearer(&skewed), RESOURCE).await.is_ok());

    // Issuer and audience.
    let wrong_iss = sign(&k.rsa1, &claims(json!({"iss": "https://evil.example"})));
    assert_invalid(&auth, &wrong_iss, "issuer is not trusted").await;
    let wrong_aud = sign(&k.rsa1, &claims(json!({"aud": "some-other-api"})));
    assert_invalid(&auth, &wrong_aud, "audience does not match").await;
    let no_aud = sign(&k.rsa1, &claims(json!({"aud": null})));
    assert_invalid(&auth, &no_aud, "no audience").await;

    // Required claims.
    let no_exp = sign(&k.rsa1, &claims(json!({"exp": null})));
    assert_invalid(&auth, &no_exp, "no expiry").await;
    let no_sub = sign(&k.rsa1, &claims(json!({"sub": null})));
    assert_invalid(&auth, &no_sub, "no subject").await;
    let no_iss = sign(&k.rsa1, &claims(json!({"iss": null})));
    assert_invalid(&auth, &no_iss, "no issuer").await;

    // Unsupported critical header.
    let crit = format!(
        "{}.{}.sig",
        b64url(&json!({"alg": "RS256", "kid": "rsa-1", "crit": ["exp"]})),
        b64url(&claims(json!({})))
    );
    assert_invalid(&auth, &crit, "critical header").await;

    // The valid baseline still passes (the checks above are not over-eager).
    assert!(auth.authenticate(&bearer(&good), RESOURCE).await.is_ok());
}

#[tokio::test]
async fn unknown_kid_refetches_at_most_once_per_interval() {
    let fake = start_fake().await;
    let k = keys();
    fake.set_keys(&[&k.rsa1]);
    let auth = jwt_auth(&fake, &[]);

    let good = sign(&k.rsa1, &claims(json!({})));
    auth.authenticate(&bearer(&good), RESOURCE).await.unwrap();
    assert_eq!(fake.jwks_hits(), 1);

    // Two requests with unknown key ids: one refetch between them.
    let ghost1 = sign_as(&k.rsa2, Some("ghost-1"), &claims(json!({})));
    let ghost2 = sign_as(&k.rsa2, Some("ghost-2"), &claims(json!({})));
    assert_invalid(&auth, &ghost1, "signing key is unknown").await;
    assert_eq!(fake.jwks_hits(), 2);
    assert_invalid(&auth, &ghost2, "signing key is unknown").await;
    assert_eq!(
        fake.jwks_hits(),
        2,
        "second unknown kid within 60 s: no refetch"
    );

    // Even a key that has since been published waits for the interval.
    fake.set_keys(&[&k.rsa1, &k.rsa2]);
    let rotated = sign(&k.rsa2, &claims(json!({})));
    assert_invalid(&auth, &rotated, "signing key is unknown").await;
    assert_eq!(fake.jwks_hits(), 2);
    // Known keys keep working meanwhile.
    auth.authenticate(&bearer(&good), RESOURCE).await.unwrap();
    assert_eq!(fake.jwks_hits(), 2);
}

#[tokio::test]
async fn unknown_kid_refetch_picks_up_rotated_keys_and_resumes_after_the_interval() {
    let fake = start_fake().await;
    let k = keys();
    fake.set_keys(&[&k.rsa1]);
    let auth = Authenticator::new(
        settings(
            &jwt_vars(&fake)
                .iter()
                .map(|(a, b)| (*a, b.as_str()))
                .collect::<Vec<_>>(),
        )
        .with_key_refetch_interval(Duration::from_millis(300)),
    );
    auth.authenticate(&bearer(&sign(&k.rsa1, &claims(json!({})))), RESOURCE)
        .await
        .unwrap();
    assert_eq!(fake.jwks_hits(), 1);

    // The IdP rotates: the first token with the new kid triggers one refetch and passes.
    fake.set_keys(&[&k.rsa1, &k.rsa2]);
    let rotated = sign(&k.rsa2, &claims(json!({})));
    let p = auth
        .authenticate(&bearer(&rotated), RESOURCE)
        .await
        .unwrap();
    assert_eq!(p.id, "jwt:https%3A//issuer.example:client-app:user-1");
    assert_eq!(fake.jwks_hits(), 2);

    let ghost = sign_as(&k.rsa2, Some("ghost"), &claims(json!({})));
    assert_invalid(&auth, &ghost, "signing key is unknown").await;
    assert_eq!(fake.jwks_hits(), 2, "within the interval");
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_invalid(&auth, &ghost, "signing key is unknown").await;
    assert_eq!(fake.jwks_hits(), 3, "after the interval, one more refetch");
}

#[tokio::test]
async fn jwks_outage_is_a_503_without_hammering_the_provider() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().rsa1]);
    fake.jwks_status.store(500, Ordering::SeqCst);
    let auth = jwt_auth(&fake, &[]);
    let t = sign(&keys().rsa1, &claims(json!({})));
    for _ in 0..3 {
        let r = reject(&auth, &bearer(&t)).await;
        assert_eq!(r.status, 503, "{r:?}");
        assert_eq!(r.www_authenticate, "");
        assert!(r.message.starts_with("Service unavailable: "), "{r:?}");
    }
    assert_eq!(fake.jwks_hits(), 1, "failures back off for a few seconds");
}

#[tokio::test]
async fn missing_required_scope_is_403_insufficient_scope() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().rsa1]);
    let auth = jwt_auth(
        &fake,
        &[(
            "ZSCALER_MCP_AUTH_REQUIRED_SCOPES",
            "zscaler.read, zscaler.mcp",
        )],
    );

    let t = sign(&keys().rsa1, &claims(json!({"scope": "zscaler.read"})));
    let r = reject(&auth, &bearer(&t)).await;
    assert_eq!(r.status, 403);
    assert!(
        r.www_authenticate.starts_with(&format!(
            "Bearer error=\"insufficient_scope\", scope=\"zscaler.read zscaler.mcp\", resource_metadata=\"{PRM}\""
        )),
        "{r:?}"
    );
    assert!(r.message.starts_with("Forbidden: "), "{r:?}");
    assert!(r.message.contains("zscaler.mcp"));
    assert!(
        !r.message.contains("zscaler.read zscaler.mcp"),
        "lists only what is missing"
    );

    // The initial challenge advertises the scopes too.
    let r = reject(&auth, &HeaderMap::new()).await;
    assert_eq!(
        r.www_authenticate,
        format!("Bearer scope=\"zscaler.read zscaler.mcp\", resource_metadata=\"{PRM}\"")
    );

    // `scp` as a space-separated string counts.
    let t = sign(
        &keys().rsa1,
        &claims(json!({"scope": null, "scp": "zscaler.mcp zscaler.read"})),
    );
    let p = auth.authenticate(&bearer(&t), RESOURCE).await.unwrap();
    assert_eq!(p.scopes, vec!["zscaler.mcp", "zscaler.read"]);
}

#[tokio::test]
async fn cognito_access_tokens_without_audience() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().rsa1]);
    let auth = jwt_auth(
        &fake,
        &[("ZSCALER_MCP_AUTH_COGNITO_CLIENT_IDS", "app-one, app-two")],
    );
    let cognito = |extra: Value| {
        let mut c = claims(
            json!({"aud": null, "azp": null, "client_id": "app-two", "token_use": "access", "sub": "machine-9"}),
        );
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        sign(&keys().rsa1, &c)
    };
    let p = auth
        .authenticate(&bearer(&cognito(json!({}))), RESOURCE)
        .await
        .unwrap();
    assert_eq!(p.id, "jwt:https%3A//issuer.example:app-two:machine-9");

    assert_invalid(&auth, &cognito(json!({"token_use": "id"})), "no audience").await;
    assert_invalid(
        &auth,
        &cognito(json!({"client_id": "stranger"})),
        "no audience",
    )
    .await;
    // A token that has an audience is judged by it, not by client_id.
    assert_invalid(
        &auth,
        &cognito(json!({"aud": "app-two"})),
        "audience does not match",
    )
    .await;

    // Without the Cognito list, the same token is refused.
    let strict = jwt_auth(&fake, &[]);
    assert_invalid(&strict, &cognito(json!({})), "no audience").await;
}

#[tokio::test]
async fn write_scope_and_toolset_scopes_shape_the_principal() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().rsa1]);
    let sets = zscaler_mcp::catalog::TOOLSETS;
    let (a, b, c) = (sets[0], sets[1], sets[2]);
    let map = format!("team.a={a}|{b}; team.b={b}|{c}; admin=all");
    let auth = jwt_auth(
        &fake,
        &[
            ("ZSCALER_MCP_AUTH_WRITE_SCOPE", "custom.write"),
            ("ZSCALER_MCP_AUTH_TOOLSET_SCOPES", &map),
        ],
    );
    let with = |scope: &str| sign(&keys().rsa1, &claims(json!({ "scope": scope })));

    let p = auth
        .authenticate(&bearer(&with("team.a team.b zscaler.write")), RESOURCE)
        .await
        .unwrap();
    assert_eq!(
        p.allowed_toolsets,
        Some(vec![a.to_string(), b.into(), c.into()])
    );
    assert!(!p.can_write, "the default write scope no longer counts");
    assert!(p.may_use_toolset(c));
    assert!(!p.may_use_toolset(sets[3]));

    let p = auth
        .authenticate(&bearer(&with("custom.write")), RESOURCE)
        .await
        .unwrap();
    assert!(p.can_write);
    assert_eq!(
        p.allowed_toolsets,
        Some(vec![]),
        "no toolset scope: no tools"
    );

    let p = auth
        .authenticate(&bearer(&with("team.a admin")), RESOURCE)
        .await
        .unwrap();
    assert_eq!(p.allowed_toolsets, None);
}

#[tokio::test]
async fn protected_resource_metadata_document() {
    let fake = start_fake().await;
    let auth = jwt_auth(
        &fake,
        &[
            ("ZSCALER_MCP_AUTH_REQUIRED_SCOPES", "zscaler.mcp"),
            (
                "ZSCALER_MCP_AUTH_TOOLSET_SCOPES",
                &format!("team.a={}", zscaler_mcp::catalog::TOOLSETS[0]),
            ),
        ],
    );
    let doc = auth
        .protected_resource_metadata("https://mcp.example.com/mcp?ignored=1")
        .unwrap();
    assert_eq!(
        doc,
        json!({
            "resource": "https://mcp.example.com/mcp",
            "authorization_servers": [ISSUER],
            // The read scope first (issue 16: only the write scope used to be listed).
            "scopes_supported": ["zscaler.read", "zscaler.mcp", "zscaler.write", "team.a"],
            "bearer_methods_supported": ["header"],
            "resource_name": "Zscaler MCP Server",
        })
    );
    assert_eq!(fake.jwks_hits(), 0);

    assert_eq!(protected_resource_metadata_url(RESOURCE), PRM);
    assert_eq!(
        protected_resource_metadata_url("https://h.example:8443/prod/mcp/"),
        "https://h.example:8443/.well-known/oauth-protected-resource/prod/mcp"
    );
    assert_eq!(
        protected_resource_metadata_url("https://h.example"),
        "https://h.example/.well-known/oauth-protected-resource"
    );

    // Not an OAuth resource server in the other modes.
    let api = Authenticator::new(settings(&[
        ("ZSCALER_MCP_AUTH_MODE", "api-key"),
        ("ZSCALER_MCP_AUTH_API_KEY", "0123456789abcdef0123"),
    ]));
    assert!(api.protected_resource_metadata(RESOURCE).is_none());
}

#[tokio::test]
async fn challenge_parameters_are_quoted_safely() {
    let fake = start_fake().await;
    let auth = jwt_auth(&fake, &[]);
    let r = auth
        .authenticate(&HeaderMap::new(), "https://h.example/m\"cp\r\n")
        .await
        .unwrap_err();
    assert_eq!(
        r.www_authenticate,
        "Bearer scope=\"zscaler.read\", resource_metadata=\"https://h.example/.well-known/oauth-protected-resource/m\\\"cp\""
    );
    assert!(HeaderValue::from_str(&r.www_authenticate).is_ok());
}

// ---------------------------------------------------------------------------------------
// oidc mode

fn oidc_auth(fake: &Fake, extra: &[(&str, &str)]) -> Authenticator {
    let config = fake.url("/.well-known/openid-configuration");
    let mut pairs: Vec<(&str, &str)> = vec![
        ("ZSCALER_MCP_AUTH_MODE", "oidcproxy"),
        ("OIDCPROXY_CONFIG_URL", &config),
        ("OIDCPROXY_BASE_URL", "https://mcp.example.com"),
        ("OIDCPROXY_CLIENT_ID", "oidc-client"),
    ];
    pairs.extend_from_slice(extra);
    Authenticator::new(settings(&pairs))
}

#[tokio::test]
async fn oidc_discovery_then_validation() {
    let fake = start_fake().await;
    let k = keys();
    fake.set_keys(&[&k.ec1]);
    let auth = oidc_auth(&fake, &[("OIDCPROXY_REQUIRED_SCOPES", "mcp")]);
    assert_eq!(auth.mode(), AuthMode::Oidc);
    assert_eq!(fake.discovery_hits.load(Ordering::SeqCst), 0, "lazy");
    assert_eq!(fake.jwks_hits(), 0, "lazy");

    let issuer = fake.url("");
    let good = |extra: Value| {
        let mut c =
            claims(json!({"iss": issuer, "aud": "oidc-client", "scope": "mcp", "azp": "desktop"}));
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        sign(&keys().ec1, &c)
    };
    // A proxied API Gateway URL: the configured public base URL wins.
    let internal = "https://abc123.execute-api.us-east-1.amazonaws.com/mcp";
    let p = auth
        .authenticate(&bearer(&good(json!({}))), internal)
        .await
        .unwrap();
    assert_eq!(
        p.id,
        format!("jwt:{}:desktop:user-1", issuer.replace(':', "%3A"))
    );
    assert_eq!(p.scopes, vec!["mcp"]);
    auth.authenticate(&bearer(&good(json!({}))), internal)
        .await
        .unwrap();
    assert_eq!(fake.discovery_hits.load(Ordering::SeqCst), 1);
    assert_eq!(fake.jwks_hits(), 1);

    // Tokens of jwt mode's default issuer / audience do not pass here.
    let r = auth
        .authenticate(&bearer(&good(json!({"iss": ISSUER}))), internal)
        .await
        .unwrap_err();
    assert!(r.message.contains("issuer"), "{r:?}");
    assert!(r.www_authenticate.contains(
        "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\""
    ), "{r:?}");
    let r = auth
        .authenticate(
            &bearer(&good(json!({"aud": "zscaler-mcp-server"}))),
            internal,
        )
        .await
        .unwrap_err();
    assert!(r.message.contains("audience"), "{r:?}");
    let r = auth
        .authenticate(&bearer(&good(json!({"scope": "openid"}))), internal)
        .await
        .unwrap_err();
    assert_eq!(r.status, 403);

    let doc = auth.protected_resource_metadata(internal).unwrap();
    assert_eq!(doc["resource"], "https://mcp.example.com/mcp");
    assert_eq!(doc["authorization_servers"], json!([issuer]));
    assert_eq!(
        doc["scopes_supported"],
        json!(["zscaler.read", "mcp", "zscaler.write"])
    );
    assert_eq!(doc["bearer_methods_supported"], json!(["header"]));
}

#[tokio::test]
async fn oidc_discovery_with_a_foreign_issuer_is_refused() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().ec1]);
    *fake.discovery_issuer.lock().unwrap() = Some("https://evil.example".into());
    let auth = oidc_auth(&fake, &[]);
    let t = sign(
        &keys().ec1,
        &claims(json!({"iss": "https://evil.example", "aud": "oidc-client"})),
    );
    let r = reject(&auth, &bearer(&t)).await;
    assert_eq!(r.status, 503, "{r:?}");
    assert_eq!(
        fake.jwks_hits(),
        0,
        "keys of an unverified issuer are never fetched"
    );
    // The metadata still names the issuer the configuration implies, never the foreign one.
    let doc = auth
        .protected_resource_metadata_discovered(RESOURCE)
        .await
        .unwrap();
    assert_eq!(doc["authorization_servers"], json!([fake.url("")]));
}

// ---------------------------------------------------------------------------------------
// api-key mode

const KEY_ONE: &str = "k1-0123456789abcdef-one";
const KEY_TWO: &str = "k2-fedcba9876543210-two";

fn api_principal(key: &str) -> String {
    let digest = Sha256::digest(format!("zscaler-mcp/api-key-principal/v1:{key}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("api-key:{}", &hex[..32])
}

fn api_auth(extra: &[(&str, &str)]) -> Authenticator {
    let keys = format!("{KEY_ONE}, {KEY_TWO}");
    let mut pairs = vec![("ZSCALER_MCP_AUTH_API_KEY", keys.as_str())];
    pairs.extend_from_slice(extra);
    Authenticator::new(settings(&pairs))
}

#[tokio::test]
async fn api_key_header_forms() {
    let auth = api_auth(&[]);
    assert_eq!(auth.mode(), AuthMode::ApiKey, "auto-detected from the key");

    let p = auth.authenticate(&bearer(KEY_ONE), RESOURCE).await.unwrap();
    assert_eq!(
        p,
        Principal {
            id: api_principal(KEY_ONE),
            scopes: vec![],
            can_write: true,
            allowed_toolsets: None,
            claimed_tenants: vec![],
            tenants: None,
        }
    );
    assert!(!p.id.contains(KEY_ONE));

    let p = auth
        .authenticate(&header("x-api-key", KEY_TWO), RESOURCE)
        .await
        .unwrap();
    assert_eq!(p.id, api_principal(KEY_TWO));
    assert_ne!(api_principal(KEY_ONE), api_principal(KEY_TWO));

    // Wrong, missing, near-miss.
    for h in [
        bearer("k1-0123456789abcdef-onE"),
        header("x-api-key", "k1-0123456789abcdef-on"),
        bearer(&format!("{KEY_ONE},{KEY_TWO}")),
    ] {
        // 403 without a challenge (issue 16: a 401 + Bearer sent MCP clients into OAuth
        // discovery and client registration, and the reason never reached the user).
        let r = reject(&auth, &h).await;
        assert_eq!(r.status, 403);
        assert_eq!(r.message, "Forbidden: invalid API key");
        assert_eq!(r.www_authenticate, "");
    }
    let r = reject(&auth, &HeaderMap::new()).await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.message,
        "Forbidden: missing API key (send it as X-Api-Key: <key> or Authorization: Bearer <key>)"
    );
    assert_eq!(r.www_authenticate, "");

    // An Authorization header that is not Bearer is refused; X-Api-Key does not rescue it.
    let mut h = header("authorization", "Basic Zm9vOmJhcg==");
    h.insert("x-api-key", HeaderValue::from_static(KEY_ONE));
    let r = reject(&auth, &h).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.www_authenticate, "");
    assert_eq!(
        r.message,
        "Forbidden: the Authorization header must use the Bearer scheme"
    );
    // Authorization decides when both are present.
    let mut h = bearer("wrong-key-wrong-key");
    h.insert("x-api-key", HeaderValue::from_static(KEY_ONE));
    assert_eq!(
        reject(&auth, &h).await.message,
        "Forbidden: invalid API key"
    );
    let mut h = bearer(KEY_TWO);
    h.insert("x-api-key", HeaderValue::from_static("whatever-whatever"));
    assert_eq!(
        auth.authenticate(&h, RESOURCE).await.unwrap().id,
        api_principal(KEY_TWO)
    );
}

#[tokio::test]
async fn api_key_platform_trust() {
    let auth = api_auth(&[("ZSCALER_MCP_TRUST_PLATFORM_AUTH", "yes")]);
    assert!(auth.trusts_platform());
    let p = auth
        .authenticate(&HeaderMap::new(), RESOURCE)
        .await
        .unwrap();
    assert_eq!(p.id, PLATFORM_PRINCIPAL);
    assert!(p.can_write);
    // A credential that is presented must still be right.
    let r = reject(&auth, &header("x-api-key", "not-the-key-at-all")).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.www_authenticate, "");
    assert_eq!(
        auth.authenticate(&bearer(KEY_ONE), RESOURCE)
            .await
            .unwrap()
            .id,
        api_principal(KEY_ONE)
    );
}

// ---------------------------------------------------------------------------------------
// zscaler mode

fn zscaler_auth(fake: &Fake, extra: &[(&str, &str)]) -> Authenticator {
    let url = fake.url("/token");
    let mut pairs = vec![
        ("ZSCALER_MCP_AUTH_MODE", "zscaler"),
        ("ZSCALER_MCP_TOKEN_URL", url.as_str()),
    ];
    pairs.extend_from_slice(extra);
    Authenticator::new(settings(&pairs))
}

fn oneapi_headers(id: &str, secret: &str) -> HeaderMap {
    let mut h = header("x-zscaler-client-id", id);
    h.insert(
        "x-zscaler-client-secret",
        HeaderValue::from_str(secret).unwrap(),
    );
    h
}

fn basic(id: &str, secret: &str) -> HeaderMap {
    let enc = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    header("authorization", &format!("Basic {enc}"))
}

#[tokio::test]
async fn zscaler_mode_verifies_once_and_caches() {
    let fake = start_fake().await;
    let auth = zscaler_auth(&fake, &[]);
    assert_eq!(auth.mode(), AuthMode::Zscaler);
    assert_eq!(fake.token_hits(), 0);

    for _ in 0..5 {
        let p = auth
            .authenticate(&oneapi_headers("good-id", "good-secret"), RESOURCE)
            .await
            .unwrap();
        assert_eq!(p.id, "zscaler:good-id");
        assert!(p.can_write);
        assert!(p.scopes.is_empty());
    }
    assert_eq!(fake.token_hits(), 1, "repeated calls: one upstream check");
    let form = fake.last_form.lock().unwrap().clone().unwrap();
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["client_id"], "good-id");
    assert_eq!(form["audience"], "https://api.zscaler.com");

    // The Basic form is the same credential: served from the cache.
    let p = auth
        .authenticate(&basic("good-id", "good-secret"), RESOURCE)
        .await
        .unwrap();
    assert_eq!(p.id, "zscaler:good-id");
    assert_eq!(fake.token_hits(), 1);

    // Wrong secret: 403 without a challenge (not 401 + Basic, which MCP clients take for
    // the start of OAuth). The refusal is cached (issue 16): the repeat is answered from
    // memory, not by another ZIdentity request.
    for expected_hits in [2, 2] {
        let r = reject(&auth, &oneapi_headers("good-id", "bad-secret-value")).await;
        assert_eq!(r.status, 403);
        assert_eq!(r.message, "Forbidden: Invalid OneAPI credentials");
        assert_eq!(r.www_authenticate, "");
        assert_eq!(fake.token_hits(), expected_hits);
    }
    let r = reject(&auth, &basic("good-id", "bad-secret-value")).await;
    assert_eq!(r.message, "Forbidden: Invalid OneAPI credentials");
}

#[tokio::test]
async fn zscaler_mode_single_flight_for_concurrent_first_requests() {
    let fake = start_fake().await;
    fake.token_delay_ms.store(200, Ordering::SeqCst);
    let auth = zscaler_auth(&fake, &[]);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let auth = auth.clone();
        tasks.push(tokio::spawn(async move {
            auth.authenticate(&oneapi_headers("good-id", "good-secret"), RESOURCE)
                .await
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap().id, "zscaler:good-id");
    }
    assert_eq!(fake.token_hits(), 1);
}

#[tokio::test]
async fn zscaler_mode_cache_respects_expires_in() {
    // 61 s lifetime minus the 60 s margin: cached for one second.
    let fake = start_fake().await;
    fake.token_expires_in.store(61, Ordering::SeqCst);
    let auth = zscaler_auth(&fake, &[]);
    let h = oneapi_headers("good-id", "good-secret");
    auth.authenticate(&h, RESOURCE).await.unwrap();
    auth.authenticate(&h, RESOURCE).await.unwrap();
    assert_eq!(fake.token_hits(), 1);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    auth.authenticate(&h, RESOURCE).await.unwrap();
    assert_eq!(fake.token_hits(), 2, "expired entry: checked again");

    // A lifetime shorter than the margin is not cached at all.
    let fake = start_fake().await;
    fake.token_expires_in.store(30, Ordering::SeqCst);
    let auth = zscaler_auth(&fake, &[]);
    auth.authenticate(&h, RESOURCE).await.unwrap();
    auth.authenticate(&h, RESOURCE).await.unwrap();
    assert_eq!(fake.token_hits(), 2);
}

#[tokio::test]
async fn zscaler_mode_rejections() {
    let fake = start_fake().await;
    let auth = zscaler_auth(&fake, &[]);

    let r = reject(&auth, &HeaderMap::new()).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.www_authenticate, "");
    assert_eq!(r.message, "Forbidden: missing OneAPI client credentials");

    let r = reject(&auth, &header("x-zscaler-client-id", "good-id")).await;
    assert!(r.message.contains("both"), "{r:?}");
    let r = reject(&auth, &header("x-zscaler-client-secret", "good-secret")).await;
    assert!(r.message.contains("both"), "{r:?}");

    let r = reject(&auth, &bearer("good-secret")).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.www_authenticate, "");

    let r = reject(&auth, &header("authorization", "Basic !!!notbase64")).await;
    assert!(r.message.contains("malformed"), "{r:?}");
    let no_colon = base64::engine::general_purpose::STANDARD.encode("good-id");
    let r = reject(
        &auth,
        &header("authorization", &format!("Basic {no_colon}")),
    )
    .await;
    assert!(r.message.contains("malformed"), "{r:?}");
    assert_eq!(
        fake.token_hits(),
        0,
        "malformed input never reaches ZIdentity"
    );

    // ZIdentity trouble is not the caller's fault: 503, and nothing cached.
    fake.token_status.store(500, Ordering::SeqCst);
    let r = reject(&auth, &oneapi_headers("good-id", "good-secret")).await;
    assert_eq!(r.status, 503);
    assert_eq!(r.www_authenticate, "");
    fake.token_status.store(0, Ordering::SeqCst);
    auth.authenticate(&oneapi_headers("good-id", "good-secret"), RESOURCE)
        .await
        .unwrap();
    assert_eq!(fake.token_hits(), 2);

    // 403 from ZIdentity is a credential problem.
    let auth = zscaler_auth(&fake, &[]);
    fake.token_status.store(403, Ordering::SeqCst);
    let r = reject(&auth, &oneapi_headers("good-id", "good-secret")).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.message, "Forbidden: Invalid OneAPI credentials");
}

#[tokio::test]
async fn zscaler_mode_platform_trust() {
    let fake = start_fake().await;
    let auth = zscaler_auth(&fake, &[("ZSCALER_MCP_TRUST_PLATFORM_AUTH", "true")]);
    let p = auth
        .authenticate(&HeaderMap::new(), RESOURCE)
        .await
        .unwrap();
    assert_eq!(p.id, PLATFORM_PRINCIPAL);
    assert_eq!(fake.token_hits(), 0);
    let r = reject(&auth, &oneapi_headers("good-id", "nope-nope-nope")).await;
    assert_eq!(r.status, 403);
}

// ---------------------------------------------------------------------------------------
// Configuration

#[test]
fn explicit_opt_out_disables_authentication() {
    for pairs in [
        vec![("ZSCALER_MCP_AUTH_ENABLED", "false")],
        vec![("ZSCALER_MCP_AUTH_ENABLED", "0")],
        vec![("ZSCALER_MCP_AUTH_ENABLED", "No")],
        vec![("ZSCALER_MCP_AUTH_MODE", "none")],
        vec![
            ("ZSCALER_MCP_AUTH_ENABLED", "no"),
            ("ZSCALER_MCP_AUTH_MODE", "jwt"),
        ],
    ] {
        assert!(
            AuthSettings::from_vars(&vars(&pairs)).unwrap().is_none(),
            "{pairs:?}"
        );
    }
    // Enabled is the default: with nothing configured, startup fails instead.
    let e = AuthSettings::from_vars(&Vars::default()).unwrap_err();
    assert_eq!(e.setting, "ZSCALER_MCP_AUTH_JWKS_URI");
    let e = AuthSettings::from_vars(&vars(&[("ZSCALER_MCP_AUTH_ENABLED", "true")])).unwrap_err();
    assert_eq!(e.setting, "ZSCALER_MCP_AUTH_JWKS_URI");
}

#[test]
fn mode_selection_and_auto_detection() {
    let mode = |pairs: &[(&str, &str)]| settings(pairs).mode();
    let jwt = [
        ("ZSCALER_MCP_AUTH_JWKS_URI", "https://idp.example/jwks"),
        ("ZSCALER_MCP_AUTH_ISSUER", "https://idp.example"),
    ];
    // JWKS URI wins over API key and vanity domain.
    let mut all = jwt.to_vec();
    all.push(("ZSCALER_MCP_AUTH_API_KEY", KEY_ONE));
    all.push(("ZSCALER_VANITY_DOMAIN", "acme"));
    assert_eq!(mode(&all), AuthMode::Jwt);
    assert_eq!(
        mode(&[
            ("ZSCALER_MCP_AUTH_API_KEY", KEY_ONE),
            ("ZSCALER_VANITY_DOMAIN", "acme")
        ]),
        AuthMode::ApiKey
    );
    let z = settings(&[("ZSCALER_VANITY_DOMAIN", "acme"), ("ZSCALER_CLOUD", "beta")]);
    assert_eq!(z.mode(), AuthMode::Zscaler);
    assert!(format!("{z:?}").contains("https://acme.zsloginbeta.net/oauth2/v1/token"));
    // Explicit mode beats detection; aliases; case-insensitive.
    let mut zs = all.clone();
    zs.push(("ZSCALER_MCP_AUTH_MODE", "Zscaler"));
    assert_eq!(mode(&zs), AuthMode::Zscaler);
    let oidc = [
        (
            "OIDCPROXY_CONFIG_URL",
            "https://idp.example/.well-known/openid-configuration",
        ),
        ("OIDCPROXY_BASE_URL", "https://mcp.example.com"),
        ("OIDCPROXY_AUDIENCE", "api://mcp"),
    ];
    for alias in ["oidc", "oidcproxy", "oauth-proxy"] {
        let mut p = oidc.to_vec();
        p.push(("ZSCALER_MCP_AUTH_MODE", alias));
        assert_eq!(mode(&p), AuthMode::Oidc, "{alias}");
    }
}

#[test]
fn settings_debug_output_hides_api_keys() {
    let s = settings(&[("ZSCALER_MCP_AUTH_API_KEY", KEY_ONE)]);
    let dbg = format!("{s:?}");
    assert!(!dbg.contains(KEY_ONE), "{dbg}");
    assert!(dbg.contains("redacted"), "{dbg}");
    assert!(!format!("{:?}", Authenticator::new(s)).contains(KEY_ONE));
}

/// Base settings, overrides, the setting the error must name.
type Case = (
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, &'static str)],
    &'static str,
);

#[test]
fn each_misconfiguration_names_its_setting() {
    let jwt: &[(&str, &str)] = &[
        ("ZSCALER_MCP_AUTH_MODE", "jwt"),
        ("ZSCALER_MCP_AUTH_JWKS_URI", "https://idp.example/jwks"),
        ("ZSCALER_MCP_AUTH_ISSUER", "https://idp.example"),
    ];
    let api: &[(&str, &str)] = &[("ZSCALER_MCP_AUTH_API_KEY", KEY_ONE)];
    let zs: &[(&str, &str)] = &[("ZSCALER_MCP_AUTH_MODE", "zscaler")];
    let oidc: &[(&str, &str)] = &[
        ("ZSCALER_MCP_AUTH_MODE", "oidc"),
        (
            "OIDCPROXY_CONFIG_URL",
            "https://idp.example/.well-known/openid-configuration",
        ),
        ("OIDCPROXY_BASE_URL", "https://mcp.example.com"),
        ("OIDCPROXY_CLIENT_ID", "c"),
    ];
    let cases: Vec<Case> = vec![
        // The read scope: one scope, not the write scope, only where tokens carry scopes.
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_READ_SCOPE", "a b")],
            "ZSCALER_MCP_AUTH_READ_SCOPE",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_READ_SCOPE", "zscaler.write")],
            "ZSCALER_MCP_AUTH_READ_SCOPE",
        ),
        (
            jwt,
            &[
                ("ZSCALER_MCP_AUTH_READ_SCOPE", "same"),
                ("ZSCALER_MCP_AUTH_WRITE_SCOPE", "same"),
            ],
            "ZSCALER_MCP_AUTH_READ_SCOPE",
        ),
        (
            api,
            &[("ZSCALER_MCP_AUTH_READ_SCOPE", "zscaler.read")],
            "ZSCALER_MCP_AUTH_READ_SCOPE",
        ),
        (
            zs,
            &[
                ("ZSCALER_VANITY_DOMAIN", "acme"),
                ("ZSCALER_MCP_AUTH_READ_SCOPE", "zscaler.read"),
            ],
            "ZSCALER_MCP_AUTH_READ_SCOPE",
        ),
        (
            &[],
            &[("ZSCALER_MCP_AUTH_MODE", "kerberos")],
            "ZSCALER_MCP_AUTH_MODE",
        ),
        (
            &[],
            &[("ZSCALER_MCP_AUTH_ENABLED", "maybe")],
            "ZSCALER_MCP_AUTH_ENABLED",
        ),
        (
            &[],
            &[
                ("ZSCALER_MCP_AUTH_MODE", "none"),
                ("ZSCALER_MCP_AUTH_ENABLED", "true"),
            ],
            "ZSCALER_MCP_AUTH_MODE",
        ),
        // jwt
        (
            &[("ZSCALER_MCP_AUTH_MODE", "jwt")],
            &[],
            "ZSCALER_MCP_AUTH_JWKS_URI",
        ),
        (
            &[
                ("ZSCALER_MCP_AUTH_MODE", "jwt"),
                ("ZSCALER_MCP_AUTH_JWKS_URI", "https://idp.example/jwks"),
            ],
            &[],
            "ZSCALER_MCP_AUTH_ISSUER",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_ISSUER", "idp")],
            "ZSCALER_MCP_AUTH_ISSUER",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_JWKS_URI", "http://idp.example/jwks")],
            "ZSCALER_MCP_AUTH_JWKS_URI",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_ALGORITHMS", "RS256,none")],
            "ZSCALER_MCP_AUTH_ALGORITHMS",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_ALGORITHMS", "HS256")],
            "ZSCALER_MCP_AUTH_ALGORITHMS",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_ALGORITHMS", "ES256,hs512")],
            "ZSCALER_MCP_AUTH_ALGORITHMS",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_ALGORITHMS", "EdDSA")],
            "ZSCALER_MCP_AUTH_ALGORITHMS",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_ALGORITHMS", "RS257")],
            "ZSCALER_MCP_AUTH_ALGORITHMS",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_TRUST_PLATFORM_AUTH", "true")],
            "ZSCALER_MCP_TRUST_PLATFORM_AUTH",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_TOOLSET_SCOPES", "s=no_such_toolset")],
            "ZSCALER_MCP_AUTH_TOOLSET_SCOPES",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_TOOLSET_SCOPES", "just-a-scope")],
            "ZSCALER_MCP_AUTH_TOOLSET_SCOPES",
        ),
        (
            jwt,
            &[("ZSCALER_MCP_AUTH_WRITE_SCOPE", "a b")],
            "ZSCALER_MCP_AUTH_WRITE_SCOPE",
        ),
        (
            jwt,
            &[("OIDCPROXY_REQUIRED_SCOPES", "x")],
            "OIDCPROXY_REQUIRED_SCOPES",
        ),
        // api-key
        (
            &[("ZSCALER_MCP_AUTH_MODE", "api-key")],
            &[],
            "ZSCALER_MCP_AUTH_API_KEY",
        ),
        (
            &[],
            &[("ZSCALER_MCP_AUTH_API_KEY", "short-s3cr3t")],
            "ZSCALER_MCP_AUTH_API_KEY",
        ),
        (
            api,
            &[("ZSCALER_MCP_AUTH_REQUIRED_SCOPES", "x")],
            "ZSCALER_MCP_AUTH_REQUIRED_SCOPES",
        ),
        (
            api,
            &[("ZSCALER_MCP_AUTH_TOOLSET_SCOPES", "x=all")],
            "ZSCALER_MCP_AUTH_TOOLSET_SCOPES",
        ),
        (
            api,
            &[("ZSCALER_MCP_TRUST_PLATFORM_AUTH", "sometimes")],
            "ZSCALER_MCP_TRUST_PLATFORM_AUTH",
        ),
        // zscaler
        (zs, &[], "ZSCALER_VANITY_DOMAIN"),
        (
            zs,
            &[("ZSCALER_VANITY_DOMAIN", "evil.example/x?")],
            "ZSCALER_VANITY_DOMAIN",
        ),
        (
            zs,
            &[("ZSCALER_MCP_TOKEN_URL", "ftp://127.0.0.1/token")],
            "ZSCALER_MCP_TOKEN_URL",
        ),
        (
            zs,
            &[("ZSCALER_MCP_TOKEN_URL", "http://idp.example/token")],
            "ZSCALER_MCP_TOKEN_URL",
        ),
        (
            zs,
            &[
                ("ZSCALER_VANITY_DOMAIN", "acme"),
                ("ZSCALER_MCP_AUTH_WRITE_SCOPE", "w"),
            ],
            "ZSCALER_MCP_AUTH_WRITE_SCOPE",
        ),
        // oidc
        (
            &[("ZSCALER_MCP_AUTH_MODE", "oidc")],
            &[],
            "OIDCPROXY_CONFIG_URL",
        ),
        (
            oidc,
            &[("OIDCPROXY_CONFIG_URL", "https://idp.example/metadata.json")],
            "OIDCPROXY_CONFIG_URL",
        ),
        (
            &[
                ("ZSCALER_MCP_AUTH_MODE", "oidc"),
                (
                    "OIDCPROXY_CONFIG_URL",
                    "https://idp.example/.well-known/openid-configuration",
                ),
            ],
            &[],
            "OIDCPROXY_BASE_URL",
        ),
        (
            &[
                ("ZSCALER_MCP_AUTH_MODE", "oidc"),
                (
                    "OIDCPROXY_CONFIG_URL",
                    "https://idp.example/.well-known/openid-configuration",
                ),
                ("OIDCPROXY_BASE_URL", "https://mcp.example.com"),
            ],
            &[],
            "OIDCPROXY_AUDIENCE",
        ),
        (
            oidc,
            &[("OIDCPROXY_BASE_URL", "mcp.example.com")],
            "OIDCPROXY_BASE_URL",
        ),
        (
            oidc,
            &[("ZSCALER_MCP_TRUST_PLATFORM_AUTH", "1")],
            "ZSCALER_MCP_TRUST_PLATFORM_AUTH",
        ),
    ];
    for (base, extra, expected) in cases {
        let mut pairs: HashMap<&str, &str> = base.iter().copied().collect();
        pairs.extend(extra.iter().copied());
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        let e = AuthSettings::from_vars(&vars(&pairs)).expect_err(&format!("{pairs:?}"));
        assert_eq!(e.setting, expected, "{pairs:?}: {e}");
        let line = e.to_string();
        assert!(line.contains(expected) && !line.contains('\n'), "{line}");
        assert!(
            !line.contains("short-s3cr3t") && !line.contains(KEY_ONE),
            "{line}"
        );
    }
}

#[test]
fn valid_non_default_settings_are_accepted() {
    // Loopback http is fine for development; several algorithms; several audiences.
    let s = settings(&[
        ("ZSCALER_MCP_AUTH_JWKS_URI", "http://127.0.0.1:1/jwks"),
        ("ZSCALER_MCP_AUTH_ISSUER", "https://idp.example"),
        ("ZSCALER_MCP_AUTH_ALGORITHMS", "rs256, PS256, ES384"),
        ("ZSCALER_MCP_AUTH_AUDIENCE", "a,b"),
    ]);
    let dbg = format!("{s:?}");
    assert!(dbg.contains("PS256") && dbg.contains("ES384"), "{dbg}");
    assert!(!s.trusts_platform());
}

// ---------------------------------------------------------------------------------------
// Issue 17: caller ids are unambiguous; claims of the wrong type are refused

async fn jwt_principal(auth: &Authenticator, extra: Value) -> String {
    let t = sign(&keys().rsa1, &claims(extra));
    auth.authenticate(&bearer(&t), RESOURCE)
        .await
        .unwrap_or_else(|r| panic!("{r:?}"))
        .id
}

#[tokio::test]
async fn jwt_principals_are_unambiguous() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().rsa1]);
    let auth = jwt_auth(&fake, &[]);
    // The reported collision: azp `a:b` + sub `c` against azp `a` + sub `b:c`.
    let one = jwt_principal(&auth, json!({"azp": "a:b", "sub": "c"})).await;
    let two = jwt_principal(&auth, json!({"azp": "a", "sub": "b:c"})).await;
    assert_ne!(one, two);
    assert_eq!(one, "jwt:https%3A//issuer.example:a%3Ab:c");
    assert_eq!(two, "jwt:https%3A//issuer.example:a:b%3Ac");
    // Variants: the escape character itself, invisible characters that used to be
    // stripped, an empty client against a literal "-", and a client from client_id.
    let mut seen = std::collections::HashSet::new();
    for extra in [
        json!({"azp": "a:b", "sub": "c"}),
        json!({"azp": "a", "sub": "b:c"}),
        json!({"azp": "a%3Ab", "sub": "c"}),
        json!({"azp": "a", "sub": "b%3Ac"}),
        json!({"azp": "ab", "sub": "c"}),
        json!({"azp": "a\u{1}b", "sub": "c"}),
        json!({"azp": "a\u{200b}b", "sub": "c"}),
        json!({"azp": "-", "sub": "c"}),
        json!({"azp": null, "aud": ["zscaler-mcp-server"], "sub": "c"}),
        json!({"azp": "x", "sub": "c d"}),
        json!({"azp": "x", "sub": "c%20d"}),
    ] {
        let id = jwt_principal(&auth, extra.clone()).await;
        assert!(id.starts_with("jwt:https%3A//issuer.example:"), "{id}");
        assert!(
            id.chars().all(|c| c.is_ascii_graphic()),
            "printable ASCII only: {id:?}"
        );
        assert!(seen.insert(id.clone()), "{extra} collides on {id}");
    }
    // No JWT caller can take another mode's id.
    for (azp, sub, other) in [
        ("zscaler", "good-id", "zscaler:good-id".to_string()),
        ("platform", "trusted", PLATFORM_PRINCIPAL.to_string()),
        (
            "api-key",
            "0123456789abcdef0123456789abcdef",
            api_principal(KEY_ONE),
        ),
        ("local", "stdio", "local:stdio".to_string()),
    ] {
        let id = jwt_principal(&auth, json!({"azp": azp, "sub": sub})).await;
        assert_ne!(id, other);
        assert_ne!(id, format!("{azp}:{sub}"));
    }
}

#[tokio::test]
async fn jwt_claims_of_the_wrong_type_are_refused() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().rsa1]);
    let auth = jwt_auth(&fake, &[]);
    let t = |extra: Value| sign(&keys().rsa1, &claims(extra));
    // An issuer is one string: jsonwebtoken alone accepts an array holding the issuer.
    assert_invalid(&auth, &t(json!({"iss": [ISSUER]})), "single string").await;
    assert_invalid(
        &auth,
        &t(json!({"iss": [ISSUER, "https://evil.example"]})),
        "single string",
    )
    .await;
    assert_invalid(
        &auth,
        &t(json!({"iss": ["https://evil.example"]})),
        "issuer",
    )
    .await;
    for iss in [json!(42), json!({"url": ISSUER}), json!(true)] {
        assert_invalid(&auth, &t(json!({ "iss": iss })), "must be a single string").await;
    }
    for sub in [json!(7), json!(["user-1"]), json!({"id": "user-1"})] {
        assert_invalid(&auth, &t(json!({ "sub": sub })), "subject (sub)").await;
    }
    for azp in [json!(7), json!(["a", "b"]), json!({"a": 1}), json!(false)] {
        assert_invalid(&auth, &t(json!({ "azp": azp })), "(azp) must be a string").await;
    }
    assert_invalid(
        &auth,
        &t(json!({"azp": null, "client_id": 12})),
        "client_id claim must be a string",
    )
    .await;
    assert_invalid(
        &auth,
        &t(json!({"azp": null, "appid": ["x"]})),
        "appid claim must be a string",
    )
    .await;
    assert_invalid(
        &auth,
        &t(json!({"aud": [12, "zscaler-mcp-server"]})),
        "audience (aud) must be",
    )
    .await;
    // An explicit null azp is absent, not wrong: the audience names the client.
    let id = jwt_principal(&auth, json!({"azp": null})).await;
    assert_eq!(id, "jwt:https%3A//issuer.example:zscaler-mcp-server:user-1");
}

// ---------------------------------------------------------------------------------------
// Issue 16: zscaler mode is neither an amplifier nor a guessing oracle

#[tokio::test]
async fn zscaler_mode_repeated_bogus_credentials_reach_zidentity_once() {
    let fake = start_fake().await;
    let auth = zscaler_auth(&fake, &[]);
    for _ in 0..40 {
        let r = reject(&auth, &oneapi_headers("good-id", "bogus-secret-1")).await;
        assert_eq!(r.status, 403);
        assert_eq!(r.message, "Forbidden: Invalid OneAPI credentials");
    }
    assert_eq!(fake.token_hits(), 1, "40 identical bogus attempts, 1 check");
    // The Basic form of the same credential is the same cache entry.
    let r = reject(&auth, &basic("good-id", "bogus-secret-1")).await;
    assert_eq!(r.status, 403);
    assert_eq!(fake.token_hits(), 1);

    // Concurrent identical bogus attempts: one in flight, the rest wait and share it.
    fake.token_delay_ms.store(150, Ordering::SeqCst);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let auth = auth.clone();
            tokio::spawn(async move {
                auth.authenticate(&oneapi_headers("other-id", "bogus-secret-2"), RESOURCE)
                    .await
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap_err().status, 403);
    }
    assert_eq!(fake.token_hits(), 2);
    // A different secret (the typo fixed) is a different credential: checked at once.
    fake.token_delay_ms.store(0, Ordering::SeqCst);
    auth.authenticate(&oneapi_headers("good-id", "good-secret"), RESOURCE)
        .await
        .unwrap();
    assert_eq!(fake.token_hits(), 3);
}

fn assert_limited(r: &AuthRejection, what: &str) {
    assert_eq!(r.status, 429, "{r:?}");
    assert!(r.message.starts_with("Too many requests: "), "{r:?}");
    assert!(r.message.contains(what), "{r:?}");
    let secs = r.retry_after_secs.expect("Retry-After");
    assert!((1..=60).contains(&secs), "{r:?}");
    assert!(
        r.message.contains(&format!("retry after {secs} s")),
        "{r:?}"
    );
    assert_eq!(r.www_authenticate, "");
}

#[tokio::test]
async fn zscaler_mode_guessing_secrets_of_one_client_id_is_limited() {
    let fake = start_fake().await;
    let auth = zscaler_auth(&fake, &[]);
    let burst = zscaler_mcp::auth::CHECKS_PER_CLIENT_ID.burst as usize;
    let mut limited = 0;
    for i in 0..40 {
        let r = reject(
            &auth,
            &oneapi_headers("good-id", &format!("guess-{i:04}-xx")),
        )
        .await;
        if r.status == 429 {
            assert_limited(&r, "for this client id");
            limited += 1;
        } else {
            assert_eq!(r.status, 403);
        }
    }
    assert_eq!(fake.token_hits(), burst, "only the burst reached ZIdentity");
    assert_eq!(limited, 40 - burst);
    // Another client id is not affected by this one's limit.
    auth.authenticate(&oneapi_headers("good-id-2", "x-secret-x"), RESOURCE)
        .await
        .unwrap_err();
    assert_eq!(fake.token_hits(), burst + 1);
}

#[tokio::test]
async fn zscaler_mode_a_cached_success_is_never_limited() {
    let fake = start_fake().await;
    let auth = zscaler_auth(&fake, &[]);
    let good = oneapi_headers("good-id", "good-secret");
    auth.authenticate(&good, RESOURCE).await.unwrap();
    for i in 0..20 {
        let _ = auth
            .authenticate(
                &oneapi_headers("good-id", &format!("guess-{i:04}-yy")),
                RESOURCE,
            )
            .await;
    }
    let hits = fake.token_hits();
    for _ in 0..5 {
        assert_eq!(
            auth.authenticate(&good, RESOURCE).await.unwrap().id,
            "zscaler:good-id"
        );
    }
    assert_eq!(fake.token_hits(), hits);
}

#[tokio::test]
async fn zscaler_mode_many_client_ids_hit_the_process_limit() {
    let fake = start_fake().await;
    let auth = zscaler_auth(&fake, &[]);
    let burst = zscaler_mcp::auth::CHECKS_PER_PROCESS.burst as usize;
    let mut limited = 0;
    for i in 0..60 {
        let r = reject(&auth, &oneapi_headers(&format!("id-{i}"), "bogus-secret")).await;
        if r.status == 429 {
            assert_limited(&r, "on this server");
            limited += 1;
        }
    }
    // The bucket refills at 5/s while the loop runs: a handful more may pass.
    let hits = fake.token_hits();
    assert!(hits >= burst && hits <= burst + 5, "{hits} upstream checks");
    assert_eq!(limited, 60 - hits);
}

#[tokio::test]
async fn zscaler_mode_per_source_limit_when_the_address_is_known() {
    let fake = start_fake().await;
    let auth = zscaler_auth(&fake, &[]);
    let burst = zscaler_mcp::auth::CHECKS_PER_SOURCE.burst as usize;
    let from = |ip: &str| Some(ip.parse::<std::net::IpAddr>().unwrap());
    let mut limited = 0;
    for i in 0..15 {
        let r = auth
            .authenticate_from(
                &oneapi_headers(&format!("src-id-{i}"), "bogus-secret"),
                RESOURCE,
                from("198.51.100.7"),
            )
            .await
            .unwrap_err();
        if r.status == 429 {
            assert_limited(&r, "from this address");
            limited += 1;
        }
    }
    assert_eq!(fake.token_hits(), burst);
    assert_eq!(limited, 15 - burst);
    // The IPv4-mapped form is the same address.
    let r = auth
        .authenticate_from(
            &oneapi_headers("src-id-mapped", "bogus-secret"),
            RESOURCE,
            from("::ffff:198.51.100.7"),
        )
        .await
        .unwrap_err();
    assert_eq!(r.status, 429);
    // Another address is not limited by this one.
    let r = auth
        .authenticate_from(
            &oneapi_headers("src-id-other", "bogus-secret"),
            RESOURCE,
            from("198.51.100.8"),
        )
        .await
        .unwrap_err();
    assert_eq!(r.status, 403);
    // IPv6: one /64 is one source (a fresh server, away from the process-wide limit).
    let auth = zscaler_auth(&fake, &[]);
    for i in 0..burst {
        let _ = auth
            .authenticate_from(
                &oneapi_headers(&format!("v6-id-{i}"), "bogus-secret"),
                RESOURCE,
                from(&format!("2001:db8:1:2::{:x}", i + 1)),
            )
            .await;
    }
    let r = auth
        .authenticate_from(
            &oneapi_headers("v6-id-last", "bogus-secret"),
            RESOURCE,
            from("2001:db8:1:2:ffff::1"),
        )
        .await
        .unwrap_err();
    assert_limited(&r, "from this address");
}

// ---------------------------------------------------------------------------------------
// Issue 10: no request of the auth layer follows a redirect

/// A listener that records every request it receives (method, path, body).
#[derive(Default)]
struct Sink {
    base: OnceLock<String>,
    seen: Mutex<Vec<String>>,
}

async fn start_sink() -> Arc<Sink> {
    let sink = Arc::new(Sink::default());
    let s = sink.clone();
    let app = Router::new().fallback(move |req: axum::extract::Request| {
        let s = s.clone();
        async move {
            let (parts, body) = req.into_parts();
            let bytes = axum::body::to_bytes(body, 1 << 20)
                .await
                .unwrap_or_default();
            s.seen.lock().unwrap().push(format!(
                "{} {} {}",
                parts.method,
                parts.uri,
                String::from_utf8_lossy(&bytes)
            ));
            Json(json!({"access_token": "stolen", "keys": [], "expires_in": 3600}))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    sink.base
        .set(format!("http://{}", listener.local_addr().unwrap()))
        .unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    sink
}

/// A listener that answers every request with `status` and a Location on `target`.
async fn start_redirector(status: u16, target: String) -> String {
    let app = Router::new().fallback(move |uri: axum::http::Uri| {
        let target = target.clone();
        async move {
            (
                StatusCode::from_u16(status).unwrap(),
                [("location", format!("{target}{}", uri.path()))],
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

#[tokio::test]
async fn zscaler_mode_never_follows_a_redirect_with_the_callers_secret() {
    for status in [307, 308, 302, 301, 303] {
        let sink = start_sink().await;
        let redirector = start_redirector(status, sink.base.get().unwrap().clone()).await;
        let url = format!("{redirector}/token");
        let auth = Authenticator::new(settings(&[
            ("ZSCALER_MCP_AUTH_MODE", "zscaler"),
            ("ZSCALER_MCP_TOKEN_URL", url.as_str()),
        ]));
        let r = reject(&auth, &oneapi_headers("good-id", "redirected-secret")).await;
        assert_eq!(r.status, 503, "{status}: {r:?}");
        assert!(
            sink.seen.lock().unwrap().is_empty(),
            "{status}: the second origin was contacted: {:?}",
            sink.seen.lock().unwrap()
        );
    }
}

#[tokio::test]
async fn jwks_and_discovery_redirects_are_not_followed() {
    let sink = start_sink().await;
    let redirector = start_redirector(307, sink.base.get().unwrap().clone()).await;
    let auth = Authenticator::new(settings(&[
        ("ZSCALER_MCP_AUTH_MODE", "jwt"),
        ("ZSCALER_MCP_AUTH_JWKS_URI", &format!("{redirector}/jwks")),
        ("ZSCALER_MCP_AUTH_ISSUER", ISSUER),
    ]));
    let t = sign(&keys().rsa1, &claims(json!({})));
    let r = reject(&auth, &bearer(&t)).await;
    assert_eq!(r.status, 503, "{r:?}");

    let auth = Authenticator::new(settings(&[
        ("ZSCALER_MCP_AUTH_MODE", "oidcproxy"),
        (
            "OIDCPROXY_CONFIG_URL",
            &format!("{redirector}/.well-known/openid-configuration"),
        ),
        ("OIDCPROXY_BASE_URL", "https://mcp.example.com"),
        ("OIDCPROXY_CLIENT_ID", "oidc-client"),
    ]));
    let r = reject(&auth, &bearer(&t)).await;
    assert_eq!(r.status, 503, "{r:?}");
    assert!(sink.seen.lock().unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------
// Issue 16: the resource URI is an audience; read scope first; write step-up; api-key and
// zscaler refusals that MCP clients do not take for OAuth

/// Whether a token with audience `aud` (a string or an array) passes `auth` for a request
/// whose resource URL is `resource_url` reached through `host`.
async fn audience_passes(
    auth: &Authenticator,
    aud: Value,
    resource_url: &str,
    host: ResourceHost,
) -> Result<(), AuthRejection> {
    let t = sign(&keys().rsa1, &claims(json!({ "aud": aud })));
    auth.authenticate_at(&bearer(&t), resource_url, host, None)
        .await
        .map(|_| ())
}

#[tokio::test]
async fn jwt_accepts_the_canonical_resource_as_audience_by_default() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().rsa1]);
    let auth = jwt_auth(&fake, &[]);
    let pinned = ResourceHost::Pinned;

    // What MCP clients ask for (RFC 8707 `resource` = the metadata's `resource`), and its
    // RFC 3986 equivalents: scheme/host case, the default port, one trailing slash (the
    // router serves /mcp/ as /mcp). The Python server's default audience still passes.
    for aud in [
        json!(RESOURCE),
        json!("https://mcp.example.com/mcp/"),
        json!("HTTPS://MCP.Example.COM:443/mcp"),
        json!(["https://other.example/api", RESOURCE]),
        json!("zscaler-mcp-server"),
    ] {
        audience_passes(&auth, aud.clone(), RESOURCE, pinned)
            .await
            .unwrap_or_else(|r| panic!("{aud}: {r:?}"));
    }
    // The request URL is canonicalized the same way (trailing slash, default port).
    audience_passes(
        &auth,
        json!(RESOURCE),
        "https://MCP.example.com:443/mcp/",
        pinned,
    )
    .await
    .unwrap();

    // Anything else is another resource: no prefix, no other host, port, scheme or path.
    for aud in [
        "https://other.example.com/mcp",
        "https://mcp.example.com.evil.example/mcp",
        "https://mcp.example.com/mcp/other",
        "https://mcp.example.com/mcp//",
        "https://mcp.example.com/mc",
        "https://mcp.example.com/MCP",
        "https://mcp.example.com",
        "https://mcp.example.com/",
        "https://mcp.example.com:8443/mcp",
        "http://mcp.example.com/mcp",
        "https://mcp.example.com/mcp?x=1",
        "https://mcp.example.com/mcp#f",
        "https://user@mcp.example.com/mcp",
        "mcp.example.com/mcp",
    ] {
        let r = audience_passes(&auth, json!(aud), RESOURCE, pinned)
            .await
            .expect_err(aud);
        assert_eq!(r.status, 401, "{aud}");
        assert_eq!(
            r.message, "Unauthorized: token audience does not match this server",
            "{aud}"
        );
        assert_eq!(
            r.www_authenticate,
            format!(
                "Bearer error=\"invalid_token\", error_description=\"token audience does not match this server\", scope=\"zscaler.read\", resource_metadata=\"{PRM}\""
            ),
            "{aud}"
        );
    }

    // A token for this path on another host is refused here, and this server's token is
    // refused by a server reached at another host.
    let r = audience_passes(
        &auth,
        json!("https://mcp.example.com/mcp"),
        "https://other.example.com/mcp",
        pinned,
    )
    .await
    .unwrap_err();
    assert_eq!(r.status, 401);
    audience_passes(
        &auth,
        json!("https://other.example.com/mcp"),
        "https://other.example.com/mcp",
        pinned,
    )
    .await
    .unwrap();

    // A Host the operator did not name (a wildcard allowlist entry, or host validation
    // off): its resource URL is not an audience, only the configured ones are.
    let r = audience_passes(&auth, json!(RESOURCE), RESOURCE, ResourceHost::Unverified)
        .await
        .unwrap_err();
    assert_eq!(
        r.message,
        "Unauthorized: token audience does not match this server"
    );
    audience_passes(
        &auth,
        json!("zscaler-mcp-server"),
        RESOURCE,
        ResourceHost::Unverified,
    )
    .await
    .unwrap();

    // ZSCALER_MCP_AUTH_AUDIENCE replaces the default configured audience; the resource
    // stays accepted.
    let custom = jwt_auth(
        &fake,
        &[("ZSCALER_MCP_AUTH_AUDIENCE", "api://zscaler-mcp, b")],
    );
    for aud in ["api://zscaler-mcp", "b", RESOURCE] {
        audience_passes(&custom, json!(aud), RESOURCE, pinned)
            .await
            .unwrap_or_else(|r| panic!("{aud}: {r:?}"));
    }
    for aud in [
        "zscaler-mcp-server",
        "api://zscaler-mcp/",
        "API://zscaler-mcp",
    ] {
        audience_passes(&custom, json!(aud), RESOURCE, pinned)
            .await
            .expect_err(aud);
    }
    // Configured audiences are compared exactly, also when they are URLs.
    let url_aud = jwt_auth(
        &fake,
        &[("ZSCALER_MCP_AUTH_AUDIENCE", "https://mcp.example.com/mcp")],
    );
    audience_passes(
        &url_aud,
        json!(RESOURCE),
        RESOURCE,
        ResourceHost::Unverified,
    )
    .await
    .unwrap();
    audience_passes(
        &url_aud,
        json!("https://mcp.example.com/mcp/"),
        RESOURCE,
        ResourceHost::Unverified,
    )
    .await
    .unwrap_err();
}

#[tokio::test]
async fn oidc_accepts_the_configured_public_resource_as_audience() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().ec1]);
    let auth = oidc_auth(&fake, &[]);
    let issuer = fake.url("");
    let token = |aud: &str| sign(&keys().ec1, &claims(json!({"iss": issuer, "aud": aud})));
    // The resource comes from OIDCPROXY_BASE_URL, never from the Host: accepted whatever
    // URL the request came in by and however its Host was allowed.
    let internal = "https://abc123.execute-api.us-east-1.amazonaws.com/mcp";
    for host in [ResourceHost::Pinned, ResourceHost::Unverified] {
        auth.authenticate_at(
            &bearer(&token("https://mcp.example.com/mcp")),
            internal,
            host,
            None,
        )
        .await
        .unwrap();
        let r = auth
            .authenticate_at(&bearer(&token(internal)), internal, host, None)
            .await
            .unwrap_err();
        assert_eq!(
            r.message,
            "Unauthorized: token audience does not match this server"
        );
    }
}

#[tokio::test]
async fn jwt_metadata_and_challenges_name_the_read_scope_first() {
    let fake = start_fake().await;
    fake.set_keys(&[&keys().rsa1]);
    let auth = jwt_auth(&fake, &[]);
    assert_eq!(
        auth.protected_resource_metadata("https://MCP.example.com:443/mcp/")
            .unwrap(),
        json!({
            "resource": RESOURCE,
            "authorization_servers": [ISSUER],
            "scopes_supported": ["zscaler.read", "zscaler.write"],
            "bearer_methods_supported": ["header"],
            "resource_name": "Zscaler MCP Server",
        })
    );
    let r = reject(&auth, &HeaderMap::new()).await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.www_authenticate,
        format!("Bearer scope=\"zscaler.read\", resource_metadata=\"{PRM}\"")
    );

    // Step-up for a write tool: 403, the read and write scopes, the metadata.
    let r = auth
        .write_scope_challenge(RESOURCE, "zia_delete_rule_label")
        .unwrap();
    assert_eq!(r.status, 403);
    assert_eq!(
        r.www_authenticate,
        format!(
            "Bearer error=\"insufficient_scope\", scope=\"zscaler.read zscaler.write\", resource_metadata=\"{PRM}\""
        )
    );
    assert_eq!(
        r.message,
        "Forbidden: zia_delete_rule_label is a write tool and the token lacks the zscaler.write scope; authorize again with scope \"zscaler.read zscaler.write\""
    );

    // A token without any of our scopes (an IdP that issues only `openid`) still reads:
    // issuer and audience make it a token for this server; the read scope is what clients
    // are told to ask for, and ZSCALER_MCP_AUTH_REQUIRED_SCOPES makes it mandatory.
    let t = sign(&keys().rsa1, &claims(json!({"scope": "openid"})));
    let p = auth.authenticate(&bearer(&t), RESOURCE).await.unwrap();
    assert!(!p.can_write);
    let strict = jwt_auth(
        &fake,
        &[("ZSCALER_MCP_AUTH_REQUIRED_SCOPES", "zscaler.read")],
    );
    let r = reject(&strict, &bearer(&t)).await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.www_authenticate,
        format!(
            "Bearer error=\"insufficient_scope\", scope=\"zscaler.read\", resource_metadata=\"{PRM}\", error_description=\"the token lacks a required scope\""
        )
    );

    // Both scope names are configurable; required scopes join the minimum.
    let custom = jwt_auth(
        &fake,
        &[
            ("ZSCALER_MCP_AUTH_READ_SCOPE", "mcp:read"),
            ("ZSCALER_MCP_AUTH_WRITE_SCOPE", "mcp:write"),
            ("ZSCALER_MCP_AUTH_REQUIRED_SCOPES", "mcp:connect"),
        ],
    );
    assert_eq!(
        custom.protected_resource_metadata(RESOURCE).unwrap()["scopes_supported"],
        json!(["mcp:read", "mcp:connect", "mcp:write"])
    );
    assert_eq!(
        reject(&custom, &HeaderMap::new()).await.www_authenticate,
        format!("Bearer scope=\"mcp:read mcp:connect\", resource_metadata=\"{PRM}\"")
    );
    assert_eq!(
        custom
            .write_scope_challenge(RESOURCE, "t")
            .unwrap()
            .www_authenticate,
        format!(
            "Bearer error=\"insufficient_scope\", scope=\"mcp:read mcp:connect mcp:write\", resource_metadata=\"{PRM}\""
        )
    );
    let t = sign(
        &keys().rsa1,
        &claims(json!({"scope": "mcp:connect mcp:write"})),
    );
    assert!(
        custom
            .authenticate(&bearer(&t), RESOURCE)
            .await
            .unwrap()
            .can_write
    );

    // No step-up outside the token modes: those callers may always write (layer 1 decides).
    assert!(api_auth(&[]).write_scope_challenge(RESOURCE, "t").is_none());
}

#[tokio::test]
async fn api_key_and_zscaler_modes_are_not_oauth_resource_servers() {
    let api = api_auth(&[]);
    assert!(api.protected_resource_metadata(RESOURCE).is_none());
    assert!(api
        .protected_resource_metadata_discovered(RESOURCE)
        .await
        .is_none());
    let fake = start_fake().await;
    let zs = zscaler_auth(&fake, &[]);
    assert!(zs.protected_resource_metadata(RESOURCE).is_none());
    // No refusal of either mode carries a challenge of any scheme.
    for (auth, headers) in [
        (&api, HeaderMap::new()),
        (&api, bearer("wrong-key-wrong-key")),
        (&api, header("authorization", "Basic Zm9vOmJhcg==")),
        (&api, header("authorization", "Bearer")),
        (&zs, HeaderMap::new()),
        (&zs, bearer("x")),
        (&zs, header("x-zscaler-client-id", "good-id")),
    ] {
        let r = reject(auth, &headers).await;
        assert_eq!(r.status, 403, "{headers:?}: {r:?}");
        assert_eq!(r.www_authenticate, "", "{headers:?}");
        assert!(r.message.starts_with("Forbidden: "), "{r:?}");
    }
}
