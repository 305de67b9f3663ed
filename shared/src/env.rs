//! Reading settings: a snapshot of variables (environment, `.env`, flags folded in, the
//! Secrets Manager overlay) and the one error style a bad setting stops start-up with. A
//! leaf: every layer that reads settings uses it, and it uses nothing of the crate.

use std::collections::HashMap;
use std::fmt;

/// A startup error: one line naming the setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub setting: &'static str,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "configuration error: {}: {}", self.setting, self.problem)
    }
}

impl std::error::Error for ConfigError {}

pub(crate) fn err(setting: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        setting,
        problem: problem.into(),
    }
}

/// A snapshot of variables; empty values count as unset, as in the Python server.
#[derive(Clone, Debug, Default)]
pub struct Vars(HashMap<String, String>);

impl Vars {
    pub fn from_process_env() -> Self {
        Vars(std::env::vars().collect())
    }

    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Vars(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.0.insert(key.to_string(), value.into());
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    pub(crate) fn list(&self, key: &str) -> Option<Vec<String>> {
        self.get(key).map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
    }

    pub(crate) fn flag(&self, key: &'static str) -> Result<bool, ConfigError> {
        match self.get(key).map(|v| v.to_ascii_lowercase()) {
            None => Ok(false),
            Some(v) if matches!(v.as_str(), "true" | "1" | "yes" | "on") => Ok(true),
            Some(v) if matches!(v.as_str(), "false" | "0" | "no" | "off") => Ok(false),
            Some(_) => Err(err(key, "expected true or false")),
        }
    }

    pub(crate) fn number<T: std::str::FromStr>(
        &self,
        key: &'static str,
        default: T,
    ) -> Result<T, ConfigError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| err(key, format!("expected a whole number, got {v:?}"))),
        }
    }
}
