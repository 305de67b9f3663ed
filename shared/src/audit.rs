//! The tool-call audit log (`ZSCALER_MCP_LOG_TOOL_CALLS`): one structured JSON line per call
//! on the `audit` target, CloudWatch-friendly. Argument values whose key suggests a secret
//! are redacted; long values are cut.

use std::time::Duration;

use serde_json::{Map, Value};

/// How a call ended, for the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// The tool ran and failed (validation, upstream error).
    Error,
    /// Unknown, not enabled, or not permitted for this caller.
    Rejected,
    /// A destructive call that asked for confirmation instead of acting.
    ConfirmationRequired,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Error => "error",
            Outcome::Rejected => "rejected",
            Outcome::ConfirmationRequired => "confirmation_required",
        }
    }
}

const SENSITIVE: [&str; 8] = [
    "secret",
    "password",
    "token",
    "key",
    "psk",
    "credential",
    "passphrase",
    "authorization",
];

fn is_sensitive(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SENSITIVE.iter().any(|s| lower.contains(s))
}

/// Argument values for the log: sensitive keys redacted at any depth, long strings cut.
pub fn redact(args: &Map<String, Value>) -> Value {
    fn walk(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, x)| {
                        let shown = if is_sensitive(k) {
                            Value::String("[REDACTED]".into())
                        } else {
                            walk(x)
                        };
                        (k.clone(), shown)
                    })
                    .collect(),
            ),
            Value::Array(a) if a.len() > 20 => Value::String(format!("[{} items]", a.len())),
            Value::Array(a) => Value::Array(a.iter().map(walk).collect()),
            Value::String(s) if s.chars().count() > 200 => {
                Value::String(format!("{}…", s.chars().take(200).collect::<String>()))
            }
            other => other.clone(),
        }
    }
    walk(&Value::Object(args.clone()))
}

pub struct Record<'a> {
    pub tool: &'a str,
    pub action: &'a str,
    pub principal: &'a str,
    pub arguments: Value,
    pub outcome: Outcome,
    pub upstream_status: Option<u16>,
    pub latency: Duration,
}

pub fn log(r: Record<'_>) {
    tracing::info!(
        target: "audit",
        tool = r.tool,
        action = r.action,
        principal = r.principal,
        arguments = %r.arguments,
        outcome = r.outcome.as_str(),
        upstream_status = r.upstream_status,
        latency_ms = r.latency.as_secs_f64() * 1000.0,
        "tool call"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_redacted_at_any_depth() {
        let args = json!({"name": "office", "pre_shared_key": "hunter2",
                          "extra_fields": {"clientSecret": "s3cr3t", "note": "x"},
                          "urls": (0..30).collect::<Vec<_>>()});
        let shown = redact(args.as_object().unwrap()).to_string();
        assert!(
            !shown.contains("hunter2") && !shown.contains("s3cr3t"),
            "{shown}"
        );
        assert!(shown.contains("office") && shown.contains("[30 items]"));
    }
}
