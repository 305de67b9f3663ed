//! The request body: JSON only, read within `ZSCALER_MCP_MAX_BODY_BYTES`, and typed here,
//! once, into the JSON-RPC message every later layer reads ([`Parsed`]); rmcp then parses
//! its own copy of the bytes (it owns the wire format). An untyped JSON value is kept only
//! for the era check and to explain a refusal. Malformed messages get proper
//! JSON-RPC errors here (rmcp alone would answer a bare 415 or a misleading -32601), and so
//! do 2026-07-28 requests for methods that revision removed.

use bytes::{Buf, Bytes, BytesMut};
use http::{header, HeaderValue, StatusCode};
use http_body_util::{BodyExt, Empty};
use rmcp::model::{ClientJsonRpcMessage, ClientRequest};
use serde_json::Value;

use super::gate::{Gate, InBody, Req};
use super::reply::{codes, jsonrpc_error, refused, HttpResponse};

/// The request body and the JSON-RPC message it holds, parsed once. rmcp gets the bytes
/// (it owns the wire format); our layers read the message.
#[derive(Clone)]
pub struct Parsed {
    pub bytes: Bytes,
    pub message: ClientJsonRpcMessage,
}

pub struct Message {
    pub(super) max_body_bytes: usize,
}

impl Gate for Message {
    async fn check(&self, req: Req) -> Result<Req, HttpResponse> {
        let (mut parts, body) = req.into_parts();
        normalize_content_type(&mut parts.headers).map_err(|refusal| *refusal)?;
        let bytes = read_body(body, self.max_body_bytes).await?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            refused(
                StatusCode::BAD_REQUEST,
                codes::PARSE_ERROR,
                &format!("Parse error: the body is not valid JSON ({e})"),
            )
        })?;
        if let Some(rejection) = removed_in_modern_era(&bytes, &value, &parts.headers) {
            return Err(rejection);
        }
        let message = jsonrpc_message(&bytes, &value).map_err(|r| *r)?;
        parts.extensions.insert(Parsed { bytes, message });
        let empty: InBody = Empty::new().map_err(|never| match never {}).boxed_unsync();
        Ok(Req::from_parts(parts, empty))
    }
}

/// Collect the body, stopping as soon as it passes `limit` (chunked bodies included).
pub(super) async fn read_body(body: InBody, limit: usize) -> Result<Bytes, HttpResponse> {
    let mut body = std::pin::pin!(body);
    let mut collected = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(refused(
                StatusCode::BAD_REQUEST,
                codes::INVALID_REQUEST,
                "Bad request: the request body could not be read",
            ));
        };
        if let Ok(mut data) = frame.into_data() {
            if data.remaining() > limit.saturating_sub(collected.len()) {
                return Err(refused(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    codes::INVALID_REQUEST,
                    &format!(
                        "Payload too large: the request body exceeds {limit} bytes \
                         (ZSCALER_MCP_MAX_BODY_BYTES)"
                    ),
                ));
            }
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

/// JSON only; some clients label JSON-RPC `application/json-rpc` (the Python server
/// normalizes it too).
fn normalize_content_type(headers: &mut http::HeaderMap) -> Result<(), Box<HttpResponse>> {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    match essence.as_deref() {
        Some("application/json") => Ok(()),
        Some("application/json-rpc") => {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            Ok(())
        }
        _ => Err(Box::new(refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            codes::INVALID_REQUEST,
            "Unsupported media type: Content-Type must be application/json",
        ))),
    }
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

/// The JSON-RPC message rmcp will see, or the error naming why it is not one (-32600 or
/// -32602), echoing the id when there is one. Typed from the bytes, as rmcp parses them
/// (a body with a repeated key is valid JSON to `value` but not a message to rmcp); `value`
/// only explains a refusal.
pub(super) fn jsonrpc_message(
    bytes: &[u8],
    value: &Value,
) -> Result<ClientJsonRpcMessage, Box<HttpResponse>> {
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
fn removed_in_modern_era(
    bytes: &[u8],
    value: &Value,
    headers: &http::HeaderMap,
) -> Option<HttpResponse> {
    const MODERN: &str = "2026-07-28";
    if !REMOVED_IN_2026_07_28.contains(&value.get("method")?.as_str()?) {
        return None;
    }
    // Only for these (the body is parsed once otherwise): typed as rmcp types it, so a body
    // that repeats `method`, `id` or `params` is left to its 400, not answered here by
    // whichever copy came last.
    let head: Head = serde_json::from_slice(bytes).ok()?;
    let method = head.method.as_str();
    // An `Mcp-Method` header that names another method is the 400 (-32020) of the header
    // checks, not a removed method.
    let named = headers.get("mcp-method").and_then(|v| v.to_str().ok());
    if named.is_some_and(|m| m != method) {
        return None;
    }
    // Notifications get no answer; rmcp accepts them with 202.
    let id = head.id.filter(|id| id.is_string() || id.is_number())?;
    let header = headers
        .get("mcp-protocol-version")
        .and_then(|v| v.to_str().ok());
    let meta = head
        .params
        .as_ref()
        .and_then(|p| p.get("_meta"))
        .and_then(|m| m.get("io.modelcontextprotocol/protocolVersion"));
    let modern = match meta.map(Value::as_str) {
        Some(Some(v)) => v == MODERN && header.is_none_or(|h| h == v),
        Some(None) => false,
        None => method != "initialize" && header == Some(MODERN),
    };
    if !modern {
        return None;
    }
    Some(jsonrpc_error(
        StatusCode::NOT_FOUND,
        id,
        codes::METHOD_NOT_FOUND,
        &format!("Method not found: {method:?} does not exist in protocol version {MODERN}"),
    ))
}

/// The members of a request that [`removed_in_modern_era`] reads.
#[derive(serde::Deserialize)]
struct Head {
    method: String,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    params: Option<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(body: &[u8]) -> Result<ClientJsonRpcMessage, Box<HttpResponse>> {
        let value = serde_json::from_slice(body).expect("test bodies are JSON");
        jsonrpc_message(body, &value)
    }

    #[test]
    fn a_removed_method_is_404_only_when_nothing_else_is_wrong() {
        let mut modern = http::HeaderMap::new();
        modern.insert(
            "mcp-protocol-version",
            HeaderValue::from_static("2026-07-28"),
        );
        let ping = br#"{"jsonrpc":"2.0","id":5,"method":"ping"}"#;
        let removed = |body: &[u8], headers: &http::HeaderMap| {
            let value: Value = serde_json::from_slice(body).expect("JSON");
            removed_in_modern_era(body, &value, headers)
        };
        let r = removed(ping, &modern).expect("ping was removed");
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        // The fuzz smoke's finding: a repeated `method` (rmcp refuses it: 400) ...
        let repeated = br#"{"jsonrpc":"2.0","id":6,"method":"tools/call","id":5,"method":"ping"}"#;
        assert!(removed(repeated, &modern).is_none());
        assert_eq!(
            message(repeated).unwrap_err().status(),
            StatusCode::BAD_REQUEST
        );
        // ... and an Mcp-Method header naming another method (the header checks' 400).
        modern.insert("mcp-method", HeaderValue::from_static("tools/call"));
        assert!(removed(ping, &modern).is_none());
    }

    #[test]
    fn jsonrpc_shapes() {
        assert!(message(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#).is_ok());
        let r = message(br#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#).unwrap_err();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = message(br#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#).unwrap_err();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        // A repeated key: JSON to serde_json's Value, not a message to rmcp.
        let twice =
            br#"{"jsonrpc":"2.0","id":1,"method":"initialize","pac":"2.0","id":5,"method":"ping"}"#;
        let r = message(twice).unwrap_err();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    }
}
