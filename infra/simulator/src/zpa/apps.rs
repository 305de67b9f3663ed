//! Browser Access, PRA and inspection sub-applications of application
//! segments, and `GET /application/getAppsByType`.
//!
//! Both SDKs create and update these through `/application` itself: BA
//! apps as `clientlessApps:[...]` (Go, and the classic Python call), or —
//! for all three kinds — as `commonAppsDto.appsConfig:[{appTypes:[...]}]`
//! with `commonAppsDto.deletedPraApps` (and `deletedBaApps`,
//! `deletedInspectApps`) listing sub-app ids to drop. Responses carry
//! `clientlessApps`, `praApps` and `inspectionApps` with ids and `appId`;
//! `commonAppsDto` is request-only. The SDKs' "list BA/PRA segments" keep
//! the segments whose list is not empty.

use crate::util::{now_secs, scalar_string, str_field, Req, Resp};
use crate::zpa::{find, invalid, invalid_body, not_found, zpa_list, ZpaState, MODIFIED_BY};
use serde_json::{json, Map, Value};

struct Kind {
    /// Response field of the segment.
    field: &'static str,
    /// `appTypes` value in `commonAppsDto.appsConfig`.
    app_type: &'static str,
    protocols: &'static [&'static str],
    /// `commonAppsDto` field listing sub-app ids to delete.
    deleted: &'static str,
    /// `appsConfig` field naming the sub-app an entry updates.
    id_field: &'static str,
}

const KINDS: [Kind; 3] = [
    Kind {
        field: "clientlessApps",
        app_type: "BROWSER_ACCESS",
        protocols: &["HTTP", "HTTPS"],
        deleted: "deletedBaApps",
        id_field: "baAppId",
    },
    Kind {
        field: "praApps",
        app_type: "SECURE_REMOTE_ACCESS",
        protocols: &["RDP", "SSH", "VNC"],
        deleted: "deletedPraApps",
        id_field: "praAppId",
    },
    Kind {
        field: "inspectionApps",
        app_type: "INSPECT",
        protocols: &["HTTP", "HTTPS"],
        deleted: "deletedInspectApps",
        id_field: "inspectAppId",
    },
];

/// RDP connection security modes (Terraform provider / SDK docs).
const RDP_SECURITY: &[&str] = &["ANY", "NLA", "NLA_EXT", "TLS", "VM_CONNECT", "RDP"];

/// Request-only fields of a sub-app entry.
const REQUEST_ONLY: &[&str] = &[
    "appTypes",
    "appId",
    "baAppId",
    "praAppId",
    "inspectAppId",
    "certificateName",
];

fn objects(v: &Value) -> Result<Vec<Map<String, Value>>, Resp> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(a) => a
            .iter()
            .map(|e| e.as_object().cloned().ok_or_else(invalid_body))
            .collect(),
        _ => Err(invalid_body()),
    }
}

fn name_key(e: &Map<String, Value>) -> String {
    e.get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn id_of(e: &Map<String, Value>, fields: &[&str]) -> Option<String> {
    fields
        .iter()
        .find_map(|f| e.get(*f).and_then(scalar_string))
        .filter(|s| !s.is_empty())
}

/// The item of `list` that `entry` updates: by id, then by name, then (for
/// a plain list in the body) by position.
fn find_match(
    list: &[Map<String, Value>],
    entry: &Map<String, Value>,
    id_fields: &[&str],
    pos: Option<usize>,
) -> Option<usize> {
    let by_id = id_of(entry, id_fields).and_then(|id| {
        list.iter()
            .position(|e| e.get("id").and_then(scalar_string).as_deref() == Some(id.as_str()))
    });
    let by_name = || {
        let n = name_key(entry);
        list.iter().position(|e| !n.is_empty() && name_key(e) == n)
    };
    by_id.or_else(by_name).or(pos.filter(|p| *p < list.len()))
}

/// `entry` over `base`, keeping the base's id.
fn merged(base: Option<&Map<String, Value>>, entry: Map<String, Value>) -> Map<String, Value> {
    match base {
        Some(b) => {
            let mut m = b.clone();
            for (k, v) in entry {
                if k != "id" {
                    m.insert(k, v);
                }
            }
            m
        }
        None => {
            let mut e = entry;
            e.remove("id");
            e
        }
    }
}

/// Port ranges of the segment as (from, to).
fn port_ranges(o: &Map<String, Value>) -> Vec<(u32, u32)> {
    let flat: Vec<u32> = o
        .get("tcpPortRanges")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| scalar_string(v).and_then(|s| s.trim().parse().ok()))
                .collect()
        })
        .unwrap_or_default();
    flat.chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| (c[0], c[1]))
        .collect()
}

/// Validate one sub-app and fill its defaults (and a fresh id).
fn finish_entry(
    st: &ZpaState,
    kind: &Kind,
    e: Map<String, Value>,
    domains: &[String],
    ranges: &[(u32, u32)],
    now: &str,
) -> Result<Map<String, Value>, Resp> {
    let (mut e, domain, proto) = check_common(kind, e, domains, ranges)?;
    check_kind_fields(st, kind, &mut e, &domain, &proto)?;
    e.entry("enabled").or_insert(json!(true));
    e.entry("hidden").or_insert(json!(false));
    e.entry("description").or_insert(json!(""));
    if e.get("id")
        .and_then(scalar_string)
        .is_none_or(|s| s.is_empty())
    {
        e.insert("id".into(), json!(st.new_id()));
        e.insert("creationTime".into(), json!(now));
    }
    e.insert("modifiedTime".into(), json!(now));
    e.insert("modifiedBy".into(), json!(MODIFIED_BY));
    e.insert("microtenantName".into(), json!("Default"));
    Ok(crate::util::keys_first(
        e,
        &["id", "modifiedTime", "creationTime", "modifiedBy", "name"],
    ))
}

/// The checks every sub-app kind shares (name, domain, port, protocol);
/// returns the entry with them normalised, its domain and its protocol.
fn check_common(
    kind: &Kind,
    mut e: Map<String, Value>,
    domains: &[String],
    ranges: &[(u32, u32)],
) -> Result<(Map<String, Value>, String, String), Resp> {
    for k in REQUEST_ONLY {
        e.remove(*k);
    }
    e.retain(|_, v| !v.is_null());
    let name = crate::util::trimmed(&e, "name");
    if name.is_empty() {
        return Err(invalid(
            "invalid.input.name",
            &format!("{}: name is required", kind.field),
            &["name"],
        ));
    }
    e.insert("name".into(), json!(name));
    let domain = e
        .get("domain")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !domains.contains(&domain) {
        return Err(invalid(
            "invalid.input.domain",
            &format!(
                "{}: domain '{domain}' must be one of the segment's domainNames",
                kind.field
            ),
            &[&domain],
        ));
    }
    e.insert("domain".into(), json!(domain));
    let port = e
        .get("applicationPort")
        .and_then(scalar_string)
        .and_then(|p| p.trim().parse::<u32>().ok())
        .filter(|p| (1..=65_535).contains(p));
    let Some(port) = port else {
        return Err(invalid(
            "invalid.input.applicationPort",
            &format!("{}: applicationPort must be a port number", kind.field),
            &["applicationPort"],
        ));
    };
    if !ranges.iter().any(|(f, t)| (*f..=*t).contains(&port)) {
        return Err(invalid(
            "invalid.application.port",
            &format!("applicationPort {port} is not within the segment's TCP port ranges"),
            &[&port.to_string()],
        ));
    }
    e.insert("applicationPort".into(), json!(port.to_string()));
    let proto = e
        .get("applicationProtocol")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_uppercase();
    if !kind.protocols.contains(&proto.as_str()) {
        return Err(invalid(
            "invalid.input.applicationProtocol",
            &format!(
                "{}: applicationProtocol must be one of {}",
                kind.field,
                kind.protocols.join(", ")
            ),
            &[&proto],
        ));
    }
    e.insert("applicationProtocol".into(), json!(proto));
    Ok((e, domain, proto))
}

/// The fields of one kind: the certificate of Browser Access and
/// inspection apps, the RDP security and portal flag of PRA apps, the
/// clientless defaults.
fn check_kind_fields(
    st: &ZpaState,
    kind: &Kind,
    e: &mut Map<String, Value>,
    domain: &str,
    proto: &str,
) -> Result<(), Resp> {
    if kind.field != "praApps" {
        let cert = e
            .get("certificateId")
            .and_then(scalar_string)
            .unwrap_or_default();
        if cert.is_empty() {
            if proto == "HTTPS" {
                return Err(invalid(
                    "invalid.input.certificateId",
                    "certificateId is required for HTTPS applications",
                    &["certificateId"],
                ));
            }
            e.remove("certificateId");
        } else if find(st.more.coll("certificates"), &cert).is_none() {
            return Err(not_found(&cert));
        } else {
            e.insert("certificateId".into(), json!(cert));
        }
        e.entry("trustUntrustedCert").or_insert(json!(false));
    }
    if kind.field == "praApps" {
        if proto == "RDP" {
            let sec = e
                .get("connectionSecurity")
                .and_then(Value::as_str)
                .unwrap_or("ANY")
                .to_ascii_uppercase();
            if !RDP_SECURITY.contains(&sec.as_str()) {
                return Err(invalid(
                    "invalid.input.connectionSecurity",
                    &format!(
                        "connectionSecurity must be one of {}",
                        RDP_SECURITY.join(", ")
                    ),
                    &[&sec],
                ));
            }
            e.insert("connectionSecurity".into(), json!(sec));
        } else {
            e.remove("connectionSecurity");
        }
        e.entry("portal").or_insert(json!(false));
    }
    if kind.field == "clientlessApps" {
        e.entry("allowOptions").or_insert(json!(false));
        e.entry("path").or_insert(json!("/"));
        e.insert("localDomain".into(), json!(domain));
        e.insert("cname".into(), json!(format!("{domain}.zpa-app.net")));
    }
    Ok(())
}

/// Rebuild the sub-app lists of segment `o` from the request `body` (over
/// the stored lists of `existing`); called by the core's segment build.
pub(crate) fn normalize(
    st: &ZpaState,
    o: &mut Map<String, Value>,
    body: &Map<String, Value>,
    existing: Option<&Value>,
) -> Result<(), Resp> {
    let common = o.remove("commonAppsDto").unwrap_or(Value::Null);
    let common = match common {
        Value::Null => Map::new(),
        Value::Object(m) => m,
        _ => return Err(invalid_body()),
    };
    let configs = objects(common.get("appsConfig").unwrap_or(&Value::Null))?;
    let domains: Vec<String> = o
        .get("domainNames")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|d| d.trim().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let ranges = port_ranges(o);
    let now = now_secs().to_string();
    for kind in &KINDS {
        let stored = existing
            .and_then(|e| e.get(kind.field))
            .map(objects)
            .transpose()?
            .unwrap_or_default();
        let mut list = stored;
        let id_fields = ["id", kind.id_field];
        if let Some(v) = body.get(kind.field) {
            let old = list;
            list = objects(v)?
                .into_iter()
                .enumerate()
                .map(|(i, entry)| {
                    let base =
                        find_match(&old, &entry, &id_fields, Some(i)).and_then(|j| old.get(j));
                    merged(base, entry)
                })
                .collect();
        }
        if let Some(del) = common.get(kind.deleted).and_then(Value::as_array) {
            let ids: Vec<String> = del.iter().filter_map(scalar_string).collect();
            list.retain(|e| {
                !e.get("id")
                    .and_then(scalar_string)
                    .is_some_and(|id| ids.contains(&id))
            });
        }
        apply_configs(&mut list, &configs, kind, &id_fields);
        let mut done = Vec::with_capacity(list.len());
        for e in list {
            done.push(Value::Object(finish_entry(
                st, kind, e, &domains, &ranges, &now,
            )?));
        }
        if done.is_empty() {
            o.remove(kind.field);
        } else {
            o.insert(kind.field.into(), Value::Array(done));
        }
    }
    Ok(())
}

/// Merge the `commonAppsDto.appsConfig` entries whose `appTypes` name this
/// kind into its list (matched by id or name, appended otherwise).
fn apply_configs(
    list: &mut Vec<Map<String, Value>>,
    configs: &[Map<String, Value>],
    kind: &Kind,
    id_fields: &[&str],
) {
    for c in configs {
        let types: Vec<&str> = c
            .get("appTypes")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if types.contains(&kind.app_type) {
            let mut entry = c.clone();
            // A PRA/inspection config names its sub-app by
            // praAppId/inspectAppId; its `id` (if any) is not the
            // sub-app's.
            if entry.contains_key(kind.id_field) {
                entry.remove("id");
            }
            match find_match(list, &entry, id_fields, None) {
                Some(j) => {
                    let m = merged(list.get(j), entry);
                    list[j] = m;
                }
                None => list.push(merged(None, entry)),
            }
        }
    }
}

/// Add `appId` and certificate names to the sub-apps of segment `o`.
pub(crate) fn render(st: &ZpaState, o: &mut Map<String, Value>) {
    let app_id = o.get("id").cloned().unwrap_or(Value::Null);
    for kind in &KINDS {
        if let Some(Value::Array(list)) = o.get_mut(kind.field) {
            for e in list.iter_mut() {
                if let Some(m) = e.as_object_mut() {
                    m.insert("appId".into(), app_id.clone());
                    let cert = m
                        .get("certificateId")
                        .and_then(scalar_string)
                        .unwrap_or_default();
                    if let Some(c) = find(st.more.coll("certificates"), &cert) {
                        m.insert(
                            "certificateName".into(),
                            c.get("name").cloned().unwrap_or(Value::Null),
                        );
                    }
                }
            }
        }
    }
}

/// `GET /application/getAppsByType?applicationType=...&expandAll=...`:
/// the sub-apps of one kind across every segment, paged, searchable by
/// name. Without `expandAll=true` each item is the SDKs'
/// `AppSegmentBaseAppDto` summary.
pub(crate) fn by_type(st: &ZpaState, req: &Req) -> Resp {
    // The Python SDK sends snake_case names; the Go SDK camelCase.
    let app_type = req
        .q("applicationType")
        .or_else(|| req.q("application_type"))
        .map(str::trim)
        .unwrap_or("")
        .to_ascii_uppercase();
    let Some(kind) = KINDS.iter().find(|k| k.app_type == app_type) else {
        return invalid(
            "invalid.application.type",
            "applicationType must be one of BROWSER_ACCESS, SECURE_REMOTE_ACCESS, INSPECT",
            &[&app_type],
        );
    };
    let expand = req.q_bool("expandAll") || req.q_bool("expand_all");
    let mut items = Vec::new();
    for app in &st.apps {
        let mut o = app.as_object().cloned().unwrap_or_default();
        render(st, &mut o);
        let Some(list) = o.get(kind.field).and_then(Value::as_array) else {
            continue;
        };
        for e in list {
            if expand {
                let mut full = e.as_object().cloned().unwrap_or_default();
                full.insert("appName".into(), json!(str_field(app, "name")));
                items.push(Value::Object(full));
            } else {
                let mut s = Map::new();
                for k in [
                    "id",
                    "appId",
                    "name",
                    "enabled",
                    "domain",
                    "applicationPort",
                    "applicationProtocol",
                    "certificateId",
                    "certificateName",
                    "microtenantName",
                ] {
                    if let Some(v) = e.get(k) {
                        s.insert(k.into(), v.clone());
                    }
                }
                items.push(Value::Object(s));
            }
        }
    }
    zpa_list(req, items, false)
}

/// Seeded sub-apps: Browser Access on app03, PRA on app06 (whose port
/// ranges gain 22 and 3389), inspection on app09.
pub(crate) fn seed(st: &mut ZpaState) {
    let t = crate::zpa::SEED_TIME;
    let stamp = |mut v: Value, id: &str| {
        if let Some(m) = v.as_object_mut() {
            let mut out = Map::new();
            out.insert("id".into(), json!(id));
            out.insert("modifiedTime".into(), json!(t));
            out.insert("creationTime".into(), json!(t));
            out.insert("modifiedBy".into(), json!(MODIFIED_BY));
            for (k, x) in m.iter() {
                out.insert(k.clone(), x.clone());
            }
            out.insert("microtenantName".into(), json!("Default"));
            v = Value::Object(out);
        }
        v
    };
    let ba_cert = super::seeds::CERT_IDS[0];
    let entries: [(&str, &str, Vec<Value>); 3] = [
        (
            "app03",
            "clientlessApps",
            vec![
                stamp(
                    json!({"name": "app03-portal", "description": "Intranet portal over Browser Access",
                           "enabled": true, "domain": "app03.sandbox.example", "applicationPort": "443",
                           "applicationProtocol": "HTTPS", "certificateId": ba_cert,
                           "trustUntrustedCert": true, "allowOptions": false, "hidden": false, "path": "/",
                           "localDomain": "app03.sandbox.example", "cname": "app03.sandbox.example.zpa-app.net"}),
                    "216196257331371501",
                ),
                stamp(
                    json!({"name": "app03-status", "description": "Status page",
                           "enabled": true, "domain": "app03.sandbox.example", "applicationPort": "8003",
                           "applicationProtocol": "HTTP", "trustUntrustedCert": false,
                           "allowOptions": false, "hidden": false, "path": "/status",
                           "localDomain": "app03.sandbox.example", "cname": "app03.sandbox.example.zpa-app.net"}),
                    "216196257331371502",
                ),
            ],
        ),
        (
            "app06",
            "praApps",
            vec![
                stamp(
                    json!({"name": "app06-rdp", "description": "Jump host over RDP", "enabled": true,
                           "domain": "app06.sandbox.example", "applicationPort": "3389",
                           "applicationProtocol": "RDP", "connectionSecurity": "ANY",
                           "hidden": false, "portal": false}),
                    "216196257331371511",
                ),
                stamp(
                    json!({"name": "app06-ssh", "description": "Bastion over SSH", "enabled": true,
                           "domain": "app06.sandbox.example", "applicationPort": "22",
                           "applicationProtocol": "SSH", "hidden": false, "portal": false}),
                    "216196257331371512",
                ),
            ],
        ),
        (
            "app09",
            "inspectionApps",
            vec![stamp(
                json!({"name": "app09-inspect", "description": "AppProtection inspected web app",
                       "enabled": true, "domain": "app09.sandbox.example", "applicationPort": "443",
                       "applicationProtocol": "HTTPS", "certificateId": ba_cert,
                       "trustUntrustedCert": false, "hidden": false}),
                "216196257331371521",
            )],
        ),
    ];
    for (app_name, field, list) in entries {
        let Some(app) = st
            .apps
            .iter_mut()
            .find(|a| str_field(a, "name") == app_name)
        else {
            continue;
        };
        if let Some(m) = app.as_object_mut() {
            if field == "praApps" {
                let mut flat: Vec<Value> = m
                    .get("tcpPortRanges")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                flat.splice(
                    0..0,
                    [json!("22"), json!("22"), json!("3389"), json!("3389")],
                );
                let pairs: Vec<Value> = flat
                    .chunks(2)
                    .map(|c| json!({"from": c[0], "to": c.get(1).unwrap_or(&c[0])}))
                    .collect();
                m.insert("tcpPortRanges".into(), Value::Array(flat));
                m.insert("tcpPortRange".into(), Value::Array(pairs));
            }
            m.insert(field.into(), Value::Array(list));
        }
    }
}
