//! The shape every step of the request path shares. A [`Gate`] looks at a request (and may
//! annotate it through its extensions) and either passes it on or answers it itself;
//! [`GateLayer`] turns any gate into a tower layer, so the path is a plain stack of layers
//! around rmcp's service (assembled in `super::McpHttpService::new`).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use tower::{Layer, Service, ServiceExt};

use super::reply::HttpResponse;

/// A request body could not be read (the connection failed mid-body).
#[derive(Debug)]
pub struct BodyReadError;

/// The body type inside the stack: whatever the platform delivered, boxed once at the entry.
pub type InBody = http_body_util::combinators::UnsyncBoxBody<Bytes, BodyReadError>;
pub type Req = http::Request<InBody>;
pub type Answer = Pin<Box<dyn Future<Output = Result<HttpResponse, Infallible>> + Send>>;

/// One step of the request path.
pub trait Gate: Send + Sync + 'static {
    /// `Ok(request)` passes it (possibly annotated) to the next layer; `Err(answer)` ends
    /// the request with that answer.
    fn check(&self, req: Req) -> impl Future<Output = Result<Req, HttpResponse>> + Send;
}

/// A gate as a tower layer.
pub struct GateLayer<G>(Arc<G>);

impl<G> GateLayer<G> {
    pub fn new(gate: G) -> GateLayer<G> {
        GateLayer(Arc::new(gate))
    }
}

impl<G, S> Layer<S> for GateLayer<G> {
    type Service = GateService<G, S>;

    fn layer(&self, inner: S) -> GateService<G, S> {
        GateService {
            gate: self.0.clone(),
            inner,
        }
    }
}

pub struct GateService<G, S> {
    gate: Arc<G>,
    inner: S,
}

impl<G, S: Clone> Clone for GateService<G, S> {
    fn clone(&self) -> Self {
        GateService {
            gate: self.gate.clone(),
            inner: self.inner.clone(),
        }
    }
}

impl<G, S> Service<Req> for GateService<G, S>
where
    G: Gate,
    S: Service<Req, Response = HttpResponse, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // Readiness is checked on the clone that serves the call (below).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Req) -> Answer {
        let gate = self.gate.clone();
        let inner = self.inner.clone();
        Box::pin(async move {
            match gate.check(req).await {
                Ok(req) => inner.oneshot(req).await,
                Err(answer) => Ok(answer),
            }
        })
    }
}
