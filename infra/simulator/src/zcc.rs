//! ZCC (Client Connector) under `/zcc/papi/public/v1`: RPC-style paths,
//! camelCase JSON with string ids and string epoch times (zscaler-api.md
//! §5.4 and the `zcc/papi` recordings).
//!
//! Paging is `page` (1-based) and `pageSize` (default 50, max 5000), and
//! lists are plain arrays, except the trusted networks list, which is
//! `{"totalCount":N,"trustedNetworkContracts":[...]}` (§4, [REC]).
//! `getDeviceDetails` without a match answers 400 with an empty body, as
//! recorded; this simulator does the same for `getOtp` with an unknown or
//! missing `udid` (not recorded).
//!
//! The device OTP call follows the official SDKs: `GET /getOtp?udid=...`
//! returning an object with `otp` plus the per-feature OTPs
//! (`zscaler-sdk-go` `zscaler/zcc/services/secrets/getotp/get_otp.go`
//! `OtpResponse`; `zscaler-sdk-python` `zscaler/zcc/secrets.py` `get_otp`
//! and `zscaler/zcc/models/secrets_otp.py`).

use crate::util::{icontains, page_slice, parse_count, person_name, str_field, Req, Resp, Str};
use axum::http::Method;
use serde_json::{json, Value};

/// Gateway quota advertised on ZCC responses (recorded): 100 per hour.
const QUOTA: crate::product::Quota = crate::util::quota("100, 100;w=3600, 100;w=3600", 100, 3600);

const DEFAULT_PAGE_SIZE: u64 = 50;
const MAX_PAGE_SIZE: u64 = 5000;
const DEVICE_COUNT: u64 = 140;
const USERS_WITH_DEVICES: u64 = 70;
const SEED_TIME: u64 = 1_773_000_000;
const COMPANY_ID: &str = "4543";

// ---------------------------------------------------------------- errors

/// 404 for a path that is not a ZCC API (simulator-chosen; ZCC's documented
/// not-found body is `{"code":3199,"message":"Record not available"}`).
fn no_route(req: &Req) -> Resp {
    Resp::json(
        404,
        json!({"code": 3199, "message": format!("No API resource at /{}", req.segs.join("/"))}),
    )
}

fn method_not_allowed() -> Resp {
    Resp::empty(405)
}

// ---------------------------------------------------------------- state

pub(crate) struct ZccState {
    devices: Vec<Value>,
    forwarding_profiles: Vec<Value>,
    trusted_networks: Vec<Value>,
}

fn page(req: &Req, items: Vec<Value>) -> Vec<Value> {
    let size = parse_count(req.q("pageSize"))
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .min(MAX_PAGE_SIZE);
    let page = parse_count(req.q("page")).filter(|n| *n > 0).unwrap_or(1);
    page_slice(&items, page, size)
}

fn search(req: &Req) -> Option<&str> {
    req.q("search").map(str::trim).filter(|s| !s.is_empty())
}

/// The items whose `field` contains the `search` term (all without one).
fn searched(req: &Req, items: &[Value], field: &str) -> Vec<Value> {
    match search(req) {
        Some(s) => items
            .iter()
            .filter(|v| icontains(str_field(v, field), s))
            .cloned()
            .collect(),
        None => items.to_vec(),
    }
}

// ---------------------------------------------------------------- routing

pub(crate) fn handle(st: &ZccState, req: &Req) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    if segs.len() < 4 || segs[1] != "papi" || segs[2] != "public" || segs[3] != "v1" {
        return no_route(req);
    }
    let rest = &segs[4..];
    let get = req.method == Method::GET;
    match rest {
        ["getDevices"] if get => get_devices(st, req),
        ["getDeviceDetails"] if get => match find_device(st, req) {
            Some(d) => Resp::ok(device_details(d)),
            None => Resp::empty(400),
        },
        ["getOtp"] if get => get_otp(st, req),
        ["webForwardingProfile", "listByCompany"] if get => {
            let items = searched(req, &st.forwarding_profiles, "name");
            Resp::ok(Value::Array(page(req, items)))
        }
        ["webTrustedNetwork", "listByCompany"] if get => {
            let items = searched(req, &st.trusted_networks, "networkName");
            let total = items.len();
            Resp::ok(json!({
                "totalCount": total,
                "trustedNetworkContracts": page(req, items),
            }))
        }
        ["getDevices"]
        | ["getDeviceDetails"]
        | ["getOtp"]
        | ["webForwardingProfile", "listByCompany"]
        | ["webTrustedNetwork", "listByCompany"] => method_not_allowed(),
        _ => no_route(req),
    }
}

fn get_devices(st: &ZccState, req: &Req) -> Resp {
    let username = req.q("username").map(str::trim).filter(|s| !s.is_empty());
    let os_type = match req.q("osType").map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(v) => match v.parse::<i64>() {
            Ok(n) => Some(n),
            // Not recorded; ZCC answers bad parameters with a bare 400.
            Err(_) => return Resp::empty(400),
        },
    };
    let items: Vec<Value> = st
        .devices
        .iter()
        .filter(|d| username.is_none_or(|u| str_field(d, "user").eq_ignore_ascii_case(u)))
        .filter(|d| os_type.is_none_or(|t| d.get("type").and_then(Value::as_i64) == Some(t)))
        .cloned()
        .collect();
    Resp::ok(Value::Array(page(req, items)))
}

/// The device selected by `udid` and/or `username` (both must match when
/// both are given); for a username alone, the most recently seen device.
fn find_device<'a>(st: &'a ZccState, req: &Req) -> Option<&'a Value> {
    let udid = req.q("udid").map(str::trim).filter(|s| !s.is_empty());
    let username = req.q("username").map(str::trim).filter(|s| !s.is_empty());
    if udid.is_none() && username.is_none() {
        return None;
    }
    st.devices
        .iter()
        .filter(|d| udid.is_none_or(|u| str_field(d, "udid") == u))
        .filter(|d| username.is_none_or(|u| str_field(d, "user").eq_ignore_ascii_case(u)))
        .max_by_key(|d| str_field(d, "last_seen_time").parse::<u64>().unwrap_or(0))
}

fn get_otp(st: &ZccState, req: &Req) -> Resp {
    let Some(udid) = req.q("udid").map(str::trim).filter(|s| !s.is_empty()) else {
        return Resp::empty(400);
    };
    let Some(d) = st.devices.iter().find(|d| str_field(d, "udid") == udid) else {
        return Resp::empty(400);
    };
    let seed = fnv1a(str_field(d, "udid").as_bytes());
    let keys = [
        "otp",
        "antiTemperingDisableOtp",
        "deceptionSettingsOtp",
        "exitOtp",
        "logoutOtp",
        "revertOtp",
        "uninstallOtp",
        "zdpDisableOtp",
        "zdxDisableOtp",
        "ziaDisableOtp",
        "zpaDisableOtp",
    ];
    let mut out = serde_json::Map::new();
    for (i, k) in keys.iter().enumerate() {
        out.insert((*k).to_string(), json!(otp_code(seed, i as u64)));
    }
    Resp::ok(Value::Object(out))
}

/// FNV-1a 64-bit hash (stable seed for per-device values).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A 10-character lower-case alphanumeric code, like the recorded
/// `deviceOtpArray` entries ("cx6t2c5scf").
fn otp_code(seed: u64, i: u64) -> String {
    const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = seed ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (0..10)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ALPHABET[(x % 36) as usize] as char
        })
        .collect()
}

/// The `getDeviceDetails` shape (recorded) for a `getDevices` entry.
fn device_details(d: &Value) -> Value {
    let s = |k: &str| str_field(d, k).to_string();
    let seed = fnv1a(s("udid").as_bytes());
    let otps: Vec<String> = (100..110).map(|i| otp_code(seed, i)).collect();
    let (internal_model, serial) = match d.get("type").and_then(Value::as_i64) {
        Some(4) => ("Mac16,7".to_string(), s("machineHostname")),
        _ => (s("detail"), format!("SN{:X}", seed % 0xFFFF_FFFF)),
    };
    json!({
        "id": d.get("id").cloned().unwrap_or(Value::Null),
        "type": d.get("type").cloned().unwrap_or(Value::Null),
        "state": d.get("state").cloned().unwrap_or(Value::Null),
        "user_name": s("user"),
        "owner": s("owner"),
        "machineHostname": s("machineHostname"),
        "manufacturer": s("manufacturer"),
        "internal_model": internal_model,
        "external_model": internal_model,
        "os_version": s("osVersion"),
        "unique_id": s("udid"),
        "carrier": "",
        "mac_address": s("macAddress"),
        "device_locale": "en-US",
        "agent_version": s("agentVersion"),
        "rooted": 0,
        "config_download_time": s("config_download_time"),
        "registration_time": s("registration_time"),
        "download_count": d.get("download_count").cloned().unwrap_or(json!(0)),
        "deregistration_time": s("deregistrationTimestamp"),
        "last_seen_time": s("last_seen_time"),
        "keep_alive_time": s("keepAliveTime"),
        "hardwareFingerprint": s("hardwareFingerprint"),
        "devicePolicyName": s("policyName"),
        "tunnelVersion": s("tunnelVersion"),
        "logFetchInfo": {"logTs":0,"logAckTs":0,"error":0,"logFetchPCAPEnabled":false,"logFetchDBEnabled":false,"logFetchFromNoOfDays":0},
        "upmVersion": s("upmVersion"),
        "zdpVersion": "25.3.16.1167",
        "zappArch": s("zappArch"),
        "serialNumber": serial,
        "ziaEnabled": "true",
        "zpaEnabled": "true",
        "zdxEnabled": "true",
        "zdEnabled": "Not Applicable",
        "zdpEnabled": "true",
        "ziaHealth": "Active",
        "zpaHealth": "Active",
        "zdxHealth": "Active",
        "zdHealth": "Not Applicable",
        "zdpHealth": "Active",
        "zpaLastSeenTime": s("last_seen_time"),
        "zdxLastSeenTime": s("last_seen_time"),
        "zdLastSeenTime": "Not Applicable",
        "zdpLastSeenTime": s("last_seen_time"),
        "zccLoggedInUserType": "",
        "externalDeviceId": "",
        "zccForceRevert": "0",
        "deviceOtpArray": otps,
    })
}

// ---------------------------------------------------------------- seed data

/// (osType, osVersion, agentVersion, zappArch, manufacturer, detail, hostname prefix)
type OsSeed = (i64, Str, Str, Str, Str, Str, Str);

const OS: [OsSeed; 5] = [
    (
        3,
        "Microsoft Windows 11 Enterprise;64 bit;amd64",
        "4.7.0.88 (64-bit)",
        "x64",
        "LENOVO",
        "LENOVO 21HMCTO1WW",
        "WIN",
    ),
    (
        4,
        "Version 15.6.1 (Build 24G90) ;arm",
        "4.5.2.73",
        "",
        "Apple",
        "Apple Mac16,7",
        "MAC",
    ),
    (
        3,
        "Microsoft Windows 10 Pro;64 bit;amd64",
        "4.6.0.216 (64-bit)",
        "x64",
        "Dell Inc.",
        "Dell Inc. Latitude 7440",
        "LAP",
    ),
    (
        1,
        "iOS 18.1",
        "4.2.0.31",
        "",
        "Apple",
        "Apple iPhone15,2",
        "IPH",
    ),
    (
        5,
        "Ubuntu 22.04.4 LTS;64 bit",
        "3.7.1.21",
        "",
        "HP",
        "HP EliteDesk 800 G6",
        "LNX",
    ),
];

fn seed_device(n: u64) -> Value {
    let (os_type, os_version, agent, arch, mfg, detail, prefix) =
        OS[((n - 1) % OS.len() as u64) as usize];
    // 140 devices over 70 users: two devices each.
    let u = (n - 1) % USERS_WITH_DEVICES;
    let (first, last) = person_name(u);
    let user = format!(
        "{}.{}@sandbox.example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    let (reg_state, state) = if n.is_multiple_of(10) {
        ("Remove pending", 3)
    } else if n.is_multiple_of(15) {
        ("Unregistered", 2)
    } else {
        ("Registered", 1)
    };
    let registered = SEED_TIME - 86_400 * (30 + n % 60);
    let last_seen = SEED_TIME - 600 * n;
    let hex = format!("{:016X}", fnv1a(format!("zcc-device-{n}").as_bytes()));
    let udid = match os_type {
        4 => format!(
            "{}-{}-{}-{}-{}:501",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[0..4],
            &hex[4..16]
        ),
        1 => format!("{}{}", &hex, &hex[0..8]).to_lowercase(),
        _ => format!("{prefix}-{:04}:{}", 1000 + n, hex),
    };
    json!({
        "id": format!("{}", 190_286_000 + n),
        "companyName": "Sandbox Company",
        "type": os_type,
        "state": state,
        "udid": udid,
        "macAddress": format!("00:50:56:{:02X}:{:02X}:{:02X}", n / 256 % 256, n % 256, n * 11 % 256),
        "user": user,
        "detail": detail,
        "policyName": if os_type == 3 { "Windows Default" } else { "Default Policy" },
        "last_seen_time": last_seen.to_string(),
        "osVersion": os_version,
        "agentVersion": agent,
        "registrationState": reg_state,
        "owner": format!("{}{}", first.to_lowercase(), last.to_lowercase()),
        "machineHostname": format!("{prefix}-{:04}", 1000 + n),
        "manufacturer": mfg,
        "download_count": 1 + n % 9,
        "registration_time": registered.to_string(),
        "deregistrationTimestamp": if state == 1 { "0".to_string() } else { (last_seen + 60).to_string() },
        "config_download_time": (registered + 5).to_string(),
        "keepAliveTime": last_seen.to_string(),
        "hardwareFingerprint": format!("{:016x}{:016x}", fnv1a(udid.as_bytes()), fnv1a(hex.as_bytes())),
        "tunnelVersion": "20:1",
        "vpnState": 0,
        "upmVersion": "4.5.0.33 (32-bit)",
        "zappArch": arch,
    })
}

fn forwarding_action(network_type: u64, action_type: u64) -> Value {
    json!({
        "networkType": network_type,
        "actionType": action_type,
        "systemProxy": 0,
        "customPac": "",
        "enablePacketTunnel": 1,
        "systemProxyData": {
            "proxyAction": 1, "enableAutoDetect": 0, "enablePAC": 0, "pacURL": "",
            "enableProxyServer": 0, "proxyServerAddress": "", "proxyServerPort": "0",
            "bypassProxyForPrivateIP": 0, "performGPUpdate": 0, "pacDataPath": "",
        },
        "primaryTransport": 1,
        "DTLSTimeout": 9,
        "UDPTimeout": 9,
        "TLSTimeout": 5,
        "mtuForZadapter": 0,
        "blockUnreachableDomainsTraffic": 0,
        "allowTLSFallback": 1,
        "tunnel2FallbackType": 0,
        "dropIpv6Traffic": 0,
        "redirectWebTraffic": 0,
        "dropIpv6IncludeTrafficInT2": 0,
        "useTunnel2ForProxiedWebTraffic": 0,
        "useTunnel2ForUnencryptedWebTraffic": 0,
        "pathMtuDiscovery": 1,
        "latencyBasedZenEnablement": 0,
        "zenProbeInterval": 60,
        "zenProbeSampleSize": 5,
        "zenThresholdLimit": 2,
        "dropIpv6TrafficInIpv6Network": 0,
    })
}

fn seed_forwarding_profiles() -> Vec<Value> {
    let specs: [(&str, &str, &str, &[&str]); 3] = [
        ("11925", "Tunnel2.0-Default", "", &[]),
        ("11926", "Office-Trusted", "10.20.0.2", &["9913"]),
        ("11927", "Remote-Workers", "", &["9915", "13381"]),
    ];
    specs
        .iter()
        .map(|(id, name, dns, trusted)| {
            json!({
                "id": id,
                "active": "1",
                "name": name,
                "conditionType": 1,
                "dnsServers": dns,
                "dnsSearchDomains": "",
                "enableLWFDriver": "1",
                "hostname": "",
                "resolvedIpsForHostname": "",
                "trustedSubnets": "",
                "trustedGateways": "",
                "trustedDhcpServers": "",
                "trustedEgressIps": "",
                "predefinedTrustedNetworks": false,
                "predefinedTnAll": false,
                "forwardingProfileActions": [
                    forwarding_action(1, 1),
                    forwarding_action(2, 1),
                    forwarding_action(3, if trusted.is_empty() { 1 } else { 2 }),
                ],
                "forwardingProfileZpaActions": [
                    {"networkType": 1, "actionType": 1, "primaryTransport": 0, "DTLSTimeout": 9, "TLSTimeout": 5, "mtuForZadapter": 0, "sendTrustedNetworkResultToZpa": 0},
                    {"networkType": 2, "actionType": 1, "primaryTransport": 0, "DTLSTimeout": 9, "TLSTimeout": 5, "mtuForZadapter": 0, "sendTrustedNetworkResultToZpa": 0},
                ],
                "trustedNetworkIds": trusted,
            })
        })
        .collect()
}

fn seed_trusted_networks() -> Vec<Value> {
    // (id, name, dnsServers, dnsSearchDomains, createdBy, editedBy, guid)
    let specs: [(&str, &str, &str, &str, &str, &str, &str); 5] = [
        (
            "9913",
            "HQ-TrustedNetwork",
            "8.8.8.8",
            "",
            "247739",
            "0",
            "928c092b-3fe1-49bb-b01f-0618e4f38468",
        ),
        (
            "9915",
            "Branch-London",
            "",
            "server2.example.com",
            "247739",
            "453111",
            "3c3e55e7-cfe1-4abf-974f-276ac586309b",
        ),
        (
            "13381",
            "Branch-SanJose",
            "8.8.8.8",
            "",
            "453111",
            "453111",
            "ca624ef9-703b-45ed-8c6c-6b6217f2b355",
        ),
        (
            "13383",
            "Datacenter-East",
            "8.8.4.4",
            "",
            "453111",
            "453111",
            "4133a645-051d-43ae-a700-5da9825eafd9",
        ),
        (
            "13385",
            "Lab-Network",
            "10.10.10.10, 10.10.10.11",
            "lab.example.com",
            "453111",
            "453111",
            "d7d90482-7d0d-4eef-b1c1-e1c5d6eb21db",
        ),
    ];
    specs
        .iter()
        .map(|(id, name, dns, domains, created, edited, guid)| {
            json!({
                "id": id,
                "companyId": COMPANY_ID,
                "createdBy": created,
                "editedBy": edited,
                "guid": guid,
                "networkName": name,
                "conditionType": 1,
                "dnsServers": dns,
                "dnsSearchDomains": domains,
                "hostnames": "",
                "resolvedIpsForHostname": "",
                "trustedSubnets": "",
                "trustedGateways": "",
                "trustedDhcpServers": "",
                "trustedEgressIps": "",
                "ssids": "",
                "active": true,
            })
        })
        .collect()
}

impl ZccState {
    pub(crate) fn seeded() -> ZccState {
        ZccState {
            devices: (1..=DEVICE_COUNT).map(seed_device).collect(),
            forwarding_profiles: seed_forwarding_profiles(),
            trusted_networks: seed_trusted_networks(),
        }
    }
}

/// ZCC behind the simulator's product trait.
pub(crate) struct Zcc {
    pub(crate) state: std::sync::Mutex<ZccState>,
}

impl crate::product::Product for Zcc {
    fn segment(&self) -> &'static str {
        "zcc"
    }

    fn handle(&self, req: &Req) -> Resp {
        handle(&crate::product::lock(&self.state), req)
    }

    fn content_type(&self, _gateway_401: bool) -> &'static str {
        "application/json;charset=UTF-8"
    }

    fn quota(&self) -> &'static crate::product::Quota {
        &QUOTA
    }

    fn gateway_headers(&self, _resp: &Resp, remaining: u64, out: &mut Vec<(&'static str, String)>) {
        // Recorded on ZCC besides the gateway's x-ratelimit-* headers.
        out.push(("x-rate-limit-remaining", remaining.to_string()));
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_unique() {
        let st = ZccState::seeded();
        assert_eq!(st.devices.len(), 140);
        let udids: std::collections::HashSet<&str> =
            st.devices.iter().map(|d| str_field(d, "udid")).collect();
        assert_eq!(udids.len(), 140);
        assert_eq!(st.trusted_networks.len(), 5);
        assert_eq!(st.forwarding_profiles.len(), 3);
    }

    #[test]
    fn otp_codes() {
        let a = otp_code(42, 0);
        assert_eq!(a.len(), 10);
        assert_eq!(a, otp_code(42, 0));
        assert_ne!(a, otp_code(42, 1));
    }
}
