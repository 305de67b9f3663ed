//! AWS Secrets Manager: the credentials secret named by `ZSCALER_SECRET_NAME`, fetched at cold
//! start and re-read after `ZSCALER_MCP_SECRET_TTL` so a warm container picks up rotation.
//! Values never appear in errors or logs; only key names do.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_secretsmanager::error::ProvideErrorMetadata;
use aws_sdk_secretsmanager::operation::get_secret_value::GetSecretValueError;
use tokio::sync::Mutex;

use crate::env::Vars;

/// Keys a secret may carry: the Python server's allowlist plus our own key material. The
/// first seven are [`CREDENTIAL_KEYS`] (keep them first).
pub const SECRET_KEYS: &[&str] = &[
    "ZSCALER_CLIENT_ID",
    "ZSCALER_CLIENT_SECRET",
    "ZSCALER_PRIVATE_KEY",
    "ZSCALER_VANITY_DOMAIN",
    "ZSCALER_CUSTOMER_ID",
    "ZCELL_CUSTOMER_ID",
    "ZSCALER_CLOUD",
    "ZSCALER_MCP_AUTH_API_KEY",
    "ZSCALER_MCP_AUTH_JWKS_URI",
    "ZSCALER_MCP_AUTH_ISSUER",
    "ZSCALER_MCP_AUTH_AUDIENCE",
    "ZSCALER_MCP_REQUEST_STATE_KEYS",
    "ZSCALER_MCP_WRITE_ENABLED",
    "ZSCALER_MCP_WRITE_TOOLS",
    // oidc-proxy mode: the secret of the client registered at the identity provider.
    "OIDCPROXY_CLIENT_SECRET",
];

/// The first keys of [`SECRET_KEYS`]: one tenant's OneAPI credentials, hosts and customer
/// ids (all a tenant's own secret carries besides its endpoints, see `tenant`).
pub const CREDENTIAL_KEYS: &[&str] = SECRET_KEYS.split_at(7).0;

/// The allowlisted values of one secret version.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretValues(HashMap<String, String>);

impl fmt::Debug for SecretValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut keys: Vec<&String> = self.0.keys().collect();
        keys.sort();
        write!(f, "SecretValues(keys: {keys:?})")
    }
}

impl SecretValues {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Secret values override the environment, as in the Python server. An empty value
    /// counts as absent (as in `get`): a placeholder never blanks a variable that is set.
    pub fn overlay(&self, vars: &mut Vars) {
        for (k, v) in self.0.iter().filter(|(_, v)| !v.is_empty()) {
            vars.set(k, v.clone());
        }
    }

    /// Parse a `SecretString`: a flat JSON object; unknown keys are dropped with a warning.
    pub fn parse(secret_id: &str, text: &str) -> Result<SecretValues, SecretError> {
        SecretValues::parse_with(secret_id, text, &[SECRET_KEYS])
    }

    /// `parse` with another allowlist, given in parts (a tenant's secret carries only its
    /// credentials and endpoints).
    pub fn parse_with(
        secret_id: &str,
        text: &str,
        allowed: &[&[&str]],
    ) -> Result<SecretValues, SecretError> {
        let not_flat = || SecretError::Format {
            secret_id: secret_id.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|_| not_flat())?;
        let object = value.as_object().ok_or_else(not_flat)?;
        let mut out = HashMap::new();
        for (key, value) in object {
            if !allowed.iter().any(|part| part.contains(&key.as_str())) {
                tracing::warn!(secret_key = %key, "ignoring a key the credentials secret may not set");
                continue;
            }
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => return Err(not_flat()),
            };
            out.insert(key.clone(), text);
        }
        Ok(SecretValues(out))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretError {
    NoRegion,
    NotFound {
        secret_id: String,
    },
    AccessDenied {
        secret_id: String,
    },
    Decryption {
        secret_id: String,
    },
    Format {
        secret_id: String,
    },
    /// Anything else, with the AWS error code only (messages are not echoed).
    Service {
        secret_id: String,
        code: String,
    },
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretError::NoRegion => f.write_str(
                "configuration error: AWS_REGION: required to read ZSCALER_SECRET_NAME from \
                 Secrets Manager (set AWS_REGION or AWS_DEFAULT_REGION)",
            ),
            SecretError::NotFound { secret_id } => write!(
                f,
                "configuration error: ZSCALER_SECRET_NAME: secret {secret_id:?} was not found \
                 in this region"
            ),
            SecretError::AccessDenied { secret_id } => write!(
                f,
                "configuration error: ZSCALER_SECRET_NAME: access denied to secret \
                 {secret_id:?}; the role needs secretsmanager:GetSecretValue on it"
            ),
            SecretError::Decryption { secret_id } => write!(
                f,
                "configuration error: ZSCALER_SECRET_NAME: secret {secret_id:?} could not be \
                 decrypted; the role needs kms:Decrypt on its KMS key"
            ),
            SecretError::Format { secret_id } => write!(
                f,
                "configuration error: ZSCALER_SECRET_NAME: secret {secret_id:?} must be a flat \
                 JSON object of string values"
            ),
            SecretError::Service { secret_id, code } => write!(
                f,
                "configuration error: ZSCALER_SECRET_NAME: reading secret {secret_id:?} \
                 failed ({code})"
            ),
        }
    }
}

impl std::error::Error for SecretError {}

/// Reads one secret, caching it for `ttl`.
pub struct SecretStore {
    client: aws_sdk_secretsmanager::Client,
    secret_id: String,
    allowed: &'static [&'static [&'static str]],
    ttl: Duration,
    cached: Mutex<(Instant, Arc<SecretValues>)>,
}

impl fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretStore({:?}, ttl {:?})", self.secret_id, self.ttl)
    }
}

fn classify(secret_id: &str, err: &GetSecretValueError) -> SecretError {
    let secret_id = secret_id.to_string();
    match err {
        GetSecretValueError::ResourceNotFoundException(_) => SecretError::NotFound { secret_id },
        GetSecretValueError::DecryptionFailure(_) => SecretError::Decryption { secret_id },
        other => match other.code() {
            Some("AccessDeniedException") | Some("AccessDenied") => {
                SecretError::AccessDenied { secret_id }
            }
            Some(code) => SecretError::Service {
                secret_id,
                code: code.to_string(),
            },
            None => SecretError::Service {
                secret_id,
                code: "no response from Secrets Manager".to_string(),
            },
        },
    }
}

impl SecretStore {
    /// `None` when `ZSCALER_SECRET_NAME` is unset. Fetches the secret once (cold start).
    pub async fn open(vars: &Vars) -> Result<Option<SecretStore>, SecretError> {
        let Some(secret_id) = vars.get("ZSCALER_SECRET_NAME") else {
            return Ok(None);
        };
        SecretStore::open_named(vars, secret_id, &[SECRET_KEYS])
            .await
            .map(Some)
    }

    /// Open the secret `secret_id`, keeping only the `allowed` keys (a tenant's secret).
    pub async fn open_named(
        vars: &Vars,
        secret_id: &str,
        allowed: &'static [&'static [&'static str]],
    ) -> Result<SecretStore, SecretError> {
        let secret_id = secret_id.to_string();
        let region = vars
            .get("AWS_REGION")
            .or_else(|| vars.get("AWS_DEFAULT_REGION"))
            .map(str::to_string)
            .ok_or(SecretError::NoRegion)?;
        let ttl = Duration::from_secs(
            vars.get("ZSCALER_MCP_SECRET_TTL")
                .and_then(|v| v.parse().ok())
                .unwrap_or(300),
        );
        // Endpoint and key pair are taken from `vars` (the same standard variable names the
        // SDK reads), so the whole configuration flows through one snapshot; without a key
        // pair the SDK's default chain (container or instance role) applies.
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region));
        if let Some(endpoint) = vars
            .get("AWS_ENDPOINT_URL_SECRETS_MANAGER")
            .or_else(|| vars.get("AWS_ENDPOINT_URL"))
        {
            loader = loader.endpoint_url(endpoint);
        }
        if let (Some(key), Some(secret)) = (
            vars.get("AWS_ACCESS_KEY_ID"),
            vars.get("AWS_SECRET_ACCESS_KEY"),
        ) {
            loader = loader.credentials_provider(aws_sdk_secretsmanager::config::Credentials::new(
                key,
                secret,
                vars.get("AWS_SESSION_TOKEN").map(str::to_string),
                None,
                "environment",
            ));
        }
        // Boxed: the SDK's futures are ~12 KB, and inline they would make every caller's
        // future (up to `main`'s, copied onto the stack at start) that much bigger, even
        // when no secret is configured.
        let sdk = Box::pin(loader.load()).await;
        let client = aws_sdk_secretsmanager::Client::new(&sdk);
        let values = Box::pin(fetch(&client, &secret_id, allowed)).await?;
        Ok(SecretStore {
            client,
            secret_id,
            allowed,
            ttl,
            cached: Mutex::new((Instant::now(), Arc::new(values))),
        })
    }

    /// How long values are kept before a re-read (`ZSCALER_MCP_SECRET_TTL`).
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The current values, re-read when older than the TTL. A failed re-read keeps the
    /// last good values (a warm container keeps working) and logs the reason.
    pub async fn current(&self) -> Arc<SecretValues> {
        self.current_within(self.ttl).await
    }

    /// Like `current`, but re-read if older than `max_age` (used after credentials fail).
    pub async fn current_within(&self, max_age: Duration) -> Arc<SecretValues> {
        let mut cached = self.cached.lock().await;
        if cached.0.elapsed() >= max_age {
            // Boxed for the same reason as in `open`.
            match Box::pin(fetch(&self.client, &self.secret_id, self.allowed)).await {
                Ok(values) => *cached = (Instant::now(), Arc::new(values)),
                Err(e) => {
                    tracing::warn!(error = %e, "secret refresh failed; keeping the last values");
                    cached.0 = Instant::now();
                }
            }
        }
        cached.1.clone()
    }
}

async fn fetch(
    client: &aws_sdk_secretsmanager::Client,
    secret_id: &str,
    allowed: &[&[&str]],
) -> Result<SecretValues, SecretError> {
    let out = client
        .get_secret_value()
        .secret_id(secret_id)
        .send()
        .await
        .map_err(|e| match e.as_service_error() {
            Some(service) => classify(secret_id, service),
            None => SecretError::Service {
                secret_id: secret_id.to_string(),
                code: "Secrets Manager could not be reached".to_string(),
            },
        })?;
    let text = out.secret_string().ok_or_else(|| SecretError::Format {
        secret_id: secret_id.to_string(),
    })?;
    SecretValues::parse_with(secret_id, text, allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_keys_are_the_credentials() {
        assert_eq!(CREDENTIAL_KEYS.first(), Some(&"ZSCALER_CLIENT_ID"));
        assert_eq!(CREDENTIAL_KEYS.last(), Some(&"ZSCALER_CLOUD"));
    }

    #[test]
    fn parse_keeps_only_allowlisted_keys() {
        let v = SecretValues::parse(
            "s",
            r#"{"ZSCALER_CLIENT_ID":"id","ZSCALER_CLIENT_SECRET":"topsecret","AWS_SECRET":"x",
                "ZSCALER_MCP_WRITE_ENABLED":true}"#,
        )
        .unwrap();
        assert_eq!(v.get("ZSCALER_CLIENT_ID"), Some("id"));
        assert_eq!(v.get("ZSCALER_MCP_WRITE_ENABLED"), Some("true"));
        assert_eq!(v.get("AWS_SECRET"), None);
        assert!(!format!("{v:?}").contains("topsecret"));
    }

    #[test]
    fn empty_secret_values_do_not_blank_the_environment() {
        let v = SecretValues::parse(
            "s",
            r#"{"ZSCALER_CLIENT_ID":"from-secret","ZSCALER_CLIENT_SECRET":""}"#,
        )
        .unwrap();
        let mut vars = Vars::from_pairs([
            ("ZSCALER_CLIENT_ID", "from-env"),
            ("ZSCALER_CLIENT_SECRET", "env-secret"),
        ]);
        v.overlay(&mut vars);
        assert_eq!(vars.get("ZSCALER_CLIENT_ID"), Some("from-secret"));
        assert_eq!(vars.get("ZSCALER_CLIENT_SECRET"), Some("env-secret"));
    }

    #[test]
    fn access_denied_and_decryption_are_named() {
        use aws_sdk_secretsmanager::error::ErrorMetadata;
        let denied = GetSecretValueError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .build(),
        );
        let e = classify("arn:aws:secretsmanager:us-east-1:1:secret:creds", &denied);
        assert!(matches!(e, SecretError::AccessDenied { .. }));
        assert!(e.to_string().contains("secretsmanager:GetSecretValue"));
        let kms = GetSecretValueError::DecryptionFailure(
            aws_sdk_secretsmanager::types::error::DecryptionFailure::builder().build(),
        );
        assert!(classify("creds", &kms).to_string().contains("kms:Decrypt"));
    }

    #[test]
    fn parse_rejects_nested_or_non_json() {
        for bad in ["not json", "[1,2]", r#"{"ZSCALER_CLIENT_ID":{"a":1}}"#] {
            let e = SecretValues::parse("creds", bad).unwrap_err();
            assert_eq!(
                e,
                SecretError::Format {
                    secret_id: "creds".into()
                }
            );
            assert!(e.to_string().contains("ZSCALER_SECRET_NAME"));
        }
    }
}
