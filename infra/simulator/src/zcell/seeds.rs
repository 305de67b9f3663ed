//! ZCell seed data, write hooks and sample bodies. Field names follow the
//! Python SDK models (`zscaler/zcell/models/*.py`); where a model has no
//! fields for a response (audit metadata, network events, regions) the
//! shape is an assumption and says so.

use super::ZcellState;
use crate::util::{now_secs, Str};
use serde_json::{json, Map, Value};

/// The MVNO customer id stamped on seeded objects.
const MVNO: &str = "gi754cvqb07r0";
const TENANT: i64 = 72_057_594;
const ADMIN: &str = "u-7f3a92c1";

/// Seconds before now, so seeded events fall inside "last N days" windows.
fn ago(secs: u64) -> u64 {
    now_secs().saturating_sub(secs)
}

const HOUR: u64 = 3600;
const DAY: u64 = 86_400;

/// (iccid, imsi, msisdn, status, network, country, mno, lat, lng, device,
/// brand, model, tags, usage bytes)
type SimRow = (
    Str,
    Str,
    Str,
    Str,
    Str,
    Str,
    Str,
    f64,
    f64,
    Str,
    Str,
    Str,
    &'static [i64],
    u64,
);

const SIMS: &[SimRow] = &[
    (
        "89852350525020075842",
        "454030220075842",
        "85291230001",
        "Active",
        "Online",
        "US",
        "T-Mobile US",
        37.3382,
        -121.8863,
        "Router",
        "Cradlepoint",
        "E300",
        &[1558, 1559],
        4_831_838_208,
    ),
    (
        "89852350525020079331",
        "454030220079331",
        "85291230002",
        "Active",
        "Online",
        "US",
        "AT&T",
        40.7128,
        -74.0060,
        "Smartphone",
        "Apple",
        "iPhone 15",
        &[1558],
        2_147_483_648,
    ),
    (
        "89852350525020081104",
        "454030220081104",
        "85291230003",
        "Active",
        "Offline",
        "DE",
        "Telekom.de",
        52.5200,
        13.4050,
        "IoT Gateway",
        "Sierra Wireless",
        "RV55",
        &[1560],
        734_003_200,
    ),
    (
        "89852350525020082267",
        "454030220082267",
        "85291230004",
        "Inactive",
        "Offline",
        "GB",
        "Vodafone UK",
        51.5074,
        -0.1278,
        "Tablet",
        "Samsung",
        "Galaxy Tab S9",
        &[],
        0,
    ),
    (
        "89852350525020083390",
        "454030220083390",
        "85291230005",
        "Active",
        "Online",
        "JP",
        "NTT DOCOMO",
        35.6762,
        139.6503,
        "Router",
        "Cradlepoint",
        "R1900",
        &[1559, 1561],
        9_663_676_416,
    ),
    (
        "89852350525020084415",
        "454030220084415",
        "85291230006",
        "Suspended",
        "Offline",
        "US",
        "Verizon",
        47.6062,
        -122.3321,
        "Smartphone",
        "Google",
        "Pixel 8",
        &[1561],
        104_857_600,
    ),
];

fn human_bytes(b: u64) -> String {
    const GB: f64 = 1024.0 * 1024.0 * 1024.0;
    const MB: f64 = 1024.0 * 1024.0;
    let f = b as f64;
    if f >= GB {
        format!("{:.2} GB", f / GB)
    } else {
        format!("{:.2} MB", f / MB)
    }
}

fn tag_name(id: i64) -> &'static str {
    match id {
        1558 => "retail-stores",
        1559 => "fleet",
        1560 => "warehouse",
        _ => "executives",
    }
}

/// SIMs (`SimData`).
pub(crate) fn sims() -> Vec<Value> {
    SIMS.iter()
        .enumerate()
        .map(|(i, s)| {
            let (iccid, imsi, msisdn, status, net, country, mno, lat, lng, device, brand, model, tags, usage) = *s;
            json!({
                "iccid": iccid,
                "entityId": 5000 + i as i64,
                "imei": format!("35{:013}", 4_209_117_000_u64 + i as u64 * 7919),
                "imsi": imsi,
                "msisdn": msisdn,
                "status": status,
                "creationTime": ago(90 * DAY) + i as u64 * 600,
                "modifiedByUserId": ADMIN,
                "eid": format!("8904903200{:022}", 1_000_000 + i as u64),
                "profileName": "Zscaler Global IoT",
                "isImported": false,
                "apiSimId": format!("sim-{:04}", 101 + i),
                "locationCountry": country,
                "mvnoCustomerId": MVNO,
                "ipAddress": [format!("100.64.{}.{}", 10 + i, 20 + i)],
                "apn": "zscaler.iot",
                "activatedDate": if status == "Inactive" { Value::Null } else { json!(ago(80 * DAY)) },
                "locationMno": mno,
                "networkStatus": net,
                "lastSessionUpdatedAt": ago((i as u64 + 1) * HOUR),
                "dataAuthorizeImei": i % 2 == 0,
                "dataAuthorizeImeiValue": if i % 2 == 0 { json!(format!("35{:013}", 4_209_117_000_u64 + i as u64 * 7919)) } else { Value::Null },
                "simLat": lat,
                "simLng": lng,
                "simLocInfo": {"MCC": "310", "MNC": "260", "TAC": format!("{}", 41_000 + i), "ECI": format!("{}", 99_000_000 + i), "type": "LTE"},
                "eventSessionId": format!("sess-{:08x}", 0x5a00_0000_u32 + i as u32),
                "tacId": format!("{}", 35_420_900 + i),
                "brandName": brand,
                "marketingName": format!("{brand} {model}"),
                "deviceType": device,
                "modelName": model,
                "operatingSystem": if device == "Smartphone" { "Mobile OS" } else { "Embedded" },
                "bandDetails": "LTE B2/B4/B12/B66",
                "formFactor": "eSIM",
                "assignedTo": if i < 2 { json!(format!("user{}@sandbox.example.com", i + 1)) } else { Value::Null },
                "tagIds": tags.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
                "tags": tags.iter().map(|t| tag_name(*t)).collect::<Vec<_>>(),
                "entityName": "Sandbox Corp",
                "usage": usage,
                "usageVal": human_bytes(usage),
            })
        })
        .collect()
}

/// Tags (`TagHandling`).
pub(crate) fn tags() -> Vec<Value> {
    [1558, 1559, 1560, 1561]
        .iter()
        .enumerate()
        .map(|(i, id)| {
            json!({
                "id": id,
                "name": tag_name(*id),
                "creationTime": ago(60 * DAY) + i as u64 * 60,
                "modifiedByUserId": ADMIN,
                "tenantId": TENANT,
                "mvnoCustomerId": MVNO,
            })
        })
        .collect()
}

pub(crate) fn build_tag(
    _: &ZcellState,
    o: &mut Map<String, Value>,
    existing: Option<&Value>,
) -> Result<(), String> {
    if !o.get("name").is_some_and(Value::is_string) {
        return Err("name is required".into());
    }
    if existing.is_none() {
        o.insert("modifiedByUserId".into(), json!(ADMIN));
        o.insert("tenantId".into(), json!(TENANT));
        o.insert("mvnoCustomerId".into(), json!(MVNO));
    }
    Ok(())
}

pub(crate) fn tag_create() -> Value {
    json!({"name": "sim-test-tag"})
}

fn geo(lat: f64, lng: f64, radius: f64) -> Value {
    json!({"lat": lat, "lng": lng, "radius": radius})
}

/// SIM location groups (`GetSimLocationGroup`).
pub(crate) fn sim_location_groups() -> Vec<Value> {
    vec![
        json!({"id": 219, "name": "San Jose HQ", "geoFenceData": geo(37.3382082, -121.8863286, 5.0), "trackedDevices": ["89852350525020075842"], "linkedPolicies": [{"id": 208, "name": "HQ Geofence"}], "insideAndTrackedIccids": ["89852350525020075842"], "insideAndUntrackedIccids": [], "outsideAndTrackedIccids": []}),
        json!({"id": 220, "name": "New York Stores", "geoFenceData": geo(40.7128, -74.006, 25.0), "trackedDevices": ["89852350525020079331"], "linkedPolicies": [{"id": 209, "name": "Store Geofence"}], "insideAndTrackedIccids": ["89852350525020079331"], "insideAndUntrackedIccids": [], "outsideAndTrackedIccids": []}),
        json!({"id": 221, "name": "Berlin Warehouse", "geoFenceData": geo(52.52, 13.405, 2.0), "trackedDevices": [], "linkedPolicies": [], "insideAndTrackedIccids": [], "insideAndUntrackedIccids": ["89852350525020081104"], "outsideAndTrackedIccids": []}),
    ]
}

/// Create: `geoFenceDetails` (the SDK's create kwarg) or `geoFenceData`
/// (the model's wire field) with `lat`/`lng`/`radius` (strings or numbers).
pub(crate) fn build_group(
    _: &ZcellState,
    o: &mut Map<String, Value>,
    existing: Option<&Value>,
) -> Result<(), String> {
    if let Some(d) = o.remove("geoFenceDetails") {
        o.insert("geoFenceData".into(), d);
    }
    let g = o.get("geoFenceData").cloned().unwrap_or(Value::Null);
    let num = |k: &str| -> Option<f64> {
        match g.get(k) {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
    };
    match (num("lat"), num("lng"), num("radius")) {
        (Some(lat), Some(lng), Some(r))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) && r > 0.0 =>
        {
            o.insert("geoFenceData".into(), geo(lat, lng, r));
        }
        _ => return Err("geoFenceData needs lat (-90..90), lng (-180..180) and radius > 0".into()),
    }
    if existing.is_none() {
        for k in [
            "trackedDevices",
            "linkedPolicies",
            "insideAndTrackedIccids",
            "insideAndUntrackedIccids",
            "outsideAndTrackedIccids",
        ] {
            o.entry(k.to_string()).or_insert(json!([]));
        }
    }
    Ok(())
}

pub(crate) fn group_create() -> Value {
    json!({"name": "Sim Test Fence", "geoFenceDetails": {"lat": "37.3382082", "lng": "-121.8863286", "radius": "1"}})
}

pub(crate) fn group_update() -> Value {
    json!({"name": "Sim Test Fence (moved)", "geoFenceData": {"lat": 37.4, "lng": -121.9, "radius": 3}})
}

/// Policy types the simulator accepts (the SDK documents GEOFENCING; the
/// others are assumed from the product's anomaly categories).
pub(crate) const POLICY_TYPES: &[&str] = &["GEOFENCING", "IMEI_CHANGE", "DATA_USAGE"];

fn policy(
    id: i64,
    name: &str,
    kind: &str,
    enabled: bool,
    groups: &[i64],
    violations: i64,
) -> Value {
    json!({
        "id": id,
        "policyType": kind,
        "policyName": name,
        "enabled": enabled,
        "jsonData": {
            "alerts": [{"alertType": "EMAIL", "recipients": ["secops@sandbox.example.com"], "alertWindow": 15}],
            "mvnoType": "ZSCALER",
            "policyId": id,
            "tenantId": TENANT,
            "policyName": name,
            "policyType": kind,
            "tenantName": "Sandbox Corp",
            "configurations": {"geoFenceZones": []},
        },
        "runningStatus": if enabled { "RUNNING" } else { "STOPPED" },
        "createdAt": ago(45 * DAY),
        "enabledAt": if enabled { json!(ago(44 * DAY)) } else { Value::Null },
        "simLocationGroupIds": groups,
        "violations": violations,
    })
}

/// Anomaly policies (`AnomalyPolicy`).
pub(crate) fn anomaly_policies() -> Vec<Value> {
    vec![
        policy(208, "HQ Geofence", "GEOFENCING", true, &[219], 4),
        policy(209, "Store Geofence", "GEOFENCING", true, &[220], 2),
        policy(210, "IMEI Swap Watch", "IMEI_CHANGE", false, &[], 0),
    ]
}

/// The policy's `simLocationGroupIds` as integer ids (numbers or numeric
/// strings; absent is none).
fn location_group_ids(ids: Option<&Value>) -> Result<Vec<i64>, String> {
    let groups: Vec<i64> = match ids {
        None => Vec::new(),
        Some(Value::Array(a)) => {
            let mut out = Vec::new();
            for x in a {
                let n = match x {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => s.trim().parse::<i64>().ok(),
                    _ => None,
                };
                match n {
                    Some(n) => out.push(n),
                    None => return Err("simLocationGroupIds must be integer ids".into()),
                }
            }
            out
        }
        Some(_) => return Err("simLocationGroupIds must be a list".into()),
    };
    Ok(groups)
}

/// Create/update (PATCH merges): `policyName` required; `policyType` one of
/// [`POLICY_TYPES`] and fixed after create; `simLocationGroupIds` (also
/// accepted as `simLocationGroupsIds`, the spelling the SDK's create example
/// produces) must name existing groups.
pub(crate) fn build_policy(
    st: &ZcellState,
    o: &mut Map<String, Value>,
    existing: Option<&Value>,
) -> Result<(), String> {
    if let Some(v) = o.remove("simLocationGroupsIds") {
        o.insert("simLocationGroupIds".into(), v);
    }
    let kind = o
        .get("policyType")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if !POLICY_TYPES.contains(&kind.as_str()) {
        return Err(format!(
            "policyType must be one of {}",
            POLICY_TYPES.join(", ")
        ));
    }
    if let Some(e) = existing {
        if e.get("policyType").and_then(Value::as_str) != Some(kind.as_str()) {
            return Err("policyType cannot be changed".into());
        }
    }
    let groups = location_group_ids(o.get("simLocationGroupIds"))?;
    let known = st.coll("sim-location-groups");
    if let Some(bad) = groups.iter().find(|g| {
        !known
            .iter()
            .any(|k| k.get("id").and_then(Value::as_i64) == Some(**g))
    }) {
        return Err(format!("Sim location group {bad} not found"));
    }
    if kind == "GEOFENCING" && groups.is_empty() {
        return Err("A GEOFENCING policy needs at least one simLocationGroupIds entry".into());
    }
    o.insert("simLocationGroupIds".into(), json!(groups));
    if existing.is_none() {
        o.entry("enabled").or_insert(json!(true));
        let enabled = o.get("enabled").and_then(Value::as_bool).unwrap_or(true);
        o.insert(
            "runningStatus".into(),
            json!(if enabled { "RUNNING" } else { "STOPPED" }),
        );
        o.insert("createdAt".into(), json!(now_secs()));
        o.insert(
            "enabledAt".into(),
            if enabled {
                json!(now_secs())
            } else {
                Value::Null
            },
        );
        o.insert("violations".into(), json!(0));
    }
    let name = o.get("policyName").cloned().unwrap_or(Value::Null);
    let jd = o.entry("jsonData").or_insert(json!({}));
    if let Some(m) = jd.as_object_mut() {
        m.insert("policyName".into(), name);
        m.insert("policyType".into(), json!(kind));
        m.insert("tenantId".into(), json!(TENANT));
        m.insert("tenantName".into(), json!("Sandbox Corp"));
        m.entry("alerts").or_insert(json!([]));
    }
    Ok(())
}

pub(crate) fn policy_create() -> Value {
    json!({"policyName": "Sim Test Policy", "policyType": "GEOFENCING", "simLocationGroupsIds": ["221"]})
}

pub(crate) fn policy_update() -> Value {
    json!({"policyName": "Sim Test Policy (renamed)", "policyType": "GEOFENCING", "simLocationGroupIds": [221, 219]})
}

/// Violation events (`GetViolationDetails`).
pub(crate) fn violations() -> Vec<Value> {
    let v = |policy: i64, iccid: &str, imsi: &str, zone: &str, hours: u64, lat: f64, lng: f64| {
        json!({
            "policyId": policy,
            "tenantId": TENANT,
            "iccid": iccid,
            "imsi": imsi,
            "eventType": "ZONE_EXIT",
            "policyType": "GEOFENCING",
            "zoneId": zone,
            "timestamp": ago(hours * HOUR),
            "eventDeviceLocation": {"lat": lat, "lng": lng},
        })
    };
    vec![
        v(
            208,
            "89852350525020075842",
            "454030220075842",
            "219",
            5,
            37.41,
            -121.95,
        ),
        v(
            208,
            "89852350525020075842",
            "454030220075842",
            "219",
            30,
            37.45,
            -121.99,
        ),
        v(
            208,
            "89852350525020083390",
            "454030220083390",
            "219",
            50,
            35.67,
            139.65,
        ),
        v(
            208,
            "89852350525020075842",
            "454030220075842",
            "219",
            200,
            37.50,
            -122.05,
        ),
        v(
            209,
            "89852350525020079331",
            "454030220079331",
            "220",
            12,
            40.80,
            -74.10,
        ),
        v(
            209,
            "89852350525020079331",
            "454030220079331",
            "220",
            400,
            40.90,
            -74.20,
        ),
    ]
}

/// Past policy logs (`AnomalyPolicyLogContent`: assumed audit-like
/// entries).
pub(crate) fn policy_logs() -> Vec<Value> {
    let l = |policy: i64, action: &str, days: u64| {
        json!({
            "policyId": policy,
            "action": action,
            "modifiedBy": ADMIN,
            "timestamp": ago(days * DAY),
            "details": format!("Policy {policy} {action}"),
        })
    };
    vec![
        l(208, "CREATED", 45),
        l(208, "ENABLED", 44),
        l(209, "CREATED", 40),
        l(210, "CREATED", 20),
    ]
}

/// Network events (fields assumed: the SDK model wraps them unparsed).
pub(crate) fn network_events() -> Vec<Value> {
    let e = |id: i64, iccid: &str, kind: &str, hours: u64, country: &str, mno: &str| {
        json!({
            "id": id,
            "iccid": iccid,
            "eventType": kind,
            "timestamp": ago(hours * HOUR),
            "country": country,
            "mno": mno,
            "mcc": "310",
            "mnc": "260",
            "rat": "LTE",
            "mvnoCustomerId": MVNO,
        })
    };
    vec![
        e(
            91001,
            "89852350525020075842",
            "ATTACH",
            2,
            "US",
            "T-Mobile US",
        ),
        e(
            91002,
            "89852350525020079331",
            "SESSION_START",
            3,
            "US",
            "AT&T",
        ),
        e(
            91003,
            "89852350525020081104",
            "DETACH",
            8,
            "DE",
            "Telekom.de",
        ),
        e(
            91004,
            "89852350525020083390",
            "LOCATION_UPDATE",
            20,
            "JP",
            "NTT DOCOMO",
        ),
        e(
            91005,
            "89852350525020084415",
            "AUTH_FAILURE",
            30,
            "US",
            "Verizon",
        ),
        e(
            91006,
            "89852350525020075842",
            "SESSION_END",
            100,
            "US",
            "T-Mobile US",
        ),
    ]
}

/// Audit entries (`AuditDataHandling`).
pub(crate) fn audit() -> Vec<Value> {
    let a = |id: i64, op: &str, kind: &str, name: &str, obj: i64, days: u64| {
        json!({
            "id": id,
            "creationTime": ago(days * DAY),
            "auditOperationType": op,
            "objectType": kind,
            "objectName": name,
            "objectId": obj,
            "customerId": MVNO,
            "visibility": "Customer",
            "modifiedByUserId": ADMIN,
            "modifiedByUserName": "Alice Bowers",
            "preChange": if op == "Create" { Value::Null } else { json!({"name": name}) },
            "postChange": if op == "Delete" { Value::Null } else { json!({"name": name}) },
        })
    };
    vec![
        a(61001, "Create", "AnomalyPolicy", "HQ Geofence", 208, 45),
        a(61002, "Update", "AnomalyPolicy", "HQ Geofence", 208, 44),
        a(61003, "Create", "SimLocationGroup", "San Jose HQ", 219, 46),
        a(61004, "Create", "Tag", "fleet", 1559, 60),
        a(61005, "Export", "Sim", "zcell-sims.csv", 0, 3),
    ]
}

/// Audit metadata (shape assumed: the values each filter accepts).
pub(crate) fn audit_metadata() -> Vec<Value> {
    vec![
        json!({"name": "operationType", "values": ["Create", "Update", "Delete", "Export"]}),
        json!({"name": "objectType", "values": ["AnomalyPolicy", "SimLocationGroup", "Tag", "Sim", "Customer"]}),
        json!({"name": "visibility", "values": ["Customer", "Root"]}),
    ]
}

/// Customer data (`CustomerDataHandling`).
pub(crate) fn customer() -> Value {
    json!({
        "id": MVNO,
        "name": "Sandbox Corp",
        "status": "ACTIVE",
        "mvnoCustomerId": MVNO,
        "tenantId": TENANT,
        "contactEmail": "secops@sandbox.example.com",
        "cloudName": "zscalerthree.net",
        "skuList": ["ZCELL_ESIM", "ZCELL_ANOMALY"],
        "creationTime": ago(120 * DAY),
        "modifiedTime": ago(10 * DAY),
    })
}

/// Regions (`CustomerRegionHandling` / `ExtendedRegionStatus`).
pub(crate) fn regions() -> Vec<Value> {
    vec![
        json!({"region": "AMER", "name": "Americas", "configured": true, "available": true, "operationalStatus": "OPERATIONAL", "dataCenter": "us-west-2"}),
        json!({"region": "EMEA", "name": "Europe, Middle East and Africa", "configured": true, "available": true, "operationalStatus": "DEGRADED", "dataCenter": "eu-central-1"}),
        json!({"region": "APAC", "name": "Asia Pacific", "configured": false, "available": true, "operationalStatus": "NOT_CONFIGURED", "dataCenter": "ap-northeast-1"}),
    ]
}
