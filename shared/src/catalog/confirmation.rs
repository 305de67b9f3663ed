//! Which calls a human must approve first (layer 2's policy; `confirm` does the asking).
//!
//! By default every call whose effect destroys or replaces data, or applies tenant-wide, is
//! confirmed: deletes, removals, activation, bulk updates, and any update that replaces a
//! list (an update PUT replaces each array it is given, so `urls=[]` empties a category).
//! `ZSCALER_MCP_CONFIRM_TOOLS` adds tools; `ZSCALER_MCP_CONFIRM_EXEMPT_TOOLS` may take named
//! non-delete tools out. Nothing turns confirmation of deletes off.

use globset::GlobMatcher;
use serde_json::{Map, Value};

use crate::executor::ToolSpec;
use crate::tool::Action;

/// When a tool's calls need approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Never,
    Always,
    /// Only calls that replace a list: an argument that is, or holds, an array.
    WhenReplacingLists,
}

/// Name parts of write tools whose every call destroys data or applies tenant-wide, whatever
/// their action in the inventory says ("update" for all three today).
const ALWAYS_DESTRUCTIVE: [&str; 3] = ["_remove_", "_activate_", "_bulk_"];

/// The built-in rule, before the operator's additions and exemptions.
pub fn default_need(spec: &ToolSpec) -> Need {
    match spec.action {
        Action::Delete => Need::Always,
        Action::Update if ALWAYS_DESTRUCTIVE.iter().any(|p| spec.name.contains(p)) => Need::Always,
        Action::Update => Need::WhenReplacingLists,
        Action::Create | Action::Read => Need::Never,
    }
}

fn holds_array(v: &Value) -> bool {
    match v {
        Value::Array(_) => true,
        Value::Object(m) => m.values().any(holds_array),
        _ => false,
    }
}

/// The operator's confirmation settings, compiled once.
#[derive(Debug, Default)]
pub struct ConfirmPolicy {
    /// `ZSCALER_MCP_CONFIRM_TOOLS`: always confirmed.
    extra: Vec<GlobMatcher>,
    /// `ZSCALER_MCP_CONFIRM_EXEMPT_TOOLS`: exact names of non-delete tools (checked at start).
    exempt: Vec<String>,
}

impl ConfirmPolicy {
    pub fn new(confirm_patterns: &[String], exempt: &[String]) -> ConfirmPolicy {
        ConfirmPolicy {
            extra: super::globs(confirm_patterns),
            exempt: exempt.to_vec(),
        }
    }

    /// The tool's rule with the operator's settings applied.
    pub fn need(&self, spec: &ToolSpec) -> Need {
        if self.extra.iter().any(|g| g.is_match(spec.name)) {
            return Need::Always;
        }
        // A delete is never exempt (config refuses such an exemption at start as well).
        if spec.action != Action::Delete && self.exempt.iter().any(|n| n == spec.name) {
            return Need::Never;
        }
        default_need(spec)
    }

    /// Whether some call of the tool may need approval (its schema then takes a token).
    pub fn may_need(&self, spec: &ToolSpec) -> bool {
        self.need(spec) != Need::Never
    }

    /// Whether this call needs approval. `args` no longer hold the confirmation itself.
    pub fn needs(&self, spec: &ToolSpec, args: &Map<String, Value>) -> bool {
        match self.need(spec) {
            Need::Never => false,
            Need::Always => true,
            Need::WhenReplacingLists => {
                args.values().any(holds_array)
                    || args
                        .get("advanced")
                        .is_some_and(crate::tool::advanced::holds_list_text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{all_tools, find_tool};
    use serde_json::json;

    fn spec(name: &str) -> &'static ToolSpec {
        find_tool(name).unwrap()
    }

    #[test]
    fn always_confirmed_updates_are_exactly_these() {
        let always: Vec<&str> = all_tools()
            .filter(|s| s.action == Action::Update && default_need(s) == Need::Always)
            .map(|s| s.name)
            .collect();
        assert_eq!(
            always,
            [
                "zia_activate_configuration",
                "zia_remove_urls_from_category",
                "zia_bulk_update_shadow_it_apps",
            ]
        );
        assert!(all_tools()
            .filter(|s| s.action == Action::Delete)
            .all(|s| default_need(s) == Need::Always));
        assert!(all_tools()
            .filter(|s| matches!(s.action, Action::Create | Action::Read))
            .all(|s| default_need(s) == Need::Never));
    }

    #[test]
    fn list_replacement_is_decided_per_call() {
        let p = ConfirmPolicy::default();
        let s = spec("zia_update_url_category");
        let args = |v: Value| v.as_object().unwrap().clone();
        assert!(p.needs(s, &args(json!({"category_id": "CUSTOM_01", "urls": []}))));
        assert!(p.needs(
            s,
            &args(json!({"category_id": "CUSTOM_01", "extra_fields": {"keywords": ["a"]}}))
        ));
        assert!(!p.needs(
            s,
            &args(json!({"category_id": "CUSTOM_01", "description": "x"}))
        ));
        // `advanced` lists, as arrays or as the JSON text the official server takes.
        let rule = spec("zia_update_cloud_firewall_rule");
        assert!(p.needs(
            rule,
            &args(json!({"rule_id": 1, "advanced": {"locations": [2]}}))
        ));
        assert!(p.needs(
            rule,
            &args(json!({"rule_id": 1, "advanced": {"locations": "[2]"}}))
        ));
        assert!(!p.needs(
            rule,
            &args(json!({"rule_id": 1, "advanced": {"description": "x"}}))
        ));
    }

    #[test]
    fn operator_additions_and_exemptions() {
        let p = ConfirmPolicy::new(
            &["zia_create_*".to_string()],
            &[
                "zia_update_url_category".to_string(),
                "zia_delete_rule_label".to_string(),
            ],
        );
        assert_eq!(p.need(spec("zia_create_rule_label")), Need::Always);
        assert_eq!(p.need(spec("zia_update_url_category")), Need::Never);
        // Deletes stay confirmed even if an exemption slipped past start-up.
        assert_eq!(p.need(spec("zia_delete_rule_label")), Need::Always);
    }
}
