//! The hand-written ZPA core collections (application segments, segment,
//! server and connector groups, IdPs, SCIM groups, the rules of the policy
//! sets) as tables for the CRUD engine (`crud::serve` in the ZPA
//! `dialect`): where each lives in `ZpaState`, which operations it serves,
//! what its path parameter names, its template, its validator (references,
//! port ranges, the sub-applications of a segment) or build hook (rules),
//! how it is rendered (embedded groups, connectors, application summaries)
//! and the rule ordering around writes.
//!
//! They differ from the registry collections (`specs`) in what the wire
//! shows: ids come from the one core counter and (but for rules) are taken
//! only once the object is valid, the name is checked before anything
//! else, SCIM groups are listed by IdP under `userconfig` with numeric
//! counts, and rules are listed by policy type in rule order.

use super::*;
use crate::crud::{self, pick};

/// A validator: the object being built (body laid over the template or
/// the stored object), the cleaned body, and the stored object on update.
pub(crate) type CoreCheck =
    fn(&ZpaState, &mut Map<String, Value>, &Map<String, Value>, Option<&Value>) -> Result<(), Resp>;

/// One core collection.
pub(crate) struct CoreSpec {
    /// Where its items live in `ZpaState`.
    pub coll: Coll,
    /// Path segments under `.../customers/{cid}`; `{...}` is the partition.
    pub base: &'static [&'static str],
    /// `GET {base}` is served.
    pub list: bool,
    /// `GET {base}/{id}` is served.
    pub get: bool,
    /// POST, PUT and DELETE are served (otherwise only the reads).
    pub writable: bool,
    pub template: fn() -> Value,
    /// Converted to strings when a client sends numbers.
    pub stringify: &'static [&'static str],
    /// Derived fields never taken from a request body.
    pub read_only: &'static [&'static str],
    pub validate: Option<CoreCheck>,
    /// The item as clients read it (None: as stored).
    pub render: Option<fn(&ZpaState, &Value) -> Value>,
    /// What the path parameter names.
    pub partition: Option<CorePart>,
    /// Counts in the list envelope are numbers, not strings.
    pub numeric_counts: bool,
    /// Listed in this order (rules by `ruleOrder`).
    pub sort_key: Option<fn(&Value) -> u64>,
    /// Builds the object in place of the generic core build (rules).
    pub build: Option<CoreBuild>,
    /// A create takes its id before its body is validated (rules).
    pub id_first: bool,
    /// After a create, put the item at the position the build asked for
    /// (`Built::order`) within its partition.
    pub place: Option<fn(&mut ZpaState, &str, &str, i64)>,
    /// After a delete, bring the rest of the partition up to date.
    pub after_delete: Option<fn(&mut ZpaState, &str)>,
}

/// A build hook: the request body, and the write (template or stored
/// object, partition, the id when taken first).
pub(crate) type CoreBuild =
    fn(&ZpaState, &Map<String, Value>, crud::Write) -> Result<crud::Built, Resp>;

/// What a core collection's path parameter names.
#[derive(Clone, Copy)]
pub(crate) enum CorePart {
    /// An item of `Coll`, whose id items carry in the field (SCIM groups
    /// by IdP).
    ItemOf(&'static str, Coll),
    /// A policy set by id (rules carry it as `policySetId`).
    PolicySet,
    /// A policy set by type (rules listed by policy type).
    PolicyType,
}

impl CorePart {
    /// 400 for a value that names nothing.
    pub(crate) fn check(self, st: &ZpaState, p: &str) -> Result<(), Resp> {
        let found = match self {
            CorePart::ItemOf(_, source) => find(st.coll(source), p).is_some(),
            CorePart::PolicySet => st.policy_set_by_id(p).is_some(),
            CorePart::PolicyType => {
                return match st.policy_set_by_type(p) {
                    Some(_) => Ok(()),
                    None => Err(invalid(
                        "invalid.policy.type",
                        &format!("Invalid policy type {p}"),
                        &[p],
                    )),
                }
            }
        };
        match found {
            true => Ok(()),
            false => Err(not_found(p)),
        }
    }

    /// Whether `v` belongs to the partition `p`.
    pub(crate) fn holds(self, st: &ZpaState, v: &Value, p: &str) -> bool {
        let set_id = match self {
            CorePart::ItemOf(field, _) => {
                return v.get(field).and_then(scalar_string).as_deref() == Some(p)
            }
            CorePart::PolicySet => p.to_string(),
            CorePart::PolicyType => st.policy_set_by_type(p).map(sid).unwrap_or_default(),
        };
        str_field(v, "policySetId") == set_id
    }
}

fn no_template() -> Value {
    json!({})
}

const READ_ONLY: &[&str] = &["applications", "segmentGroupName"];

const DEFAULT: CoreSpec = CoreSpec {
    coll: Coll::Apps,
    base: &[],
    list: true,
    get: true,
    writable: true,
    template: no_template,
    stringify: &[],
    read_only: READ_ONLY,
    validate: None,
    render: None,
    partition: None,
    numeric_counts: false,
    sort_key: None,
    build: None,
    id_first: false,
    place: None,
    after_delete: None,
};

/// The core collections under `mgmtconfig`.
pub(crate) const MGMT: &[CoreSpec] = &[
    CoreSpec {
        coll: Coll::Apps,
        base: &["application"],
        template: app_template,
        stringify: &["segmentGroupId", "tcpKeepAlive"],
        validate: Some(check_app),
        render: Some(render_app),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::SegmentGroups,
        base: &["segmentGroup"],
        template: segment_group_template,
        stringify: &["tcpKeepAliveEnabled"],
        render: Some(render_segment_group),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::ServerGroups,
        base: &["serverGroup"],
        template: server_group_template,
        validate: Some(check_server_group),
        render: Some(render_server_group),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::ConnectorGroups,
        base: &["appConnectorGroup"],
        template: connector_group_template,
        stringify: &[
            "latitude",
            "longitude",
            "upgradeTimeInSecs",
            "versionProfileId",
        ],
        // The group's connectors are the app connectors that enrolled in it.
        read_only: &["applications", "segmentGroupName", "connectors"],
        render: Some(render_connector_group),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::Idps,
        base: &["idp"],
        writable: false,
        ..DEFAULT
    },
];

/// The core collections under `userconfig`: SCIM groups, read by id or
/// listed by IdP.
pub(crate) const USER: &[CoreSpec] = &[
    CoreSpec {
        coll: Coll::ScimGroups,
        base: &["scimgroup"],
        list: false,
        writable: false,
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::ScimGroups,
        base: &["scimgroup", "idpId", "{idpId}"],
        get: false,
        writable: false,
        partition: Some(CorePart::ItemOf("idpId", Coll::Idps)),
        numeric_counts: true,
        ..DEFAULT
    },
];

/// The rules of the policy sets: created, read, updated and deleted under
/// the set's id, listed by the set's type (matched after the policy-set
/// routes, which share the prefix).
pub(crate) const RULES: &[CoreSpec] = &[
    CoreSpec {
        coll: Coll::Rules,
        base: &["policySet", "{policySetId}", "rule"],
        list: false,
        template: no_template,
        read_only: &[],
        render: Some(ZpaState::render_rule),
        partition: Some(CorePart::PolicySet),
        build: Some(build_rule),
        id_first: true,
        place: Some(place_rule),
        after_delete: Some(renumber),
        ..DEFAULT
    },
    CoreSpec {
        coll: Coll::Rules,
        base: &["policySet", "rules", "policyType", "{policyType}"],
        get: false,
        writable: false,
        render: Some(ZpaState::render_rule),
        partition: Some(CorePart::PolicyType),
        sort_key: Some(rule_order),
        ..DEFAULT
    },
];

/// Validate `body` and build the object to store over `base` (the
/// template on create, the stored object on update); the id is set by the
/// engine afterwards.
pub(crate) fn build(
    spec: &CoreSpec,
    st: &ZpaState,
    body: &Map<String, Value>,
    base: Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Map<String, Value>, Resp> {
    let mut o = base;
    let mut body = body.clone();
    for k in ["id", "creationTime", "modifiedTime", "modifiedBy"]
        .iter()
        .chain(spec.read_only)
    {
        body.remove(*k);
    }
    overlay(&mut o, &body);
    o.retain(|_, v| !v.is_null());
    let name = crate::util::trimmed(&o, "name");
    if name.is_empty() {
        return Err(invalid("invalid.input.name", "name is required", &["name"]));
    }
    stringify(&mut o, spec.stringify);
    if let Some(check) = spec.validate {
        check(st, &mut o, &body, existing)?;
    }
    let now = now_secs().to_string();
    if existing.is_none() {
        o.insert("creationTime".into(), json!(now));
    }
    o.insert("modifiedTime".into(), json!(now));
    o.insert("modifiedBy".into(), json!(MODIFIED_BY));
    o.insert("name".into(), json!(name));
    Ok(o)
}

pub(crate) fn app_template() -> Value {
    json!({
        "id": "",
        "modifiedTime": "",
        "creationTime": "",
        "modifiedBy": "",
        "name": "",
        "domainNames": [],
        "description": "",
        "serverGroups": [],
        "enabled": true,
        "passiveHealthEnabled": true,
        "tcpPortRanges": [],
        "udpPortRanges": [],
        "doubleEncrypt": false,
        "configSpace": "DEFAULT",
        "bypassType": "NEVER",
        "healthCheckType": "DEFAULT",
        "icmpAccessType": "NONE",
        "isCnameEnabled": true,
        "ipAnchored": false,
        "bypassOnReauth": false,
        "inspectTrafficWithZia": false,
        "healthReporting": "ON_ACCESS",
        "useInDrMode": false,
        "tcpKeepAlive": "0",
        "selectConnectorCloseToApp": false,
        "matchStyle": "EXCLUSIVE",
        "isIncompleteDRConfig": false,
        "adpEnabled": false,
        "autoAppProtectEnabled": false,
        "apiProtectionEnabled": false,
        "fqdnDnsCheck": false,
        "weightedLoadBalancing": false,
        "extranetEnabled": false,
        "policyStyle": "NONE",
        "readOnly": false,
        "zscalerManaged": false,
        "microtenantName": "Default",
    })
}

pub(crate) fn segment_group_template() -> Value {
    json!({
        "id": "",
        "modifiedTime": "",
        "creationTime": "",
        "modifiedBy": "",
        "name": "",
        "description": "",
        "enabled": true,
        "configSpace": "DEFAULT",
        "tcpKeepAliveEnabled": "0",
        "readOnly": false,
        "zscalerManaged": false,
        "microtenantName": "Default",
    })
}

pub(crate) fn server_group_template() -> Value {
    json!({
        "id": "",
        "modifiedTime": "",
        "creationTime": "",
        "modifiedBy": "",
        "name": "",
        "enabled": true,
        "description": "",
        "ipAnchored": false,
        "configSpace": "DEFAULT",
        "extranetEnabled": false,
        "readOnly": false,
        "zscalerManaged": false,
        "microtenantName": "Default",
        "dynamicDiscovery": true,
        "appConnectorGroups": [],
        "servers": [],
    })
}

pub(crate) fn connector_group_template() -> Value {
    json!({
        "id": "",
        "modifiedTime": "",
        "creationTime": "",
        "modifiedBy": "",
        "name": "",
        "enabled": true,
        "description": "",
        "versionProfileId": "0",
        "overrideVersionProfile": false,
        "versionProfileName": "Default",
        "upgradeTimeInSecs": "66600",
        "upgradeDay": "SUNDAY",
        "location": "",
        "latitude": "0",
        "longitude": "0",
        "dnsQueryType": "IPV4_IPV6",
        "cityCountry": "",
        "countryCode": "",
        "tcpQuickAckApp": false,
        "tcpQuickAckAssistant": false,
        "tcpQuickAckReadAssistant": false,
        "praEnabled": false,
        "useInDrMode": false,
        "connectorGroupType": "APP",
        "wafDisabled": false,
        "readOnly": false,
        "zscalerManaged": false,
        "lssAppConnectorGroup": false,
        "connectors": [],
    })
}

/// Port ranges come as flat from/to string pairs (`tcpPortRanges`) or as
/// `tcpPortRange:[{from,to}]`; keep both forms in step.
pub(crate) fn sync_ports(o: &mut Map<String, Value>, flat: &str, pairs: &str) -> Result<(), Resp> {
    let flat_vals: Vec<String> = o
        .get(flat)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(scalar_string).collect())
        .unwrap_or_default();
    let pair_vals: Vec<(String, String)> = o
        .get(pairs)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    let from = p.get("from").and_then(scalar_string)?;
                    let to = p
                        .get("to")
                        .and_then(scalar_string)
                        .unwrap_or_else(|| from.clone());
                    Some((from, to))
                })
                .collect()
        })
        .unwrap_or_default();
    let ranges: Vec<(String, String)> = if !flat_vals.is_empty() {
        if !flat_vals.len().is_multiple_of(2) {
            return Err(invalid(
                "invalid.port.range",
                &format!("{flat} must hold from/to pairs"),
                &[flat],
            ));
        }
        flat_vals
            .chunks(2)
            .map(|c| (c[0].clone(), c[1].clone()))
            .collect()
    } else {
        pair_vals
    };
    for (from, to) in &ranges {
        let (Ok(f), Ok(t)) = (from.trim().parse::<u32>(), to.trim().parse::<u32>()) else {
            return Err(invalid(
                "invalid.port.range",
                "Ports must be numbers",
                &[from, to],
            ));
        };
        if f == 0 || t > 65535 || f > t {
            return Err(invalid(
                "invalid.port.range",
                "Invalid port range",
                &[from, to],
            ));
        }
    }
    let flat_out: Vec<Value> = ranges
        .iter()
        .flat_map(|(f, t)| [json!(f), json!(t)])
        .collect();
    let pairs_out: Vec<Value> = ranges
        .iter()
        .map(|(f, t)| json!({"from": f, "to": t}))
        .collect();
    o.insert(flat.into(), Value::Array(flat_out));
    if pairs_out.is_empty() {
        o.remove(pairs);
    } else {
        o.insert(pairs.into(), Value::Array(pairs_out));
    }
    Ok(())
}

/// Check that every `[{id}]` in `field` refers to an object in `source`, and
/// normalise the list to `[{"id":"..."}]`.
pub(crate) fn check_refs(
    o: &mut Map<String, Value>,
    field: &str,
    source: &[Value],
) -> Result<(), Resp> {
    let Some(v) = o.get(field) else {
        return Ok(());
    };
    if v.is_null() {
        o.insert(field.into(), json!([]));
        return Ok(());
    }
    let Some(ids) = ref_ids(Some(v)) else {
        return Err(invalid_body());
    };
    for id in &ids {
        if find(source, id).is_none() {
            return Err(not_found(id));
        }
    }
    let refs: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    o.insert(field.into(), Value::Array(refs));
    Ok(())
}

/// The application segment checks: domain names, segment group, server
/// groups, port ranges and the sub-applications.
fn check_app(
    st: &ZpaState,
    o: &mut Map<String, Value>,
    body: &Map<String, Value>,
    existing: Option<&Value>,
) -> Result<(), Resp> {
    let domains_ok = o
        .get("domainNames")
        .and_then(Value::as_array)
        .is_some_and(|d| !d.is_empty() && d.iter().all(Value::is_string));
    if !domains_ok {
        return Err(invalid(
            "invalid.input.domainNames",
            "domainNames must be a non-empty list of names",
            &["domainNames"],
        ));
    }
    let sg = o
        .get("segmentGroupId")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if sg.is_empty() {
        return Err(invalid(
            "invalid.input.segmentGroupId",
            "segmentGroupId is required",
            &["segmentGroupId"],
        ));
    }
    if find(&st.segment_groups, &sg).is_none() {
        return Err(not_found(&sg));
    }
    check_refs(o, "serverGroups", &st.server_groups)?;
    sync_ports(o, "tcpPortRanges", "tcpPortRange")?;
    sync_ports(o, "udpPortRanges", "udpPortRange")?;
    // Browser Access, PRA and inspection sub-applications.
    apps::normalize(st, o, body, existing)
}

/// A server group's connector groups must exist.
fn check_server_group(
    st: &ZpaState,
    o: &mut Map<String, Value>,
    _: &Map<String, Value>,
    _: Option<&Value>,
) -> Result<(), Resp> {
    check_refs(o, "appConnectorGroups", &st.connector_groups)
}

/// A connector group with its `connectors` (the app connectors of
/// the registry that belong to it).
pub(crate) fn render_connector_group(st: &ZpaState, v: &Value) -> Value {
    let mut o = v.as_object().cloned().unwrap_or_default();
    o.insert(
        "connectors".into(),
        Value::Array(registry::connectors_of_group(st, &sid(v))),
    );
    Value::Object(o)
}

/// What a server group shows of itself inside an application segment.
const SERVER_GROUP_SUMMARY: &[&str] = &[
    "id",
    "modifiedTime",
    "creationTime",
    "modifiedBy",
    "name",
    "enabled",
    "description",
    "configSpace",
    "extranetEnabled",
    "dynamicDiscovery",
];

/// What an application segment shows of itself inside a segment group.
const APP_SUMMARY: &[&str] = &[
    "id",
    "modifiedTime",
    "creationTime",
    "modifiedBy",
    "name",
    "description",
    "enabled",
    "passiveHealthEnabled",
    "tcpPortRanges",
    "udpPortRanges",
    "doubleEncrypt",
    "healthCheckType",
    "icmpAccessType",
    "bypassType",
    "configSpace",
    "ipAnchored",
    "tcpKeepAlive",
    "matchStyle",
    "tcpPortRange",
    "udpPortRange",
];

/// The objects of `source` that the `[{id}]` list at `v[field]` names, each
/// shaped by `shape` (an id without an object stays `{id}`); None when
/// the field is not a list.
pub(crate) fn embedded(
    v: &Value,
    field: &str,
    source: &[Value],
    shape: impl Fn(&Value) -> Value,
) -> Option<Value> {
    let ids = ref_ids(v.get(field))?;
    let list = ids
        .iter()
        .map(|id| find(source, id).map_or_else(|| json!({"id": id}), &shape))
        .collect();
    Some(Value::Array(list))
}

/// A copy of `g` without the fields `drop`.
pub(crate) fn without(g: &Value, drop: &[&str]) -> Value {
    let mut g = g.clone();
    if let Some(m) = g.as_object_mut() {
        for k in drop {
            m.remove(*k);
        }
    }
    g
}

pub(crate) fn render_app(st: &ZpaState, v: &Value) -> Value {
    let mut o = v.as_object().cloned().unwrap_or_default();
    let sg_id = str_field(v, "segmentGroupId").to_string();
    if let Some(sg) = find(&st.segment_groups, &sg_id) {
        o.insert(
            "segmentGroupName".into(),
            sg.get("name").cloned().unwrap_or(Value::Null),
        );
    }
    let summary = |g: &Value| Value::Object(pick(g, SERVER_GROUP_SUMMARY));
    if let Some(groups) = embedded(v, "serverGroups", &st.server_groups, summary) {
        o.insert("serverGroups".into(), groups);
    }
    apps::render(st, &mut o);
    Value::Object(o)
}

fn app_summary(app: &Value) -> Value {
    let mut s = pick(app, APP_SUMMARY);
    if let Some(d) = app.get("domainNames").and_then(Value::as_array) {
        if let Some(first) = d.first() {
            s.insert("domainName".into(), first.clone());
        }
        s.insert("domainNames".into(), Value::Array(d.clone()));
    }
    Value::Object(s)
}

/// `v` with `applications`: the segments `uses` says refer to it (by
/// group id), each shaped by `shape`.
fn with_apps(
    st: &ZpaState,
    v: &Value,
    uses: fn(&Value, &str) -> bool,
    shape: fn(&Value) -> Value,
) -> Map<String, Value> {
    let mut o = v.as_object().cloned().unwrap_or_default();
    let id = sid(v);
    let apps = st.apps.iter().filter(|a| uses(a, &id)).map(shape).collect();
    o.insert("applications".into(), Value::Array(apps));
    o
}

pub(crate) fn render_segment_group(st: &ZpaState, v: &Value) -> Value {
    let uses = |a: &Value, id: &str| str_field(a, "segmentGroupId") == id;
    Value::Object(with_apps(st, v, uses, app_summary))
}

pub(crate) fn render_server_group(st: &ZpaState, v: &Value) -> Value {
    let uses = |a: &Value, id: &str| {
        ref_ids(a.get("serverGroups")).is_some_and(|ids| ids.iter().any(|x| x == id))
    };
    let shape =
        |a: &Value| json!({"id": sid(a), "name": a.get("name"), "enabled": a.get("enabled")});
    let mut o = with_apps(st, v, uses, shape);
    let shape = |g: &Value| without(g, &["connectors"]);
    if let Some(groups) = embedded(v, "appConnectorGroups", &st.connector_groups, shape) {
        o.insert("appConnectorGroups".into(), groups);
    }
    Value::Object(o)
}
