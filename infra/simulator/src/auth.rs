//! The ZIdentity OAuth2 token endpoint and validation of the bearer tokens it
//! issues.
//!
//! Error bodies: neither SDK expects a particular shape (zscaler-api.md §1.1),
//! so the simulator answers with standard RFC 6749 §5.2 OAuth error objects,
//! `{"error":"<code>","error_description":"<text>"}`:
//! - 401 `invalid_client` for an unknown client id, a wrong secret, missing
//!   credentials, or a client assertion that fails verification;
//! - 400 `invalid_request` for a missing `grant_type`/`audience` or a bad
//!   `client_assertion_type`, 400 `unsupported_grant_type` for a grant other
//!   than `client_credentials`, 400 `invalid_target` (RFC 8707) for an
//!   audience other than `https://api.zscaler.com`;
//! - 405 `invalid_request` for a method other than POST.

use crate::util::{now_secs, random_bytes, uuid_v4, Req, Resp};
use crate::SimConfig;
use axum::http::{HeaderMap, Method};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Value};

pub(crate) const AUDIENCE: &str = "https://api.zscaler.com";
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// `x-ratelimit-limit` recorded on the token endpoint.
pub(crate) const TOKEN_RATELIMIT: &str = "500, 500;w=1, 100000;w=60";

pub(crate) struct Auth {
    key: [u8; 32],
    issuer: String,
    client_id: String,
    client_secret: String,
    customer_id: String,
    lifetime: u64,
    products: Vec<String>,
    client_key: Option<DecodingKey>,
}

fn oauth_error(status: u16, code: &str, description: &str) -> Resp {
    Resp::json(
        status,
        json!({"error": code, "error_description": description}),
    )
}

impl Auth {
    pub(crate) fn new(config: &SimConfig, issuer: String) -> anyhow::Result<Auth> {
        let client_key = match &config.client_public_key_pem {
            Some(pem) => Some(DecodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| {
                anyhow::anyhow!("client_public_key_pem is not an RSA public key: {e}")
            })?),
            None => None,
        };
        Ok(Auth {
            key: random_bytes::<32>(),
            issuer,
            client_id: config.client_id.clone(),
            client_secret: config.client_secret.clone(),
            customer_id: config.customer_id.clone(),
            lifetime: config.token_lifetime_secs,
            products: config.entitled_products.clone(),
            client_key,
        })
    }

    /// Handle a call to the token endpoint. Returns the response and whether
    /// a token was issued.
    pub(crate) fn token(&self, req: &Req) -> (Resp, bool) {
        let resp = self.token_inner(req);
        let issued = resp.status == 200;
        let resp = resp
            .with_header("x-ratelimit-limit", TOKEN_RATELIMIT)
            .with_header("cache-control", "no-store")
            .with_header("pragma", "no-cache");
        (resp, issued)
    }

    fn token_inner(&self, req: &Req) -> Resp {
        if req.method != Method::POST {
            return oauth_error(
                405,
                "invalid_request",
                "The token endpoint accepts POST only",
            )
            .with_header("allow", "POST");
        }
        let form: Vec<(String, String)> = form_urlencoded::parse(&req.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let field = |name: &str| {
            form.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
        };

        match field("grant_type") {
            None => return oauth_error(400, "invalid_request", "Missing grant_type parameter"),
            Some("client_credentials") => {}
            Some(_) => {
                return oauth_error(
                    400,
                    "unsupported_grant_type",
                    "Only the client_credentials grant type is supported",
                )
            }
        }
        match field("audience") {
            None => return oauth_error(400, "invalid_request", "Missing audience parameter"),
            Some(AUDIENCE) => {}
            Some(_) => {
                return oauth_error(400, "invalid_target", "The requested audience is not valid")
            }
        }
        let Some(client_id) = field("client_id") else {
            return oauth_error(
                401,
                "invalid_client",
                "Client authentication failed: missing client_id",
            );
        };

        if let Some(assertion) = field("client_assertion") {
            if field("client_assertion_type") != Some(ASSERTION_TYPE) {
                return oauth_error(
                    400,
                    "invalid_request",
                    "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                );
            }
            if client_id != self.client_id || !self.assertion_valid(assertion) {
                return oauth_error(401, "invalid_client", "Client authentication failed");
            }
        } else if let Some(secret) = field("client_secret") {
            if client_id != self.client_id || secret != self.client_secret {
                return oauth_error(401, "invalid_client", "Client authentication failed");
            }
        } else {
            return oauth_error(
                401,
                "invalid_client",
                "Client authentication failed: missing client credentials",
            );
        }

        match self.issue() {
            Some(token) => Resp::ok(json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": self.lifetime,
            })),
            None => oauth_error(500, "server_error", "Could not sign the access token"),
        }
    }

    /// Verify an RS256 private-key-JWT client assertion: iss = sub = client
    /// id, aud = https://api.zscaler.com, exp in the future.
    fn assertion_valid(&self, assertion: &str) -> bool {
        let Some(key) = &self.client_key else {
            return false;
        };
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&[AUDIENCE]);
        v.set_issuer(&[self.client_id.as_str()]);
        v.sub = Some(self.client_id.clone());
        v.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        jsonwebtoken::decode::<Value>(assertion, key, &v).is_ok()
    }

    fn issue(&self) -> Option<String> {
        let now = now_secs();
        let service_info: Vec<Value> = self
            .products
            .iter()
            .map(|p| {
                let tnt = if p.eq_ignore_ascii_case("ZPA") {
                    self.customer_id.clone()
                } else {
                    format!("sandbox-{}", p.to_ascii_lowercase())
                };
                json!({"prd": p, "rnm": "Sandbox API Role", "tnt": tnt})
            })
            .collect();
        let claims = json!({
            "iss": self.issuer,
            "sub": self.client_id,
            "aud": AUDIENCE,
            "iat": now,
            "nbf": now,
            "exp": now.saturating_add(self.lifetime),
            "jti": uuid_v4(),
            "cid": self.client_id,
            "service-info": service_info,
        });
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(&self.key),
        )
        .ok()
    }

    /// True when the request carries `Authorization: Bearer <token>` with a
    /// token this simulator issued that has not expired.
    pub(crate) fn bearer_valid(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let value = value.trim();
        let Some((scheme, token)) = value.split_once(' ') else {
            return false;
        };
        if !scheme.eq_ignore_ascii_case("bearer") {
            return false;
        }
        let mut v = Validation::new(Algorithm::HS256);
        v.leeway = 0;
        v.set_audience(&[AUDIENCE]);
        v.set_issuer(&[self.issuer.as_str()]);
        jsonwebtoken::decode::<Value>(token.trim(), &DecodingKey::from_secret(&self.key), &v)
            .is_ok()
    }
}

/// Re-encode a form body with the secret-bearing fields replaced by
/// "REDACTED", for the request log.
pub(crate) fn redact_form(body: &[u8]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(body) {
        if k == "client_secret" || k == "client_assertion" {
            out.append_pair(&k, "REDACTED");
        } else {
            out.append_pair(&k, &v);
        }
    }
    out.finish()
}
