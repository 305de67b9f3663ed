//! zscaler mode: the caller proves OneAPI client credentials, which the server checks with a
//! client-credentials exchange at ZIdentity. A success is cached per credential digest for
//! the warm process (bounded by the token's `expires_in`); failures are not cached; one
//! upstream check at a time per credential (single flight).

use std::collections::HashMap;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::Mutex;

use super::util::{describe, read_limited, sha256, LazyHttp};

/// ZIdentity tokens live an hour; never trust a longer lifetime for the cache.
const MAX_CACHE: Duration = Duration::from_secs(3600);
/// Cached successes end this long before the token would have expired.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);
const DEFAULT_EXPIRES_IN: u64 = 3600;
/// Above this many cached credentials, expired and idle entries are pruned.
const PRUNE_ABOVE: usize = 1024;
const MAX_RESPONSE_LEN: usize = 64 * 1024;
const AUDIENCE: &str = "https://api.zscaler.com";

#[derive(Debug, PartialEq, Eq)]
pub(super) enum OneApiError {
    /// ZIdentity refused the credentials (400/401/403).
    Invalid,
    /// ZIdentity could not be asked (network, 5xx, 429, odd response).
    Unavailable,
}

/// One credential's slot: `Some(until)` while a verified success is cached.
type Slot = Arc<Mutex<Option<Instant>>>;

pub(super) struct OneApiVerifier {
    token_url: String,
    http: LazyHttp,
    slots: StdMutex<HashMap<[u8; 32], Slot>>,
}

impl OneApiVerifier {
    pub(super) fn new(token_url: String, http_timeout: Duration) -> OneApiVerifier {
        OneApiVerifier {
            token_url,
            http: LazyHttp::new(http_timeout),
            slots: StdMutex::new(HashMap::new()),
        }
    }

    fn slot(&self, key: [u8; 32]) -> Slot {
        let mut slots = self.slots.lock().expect("not poisoned");
        if slots.len() >= PRUNE_ABOVE && !slots.contains_key(&key) {
            let now = Instant::now();
            slots.retain(|_, slot| match slot.try_lock() {
                Ok(until) => until.is_some_and(|t| t > now),
                Err(_) => true, // a check is in flight
            });
        }
        slots.entry(key).or_default().clone()
    }

    fn forget(&self, key: &[u8; 32], slot: &Slot) {
        let mut slots = self.slots.lock().expect("not poisoned");
        if slots.get(key).is_some_and(|s| Arc::ptr_eq(s, slot)) {
            slots.remove(key);
        }
    }

    pub(super) async fn verify(&self, client_id: &str, secret: &str) -> Result<(), OneApiError> {
        let mut material = Vec::with_capacity(client_id.len() + secret.len() + 1);
        material.extend_from_slice(client_id.as_bytes());
        material.push(b':');
        material.extend_from_slice(secret.as_bytes());
        let key = sha256(&material);
        material.fill(0);

        let slot = self.slot(key);
        let mut until = slot.lock().await;
        if until.is_some_and(|t| Instant::now() < t) {
            return Ok(());
        }
        *until = None;
        match self.exchange(client_id, secret).await {
            Ok(lifetime) => {
                let keep = lifetime.min(MAX_CACHE).saturating_sub(EXPIRY_MARGIN);
                if keep.is_zero() {
                    drop(until);
                    self.forget(&key, &slot);
                } else {
                    *until = Some(Instant::now() + keep);
                }
                Ok(())
            }
            Err(e) => {
                drop(until);
                self.forget(&key, &slot);
                Err(e)
            }
        }
    }

    /// The client-credentials exchange; returns the token lifetime. The token itself is
    /// dropped: it is never used or forwarded.
    async fn exchange(&self, client_id: &str, secret: &str) -> Result<Duration, OneApiError> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", secret),
            ("audience", AUDIENCE),
        ];
        let resp = self
            .http
            .get()
            .post(&self.token_url)
            .header(http::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                tracing::warn!(problem = %describe(&e), "ZIdentity credential check failed");
                OneApiError::Unavailable
            })?;
        let status = resp.status().as_u16();
        match status {
            200 => {}
            400 | 401 | 403 => return Err(OneApiError::Invalid),
            _ => {
                tracing::warn!(status, "ZIdentity credential check: unexpected status");
                return Err(OneApiError::Unavailable);
            }
        }
        let body = read_limited(resp, MAX_RESPONSE_LEN)
            .await
            .map_err(|problem| {
                tracing::warn!(%problem, "ZIdentity credential check: unreadable response");
                OneApiError::Unavailable
            })?;
        let doc: Value = serde_json::from_slice(&body).map_err(|_| {
            tracing::warn!("ZIdentity credential check: response is not JSON");
            OneApiError::Unavailable
        })?;
        let has_token = doc
            .get("access_token")
            .and_then(Value::as_str)
            .is_some_and(|t| !t.is_empty());
        if !has_token {
            tracing::warn!("ZIdentity credential check: response has no access_token");
            return Err(OneApiError::Unavailable);
        }
        let expires_in = match doc.get("expires_in") {
            Some(Value::Number(n)) => n
                .as_u64()
                .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
            Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
            _ => None,
        }
        .unwrap_or(DEFAULT_EXPIRES_IN);
        Ok(Duration::from_secs(expires_in))
    }
}
