//! oidc-proxy mode: an OAuth 2.1 authorization server facade in front of an OIDC provider
//! that has no dynamic client registration (Amazon Cognito, Entra ID), fronting the one
//! client registered there (`OIDCPROXY_CLIENT_ID` / `OIDCPROXY_CLIENT_SECRET`).
//!
//! MCP clients see an authorization server of this server's own: RFC 8414 metadata (also at
//! the OIDC discovery path, the only one reachable behind an API Gateway stage), RFC 7591
//! registration, client ID metadata documents, `/authorize`, `/token`; the provider sends
//! the user back to `/callback`. Stateless, so any Lambda instance serves any step: the
//! client_id of a registered client IS its sealed metadata, the upstream `state` is the
//! sealed authorization request (with our own upstream PKCE verifier and nonce), and the code
//! and refresh token we hand out are sealed too ([`seal`], one key per purpose from the ring).
//!
//! The provider cannot honour RFC 8707 resource indicators (Cognito), so the proxy issues its
//! own access tokens: JWTs (HS256 under a ring-derived key, `kid` = the ring key id), `iss`
//! = `OIDCPROXY_BASE_URL`, `aud` = `<base>/mcp`, `sub` = the provider's subject from its
//! verified id_token, expiring with the provider's access token and within an hour. Scopes
//! are the requested MCP scopes the provider granted.
//!
//! What statelessness allows: a code can be redeemed more than once within its 60 s life
//! (nothing remembers it); it is bound to the client, the redirect URI and the client's PKCE
//! challenge, so a stolen code alone is useless. Refresh tokens carry the provider's refresh
//! token and are redeemed by calling the provider, so revocation there takes effect.

mod access;
pub mod client_doc;
mod flow;
pub mod seal;
mod upstream;

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use http::{header, Method, Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use serde_json::{json, Map, Value};
use sha2::Sha256;

use super::jwt::TokenVerifier;
use super::settings::{ProxySettings, TokenSettings};
use super::util::{canonical_resource, LazyHttp};
use crate::confirm::{KeyRing, Purpose, SharedRing};

pub use access::ACCESS_TOKEN_MAX_SECS;
pub use flow::{CODE_TTL_SECS, REFRESH_TTL_SECS, TRANSACTION_TTL_SECS};

/// The response body type (the one `http.rs` answers with).
pub type ProxyBody = BoxBody<Bytes, Infallible>;

/// Registration limits: the client_id carries the metadata, so it must stay small.
pub const MAX_REGISTRATION_BYTES: usize = 8 * 1024;
pub const MAX_REDIRECT_URIS: usize = 10;
pub const MAX_REDIRECT_URI_LEN: usize = 512;
pub const MAX_CLIENT_NAME_LEN: usize = 200;
const MAX_FORM_BYTES: usize = 16 * 1024;

/// How a client authenticates at /token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenAuth {
    /// Public client: PKCE alone.
    None,
    ClientSecretPost,
    ClientSecretBasic,
}

impl TokenAuth {
    fn as_str(self) -> &'static str {
        match self {
            TokenAuth::None => "none",
            TokenAuth::ClientSecretPost => "client_secret_post",
            TokenAuth::ClientSecretBasic => "client_secret_basic",
        }
    }

    fn parse(v: &str) -> Option<TokenAuth> {
        match v {
            "none" => Some(TokenAuth::None),
            "client_secret_post" => Some(TokenAuth::ClientSecretPost),
            "client_secret_basic" => Some(TokenAuth::ClientSecretBasic),
            _ => None,
        }
    }
}

/// A client as the proxy knows it: from its sealed client_id, or its metadata document.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientInfo {
    pub client_id: String,
    pub redirect_uris: Vec<String>,
    pub auth: TokenAuth,
}

/// Whether a redirect URI may be registered: an absolute URL without fragment or
/// credentials; https, http only on a loopback host (RFC 8252 §7.3), or a private-use
/// scheme (`cursor://…`, RFC 8252 §7.1). Matched later by exact string equality.
pub fn valid_redirect_uri(uri: &str) -> bool {
    if uri.len() > MAX_REDIRECT_URI_LEN || uri.chars().any(|c| c.is_control() || c == ' ') {
        return false;
    }
    let Ok(url) = url::Url::parse(uri) else {
        return false;
    };
    if url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => matches!(
            url.host(),
            Some(url::Host::Domain("localhost"))
                | Some(url::Host::Ipv4(std::net::Ipv4Addr::LOCALHOST))
                | Some(url::Host::Ipv6(std::net::Ipv6Addr::LOCALHOST))
        ),
        // A private-use scheme has a dot (reverse domain) or is an app's own name; never a
        // scheme a browser would run (javascript:, data:, file:).
        scheme => !matches!(
            scheme,
            "javascript" | "data" | "file" | "vbscript" | "blob" | "about"
        ),
    }
}

/// Exact redirect URI matching (OAuth 2.1 §4.1.1 / RFC 9700 §4.1.3): byte-for-byte equal to
/// a registered one; no normalization, no prefix, no port flexibility.
pub fn redirect_uri_matches(registered: &[String], given: &str) -> bool {
    registered.iter().any(|r| r == given)
}

/// `BASE64URL(SHA256(verifier)) == challenge` (RFC 7636 S256), with the verifier's length
/// and alphabet checked (43 to 128 unreserved characters).
pub fn pkce_s256_matches(verifier: &str, challenge: &str) -> bool {
    let shape = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    shape && URL_SAFE_NO_PAD.encode(super::util::sha256(verifier.as_bytes())) == challenge
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The authorization server facade. Built from the oidc-proxy settings; see the module
/// documentation.
pub struct OidcProxy {
    settings: ProxySettings,
    /// The scope policy (read / write / required / toolset scopes).
    policy: TokenSettings,
    /// Verifies the provider's id_tokens (audience: our client id at the provider).
    idp: TokenVerifier,
    http: LazyHttp,
    upstream: tokio::sync::OnceCell<upstream::Upstream>,
    config_url: String,
    expected_issuer: String,
    clock: fn() -> u64,
    /// The process's ring cell and how to refresh it from the secret, once linked
    /// ([`OidcProxy::link_ring`]); until then the ring of the settings.
    link: std::sync::OnceLock<RingLink>,
}

/// Re-reads the key ring from the secret (rate-limited by its owner) into the shared cell.
pub type RingRefresh =
    Arc<dyn Fn() -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

struct RingLink {
    ring: SharedRing,
    refresh: RingRefresh,
}

impl OidcProxy {
    pub(super) fn new(
        settings: ProxySettings,
        policy: TokenSettings,
        http_timeout: std::time::Duration,
        refetch: std::time::Duration,
    ) -> OidcProxy {
        let (config_url, expected_issuer) = match &policy.source {
            super::settings::KeySource::Discovery {
                config_url,
                expected_issuer,
            } => (config_url.clone(), expected_issuer.clone()),
            super::settings::KeySource::Jwks { issuer, .. } => (String::new(), issuer.clone()),
        };
        // id_tokens carry no MCP scopes: the scope policy applies to our own tokens only.
        let mut idp_settings = policy.clone();
        idp_settings.required_scopes.clear();
        idp_settings.toolset_scopes = None;
        OidcProxy {
            idp: TokenVerifier::new(idp_settings, http_timeout, refetch),
            settings,
            policy,
            http: LazyHttp::new(http_timeout),
            upstream: tokio::sync::OnceCell::new(),
            config_url,
            expected_issuer,
            clock: now_secs,
            link: std::sync::OnceLock::new(),
        }
    }

    /// Sign and verify with the process's shared ring (the confirmation gate's), which
    /// `refresh` replaces when the secret carries newer keys: a warm instance then opens
    /// what an instance started after a key rotation sealed. Once; later calls are ignored.
    pub fn link_ring(&self, ring: SharedRing, refresh: RingRefresh) {
        let _ = self.link.set(RingLink { ring, refresh });
    }

    /// Before acting on sealed material: let the ring follow the secret (a cached read
    /// unless the refresh interval has passed).
    async fn refresh_ring(&self) {
        if let Some(link) = self.link.get() {
            (link.refresh)().await;
        }
    }

    /// Replace the clock (tests of expiry).
    pub fn set_clock(&mut self, clock: fn() -> u64) {
        self.clock = clock;
    }

    fn now(&self) -> u64 {
        (self.clock)()
    }

    fn ring(&self) -> Arc<KeyRing> {
        match self.link.get() {
            Some(link) => link.ring.get(),
            None => Arc::new(self.settings.ring.clone()),
        }
    }

    /// The proxy's issuer: `OIDCPROXY_BASE_URL`.
    pub fn issuer(&self) -> &str {
        &self.settings.base_url
    }

    /// The one MCP resource this proxy issues tokens for: `<base>/mcp`, canonical.
    pub fn resource(&self) -> String {
        let raw = format!("{}/mcp", self.settings.base_url);
        canonical_resource(&raw).unwrap_or(raw)
    }

    fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.settings.base_url)
    }

    /// Whether `path` (with any one stage segment already stripped, e.g. "/authorize") is a
    /// proxy endpoint. The RFC 8414 path-inserted form may still carry the stage at its end
    /// (`/.well-known/oauth-authorization-server/prod`).
    pub fn owns(path: &str) -> bool {
        endpoint_of(path).is_some() || endpoint_of(strip_stage(path)).is_some()
    }

    /// Serve one proxy endpoint. `base` is the public base URL the request came in on
    /// ("https://host[/stage]"); the proxy answers with its configured base
    /// (`OIDCPROXY_BASE_URL`) regardless, so that its issuer never depends on a Host header.
    pub async fn handle(&self, req: Request<Bytes>, base: &str) -> Response<ProxyBody> {
        self.refresh_ring().await;
        let path = req.uri().path();
        let Some(endpoint) = endpoint_of(path).or_else(|| endpoint_of(strip_stage(path))) else {
            return oauth_error(StatusCode::NOT_FOUND, "invalid_request", "not found");
        };
        if canonical_resource(base) != canonical_resource(&self.settings.base_url) {
            tracing::debug!(
                "oidc-proxy request arrived on another base URL than OIDCPROXY_BASE_URL"
            );
        }
        let method = req.method().clone();
        if method == Method::OPTIONS {
            return with_cors(empty(StatusCode::NO_CONTENT));
        }
        let allowed = match endpoint {
            Endpoint::Metadata => method == Method::GET || method == Method::HEAD,
            Endpoint::Authorize | Endpoint::Callback => method == Method::GET,
            Endpoint::Register | Endpoint::Token => method == Method::POST,
        };
        if !allowed {
            return oauth_error(
                StatusCode::METHOD_NOT_ALLOWED,
                "invalid_request",
                "method not allowed",
            );
        }
        let resp = match endpoint {
            Endpoint::Metadata => json_response(StatusCode::OK, self.metadata()),
            Endpoint::Register => self.register(req.body()),
            Endpoint::Authorize => self.authorize(req.uri().query().unwrap_or("")).await,
            Endpoint::Callback => self.callback(req.uri().query().unwrap_or("")).await,
            Endpoint::Token => self.token(req.headers(), req.body()).await,
        };
        match endpoint {
            Endpoint::Authorize | Endpoint::Callback => resp,
            _ => with_cors(resp),
        }
    }

    /// RFC 8414 authorization server metadata.
    pub fn metadata(&self) -> Value {
        let mut scopes = vec![self.policy.read_scope.clone()];
        let extra = self
            .policy
            .required_scopes
            .iter()
            .chain(std::iter::once(&self.policy.write_scope))
            .chain(
                self.policy
                    .toolset_scopes
                    .iter()
                    .flatten()
                    .map(|g| &g.scope),
            );
        for s in extra {
            if !scopes.contains(s) {
                scopes.push(s.clone());
            }
        }
        json!({
            "issuer": self.issuer(),
            "authorization_endpoint": self.endpoint("/authorize"),
            "token_endpoint": self.endpoint("/token"),
            "registration_endpoint": self.endpoint("/register"),
            "scopes_supported": scopes,
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_post", "client_secret_basic"],
            "client_id_metadata_document_supported": true,
            "authorization_response_iss_parameter_supported": true,
            "subject_types_supported": ["public"],
        })
    }

    /// The client secret of a confidential registered client: a MAC of its client_id, so
    /// nothing is stored and any instance recomputes it.
    fn client_secret_for(&self, client_id: &str, kid: Option<&str>) -> Option<String> {
        let ring = self.ring();
        let (_, key) = ring.purpose_key(Purpose::ProxyClient, kid)?;
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
        mac.update(b"client-secret\0");
        mac.update(client_id.as_bytes());
        Some(URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    /// RFC 7591 dynamic client registration.
    fn register(&self, body: &[u8]) -> Response<ProxyBody> {
        let (uris, auth, name) = match registration(body) {
            Ok(r) => r,
            Err((code, description)) => {
                return oauth_error(StatusCode::BAD_REQUEST, code, description)
            }
        };
        let mut record = Map::new();
        record.insert("ru".into(), json!(uris));
        record.insert("am".into(), json!(auth.as_str()));
        let client_id = seal::seal(&self.ring(), Purpose::ProxyClient, &record, None);
        let mut answer = json!({
            "client_id": client_id,
            "client_id_issued_at": self.now(),
            "redirect_uris": uris,
            "token_endpoint_auth_method": auth.as_str(),
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
        });
        if let Some(n) = name {
            answer["client_name"] = json!(n);
        }
        if auth != TokenAuth::None {
            answer["client_secret"] = json!(self.client_secret_for(&client_id, None));
            answer["client_secret_expires_at"] = json!(0);
        }
        tracing::info!(
            redirect_uris = uris.len(),
            auth = auth.as_str(),
            "oidc-proxy client registered"
        );
        json_response(StatusCode::CREATED, answer)
    }

    /// The client behind a client_id: a sealed registration, or a metadata document.
    async fn client(&self, client_id: &str) -> Result<ClientInfo, &'static str> {
        if client_doc::is_document_client_id(client_id) {
            return client_doc::fetch(client_id, self.settings.allow_loopback_metadata).await;
        }
        self.registered_client(client_id)
    }

    fn registered_client(&self, client_id: &str) -> Result<ClientInfo, &'static str> {
        let record = seal::open(&self.ring(), Purpose::ProxyClient, client_id, self.now())
            .map_err(|_| "unknown client_id (register again)")?;
        let uris = record
            .get("ru")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .ok_or("unknown client_id (register again)")?;
        let auth = record
            .get("am")
            .and_then(Value::as_str)
            .and_then(TokenAuth::parse)
            .ok_or("unknown client_id (register again)")?;
        Ok(ClientInfo {
            client_id: client_id.to_string(),
            redirect_uris: uris,
            auth,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    Metadata,
    Register,
    Authorize,
    Callback,
    Token,
}

fn endpoint_of(path: &str) -> Option<Endpoint> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [".well-known", "oauth-authorization-server" | "openid-configuration"]
        | [".well-known", "oauth-authorization-server" | "openid-configuration", _] => {
            Some(Endpoint::Metadata)
        }
        ["register"] => Some(Endpoint::Register),
        ["authorize"] => Some(Endpoint::Authorize),
        ["callback"] => Some(Endpoint::Callback),
        ["token"] => Some(Endpoint::Token),
        _ => None,
    }
}

/// `/prod/authorize` → `/authorize` (one leading stage segment).
fn strip_stage(path: &str) -> &str {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    match trimmed.find('/') {
        Some(i) => &trimmed[i..],
        None => path,
    }
}

fn full(status: StatusCode, content_type: &str, body: String) -> Response<ProxyBody> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        // Codes, tokens and client secrets must never be cached by an intermediary.
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::PRAGMA, "no-cache")
        .body(Full::new(Bytes::from(body)).boxed())
        .expect("static response parts are valid")
}

fn empty(status: StatusCode) -> Response<ProxyBody> {
    full(status, "text/plain", String::new())
}

fn json_response(status: StatusCode, body: Value) -> Response<ProxyBody> {
    full(status, "application/json", body.to_string())
}

/// An RFC 6749 §5.2 error. `description` is always one of our own fixed sentences: nothing
/// the caller or the provider sent is echoed.
fn oauth_error(status: StatusCode, code: &str, description: &str) -> Response<ProxyBody> {
    json_response(
        status,
        json!({"error": code, "error_description": description}),
    )
}

/// Browser-based clients (MCP Inspector) read metadata and call /register and /token from a
/// page: allow any origin there (no cookies are involved). /authorize and /callback are
/// navigations and need none.
fn with_cors(mut resp: Response<ProxyBody>) -> Response<ProxyBody> {
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        header::HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        header::HeaderValue::from_static("authorization, content-type, mcp-protocol-version"),
    );
    resp
}

/// Form or query parameters; `None` when one appears twice (RFC 6749 §3.1) or the input is
/// too large.
fn params(input: &[u8]) -> Option<Vec<(String, String)>> {
    if input.len() > MAX_FORM_BYTES {
        return None;
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in form_urlencoded::parse(input) {
        if out.iter().any(|(x, _)| *x == k) {
            return None;
        }
        out.push((k.into_owned(), v.into_owned()));
    }
    Some(out)
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    URL_SAFE_NO_PAD.encode(bytes)
}

impl std::fmt::Debug for OidcProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProxy")
            .field("issuer", &self.settings.base_url)
            .field("client_id", &self.settings.client_id)
            .finish_non_exhaustive()
    }
}

type Registration = (Vec<String>, TokenAuth, Option<String>);

/// A dynamic client registration request (RFC 7591) checked: its redirect URIs, token
/// endpoint authentication and name, or the OAuth error code and description.
fn registration(body: &[u8]) -> Result<Registration, (&'static str, &'static str)> {
    let bad = |d: &'static str| ("invalid_client_metadata", d);
    if body.len() > MAX_REGISTRATION_BYTES {
        return Err(bad("the registration request is too large"));
    }
    let Ok(Value::Object(req)) = serde_json::from_slice::<Value>(body) else {
        return Err(bad("the registration request must be a JSON object"));
    };
    let uris: Vec<String> = match req.get("redirect_uris").and_then(Value::as_array) {
        Some(items) => match items
            .iter()
            .map(|u| u.as_str().map(str::to_string))
            .collect()
        {
            Some(v) => v,
            None => return Err(bad("redirect_uris must be strings")),
        },
        None => return Err(bad("redirect_uris is required")),
    };
    if uris.is_empty() || uris.len() > MAX_REDIRECT_URIS {
        return Err(bad("redirect_uris must list 1 to 10 URIs"));
    }
    if !uris.iter().all(|u| valid_redirect_uri(u)) {
        return Err((
            "invalid_redirect_uri",
            "a redirect URI is not acceptable (https, http on loopback, or a private-use scheme; no fragment; at most 512 characters)",
        ));
    }
    let auth = match req.get("token_endpoint_auth_method") {
        None => TokenAuth::None,
        Some(v) => match v.as_str().and_then(TokenAuth::parse) {
            Some(a) => a,
            None => return Err(bad("token_endpoint_auth_method must be none, client_secret_post or client_secret_basic")),
        },
    };
    if let Some(types) = req.get("grant_types") {
        let ok = types.as_array().is_some_and(|t| {
            t.iter()
                .all(|g| matches!(g.as_str(), Some("authorization_code" | "refresh_token")))
        });
        if !ok {
            return Err(bad(
                "grant_types may be authorization_code and refresh_token only",
            ));
        }
    }
    if let Some(types) = req.get("response_types") {
        if !types
            .as_array()
            .is_some_and(|t| t.iter().all(|r| r.as_str() == Some("code")))
        {
            return Err(bad("response_types may be code only"));
        }
    }
    let name = match req.get("client_name") {
        None => None,
        Some(Value::String(n)) if n.chars().count() <= MAX_CLIENT_NAME_LEN => Some(n.clone()),
        Some(_) => {
            return Err(bad(
                "client_name must be a string of at most 200 characters",
            ))
        }
    };
    Ok((uris, auth, name))
}
