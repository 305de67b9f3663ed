//! The HTTP entry: one tower service used by Lambda (`lambda_http`) and the local server.
//! It routes `/mcp` and `/health`, runs the guard, reads the body within the limit, rejects
//! malformed JSON-RPC with proper JSON-RPC errors, then hands the request to rmcp's
//! stateless `StreamableHttpService`.

use std::convert::Infallible;
use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use rmcp::model::{ClientJsonRpcMessage, ClientRequest};
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use serde_json::{json, Value};

use crate::auth::{AuthRejection, Authenticator, Principal, ResourceHost};
use crate::guard::{HostPolicy, OriginPolicy, SourcePolicy};
use crate::list_memo::{ListMemo, MemoKey};
use crate::server::{AppState, CallerId, McpServer};

pub type HttpBody = http_body_util::combinators::BoxBody<Bytes, Infallible>;
pub type HttpResponse = Response<HttpBody>;

/// JSON-RPC error codes used before a request reaches rmcp.
pub mod codes {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    /// The Python server's code for transport rejections.
    pub const REJECTED: i64 = -32001;
}

/// A JSON-RPC error reply with an HTTP status. Messages may quote client input (a method
/// name, a header), so they are sanitized like every other output, whatever the
/// operator's setting, and cut to a readable length.
pub fn jsonrpc_error(status: StatusCode, id: Value, code: i64, message: &str) -> HttpResponse {
    const SHOWN: usize = 500;
    let mut message = crate::sanitize::Sanitizer::new(true)
        .clean_str(message)
        .into_owned();
    if let Some((cut, _)) = message.char_indices().nth(SHOWN) {
        message.truncate(cut);
        message.push_str("… (cut)");
    }
    let body = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())).boxed())
        .expect("static response parts are valid")
}

/// 401/403/503 with the challenge the authenticator chose and a JSON-RPC body.
fn rejected(r: AuthRejection) -> HttpResponse {
    rejected_with_id(r, Value::Null)
}

/// [`rejected`] answering the request with this id.
fn rejected_with_id(r: AuthRejection, id: Value) -> HttpResponse {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::UNAUTHORIZED);
    let mut resp = jsonrpc_error(status, id, codes::REJECTED, &r.message);
    if !r.www_authenticate.is_empty() {
        if let Ok(v) = HeaderValue::from_str(&r.www_authenticate) {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
    }
    if let Some(secs) = r.retry_after_secs {
        resp.headers_mut().insert(header::RETRY_AFTER, secs.into());
    }
    resp
}

fn json_response(status: StatusCode, body: Value) -> HttpResponse {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())).boxed())
        .expect("static response parts are valid")
}

#[derive(Debug, PartialEq, Eq)]
enum Route {
    Mcp,
    Health,
    /// RFC 9728 metadata, with the MCP path it describes.
    ResourceMetadata(String),
    NotFound,
}

/// `/mcp`, optionally behind one API Gateway stage segment (`/prod/mcp`), and `/health`.
fn route(path: &str) -> Route {
    let trimmed = path.trim_end_matches('/');
    let segments: Vec<&str> = trimmed.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [".well-known", "oauth-protected-resource"]
        | [".well-known", "oauth-protected-resource", "mcp"] => {
            Route::ResourceMetadata("/mcp".into())
        }
        [stage, ".well-known", "oauth-protected-resource", ..] => {
            Route::ResourceMetadata(format!("/{stage}/mcp"))
        }
        ["mcp"] | [_, "mcp"] => Route::Mcp,
        ["health"] | [_, "health"] | ["healthz"] | ["ready"] => Route::Health,
        _ => Route::NotFound,
    }
}

/// The socket peer of a local HTTP connection, inserted by the local server.
#[derive(Clone, Copy, Debug)]
pub struct PeerAddr(pub std::net::SocketAddr);

/// The caller's address as the platform saw it: API Gateway / Function URL request
/// context on Lambda, the socket peer locally. Never a header.
fn peer_ip<B>(req: &Request<B>) -> Option<std::net::IpAddr> {
    use lambda_http::request::RequestContext;
    if let Some(PeerAddr(addr)) = req.extensions().get::<PeerAddr>() {
        return Some(addr.ip());
    }
    match req.extensions().get::<RequestContext>()? {
        RequestContext::ApiGatewayV2(ctx) => ctx.http.source_ip.as_deref()?.parse().ok(),
        RequestContext::ApiGatewayV1(ctx) => ctx.identity.source_ip.as_deref()?.parse().ok(),
        _ => None,
    }
}

/// The domain API Gateway or the Function URL reports for this request, if on Lambda.
fn gateway_domain<B>(req: &Request<B>) -> Option<String> {
    use lambda_http::request::RequestContext;
    match req.extensions().get::<RequestContext>()? {
        RequestContext::ApiGatewayV2(ctx) => ctx.domain_name.clone(),
        RequestContext::ApiGatewayV1(ctx) => ctx.domain_name.clone(),
        _ => None,
    }
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

fn content_type_essence(headers: &http::HeaderMap) -> Option<String> {
    let v = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        v.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

/// The stateless MCP endpoint with its guard, as one cloneable tower service.
#[derive(Clone)]
pub struct McpHttpService {
    inner: Arc<Inner>,
}

struct Inner {
    mcp: StreamableHttpService<McpServer, NeverSessionManager>,
    hosts: HostPolicy,
    /// The Host allowlist without its wildcard entries (`None`: host validation is off).
    /// A Host it accepts was named by the operator, so the resource URL built from it may
    /// stand as a token audience ([`ResourceHost::Pinned`]).
    named_hosts: Option<HostPolicy>,
    origins: OriginPolicy,
    sources: SourcePolicy,
    max_body_bytes: usize,
    auth: AuthGate,
    /// Lambda is always reached over TLS (API Gateway or a Function URL).
    scheme: &'static str,
    list_memo: ListMemo,
    state: Arc<AppState>,
}

/// Client authentication as configured for this process.
enum AuthGate {
    /// Explicitly disabled by the operator (logged at startup).
    Off,
    On(Authenticator),
    /// The settings are invalid: refuse everything rather than serve unauthenticated.
    Broken(String),
}

impl McpHttpService {
    /// `on_lambda` selects the Lambda defaults (Host = the API Gateway domain).
    pub fn new(state: Arc<AppState>, on_lambda: bool) -> McpHttpService {
        let hosts = HostPolicy::from_config(&state.config, on_lambda);
        let origins = OriginPolicy::from_config(&state.config, on_lambda);
        let sources = SourcePolicy::from_config(&state.config);
        let max_body_bytes = state.config.max_body_bytes;
        let config = StreamableHttpServerConfig::default()
            .with_legacy_session_mode(false)
            .with_json_response(true)
            .with_sse_keep_alive(None)
            .with_sse_retry(None)
            // Our guard owns Host checking, so rmcp's loopback-only default is turned off.
            .disable_allowed_hosts()
            .with_max_request_body_bytes(max_body_bytes);
        let auth = match &state.config.auth {
            Ok(Some(settings)) => AuthGate::On(Authenticator::new(settings.clone())),
            Ok(None) => {
                tracing::warn!("client authentication is DISABLED for this HTTP server");
                AuthGate::Off
            }
            Err(e) => AuthGate::Broken(e.to_string()),
        };
        let named_hosts = named_host_policy(&state.config, on_lambda);
        let wildcards = named_hosts.is_none()
            || state
                .config
                .allowed_hosts
                .iter()
                .flatten()
                .any(|e| is_host_wildcard(e));
        if wildcards && matches!(&auth, AuthGate::On(a) if a.mode() == crate::auth::AuthMode::Jwt) {
            tracing::warn!(
                "ZSCALER_MCP_ALLOWED_HOSTS accepts hosts by pattern (or host validation is \
                 off): a token whose audience is the resource URL of such a host is accepted \
                 only when ZSCALER_MCP_AUTH_AUDIENCE names that URL"
            );
        }
        let server = McpServer::new(state.clone());
        let mcp = StreamableHttpService::new(
            move || Ok(server.clone()),
            Arc::new(NeverSessionManager::default()),
            config,
        );
        McpHttpService {
            inner: Arc::new(Inner {
                mcp,
                hosts,
                origins,
                sources,
                max_body_bytes,
                auth,
                named_hosts,
                // The resource URL clients compare with the one they connect to.
                scheme: if on_lambda || state.config.tls.is_some() {
                    "https"
                } else {
                    "http"
                },
                list_memo: ListMemo::default(),
                state,
            }),
        }
    }

    /// How many `tools/list` answers this process keeps in memory (one per request shape).
    pub fn stored_list_answers(&self) -> usize {
        self.inner.list_memo.len()
    }

    pub async fn handle<B>(&self, req: Request<B>) -> HttpResponse
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Display,
    {
        let inner = &self.inner;
        let route = route(req.uri().path());
        if route == Route::Health && matches!(*req.method(), Method::GET | Method::HEAD) {
            return json_response(StatusCode::OK, json!({"status": "ok"}));
        }
        // Two Host headers are ambiguous; treat them as no acceptable Host at all.
        let mut hosts = req.headers().get_all(header::HOST).iter();
        let host = match (hosts.next(), hosts.next()) {
            (Some(h), None) => h.to_str().ok().map(str::to_string),
            (None, _) => req.uri().authority().map(|a| a.to_string()),
            (Some(_), Some(_)) => None,
        };
        if !inner
            .hosts
            .allows(host.as_deref(), gateway_domain(&req).as_deref())
        {
            return jsonrpc_error(
                StatusCode::MISDIRECTED_REQUEST,
                Value::Null,
                codes::REJECTED,
                "Misdirected request: Host header is not in ZSCALER_MCP_ALLOWED_HOSTS",
            );
        }
        let host_named = match &inner.named_hosts {
            Some(named) if named.allows(host.as_deref(), gateway_domain(&req).as_deref()) => {
                ResourceHost::Pinned
            }
            _ => ResourceHost::Unverified,
        };
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .map(|v| v.to_str().unwrap_or("\u{0}"));
        if !inner.origins.allows(origin) {
            return jsonrpc_error(
                StatusCode::FORBIDDEN,
                Value::Null,
                codes::REJECTED,
                "Forbidden: Origin is not in ZSCALER_MCP_ALLOWED_ORIGINS",
            );
        }
        // The caller's address: the peer, or with trusted proxy hops the right entry of every
        // X-Forwarded-For line (they are one list, RFC 9110 §5.3). Used by the ACL and by
        // the per-source limit on credential checks.
        let source = inner
            .sources
            .client_ip_from_headers(peer_ip(&req), req.headers());
        if inner.sources.is_active() && !inner.sources.allows(source) {
            let shown = source.map_or("unknown".to_string(), |ip| ip.to_string());
            return jsonrpc_error(
                StatusCode::FORBIDDEN,
                Value::Null,
                codes::REJECTED,
                &format!("Forbidden: source IP {shown} is not in the allowed list"),
            );
        }
        let mcp_url = |path: &str| {
            format!(
                "{}://{}{}",
                inner.scheme,
                host.as_deref().unwrap_or("localhost"),
                path
            )
        };
        if let Route::ResourceMetadata(mcp_path) = &route {
            if req.method() != Method::GET {
                return jsonrpc_error(
                    StatusCode::METHOD_NOT_ALLOWED,
                    Value::Null,
                    codes::INVALID_REQUEST,
                    "Method not allowed",
                );
            }
            let doc = match &inner.auth {
                AuthGate::On(a) => a.protected_resource_metadata(&a.resource(&mcp_url(mcp_path))),
                _ => None,
            };
            return match doc {
                Some(doc) => json_response(StatusCode::OK, doc),
                None => jsonrpc_error(
                    StatusCode::NOT_FOUND,
                    Value::Null,
                    codes::INVALID_REQUEST,
                    "Not found: this server does not use OAuth bearer tokens",
                ),
            };
        }
        if route != Route::Mcp {
            return jsonrpc_error(
                StatusCode::NOT_FOUND,
                Value::Null,
                codes::INVALID_REQUEST,
                "Not found: the MCP endpoint is /mcp",
            );
        }
        if req.method() != Method::POST {
            let mut resp = jsonrpc_error(
                StatusCode::METHOD_NOT_ALLOWED,
                Value::Null,
                codes::INVALID_REQUEST,
                "Method not allowed: this stateless server accepts POST only",
            );
            resp.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return resp;
        }
        if !accepts_json_and_sse(req.headers()) {
            return jsonrpc_error(
                StatusCode::NOT_ACCEPTABLE,
                Value::Null,
                codes::INVALID_REQUEST,
                "Not acceptable: the Accept header must list application/json and text/event-stream",
            );
        }
        let (mut parts, body) = req.into_parts();
        // Authenticate from the headers alone, before reading any body.
        let principal = match &inner.auth {
            AuthGate::Off => Principal::unauthenticated(),
            AuthGate::Broken(why) => {
                tracing::error!(error = %why, "refusing request: authentication is misconfigured");
                return jsonrpc_error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    Value::Null,
                    codes::REJECTED,
                    "Service unavailable: client authentication is misconfigured",
                );
            }
            // The guard above refused any Host not on the allowlist, so the resource URL
            // is built from an accepted Host; `host_named` says whether the operator named
            // it (only then may that URL stand as the token's audience).
            AuthGate::On(a) => match a
                .authenticate_at(
                    &parts.headers,
                    &mcp_url(parts.uri.path()),
                    host_named,
                    source,
                )
                .await
            {
                Ok(p) => p,
                Err(rejection) => return rejected(rejection),
            },
        };
        match content_type_essence(&parts.headers).as_deref() {
            Some("application/json") => {}
            // Some clients label JSON-RPC this way; the Python server normalizes it too.
            Some("application/json-rpc") => {
                parts.headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
            }
            _ => {
                return jsonrpc_error(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    Value::Null,
                    codes::INVALID_REQUEST,
                    "Unsupported media type: Content-Type must be application/json",
                )
            }
        }
        let bytes = match read_body(body, inner.max_body_bytes).await {
            Ok(bytes) => bytes,
            Err(BodyError::TooLarge) => {
                return jsonrpc_error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    Value::Null,
                    codes::INVALID_REQUEST,
                    &format!(
                        "Payload too large: the request body exceeds {} bytes \
                         (ZSCALER_MCP_MAX_BODY_BYTES)",
                        inner.max_body_bytes
                    ),
                );
            }
            Err(BodyError::Unreadable) => {
                return jsonrpc_error(
                    StatusCode::BAD_REQUEST,
                    Value::Null,
                    codes::INVALID_REQUEST,
                    "Bad request: the request body could not be read",
                )
            }
        };
        if let Some(rejection) = removed_in_modern_era(&bytes, &parts.headers) {
            return rejection;
        }
        let message = match check_jsonrpc(&bytes) {
            Ok(message) => message,
            Err(rejection) => return *rejection,
        };
        // A write tool called without the write scope: 403 insufficient_scope (step-up)
        // rather than "Unknown tool", so the client can ask for the scope.
        if let (AuthGate::On(a), ClientJsonRpcMessage::Request(r)) = (&inner.auth, &message) {
            if let ClientRequest::CallToolRequest(call) = &r.request {
                let tool = call.params.name.as_ref();
                if inner.state.needs_write_scope(&principal, tool).await {
                    if let Some(challenge) =
                        a.write_scope_challenge(&mcp_url(parts.uri.path()), tool)
                    {
                        let id = serde_json::to_value(&r.id).unwrap_or(Value::Null);
                        return rejected_with_id(challenge, id);
                    }
                }
            }
        }
        // tools/list: answered from memory when rmcp already answered this exact request.
        let memo = match &message {
            ClientJsonRpcMessage::Request(r) => {
                MemoKey::for_request(&r.request, &parts.headers, &principal)
                    .map(|key| (key, r.id.clone()))
            }
            _ => None,
        };
        if let Some((key, id)) = &memo {
            if let Some(answer) = inner.list_memo.answer(key, id) {
                return answer;
            }
        }
        parts.extensions.insert(CallerId(principal.id.clone()));
        parts.extensions.insert(principal);
        let req = Request::from_parts(parts, Full::new(bytes));
        let resp = inner.mcp.handle(req).await;
        match memo {
            Some((key, id)) => inner.list_memo.remember(key, &id, resp).await,
            None => resp,
        }
    }
}

fn is_host_wildcard(entry: &str) -> bool {
    let e = entry.trim();
    e == "*" || e.starts_with("*.")
}

/// The Host policy of the entries that name a host (`None` when host validation is off).
fn named_host_policy(config: &crate::config::Config, on_lambda: bool) -> Option<HostPolicy> {
    if config.disable_host_validation {
        return None;
    }
    let mut named = config.clone();
    if let Some(list) = &config.allowed_hosts {
        named.allowed_hosts = Some(
            list.iter()
                .filter(|e| !is_host_wildcard(e))
                .cloned()
                .collect(),
        );
    }
    Some(HostPolicy::from_config(&named, on_lambda))
}

enum BodyError {
    TooLarge,
    Unreadable,
}

/// Collect the body, stopping as soon as it passes `limit` (chunked bodies included).
async fn read_body<B>(body: B, limit: usize) -> Result<Bytes, BodyError>
where
    B: http_body::Body,
{
    let mut body = std::pin::pin!(body);
    let mut collected = bytes::BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| BodyError::Unreadable)?;
        if let Ok(data) = frame.into_data() {
            use bytes::Buf;
            if data.remaining() > limit.saturating_sub(collected.len()) {
                return Err(BodyError::TooLarge);
            }
            let mut data = data;
            while data.has_remaining() {
                let chunk = data.chunk();
                collected.extend_from_slice(chunk);
                let n = chunk.len();
                data.advance(n);
            }
        }
    }
    Ok(collected.freeze())
}

/// MCP methods whose params rmcp types; a request for one that does not parse is malformed.
const STANDARD_METHODS: &[&str] = &[
    "initialize",
    "ping",
    "tools/list",
    "tools/call",
    "resources/list",
    "resources/read",
    "resources/templates/list",
    "prompts/list",
    "prompts/get",
    "completion/complete",
    "logging/setLevel",
    "server/discover",
];

/// Reject bodies rmcp would answer with a bare 415: not JSON (-32700) or not a JSON-RPC
/// message it understands (-32600), echoing the id when there is one.
fn check_jsonrpc(bytes: &[u8]) -> Result<ClientJsonRpcMessage, Box<HttpResponse>> {
    match serde_json::from_slice::<ClientJsonRpcMessage>(bytes) {
        // rmcp files a standard method with malformed params under "custom request" and
        // would answer "method not found"; name the real problem instead.
        Ok(ClientJsonRpcMessage::Request(req)) => {
            if let ClientRequest::CustomRequest(custom) = &req.request {
                if STANDARD_METHODS.contains(&custom.method.as_str()) {
                    return Err(Box::new(jsonrpc_error(
                        StatusCode::BAD_REQUEST,
                        serde_json::to_value(&req.id).unwrap_or(Value::Null),
                        codes::INVALID_PARAMS,
                        &format!(
                            "Invalid params: the params of {:?} do not have the expected shape",
                            custom.method
                        ),
                    )));
                }
            }
            return Ok(ClientJsonRpcMessage::Request(req));
        }
        Ok(message) => return Ok(message),
        Err(_) => {}
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return Err(Box::new(jsonrpc_error(
                StatusCode::BAD_REQUEST,
                Value::Null,
                codes::PARSE_ERROR,
                &format!("Parse error: the body is not valid JSON ({e})"),
            )))
        }
    };
    let id = value
        .get("id")
        .filter(|id| id.is_string() || id.is_number())
        .cloned()
        .unwrap_or(Value::Null);
    let why = if value.is_array() {
        "batches are not supported; send one JSON-RPC message per request".to_string()
    } else if value.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        "\"jsonrpc\" must be \"2.0\"".to_string()
    } else if let Some(method) = value.get("method").and_then(Value::as_str) {
        format!("the params of {method:?} do not have the expected shape")
    } else {
        "expected a request, notification or response object".to_string()
    };
    Err(Box::new(jsonrpc_error(
        StatusCode::BAD_REQUEST,
        id,
        codes::INVALID_REQUEST,
        &format!("Invalid request: {why}"),
    )))
}

/// Requests the 2026-07-28 revision removed (SEP-2575: the handshake, `ping`,
/// `logging/setLevel`, and resource subscriptions, now `subscriptions/listen`).
const REMOVED_IN_2026_07_28: &[&str] = &[
    "initialize",
    "ping",
    "logging/setLevel",
    "resources/subscribe",
    "resources/unsubscribe",
];

/// A 2026-07-28 request for a method that revision removed: 404 with -32601, as for any
/// method the server does not implement, whatever its params look like (rmcp alone would
/// answer 400/-32602 when they lack the legacy shape, or serve `logging/setLevel`). The
/// era is the one the request's `_meta` names, else the `MCP-Protocol-Version` header's;
/// a `_meta` that contradicts the header is left to rmcp's -32020. An `initialize`
/// without 2026-07-28 `_meta` is the legacy handshake whatever the header says.
fn removed_in_modern_era(bytes: &[u8], headers: &http::HeaderMap) -> Option<HttpResponse> {
    #[derive(serde::Deserialize)]
    struct Probe {
        id: Option<Value>,
        method: String,
        params: Option<Params>,
    }
    #[derive(serde::Deserialize)]
    struct Params {
        #[serde(rename = "_meta")]
        meta: Option<Meta>,
    }
    #[derive(serde::Deserialize)]
    struct Meta {
        #[serde(rename = "io.modelcontextprotocol/protocolVersion")]
        version: Option<Value>,
    }
    const MODERN: &str = "2026-07-28";
    let probe: Probe = serde_json::from_slice(bytes).ok()?;
    if !REMOVED_IN_2026_07_28.contains(&probe.method.as_str()) {
        return None;
    }
    // Notifications get no answer; rmcp accepts them with 202.
    let id = probe.id.filter(|id| id.is_string() || id.is_number())?;
    let header = headers
        .get("mcp-protocol-version")
        .and_then(|v| v.to_str().ok());
    let meta = probe.params.and_then(|p| p.meta).and_then(|m| m.version);
    let modern = match meta.as_ref().map(|v| v.as_str()) {
        Some(Some(v)) => v == MODERN && header.is_none_or(|h| h == v),
        Some(None) => false,
        None => probe.method != "initialize" && header == Some(MODERN),
    };
    if !modern {
        return None;
    }
    Some(jsonrpc_error(
        StatusCode::NOT_FOUND,
        id,
        codes::METHOD_NOT_FOUND,
        &format!(
            "Method not found: {:?} does not exist in protocol version {MODERN}",
            probe.method
        ),
    ))
}

impl<B> tower::Service<Request<B>> for McpHttpService
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Display,
{
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let this = self.clone();
        Box::pin(async move { Ok(this.handle(req).await) })
    }
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
    }

    #[test]
    fn jsonrpc_shapes() {
        assert!(check_jsonrpc(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#).is_ok());
        let r = check_jsonrpc(b"{nope").unwrap_err();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = check_jsonrpc(br#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#).unwrap_err();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    }
}
