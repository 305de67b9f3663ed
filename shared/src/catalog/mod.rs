//! Tools as data: the spec tables, selection (services, toolsets, write gate), JSON schemas,
//! and argument validation that turns a call into an upstream request plan.

mod common_hooks;
pub mod confirmation;
#[cfg(test)]
mod plan_tests;
pub mod spec;
mod zcc;
mod zcell;
mod zdx;
mod zeasm;
mod zia;
mod zia_firewall;
mod zia_security;
mod zid;
mod zins;
mod zms;
mod zpa;
mod zpa_infra;
mod ztw;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use globset::{Glob, GlobMatcher};
use rmcp::model::{Tool, ToolAnnotations};
use serde_json::{json, Map, Value};

mod selection;
pub mod why;
use crate::executor::ToolSpec;
use crate::tool::{args, Action, Kind, Service};
pub use selection::Selection;

/// Every toolset id of the Python server (tool-inventory.tsv), so a typo in
/// `ZSCALER_MCP_TOOLSETS` is caught even for services not yet in the catalog.
pub const TOOLSETS: &[&str] = &[
    "zcc_devices",
    "zcc_forwarding_profiles",
    "zcc_trusted_networks",
    "zcell_anomaly_policy",
    "zcell_audit_data_handling",
    "zcell_customer_data_handling",
    "zcell_customer_region_handling",
    "zcell_network_events",
    "zcell_sim_analytics",
    "zcell_sim_handling",
    "zcell_sim_location_groups",
    "zcell_tag_handling",
    "zdx_alerts",
    "zdx_reports",
    "zdx_software_inventory",
    "zdx_troubleshooting",
    "zeasm",
    "zeasm_findings",
    "zeasm_lookalike_domains",
    "zia_admin",
    "zia_advanced_settings",
    "zia_atp_malware",
    "zia_atp_policy",
    "zia_authentication_settings",
    "zia_cloud_app_control",
    "zia_cloud_firewall",
    "zia_devices",
    "zia_dlp",
    "zia_file_type_control",
    "zia_locations",
    "zia_misc",
    "zia_rule_labels",
    "zia_sandbox",
    "zia_shadow_it",
    "zia_ssl_inspection",
    "zia_time_intervals",
    "zia_url_categories",
    "zia_url_filtering",
    "zia_users",
    "zia_workload_groups",
    "zid_groups",
    "zid_users",
    "zins_cyber_security",
    "zins_firewall",
    "zins_iot",
    "zins_saas",
    "zins_shadow_it",
    "zins_web_traffic",
    "zms",
    "zpa_access_policies",
    "zpa_app_connector_groups",
    "zpa_app_segments",
    "zpa_application_servers",
    "zpa_ba_certificates",
    "zpa_connectors",
    "zpa_idp",
    "zpa_misc",
    "zpa_pra",
    "zpa_provisioning_keys",
    "zpa_segment_groups",
    "zpa_server_groups",
    "zpa_service_edge_groups",
    "ztw",
];

/// The service tables, in catalog order. A `static`, so every lookup hands out the same
/// `&'static ToolSpec`. Their pointers cost ~7,700 load-time relocations and ~55 page faults
/// (~0.3 ms) per cold start: the price of writing the spec types once (infra/bench, issue 17).
static SOURCES: &[&[ToolSpec]] = &[
    zia::TOOLS,
    zia_firewall::TOOLS,
    zia_security::TOOLS,
    zpa::TOOLS,
    zpa_infra::TOOLS,
    zdx::TOOLS,
    zcc::TOOLS,
    zid::TOOLS,
    zins::TOOLS,
    ztw::TOOLS,
    zeasm::TOOLS,
    zcell::TOOLS,
    zms::TOOLS,
];

/// Every tool the server knows, in a stable order.
pub fn all_tools() -> impl Iterator<Item = &'static ToolSpec> {
    SOURCES.iter().flat_map(|table| table.iter())
}

/// A tool of the whole catalog (selected or not) by name.
pub fn find_tool(name: &str) -> Option<&'static ToolSpec> {
    all_tools().find(|spec| spec.name == name)
}

/// Compile the operator's fnmatch-style patterns. Config refuses a malformed pattern at
/// start; one that reaches here anyway matches its literal text, never silently nothing
/// (a dropped `ZSCALER_MCP_DISABLED_TOOLS` entry would fail open).
fn globs(patterns: &[String]) -> Vec<GlobMatcher> {
    patterns
        .iter()
        .map(|p| {
            Glob::new(p)
                .or_else(|_| Glob::new(&globset::escape(p)))
                .expect("an escaped pattern is a valid glob")
                .compile_matcher()
        })
        .collect()
}

/// Why a pattern is not a valid glob, for the start-up error.
pub fn glob_problem(pattern: &str) -> Option<String> {
    Glob::new(pattern).err().map(|e| e.kind().to_string())
}

/// The tools that survive the operator's selection, in catalog order and the Python
/// server's precedence (python-server-compat.md §1a), with the globs compiled once. The
/// entitlement filter is applied separately.
pub fn selected_tools(selection: &Selection) -> impl Iterator<Item = &'static ToolSpec> + '_ {
    let disabled = globs(&selection.disabled_tools);
    let writes = globs(&selection.write_tools);
    all_tools().filter(move |spec| selected_with(spec, selection, &disabled, &writes))
}

fn selected_with(
    spec: &ToolSpec,
    selection: &Selection,
    disabled: &[GlobMatcher],
    writes: &[GlobMatcher],
) -> bool {
    if disabled.iter().any(|g| g.is_match(spec.name)) {
        return false;
    }
    if let Some(services) = &selection.services {
        if !services.contains(&spec.service) {
            return false;
        }
    }
    if selection.disabled_services.contains(&spec.service) {
        return false;
    }
    if let Some(toolsets) = &selection.toolsets {
        if !toolsets.iter().any(|t| t == spec.toolset) {
            return false;
        }
    }
    if selection
        .disabled_toolsets
        .iter()
        .any(|t| t == spec.toolset)
    {
        return false;
    }
    if spec.action.is_write() {
        // Both switches are required; either alone registers no write tool.
        return selection.write_enabled && writes.iter().any(|g| g.is_match(spec.name));
    }
    true
}

/// The tools this process serves, fixed at startup. The MCP descriptions (JSON schemas) are
/// built on the first `tools/list`, not at start: a cold Lambda answering one `tools/call`
/// never pays for 402 schemas.
pub struct Catalog {
    /// Selected tools in catalog order.
    selected: Vec<&'static ToolSpec>,
    by_name: HashMap<&'static str, &'static ToolSpec>,
    tools: OnceLock<Arc<Vec<Tool>>>,
    confirm: confirmation::ConfirmPolicy,
}

impl Catalog {
    pub fn new(selection: &Selection) -> Catalog {
        Catalog::with_confirmation(selection, confirmation::ConfirmPolicy::default())
    }

    pub fn with_confirmation(
        selection: &Selection,
        confirm: confirmation::ConfirmPolicy,
    ) -> Catalog {
        let selected: Vec<&'static ToolSpec> = selected_tools(selection).collect();
        let by_name = selected.iter().map(|&spec| (spec.name, spec)).collect();
        Catalog {
            selected,
            by_name,
            tools: OnceLock::new(),
            confirm,
        }
    }

    /// The confirmation policy in force.
    pub fn confirmation(&self) -> &confirmation::ConfirmPolicy {
        &self.confirm
    }

    /// A selected tool's spec by name.
    pub fn get(&self, name: &str) -> Option<&'static ToolSpec> {
        self.by_name.get(name).copied()
    }

    /// The MCP descriptions of every selected tool, built once on first use.
    pub fn tools(&self) -> Arc<Vec<Tool>> {
        self.tools
            .get_or_init(|| {
                Arc::new(
                    self.selected
                        .iter()
                        .map(|&spec| describe(spec, self.confirm.need(spec)))
                        .collect(),
                )
            })
            .clone()
    }

    /// The tools of the given services only, in catalog order.
    pub fn tools_of(&self, services: &[Service]) -> Vec<Tool> {
        let all = self.tools();
        self.selected
            .iter()
            .zip(all.iter())
            .filter(|(spec, _)| services.contains(&spec.service))
            .map(|(_, tool)| tool.clone())
            .collect()
    }

    pub fn len(&self) -> usize {
        self.selected.len()
    }

    pub fn is_empty(&self) -> bool {
        self.selected.is_empty()
    }
}

/// The MCP tool description: schema, title and annotations derived from the action.
/// A tool that may need confirmation also takes the confirmation arguments.
pub fn describe(spec: &ToolSpec, confirm: confirmation::Need) -> Tool {
    let annotations = match spec.action {
        Action::Read => ToolAnnotations::new().read_only(true),
        Action::Create => ToolAnnotations::new()
            .read_only(false)
            .destructive(false)
            .idempotent(false),
        Action::Update | Action::Delete => ToolAnnotations::new()
            .read_only(false)
            .destructive(true)
            .idempotent(true),
    }
    .open_world(false);
    let mut annotations = annotations;
    annotations.title = Some(spec.title.to_string());
    let mut schema = input_schema(spec);
    let mut description = spec.description.to_string();
    if confirm != confirmation::Need::Never {
        if let Some(Value::Object(props)) = schema.get_mut("properties") {
            props.insert(
                "confirmation_token".into(),
                json!({"type": "string",
                       "description": "Leave out on the first call. The first call returns a \
                                       token; pass it here, with identical other arguments, \
                                       only after the user has explicitly approved."}),
            );
            props.insert(
                "kwargs".into(),
                json!({"description": "Compatibility with the Python server: a JSON string or \
                                       object carrying confirmation_token."}),
            );
        }
        description.push_str(match confirm {
            confirmation::Need::WhenReplacingLists => {
                " Replacing a list (any array argument) is destructive: such a call first only \
                 asks for confirmation and returns a token; nothing changes until it is \
                 repeated with the user's approval."
            }
            _ => {
                " Destructive: the first call only asks for confirmation and returns a token; \
                 nothing changes until the call is repeated with the user's approval."
            }
        });
    }
    Tool::new_with_raw(spec.name, Some(description.into()), Arc::new(schema))
        .with_title(spec.title)
        .with_annotations(annotations)
}

fn kind_schema(kind: Kind) -> Map<String, Value> {
    let v = match kind {
        Kind::Str => json!({"type": "string"}),
        Kind::Int => json!({"type": "integer"}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::StrList => json!({"type": "array", "items": {"type": "string"}}),
        Kind::IntList => json!({"type": "array", "items": {"type": "integer"}}),
        Kind::Enum(values) => json!({"type": "string", "enum": values}),
        Kind::Object => json!({"type": "object"}),
        Kind::Number => json!({"type": "number"}),
        Kind::List => json!({"type": "array"}),
    };
    match v {
        Value::Object(m) => m,
        _ => unreachable!("schemas are objects"),
    }
}

pub fn input_schema(spec: &ToolSpec) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for p in spec.params {
        let mut s = kind_schema(p.kind);
        s.insert("description".into(), Value::from(p.description));
        properties.insert(p.name.into(), Value::Object(s));
        if p.required {
            required.push(Value::from(p.name));
        }
    }
    for arg in spec.paging.arguments() {
        let mut s = kind_schema(arg.kind);
        if arg.kind == Kind::Int {
            s.insert("minimum".into(), Value::from(arg.min));
            if let Some(max) = arg.max {
                s.insert("maximum".into(), Value::from(max));
            }
        }
        s.insert("description".into(), Value::from(arg.description));
        properties.insert(arg.name.into(), Value::Object(s));
    }
    if !spec.action.is_write() {
        properties.insert(
            args::QUERY_ARG.into(),
            json!({"type": "string", "maxLength": crate::shape::MAX_QUERY_BYTES,
                   "description": "Optional JMESPath expression applied to the result, e.g. \
                                   \"[?state=='ENABLED'].{id: id, name: name}\", to return \
                                   only what you need."}),
        );
    }
    let mut schema = Map::new();
    schema.insert("type".into(), Value::from("object"));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    schema.insert("additionalProperties".into(), Value::Bool(false));
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::Service;
    use std::collections::HashSet;

    fn inventory() -> HashMap<String, (String, String, String)> {
        include_str!("../../data/tool-inventory.tsv")
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (
                    f[0].to_string(),
                    (f[1].to_string(), f[2].to_string(), f[3].to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn every_tool_matches_the_inventory() {
        let inv = inventory();
        let mut seen = HashSet::new();
        for spec in all_tools() {
            assert!(seen.insert(spec.name), "duplicate tool {}", spec.name);
            let (service, toolset, action) = inv
                .get(spec.name)
                .unwrap_or_else(|| panic!("{} is not in the inventory", spec.name));
            assert_eq!(spec.service.code(), service, "{}", spec.name);
            assert_eq!(spec.toolset, toolset, "{}", spec.name);
            assert_eq!(spec.action.as_str(), action, "{}", spec.name);
            assert!(TOOLSETS.contains(&spec.toolset));
            assert!(!spec.title.is_empty() && !spec.description.is_empty());
        }
        assert!(seen.len() >= 20);
    }

    #[test]
    fn lookups_hand_out_the_static_specs() {
        let tables: usize = SOURCES.iter().map(|table| table.len()).sum();
        assert_eq!(all_tools().count(), tables);
        for spec in all_tools() {
            // Names are unique, so the lookup finds this very entry of the tables.
            assert!(std::ptr::eq(find_tool(spec.name).unwrap(), spec));
        }
        assert_eq!(
            find_tool("zia_list_locations").unwrap().name,
            "zia_list_locations"
        );
        assert!(find_tool("zia_no_such_tool").is_none());
    }

    /// Services whose catalog is complete: every inventory row must be present.
    const COMPLETE: &[Service] = &Service::ALL;

    #[test]
    fn complete_services_have_every_inventory_tool() {
        let ours: HashSet<&str> = all_tools().map(|s| s.name).collect();
        let inv = inventory();
        for service in COMPLETE {
            let missing: Vec<&String> = inv
                .iter()
                .filter(|(_, (svc, _, _))| svc == service.code())
                .map(|(name, _)| name)
                .filter(|name| !ours.contains(name.as_str()))
                .collect();
            assert!(
                missing.is_empty(),
                "{}: missing {missing:?}",
                service.code()
            );
            let count = all_tools().filter(|s| s.service == *service).count();
            let expected = inv
                .values()
                .filter(|(svc, _, _)| svc == service.code())
                .count();
            assert_eq!(count, expected, "{}", service.code());
        }
    }

    #[test]
    fn toolset_list_is_the_inventorys() {
        let inv = inventory();
        let from_inv: HashSet<&str> = inv.values().map(|(_, t, _)| t.as_str()).collect();
        let ours: HashSet<&str> = TOOLSETS.iter().copied().collect();
        assert_eq!(from_inv, ours);
    }

    #[test]
    fn path_placeholders_are_parameters() {
        for spec in all_tools() {
            let mut rest = spec.path;
            while let Some(start) = rest.find('{') {
                let end = rest[start..].find('}').unwrap() + start;
                let name = &rest[start + 1..end];
                let known = name == "customerId"
                    || name == "zcellCustomerId"
                    || (name == "policySetId"
                        && matches!(spec.hook, crate::executor::Hook::ZpaPolicySet(_)))
                    || spec.params.iter().any(|p| p.name == name);
                assert!(known, "{}: unbound placeholder {name}", spec.name);
                rest = &rest[end + 1..];
            }
            if spec.service == Service::Zpa {
                assert!(spec.needs_customer_id(), "{}", spec.name);
            }
        }
    }

    #[test]
    fn selection_precedence() {
        let all = Catalog::new(&Selection::default());
        assert_eq!(
            all.len(),
            all_tools().filter(|s| !s.action.is_write()).count()
        );
        let only_zpa = Catalog::new(&Selection {
            services: Some(vec![Service::Zpa]),
            ..Default::default()
        });
        assert!(only_zpa.get("zpa_list_server_groups").is_some());
        assert!(only_zpa.get("zia_list_locations").is_none());
        let disabled = Catalog::new(&Selection {
            disabled_tools: vec!["zia_list_*".into()],
            ..Default::default()
        });
        assert!(disabled.get("zia_list_locations").is_none());
        assert!(disabled.get("zia_get_location").is_some());
        let toolset = Catalog::new(&Selection {
            toolsets: Some(vec!["zia_users".into()]),
            ..Default::default()
        });
        assert_eq!(toolset.len(), 3);
    }

    #[test]
    fn schemas_are_typed_and_closed() {
        let c = Catalog::new(&Selection::default());
        let tools = c.tools();
        let tool = |name: &str| tools.iter().find(|t| t.name == name).unwrap().clone();
        let t = &tool("zia_get_location");
        let s = serde_json::to_value(&*t.input_schema).unwrap();
        assert_eq!(s["properties"]["location_id"]["type"], "integer");
        assert_eq!(s["required"], json!(["location_id"]));
        assert_eq!(s["additionalProperties"], false);
        let t = &tool("zia_get_url_category");
        assert_eq!(
            t.input_schema["properties"]["category_id"]["type"],
            "string"
        );
        let t = &tool("zpa_list_application_segments");
        assert_eq!(t.input_schema["properties"]["page_size"]["maximum"], 500);
        let ann = t.annotations.as_ref().unwrap();
        assert_eq!(ann.read_only_hint, Some(true));
        assert!(t.title.is_some());
    }
}
