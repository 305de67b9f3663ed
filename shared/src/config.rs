//! Configuration from environment variables, with the Python server's names where they exist
//! (python-server-compat.md). Flags of the local binary are folded into the same variable map
//! before parsing, so there is one validation path and one error style: a bad setting stops
//! startup with one line naming it.

use std::collections::HashMap;
use std::fmt;

use crate::auth::AuthSettings;
use crate::catalog::spec::Service;
use crate::catalog::TOOLSETS;
use crate::confirm::KeyRing;

/// Every variable this server reads. The SAM template and docs are checked against it.
pub const ENV_VARS: &[&str] = &[
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
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    Stdio,
    StreamableHttp,
}

/// How the server proves itself to ZIdentity.
#[derive(Clone, PartialEq, Eq)]
pub enum ClientAuth {
    Secret(String),
    PrivateKey(String),
}

impl fmt::Debug for ClientAuth {
    // Never print credential material, not even in debug output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientAuth::Secret(_) => f.write_str("ClientAuth::Secret(<redacted>)"),
            ClientAuth::PrivateKey(_) => f.write_str("ClientAuth::PrivateKey(<redacted>)"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ZscalerSettings {
    pub client_id: String,
    pub auth: ClientAuth,
    pub vanity_domain: Option<String>,
    pub cloud: Option<String>,
    pub customer_id: Option<String>,
    pub zcell_customer_id: Option<String>,
    pub token_url: String,
    pub api_base_url: String,
    pub user_agent_comment: Option<String>,
    pub upstream_budget_ms: u64,
    pub max_items: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `None` means every service.
    pub services: Option<Vec<Service>>,
    pub disabled_services: Vec<Service>,
    /// `None` means every toolset (`all`, `default` or unset).
    pub toolsets: Option<Vec<String>>,
    pub disabled_toolsets: Vec<String>,
    pub disabled_tools: Vec<String>,
    pub write_enabled: bool,
    pub write_tools: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub zscaler: ZscalerSettings,
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

/// A startup error: one line naming the setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub setting: &'static str,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "configuration error: {}: {}", self.setting, self.problem)
    }
}

impl std::error::Error for ConfigError {}

fn err(setting: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        setting,
        problem: problem.into(),
    }
}

/// A snapshot of variables; empty values count as unset, as in the Python server.
#[derive(Clone, Debug, Default)]
pub struct Vars(HashMap<String, String>);

impl Vars {
    pub fn from_process_env() -> Self {
        Vars(std::env::vars().collect())
    }

    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Vars(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.0.insert(key.to_string(), value.into());
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    fn list(&self, key: &str) -> Option<Vec<String>> {
        self.get(key).map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
    }

    /// A list of fnmatch-style tool-name patterns. A malformed pattern stops start-up: a
    /// dropped pattern would silently enable, unconfirm or un-disable tools.
    fn patterns(&self, key: &'static str) -> Result<Vec<String>, ConfigError> {
        let items = self.list(key).unwrap_or_default();
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

    fn flag(&self, key: &'static str) -> Result<bool, ConfigError> {
        match self.get(key).map(|v| v.to_ascii_lowercase()) {
            None => Ok(false),
            Some(v) if matches!(v.as_str(), "true" | "1" | "yes" | "on") => Ok(true),
            Some(v) if matches!(v.as_str(), "false" | "0" | "no" | "off") => Ok(false),
            Some(_) => Err(err(key, "expected true or false")),
        }
    }

    fn number<T: std::str::FromStr>(
        &self,
        key: &'static str,
        default: T,
    ) -> Result<T, ConfigError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| err(key, format!("expected a whole number, got {v:?}"))),
        }
    }
}

/// Token and API hosts per cloud (zscaler-api.md §1.1).
pub fn cloud_endpoints(vanity: &str, cloud: Option<&str>) -> (String, String) {
    let cloud = cloud.map(|c| c.to_ascii_lowercase());
    match cloud.as_deref() {
        None | Some("production") => (
            format!("https://{vanity}.zslogin.net/oauth2/v1/token"),
            "https://api.zsapi.net".to_string(),
        ),
        Some("gov") => (
            format!("https://{vanity}.zidentitygov.net/oauth2/v1/token"),
            "https://api.zscalergov.net".to_string(),
        ),
        Some("govus") => (
            format!("https://{vanity}.zidentitygov.us/oauth2/v1/token"),
            "https://api.zscalergov.us".to_string(),
        ),
        Some(other) => (
            format!("https://{vanity}.zslogin{other}.net/oauth2/v1/token"),
            format!("https://api.{other}.zsapi.net"),
        ),
    }
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
        &vars.patterns("ZSCALER_MCP_CONFIRM_TOOLS")?,
        &[],
    );
    for name in &names {
        let Some(tool) = crate::catalog::find_tool(name) else {
            return Err(err(
                KEY,
                format!("{name:?} is not a tool name (exact names only)"),
            ));
        };
        if tool.action() == crate::catalog::spec::Action::Delete {
            return Err(err(
                KEY,
                format!("{name} deletes: deletes are always confirmed"),
            ));
        }
        if confirm.need(tool.spec()) == crate::catalog::confirmation::Need::Always
            && crate::catalog::confirmation::default_need(tool.spec())
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
        let writes = crate::catalog::selected_tools(&self.selection).any(|t| t.action().is_write());
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
            disabled_tools: vars.patterns("ZSCALER_MCP_DISABLED_TOOLS")?,
            write_enabled: vars.flag("ZSCALER_MCP_WRITE_ENABLED")?,
            write_tools: vars.patterns("ZSCALER_MCP_WRITE_TOOLS")?,
        })
    }
}

impl Config {
    pub fn from_process_env() -> Result<Config, ConfigError> {
        Config::from_vars(&Vars::from_process_env())
    }

    pub fn from_vars(vars: &Vars) -> Result<Config, ConfigError> {
        let client_id = vars
            .get("ZSCALER_CLIENT_ID")
            .ok_or_else(|| err("ZSCALER_CLIENT_ID", "required (the OneAPI API client id)"))?
            .to_string();
        let auth = match (
            vars.get("ZSCALER_CLIENT_SECRET"),
            vars.get("ZSCALER_PRIVATE_KEY"),
        ) {
            (Some(_), Some(_)) => {
                return Err(err(
                    "ZSCALER_PRIVATE_KEY",
                    "set either ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY, not both",
                ))
            }
            (Some(secret), None) => ClientAuth::Secret(secret.to_string()),
            (None, Some(key)) => ClientAuth::PrivateKey(key.to_string()),
            (None, None) => {
                return Err(err(
                    "ZSCALER_CLIENT_SECRET",
                    "required (or ZSCALER_PRIVATE_KEY for private-key JWT authentication)",
                ))
            }
        };
        let vanity_domain = vars.get("ZSCALER_VANITY_DOMAIN").map(str::to_string);
        let cloud = vars.get("ZSCALER_CLOUD").map(str::to_string);
        let token_override = vars.get("ZSCALER_MCP_TOKEN_URL");
        let api_override = vars.get("ZSCALER_MCP_API_BASE_URL");
        for (key, value) in [
            ("ZSCALER_MCP_TOKEN_URL", token_override),
            ("ZSCALER_MCP_API_BASE_URL", api_override),
        ] {
            if let Some(v) = value {
                if !is_http_url(v) {
                    return Err(err(key, format!("expected an http(s) URL, got {v:?}")));
                }
            }
        }
        let (token_url, api_base_url) = match (&vanity_domain, token_override, api_override) {
            (_, Some(t), Some(a)) => (t.to_string(), a.trim_end_matches('/').to_string()),
            (Some(vanity), t, a) => {
                let (dt, da) = cloud_endpoints(vanity, cloud.as_deref());
                (
                    t.map(str::to_string).unwrap_or(dt),
                    a.map(|a| a.trim_end_matches('/').to_string()).unwrap_or(da),
                )
            }
            (None, _, _) => {
                return Err(err(
                    "ZSCALER_VANITY_DOMAIN",
                    "required (e.g. acme for acme.zslogin.net)",
                ))
            }
        };

        let transport = match vars
            .get("ZSCALER_MCP_TRANSPORT")
            .map(|v| v.to_ascii_lowercase())
            .as_deref()
        {
            None | Some("stdio") => Transport::Stdio,
            Some("streamable-http") | Some("http") => Transport::StreamableHttp,
            Some(other) => {
                return Err(err(
                    "ZSCALER_MCP_TRANSPORT",
                    format!("unknown transport {other:?} (use stdio or streamable-http)"),
                ))
            }
        };
        let host = vars
            .get("ZSCALER_MCP_HOST")
            .unwrap_or("127.0.0.1")
            .to_string();
        let port = vars.number("ZSCALER_MCP_PORT", 8000u16)?;

        let selection = Selection::from_vars(vars)?;

        let max_body_bytes = vars.number("ZSCALER_MCP_MAX_BODY_BYTES", 1024 * 1024usize)?;
        if max_body_bytes < 1024 {
            return Err(err("ZSCALER_MCP_MAX_BODY_BYTES", "must be at least 1024"));
        }
        let max_items = vars.number("ZSCALER_MCP_MAX_ITEMS", 10_000usize)?;
        if max_items == 0 {
            return Err(err("ZSCALER_MCP_MAX_ITEMS", "must be at least 1"));
        }
        let upstream_budget_ms = vars.number("ZSCALER_MCP_UPSTREAM_BUDGET_MS", 25_000u64)?;
        if !(1_000..=900_000).contains(&upstream_budget_ms) {
            return Err(err(
                "ZSCALER_MCP_UPSTREAM_BUDGET_MS",
                "must be between 1000 and 900000",
            ));
        }

        let confirmation_ttl_secs = vars.number("ZSCALER_MCP_CONFIRMATION_TTL", 300u64)?;
        if !(10..=3600).contains(&confirmation_ttl_secs) {
            return Err(err(
                "ZSCALER_MCP_CONFIRMATION_TTL",
                "must be between 10 and 3600 seconds",
            ));
        }

        Ok(Config {
            zscaler: ZscalerSettings {
                client_id,
                auth,
                vanity_domain,
                cloud,
                customer_id: vars.get("ZSCALER_CUSTOMER_ID").map(str::to_string),
                zcell_customer_id: vars.get("ZCELL_CUSTOMER_ID").map(str::to_string),
                token_url,
                api_base_url,
                user_agent_comment: vars
                    .get("ZSCALER_MCP_USER_AGENT_COMMENT")
                    .map(str::to_string),
                upstream_budget_ms,
                max_items,
            },
            selection,
            transport,
            host,
            port,
            allowed_hosts: host_list(vars)?,
            disable_host_validation: vars.flag("ZSCALER_MCP_DISABLE_HOST_VALIDATION")?,
            allowed_origins: origin_list(vars)?,
            allowed_source_ips: match vars.list("ZSCALER_MCP_ALLOWED_SOURCE_IPS") {
                None => None,
                Some(items) => Some(
                    items
                        .iter()
                        .map(|i| parse_net(i))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| {
                            err(
                                "ZSCALER_MCP_ALLOWED_SOURCE_IPS",
                                "expected IP addresses or CIDRs (v4 or v6), comma-separated",
                            )
                        })?,
                ),
            },
            trusted_proxy_hops: vars.number("ZSCALER_MCP_TRUSTED_PROXY_HOPS", 0usize)?,
            max_body_bytes,
            tls: match (
                vars.get("ZSCALER_MCP_TLS_CERTFILE"),
                vars.get("ZSCALER_MCP_TLS_KEYFILE"),
            ) {
                (Some(c), Some(k)) => Some((c.to_string(), k.to_string())),
                (None, None) => None,
                (Some(_), None) => {
                    return Err(err(
                        "ZSCALER_MCP_TLS_KEYFILE",
                        "required with ZSCALER_MCP_TLS_CERTFILE",
                    ))
                }
                (None, Some(_)) => {
                    return Err(err(
                        "ZSCALER_MCP_TLS_CERTFILE",
                        "required with ZSCALER_MCP_TLS_KEYFILE",
                    ))
                }
            },
            allow_http: vars.flag("ZSCALER_MCP_ALLOW_HTTP")?,
            log_tool_calls: vars.flag("ZSCALER_MCP_LOG_TOOL_CALLS")?,
            sanitize_output: !vars.flag("ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION")?,
            disable_entitlement_filter: vars.flag("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER")?,
            confirm_tools: vars.patterns("ZSCALER_MCP_CONFIRM_TOOLS")?,
            confirm_exempt_tools: confirm_exemptions(vars)?,
            confirmation_ttl_secs,
            auth: AuthSettings::from_vars(vars),
            key_ring: match vars.get("ZSCALER_MCP_REQUEST_STATE_KEYS") {
                None => None,
                Some(v) => {
                    Some(KeyRing::parse(v).map_err(|p| err("ZSCALER_MCP_REQUEST_STATE_KEYS", p))?)
                }
            },
        })
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
