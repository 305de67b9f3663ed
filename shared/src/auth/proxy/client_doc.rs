//! Client ID metadata documents (draft-ietf-oauth-client-id-metadata-document): a client
//! whose client_id is an https URL publishes its metadata there. The proxy fetches it at
//! /authorize with a size and time limit, without following redirects, and only from a
//! public address: the name is resolved once, every address it resolves to must be public,
//! and the connection is pinned to that address (so a second resolution cannot point it at
//! an internal service). Loopback is allowed only with the test-only
//! `OIDCPROXY_ALLOW_LOOPBACK_CLIENT_METADATA` (which then also accepts plain http there).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde_json::Value;

use super::super::util::{read_limited, redirect_refused};
use super::{valid_redirect_uri, ClientInfo, TokenAuth};

/// Largest metadata document accepted.
pub const MAX_CLIENT_DOCUMENT_LEN: usize = 16 * 1024;
/// Longest client_id URL accepted.
pub const MAX_CLIENT_ID_URL_LEN: usize = 1024;
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether `ip` is an address on the public internet (not loopback, private, link-local,
/// carrier-grade NAT, documentation, multicast, reserved, or an IPv4-mapped one of those).
pub fn is_public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || o[0] == 0
                || o[0] >= 240
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 198 && (18..20).contains(&o[1])))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_ip(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8
                || first == 0x0064 && v6.segments()[1] == 0xff9b)
        }
    }
}

/// Whether `client_id` has the shape of a metadata document URL this proxy will fetch.
pub fn is_document_client_id(client_id: &str) -> bool {
    client_id.starts_with("https://") || client_id.starts_with("http://")
}

/// Checks the URL itself: https (http only on loopback when allowed), a path, no fragment,
/// no credentials, no dot segments.
fn document_url(client_id: &str, allow_loopback: bool) -> Result<url::Url, &'static str> {
    if client_id.len() > MAX_CLIENT_ID_URL_LEN {
        return Err("the client_id URL is too long");
    }
    let url = url::Url::parse(client_id).map_err(|_| "the client_id URL does not parse")?;
    // The parser normalizes; a client_id must already be in that form to be compared exactly.
    if url.as_str() != client_id {
        return Err("the client_id URL is not in normal form");
    }
    let https = url.scheme() == "https";
    if !(https || (allow_loopback && url.scheme() == "http")) {
        return Err("the client_id URL must use https");
    }
    if url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err("the client_id URL must not carry a fragment or credentials");
    }
    if url.path() == "/" || client_id.contains("/./") || client_id.contains("/../") {
        return Err("the client_id URL must have a path without dot segments");
    }
    Ok(url)
}

/// Resolves the host and refuses anything not public (loopback only when allowed).
async fn pinned_address(url: &url::Url, allow_loopback: bool) -> Result<SocketAddr, &'static str> {
    let port = url
        .port_or_known_default()
        .ok_or("the client_id URL has no port")?;
    let addrs: Vec<SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(url::Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(url::Host::Domain(name)) => tokio::net::lookup_host((name, port))
            .await
            .map_err(|_| "the client_id host does not resolve")?
            .collect(),
        None => return Err("the client_id URL has no host"),
    };
    let acceptable =
        |a: &SocketAddr| is_public_ip(a.ip()) || (allow_loopback && a.ip().is_loopback());
    if addrs.is_empty() || !addrs.iter().all(acceptable) {
        return Err("the client_id host is not a public address");
    }
    Ok(addrs[0])
}

/// Fetches and checks the metadata document named by `client_id`.
pub(super) async fn fetch(
    client_id: &str,
    allow_loopback: bool,
) -> Result<ClientInfo, &'static str> {
    let url = document_url(client_id, allow_loopback)?;
    let addr = pinned_address(&url, allow_loopback).await?;
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(FETCH_TIMEOUT)
        .connect_timeout(FETCH_TIMEOUT);
    if let Some(url::Host::Domain(name)) = url.host() {
        builder = builder.resolve(name, addr);
    }
    let http = builder
        .build()
        .map_err(|_| "the metadata client could not be built")?;
    let resp = http
        .get(url.clone())
        .header(http::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|_| "the client metadata document could not be fetched")?;
    if redirect_refused(&resp).is_some() || resp.status() != reqwest::StatusCode::OK {
        return Err("the client metadata document could not be fetched");
    }
    let body = read_limited(resp, MAX_CLIENT_DOCUMENT_LEN)
        .await
        .map_err(|_| "the client metadata document is too large or unreadable")?;
    parse(client_id, &body)
}

/// Checks a fetched document: it names itself, lists valid redirect URIs and asks for no
/// client authentication this proxy cannot do (public clients only: `none`).
pub fn parse(client_id: &str, body: &[u8]) -> Result<ClientInfo, &'static str> {
    let doc: Value =
        serde_json::from_slice(body).map_err(|_| "the client metadata document is not JSON")?;
    if doc.get("client_id").and_then(Value::as_str) != Some(client_id) {
        return Err("the client metadata document names another client_id");
    }
    match doc
        .get("token_endpoint_auth_method")
        .and_then(Value::as_str)
    {
        None | Some("none") => {}
        Some(_) => {
            return Err("only public clients (token_endpoint_auth_method none) are supported")
        }
    }
    let uris: Vec<String> = doc
        .get("redirect_uris")
        .and_then(Value::as_array)
        .ok_or("the client metadata document has no redirect_uris")?
        .iter()
        .map(|u| u.as_str().map(str::to_string))
        .collect::<Option<Vec<String>>>()
        .ok_or("redirect_uris must be strings")?;
    if uris.is_empty() || uris.len() > super::MAX_REDIRECT_URIS {
        return Err("redirect_uris must list 1 to 10 URIs");
    }
    if !uris.iter().all(|u| valid_redirect_uri(u)) {
        return Err("a redirect URI is not acceptable");
    }
    Ok(ClientInfo {
        client_id: client_id.to_string(),
        redirect_uris: uris,
        auth: TokenAuth::None,
    })
}
