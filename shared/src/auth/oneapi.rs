//! zscaler mode: the caller proves OneAPI client credentials, which the server checks with a
//! client-credentials exchange at ZIdentity. Every check that would reach ZIdentity is
//! bounded, so the server is neither an amplifier nor a guessing oracle:
//!
//! - a success is cached per credential digest for the warm process (bounded by the token's
//!   `expires_in`); a refusal (ZIdentity 400/401/403) is cached for
//!   [`FAILED_CHECK_CACHE_TTL`]; one upstream check at a time per credential (single flight);
//!   at most [`MAX_CACHED_CREDENTIALS`] credentials are remembered;
//! - checks that miss the cache are rate-limited per client id ([`CHECKS_PER_CLIENT_ID`]),
//!   per source network when the caller's address is known ([`CHECKS_PER_SOURCE`]) and for
//!   the whole process ([`CHECKS_PER_PROCESS`]). A limited attempt is answered 429 with
//!   `Retry-After` and never reaches ZIdentity. ZIdentity trouble (5xx, network) is not
//!   cached: it is not the caller's fault, and the process-wide limit bounds retries.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::Mutex;

use super::limit::{Limiter, Rate, Scope};
use super::util::{describe, read_limited, redirect_refused, sha256, LazyHttp};

/// ZIdentity tokens live an hour; never trust a longer lifetime for the cache.
const MAX_CACHE: Duration = Duration::from_secs(3600);
/// Cached successes end this long before the token would have expired.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);
const DEFAULT_EXPIRES_IN: u64 = 3600;
/// Above this many cached credentials, expired and idle entries are pruned.
const PRUNE_ABOVE: usize = 1024;
const MAX_RESPONSE_LEN: usize = 64 * 1024;
const AUDIENCE: &str = "https://api.zscaler.com";

/// How long a credential ZIdentity refused is answered 401 from memory. Long enough that
/// repeating a bad credential costs ZIdentity one request a minute; short enough that a
/// credential created a moment ago works within a minute.
pub const FAILED_CHECK_CACHE_TTL: Duration = Duration::from_secs(60);
/// Most credentials (successes and refusals) remembered at once; beyond it the oldest
/// idle entries are forgotten (a forgotten success only costs one more check).
pub const MAX_CACHED_CREDENTIALS: usize = 4096;
/// Upstream checks per client id: 5 at once, then one every 10 s (30/min at most; a
/// guesser who knows a client id gets 6 tries a minute per process).
pub const CHECKS_PER_CLIENT_ID: Rate = Rate {
    burst: 5,
    per_second: 0.1,
};
/// Upstream checks per source network (an IPv4 address or an IPv6 /64): 10 at once, then
/// one every 2 s. Applies when the HTTP entry passes the caller's address.
pub const CHECKS_PER_SOURCE: Rate = Rate {
    burst: 10,
    per_second: 0.5,
};
/// Upstream checks for the whole process, whatever the client id or address: 20 at once,
/// then 5 a second. This bounds what the server can be made to send to ZIdentity.
pub const CHECKS_PER_PROCESS: Rate = Rate {
    burst: 20,
    per_second: 5.0,
};
/// Most client ids and most source networks tracked by the limiter each.
pub const MAX_LIMITER_KEYS: usize = 4096;

#[derive(Debug, PartialEq, Eq)]
pub(super) enum OneApiError {
    /// ZIdentity refused the credentials (400/401/403), now or within the failure TTL.
    Invalid,
    /// ZIdentity could not be asked (network, 5xx, 429, redirect, odd response).
    Unavailable,
    /// Too many checks: nothing was sent. Retry after the duration.
    Limited(LimitScope, Duration),
}

/// Which limit refused a check (for the caller's message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LimitScope {
    ClientId,
    Source,
    Process,
}

/// What is remembered about one credential.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Known {
    #[default]
    Nothing,
    Valid(Instant),
    Refused(Instant),
}

impl Known {
    fn live(self, now: Instant) -> bool {
        match self {
            Known::Nothing => false,
            Known::Valid(until) | Known::Refused(until) => until > now,
        }
    }
}

/// One credential's slot.
type Slot = Arc<Mutex<Known>>;

/// The source network a limit applies to: an IPv4 address, or the /64 of an IPv6 one
/// (a single host commonly owns a whole /64).
fn source_network(ip: IpAddr) -> [u8; 16] {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_ipv6_mapped().octets(),
        IpAddr::V6(v6) => {
            let mut o = v6.octets();
            o[8..].fill(0);
            o
        }
    }
}

pub(super) struct OneApiVerifier {
    token_url: String,
    http: LazyHttp,
    slots: StdMutex<HashMap<[u8; 32], Slot>>,
    limiter: StdMutex<Limiter<[u8; 32], [u8; 16]>>,
}

impl OneApiVerifier {
    pub(super) fn new(token_url: String, http_timeout: Duration) -> OneApiVerifier {
        OneApiVerifier {
            token_url,
            http: LazyHttp::new(http_timeout),
            slots: StdMutex::new(HashMap::new()),
            limiter: StdMutex::new(Limiter::new(
                CHECKS_PER_PROCESS,
                CHECKS_PER_CLIENT_ID,
                CHECKS_PER_SOURCE,
                MAX_LIMITER_KEYS,
            )),
        }
    }

    fn slot(&self, key: [u8; 32]) -> Slot {
        let mut slots = self.slots.lock().expect("not poisoned");
        if slots.len() >= PRUNE_ABOVE && !slots.contains_key(&key) {
            let now = Instant::now();
            slots.retain(|_, slot| match slot.try_lock() {
                Ok(known) => known.live(now),
                Err(_) => true, // a check is in flight
            });
            // Still full of live entries: forget idle ones (refusals first) to stay bounded.
            if slots.len() >= MAX_CACHED_CREDENTIALS {
                let mut excess = slots.len() + 1 - MAX_CACHED_CREDENTIALS;
                for refusals_only in [true, false] {
                    slots.retain(|_, slot| {
                        if excess == 0 {
                            return true;
                        }
                        let forget = slot.try_lock().is_ok_and(|known| {
                            !refusals_only || matches!(*known, Known::Refused(_))
                        });
                        if forget {
                            excess -= 1;
                        }
                        !forget
                    });
                }
            }
        }
        slots.entry(key).or_default().clone()
    }

    fn forget(&self, key: &[u8; 32], slot: &Slot) {
        let mut slots = self.slots.lock().expect("not poisoned");
        if slots.get(key).is_some_and(|s| Arc::ptr_eq(s, slot)) {
            slots.remove(key);
        }
    }

    /// How many credentials are remembered (for tests of the bound).
    #[cfg(test)]
    pub(super) fn remembered(&self) -> usize {
        self.slots.lock().expect("not poisoned").len()
    }

    pub(super) async fn verify(
        &self,
        client_id: &str,
        secret: &str,
        source: Option<IpAddr>,
    ) -> Result<(), OneApiError> {
        let mut material = Vec::with_capacity(client_id.len() + secret.len() + 1);
        material.extend_from_slice(client_id.as_bytes());
        material.push(b':');
        material.extend_from_slice(secret.as_bytes());
        let key = sha256(&material);
        material.fill(0);

        let slot = self.slot(key);
        let mut known = slot.lock().await;
        let now = Instant::now();
        match *known {
            Known::Valid(until) if now < until => return Ok(()),
            Known::Refused(until) if now < until => return Err(OneApiError::Invalid),
            _ => {}
        }
        *known = Known::Nothing;

        // A check that would reach ZIdentity: within every limit, or not at all.
        let mut id_key_material = b"zscaler-mcp/oneapi-client-id/v1:".to_vec();
        id_key_material.extend_from_slice(client_id.as_bytes());
        let id_key = sha256(&id_key_material);
        let admitted = self
            .limiter
            .lock()
            .expect("not poisoned")
            .attempt(id_key, source.map(source_network));
        if let Err((scope, wait)) = admitted {
            drop(known);
            self.forget(&key, &slot);
            let scope = match scope {
                Scope::Key => LimitScope::ClientId,
                Scope::Source => LimitScope::Source,
                Scope::Global => LimitScope::Process,
            };
            tracing::warn!(
                limit = ?scope,
                retry_after_ms = wait.as_millis() as u64,
                "OneAPI credential check refused: rate limit"
            );
            return Err(OneApiError::Limited(scope, wait));
        }

        match self.exchange(client_id, secret).await {
            Ok(lifetime) => {
                let keep = lifetime.min(MAX_CACHE).saturating_sub(EXPIRY_MARGIN);
                if keep.is_zero() {
                    drop(known);
                    self.forget(&key, &slot);
                } else {
                    *known = Known::Valid(Instant::now() + keep);
                }
                Ok(())
            }
            Err(OneApiError::Invalid) => {
                *known = Known::Refused(Instant::now() + FAILED_CHECK_CACHE_TTL);
                Err(OneApiError::Invalid)
            }
            Err(e) => {
                drop(known);
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
        if let Some(refused) = redirect_refused(&resp) {
            tracing::warn!(problem = %refused, "ZIdentity credential check: redirected");
            return Err(OneApiError::Unavailable);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u32) -> [u8; 32] {
        sha256(&i.to_be_bytes())
    }

    #[test]
    fn remembered_credentials_are_bounded() {
        let v = OneApiVerifier::new("http://127.0.0.1:9/token".into(), Duration::from_secs(1));
        let later = Instant::now() + Duration::from_secs(600);
        for i in 0..(MAX_CACHED_CREDENTIALS as u32 * 2) {
            let slot = v.slot(key(i));
            // Live entries, half refusals, half successes: nothing expires on its own.
            *slot.try_lock().unwrap() = if i % 2 == 0 {
                Known::Refused(later)
            } else {
                Known::Valid(later)
            };
        }
        assert!(
            v.remembered() <= MAX_CACHED_CREDENTIALS,
            "{} entries",
            v.remembered()
        );
        // Expired entries go first, when there are any.
        let v = OneApiVerifier::new("http://127.0.0.1:9/token".into(), Duration::from_secs(1));
        let past = Instant::now();
        for i in 0..(PRUNE_ABOVE as u32 + 10) {
            *v.slot(key(i)).try_lock().unwrap() = Known::Refused(past);
        }
        assert!(v.remembered() < PRUNE_ABOVE, "{}", v.remembered());
    }

    #[test]
    fn source_networks() {
        let net = |s: &str| source_network(s.parse().unwrap());
        assert_eq!(net("10.1.2.3"), net("::ffff:10.1.2.3"));
        assert_ne!(net("10.1.2.3"), net("10.1.2.4"));
        assert_eq!(net("2001:db8:1:2::1"), net("2001:db8:1:2:ffff::9"));
        assert_ne!(net("2001:db8:1:2::1"), net("2001:db8:1:3::1"));
    }
}
