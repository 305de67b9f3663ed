//! ZIA endpoints that are not plain collections: singleton settings, URL
//! lists changed by action, sandbox reports and quotas, static IP and IPS
//! rule validators, GRE/VIP helpers, geo lookups, cloud application catalogs
//! and Cloud App Control helpers.

use super::engine::conform;
use super::specs::{static_ip_conflict, RULE_TYPES};
use super::{MoreState, Outer};
use crate::util::{parse_count, str_field, Req, Resp};
use crate::zia::{id_of, invalid_body, invalid_input, method_not_allowed, zia_page};
use axum::http::Method;
use serde_json::{json, Map, Value};
use std::net::Ipv4Addr;

/// Route the special endpoints; None when `rest` is not one of them.
pub(crate) fn route(
    more: &mut MoreState,
    _outer: &Outer,
    req: &Req,
    rest: &[&str],
) -> Option<Resp> {
    if let Some(i) = SINGLETONS.iter().position(|s| s.path == rest) {
        return Some(singleton(more, req, i));
    }
    if let Some(i) = URL_LISTS.iter().position(|l| l.path == rest) {
        return Some(url_list(more, req, i));
    }
    let m = &req.method;
    let get = |f: &dyn Fn() -> Resp| {
        if *m == Method::GET {
            f()
        } else {
            method_not_allowed(m)
        }
    };
    let resp = match rest {
        ["authSettings", "lite"] => get(&|| auth_settings_lite(more)),
        ["behavioralAnalysisAdvancedSettings", "fileHashCount"] => get(&|| file_hash_count(more)),
        ["sandbox", "report", "quota"] => get(&|| sandbox_quota(more)),
        ["sandbox", "report", md5] => match *m {
            Method::GET => sandbox_report(more, req, md5),
            _ => method_not_allowed(m),
        },
        ["staticIP", "validate"] => match *m {
            Method::POST => validate_static_ip(more, req),
            _ => method_not_allowed(m),
        },
        ["ipsSignatureRules", "validateRuleText"] => match *m {
            Method::POST => validate_rule_text(more, req),
            _ => method_not_allowed(m),
        },
        ["greTunnels", "availableInternalIpRanges"] => get(&|| internal_ip_ranges(more, req)),
        ["vips", "recommendedList"] => get(&|| vips_recommended(more, req)),
        ["vips", "groupByDatacenter"] => get(&|| vips_by_datacenter(more, req)),
        ["region", "search"] => get(&|| region_search(req)),
        ["region", "byGeoCoordinates"] => get(&|| region_by_coordinates(req)),
        ["region", "byIPAddress", ip] => get(&|| region_by_ip(ip)),
        ["webApplicationRules", "ruleTypeMapping"] => get(&rule_type_mapping),
        ["webApplicationRules", rule_type, "availableActions"] => match *m {
            Method::POST => available_actions(req, rule_type),
            _ => method_not_allowed(m),
        },
        ["cloudApplications", "policy"] | ["cloudApplications", "sslPolicy"] => {
            get(&|| cloud_app_policy(req))
        }
        ["cloudApplications", "lite"] => get(&|| shadow_apps_lite(more, req)),
        ["cloudApplications", "bulkUpdate"] => match *m {
            Method::PUT => shadow_bulk_update(more, req),
            _ => method_not_allowed(m),
        },
        ["fileTypeCategories"] => get(&|| file_type_categories(req)),
        _ => return None,
    };
    Some(resp)
}

// ---------------------------------------------------------------- singletons

/// Extra validation/normalisation of a singleton's new value.
pub(crate) type SingletonCheck = fn(&mut Map<String, Value>) -> Result<(), Resp>;

/// A settings object: GET returns it; PUT replaces it (fields the body
/// omits fall back to the template's defaults) and returns it.
pub(crate) struct Singleton {
    pub path: &'static [&'static str],
    /// Defaults and field types.
    pub template: fn() -> Value,
    pub seed: fn() -> Value,
    /// Extra validation/normalisation of the new object.
    pub check: Option<SingletonCheck>,
    pub sample_update: fn() -> Value,
}

pub(crate) static SINGLETONS: &[Singleton] = &[
    Singleton {
        path: &["advancedSettings"],
        template: advanced_settings_template,
        seed: advanced_settings_seed,
        check: None,
        sample_update: || json!({"uiSessionTimeout": 1800, "enableOffice365": false, "authBypassUrls": [".update.example.com"]}),
    },
    Singleton {
        path: &["mobileAdvanceThreatSettings"],
        template: || mobile_settings(false),
        seed: || {
            with_flags(
                mobile_settings(true),
                &[
                    ("blockAppsSendingLocationInfo", false),
                    ("blockAppsCommunicatingWithAdWebsites", false),
                ],
            )
        },
        check: None,
        sample_update: || json!({"blockAppsWithMaliciousActivity": true, "blockAppsSendingLocationInfo": true}),
    },
    Singleton {
        path: &["cyberThreatProtection", "advancedThreatSettings"],
        template: || atp_settings(false),
        seed: || {
            with_flags(
                atp_settings(true),
                &[
                    ("torBlocked", false),
                    ("googleTalkBlocked", false),
                    ("cryptoMiningCapture", false),
                ],
            )
        },
        check: Some(check_atp_settings),
        sample_update: || json!({"riskTolerance": 50, "torBlocked": true, "blockedCountries": ["COUNTRY_KP"]}),
    },
    Singleton {
        path: &["cyberThreatProtection", "malwareSettings"],
        template: || malware_settings(false),
        seed: || {
            with_flags(
                malware_settings(true),
                &[("adwareCapture", false), ("spywareCapture", false)],
            )
        },
        check: None,
        sample_update: || json!({"virusBlocked": true, "trojanBlocked": true, "ransomwareCapture": true}),
    },
    Singleton {
        path: &["cyberThreatProtection", "malwarePolicy"],
        template: || json!({"blockUnscannableFiles": false, "blockPasswordProtectedArchiveFiles": false}),
        seed: || json!({"blockUnscannableFiles": true, "blockPasswordProtectedArchiveFiles": false}),
        check: None,
        sample_update: || json!({"blockUnscannableFiles": false, "blockPasswordProtectedArchiveFiles": true}),
    },
    Singleton {
        path: &["cyberThreatProtection", "atpMalwareInspection"],
        template: || json!({"inspectInbound": false, "inspectOutbound": false}),
        seed: || json!({"inspectInbound": true, "inspectOutbound": true}),
        check: None,
        sample_update: || json!({"inspectInbound": true, "inspectOutbound": false}),
    },
    Singleton {
        path: &["cyberThreatProtection", "atpMalwareProtocols"],
        template: || json!({"inspectHttp": false, "inspectFtpOverHttp": false, "inspectFtp": false}),
        seed: || json!({"inspectHttp": true, "inspectFtpOverHttp": true, "inspectFtp": false}),
        check: None,
        sample_update: || json!({"inspectHttp": true, "inspectFtpOverHttp": false, "inspectFtp": true}),
    },
    Singleton {
        path: &["authSettings"],
        template: auth_settings_template,
        seed: auth_settings_seed,
        check: None,
        sample_update: || json!({"orgAuthType": "SAFECHANNEL_DIR", "samlEnabled": true, "authFrequency": "DAILY_COOKIE"}),
    },
    Singleton {
        path: &["behavioralAnalysisAdvancedSettings"],
        template: || json!({"md5HashValueList": []}),
        seed: || {
            json!({"md5HashValueList": [
                {"url": "42914d6d213a20a2684064be5c80ffa9", "urlComment": "Emotet loader", "type": "CUSTOM_FILEHASH_DENY"},
                {"url": "8f14e45fceea167a5a36dedd4bea2543", "urlComment": "Known-good build tool", "type": "CUSTOM_FILEHASH_ALLOW"}
            ]})
        },
        check: Some(check_behavioral),
        sample_update: || json!({"md5HashValueList": [{"url": "c0202cf6aeab8437c638533d14563d35", "urlComment": "tests", "type": "CUSTOM_FILEHASH_DENY"}]}),
    },
];

fn with_flags(v: Value, flags: &[(&str, bool)]) -> Value {
    let mut v = v;
    if let Some(o) = v.as_object_mut() {
        for (k, b) in flags {
            o.insert((*k).to_string(), json!(b));
        }
    }
    v
}

fn advanced_settings_template() -> Value {
    json!({
        "authBypassUrls": [], "kerberosBypassUrls": [], "digestAuthBypassUrls": [],
        "authBypassApps": [], "authBypassUrlCategories": [], "kerberosBypassUrlCategories": [],
        "kerberosBypassApps": [], "basicBypassUrlCategories": [], "basicBypassApps": [],
        "digestAuthBypassUrlCategories": [], "digestAuthBypassApps": [],
        "dnsResolutionOnTransparentProxyExemptUrls": [], "dnsResolutionOnTransparentProxyUrls": [],
        "dnsResolutionOnTransparentProxyApps": [], "dnsResolutionOnTransparentProxyExemptApps": [],
        "dnsResolutionOnTransparentProxyUrlCategories": [], "dnsResolutionOnTransparentProxyExemptUrlCategories": [],
        "domainFrontingBypassUrlCategories": [], "blockDomainFrontingApps": [],
        "httpRangeHeaderRemoveUrlCategories": [], "preferSniOverConnHostApps": [],
        "sniDnsOptimizationBypassUrlCategories": [],
        "enableDnsResolutionOnTransparentProxy": false, "enableIPv6DnsResolutionOnTransparentProxy": false,
        "enableIPv6DnsOptimizationOnAllTransparentProxy": false, "enableEvaluatePolicyOnGlobalSSLBypass": false,
        "enableOffice365": false, "logInternalIp": false, "enforceSurrogateIpForWindowsApp": false,
        "trackHttpTunnelOnHttpPorts": false, "blockHttpTunnelOnNonHttpPorts": false,
        "blockDomainFrontingOnHostHeader": false, "zscalerClientConnector1AndPacRoadWarriorInFirewall": false,
        "cascadeUrlFiltering": false, "enablePolicyForUnauthenticatedTraffic": false,
        "blockNonCompliantHttpRequestOnHttpPorts": false, "enableAdminRankAccess": false,
        "http2NonbrowserTrafficEnabled": false, "ecsForAllEnabled": false, "dynamicUserRiskEnabled": false,
        "blockConnectHostSniMismatch": false, "preferSniOverConnHost": false, "sipaXffHeaderEnabled": false,
        "blockNonHttpOnHttpPortEnabled": false, "uiSessionTimeout": 0,
    })
}

fn advanced_settings_seed() -> Value {
    let mut v = advanced_settings_template();
    if let Some(o) = v.as_object_mut() {
        for (k, val) in [
            (
                "authBypassUrls",
                json!([".okta.com", "login.microsoftonline.com"]),
            ),
            ("kerberosBypassUrls", json!(["intranet.sandbox.example"])),
            ("enableDnsResolutionOnTransparentProxy", json!(true)),
            ("enableOffice365", json!(true)),
            ("logInternalIp", json!(true)),
            ("blockNonCompliantHttpRequestOnHttpPorts", json!(true)),
            ("enableAdminRankAccess", json!(true)),
            ("http2NonbrowserTrafficEnabled", json!(true)),
            ("uiSessionTimeout", json!(3600)),
        ] {
            o.insert(k.into(), val);
        }
    }
    v
}

fn mobile_settings(on: bool) -> Value {
    json!({
        "blockAppsWithMaliciousActivity": on,
        "blockAppsWithKnownVulnerabilities": on,
        "blockAppsSendingUnencryptedUserCredentials": on,
        "blockAppsSendingLocationInfo": on,
        "blockAppsSendingPersonallyIdentifiableInfo": on,
        "blockAppsSendingDeviceIdentifier": on,
        "blockAppsCommunicatingWithAdWebsites": on,
        "blockAppsCommunicatingWithRemoteUnknownServers": on,
    })
}

/// ATP settings (field names as the API spells them, including
/// `fileFormatVunerabilites...`).
fn atp_settings(on: bool) -> Value {
    let mut o = Map::new();
    o.insert("riskTolerance".into(), json!(if on { 40 } else { 0 }));
    o.insert("riskToleranceCapture".into(), json!(false));
    for k in [
        "cmdCtlServer",
        "cmdCtlTraffic",
        "malwareSites",
        "activeX",
        "browserExploits",
        "fileFormatVunerabilites",
        "knownPhishingSites",
        "suspectedPhishingSites",
        "suspectAdwareSpywareSites",
        "webspam",
        "ircTunnelling",
        "anonymizer",
        "potentialMaliciousRequests",
        "bitTorrent",
        "tor",
        "googleTalk",
        "sshTunnelling",
        "cryptoMining",
        "adSpywareSites",
        "dgaDomains",
    ] {
        o.insert(format!("{k}Blocked"), json!(on));
        o.insert(format!("{k}Capture"), json!(on && k != "bitTorrent"));
    }
    o.insert("cookieStealingBlocked".into(), json!(on));
    o.insert("cookieStealingPCAPEnabled".into(), json!(false));
    o.insert("blockedCountries".into(), json!([]));
    o.insert("blockCountriesCapture".into(), json!(false));
    o.insert("alertForUnknownOrSuspiciousC2Traffic".into(), json!(on));
    o.insert("maliciousUrlsCapture".into(), json!(on));
    Value::Object(o)
}

fn check_atp_settings(obj: &mut Map<String, Value>) -> Result<(), Resp> {
    if let Some(r) = obj.get("riskTolerance") {
        if !r.as_i64().is_some_and(|r| (0..=100).contains(&r)) {
            return Err(invalid_input("riskTolerance must be between 0 and 100"));
        }
    }
    match obj.get("blockedCountries") {
        Some(Value::Array(a))
            if a.iter()
                .all(|c| c.as_str().is_some_and(|c| c.starts_with("COUNTRY_"))) =>
        {
            Ok(())
        }
        Some(Value::Array(_)) => Err(invalid_input("blockedCountries must be COUNTRY_xx values")),
        _ => Ok(()),
    }
}

fn malware_settings(on: bool) -> Value {
    let mut o = Map::new();
    for k in [
        "virus",
        "unwantedApplications",
        "trojan",
        "worm",
        "adware",
        "spyware",
        "ransomware",
        "remoteAccessTool",
    ] {
        o.insert(format!("{k}Blocked"), json!(on));
        o.insert(format!("{k}Capture"), json!(on));
    }
    Value::Object(o)
}

fn auth_settings_template() -> Value {
    json!({
        "orgAuthType": "ANY", "oneTimeAuth": "OTP_DISABLED", "samlEnabled": false, "kerberosEnabled": false,
        "kerberosPwd": "", "authFrequency": "DAILY_COOKIE", "authCustomFrequency": 0, "passwordStrength": "NONE",
        "passwordExpiry": "NEVER", "lastSyncStartTime": 0, "lastSyncEndTime": 0, "mobileAdminSamlIdpEnabled": false,
        "autoProvision": false, "directorySyncMigrateToScimEnabled": false,
    })
}

fn auth_settings_seed() -> Value {
    with_flags(
        json!({
            "orgAuthType": "SAFECHANNEL_DIR", "oneTimeAuth": "OTP_DISABLED", "kerberosPwd": "",
            "authFrequency": "CUSTOM_COOKIE", "authCustomFrequency": 30, "passwordStrength": "STRONG",
            "passwordExpiry": "SIX_MONTHS", "lastSyncStartTime": 1_772_990_000, "lastSyncEndTime": 1_772_990_420,
        }),
        &[
            ("samlEnabled", true),
            ("kerberosEnabled", false),
            ("mobileAdminSamlIdpEnabled", false),
            ("autoProvision", true),
            ("directorySyncMigrateToScimEnabled", false),
        ],
    )
}

fn auth_settings_lite(more: &MoreState) -> Resp {
    let full = single(more, &["authSettings"]);
    let mut o = Map::new();
    for k in [
        "orgAuthType",
        "samlEnabled",
        "kerberosEnabled",
        "autoProvision",
    ] {
        if let Some(v) = full.get(k) {
            o.insert(k.into(), v.clone());
        }
    }
    Resp::ok(Value::Object(o))
}

fn is_md5(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The custom MD5 list: entries `{url, urlComment, type}` with a 32-hex
/// `url`, lower-cased and deduplicated, at most 10,000. The Go SDK still
/// sends the older `fileHashesToBeBlocked` string list (SDKs disagree;
/// the recording and Python use `md5HashValueList`): it is accepted and
/// converted to deny entries.
fn check_behavioral(obj: &mut Map<String, Value>) -> Result<(), Resp> {
    let mut entries: Vec<Value> = Vec::new();
    let mut push = |url: &str, comment: Value, kind: Value| -> Result<(), Resp> {
        let url = url.trim().to_ascii_lowercase();
        if !is_md5(&url) {
            return Err(invalid_input(&format!("'{url}' is not a valid MD5 hash")));
        }
        if !entries.iter().any(|e| str_field(e, "url") == url) {
            entries.push(json!({"url": url, "urlComment": comment, "type": kind}));
        }
        Ok(())
    };
    if let Some(legacy) = obj.remove("fileHashesToBeBlocked") {
        let Some(list) = legacy.as_array() else {
            return Err(invalid_body());
        };
        for h in list {
            let Some(h) = h.as_str() else {
                return Err(invalid_body());
            };
            push(h, json!(""), json!("CUSTOM_FILEHASH_DENY"))?;
        }
    }
    if let Some(list) = obj
        .get("md5HashValueList")
        .and_then(Value::as_array)
        .cloned()
    {
        for e in list {
            let Some(url) = e.get("url").and_then(Value::as_str) else {
                return Err(invalid_body());
            };
            let kind = e
                .get("type")
                .cloned()
                .unwrap_or(json!("CUSTOM_FILEHASH_DENY"));
            if !matches!(
                kind.as_str(),
                Some("CUSTOM_FILEHASH_DENY" | "CUSTOM_FILEHASH_ALLOW")
            ) {
                return Err(invalid_input(
                    "type must be CUSTOM_FILEHASH_DENY or CUSTOM_FILEHASH_ALLOW",
                ));
            }
            push(url, e.get("urlComment").cloned().unwrap_or(json!("")), kind)?;
        }
    }
    if entries.len() > HASH_QUOTA {
        return Err(invalid_input(
            "A maximum of 10,000 MD5 file hashes can be blocked",
        ));
    }
    obj.insert("md5HashValueList".into(), Value::Array(entries));
    Ok(())
}

const HASH_QUOTA: usize = 10_000;

fn single<'a>(more: &'a MoreState, path: &[&str]) -> &'a Value {
    SINGLETONS
        .iter()
        .position(|s| s.path == path)
        .and_then(|i| more.singles.get(i))
        .unwrap_or(&Value::Null)
}

fn singleton(more: &mut MoreState, req: &Req, i: usize) -> Resp {
    let Some(spec) = SINGLETONS.get(i) else {
        return crate::zia::no_route(req);
    };
    match req.method {
        Method::GET => Resp::ok(more.singles.get(i).cloned().unwrap_or(Value::Null)),
        Method::PUT => {
            let Some(body) = req.json_object() else {
                return invalid_body();
            };
            let template = (spec.template)().as_object().cloned().unwrap_or_default();
            let body = match conform(body, &template) {
                Ok(b) => b,
                Err(r) => return r,
            };
            let mut obj = template;
            crate::util::overlay(&mut obj, &body);
            if let Some(check) = spec.check {
                if let Err(r) = check(&mut obj) {
                    return r;
                }
            }
            let v = Value::Object(obj);
            if let Some(slot) = more.singles.get_mut(i) {
                *slot = v.clone();
            }
            more.touch();
            Resp::ok(v)
        }
        _ => method_not_allowed(&req.method),
    }
}

fn file_hash_count(more: &MoreState) -> Resp {
    let list = single(more, &["behavioralAnalysisAdvancedSettings"])
        .get("md5HashValueList")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let allowed = list
        .iter()
        .filter(|e| str_field(e, "type") == "CUSTOM_FILEHASH_ALLOW")
        .count();
    let denied = list.len() - allowed;
    // The recording shows the allowed/denied counters; the API reference
    // (and the Go SDK) name `blockedFileHashesCount`/`remainingFileHashes`,
    // so both are sent.
    Resp::ok(json!({
        "allowedFileHashesCount": allowed,
        "allowedRemainingFileHashes": HASH_QUOTA.saturating_sub(allowed),
        "deniedFileHashesCount": denied,
        "deniedRemainingFileHashes": HASH_QUOTA.saturating_sub(denied),
        "blockedFileHashesCount": denied,
        "remainingFileHashes": HASH_QUOTA.saturating_sub(list.len()),
    }))
}

// ---------------------------------------------------------------- URL lists

/// A list of URLs kept as `{field: [...]}`: GET returns it; the write
/// method with `?action=ADD_TO_LIST|REMOVE_FROM_LIST` changes it
/// incrementally; without an action (where allowed) it replaces it.
pub(crate) struct UrlList {
    pub path: &'static [&'static str],
    pub field: &'static str,
    /// The write method is POST (else PUT).
    pub post: bool,
    /// The write needs an action (no full replace).
    pub action_required: bool,
    pub seed: fn() -> Vec<String>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub(crate) static URL_LISTS: &[UrlList] = &[
    // Both SDKs POST with an action.
    UrlList {
        path: &["authSettings", "exemptedUrls"],
        field: "urls",
        post: true,
        action_required: true,
        seed: || {
            strings(&[
                "login.microsoftonline.com",
                ".okta.com",
                "sso.sandbox.example",
            ])
        },
    },
    // Both SDKs PUT with an action.
    UrlList {
        path: &["cyberThreatProtection", "maliciousUrls"],
        field: "maliciousUrls",
        post: false,
        action_required: false,
        seed: || {
            strings(&[
                "malware.testcategory.com",
                "evil.example.net",
                "phish.example.org",
            ])
        },
    },
    // SDKs disagree: Python PUTs the whole list (no action), Go PUTs with
    // ?action=ADD_TO_LIST|REMOVE_FROM_LIST. Both are served; Python's full
    // replace is the default.
    UrlList {
        path: &["cyberThreatProtection", "securityExceptions"],
        field: "bypassUrls",
        post: false,
        action_required: false,
        seed: || strings(&["updates.vendor.example", ".windowsupdate.com"]),
    },
];

fn valid_url_entry(u: &str) -> bool {
    !u.is_empty() && u.len() <= 1024 && !u.chars().any(char::is_whitespace)
}

fn url_list(more: &mut MoreState, req: &Req, i: usize) -> Resp {
    let Some(spec) = URL_LISTS.get(i) else {
        return crate::zia::no_route(req);
    };
    let write = if spec.post { Method::POST } else { Method::PUT };
    let current = more.url_lists.get(i).cloned().unwrap_or_default();
    if req.method == Method::GET {
        return Resp::ok(json!({ spec.field: current }));
    }
    if req.method != write {
        return method_not_allowed(&req.method);
    }
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let Some(Value::Array(items)) = body.get(spec.field) else {
        return invalid_body();
    };
    let mut change = Vec::with_capacity(items.len());
    for item in items {
        let Some(u) = item.as_str() else {
            return invalid_body();
        };
        let u = u.trim();
        if !valid_url_entry(u) {
            return invalid_input(&format!("Invalid URL '{u}'"));
        }
        change.push(u.to_string());
    }
    let action = req.q("action").map(|a| a.trim().to_ascii_uppercase());
    let updated = match action.as_deref() {
        Some("ADD_TO_LIST") | Some("REMOVE_FROM_LIST") if change.is_empty() => {
            return invalid_input("The URL list cannot be empty");
        }
        Some("ADD_TO_LIST") => {
            let mut list = current;
            for u in change {
                if !list.iter().any(|x| x.eq_ignore_ascii_case(&u)) {
                    list.push(u);
                }
            }
            list
        }
        Some("REMOVE_FROM_LIST") => current
            .into_iter()
            .filter(|x| !change.iter().any(|u| u.eq_ignore_ascii_case(x)))
            .collect(),
        None | Some("") if !spec.action_required => {
            let mut list: Vec<String> = Vec::new();
            for u in change {
                if !list.iter().any(|x| x.eq_ignore_ascii_case(&u)) {
                    list.push(u);
                }
            }
            list
        }
        None | Some("") => {
            return invalid_input(
                "The action parameter is required: ADD_TO_LIST or REMOVE_FROM_LIST",
            );
        }
        Some(other) => {
            return invalid_input(&format!(
                "Invalid action '{other}': expected ADD_TO_LIST or REMOVE_FROM_LIST"
            ));
        }
    };
    if let Some(slot) = more.url_lists.get_mut(i) {
        *slot = updated.clone();
    }
    more.touch();
    Resp::ok(json!({ spec.field: updated }))
}

// ---------------------------------------------------------------- sandbox

const REPORT_QUOTA: u64 = 3000;

fn sandbox_quota(more: &MoreState) -> Resp {
    let used = more.sandbox_reports_used.min(REPORT_QUOTA);
    Resp::ok(
        json!([{"startTime": -1, "used": used, "allowed": REPORT_QUOTA, "scale": "DAYS", "unused": REPORT_QUOTA - used}]),
    )
}

struct Sample {
    md5: &'static str,
    sha1: &'static str,
    sha256: &'static str,
    file_type: &'static str,
    size: u64,
    verdict: &'static str,
    category: &'static str,
    score: u64,
    malware: &'static str,
}

const SAMPLES: &[Sample] = &[
    Sample {
        md5: "42914d6d213a20a2684064be5c80ffa9",
        sha1: "3c2d7a1f1b6e0a9f4e8d2c6b5a4f3e2d1c0b9a88",
        sha256: "9b1f0c4d5e6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e",
        file_type: "EXE",
        size: 412_672,
        verdict: "MALICIOUS",
        category: "MALWARE_BOTNET",
        score: 100,
        malware: "Win32.Trojan.Emotet",
    },
    Sample {
        md5: "c0202cf6aeab8437c638533d14563d35",
        sha1: "7e1f2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6",
        sha256: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809",
        file_type: "PDF",
        size: 183_104,
        verdict: "BENIGN",
        category: "BENIGN",
        score: 8,
        malware: "",
    },
    Sample {
        md5: "1ca31319721740ecb79f4b9ee74cd9b0",
        sha1: "0f9e8d7c6b5a49382716a5b4c3d2e1f0a9b8c7d6",
        sha256: "f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f30291a0b9c8d7e6f5a4b",
        file_type: "DOCX",
        size: 96_512,
        verdict: "SUSPICIOUS",
        category: "SUSPICIOUS_MACRO",
        score: 62,
        malware: "",
    },
];

fn sandbox_parts(s: &Sample) -> (Value, Value, Value) {
    let summary = json!({"Status": "COMPLETED", "Category": s.category, "FileType": s.file_type,
                         "StartTime": 1_772_900_000, "Duration": 142_000});
    let classification = json!({"Type": s.verdict, "Category": s.category, "Score": s.score, "DetectedMalware": s.malware});
    let props = json!({"FileType": s.file_type, "FileSize": s.size, "MD5": s.md5, "SHA1": s.sha1, "Sha256": s.sha256,
                       "Issuer": "", "DigitalCerificate": "", "SSDeep": "", "RootCA": ""});
    (summary, classification, props)
}

/// `GET /sandbox/report/{md5}?details=summary|full`: the report is wrapped
/// in `{"Summary": {...}}` or `{"Full Details": {...}}`; an unknown hash
/// is still a 200 with `Status: CONTENT_NOTFOUND` (recorded for summary;
/// the same wrapper is used for full).
fn sandbox_report(more: &mut MoreState, req: &Req, md5: &str) -> Resp {
    let details = req
        .q("details")
        .map(|d| d.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "summary".to_string());
    let key = match details.as_str() {
        "summary" | "" => "Summary",
        "full" => "Full Details",
        other => {
            return invalid_input(&format!(
                "Invalid details '{other}': expected full or summary"
            ));
        }
    };
    if !is_md5(md5.trim()) {
        return invalid_input(&format!("'{md5}' is not a valid MD5 hash"));
    }
    more.sandbox_reports_used = more.sandbox_reports_used.saturating_add(1);
    let md5 = md5.trim().to_ascii_lowercase();
    let Some(s) = SAMPLES.iter().find(|s| s.md5 == md5) else {
        return Resp::ok(
            json!({ key: {"Summary": {"Status": "CONTENT_NOTFOUND", "Message": "Content lookup failed."}} }),
        );
    };
    let (summary, classification, props) = sandbox_parts(s);
    if key == "Summary" {
        return Resp::ok(
            json!({"Summary": {"Summary": summary, "Classification": classification, "FileProperties": props}}),
        );
    }
    let malicious = s.verdict == "MALICIOUS";
    let sig = |risk: &str, text: &str| json!({"Risk": risk, "Signature": text, "SignatureSources": ["SANDBOX"]});
    let (networking, persistence, stealth) = if malicious {
        (
            vec![sig("HIGH", "Connects to known command and control servers")],
            vec![sig("HIGH", "Creates an autorun registry key")],
            vec![sig(
                "MEDIUM",
                "Disables Windows Defender real-time protection",
            )],
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Resp::ok(json!({"Full Details": {
        "Summary": summary,
        "Classification": classification,
        "FileProperties": props,
        "Origin": {"Risk": if malicious { "HIGH" } else { "LOW" }, "Language": "English", "Country": "United States"},
        "SystemSummary": if malicious { vec![sig("HIGH", "Injects code into a remote process")] } else { Vec::new() },
        "Spyware": [],
        "Networking": networking,
        "SecurityBypass": [],
        "Exploit": [],
        "Stealth": stealth,
        "Persistence": persistence,
    }}))
}

// ---------------------------------------------------------------- validators

/// `POST /staticIP/validate {"ipAddress"}`: a bare `SUCCESS` (recorded, with
/// content type application/json) when the address can be added.
fn validate_static_ip(more: &MoreState, req: &Req) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let ip = body
        .get("ipAddress")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if ip.parse::<Ipv4Addr>().is_err() {
        return invalid_input(&format!("Invalid IP address '{ip}'"));
    }
    if more
        .coll("staticIP")
        .iter()
        .any(|s| str_field(s, "ipAddress") == ip)
    {
        return static_ip_conflict(ip);
    }
    Resp::text("SUCCESS")
}

/// Syntax check of a custom (Snort-style) IPS signature, in the shape of
/// `POST /ipsSignatureRules/validateRuleText` (`status` 0 when valid).
/// `self_id` is the rule being edited (its own `sid` is not a duplicate).
pub(crate) fn check_signature(text: &str, more: &MoreState, self_id: Option<i64>) -> Value {
    let fail = |pos: usize, msg: &str, param: &str| json!({"status": 1, "errPosition": pos, "errMsg": msg, "errParameter": param, "errSuggestion": ""});
    let t = text.trim();
    if t.is_empty() {
        return fail(0, "Rule text is empty", "ruleText");
    }
    let action = t.split_whitespace().next().unwrap_or("");
    if !matches!(action, "alert" | "drop" | "pass" | "reject") {
        return fail(1, &format!("Invalid rule action '{action}'"), "action");
    }
    let (Some(open), true) = (t.find('('), t.ends_with(')')) else {
        return fail(t.len(), "Missing rule options in parentheses", "options");
    };
    let options = &t[open + 1..t.len() - 1];
    let sid = options
        .split(';')
        .filter_map(|o| o.trim().strip_prefix("sid:"))
        .map(|s| s.trim().to_string())
        .next();
    let Some(sid) = sid.filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())) else {
        return fail(open + 1, "Missing or invalid sid option", "sid");
    };
    let clash = more.coll("ipsSignatureRules").iter().any(|r| {
        id_of(r) != self_id && sid_of(str_field(r, "ruleText")).as_deref() == Some(sid.as_str())
    });
    if clash {
        return fail(
            open + 1,
            &format!("Duplicate signature: sid {sid} already exists"),
            "sid",
        );
    }
    json!({"status": 0, "errPosition": 0, "errMsg": "", "errParameter": "", "errSuggestion": ""})
}

fn sid_of(text: &str) -> Option<String> {
    text.split(';')
        .filter_map(|o| o.trim().strip_prefix("sid:"))
        .map(|s| s.trim().to_string())
        .next()
}

fn validate_rule_text(more: &MoreState, req: &Req) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let Some(text) = body.get("ruleText").and_then(Value::as_str) else {
        return invalid_body();
    };
    Resp::ok(check_signature(text, more, None))
}

// ---------------------------------------------------------------- geo

#[derive(Clone, Copy)]
pub(crate) struct City {
    pub geo_id: i64,
    pub state_geo_id: i64,
    pub city: &'static str,
    pub state: &'static str,
    pub country: &'static str,
    pub cc: &'static str,
    pub continent: &'static str,
    pub postal: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// A city from `(geo id, state geo id)`, `(city, state, country, country
/// code, continent code, postal code)` and `(latitude, longitude)`.
const fn city(
    ids: (i64, i64),
    names: (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
    at: (f64, f64),
) -> City {
    City {
        geo_id: ids.0,
        state_geo_id: ids.1,
        city: names.0,
        state: names.1,
        country: names.2,
        cc: names.3,
        continent: names.4,
        postal: names.5,
        lat: at.0,
        lon: at.1,
    }
}

const US: &str = "United States";

static CITIES: &[City] = &[
    city(
        (5_392_171, 5_332_921),
        ("San Jose", "California", US, "US", "NA", "95113"),
        (37.3382, -121.8863),
    ),
    city(
        (5_391_959, 5_332_921),
        ("San Francisco", "California", US, "US", "NA", "94103"),
        (37.7749, -122.4194),
    ),
    city(
        (5_391_811, 5_332_921),
        ("San Diego", "California", US, "US", "NA", "92101"),
        (32.7157, -117.1611),
    ),
    city(
        (4_726_206, 4_736_286),
        ("San Antonio", "Texas", US, "US", "NA", "78205"),
        (29.4241, -98.4936),
    ),
    city(
        (5_393_015, 5_332_921),
        ("Santa Clara", "California", US, "US", "NA", "95050"),
        (37.3541, -121.9552),
    ),
    city(
        (4_887_398, 4_896_861),
        ("Chicago", "Illinois", US, "US", "NA", "60601"),
        (41.8781, -87.6298),
    ),
    city(
        (5_128_581, 5_128_638),
        ("New York", "New York", US, "US", "NA", "10001"),
        (40.7128, -74.006),
    ),
    city(
        (4_269_447, 4_273_857),
        ("Cheney", "Kansas", US, "US", "NA", "67025"),
        (37.6325999, -97.7724999),
    ),
    city(
        (4_480_125, 4_482_348),
        ("Mooresville", "North Carolina", US, "US", "NA", "28115"),
        (35.5837999, -80.864),
    ),
    city(
        (6_167_865, 6_093_943),
        ("Toronto", "Ontario", "Canada", "CA", "NA", "M5H"),
        (43.6532, -79.3832),
    ),
    city(
        (2_643_743, 6_269_131),
        ("London", "England", "United Kingdom", "GB", "EU", "EC1A"),
        (51.5074, -0.1278),
    ),
    city(
        (2_925_533, 2_905_330),
        ("Frankfurt am Main", "Hesse", "Germany", "DE", "EU", "60311"),
        (50.1109, 8.6821),
    ),
    city(
        (1_787_746, 1_806_260),
        ("Yancheng", "Jiangsu", "China", "CN", "AS", "224000"),
        (33.364, 120.1592),
    ),
    city(
        (2_147_714, 2_155_400),
        ("Sydney", "New South Wales", "Australia", "AU", "OC", "2000"),
        (-33.8688, 151.2093),
    ),
];

/// Addresses with a known location (the seeded static IPs).
const IP_CITIES: &[(&str, usize)] = &[
    ("198.51.100.10", 0),
    ("198.51.100.20", 9),
    ("203.0.113.30", 10),
    ("203.0.113.50", 11),
    ("104.239.237.2", 7),
    ("184.104.180.61", 7),
    ("24.224.96.16", 8),
    ("121.234.54.67", 12),
];

fn region_info(c: &City) -> Value {
    json!({"cityGeoId": c.geo_id, "stateGeoId": c.state_geo_id, "latitude": c.lat, "longitude": c.lon,
           "cityName": c.city, "stateName": c.state, "countryName": c.country, "countryCode": c.cc,
           "postalCode": c.postal, "continentCode": c.continent})
}

/// Where an address is: the known table, else a deterministic pick.
pub(crate) fn city_for_ip(ip: &str) -> City {
    if let Some((_, i)) = IP_CITIES.iter().find(|(a, _)| *a == ip.trim()) {
        if let Some(c) = CITIES.get(*i) {
            return *c;
        }
    }
    let sum: usize = ip.bytes().map(usize::from).sum();
    CITIES[sum % CITIES.len()]
}

fn distance(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let x = (p1.sin() * p2.sin() + p1.cos() * p2.cos() * dl.cos()).clamp(-1.0, 1.0);
    x.acos()
}

pub(crate) fn nearest_city(lat: f64, lon: f64) -> City {
    let mut best = CITIES[0];
    let mut best_d = f64::MAX;
    for c in CITIES {
        let d = distance(lat, lon, c.lat, c.lon);
        if d < best_d {
            best_d = d;
            best = *c;
        }
    }
    best
}

/// `GET /region/search?prefix=city[, state[, country]]` (paged 100/1000);
/// a blank prefix is the recorded 400.
fn region_search(req: &Req) -> Resp {
    let prefix = req.q("prefix").map(str::trim).unwrap_or("");
    if prefix.is_empty() {
        return invalid_input("Invalid or blank search prefix.");
    }
    let parts: Vec<String> = prefix.split(',').map(|p| p.trim().to_lowercase()).collect();
    let starts = |hay: &str, i: usize| {
        parts
            .get(i)
            .filter(|p| !p.is_empty())
            .is_none_or(|p| hay.to_lowercase().starts_with(p.as_str()))
    };
    let out: Vec<Value> = CITIES
        .iter()
        .filter(|c| starts(c.city, 0) && starts(c.state, 1) && starts(c.country, 2))
        .map(region_info)
        .collect();
    zia_page(req, out, 100, 1000)
}

fn coord(req: &Req, name: &str, lim: f64) -> Option<f64> {
    req.q(name)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && (-lim..=lim).contains(v))
}

fn region_by_coordinates(req: &Req) -> Resp {
    match (coord(req, "latitude", 90.0), coord(req, "longitude", 180.0)) {
        (Some(lat), Some(lon)) => Resp::ok(region_info(&nearest_city(lat, lon))),
        _ => invalid_input("latitude (-90..90) and longitude (-180..180) are required"),
    }
}

fn region_by_ip(ip: &str) -> Resp {
    let Ok(addr) = ip.trim().parse::<Ipv4Addr>() else {
        return invalid_input(&format!("Invalid IP address '{ip}'"));
    };
    if addr.is_private() || addr.is_loopback() || addr.is_unspecified() || addr.is_link_local() {
        return invalid_input(&format!("{ip} is not a public IP address"));
    }
    Resp::ok(region_info(&city_for_ip(ip)))
}

// ---------------------------------------------------------------- GRE / VIPs

pub(crate) struct Vip {
    pub id: i64,
    pub ip: &'static str,
    pub dc: &'static str,
    pub city: &'static str,
    pub cc: &'static str,
    pub region: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// GRE virtual IPs (the US and Canadian ones as recorded).
static VIPS: &[Vip] = &[
    Vip {
        id: 170_301,
        ip: "170.85.14.129",
        dc: "CHI2",
        city: "Chicago",
        cc: "US",
        region: "NorthAmerica",
        lat: 39.0,
        lon: -89.0,
    },
    Vip {
        id: 65_303,
        ip: "165.225.10.32",
        dc: "DEN3",
        city: "Denver",
        cc: "US",
        region: "NorthAmerica",
        lat: 42.0,
        lon: -106.0,
    },
    Vip {
        id: 213_857,
        ip: "170.85.96.129",
        dc: "DFW2",
        city: "Dallas",
        cc: "US",
        region: "NorthAmerica",
        lat: 31.0,
        lon: -96.0,
    },
    Vip {
        id: 270_926,
        ip: "170.85.86.129",
        dc: "WAS4",
        city: "Washington, DC",
        cc: "US",
        region: "NorthAmerica",
        lat: 38.0,
        lon: -77.0,
    },
    Vip {
        id: 28_524,
        ip: "104.129.206.159",
        dc: "ATL2",
        city: "Atlanta, GA",
        cc: "US",
        region: "NorthAmerica",
        lat: 34.0,
        lon: -84.0,
    },
    Vip {
        id: 101_741,
        ip: "165.225.242.33",
        dc: "SJC4",
        city: "San Jose",
        cc: "US",
        region: "NorthAmerica",
        lat: 37.0,
        lon: -122.0,
    },
    Vip {
        id: 57_081,
        ip: "165.225.208.32",
        dc: "YTO3",
        city: "Toronto",
        cc: "CA",
        region: "NorthAmerica",
        lat: 44.0,
        lon: -79.0,
    },
    Vip {
        id: 98_509,
        ip: "165.225.212.34",
        dc: "YMQ1",
        city: "Montreal",
        cc: "CA",
        region: "NorthAmerica",
        lat: 45.0,
        lon: -73.0,
    },
    Vip {
        id: 118_093,
        ip: "147.161.166.32",
        dc: "LON3",
        city: "London",
        cc: "GB",
        region: "Europe",
        lat: 51.0,
        lon: 0.0,
    },
    Vip {
        id: 203_550,
        ip: "165.225.72.33",
        dc: "FRA4",
        city: "Frankfurt",
        cc: "DE",
        region: "Europe",
        lat: 50.0,
        lon: 8.0,
    },
];

pub(crate) fn vip(id: i64) -> Option<&'static Vip> {
    VIPS.iter().find(|v| v.id == id)
}

fn vip_json(v: &Vip, country_code: String) -> Value {
    json!({"id": v.id, "virtualIp": v.ip, "privateServiceEdge": false, "datacenter": v.dc,
           "latitude": v.lat, "longitude": v.lon, "city": v.city, "countryCode": country_code, "region": v.region})
}

/// A VIP as embedded in a GRE tunnel: the country code is padded to four
/// characters and the primary VIP carries `dontProvision`, as recorded.
pub(crate) fn vip_ref(v: &Vip, primary: bool) -> Value {
    let mut j = vip_json(v, format!("{:<4}", v.cc));
    if primary {
        if let Some(o) = j.as_object_mut() {
            o.insert("dontProvision".into(), json!(true));
        }
    }
    j
}

/// VIPs nearest to a source IP or coordinates, at most 5.
pub(crate) fn recommended_vips(
    source_ip: Option<&str>,
    coords: Option<(f64, f64)>,
    within_country: bool,
) -> Vec<&'static Vip> {
    let (lat, lon, cc) = match (coords, source_ip) {
        (Some((lat, lon)), _) => {
            let c = nearest_city(lat, lon);
            (lat, lon, c.cc)
        }
        (None, Some(ip)) => {
            let c = city_for_ip(ip);
            (c.lat, c.lon, c.cc)
        }
        (None, None) => (0.0, 0.0, ""),
    };
    let mut vips: Vec<&Vip> = VIPS
        .iter()
        .filter(|v| !within_country || v.cc == cc)
        .collect();
    vips.sort_by(|a, b| {
        distance(lat, lon, a.lat, a.lon).total_cmp(&distance(lat, lon, b.lat, b.lon))
    });
    vips.truncate(5);
    vips
}

fn vip_query(req: &Req) -> Result<Vec<&'static Vip>, Resp> {
    let source = req.q("sourceIp").map(str::trim).filter(|s| !s.is_empty());
    let coords = match (coord(req, "latitude", 90.0), coord(req, "longitude", 180.0)) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    };
    if let Some(ip) = source {
        if ip.parse::<Ipv4Addr>().is_err() {
            return Err(invalid_input(&format!("Invalid source IP '{ip}'")));
        }
    } else if coords.is_none() {
        return Err(invalid_input(
            "sourceIp or latitude and longitude are required",
        ));
    }
    Ok(recommended_vips(
        source,
        coords,
        req.q_bool("withinCountryOnly"),
    ))
}

fn vips_recommended(_more: &MoreState, req: &Req) -> Resp {
    match vip_query(req) {
        Ok(vips) => Resp::ok(Value::Array(
            vips.iter().map(|v| vip_json(v, v.cc.to_string())).collect(),
        )),
        Err(r) => r,
    }
}

fn vips_by_datacenter(_more: &MoreState, req: &Req) -> Resp {
    match vip_query(req) {
        Ok(vips) => Resp::ok(Value::Array(
            vips.iter()
                .map(|v| {
                    json!({"datacenter": {"datacenter": v.dc, "latitude": v.lat, "longitude": v.lon,
                                          "city": v.city, "countryCode": v.cc, "region": v.region},
                           "greVips": [{"id": v.id, "virtualIp": v.ip}]})
                })
                .collect(),
        )),
        Err(r) => r,
    }
}

/// Free /29 internal ranges in 172.17.0.0–172.31.255.255 (start, end),
/// skipping those GRE tunnels use.
pub(crate) fn free_internal_ranges(more: &MoreState, limit: usize) -> Vec<(Ipv4Addr, Ipv4Addr)> {
    let used: Vec<u32> = more
        .coll("greTunnels")
        .iter()
        .filter_map(|t| t.get("internalIpRange").and_then(Value::as_str))
        .filter_map(|r| r.parse::<Ipv4Addr>().ok())
        .map(u32::from)
        .collect();
    let start = u32::from(Ipv4Addr::new(172, 17, 0, 0));
    let end = u32::from(Ipv4Addr::new(172, 31, 255, 248));
    let mut out = Vec::new();
    let mut a = start;
    while a <= end && out.len() < limit {
        if !used.iter().any(|u| *u / 8 == a / 8) {
            out.push((Ipv4Addr::from(a), Ipv4Addr::from(a + 7)));
        }
        a += 8;
    }
    out
}

fn internal_ip_ranges(more: &MoreState, req: &Req) -> Resp {
    let limit = parse_count(req.q("limit"))
        .filter(|n| *n > 0)
        .unwrap_or(10)
        .min(1000);
    let limit = usize::try_from(limit).unwrap_or(1000);
    Resp::ok(Value::Array(
        free_internal_ranges(more, limit)
            .into_iter()
            .map(|(a, b)| json!({"startIPAddress": a.to_string(), "endIPAddress": b.to_string()}))
            .collect(),
    ))
}

// ---------------------------------------------------------------- Cloud App Control

/// Actions per Cloud App Control rule type (Python SDK
/// `cloudappcontrol.add_rule` docstring).
pub(crate) fn actions_for(rule_type: &str) -> &'static [&'static str] {
    match rule_type {
        "AI_ML" => &[
            "ALLOW_AI_ML_WEB_USE",
            "CAUTION_AI_ML_WEB_USE",
            "DENY_AI_ML_WEB_USE",
            "ISOLATE_AI_ML_WEB_USE",
        ],
        "BUSINESS_PRODUCTIVITY" => &[
            "ALLOW_BUSINESS_PRODUCTIVITY_APPS",
            "BLOCK_BUSINESS_PRODUCTIVITY_APPS",
            "CAUTION_BUSINESS_PRODUCTIVITY_APPS",
            "ISOLATE_BUSINESS_PRODUCTIVITY_APPS",
        ],
        "CONSUMER" => &[
            "ALLOW_CONSUMER_APPS",
            "BLOCK_CONSUMER_APPS",
            "CAUTION_CONSUMER_APPS",
            "ISOLATE_CONSUMER_APPS",
        ],
        "DNS_OVER_HTTPS" => &["ALLOW_DNS_OVER_HTTPS_USE", "DENY_DNS_OVER_HTTPS_USE"],
        "ENTERPRISE_COLLABORATION" => &[
            "ALLOW_ENTERPRISE_COLLABORATION_APPS",
            "BLOCK_ENTERPRISE_COLLABORATION_APPS",
            "CAUTION_ENTERPRISE_COLLABORATION_APPS",
            "ISOLATE_ENTERPRISE_COLLABORATION_APPS",
        ],
        "FILE_SHARE" => &[
            "ALLOW_FILE_SHARE_VIEW",
            "ALLOW_FILE_SHARE_UPLOAD",
            "CAUTION_FILE_SHARE_VIEW",
            "DENY_FILE_SHARE_VIEW",
            "DENY_FILE_SHARE_UPLOAD",
            "ISOLATE_FILE_SHARE_VIEW",
        ],
        "FINANCE" => &[
            "ALLOW_FINANCE_USE",
            "CAUTION_FINANCE_USE",
            "DENY_FINANCE_USE",
            "ISOLATE_FINANCE_USE",
        ],
        "HEALTH_CARE" => &[
            "ALLOW_HEALTH_CARE_USE",
            "CAUTION_HEALTH_CARE_USE",
            "DENY_HEALTH_CARE_USE",
            "ISOLATE_HEALTH_CARE_USE",
        ],
        "HOSTING_PROVIDER" => &[
            "ALLOW_HOSTING_PROVIDER_USE",
            "CAUTION_HOSTING_PROVIDER_USE",
            "DENY_HOSTING_PROVIDER_USE",
            "ISOLATE_HOSTING_PROVIDER_USE",
        ],
        "HUMAN_RESOURCES" => &[
            "ALLOW_HUMAN_RESOURCES_USE",
            "CAUTION_HUMAN_RESOURCES_USE",
            "DENY_HUMAN_RESOURCES_USE",
            "ISOLATE_HUMAN_RESOURCES_USE",
        ],
        "INSTANT_MESSAGING" => &[
            "ALLOW_CHAT",
            "ALLOW_FILE_TRANSFER_IN_CHAT",
            "BLOCK_CHAT",
            "BLOCK_FILE_TRANSFER_IN_CHAT",
            "CAUTION_CHAT",
            "ISOLATE_CHAT",
        ],
        "IT_SERVICES" => &[
            "ALLOW_IT_SERVICES_USE",
            "CAUTION_LEGAL_USE",
            "DENY_IT_SERVICES_USE",
            "ISOLATE_IT_SERVICES_USE",
        ],
        "LEGAL" => &[
            "ALLOW_LEGAL_USE",
            "DENY_DNS_OVER_HTTPS_USE",
            "DENY_LEGAL_USE",
            "ISOLATE_LEGAL_USE",
        ],
        "SALES_AND_MARKETING" => &[
            "ALLOW_SALES_MARKETING_APPS",
            "BLOCK_SALES_MARKETING_APPS",
            "CAUTION_SALES_MARKETING_APPS",
            "ISOLATE_SALES_MARKETING_APPS",
        ],
        "STREAMING_MEDIA" => &[
            "ALLOW_STREAMING_VIEW_LISTEN",
            "ALLOW_STREAMING_UPLOAD",
            "BLOCK_STREAMING_UPLOAD",
            "CAUTION_STREAMING_VIEW_LISTEN",
            "ISOLATE_STREAMING_VIEW_LISTEN",
        ],
        "SOCIAL_NETWORKING" => &[
            "ALLOW_SOCIAL_NETWORKING_VIEW",
            "ALLOW_SOCIAL_NETWORKING_POST",
            "BLOCK_SOCIAL_NETWORKING_VIEW",
            "BLOCK_SOCIAL_NETWORKING_POST",
            "CAUTION_SOCIAL_NETWORKING_VIEW",
        ],
        "SYSTEM_AND_DEVELOPMENT" => &[
            "ALLOW_SYSTEM_DEVELOPMENT_APPS",
            "ALLOW_SYSTEM_DEVELOPMENT_UPLOAD",
            "BLOCK_SYSTEM_DEVELOPMENT_APPS",
            "BLOCK_SYSTEM_DEVELOPMENT_UPLOAD",
            "CAUTION_SYSTEM_DEVELOPMENT_APPS",
            "ISOLATE_SYSTEM_DEVELOPMENT_APPS",
        ],
        "WEBMAIL" => &[
            "ALLOW_WEBMAIL_VIEW",
            "ALLOW_WEBMAIL_ATTACHMENT_SEND",
            "ALLOW_WEBMAIL_SEND",
            "CAUTION_WEBMAIL_VIEW",
            "BLOCK_WEBMAIL_VIEW",
            "BLOCK_WEBMAIL_ATTACHMENT_SEND",
            "BLOCK_WEBMAIL_SEND",
            "ISOLATE_WEBMAIL_VIEW",
        ],
        _ => &[],
    }
}

/// `POST /webApplicationRules/{ruleType}/availableActions {"cloudApps":[...]}`
/// → the action names the rule type supports.
fn available_actions(req: &Req, rule_type: &str) -> Resp {
    if !RULE_TYPES.contains(&rule_type) {
        return invalid_input(&format!("Invalid rule type '{rule_type}'"));
    }
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    match body.get("cloudApps") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => {}
        Some(_) => return invalid_body(),
    }
    Resp::ok(json!(actions_for(rule_type)))
}

fn rule_type_mapping() -> Resp {
    let names = [
        ("AI & ML Applications", "AI_ML"),
        ("Business Productivity", "BUSINESS_PRODUCTIVITY"),
        ("Consumer", "CONSUMER"),
        ("DNS Over HTTPS Services", "DNS_OVER_HTTPS"),
        (
            "Collaboration & Online Meetings",
            "ENTERPRISE_COLLABORATION",
        ),
        ("File Sharing", "FILE_SHARE"),
        ("Finance", "FINANCE"),
        ("Health Care", "HEALTH_CARE"),
        ("Hosting Providers", "HOSTING_PROVIDER"),
        ("Human Resources", "HUMAN_RESOURCES"),
        ("Instant Messaging", "INSTANT_MESSAGING"),
        ("IT Services", "IT_SERVICES"),
        ("Legal", "LEGAL"),
        ("Sales & Marketing", "SALES_AND_MARKETING"),
        ("Streaming Media", "STREAMING_MEDIA"),
        ("Social Networking", "SOCIAL_NETWORKING"),
        ("DevOps", "SYSTEM_AND_DEVELOPMENT"),
        ("Webmail", "WEBMAIL"),
    ];
    let mut o = Map::new();
    for (k, v) in names {
        o.insert(k.into(), json!(v));
    }
    Resp::ok(Value::Object(o))
}

// ---------------------------------------------------------------- cloud application catalogs

/// (app, appName, parent, parentName)
static CLOUD_APPS: &[(&str, &str, &str, &str)] = &[
    ("GOOGLE_WEBMAIL", "Gmail", "WEBMAIL", "Webmail"),
    ("YAHOO_WEBMAIL", "Yahoo Mail", "WEBMAIL", "Webmail"),
    ("OUTLOOK_WEBMAIL", "Outlook.com", "WEBMAIL", "Webmail"),
    ("YOUTUBE", "YouTube", "STREAMING_MEDIA", "Streaming Media"),
    ("NETFLIX", "Netflix", "STREAMING_MEDIA", "Streaming Media"),
    ("VIMEO", "Vimeo", "STREAMING_MEDIA", "Streaming Media"),
    ("TWITCH", "Twitch", "STREAMING_MEDIA", "Streaming Media"),
    (
        "FACEBOOK",
        "Facebook",
        "SOCIAL_NETWORKING",
        "Social Networking",
    ),
    (
        "LINKEDIN",
        "LinkedIn",
        "SOCIAL_NETWORKING",
        "Social Networking",
    ),
    (
        "TWITTER",
        "X (Twitter)",
        "SOCIAL_NETWORKING",
        "Social Networking",
    ),
    ("DROPBOX", "Dropbox", "FILE_SHARE", "File Sharing"),
    ("BOX", "Box", "FILE_SHARE", "File Sharing"),
    ("WETRANSFER", "WeTransfer", "FILE_SHARE", "File Sharing"),
    ("GOOGLE_DRIVE", "Google Drive", "FILE_SHARE", "File Sharing"),
    ("CHATGPT_AI", "ChatGPT", "AI_ML", "AI & ML Applications"),
    (
        "GOOGLE_GEMINI",
        "Google Gemini",
        "AI_ML",
        "AI & ML Applications",
    ),
    ("SLACK", "Slack", "INSTANT_MESSAGING", "Instant Messaging"),
    (
        "MSTEAMS",
        "Microsoft Teams",
        "ENTERPRISE_COLLABORATION",
        "Collaboration & Online Meetings",
    ),
    (
        "ZOOM",
        "Zoom",
        "ENTERPRISE_COLLABORATION",
        "Collaboration & Online Meetings",
    ),
    ("GITHUB", "GitHub", "SYSTEM_AND_DEVELOPMENT", "DevOps"),
    (
        "SALESFORCE",
        "Salesforce",
        "SALES_AND_MARKETING",
        "Sales & Marketing",
    ),
    ("WORKDAY", "Workday", "HUMAN_RESOURCES", "Human Resources"),
];

/// `GET /cloudApplications/policy` and `/sslPolicy`: `search` (name
/// contains), `appClass` (repeatable or comma-separated), `groupResults`
/// (counts per class), `page`/`pageSize` (default 200, max 1000).
fn cloud_app_policy(req: &Req) -> Resp {
    let classes: Vec<String> = req
        .query
        .iter()
        .filter(|(k, _)| k == "appClass")
        .flat_map(|(_, v)| v.split(','))
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    let search = req.q("search").map(str::trim).filter(|s| !s.is_empty());
    let apps: Vec<&(&str, &str, &str, &str)> = CLOUD_APPS
        .iter()
        .filter(|(_, _, parent, _)| classes.is_empty() || classes.iter().any(|c| c == parent))
        .filter(|(app, name, _, _)| {
            search.is_none_or(|s| crate::util::icontains(name, s) || crate::util::icontains(app, s))
        })
        .collect();
    if req.q_bool("groupResults") {
        let mut counts = Map::new();
        for (_, _, parent, _) in &apps {
            let n = counts.get(*parent).and_then(Value::as_u64).unwrap_or(0);
            counts.insert((*parent).to_string(), json!(n + 1));
        }
        return Resp::ok(Value::Object(counts));
    }
    let items: Vec<Value> = apps
        .iter()
        .map(|(app, name, parent, pname)| json!({"app": app, "appName": name, "parent": parent, "parentName": pname}))
        .collect();
    zia_page(req, items, 200, 1000)
}

/// `GET /cloudApplications/lite?pageNumber=&limit=` (0-based page number).
fn shadow_apps_lite(more: &MoreState, req: &Req) -> Resp {
    let limit = parse_count(req.q("limit"))
        .filter(|n| *n > 0)
        .unwrap_or(1000);
    let page = parse_count(req.q("pageNumber")).unwrap_or(0);
    let items: Vec<Value> = more
        .shadow_apps
        .iter()
        .map(|a| json!({"id": a.get("id").cloned().unwrap_or(Value::Null), "name": a.get("name").cloned().unwrap_or(Value::Null)}))
        .collect();
    Resp::ok(Value::Array(crate::util::page_slice(
        &items,
        page.saturating_add(1),
        limit,
    )))
}

/// `PUT /cloudApplications/bulkUpdate {"sanctionedState","applicationIds","customTags":[{id}]}`.
fn shadow_bulk_update(more: &mut MoreState, req: &Req) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let state = body
        .get("sanctionedState")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !matches!(state, "SANCTIONED" | "UN_SANCTIONED" | "ANY") {
        return invalid_input("sanctionedState must be SANCTIONED, UN_SANCTIONED or ANY");
    }
    let ids: Vec<i64> = match body.get("applicationIds") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => {
            let parsed: Option<Vec<i64>> = a
                .iter()
                .map(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok()))
                .collect();
            match parsed {
                Some(p) => p,
                None => return invalid_body(),
            }
        }
        Some(_) => return invalid_body(),
    };
    if let Some(bad) = ids
        .iter()
        .find(|id| !more.shadow_apps.iter().any(|a| id_of(a) == Some(**id)))
    {
        return invalid_input(&format!("Cloud application {bad} does not exist"));
    }
    let tags = more.coll("customTags").to_vec();
    let mut tag_refs = Vec::new();
    match body.get("customTags") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for t in a {
                let id = t
                    .get("id")
                    .and_then(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok()));
                let Some(id) = id else {
                    return invalid_body();
                };
                let Some(tag) = tags.iter().find(|x| id_of(x) == Some(id)) else {
                    return invalid_input(&format!("Custom tag {id} does not exist"));
                };
                tag_refs.push(tag.clone());
            }
        }
        Some(_) => return invalid_body(),
    }
    for app in more.shadow_apps.iter_mut() {
        if id_of(app).is_some_and(|id| ids.contains(&id)) {
            if let Some(o) = app.as_object_mut() {
                o.insert("sanctionedState".into(), json!(state));
                o.insert("customTags".into(), Value::Array(tag_refs.clone()));
            }
        }
    }
    more.touch();
    Resp::ok(json!({"sanctionedState": state, "applicationIds": ids, "customTags": tag_refs}))
}

// ---------------------------------------------------------------- file type categories

const DLP: u8 = 1;
const EXT: u8 = 2;
const FTC: u8 = 4;

/// (id, name, parent, enums)
static FILE_TYPES: &[(i64, &str, &str, u8)] = &[
    (
        1,
        "FTCATEGORY_WINDOWS_EXECUTABLES",
        "EXECUTABLE",
        DLP | EXT | FTC,
    ),
    (2, "FTCATEGORY_MSI", "EXECUTABLE", DLP | FTC),
    (3, "FTCATEGORY_BAT", "EXECUTABLE", FTC),
    (4, "FTCATEGORY_ZIP", "ARCHIVE", DLP | EXT | FTC),
    (5, "FTCATEGORY_RAR", "ARCHIVE", DLP | EXT | FTC),
    (6, "FTCATEGORY_7ZIP", "ARCHIVE", DLP | FTC),
    (7, "FTCATEGORY_MS_WORD", "DOCUMENT", DLP | EXT | FTC),
    (8, "FTCATEGORY_MS_EXCEL", "DOCUMENT", DLP | EXT | FTC),
    (9, "FTCATEGORY_MS_POWERPOINT", "DOCUMENT", DLP | EXT | FTC),
    (10, "FTCATEGORY_PDF_DOCUMENT", "DOCUMENT", DLP | EXT | FTC),
    (11, "FTCATEGORY_JAVASCRIPT", "WEB_CONTENT", FTC),
    (12, "FTCATEGORY_PNG", "IMAGE", DLP | FTC),
    (13, "FTCATEGORY_JPEG", "IMAGE", DLP | FTC),
    (14, "FTCATEGORY_CSV", "DOCUMENT", DLP | EXT),
    (15, "FTCATEGORY_SOURCE_CODE", "CODE", DLP),
    (1_000_001, "Custom_Design_Files", "CUSTOM", DLP | FTC),
];

/// `GET /fileTypeCategories?enums=...&excludeCustomFileTypes=` →
/// `[{id, name, parent}]`.
fn file_type_categories(req: &Req) -> Resp {
    let mut mask = 0u8;
    for (k, v) in &req.query {
        if k != "enums" {
            continue;
        }
        for e in v.split(',') {
            mask |= match e.trim().to_ascii_uppercase().as_str() {
                "ZSCALERDLP" => DLP,
                "EXTERNALDLP" => EXT,
                "FILETYPECATEGORYFORFILETYPECONTROL" => FTC,
                _ => 0,
            };
        }
    }
    let exclude_custom = req.q_bool("excludeCustomFileTypes");
    let out: Vec<Value> = FILE_TYPES
        .iter()
        .filter(|(_, _, _, enums)| mask == 0 || enums & mask != 0)
        .filter(|(_, _, parent, _)| !(exclude_custom && *parent == "CUSTOM"))
        .map(|(id, name, parent, _)| json!({"id": id, "name": name, "parent": parent}))
        .collect();
    Resp::ok(Value::Array(out))
}

/// For tests: a DLP engine expression check through the registry data.
#[cfg(test)]
fn engine_ok(expr: &str) -> bool {
    super::specs::check_engine_expression(expr, &MoreState::seeded()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        let more = MoreState::seeded();
        let ok = check_signature(
            "alert tcp any any -> any 80 (msg:\"x\"; sid:42; rev:1;)",
            &more,
            None,
        );
        assert_eq!(ok["status"], 0);
        let dup = check_signature(
            "alert tcp any any -> any 80 (msg:\"x\"; sid:1000010; rev:1;)",
            &more,
            None,
        );
        assert_eq!(dup["status"], 1);
        let own = check_signature(
            "alert tcp any any -> any 80 (msg:\"x\"; sid:1000010; rev:3;)",
            &more,
            Some(2_500_001),
        );
        assert_eq!(own["status"], 0);
        assert_eq!(check_signature("bogus", &more, None)["status"], 1);
        assert_eq!(
            check_signature("alert tcp any any -> any 80 (msg:\"x\";)", &more, None)["status"],
            1
        );
        assert_eq!(check_signature("", &more, None)["status"], 1);
        assert!(engine_ok("((D5010004.S > 0))"));
    }

    #[test]
    fn geo_and_vips() {
        let c = nearest_city(37.3, -121.9);
        assert_eq!(c.city, "San Jose");
        assert_eq!(city_for_ip("104.239.237.2").city, "Cheney");
        let vips = recommended_vips(Some("104.239.237.2"), None, true);
        assert!(!vips.is_empty() && vips.iter().all(|v| v.cc == "US"));
        assert_eq!(vip_ref(vips[0], true)["countryCode"], "US  ");
        let more = MoreState::seeded();
        let free = free_internal_ranges(&more, 3);
        assert_eq!(free.len(), 3);
        assert_eq!(free[0].0.to_string(), "172.17.0.16");
        assert_eq!(free[0].1.to_string(), "172.17.0.23");
    }

    #[test]
    fn every_rule_type_has_actions() {
        for t in RULE_TYPES {
            assert!(!actions_for(t).is_empty(), "{t}");
        }
        for s in SINGLETONS {
            let seed = (s.seed)();
            let template = (s.template)();
            // Seeds have exactly the template's fields.
            let sk: Vec<&String> = seed.as_object().unwrap().keys().collect();
            let tk: Vec<&String> = template.as_object().unwrap().keys().collect();
            let mut sk2 = sk.clone();
            let mut tk2 = tk.clone();
            sk2.sort();
            tk2.sort();
            assert_eq!(sk2, tk2, "{:?}", s.path);
        }
    }
}
