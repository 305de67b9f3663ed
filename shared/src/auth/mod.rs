//! Security layer 3: client authentication on the HTTP transports.
//!
//! Modes (`ZSCALER_MCP_AUTH_MODE`, names as in the Python server):
//! - `jwt`: `Authorization: Bearer <JWT>` verified against a JWKS (fetched lazily, cached,
//!   refetched on an unknown `kid` at most once per minute), issuer, audience (or the Cognito
//!   access-token rule), algorithm allowlist (RS*/PS*/ES* only), `exp`/`nbf` with 30 s leeway.
//! - `oidc`: the same validation against the issuer and JWKS found by OIDC discovery.
//! - `api-key`: a static key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`,
//!   compared in constant time against every configured key (stored only as digests).
//! - `zscaler`: the caller proves OneAPI client credentials; ZIdentity decides.
//!
//! jwt and oidc modes are OAuth 2.1 resource servers per the MCP authorization spec: RFC 9728
//! protected-resource metadata and `WWW-Authenticate` challenges naming it. A token's
//! audience must be this server: a configured audience, or the canonical resource URI the
//! metadata advertises (RFC 8707), which is what MCP clients ask their authorization server
//! for. Clients are told to ask for the read scope first (`scope=` of every 401) and get a
//! 403 `insufficient_scope` step-up challenge naming the write scope when they call a write
//! tool without it. The caller's token, key or secret is never logged, never in a message,
//! never stored except as a hash, and never forwarded to Zscaler.
//!
//! api-key and zscaler modes are not OAuth: a refused request is a 403 without any
//! `WWW-Authenticate` challenge and they serve no protected-resource metadata, because MCP
//! clients (TypeScript SDK, Inspector, Python SDK) take any 401 as the start of OAuth
//! discovery and dynamic client registration, and the reason ("missing API key") would
//! never reach the user.
//!
//! oidc-proxy mode adds an OAuth 2.1 authorization server facade in front of an OIDC
//! provider without dynamic client registration ([`proxy`]); the resource server then
//! accepts the proxy's own tokens only (issuer `OIDCPROXY_BASE_URL`, audience
//! `<OIDCPROXY_BASE_URL>/mcp`), with the same scope rules and challenges as jwt/oidc.
//!
//! api-key and zscaler callers are operator-trusted: they get `can_write = true` and every
//! toolset (write tools still need layer 1, `ZSCALER_MCP_WRITE_ENABLED` + allowlist).

mod jwt;
mod limit;
mod oneapi;
pub mod proxy;
mod settings;
mod util;

use std::sync::Arc;

use base64::Engine;
use http::header::{HeaderMap, HeaderName, AUTHORIZATION};
use serde_json::{json, Value};

pub use limit::Rate;
pub use oneapi::{
    CHECKS_PER_CLIENT_ID, CHECKS_PER_PROCESS, CHECKS_PER_SOURCE, FAILED_CHECK_CACHE_TTL,
    MAX_CACHED_CREDENTIALS, MAX_LIMITER_KEYS,
};
pub use settings::{AuthMode, AuthSettings, AUTH_ENV_VARS, MIN_API_KEY_LEN};

use util::canonical_resource;

use jwt::{TokenError, TokenVerifier};
use oneapi::{LimitScope, OneApiError, OneApiVerifier};
use settings::{ApiKeyEntry, ModeSettings};
use util::{digests_equal, principal_component, quote, sha256, url_parts};

/// The principal of a request admitted by platform trust (`ZSCALER_MCP_TRUST_PLATFORM_AUTH`).
pub const PLATFORM_PRINCIPAL: &str = "platform:trusted";

const X_API_KEY: &str = "x-api-key";
const X_CLIENT_ID: &str = "x-zscaler-client-id";
const X_CLIENT_SECRET: &str = "x-zscaler-client-secret";
const MAX_CLIENT_ID_LEN: usize = 256;
const MAX_SECRET_LEN: usize = 1024;

/// Who is calling, as far as authorization decisions go.
#[derive(Clone, Debug, PartialEq)]
pub struct Principal {
    /// Stable caller identity for binding (confirmation tokens, request state, audit):
    /// jwt/oidc `"jwt:<iss>:<azp|client_id|appid|aud>:<sub>"`; api-key `"api-key:<32 hex>"`
    /// (a hash of the key); zscaler `"zscaler:<client id>"`; platform trust
    /// [`PLATFORM_PRINCIPAL`]. Every component taken from the caller is percent-encoded
    /// (`%`, `:` and anything outside visible ASCII become `%XX`), and each mode has its own
    /// prefix, so two different callers never share an id, within a mode or across modes.
    pub id: String,
    /// From the `scope` (space-separated) and `scp` (array or string) claims; empty for
    /// api-key and zscaler callers.
    pub scopes: Vec<String>,
    /// jwt/oidc: the token carries `ZSCALER_MCP_AUTH_WRITE_SCOPE` (default `zscaler.write`).
    /// api-key, zscaler and platform callers: true (operator-trusted).
    pub can_write: bool,
    /// `None`: every toolset. jwt/oidc with `ZSCALER_MCP_AUTH_TOOLSET_SCOPES` set: the union
    /// of the toolsets granted by the caller's scopes (possibly empty: no tools).
    pub allowed_toolsets: Option<Vec<String>>,
    /// jwt/oidc: the string values of the tenant claim (`ZSCALER_MCP_TENANT_CLAIM`), as the
    /// token carries them; the HTTP entry resolves them into `tenants`.
    pub claimed_tenants: Vec<String>,
    /// The tenants this caller may act on; `None`: single-tenant (no `ZSCALER_MCP_TENANTS`).
    pub tenants: Option<Vec<String>>,
}

impl Principal {
    /// The principal to use when authentication is disabled or on stdio: `"anonymous"`,
    /// no scopes, writes governed by layer 1 alone, every toolset.
    pub fn unauthenticated() -> Principal {
        Principal {
            id: "anonymous".to_string(),
            scopes: Vec::new(),
            can_write: true,
            allowed_toolsets: None,
            claimed_tenants: Vec::new(),
            tenants: None,
        }
    }

    fn operator_trusted(id: String) -> Principal {
        Principal {
            id,
            scopes: Vec::new(),
            can_write: true,
            allowed_toolsets: None,
            claimed_tenants: Vec::new(),
            tenants: None,
        }
    }

    /// Whether the caller may use tools of `toolset`.
    pub fn may_use_toolset(&self, toolset: &str) -> bool {
        self.allowed_toolsets
            .as_ref()
            .is_none_or(|sets| sets.iter().any(|s| s == toolset))
    }
}

/// A refused request. Send `status`, the `WWW-Authenticate` header (when not empty) and a
/// JSON-RPC error (code -32001) whose message is `message`.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthRejection {
    /// 401 (jwt/oidc: no or bad token), 403 (jwt/oidc: a valid token lacking a required
    /// scope or, for a write tool, the write scope; api-key and zscaler: no or bad
    /// credential, deliberately not 401, see the module documentation), 429 (zscaler: too
    /// many credential checks) or 503 (the identity provider / ZIdentity could not be
    /// reached: not the caller's fault).
    pub status: u16,
    /// The challenge. Empty (send no header) for 429, 503 and every api-key / zscaler
    /// rejection.
    pub www_authenticate: String,
    /// `"Unauthorized: <reason>"` (401), `"Forbidden: <reason>"` (403),
    /// `"Too many requests: <reason>"` (429) or `"Service unavailable: <reason>"` (503).
    /// Never contains the credential.
    pub message: String,
    /// 429: send `Retry-After` with this many seconds.
    pub retry_after_secs: Option<u64>,
}

impl AuthRejection {
    fn unauthorized(www_authenticate: String, reason: &str) -> AuthRejection {
        AuthRejection {
            status: 401,
            www_authenticate,
            message: format!("Unauthorized: {reason}"),
            retry_after_secs: None,
        }
    }

    /// api-key / zscaler refusals: 403 and no challenge, so that no MCP client mistakes them
    /// for an OAuth resource server's 401 and the reason reaches the user.
    fn refused(reason: &str) -> AuthRejection {
        AuthRejection {
            status: 403,
            www_authenticate: String::new(),
            message: format!("Forbidden: {reason}"),
            retry_after_secs: None,
        }
    }

    fn unavailable(reason: &str) -> AuthRejection {
        AuthRejection {
            status: 503,
            www_authenticate: String::new(),
            message: format!("Service unavailable: {reason}"),
            retry_after_secs: None,
        }
    }

    fn too_many(reason: &str, wait: std::time::Duration) -> AuthRejection {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let secs = secs.max(1);
        AuthRejection {
            status: 429,
            www_authenticate: String::new(),
            message: format!("Too many requests: {reason}; retry after {secs} s"),
            retry_after_secs: Some(secs),
        }
    }
}

/// RFC 9728 metadata URL for a resource: the well-known path inserted before the resource
/// path. `https://host/mcp` → `https://host/.well-known/oauth-protected-resource/mcp`;
/// `https://host` → `https://host/.well-known/oauth-protected-resource`.
pub fn protected_resource_metadata_url(resource_url: &str) -> String {
    let (origin, path) = url_parts(resource_url).unwrap_or((resource_url, ""));
    let path = path.trim_end_matches('/');
    format!("{origin}/.well-known/oauth-protected-resource{path}")
}

/// Whether the host part of a request's resource URL may make that URL an accepted token
/// audience (see [`Authenticator::authenticate_at`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceHost {
    /// The Host was named by the operator: an exact `ZSCALER_MCP_ALLOWED_HOSTS` entry
    /// (`host`, `host:port`, `host:*`), the bind address by default, or the domain the API
    /// Gateway request context reports. The canonical resource URL is accepted as `aud`.
    Pinned,
    /// The Host passed only a pattern (`*`, `*.domain`) or host validation is off, so the
    /// caller chose it. A token issued for that URL may be a token for another resource
    /// (another MCP server of the same issuer, replayed here with its Host), so only the
    /// configured audiences are accepted (oidc mode is unaffected: its resource comes from
    /// `OIDCPROXY_BASE_URL`, never from the Host).
    Unverified,
}

enum Backend {
    Token(Box<TokenVerifier>),
    ApiKey(Vec<ApiKeyEntry>),
    Zscaler(Box<OneApiVerifier>),
}

struct Inner {
    mode: AuthMode,
    trust_platform: bool,
    backend: Backend,
    /// oidc-proxy mode: the authorization server facade, which also verifies its tokens.
    proxy: Option<proxy::OidcProxy>,
}

/// Authenticates HTTP requests. Built once per process (no network I/O: JWKS, discovery and
/// ZIdentity are contacted lazily); cheap to clone.
#[derive(Clone)]
pub struct Authenticator {
    inner: Arc<Inner>,
}

enum Credential<'a> {
    Absent,
    /// An Authorization header with another scheme than the one expected.
    WrongScheme,
    Malformed,
    Present(&'a str),
}

/// The one value of a header; `Err` when it appears more than once or is not visible ASCII.
fn single_header<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, ()> {
    let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
        return Err(());
    };
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (None, _) => Ok(None),
        (Some(v), None) => v.to_str().map(|s| Some(s.trim())).map_err(|_| ()),
        (Some(_), Some(_)) => Err(()),
    }
}

/// `Authorization: <scheme> <credential>` with a case-insensitive scheme.
fn authorization_value<'a>(headers: &'a HeaderMap, scheme: &str) -> Credential<'a> {
    let value = match single_header(headers, AUTHORIZATION.as_str()) {
        Err(()) => return Credential::Malformed,
        Ok(None) => return Credential::Absent,
        Ok(Some(v)) => v,
    };
    let (given, rest) = value.split_once(' ').unwrap_or((value, ""));
    if !given.eq_ignore_ascii_case(scheme) {
        return Credential::WrongScheme;
    }
    let credential = rest.trim();
    if credential.is_empty() || credential.contains(char::is_whitespace) {
        return Credential::Malformed;
    }
    Credential::Present(credential)
}

impl Authenticator {
    pub fn new(settings: AuthSettings) -> Authenticator {
        let AuthSettings {
            mode,
            kind,
            trust_platform,
            key_refetch_interval,
            http_timeout,
            proxy: proxy_settings,
        } = settings;
        if trust_platform {
            tracing::warn!(
                mode = %mode,
                "SECURITY: ZSCALER_MCP_TRUST_PLATFORM_AUTH is on: requests WITHOUT credentials \
                 are accepted as {PLATFORM_PRINCIPAL}. Only safe behind a platform that has \
                 already authenticated every caller (Bedrock AgentCore Runtime)"
            );
        }
        let proxy = match (&kind, proxy_settings) {
            (ModeSettings::Token(t), Some(p)) => Some(proxy::OidcProxy::new(
                *p,
                (**t).clone(),
                http_timeout,
                key_refetch_interval,
            )),
            _ => None,
        };
        let backend = match kind {
            ModeSettings::Token(t) => Backend::Token(Box::new(TokenVerifier::new(
                *t,
                http_timeout,
                key_refetch_interval,
            ))),
            ModeSettings::ApiKey(keys) => Backend::ApiKey(keys),
            ModeSettings::Zscaler { token_url } => {
                Backend::Zscaler(Box::new(OneApiVerifier::new(token_url, http_timeout)))
            }
        };
        tracing::info!(mode = %mode, "client authentication enabled");
        Authenticator {
            inner: Arc::new(Inner {
                mode,
                trust_platform,
                backend,
                proxy,
            }),
        }
    }

    /// The OIDC proxy (oidc-proxy mode): serve [`proxy::OidcProxy::owns`] paths with it.
    pub fn proxy(&self) -> Option<&proxy::OidcProxy> {
        self.inner.proxy.as_ref()
    }

    /// Replaces the OIDC proxy's clock (tests of expiry). Call before cloning.
    pub fn with_proxy_clock(mut self, clock: fn() -> u64) -> Authenticator {
        if let Some(p) = Arc::get_mut(&mut self.inner).and_then(|i| i.proxy.as_mut()) {
            p.set_clock(clock);
        }
        self
    }

    pub fn mode(&self) -> AuthMode {
        self.inner.mode
    }

    pub fn trusts_platform(&self) -> bool {
        self.inner.trust_platform
    }

    /// The canonical resource identifier for a request whose MCP URL is `resource_url`
    /// (e.g. `https://host/mcp`): in oidc mode `OIDCPROXY_BASE_URL` wins (when it has no
    /// path, the request's path is appended); otherwise `resource_url` without query or
    /// fragment. Normalized (lower-case scheme and host, no default port, no trailing `/`)
    /// when it parses, so `/mcp/` and `/mcp` are one resource and the metadata, the
    /// challenges and the audience check all use the same string.
    pub fn resource(&self, resource_url: &str) -> String {
        if let Some(p) = &self.inner.proxy {
            return p.resource();
        }
        let (origin, path) = url_parts(resource_url).unwrap_or((resource_url, ""));
        let raw = match self.public_base_url() {
            Some(base) => match url_parts(base) {
                Some((base_origin, "")) => format!("{base_origin}{path}"),
                _ => base.to_string(),
            },
            None => format!("{origin}{path}"),
        };
        canonical_resource(&raw).unwrap_or(raw)
    }

    fn public_base_url(&self) -> Option<&str> {
        match &self.inner.backend {
            Backend::Token(v) => v.settings().public_base_url.as_deref(),
            _ => None,
        }
    }

    /// Authenticates one request from its headers. `resource_url` is the MCP URL of this
    /// server as the client reached it (e.g. `https://host/mcp`), built from a Host the
    /// operator named ([`ResourceHost::Pinned`]; use [`Self::authenticate_at`] otherwise):
    /// its canonical form ([`Self::resource`]) is an accepted token audience and feeds the
    /// `resource_metadata` parameter of jwt/oidc challenges
    /// ([`protected_resource_metadata_url`]). Never logs or returns the credential.
    ///
    /// Without the caller's address, zscaler mode limits its upstream checks per client id
    /// and per process only; [`Self::authenticate_from`] adds the per-source limit.
    pub async fn authenticate(
        &self,
        headers: &HeaderMap,
        resource_url: &str,
    ) -> Result<Principal, AuthRejection> {
        self.authenticate_from(headers, resource_url, None).await
    }

    /// [`Self::authenticate`] for a caller whose address the platform reported (socket
    /// peer, API Gateway `sourceIp`, or the trusted `X-Forwarded-For` entry): zscaler mode
    /// also limits upstream credential checks per source network ([`CHECKS_PER_SOURCE`]).
    pub async fn authenticate_from(
        &self,
        headers: &HeaderMap,
        resource_url: &str,
        source: Option<std::net::IpAddr>,
    ) -> Result<Principal, AuthRejection> {
        self.authenticate_at(headers, resource_url, ResourceHost::Pinned, source)
            .await
    }

    /// [`Self::authenticate_from`], saying whether the host of `resource_url` was named by
    /// the operator. Only then is the request's canonical resource URI accepted as a token
    /// audience in jwt mode: a Host that passed a wildcard was chosen by the caller.
    pub async fn authenticate_at(
        &self,
        headers: &HeaderMap,
        resource_url: &str,
        host: ResourceHost,
        source: Option<std::net::IpAddr>,
    ) -> Result<Principal, AuthRejection> {
        let result = match &self.inner.backend {
            Backend::Token(v) => self.token_auth(v, headers, resource_url, host).await,
            Backend::ApiKey(keys) => self.api_key_auth(keys, headers),
            Backend::Zscaler(v) => self.zscaler_auth(v, headers, source).await,
        };
        match &result {
            Ok(p) => tracing::debug!(principal = %p.id, "client authenticated"),
            Err(r) => tracing::info!(
                mode = %self.inner.mode,
                status = r.status,
                reason = %r.message,
                "client authentication failed"
            ),
        }
        result
    }

    fn bearer_challenge(
        &self,
        v: &TokenVerifier,
        resource_url: &str,
        error: Option<(&str, &str)>,
    ) -> String {
        let prm = protected_resource_metadata_url(&self.resource(resource_url));
        let mut params: Vec<String> = Vec::new();
        if let Some((code, description)) = error {
            params.push(format!("error={}", quote(code)));
            params.push(format!("error_description={}", quote(description)));
        }
        params.push(format!(
            "scope={}",
            quote(&minimum_scopes(v.settings()).join(" "))
        ));
        params.push(format!("resource_metadata={}", quote(&prm)));
        format!("Bearer {}", params.join(", "))
    }

    /// The 403 step-up answer for a jwt/oidc caller that called a write tool without the
    /// write scope (MCP authorization, "Scope Challenge Handling"): `insufficient_scope`
    /// naming the minimum scopes plus the write scope, so that a client that replaces its
    /// scopes with the challenge's still reads afterwards. `None` in api-key and zscaler
    /// modes (their callers may always write; layer 1 decides).
    pub fn write_scope_challenge(&self, resource_url: &str, tool: &str) -> Option<AuthRejection> {
        let Backend::Token(v) = &self.inner.backend else {
            return None;
        };
        let s = v.settings();
        let mut scopes = minimum_scopes(s);
        if !scopes.contains(&s.write_scope) {
            scopes.push(s.write_scope.clone());
        }
        let prm = protected_resource_metadata_url(&self.resource(resource_url));
        Some(AuthRejection {
            status: 403,
            www_authenticate: format!(
                "Bearer error=\"insufficient_scope\", scope={}, resource_metadata={}",
                quote(&scopes.join(" ")),
                quote(&prm),
            ),
            message: format!(
                "Forbidden: {tool} is a write tool and the token lacks the {} scope; \
                 authorize again with scope \"{}\"",
                s.write_scope,
                scopes.join(" ")
            ),
            retry_after_secs: None,
        })
    }

    async fn token_auth(
        &self,
        v: &TokenVerifier,
        headers: &HeaderMap,
        resource_url: &str,
        host: ResourceHost,
    ) -> Result<Principal, AuthRejection> {
        let invalid = |reason: &str| {
            AuthRejection::unauthorized(
                self.bearer_challenge(v, resource_url, Some(("invalid_token", reason))),
                reason,
            )
        };
        let token = match authorization_value(headers, "Bearer") {
            Credential::Present(t) => t,
            Credential::Absent => {
                return Err(AuthRejection::unauthorized(
                    self.bearer_challenge(v, resource_url, None),
                    "missing bearer token",
                ))
            }
            Credential::WrongScheme => {
                return Err(AuthRejection::unauthorized(
                    self.bearer_challenge(v, resource_url, None),
                    "expected a Bearer token in the Authorization header",
                ))
            }
            Credential::Malformed => return Err(invalid("malformed Authorization header")),
        };
        // The request's canonical resource is an accepted audience only when nobody but
        // the operator chose it: from OIDCPROXY_BASE_URL, or from a Host the allowlist
        // accepted by name (the guard runs before authentication, so `resource_url` never
        // carries a Host it refused). A wildcard-accepted Host would let the holder of a
        // token for another resource (say, another MCP server trusting the same issuer)
        // replay it here by sending that resource's host.
        let resource = self.resource(resource_url);
        let audience = (host == ResourceHost::Pinned || self.public_base_url().is_some())
            .then_some(resource.as_str());
        let verified = match &self.inner.proxy {
            Some(p) => p.verify_access_fresh(token).await,
            None => v.verify(token, audience).await,
        };
        match verified {
            Ok(p) => Ok(p),
            Err(TokenError::Invalid(reason)) => Err(invalid(reason)),
            Err(TokenError::Unavailable(reason)) => Err(AuthRejection::unavailable(reason)),
            Err(TokenError::InsufficientScope(missing)) => {
                let prm = protected_resource_metadata_url(&self.resource(resource_url));
                let needed = minimum_scopes(v.settings()).join(" ");
                Err(AuthRejection {
                    status: 403,
                    www_authenticate: format!(
                        "Bearer error=\"insufficient_scope\", scope={}, resource_metadata={}, error_description={}",
                        quote(&needed),
                        quote(&prm),
                        quote("the token lacks a required scope"),
                    ),
                    message: format!(
                        "Forbidden: the token lacks required scope(s): {}",
                        missing.join(" ")
                    ),
                    retry_after_secs: None,
                })
            }
        }
    }

    fn api_key_auth(
        &self,
        keys: &[ApiKeyEntry],
        headers: &HeaderMap,
    ) -> Result<Principal, AuthRejection> {
        // 403 without a challenge (not 401 + `Bearer`): see the module documentation.
        let refuse = |reason: &str| Err(AuthRejection::refused(reason));
        // An Authorization header decides alone: X-Api-Key does not rescue a non-Bearer one.
        let presented = match authorization_value(headers, "Bearer") {
            Credential::Present(k) => Some(k),
            Credential::WrongScheme => {
                return refuse("the Authorization header must use the Bearer scheme")
            }
            Credential::Malformed => return refuse("malformed Authorization header"),
            Credential::Absent => match single_header(headers, X_API_KEY) {
                Ok(Some(k)) if !k.is_empty() => Some(k),
                Ok(_) => None,
                Err(()) => return refuse("malformed X-Api-Key header"),
            },
        };
        let Some(presented) = presented else {
            if self.inner.trust_platform {
                return Ok(Principal::operator_trusted(PLATFORM_PRINCIPAL.to_string()));
            }
            return refuse(
                "missing API key (send it as X-Api-Key: <key> or Authorization: Bearer <key>)",
            );
        };
        // Compare digests against every key, without stopping at the first match.
        let digest = sha256(presented.as_bytes());
        let mut matched: Option<&ApiKeyEntry> = None;
        for entry in keys {
            if digests_equal(&digest, &entry.digest) && matched.is_none() {
                matched = Some(entry);
            }
        }
        match matched {
            Some(entry) => Ok(Principal::operator_trusted(entry.principal.clone())),
            None => refuse("invalid API key"),
        }
    }

    async fn zscaler_auth(
        &self,
        v: &OneApiVerifier,
        headers: &HeaderMap,
        source: Option<std::net::IpAddr>,
    ) -> Result<Principal, AuthRejection> {
        // 403 without a challenge (not 401 + `Basic`): see the module documentation.
        let reject = AuthRejection::refused;
        let id_header = single_header(headers, X_CLIENT_ID)
            .map_err(|()| reject("malformed X-Zscaler-Client-ID header"))?;
        let secret_header = single_header(headers, X_CLIENT_SECRET)
            .map_err(|()| reject("malformed X-Zscaler-Client-Secret header"))?;
        let basic;
        let (client_id, secret): (&str, &str) = match (id_header, secret_header) {
            (Some(id), Some(secret)) => (id, secret),
            (Some(_), None) | (None, Some(_)) => {
                return Err(reject(
                    "both X-Zscaler-Client-ID and X-Zscaler-Client-Secret are required",
                ))
            }
            (None, None) => match authorization_value(headers, "Basic") {
                Credential::Present(encoded) => {
                    basic = base64::engine::general_purpose::STANDARD
                        .decode(encoded)
                        .ok()
                        .and_then(|bytes| String::from_utf8(bytes).ok())
                        .ok_or_else(|| reject("malformed Basic credentials"))?;
                    basic
                        .split_once(':')
                        .ok_or_else(|| reject("malformed Basic credentials"))?
                }
                Credential::Absent => {
                    if self.inner.trust_platform {
                        return Ok(Principal::operator_trusted(PLATFORM_PRINCIPAL.to_string()));
                    }
                    return Err(reject("missing OneAPI client credentials"));
                }
                Credential::WrongScheme => {
                    return Err(reject(
                        "expected OneAPI client credentials (Basic, or X-Zscaler-Client-ID and X-Zscaler-Client-Secret)",
                    ))
                }
                Credential::Malformed => return Err(reject("malformed Authorization header")),
            },
        };
        if client_id.is_empty()
            || secret.is_empty()
            || client_id.len() > MAX_CLIENT_ID_LEN
            || secret.len() > MAX_SECRET_LEN
            || client_id.chars().any(|c| c.is_control())
        {
            return Err(reject("malformed OneAPI client credentials"));
        }
        match v.verify(client_id, secret, source).await {
            Ok(()) => Ok(Principal::operator_trusted(format!(
                "zscaler:{}",
                principal_component(client_id)
            ))),
            Err(OneApiError::Invalid) => Err(reject("Invalid OneAPI credentials")),
            Err(OneApiError::Unavailable) => Err(AuthRejection::unavailable(
                "could not verify OneAPI credentials with ZIdentity",
            )),
            Err(OneApiError::Limited(scope, wait)) => Err(AuthRejection::too_many(
                match scope {
                    LimitScope::ClientId => "too many OneAPI credential checks for this client id",
                    LimitScope::Source => "too many OneAPI credential checks from this address",
                    LimitScope::Process => "too many OneAPI credential checks on this server",
                },
                wait,
            )),
        }
    }

    /// RFC 9728 protected-resource metadata for jwt and oidc modes (`None` otherwise), for
    /// the resource reached at `resource_url` (see [`Self::resource`]). Serve it at
    /// [`protected_resource_metadata_url`] of that resource. In oidc mode the issuer is the
    /// discovered one once discovery has run, else the one the discovery URL implies; use
    /// [`Self::protected_resource_metadata_discovered`] to run discovery first.
    pub fn protected_resource_metadata(&self, resource_url: &str) -> Option<Value> {
        let Backend::Token(v) = &self.inner.backend else {
            return None;
        };
        let s = v.settings();
        // The minimum first (read scope, required scopes), then the write scope and the
        // toolset scopes. Clients take the 401's `scope=` over this list, so a read-only
        // client does not ask for write access.
        let mut scopes = minimum_scopes(s);
        let candidates = std::iter::once(&s.write_scope)
            .chain(s.toolset_scopes.iter().flatten().map(|g| &g.scope));
        for scope in candidates {
            if !scopes.contains(scope) {
                scopes.push(scope.clone());
            }
        }
        let authorization_server = match &self.inner.proxy {
            Some(p) => p.issuer().to_string(),
            None => v.authorization_server(),
        };
        Some(json!({
            "resource": self.resource(resource_url),
            "authorization_servers": [authorization_server],
            "scopes_supported": scopes,
            "bearer_methods_supported": ["header"],
            "resource_name": "Zscaler MCP Server",
        }))
    }

    /// [`Self::protected_resource_metadata`] after attempting OIDC discovery (oidc mode), so
    /// the advertised issuer is spelled exactly as the provider spells it.
    pub async fn protected_resource_metadata_discovered(
        &self,
        resource_url: &str,
    ) -> Option<Value> {
        if let (Backend::Token(v), None) = (&self.inner.backend, &self.inner.proxy) {
            let _ = v.discover().await;
        }
        self.protected_resource_metadata(resource_url)
    }
}

/// The scopes a client should ask for to use this server at all: the read scope, then
/// the required scopes (deduplicated). Named by every 401 challenge.
fn minimum_scopes(s: &settings::TokenSettings) -> Vec<String> {
    let mut scopes = vec![s.read_scope.clone()];
    for scope in &s.required_scopes {
        if !scopes.contains(scope) {
            scopes.push(scope.clone());
        }
    }
    scopes
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("mode", &self.inner.mode)
            .field("trust_platform", &self.inner.trust_platform)
            .finish_non_exhaustive()
    }
}
