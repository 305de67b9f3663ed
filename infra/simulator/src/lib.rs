//! A local simulator of the Zscaler OneAPI for tests and the sandbox.
//!
//! It serves, on one loopback listener:
//! - the ZIdentity token endpoint `POST /oauth2/v1/token` (client secret or
//!   RS256 private-key JWT assertion);
//! - ZIA under `/zia/api/v1/...` (module `zia`: core and registry
//!   collections as tables for the one CRUD engine `crud`, settings and
//!   helpers beside them; see [`zia_collections`] and
//!   [`zia_singletons`]) and ZPA under
//!   `/zpa/mgmtconfig/{v1,v2}/admin/customers/{customerId}/...` (module
//!   `zpa`, laid out the same way; see [`zpa_collections`]), plus the ZPA
//!   SCIM lookups under
//!   `/zpa/userconfig/v1/customers/{customerId}` and the LSS catalogs under
//!   `/zpa/mgmtconfig/v2/admin/lssConfig`, with seeded, mutable in-memory
//!   data;
//! - ZDX reports under `/zdx/v1/...` (read-only), ZCC under
//!   `/zcc/papi/public/v1/...` (read-only) and ZIdentity users and groups
//!   under `/ziam/admin/api/v1/...` (read-write), also seeded; ZDX deep
//!   traces and score analyses are writable;
//! - EASM under `/easm/easm-ui/v1/...` (read-only, seeded) and the
//!   Z-Insights GraphQL endpoint `POST /zins/graphql`;
//! - Cloud & Branch Connector under `/ztw/api/v1/...` (ZIA-style CRUD with
//!   an activation gate; see [`ztw_collections`]), ZCell under
//!   `/zcell/config/api/v1/...` (Spring-paged; see [`zcell_collections`])
//!   and the ZMS GraphQL endpoint `POST /zms/graphql` (see
//!   [`zms_queries`]), seeded;
//! - control endpoints under `/__sim/...` (request log, fault injection,
//!   stats, ZIA activation status), which are not themselves recorded.
//!
//! Each product is one module behind the [`product::Product`] trait (its
//! path segment, content type, gateway quota, error dialect and handler);
//! `dispatch` here routes over the registered products (`products`) and
//! does what is common: faults, the bearer check, the request log and the
//! gateway headers. Registry-driven collections of every product are served
//! by the one CRUD engine in `crud` (`crud::serve`: routing, list, get,
//! create, update, delete); each product adds its collection table
//! (`specs`) and its wire dialect (`dialect`, implementing
//! `crud::Dialect`). The GraphQL endpoints share the front end in
//! `graphql`.
//!
//! Wire shapes follow `shared/reference/zscaler-api.md` and the recorded
//! examples beside it. Every product call needs a bearer token issued by this
//! simulator; faults can be injected per method and path prefix.

#![recursion_limit = "256"]

mod auth;
mod crud;
mod easm;
mod graphql;
mod product;
mod util;
mod zcc;
mod zcell;
mod zdx;
mod zia;
mod zid;
mod zins;
mod zms;
mod zpa;
mod ztw;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use product::{lock, Product};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use util::{gateway_unauthorized, Req, Resp, RespBody};
pub use zcell::{zcell_collections, ZcellCollectionInfo};
pub use zia::{zia_collections, zia_singletons, ZiaCollectionInfo, ZiaSingletonInfo};
pub use zms::{zms_queries, ZmsQueryInfo};
pub use zpa::{zpa_collections, ZpaCollectionInfo};
pub use ztw::{ztw_collections, ZtwCollectionInfo};

/// Path of the token endpoint on the simulator.
pub(crate) const TOKEN_PATH: &str = "/oauth2/v1/token";
/// Largest request body accepted (larger ones get 413).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Longest `Delay` fault honoured.
const MAX_DELAY_MS: u64 = 300_000;
/// Simulator settings.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Accepted OAuth client id. Default "sandbox-client".
    pub client_id: String,
    /// Accepted OAuth client secret. Default "sandbox-secret".
    pub client_secret: String,
    /// ZPA customer id expected in ZPA paths (and in the `customerId` of
    /// ZMS queries). Default "sandbox-customer".
    pub customer_id: String,
    /// ZCell customer id expected in ZCell paths. Default
    /// "sandbox-zcell-customer".
    pub zcell_customer_id: String,
    /// `expires_in` of issued tokens (seconds). Default 3600.
    pub token_lifetime_secs: u64,
    /// When set, private-key JWT client assertions (RS256) are accepted and
    /// verified with this PEM public key.
    pub client_public_key_pem: Option<String>,
    /// Products listed in the token's `service-info` claim.
    pub entitled_products: Vec<String>,
    /// After `POST /zia/api/v1/status/activate`, how many `GET /status`
    /// calls report `INPROGRESS` before the status becomes `ACTIVE`.
    /// Default 0 (activation is immediate).
    pub activation_in_progress_polls: u32,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            client_id: "sandbox-client".to_string(),
            client_secret: "sandbox-secret".to_string(),
            customer_id: "sandbox-customer".to_string(),
            zcell_customer_id: "sandbox-zcell-customer".to_string(),
            token_lifetime_secs: 3600,
            client_public_key_pem: None,
            entitled_products: [
                "ZIA",
                "ZPA",
                "ZDX",
                "ZCC",
                "ZTW",
                "ZIDENTITY",
                "EASM",
                "ZINS",
                "ZMS",
                "ZCELL",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            activation_in_progress_polls: 0,
        }
    }
}

/// One entry of the request log.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    /// The path as received (not percent-decoded).
    pub path: String,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    pub raw_query: Option<String>,
    /// Parsed JSON body; a JSON string for non-JSON bodies; form bodies are
    /// re-encoded with `client_secret`/`client_assertion` values "REDACTED".
    pub body: Option<Value>,
    pub status: u16,
    /// For API calls: whether the request carried a valid bearer token
    /// issued by this simulator. For token-endpoint calls: whether a token
    /// was issued.
    pub authorized: bool,
}

/// A fault to inject, matched on method and path prefix before normal
/// handling.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fault {
    /// HTTP method to match (case-insensitive); None matches any.
    pub method: Option<String>,
    /// Prefix of the full request path, e.g. "/zia/api/v1/users".
    pub path_prefix: String,
    pub kind: FaultKind,
    /// None: every matching request; Some(n): the next n matching requests.
    pub times: Option<u32>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// 429, `retry-after: 1`, `{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"1 seconds"}`.
    ZiaRateLimit,
    /// 429, `retry-after: 4s`, `invalid.toomanyrequests` body.
    ZpaRateLimit,
    /// 409 `{"code":"EDIT_LOCK_NOT_AVAILABLE"}`.
    ZiaEditLock,
    /// 409 `api.concurrent.access.error`.
    ZpaConcurrentAccess,
    /// A server error with the given status (500/502/503/504).
    ServerError { status: u16 },
    /// Sleep, then serve normally.
    Delay { ms: u64 },
    /// 403 `STATE_READONLY` with `x-zscaler-mode: read-only`.
    ZiaReadOnly,
    /// The gateway's 401 body.
    Unauthorized,
}

struct RateWindow {
    start: Instant,
    count: u64,
}

impl RateWindow {
    fn new() -> RateWindow {
        RateWindow {
            start: Instant::now(),
            count: 0,
        }
    }
}

struct Inner {
    auth: auth::Auth,
    /// Every simulated product, each with its data behind its own lock.
    products: Vec<Box<dyn Product>>,
    log: Mutex<Vec<RecordedRequest>>,
    faults: Mutex<Vec<Fault>>,
    token_requests: AtomicUsize,
    /// Gateway quota windows, keyed by the advertised limit (products that
    /// advertise the same quota share a window).
    rates: Mutex<HashMap<&'static str, RateWindow>>,
}

impl Inner {
    fn record(&self, r: RecordedRequest) {
        lock(&self.log).push(r);
    }

    fn add_fault(&self, fault: Fault) {
        if fault.times == Some(0) {
            return;
        }
        lock(&self.faults).push(fault);
    }

    /// Find the first fault matching this request, consume one use of it and
    /// return its kind.
    fn take_fault(&self, method: &str, path: &str) -> Option<FaultKind> {
        let mut faults = lock(&self.faults);
        let idx = faults.iter().position(|f| {
            path.starts_with(&f.path_prefix)
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        let kind = faults[idx].kind.clone();
        if let Some(n) = faults[idx].times.as_mut() {
            if *n <= 1 {
                faults.remove(idx);
            } else {
                *n -= 1;
            }
        }
        Some(kind)
    }

    /// Count one API call against the advertised gateway quota of
    /// `product`; returns (remaining, seconds until the window resets).
    /// Only advertised: no call is refused.
    fn rate_hit(&self, product: &dyn Product) -> (u64, u64) {
        let quota = product.quota();
        let secs = quota.window_secs;
        let mut rates = lock(&self.rates);
        let w = rates.entry(quota.header).or_insert_with(RateWindow::new);
        if w.start.elapsed() >= Duration::from_secs(secs) {
            w.start = Instant::now();
            w.count = 0;
        }
        w.count = w.count.saturating_add(1);
        let elapsed = w.start.elapsed().as_secs().min(secs);
        (quota.per_window.saturating_sub(w.count), secs - elapsed)
    }

    /// Which product (if any) serves this path.
    fn route(&self, path: &str) -> Route<'_> {
        route(&self.products, path)
    }

    fn zia(&self) -> &zia::Zia {
        self.products
            .iter()
            .find_map(|p| p.as_any().downcast_ref::<zia::Zia>())
            .expect("ZIA is always registered")
    }

    fn activation_status(&self) -> String {
        lock(&self.zia().state).activation.clone()
    }

    fn set_activation_status(&self, status: &str) {
        lock(&self.zia().state).set_activation(&normalize_activation(status));
    }
}

/// Which of `products` (if any) serves this path: the one whose segment is
/// the path's first.
fn route<'a>(products: &'a [Box<dyn Product>], path: &str) -> Route<'a> {
    if path.trim_end_matches('/') == TOKEN_PATH {
        return Route::Token;
    }
    let first = path
        .strip_prefix('/')
        .and_then(|p| p.split('/').next())
        .unwrap_or("");
    products
        .iter()
        .find(|p| p.segment() == first)
        .map_or(Route::Unknown, |p| Route::Api(p.as_ref()))
}

/// Where a request goes: the token endpoint, a product, or nowhere (404).
#[derive(Clone, Copy)]
enum Route<'a> {
    Token,
    Api(&'a dyn Product),
    Unknown,
}

/// Every simulated product with its seeded data (the registry the
/// dispatcher routes over).
fn products(config: &SimConfig, base_url: &str) -> Vec<Box<dyn Product>> {
    let mut zia = zia::ZiaState::seeded();
    zia.activation_in_progress_polls = config.activation_in_progress_polls;
    vec![
        Box::new(zia::Zia {
            state: Mutex::new(zia),
        }),
        Box::new(zpa::Zpa {
            state: Mutex::new(zpa::ZpaState::seeded_full()),
            customer_id: config.customer_id.clone(),
        }),
        Box::new(zdx::Zdx {
            state: Mutex::new(zdx::ZdxState::seeded()),
        }),
        Box::new(zcc::Zcc {
            state: Mutex::new(zcc::ZccState::seeded()),
        }),
        Box::new(zid::Zid {
            state: Mutex::new(zid::ZidState::seeded()),
            base_url: base_url.to_string(),
        }),
        Box::new(ztw::Ztw {
            state: Mutex::new(ztw::ZtwState::seeded()),
        }),
        Box::new(zcell::Zcell {
            state: Mutex::new(zcell::ZcellState::seeded()),
            customer_id: config.zcell_customer_id.clone(),
        }),
        Box::new(zms::Zms {
            state: Mutex::new(zms::ZmsState::seeded()),
            customer_id: config.customer_id.clone(),
        }),
        Box::new(easm::Easm {
            state: Mutex::new(easm::EasmState::seeded()),
        }),
        Box::new(zins::Zins {
            state: Mutex::new(zins::ZinsState::seeded()),
        }),
    ]
}

/// A running simulator. Dropping it stops the server (without waiting);
/// `shutdown` stops it and waits.
pub struct RunningSim {
    addr: SocketAddr,
    inner: Arc<Inner>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// Start the simulator on `bind` (use port 0 to pick a free port).
pub async fn start(config: SimConfig, bind: SocketAddr) -> anyhow::Result<RunningSim> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let inner = Arc::new(Inner {
        products: products(&config, &base_url),
        auth: auth::Auth::new(&config, base_url)?,
        log: Mutex::new(Vec::new()),
        faults: Mutex::new(Vec::new()),
        token_requests: AtomicUsize::new(0),
        rates: Mutex::new(HashMap::new()),
    });
    let app = Router::new().fallback(dispatch).with_state(inner.clone());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stop_rx.await;
        });
        if let Err(e) = server.await {
            tracing::warn!(error = %e, "zscaler-sim server stopped with an error");
        }
    });
    tracing::debug!(%addr, "zscaler-sim started");
    Ok(RunningSim {
        addr,
        inner,
        stop: Some(stop_tx),
        task: Some(task),
    })
}

impl RunningSim {
    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// API base URL, e.g. "http://127.0.0.1:PORT" (products under /zia, /zpa).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The token endpoint URL.
    pub fn token_url(&self) -> String {
        format!("{}{}", self.base_url(), TOKEN_PATH)
    }

    /// The request log, oldest first (token requests included, control
    /// endpoints excluded).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.inner.log).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.inner.log).clear();
    }

    /// Number of calls (successful or not) to the token endpoint.
    pub fn token_request_count(&self) -> usize {
        self.inner.token_requests.load(Ordering::SeqCst)
    }

    pub fn add_fault(&self, fault: Fault) {
        self.inner.add_fault(fault);
    }

    pub fn clear_faults(&self) {
        lock(&self.inner.faults).clear();
    }

    /// ZIA activation status: "ACTIVE", "PENDING" or "INPROGRESS".
    pub fn activation_status(&self) -> String {
        self.inner.activation_status()
    }

    /// Set the ZIA activation status, e.g. "PENDING" to stage changes
    /// without a write. The known values ACTIVE, PENDING and INPROGRESS are
    /// matched case-insensitively and stored upper-case; any other value is
    /// stored as given (trimmed), to simulate unexpected states. INPROGRESS
    /// starts a countdown of `activation_in_progress_polls` `GET /status`
    /// calls (with 0 it stays INPROGRESS until activated or set again).
    /// Same as `PUT /__sim/activation` with `{"status": ...}`.
    pub fn set_activation_status(&self, status: &str) {
        self.inner.set_activation_status(status);
    }

    /// Stop the server and wait for it to finish (at most 5 s).
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Upper-case a known activation status; keep anything else as given.
fn normalize_activation(status: &str) -> String {
    let s = status.trim();
    let upper = s.to_ascii_uppercase();
    if matches!(upper.as_str(), "ACTIVE" | "PENDING" | "INPROGRESS") {
        upper
    } else {
        s.to_string()
    }
}

/// Split a path into percent-decoded, non-empty segments.
fn path_segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// How a body is shown in the request log.
fn logged_body(route: Route, content_type: Option<&str>, body: &[u8]) -> Option<Value> {
    if body.is_empty() {
        return None;
    }
    let is_form = content_type
        .map(|c| {
            c.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
        .unwrap_or(false);
    if matches!(route, Route::Token) || is_form {
        return Some(Value::String(auth::redact_form(body)));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => Some(v),
        Err(_) => Some(Value::String(String::from_utf8_lossy(body).into_owned())),
    }
}

fn fault_response(kind: &FaultKind, route: Route) -> Option<Resp> {
    let resp = match kind {
        FaultKind::Delay { .. } => return None,
        FaultKind::ZiaRateLimit => Resp::json(
            429,
            json!({"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"1 seconds"}),
        )
        .with_header("retry-after", "1"),
        FaultKind::ZpaRateLimit => Resp::json(
            429,
            json!({"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}),
        )
        .with_header("retry-after", "4s"),
        FaultKind::ZiaEditLock => Resp::json(409, json!({"code":"EDIT_LOCK_NOT_AVAILABLE"})),
        FaultKind::ZpaConcurrentAccess => Resp::json(
            409,
            json!({"id":"api.concurrent.access.error","reason":"Unable to modify the resource due to concurrent change requests. Try again","params":["com.zscaler.zpn.model.PolicySet"]}),
        ),
        FaultKind::ZiaReadOnly => Resp::json(
            403,
            json!({"code":"STATE_READONLY","message":"The API service is undergoing a scheduled upgrade and is in read-only mode."}),
        )
        .with_header("x-zscaler-mode", "read-only"),
        FaultKind::Unauthorized => gateway_unauthorized(),
        FaultKind::ServerError { status } => server_error(*status, route),
    };
    Some(resp)
}

/// A simulated 5xx in the dialect of the product (or token endpoint) hit.
fn server_error(status: u16, route: Route) -> Resp {
    let status = if (500..=599).contains(&status) {
        status
    } else {
        500
    };
    let (body, retry_after) = match route {
        Route::Token => (
            json!({
                "error": if status == 503 { "temporarily_unavailable" } else { "server_error" },
                "error_description": "Simulated server error",
            }),
            "1",
        ),
        Route::Api(p) => (p.errors().server_error(status), p.errors().retry_after()),
        Route::Unknown => {
            let d = product::ErrorDialect::Zia;
            (d.server_error(status), d.retry_after())
        }
    };
    let r = Resp::json(status, body);
    if status == 503 || status == 504 {
        r.with_header("retry-after", retry_after)
    } else {
        r
    }
}

fn json_response(status: u16, body: &Value) -> Response {
    let mut r = Response::new(Body::from(body.to_string()));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// Turn a handler response into an HTTP response with the product's headers.
fn finish(inner: &Inner, route: Route, gateway_401: bool, resp: &Resp) -> Response {
    let (body, has_body) = match &resp.body {
        RespBody::Empty => (Body::empty(), false),
        RespBody::Json(v) => (Body::from(v.to_string()), true),
        RespBody::Text(t) => (Body::from(t.clone()), true),
    };
    let mut out = Response::new(body);
    *out.status_mut() =
        StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut headers: Vec<(&str, String)> = Vec::new();
    if has_body {
        let ct = match route {
            Route::Token => "application/json;charset=UTF-8",
            Route::Api(p) => p.content_type(gateway_401),
            Route::Unknown => "application/json",
        };
        headers.push(("content-type", ct.to_string()));
    }
    headers.push(("x-oneapi-request-id", util::uuid_v4()));
    if let (Route::Api(p), false) = (route, gateway_401) {
        let (remaining, reset) = inner.rate_hit(p);
        headers.push(("x-oneapi-version", "109.1.146".to_string()));
        headers.push(("x-transaction-id", util::uuid_v4()));
        headers.push(("x-ratelimit-limit", p.quota().header.to_string()));
        headers.push(("x-ratelimit-remaining", remaining.to_string()));
        headers.push(("x-ratelimit-reset", reset.to_string()));
        p.gateway_headers(resp, remaining, &mut headers);
    }
    for (k, v) in &resp.headers {
        headers.retain(|(hk, _)| hk != k);
        headers.push((k, v.clone()));
    }
    for (k, v) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(&v),
        ) {
            out.headers_mut().insert(name, value);
        }
    }
    out
}

/// Run a product handler (synchronously, with panics turned into a 500).
fn run_product(product: &dyn Product, req: &Req) -> Resp {
    std::panic::catch_unwind(AssertUnwindSafe(|| product.handle(req))).unwrap_or_else(|_| {
        Resp::json(
            500,
            json!({"code":"UNEXPECTED_ERROR","message":"Internal simulator error"}),
        )
    })
}

/// Answer a request that no fault took: the token endpoint, an authorized
/// product call, the gateway 401, or a 404. Returns the response, whether
/// it counts as authorized, and whether it is the gateway's own 401.
fn serve(
    inner: &Inner,
    route: Route,
    req: &Req,
    bearer_ok: bool,
    path: &str,
) -> (Resp, bool, bool) {
    match route {
        Route::Token => {
            let (resp, issued) = inner.auth.token(req);
            (resp, issued, false)
        }
        Route::Api(p) if bearer_ok => (run_product(p, req), true, false),
        Route::Api(_) => (gateway_unauthorized(), false, true),
        Route::Unknown => (
            Resp::json(
                404,
                json!({"error":"not_found","message":format!("No route for {} {}", req.method, path)}),
            ),
            bearer_ok,
            false,
        ),
    }
}

fn decode_query(raw_query: Option<&str>) -> Vec<(String, String)> {
    raw_query
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

async fn dispatch(State(inner): State<Arc<Inner>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().map(str::to_string);
    let method = parts.method.clone();

    if path == "/__sim" || path.starts_with("/__sim/") {
        let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
            .await
            .unwrap_or_default();
        return control(&inner, &method, &path, &bytes);
    }

    let route = inner.route(&path);
    let query = decode_query(raw_query.as_deref());
    let content_type = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if matches!(route, Route::Token) {
        inner.token_requests.fetch_add(1, Ordering::SeqCst);
    }

    let mut record = RecordedRequest {
        method: method.as_str().to_string(),
        path: path.clone(),
        query: query.clone(),
        raw_query,
        body: None,
        status: 0,
        authorized: false,
    };

    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        record.status = 413;
        inner.record(record);
        return json_response(413, &json!({"message":"Request entity too large"}));
    };
    record.body = logged_body(route, content_type.as_deref(), &bytes);

    let bearer_ok = !matches!(route, Route::Token) && inner.auth.bearer_valid(&parts.headers);
    let req = Req {
        method: method.clone(),
        segs: path_segments(&path),
        query,
        body: bytes.to_vec(),
    };

    // Fault injection comes before any normal handling.
    if let Some(kind) = inner.take_fault(method.as_str(), &path) {
        if let FaultKind::Delay { ms } = kind {
            tokio::time::sleep(Duration::from_millis(ms.min(MAX_DELAY_MS))).await;
        } else if let Some(resp) = fault_response(&kind, route) {
            let gateway = matches!(kind, FaultKind::Unauthorized);
            record.status = resp.status;
            record.authorized = bearer_ok;
            inner.record(record);
            return finish(&inner, route, gateway, &resp);
        }
    }

    let (resp, authorized, gateway) = serve(&inner, route, &req, bearer_ok, &path);
    record.status = resp.status;
    record.authorized = authorized;
    inner.record(record);
    finish(&inner, route, gateway, &resp)
}

/// Parse a fault from control-endpoint JSON. Besides the serde shape of
/// [`Fault`] (`"kind":{"kind":"server_error","status":503}`), a plain string
/// kind (`"kind":"zia_rate_limit"`) is accepted for fieldless kinds.
fn parse_fault(mut v: Value) -> Result<Fault, String> {
    if let Some(obj) = v.as_object_mut() {
        if let Some(Value::String(k)) = obj.get("kind").cloned() {
            obj.insert("kind".to_string(), json!({ "kind": k }));
        }
    }
    serde_json::from_value::<Fault>(v).map_err(|e| e.to_string())
}

/// The `/__sim/...` control endpoints.
fn control(inner: &Inner, method: &Method, path: &str, body: &[u8]) -> Response {
    let path = path.trim_end_matches('/');
    match (method.as_str(), path) {
        ("GET", "/__sim/requests") => {
            let log = lock(&inner.log).clone();
            json_response(200, &serde_json::to_value(log).unwrap_or(Value::Null))
        }
        ("DELETE", "/__sim/requests") => {
            lock(&inner.log).clear();
            json_response(200, &json!({"cleared": true}))
        }
        ("GET", "/__sim/faults") => {
            let faults = lock(&inner.faults).clone();
            json_response(200, &serde_json::to_value(faults).unwrap_or(Value::Null))
        }
        ("POST", "/__sim/faults") => {
            let parsed = match serde_json::from_slice::<Value>(body) {
                Ok(Value::Array(items)) => items
                    .into_iter()
                    .map(parse_fault)
                    .collect::<Result<Vec<_>, _>>(),
                Ok(v) => parse_fault(v).map(|f| vec![f]),
                Err(e) => Err(e.to_string()),
            };
            match parsed {
                Ok(faults) => {
                    let n = faults.len();
                    for f in faults {
                        inner.add_fault(f);
                    }
                    json_response(200, &json!({"added": n}))
                }
                Err(e) => json_response(400, &json!({"error":"invalid fault","detail":e})),
            }
        }
        ("DELETE", "/__sim/faults") => {
            lock(&inner.faults).clear();
            json_response(200, &json!({"cleared": true}))
        }
        ("GET", "/__sim/activation") => {
            json_response(200, &json!({"status": inner.activation_status()}))
        }
        ("PUT", "/__sim/activation") => {
            let status = serde_json::from_slice::<Value>(body)
                .ok()
                .and_then(|v| v.get("status").and_then(Value::as_str).map(str::to_string))
                .filter(|s| !s.trim().is_empty());
            match status {
                Some(s) => {
                    inner.set_activation_status(&s);
                    json_response(200, &json!({"status": inner.activation_status()}))
                }
                None => json_response(
                    400,
                    &json!({"error":"invalid activation","detail":"expected {\"status\":\"ACTIVE|PENDING|INPROGRESS\"}"}),
                ),
            }
        }
        ("GET", "/__sim/stats") => json_response(
            200,
            &json!({
                "token_requests": inner.token_requests.load(Ordering::SeqCst),
                "activation_status": inner.activation_status(),
            }),
        ),
        _ => json_response(
            404,
            &json!({"error":"not_found","message":format!("No control endpoint {} {}", method, path)}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The segment of the product a path routes to ("token" and "unknown"
    /// for the others).
    fn routed(path: &str) -> &'static str {
        let products = products(&SimConfig::default(), "http://127.0.0.1:1");
        match route(&products, path) {
            Route::Token => "token",
            Route::Api(p) => p.segment(),
            Route::Unknown => "unknown",
        }
    }

    #[test]
    fn product_of_path() {
        assert_eq!(routed("/oauth2/v1/token"), "token");
        assert_eq!(routed("/zia/api/v1/users"), "zia");
        assert_eq!(routed("/ziax"), "unknown");
        assert_eq!(routed("/zpa/mgmtconfig"), "zpa");
        assert_eq!(routed("/zdx/v1/devices"), "zdx");
        assert_eq!(routed("/zcc/papi/public/v1/getDevices"), "zcc");
        assert_eq!(routed("/ziam/admin/api/v1/users"), "ziam");
        assert_eq!(routed("/ztw/api/v1/x"), "ztw");
        assert_eq!(routed("/zcell/config/api/v1"), "zcell");
        assert_eq!(routed("/zms/graphql"), "zms");
        assert_eq!(routed("/easm/easm-ui/v1"), "easm");
        assert_eq!(routed("/zins/graphql"), "zins");
        assert_eq!(routed("/zdxx"), "unknown");
    }
}
