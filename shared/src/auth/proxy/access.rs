//! The proxy's own access tokens (RFC 9068 shape): HS256 under the ring's
//! `ProxyAccessToken` key, `kid` = the ring key id, so every instance verifies what any
//! instance issued and a rotated-out key stops verifying. Only this module verifies them;
//! the HS256 refusal for provider tokens (jwt/oidc modes) is untouched.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Map, Value};

use super::super::jwt::{claim_strings, grant, TokenError};
use super::super::util::{principal_component, sha256, to_hex};
use super::super::Principal;
use super::OidcProxy;
use crate::confirm::Purpose;

/// Longest life of an access token; shorter when the provider's token expires sooner.
pub const ACCESS_TOKEN_MAX_SECS: u64 = 3600;
const MAX_TOKEN_LEN: usize = 16 * 1024;
const LEEWAY_SECS: u64 = 5;
const UNKNOWN_KEY: &str = "token signing key is unknown";

/// The client as it appears in a caller id: a metadata document URL as is, a sealed
/// registration by a digest (its text changes with every registration).
fn client_label(client_id: &str) -> String {
    if super::client_doc::is_document_client_id(client_id) {
        client_id.to_string()
    } else {
        format!("dcr-{}", &to_hex(&sha256(client_id.as_bytes()))[..32])
    }
}

impl OidcProxy {
    /// Mints an access token for `sub` with `scopes` and the provider's `tenants` claim
    /// values, expiring at `exp` (Unix seconds).
    pub(super) fn mint_access(
        &self,
        client_id: &str,
        sub: &str,
        scopes: &[String],
        tenants: &[String],
        exp: u64,
    ) -> String {
        let ring = self.ring();
        let (kid, key) = ring
            .purpose_key(Purpose::ProxyAccessToken, None)
            .expect("a key ring always holds a signing key");
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(kid.to_string());
        header.typ = Some("at+jwt".into());
        let now = self.now();
        let mut claims = json!({
            "iss": self.issuer(),
            "aud": self.resource(),
            "sub": sub,
            "client_id": client_id,
            "scope": scopes.join(" "),
            "iat": now,
            "exp": exp,
            "jti": super::random_token(),
        });
        // Under the configured claim name; never over one of the claims above.
        if !tenants.is_empty() && claims.get(&self.policy.tenant_claim).is_none() {
            claims[self.policy.tenant_claim.as_str()] = json!(tenants);
        }
        jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(key))
            .expect("HS256 signing does not fail")
    }

    /// `verify_access`, and once more after the ring followed the secret when the token's
    /// key is unknown here (signed by an instance that started after a key was added).
    pub(in crate::auth) async fn verify_access_fresh(
        &self,
        token: &str,
    ) -> Result<Principal, TokenError> {
        match self.verify_access(token) {
            Err(TokenError::Invalid(UNKNOWN_KEY)) => {
                self.refresh_ring().await;
                self.verify_access(token)
            }
            verified => verified,
        }
    }

    /// Verifies one of our access tokens for our resource and builds the caller.
    pub(in crate::auth) fn verify_access(&self, token: &str) -> Result<Principal, TokenError> {
        const MALFORMED: TokenError = TokenError::Invalid("malformed token");
        if token.len() > MAX_TOKEN_LEN {
            return Err(MALFORMED);
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| MALFORMED)?;
        if header.alg != Algorithm::HS256 {
            return Err(TokenError::Invalid("token algorithm is not allowed"));
        }
        let kid = header.kid.ok_or(TokenError::Invalid(UNKNOWN_KEY))?;
        let ring = self.ring();
        let (_, key) = ring
            .purpose_key(Purpose::ProxyAccessToken, Some(&kid))
            .ok_or(TokenError::Invalid(UNKNOWN_KEY))?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.set_issuer(&[self.issuer()]);
        validation.set_audience(&[self.resource()]);
        validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        let data = jsonwebtoken::decode::<Map<String, Value>>(
            token,
            &DecodingKey::from_secret(key),
            &validation,
        )
        .map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            TokenError::Invalid(match e.kind() {
                ErrorKind::InvalidSignature => "invalid token signature",
                ErrorKind::ExpiredSignature => "token expired",
                ErrorKind::InvalidIssuer => "token issuer is not trusted",
                ErrorKind::InvalidAudience => "token audience does not match this server",
                _ => "malformed token",
            })
        })?;
        // jsonwebtoken's clock is the system's; ours may be replaced in tests.
        if data.claims.get("exp").and_then(Value::as_u64).unwrap_or(0) + LEEWAY_SECS <= self.now() {
            return Err(TokenError::Invalid("token expired"));
        }
        self.principal(&data.claims)
    }

    fn principal(&self, claims: &Map<String, Value>) -> Result<Principal, TokenError> {
        let text = |k: &str| claims.get(k).and_then(Value::as_str).unwrap_or("");
        let sub = text("sub");
        if sub.is_empty() {
            return Err(TokenError::Invalid("token has no subject (sub)"));
        }
        let id = format!(
            "jwt:{}:{}:{}",
            principal_component(self.issuer()),
            principal_component(&client_label(text("client_id"))),
            principal_component(sub)
        );
        let mut scopes: Vec<String> = Vec::new();
        for s in text("scope").split_whitespace() {
            if !scopes.iter().any(|x| x == s) {
                scopes.push(s.to_string());
            }
        }
        let mut principal = grant(&self.policy, id, scopes)?;
        principal.claimed_tenants = claim_strings(claims.get(&self.policy.tenant_claim));
        Ok(principal)
    }
}
