//! ZIA singleton settings objects (GET returns, PUT replaces), with the
//! checks the API makes on them and the file-hash quota.

use super::*;

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

pub(crate) fn with_flags(v: Value, flags: &[(&str, bool)]) -> Value {
    let mut v = v;
    if let Some(o) = v.as_object_mut() {
        for (k, b) in flags {
            o.insert((*k).to_string(), json!(b));
        }
    }
    v
}

pub(crate) fn advanced_settings_template() -> Value {
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

pub(crate) fn advanced_settings_seed() -> Value {
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

pub(crate) fn mobile_settings(on: bool) -> Value {
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
pub(crate) fn atp_settings(on: bool) -> Value {
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

pub(crate) fn check_atp_settings(obj: &mut Map<String, Value>) -> Result<(), Resp> {
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

pub(crate) fn malware_settings(on: bool) -> Value {
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

pub(crate) fn auth_settings_template() -> Value {
    json!({
        "orgAuthType": "ANY", "oneTimeAuth": "OTP_DISABLED", "samlEnabled": false, "kerberosEnabled": false,
        "kerberosPwd": "", "authFrequency": "DAILY_COOKIE", "authCustomFrequency": 0, "passwordStrength": "NONE",
        "passwordExpiry": "NEVER", "lastSyncStartTime": 0, "lastSyncEndTime": 0, "mobileAdminSamlIdpEnabled": false,
        "autoProvision": false, "directorySyncMigrateToScimEnabled": false,
    })
}

pub(crate) fn auth_settings_seed() -> Value {
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

pub(crate) fn auth_settings_lite(more: &MoreState) -> Resp {
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

pub(crate) fn is_md5(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The custom MD5 list: entries `{url, urlComment, type}` with a 32-hex
/// `url`, lower-cased and deduplicated, at most 10,000. The Go SDK still
/// sends the older `fileHashesToBeBlocked` string list (SDKs disagree;
/// the recording and Python use `md5HashValueList`): it is accepted and
/// converted to deny entries.
pub(crate) fn check_behavioral(obj: &mut Map<String, Value>) -> Result<(), Resp> {
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

pub(crate) const HASH_QUOTA: usize = 10_000;

pub(crate) fn single<'a>(more: &'a MoreState, path: &[&str]) -> &'a Value {
    SINGLETONS
        .iter()
        .position(|s| s.path == path)
        .and_then(|i| more.singles.get(i))
        .unwrap_or(&Value::Null)
}

pub(crate) fn singleton(more: &mut MoreState, req: &Req, i: usize) -> Resp {
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

pub(crate) fn file_hash_count(more: &MoreState) -> Resp {
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
