//! The text a tool result becomes (issue 19, item 3): JSON, or the compact table of
//! [`compact`] for lists of records (`ZSCALER_MCP_RESULT_FORMAT`), after the lean list views
//! of [`lean`], which always say what they left out.

pub mod compact;
pub mod lean;

use serde_json::Value;

/// The setting that chooses the format.
pub const SETTING: &str = "ZSCALER_MCP_RESULT_FORMAT";

/// How a tool's result is written for the agent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResultFormat {
    /// Compact JSON, as before the setting existed.
    #[default]
    Json,
    /// Lists of records as a table (see [`compact`]); anything else as JSON.
    Compact,
}

impl ResultFormat {
    /// The setting's value, case-insensitively; the error names the accepted values.
    pub fn parse(value: &str) -> Result<ResultFormat, String> {
        match value.to_ascii_lowercase().as_str() {
            "json" => Ok(ResultFormat::Json),
            "compact" => Ok(ResultFormat::Compact),
            _ => Err(format!(
                "unknown result format {value:?} (use json or compact)"
            )),
        }
    }
}

/// The text of an (already sanitized) result in `format`.
pub fn text(value: &Value, format: ResultFormat) -> String {
    let compact = match format {
        ResultFormat::Compact => compact::encode(value),
        ResultFormat::Json => None,
    };
    compact.unwrap_or_else(|| serde_json::to_string(value).unwrap_or_else(|_| "null".into()))
}

#[cfg(test)]
mod tests;
