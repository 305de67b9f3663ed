//! ZIA locations (with sub-locations) and location groups.

use super::*;

pub(crate) fn location_defaults() -> Value {
    json!({
        "id": 0,
        "name": "",
        "nonEditable": false,
        "parentId": 0,
        "upBandwidth": 0,
        "dnBandwidth": 0,
        "country": "NONE",
        "language": "NONE",
        "tz": "NOT_SPECIFIED",
        "geoOverride": false,
        "latitude": 0.0,
        "longitude": 0.0,
        "ipAddresses": [],
        "vpnCredentials": [],
        "authRequired": false,
        "sslScanEnabled": false,
        "zappSslScanEnabled": false,
        "xffForwardEnabled": false,
        "otherSubLocation": false,
        "ecLocation": false,
        "bcLocation": false,
        "ccLocation": false,
        "surrogateIP": false,
        "cookiesAndProxy": false,
        "idleTimeInMinutes": 0,
        "surrogateIPEnforcedForKnownBrowsers": false,
        "kerberosAuth": false,
        "jwtAuth": false,
        "digestAuthEnabled": false,
        "ofwEnabled": false,
        "ipsControl": false,
        "aupEnabled": false,
        "cautionEnabled": false,
        "aupBlockInternetUntilAccepted": false,
        "aupForceSslInspection": false,
        "iotDiscoveryEnabled": false,
        "iotEnforcePolicySet": false,
        "aupTimeoutInDays": 0,
        "childCount": 0,
        "matchInChild": false,
        "staticLocationGroups": [],
        "excludeFromDynamicGroups": false,
        "excludeFromManualGroups": false,
        "defaultExtranetTsPool": false,
        "defaultExtranetDns": false,
        "profile": "NONE",
        "description": "",
    })
}

/// Numeric fields that clients sometimes send as strings (the recorded PUT
/// sent `"idleTimeInMinutes":"720"` and got a number back).
pub(crate) fn numify(obj: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(Value::String(s)) = obj.get(*k) {
            if let Ok(n) = s.trim().parse::<i64>() {
                obj.insert((*k).to_string(), json!(n));
            }
        }
    }
}

pub(crate) fn refresh_child_counts(st: &mut ZiaState) {
    let counts: Vec<(i64, usize)> = st
        .locations
        .iter()
        .filter_map(id_of)
        .map(|id| {
            let n = st
                .locations
                .iter()
                .filter(|l| l.get("parentId").and_then(Value::as_i64) == Some(id))
                .count();
            (id, n)
        })
        .collect();
    for l in st.locations.iter_mut() {
        let id = id_of(l);
        if let (Some(id), Some(o)) = (id, l.as_object_mut()) {
            let n = counts.iter().find(|(i, _)| *i == id).map_or(0, |(_, n)| *n);
            o.insert("childCount".into(), json!(n));
        }
    }
}

/// Top-level locations only, `search` = name contains.
pub(crate) fn location_filter(req: &Req, l: &Value) -> bool {
    l.get("parentId").and_then(Value::as_i64).unwrap_or(0) == 0 && name_search(req, l)
}

pub(crate) fn locations_lite(st: &ZiaState, req: &Req) -> Resp {
    let lite_keys = [
        "id",
        "name",
        "parentId",
        "tz",
        "xffForwardEnabled",
        "aupEnabled",
        "cautionEnabled",
        "aupBlockInternetUntilAccepted",
        "aupForceSslInspection",
        "surrogateIP",
        "surrogateIPEnforcedForKnownBrowsers",
        "otherSubLocation",
        "ofwEnabled",
        "ipsControl",
        "kerberosAuth",
        "digestAuthEnabled",
        "zappSslScanEnabled",
        "ecLocation",
        "iotDiscoveryEnabled",
    ];
    let road_warrior = json!({
        "id": -3, "name": "Road Warrior", "parentId": 0, "tz": "GMT",
        "xffForwardEnabled": false, "aupEnabled": false, "cautionEnabled": false,
        "aupBlockInternetUntilAccepted": false, "aupForceSslInspection": false,
        "surrogateIP": false, "surrogateIPEnforcedForKnownBrowsers": false,
        "otherSubLocation": false, "ofwEnabled": false, "ipsControl": false,
        "kerberosAuth": false, "digestAuthEnabled": false, "zappSslScanEnabled": false,
        "ecLocation": false, "iotDiscoveryEnabled": false
    });
    let mut out = vec![road_warrior];
    out.extend(st.locations.iter().map(|l| {
        let mut o = Map::new();
        for k in lite_keys {
            if let Some(v) = l.get(k) {
                o.insert(k.into(), v.clone());
            }
        }
        Value::Object(o)
    }));
    if let Some(s) = req.q("search").filter(|s| !s.is_empty()) {
        out.retain(|l| icontains(str_field(l, "name"), s));
    }
    zia_page(req, out, 1000, 1000)
}

/// Validate a location body and build the location (a sub-location's
/// parent must exist; the dynamic group follows the profile).
pub(crate) fn build_location(
    st: &ZiaState,
    _: &Req,
    body: Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Built, Resp> {
    let missing = "Location name is required";
    let name = unique_name(&body, &st.locations, existing, missing, "location")?;
    let parent = body
        .get("parentId")
        .and_then(Value::as_i64)
        .or_else(|| existing.and_then(|e| e.get("parentId")?.as_i64()))
        .unwrap_or(0);
    if parent != 0 && !st.locations.iter().any(|l| id_of(l) == Some(parent)) {
        return Err(invalid_input(&format!(
            "Parent location {parent} does not exist"
        )));
    }
    let mut obj = location_defaults().as_object().cloned().unwrap_or_default();
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    numify(
        &mut obj,
        &[
            "idleTimeInMinutes",
            "upBandwidth",
            "dnBandwidth",
            "aupTimeoutInDays",
        ],
    );
    obj.insert("name".into(), json!(name));
    obj.insert("parentId".into(), json!(parent));
    let profile = str_field(&Value::Object(obj.clone()), "profile").to_string();
    let (gid, gname) = location_group_for_profile(&profile);
    obj.insert(
        "dynamiclocationGroups".into(),
        json!([{"id": gid, "name": gname}]),
    );
    Ok(obj.into())
}

/// Sub-locations go with their parent.
pub(crate) fn drop_sublocations(st: &mut ZiaState, parent: &Value) {
    let lid = id_of(parent);
    st.locations
        .retain(|l| l.get("parentId").and_then(Value::as_i64) != lid);
}

pub(crate) fn location_groups_full(st: &ZiaState) -> Vec<Value> {
    st.location_groups
        .iter()
        .map(|g| {
            let mut g = g.clone();
            let dynamic = str_field(&g, "groupType") == "DYNAMIC_GROUP";
            let members: Vec<Value> = if dynamic {
                let profiles: Vec<String> = g
                    .pointer("/dynamicLocationGroupCriteria/profiles")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| p.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                st.locations
                    .iter()
                    .filter(|l| profiles.iter().any(|p| p == str_field(l, "profile")))
                    .map(id_name)
                    .collect()
            } else {
                let ids: Vec<i64> = g
                    .get("locations")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(id_of).collect())
                    .unwrap_or_default();
                st.locations
                    .iter()
                    .filter(|l| id_of(l).is_some_and(|i| ids.contains(&i)))
                    .map(id_name)
                    .collect()
            };
            if let Some(o) = g.as_object_mut() {
                o.insert("locationsCount".into(), json!(members.len()));
                o.insert("locations".into(), Value::Array(members));
            }
            g
        })
        .collect()
}

pub(crate) fn location_groups_lite(st: &ZiaState) -> Resp {
    let out: Vec<Value> = st
        .location_groups
        .iter()
        .map(|g| {
            let mut o = Map::new();
            for k in ["id", "name", "dynamicLocationGroupCriteria"] {
                if let Some(v) = g.get(k) {
                    o.insert(k.into(), v.clone());
                }
            }
            Value::Object(o)
        })
        .collect();
    Resp::ok(Value::Array(out))
}
