//! The hand-written ZPA core collections (application segments, segment,
//! server and connector groups, IdPs, SCIM groups): list, get, create,
//! update and delete with the ZPA envelopes and statuses.

use super::*;

pub(crate) fn collection(st: &mut ZpaState, req: &Req, c: Coll) -> Resp {
    match req.method {
        Method::GET => {
            let items: Vec<Value> = st.coll(c).iter().map(|v| st.render(c, v)).collect();
            zpa_list(req, items, false)
        }
        Method::POST => {
            let Some(body) = req.json_object() else {
                return invalid_body();
            };
            match build(st, c, &body, None) {
                Ok(obj) => {
                    let out = st.render(c, &obj);
                    st.coll_mut(c).push(obj);
                    Resp::json(201, out)
                }
                Err(r) => r,
            }
        }
        _ => method_not_allowed(&req.method),
    }
}

pub(crate) fn item(st: &mut ZpaState, req: &Req, c: Coll, id: &str) -> Resp {
    let Some(idx) = position(st.coll(c), id) else {
        return match req.method {
            Method::GET | Method::PUT | Method::DELETE => not_found(id),
            _ => method_not_allowed(&req.method),
        };
    };
    match req.method {
        Method::GET => Resp::ok(st.render(c, &st.coll(c)[idx])),
        Method::PUT => {
            let Some(body) = req.json_object() else {
                return invalid_body();
            };
            let existing = st.coll(c)[idx].clone();
            match build(st, c, &body, Some(&existing)) {
                Ok(obj) => {
                    st.coll_mut(c)[idx] = obj;
                    Resp::no_content()
                }
                Err(r) => r,
            }
        }
        Method::DELETE => {
            // `forceDelete=true` is accepted (and has nothing more to do here).
            st.coll_mut(c).remove(idx);
            Resp::no_content()
        }
        _ => method_not_allowed(&req.method),
    }
}

pub(crate) fn defaults(c: Coll) -> Value {
    match c {
        Coll::Apps => json!({
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
        }),
        Coll::SegmentGroups => json!({
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
        }),
        Coll::ServerGroups => json!({
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
        }),
        Coll::ConnectorGroups => json!({
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
        }),
    }
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
fn build_app(
    st: &mut ZpaState,
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
    stringify(o, &["segmentGroupId", "tcpKeepAlive"]);
    let sg = str_field(&Value::Object(o.clone()), "segmentGroupId").to_string();
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
    apps::normalize(st, o, body, existing)?;
    Ok(())
}

/// Build the stored object for a create (existing None) or update (merge
/// onto existing).
pub(crate) fn build(
    st: &mut ZpaState,
    c: Coll,
    body: &Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Value, Resp> {
    let mut o = match existing {
        Some(e) => e.as_object().cloned().unwrap_or_default(),
        None => defaults(c).as_object().cloned().unwrap_or_default(),
    };
    let mut body = body.clone();
    for k in ["id", "creationTime", "modifiedTime", "modifiedBy"] {
        body.remove(k);
    }
    // Derived, read-only fields are never taken from the client.
    for k in ["applications", "segmentGroupName"] {
        body.remove(k);
    }
    if c == Coll::ConnectorGroups {
        // The group's connectors are the app connectors that enrolled in it.
        body.remove("connectors");
    }
    overlay(&mut o, &body);
    o.retain(|_, v| !v.is_null());
    let name = o
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return Err(invalid("invalid.input.name", "name is required", &["name"]));
    }
    match c {
        Coll::Apps => build_app(st, &mut o, &body, existing)?,
        Coll::ServerGroups => {
            check_refs(&mut o, "appConnectorGroups", &st.connector_groups)?;
        }
        Coll::ConnectorGroups => {
            stringify(
                &mut o,
                &[
                    "latitude",
                    "longitude",
                    "upgradeTimeInSecs",
                    "versionProfileId",
                ],
            );
        }
        Coll::SegmentGroups => {
            stringify(&mut o, &["tcpKeepAliveEnabled"]);
        }
    }
    let now = now_secs().to_string();
    match existing {
        Some(_) => {
            o.insert("modifiedTime".into(), json!(now));
        }
        None => {
            let id = st.new_id();
            o.insert("id".into(), json!(id));
            o.insert("creationTime".into(), json!(now));
            o.insert("modifiedTime".into(), json!(now));
        }
    }
    o.insert("modifiedBy".into(), json!(MODIFIED_BY));
    o.insert("name".into(), json!(name));
    Ok(Value::Object(o))
}
