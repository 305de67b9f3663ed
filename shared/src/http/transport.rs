//! Layer 4 of the product spec, transport hardening: the Host allowlist, the Origin
//! allowlist and the source-IP ACL (policies in `crate::guard`). A request that passes is
//! annotated with [`Caller`]: where it came from and the public base URL it addressed.

use std::net::IpAddr;

use http::{header, StatusCode};

use super::gate::{Gate, Req};
use super::reply::{codes, refused, HttpResponse};
use crate::auth::ResourceHost;
use crate::guard::{HostPolicy, OriginPolicy, SourcePolicy, Transport};

/// The socket peer of a local HTTP connection, inserted by the local server.
#[derive(Clone, Copy, Debug)]
pub struct PeerAddr(pub std::net::SocketAddr);

/// What API Gateway or a Function URL reports about a request, inserted by the Lambda
/// entry (functions/mcp) from its request context: the caller's address and the domain
/// the request was served on.
#[derive(Clone, Debug, Default)]
pub struct GatewayContext {
    pub source_ip: Option<IpAddr>,
    pub domain_name: Option<String>,
}

/// Who is calling and which URL they addressed, as the transport layer established it.
#[derive(Clone, Debug)]
pub struct Caller {
    /// `scheme://host` as the client addressed it (the Host passed the allowlist).
    pub base: String,
    /// Whether the operator named that Host (only then may a URL built from it stand as a
    /// token audience).
    pub host_named: ResourceHost,
    /// The caller's address (peer, gateway source IP, or a trusted forwarded hop).
    pub source: Option<IpAddr>,
}

impl Caller {
    /// A caller the transport layer did not describe (not on the path `McpHttpService`
    /// assembles): no address, and a Host that may not stand as a token audience.
    pub fn unverified() -> Caller {
        Caller {
            base: "http://localhost".into(),
            host_named: ResourceHost::Unverified,
            source: None,
        }
    }

    /// The absolute URL of `path` on the addressed host.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

pub struct TransportGuard {
    hosts: HostPolicy,
    /// The Host allowlist without its wildcard entries (`None`: host validation is off).
    named_hosts: Option<HostPolicy>,
    origins: OriginPolicy,
    sources: SourcePolicy,
    /// Lambda is always reached over TLS (API Gateway or a Function URL).
    scheme: &'static str,
}

impl TransportGuard {
    pub fn new(t: &Transport<'_>, tls: bool) -> TransportGuard {
        TransportGuard {
            hosts: HostPolicy::new(t),
            named_hosts: named_host_policy(t),
            origins: OriginPolicy::new(t),
            sources: SourcePolicy::new(t),
            scheme: if t.on_lambda || tls { "https" } else { "http" },
        }
    }

    /// Whether some accepted Host was not named by the operator (a pattern or no check).
    pub fn accepts_unnamed_hosts(&self, t: &Transport<'_>) -> bool {
        self.named_hosts.is_none()
            || t.allowed_hosts
                .into_iter()
                .flatten()
                .any(|e| is_wildcard(e))
    }
}

impl Gate for TransportGuard {
    async fn check(&self, mut req: Req) -> Result<Req, HttpResponse> {
        let host = single_host(&req);
        let gateway = req
            .extensions()
            .get::<GatewayContext>()
            .cloned()
            .unwrap_or_default();
        let domain = gateway.domain_name.as_deref();
        if !self.hosts.allows(host.as_deref(), domain) {
            return Err(refused(
                StatusCode::MISDIRECTED_REQUEST,
                codes::REJECTED,
                "Misdirected request: Host header is not in ZSCALER_MCP_ALLOWED_HOSTS",
            ));
        }
        let host_named = match &self.named_hosts {
            Some(named) if named.allows(host.as_deref(), domain) => ResourceHost::Pinned,
            _ => ResourceHost::Unverified,
        };
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .map(|v| v.to_str().unwrap_or("\u{0}"));
        if !self.origins.allows(origin) {
            return Err(refused(
                StatusCode::FORBIDDEN,
                codes::REJECTED,
                "Forbidden: Origin is not in ZSCALER_MCP_ALLOWED_ORIGINS",
            ));
        }
        // The peer, or with trusted proxy hops the right entry of every X-Forwarded-For
        // line (they are one list, RFC 9110 §5.3). Used by the ACL and by the per-source
        // limit on credential checks.
        let peer = match req.extensions().get::<PeerAddr>() {
            Some(PeerAddr(addr)) => Some(addr.ip()),
            None => gateway.source_ip,
        };
        let source = self.sources.client_ip_from_headers(peer, req.headers());
        if self.sources.is_active() && !self.sources.allows(source) {
            let shown = source.map_or("unknown".to_string(), |ip| ip.to_string());
            return Err(refused(
                StatusCode::FORBIDDEN,
                codes::REJECTED,
                &format!("Forbidden: source IP {shown} is not in the allowed list"),
            ));
        }
        let base = format!(
            "{}://{}",
            self.scheme,
            host.as_deref().unwrap_or("localhost")
        );
        req.extensions_mut().insert(Caller {
            base,
            host_named,
            source,
        });
        Ok(req)
    }
}

/// The one Host of the request (its URI authority for HTTP/2). Two Host headers are
/// ambiguous: treated as no acceptable Host at all.
fn single_host(req: &Req) -> Option<String> {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (Some(h), None) => h.to_str().ok().map(str::to_string),
        (None, _) => req.uri().authority().map(|a| a.to_string()),
        (Some(_), Some(_)) => None,
    }
}

fn is_wildcard(entry: &str) -> bool {
    let e = entry.trim();
    e == "*" || e.starts_with("*.")
}

/// The Host policy of the entries that name a host (`None` when host validation is off).
fn named_host_policy(t: &Transport<'_>) -> Option<HostPolicy> {
    if t.disable_host_validation {
        return None;
    }
    let named: Option<Vec<String>> = t
        .allowed_hosts
        .map(|list| list.iter().filter(|e| !is_wildcard(e)).cloned().collect());
    Some(HostPolicy::new(&Transport {
        allowed_hosts: named.as_deref(),
        ..*t
    }))
}
