//! Small helpers: hashing, URL pieces, header quoting, bounded response bodies.

use std::sync::OnceLock;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use url::{Host, Url};

/// An HTTP client built on first use, so constructing the authenticator does no work beyond
/// parsing (cold start). No redirects: key material and credentials go only where configured.
pub(super) struct LazyHttp {
    cell: OnceLock<reqwest::Client>,
    timeout: Duration,
}

impl LazyHttp {
    pub(super) fn new(timeout: Duration) -> LazyHttp {
        LazyHttp {
            cell: OnceLock::new(),
            timeout,
        }
    }

    pub(super) fn get(&self) -> &reqwest::Client {
        self.cell.get_or_init(|| {
            reqwest::Client::builder()
                .user_agent(concat!(
                    "zscaler-mcp-serverless/",
                    env!("CARGO_PKG_VERSION")
                ))
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.timeout.min(Duration::from_secs(5)))
                .timeout(self.timeout)
                .build()
                .expect("the HTTP client builds with static settings")
        })
    }
}

/// The bytes a caller-id component escapes: controls, space, `%` and `:` (non-ASCII bytes
/// are always escaped by `percent-encoding`).
const PRINCIPAL_ESCAPES: &AsciiSet = &CONTROLS.add(b' ').add(b'%').add(b':');

/// One component of a caller id, percent-encoded so ids built from several components
/// parse one way only: `%`, `:` and every byte outside visible ASCII (controls, spaces,
/// non-ASCII, which could also hide or reorder text in a log) become `%XX`. Plain
/// identifiers (`client-app`, `user-1`) are unchanged.
pub(crate) fn principal_component(value: &str) -> String {
    utf8_percent_encode(value, PRINCIPAL_ESCAPES).to_string()
}

/// For a 3xx answer that was not followed: `"HTTP 307 redirect to other.example:8443 (not
/// followed)"`, naming only the target's host and port (never its path or query).
pub(super) fn redirect_refused(resp: &reqwest::Response) -> Option<String> {
    if !resp.status().is_redirection() {
        return None;
    }
    let target = resp
        .headers()
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|loc| resp.url().join(loc).ok())
        .map(|u| match (u.host_str(), u.port_or_known_default()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => "an unnamed host".to_string(),
        })
        .unwrap_or_else(|| "an unnamed location".to_string());
    Some(format!(
        "HTTP {} redirect to {target} (not followed: requests of the authentication \
         layer never follow redirects)",
        resp.status().as_u16()
    ))
}

pub(super) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

pub(super) fn to_hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Equality of two digests without an early exit.
pub(super) fn digests_equal(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.ct_eq(b).into()
}

pub(super) fn is_http_url(v: &str) -> bool {
    (v.starts_with("http://") || v.starts_with("https://")) && url_parts(v).is_some()
}

/// `scheme://authority` and the path (without query or fragment). `None` when the URL has
/// no scheme, no host, or user info, or when the `url` crate refuses it (a bad port or
/// host). The parts are slices of `url` as written: callers rebuild URLs from them (the
/// metadata URL, an issuer), which keep the configured spelling.
pub(super) fn url_parts(url: &str) -> Option<(&str, &str)> {
    let parsed = Url::parse(url).ok()?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return None;
    }
    let rest_at = url.find("://")? + 3;
    let rest = &url[rest_at..];
    let auth_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    // `https://@host` has an empty user name, which `url` does not report.
    let user_info = rest[..auth_len].contains('@');
    if auth_len == 0 || user_info || parsed.host_str().is_none_or(str::is_empty) {
        return None;
    }
    let tail = &rest[auth_len..];
    let path_len = tail.find(['?', '#']).unwrap_or(tail.len());
    Some((&url[..rest_at + auth_len], &tail[..path_len]))
}

/// The normal form of an http(s) resource URI, used to compare a token's audience with this
/// server's resource (RFC 8707 §2, compared after RFC 3986 §6.2.2/§6.2.3 normalization):
/// scheme and host lower-cased, the scheme's default port dropped, and one trailing `/`
/// removed from the path (so an empty path and `/` agree, and `/mcp/`, which the router
/// serves as the same endpoint as `/mcp`, names the same resource). The `url` crate also
/// applies the rest of RFC 3986 §6.2.2 and the WHATWG host rules (percent-encoding and dot
/// segments in the path, IDNA and numeric IPv4 forms in the host). Nothing else is
/// equated: no prefix, no second trailing slash, no other port, scheme or host. `None` for
/// anything that cannot be this server's resource: another scheme, user info, a query or
/// fragment (RFC 8707 forbids a fragment and this resource has no query), an empty host, a
/// bad port, whitespace or control characters.
pub(super) fn canonical_resource(url: &str) -> Option<String> {
    // The url crate forgives what an identifier compared as a string must not have: it
    // strips tabs, newlines and edge spaces, skips extra slashes after `https:` and takes
    // `host:` as the default port, and reports no user name for `https://@host`. Those are
    // refused on the text first.
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.ends_with(':') || authority.contains('@') {
        return None;
    }
    let u = Url::parse(url).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.query().is_some() || u.fragment().is_some() {
        return None;
    }
    let host = u.host_str().filter(|h| !h.is_empty())?;
    // `port()` is None for the scheme's default port, which the normal form drops.
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = u.path();
    let path = path.strip_suffix('/').unwrap_or(path);
    Some(format!("{}://{host}{port}{path}", u.scheme()))
}

pub(super) fn is_loopback_url(url: &str) -> bool {
    url_parts(url).is_some()
        && Url::parse(url).is_ok_and(|u| match u.host() {
            Some(Host::Domain(d)) => d == "localhost",
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        })
}

/// A value for an auth-param quoted-string: backslash-escapes `"` and `\`, drops anything
/// that is not printable ASCII (so it is always a valid header value).
pub(super) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => {}
        }
    }
    out.push('"');
    out
}

/// GETs a JSON document from an identity provider (discovery, JWKS): redirects refused,
/// 200 only, at most `limit` bytes.
pub(super) async fn get_document(
    client: &reqwest::Client,
    url: &str,
    limit: usize,
) -> Result<Vec<u8>, String> {
    let resp = client
        .get(url)
        .header(http::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| describe(&e))?;
    if let Some(refused) = redirect_refused(&resp) {
        return Err(refused);
    }
    if resp.status() != reqwest::StatusCode::OK {
        return Err(format!("HTTP {}", resp.status().as_u16()));
    }
    read_limited(resp, limit).await
}

/// Reads a response body, refusing anything larger than `limit` bytes.
pub(super) async fn read_limited(
    mut resp: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, String> {
    if resp.content_length().is_some_and(|n| n > limit as u64) {
        return Err(format!("response larger than {limit} bytes"));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| describe(&e))? {
        if body.len() + chunk.len() > limit {
            return Err(format!("response larger than {limit} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A reqwest error in one line (its URL is a configured endpoint, never a credential).
pub(super) fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_decode() || e.is_body() {
        "unreadable response"
    } else {
        "request failed"
    };
    match e.url() {
        Some(u) => format!("{kind} ({u})"),
        None => kind.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_pieces() {
        assert_eq!(
            url_parts("https://h.example:8443/mcp?x=1#f"),
            Some(("https://h.example:8443", "/mcp"))
        );
        assert_eq!(
            url_parts("https://h.example"),
            Some(("https://h.example", ""))
        );
        assert_eq!(url_parts("https://user@h.example/"), None);
        assert!(is_loopback_url("http://127.0.0.1:9/x"));
        assert!(is_loopback_url("http://[::1]:9/x"));
        assert!(is_loopback_url("http://localhost/x"));
        assert!(!is_loopback_url("http://127.0.0.1.evil.example/x"));
        assert!(!is_loopback_url("http://example.com/x"));
    }

    #[test]
    fn principal_components_are_unambiguous() {
        assert_eq!(principal_component("client-app"), "client-app");
        assert_eq!(principal_component("a:b"), "a%3Ab");
        assert_eq!(principal_component("50%"), "50%25");
        assert_eq!(principal_component("a b\u{7}\u{202e}"), "a%20b%07%E2%80%AE");
        assert_eq!(principal_component(""), "");
        // Injective on a sample that used to collide.
        let join =
            |a: &str, b: &str| format!("{}:{}", principal_component(a), principal_component(b));
        assert_ne!(join("a:b", "c"), join("a", "b:c"));
        assert_ne!(join("a%3Ab", "c"), join("a:b", "c"));
        assert_ne!(join("ab", ""), join("a\u{1}b", ""));
    }

    #[test]
    fn canonical_resources() {
        let c = |u: &str| canonical_resource(u);
        assert_eq!(
            c("https://h.example/mcp").as_deref(),
            Some("https://h.example/mcp")
        );
        assert_eq!(
            c("HTTPS://H.Example:443/mcp/").as_deref(),
            Some("https://h.example/mcp")
        );
        assert_eq!(
            c("http://h.example:80/mcp").as_deref(),
            Some("http://h.example/mcp")
        );
        assert_eq!(
            c("http://h.example:443/mcp").as_deref(),
            Some("http://h.example:443/mcp")
        );
        assert_eq!(
            c("https://[::1]:8443/mcp").as_deref(),
            Some("https://[::1]:8443/mcp")
        );
        assert_eq!(
            c("https://h.example/").as_deref(),
            Some("https://h.example")
        );
        assert_eq!(
            c("https://h.example/mcp//").as_deref(),
            Some("https://h.example/mcp/")
        );
        // The path keeps its case: only scheme and host are case-insensitive.
        assert_eq!(
            c("https://h.example/MCP").as_deref(),
            Some("https://h.example/MCP")
        );
        for bad in [
            "ftp://h.example/mcp",
            "https://u@h.example/mcp",
            "https://h.example/mcp?x=1",
            "https://h.example/mcp#f",
            "https:///mcp",
            "https://h.example:99999/mcp",
            "https://h.example:/mcp",
            "https://h .example/mcp",
            "zscaler-mcp-server",
        ] {
            assert_eq!(c(bad), None, "{bad}");
        }
    }

    #[test]
    fn what_the_url_crate_forgives_is_still_refused() {
        assert_eq!(url_parts("https://@h.example/mcp"), None);
        assert_eq!(url_parts("https://h.example:99999/mcp"), None);
        for bad in [
            "https://@h.example/mcp",
            " https://h.example/mcp",
            "https://h.exa\tmple/mcp",
            "https:/h.example/mcp",
            "https:////h.example/mcp",
        ] {
            assert_eq!(canonical_resource(bad), None, "{bad:?}");
        }
        // What the url crate normalizes on top: dot segments and numeric IPv4 forms.
        assert_eq!(
            canonical_resource("https://h.example/a/../mcp").as_deref(),
            Some("https://h.example/mcp")
        );
        assert_eq!(
            canonical_resource("http://0x7f.1:8080/mcp").as_deref(),
            Some("http://127.0.0.1:8080/mcp")
        );
        assert!(is_loopback_url("http://0x7f.1/x"));
        assert!(!is_loopback_url("http://[::2]/x"));
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\\c\r\n"), "\"a\\\"b\\\\c\"");
    }
}
