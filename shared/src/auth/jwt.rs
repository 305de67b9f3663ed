//! Bearer JWT validation for jwt and oidc modes: algorithm allowlist, JWKS cache with a
//! rate-limited refetch on unknown `kid`, OIDC discovery, issuer / audience / time checks,
//! scopes.

use std::str::FromStr;
use std::sync::{Arc, Mutex as StdMutex, RwLock};
use std::time::{Duration, Instant};

use base64::Engine;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyOperations, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Map, Value};
use tokio::sync::{Mutex, OnceCell};

use super::settings::{KeySource, TokenSettings};
use super::util::{
    canonical_resource, get_document, is_loopback_url, principal_component, url_parts, LazyHttp,
};
use super::Principal;

/// Longest bearer token considered.
const MAX_TOKEN_LEN: usize = 16 * 1024;
/// Largest JWKS / discovery document accepted.
const MAX_DOCUMENT_LEN: usize = 512 * 1024;
/// A key set older than this is refreshed on next use (revoked keys stop working).
const KEYS_MAX_AGE: Duration = Duration::from_secs(3600);
/// After a failed fetch, callers fail fast for this long instead of hammering the IdP.
const FAILURE_BACKOFF: Duration = Duration::from_secs(5);
const MAX_KEYS: usize = 100;

/// Why a token was not accepted. Reasons are static strings: never token content.
#[derive(Debug)]
pub(super) enum TokenError {
    /// 401 `invalid_token`.
    Invalid(&'static str),
    /// 403 `insufficient_scope`: the scopes the caller lacks.
    InsufficientScope(Vec<String>),
    /// 503: keys or discovery unavailable (not the caller's fault).
    Unavailable(&'static str),
}

#[derive(Clone, Debug)]
struct Endpoints {
    issuer: String,
    jwks_uri: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyKind {
    Rsa,
    EcP256,
    EcP384,
}

struct VerifyKey {
    kid: Option<String>,
    alg: Option<Algorithm>,
    kind: KeyKind,
    key: DecodingKey,
}

impl VerifyKey {
    fn suits(&self, alg: Algorithm) -> bool {
        let kind_ok = match alg.family() {
            AlgorithmFamily::Rsa => self.kind == KeyKind::Rsa,
            AlgorithmFamily::Ec => match alg {
                Algorithm::ES256 => self.kind == KeyKind::EcP256,
                Algorithm::ES384 => self.kind == KeyKind::EcP384,
                _ => false,
            },
            _ => false,
        };
        kind_ok && self.alg.is_none_or(|a| a == alg)
    }
}

struct KeySet {
    keys: Vec<Arc<VerifyKey>>,
    fetched_at: Instant,
}

enum Lookup {
    Found(Arc<VerifyKey>),
    UnknownKid,
    Rejected(&'static str),
}

impl KeySet {
    fn lookup(&self, kid: Option<&str>, alg: Algorithm) -> Lookup {
        match kid {
            Some(kid) => {
                let mut known = false;
                for k in self.keys.iter().filter(|k| k.kid.as_deref() == Some(kid)) {
                    known = true;
                    if k.suits(alg) {
                        return Lookup::Found(k.clone());
                    }
                }
                if known {
                    Lookup::Rejected("token algorithm does not match its signing key")
                } else {
                    Lookup::UnknownKid
                }
            }
            None => {
                let mut candidates = self.keys.iter().filter(|k| k.suits(alg));
                match (candidates.next(), candidates.next()) {
                    (Some(k), None) => Lookup::Found(k.clone()),
                    _ => Lookup::Rejected("token has no key id (kid)"),
                }
            }
        }
    }
}

/// The keys of a JWKS document. Entries are read one by one as `jsonwebtoken`'s [`Jwk`] (not
/// as a whole [`JwkSet`][jsonwebtoken::jwk::JwkSet]), so one entry the crate cannot read
/// (a kid that is not a string, a malformed member) is skipped rather than refusing the
/// whole set and locking every caller out when the IdP publishes a new kind of key.
fn parse_jwks(body: &[u8]) -> Result<KeySet, &'static str> {
    let doc: Value = serde_json::from_slice(body).map_err(|_| "JWKS is not JSON")?;
    let entries = doc
        .get("keys")
        .and_then(Value::as_array)
        .ok_or("JWKS has no keys array")?;
    let keys = entries
        .iter()
        .take(MAX_KEYS)
        .filter_map(|entry| Jwk::deserialize(entry).ok())
        .filter_map(|jwk| verify_key(&jwk))
        .map(Arc::new)
        .collect();
    Ok(KeySet {
        keys,
        fetched_at: Instant::now(),
    })
}

/// A signature-verification key from one JWK, or `None` for anything else (encryption keys,
/// symmetric keys, unsupported curves or algorithms, components that do not decode).
fn verify_key(jwk: &Jwk) -> Option<VerifyKey> {
    let common = &jwk.common;
    if common
        .public_key_use
        .as_ref()
        .is_some_and(|u| *u != PublicKeyUse::Signature)
    {
        return None;
    }
    if let Some(ops) = &common.key_operations {
        if !ops.contains(&KeyOperations::Verify) {
            return None;
        }
    }
    let alg = match common.key_algorithm {
        None => None,
        Some(a) => {
            let a = Algorithm::try_from(a).ok()?;
            if !matches!(a.family(), AlgorithmFamily::Rsa | AlgorithmFamily::Ec) {
                return None;
            }
            Some(a)
        }
    };
    // Only RSA and the two NIST curves the allowlist names: `oct` (symmetric) and OKP keys
    // never verify a token here.
    let kind = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => KeyKind::Rsa,
        AlgorithmParameters::EllipticCurve(ec) => match ec.curve {
            EllipticCurve::P256 => KeyKind::EcP256,
            EllipticCurve::P384 => KeyKind::EcP384,
            _ => return None,
        },
        _ => return None,
    };
    Some(VerifyKey {
        kid: common.key_id.clone(),
        alg,
        kind,
        key: DecodingKey::from_jwk(jwk).ok()?,
    })
}

#[derive(Default)]
struct RefreshState {
    last_kid_refetch: Option<Instant>,
    last_failure: Option<Instant>,
}

/// The claims segment of a compact JWT, decoded (not verified).
fn parts_payload(token: &str) -> Option<Map<String, Value>> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Claims that name the caller or the issuer must be strings when present (RFC 7519 §4.1:
/// `iss` and `sub` are StringOrURI, `aud` one or an array of them). Checked before the
/// signature so that each gets its own clear 401; a token is never accepted on this alone.
fn check_claim_types(claims: Map<String, Value>) -> Result<(), TokenError> {
    for (name, problem) in [
        ("iss", "token issuer (iss) must be a single string"),
        ("sub", "token subject (sub) must be a string"),
        ("azp", "token authorized party (azp) must be a string"),
        ("client_id", "token client_id claim must be a string"),
        ("appid", "token appid claim must be a string"),
    ] {
        if !matches!(
            claims.get(name),
            None | Some(Value::Null | Value::String(_))
        ) {
            return Err(TokenError::Invalid(problem));
        }
    }
    match claims.get("aud") {
        None | Some(Value::String(_)) => Ok(()),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(()),
        Some(_) => Err(TokenError::Invalid(
            "token audience (aud) must be a string or an array of strings",
        )),
    }
}

pub(super) struct TokenVerifier {
    settings: TokenSettings,
    http: LazyHttp,
    endpoints: OnceCell<Endpoints>,
    discovery_failure: StdMutex<Option<Instant>>,
    keys: RwLock<Option<Arc<KeySet>>>,
    refresh: Mutex<RefreshState>,
    refetch_interval: Duration,
}

impl TokenVerifier {
    pub(super) fn new(
        settings: TokenSettings,
        http_timeout: Duration,
        refetch_interval: Duration,
    ) -> TokenVerifier {
        let endpoints = match &settings.source {
            KeySource::Jwks { jwks_uri, issuer } => OnceCell::new_with(Some(Endpoints {
                issuer: issuer.clone(),
                jwks_uri: jwks_uri.clone(),
            })),
            KeySource::Discovery { .. } => OnceCell::new(),
        };
        TokenVerifier {
            settings,
            http: LazyHttp::new(http_timeout),
            endpoints,
            discovery_failure: StdMutex::new(None),
            keys: RwLock::new(None),
            refresh: Mutex::new(RefreshState::default()),
            refetch_interval,
        }
    }

    pub(super) fn settings(&self) -> &TokenSettings {
        &self.settings
    }

    fn http(&self) -> &reqwest::Client {
        self.http.get()
    }

    /// The issuer to advertise: the discovered one once known (exact spelling), else the
    /// one the configuration implies.
    pub(super) fn authorization_server(&self) -> String {
        if let Some(e) = self.endpoints.get() {
            return e.issuer.clone();
        }
        match &self.settings.source {
            KeySource::Jwks { issuer, .. } => issuer.clone(),
            KeySource::Discovery {
                expected_issuer, ..
            } => expected_issuer.clone(),
        }
    }

    /// Runs OIDC discovery if it has not succeeded yet (no-op in jwt mode).
    pub(super) async fn discover(&self) -> Result<(), TokenError> {
        self.endpoints().await.map(|_| ())
    }

    async fn endpoints(&self) -> Result<&Endpoints, TokenError> {
        if let Some(e) = self.endpoints.get() {
            return Ok(e);
        }
        let KeySource::Discovery {
            config_url,
            expected_issuer,
        } = &self.settings.source
        else {
            unreachable!("jwt mode endpoints are set at construction");
        };
        self.endpoints
            .get_or_try_init(|| async {
                if self
                    .discovery_failure
                    .lock()
                    .expect("not poisoned")
                    .is_some_and(|t| t.elapsed() < FAILURE_BACKOFF)
                {
                    return Err(TokenError::Unavailable(
                        "the identity provider's metadata is unavailable",
                    ));
                }
                match self.fetch_discovery(config_url, expected_issuer).await {
                    Ok(e) => {
                        tracing::info!(issuer = %e.issuer, jwks_uri = %e.jwks_uri, "OIDC discovery complete");
                        Ok(e)
                    }
                    Err(problem) => {
                        tracing::warn!(url = %config_url, %problem, "OIDC discovery failed");
                        *self.discovery_failure.lock().expect("not poisoned") =
                            Some(Instant::now());
                        Err(TokenError::Unavailable(
                            "the identity provider's metadata is unavailable",
                        ))
                    }
                }
            })
            .await
    }

    async fn fetch_discovery(
        &self,
        config_url: &str,
        expected_issuer: &str,
    ) -> Result<Endpoints, String> {
        let body = get_document(self.http(), config_url, MAX_DOCUMENT_LEN).await?;
        let doc: Value =
            serde_json::from_slice(&body).map_err(|_| "discovery document is not JSON")?;
        let issuer = doc
            .get("issuer")
            .and_then(Value::as_str)
            .ok_or("discovery document has no issuer")?;
        if issuer.trim_end_matches('/') != expected_issuer.trim_end_matches('/') {
            return Err(format!(
                "discovery document names issuer {issuer:?}, expected {expected_issuer:?}"
            ));
        }
        let jwks_uri = doc
            .get("jwks_uri")
            .and_then(Value::as_str)
            .ok_or("discovery document has no jwks_uri")?;
        let acceptable = (jwks_uri.starts_with("https://") && url_parts(jwks_uri).is_some())
            || (jwks_uri.starts_with("http://") && is_loopback_url(jwks_uri));
        if !acceptable {
            return Err(format!("jwks_uri {jwks_uri:?} is not an https URL"));
        }
        Ok(Endpoints {
            issuer: issuer.to_string(),
            jwks_uri: jwks_uri.to_string(),
        })
    }

    async fn fetch_keys(&self, jwks_uri: &str) -> Result<Arc<KeySet>, String> {
        let body = get_document(self.http(), jwks_uri, MAX_DOCUMENT_LEN).await?;
        let set = Arc::new(parse_jwks(&body)?);
        if set.keys.is_empty() {
            tracing::warn!(%jwks_uri, "the JWKS holds no usable signature key");
        } else {
            tracing::info!(%jwks_uri, keys = set.keys.len(), "JWKS fetched");
        }
        *self.keys.write().expect("not poisoned") = Some(set.clone());
        Ok(set)
    }

    fn current_keys(&self) -> Option<Arc<KeySet>> {
        self.keys.read().expect("not poisoned").clone()
    }

    /// The key for `kid`/`alg`: from the cache; fetched on first use; refreshed when older
    /// than an hour; refetched on an unknown `kid` at most once per refetch interval.
    async fn key(
        &self,
        jwks_uri: &str,
        kid: Option<&str>,
        alg: Algorithm,
    ) -> Result<Arc<VerifyKey>, TokenError> {
        const UNKNOWN: TokenError = TokenError::Invalid("token signing key is unknown");
        const UNAVAILABLE: TokenError =
            TokenError::Unavailable("the token signing keys are unavailable");

        if let Some(set) = self.current_keys() {
            if set.fetched_at.elapsed() < KEYS_MAX_AGE {
                match set.lookup(kid, alg) {
                    Lookup::Found(k) => return Ok(k),
                    Lookup::Rejected(r) => return Err(TokenError::Invalid(r)),
                    Lookup::UnknownKid => {}
                }
            }
        }

        // Slow path, one caller at a time: whoever waited may find the work already done.
        let mut state = self.refresh.lock().await;
        let backing_off = state
            .last_failure
            .is_some_and(|t| t.elapsed() < FAILURE_BACKOFF);
        let set = match self.current_keys() {
            None => {
                if backing_off {
                    return Err(UNAVAILABLE);
                }
                match self.fetch_keys(jwks_uri).await {
                    Ok(set) => set,
                    Err(problem) => {
                        tracing::warn!(%jwks_uri, %problem, "JWKS fetch failed");
                        state.last_failure = Some(Instant::now());
                        return Err(UNAVAILABLE);
                    }
                }
            }
            Some(set) if set.fetched_at.elapsed() >= KEYS_MAX_AGE && !backing_off => {
                match self.fetch_keys(jwks_uri).await {
                    Ok(fresh) => fresh,
                    Err(problem) => {
                        // Keep serving with the keys we have rather than fail every caller.
                        tracing::warn!(%jwks_uri, %problem, "JWKS refresh failed; keeping the cached keys");
                        state.last_failure = Some(Instant::now());
                        set
                    }
                }
            }
            Some(set) => match set.lookup(kid, alg) {
                Lookup::Found(k) => return Ok(k),
                Lookup::Rejected(r) => return Err(TokenError::Invalid(r)),
                Lookup::UnknownKid => {
                    let cooling = state
                        .last_kid_refetch
                        .is_some_and(|t| t.elapsed() < self.refetch_interval);
                    if cooling || backing_off {
                        return Err(UNKNOWN);
                    }
                    state.last_kid_refetch = Some(Instant::now());
                    match self.fetch_keys(jwks_uri).await {
                        Ok(fresh) => fresh,
                        Err(problem) => {
                            tracing::warn!(%jwks_uri, %problem, "JWKS refetch for an unknown key id failed");
                            state.last_failure = Some(Instant::now());
                            return Err(UNAVAILABLE);
                        }
                    }
                }
            },
        };
        match set.lookup(kid, alg) {
            Lookup::Found(k) => Ok(k),
            Lookup::Rejected(r) => Err(TokenError::Invalid(r)),
            Lookup::UnknownKid => Err(UNKNOWN),
        }
    }

    /// The JOSE header checks, before any key lookup: size, shape, an allowed `alg`, no
    /// `crit`, a string `kid` if any.
    fn header(&self, token: &str) -> Result<(Algorithm, Option<String>), TokenError> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(MALFORMED);
        }
        let mut parts = token.split('.');
        let (Some(header_b64), Some(_), Some(_), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(MALFORMED);
        };
        let header: Map<String, Value> = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header_b64)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or(MALFORMED)?;
        let alg = header.get("alg").and_then(Value::as_str).ok_or(MALFORMED)?;
        // `none`, HS* and anything not on the allowlist stop here, before any key lookup.
        let alg = Algorithm::from_str(alg)
            .ok()
            .filter(|a| self.settings.algorithms.contains(a))
            .ok_or(TokenError::Invalid("token algorithm is not allowed"))?;
        if header.contains_key("crit") {
            return Err(TokenError::Invalid(
                "token has critical header parameters this server does not support",
            ));
        }
        match header.get("kid") {
            None => Ok((alg, None)),
            Some(Value::String(k)) => Ok((alg, Some(k.clone()))),
            Some(_) => Err(MALFORMED),
        }
    }

    /// Validates a bearer token and builds the caller's principal. `resource` is this
    /// server's canonical resource URI for the request, when it may stand as an audience
    /// (see `Authenticator::authenticate_at`); the configured audiences always do.
    pub(super) async fn verify(
        &self,
        token: &str,
        resource: Option<&str>,
    ) -> Result<Principal, TokenError> {
        let (alg, kid) = self.header(token)?;
        check_claim_types(parts_payload(token).ok_or(MALFORMED)?)?;

        let endpoints = self.endpoints().await?;
        let key = self.key(&endpoints.jwks_uri, kid.as_deref(), alg).await?;

        let mut validation = Validation::new(alg);
        validation.leeway = self.settings.leeway_secs;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        // Audience is checked below (Cognito access tokens carry none).
        validation.validate_aud = false;
        validation.set_issuer(&[endpoints.issuer.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, &validation)
            .map_err(|e| decode_error(&e))?;
        let claims = data.claims;
        // jsonwebtoken accepts an array `iss` when one member matches; an issuer is one
        // string (RFC 7519 §4.1.1), and the principal is built from it.
        let issuer = match claims.get("iss") {
            Some(Value::String(iss)) if *iss == endpoints.issuer => iss.as_str(),
            Some(Value::String(_)) => {
                return Err(TokenError::Invalid("token issuer is not trusted"))
            }
            _ => {
                return Err(TokenError::Invalid(
                    "token issuer (iss) must be a single string",
                ))
            }
        };
        self.check_audience(&claims, resource)?;
        self.principal(issuer, &claims)
    }

    /// The token must name this server: one of its audiences equals a configured audience
    /// exactly (`ZSCALER_MCP_AUTH_AUDIENCE`, default `zscaler-mcp-server`; oidc:
    /// `OIDCPROXY_AUDIENCE`), or is this request's canonical resource URI, compared in
    /// normal form ([`canonical_resource`]: scheme/host case, default port, one trailing
    /// slash), never by prefix. MCP clients ask for a token for the resource the metadata
    /// advertises (RFC 8707), so that URI is what their tokens carry.
    fn check_audience(
        &self,
        claims: &Map<String, Value>,
        resource: Option<&str>,
    ) -> Result<(), TokenError> {
        let audiences: Vec<&str> = match claims.get("aud") {
            None => {
                // Cognito access tokens have no `aud`; they name the app client instead.
                let client = claims.get("client_id").and_then(Value::as_str);
                let access = claims.get("token_use").and_then(Value::as_str) == Some("access");
                let known = client
                    .is_some_and(|c| self.settings.cognito_client_ids.iter().any(|id| id == c));
                return if known && access {
                    Ok(())
                } else {
                    Err(TokenError::Invalid("token has no audience (aud)"))
                };
            }
            Some(Value::String(a)) => vec![a.as_str()],
            Some(Value::Array(items)) => items
                .iter()
                .map(Value::as_str)
                .collect::<Option<Vec<&str>>>()
                .ok_or(TokenError::Invalid(
                    "token audience (aud) must be a string or an array of strings",
                ))?,
            Some(_) => {
                return Err(TokenError::Invalid(
                    "token audience (aud) must be a string or an array of strings",
                ))
            }
        };
        let resource = resource.and_then(canonical_resource);
        let is_resource = |a: &str| {
            resource
                .as_deref()
                .is_some_and(|r| canonical_resource(a).as_deref() == Some(r))
        };
        if audiences
            .iter()
            .any(|a| self.settings.audiences.iter().any(|x| x == a) || is_resource(a))
        {
            Ok(())
        } else {
            Err(TokenError::Invalid(
                "token audience does not match this server",
            ))
        }
    }

    /// The caller's principal: `jwt:<issuer>:<client>:<subject>`, each component
    /// percent-encoded (see [`principal_component`]) so that no two (issuer, client,
    /// subject) triples share an id: azp `a:b` + sub `c` and azp `a` + sub `b:c` differ, and
    /// the same subject at two issuers differs. The client is the first non-empty of `azp`,
    /// `client_id`, `appid` and the first audience; empty when there is none.
    fn principal(
        &self,
        issuer: &str,
        claims: &Map<String, Value>,
    ) -> Result<Principal, TokenError> {
        // A claim that is present must be a string: a number or array would otherwise be
        // skipped silently and another claim would name the caller.
        let text = |name: &str| -> Result<Option<&str>, TokenError> {
            match claims.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.as_str()).filter(|s| !s.is_empty())),
                Some(_) => Err(TokenError::Invalid(match name {
                    "sub" => "token subject (sub) must be a string",
                    "azp" => "token authorized party (azp) must be a string",
                    "client_id" => "token client_id claim must be a string",
                    "appid" => "token appid claim must be a string",
                    _ => "token has a claim of the wrong type",
                })),
            }
        };
        let sub = text("sub")?.ok_or(TokenError::Invalid("token has no subject (sub)"))?;
        let (azp, client_id, appid) = (text("azp")?, text("client_id")?, text("appid")?);
        let first_aud = match claims.get("aud") {
            Some(Value::Array(items)) => items.first().and_then(Value::as_str),
            Some(Value::String(a)) => Some(a.as_str()),
            _ => None,
        };
        let client = azp.or(client_id).or(appid).or(first_aud).unwrap_or("");
        let id = format!(
            "jwt:{}:{}:{}",
            principal_component(issuer),
            principal_component(client),
            principal_component(sub)
        );

        let mut principal = grant(&self.settings, id, token_scopes(claims))?;
        principal.claimed_tenants = claim_strings(claims.get(&self.settings.tenant_claim));
        Ok(principal)
    }
}

/// The principal a token with `scopes` makes under `settings`' scope policy: every
/// required scope present, write access with the write scope, and the toolsets its scopes
/// grant. Shared by IdP tokens (jwt, oidc) and the OIDC proxy's own tokens.
pub(super) fn grant(
    settings: &TokenSettings,
    id: String,
    scopes: Vec<String>,
) -> Result<Principal, TokenError> {
    let missing: Vec<String> = settings
        .required_scopes
        .iter()
        .filter(|s| !scopes.contains(s))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(TokenError::InsufficientScope(missing));
    }
    Ok(Principal {
        id,
        can_write: scopes.contains(&settings.write_scope),
        allowed_toolsets: allowed_toolsets(settings, &scopes),
        scopes,
        claimed_tenants: Vec::new(),
        tenants: None,
    })
}

/// The strings of a claim that is a string or an array (other values are ignored: the
/// claim only ever widens what a caller may use through the operator's registry).
pub(in crate::auth) fn claim_strings(claim: Option<&Value>) -> Vec<String> {
    match claim {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The toolsets the token's scopes grant (`None`: every toolset), from
/// `ZSCALER_MCP_AUTH_TOOLSET_SCOPES`.
fn allowed_toolsets(settings: &TokenSettings, scopes: &[String]) -> Option<Vec<String>> {
    let grants = settings.toolset_scopes.as_ref()?;
    let mut out: Vec<String> = Vec::new();
    for g in grants.iter().filter(|g| scopes.contains(&g.scope)) {
        for s in g.toolsets.as_ref()? {
            if !out.contains(s) {
                out.push(s.clone());
            }
        }
    }
    Some(out)
}

/// The scopes a token grants: `scope` (space-separated) and `scp` (Entra: a string or an
/// array), each once, in order.
fn token_scopes(claims: &Map<String, Value>) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        if !s.is_empty() && !scopes.iter().any(|x| x == s) {
            scopes.push(s.to_string());
        }
    };
    if let Some(Value::String(s)) = claims.get("scope") {
        s.split_whitespace().for_each(&mut add);
    }
    match claims.get("scp") {
        Some(Value::String(s)) => s.split_whitespace().for_each(&mut add),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).for_each(add),
        _ => {}
    }
    scopes
}

const MALFORMED: TokenError = TokenError::Invalid("malformed token");

/// A jsonwebtoken error as the reason a client is told.
fn decode_error(e: &jsonwebtoken::errors::Error) -> TokenError {
    TokenError::Invalid(match e.kind() {
        ErrorKind::InvalidSignature => "invalid token signature",
        ErrorKind::ExpiredSignature => "token expired",
        ErrorKind::ImmatureSignature => "token not yet valid",
        ErrorKind::InvalidIssuer => "token issuer is not trusted",
        // jsonwebtoken reports a claim of the wrong type as missing.
        ErrorKind::MissingRequiredClaim(c) => match c.as_str() {
            "exp" => "token has no expiry (exp)",
            "iss" => "token has no issuer (iss), or it is not a string",
            "sub" => "token has no subject (sub), or it is not a string",
            _ => "token lacks a required claim",
        },
        ErrorKind::InvalidClaimFormat(_) => "token has a malformed time claim",
        ErrorKind::InvalidAlgorithm => "token algorithm does not match its signing key",
        _ => "malformed token",
    })
}
