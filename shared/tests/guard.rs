//! The transport guard (Host, Origin, source IP) through its public API, with policies
//! built from configuration the way the HTTP layer builds them.

mod tests {
    pub use zscaler_mcp::config::{Config, Vars};
    pub use zscaler_mcp::guard::*;

    pub fn config(extra: &[(&str, &str)]) -> Config {
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
        let p = HostPolicy::new(&config(&[]).transport(false));
        assert!(p.allows(Some("127.0.0.1:8000"), None));
        assert!(p.allows(Some("localhost"), None));
        assert!(p.allows(Some("[::1]:8000"), None));
        assert!(!p.allows(Some("evil.example.com"), None));
        assert!(!p.allows(None, None));
        assert!(!p.allows(Some(""), None));
    }

    #[test]
    fn lambda_default_is_the_gateway_domain() {
        let p = HostPolicy::new(&config(&[]).transport(true));
        let d = "abc123.execute-api.us-east-1.amazonaws.com";
        assert!(p.allows(Some(d), Some(d)));
        assert!(!p.allows(Some("evil.example.com"), Some(d)));
        assert!(!p.allows(Some(d), None));
    }

    #[test]
    fn explicit_list_forms() {
        let p = HostPolicy::new(
            &config(&[(
                "ZSCALER_MCP_ALLOWED_HOSTS",
                "mcp.example.com:443, api.example.com:*, *.corp.example, plain.example",
            )])
            .transport(true),
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
        let p = HostPolicy::new(
            &config(&[("ZSCALER_MCP_DISABLE_HOST_VALIDATION", "true")]).transport(false),
        );
        assert!(p.allows(Some("anything"), None));
    }
}

mod origin_and_source_tests {
    use super::tests::*;

    #[test]
    fn origins() {
        let p = OriginPolicy::new(&config(&[]).transport(false));
        assert!(p.allows(None), "server-to-server clients send no Origin");
        assert!(p.allows(Some("http://localhost:6274")));
        assert!(!p.allows(Some("https://evil.example")));
        let p = OriginPolicy::new(&config(&[]).transport(true));
        assert!(
            !p.allows(Some("http://localhost:6274")),
            "Lambda: no loopback default"
        );
        let p = OriginPolicy::new(
            &config(&[(
                "ZSCALER_MCP_ALLOWED_ORIGINS",
                "https://claude.ai, https://*.example.com",
            )])
            .transport(true),
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
        let p = SourcePolicy::new(&c.transport(false));
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
        let p = SourcePolicy::new(&c.transport(false));
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
mod forwarded_for_tests {
    use super::tests::*;
    use std::net::IpAddr;

    fn policy(hops: &str) -> SourcePolicy {
        SourcePolicy::new(
            &config(&[
                (
                    "ZSCALER_MCP_ALLOWED_SOURCE_IPS",
                    "10.0.0.0/8, 2001:db8::/32",
                ),
                ("ZSCALER_MCP_TRUSTED_PROXY_HOPS", hops),
            ])
            .transport(false),
        )
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
