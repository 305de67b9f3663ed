//! A local simulator of the Zscaler OneAPI for tests and the sandbox.
//!
//! It serves, on one loopback listener:
//! - the ZIdentity token endpoint `POST /oauth2/v1/token` (client secret or
//!   RS256 private-key JWT assertion);
//! - ZIA under `/zia/api/v1/...` (the hand-written core in `zia`, the
//!   registry-driven collections, settings and helpers in `zia_more`; see
//!   [`zia_collections`] and [`zia_singletons`]) and ZPA under
//!   `/zpa/mgmtconfig/{v1,v2}/admin/customers/{customerId}/...` (the
//!   hand-written core in `zpa`, the registry-driven collections and helpers
//!   in `zpa_more`; see [`zpa_collections`]), plus the ZPA SCIM lookups under
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
//! Wire shapes follow `shared/reference/zscaler-api.md` and the recorded
//! examples beside it. Every product call needs a bearer token issued by this
//! simulator; faults can be injected per method and path prefix.

#![recursion_limit = "256"]

mod auth;
mod easm;
mod util;
mod zcc;
mod zcell;
mod zdx;
mod zia;
mod zia_more;
mod zid;
mod zins;
mod zms;
mod zpa;
mod zpa_more;
mod ztw;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use util::{gateway_unauthorized, Product, Req, Resp, RespBody};
pub use zcell::{zcell_collections, ZcellCollectionInfo};
pub use zia_more::{zia_collections, zia_singletons, ZiaCollectionInfo, ZiaSingletonInfo};
pub use zms::{zms_queries, ZmsQueryInfo};
pub use zpa_more::{zpa_collections, ZpaCollectionInfo};
pub use ztw::{ztw_collections, ZtwCollectionInfo};

/// Path of the token endpoint on the simulator.
pub(crate) const TOKEN_PATH: &str = "/oauth2/v1/token";
/// Largest request body accepted (larger ones get 413).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Longest `Delay` fault honoured.
const MAX_DELAY_MS: u64 = 300_000;
/// Gateway quota advertised on ZIA and ZPA responses (recorded value); ZDX
/// (no recordings) gets the same.
const API_RATELIMIT: &str = "5000, 5000;w=60";
const API_QUOTA_PER_WINDOW: u64 = 5000;
const API_WINDOW_SECS: u64 = 60;
/// Gateway quota advertised on ZIdentity responses (recorded value).
const ZID_RATELIMIT: &str = "500, 500;w=1, 20000;w=60";
const ZID_QUOTA_PER_WINDOW: u64 = 500;
const ZID_WINDOW_SECS: u64 = 1;
/// Gateway quota advertised on ZCC responses (recorded value): 100 per hour.
const ZCC_RATELIMIT: &str = "100, 100;w=3600, 100;w=3600";
const ZCC_QUOTA_PER_WINDOW: u64 = 100;
const ZCC_WINDOW_SECS: u64 = 3600;

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

/// The simulator's mutable data.
pub(crate) struct Store {
    zia: zia::ZiaState,
    zpa: zpa::ZpaState,
    zdx: zdx::ZdxState,
    zcc: zcc::ZccState,
    zid: zid::ZidState,
    ztw: ztw::ZtwState,
    zcell: zcell::ZcellState,
    zms: zms::ZmsState,
    easm: easm::EasmState,
    zins: zins::ZinsState,
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
    customer_id: String,
    zcell_customer_id: String,
    /// "http://ADDR", used for absolute links (ZIdentity `next_link`).
    base_url: String,
    auth: auth::Auth,
    store: Mutex<Store>,
    log: Mutex<Vec<RecordedRequest>>,
    faults: Mutex<Vec<Fault>>,
    token_requests: AtomicUsize,
    /// Gateway quota window for ZIA, ZPA and ZDX.
    rate: Mutex<RateWindow>,
    rate_zid: Mutex<RateWindow>,
    rate_zcc: Mutex<RateWindow>,
}

/// Lock a mutex, recovering the data if a previous holder panicked.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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
    /// `product`; returns (limit header, remaining, seconds until the window
    /// resets). Only advertised: no call is refused.
    fn rate_hit(&self, product: Product) -> (&'static str, u64, u64) {
        let (window, limit, quota, secs) = match product {
            Product::Zid => (
                &self.rate_zid,
                ZID_RATELIMIT,
                ZID_QUOTA_PER_WINDOW,
                ZID_WINDOW_SECS,
            ),
            Product::Zcc => (
                &self.rate_zcc,
                ZCC_RATELIMIT,
                ZCC_QUOTA_PER_WINDOW,
                ZCC_WINDOW_SECS,
            ),
            _ => (
                &self.rate,
                API_RATELIMIT,
                API_QUOTA_PER_WINDOW,
                API_WINDOW_SECS,
            ),
        };
        let mut w = lock(window);
        if w.start.elapsed() >= Duration::from_secs(secs) {
            w.start = Instant::now();
            w.count = 0;
        }
        w.count = w.count.saturating_add(1);
        let elapsed = w.start.elapsed().as_secs().min(secs);
        (limit, quota.saturating_sub(w.count), secs - elapsed)
    }

    fn activation_status(&self) -> String {
        lock(&self.store).zia.activation.clone()
    }

    fn set_activation_status(&self, status: &str) {
        lock(&self.store)
            .zia
            .set_activation(&normalize_activation(status));
    }
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
    let mut zia = zia::ZiaState::seeded();
    zia.activation_in_progress_polls = config.activation_in_progress_polls;
    let inner = Arc::new(Inner {
        customer_id: config.customer_id.clone(),
        zcell_customer_id: config.zcell_customer_id.clone(),
        auth: auth::Auth::new(&config, base_url.clone())?,
        base_url,
        store: Mutex::new(Store {
            zia,
            zpa: zpa::ZpaState::seeded_full(),
            zdx: zdx::ZdxState::seeded(),
            zcc: zcc::ZccState::seeded(),
            zid: zid::ZidState::seeded(),
            ztw: ztw::ZtwState::seeded(),
            zcell: zcell::ZcellState::seeded(),
            zms: zms::ZmsState::seeded(),
            easm: easm::EasmState::seeded(),
            zins: zins::ZinsState::seeded(),
        }),
        log: Mutex::new(Vec::new()),
        faults: Mutex::new(Vec::new()),
        token_requests: AtomicUsize::new(0),
        rate: Mutex::new(RateWindow::new()),
        rate_zid: Mutex::new(RateWindow::new()),
        rate_zcc: Mutex::new(RateWindow::new()),
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
fn logged_body(product: Product, content_type: Option<&str>, body: &[u8]) -> Option<Value> {
    if body.is_empty() {
        return None;
    }
    let is_form = content_type
        .map(|c| {
            c.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
        .unwrap_or(false);
    if product == Product::Token || is_form {
        return Some(Value::String(auth::redact_form(body)));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => Some(v),
        Err(_) => Some(Value::String(String::from_utf8_lossy(body).into_owned())),
    }
}

fn fault_response(kind: &FaultKind, product: Product) -> Option<Resp> {
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
        FaultKind::ServerError { status } => {
            let status = if (500..=599).contains(status) {
                *status
            } else {
                500
            };
            let body = match product {
                Product::Zpa => json!({
                    "id": if status == 503 { "retryable.server.error" } else { "internal.server.error" },
                    "reason": "Simulated server error",
                }),
                Product::Token => json!({
                    "error": if status == 503 { "temporarily_unavailable" } else { "server_error" },
                    "error_description": "Simulated server error",
                }),
                _ => json!({"code":"UNEXPECTED_ERROR","message":"Simulated server error"}),
            };
            let mut r = Resp::json(status, body);
            // A short retry-after on the retryable statuses keeps client retry
            // tests fast (the real ZPA 503 says "10s").
            if status == 503 || status == 504 {
                let v = if product == Product::Zpa { "1s" } else { "1" };
                r = r.with_header("retry-after", v);
            }
            r
        }
    };
    Some(resp)
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
fn finish(inner: &Inner, product: Product, gateway_401: bool, resp: &Resp) -> Response {
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
        let ct = match product {
            Product::Token | Product::Zcc => "application/json;charset=UTF-8",
            Product::Zpa if !gateway_401 => "application/json;charset=utf-8",
            _ => "application/json",
        };
        headers.push(("content-type", ct.to_string()));
    }
    headers.push(("x-oneapi-request-id", util::uuid_v4()));
    if product.is_api() && !gateway_401 {
        let (limit, remaining, reset) = inner.rate_hit(product);
        headers.push(("x-oneapi-version", "109.1.146".to_string()));
        headers.push(("x-transaction-id", util::uuid_v4()));
        headers.push(("x-ratelimit-limit", limit.to_string()));
        headers.push(("x-ratelimit-remaining", remaining.to_string()));
        headers.push(("x-ratelimit-reset", reset.to_string()));
        if product == Product::Zcc {
            // Recorded on ZCC besides the gateway's x-ratelimit-* headers.
            headers.push(("x-rate-limit-remaining", remaining.to_string()));
        }
        if product == Product::Zia && !resp.headers.iter().any(|(k, _)| *k == "x-zscaler-mode") {
            headers.push(("x-zscaler-mode", "read-write".to_string()));
        }
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

/// Route an authorized product request to its handler (synchronously, with
/// panics turned into a 500).
fn route_product(inner: &Inner, product: Product, req: &Req) -> Resp {
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut store = lock(&inner.store);
        match product {
            Product::Zia => zia::handle(&mut store.zia, req),
            Product::Zpa => zpa::handle(&mut store.zpa, req, &inner.customer_id),
            Product::Zdx => zdx::handle(&mut store.zdx, req),
            Product::Zcc => zcc::handle(&store.zcc, req),
            Product::Zid => zid::handle(&mut store.zid, req, &inner.base_url),
            Product::Ztw => ztw::handle(&mut store.ztw, req),
            Product::Zcell => zcell::handle(&mut store.zcell, req, &inner.zcell_customer_id),
            Product::Zms => zms::handle(&store.zms, req, &inner.customer_id),
            Product::Easm => easm::handle(&store.easm, req),
            Product::Zins => zins::handle(&store.zins, req),
            _ => Resp::json(
                404,
                json!({"error":"not_found","message":"This product is not simulated"}),
            ),
        }
    }));
    result.unwrap_or_else(|_| {
        Resp::json(
            500,
            json!({"code":"UNEXPECTED_ERROR","message":"Internal simulator error"}),
        )
    })
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

    let product = Product::of_path(&path);
    let query: Vec<(String, String)> = raw_query
        .as_deref()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let content_type = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if product == Product::Token {
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

    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            record.status = 413;
            inner.record(record);
            return json_response(413, &json!({"message":"Request entity too large"}));
        }
    };
    record.body = logged_body(product, content_type.as_deref(), &bytes);

    let bearer_ok = product != Product::Token && inner.auth.bearer_valid(&parts.headers);
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
        } else if let Some(resp) = fault_response(&kind, product) {
            let gateway = matches!(kind, FaultKind::Unauthorized);
            record.status = resp.status;
            record.authorized = bearer_ok;
            inner.record(record);
            return finish(&inner, product, gateway, &resp);
        }
    }

    let (resp, authorized, gateway) = match product {
        Product::Token => {
            let (resp, issued) = inner.auth.token(&req);
            (resp, issued, false)
        }
        p if p.is_api() => {
            if bearer_ok {
                (route_product(&inner, product, &req), true, false)
            } else {
                (gateway_unauthorized(), false, true)
            }
        }
        _ => (
            Resp::json(
                404,
                json!({"error":"not_found","message":format!("No route for {} {}", method, path)}),
            ),
            bearer_ok,
            false,
        ),
    };
    record.status = resp.status;
    record.authorized = authorized;
    inner.record(record);
    finish(&inner, product, gateway, &resp)
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
