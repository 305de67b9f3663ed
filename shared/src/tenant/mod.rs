//! Several Zscaler tenants in one deployment (`ZSCALER_MCP_TENANTS`). Off by default: with
//! the setting unset the server is single-tenant, exactly as before.
//!
//! The registry names each tenant's credentials secret; which tenants a caller may act on
//! comes from configuration the operator controls (a token claim, grants by claim value
//! or API key), never from the request. A tenant's own state (its OneAPI client with token
//! cache, HTTP client and budgets, and its entitlement filter) is built on its first call,
//! so a cold start reads no tenant secret.

use std::collections::HashMap;
use std::sync::Arc;

use rmcp::model::Tool;

use crate::env::{err, ConfigError, Vars};
use crate::tool::Service;
use crate::zscaler::ZscalerClient;

pub const TENANTS: &str = "ZSCALER_MCP_TENANTS";
pub const TENANT_CLAIM: &str = "ZSCALER_MCP_TENANT_CLAIM";
pub const TENANT_GRANTS: &str = "ZSCALER_MCP_TENANT_GRANTS";
/// The claim read when `ZSCALER_MCP_TENANT_CLAIM` is unset.
pub const DEFAULT_CLAIM: &str = "zscaler_tenants";

/// Keys a tenant's secret may carry: that tenant's credentials and hosts. The endpoint
/// overrides are allowed here (unlike the main secret) because each tenant may live on its
/// own host; the secret is the operator's, as is the main one.
pub const TENANT_SECRET_KEYS: &[&[&str]] = &[
    crate::secrets::CREDENTIAL_KEYS,
    &["ZSCALER_MCP_API_BASE_URL", "ZSCALER_MCP_TOKEN_URL"],
];

/// Variables a tenant's secret is read with (region, endpoint, key pair, TTL).
const SECRET_ACCESS_VARS: &[&str] = &[
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    "AWS_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "ZSCALER_MCP_SECRET_TTL",
];

/// The tenants of this deployment and who may use which.
#[derive(Clone)]
pub struct Registry {
    /// Tenant id and the Secrets Manager name or ARN of its credentials, in setting order.
    tenants: Vec<(String, String)>,
    /// The token claim whose values name tenants (directly or through `grants`).
    pub claim: String,
    /// Claim value (or `apikey:<key id>`) → tenant ids.
    grants: HashMap<String, Vec<String>>,
    /// What reading a tenant's secret needs ([`SECRET_ACCESS_VARS`]); kept out of `Debug`.
    pub secret_access: Vars,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("tenants", &self.tenants)
            .field("claim", &self.claim)
            .field("grants", &self.grants)
            .finish_non_exhaustive()
    }
}

/// A tenant id: 1 to 32 of `[a-z0-9-]`.
pub fn valid_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Registry {
    /// `None` when `ZSCALER_MCP_TENANTS` is unset (single-tenant).
    pub fn from_vars(vars: &Vars) -> Result<Option<Registry>, ConfigError> {
        let Some(text) = vars.get(TENANTS) else {
            return Ok(None);
        };
        let mut tenants: Vec<(String, String)> = Vec::new();
        for entry in text.split(',').map(str::trim) {
            let (id, secret) = entry
                .split_once('=')
                .map_or((entry, ""), |(i, s)| (i.trim(), s.trim()));
            if !valid_id(id) || secret.is_empty() {
                return Err(err(
                    TENANTS,
                    format!(
                        "expected id=secret[,id=secret...] with ids of 1-32 characters a-z, \
                         0-9 or -; got the entry {entry:?}"
                    ),
                ));
            }
            if tenants.iter().any(|(known, _)| known == id) {
                return Err(err(TENANTS, format!("tenant {id:?} is listed twice")));
            }
            tenants.push((id.to_string(), secret.to_string()));
        }
        let claim = vars.get(TENANT_CLAIM).unwrap_or(DEFAULT_CLAIM).to_string();
        let mut registry = Registry {
            tenants,
            claim,
            grants: HashMap::new(),
            secret_access: Vars::from_pairs(
                SECRET_ACCESS_VARS
                    .iter()
                    .filter_map(|k| vars.get(k).map(|v| (*k, v.to_string()))),
            ),
        };
        registry.grants = registry.parse_grants(vars.get(TENANT_GRANTS).unwrap_or(""))?;
        Ok(Some(registry))
    }

    /// `value=tenant|tenant;value2=tenant`; every tenant named must be registered.
    fn parse_grants(&self, text: &str) -> Result<HashMap<String, Vec<String>>, ConfigError> {
        let mut grants: HashMap<String, Vec<String>> = HashMap::new();
        for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let Some((value, ids)) = entry.split_once('=') else {
                return Err(err(
                    TENANT_GRANTS,
                    format!("expected value=tenant|tenant[;...]; got the entry {entry:?}"),
                ));
            };
            let ids: Vec<String> = ids.split('|').map(|i| i.trim().to_string()).collect();
            if let Some(unknown) = ids.iter().find(|i| self.secret_of(i).is_none()) {
                return Err(err(
                    TENANT_GRANTS,
                    format!("{unknown:?} is not a tenant of {TENANTS}"),
                ));
            }
            grants
                .entry(value.trim().to_string())
                .or_default()
                .extend(ids);
        }
        Ok(grants)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.tenants.iter().map(|(id, _)| id.as_str())
    }

    pub fn len(&self) -> usize {
        self.tenants.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tenants.is_empty()
    }

    /// The credentials secret of tenant `id`, if it is registered.
    pub fn secret_of(&self, id: &str) -> Option<&str> {
        self.tenants
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, secret)| secret.as_str())
    }

    /// The tenants a caller may act on, in registry order: each value of its tenant claim
    /// that is a tenant id or has a grant, and the grant of its own identity: `apikey:<id>`
    /// for the API key whose principal is `api-key:<id>`, else the principal id itself
    /// (`platform:trusted` behind AgentCore, `zscaler:<client id>`).
    pub fn tenants_of(&self, principal_id: &str, claimed: &[String]) -> Vec<String> {
        let identity_grant = match principal_id.strip_prefix("api-key:") {
            Some(key) => self.grants.get(&format!("apikey:{key}")),
            None => self.grants.get(principal_id),
        };
        let mut granted: Vec<&str> = identity_grant
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        for value in claimed {
            if self.secret_of(value).is_some() {
                granted.push(value);
            }
            granted.extend(
                self.grants
                    .get(value)
                    .into_iter()
                    .flatten()
                    .map(String::as_str),
            );
        }
        self.ids()
            .filter(|id| granted.contains(id))
            .map(str::to_string)
            .collect()
    }
}

/// The tenant a call acts on, from the caller's tenants and the `tenant` argument. A tenant
/// the caller lacks and one that does not exist get the same answer, which names only the
/// caller's own tenants.
pub fn choose<'a>(mine: &'a [String], asked: Option<&str>) -> Result<&'a str, String> {
    match asked {
        Some(asked) => mine
            .iter()
            .find(|t| t.as_str() == asked)
            .map(String::as_str)
            .ok_or_else(|| format!("not one of your tenants: {}", mine.join(", "))),
        None if mine.len() == 1 => Ok(mine[0].as_str()),
        None => Err(format!(
            "this call needs a `tenant` argument: one of your tenants {}",
            mine.join(", ")
        )),
    }
}

/// The tools left after a tenant's OneAPI entitlement filter, decided once per tenant.
#[derive(Clone)]
pub struct Entitled {
    /// `None`: no filtering (disabled, or the token could not be read).
    pub services: Option<Vec<Service>>,
    pub tools: Arc<Vec<Tool>>,
}

/// One tenant's state, built on its first call.
pub struct TenantState {
    pub client: ZscalerClient,
    pub entitled: tokio::sync::OnceCell<Entitled>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(tenants: &str, grants: &str) -> Result<Option<Registry>, ConfigError> {
        Registry::from_vars(&Vars::from_pairs([
            (TENANTS, tenants),
            (TENANT_GRANTS, grants),
        ]))
    }

    #[test]
    fn unset_is_single_tenant() {
        assert!(Registry::from_vars(&Vars::default()).unwrap().is_none());
    }

    #[test]
    fn parses_tenants_claim_and_grants() {
        let r = registry(
            "acme=acme-secret, beta=arn:aws:secretsmanager:x:1:secret:b",
            "ops=acme|beta;apikey:ab12=beta",
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.ids().collect::<Vec<_>>(), ["acme", "beta"]);
        assert_eq!(
            r.secret_of("beta"),
            Some("arn:aws:secretsmanager:x:1:secret:b")
        );
        assert_eq!(r.claim, "zscaler_tenants");
        assert_eq!(r.tenants_of("jwt:i:c:s", &["ops".into()]), ["acme", "beta"]);
        assert_eq!(
            r.tenants_of("jwt:i:c:s", &["beta".into(), "zzz".into()]),
            ["beta"]
        );
        assert_eq!(r.tenants_of("api-key:ab12", &[]), ["beta"]);
        assert!(r.tenants_of("api-key:cd34", &[]).is_empty());
        // An API key is granted only through `apikey:`, never by a claim-like value.
        assert!(r.tenants_of("api-key:ops", &[]).is_empty());
        let r = registry("acme=s1,beta=s2", "platform:trusted=beta;zscaler:cid=acme")
            .unwrap()
            .unwrap();
        assert_eq!(r.tenants_of("platform:trusted", &[]), ["beta"]);
        assert_eq!(r.tenants_of("zscaler:cid", &[]), ["acme"]);
    }

    #[test]
    fn malformed_settings_name_the_setting() {
        for bad in ["Acme=s", "acme", "acme=", "a=s,a=t", "x=s,,y=t"] {
            let e = registry(bad, "").unwrap_err();
            assert_eq!(e.setting, TENANTS, "{bad}");
        }
        let e = registry("a=s", "g=b").unwrap_err();
        assert_eq!(
            e.to_string(),
            "configuration error: ZSCALER_MCP_TENANT_GRANTS: \"b\" is not a tenant of ZSCALER_MCP_TENANTS"
        );
    }

    #[test]
    fn choose_gives_no_oracle() {
        let mine = vec!["a".to_string(), "b".to_string()];
        assert_eq!(choose(&mine, Some("b")), Ok("b"));
        let lacked = choose(&mine, Some("c")).unwrap_err();
        assert_eq!(lacked, "not one of your tenants: a, b");
        assert_eq!(choose(&mine, Some("nope")).unwrap_err(), lacked);
        assert_eq!(
            choose(&mine, None).unwrap_err(),
            "this call needs a `tenant` argument: one of your tenants a, b"
        );
        assert_eq!(choose(&mine[..1], None), Ok("a"));
    }
}
