//! The ZIA collection registry: one `Spec` per plain CRUD collection. Adding
//! a collection is adding an entry here (plus its template, seeds and
//! sample in `seeds`); `dialect` serves it and the registry-driven tests walk
//! it.

use super::dialect::Ctx;
use super::{helpers, seeds, MoreState, ZiaCollectionInfo};
use crate::util::{str_field, Req, Resp};
use crate::zia::{id_of, invalid_body, invalid_input};
use serde_json::{json, Map, Value};
use std::net::Ipv4Addr;

/// A path parameter that partitions a collection (stored in `field`).
pub(crate) struct Partition {
    pub field: &'static str,
    /// Used in the 400 for a value outside `values`.
    pub label: &'static str,
    pub values: &'static [&'static str],
    /// A value with seeded items (for `ZiaCollectionInfo::path`).
    pub example: &'static str,
}

/// How a list query parameter filters items. Paths are field names or
/// `a/b` for nested fields; comparisons are case-insensitive and `Equals`
/// accepts a comma-separated list of values.
pub(crate) enum FilterKind {
    Contains(&'static [&'static str]),
    Equals(&'static str),
    NotEquals(&'static str),
    StartsWith(&'static str),
    Custom(fn(&str, &Value, &MoreState) -> bool),
}

pub(crate) struct Filter {
    pub param: &'static str,
    pub kind: FilterKind,
}

/// Which modification stamp writes set.
pub(crate) enum Stamp {
    None,
    /// `lastModifiedTime` + `lastModifiedBy` (rules, workload groups).
    Modified,
    /// `lastModificationTime` + `lastModifiedBy` (static IPs, GRE tunnels).
    Modification,
}

pub(crate) type Check = fn(&Map<String, Value>, &Ctx) -> Result<(), Resp>;
pub(crate) type Normalize = fn(&mut Map<String, Value>, &Ctx);
pub(crate) type DeleteCheck = fn(&Value, &MoreState) -> Result<(), Resp>;

pub(crate) struct Spec {
    /// Registry key (unique).
    pub key: &'static str,
    /// Path segments under `/zia/api/v1`; `{...}` is a path parameter.
    pub base: &'static [&'static str],
    /// Human name for messages.
    pub what: &'static str,
    pub string_ids: bool,
    /// `(default, maximum)` page size, when the list pages.
    pub paging: Option<(u64, u64)>,
    pub filters: &'static [Filter],
    /// Unique field and the status of a duplicate.
    pub unique: Option<(&'static str, u16)>,
    /// Fields that must be non-blank on POST and PUT.
    pub required: &'static [&'static str],
    pub writable: bool,
    /// Fields of `/lite` items, when served.
    pub lite: Option<&'static [&'static str]>,
    /// A policy rule table: `order`/`rank`/`state`, default and predefined
    /// rules, renumbering on write.
    pub ordered: bool,
    /// A string action field and its allowed values.
    pub action: Option<(&'static str, &'static [&'static str])>,
    pub partition: Option<Partition>,
    pub stamp: Stamp,
    /// Accepted on write, never stored or returned.
    pub write_only: &'static [&'static str],
    /// Kept from the stored object when a PUT omits them.
    pub keep_if_absent: &'static [&'static str],
    /// Items that cannot be deleted (400).
    pub protected: fn(&Value) -> bool,
    /// Defaults and field types of a stored object.
    pub template: fn() -> Value,
    pub seeds: fn() -> Vec<Value>,
    /// Ids handed out start above this (and above every seeded id).
    pub id_start: i64,
    pub validate: Option<Check>,
    pub normalize: Option<Normalize>,
    pub before_delete: Option<DeleteCheck>,
    /// Adjusts items on read (e.g. optional fields behind a query flag).
    pub project: Option<fn(&mut Value, &Req, &MoreState)>,
    pub sample_create: Option<fn() -> Value>,
    pub sample_update: Option<fn() -> Value>,
}

fn never(_: &Value) -> bool {
    false
}

fn empty_template() -> Value {
    json!({"id": 0, "name": ""})
}

fn no_seeds() -> Vec<Value> {
    Vec::new()
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key) == Some(&Value::Bool(true))
}

fn default_or_predefined(v: &Value) -> bool {
    flag(v, "defaultRule") || flag(v, "predefined")
}

const DEFAULT: Spec = Spec {
    key: "",
    base: &[],
    what: "",
    string_ids: false,
    paging: None,
    filters: &[],
    unique: Some(("name", 400)),
    required: &["name"],
    writable: true,
    lite: None,
    ordered: false,
    action: None,
    partition: None,
    stamp: Stamp::None,
    write_only: &[],
    keep_if_absent: &[],
    protected: never,
    template: empty_template,
    seeds: no_seeds,
    id_start: 0,
    validate: None,
    normalize: None,
    before_delete: None,
    project: None,
    sample_create: None,
    sample_update: None,
};

/// A rule table: ordered, `search` on the name, `/lite`, stamped.
const RULES: Spec = Spec {
    ordered: true,
    filters: SEARCH_NAME,
    lite: Some(&["id", "name", "order", "rank", "state"]),
    stamp: Stamp::Modified,
    protected: default_or_predefined,
    ..DEFAULT
};

const SEARCH_NAME: &[Filter] = &[Filter {
    param: "search",
    kind: FilterKind::Contains(&["name"]),
}];

const SEARCH_NAME_DESC: &[Filter] = &[Filter {
    param: "search",
    kind: FilterKind::Contains(&["name", "description"]),
}];

const ID_NAME: &[&str] = &["id", "name"];

/// DNS Control rule actions (Python SDK `cloud_firewall_dns.add_rule`).
const DNS_ACTIONS: &[&str] = &[
    "ALLOW",
    "BLOCK",
    "REDIR_REQ",
    "REDIR_RES",
    "REDIR_ZPA",
    "REDIR_REQ_DOH",
    "REDIR_REQ_KEEP_SENDER",
    "REDIR_REQ_TCP",
    "REDIR_REQ_UDP",
    "BLOCK_WITH_RESPONSE",
];

/// IPS Control rule actions.
const IPS_ACTIONS: &[&str] = &["ALLOW", "BLOCK_DROP", "BLOCK_RESET", "BYPASS_IPS"];

/// Cloud App Control rule types (Python SDK `cloudappcontrol.add_rule`).
pub(crate) const RULE_TYPES: &[&str] = &[
    "AI_ML",
    "BUSINESS_PRODUCTIVITY",
    "CONSUMER",
    "DNS_OVER_HTTPS",
    "ENTERPRISE_COLLABORATION",
    "FILE_SHARE",
    "FINANCE",
    "HEALTH_CARE",
    "HOSTING_PROVIDER",
    "HUMAN_RESOURCES",
    "INSTANT_MESSAGING",
    "IT_SERVICES",
    "LEGAL",
    "SALES_AND_MARKETING",
    "STREAMING_MEDIA",
    "SOCIAL_NETWORKING",
    "SYSTEM_AND_DEVELOPMENT",
    "WEBMAIL",
];

pub(crate) static SPECS: &[Spec] = &[
    Spec {
        key: "firewallDnsRules",
        base: &["firewallDnsRules"],
        what: "DNS Control rule",
        action: Some(("action", DNS_ACTIONS)),
        template: seeds::dns_rule_template,
        seeds: seeds::dns_rules,
        id_start: 1_710_000,
        sample_create: Some(seeds::dns_rule_sample),
        sample_update: Some(seeds::dns_rule_sample_update),
        ..RULES
    },
    Spec {
        key: "firewallIpsRules",
        base: &["firewallIpsRules"],
        what: "IPS Control rule",
        action: Some(("action", IPS_ACTIONS)),
        template: seeds::ips_rule_template,
        seeds: seeds::ips_rules,
        id_start: 1_720_000,
        sample_create: Some(seeds::ips_rule_sample),
        sample_update: Some(seeds::ips_rule_sample_update),
        ..RULES
    },
    Spec {
        key: "ipsSignatureRules",
        base: &["ipsSignatureRules"],
        what: "IPS signature rule",
        paging: Some((100, 1000)),
        filters: SEARCH_NAME_DESC,
        required: &["name", "ruleText"],
        template: seeds::ips_signature_template,
        seeds: seeds::ips_signature_rules,
        id_start: 2_500_000,
        validate: Some(validate_signature),
        normalize: Some(normalize_signature),
        sample_create: Some(seeds::ips_signature_sample),
        sample_update: Some(seeds::ips_signature_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "ipSourceGroups",
        base: &["ipSourceGroups"],
        what: "IP source group",
        filters: SEARCH_NAME_DESC,
        lite: Some(ID_NAME),
        template: seeds::ip_source_group_template,
        seeds: seeds::ip_source_groups,
        id_start: 10_596_600,
        protected: |v| flag(v, "isNonEditable"),
        validate: Some(validate_ip_source_group),
        sample_create: Some(seeds::ip_source_group_sample),
        sample_update: Some(seeds::ip_source_group_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "ipDestinationGroups",
        base: &["ipDestinationGroups"],
        what: "IP destination group",
        filters: &[
            Filter {
                param: "search",
                kind: FilterKind::Contains(&["name", "description"]),
            },
            Filter {
                param: "excludeType",
                kind: FilterKind::NotEquals("type"),
            },
        ],
        lite: Some(&["id", "name", "type"]),
        template: seeds::ip_destination_group_template,
        seeds: seeds::ip_destination_groups,
        id_start: 10_250_300,
        validate: Some(validate_ip_destination_group),
        normalize: Some(normalize_ip_destination_group),
        sample_create: Some(seeds::ip_destination_group_sample),
        sample_update: Some(seeds::ip_destination_group_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "networkServices",
        base: &["networkServices"],
        what: "Network service",
        filters: &[
            Filter {
                param: "search",
                kind: FilterKind::Contains(&["name", "description"]),
            },
            Filter {
                param: "protocol",
                kind: FilterKind::Custom(service_has_protocol),
            },
        ],
        lite: Some(ID_NAME),
        template: seeds::network_service_template,
        seeds: seeds::network_services,
        id_start: 774_600,
        protected: |v| str_field(v, "type") != "CUSTOM",
        validate: Some(validate_network_service),
        normalize: Some(normalize_network_service),
        sample_create: Some(seeds::network_service_sample),
        sample_update: Some(seeds::network_service_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "networkServiceGroups",
        base: &["networkServiceGroups"],
        what: "Network service group",
        filters: SEARCH_NAME_DESC,
        lite: Some(ID_NAME),
        template: seeds::network_service_group_template,
        seeds: seeds::network_service_groups,
        id_start: 10_610_000,
        validate: Some(validate_service_group),
        normalize: Some(normalize_service_group),
        sample_create: Some(seeds::network_service_group_sample),
        sample_update: Some(seeds::network_service_group_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "networkApplications",
        base: &["networkApplications"],
        what: "Network application",
        string_ids: true,
        writable: false,
        unique: None,
        required: &[],
        filters: &[Filter {
            param: "search",
            kind: FilterKind::Contains(&["id", "description"]),
        }],
        seeds: seeds::network_applications,
        ..DEFAULT
    },
    Spec {
        key: "networkApplicationGroups",
        base: &["networkApplicationGroups"],
        what: "Network application group",
        filters: SEARCH_NAME_DESC,
        template: seeds::network_app_group_template,
        seeds: seeds::network_app_groups,
        id_start: 10_620_000,
        validate: Some(validate_app_group),
        sample_create: Some(seeds::network_app_group_sample),
        sample_update: Some(seeds::network_app_group_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "timeIntervals",
        base: &["timeIntervals"],
        what: "Time interval",
        paging: Some((100, 1000)),
        filters: SEARCH_NAME,
        template: seeds::time_interval_template,
        seeds: seeds::time_intervals,
        id_start: 18_000_000,
        validate: Some(validate_time_interval),
        sample_create: Some(seeds::time_interval_sample),
        sample_update: Some(seeds::time_interval_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "workloadGroups",
        base: &["workloadGroups"],
        what: "Workload group",
        paging: Some((250, 1000)),
        stamp: Stamp::Modified,
        template: seeds::workload_group_template,
        seeds: seeds::workload_groups,
        id_start: 2_665_540,
        sample_create: Some(seeds::workload_group_sample),
        sample_update: Some(seeds::workload_group_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "deviceGroups",
        base: &["deviceGroups"],
        what: "Device group",
        writable: false,
        unique: None,
        required: &[],
        paging: Some((100, 1000)),
        seeds: seeds::device_groups,
        id_start: 8_800_000,
        project: Some(project_device_group),
        ..DEFAULT
    },
    Spec {
        key: "devices",
        base: &["deviceGroups", "devices"],
        what: "Device",
        writable: false,
        unique: None,
        required: &[],
        paging: Some((100, 1000)),
        lite: Some(&["id", "name", "ownerName"]),
        filters: &[
            Filter {
                param: "name",
                kind: FilterKind::StartsWith("name"),
            },
            Filter {
                param: "model",
                kind: FilterKind::Equals("deviceModel"),
            },
            Filter {
                param: "owner",
                kind: FilterKind::Equals("ownerName"),
            },
            Filter {
                param: "osType",
                kind: FilterKind::Equals("osType"),
            },
            Filter {
                param: "osVersion",
                kind: FilterKind::Equals("osVersion"),
            },
            Filter {
                param: "userIds",
                kind: FilterKind::Equals("ownerUserId"),
            },
        ],
        seeds: seeds::devices,
        id_start: 9_100_000,
        ..DEFAULT
    },
    Spec {
        key: "staticIP",
        base: &["staticIP"],
        what: "Static IP",
        paging: Some((100, 1000)),
        filters: &[
            Filter {
                param: "ipAddress",
                kind: FilterKind::Equals("ipAddress"),
            },
            Filter {
                param: "availableForGreTunnel",
                kind: FilterKind::Custom(static_ip_available),
            },
        ],
        // The API's duplicate check is custom (409 even on a PUT that
        // repeats the object's own address, as recorded).
        unique: None,
        required: &["ipAddress"],
        keep_if_absent: &["ipAddress"],
        stamp: Stamp::Modification,
        template: seeds::static_ip_template,
        seeds: seeds::static_ips,
        id_start: 4_339_000,
        validate: Some(validate_static_ip),
        normalize: Some(normalize_static_ip),
        before_delete: Some(static_ip_in_use),
        sample_create: Some(seeds::static_ip_sample),
        sample_update: Some(seeds::static_ip_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "vpnCredentials",
        base: &["vpnCredentials"],
        what: "VPN credential",
        paging: Some((100, 1000)),
        filters: &[
            Filter {
                param: "search",
                kind: FilterKind::Contains(&[
                    "fqdn",
                    "ipAddress",
                    "commonName",
                    "comments",
                    "location/name",
                ]),
            },
            Filter {
                param: "type",
                kind: FilterKind::Equals("type"),
            },
            Filter {
                param: "locationId",
                kind: FilterKind::Equals("location/id"),
            },
            Filter {
                param: "includeOnlyWithoutLocation",
                kind: FilterKind::Custom(vpn_without_location),
            },
        ],
        unique: None,
        required: &["type"],
        keep_if_absent: &["type"],
        write_only: &["preSharedKey"],
        template: seeds::vpn_credential_template,
        seeds: seeds::vpn_credentials,
        id_start: 167_500_000,
        validate: Some(validate_vpn_credential),
        sample_create: Some(seeds::vpn_credential_sample),
        sample_update: Some(seeds::vpn_credential_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "greTunnels",
        base: &["greTunnels"],
        what: "GRE tunnel",
        paging: Some((100, 1000)),
        unique: Some(("sourceIp", 400)),
        required: &["sourceIp"],
        stamp: Stamp::Modification,
        template: seeds::gre_tunnel_template,
        seeds: seeds::gre_tunnels,
        id_start: 4_106_600,
        validate: Some(validate_gre_tunnel),
        normalize: Some(normalize_gre_tunnel),
        sample_create: Some(seeds::gre_tunnel_sample),
        sample_update: Some(seeds::gre_tunnel_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "sslInspectionRules",
        base: &["sslInspectionRules"],
        what: "SSL Inspection rule",
        template: seeds::ssl_rule_template,
        seeds: seeds::ssl_rules,
        id_start: 184_300,
        validate: Some(validate_ssl_rule),
        sample_create: Some(seeds::ssl_rule_sample),
        sample_update: Some(seeds::ssl_rule_sample_update),
        ..RULES
    },
    Spec {
        key: "fileTypeRules",
        base: &["fileTypeRules"],
        what: "File Type Control rule",
        action: Some(("filteringAction", &["BLOCK", "CAUTION", "ALLOW"])),
        template: seeds::file_type_rule_template,
        seeds: seeds::file_type_rules,
        id_start: 1_740_000,
        validate: Some(validate_file_type_rule),
        sample_create: Some(seeds::file_type_rule_sample),
        sample_update: Some(seeds::file_type_rule_sample_update),
        ..RULES
    },
    Spec {
        key: "sandboxRules",
        base: &["sandboxRules"],
        what: "Sandbox rule",
        action: Some(("baRuleAction", &["ALLOW", "BLOCK"])),
        template: seeds::sandbox_rule_template,
        seeds: seeds::sandbox_rules,
        id_start: 1_750_000,
        validate: Some(validate_sandbox_rule),
        sample_create: Some(seeds::sandbox_rule_sample),
        sample_update: Some(seeds::sandbox_rule_sample_update),
        ..RULES
    },
    Spec {
        key: "webDlpRules",
        base: &["webDlpRules"],
        what: "DLP policy rule",
        action: Some(("action", &["ALLOW", "BLOCK", "ICAP_RESPONSE"])),
        template: seeds::web_dlp_rule_template,
        seeds: seeds::web_dlp_rules,
        id_start: 1_760_000,
        sample_create: Some(seeds::web_dlp_rule_sample),
        sample_update: Some(seeds::web_dlp_rule_sample_update),
        ..RULES
    },
    Spec {
        key: "webApplicationRules",
        base: &["webApplicationRules", "{ruleType}"],
        what: "Cloud App Control rule",
        partition: Some(Partition {
            field: "type",
            label: "rule type",
            values: RULE_TYPES,
            example: "STREAMING_MEDIA",
        }),
        lite: None,
        template: seeds::web_app_rule_template,
        seeds: seeds::web_app_rules,
        id_start: 1_770_000,
        validate: Some(validate_web_app_rule),
        sample_create: Some(seeds::web_app_rule_sample),
        sample_update: Some(seeds::web_app_rule_sample_update),
        ..RULES
    },
    Spec {
        key: "dlpDictionaries",
        base: &["dlpDictionaries"],
        what: "DLP dictionary",
        filters: SEARCH_NAME_DESC,
        lite: Some(ID_NAME),
        template: seeds::dlp_dictionary_template,
        seeds: seeds::dlp_dictionaries,
        id_start: 5_010_000,
        protected: |v| v.get("custom") == Some(&Value::Bool(false)),
        normalize: Some(normalize_dictionary),
        sample_create: Some(seeds::dlp_dictionary_sample),
        sample_update: Some(seeds::dlp_dictionary_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "dlpEngines",
        base: &["dlpEngines"],
        what: "DLP engine",
        filters: SEARCH_NAME_DESC,
        lite: Some(ID_NAME),
        template: seeds::dlp_engine_template,
        seeds: seeds::dlp_engines,
        id_start: 5_020_000,
        protected: |v| v.get("customDlpEngine") == Some(&Value::Bool(false)),
        validate: Some(validate_dlp_engine),
        normalize: Some(normalize_dlp_engine),
        sample_create: Some(seeds::dlp_engine_sample),
        sample_update: Some(seeds::dlp_engine_sample_update),
        ..DEFAULT
    },
    Spec {
        key: "customTags",
        base: &["customTags"],
        what: "Custom tag",
        writable: false,
        unique: None,
        required: &[],
        seeds: seeds::custom_tags,
        id_start: 6_000,
        ..DEFAULT
    },
];

pub(crate) fn index_of(key: &str) -> Option<usize> {
    SPECS.iter().position(|s| s.key == key)
}

pub(crate) fn info(spec: &Spec) -> ZiaCollectionInfo {
    let path = spec
        .base
        .iter()
        .map(|seg| match (&spec.partition, seg.starts_with('{')) {
            (Some(pt), true) => pt.example,
            _ => seg,
        })
        .collect::<Vec<_>>()
        .join("/");
    let seeded = (spec.seeds)()
        .iter()
        .filter(|v| match &spec.partition {
            Some(pt) => v.get(pt.field).and_then(Value::as_str) == Some(pt.example),
            None => true,
        })
        .count();
    ZiaCollectionInfo {
        name: spec.key,
        what: spec.what,
        path: format!("/zia/api/v1/{path}"),
        string_ids: spec.string_ids,
        paging: spec.paging,
        writable: spec.writable,
        lite: spec.lite.is_some(),
        filters: spec.filters.iter().map(|f| f.param).collect(),
        unique: spec.unique,
        seeded,
        sample_create: spec.sample_create.map(|f| f()),
        sample_update: spec.sample_update.map(|f| f()),
    }
}

// ---------------------------------------------------------------- hooks

fn strings(v: Option<&Value>) -> Result<Vec<String>, Resp> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| x.as_str().map(str::to_string).ok_or_else(invalid_body))
            .collect(),
        Some(_) => Err(invalid_body()),
    }
}

/// An IPv4 address, CIDR block or `a-b` range.
fn valid_ip_entry(s: &str) -> bool {
    let s = s.trim();
    if let Some((a, b)) = s.split_once('-') {
        return a.trim().parse::<Ipv4Addr>().is_ok() && b.trim().parse::<Ipv4Addr>().is_ok();
    }
    if let Some((a, m)) = s.split_once('/') {
        return a.parse::<Ipv4Addr>().is_ok() && m.parse::<u8>().is_ok_and(|m| m <= 32);
    }
    s.parse::<Ipv4Addr>().is_ok()
}

fn validate_ip_source_group(body: &Map<String, Value>, _: &Ctx) -> Result<(), Resp> {
    for ip in strings(body.get("ipAddresses"))? {
        if !valid_ip_entry(&ip) {
            return Err(invalid_input(&format!("Invalid IP address '{ip}'")));
        }
    }
    Ok(())
}

const DEST_TYPES: &[&str] = &["DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"];

fn validate_ip_destination_group(body: &Map<String, Value>, _: &Ctx) -> Result<(), Resp> {
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("DSTN_IP");
    if !DEST_TYPES.contains(&kind) {
        return Err(invalid_input(&format!(
            "Invalid IP destination group type '{kind}': expected one of {}",
            DEST_TYPES.join(", ")
        )));
    }
    let addresses = strings(body.get("addresses"))?;
    strings(body.get("ipCategories"))?;
    strings(body.get("countries"))?;
    if kind == "DSTN_IP" {
        if let Some(bad) = addresses.iter().find(|a| !valid_ip_entry(a)) {
            return Err(invalid_input(&format!("Invalid IP address '{bad}'")));
        }
    }
    Ok(())
}

/// `addresses` are mirrored as `ipAddresses` (as recorded on GET); a PUT
/// with `?override=false` appends to the stored addresses instead of
/// replacing them (Python SDK `update_ip_destination_group`).
fn normalize_ip_destination_group(obj: &mut Map<String, Value>, ctx: &Ctx) {
    let append = ctx
        .req
        .q("override")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
    if let (true, Some(ex)) = (append, ctx.existing) {
        let mut merged: Vec<Value> = ex
            .get("addresses")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if let Some(Value::Array(new)) = obj.get("addresses") {
            for a in new {
                if !merged.contains(a) {
                    merged.push(a.clone());
                }
            }
        }
        obj.insert("addresses".into(), Value::Array(merged));
    }
    let addresses = obj.get("addresses").cloned().unwrap_or(json!([]));
    obj.insert("ipAddresses".into(), addresses);
}

/// `protocol=TCP|UDP|ICMP|...` keeps services that carry ports of that
/// protocol (ICMP services are recognised by name or tag).
fn service_has_protocol(q: &str, v: &Value, _: &MoreState) -> bool {
    let has = |k: &str| v.get(k).is_some();
    match q.to_ascii_uppercase().as_str() {
        "TCP" => has("destTcpPorts") || has("srcTcpPorts"),
        "UDP" => has("destUdpPorts") || has("srcUdpPorts"),
        "ICMP" => str_field(v, "name").contains("ICMP") || str_field(v, "tag").contains("ICMP"),
        _ => false,
    }
}

const PORT_FIELDS: [&str; 4] = ["srcTcpPorts", "destTcpPorts", "srcUdpPorts", "destUdpPorts"];

fn validate_network_service(body: &Map<String, Value>, _: &Ctx) -> Result<(), Resp> {
    for f in PORT_FIELDS {
        let Some(v) = body.get(f) else { continue };
        let Some(ranges) = v.as_array() else {
            return Err(invalid_body());
        };
        for r in ranges {
            let port = |k: &str| r.get(k).and_then(Value::as_i64);
            let Some(start) = port("start") else {
                return Err(invalid_body());
            };
            let end = port("end").unwrap_or(start);
            if !(1..=65535).contains(&start) || !(1..=65535).contains(&end) || end < start {
                return Err(invalid_input(&format!(
                    "Invalid port range {start}-{end} in {f}"
                )));
            }
        }
    }
    Ok(())
}

/// Services created through the API are CUSTOM; predefined and standard
/// services keep their type when edited.
fn normalize_network_service(obj: &mut Map<String, Value>, ctx: &Ctx) {
    let kind = ctx
        .existing
        .and_then(|e| e.get("type"))
        .cloned()
        .unwrap_or(json!("CUSTOM"));
    obj.insert("type".into(), kind);
    for k in ["isNameL10nTag", "tag"] {
        match ctx.existing.and_then(|e| e.get(k)) {
            Some(v) => {
                obj.insert(k.into(), v.clone());
            }
            None if k == "tag" => {
                obj.remove("tag");
            }
            None => {
                obj.insert(k.into(), json!(false));
            }
        }
    }
}

fn ref_ids(v: Option<&Value>) -> Result<Vec<i64>, Resp> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|r| {
                r.get("id")
                    .and_then(|i| i.as_i64().or_else(|| i.as_str()?.trim().parse().ok()))
                    .ok_or_else(invalid_body)
            })
            .collect(),
        Some(_) => Err(invalid_body()),
    }
}

fn validate_service_group(body: &Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let services = ctx.more.coll("networkServices");
    for id in ref_ids(body.get("services"))? {
        if !services.iter().any(|s| id_of(s) == Some(id)) {
            return Err(invalid_input(&format!(
                "Network service {id} does not exist"
            )));
        }
    }
    Ok(())
}

/// Service references are expanded to the full service objects.
fn normalize_service_group(obj: &mut Map<String, Value>, ctx: &Ctx) {
    let services = ctx.more.coll("networkServices");
    let ids = ref_ids(obj.get("services")).unwrap_or_default();
    let expanded: Vec<Value> = ids
        .iter()
        .filter_map(|id| services.iter().find(|s| id_of(s) == Some(*id)))
        .map(|s| {
            let mut s = s.clone();
            if let Some(o) = s.as_object_mut() {
                o.remove("creatorContext");
            }
            s
        })
        .collect();
    obj.insert("services".into(), Value::Array(expanded));
}

fn validate_app_group(body: &Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let apps = ctx.more.coll("networkApplications");
    for app in strings(body.get("networkApplications"))? {
        if !apps.iter().any(|a| str_field(a, "id") == app) {
            return Err(invalid_input(&format!(
                "Network application '{app}' does not exist"
            )));
        }
    }
    Ok(())
}

const DAYS: &[&str] = &["EVERYDAY", "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn validate_time_interval(body: &Map<String, Value>, _: &Ctx) -> Result<(), Resp> {
    for k in ["startTime", "endTime"] {
        if let Some(v) = body.get(k) {
            if !v.as_i64().is_some_and(|m| (0..=1439).contains(&m)) {
                return Err(invalid_input(&format!(
                    "{k} must be a minute of the day (0-1439)"
                )));
            }
        }
    }
    for d in strings(body.get("daysOfWeek"))? {
        if !DAYS.contains(&d.as_str()) {
            return Err(invalid_input(&format!(
                "Invalid day '{d}': expected one of {}",
                DAYS.join(", ")
            )));
        }
    }
    Ok(())
}

/// Device groups carry `deviceNames`/`deviceCount` only with
/// `includeDeviceInfo=true` (Go SDK `GetIncludeDeviceInfo`).
fn project_device_group(v: &mut Value, req: &Req, more: &MoreState) {
    let Some(o) = v.as_object_mut() else { return };
    if req.q_bool("includeDeviceInfo") {
        let os = o.get("osType").and_then(Value::as_str).unwrap_or("");
        let names: Vec<String> = more
            .coll("devices")
            .iter()
            .filter(|d| str_field(d, "osType") == os)
            .map(|d| str_field(d, "name").to_string())
            .collect();
        o.insert("deviceCount".into(), json!(names.len()));
        o.insert("deviceNames".into(), json!(names.join(",")));
    }
}

fn parse_ipv4(s: &str) -> Option<Ipv4Addr> {
    s.trim().parse::<Ipv4Addr>().ok()
}

/// `availableForGreTunnel=true` keeps static IPs no GRE tunnel uses.
fn static_ip_available(q: &str, v: &Value, more: &MoreState) -> bool {
    if !q.eq_ignore_ascii_case("true") {
        return true;
    }
    let ip = str_field(v, "ipAddress");
    !more
        .coll("greTunnels")
        .iter()
        .any(|t| str_field(t, "sourceIp") == ip)
}

fn static_ip_exists(more: &MoreState, ip: &str) -> bool {
    more.coll("staticIP")
        .iter()
        .any(|s| str_field(s, "ipAddress") == ip)
}

pub(crate) fn static_ip_conflict(ip: &str) -> Resp {
    Resp::json(
        409,
        json!({"code":"DUPLICATE_ITEM","message":format!("Invalid IP inetAddress : - This IP {ip} is already associated with current organization.")}),
    )
}

/// A static IP must be a valid IPv4 address not yet provisioned. The API
/// answers 409 `DUPLICATE_ITEM` for any provisioned address, even when a
/// PUT repeats the object's own address (recorded) — a PUT should omit
/// `ipAddress` to keep it.
fn validate_static_ip(body: &Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let ip = body
        .get("ipAddress")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if parse_ipv4(ip).is_none() {
        return Err(invalid_input(&format!("Invalid IP address '{ip}'")));
    }
    let kept = ctx
        .existing
        .is_some_and(|e| str_field(e, "ipAddress") == ip)
        && !ctx
            .req
            .json_object()
            .is_some_and(|b| b.contains_key("ipAddress"));
    if !kept && static_ip_exists(ctx.more, ip) {
        return Err(static_ip_conflict(ip));
    }
    if body.get("geoOverride") == Some(&Value::Bool(true)) {
        let coord = |k: &str, lim: f64| {
            body.get(k)
                .and_then(Value::as_f64)
                .is_some_and(|x| (-lim..=lim).contains(&x))
        };
        if !coord("latitude", 90.0) || !coord("longitude", 180.0) {
            return Err(invalid_input(
                "latitude and longitude are required when geoOverride is set",
            ));
        }
    }
    Ok(())
}

/// Without `geoOverride` the coordinates and city come from the address;
/// with it, the city is the one nearest to the given coordinates.
fn normalize_static_ip(obj: &mut Map<String, Value>, _: &Ctx) {
    let ip = obj
        .get("ipAddress")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let city = if obj.get("geoOverride") == Some(&Value::Bool(true)) {
        let lat = obj.get("latitude").and_then(Value::as_f64).unwrap_or(0.0);
        let lon = obj.get("longitude").and_then(Value::as_f64).unwrap_or(0.0);
        helpers::nearest_city(lat, lon)
    } else {
        let c = helpers::city_for_ip(&ip);
        obj.insert("latitude".into(), json!(c.lat));
        obj.insert("longitude".into(), json!(c.lon));
        c
    };
    obj.insert(
        "city".into(),
        json!({"id": city.geo_id, "name": format!("{}, {}, {}", city.city, city.state, city.country)}),
    );
}

fn static_ip_in_use(item: &Value, more: &MoreState) -> Result<(), Resp> {
    let ip = str_field(item, "ipAddress");
    if more
        .coll("greTunnels")
        .iter()
        .any(|t| str_field(t, "sourceIp") == ip)
    {
        return Err(invalid_input(&format!(
            "Static IP {ip} is associated with a GRE tunnel; delete the tunnel first"
        )));
    }
    Ok(())
}

fn vpn_without_location(q: &str, v: &Value, _: &MoreState) -> bool {
    !q.eq_ignore_ascii_case("true") || v.get("location").is_none()
}

const VPN_TYPES: &[&str] = &["CN", "IP", "UFQDN", "XAUTH"];

/// Type rules of VPN credentials (API reference `VPNCredential`): the type
/// cannot change; UFQDN needs a unique `fqdn`, IP a unique, provisioned
/// static `ipAddress`; both need a pre-shared key on create; new XAUTH
/// credentials are no longer accepted.
fn validate_vpn_credential(body: &Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let kind = body.get("type").and_then(Value::as_str).unwrap_or("");
    if !VPN_TYPES.contains(&kind) {
        return Err(invalid_input(&format!(
            "Invalid VPN credential type '{kind}': expected one of {}",
            VPN_TYPES.join(", ")
        )));
    }
    if let Some(ex) = ctx.existing {
        if str_field(ex, "type") != kind {
            return Err(invalid_input("The VPN credential type cannot be modified"));
        }
    } else if kind == "XAUTH" {
        return Err(invalid_input(
            "New XAUTH VPN credentials are no longer supported",
        ));
    } else if matches!(kind, "UFQDN" | "IP")
        && body
            .get("preSharedKey")
            .and_then(Value::as_str)
            .is_none_or(|k| k.is_empty())
    {
        return Err(invalid_input(
            "preSharedKey is required for UFQDN and IP credentials",
        ));
    }
    let key = match kind {
        "UFQDN" | "XAUTH" => "fqdn",
        "IP" => "ipAddress",
        _ => "commonName",
    };
    let val = body.get(key).and_then(Value::as_str).unwrap_or("").trim();
    if val.is_empty() {
        return Err(invalid_input(&format!(
            "{key} is required for {kind} credentials"
        )));
    }
    if kind == "IP" && !static_ip_exists(ctx.more, val) {
        return Err(invalid_input(&format!(
            "IP address {val} must first be provisioned as a static IP"
        )));
    }
    let self_id = ctx.existing.and_then(|e| e.get("id"));
    let clash = ctx
        .more
        .coll("vpnCredentials")
        .iter()
        .any(|v| v.get("id") != self_id && str_field(v, key).eq_ignore_ascii_case(val));
    if clash {
        return Err(crate::zia::duplicate(&format!(
            "A VPN credential with {key} '{val}' already exists"
        )));
    }
    Ok(())
}

/// A GRE tunnel's source IP must be a provisioned static IP and its VIPs
/// must exist.
fn validate_gre_tunnel(body: &Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let ip = body
        .get("sourceIp")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if !static_ip_exists(ctx.more, ip) {
        return Err(invalid_input(&format!(
            "Source IP {ip} is not a provisioned static IP"
        )));
    }
    for k in ["primaryDestVip", "secondaryDestVip"] {
        if let Some(v) = body.get(k) {
            match v.get("id").and_then(Value::as_i64) {
                Some(id) if helpers::vip(id).is_some() => {}
                Some(id) => return Err(invalid_input(&format!("Invalid {k} id {id}"))),
                None => return Err(invalid_body()),
            }
        }
    }
    if let Some(r) = body.get("internalIpRange").and_then(Value::as_str) {
        if !r.is_empty() && parse_ipv4(r).is_none() {
            return Err(invalid_input(&format!("Invalid internalIpRange '{r}'")));
        }
    }
    Ok(())
}

/// VIP references are expanded (missing ones get the recommended VIPs) and
/// a numbered tunnel gets the next free internal /29 range.
fn normalize_gre_tunnel(obj: &mut Map<String, Value>, ctx: &Ctx) {
    let ip = obj
        .get("sourceIp")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let recommended = helpers::recommended_vips(Some(&ip), None, false);
    for (k, fallback) in [("primaryDestVip", 0usize), ("secondaryDestVip", 1)] {
        let id = obj
            .get(k)
            .and_then(|v| v.get("id"))
            .and_then(Value::as_i64)
            .or_else(|| recommended.get(fallback).map(|v| v.id));
        match id.and_then(helpers::vip) {
            Some(v) => {
                obj.insert(k.into(), helpers::vip_ref(v, k == "primaryDestVip"));
            }
            None => {
                obj.remove(k);
            }
        }
    }
    if obj.get("ipUnnumbered") == Some(&Value::Bool(true)) {
        obj.remove("internalIpRange");
    } else if obj
        .get("internalIpRange")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        let keep = ctx
            .existing
            .and_then(|e| e.get("internalIpRange"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let range = keep.or_else(|| {
            helpers::free_internal_ranges(ctx.more, 1)
                .first()
                .map(|(start, _)| start.to_string())
        });
        match range {
            Some(r) => obj.insert("internalIpRange".into(), json!(r)),
            None => obj.remove("internalIpRange"),
        };
    }
}

fn validate_signature(body: &Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let text = body.get("ruleText").and_then(Value::as_str).unwrap_or("");
    let self_id = ctx.existing.and_then(id_of);
    let check = helpers::check_signature(text, ctx.more, self_id);
    if check.get("status").and_then(Value::as_i64) != Some(0) {
        let msg = str_field(&check, "errMsg").to_string();
        return Err(invalid_input(&format!(
            "Invalid IPS signature rule text: {msg}"
        )));
    }
    Ok(())
}

fn normalize_signature(obj: &mut Map<String, Value>, ctx: &Ctx) {
    let same_text = ctx
        .existing
        .is_some_and(|e| e.get("ruleText") == obj.get("ruleText"));
    let t = match ctx.existing.and_then(|e| e.get("ruleTextModTime")) {
        Some(t) if same_text => t.clone(),
        _ => json!(crate::util::now_secs()),
    };
    obj.insert("ruleTextModTime".into(), t);
    obj.insert("dynamicValidationSubmitted".into(), json!(true));
    obj.insert("dynamicValidationSucceeded".into(), json!(true));
}

const SSL_ACTIONS: &[&str] = &["DECRYPT", "DO_NOT_DECRYPT", "BLOCK"];

/// The SSL action is an object (a plain string is "Request body is
/// invalid.", recorded); its `type` must be known.
fn validate_ssl_rule(body: &Map<String, Value>, _: &Ctx) -> Result<(), Resp> {
    if let Some(a) = body.get("action") {
        let kind = a.get("type").and_then(Value::as_str).unwrap_or("");
        if !SSL_ACTIONS.contains(&kind) {
            return Err(invalid_input(&format!(
                "Invalid SSL inspection action type '{kind}': expected one of {}",
                SSL_ACTIONS.join(", ")
            )));
        }
    }
    Ok(())
}

const FILE_OPERATIONS: &[&str] = &["DOWNLOAD", "UPLOAD", "UPLOAD_DOWNLOAD"];

fn validate_file_type_rule(body: &Map<String, Value>, _: &Ctx) -> Result<(), Resp> {
    if let Some(op) = body.get("operation") {
        if !op.as_str().is_some_and(|o| FILE_OPERATIONS.contains(&o)) {
            return Err(invalid_input(&format!(
                "Invalid operation: expected one of {}",
                FILE_OPERATIONS.join(", ")
            )));
        }
    }
    strings(body.get("fileTypes"))?;
    Ok(())
}

const FIRST_TIME_OPERATIONS: &[&str] = &[
    "ALLOW_SCAN",
    "QUARANTINE",
    "ALLOW_NOSCAN",
    "QUARANTINE_ISOLATE",
];

fn validate_sandbox_rule(body: &Map<String, Value>, _: &Ctx) -> Result<(), Resp> {
    if let Some(op) = body.get("firstTimeOperation") {
        if !op
            .as_str()
            .is_some_and(|o| FIRST_TIME_OPERATIONS.contains(&o))
        {
            return Err(invalid_input(&format!(
                "Invalid firstTimeOperation: expected one of {}",
                FIRST_TIME_OPERATIONS.join(", ")
            )));
        }
    }
    Ok(())
}

/// Every action must be one the rule type supports.
fn validate_web_app_rule(body: &Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let rule_type = ctx.partition.unwrap_or("");
    let allowed = helpers::actions_for(rule_type);
    for a in strings(body.get("actions"))? {
        if !allowed.contains(&a.as_str()) {
            return Err(invalid_input(&format!(
                "Action '{a}' is not supported for rule type {rule_type}"
            )));
        }
    }
    Ok(())
}

/// Dictionaries created through the API are custom; predefined ones stay
/// predefined when edited.
fn normalize_dictionary(obj: &mut Map<String, Value>, ctx: &Ctx) {
    let custom = ctx
        .existing
        .and_then(|e| e.get("custom"))
        .cloned()
        .unwrap_or(json!(true));
    obj.insert("custom".into(), custom);
}

/// Dictionary references `D<id>.S` in an engine expression must exist and
/// parentheses must balance.
pub(crate) fn check_engine_expression(expr: &str, more: &MoreState) -> Result<(), String> {
    let mut depth = 0i64;
    for c in expr.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return Err("Unbalanced parentheses".into());
        }
    }
    if depth != 0 {
        return Err("Unbalanced parentheses".into());
    }
    let dicts = more.coll("dlpDictionaries");
    let mut refs = 0;
    for part in expr.split('D').skip(1) {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() || !part[digits.len()..].starts_with(".S") {
            continue;
        }
        refs += 1;
        let id: i64 = digits.parse().unwrap_or(-1);
        if !dicts.iter().any(|d| id_of(d) == Some(id)) {
            return Err(format!("Unknown DLP dictionary D{digits}"));
        }
    }
    if refs == 0 {
        return Err("The expression references no DLP dictionary".into());
    }
    Ok(())
}

fn validate_dlp_engine(body: &Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    match body.get("engineExpression").and_then(Value::as_str) {
        Some(expr) if !expr.trim().is_empty() => check_engine_expression(expr, ctx.more)
            .map_err(|e| invalid_input(&format!("Invalid engine expression: {e}"))),
        _ => Ok(()),
    }
}

fn normalize_dlp_engine(obj: &mut Map<String, Value>, ctx: &Ctx) {
    let custom = ctx
        .existing
        .and_then(|e| e.get("customDlpEngine"))
        .cloned()
        .unwrap_or(json!(true));
    obj.insert("customDlpEngine".into(), custom);
}

/// For tests: the list of a partitioned collection's path-parameter
/// values, or None.
#[cfg(test)]
pub(crate) fn partition_values(key: &str) -> Option<&'static [&'static str]> {
    SPECS
        .iter()
        .find(|s| s.key == key)
        .and_then(|s| s.partition.as_ref())
        .map(|p| p.values)
}

#[cfg(test)]
mod tests {
    use super::super::dialect::field_str;
    use super::*;

    #[test]
    fn registry_is_consistent() {
        let mut keys = std::collections::HashSet::new();
        for s in SPECS {
            assert!(keys.insert(s.key), "duplicate key {}", s.key);
            assert!(!s.base.is_empty(), "{}", s.key);
            assert!(
                !(s.string_ids && s.writable),
                "{}: string ids are read-only",
                s.key
            );
            let seeds = (s.seeds)();
            assert!(seeds.len() >= 3, "{}: at least 3 seeds", s.key);
            if s.writable {
                assert!(
                    s.sample_create.is_some() && s.sample_update.is_some(),
                    "{}",
                    s.key
                );
            }
            // Seeded ids are unique and below the id range of new objects.
            let ids: std::collections::HashSet<String> = seeds
                .iter()
                .map(|v| field_str(v, "id").unwrap_or_default())
                .collect();
            assert_eq!(ids.len(), seeds.len(), "{}: unique seed ids", s.key);
            if let Some((field, _)) = s.unique {
                let names: std::collections::HashSet<String> = seeds
                    .iter()
                    .map(|v| {
                        format!(
                            "{}/{}",
                            field_str(v, "type").unwrap_or_default(),
                            str_field(v, field).to_ascii_lowercase()
                        )
                    })
                    .collect();
                assert_eq!(names.len(), seeds.len(), "{}: unique seed {field}", s.key);
            }
        }
        assert_eq!(partition_values("webApplicationRules"), Some(RULE_TYPES));
    }

    #[test]
    fn id_ranges_are_distinct() {
        let mut ranges: Vec<(i64, i64, &str)> = SPECS
            .iter()
            .filter(|s| !s.string_ids)
            .map(|s| {
                let ids: Vec<i64> = (s.seeds)().iter().filter_map(id_of).collect();
                let lo = ids.iter().copied().fold(s.id_start, i64::min);
                // Room for 5,000 new objects above the highest id.
                let hi = ids.iter().copied().fold(s.id_start, i64::max) + 4_999;
                (lo, hi, s.key)
            })
            .collect();
        ranges.sort();
        for w in ranges.windows(2) {
            assert!(w[0].1 < w[1].0, "{} and {} overlap", w[0].2, w[1].2);
        }
    }

    #[test]
    fn engine_expressions() {
        let more = MoreState::seeded();
        assert!(check_engine_expression("((D5010001.S > 1))", &more).is_ok());
        assert!(check_engine_expression("((D5010001.S > 1)", &more).is_err());
        assert!(check_engine_expression("((D999.S > 1))", &more).is_err());
        assert!(check_engine_expression("(x)", &more).is_err());
        assert!(valid_ip_entry("10.0.0.0/8"));
        assert!(valid_ip_entry("1.1.1.1-1.1.1.9"));
        assert!(!valid_ip_entry("10.0.0.0/33"));
        assert!(!valid_ip_entry("example.com"));
    }
}
