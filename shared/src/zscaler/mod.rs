//! The Zscaler OneAPI client: lazy single-flight token, retries within a time budget,
//! and product error bodies turned into `UpstreamError`s.

pub mod error;
pub mod settings;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::Mutex;

use crate::secrets::SecretStore;
use crate::tool::{HttpMethod, Service};
use error::error_fields;
pub use error::UpstreamError;
pub use settings::{ClientAuth, ZscalerSettings};

const AUDIENCE: &str = "https://api.zscaler.com";

/// Most redirects followed for one API call, and only within the call's own origin (same
/// scheme, host and port). The token request follows none: its body carries the client
/// secret or assertion, and reqwest re-sends a body on 307/308.
pub const MAX_SAME_ORIGIN_REDIRECTS: usize = 3;

/// The redirect rule of the OneAPI client. A redirect it does not follow comes back as the
/// 3xx response, which the caller turns into [`UpstreamError::Redirected`].
fn redirect_policy(token_url: Option<reqwest::Url>) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.stop();
        };
        let is_token_request = token_url.as_ref().is_some_and(|t| t == first);
        if is_token_request
            || attempt.previous().len() > MAX_SAME_ORIGIN_REDIRECTS
            || first.origin() != attempt.url().origin()
        {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// `host:port` of the `Location` a 3xx response names (never its path or query, which
/// could carry ids), or `None` when `resp` is not a redirect.
fn redirect_target(resp: &reqwest::Response) -> Option<String> {
    if !resp.status().is_redirection() {
        return None;
    }
    Some(
        resp.headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|loc| resp.url().join(loc).ok())
            .and_then(|u| {
                let host = u.host_str()?.to_string();
                Some(match u.port_or_known_default() {
                    Some(p) => format!("{host}:{p}"),
                    None => host,
                })
            })
            .unwrap_or_else(|| "an unnamed location".to_string()),
    )
}

#[derive(Clone)]
struct CachedToken {
    value: Arc<str>,
    refresh_at: Instant,
}

/// One API call. `path` is absolute under the API base and already fully substituted.
#[derive(Debug, Clone, Copy)]
pub struct ApiRequest<'a> {
    pub service: Service,
    pub method: HttpMethod,
    pub path: &'a str,
    pub query: &'a [(String, String)],
    pub body: Option<&'a Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: u16,
    /// `Null` for an empty body (e.g. 204).
    pub body: Value,
}

#[derive(Clone)]
pub struct ZscalerClient {
    inner: Arc<Inner>,
}

struct Inner {
    /// Built on first use: loading the system CA store takes milliseconds that a cold start
    /// should not pay, and a machine without one gets a tool error instead of a crash.
    http: std::sync::OnceLock<Result<reqwest::Client, String>>,
    user_agent: String,
    settings: ZscalerSettings,
    token: Mutex<Option<CachedToken>>,
    /// When credentials come from Secrets Manager, rotated values are read from here.
    secrets: Option<Arc<SecretStore>>,
}

/// What to do after a failed attempt.
enum Next {
    Fail(UpstreamError),
    RetryAfter(Duration, UpstreamError),
    RefreshToken(UpstreamError),
}

fn parse_retry_after(value: &str) -> Option<Duration> {
    // Both forms are on the wire: ZIA sends "1", ZPA sends "4s".
    let v = value.trim().trim_end_matches(['s', 'S']).trim();
    v.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| Duration::from_secs_f64(s.min(3600.0)))
}

fn backoff(attempt: u32) -> Duration {
    let base = 250u64.saturating_mul(1 << attempt.min(6));
    // Full jitter on top of the exponential base keeps concurrent callers apart.
    Duration::from_millis(base + fastrand::u64(0..=base / 2))
}

impl ZscalerClient {
    pub fn new(settings: ZscalerSettings) -> ZscalerClient {
        ZscalerClient::with_secrets(settings, None)
    }

    pub fn with_secrets(
        settings: ZscalerSettings,
        secrets: Option<Arc<SecretStore>>,
    ) -> ZscalerClient {
        let mut ua = format!("zscaler-mcp-serverless/{}", env!("CARGO_PKG_VERSION"));
        if let Some(c) = &settings.user_agent_comment {
            ua.push_str(&format!(" ({c})"));
        }
        ZscalerClient {
            inner: Arc::new(Inner {
                http: std::sync::OnceLock::new(),
                user_agent: ua,
                settings,
                token: Mutex::new(None),
                secrets,
            }),
        }
    }

    fn http(&self) -> Result<&reqwest::Client, UpstreamError> {
        self.inner
            .http
            .get_or_init(|| {
                // Every request of this client carries a credential (the client secret or
                // assertion, or the bearer token): no redirect off the request's origin.
                let token_url = reqwest::Url::parse(&self.inner.settings.token_url).ok();
                reqwest::Client::builder()
                    .user_agent(self.inner.user_agent.clone())
                    .connect_timeout(Duration::from_secs(5))
                    .pool_idle_timeout(Duration::from_secs(50))
                    .redirect(redirect_policy(token_url))
                    .referer(false)
                    .build()
                    .map_err(|e| format!("the HTTPS client could not be set up ({e})"))
            })
            .as_ref()
            .map_err(|e| UpstreamError::Network(e.clone()))
    }

    pub fn settings(&self) -> &ZscalerSettings {
        &self.inner.settings
    }

    /// The claims of the current access token, decoded without verification (the token
    /// came straight from ZIdentity over TLS; this is only read for `service-info`).
    pub async fn token_claims(&self) -> Result<Value, UpstreamError> {
        use base64::Engine;
        let token = self.token(None).await?;
        let payload = token
            .split('.')
            .nth(1)
            .and_then(|p| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(p)
                    .ok()
            })
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or_else(|| UpstreamError::Network("the access token is not a JWT".into()))?;
        Ok(payload)
    }

    /// Deadline for one tool call, from `ZSCALER_MCP_UPSTREAM_BUDGET_MS`.
    pub fn deadline(&self) -> Instant {
        Instant::now() + Duration::from_millis(self.inner.settings.upstream_budget_ms)
    }

    /// A valid access token, fetched at most once at a time (single flight).
    async fn token(&self, stale: Option<&Arc<str>>) -> Result<Arc<str>, UpstreamError> {
        let mut slot = self.inner.token.lock().await;
        if let Some(t) = slot.as_ref() {
            let is_stale = stale.is_some_and(|s| Arc::ptr_eq(s, &t.value));
            if !is_stale && Instant::now() < t.refresh_at {
                return Ok(t.value.clone());
            }
        }
        let fresh = match self.fetch_token(self.credentials(None).await).await {
            // The secret may have been rotated since it was read: re-read it (at most every
            // 30 s) and try once more if the credentials changed.
            Err(UpstreamError::Credentials { .. }) if self.inner.secrets.is_some() => {
                let before = self.credentials(None).await;
                let after = self.credentials(Some(Duration::from_secs(30))).await;
                if after.0 == before.0 && after.1 == before.1 {
                    self.fetch_token(before).await?
                } else {
                    self.fetch_token(after).await?
                }
            }
            other => other?,
        };
        let value = fresh.value.clone();
        *slot = Some(fresh);
        Ok(value)
    }

    /// The client id and credential to use now: from the secret when there is one.
    async fn credentials(&self, max_age: Option<Duration>) -> (String, ClientAuth) {
        let s = &self.inner.settings;
        let Some(store) = &self.inner.secrets else {
            return (s.client_id.clone(), s.auth.clone());
        };
        let values = match max_age {
            Some(age) => store.current_within(age).await,
            None => store.current().await,
        };
        let client_id = values
            .get("ZSCALER_CLIENT_ID")
            .unwrap_or(&s.client_id)
            .to_string();
        let auth = match (
            values.get("ZSCALER_CLIENT_SECRET"),
            values.get("ZSCALER_PRIVATE_KEY"),
        ) {
            (Some(secret), _) => ClientAuth::Secret(secret.to_string()),
            (None, Some(pem)) => ClientAuth::PrivateKey(pem.to_string()),
            (None, None) => s.auth.clone(),
        };
        (client_id, auth)
    }

    async fn fetch_token(
        &self,
        (client_id, auth): (String, ClientAuth),
    ) -> Result<CachedToken, UpstreamError> {
        let s = &self.inner.settings;
        let mut form: Vec<(&str, String)> = vec![
            ("grant_type", "client_credentials".into()),
            ("client_id", client_id.clone()),
            ("audience", AUDIENCE.into()),
        ];
        match &auth {
            ClientAuth::Secret(secret) => form.push(("client_secret", secret.clone())),
            ClientAuth::PrivateKey(pem) => {
                form.push(("client_assertion", client_assertion(&client_id, pem)?));
                form.push((
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
                ));
            }
        }
        let resp = self
            .http()?
            .post(&s.token_url)
            .header("accept", "application/json")
            .form(&form)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .map_err(|e| UpstreamError::Network(describe_reqwest(&e, "token endpoint")))?;
        let status = resp.status().as_u16();
        if let Some(target) = redirect_target(&resp) {
            return Err(UpstreamError::Redirected {
                what: "the OneAPI token endpoint".into(),
                status,
                target,
            });
        }
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| UpstreamError::Network(describe_reqwest(&e, "token endpoint")))?;
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if !(200..300).contains(&status) {
            let (code, message) = error_fields(&body);
            let detail = match (code, message) {
                (Some(c), Some(m)) => format!(" {c}: {m}"),
                (Some(c), None) => format!(" {c}"),
                (None, Some(m)) => format!(": {m}"),
                (None, None) => String::new(),
            };
            return Err(UpstreamError::Credentials { status, detail });
        }
        let token = body
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                UpstreamError::Network("the token endpoint answered without an access_token".into())
            })?;
        let lifetime = match body.get("expires_in") {
            Some(Value::Number(n)) => n.as_u64().unwrap_or(3600),
            Some(Value::String(s)) => s.parse().unwrap_or(3600),
            _ => 3600,
        };
        // Refresh a minute early, or a tenth early (at least a second) for short lifetimes.
        let margin = (lifetime / 10).clamp(1, 60).min(lifetime / 2);
        Ok(CachedToken {
            value: Arc::from(token),
            refresh_at: Instant::now() + Duration::from_secs(lifetime.saturating_sub(margin)),
        })
    }

    /// Send one API call, retrying what is safe to retry until `deadline`. Every call
    /// passes here, whoever built its path (the planner, a hook, an id read back from
    /// Zscaler), so this is where a path that would leave its resource is stopped.
    pub async fn call(
        &self,
        req: ApiRequest<'_>,
        deadline: Instant,
    ) -> Result<ApiResponse, UpstreamError> {
        let product = req.service.product();
        if !stays_in_resource(req.path) {
            return Err(UpstreamError::UnsafePath {
                product,
                path: req.path.to_string(),
            });
        }
        let url = format!("{}{}", self.inner.settings.api_base_url, req.path);
        let mut refreshed = false;
        let mut stale: Option<Arc<str>> = None;
        let mut attempt = 0u32;
        loop {
            let token = self.token(stale.as_ref()).await?;
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(UpstreamError::Network(format!(
                    "{product} API did not answer within the time budget"
                )));
            }
            let next = match self.send_once(&req, &url, &token, remaining, attempt).await {
                Ok(answer) => return Ok(answer),
                Err(next) => next,
            };
            match next {
                Next::Fail(e) => return Err(e),
                Next::RefreshToken(e) => {
                    if refreshed {
                        return Err(e);
                    }
                    refreshed = true;
                    stale = Some(token);
                }
                Next::RetryAfter(wait, e) => {
                    if Instant::now() + wait >= deadline {
                        return Err(match e {
                            UpstreamError::RateLimited { .. } => UpstreamError::RateLimited {
                                product,
                                retry_after_secs: wait.as_secs().max(1),
                            },
                            other => other,
                        });
                    }
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
            }
        }
    }
}

impl ZscalerClient {
    /// One request with `token`: the 2xx answer, or what the retry loop does next.
    async fn send_once(
        &self,
        req: &ApiRequest<'_>,
        url: &str,
        token: &str,
        remaining: Duration,
        attempt: u32,
    ) -> Result<ApiResponse, Next> {
        let product = req.service.product();
        let network = |e: &reqwest::Error| UpstreamError::Network(describe_reqwest(e, product));
        let mut builder = self
            .http()
            .map_err(Next::Fail)?
            .request(method(req.method), url)
            .bearer_auth(token)
            .header("accept", "application/json")
            .timeout(remaining);
        if !req.query.is_empty() {
            builder = builder.query(req.query);
        }
        if let Some(body) = req.body {
            builder = builder.json(body);
        }
        let resp = match builder.send().await {
            Err(e) if e.is_connect() => {
                return Err(Next::RetryAfter(backoff(attempt), network(&e)))
            }
            Err(e) => return Err(Next::Fail(network(&e))),
            Ok(resp) => resp,
        };
        let status = resp.status().as_u16();
        if let Some(target) = redirect_target(&resp) {
            return Err(Next::Fail(UpstreamError::Redirected {
                what: format!("the {product} API"),
                status,
                target,
            }));
        }
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.map_err(|e| Next::Fail(network(&e)))?;
        let body = parse_body(&bytes);
        if (200..300).contains(&status) {
            return Ok(ApiResponse { status, body });
        }
        let is_write = req.method != HttpMethod::Get;
        Err(classify(
            product, status, &headers, &body, is_write, attempt,
        ))
    }
}

fn method(m: HttpMethod) -> reqwest::Method {
    match m {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Delete => reqwest::Method::DELETE,
    }
}

fn parse_body(bytes: &[u8]) -> Value {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

fn classify(
    product: &'static str,
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &Value,
    is_write: bool,
    attempt: u32,
) -> Next {
    let (code, message) = error_fields(body);
    let api_error = || UpstreamError::Api {
        product,
        status,
        code: code.clone(),
        message: message.clone(),
    };
    let retry_after = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    match status {
        401 => Next::RefreshToken(api_error()),
        429 => {
            let wait = retry_after.unwrap_or_else(|| backoff(attempt));
            Next::RetryAfter(
                wait + Duration::from_millis(fastrand::u64(0..=250)),
                UpstreamError::RateLimited {
                    product,
                    retry_after_secs: wait.as_secs().max(1),
                },
            )
        }
        // Edit locks prove nothing was applied, so writes retry too.
        409 if matches!(
            code.as_deref(),
            Some("EDIT_LOCK_NOT_AVAILABLE") | Some("api.concurrent.access.error")
        ) =>
        {
            Next::RetryAfter(
                backoff(attempt + 2),
                UpstreamError::RateLimited {
                    product,
                    retry_after_secs: 5,
                },
            )
        }
        502..=504 if !is_write => {
            Next::RetryAfter(retry_after.unwrap_or_else(|| backoff(attempt)), api_error())
        }
        403 if headers
            .get("x-zscaler-mode")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|m| m.eq_ignore_ascii_case("read-only")) =>
        {
            Next::Fail(UpstreamError::ReadOnly { product })
        }
        404 => Next::Fail(UpstreamError::NotFound {
            product,
            message: message.unwrap_or_else(|| "no such resource".into()),
        }),
        400 if code.as_deref() == Some("resource.not.found") => {
            Next::Fail(UpstreamError::NotFound {
                product,
                message: message.unwrap_or_else(|| "no such resource".into()),
            })
        }
        _ => Next::Fail(api_error()),
    }
}

/// A reqwest error without the URL's query (which could carry ids) or any header.
fn describe_reqwest(e: &reqwest::Error, what: &str) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_decode() || e.is_body() {
        "response could not be read"
    } else {
        "request failed"
    };
    // The host (and an explicit port) it tried, so a wrong ZSCALER_CLOUD, vanity domain or
    // override shows at once; never the path or query, which may carry search terms.
    match e
        .url()
        .and_then(|u| Some((u.host_str()?.to_string(), u.port())))
    {
        Some((host, Some(port))) => format!("{what} at {host}:{port}: {kind}"),
        Some((host, None)) => format!("{what} at {host}: {kind}"),
        None => format!("{what}: {kind}"),
    }
}

/// RS256 client assertion for private-key JWT authentication (zscaler-api.md §1.1).
fn client_assertion(client_id: &str, pem: &str) -> Result<String, UpstreamError> {
    use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
    let key = EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|_| {
        UpstreamError::Config(
            "ZSCALER_PRIVATE_KEY is not a readable RSA private key in PEM form".into(),
        )
    })?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let claims = serde_json::json!({
        "iss": client_id,
        "sub": client_id,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 600,
        "jti": format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..)),
    });
    encode(&Header::new(Algorithm::RS256), &claims, &key)
        .map_err(|_| UpstreamError::Config("could not sign the OneAPI client assertion".into()))
}

/// Whether a request path names exactly the resource it spells: no empty segment
/// (`//`, a trailing `/`) and no dot segment, percent-encoded or not (`..`, `%2e%2E`),
/// since URL parsers and servers resolve those to another path.
pub fn stays_in_resource(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    rest.split('/').all(|segment| {
        let dots = segment.to_ascii_lowercase().replace("%2e", ".");
        !segment.is_empty() && !dots.bytes().all(|b| b == b'.')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_both_forms() {
        assert_eq!(parse_retry_after("1"), Some(Duration::from_secs(1)));
        assert_eq!(parse_retry_after("4s"), Some(Duration::from_secs(4)));
        assert_eq!(parse_retry_after(" 13s "), Some(Duration::from_secs(13)));
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }

    #[test]
    fn backoff_grows_and_is_bounded() {
        assert!(backoff(0) >= Duration::from_millis(250));
        assert!(backoff(0) <= Duration::from_millis(375));
        assert!(backoff(3) >= Duration::from_millis(2000));
        assert!(backoff(30) <= Duration::from_millis(16000 + 8000));
    }
}
