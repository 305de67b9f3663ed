//! Upstream failures turned into messages a human can act on. Never carries a token or secret.

use std::fmt;

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum UpstreamError {
    /// A setting needed for this call is missing (e.g. ZSCALER_CUSTOMER_ID for ZPA).
    Config(String),
    /// ZIdentity refused the server's own credentials.
    Credentials { status: u16, detail: String },
    /// The API answered with an error status.
    Api {
        product: &'static str,
        status: u16,
        code: Option<String>,
        message: Option<String>,
    },
    NotFound {
        product: &'static str,
        message: String,
    },
    /// ZIA maintenance window: writes refused with `x-zscaler-mode: read-only`.
    ReadOnly { product: &'static str },
    /// Still rate limited (or locked) when the time budget ran out.
    RateLimited {
        product: &'static str,
        retry_after_secs: u64,
    },
    /// Connect error, timeout, or a body that is not JSON.
    Network(String),
    /// A request path with a dot or empty segment: a URL normaliser would send it to
    /// another resource (`DELETE …/rules/..` is a DELETE of the parent). Never sent.
    UnsafePath { product: &'static str, path: String },
    /// A redirect the client did not follow: off the request's origin, or any redirect of
    /// the token request (whose body carries the secret). Nothing was sent to `target`.
    Redirected {
        /// `"the OneAPI token endpoint"`, `"the ZIA API"`.
        what: String,
        status: u16,
        /// `host:port` of the Location.
        target: String,
    },
}

impl fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpstreamError::Config(m) => f.write_str(m),
            UpstreamError::Credentials { status, detail } => write!(
                f,
                "Zscaler OneAPI rejected the server's credentials (HTTP {status}{detail}). \
                 Check ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET/ZSCALER_PRIVATE_KEY, \
                 ZSCALER_VANITY_DOMAIN and ZSCALER_CLOUD."
            ),
            UpstreamError::Api {
                product,
                status,
                code,
                message,
            } => {
                write!(f, "{product} API error: HTTP {status}")?;
                if let Some(code) = code {
                    write!(f, " {code}")?;
                }
                if let Some(message) = message {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            UpstreamError::NotFound { product, message } => {
                write!(f, "{product}: not found: {message}")
            }
            UpstreamError::ReadOnly { product } => write!(
                f,
                "{product} is in read-only mode for scheduled maintenance; writes are refused \
                 until the upgrade ends. Retry later."
            ),
            UpstreamError::RateLimited {
                product,
                retry_after_secs,
            } => write!(
                f,
                "{product} API is rate-limiting or locked and the time budget for this call is \
                 spent; nothing more was sent. Retry after {retry_after_secs} s."
            ),
            UpstreamError::Network(m) => write!(f, "Could not reach the Zscaler API: {m}"),
            UpstreamError::UnsafePath { product, path } => write!(
                f,
                "Refused to call the {product} API at {path}: a dot or empty path segment \
                 would reach a different resource. Nothing was sent; check the ids given."
            ),
            UpstreamError::Redirected {
                what,
                status,
                target,
            } => write!(
                f,
                "{what} answered HTTP {status}, a redirect to {target}; the server does not \
                 follow redirects that would carry credentials to another origin, so nothing \
                 was sent there. Check ZSCALER_CLOUD, ZSCALER_VANITY_DOMAIN and the \
                 ZSCALER_MCP_TOKEN_URL / ZSCALER_MCP_API_BASE_URL overrides."
            ),
        }
    }
}

impl std::error::Error for UpstreamError {}

/// Pull the product's own error code and message out of its error body:
/// ZIA `{code,message}`, ZPA `{id,reason}`, gateway `{detail}`.
pub fn error_fields(body: &Value) -> (Option<String>, Option<String>) {
    let s = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let code = s("code").or_else(|| s("id")).or_else(|| s("error"));
    let message = s("message")
        .or_else(|| s("reason"))
        .or_else(|| s("detail"))
        .or_else(|| s("error_description"));
    (code, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn product_bodies() {
        assert_eq!(
            error_fields(&json!({"code":"DUPLICATE_ITEM","message":"exists"})),
            (Some("DUPLICATE_ITEM".into()), Some("exists".into()))
        );
        assert_eq!(
            error_fields(&json!({"id":"resource.not.found","reason":"No resource"})),
            (
                Some("resource.not.found".into()),
                Some("No resource".into())
            )
        );
        assert_eq!(
            error_fields(&json!({"detail":"unauthorized","type":"","title":"","status":""})),
            (None, Some("unauthorized".into()))
        );
    }

    #[test]
    fn messages_name_product_status_and_code() {
        let e = UpstreamError::Api {
            product: "ZIA",
            status: 409,
            code: Some("DUPLICATE_ITEM".into()),
            message: Some("already exists".into()),
        };
        assert_eq!(
            e.to_string(),
            "ZIA API error: HTTP 409 DUPLICATE_ITEM: already exists"
        );
        let e = UpstreamError::RateLimited {
            product: "ZPA",
            retry_after_secs: 4,
        };
        assert!(e.to_string().contains("Retry after 4 s"));
        let e = UpstreamError::Redirected {
            what: "the OneAPI token endpoint".into(),
            status: 307,
            target: "evil.example:443".into(),
        };
        let m = e.to_string();
        assert!(
            m.contains("HTTP 307") && m.contains("evil.example:443"),
            "{m}"
        );
        assert!(m.contains("nothing was sent there"), "{m}");
    }
}
