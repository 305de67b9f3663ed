//! Sealed blobs: the OIDC proxy's only state. A JSON object is encrypted and authenticated
//! with AES-256-GCM under the key ring's key for one [`Purpose`], so any instance holding the
//! ring opens what another sealed, a blob of one purpose never opens as another (different
//! derived keys), and a client learns nothing from what it carries (the upstream PKCE
//! verifier, nonce and refresh token travel inside).
//!
//! Format: `<kid>.<base64url(nonce ‖ ciphertext ‖ tag)>`; the kid (a public digest prefix)
//! is the associated data, so a blob cannot be re-labelled with another key id. The expiry
//! is a field of the sealed object (`_exp`, Unix seconds), checked on opening.

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

use crate::confirm::{KeyRing, Purpose};

/// Longest blob considered: the largest legitimate one (a refresh token carrying an upstream
/// refresh token and a sealed client id) stays far below.
pub const MAX_SEALED_LEN: usize = 12 * 1024;
const EXP: &str = "_exp";

/// Why a blob did not open. Never carries blob content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealError {
    /// Not of the expected shape (or too long).
    Malformed,
    /// Sealed under a key this ring no longer (or never) had.
    UnknownKey,
    /// Authentication failed: tampered, or sealed for another purpose.
    Invalid,
    /// Opened, but its expiry has passed.
    Expired,
}

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SealError::Malformed => "malformed",
            SealError::UnknownKey => "sealed with an unknown key",
            SealError::Invalid => "invalid",
            SealError::Expired => "expired",
        })
    }
}

fn aead_key(key: &[u8; 32]) -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).expect("a 32-byte AES-256 key"))
}

/// Seals `payload` for `purpose` with the ring's signing key; `exp` (Unix seconds) makes it
/// expire. Random 96-bit nonces: each derived key seals far fewer than 2^32 blobs.
pub fn seal(
    ring: &KeyRing,
    purpose: Purpose,
    payload: &Map<String, Value>,
    exp: Option<u64>,
) -> String {
    let (kid, key) = ring
        .purpose_key(purpose, None)
        .expect("a key ring always holds a signing key");
    let mut object = payload.clone();
    if let Some(exp) = exp {
        object.insert(EXP.into(), Value::from(exp));
    }
    let mut buffer = Value::Object(object).to_string().into_bytes();
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut nonce).expect("the OS random source is available");
    aead_key(key)
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(kid.as_bytes()),
            &mut buffer,
        )
        .expect("AES-GCM seals any length we produce");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&buffer);
    format!("{kid}.{}", URL_SAFE_NO_PAD.encode(out))
}

/// Opens a blob sealed by [`seal`] for `purpose` with any key of the ring; refuses it once
/// `now` is past its expiry. The expiry field is removed from the result.
pub fn open(
    ring: &KeyRing,
    purpose: Purpose,
    sealed: &str,
    now: u64,
) -> Result<Map<String, Value>, SealError> {
    if sealed.len() > MAX_SEALED_LEN {
        return Err(SealError::Malformed);
    }
    let (kid, body) = sealed.split_once('.').ok_or(SealError::Malformed)?;
    let mut bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| SealError::Malformed)?;
    if bytes.len() < NONCE_LEN + AES_256_GCM.tag_len() {
        return Err(SealError::Malformed);
    }
    let (_, key) = ring
        .purpose_key(purpose, Some(kid))
        .ok_or(SealError::UnknownKey)?;
    let mut ciphertext = bytes.split_off(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(&bytes).map_err(|_| SealError::Malformed)?;
    let plain = aead_key(key)
        .open_in_place(nonce, Aad::from(kid.as_bytes()), &mut ciphertext)
        .map_err(|_| SealError::Invalid)?;
    let Ok(Value::Object(mut object)) = serde_json::from_slice::<Value>(plain) else {
        return Err(SealError::Invalid);
    };
    match object.remove(EXP) {
        None => {}
        Some(Value::Number(n)) if n.as_u64().is_some_and(|exp| now < exp) => {}
        Some(Value::Number(_)) => return Err(SealError::Expired),
        Some(_) => return Err(SealError::Invalid),
    }
    Ok(object)
}
