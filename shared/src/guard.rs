//! Transport checks that run before any MCP processing. This module is the one owner of
//! Host checking (rmcp's own allowlist is disabled), so Lambda and local HTTP agree.

use crate::config::Config;

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
    /// From config. `on_lambda` changes the default when no list is given.
    pub fn from_config(config: &Config, on_lambda: bool) -> HostPolicy {
        if config.disable_host_validation {
            return HostPolicy {
                rules: vec![HostRule::Any],
                allow_gateway_domain: false,
            };
        }
        if let Some(list) = &config.allowed_hosts {
            return HostPolicy {
                rules: list.iter().filter_map(|e| parse_rule(e)).collect(),
                allow_gateway_domain: false,
            };
        }
        if on_lambda {
            return HostPolicy {
                rules: Vec::new(),
                allow_gateway_domain: true,
            };
        }
        // Default: the bind address only, plus the loopback names on a loopback bind.
        let bind = split_authority(&config.host)
            .map(|(h, _)| h)
            .unwrap_or_default();
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
    pub fn from_config(config: &Config, on_lambda: bool) -> OriginPolicy {
        let mut p = OriginPolicy {
            any: false,
            exact: Vec::new(),
            wildcard: Vec::new(),
            loopback: false,
        };
        match &config.allowed_origins {
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
                p.loopback = !on_lambda
                    && split_authority(&config.host).is_some_and(|(h, _)| is_loopback_name(&h));
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
    pub fn from_config(config: &Config) -> SourcePolicy {
        SourcePolicy {
            allowed: config.allowed_source_ips.clone(),
            trusted_hops: config.trusted_proxy_hops,
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::Vars;

    pub(crate) fn config(extra: &[(&str, &str)]) -> Config {
        let mut v = Vars::from_pairs([
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_CLIENT_SECRET", "s"),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
        ]);
        for (k, val) in extra {
            v.set(k, *val);
        }
        Config::from_vars(&v).unwrap()
    }

    #[test]
    fn loopback_default_refuses_other_hosts() {
        let p = HostPolicy::from_config(&config(&[]), false);
        assert!(p.allows(Some("127.0.0.1:8000"), None));
        assert!(p.allows(Some("localhost"), None));
        assert!(p.allows(Some("[::1]:8000"), None));
        assert!(!p.allows(Some("evil.example.com"), None));
        assert!(!p.allows(None, None));
        assert!(!p.allows(Some(""), None));
    }

    #[test]
    fn lambda_default_is_the_gateway_domain() {
        let p = HostPolicy::from_config(&config(&[]), true);
        let d = "abc123.execute-api.us-east-1.amazonaws.com";
        assert!(p.allows(Some(d), Some(d)));
        assert!(!p.allows(Some("evil.example.com"), Some(d)));
        assert!(!p.allows(Some(d), None));
    }

    #[test]
    fn explicit_list_forms() {
        let p = HostPolicy::from_config(
            &config(&[(
                "ZSCALER_MCP_ALLOWED_HOSTS",
                "mcp.example.com:443, api.example.com:*, *.corp.example, plain.example",
            )]),
            true,
        );
        assert!(p.allows(Some("mcp.example.com:443"), None));
        assert!(!p.allows(Some("mcp.example.com:8443"), None));
        assert!(p.allows(Some("API.example.com:1"), None));
        assert!(p.allows(Some("a.b.corp.example"), None));
        assert!(!p.allows(Some("corp.example"), None));
        assert!(!p.allows(Some("evilcorp.example"), None));
        assert!(p.allows(Some("plain.example:9"), None));
        // An explicit list replaces the gateway-domain default.
        let d = "abc.execute-api.us-east-1.amazonaws.com";
        assert!(!p.allows(Some(d), Some(d)));
    }

    #[test]
    fn disabled_validation_allows_any() {
        let p = HostPolicy::from_config(
            &config(&[("ZSCALER_MCP_DISABLE_HOST_VALIDATION", "true")]),
            false,
        );
        assert!(p.allows(Some("anything"), None));
    }
}

#[cfg(test)]
mod origin_and_source_tests {
    use super::tests::config;
    use super::*;
    use crate::config::Vars;

    #[test]
    fn origins() {
        let p = OriginPolicy::from_config(&config(&[]), false);
        assert!(p.allows(None), "server-to-server clients send no Origin");
        assert!(p.allows(Some("http://localhost:6274")));
        assert!(!p.allows(Some("https://evil.example")));
        let p = OriginPolicy::from_config(&config(&[]), true);
        assert!(
            !p.allows(Some("http://localhost:6274")),
            "Lambda: no loopback default"
        );
        let p = OriginPolicy::from_config(
            &config(&[(
                "ZSCALER_MCP_ALLOWED_ORIGINS",
                "https://claude.ai, https://*.example.com",
            )]),
            true,
        );
        assert!(p.allows(Some("https://claude.ai")));
        assert!(p.allows(Some("https://app.example.com")));
        assert!(!p.allows(Some("http://app.example.com")));
        assert!(!p.allows(Some("https://example.com")));
        assert!(!p.allows(Some("https://claude.ai.evil.com")));
        assert!(!p.allows(Some("null")));
    }

    #[test]
    fn source_ips_v4_v6_and_forwarded_for() {
        let c = config(&[(
            "ZSCALER_MCP_ALLOWED_SOURCE_IPS",
            "10.0.0.0/8, 203.0.113.7, 2001:db8::/32",
        )]);
        let p = SourcePolicy::from_config(&c);
        let ip = |s: &str| Some(s.parse::<std::net::IpAddr>().unwrap());
        assert!(p.allows(ip("10.1.2.3")));
        assert!(p.allows(ip("203.0.113.7")));
        assert!(!p.allows(ip("203.0.113.8")));
        assert!(p.allows(ip("2001:db8::1")));
        assert!(!p.allows(ip("2001:db9::1")));
        assert!(!p.allows(None));
        // X-Forwarded-For is ignored unless hops are trusted.
        assert_eq!(
            p.client_ip(ip("198.51.100.1"), Some("10.0.0.1")),
            ip("198.51.100.1")
        );
        let c = config(&[
            ("ZSCALER_MCP_ALLOWED_SOURCE_IPS", "10.0.0.0/8"),
            ("ZSCALER_MCP_TRUSTED_PROXY_HOPS", "1"),
        ]);
        let p = SourcePolicy::from_config(&c);
        assert_eq!(
            p.client_ip(ip("198.51.100.1"), Some("6.6.6.6, 10.0.0.1")),
            ip("10.0.0.1"),
            "only the entry the trusted proxy added counts"
        );
        assert_eq!(p.client_ip(ip("198.51.100.1"), None), ip("198.51.100.1"));
        let bad = Config::from_vars(&Vars::from_pairs([
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_CLIENT_SECRET", "s"),
            ("ZSCALER_VANITY_DOMAIN", "acme"),
            ("ZSCALER_MCP_ALLOWED_SOURCE_IPS", "10.0.0.0/33"),
        ]))
        .unwrap_err();
        assert_eq!(bad.setting, "ZSCALER_MCP_ALLOWED_SOURCE_IPS");
    }
}

/// Issue 15: `X-Forwarded-For` is one list across all its header lines.
#[cfg(test)]
mod forwarded_for_tests {
    use super::tests::config;
    use super::*;
    use std::net::IpAddr;

    fn policy(hops: &str) -> SourcePolicy {
        SourcePolicy::from_config(&config(&[
            (
                "ZSCALER_MCP_ALLOWED_SOURCE_IPS",
                "10.0.0.0/8, 2001:db8::/32",
            ),
            ("ZSCALER_MCP_TRUSTED_PROXY_HOPS", hops),
        ]))
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    const PEER: &str = "192.0.2.9";

    fn with_lines(p: &SourcePolicy, lines: &[&str]) -> Option<IpAddr> {
        let mut headers = http::HeaderMap::new();
        for l in lines {
            headers.append("x-forwarded-for", http::HeaderValue::from_str(l).unwrap());
        }
        let from_headers = p.client_ip_from_headers(ip(PEER), &headers);
        assert_eq!(from_headers, p.client_ip(ip(PEER), lines.iter().copied()));
        from_headers
    }

    #[test]
    fn a_proxy_line_after_the_client_line_decides() {
        let p = policy("1");
        // The reported bypass: the client's own line first, the proxy's appended line second.
        let got = with_lines(&p, &["10.0.0.1", "6.6.6.6"]);
        assert_eq!(got, ip("6.6.6.6"));
        assert!(
            !p.allows(got),
            "a client line cannot buy an allowed address"
        );
        // The honest case is still allowed.
        assert!(p.allows(with_lines(&p, &["6.6.6.6", "10.0.0.1"])));
        // Same list whether the proxy appends to the line or adds a line.
        assert_eq!(
            with_lines(&p, &["10.0.0.1, 6.6.6.6"]),
            with_lines(&p, &["10.0.0.1", "6.6.6.6"])
        );
    }

    #[test]
    fn three_lines_and_two_trusted_hops() {
        let p = policy("2");
        let lines = ["10.9.9.9, 10.8.8.8", "6.6.6.6", "172.16.0.1"];
        assert_eq!(with_lines(&p, &lines), ip("6.6.6.6"));
        let p = policy("3");
        assert_eq!(with_lines(&p, &lines), ip("10.8.8.8"));
        let p = policy("1");
        assert_eq!(with_lines(&p, &lines), ip("172.16.0.1"));
        // More hops than entries: the header cannot be trusted, the peer counts.
        let p = policy("5");
        assert_eq!(with_lines(&p, &lines), ip(PEER));
    }

    #[test]
    fn empty_lines_and_elements_are_ignored_not_counted() {
        let p = policy("1");
        assert_eq!(with_lines(&p, &["10.0.0.1", "", "6.6.6.6"]), ip("6.6.6.6"));
        assert_eq!(with_lines(&p, &["10.0.0.1", "6.6.6.6", ""]), ip("6.6.6.6"));
        assert_eq!(
            with_lines(&p, &["10.0.0.1", " , ,", "6.6.6.6,"]),
            ip("6.6.6.6")
        );
        assert_eq!(with_lines(&p, &["", " "]), ip(PEER));
    }

    #[test]
    fn spaces_and_tabs_around_elements() {
        let p = policy("1");
        assert_eq!(with_lines(&p, &["  10.0.0.1 ,\t6.6.6.6\t"]), ip("6.6.6.6"));
        assert_eq!(
            with_lines(&p, &["6.6.6.6", "   10.0.0.7   "]),
            ip("10.0.0.7")
        );
    }

    #[test]
    fn garbage_at_the_trusted_position_means_no_address() {
        let p = policy("1");
        for garbage in [
            "unknown",
            "_hidden",
            "10.0.0.1.evil",
            "10.0.0.1:99999",
            "10.0.0.1:",
            "[10.0.0.1]",
            "[2001:db8::1",
            "[2001:db8::1]x",
            "2001:db8::1:80:",
            "10.0.0.0/8",
            "localhost",
        ] {
            let got = with_lines(&p, &["10.0.0.1", garbage]);
            assert_eq!(got, None, "{garbage:?}");
            assert!(!p.allows(got), "{garbage:?}");
        }
        // Garbage to the left of the trusted entry does not matter.
        assert_eq!(
            with_lines(&p, &["unknown, junk", "10.0.0.2"]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn addresses_with_ports_brackets_and_quotes() {
        let p = policy("1");
        assert_eq!(with_lines(&p, &["10.0.0.3:5678"]), ip("10.0.0.3"));
        assert_eq!(with_lines(&p, &["[2001:db8::1]:443"]), ip("2001:db8::1"));
        assert_eq!(with_lines(&p, &["[2001:db8::1]"]), ip("2001:db8::1"));
        assert_eq!(with_lines(&p, &["2001:DB8::1"]), ip("2001:db8::1"));
        assert_eq!(with_lines(&p, &["\"10.0.0.4\""]), ip("10.0.0.4"));
        assert_eq!(with_lines(&p, &["\"[2001:db8::2]:80\""]), ip("2001:db8::2"));
        assert!(p.allows(with_lines(&p, &["6.6.6.6", "[2001:db8::1]:443"])));
        assert!(!p.allows(with_lines(&p, &["[2001:db8::1]:443", "[2001:db9::1]:1"])));
    }

    #[test]
    fn non_ascii_line_is_counted_as_garbage() {
        let p = policy("1");
        let mut headers = http::HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            http::HeaderValue::from_static("10.0.0.1"),
        );
        headers.append(
            "x-forwarded-for",
            http::HeaderValue::from_bytes(b"6.6.6.6\xff").unwrap(),
        );
        assert_eq!(p.client_ip_from_headers(ip(PEER), &headers), None);
        let mut headers = http::HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            http::HeaderValue::from_bytes(b"\xfe, 10.0.0.1").unwrap(),
        );
        assert_eq!(p.client_ip_from_headers(ip(PEER), &headers), ip("10.0.0.1"));
    }

    #[test]
    fn forwarded_header_is_not_read() {
        let p = policy("1");
        let mut headers = http::HeaderMap::new();
        headers.append(
            "forwarded",
            http::HeaderValue::from_static("for=10.0.0.1;proto=https"),
        );
        assert_eq!(p.client_ip_from_headers(ip(PEER), &headers), ip(PEER));
        headers.append("x-forwarded-for", http::HeaderValue::from_static("6.6.6.6"));
        assert_eq!(p.client_ip_from_headers(ip(PEER), &headers), ip("6.6.6.6"));
    }

    #[test]
    fn zero_trusted_hops_ignores_every_line() {
        let p = policy("0");
        assert_eq!(with_lines(&p, &["10.0.0.1", "10.0.0.2"]), ip(PEER));
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_rules() {
        let p = policy("0");
        assert!(p.allows(ip("::ffff:10.1.2.3")));
        assert!(!p.allows(ip("::ffff:11.1.2.3")));
    }
}
