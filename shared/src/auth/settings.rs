//! Parsing of the client-authentication settings (python-server-compat.md §1c names).
//!
//! Every misconfiguration is a [`ConfigError`] naming the setting: the server refuses to start
//! rather than serve without the authentication the operator asked for.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use jsonwebtoken::{Algorithm, AlgorithmFamily};

use super::util::{is_http_url, is_loopback_url, sha256, to_hex, url_parts};
use crate::confirm::KeyRing;
use crate::env::{ConfigError, Vars};
use crate::zscaler::settings::cloud_endpoints;

pub const ENABLED: &str = "ZSCALER_MCP_AUTH_ENABLED";
pub const MODE: &str = "ZSCALER_MCP_AUTH_MODE";
pub const JWKS_URI: &str = "ZSCALER_MCP_AUTH_JWKS_URI";
pub const ISSUER: &str = "ZSCALER_MCP_AUTH_ISSUER";
pub const AUDIENCE: &str = "ZSCALER_MCP_AUTH_AUDIENCE";
pub const ALGORITHMS: &str = "ZSCALER_MCP_AUTH_ALGORITHMS";
pub const COGNITO_CLIENT_IDS: &str = "ZSCALER_MCP_AUTH_COGNITO_CLIENT_IDS";
pub const REQUIRED_SCOPES: &str = "ZSCALER_MCP_AUTH_REQUIRED_SCOPES";
pub const WRITE_SCOPE: &str = "ZSCALER_MCP_AUTH_WRITE_SCOPE";
pub const READ_SCOPE: &str = "ZSCALER_MCP_AUTH_READ_SCOPE";
pub const TOOLSET_SCOPES: &str = "ZSCALER_MCP_AUTH_TOOLSET_SCOPES";
pub const API_KEY: &str = "ZSCALER_MCP_AUTH_API_KEY";
pub const TRUST_PLATFORM: &str = "ZSCALER_MCP_TRUST_PLATFORM_AUTH";
pub const TOKEN_URL: &str = "ZSCALER_MCP_TOKEN_URL";
pub const VANITY_DOMAIN: &str = "ZSCALER_VANITY_DOMAIN";
pub const CLOUD: &str = "ZSCALER_CLOUD";
pub const OIDC_CONFIG_URL: &str = "OIDCPROXY_CONFIG_URL";
pub const OIDC_BASE_URL: &str = "OIDCPROXY_BASE_URL";
pub const OIDC_AUDIENCE: &str = "OIDCPROXY_AUDIENCE";
pub const OIDC_CLIENT_ID: &str = "OIDCPROXY_CLIENT_ID";
pub const OIDC_REQUIRED_SCOPES: &str = "OIDCPROXY_REQUIRED_SCOPES";
pub const OIDC_CLIENT_SECRET: &str = "OIDCPROXY_CLIENT_SECRET";
/// Test-only: client ID metadata documents may be fetched from loopback addresses.
pub const OIDC_PROXY_ALLOW_LOOPBACK: &str = "OIDCPROXY_ALLOW_LOOPBACK_CLIENT_METADATA";
/// The shared key ring (also read by `config`): the proxy seals its state with it.
pub const KEY_RING: &str = "ZSCALER_MCP_REQUEST_STATE_KEYS";
/// Set by the Lambda runtime: proxy mode then needs https and a shared key ring.
const LAMBDA_MARKER: &str = "AWS_LAMBDA_FUNCTION_NAME";

/// Every variable the auth layer reads (merge into `config::ENV_VARS`).
pub const AUTH_ENV_VARS: &[&str] = &[
    ENABLED,
    MODE,
    JWKS_URI,
    ISSUER,
    AUDIENCE,
    ALGORITHMS,
    COGNITO_CLIENT_IDS,
    REQUIRED_SCOPES,
    WRITE_SCOPE,
    READ_SCOPE,
    TOOLSET_SCOPES,
    API_KEY,
    TRUST_PLATFORM,
    TOKEN_URL,
    VANITY_DOMAIN,
    CLOUD,
    OIDC_CONFIG_URL,
    OIDC_BASE_URL,
    OIDC_AUDIENCE,
    OIDC_CLIENT_ID,
    OIDC_REQUIRED_SCOPES,
    OIDC_CLIENT_SECRET,
    OIDC_PROXY_ALLOW_LOOPBACK,
];

const DEFAULT_AUDIENCE: &str = "zscaler-mcp-server";
const DEFAULT_ALGORITHMS: [Algorithm; 2] = [Algorithm::RS256, Algorithm::ES256];
const DEFAULT_WRITE_SCOPE: &str = "zscaler.write";
const DEFAULT_READ_SCOPE: &str = "zscaler.read";
/// Shortest accepted API key: anything shorter is guessable.
pub const MIN_API_KEY_LEN: usize = 16;
const API_KEY_PRINCIPAL_PREFIX: &str = "zscaler-mcp/api-key-principal/v1:";

/// How HTTP callers prove who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthMode {
    /// Bearer JWT checked against a JWKS, issuer, audience and algorithm allowlist.
    Jwt,
    /// A static API key (`Authorization: Bearer <key>` or `X-Api-Key`).
    ApiKey,
    /// The caller presents OneAPI client credentials, verified against ZIdentity.
    Zscaler,
    /// Protected resource in front of an OIDC provider (discovery → issuer + JWKS).
    Oidc,
    /// OAuth 2.1 authorization server facade ("OIDC proxy") in front of an OIDC provider
    /// without dynamic client registration; the server issues and verifies its own tokens.
    OidcProxy,
}

impl AuthMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::Jwt => "jwt",
            AuthMode::ApiKey => "api-key",
            AuthMode::Zscaler => "zscaler",
            AuthMode::Oidc => "oidc",
            AuthMode::OidcProxy => "oidc-proxy",
        }
    }
}

impl fmt::Display for AuthMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parsed client-authentication configuration. Holds no credential in clear text: API keys
/// are kept only as SHA-256 digests.
#[derive(Clone)]
pub struct AuthSettings {
    pub(super) mode: AuthMode,
    pub(super) kind: ModeSettings,
    pub(super) trust_platform: bool,
    pub(super) key_refetch_interval: Duration,
    pub(super) http_timeout: Duration,
    /// oidc-proxy mode only.
    pub(super) proxy: Option<Box<ProxySettings>>,
}

/// The OIDC proxy's own settings (oidc-proxy mode). The upstream client secret is kept
/// here and never printed.
#[derive(Clone)]
pub(super) struct ProxySettings {
    /// The proxy's issuer and the root of its endpoints (`OIDCPROXY_BASE_URL`, no trailing
    /// `/`); the MCP resource is `<base>/mcp`.
    pub base_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub ring: KeyRing,
    pub allow_loopback_metadata: bool,
}

#[derive(Clone)]
pub(super) enum ModeSettings {
    Token(Box<TokenSettings>),
    ApiKey(Vec<ApiKeyEntry>),
    Zscaler { token_url: String },
}

#[derive(Clone)]
pub(super) struct TokenSettings {
    pub source: KeySource,
    pub audiences: Vec<String>,
    pub algorithms: Vec<Algorithm>,
    pub cognito_client_ids: Vec<String>,
    pub required_scopes: Vec<String>,
    /// The scope clients are told to ask for first (challenges, metadata). Advisory: a
    /// valid token for this resource reads without it, unless the operator also lists it in
    /// the required scopes.
    pub read_scope: String,
    pub write_scope: String,
    /// `None`: every caller may use every toolset.
    pub toolset_scopes: Option<Vec<ToolsetGrant>>,
    pub leeway_secs: u64,
    /// oidc mode: the configured public base URL (`OIDCPROXY_BASE_URL`).
    pub public_base_url: Option<String>,
    /// The claim naming the caller's tenants (`ZSCALER_MCP_TENANT_CLAIM`).
    pub tenant_claim: String,
}

#[derive(Clone, Debug)]
pub(super) struct ToolsetGrant {
    pub scope: String,
    /// `None`: all toolsets.
    pub toolsets: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
pub(super) enum KeySource {
    Jwks {
        jwks_uri: String,
        issuer: String,
    },
    Discovery {
        config_url: String,
        /// The issuer the discovery URL implies (OIDC Discovery §4.3 / RFC 8414 §3).
        expected_issuer: String,
    },
}

#[derive(Clone)]
pub(super) struct ApiKeyEntry {
    pub digest: [u8; 32],
    pub principal: String,
}

impl fmt::Debug for AuthSettings {
    // Nothing secret is stored, but keep the output short and obviously safe.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("AuthSettings");
        d.field("mode", &self.mode)
            .field("trust_platform", &self.trust_platform);
        match &self.kind {
            ModeSettings::Token(t) => {
                d.field("source", &t.source)
                    .field("audiences", &t.audiences)
                    .field("algorithms", &t.algorithms)
                    .field("required_scopes", &t.required_scopes)
                    .field("read_scope", &t.read_scope)
                    .field("write_scope", &t.write_scope);
            }
            ModeSettings::ApiKey(keys) => {
                d.field("api_keys", &format_args!("<{} redacted>", keys.len()));
            }
            ModeSettings::Zscaler { token_url } => {
                d.field("token_url", token_url);
            }
        }
        d.finish()
    }
}

fn err(setting: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        setting,
        problem: problem.into(),
    }
}

fn list(vars: &Vars, key: &str) -> Option<Vec<String>> {
    let items: Vec<String> = vars
        .get(key)?
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (!items.is_empty()).then_some(items)
}

fn flag(vars: &Vars, key: &'static str) -> Result<Option<bool>, ConfigError> {
    match vars.get(key).map(|v| v.to_ascii_lowercase()) {
        None => Ok(None),
        Some(v) if matches!(v.as_str(), "true" | "1" | "yes" | "on") => Ok(Some(true)),
        Some(v) if matches!(v.as_str(), "false" | "0" | "no" | "off") => Ok(Some(false)),
        Some(v) => Err(err(key, format!("expected true or false, got {v:?}"))),
    }
}

/// A URL the server fetches key material from or sends credentials to: https, or plain
/// http only on loopback (local development and tests).
fn fetch_url(vars: &Vars, key: &'static str) -> Result<Option<String>, ConfigError> {
    let Some(v) = vars.get(key) else {
        return Ok(None);
    };
    if v.starts_with("https://") && url_parts(v).is_some() {
        return Ok(Some(v.to_string()));
    }
    if v.starts_with("http://") && is_loopback_url(v) {
        return Ok(Some(v.to_string()));
    }
    Err(err(
        key,
        format!("expected an https URL (plain http only on loopback), got {v:?}"),
    ))
}

fn scope_list(vars: &Vars, key: &'static str) -> Result<Vec<String>, ConfigError> {
    let items = list(vars, key).unwrap_or_default();
    for s in &items {
        if s.chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '\\')
        {
            return Err(err(key, format!("invalid scope {s:?}")));
        }
    }
    Ok(items)
}

fn parse_algorithms(vars: &Vars) -> Result<Vec<Algorithm>, ConfigError> {
    let Some(items) = list(vars, ALGORITHMS) else {
        return Ok(DEFAULT_ALGORITHMS.to_vec());
    };
    let mut out = Vec::new();
    for name in items {
        if name.eq_ignore_ascii_case("none") {
            return Err(err(ALGORITHMS, "none (unsigned tokens) is never accepted"));
        }
        let alg = Algorithm::from_str(&name.to_ascii_uppercase().replace("EDDSA", "EdDSA"))
            .map_err(|_| {
                err(
                    ALGORITHMS,
                    format!("unknown algorithm {name:?} (use RS256, RS384, RS512, PS256, PS384, PS512, ES256 or ES384)"),
                )
            })?;
        match alg.family() {
            AlgorithmFamily::Rsa | AlgorithmFamily::Ec => {}
            AlgorithmFamily::Hmac => {
                return Err(err(
                    ALGORITHMS,
                    format!("{name} is a shared-secret algorithm and is never accepted (use RS*, PS* or ES*)"),
                ))
            }
            AlgorithmFamily::Ed => {
                return Err(err(
                    ALGORITHMS,
                    format!("{name} is not supported (use RS*, PS* or ES*)"),
                ))
            }
        }
        if !out.contains(&alg) {
            out.push(alg);
        }
    }
    Ok(out)
}

/// `scopeA=zia_users|zia_locations;scopeB=all`
fn parse_toolset_scopes(vars: &Vars) -> Result<Option<Vec<ToolsetGrant>>, ConfigError> {
    let Some(raw) = vars.get(TOOLSET_SCOPES) else {
        return Ok(None);
    };
    let mut grants: Vec<ToolsetGrant> = Vec::new();
    for entry in raw.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let Some((scope, sets)) = entry.split_once('=') else {
            return Err(err(
                TOOLSET_SCOPES,
                format!("entry {entry:?} is not scope=toolset|toolset"),
            ));
        };
        let scope = scope.trim();
        if scope.is_empty() || scope.chars().any(|c| c.is_whitespace() || c == '"') {
            return Err(err(TOOLSET_SCOPES, format!("invalid scope in {entry:?}")));
        }
        if grants.iter().any(|g| g.scope == scope) {
            return Err(err(
                TOOLSET_SCOPES,
                format!("scope {scope:?} is listed twice"),
            ));
        }
        let names: Vec<&str> = sets
            .split(['|', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if names.is_empty() {
            return Err(err(
                TOOLSET_SCOPES,
                format!("scope {scope:?} names no toolset"),
            ));
        }
        let toolsets = if names.iter().any(|n| *n == "all" || *n == "*") {
            None
        } else {
            let mut v: Vec<String> = Vec::new();
            for n in names {
                if !crate::catalog::TOOLSETS.contains(&n) {
                    return Err(err(
                        TOOLSET_SCOPES,
                        format!(
                            "unknown toolset {n:?} (run zscaler-mcp --list-tools to see toolsets)"
                        ),
                    ));
                }
                if !v.iter().any(|x| x == n) {
                    v.push(n.to_string());
                }
            }
            Some(v)
        };
        grants.push(ToolsetGrant {
            scope: scope.to_string(),
            toolsets,
        });
    }
    if grants.is_empty() {
        return Err(err(TOOLSET_SCOPES, "no scope=toolsets entries"));
    }
    Ok(Some(grants))
}

/// The issuer an OIDC / OAuth metadata URL implies.
fn issuer_from_config_url(url: &str) -> Option<String> {
    const OIDC: &str = "/.well-known/openid-configuration";
    const OAUTH: &str = "/.well-known/oauth-authorization-server";
    let (origin, path) = url_parts(url)?;
    if let Some(prefix) = path.strip_suffix(OIDC) {
        // https://idp/realm/.well-known/openid-configuration → https://idp/realm
        return Some(format!("{origin}{prefix}"));
    }
    if let Some(rest) = path.strip_prefix(OIDC) {
        // path-inserted form: https://idp/.well-known/openid-configuration/realm
        return Some(format!("{origin}{rest}"));
    }
    if let Some(rest) = path.strip_prefix(OAUTH) {
        return Some(format!("{origin}{rest}"));
    }
    None
}

fn api_key_entry(key: &str) -> ApiKeyEntry {
    let principal_digest = sha256(format!("{API_KEY_PRINCIPAL_PREFIX}{key}").as_bytes());
    ApiKeyEntry {
        digest: sha256(key.as_bytes()),
        principal: format!("api-key:{}", &to_hex(&principal_digest)[..32]),
    }
}

fn reject_scope_settings(vars: &Vars, mode: AuthMode) -> Result<(), ConfigError> {
    for key in [
        REQUIRED_SCOPES,
        TOOLSET_SCOPES,
        WRITE_SCOPE,
        READ_SCOPE,
        OIDC_REQUIRED_SCOPES,
    ] {
        if vars.get(key).is_some() {
            return Err(err(
                key,
                format!("only applies to jwt and oidc modes; {mode} callers carry no scopes"),
            ));
        }
    }
    Ok(())
}

impl AuthSettings {
    /// `None` = authentication disabled (explicit opt-out: `ZSCALER_MCP_AUTH_ENABLED`
    /// false/0/no/off, or `ZSCALER_MCP_AUTH_MODE=none`; a loud warning is logged). Default:
    /// enabled. The mode comes from `ZSCALER_MCP_AUTH_MODE` (jwt | api-key | zscaler | oidc;
    /// aliases oidcproxy, oauth-proxy) or is auto-detected in the Python server's order
    /// (JWKS URI → jwt, API key → api-key, vanity domain → zscaler, else jwt). Any
    /// misconfiguration is an error naming the setting.
    pub fn from_vars(vars: &Vars) -> Result<Option<AuthSettings>, ConfigError> {
        let enabled = flag(vars, ENABLED)?;
        let requested = vars.get(MODE).map(|m| m.to_ascii_lowercase());
        if requested.as_deref() == Some("none") {
            if enabled == Some(true) {
                return Err(err(
                    MODE,
                    "is none, which contradicts ZSCALER_MCP_AUTH_ENABLED=true",
                ));
            }
            tracing::warn!(
                "SECURITY: client authentication is DISABLED (ZSCALER_MCP_AUTH_MODE=none): \
                 anyone who can reach the HTTP endpoint can call the tools"
            );
            return Ok(None);
        }
        if enabled == Some(false) {
            tracing::warn!(
                "SECURITY: client authentication is DISABLED (ZSCALER_MCP_AUTH_ENABLED=false): \
                 anyone who can reach the HTTP endpoint can call the tools"
            );
            return Ok(None);
        }

        let mode = mode(vars, requested.as_deref())?;

        let trust_platform = flag(vars, TRUST_PLATFORM)?.unwrap_or(false);
        if trust_platform && matches!(mode, AuthMode::Jwt | AuthMode::Oidc | AuthMode::OidcProxy) {
            return Err(err(
                TRUST_PLATFORM,
                format!("only applies to api-key and zscaler modes; {mode} mode always verifies the bearer token"),
            ));
        }

        let mut proxy = None;
        let kind = match mode {
            AuthMode::Jwt => ModeSettings::Token(Box::new(Self::jwt(vars)?)),
            AuthMode::OidcProxy => {
                let (token, settings) = Self::oidc_proxy(vars)?;
                proxy = Some(Box::new(settings));
                ModeSettings::Token(Box::new(token))
            }
            AuthMode::Oidc => ModeSettings::Token(Box::new(Self::oidc(vars)?)),
            AuthMode::ApiKey => {
                reject_scope_settings(vars, mode)?;
                ModeSettings::ApiKey(api_keys(vars)?)
            }
            AuthMode::Zscaler => {
                reject_scope_settings(vars, mode)?;
                ModeSettings::Zscaler {
                    token_url: zscaler_token_url(vars)?,
                }
            }
        };

        Ok(Some(AuthSettings {
            mode,
            kind,
            trust_platform,
            key_refetch_interval: Duration::from_secs(60),
            http_timeout: Duration::from_secs(10),
            proxy,
        }))
    }

    fn token_common(
        vars: &Vars,
        source: KeySource,
        audiences: Vec<String>,
        required_scopes: Vec<String>,
        public_base_url: Option<String>,
    ) -> Result<TokenSettings, ConfigError> {
        let write_scope = vars.get(WRITE_SCOPE).unwrap_or(DEFAULT_WRITE_SCOPE);
        let single = |s: &str| {
            !s.is_empty()
                && !s
                    .chars()
                    .any(|c| c.is_whitespace() || c == '"' || c == '\\')
        };
        if !single(write_scope) {
            return Err(err(WRITE_SCOPE, "must be a single scope"));
        }
        let read_scope = vars.get(READ_SCOPE).unwrap_or(DEFAULT_READ_SCOPE);
        if !single(read_scope) {
            return Err(err(READ_SCOPE, "must be a single scope"));
        }
        if read_scope == write_scope {
            return Err(err(
                READ_SCOPE,
                format!("must differ from {WRITE_SCOPE} ({write_scope:?})"),
            ));
        }
        Ok(TokenSettings {
            source,
            audiences,
            algorithms: parse_algorithms(vars)?,
            cognito_client_ids: list(vars, COGNITO_CLIENT_IDS).unwrap_or_default(),
            required_scopes,
            read_scope: read_scope.to_string(),
            write_scope: write_scope.to_string(),
            toolset_scopes: parse_toolset_scopes(vars)?,
            leeway_secs: 30,
            public_base_url,
            tenant_claim: vars
                .get(crate::tenant::TENANT_CLAIM)
                .unwrap_or(crate::tenant::DEFAULT_CLAIM)
                .to_string(),
        })
    }

    fn jwt(vars: &Vars) -> Result<TokenSettings, ConfigError> {
        let jwks_uri = fetch_url(vars, JWKS_URI)?.ok_or_else(|| {
            err(
                JWKS_URI,
                "required in jwt mode (the URL of the token issuer's JSON Web Key Set)",
            )
        })?;
        let issuer = vars
            .get(ISSUER)
            .ok_or_else(|| err(ISSUER, "required in jwt mode (the expected iss claim)"))?;
        if !is_http_url(issuer) {
            return Err(err(
                ISSUER,
                format!("expected the issuer URL, got {issuer:?}"),
            ));
        }
        let audiences = list(vars, AUDIENCE).unwrap_or_else(|| vec![DEFAULT_AUDIENCE.to_string()]);
        let source = KeySource::Jwks {
            jwks_uri,
            issuer: issuer.to_string(),
        };
        let required = scope_list(vars, REQUIRED_SCOPES)?;
        if vars.get(OIDC_REQUIRED_SCOPES).is_some() {
            return Err(err(
                OIDC_REQUIRED_SCOPES,
                "only applies to oidc mode (use ZSCALER_MCP_AUTH_REQUIRED_SCOPES in jwt mode)",
            ));
        }
        Self::token_common(vars, source, audiences, required, None)
    }

    fn oidc(vars: &Vars) -> Result<TokenSettings, ConfigError> {
        let (config_url, expected_issuer) = discovery_url(vars)?;
        let base_url = fetch_url(vars, OIDC_BASE_URL)?.ok_or_else(|| {
            err(
                OIDC_BASE_URL,
                "required in oidc mode (the public base URL of this server)",
            )
        })?;
        if base_url.contains(['?', '#']) {
            return Err(err(OIDC_BASE_URL, "must not contain a query or fragment"));
        }
        let audiences = match (list(vars, OIDC_AUDIENCE), vars.get(OIDC_CLIENT_ID)) {
            (Some(a), _) => a,
            (None, Some(client_id)) => vec![client_id.to_string()],
            (None, None) => {
                return Err(err(
                    OIDC_AUDIENCE,
                    "required in oidc mode (or OIDCPROXY_CLIENT_ID, its default)",
                ))
            }
        };
        if vars.get(OIDC_CLIENT_SECRET).is_some() {
            tracing::info!(
                "OIDCPROXY_CLIENT_SECRET is set but unused: oidc mode only validates tokens"
            );
        }
        let required = oidc_required_scopes(vars)?;
        let source = KeySource::Discovery {
            config_url,
            expected_issuer,
        };
        Self::token_common(
            vars,
            source,
            audiences,
            required,
            Some(base_url.trim_end_matches('/').to_string()),
        )
    }

    /// oidc-proxy mode: the upstream provider's discovery URL, our public base URL (https,
    /// or http on loopback off Lambda), the one pre-registered client and its secret, and a
    /// key ring every instance shares (a per-process ring only off Lambda).
    fn oidc_proxy(vars: &Vars) -> Result<(TokenSettings, ProxySettings), ConfigError> {
        let on_lambda = vars.get(LAMBDA_MARKER).is_some();
        let (config_url, expected_issuer) = discovery_url(vars)?;
        let base_url = proxy_base_url(vars, on_lambda)?;
        let client_id = vars.get(OIDC_CLIENT_ID).ok_or_else(|| {
            err(
                OIDC_CLIENT_ID,
                "required in oidc-proxy mode (the client registered at the provider)",
            )
        })?;
        let client_secret = vars.get(OIDC_CLIENT_SECRET).ok_or_else(|| {
            err(
                OIDC_CLIENT_SECRET,
                "required in oidc-proxy mode (the registered client's secret; on Lambda put it in the ZSCALER_SECRET_NAME secret)",
            )
        })?;
        if vars.get(OIDC_AUDIENCE).is_some() {
            return Err(err(
                OIDC_AUDIENCE,
                "does not apply to oidc-proxy mode (the proxy's tokens name <OIDCPROXY_BASE_URL>/mcp)",
            ));
        }
        let ring = proxy_key_ring(vars, on_lambda)?;
        let allow_loopback_metadata = flag(vars, OIDC_PROXY_ALLOW_LOOPBACK)?.unwrap_or(false);
        if allow_loopback_metadata && on_lambda {
            return Err(err(
                OIDC_PROXY_ALLOW_LOOPBACK,
                "is for local tests only and is refused on Lambda",
            ));
        }
        let required = oidc_required_scopes(vars)?;
        let source = KeySource::Discovery {
            config_url,
            expected_issuer,
        };
        // The audiences are those of the provider's id_token (our client id): the proxy
        // verifies id_tokens with them; MCP clients' tokens are the proxy's own.
        let token = Self::token_common(
            vars,
            source,
            vec![client_id.to_string()],
            required,
            Some(base_url.clone()),
        )?;
        let proxy = ProxySettings {
            base_url,
            client_id: client_id.to_string(),
            client_secret: client_secret.to_string(),
            ring,
            allow_loopback_metadata,
        };
        Ok((token, proxy))
    }

    pub fn mode(&self) -> AuthMode {
        self.mode
    }

    /// `ZSCALER_MCP_TRUST_PLATFORM_AUTH`: requests without any credential are accepted
    /// (api-key and zscaler modes only).
    pub fn trusts_platform(&self) -> bool {
        self.trust_platform
    }

    /// Minimum time between two JWKS refetches caused by an unknown `kid` (default 60 s).
    /// For tests and tuning; the environment does not set it.
    pub fn with_key_refetch_interval(mut self, interval: Duration) -> AuthSettings {
        self.key_refetch_interval = interval;
        self
    }

    /// Timeout of each outbound call (JWKS, discovery, ZIdentity; default 10 s).
    pub fn with_http_timeout(mut self, timeout: Duration) -> AuthSettings {
        self.http_timeout = timeout;
        self
    }
}

/// The mode asked for by `ZSCALER_MCP_AUTH_MODE`, or detected from the settings present.
fn mode(vars: &Vars, requested: Option<&str>) -> Result<AuthMode, ConfigError> {
    Ok(match requested {
        Some("jwt") => AuthMode::Jwt,
        Some("api-key") | Some("apikey") | Some("api_key") => AuthMode::ApiKey,
        Some("zscaler") | Some("oneapi") => AuthMode::Zscaler,
        // The Python 0.15 aliases keep meaning the protected resource (`oidc`); the
        // proxy has a name of its own so that no existing configuration changes meaning.
        Some("oidc") | Some("oidcproxy") | Some("oauth-proxy") => AuthMode::Oidc,
        Some("oidc-proxy") | Some("oidc_proxy") => AuthMode::OidcProxy,
        Some(other) => {
            return Err(err(
                MODE,
                format!(
                    "unknown mode {other:?} (use jwt, api-key, zscaler, oidc, oidc-proxy or none)"
                ),
            ))
        }
        None => {
            let detected = if vars.get(JWKS_URI).is_some() {
                AuthMode::Jwt
            } else if vars.get(API_KEY).is_some() {
                AuthMode::ApiKey
            } else if vars.get(VANITY_DOMAIN).is_some() {
                AuthMode::Zscaler
            } else {
                AuthMode::Jwt
            };
            tracing::info!(mode = %detected, "client authentication mode auto-detected");
            detected
        }
    })
}

/// oidc and oidc-proxy: `OIDCPROXY_REQUIRED_SCOPES` plus `ZSCALER_MCP_AUTH_REQUIRED_SCOPES`.
fn oidc_required_scopes(vars: &Vars) -> Result<Vec<String>, ConfigError> {
    let mut required = scope_list(vars, OIDC_REQUIRED_SCOPES)?;
    for s in scope_list(vars, REQUIRED_SCOPES)? {
        if !required.contains(&s) {
            required.push(s);
        }
    }
    Ok(required)
}

/// oidc and oidc-proxy: `OIDCPROXY_CONFIG_URL` and the issuer its path implies.
fn discovery_url(vars: &Vars) -> Result<(String, String), ConfigError> {
    let config_url = fetch_url(vars, OIDC_CONFIG_URL)?.ok_or_else(|| {
        err(
            OIDC_CONFIG_URL,
            "required in oidc and oidc-proxy modes (the provider's /.well-known/openid-configuration URL)",
        )
    })?;
    let expected_issuer = issuer_from_config_url(&config_url).ok_or_else(|| {
        err(
            OIDC_CONFIG_URL,
            "expected a .../.well-known/openid-configuration or /.well-known/oauth-authorization-server URL",
        )
    })?;
    Ok((config_url, expected_issuer))
}

/// oidc-proxy: `OIDCPROXY_BASE_URL`, the proxy's issuer (https on Lambda, no `/mcp`).
fn proxy_base_url(vars: &Vars, on_lambda: bool) -> Result<String, ConfigError> {
    let base_url = fetch_url(vars, OIDC_BASE_URL)?.ok_or_else(|| {
        err(
            OIDC_BASE_URL,
            "required in oidc-proxy mode (the public base URL of this server, e.g. https://host/prod)",
        )
    })?;
    if base_url.contains(['?', '#']) {
        return Err(err(OIDC_BASE_URL, "must not contain a query or fragment"));
    }
    if on_lambda && !base_url.starts_with("https://") {
        return Err(err(OIDC_BASE_URL, "must be an https URL on Lambda"));
    }
    let base_url = base_url.trim_end_matches('/').to_string();
    if base_url.ends_with("/mcp") {
        return Err(err(
            OIDC_BASE_URL,
            "is the server's base URL, without /mcp (e.g. https://host/prod)",
        ));
    }
    Ok(base_url)
}

/// oidc-proxy: the key ring its sealed registrations, codes and tokens use (shared on
/// Lambda: any instance must open what another sealed).
fn proxy_key_ring(vars: &Vars, on_lambda: bool) -> Result<KeyRing, ConfigError> {
    Ok(match vars.get(KEY_RING) {
        Some(v) => KeyRing::parse(v).map_err(|p| err(KEY_RING, p))?,
        None if on_lambda => return Err(err(
            KEY_RING,
            "required in oidc-proxy mode on Lambda (every instance must open what another sealed)",
        )),
        None => {
            tracing::warn!("oidc-proxy mode without ZSCALER_MCP_REQUEST_STATE_KEYS: registrations and tokens do not survive this process");
            KeyRing::ephemeral()
        }
    })
}

/// api-key mode: the accepted keys, each long enough and free of whitespace.
fn api_keys(vars: &Vars) -> Result<Vec<ApiKeyEntry>, ConfigError> {
    let keys = list(vars, API_KEY).ok_or_else(|| {
        err(
            API_KEY,
            "required in api-key mode (one or more keys, comma-separated)",
        )
    })?;
    if keys.iter().any(|k| k.chars().count() < MIN_API_KEY_LEN) {
        return Err(err(
            API_KEY,
            format!("every key must be at least {MIN_API_KEY_LEN} characters"),
        ));
    }
    if keys
        .iter()
        .any(|k| k.chars().any(|c| c.is_whitespace() || c.is_control()))
    {
        return Err(err(API_KEY, "keys must not contain whitespace"));
    }
    Ok(keys.iter().map(|k| api_key_entry(k)).collect())
}

/// zscaler mode: the ZIdentity token endpoint callers' OneAPI credentials are checked at.
fn zscaler_token_url(vars: &Vars) -> Result<String, ConfigError> {
    if let Some(url) = fetch_url(vars, TOKEN_URL)? {
        return Ok(url);
    }
    let vanity = vars.get(VANITY_DOMAIN).ok_or_else(|| {
        err(
            VANITY_DOMAIN,
            "required in zscaler mode (callers' OneAPI credentials are verified against <vanity>.zslogin.net)",
        )
    })?;
    if !vanity
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(err(
            VANITY_DOMAIN,
            format!("expected a bare vanity name such as acme, got {vanity:?}"),
        ));
    }
    Ok(cloud_endpoints(vanity, vars.get(CLOUD)).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_is_derived_from_discovery_urls() {
        assert_eq!(
            issuer_from_config_url("https://idp.example/realms/x/.well-known/openid-configuration")
                .as_deref(),
            Some("https://idp.example/realms/x")
        );
        assert_eq!(
            issuer_from_config_url("https://idp.example/.well-known/openid-configuration")
                .as_deref(),
            Some("https://idp.example")
        );
        assert_eq!(
            issuer_from_config_url("https://idp.example/.well-known/oauth-authorization-server/t1")
                .as_deref(),
            Some("https://idp.example/t1")
        );
        assert_eq!(issuer_from_config_url("https://idp.example/metadata"), None);
    }
}
