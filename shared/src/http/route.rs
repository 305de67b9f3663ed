//! Routing: `/health` (answered before any other check, for load balancers), the RFC 9728
//! protected-resource metadata, and `/mcp` (optionally behind one API Gateway stage
//! segment), which must be a POST that accepts both JSON and SSE. Everything else is 404.
//!
//! Surfaces by URL (`crate::discovery::UrlSurface`): `/mcp/x/{toolset,...}` and
//! `/mcp/readonly` are the same endpoint with a narrower tool surface. The request goes on
//! as `/mcp` with the surface in its extensions, so authentication sees one resource and
//! one audience (`<base>/mcp`); only the `resource_metadata` of its challenges points to
//! the path-suffixed metadata (`/.well-known/oauth-protected-resource/mcp/x/...`), which
//! announces that same resource.

use std::sync::Arc;

use http::{header, HeaderValue, Method, StatusCode};
use serde_json::json;

use http_body_util::BodyExt;

use super::authn::AuthGate;
use super::gate::{Gate, Req};
use super::message::read_body;
use super::reply::{codes, json_response, refused, HttpResponse};
use super::transport::Caller;
use crate::auth::proxy::OidcProxy;
use crate::auth::AuthRejection;
use crate::discovery::UrlSurface;

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Route {
    Mcp,
    /// `/mcp/x/...` or `/mcp/readonly`, with the plain MCP path (stage included).
    McpSurface {
        mcp_path: String,
        surface: UrlSurface,
    },
    /// `/mcp/x/...` naming an unknown toolset: the 404 message.
    UnknownSurface(String),
    Health,
    /// RFC 9728 metadata, with the MCP path it describes.
    ResourceMetadata(String),
    NotFound,
}

/// `/mcp`, optionally behind one API Gateway stage segment (`/prod/mcp`), and `/health`.
pub(super) fn route(path: &str) -> Route {
    let trimmed = path.trim_end_matches('/');
    let segments: Vec<&str> = trimmed.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [".well-known", "oauth-protected-resource"]
        | [".well-known", "oauth-protected-resource", "mcp"] => {
            Route::ResourceMetadata("/mcp".into())
        }
        // RFC 9728 §3.1 for a resource behind a stage: the well-known segment first.
        [".well-known", "oauth-protected-resource", stage, "mcp"] => {
            Route::ResourceMetadata(format!("/{stage}/mcp"))
        }
        // The metadata of a surface path: the same resource.
        [".well-known", "oauth-protected-resource", "mcp", rest @ ..] if is_surface(rest) => {
            Route::ResourceMetadata("/mcp".into())
        }
        [".well-known", "oauth-protected-resource", stage, "mcp", rest @ ..]
            if is_surface(rest) =>
        {
            Route::ResourceMetadata(format!("/{stage}/mcp"))
        }
        // What clients that append the suffix to the base URL ask for.
        [stage, ".well-known", "oauth-protected-resource", ..] => {
            Route::ResourceMetadata(format!("/{stage}/mcp"))
        }
        ["mcp"] | [_, "mcp"] => Route::Mcp,
        ["health"] | [_, "health"] | ["healthz"] | ["ready"] => Route::Health,
        ["mcp", rest @ ..] => surface_route("/mcp".into(), rest),
        [stage, "mcp", rest @ ..] => surface_route(format!("/{stage}/mcp"), rest),
        _ => Route::NotFound,
    }
}

fn is_surface(rest: &[&str]) -> bool {
    matches!(UrlSurface::from_segments(rest), Some(Ok(_)))
}

fn surface_route(mcp_path: String, rest: &[&str]) -> Route {
    match UrlSurface::from_segments(rest) {
        Some(Ok(surface)) => Route::McpSurface { mcp_path, surface },
        Some(Err(message)) => Route::UnknownSurface(message),
        None => Route::NotFound,
    }
}

/// The path a surface request came in on (`/mcp/x/...`), and the plain path it goes on as.
#[derive(Clone, Debug)]
pub(super) struct SurfacePath {
    mcp_path: String,
    path: String,
}

/// A challenge for a request that came in on a surface path points its `resource_metadata`
/// to that path's metadata (RFC 9728 §3.1), which announces the same resource.
pub(super) fn surface_challenge(mut rejection: AuthRejection, req: &Req) -> AuthRejection {
    if let Some(p) = req.extensions().get::<SurfacePath>() {
        let plain = format!("oauth-protected-resource{}\"", p.mcp_path);
        let suffixed = format!("oauth-protected-resource{}\"", p.path);
        rejection.www_authenticate = rejection.www_authenticate.replace(&plain, &suffixed);
    }
    rejection
}

/// The request goes on as the plain MCP path, carrying the surface and where it came in.
fn onto_mcp_path(mut req: Req, mcp_path: &str, surface: UrlSurface) -> Req {
    let path = req.uri().path().trim_end_matches('/').to_string();
    let target = match req.uri().query() {
        Some(q) => format!("{mcp_path}?{q}"),
        None => mcp_path.to_string(),
    };
    let mut parts = req.uri().clone().into_parts();
    if let Ok(pq) = http::uri::PathAndQuery::try_from(target) {
        parts.path_and_query = Some(pq);
        if let Ok(uri) = http::Uri::from_parts(parts) {
            *req.uri_mut() = uri;
        }
    }
    req.extensions_mut().insert(surface);
    req.extensions_mut().insert(SurfacePath {
        mcp_path: mcp_path.to_string(),
        path,
    });
    req
}

/// `GET /health`: before the guard, so a load balancer needs no allowed Host.
pub struct Health;

impl Gate for Health {
    async fn check(&self, req: Req) -> Result<Req, HttpResponse> {
        let probe = matches!(*req.method(), Method::GET | Method::HEAD);
        if probe && route(req.uri().path()) == Route::Health {
            return Err(json_response(StatusCode::OK, json!({"status": "ok"})));
        }
        Ok(req)
    }
}

/// Everything after the guard that depends only on the path, method and Accept header,
/// and the OAuth endpoints of the OIDC proxy (when that mode is on).
pub struct Routes {
    pub(super) auth: Arc<AuthGate>,
    pub(super) max_body_bytes: usize,
}

impl Gate for Routes {
    async fn check(&self, req: Req) -> Result<Req, HttpResponse> {
        if let AuthGate::On(a) = self.auth.as_ref() {
            if let Some(proxy) = a.proxy().filter(|_| OidcProxy::owns(req.uri().path())) {
                return Err(self.oidc_proxy(proxy, req).await);
            }
        }
        match route(req.uri().path()) {
            Route::ResourceMetadata(mcp_path) => Err(self.resource_metadata(&req, &mcp_path)),
            Route::Mcp => mcp_request(req).map_err(|refusal| *refusal),
            Route::McpSurface { mcp_path, surface } => mcp_request(req)
                .map(|req| onto_mcp_path(req, &mcp_path, surface))
                .map_err(|refusal| *refusal),
            // Not a JSON-RPC error: no MCP endpoint was reached.
            Route::UnknownSurface(message) => Err(json_response(
                StatusCode::NOT_FOUND,
                json!({"error": "not_found", "message": message}),
            )),
            Route::Health | Route::NotFound => Err(refused(
                StatusCode::NOT_FOUND,
                codes::INVALID_REQUEST,
                "Not found: the MCP endpoint is /mcp",
            )),
        }
    }
}

impl Routes {
    /// One request to the OIDC proxy's authorization-server endpoints (`crate::auth::proxy`).
    async fn oidc_proxy(&self, proxy: &OidcProxy, req: Req) -> HttpResponse {
        let base = req.extensions().get::<Caller>().map(|c| c.base.clone());
        let (parts, body) = req.into_parts();
        let bytes = match read_body(body, self.max_body_bytes).await {
            Ok(bytes) => bytes,
            Err(refusal) => return refusal,
        };
        let base = base.unwrap_or_else(|| Caller::unverified().base);
        let resp = proxy
            .handle(http::Request::from_parts(parts, bytes), &base)
            .await;
        resp.map(|body| body.boxed())
    }

    fn resource_metadata(&self, req: &Req, mcp_path: &str) -> HttpResponse {
        if req.method() != Method::GET {
            return refused(
                StatusCode::METHOD_NOT_ALLOWED,
                codes::INVALID_REQUEST,
                "Method not allowed",
            );
        }
        let caller = req.extensions().get::<Caller>();
        let doc = match (self.auth.as_ref(), caller) {
            (AuthGate::On(a), Some(caller)) => {
                a.protected_resource_metadata(&a.resource(&caller.url(mcp_path)))
            }
            _ => None,
        };
        match doc {
            Some(doc) => json_response(StatusCode::OK, doc),
            None => refused(
                StatusCode::NOT_FOUND,
                codes::INVALID_REQUEST,
                "Not found: this server does not use OAuth bearer tokens",
            ),
        }
    }
}

/// The MCP endpoint takes POSTs that accept both JSON and SSE answers.
fn mcp_request(req: Req) -> Result<Req, Box<HttpResponse>> {
    if req.method() != Method::POST {
        let mut resp = refused(
            StatusCode::METHOD_NOT_ALLOWED,
            codes::INVALID_REQUEST,
            "Method not allowed: this stateless server accepts POST only",
        );
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return Err(Box::new(resp));
    }
    if !accepts_json_and_sse(req.headers()) {
        return Err(Box::new(refused(
            StatusCode::NOT_ACCEPTABLE,
            codes::INVALID_REQUEST,
            "Not acceptable: the Accept header must list application/json and text/event-stream",
        )));
    }
    Ok(req)
}

fn accepts_json_and_sse(headers: &http::HeaderMap) -> bool {
    let mut json = false;
    let mut sse = false;
    for value in headers.get_all(header::ACCEPT) {
        for item in value.to_str().unwrap_or("").split(',') {
            let essence = item.split(';').next().unwrap_or("").trim();
            json |= essence.eq_ignore_ascii_case("application/json") || essence == "*/*";
            sse |= essence.eq_ignore_ascii_case("text/event-stream") || essence == "*/*";
        }
    }
    json && sse
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(route("/mcp"), Route::Mcp);
        assert_eq!(route("/mcp/"), Route::Mcp);
        assert_eq!(route("/prod/mcp"), Route::Mcp);
        assert_eq!(route("/a/b/mcp"), Route::NotFound);
        assert_eq!(route("/health"), Route::Health);
        assert_eq!(route("/"), Route::NotFound);
        assert_eq!(
            route("/.well-known/oauth-protected-resource/mcp"),
            Route::ResourceMetadata("/mcp".into())
        );
        assert_eq!(
            route("/prod/.well-known/oauth-protected-resource"),
            Route::ResourceMetadata("/prod/mcp".into())
        );
        assert_eq!(
            route("/.well-known/oauth-protected-resource/prod/mcp"),
            Route::ResourceMetadata("/prod/mcp".into())
        );
        assert_eq!(
            route("/.well-known/oauth-protected-resource/prod"),
            Route::NotFound
        );
    }

    #[test]
    fn surface_routes() {
        let surface = |toolsets: Option<Vec<&'static str>>, read_only| UrlSurface {
            tenant: None,
            toolsets,
            read_only,
        };
        assert_eq!(
            route("/mcp/readonly"),
            Route::McpSurface {
                mcp_path: "/mcp".into(),
                surface: surface(None, true)
            }
        );
        assert_eq!(
            route("/prod/mcp/x/zia_users,zpa_idp/readonly/"),
            Route::McpSurface {
                mcp_path: "/prod/mcp".into(),
                surface: surface(Some(vec!["zia_users", "zpa_idp"]), true)
            }
        );
        assert_eq!(
            route("/mcp/x/zia_users,nope"),
            Route::UnknownSurface(
                "Not found: unknown toolset \"nope\" in /mcp/x/; `zscaler-mcp --list-tools` \
                 lists the toolsets"
                    .into()
            )
        );
        assert_eq!(
            route("/.well-known/oauth-protected-resource/mcp/x/zia_users"),
            Route::ResourceMetadata("/mcp".into())
        );
        assert_eq!(
            route("/.well-known/oauth-protected-resource/prod/mcp/readonly"),
            Route::ResourceMetadata("/prod/mcp".into())
        );
        assert_eq!(
            route("/.well-known/oauth-protected-resource/mcp/x/nope"),
            Route::NotFound
        );
        // A stage named `mcp` keeps its health path; other paths under /mcp are not found.
        assert_eq!(route("/mcp/health"), Route::Health);
        assert_eq!(route("/mcp/other"), Route::NotFound);
        assert_eq!(route("/prod/mcp/x"), Route::NotFound);
        assert_eq!(
            route("/prod/mcp/t/acme/readonly"),
            Route::McpSurface {
                mcp_path: "/prod/mcp".into(),
                surface: UrlSurface {
                    tenant: Some("acme".into()),
                    ..surface(None, true)
                }
            }
        );
        assert_eq!(
            route("/.well-known/oauth-protected-resource/mcp/t/acme"),
            Route::ResourceMetadata("/mcp".into())
        );
        assert_eq!(route("/mcp/t"), Route::NotFound);
    }

    #[test]
    fn accept_header_forms() {
        let mut h = http::HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        assert!(!accepts_json_and_sse(&h));
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/json;q=0.9, text/event-stream"),
        );
        assert!(accepts_json_and_sse(&h));
        h.insert(header::ACCEPT, HeaderValue::from_static("*/*"));
        assert!(accepts_json_and_sse(&h));
    }
}
