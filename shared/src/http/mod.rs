//! The HTTP entry: one tower service used by Lambda (`lambda_http`, through the adapter in
//! functions/mcp) and the local server. A request passes these layers, outermost first;
//! each either answers it or passes it on, annotated, to the next:
//!
//! 1. `route::Health`: `GET /health`, before anything else (load balancers).
//! 2. `transport::TransportGuard`: Host, Origin and source-IP allowlists
//!    (`crate::guard`); annotates the [`Caller`].
//! 3. `route::Routes`: protected-resource metadata and, in OIDC proxy mode, the proxy's
//!    OAuth endpoints (`crate::auth::proxy`); `/mcp` must be a POST accepting JSON and SSE;
//!    anything else is 404.
//! 4. `authn::Authn`: client authentication from the headers (`crate::auth`); annotates
//!    the [`Principal`].
//! 5. `message::Message`: Content-Type, body limit, the JSON-RPC message parsed once
//!    ([`Parsed`]).
//! 6. `authn::StepUp`: 403 `insufficient_scope` for a write tool without the write scope.
//! 7. `Rmcp`: a repeated `tools/list` answered from memory (`list_memo`), else rmcp's
//!    stateless streamable-HTTP service, then `crate::server`.

mod authn;
mod gate;
mod list_memo;
mod message;
mod reply;
mod route;
mod transport;

use std::convert::Infallible;
use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Buf;
use http::Request;
use http_body_util::{BodyExt, Full};
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tower::util::BoxCloneSyncService;
use tower::{Service, ServiceBuilder, ServiceExt};

use crate::auth::Principal;
use crate::server::{AppState, CallerId, McpServer};
use authn::{AuthGate, Authn, StepUp};
use gate::{Answer, BodyReadError, GateLayer, InBody, Req};
use list_memo::{memo_key, ListMemo};
use message::Message;
use route::{Health, Routes};
use transport::TransportGuard;

pub use message::Parsed;
pub use reply::{codes, jsonrpc_error, HttpBody, HttpResponse};
pub use transport::{Caller, GatewayContext, PeerAddr};

/// The stateless MCP endpoint with its layers, as one cloneable tower service.
#[derive(Clone)]
pub struct McpHttpService {
    stack: BoxCloneSyncService<Req, HttpResponse, Infallible>,
    list_memo: Arc<ListMemo>,
}

impl McpHttpService {
    /// `on_lambda` selects the Lambda defaults (Host = the API Gateway domain, https).
    pub fn new(state: Arc<AppState>, on_lambda: bool) -> McpHttpService {
        let config = &state.config;
        let transport = config.transport(on_lambda);
        let guard = TransportGuard::new(&transport, config.tls.is_some());
        let auth = Arc::new(AuthGate::from_state(&state));
        if guard.accepts_unnamed_hosts(&transport)
            && matches!(auth.as_ref(), AuthGate::On(a) if a.mode() == crate::auth::AuthMode::Jwt)
        {
            tracing::warn!(
                "ZSCALER_MCP_ALLOWED_HOSTS accepts hosts by pattern (or host validation is \
                 off): a token whose audience is the resource URL of such a host is accepted \
                 only when ZSCALER_MCP_AUTH_AUDIENCE names that URL"
            );
        }
        let list_memo = Arc::new(ListMemo::default());
        let core = Rmcp::new(state.clone(), list_memo.clone());
        let stack = ServiceBuilder::new()
            .layer(GateLayer::new(Health))
            .layer(GateLayer::new(guard))
            .layer(GateLayer::new(Routes {
                auth: auth.clone(),
                max_body_bytes: config.max_body_bytes,
            }))
            .layer(GateLayer::new(Authn {
                auth: auth.clone(),
                tenants: config.tenants.clone().map(Arc::new),
            }))
            .layer(GateLayer::new(Message {
                max_body_bytes: config.max_body_bytes,
            }))
            .layer(GateLayer::new(StepUp { auth, state }))
            .service(core);
        McpHttpService {
            stack: BoxCloneSyncService::new(stack),
            list_memo,
        }
    }

    /// How many `tools/list` answers this process keeps in memory (one per request shape).
    pub fn stored_list_answers(&self) -> usize {
        self.list_memo.len()
    }

    /// How many `tools/list` answers came from memory.
    pub fn list_answers_from_memory(&self) -> u64 {
        self.list_memo.hits()
    }

    /// Serve one request.
    pub async fn handle<B>(&self, req: Request<B>) -> HttpResponse
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Display,
    {
        let req = req.map(|body| -> InBody {
            body.map_frame(|f| f.map_data(|mut d| d.copy_to_bytes(d.remaining())))
                .map_err(|_| BodyReadError)
                .boxed_unsync()
        });
        match self.stack.clone().oneshot(req).await {
            Ok(resp) => resp,
            Err(never) => match never {},
        }
    }
}

impl<B> Service<Request<B>> for McpHttpService
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

/// The innermost service: rmcp's stateless streamable HTTP (no sessions, JSON answers),
/// given the bytes the message layer read and the caller the auth layer established. A
/// `tools/list` rmcp has answered before is answered from the memo.
#[derive(Clone)]
struct Rmcp {
    mcp: Arc<StreamableHttpService<McpServer, NeverSessionManager>>,
    memo: Arc<ListMemo>,
    state: Arc<AppState>,
}

impl Rmcp {
    fn new(state: Arc<AppState>, memo: Arc<ListMemo>) -> Rmcp {
        let config = StreamableHttpServerConfig::default()
            .with_legacy_session_mode(false)
            .with_json_response(true)
            .with_sse_keep_alive(None)
            .with_sse_retry(None)
            // Our guard owns Host checking, so rmcp's loopback-only default is turned off.
            .disable_allowed_hosts()
            .with_max_request_body_bytes(state.config.max_body_bytes);
        let server = McpServer::new(state.clone());
        let mcp = StreamableHttpService::new(
            move || Ok(server.clone()),
            Arc::new(NeverSessionManager::default()),
            config,
        );
        Rmcp {
            mcp: Arc::new(mcp),
            memo,
            state,
        }
    }
}

impl Service<Req> for Rmcp {
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Req) -> Answer {
        let mcp = self.mcp.clone();
        let memo = self.memo.clone();
        let state = self.state.clone();
        Box::pin(async move {
            let key = memo_key(&req);
            if let Some((key, id)) = &key {
                if let Some(answer) = memo.answer(key, id) {
                    return Ok(answer);
                }
            }
            let (mut parts, _) = req.into_parts();
            let bytes = parts
                .extensions
                .remove::<Parsed>()
                .map(|p| p.bytes)
                .unwrap_or_default();
            let principal = parts
                .extensions
                .remove::<Principal>()
                .unwrap_or_else(Principal::unauthenticated);
            parts.extensions.insert(CallerId(principal.id.clone()));
            parts.extensions.insert(principal);
            let resp = mcp
                .handle(Request::from_parts(parts, Full::new(bytes)))
                .await;
            // A list that left out a tenant it could not reach now is answered, not kept:
            // the next list tries that tenant again.
            Ok(match key {
                Some((key, id)) if state.tenants_ready(key.tenants()) => {
                    memo.remember(key, &id, resp).await
                }
                _ => resp,
            })
        })
    }
}
