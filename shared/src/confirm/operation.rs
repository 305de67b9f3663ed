//! The text a human approves: what the call will do, every argument that shapes its
//! effect, and for updates each field's current value next to its new one. It quotes
//! client arguments and names read back from Zscaler, so the gate sanitizes it like any
//! other output.

use serde_json::{Map, Value};

use crate::executor::ToolSpec;

/// Items of a list shown before the rest is only counted.
const LIST_SHOWN: usize = 20;
/// Characters of one value shown before it is cut.
const TEXT_SHOWN: usize = 200;

/// What is known about the target before acting.
#[derive(Default)]
pub struct Target<'a> {
    /// Its display name, if it could be read.
    pub name: Option<String>,
    /// For an update that replaces the object: the object as it is now.
    pub current: Option<&'a Map<String, Value>>,
    /// For that update: the fields it writes, by wire name.
    pub changes: Option<&'a Map<String, Value>>,
}

/// e.g. "DELETE ZIA gre tunnel 'HQ primary'" then one line per argument and per change.
pub fn describe(spec: &ToolSpec, arguments: &Map<String, Value>, target: &Target<'_>) -> String {
    let verb = spec.action.as_str().to_uppercase();
    let thing = spec
        .name
        .split_once('_')
        .map_or(spec.name, |(_, rest)| rest)
        .replacen(&format!("{}_", spec.action.as_str()), "", 1)
        .replace('_', " ");
    let mut out = format!("{verb} {} {thing}", spec.service.product());
    if let Some(name) = &target.name {
        out.push_str(&format!(" '{}'", cut(name)));
    }
    if !arguments.is_empty() {
        out.push_str("\nArguments:");
        for (k, v) in arguments {
            out.push_str(&format!("\n  {k} = {}", show(v)));
        }
    }
    if let (Some(current), Some(changes)) = (target.current, target.changes) {
        out.push_str("\nChanges (current → new):");
        for (field, new) in changes {
            let now = current.get(field).unwrap_or(&Value::Null);
            let same = if now == new { " (unchanged)" } else { "" };
            out.push_str(&format!("\n  {field}: {} → {}{same}", show(now), show(new)));
        }
    }
    out
}

fn cut(s: &str) -> String {
    let count = s.chars().count();
    if count <= TEXT_SHOWN {
        return s.to_string();
    }
    let head: String = s.chars().take(TEXT_SHOWN).collect();
    format!("{head}… ({count} characters)")
}

/// A value as compact JSON, long lists and strings shortened with their full size named.
fn show(v: &Value) -> String {
    match v {
        Value::Array(items) if items.is_empty() => "[] (empty list)".to_string(),
        Value::Array(items) => {
            let shown: Vec<String> = items.iter().take(LIST_SHOWN).map(show).collect();
            let more = items.len().saturating_sub(LIST_SHOWN);
            let rest = if more > 0 {
                format!(", … {more} more")
            } else {
                String::new()
            };
            let n = items.len();
            let noun = if n == 1 { "item" } else { "items" };
            format!("[{}{rest}] ({n} {noun})", shown.join(", "))
        }
        Value::Object(m) => {
            let inner: Vec<String> = m.iter().map(|(k, x)| format!("{k}: {}", show(x))).collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::String(s) => format!("\"{}\"", cut(s)),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::find_tool;
    use serde_json::json;

    fn spec(name: &str) -> &'static ToolSpec {
        find_tool(name).unwrap()
    }

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn every_argument_is_shown() {
        let text = describe(
            spec("zia_delete_gre_tunnel"),
            &map(json!({"tunnel_id": 12, "static_ip_id": 34})),
            &Target {
                name: Some("HQ".into()),
                ..Target::default()
            },
        );
        assert_eq!(
            text,
            "DELETE ZIA gre tunnel 'HQ'\nArguments:\n  tunnel_id = 12\n  static_ip_id = 34"
        );
    }

    #[test]
    fn updates_show_current_and_new_values() {
        let current = map(
            json!({"configuredName": "Blocked", "urls": ["a.com", "b.com"],
                                 "description": "old"}),
        );
        let changes = map(json!({"urls": [], "description": "old"}));
        let text = describe(
            spec("zia_update_url_category"),
            &map(json!({"category_id": "CUSTOM_01", "urls": []})),
            &Target {
                name: Some("Blocked".into()),
                current: Some(&current),
                changes: Some(&changes),
            },
        );
        assert!(
            text.ends_with(
                "Changes (current → new):\n  urls: [\"a.com\", \"b.com\"] (2 items) → [] \
                 (empty list)\n  description: \"old\" → \"old\" (unchanged)"
            ),
            "{text}"
        );
    }

    #[test]
    fn long_values_are_shortened_with_their_size() {
        let urls: Vec<String> = (0..25).map(|i| format!("u{i}.com")).collect();
        let text = show(&json!(urls));
        assert!(
            text.ends_with(", \"u19.com\", … 5 more] (25 items)"),
            "{text}"
        );
        let long = "x".repeat(300);
        assert_eq!(
            show(&json!(long)),
            format!("\"{}… (300 characters)\"", "x".repeat(200))
        );
    }
}
