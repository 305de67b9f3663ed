//! Configuration from environment variables, with the Python server's names where they exist
//! (python-server-compat.md). Flags of the local binary are folded into the same variable map
//! before parsing, so there is one validation path and one error style: a bad setting stops
//! startup with one line naming it.

use crate::auth::AuthSettings;
pub use crate::catalog::Selection;
use crate::catalog::TOOLSETS;
use crate::confirm::KeyRing;
pub use crate::discovery::Surface;
use crate::discovery::SETTING as SURFACE_SETTING;
use crate::env::err;
pub use crate::env::{ConfigError, Vars};
pub use crate::render::ResultFormat;
use crate::render::SETTING as RESULT_FORMAT_SETTING;
use crate::tenant::Registry;
use crate::tool::Service;
pub use crate::zscaler::settings::{cloud_endpoints, ClientAuth, ZscalerSettings, CLOUDS};

/// Every variable this server reads. The SAM template and docs are checked against it.
pub const ENV_VARS: &[&str] = &[
    crate::tenant::TENANTS,
    crate::tenant::TENANT_CLAIM,
    crate::tenant::TENANT_GRANTS,
    "ZSCALER_CLIENT_ID",
    "ZSCALER_CLIENT_SECRET",
    "ZSCALER_PRIVATE_KEY",
    "ZSCALER_VANITY_DOMAIN",
    "ZSCALER_CLOUD",
    "ZSCALER_CUSTOMER_ID",
    "ZCELL_CUSTOMER_ID",
    "ZSCALER_MCP_API_BASE_URL",
    "ZSCALER_MCP_TOKEN_URL",
    "ZSCALER_MCP_SERVICES",
    "ZSCALER_MCP_DISABLED_SERVICES",
    "ZSCALER_MCP_TOOLSETS",
    "ZSCALER_MCP_DISABLED_TOOLSETS",
    "ZSCALER_MCP_DISABLED_TOOLS",
    "ZSCALER_MCP_WRITE_ENABLED",
    "ZSCALER_MCP_WRITE_TOOLS",
    "ZSCALER_MCP_TRANSPORT",
    "ZSCALER_MCP_HOST",
    "ZSCALER_MCP_PORT",
    "ZSCALER_MCP_ALLOWED_HOSTS",
    "ZSCALER_MCP_DISABLE_HOST_VALIDATION",
    "ZSCALER_MCP_TLS_CERTFILE",
    "ZSCALER_MCP_TLS_KEYFILE",
    "ZSCALER_MCP_ALLOW_HTTP",
    "ZSCALER_MCP_LOG_TOOL_CALLS",
    "ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION",
    "ZSCALER_MCP_ALLOWED_ORIGINS",
    "ZSCALER_MCP_ALLOWED_SOURCE_IPS",
    "ZSCALER_MCP_TRUSTED_PROXY_HOPS",
    "ZSCALER_MCP_MAX_BODY_BYTES",
    "ZSCALER_MCP_MAX_ITEMS",
    "ZSCALER_MCP_UPSTREAM_BUDGET_MS",
    "ZSCALER_MCP_USER_AGENT_COMMENT",
    "ZSCALER_MCP_DEBUG",
    "ZSCALER_MCP_CONFIRM_TOOLS",
    "ZSCALER_MCP_CONFIRM_EXEMPT_TOOLS",
    "ZSCALER_MCP_CONFIRMATION_TTL",
    "ZSCALER_MCP_REQUEST_STATE_KEYS",
    "ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER",
    "ZSCALER_SECRET_NAME",
    "ZSCALER_MCP_SECRET_TTL",
    "ZSCALER_MCP_RESULT_FORMAT",
    "ZSCALER_MCP_TOOL_SURFACE",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    Stdio,
    StreamableHttp,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// Single-tenant: the OneAPI client's settings. With `tenants`: only the limits every
    /// tenant shares (see [`tenant_settings`]); credentials and hosts are per tenant.
    pub zscaler: ZscalerSettings,
    /// `ZSCALER_MCP_TENANTS`; `None`: single-tenant.
    pub tenants: Option<Registry>,
    pub selection: Selection,
    pub transport: Transport,
    pub host: String,
    pub port: u16,
    /// `None`: the default list (bind address and loopback names locally; the API Gateway
    /// domain on Lambda). Never "any host" unless validation is disabled explicitly.
    pub allowed_hosts: Option<Vec<String>>,
    pub disable_host_validation: bool,
    /// `ZSCALER_MCP_ALLOWED_ORIGINS`; `None`: only loopback origins on a loopback bind.
    pub allowed_origins: Option<Vec<String>>,
    /// `ZSCALER_MCP_ALLOWED_SOURCE_IPS` (addresses and CIDRs); `None`: no ACL.
    pub allowed_source_ips: Option<Vec<ipnet::IpNet>>,
    /// `ZSCALER_MCP_TRUSTED_PROXY_HOPS`: how many proxies' `X-Forwarded-For` entries to trust.
    pub trusted_proxy_hops: usize,
    pub max_body_bytes: usize,
    /// Local HTTP TLS (`ZSCALER_MCP_TLS_CERTFILE` + `ZSCALER_MCP_TLS_KEYFILE`).
    pub tls: Option<(String, String)>,
    /// `ZSCALER_MCP_ALLOW_HTTP`: plaintext on a non-loopback bind (behind a TLS proxy).
    pub allow_http: bool,
    /// `ZSCALER_MCP_LOG_TOOL_CALLS`: one audit line per tool call.
    pub log_tool_calls: bool,
    /// Output sanitization (off only with `ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION`).
    pub sanitize_output: bool,
    /// Skip the OneAPI entitlement filter (`ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER`).
    pub disable_entitlement_filter: bool,
    /// Extra tools that need confirmation besides every delete (`ZSCALER_MCP_CONFIRM_TOOLS`).
    pub confirm_tools: Vec<String>,
    /// Named non-delete tools taken out of confirmation (`ZSCALER_MCP_CONFIRM_EXEMPT_TOOLS`).
    pub confirm_exempt_tools: Vec<String>,
    /// Lifetime of confirmation tokens and MRTR state (`ZSCALER_MCP_CONFIRMATION_TTL`).
    pub confirmation_ttl_secs: u64,
    /// The shared key ring (`ZSCALER_MCP_REQUEST_STATE_KEYS`); `None` = not configured.
    pub key_ring: Option<KeyRing>,
    /// Client authentication for HTTP. Parsed always, enforced only on HTTP transports, so
    /// a stdio user is not stopped by settings that do not apply to them.
    pub auth: Result<Option<AuthSettings>, ConfigError>,
    /// `ZSCALER_MCP_RESULT_FORMAT`: how tool results are written (`compact` tables for lists
    /// of records, the default, or plain `json`).
    pub result_format: ResultFormat,
    /// `ZSCALER_MCP_TOOL_SURFACE`: what `/mcp` lists (`discovery`, the default, or `full`).
    pub tool_surface: Surface,
}

/// Every variable the server reads, authentication included.
pub fn all_env_vars() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = ENV_VARS.to_vec();
    for v in crate::auth::AUTH_ENV_VARS {
        if !all.contains(v) {
            all.push(v);
        }
    }
    all
}

/// A list of fnmatch-style tool-name patterns. A malformed pattern stops start-up: a
/// dropped pattern would silently enable, unconfirm or un-disable tools.
fn patterns(vars: &Vars, key: &'static str) -> Result<Vec<String>, ConfigError> {
    let items = vars.list(key).unwrap_or_default();
    for item in &items {
        if let Some(problem) = crate::catalog::glob_problem(item) {
            return Err(err(
                key,
                format!("{item:?} is not a valid pattern: {problem}"),
            ));
        }
    }
    Ok(items)
}

fn parse_services(vars: &Vars, key: &'static str) -> Result<Option<Vec<Service>>, ConfigError> {
    let Some(items) = vars.list(key) else {
        return Ok(None);
    };
    items
        .iter()
        .map(|code| {
            Service::from_code(&code.to_ascii_lowercase()).ok_or_else(|| {
                let known: Vec<_> = Service::ALL.iter().map(|s| s.code()).collect();
                err(
                    key,
                    format!("unknown service {code:?} (known: {})", known.join(", ")),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn parse_toolsets(vars: &Vars, key: &'static str) -> Result<Option<Vec<String>>, ConfigError> {
    let Some(items) = vars.list(key) else {
        return Ok(None);
    };
    if items.iter().any(|t| t == "all" || t == "default") {
        return Ok(None);
    }
    for t in &items {
        if !TOOLSETS.contains(&t.as_str()) {
            return Err(err(
                key,
                format!("unknown toolset {t:?} (run zscaler-mcp --list-tools to see toolsets)"),
            ));
        }
    }
    Ok(Some(items))
}

/// An address or a CIDR; `*` means any address.
/// `ZSCALER_MCP_ALLOWED_HOSTS`: every entry must be a host rule the guard understands
/// (`host`, `host:port`, `host:*`, `*.domain`, `*`); a dropped entry is a typo nobody sees.
fn host_list(vars: &Vars) -> Result<Option<Vec<String>>, ConfigError> {
    const KEY: &str = "ZSCALER_MCP_ALLOWED_HOSTS";
    let list = vars.list(KEY);
    for entry in list.iter().flatten() {
        if !crate::guard::is_host_rule(entry) {
            return Err(err(
                KEY,
                format!("{entry:?} is not a host, host:port, host:* or *.domain"),
            ));
        }
    }
    Ok(list)
}

/// `ZSCALER_MCP_ALLOWED_ORIGINS`: `*`, `scheme://host[:port]` or `scheme://*.domain`.
fn origin_list(vars: &Vars) -> Result<Option<Vec<String>>, ConfigError> {
    const KEY: &str = "ZSCALER_MCP_ALLOWED_ORIGINS";
    let list = vars.list(KEY);
    for entry in list.iter().flatten() {
        let valid = entry == "*"
            || entry.split_once("://").is_some_and(|(scheme, rest)| {
                let rest = rest.trim_end_matches('/');
                let authority = rest.strip_prefix("*.").unwrap_or(rest);
                !scheme.is_empty()
                    && scheme
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
                    && !authority.contains(['/', '*', '?', '#', '@'])
                    && crate::guard::split_authority(authority).is_some()
            });
        if !valid {
            return Err(err(
                KEY,
                format!(
                    "{entry:?} is not an origin (scheme://host[:port], scheme://*.domain or *)"
                ),
            ));
        }
    }
    Ok(list)
}

/// `ZSCALER_MCP_CONFIRM_EXEMPT_TOOLS`: exact names of tools whose calls need no approval.
/// Only existing, non-delete tools that `ZSCALER_MCP_CONFIRM_TOOLS` does not also name.
fn confirm_exemptions(vars: &Vars) -> Result<Vec<String>, ConfigError> {
    const KEY: &str = "ZSCALER_MCP_CONFIRM_EXEMPT_TOOLS";
    let names = vars.list(KEY).unwrap_or_default();
    let confirm = crate::catalog::confirmation::ConfirmPolicy::new(
        &patterns(vars, "ZSCALER_MCP_CONFIRM_TOOLS")?,
        &[],
    );
    for name in &names {
        let Some(tool) = crate::catalog::find_tool(name) else {
            return Err(err(
                KEY,
                format!("{name:?} is not a tool name (exact names only)"),
            ));
        };
        if tool.action == crate::catalog::spec::Action::Delete {
            return Err(err(
                KEY,
                format!("{name} deletes: deletes are always confirmed"),
            ));
        }
        if confirm.need(tool) == crate::catalog::confirmation::Need::Always
            && crate::catalog::confirmation::default_need(tool)
                != crate::catalog::confirmation::Need::Always
        {
            return Err(err(
                KEY,
                format!("{name} is also named by ZSCALER_MCP_CONFIRM_TOOLS"),
            ));
        }
    }
    Ok(names)
}

fn parse_net(item: &str) -> Option<ipnet::IpNet> {
    if item == "*" {
        return "0.0.0.0/0".parse().ok();
    }
    item.parse::<ipnet::IpNet>()
        .map(|n| n.trunc())
        .ok()
        .or_else(|| {
            item.parse::<std::net::IpAddr>()
                .ok()
                .map(ipnet::IpNet::from)
        })
}

fn is_http_url(v: &str) -> bool {
    v.starts_with("http://") || v.starts_with("https://")
}

impl Config {
    /// The transport settings the guard enforces; `on_lambda` selects its Lambda defaults.
    pub fn transport(&self, on_lambda: bool) -> crate::guard::Transport<'_> {
        crate::guard::Transport {
            bind: &self.host,
            allowed_hosts: self.allowed_hosts.as_deref(),
            disable_host_validation: self.disable_host_validation,
            allowed_origins: self.allowed_origins.as_deref(),
            allowed_source_ips: self.allowed_source_ips.as_deref(),
            trusted_proxy_hops: self.trusted_proxy_hops,
            on_lambda,
        }
    }

    /// Checks that only apply when serving over HTTP (local HTTP or Lambda): with write
    /// tools registered, confirmation tokens must verify on every instance, so a shared key
    /// ring is required.
    pub fn validate_for_http(&self) -> Result<(), ConfigError> {
        self.auth.clone()?;
        let writes = crate::catalog::selected_tools(&self.selection).any(|t| t.action.is_write());
        if writes && self.key_ring.is_none() {
            return Err(err(
                "ZSCALER_MCP_REQUEST_STATE_KEYS",
                "required when write tools are enabled over HTTP, so confirmations verify on \
                 every instance (a JSON array or comma list of base64 keys of 32+ random bytes)",
            ));
        }
        Ok(())
    }
}

impl Config {
    /// What start-up should warn about: half-set write settings and patterns that match no
    /// tool (`catalog::why::selection_warnings`), and confirmation patterns that match none.
    /// Printed once; the server still starts.
    pub fn startup_warnings(&self) -> Vec<String> {
        let mut warnings = crate::catalog::why::selection_warnings(&self.selection);
        let names: Vec<&str> = crate::catalog::all_tools().map(|t| t.name).collect();
        for p in crate::catalog::why::unmatched_patterns(&self.confirm_tools, &names) {
            warnings.push(format!(
                "ZSCALER_MCP_CONFIRM_TOOLS: pattern {p:?} matches no tool"
            ));
        }
        warnings
    }
}

impl Config {
    /// Checks for the local HTTP server: TLS or loopback, and no wildcard bind without a
    /// Host allowlist (a wildcard bind has no address to default the list to).
    pub fn validate_local_http(&self) -> Result<(), ConfigError> {
        let host = crate::guard::split_authority(&self.host)
            .map(|(h, _)| h)
            .unwrap_or_default();
        let loopback =
            matches!(host.as_str(), "127.0.0.1" | "localhost" | "::1") || host.starts_with("127.");
        if self.tls.is_none() && !loopback && !self.allow_http {
            return Err(err(
                "ZSCALER_MCP_ALLOW_HTTP",
                format!(
                    "plaintext HTTP on {host} is refused; set ZSCALER_MCP_TLS_CERTFILE and \
                     ZSCALER_MCP_TLS_KEYFILE, or ZSCALER_MCP_ALLOW_HTTP=true behind a \
                     TLS-terminating proxy"
                ),
            ));
        }
        if matches!(host.as_str(), "0.0.0.0" | "::")
            && self.allowed_hosts.is_none()
            && !self.disable_host_validation
        {
            return Err(err(
                "ZSCALER_MCP_ALLOWED_HOSTS",
                "required when binding every interface (or set \
                 ZSCALER_MCP_DISABLE_HOST_VALIDATION=true)",
            ));
        }
        Ok(())
    }
}

impl Selection {
    /// The tool selection alone: needs no credentials (used by `--list-tools`).
    pub fn from_vars(vars: &Vars) -> Result<Selection, ConfigError> {
        let services = parse_services(vars, "ZSCALER_MCP_SERVICES")?;
        let disabled_services =
            parse_services(vars, "ZSCALER_MCP_DISABLED_SERVICES")?.unwrap_or_default();
        if let Some(services) = &services {
            if services.iter().all(|s| disabled_services.contains(s)) {
                return Err(err(
                    "ZSCALER_MCP_DISABLED_SERVICES",
                    "disables every service named in ZSCALER_MCP_SERVICES",
                ));
            }
        }
        Ok(Selection {
            services,
            disabled_services,
            toolsets: parse_toolsets(vars, "ZSCALER_MCP_TOOLSETS")?,
            disabled_toolsets: parse_toolsets(vars, "ZSCALER_MCP_DISABLED_TOOLSETS")?
                .unwrap_or_default(),
            disabled_tools: patterns(vars, "ZSCALER_MCP_DISABLED_TOOLS")?,
            write_enabled: vars.flag("ZSCALER_MCP_WRITE_ENABLED")?,
            write_tools: patterns(vars, "ZSCALER_MCP_WRITE_TOOLS")?,
        })
    }
}

impl Config {
    pub fn from_process_env() -> Result<Config, ConfigError> {
        Config::from_vars(&Vars::from_process_env())
    }

    pub fn from_vars(vars: &Vars) -> Result<Config, ConfigError> {
        let tenants = Registry::from_vars(vars)?;
        // Parsed in this order so that the first bad setting is the one line start-up shows:
        // authentication (which logs the mode it detects) comes after the rest.
        let config = Config {
            zscaler: match &tenants {
                None => zscaler_settings(vars)?,
                Some(_) => shared_limits(vars)?,
            },
            tenants,
            selection: Selection::from_vars(vars)?,
            transport: transport(vars)?,
            host: vars
                .get("ZSCALER_MCP_HOST")
                .unwrap_or("127.0.0.1")
                .to_string(),
            port: vars.number("ZSCALER_MCP_PORT", 8000u16)?,
            allowed_hosts: host_list(vars)?,
            disable_host_validation: vars.flag("ZSCALER_MCP_DISABLE_HOST_VALIDATION")?,
            allowed_origins: origin_list(vars)?,
            allowed_source_ips: source_ips(vars)?,
            trusted_proxy_hops: vars.number("ZSCALER_MCP_TRUSTED_PROXY_HOPS", 0usize)?,
            max_body_bytes: ranged(vars, "ZSCALER_MCP_MAX_BODY_BYTES", 1024 * 1024, 1024..)?,
            tls: tls_files(vars)?,
            allow_http: vars.flag("ZSCALER_MCP_ALLOW_HTTP")?,
            log_tool_calls: vars.flag("ZSCALER_MCP_LOG_TOOL_CALLS")?,
            sanitize_output: !vars.flag("ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION")?,
            disable_entitlement_filter: vars.flag("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER")?,
            confirm_tools: patterns(vars, "ZSCALER_MCP_CONFIRM_TOOLS")?,
            confirm_exempt_tools: confirm_exemptions(vars)?,
            confirmation_ttl_secs: ranged(vars, "ZSCALER_MCP_CONFIRMATION_TTL", 300, 10..=3600)?,
            auth: AuthSettings::from_vars(vars),
            result_format: result_format(vars)?,
            tool_surface: tool_surface(vars)?,
            key_ring: match vars.get("ZSCALER_MCP_REQUEST_STATE_KEYS") {
                None => None,
                Some(v) => {
                    Some(KeyRing::parse(v).map_err(|p| err("ZSCALER_MCP_REQUEST_STATE_KEYS", p))?)
                }
            },
        };
        check_tenants(config.tenants.as_ref(), matches!(config.auth, Ok(None)))?;
        Ok(config)
    }
}

/// `ZSCALER_MCP_TOOL_SURFACE`: `discovery` (default) or `full`. The default is the small one:
/// a hosted agent pays for every listed tool's schema on every turn (the full read-only list
/// is ~64,000 tokens, the discovery surface ~500), and every allowed tool stays reachable
/// through search and the invokers, with each gate applied as for a call by name.
fn tool_surface(vars: &Vars) -> Result<Surface, ConfigError> {
    vars.get(SURFACE_SETTING)
        .map_or(Ok(Surface::Discovery), Surface::parse)
        .map_err(|problem| err(SURFACE_SETTING, problem))
}

/// `ZSCALER_MCP_RESULT_FORMAT`: `compact` (default) or `json`. Compact states each column of
/// a record list once and loses nothing (it decodes to the same JSON); about half the tokens.
fn result_format(vars: &Vars) -> Result<ResultFormat, ConfigError> {
    vars.get(RESULT_FORMAT_SETTING)
        .map_or(Ok(ResultFormat::Compact), ResultFormat::parse)
        .map_err(|problem| err(RESULT_FORMAT_SETTING, problem))
}

/// A whole number in `range`, or `default` when unset; the error names the range.
fn ranged<T>(
    vars: &Vars,
    key: &'static str,
    default: T,
    range: impl std::ops::RangeBounds<T> + std::fmt::Debug,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    let value = vars.number(key, default)?;
    if range.contains(&value) {
        return Ok(value);
    }
    let bound = |b: std::ops::Bound<&T>| match b {
        std::ops::Bound::Included(v) | std::ops::Bound::Excluded(v) => Some(v.to_string()),
        std::ops::Bound::Unbounded => None,
    };
    Err(err(
        key,
        match (bound(range.start_bound()), bound(range.end_bound())) {
            (Some(lo), Some(hi)) => format!("must be between {lo} and {hi}"),
            (Some(lo), None) => format!("must be at least {lo}"),
            (None, Some(hi)) => format!("must be at most {hi}"),
            (None, None) => unreachable!("an unbounded range contains every value"),
        },
    ))
}

/// Several tenants need an authenticated caller: its identity chooses its tenants. With
/// authentication off (or on stdio, checked by the local binary) one tenant at most.
pub fn check_tenants(tenants: Option<&Registry>, unauthenticated: bool) -> Result<(), ConfigError> {
    if unauthenticated && tenants.is_some_and(|t| t.len() > 1) {
        return Err(err(
            crate::tenant::TENANTS,
            "several tenants need client authentication over HTTP (the caller's identity \
             chooses its tenants); on stdio or with authentication off, configure a single \
             tenant",
        ));
    }
    Ok(())
}

/// A tenant's client settings: credentials and hosts from its secret's values, the limits
/// from the deployment's (`shared`, as [`Config::zscaler`] holds them with tenants on).
pub fn tenant_settings(
    secret: &Vars,
    shared: &ZscalerSettings,
) -> Result<ZscalerSettings, ConfigError> {
    Ok(ZscalerSettings {
        user_agent_comment: shared.user_agent_comment.clone(),
        upstream_budget_ms: shared.upstream_budget_ms,
        max_items: shared.max_items,
        ..zscaler_settings(secret)?
    })
}

/// The limits every tenant shares; with tenants on, `Config::zscaler` is only this (no
/// credentials, no hosts: a tenant's come from its secret).
fn shared_limits(vars: &Vars) -> Result<ZscalerSettings, ConfigError> {
    Ok(ZscalerSettings {
        client_id: String::new(),
        auth: ClientAuth::Secret(String::new()),
        vanity_domain: None,
        cloud: None,
        customer_id: None,
        zcell_customer_id: None,
        token_url: String::new(),
        api_base_url: String::new(),
        user_agent_comment: vars
            .get("ZSCALER_MCP_USER_AGENT_COMMENT")
            .map(str::to_string),
        upstream_budget_ms: ranged(
            vars,
            "ZSCALER_MCP_UPSTREAM_BUDGET_MS",
            25_000,
            1_000..=900_000,
        )?,
        max_items: ranged(vars, "ZSCALER_MCP_MAX_ITEMS", 10_000, 1..)?,
    })
}

/// How the server signs in to ZIdentity and which hosts it calls.
fn zscaler_settings(vars: &Vars) -> Result<ZscalerSettings, ConfigError> {
    let client_id = vars
        .get("ZSCALER_CLIENT_ID")
        .ok_or_else(|| err("ZSCALER_CLIENT_ID", "required (the OneAPI API client id)"))?
        .to_string();
    let auth = client_auth(vars)?;
    let vanity_domain = vars.get("ZSCALER_VANITY_DOMAIN").map(str::to_string);
    let cloud = cloud(vars)?;
    let (token_url, api_base_url) = endpoints(vars, vanity_domain.as_deref(), cloud.as_deref())?;
    Ok(ZscalerSettings {
        client_id,
        auth,
        vanity_domain,
        cloud,
        customer_id: vars.get("ZSCALER_CUSTOMER_ID").map(str::to_string),
        zcell_customer_id: vars.get("ZCELL_CUSTOMER_ID").map(str::to_string),
        token_url,
        api_base_url,
        ..shared_limits(vars)?
    })
}

/// `ZSCALER_CLOUD`, one of [`CLOUDS`] in any case.
fn cloud(vars: &Vars) -> Result<Option<String>, ConfigError> {
    match vars.get("ZSCALER_CLOUD") {
        Some(c) if !CLOUDS.contains(&c.to_ascii_lowercase().as_str()) => Err(err(
            "ZSCALER_CLOUD",
            format!("unknown cloud {c:?} (accepted: {})", CLOUDS.join(", ")),
        )),
        c => Ok(c.map(str::to_string)),
    }
}

fn client_auth(vars: &Vars) -> Result<ClientAuth, ConfigError> {
    match (
        vars.get("ZSCALER_CLIENT_SECRET"),
        vars.get("ZSCALER_PRIVATE_KEY"),
    ) {
        (Some(_), Some(_)) => Err(err(
            "ZSCALER_PRIVATE_KEY",
            "set either ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY, not both",
        )),
        (Some(secret), None) => Ok(ClientAuth::Secret(secret.to_string())),
        (None, Some(key)) => Ok(ClientAuth::PrivateKey(key.to_string())),
        (None, None) => Err(err(
            "ZSCALER_CLIENT_SECRET",
            "required (or ZSCALER_PRIVATE_KEY for private-key JWT authentication)",
        )),
    }
}

/// The token URL and API base: the cloud's, unless both are overridden (the simulator).
fn endpoints(
    vars: &Vars,
    vanity: Option<&str>,
    cloud: Option<&str>,
) -> Result<(String, String), ConfigError> {
    let token_override = vars.get("ZSCALER_MCP_TOKEN_URL");
    let api_override = vars.get("ZSCALER_MCP_API_BASE_URL");
    for (key, value) in [
        ("ZSCALER_MCP_TOKEN_URL", token_override),
        ("ZSCALER_MCP_API_BASE_URL", api_override),
    ] {
        if let Some(v) = value.filter(|v| !is_http_url(v)) {
            return Err(err(key, format!("expected an http(s) URL, got {v:?}")));
        }
    }
    let api = |a: &str| a.trim_end_matches('/').to_string();
    match (vanity, token_override, api_override) {
        (_, Some(t), Some(a)) => Ok((t.to_string(), api(a))),
        (Some(vanity), t, a) => {
            let (dt, da) = cloud_endpoints(vanity, cloud);
            Ok((t.map_or(dt, str::to_string), a.map_or(da, api)))
        }
        (None, _, _) => Err(err(
            "ZSCALER_VANITY_DOMAIN",
            "required (e.g. acme for acme.zslogin.net)",
        )),
    }
}

fn transport(vars: &Vars) -> Result<Transport, ConfigError> {
    match vars
        .get("ZSCALER_MCP_TRANSPORT")
        .map(|v| v.to_ascii_lowercase())
        .as_deref()
    {
        None | Some("stdio") => Ok(Transport::Stdio),
        Some("streamable-http") | Some("http") => Ok(Transport::StreamableHttp),
        Some(other) => Err(err(
            "ZSCALER_MCP_TRANSPORT",
            format!("unknown transport {other:?} (use stdio or streamable-http)"),
        )),
    }
}

fn source_ips(vars: &Vars) -> Result<Option<Vec<ipnet::IpNet>>, ConfigError> {
    let Some(items) = vars.list("ZSCALER_MCP_ALLOWED_SOURCE_IPS") else {
        return Ok(None);
    };
    let nets = items
        .iter()
        .map(|i| parse_net(i))
        .collect::<Option<Vec<_>>>();
    nets.map(Some).ok_or_else(|| {
        err(
            "ZSCALER_MCP_ALLOWED_SOURCE_IPS",
            "expected IP addresses or CIDRs (v4 or v6), comma-separated",
        )
    })
}

fn tls_files(vars: &Vars) -> Result<Option<(String, String)>, ConfigError> {
    match (
        vars.get("ZSCALER_MCP_TLS_CERTFILE"),
        vars.get("ZSCALER_MCP_TLS_KEYFILE"),
    ) {
        (Some(c), Some(k)) => Ok(Some((c.to_string(), k.to_string()))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(err(
            "ZSCALER_MCP_TLS_KEYFILE",
            "required with ZSCALER_MCP_TLS_CERTFILE",
        )),
        (None, Some(_)) => Err(err(
            "ZSCALER_MCP_TLS_CERTFILE",
            "required with ZSCALER_MCP_TLS_KEYFILE",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Vars {
        Vars::from_pairs([
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_CLIENT_SECRET", "s3cr3t-value"),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
        ])
    }

    #[test]
    fn tenants_need_no_process_credentials_and_several_need_authentication() {
        let mut v = Vars::from_pairs([
            ("ZSCALER_MCP_TENANTS", "acme=s1"),
            ("ZSCALER_MCP_AUTH_ENABLED", "false"),
            ("ZSCALER_MCP_UPSTREAM_BUDGET_MS", "5000"),
        ]);
        let c = Config::from_vars(&v).unwrap();
        assert_eq!(c.tenants.as_ref().map(|t| t.len()), Some(1));
        assert_eq!(c.zscaler.upstream_budget_ms, 5000);
        assert_eq!(c.zscaler.client_id, "");
        v.set("ZSCALER_MCP_TENANTS", "acme=s1,beta=s2");
        let e = Config::from_vars(&v).unwrap_err();
        assert_eq!(e.setting, "ZSCALER_MCP_TENANTS");
        v.set("ZSCALER_MCP_AUTH_ENABLED", "true");
        v.set("ZSCALER_MCP_AUTH_MODE", "api-key");
        v.set(
            "ZSCALER_MCP_AUTH_API_KEY",
            "an-api-key-of-enough-length-0123456789",
        );
        let c = Config::from_vars(&v).unwrap();
        // On stdio the local binary applies the same rule: there is no caller identity.
        assert_eq!(
            check_tenants(c.tenants.as_ref(), true).unwrap_err().setting,
            "ZSCALER_MCP_TENANTS"
        );
        assert!(check_tenants(c.tenants.as_ref(), false).is_ok());
        let secret = Vars::from_pairs([
            ("ZSCALER_CLIENT_ID", "acme-id"),
            ("ZSCALER_CLIENT_SECRET", "acme-secret"),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
        ]);
        let t = tenant_settings(&secret, &c.zscaler).unwrap();
        assert_eq!(
            (t.client_id.as_str(), t.upstream_budget_ms),
            ("acme-id", 5000)
        );
        assert_eq!(t.token_url, "https://acme.zslogin.net/oauth2/v1/token");
    }

    #[test]
    fn production_defaults() {
        let c = Config::from_vars(&base()).unwrap();
        assert_eq!(
            c.zscaler.token_url,
            "https://acme.zslogin.net/oauth2/v1/token"
        );
        assert_eq!(c.zscaler.api_base_url, "https://api.zsapi.net");
        assert_eq!(c.transport, Transport::Stdio);
        assert_eq!((c.host.as_str(), c.port), ("127.0.0.1", 8000));
        assert_eq!(c.max_body_bytes, 1024 * 1024);
        assert!(!c.selection.write_enabled);
    }

    #[test]
    fn unknown_cloud_is_refused_with_the_accepted_list() {
        let mut v = base();
        v.set("ZSCALER_CLOUD", "zscalertwo");
        assert_eq!(
            Config::from_vars(&v).unwrap_err().to_string(),
            "configuration error: ZSCALER_CLOUD: unknown cloud \"zscalertwo\" (accepted: \
             production, beta, alpha, gov, govus)"
        );
        for ok in ["production", "BETA", "alpha", "Gov", "govus"] {
            v.set("ZSCALER_CLOUD", ok);
            assert_eq!(
                Config::from_vars(&v).unwrap().zscaler.cloud.as_deref(),
                Some(ok)
            );
        }
    }

    #[test]
    fn startup_warnings_cover_every_pattern_setting() {
        let mut v = base();
        v.set("ZSCALER_MCP_WRITE_ENABLED", "true");
        v.set("ZSCALER_MCP_DISABLED_TOOLS", "zia_nothing_*");
        v.set("ZSCALER_MCP_CONFIRM_TOOLS", "zia_list_*,zzz_*");
        assert_eq!(
            Config::from_vars(&v).unwrap().startup_warnings(),
            vec![
                "Write tools are enabled but no allowlist was given — registering 0 write \
                 tools. Name what you want to permit: --write-tools \
                 'zpa_create_*,zia_update_*' (env: ZSCALER_MCP_WRITE_TOOLS)."
                    .to_string(),
                "ZSCALER_MCP_DISABLED_TOOLS: pattern \"zia_nothing_*\" matches no tool".to_string(),
                "ZSCALER_MCP_CONFIRM_TOOLS: pattern \"zzz_*\" matches no tool".to_string(),
            ]
        );
        assert!(Config::from_vars(&base())
            .unwrap()
            .startup_warnings()
            .is_empty());
    }

    #[test]
    fn cloud_table() {
        assert_eq!(
            cloud_endpoints("acme", Some("BETA")),
            (
                "https://acme.zsloginbeta.net/oauth2/v1/token".to_string(),
                "https://api.beta.zsapi.net".to_string()
            )
        );
        assert_eq!(
            cloud_endpoints("acme", Some("gov")).1,
            "https://api.zscalergov.net"
        );
        assert_eq!(
            cloud_endpoints("acme", Some("govus")).0,
            "https://acme.zidentitygov.us/oauth2/v1/token"
        );
    }

    #[test]
    fn overrides_replace_both_hosts() {
        let mut v = base();
        v.set(
            "ZSCALER_MCP_TOKEN_URL",
            "http://127.0.0.1:9/oauth2/v1/token",
        );
        v.set("ZSCALER_MCP_API_BASE_URL", "http://127.0.0.1:9/");
        let c = Config::from_vars(&v).unwrap();
        assert_eq!(c.zscaler.api_base_url, "http://127.0.0.1:9");
        assert_eq!(c.zscaler.token_url, "http://127.0.0.1:9/oauth2/v1/token");
    }

    #[test]
    fn each_bad_setting_is_named() {
        let cases: &[(&str, &str, &str)] = &[
            ("ZSCALER_MCP_TRANSPORT", "sse2", "ZSCALER_MCP_TRANSPORT"),
            ("ZSCALER_MCP_PORT", "eighty", "ZSCALER_MCP_PORT"),
            ("ZSCALER_MCP_SERVICES", "zia,nope", "ZSCALER_MCP_SERVICES"),
            (
                "ZSCALER_MCP_TOOLSETS",
                "zia_nothing",
                "ZSCALER_MCP_TOOLSETS",
            ),
            (
                "ZSCALER_MCP_WRITE_ENABLED",
                "maybe",
                "ZSCALER_MCP_WRITE_ENABLED",
            ),
            ("ZSCALER_PRIVATE_KEY", "pem", "ZSCALER_PRIVATE_KEY"),
            (
                "ZSCALER_MCP_API_BASE_URL",
                "ftp://x",
                "ZSCALER_MCP_API_BASE_URL",
            ),
            (
                "ZSCALER_MCP_MAX_BODY_BYTES",
                "10",
                "ZSCALER_MCP_MAX_BODY_BYTES",
            ),
        ];
        for (key, value, named) in cases {
            let mut v = base();
            v.set(key, *value);
            let e = Config::from_vars(&v).unwrap_err();
            assert_eq!(e.setting, *named, "{key}={value}");
            let line = e.to_string();
            assert!(!line.contains('\n'));
            assert!(line.contains(named));
            assert!(!line.contains("s3cr3t-value"), "secret leaked: {line}");
        }
    }

    #[test]
    fn missing_credentials_are_named() {
        let e = Config::from_vars(&Vars::default()).unwrap_err();
        assert_eq!(e.setting, "ZSCALER_CLIENT_ID");
        let e = Config::from_vars(&Vars::from_pairs([("ZSCALER_CLIENT_ID", "x")])).unwrap_err();
        assert_eq!(e.setting, "ZSCALER_CLIENT_SECRET");
        let e = Config::from_vars(&Vars::from_pairs([
            ("ZSCALER_CLIENT_ID", "x"),
            ("ZSCALER_CLIENT_SECRET", "y"),
        ]))
        .unwrap_err();
        assert_eq!(e.setting, "ZSCALER_VANITY_DOMAIN");
    }

    #[test]
    fn contradictory_services() {
        let mut v = base();
        v.set("ZSCALER_MCP_SERVICES", "zia");
        v.set("ZSCALER_MCP_DISABLED_SERVICES", "zia");
        assert_eq!(
            Config::from_vars(&v).unwrap_err().setting,
            "ZSCALER_MCP_DISABLED_SERVICES"
        );
    }

    #[test]
    fn local_http_needs_tls_or_loopback() {
        let mut v = base();
        assert!(Config::from_vars(&v).unwrap().validate_local_http().is_ok());
        v.set("ZSCALER_MCP_HOST", "0.0.0.0");
        let e = Config::from_vars(&v)
            .unwrap()
            .validate_local_http()
            .unwrap_err();
        assert_eq!(e.setting, "ZSCALER_MCP_ALLOW_HTTP");
        v.set("ZSCALER_MCP_ALLOW_HTTP", "true");
        let e = Config::from_vars(&v)
            .unwrap()
            .validate_local_http()
            .unwrap_err();
        assert_eq!(e.setting, "ZSCALER_MCP_ALLOWED_HOSTS");
        v.set("ZSCALER_MCP_ALLOWED_HOSTS", "mcp.example.com");
        assert!(Config::from_vars(&v).unwrap().validate_local_http().is_ok());
        v.set("ZSCALER_MCP_TLS_CERTFILE", "/tmp/cert.pem");
        assert_eq!(
            Config::from_vars(&v).unwrap_err().setting,
            "ZSCALER_MCP_TLS_KEYFILE"
        );
    }

    #[test]
    fn debug_output_hides_credentials() {
        let c = Config::from_vars(&base()).unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t-value"));
    }
}
