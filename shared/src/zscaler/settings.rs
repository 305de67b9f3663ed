//! What the Zscaler client needs to know: OneAPI credentials, the cloud's token and API
//! hosts, and the limits of one tool call (built by the `config` module).

use std::fmt;

/// How the server proves itself to ZIdentity.
#[derive(Clone, PartialEq, Eq)]
pub enum ClientAuth {
    Secret(String),
    PrivateKey(String),
}

impl fmt::Debug for ClientAuth {
    // Never print credential material, not even in debug output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientAuth::Secret(_) => f.write_str("ClientAuth::Secret(<redacted>)"),
            ClientAuth::PrivateKey(_) => f.write_str("ClientAuth::PrivateKey(<redacted>)"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ZscalerSettings {
    pub client_id: String,
    pub auth: ClientAuth,
    pub vanity_domain: Option<String>,
    pub cloud: Option<String>,
    pub customer_id: Option<String>,
    pub zcell_customer_id: Option<String>,
    pub token_url: String,
    pub api_base_url: String,
    pub user_agent_comment: Option<String>,
    pub upstream_budget_ms: u64,
    pub max_items: usize,
}

/// The `ZSCALER_CLOUD` values with a OneAPI token host, compared lower-cased: the default,
/// the alternative clouds the SDK documents (`beta`, `alpha`: its README, "Alternative
/// OneAPI Cloud Environments") and the FedRAMP clouds of its `ONEAPI_GOV_AUTH_DOMAINS`
/// (zscaler-api.md §1.1). The SDK builds `zslogin{cloud}.net` from any other word, a host
/// that does not exist: refused at start rather than failing at the first call.
pub const CLOUDS: &[&str] = &["production", "beta", "alpha", "gov", "govus"];

/// Token and API hosts per cloud (zscaler-api.md §1.1).
pub fn cloud_endpoints(vanity: &str, cloud: Option<&str>) -> (String, String) {
    let cloud = cloud.map(|c| c.to_ascii_lowercase());
    match cloud.as_deref() {
        None | Some("production") => (
            format!("https://{vanity}.zslogin.net/oauth2/v1/token"),
            "https://api.zsapi.net".to_string(),
        ),
        Some("gov") => (
            format!("https://{vanity}.zidentitygov.net/oauth2/v1/token"),
            "https://api.zscalergov.net".to_string(),
        ),
        Some("govus") => (
            format!("https://{vanity}.zidentitygov.us/oauth2/v1/token"),
            "https://api.zscalergov.us".to_string(),
        ),
        Some(other) => (
            format!("https://{vanity}.zslogin{other}.net/oauth2/v1/token"),
            format!("https://api.{other}.zsapi.net"),
        ),
    }
}
