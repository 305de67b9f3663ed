//! The one trait every simulated product implements, and the dialect facts
//! the dispatcher in `lib.rs` asks it for.
//!
//! A product owns one first path segment (`/zia`, `/zpa`, ...), keeps its
//! seeded data behind its own lock and answers a parsed [`Req`] with a
//! [`Resp`]. The dispatcher does everything common (token check, faults,
//! request log, gateway headers) and asks the product only for what differs:
//! its content type, its gateway quota, the body of a simulated server
//! error and any headers of its own. Adding a product means adding one
//! module that implements [`Product`] and listing it in `lib.rs`
//! (`products`).

use crate::util::{Req, Resp};
use serde_json::{json, Value};
use std::any::Any;
use std::sync::{Mutex, MutexGuard};

/// A gateway quota as advertised in the `x-ratelimit-*` headers. Products
/// that name the same quota share one window (the OneAPI gateway counts
/// ZIA, ZPA, ZDX and the rest together).
#[derive(Debug)]
pub(crate) struct Quota {
    /// The `x-ratelimit-limit` header value (recorded).
    pub header: &'static str,
    /// Calls allowed per window.
    pub per_window: u64,
    /// Window length in seconds.
    pub window_secs: u64,
}

/// The OneAPI gateway quota (recorded on ZIA and ZPA; the products without
/// recordings get the same).
pub(crate) const GATEWAY_QUOTA: Quota = Quota {
    header: "5000, 5000;w=60",
    per_window: 5000,
    window_secs: 60,
};

/// How a product writes a simulated server error and its `retry-after`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorDialect {
    /// `{"code":"UNEXPECTED_ERROR","message":...}`, `retry-after: 1`.
    Zia,
    /// `{"id":"internal.server.error","reason":...}`, `retry-after: 1s`.
    Zpa,
}

impl ErrorDialect {
    /// The body of a simulated 5xx with this status.
    pub(crate) fn server_error(self, status: u16) -> Value {
        match self {
            ErrorDialect::Zpa => json!({
                "id": if status == 503 { "retryable.server.error" } else { "internal.server.error" },
                "reason": "Simulated server error",
            }),
            ErrorDialect::Zia => {
                json!({"code":"UNEXPECTED_ERROR","message":"Simulated server error"})
            }
        }
    }

    /// The `retry-after` sent with a retryable 5xx. Short, so client retry
    /// tests stay fast (the real ZPA 503 says "10s").
    pub(crate) fn retry_after(self) -> &'static str {
        match self {
            ErrorDialect::Zpa => "1s",
            ErrorDialect::Zia => "1",
        }
    }
}

/// One simulated product.
pub(crate) trait Product: Send + Sync + Any {
    /// The first path segment this product serves, e.g. "zia".
    fn segment(&self) -> &'static str;

    /// Answer an authorized request (path segments include `segment()`).
    fn handle(&self, req: &Req) -> Resp;

    /// Content type of a JSON body; `gateway_401` is the gateway's own
    /// 401, which is not the product's dialect.
    fn content_type(&self, gateway_401: bool) -> &'static str {
        let _ = gateway_401;
        "application/json"
    }

    /// The advertised gateway quota.
    fn quota(&self) -> &'static Quota {
        &GATEWAY_QUOTA
    }

    /// The body and `retry-after` of simulated server errors.
    fn errors(&self) -> ErrorDialect {
        ErrorDialect::Zia
    }

    /// Add product headers after the gateway's (`remaining` is the quota
    /// left in the window).
    fn gateway_headers(&self, resp: &Resp, remaining: u64, out: &mut Vec<(&'static str, String)>) {
        let _ = (resp, remaining, out);
    }

    /// For the control endpoints that reach into one product's state.
    fn as_any(&self) -> &dyn Any;
}

/// Lock a mutex, recovering the data if a previous holder panicked (a
/// handler panic is answered with a 500 and must not wedge the product).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
