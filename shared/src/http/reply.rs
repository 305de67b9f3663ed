//! Answers the HTTP layers give before (or instead of) rmcp: JSON-RPC errors with an HTTP
//! status, plain JSON documents, and authentication challenges.

use std::convert::Infallible;

use bytes::Bytes;
use http::{header, HeaderValue, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use serde_json::{json, Value};

use crate::auth::AuthRejection;

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
    json_response(status, body)
}

/// [`jsonrpc_error`] without a request id: the rejections of the transport layers, which
/// answer before the body is read.
pub fn refused(status: StatusCode, code: i64, message: &str) -> HttpResponse {
    jsonrpc_error(status, Value::Null, code, message)
}

pub fn json_response(status: StatusCode, body: Value) -> HttpResponse {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())).boxed())
        .expect("static response parts are valid")
}

/// 401/403/429/503 with the challenge the authenticator chose and a JSON-RPC body answering
/// the request `id` (null before the body is read).
pub fn rejected(r: AuthRejection, id: Value) -> HttpResponse {
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
