//! The official server's `advanced` argument: a free-form dict of less common fields that
//! it merges last into the SDK call's keyword arguments (zscaler_mcp
//! common/zia_helpers.py:150 `merge_advanced`; tools/zpa/app_segments.py:182). Its SDK
//! then shapes them for the wire, and so does this module, the same way:
//!
//! - id-list fields become reference lists: `locations: [1, "2"]` is sent as
//!   `"locations": [{"id": 1}, {"id": 2}]` (zscaler-sdk-python zscaler/utils.py:42
//!   `reformat_params`, :219 `transform_common_id_fields`; ZIA ids are made integers, ZPA
//!   ids stay as given);
//! - ZPA segments: `server_group_ids` → `serverGroups` refs, `tcp_port_range` objects
//!   reduced to `from`/`to` (zscaler/zpa/application_segment.py:280);
//! - every key, at every depth, is camelCased (zscaler/helpers.py:162
//!   `to_lower_camel_case`, applied by request_executor.py:415), so `enable_full_logging`
//!   and `enableFullLogging` mean the same.
//!
//! It bypasses nothing: the tool's write gate and confirmation apply as to any other
//! argument; a key that would change which object is written (`id`) is refused; the dict
//! is bounded in size and depth.

use serde_json::{Map, Value};

use super::args::{int_from_text, ArgError};
use super::{Kind, Param, Place, Sdk};

/// The parameter, for a table's params list (placed last: it is merged last anyway).
pub const fn advanced(sdk: Sdk) -> Param {
    Param {
        name: "advanced",
        kind: Kind::Object,
        required: false,
        place: Place::Advanced(sdk),
        description: "Less common API fields, as the official server's `advanced` dict: \
                      snake_case or camelCase keys, id lists as plain ids (e.g. \
                      {\"locations\": [123]}). Merged last, so it overrides the named \
                      parameters. `id` cannot be set.",
    }
}

pub const ZIA_RULE: Param = advanced(Sdk::ZiaRule);
pub const ZIA_RULE_URL_NAMES: Param = advanced(Sdk::ZiaRuleUrlNames);
pub const ZIA_OBJECT: Param = advanced(Sdk::ZiaObject);
pub const ZPA_SEGMENT: Param = advanced(Sdk::ZpaSegment);

/// A ZIA settings tool's `settings` object: API field names in camelCase or, as the
/// official server takes them, snake_case (its SDK camelCases them).
pub const fn settings(description: &'static str) -> Param {
    Param {
        name: "settings",
        kind: Kind::Object,
        required: false,
        place: Place::Advanced(Sdk::ZiaSettings),
        description,
    }
}

/// Bounds: far above any real rule, far below anything that could tire the server.
const MAX_KEYS: usize = 200;
const MAX_DEPTH: usize = 8;
const MAX_BYTES: usize = 64 * 1024;

/// zscaler-sdk-python zscaler/utils.py:42 `reformat_params`: snake_case id-list fields and
/// the wire field their `[{"id": ..}]` list goes to (the first entry of a key wins there).
const ZIA_ID_LISTS: &[(&str, &str)] = &[
    ("app_services", "appServices"),
    ("app_service_groups", "appServiceGroups"),
    ("devices", "devices"),
    ("device_groups", "deviceGroups"),
    ("departments", "departments"),
    ("ec_groups", "ecGroups"),
    ("auditor", "auditor"),
    ("dlp_engines", "dlpEngines"),
    ("excluded_departments", "excludedDepartments"),
    ("excluded_groups", "excludedGroups"),
    ("excluded_users", "excludedUsers"),
    ("dest_ip_groups", "destIpGroups"),
    ("dest_ipv6_groups", "destIpv6Groups"),
    ("groups", "groups"),
    ("users", "users"),
    ("labels", "labels"),
    ("notification_template", "notificationTemplate"),
    ("locations", "locations"),
    ("location_groups", "locationGroups"),
    ("nw_application_groups", "nwApplicationGroups"),
    ("nw_service_groups", "nwServiceGroups"),
    ("nw_services", "nwServices"),
    ("source_ip_groups", "sourceIpGroups"),
    ("src_ip_groups", "srcIpGroups"),
    ("src_ipv6_groups", "srcIpv6Groups"),
    ("proxy_gateway", "proxyGateway"),
    ("time_windows", "timeWindows"),
    ("tenancy_profile_ids", "tenancyProfileIds"),
    ("sharing_domain_profiles", "sharingDomainProfiles"),
    ("form_sharing_domain_profiles", "formSharingDomainProfiles"),
    ("url_categories", "urlCategories"),
    ("zpa_app_segments", "zpaAppSegments"),
    ("zpa_application_segments", "zpaApplicationSegments"),
    (
        "zpa_application_segment_groups",
        "zpaApplicationSegmentGroups",
    ),
    ("workload_groups", "workloadGroups"),
    ("service_ids", "services"),
    ("bandwidth_class_ids", "bandwidthClasses"),
    ("virtual_zen_node_ids", "virtualZenNodes"),
    ("smart_isolation_user_ids", "smartIsolationUsers"),
    ("smart_isolation_group_ids", "smartIsolationGroups"),
    ("cloud_app_tenant_ids", "cloudAppTenants"),
    ("object_type_ids", "objectTypes"),
    ("bucket_ids", "buckets"),
    ("included_domain_profile_ids", "includedDomainProfiles"),
    ("excluded_domain_profile_ids", "excludedDomainProfiles"),
    ("criteria_domain_profile_ids", "criteriaDomainProfiles"),
    ("email_recipient_profile_ids", "emailRecipientProfiles"),
    ("entity_group_ids", "entityGroups"),
    ("http_header_action_profile_ids", "httpHeaderActionProfiles"),
    ("http_header_profile_ids", "httpHeaderProfiles"),
    ("scope_entity_ids", "adminScopeScopeEntities"),
    ("supported_region_ids", "supportedRegions"),
    ("src_workload_groups_ids", "srcWorkloadGroups"),
    ("dest_workload_groups_ids", "destWorkloadGroups"),
    ("application_ids", "applications"),
    ("server_group_ids", "serverGroups"),
    ("connector_ids", "connectors"),
    ("user_portal_ids", "userPortals"),
];

/// zscaler_mcp common/zia_helpers.py:108 `_RULE_LIST_FIELDS`: rule fields whose value may
/// be a JSON string holding the list.
const RULE_LIST_FIELDS: &[&str] = &[
    "src_ips",
    "dest_addresses",
    "source_countries",
    "dest_countries",
    "dest_ip_categories",
    "device_trust_levels",
    "nw_applications",
    "app_services",
    "app_service_groups",
    "departments",
    "dest_ip_groups",
    "dest_ipv6_groups",
    "devices",
    "device_groups",
    "groups",
    "labels",
    "locations",
    "location_groups",
    "nw_application_groups",
    "nw_services",
    "nw_service_groups",
    "time_windows",
    "users",
    "workload_groups",
    "url_categories",
    "request_methods",
    "user_agent_types",
    "protocols",
    "file_types",
    "cloud_applications",
    "applications",
    "dlp_engines",
    "categories",
    "tenancy_profile_ids",
    "cbi_profile",
    "zpa_app_segments",
];

/// zscaler/zpa/application_segment.py:32 `reformat_params` of the segment resource.
const ZPA_SEGMENT_ID_LISTS: &[(&str, &str)] = &[("server_group_ids", "serverGroups")];

/// zscaler/helpers.py:172 `FIELD_EXCEPTIONS`: the ZIA and ZPA keys whose wire spelling the
/// plain rule (first word lower-case, the rest capitalised) does not give.
const CAMEL_EXCEPTIONS: &[(&str, &str)] = &[
    ("predefined_adp_controls", "predefinedADPControls"),
    ("surrogate_ip", "surrogateIP"),
    (
        "surrogate_ip_enforced_for_known_browsers",
        "surrogateIPEnforcedForKnownBrowsers",
    ),
    ("internal_ip_range", "internalIpRange"),
    ("start_ip_address", "startIPAddress"),
    ("end_ip_address", "endIPAddress"),
    ("capture_pcap", "capturePCAP"),
    ("min_tls_version", "minTLSVersion"),
    ("min_client_tls_version", "minClientTLSVersion"),
    ("min_server_tls_version", "minServerTLSVersion"),
    ("pac_with_static_ips", "pacWithStaticIPs"),
    ("primary_gw", "primaryGW"),
    ("secondary_gw", "secondaryGW"),
    ("tun_id", "tunID"),
    ("is_incomplete_dr_config", "isIncompleteDRConfig"),
    ("name_l10n_tag", "nameL10nTag"),
    ("is_name_l10n_tag", "isNameL10nTag"),
    ("routable_ip", "routableIP"),
    ("valid_ssl_certificate", "validSSLCertificate"),
    ("ec_vms", "ecVMs"),
    ("ipv6_enabled", "ipV6Enabled"),
    ("email_ids", "emailIds"),
    ("show_eun", "showEUN"),
    ("show_eunatp", "showEUNATP"),
    ("enable_cipa_compliance", "enableCIPACompliance"),
    ("enable_poe_prompt", "enablePOEPrompt"),
    ("cookie_stealing_pcap_enabled", "cookieStealingPCAPEnabled"),
    (
        "alert_for_unknown_or_suspicious_c2_traffic",
        "alertForUnknownOrSuspiciousC2Traffic",
    ),
    (
        "enable_ipv6_dns_resolution_on_transparent_proxy",
        "enableIPv6DnsResolutionOnTransparentProxy",
    ),
    (
        "enable_evaluate_policy_on_global_ssl_bypass",
        "enableEvaluatePolicyOnGlobalSSLBypass",
    ),
    (
        "dns_resolution_on_transparent_proxy_ipv6_exempt_apps",
        "dnsResolutionOnTransparentProxyIPv6ExemptApps",
    ),
    (
        "dns_resolution_on_transparent_proxy_ipv6_url_categories",
        "dnsResolutionOnTransparentProxyIPv6UrlCategories",
    ),
    (
        "dns_resolution_on_transparent_proxy_ipv6_apps",
        "dnsResolutionOnTransparentProxyIPv6Apps",
    ),
    (
        "enable_ipv6_dns_optimization_on_all_transparent_proxy",
        "enableIPv6DnsOptimizationOnAllTransparentProxy",
    ),
    (
        "dns_resolution_on_transparent_proxy_ipv6_exempt_url_categories",
        "dnsResolutionOnTransparentProxyIPv6ExemptUrlCategories",
    ),
    ("end_point_dlp_log_type", "endPointDLPLogType"),
    ("email_dlp_log_type", "emailDLPLogType"),
    ("extranet_dns_list", "extranetDNSList"),
    ("primary_dns_server", "primaryDNSServer"),
    ("secondary_dns_server", "secondaryDNSServer"),
    ("server_group_dtos", "serverGroupDTOs"),
    ("extranet_dto", "extranetDTO"),
    ("location_group_dto", "locationGroupDTO"),
    ("location_dto", "locationDTO"),
    ("runtime_os", "runtimeOS"),
    ("default_csp", "defaultCSP"),
];

/// The SDK's camelCase of one key (zscaler/helpers.py:162): keys without `_` (already
/// camelCase) are kept.
pub fn camel(key: &str) -> String {
    if let Some((_, wire)) = CAMEL_EXCEPTIONS.iter().find(|(k, _)| *k == key) {
        return (*wire).to_string();
    }
    if !key.contains('_') {
        return key.to_string();
    }
    let mut out = String::with_capacity(key.len());
    for (i, word) in key.split('_').enumerate() {
        let lower = word.to_lowercase();
        let mut chars = lower.chars();
        match (i, chars.next()) {
            (0, _) => out.push_str(&lower),
            (_, Some(first)) => {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
            (_, None) => {}
        }
    }
    out
}

/// Every object key at every depth camelCased (request_executor.py:415).
pub fn camel_keys(value: Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (camel(&k), camel_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_keys).collect()),
        other => other,
    }
}

/// Lay `advanced` over `body` as the official server and its SDK would, or say which key
/// is refused and why.
pub fn merge(
    sdk: Sdk,
    body: &mut Map<String, Value>,
    advanced: &Map<String, Value>,
) -> Result<(), ArgError> {
    check_bounds(advanced)?;
    for (key, value) in advanced {
        // The Python server skips None values (zia_helpers.py:160).
        if value.is_null() {
            continue;
        }
        let (wire, value) = convert(sdk, key, value)?;
        if wire == "id" {
            return Err(refused(
                key,
                "would change which object is written; name the object with the tool's id argument",
            ));
        }
        if wire == "state" && matches!(sdk, Sdk::ZiaRule | Sdk::ZiaRuleUrlNames) {
            // An `enabled` given by name as well loses to this one, as in Python.
            body.remove("enabled");
        }
        if sdk == Sdk::ZiaSettings {
            body.entry(wire).or_insert(value);
        } else {
            body.insert(wire, value);
        }
    }
    Ok(())
}

fn refused(key: &str, problem: &str) -> ArgError {
    ArgError {
        field: format!("advanced.{key}"),
        problem: problem.to_string(),
    }
}

/// One key and value as the SDK puts them on the wire.
fn convert(sdk: Sdk, key: &str, value: &Value) -> Result<(String, Value), ArgError> {
    let is_rule = matches!(sdk, Sdk::ZiaRule | Sdk::ZiaRuleUrlNames);
    let value = if is_rule && RULE_LIST_FIELDS.contains(&key) {
        json_list_text(key, value)?
    } else {
        value.clone()
    };
    let id_lists = match sdk {
        Sdk::ZiaRule | Sdk::ZiaRuleUrlNames => ZIA_ID_LISTS,
        Sdk::ZiaObject | Sdk::ZiaSettings => &[],
        Sdk::ZpaSegment => ZPA_SEGMENT_ID_LISTS,
    };
    let url_names = sdk == Sdk::ZiaRuleUrlNames && key == "url_categories";
    if let Some((_, wire)) = id_lists
        .iter()
        .find(|(k, _)| *k == key)
        .filter(|_| !url_names)
    {
        let ints = sdk != Sdk::ZpaSegment;
        return Ok((camel(wire), camel_keys(id_refs(value, ints))));
    }
    match (sdk, key, &value) {
        (Sdk::ZiaRule | Sdk::ZiaRuleUrlNames, "enabled", Value::Bool(on)) => {
            let state = if *on { "ENABLED" } else { "DISABLED" };
            Ok(("state".to_string(), Value::from(state)))
        }
        (Sdk::ZpaSegment, "tcp_port_range" | "udp_port_range", Value::Array(ranges)) => {
            // application_segment.py:283: only `from` and `to` of each range are sent.
            let kept = ranges
                .iter()
                .map(|r| serde_json::json!({"from": r.get("from"), "to": r.get("to")}))
                .collect();
            Ok((camel(key), Value::Array(kept)))
        }
        _ => Ok((camel(key), camel_keys(value))),
    }
}

/// zscaler_mcp common/utils.py:33 `parse_list`: a rule's list may arrive as a JSON string.
fn json_list_text(key: &str, value: &Value) -> Result<Value, ArgError> {
    match value {
        Value::String(text) => {
            serde_json::from_str(text).map_err(|e| refused(key, &format!("is not valid JSON: {e}")))
        }
        other => Ok(other.clone()),
    }
}

/// utils.py:219 `transform_common_id_fields`: plain ids become `{"id": ..}`, objects with
/// an `id` keep their other fields; ZIA numeric strings become integers.
fn id_refs(value: Value, ints: bool) -> Value {
    let id = |v: Value| match (&v, ints) {
        (Value::String(s), true) => int_from_text(s).unwrap_or(v),
        _ => v,
    };
    let one = |item: Value| match item {
        Value::String(_) | Value::Number(_) => serde_json::json!({ "id": id(item) }),
        Value::Object(mut m) if m.contains_key("id") => {
            let v = m.remove("id").unwrap_or(Value::Null);
            m.insert("id".to_string(), id(v));
            Value::Object(m)
        }
        other => other,
    };
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(one).collect()),
        Value::Object(m) if m.contains_key("id") => one(Value::Object(m)),
        other => other,
    }
}

fn check_bounds(advanced: &Map<String, Value>) -> Result<(), ArgError> {
    let too_big = |problem: String| ArgError {
        field: "advanced".to_string(),
        problem,
    };
    if advanced.len() > MAX_KEYS {
        return Err(too_big(format!("has more than {MAX_KEYS} keys")));
    }
    if 1 + advanced.values().map(depth).max().unwrap_or(0) > MAX_DEPTH {
        return Err(too_big(format!(
            "is nested more than {MAX_DEPTH} levels deep"
        )));
    }
    let bytes = serde_json::to_vec(advanced).map_or(usize::MAX, |b| b.len());
    if bytes > MAX_BYTES {
        return Err(too_big(format!("is larger than {MAX_BYTES} bytes of JSON")));
    }
    Ok(())
}

fn depth(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whether an `advanced` dict carries a list as JSON text (taken for rule lists, see
/// `json_list_text`): such an update replaces a list as surely as an array does, so
/// confirmation must see it.
pub fn holds_list_text(advanced: &Value) -> bool {
    advanced.as_object().is_some_and(|m| {
        m.values()
            .any(|v| v.as_str().is_some_and(|s| s.trim_start().starts_with('[')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::args::plan;
    use serde_json::json;

    fn body_of(tool: &str, args: Value) -> Result<Value, ArgError> {
        let spec = crate::catalog::all_tools()
            .find(|s| s.name == tool)
            .unwrap();
        plan(spec, args.as_object().unwrap()).map(|p| p.body.unwrap_or(Value::Null))
    }

    #[test]
    fn every_official_advanced_tool_takes_it() {
        let with: Vec<&str> = crate::catalog::all_tools()
            .filter(|s| s.params.iter().any(|p| p.name == "advanced"))
            .map(|s| s.name)
            .collect();
        // The 29 tools whose official schema has `advanced` (tests/parity/fixtures).
        assert_eq!(with.len(), 29, "{with:?}");
        assert!(with
            .iter()
            .all(|n| n.contains("_create_") || n.contains("_update_")));
    }

    #[test]
    fn zia_rule_id_lists_become_references() {
        let body = body_of(
            "zia_create_cloud_firewall_rule",
            json!({"name": "r", "action": "ALLOW", "advanced": {
                "locations": [1, "2"],
                "dest_ip_groups": "[7]",
                "enable_full_logging": true,
                "src_ips": ["10.0.0.0/8"],
                "nw_services": [{"id": "5", "name": "HTTP"}],
            }}),
        )
        .unwrap();
        assert_eq!(
            body,
            json!({
                "name": "r",
                "action": "ALLOW",
                "locations": [{"id": 1}, {"id": 2}],
                "destIpGroups": [{"id": 7}],
                "enableFullLogging": true,
                "srcIps": ["10.0.0.0/8"],
                "nwServices": [{"id": 5, "name": "HTTP"}],
            })
        );
    }

    #[test]
    fn advanced_is_merged_last_and_enabled_becomes_state() {
        let body = body_of(
            "zia_update_cloud_firewall_rule",
            json!({"rule_id": 9, "name": "typed", "enabled": true,
                   "advanced": {"name": "advanced", "enabled": false}}),
        )
        .unwrap();
        assert_eq!(body, json!({"name": "advanced", "state": "DISABLED"}));
    }

    #[test]
    fn url_category_names_stay_names_where_the_sdk_keeps_them() {
        let ssl = body_of(
            "zia_create_ssl_inspection_rule",
            json!({"name": "s", "advanced": {"url_categories": ["FINANCE"], "locations": [3]}}),
        )
        .unwrap();
        assert_eq!(ssl["urlCategories"], json!(["FINANCE"]));
        assert_eq!(ssl["locations"], json!([{"id": 3}]));
        let dlp = body_of(
            "zia_create_web_dlp_rule",
            json!({"name": "d", "advanced": {"url_categories": ["FINANCE"]}}),
        )
        .unwrap();
        assert_eq!(dlp["urlCategories"], json!([{"id": "FINANCE"}]));
    }

    #[test]
    fn zpa_segment_fields_convert_as_the_sdk_does() {
        let body = body_of(
            "zpa_update_application_segment",
            json!({"segment_id": "72058304855114308", "advanced": {
                "server_group_ids": ["72058304855116228"],
                "tcp_port_range": [{"from": "8080", "to": "8081", "extra": 1}],
                "health_check_type": "NONE",
                "tcp_port_ranges": ["443", "443"],
            }}),
        )
        .unwrap();
        assert_eq!(
            body,
            json!({
                "serverGroups": [{"id": "72058304855116228"}],
                "tcpPortRange": [{"from": "8080", "to": "8081"}],
                "healthCheckType": "NONE",
                "tcpPortRanges": ["443", "443"],
            })
        );
    }

    #[test]
    fn identity_and_oversized_values_are_refused() {
        let err = body_of(
            "zia_update_cloud_firewall_rule",
            json!({"rule_id": 9, "advanced": {"id": 10}}),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid argument 'advanced.id': would change which object is written; name the \
             object with the tool's id argument"
        );
        let deep = (0..MAX_DEPTH).fold(json!(1), |v, _| json!([v]));
        let err = body_of(
            "zia_create_location",
            json!({"name": "l", "advanced": {"x": deep}}),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid argument 'advanced': is nested more than 8 levels deep"
        );
        let big = "x".repeat(MAX_BYTES);
        let err = body_of(
            "zia_create_location",
            json!({"name": "l", "advanced": {"x": big}}),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid argument 'advanced': is larger than 65536 bytes of JSON"
        );
        let err = body_of(
            "zia_create_cloud_firewall_rule",
            json!({"name": "r", "action": "ALLOW", "advanced": {"locations": "[1,"}}),
        )
        .unwrap_err();
        assert_eq!(err.field, "advanced.locations");
        let err =
            body_of("zia_create_location", json!({"name": "l", "advanced": [1]})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid argument 'advanced': expected an object, got an array"
        );
    }

    #[test]
    fn settings_keys_are_camel_cased_and_named_parameters_win() {
        let body = body_of(
            "zia_update_advanced_settings",
            json!({"enable_office365": true,
                   "settings": {"enable_cve_protection": true, "enable_office365": false}}),
        )
        .unwrap();
        assert_eq!(
            body,
            json!({"enableOffice365": true, "enableCveProtection": true})
        );
    }

    #[test]
    fn camel_case_follows_the_sdk() {
        assert_eq!(camel("enable_full_logging"), "enableFullLogging");
        assert_eq!(camel("enableFullLogging"), "enableFullLogging");
        assert_eq!(camel("surrogate_ip"), "surrogateIP");
        assert_eq!(camel("SRC_IPS"), "srcIps");
        assert_eq!(
            camel_keys(json!({"a_b": [{"c_d": 1}]})),
            json!({"aB": [{"cD": 1}]})
        );
    }

    #[test]
    fn list_text_in_advanced_needs_confirmation_like_a_list() {
        assert!(holds_list_text(&json!({"locations": "[1]"})));
        assert!(!holds_list_text(&json!({"description": "x [y]"})));
    }
}
