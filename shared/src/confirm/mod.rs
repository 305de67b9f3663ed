//! Layer 2: confirmation of destructive actions, statelessly.
//!
//! A confirmation token is an HMAC-SHA256 over a versioned payload: key id, tool, a digest
//! of the canonical arguments, the caller, expiry and a nonce. The key ring is shared
//! (Secrets Manager or `ZSCALER_MCP_REQUEST_STATE_KEYS`), so a token minted by one Lambda
//! instance verifies on any other; the first key signs and every key verifies, so keys
//! rotate without breaking tokens in flight. Keys are derived per purpose, so a
//! confirmation token can never be replayed as MRTR request state or the other way round.
//!
//! # Why not rmcp's `RequestStateCodec`
//!
//! rmcp 3.11 (feature `request-state`, `model/request_state.rs`) seals SEP-2322 request
//! state with HMAC-SHA256 and covers part of this: a key ring with one active key and
//! several verifying keys (`new_with_keyring`, `rs2` tokens naming their key id),
//! associated data mixed into the tag (caller and request binding, fail-closed), a TTL, a
//! 32-byte minimum key and keys zeroized on drop. It is not used here because it lacks
//! what this ring is for:
//! - **one secret, many purposes**: the codec signs every value with one domain label
//!   (`rmcp/mrtr/request-state/v2`); this ring derives a key per [`Purpose`] from each
//!   configured key, and the OIDC proxy takes raw derived keys for encryption, which an
//!   integrity-only codec cannot give (its payloads are readable by anyone);
//! - **a rejection that says what changed**: a failed `open_with` is one
//!   `IntegrityCheckFailed`; a confirmation token carries short digests of tool, arguments
//!   and caller so the agent is told [`Rejection::OtherTool`], `ChangedArguments` or
//!   `OtherCaller` and can ask again instead of retrying blindly;
//! - **an explicit clock**: the codec reads the system clock inside `seal_with`/`open_with`
//!   (`open_at` is private); [`KeyRing::mint`]/[`KeyRing::verify`] take `now`, so expiry
//!   is tested to the second and every Lambda instance decides on the same input;
//! - **key ids from the key material**: the codec wants a configured id per key; this
//!   ring names a key by a digest prefix, so the secret stays a plain list
//!   (`infra/scripts/secrets.py rotate-keys` only prepends or drops keys) and a stray
//!   copy of a key cannot be filed under another id.
//!
//! A future switch would wrap the codec per purpose with derived keys, keep the explicit
//! clock by checking expiry outside it, and lose the precise rejections.

use std::fmt;
use std::sync::{Arc, RwLock};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

pub mod gate;
pub mod operation;

type HmacSha256 = Hmac<Sha256>;

const VERSION: &str = "zc1";
/// Arguments that carry the confirmation itself, never part of what is confirmed.
pub const CONFIRMATION_ARGS: [&str; 2] = ["confirmation_token", "kwargs"];

/// What a key is used for; each purpose gets its own derived key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Confirmation,
    RequestState,
    /// OIDC proxy: a dynamically registered client (the client_id is its sealed metadata).
    ProxyClient,
    /// OIDC proxy: an authorization in flight (the upstream `state`).
    ProxyTransaction,
    /// OIDC proxy: the authorization code handed to the MCP client.
    ProxyCode,
    /// OIDC proxy: a refresh token handed to the MCP client.
    ProxyRefresh,
    /// OIDC proxy: the signature key of the access tokens it issues.
    ProxyAccessToken,
}

impl Purpose {
    const ALL: [Purpose; 7] = [
        Purpose::Confirmation,
        Purpose::RequestState,
        Purpose::ProxyClient,
        Purpose::ProxyTransaction,
        Purpose::ProxyCode,
        Purpose::ProxyRefresh,
        Purpose::ProxyAccessToken,
    ];

    fn label(self) -> &'static [u8] {
        match self {
            Purpose::Confirmation => b"zscaler-mcp/confirmation-token/v1",
            Purpose::RequestState => b"zscaler-mcp/mrtr-request-state/v1",
            Purpose::ProxyClient => b"zscaler-mcp/oidc-proxy-client/v1",
            Purpose::ProxyTransaction => b"zscaler-mcp/oidc-proxy-transaction/v1",
            Purpose::ProxyCode => b"zscaler-mcp/oidc-proxy-code/v1",
            Purpose::ProxyRefresh => b"zscaler-mcp/oidc-proxy-refresh/v1",
            Purpose::ProxyAccessToken => b"zscaler-mcp/oidc-proxy-access-token/v1",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Clone)]
struct RingKey {
    kid: String,
    /// One derived key per purpose, indexed by [`Purpose::index`].
    derived: [[u8; 32]; Purpose::ALL.len()],
}

/// The keys this process signs and verifies with. Never printed.
#[derive(Clone)]
pub struct KeyRing {
    keys: Vec<RingKey>,
    ephemeral: bool,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kids: Vec<&str> = self.keys.iter().map(|k| k.kid.as_str()).collect();
        write!(f, "KeyRing(kids: {kids:?}, ephemeral: {})", self.ephemeral)
    }
}

fn derive(material: &[u8], purpose: Purpose) -> [u8; 32] {
    let mut mac =
        <HmacSha256 as KeyInit>::new_from_slice(material).expect("HMAC takes any key length");
    mac.update(purpose.label());
    mac.finalize().into_bytes().into()
}

fn decode_key(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    let candidates = [
        URL_SAFE_NO_PAD.decode(t.trim_end_matches('=')).ok(),
        STANDARD.decode(t).ok(),
        (t.len().is_multiple_of(2) && t.bytes().all(|b| b.is_ascii_hexdigit())).then(|| {
            (0..t.len())
                .step_by(2)
                .filter_map(|i| u8::from_str_radix(&t[i..i + 2], 16).ok())
                .collect()
        }),
    ];
    // Hex is also valid base64; prefer the decoding that yields the most key material.
    candidates
        .into_iter()
        .flatten()
        .filter(|k| k.len() >= 32)
        .max_by_key(Vec::len)
}

impl KeyRing {
    fn from_material(materials: Vec<Vec<u8>>, ephemeral: bool) -> KeyRing {
        let keys = materials
            .iter()
            .map(|m| {
                let id = Sha256::digest(m);
                RingKey {
                    kid: id[..6].iter().map(|b| format!("{b:02x}")).collect(),
                    derived: Purpose::ALL.map(|p| derive(m, p)),
                }
            })
            .collect();
        KeyRing { keys, ephemeral }
    }

    /// Parse `ZSCALER_MCP_REQUEST_STATE_KEYS`: a JSON array of strings or a comma list; each
    /// key base64 (standard or URL-safe) or hex of at least 32 random bytes. The error
    /// names the position, never the key.
    pub fn parse(value: &str) -> Result<KeyRing, String> {
        let value = value.trim();
        let items: Vec<String> = if value.starts_with('[') {
            serde_json::from_str::<Vec<String>>(value)
                .map_err(|_| "expected a JSON array of key strings or a comma-separated list")?
        } else if value.starts_with('{') {
            return Err("a JSON object is not a key ring; use a JSON array".into());
        } else {
            value
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        if items.is_empty() {
            return Err("no keys given".into());
        }
        let mut materials = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let key = decode_key(item).ok_or_else(|| {
                format!(
                    "key {} is not base64 or hex of at least 32 random bytes \
                     (generate one with: openssl rand -base64 32)",
                    i + 1
                )
            })?;
            materials.push(key);
        }
        Ok(KeyRing::from_material(materials, false))
    }

    /// A random key for this process only (stdio, or tests): tokens do not survive it.
    pub fn ephemeral() -> KeyRing {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the OS random source is available");
        KeyRing::from_material(vec![key.to_vec()], true)
    }

    pub fn is_ephemeral(&self) -> bool {
        self.ephemeral
    }

    /// The public key ids (a digest prefix, as carried in tokens), signing key first.
    pub fn key_ids(&self) -> Vec<&str> {
        self.keys.iter().map(|k| k.kid.as_str()).collect()
    }

    fn key(&self, kid: &str) -> Option<&RingKey> {
        self.keys.iter().find(|k| k.kid == kid)
    }

    /// The derived key for `purpose`: the signing key (first) or the one named `kid`.
    pub fn purpose_key(&self, purpose: Purpose, kid: Option<&str>) -> Option<(&str, &[u8; 32])> {
        let k = match kid {
            None => self.keys.first()?,
            Some(kid) => self.key(kid)?,
        };
        Some((k.kid.as_str(), &k.derived[purpose.index()]))
    }
}

/// Compact JSON with sorted keys and no nulls, at every depth.
pub fn canonical_json(v: &Value) -> String {
    fn write(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().filter(|k| !m[*k].is_null()).collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String((*k).clone()).to_string());
                    out.push(':');
                    write(&m[*k], out);
                }
                out.push('}');
            }
            Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(x, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(v, &mut out);
    out
}

/// The digest of what is being confirmed: the arguments minus the confirmation itself.
pub fn arguments_digest(args: &Map<String, Value>) -> [u8; 32] {
    let confirmed: Map<String, Value> = args
        .iter()
        .filter(|(k, _)| !CONFIRMATION_ARGS.contains(&k.as_str()) && !k.starts_with('_'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Sha256::digest(canonical_json(&Value::Object(confirmed)).as_bytes()).into()
}

/// What a token is bound to.
#[derive(Clone, Copy, Debug)]
pub struct Binding<'a> {
    pub tool: &'a str,
    pub args: &'a Map<String, Value>,
    pub principal: &'a str,
    /// The tenant the call acts on; `""` when single-tenant (and then not in the MAC at
    /// all, so tokens are exactly as before multi-tenancy).
    pub tenant: &'a str,
}

/// Why a token was refused. The messages are safe to show the agent and the human.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    Malformed,
    UnknownKey,
    Expired,
    OtherTool,
    ChangedArguments,
    OtherCaller,
    Tampered,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rejection::Malformed => "the confirmation token is malformed",
            Rejection::UnknownKey => {
                "the confirmation token was signed with a key this server no longer has"
            }
            Rejection::Expired => "the confirmation token has expired",
            Rejection::OtherTool => "the confirmation token was issued for a different tool",
            Rejection::ChangedArguments => {
                "the arguments differ from the ones the confirmation token was issued for"
            }
            Rejection::OtherCaller => "the confirmation token was issued to a different caller",
            Rejection::Tampered => "the confirmation token's signature does not match",
        })
    }
}

fn tag(data: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(data)[..6])
}

fn mac_input(kid: &str, exp: u64, nonce: &str, b: &Binding<'_>) -> Vec<u8> {
    let digest = arguments_digest(b.args);
    let mut v = Vec::new();
    for part in [
        VERSION.as_bytes(),
        kid.as_bytes(),
        exp.to_string().as_bytes(),
        nonce.as_bytes(),
        b.tool.as_bytes(),
        &digest,
        b.principal.as_bytes(),
    ] {
        // Length-prefixed so no field can bleed into the next.
        v.extend_from_slice(&(part.len() as u32).to_be_bytes());
        v.extend_from_slice(part);
    }
    if !b.tenant.is_empty() {
        // Another tenant's token then fails as tampered: the token names no tenant, so a
        // refusal cannot tell the caller which tenant it was minted for.
        v.extend_from_slice(&(b.tenant.len() as u32).to_be_bytes());
        v.extend_from_slice(b.tenant.as_bytes());
    }
    v
}

impl KeyRing {
    /// Mint a confirmation token valid for `ttl_secs` from `now` (epoch seconds).
    pub fn mint(&self, binding: &Binding<'_>, now: u64, ttl_secs: u64) -> String {
        self.mint_for(Purpose::Confirmation, binding, now, ttl_secs)
    }

    /// Check a confirmation token against the call being made, at `now` (epoch seconds).
    pub fn verify(&self, token: &str, binding: &Binding<'_>, now: u64) -> Result<(), Rejection> {
        self.verify_for(Purpose::Confirmation, token, binding, now)
    }

    /// Mint a token of `purpose` (confirmation token or sealed MRTR request state).
    pub fn mint_for(
        &self,
        purpose: Purpose,
        binding: &Binding<'_>,
        now: u64,
        ttl_secs: u64,
    ) -> String {
        let (kid, key) = self
            .purpose_key(purpose, None)
            .expect("a key ring always has a key");
        let exp = now + ttl_secs;
        let mut nonce = [0u8; 9];
        getrandom::fill(&mut nonce).expect("the OS random source is available");
        let nonce = URL_SAFE_NO_PAD.encode(nonce);
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).expect("32-byte key");
        mac.update(&mac_input(kid, exp, &nonce, binding));
        let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        let digest = arguments_digest(binding.args);
        format!(
            "{VERSION}.{kid}.{exp}.{nonce}.{}.{}.{}.{sig}",
            tag(binding.tool.as_bytes()),
            tag(&digest),
            tag(binding.principal.as_bytes()),
        )
    }

    /// Check a token of `purpose` against the call being made, at `now` (epoch seconds).
    pub fn verify_for(
        &self,
        purpose: Purpose,
        token: &str,
        binding: &Binding<'_>,
        now: u64,
    ) -> Result<(), Rejection> {
        let parts: Vec<&str> = token.trim().split('.').collect();
        let [version, kid, exp, nonce, tool_tag, args_tag, caller_tag, sig] = parts[..] else {
            return Err(Rejection::Malformed);
        };
        if version != VERSION {
            return Err(Rejection::Malformed);
        }
        let exp: u64 = exp.parse().map_err(|_| Rejection::Malformed)?;
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .map_err(|_| Rejection::Malformed)?;
        let (kid, key) = self
            .purpose_key(purpose, Some(kid))
            .ok_or(Rejection::UnknownKey)?;
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).expect("32-byte key");
        mac.update(&mac_input(kid, exp, nonce, binding));
        if mac.verify_slice(&sig).is_err() {
            // Say which binding differs; the tags are hashes, so they reveal nothing.
            let digest = arguments_digest(binding.args);
            return Err(if tool_tag != tag(binding.tool.as_bytes()) {
                Rejection::OtherTool
            } else if args_tag != tag(&digest) {
                Rejection::ChangedArguments
            } else if caller_tag != tag(binding.principal.as_bytes()) {
                Rejection::OtherCaller
            } else {
                Rejection::Tampered
            });
        }
        if now >= exp {
            return Err(Rejection::Expired);
        }
        Ok(())
    }
}

/// The key ring in force in this process, replaced when the secret carries a newer one.
/// One cell is shared by the confirmation gate and the OIDC proxy, so a key added to the
/// secret reaches both in a warm container (`crate::server::AppState::refreshed_key_ring`).
#[derive(Clone)]
pub struct SharedRing(Arc<RwLock<Arc<KeyRing>>>);

impl SharedRing {
    pub fn new(ring: KeyRing) -> SharedRing {
        SharedRing(Arc::new(RwLock::new(Arc::new(ring))))
    }

    pub fn get(&self) -> Arc<KeyRing> {
        match self.0.read() {
            Ok(ring) => ring.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set(&self, ring: Arc<KeyRing>) {
        match self.0.write() {
            Ok(mut slot) => *slot = ring,
            Err(poisoned) => *poisoned.into_inner() = ring,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const K1: &str = "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=";
    const K2: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn args(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn binding<'a>(tool: &'a str, a: &'a Map<String, Value>, who: &'a str) -> Binding<'a> {
        Binding {
            tool,
            args: a,
            principal: who,
            tenant: "",
        }
    }

    #[test]
    fn parse_forms_and_errors() {
        assert_eq!(
            KeyRing::parse(&format!("[\"{K1}\",\"{K2}\"]"))
                .unwrap()
                .keys
                .len(),
            2
        );
        assert_eq!(
            KeyRing::parse(&format!("{K1}, {K2}")).unwrap().keys.len(),
            2
        );
        let e = KeyRing::parse("short,keys").unwrap_err();
        assert!(e.contains("key 1") && !e.contains("short"), "{e}");
        assert!(KeyRing::parse("{\"a\":1}").is_err());
        assert!(KeyRing::parse(" ").is_err());
        assert!(!format!("{:?}", KeyRing::parse(K1).unwrap()).contains(K1));
    }

    #[test]
    fn round_trip_across_instances_with_the_same_ring() {
        let a = args(json!({"rule_id": 7, "note": null}));
        let minted_by = KeyRing::parse(K1).unwrap();
        let verified_by = KeyRing::parse(K1).unwrap();
        let t = minted_by.mint(&binding("zia_delete_rule_label", &a, "p1"), 1000, 300);
        // Nulls and the token argument itself are not part of what is confirmed.
        let mut retry = args(json!({"rule_id": 7}));
        retry.insert("confirmation_token".into(), json!(t.clone()));
        assert_eq!(
            verified_by.verify(&t, &binding("zia_delete_rule_label", &retry, "p1"), 1299),
            Ok(())
        );
    }

    #[test]
    fn every_tamper_case_is_named() {
        let ring = KeyRing::parse(K1).unwrap();
        let a = args(json!({"rule_id": 7}));
        let b = binding("zia_delete_rule_label", &a, "p1");
        let t = ring.mint(&b, 1000, 300);
        assert_eq!(ring.verify(&t, &b, 1300), Err(Rejection::Expired));
        assert_eq!(
            ring.verify(&t, &binding("zia_delete_location", &a, "p1"), 1001),
            Err(Rejection::OtherTool)
        );
        let other = args(json!({"rule_id": 8}));
        assert_eq!(
            ring.verify(&t, &binding("zia_delete_rule_label", &other, "p1"), 1001),
            Err(Rejection::ChangedArguments)
        );
        assert_eq!(
            ring.verify(&t, &binding("zia_delete_rule_label", &a, "p2"), 1001),
            Err(Rejection::OtherCaller)
        );
        let mut parts: Vec<String> = t.split('.').map(str::to_string).collect();
        parts[2] = "9999999999".into(); // extend the expiry
        assert_eq!(
            ring.verify(&parts.join("."), &b, 1001),
            Err(Rejection::Tampered)
        );
        assert_eq!(ring.verify("garbage", &b, 1001), Err(Rejection::Malformed));
        assert_eq!(
            ring.verify(&t.replacen("zc1", "zc2", 1), &b, 1001),
            Err(Rejection::Malformed)
        );
        let stranger = KeyRing::parse(K2).unwrap();
        assert_eq!(stranger.verify(&t, &b, 1001), Err(Rejection::UnknownKey));
    }

    #[test]
    fn rotation_old_key_verifies_removed_key_fails() {
        let a = args(json!({"id": "x"}));
        let b = binding("t", &a, "p");
        let old = KeyRing::parse(K1).unwrap().mint(&b, 0, 300);
        let rotated = KeyRing::parse(&format!("{K2},{K1}")).unwrap();
        assert_eq!(rotated.verify(&old, &b, 1), Ok(()));
        let new = rotated.mint(&b, 0, 300);
        assert!(
            new.split('.').nth(1) != old.split('.').nth(1),
            "the first key signs"
        );
        let retired = KeyRing::parse(K2).unwrap();
        assert_eq!(retired.verify(&old, &b, 1), Err(Rejection::UnknownKey));
        assert_eq!(retired.verify(&new, &b, 1), Ok(()));
    }

    #[test]
    fn a_token_of_one_purpose_is_not_valid_for_the_other() {
        let ring = KeyRing::parse(K1).unwrap();
        let a = args(json!({"id": 1}));
        let b = binding("t", &a, "p");
        let state = ring.mint_for(Purpose::RequestState, &b, 0, 300);
        assert_eq!(ring.verify(&state, &b, 1), Err(Rejection::Tampered));
        assert_eq!(
            ring.verify_for(Purpose::RequestState, &state, &b, 1),
            Ok(())
        );
    }

    #[test]
    fn purposes_use_different_keys() {
        let ring = KeyRing::parse(K1).unwrap();
        let c = ring.purpose_key(Purpose::Confirmation, None).unwrap().1;
        let s = ring.purpose_key(Purpose::RequestState, None).unwrap().1;
        assert_ne!(c, s);
    }

    #[test]
    fn canonical_form_sorts_and_drops_nulls() {
        let v = json!({"b": 1, "a": {"d": null, "c": [2, {"z": 1, "y": null}]}});
        assert_eq!(canonical_json(&v), r#"{"a":{"c":[2,{"z":1}]},"b":1}"#);
    }
}
