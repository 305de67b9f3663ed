//! Memoized `tools/list` answers. The tool list is fixed per process and per caller class,
//! yet serializing 402 schemas (~570 KB) costs about a millisecond per call. After rmcp has
//! answered a `tools/list` once, a request that rmcp would see identically (same typed
//! request, same MCP headers, same caller class; only the JSON-RPC id differs) is answered
//! from the stored bytes with the new id spliced in. rmcp stays the one owner of the wire
//! format: a stored answer is rmcp's own, byte for byte.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_body_util::{BodyExt, Full};
use rmcp::model::{ClientJsonRpcMessage, ClientRequest, RequestId};

use super::gate::Req;
use super::message::Parsed;
use super::reply::HttpResponse;
use crate::auth::Principal;
use crate::discovery::UrlSurface;

/// Upper bound on stored answers, in bytes: a handful of caller classes × protocol versions.
const MAX_STORED_BYTES: usize = 8 * 1024 * 1024;
/// Upper bound on stored answers, in count (keys are small, but callers choose them).
const MAX_ENTRIES: usize = 32;

/// Everything rmcp and `list_tools` read from a request, except the id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MemoKey {
    /// The typed request as rmcp parsed it (method, params, `_meta`).
    request: String,
    /// Headers rmcp reads: Accept, Content-Type, Last-Event-ID and every `Mcp-*` header.
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The caller class `list_tools` filters by.
    can_write: bool,
    allowed_toolsets: Option<Vec<String>>,
    /// Multi-tenant: the caller's tenants decide the tools and their `tenant` argument.
    tenants: Option<Vec<String>>,
    /// The surface the URL chose (`/mcp/x/...`, `/mcp/readonly`).
    surface: Option<UrlSurface>,
}

impl MemoKey {
    /// Multi-tenant: the tenants whose tools this list is made of.
    pub fn tenants(&self) -> &[String] {
        self.tenants.as_deref().unwrap_or_default()
    }

    /// `None` when the request is not a `tools/list` request.
    pub fn for_request(
        request: &ClientRequest,
        headers: &HeaderMap,
        principal: &Principal,
    ) -> Option<MemoKey> {
        if !matches!(request, ClientRequest::ListToolsRequest(_)) {
            return None;
        }
        let request = serde_json::to_string(request).ok()?;
        let mut read_by_rmcp: Vec<(HeaderName, HeaderValue)> = headers
            .iter()
            .filter(|(name, _)| {
                let n = name.as_str();
                n.starts_with("mcp-")
                    || *name == http::header::ACCEPT
                    || *name == http::header::CONTENT_TYPE
                    || n == "last-event-id"
            })
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect();
        // Header order across names is not meaningful; order within one name is kept.
        read_by_rmcp.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        Some(MemoKey {
            request,
            headers: read_by_rmcp,
            can_write: principal.can_write,
            allowed_toolsets: principal.allowed_toolsets.clone(),
            tenants: principal.tenants.clone(),
            surface: None,
        })
    }
}

/// One stored answer: the response with its body cut right after the id.
struct Stored {
    status: StatusCode,
    headers: HeaderMap,
    /// The body from the `,` after the id to the end.
    after_id: Bytes,
    /// The memo's tick when it was stored or last answered (least recently used goes first).
    used: AtomicU64,
}

/// Keys carry caller-chosen parts (any `Mcp-*` header), so the memo is bounded and evicts
/// the least recently used answer: a caller that sends many distinct keys only churns its
/// own entries and cannot lock the common answers out.
#[derive(Default)]
pub struct ListMemo {
    entries: RwLock<HashMap<MemoKey, Stored>>,
    tick: AtomicU64,
    /// Answers served from memory (for tests and diagnostics).
    hits: AtomicU64,
}

fn body_prefix(id: &RequestId) -> Option<Vec<u8>> {
    let mut prefix = b"{\"jsonrpc\":\"2.0\",\"id\":".to_vec();
    serde_json::to_writer(&mut prefix, id).ok()?;
    Some(prefix)
}

impl ListMemo {
    /// The stored answer for `key`, re-addressed to `id`.
    pub fn answer(&self, key: &MemoKey, id: &RequestId) -> Option<HttpResponse> {
        let entries = self.entries.read().ok()?;
        let stored = entries.get(key)?;
        stored.used.store(self.next_tick(), Ordering::Relaxed);
        self.hits.fetch_add(1, Ordering::Relaxed);
        let prefix = body_prefix(id)?;
        let mut body = BytesMut::with_capacity(prefix.len() + stored.after_id.len());
        body.extend_from_slice(&prefix);
        body.extend_from_slice(&stored.after_id);
        let mut resp = HttpResponse::new(Full::new(body.freeze()).boxed());
        *resp.status_mut() = stored.status;
        *resp.headers_mut() = stored.headers.clone();
        Some(resp)
    }

    /// Pass rmcp's answer through, keeping a copy when it is a plain JSON success whose body
    /// starts the way `answer` rebuilds it.
    pub async fn remember(&self, key: MemoKey, id: &RequestId, resp: HttpResponse) -> HttpResponse {
        let json = resp
            .headers()
            .get(http::header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        if resp.status() != StatusCode::OK || !json {
            return resp;
        }
        let (parts, body) = resp.into_parts();
        let Ok(collected) = body.collect().await;
        let bytes = collected.to_bytes();
        if let Some(prefix) = body_prefix(id) {
            let rest = bytes.get(prefix.len()..).unwrap_or_default();
            if bytes.starts_with(&prefix) && rest.starts_with(b",\"result\":") {
                // Rebuilt bodies differ in length: hyper sets it from the body.
                let mut headers = parts.headers.clone();
                headers.remove(http::header::CONTENT_LENGTH);
                self.store(
                    key,
                    Stored {
                        status: parts.status,
                        headers,
                        after_id: bytes.slice(prefix.len()..),
                        used: AtomicU64::new(self.next_tick()),
                    },
                );
            }
        }
        HttpResponse::from_parts(parts, Full::new(bytes).boxed())
    }

    fn next_tick(&self) -> u64 {
        self.tick.fetch_add(1, Ordering::Relaxed)
    }

    /// Keep `stored`, evicting the least recently used answers until it fits.
    fn store(&self, key: MemoKey, stored: Stored) {
        if stored.after_id.len() > MAX_STORED_BYTES {
            return;
        }
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        entries.remove(&key);
        let mut bytes: usize = entries.values().map(|s| s.after_id.len()).sum();
        while entries.len() >= MAX_ENTRIES || bytes + stored.after_id.len() > MAX_STORED_BYTES {
            let oldest = entries
                .iter()
                .min_by_key(|(_, s)| s.used.load(Ordering::Relaxed))
                .map(|(k, _)| k.clone());
            let Some(evicted) = oldest.and_then(|k| entries.remove(&k)) else {
                break;
            };
            bytes -= evicted.after_id.len();
        }
        entries.insert(key, stored);
    }

    /// How many answers came from memory (for tests and diagnostics).
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// How many answers are stored (for tests and diagnostics).
    pub fn len(&self) -> usize {
        self.entries.read().map_or(0, |e| e.len())
    }
}

/// The memo key and id of a `tools/list` request (`None` for anything else).
pub(super) fn memo_key(req: &Req) -> Option<(MemoKey, RequestId)> {
    let Parsed {
        message: ClientJsonRpcMessage::Request(r),
        ..
    } = req.extensions().get::<Parsed>()?
    else {
        return None;
    };
    let principal = req.extensions().get::<Principal>()?;
    let mut key = MemoKey::for_request(&r.request, req.headers(), principal)?;
    key.surface = req.extensions().get::<UrlSurface>().cloned();
    Some((key, r.id.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: usize) -> MemoKey {
        MemoKey {
            request: format!("list-{n}"),
            headers: Vec::new(),
            can_write: false,
            allowed_toolsets: None,
            tenants: None,
            surface: None,
        }
    }

    fn stored(memo: &ListMemo, len: usize) -> Stored {
        Stored {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            after_id: Bytes::from(vec![b' '; len]),
            used: AtomicU64::new(memo.next_tick()),
        }
    }

    #[test]
    fn a_full_memo_evicts_the_least_recently_used_answer() {
        let memo = ListMemo::default();
        let id = RequestId::Number(1);
        for n in 0..MAX_ENTRIES {
            memo.store(key(n), stored(&memo, 10));
        }
        // Answering entry 0 makes entry 1 the least recently used.
        assert!(memo.answer(&key(0), &id).is_some());
        memo.store(key(1000), stored(&memo, 10));
        assert_eq!(memo.len(), MAX_ENTRIES);
        assert!(memo.answer(&key(1000), &id).is_some());
        assert!(memo.answer(&key(0), &id).is_some());
        assert!(memo.answer(&key(1), &id).is_none());
        // Many new keys churn among themselves; a key in use stays.
        for n in 2000..2100 {
            assert!(memo.answer(&key(0), &id).is_some());
            memo.store(key(n), stored(&memo, 10));
        }
        assert_eq!(memo.len(), MAX_ENTRIES);
        assert!(memo.answer(&key(0), &id).is_some());
    }

    #[test]
    fn the_byte_bound_evicts_as_many_as_needed_and_refuses_what_never_fits() {
        let memo = ListMemo::default();
        let id = RequestId::Number(1);
        let third = MAX_STORED_BYTES / 3;
        for n in 0..3 {
            memo.store(key(n), stored(&memo, third));
        }
        memo.store(key(9), stored(&memo, 2 * third));
        assert!(memo.answer(&key(9), &id).is_some());
        assert!(memo.answer(&key(0), &id).is_none() && memo.answer(&key(1), &id).is_none());
        assert!(memo.answer(&key(2), &id).is_some());
        memo.store(key(10), stored(&memo, MAX_STORED_BYTES + 1));
        assert!(memo.answer(&key(10), &id).is_none());
        assert_eq!(memo.len(), 2);
    }
}
