//! The upstream provider: its discovery document (endpoints) and its token endpoint, called
//! with the one pre-registered client's credentials. Nothing the provider answers is logged
//! except status codes.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{Map, Value};

use super::super::util::{describe, get_document, is_loopback_url, read_limited, url_parts};
use super::OidcProxy;

const MAX_DOCUMENT_LEN: usize = 512 * 1024;

#[derive(Debug, Clone)]
pub(super) struct Upstream {
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    /// `client_secret_basic` (the default of RFC 8414) unless only `client_secret_post` is
    /// offered (some providers).
    pub basic_auth: bool,
}

/// Why the provider's token endpoint did not give us tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UpstreamError {
    /// It refused the grant (4xx): the code or refresh token is not good (any more).
    Refused,
    /// Unreachable, 5xx, or an answer we cannot use.
    Unavailable,
}

fn endpoint_ok(url: &str) -> bool {
    (url.starts_with("https://") && url_parts(url).is_some())
        || (url.starts_with("http://") && is_loopback_url(url))
}

/// Form value encoding for client credentials in Basic (RFC 6749 §2.3.1).
fn form_encode(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

impl OidcProxy {
    pub(super) async fn upstream(&self) -> Result<&Upstream, UpstreamError> {
        self.upstream
            .get_or_try_init(|| async {
                match self.discover().await {
                    Ok(u) => Ok(u),
                    Err(problem) => {
                        tracing::warn!(url = %self.config_url, %problem, "oidc-proxy: provider discovery failed");
                        Err(UpstreamError::Unavailable)
                    }
                }
            })
            .await
    }

    async fn discover(&self) -> Result<Upstream, String> {
        let body = get_document(self.http.get(), &self.config_url, MAX_DOCUMENT_LEN).await?;
        let doc: Value = serde_json::from_slice(&body).map_err(|_| "not JSON")?;
        let text = |k: &str| doc.get(k).and_then(Value::as_str);
        let issuer = text("issuer").ok_or("no issuer")?;
        if issuer.trim_end_matches('/') != self.expected_issuer.trim_end_matches('/') {
            return Err(format!(
                "names issuer {issuer:?}, expected {:?}",
                self.expected_issuer
            ));
        }
        let authorization_endpoint = text("authorization_endpoint")
            .filter(|u| endpoint_ok(u))
            .ok_or("no usable authorization_endpoint")?;
        let token_endpoint = text("token_endpoint")
            .filter(|u| endpoint_ok(u))
            .ok_or("no usable token_endpoint")?;
        let methods: Vec<&str> = doc
            .get("token_endpoint_auth_methods_supported")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let basic_auth = methods.is_empty() || methods.contains(&"client_secret_basic");
        Ok(Upstream {
            authorization_endpoint: authorization_endpoint.to_string(),
            token_endpoint: token_endpoint.to_string(),
            basic_auth,
        })
    }

    /// Calls the provider's token endpoint with `form` plus our client authentication.
    pub(super) async fn upstream_token(
        &self,
        form: &[(&str, &str)],
    ) -> Result<Map<String, Value>, UpstreamError> {
        let up = self.upstream().await?;
        let id = &self.settings.client_id;
        let secret = &self.settings.client_secret;
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        let mut req = self
            .http
            .get()
            .post(&up.token_endpoint)
            .header(http::header::ACCEPT, "application/json");
        if up.basic_auth {
            let pair = format!("{}:{}", form_encode(id), form_encode(secret));
            req = req.header(
                http::header::AUTHORIZATION,
                format!("Basic {}", STANDARD.encode(pair)),
            );
        } else {
            fields.push(("client_id", id));
            fields.push(("client_secret", secret));
        }
        let resp = req.form(&fields).send().await.map_err(|e| {
            tracing::warn!(problem = %describe(&e), "oidc-proxy: provider token endpoint unreachable");
            UpstreamError::Unavailable
        })?;
        let status = resp.status();
        if status.is_client_error() {
            tracing::info!(
                status = status.as_u16(),
                "oidc-proxy: provider refused the grant"
            );
            return Err(UpstreamError::Refused);
        }
        if status != reqwest::StatusCode::OK {
            tracing::warn!(
                status = status.as_u16(),
                "oidc-proxy: provider token endpoint failed"
            );
            return Err(UpstreamError::Unavailable);
        }
        let body = read_limited(resp, MAX_DOCUMENT_LEN)
            .await
            .map_err(|_| UpstreamError::Unavailable)?;
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(UpstreamError::Unavailable),
        }
    }
}
