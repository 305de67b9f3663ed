//! ZDX under `/zdx/v1`: reports (read-only) plus deep traces and analyses,
//! with snake_case JSON and integer ids (zscaler-api.md §5.3).
//!
//! Deep traces (`/devices/{id}/deeptraces...`) and score analyses
//! (`/analysis...`) are the only writable resources; they and the other
//! sub-resources (device apps, probes, call quality, health metrics,
//! events, app score/metrics/users, software inventory, administration)
//! live in [`more`] and [`traces`].
//!
//! Lists (`/devices`, `/users`, `/alerts/ongoing`, `/alerts/historical`) use
//! ZDX's offset cursor (§4): `{"<items>":[...],"next_offset":"<cursor>"|null}`.
//! The cursor is opaque to clients; this simulator issues the stringified
//! index of the next item. `limit` defaults to 50 and is capped at 500.
//! `from`/`to` (epoch seconds) are validated (integers, `to >= from`) and
//! otherwise ignored: the seeded data is timeless. `/apps` is a plain array.
//!
//! There are no ZDX recordings (§8), so the item shapes follow the official
//! Go SDK structs (`zscaler-sdk-go` `zscaler/zdx/services/reports/devices/
//! devices.go` `DeviceDetail`, `reports/users/users.go` `User`,
//! `reports/applications/applications.go` `Apps`, `alerts/alerts.go`
//! `Alert`). The error body is UNVERIFIED as well: this simulator answers
//! `{"code":"<CODE>","message":"<text>"}`, the generic shape both SDKs parse
//! for non-ZPA products (Go `zscaler/errorx/errors.go` `ParsedAPIError`,
//! Python `zscaler/errors/zscaler_api_error.py`).

mod more;
mod traces;

use crate::util::{icontains, parse_count_opt, parse_int_opt, person_name, str_field, Req, Resp};
use axum::http::Method;
use serde_json::{json, Value};

const DEFAULT_LIMIT: u64 = 50;
const MAX_LIMIT: u64 = 500;
const SEED_TIME: i64 = 1_773_000_000;
const DEVICE_COUNT: u64 = 120;
const USER_COUNT: u64 = 30;
const DEVICE_ID_BASE: u64 = 132_559_000;
const USER_ID_BASE: u64 = 47_181_000;

// ---------------------------------------------------------------- errors

pub(super) fn error(status: u16, code: &str, message: impl Into<String>) -> Resp {
    Resp::json(status, json!({"code": code, "message": message.into()}))
}

pub(super) fn not_found(what: &str, id: &str) -> Resp {
    error(
        404,
        "RESOURCE_NOT_FOUND",
        format!("{what} with id {id} not found"),
    )
}

pub(super) fn bad_request(message: impl Into<String>) -> Resp {
    error(400, "INVALID_INPUT_ARGUMENT", message)
}

pub(super) fn method_not_allowed(m: &Method) -> Resp {
    error(
        405,
        "METHOD_NOT_ALLOWED",
        format!("Request method '{m}' is not supported"),
    )
}

pub(super) fn no_route(req: &Req) -> Resp {
    error(
        404,
        "RESOURCE_NOT_FOUND",
        format!("No API resource at /{}", req.segs.join("/")),
    )
}

// ---------------------------------------------------------------- state

pub(crate) struct ZdxState {
    devices: Vec<Value>,
    users: Vec<Value>,
    apps: Vec<Value>,
    ongoing_alerts: Vec<Value>,
    historical_alerts: Vec<Value>,
    /// Software inventory summaries (`/inventory/software`).
    software: Vec<Value>,
    /// Deep trace sessions; each carries `trace_details.device_id`.
    traces: Vec<Value>,
    /// Score analyses (`/analysis`).
    analyses: Vec<Value>,
    next_trace_id: u64,
    next_analysis_id: u64,
}

pub(super) fn find_by_id<'a>(list: &'a [Value], id: &str) -> Option<&'a Value> {
    let id: i64 = id.trim().parse().ok()?;
    list.iter()
        .find(|v| v.get("id").and_then(Value::as_i64) == Some(id))
}

/// The item as a 200, or the 404 for `what` `id`.
fn found(item: Option<&Value>, what: &str, id: &str) -> Resp {
    match item {
        Some(v) => Resp::ok(v.clone()),
        None => not_found(what, id),
    }
}

/// `answer()`, once the endpoint's `from`/`to` check passes.
pub(super) fn timed(req: &Req, answer: impl FnOnce() -> Resp) -> Resp {
    match check_time_range(req) {
        Err(r) => r,
        Ok(()) => answer(),
    }
}

// ---------------------------------------------------------------- paging

/// Validate `from`/`to`: both optional integers, `to >= from` when both are
/// given.
pub(super) fn check_time_range(req: &Req) -> Result<(), Resp> {
    let from = parse_int_opt(req.q("from"))
        .map_err(|_| bad_request("'from' must be an integer epoch time in seconds"))?;
    let to = parse_int_opt(req.q("to"))
        .map_err(|_| bad_request("'to' must be an integer epoch time in seconds"))?;
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(bad_request("'to' must not be earlier than 'from'"));
        }
    }
    Ok(())
}

/// One batch of `items` under `key`, following ZDX's `limit`/`offset` cursor.
pub(super) fn offset_page(req: &Req, items: Vec<Value>, key: &str) -> Resp {
    if let Err(r) = check_time_range(req) {
        return r;
    }
    let limit = match parse_count_opt(req.q("limit")) {
        Ok(None) => DEFAULT_LIMIT,
        Ok(Some(n)) if n > 0 => n.min(MAX_LIMIT),
        _ => return bad_request("'limit' must be a positive integer"),
    };
    // The cursor is a stringified index this simulator issued; anything that
    // is not a non-negative integer cannot be one.
    let offset = match parse_count_opt(req.q("offset")) {
        Ok(n) => n.unwrap_or(0),
        Err(()) => return bad_request("'offset' is not a valid cursor"),
    };
    let start = usize::try_from(offset).unwrap_or(usize::MAX);
    let size = usize::try_from(limit).unwrap_or(usize::MAX);
    let batch: Vec<Value> = items.iter().skip(start).take(size).cloned().collect();
    let end = start.saturating_add(batch.len());
    let next = if !batch.is_empty() && end < items.len() {
        Value::String(end.to_string())
    } else {
        Value::Null
    };
    let mut out = serde_json::Map::new();
    out.insert(key.to_string(), Value::Array(batch));
    out.insert("next_offset".to_string(), next);
    Resp::ok(Value::Object(out))
}

/// The `q` search (case-insensitive contains on the given fields).
pub(super) fn search(req: &Req, items: &[Value], fields: &[&str]) -> Vec<Value> {
    match req.q("q").map(str::trim).filter(|s| !s.is_empty()) {
        Some(q) => items
            .iter()
            .filter(|v| fields.iter().any(|f| icontains(str_field(v, f), q)))
            .cloned()
            .collect(),
        None => items.to_vec(),
    }
}

// ---------------------------------------------------------------- routing

pub(crate) fn handle(st: &mut ZdxState, req: &Req) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    if segs.len() < 2 || segs[1] != "v1" {
        return no_route(req);
    }
    let rest = &segs[2..];
    let m = &req.method;
    if let Some(r) = traces::handle(st, req, rest) {
        return r;
    }
    if *m != Method::GET {
        // Only deep traces and analyses are writable.
        return if rest.is_empty() {
            no_route(req)
        } else {
            method_not_allowed(m)
        };
    }
    if let Some(r) = more::handle(st, req, rest) {
        return r;
    }
    match rest {
        ["devices"] => {
            let items = search(req, &st.devices, &["name"]);
            offset_page(req, items, "devices")
        }
        ["devices", id] => timed(req, || found(find_by_id(&st.devices, id), "Device", id)),
        ["users"] => {
            let items = search(req, &st.users, &["name", "email"]);
            offset_page(req, items, "users")
        }
        ["users", id] => timed(req, || found(find_by_id(&st.users, id), "User", id)),
        ["apps"] => timed(req, || Resp::ok(Value::Array(st.apps.clone()))),
        ["apps", id] => timed(req, || found(find_by_id(&st.apps, id), "Application", id)),
        ["alerts", "ongoing"] => offset_page(req, st.ongoing_alerts.clone(), "alerts"),
        ["alerts", "historical"] => offset_page(req, st.historical_alerts.clone(), "alerts"),
        ["alerts", id] => found(st.alert(id), "Alert", id),
        _ => no_route(req),
    }
}

// ---------------------------------------------------------------- seed data

/// (name, email) of ZDX user `u` (0-based).
fn person(u: u64) -> (String, String) {
    let (first, last) = person_name(u);
    (
        format!("{first} {last}"),
        format!(
            "{}.{}@sandbox.example.com",
            first.to_lowercase(),
            last.to_lowercase()
        ),
    )
}

struct HwProfile {
    mfg: &'static str,
    model: &'static str,
    hw_type: &'static str,
    cpu_mfg: &'static str,
    cpu_model: &'static str,
    speed: f64,
    cores: u64,
    os_name: &'static str,
    os_ver: &'static str,
    host_prefix: &'static str,
}

const HW: [HwProfile; 4] = [
    HwProfile {
        mfg: "LENOVO",
        model: "ThinkPad X1 Carbon Gen 11",
        hw_type: "Laptop",
        cpu_mfg: "GenuineIntel",
        cpu_model: "13th Gen Intel(R) Core(TM) i7-1365U",
        speed: 1.8,
        cores: 10,
        os_name: "Microsoft Windows 11 Enterprise",
        os_ver: "10.0.22631",
        host_prefix: "WIN",
    },
    HwProfile {
        mfg: "Apple Inc.",
        model: "MacBookPro18,3",
        hw_type: "Laptop",
        cpu_mfg: "Apple",
        cpu_model: "Apple M1 Pro",
        speed: 3.2,
        cores: 8,
        os_name: "macOS",
        os_ver: "14.6.1",
        host_prefix: "MAC",
    },
    HwProfile {
        mfg: "Dell Inc.",
        model: "OptiPlex 7010",
        hw_type: "Desktop",
        cpu_mfg: "GenuineIntel",
        cpu_model: "13th Gen Intel(R) Core(TM) i5-13500",
        speed: 2.5,
        cores: 14,
        os_name: "Microsoft Windows 10 Enterprise",
        os_ver: "10.0.19045",
        host_prefix: "DSK",
    },
    HwProfile {
        mfg: "HP",
        model: "EliteBook 840 G9",
        hw_type: "Laptop",
        cpu_mfg: "GenuineIntel",
        cpu_model: "12th Gen Intel(R) Core(TM) i5-1245U",
        speed: 1.6,
        cores: 10,
        os_name: "Microsoft Windows 11 Pro",
        os_ver: "10.0.22631",
        host_prefix: "LAP",
    },
];

fn seed_device(n: u64) -> Value {
    let hw = &HW[(n % HW.len() as u64) as usize];
    let user = (n - 1) % USER_COUNT;
    let (_, email) = person(user);
    let host = format!("{}-{:04}", hw.host_prefix, 1000 + n);
    let wifi = hw.hw_type == "Laptop";
    let mac = format!(
        "3C:22:FB:{:02X}:{:02X}:{:02X}",
        n / 256 % 256,
        n % 256,
        (n * 7) % 256
    );
    let mut net = json!({
        "net_type": if wifi { "Wi-Fi" } else { "Ethernet" },
        "status": "Up",
        "ipv4": format!("10.20.{}.{}", n / 200, n % 200 + 10),
        "ipv6": format!("fe80::3e22:fbff:fe{:02x}:{:04x}", n % 256, n * 13 % 65536),
        "dns_srvs": "10.20.0.2, 10.20.0.3",
        "dns_suffix": "corp.sandbox.example.com",
        "gateway": format!("10.20.{}.1", n / 200),
        "mac": mac,
        "guid": format!("{{{:08X}-5E2B-4C1D-9A4F-{:012X}}}", 0x7A00_0000 + n, n * 977),
    });
    if wifi {
        if let Some(o) = net.as_object_mut() {
            o.insert(
                "wifi_adapter".into(),
                json!("Intel(R) Wi-Fi 6E AX211 160MHz"),
            );
            o.insert("wifi_type".into(), json!("802.11ax"));
            o.insert(
                "ssid".into(),
                json!(if n.is_multiple_of(3) {
                    "Home-WiFi"
                } else {
                    "Corp-WiFi"
                }),
            );
            o.insert("channel".into(), json!(format!("{}", 36 + (n % 4) * 4)));
            o.insert(
                "bssid".into(),
                json!(format!("a0:b1:c2:{:02x}:{:02x}:01", n % 256, n * 3 % 256)),
            );
        }
    }
    json!({
        "id": DEVICE_ID_BASE + n,
        "name": format!("{host} ({} {} {})", hw.mfg, hw.model, hw.os_name),
        "hardware": {
            "hw_model": hw.model,
            "hw_mfg": hw.mfg,
            "hw_type": hw.hw_type,
            "hw_serial": format!("SN{:08}", 40_000_000 + n * 37),
            "tot_mem": if n.is_multiple_of(2) { 16384 } else { 32768 },
            "gpu": if hw.cpu_mfg == "Apple" { "Apple M1 Pro" } else { "Intel(R) Iris(R) Xe Graphics" },
            "disk_size": if n.is_multiple_of(2) { 512 } else { 1024 },
            "disk_model": "NVMe SSD",
            "disk_type": "SSD",
            "cpu_mfg": hw.cpu_mfg,
            "cpu_model": hw.cpu_model,
            "speed_ghz": hw.speed,
            "logical_proc": hw.cores + 2,
            "num_cores": hw.cores,
        },
        "network": [net],
        "software": {
            "os_name": hw.os_name,
            "os_ver": hw.os_ver,
            "hostname": host,
            "netbios": host,
            "user": email,
            "client_conn_ver": if n.is_multiple_of(5) { "4.4.0.379" } else { "4.5.2.73" },
            "zdx_ver": if n.is_multiple_of(5) { "4.3.0.108" } else { "4.5.0.21" },
        },
    })
}

fn seed_users(devices: &[Value]) -> Vec<Value> {
    (0..USER_COUNT)
        .map(|u| {
            let (name, email) = person(u);
            let own: Vec<Value> = devices
                .iter()
                .filter(|d| {
                    d.pointer("/software/user").and_then(Value::as_str) == Some(email.as_str())
                })
                .map(|d| json!({"id": d["id"].clone(), "name": d["name"].clone()}))
                .collect();
            json!({
                "id": USER_ID_BASE + u + 1,
                "name": name,
                "email": email,
                "devices": own,
            })
        })
        .collect()
}

fn seed_apps() -> Vec<Value> {
    // (id, name, score, total_users, active_devices, poor, okay, good, city, region, country)
    type AppSeed = (
        u64,
        &'static str,
        f64,
        u64,
        u64,
        u64,
        u64,
        u64,
        &'static str,
        &'static str,
        &'static str,
    );
    let specs: [AppSeed; 8] = [
        (
            1,
            "Outlook Online",
            85.0,
            30,
            120,
            4,
            10,
            106,
            "New York",
            "New York",
            "United States",
        ),
        (
            2,
            "SharePoint Online",
            78.0,
            28,
            110,
            9,
            21,
            80,
            "London",
            "England",
            "United Kingdom",
        ),
        (
            3,
            "Microsoft Teams",
            72.0,
            30,
            118,
            15,
            25,
            78,
            "San Jose",
            "California",
            "United States",
        ),
        (
            4, "Zoom", 90.0, 22, 80, 1, 6, 73, "Toronto", "Ontario", "Canada",
        ),
        (
            5,
            "Salesforce",
            66.0,
            12,
            44,
            12,
            14,
            18,
            "Frankfurt",
            "Hesse",
            "Germany",
        ),
        (
            6,
            "ServiceNow",
            81.0,
            18,
            60,
            3,
            12,
            45,
            "Bengaluru",
            "Karnataka",
            "India",
        ),
        (
            7,
            "Google Drive",
            88.0,
            15,
            52,
            1,
            4,
            47,
            "Sydney",
            "New South Wales",
            "Australia",
        ),
        // A score of -1 means "no data" (zscaler-api.md §5.3).
        (8, "Box", -1.0, 0, 0, 0, 0, 0, "", "", ""),
    ];
    specs
        .iter()
        .map(
            |(id, name, score, users, devices, poor, okay, good, city, region, country)| {
                let mut app = json!({
                    "id": id,
                    "name": name,
                    "score": score,
                    "stats": {
                        "active_users": users,
                        "active_devices": devices,
                        "num_poor": poor,
                        "num_okay": okay,
                        "num_good": good,
                    },
                    "total_users": users,
                });
                if !city.is_empty() {
                    if let Some(o) = app.as_object_mut() {
                        o.insert(
                            "most_impacted_region".into(),
                            json!({
                                "id": format!("{}", 5_000_000 + id * 1117),
                                "city": city,
                                "region": region,
                                "country": country,
                                "geo_type": "city",
                            }),
                        );
                    }
                }
                app
            },
        )
        .collect()
}

fn alert(
    id: u64,
    rule: &str,
    severity: &str,
    app: (u64, &str),
    devices: u64,
    started: i64,
    ended: Option<i64>,
) -> Value {
    let mut a = json!({
        "id": id,
        "rule_name": rule,
        "severity": severity,
        "alert_type": "Application",
        "alert_status": if ended.is_some() { "Resolved" } else { "Ongoing" },
        "num_geolocations": 2,
        "num_devices": devices,
        "started_on": started,
        "application": {"id": app.0, "name": app.1},
        "departments": [
            {"id": 101, "name": "Engineering", "num_devices": devices / 2 + devices % 2},
            {"id": 102, "name": "Sales", "num_devices": devices / 2},
        ],
        "locations": [
            {"id": 24_326_801, "name": "HQ - San Jose", "num_devices": devices,
             "groups": [{"id": 24_326_828, "name": "Corporate User Traffic Group"}]},
        ],
        "geolocations": [
            {"id": "5392171", "name": "San Jose, California, United States", "num_devices": devices / 2 + devices % 2},
            {"id": "5128581", "name": "New York, New York, United States", "num_devices": devices / 2},
        ],
    });
    if let (Some(end), Some(o)) = (ended, a.as_object_mut()) {
        o.insert("ended_on".into(), json!(end));
    }
    a
}

impl ZdxState {
    /// An ongoing or historical alert by id (ongoing first, as one list).
    pub(super) fn alert(&self, id: &str) -> Option<&Value> {
        find_by_id(&self.ongoing_alerts, id).or_else(|| find_by_id(&self.historical_alerts, id))
    }

    pub(crate) fn seeded() -> ZdxState {
        let devices: Vec<Value> = (1..=DEVICE_COUNT).map(seed_device).collect();
        let users = seed_users(&devices);
        let traces = traces::seed_traces(&devices, &users);
        ZdxState {
            devices,
            users,
            apps: seed_apps(),
            software: more::seed_software(),
            traces,
            analyses: traces::seed_analyses(),
            next_trace_id: traces::FIRST_NEW_TRACE_ID,
            next_analysis_id: traces::FIRST_NEW_ANALYSIS_ID,
            ongoing_alerts: vec![
                alert(
                    7_301_001,
                    "Teams Score Below 50",
                    "critical",
                    (3, "Microsoft Teams"),
                    14,
                    SEED_TIME - 3_600,
                    None,
                ),
                alert(
                    7_301_002,
                    "Outlook Page Fetch Time High",
                    "warning",
                    (1, "Outlook Online"),
                    6,
                    SEED_TIME - 1_800,
                    None,
                ),
                alert(
                    7_301_003,
                    "Salesforce DNS Time High",
                    "warning",
                    (5, "Salesforce"),
                    4,
                    SEED_TIME - 900,
                    None,
                ),
                alert(
                    7_301_004,
                    "SharePoint Server Response Slow",
                    "info",
                    (2, "SharePoint Online"),
                    3,
                    SEED_TIME - 600,
                    None,
                ),
            ],
            historical_alerts: vec![
                alert(
                    7_300_901,
                    "Zoom Packet Loss High",
                    "critical",
                    (4, "Zoom"),
                    9,
                    SEED_TIME - 86_400,
                    Some(SEED_TIME - 80_000),
                ),
                alert(
                    7_300_902,
                    "ServiceNow Score Below 60",
                    "warning",
                    (6, "ServiceNow"),
                    5,
                    SEED_TIME - 43_200,
                    Some(SEED_TIME - 40_000),
                ),
            ],
        }
    }
}

/// ZDX behind the simulator's product trait.
pub(crate) type Zdx = crate::util::Locked<ZdxState>;

impl crate::util::LockedState for ZdxState {
    const SEGMENT: &'static str = "zdx";
    fn answer(&mut self, req: &Req) -> Resp {
        handle(self, req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds() {
        let st = ZdxState::seeded();
        assert_eq!(st.devices.len(), 120);
        assert_eq!(st.users.len(), 30);
        let emails: std::collections::HashSet<&str> =
            st.users.iter().map(|u| str_field(u, "email")).collect();
        assert_eq!(emails.len(), 30, "user emails are unique");
        assert!(st
            .users
            .iter()
            .all(|u| u["devices"].as_array().map_or(0, Vec::len) == 4));
        assert_eq!(st.ongoing_alerts.len(), 4);
    }
}
