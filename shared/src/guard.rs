//! Transport checks that run before any MCP processing. This module is the one owner of
//! Host checking (rmcp's own allowlist is disabled), so Lambda and local HTTP agree.

/// The transport settings the guard enforces, borrowed from the configuration (which
/// depends on this module for its checks; the guard does not know the configuration).
#[derive(Clone, Copy, Debug)]
pub struct Transport<'a> {
    /// The bind address (`host[:port]`): the default Host allowlist off Lambda.
    pub bind: &'a str,
    pub allowed_hosts: Option<&'a [String]>,
    pub disable_host_validation: bool,
    pub allowed_origins: Option<&'a [String]>,
    pub allowed_source_ips: Option<&'a [ipnet::IpNet]>,
    pub trusted_proxy_hops: usize,
    /// Behind API Gateway or a Function URL (changes the defaults).
    pub on_lambda: bool,
}

/// One entry of `ZSCALER_MCP_ALLOWED_HOSTS`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum HostRule {
    Any,
    /// Host with any port.
    Host(String),
    HostPort(String, u16),
    /// `*.example.com`: any subdomain (not the apex), any port.
    Subdomains(String),
}

/// The Host allowlist in force for this process.
#[derive(Clone, Debug)]
pub struct HostPolicy {
    rules: Vec<HostRule>,
    /// On Lambda with no explicit list: accept the domain API Gateway reports.
    allow_gateway_domain: bool,
}

/// Split `host[:port]`, handling bracketed IPv6; lower-cases the host.
pub fn split_authority(authority: &str) -> Option<(String, Option<u16>)> {
    let a = authority.trim();
    if a.is_empty() {
        return None;
    }
    if let Some(rest) = a.strip_prefix('[') {
        let end = rest.find(']')?;
        let host = &rest[..end];
        let after = &rest[end + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p.parse().ok()?),
            None if after.is_empty() => None,
            None => return None,
        };
        return Some((host.to_ascii_lowercase(), port));
    }
    match a.rsplit_once(':') {
        // A bare IPv6 address without brackets has several colons: no port then.
        Some((h, p)) if !h.contains(':') => Some((h.to_ascii_lowercase(), Some(p.parse().ok()?))),
        _ => Some((a.to_ascii_lowercase(), None)),
    }
}

/// Whether a `ZSCALER_MCP_ALLOWED_HOSTS` entry is one the guard understands (config refuses
/// the others at start).
pub fn is_host_rule(entry: &str) -> bool {
    parse_rule(entry).is_some()
}

fn parse_rule(entry: &str) -> Option<HostRule> {
    let e = entry.trim();
    if e == "*" {
        return Some(HostRule::Any);
    }
    if let Some(domain) = e.strip_prefix("*.") {
        return Some(HostRule::Subdomains(domain.to_ascii_lowercase()));
    }
    if let Some(host) = e.strip_suffix(":*") {
        let (h, _) = split_authority(host)?;
        return Some(HostRule::Host(h));
    }
    match split_authority(e)? {
        (h, Some(p)) => Some(HostRule::HostPort(h, p)),
        (h, None) => Some(HostRule::Host(h)),
    }
}

fn is_loopback_name(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "::1" | "[::1]")
}

impl HostPolicy {
    /// The policy in force. `on_lambda` changes the default when no list is given.
    pub fn new(t: &Transport<'_>) -> HostPolicy {
        if t.disable_host_validation {
            return HostPolicy {
                rules: vec![HostRule::Any],
                allow_gateway_domain: false,
            };
        }
        if let Some(list) = t.allowed_hosts {
            return HostPolicy {
                rules: list.iter().filter_map(|e| parse_rule(e)).collect(),
                allow_gateway_domain: false,
            };
        }
        if t.on_lambda {
            return HostPolicy {
                rules: Vec::new(),
                allow_gateway_domain: true,
            };
        }
        // Default: the bind address only, plus the loopback names on a loopback bind.
        let bind = split_authority(t.bind).map(|(h, _)| h).unwrap_or_default();
        let mut rules = vec![HostRule::Host(bind.clone())];
        if is_loopback_name(&bind) {
            for h in ["localhost", "127.0.0.1", "::1"] {
                rules.push(HostRule::Host(h.to_string()));
            }
        }
        HostPolicy {
            rules,
            allow_gateway_domain: false,
        }
    }

    /// Whether `host_header` may reach the server. `gateway_domain` is the domain from the
    /// Lambda request context, when there is one.
    pub fn allows(&self, host_header: Option<&str>, gateway_domain: Option<&str>) -> bool {
        if self.rules.contains(&HostRule::Any) {
            return true;
        }
        let Some((host, port)) = host_header.and_then(split_authority) else {
            return false;
        };
        if self.allow_gateway_domain {
            if let Some(domain) = gateway_domain {
                if host == domain.to_ascii_lowercase() {
                    return true;
                }
            }
        }
        self.rules.iter().any(|rule| match rule {
            HostRule::Any => true,
            HostRule::Host(h) => *h == host,
            HostRule::HostPort(h, p) => *h == host && Some(*p) == port,
            HostRule::Subdomains(d) => host
                .strip_suffix(d.as_str())
                .is_some_and(|prefix| prefix.len() > 1 && prefix.ends_with('.')),
        })
    }
}

/// The Origin allowlist. A request without `Origin` (server-to-server clients) passes; a
/// present Origin must be listed. This closes the DNS-rebinding hole for browsers.
#[derive(Clone, Debug)]
pub struct OriginPolicy {
    any: bool,
    exact: Vec<String>,
    /// `https://*.example.com`: scheme and domain suffix.
    wildcard: Vec<(String, String)>,
    /// With no list on a loopback bind: `http(s)://localhost|127.0.0.1|[::1]` on any port.
    loopback: bool,
}

impl OriginPolicy {
    pub fn new(t: &Transport<'_>) -> OriginPolicy {
        let mut p = OriginPolicy {
            any: false,
            exact: Vec::new(),
            wildcard: Vec::new(),
            loopback: false,
        };
        match t.allowed_origins {
            Some(list) => {
                for o in list {
                    let o = o.trim().trim_end_matches('/').to_ascii_lowercase();
                    if o == "*" {
                        p.any = true;
                    } else if let Some((scheme, rest)) = o.split_once("://*.") {
                        p.wildcard.push((scheme.to_string(), rest.to_string()));
                    } else {
                        p.exact.push(o);
                    }
                }
            }
            None => {
                p.loopback = !t.on_lambda
                    && split_authority(t.bind).is_some_and(|(h, _)| is_loopback_name(&h));
            }
        }
        p
    }

    pub fn allows(&self, origin: Option<&str>) -> bool {
        let Some(origin) = origin else {
            return true;
        };
        let o = origin.trim().trim_end_matches('/').to_ascii_lowercase();
        if self.any || self.exact.contains(&o) {
            return true;
        }
        let Some((scheme, authority)) = o.split_once("://") else {
            return false;
        };
        let Some((host, _)) = split_authority(authority) else {
            return false;
        };
        if self.loopback && matches!(scheme, "http" | "https") && is_loopback_name(&host) {
            return true;
        }
        self.wildcard.iter().any(|(s, domain)| {
            s == scheme
                && host
                    .strip_suffix(domain.as_str())
                    .is_some_and(|prefix| prefix.len() > 1 && prefix.ends_with('.'))
        })
    }
}

/// The source-IP ACL.
#[derive(Clone, Debug)]
pub struct SourcePolicy {
    allowed: Option<Vec<ipnet::IpNet>>,
    trusted_hops: usize,
}

impl SourcePolicy {
    pub fn new(t: &Transport<'_>) -> SourcePolicy {
        SourcePolicy {
            allowed: t.allowed_source_ips.map(<[_]>::to_vec),
            trusted_hops: t.trusted_proxy_hops,
        }
    }

    pub fn is_active(&self) -> bool {
        self.allowed.is_some()
    }

    /// The client address: the peer (socket or API Gateway's `sourceIp`), or, only when the
    /// operator trusts N proxies, the N-th `X-Forwarded-For` entry from the right.
    ///
    /// `forwarded_for` yields every `X-Forwarded-For` header line in the order received.
    /// Several lines are one comma-separated list (RFC 9110 §5.3): a proxy that adds its
    /// own line after the client's must not let the client's line decide. Empty elements
    /// are ignored (RFC 9110 §5.6.1). The selected entry may be an IPv4 or IPv6 address,
    /// optionally with a port (`1.2.3.4:5678`, `[2001:db8::1]:443`) or quoted; anything
    /// else (`unknown`, an obfuscated name, garbage) gives `None`: no address, refused by
    /// an active ACL. The `Forwarded` header (RFC 7239) is not read: a client can send one
    /// as easily as an `X-Forwarded-For` line, and two sources of truth are one too many.
    pub fn client_ip<'a>(
        &self,
        peer: Option<std::net::IpAddr>,
        forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> Option<std::net::IpAddr> {
        if self.trusted_hops == 0 {
            return peer;
        }
        let entries: Vec<&str> = forwarded_for
            .into_iter()
            .flat_map(|line| line.split(','))
            .map(|e| e.trim_matches([' ', '\t']))
            .filter(|e| !e.is_empty())
            .collect();
        if entries.len() < self.trusted_hops {
            // Fewer hops than configured: the header cannot be trusted.
            return peer;
        }
        parse_forwarded_node(entries[entries.len() - self.trusted_hops])
    }

    /// [`Self::client_ip`] over every `X-Forwarded-For` line of `headers`. A line that is
    /// not visible ASCII still counts as (garbage) entries, so it cannot shift positions.
    pub fn client_ip_from_headers(
        &self,
        peer: Option<std::net::IpAddr>,
        headers: &http::HeaderMap,
    ) -> Option<std::net::IpAddr> {
        if self.trusted_hops == 0 {
            return peer;
        }
        let lines: Vec<std::borrow::Cow<'_, str>> = headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()))
            .collect();
        self.client_ip(peer, lines.iter().map(|l| l.as_ref()))
    }

    /// Whether `ip` is in the allowlist. An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`,
    /// what a dual-stack socket reports for an IPv4 peer) also matches its IPv4 form.
    pub fn allows(&self, ip: Option<std::net::IpAddr>) -> bool {
        match (&self.allowed, ip) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(nets), Some(ip)) => {
                let canonical = ip.to_canonical();
                nets.iter()
                    .any(|n| n.contains(&ip) || n.contains(&canonical))
            }
        }
    }
}

/// One `X-Forwarded-For` element as an address: bare, quoted, `v4:port`, `[v6]` or
/// `[v6]:port`. `None` for anything else.
fn parse_forwarded_node(entry: &str) -> Option<std::net::IpAddr> {
    let e = entry.trim();
    let e = e
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(e);
    if let Ok(ip) = e.parse::<std::net::IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = e.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port_ok = after.is_empty()
            || after
                .strip_prefix(':')
                .is_some_and(|p| p.parse::<u16>().is_ok());
        return if port_ok {
            inside.parse::<std::net::Ipv6Addr>().ok().map(Into::into)
        } else {
            None
        };
    }
    let (host, port) = e.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(Into::into)
}
