//! Routing: `/health` (answered before any other check, for load balancers), the RFC 9728
//! protected-resource metadata, and `/mcp` (optionally behind one API Gateway stage
//! segment), which must be a POST that accepts both JSON and SSE. Everything else is 404.

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

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Route {
    Mcp,
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
        // What clients that append the suffix to the base URL ask for.
        [stage, ".well-known", "oauth-protected-resource", ..] => {
            Route::ResourceMetadata(format!("/{stage}/mcp"))
        }
        ["mcp"] | [_, "mcp"] => Route::Mcp,
        ["health"] | [_, "health"] | ["healthz"] | ["ready"] => Route::Health,
        _ => Route::NotFound,
    }
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
