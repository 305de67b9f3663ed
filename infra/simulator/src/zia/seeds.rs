//! Templates (defaults and field types), seed objects and sample write
//! bodies of the registry collections. Shapes follow the recordings where
//! there are some (IP groups, network services, static IPs, GRE tunnels,
//! VPN credentials, SSL rules) and the SDK models elsewhere. Each collection
//! has its own id range.

use crate::util::overlay;
use crate::zia::{api_admin, SEED_TIME};
use serde_json::{json, Value};

fn with(base: Value, extra: Value) -> Value {
    let mut o = base.as_object().cloned().unwrap_or_default();
    if let Some(e) = extra.as_object() {
        overlay(&mut o, e);
    }
    Value::Object(o)
}

/// Seeded objects stamped as last modified through the API at seed time.
fn stamped(v: Value) -> Value {
    with(
        v,
        json!({"lastModifiedTime": SEED_TIME, "lastModifiedBy": api_admin()}),
    )
}

// ---------------------------------------------------------------- rule tables

fn rule_base() -> Value {
    json!({
        "id": 0,
        "accessControl": "READ_WRITE",
        "name": "",
        "order": 1,
        "rank": 7,
        "state": "ENABLED",
        "description": "",
        "locations": [],
        "locationGroups": [],
        "groups": [],
        "departments": [],
        "users": [],
        "timeWindows": [],
        "labels": [],
        "defaultRule": false,
        "predefined": false,
    })
}

/// A seeded rule: `extra` over the template, stamped.
fn rule(template: Value, id: i64, name: &str, order: i64, extra: Value) -> Value {
    stamped(with(
        template,
        with(json!({"id": id, "name": name, "order": order}), extra),
    ))
}

pub(crate) fn dns_rule_template() -> Value {
    with(
        rule_base(),
        json!({
            "action": "ALLOW",
            "protocols": ["ANY_RULE"],
            "srcIps": [],
            "destAddresses": [],
            "destCountries": [],
            "sourceCountries": [],
            "destIpCategories": [],
            "resCategories": [],
            "applications": [],
            "dnsRuleRequestTypes": [],
            "srcIpGroups": [],
            "destIpGroups": [],
            "capturePCAP": false,
            "isWebEunEnabled": false,
        }),
    )
}

pub(crate) fn dns_rules() -> Vec<Value> {
    let t = dns_rule_template;
    vec![
        rule(
            t(),
            1_710_001,
            "Default Firewall DNS Rule",
            -1,
            json!({"defaultRule": true, "action": "ALLOW", "description": "Default DNS rule"}),
        ),
        rule(
            t(),
            1_710_002,
            "ZPA Resolver for Road Warrior",
            1,
            json!({"predefined": true, "action": "REDIR_ZPA", "description": "Resolves ZPA application domains for remote users", "locations": [{"id": -3, "name": "Road Warrior"}]}),
        ),
        rule(
            t(),
            1_710_003,
            "Block Embargoed DNS",
            2,
            json!({"action": "BLOCK", "blockResponseCode": "NXDOMAIN", "destCountries": ["COUNTRY_KP", "COUNTRY_IR", "COUNTRY_SY"], "labels": [{"id": 171_100_001, "name": "Production"}]}),
        ),
        rule(
            t(),
            1_710_004,
            "Redirect Corporate Domains",
            3,
            json!({"action": "REDIR_REQ", "redirectIp": "10.10.0.53", "dnsRuleRequestTypes": ["A", "AAAA"], "description": "Send internal names to the corporate resolver"}),
        ),
        rule(
            t(),
            1_710_005,
            "Block DNS over Unapproved Resolvers",
            4,
            json!({"action": "BLOCK", "state": "DISABLED", "protocols": ["DOHTTPS_RULE"], "labels": [{"id": 171_100_004, "name": "Temporary"}]}),
        ),
    ]
}

pub(crate) fn dns_rule_sample() -> Value {
    json!({"name": "tests-dns-rule", "description": "created by the registry test", "order": 1, "rank": 7,
           "state": "ENABLED", "action": "BLOCK", "destCountries": ["COUNTRY_CU"],
           "labels": [{"id": 171_100_002}]})
}

pub(crate) fn dns_rule_sample_update() -> Value {
    json!({"name": "tests-dns-rule-updated", "order": 2, "rank": 7, "state": "DISABLED", "action": "ALLOW"})
}

pub(crate) fn ips_rule_template() -> Value {
    with(
        rule_base(),
        json!({
            "action": "ALLOW",
            "capturePCAP": false,
            "enableFullLogging": false,
            "srcIps": [],
            "destAddresses": [],
            "destCountries": [],
            "sourceCountries": [],
            "destIpCategories": [],
            "resCategories": [],
            "srcIpGroups": [],
            "destIpGroups": [],
            "nwServices": [],
            "nwServiceGroups": [],
            "threatCategories": [],
            "isEunEnabled": false,
            "eunTemplateId": 0,
        }),
    )
}

pub(crate) fn ips_rules() -> Vec<Value> {
    let t = ips_rule_template;
    vec![
        rule(
            t(),
            1_720_001,
            "Default Cloud IPS Rule",
            -1,
            json!({"defaultRule": true, "action": "ALLOW", "description": "Default IPS rule", "enableFullLogging": true}),
        ),
        rule(
            t(),
            1_720_002,
            "Block Botnet Callbacks",
            1,
            json!({"action": "BLOCK_DROP", "threatCategories": [{"id": 66, "name": "Botnet Callback"}, {"id": 67, "name": "Command and Control"}], "labels": [{"id": 171_100_001, "name": "Production"}]}),
        ),
        rule(
            t(),
            1_720_003,
            "Reset Exploit Attempts",
            2,
            json!({"action": "BLOCK_RESET", "enableFullLogging": true, "threatCategories": [{"id": 71, "name": "Exploit Kit"}]}),
        ),
        rule(
            t(),
            1_720_004,
            "Bypass IPS for Backup Servers",
            3,
            json!({"action": "BYPASS_IPS", "srcIps": ["10.20.40.0/24"], "nwServices": [{"id": 774_010, "name": "SMB"}], "description": "Nightly backup replication"}),
        ),
    ]
}

pub(crate) fn ips_rule_sample() -> Value {
    json!({"name": "tests-ips-rule", "order": 1, "rank": 7, "state": "ENABLED", "action": "BLOCK_DROP",
           "srcIpGroups": [{"id": 10_596_602}], "enableFullLogging": true})
}

pub(crate) fn ips_rule_sample_update() -> Value {
    json!({"name": "tests-ips-rule-updated", "order": 1, "rank": 7, "state": "ENABLED", "action": "BLOCK_RESET"})
}

// ---------------------------------------------------------------- IPS signatures

pub(crate) fn ips_signature_template() -> Value {
    json!({
        "id": 0,
        "name": "",
        "description": "",
        "ruleText": "",
        "enabled": true,
        "deleted": false,
        "disabledFromZSCM": false,
        "dynamicValidationSubmitted": true,
        "dynamicValidationRejected": false,
        "dynamicValidationSucceeded": true,
    })
}

fn signature(id: i64, name: &str, desc: &str, text: &str, category: Value, enabled: bool) -> Value {
    with(
        ips_signature_template(),
        json!({"id": id, "name": name, "description": desc, "ruleText": text, "category": category,
               "enabled": enabled, "ruleTextModTime": SEED_TIME, "promoteTime": SEED_TIME}),
    )
}

pub(crate) fn ips_signature_rules() -> Vec<Value> {
    vec![
        signature(
            2_500_001,
            "Detect Admin Path Probing",
            "HTTP requests for /admin on any host",
            "alert http any any -> any any (msg:\"HTTP /admin\"; content:\"/admin\"; http_uri; nocase; sid:1000010; rev:1;)",
            json!({"id": 11, "name": "Web Attack"}),
            true,
        ),
        signature(
            2_500_002,
            "Block Legacy SMBv1 Negotiation",
            "SMBv1 dialect negotiation to the internet",
            "drop tcp any any -> any 445 (msg:\"SMBv1 negotiate\"; content:\"|FF|SMB\"; offset:4; depth:4; sid:1000011; rev:2;)",
            json!({"id": 14, "name": "Protocol Anomaly"}),
            true,
        ),
        signature(
            2_500_003,
            "Detect Suspicious User Agent",
            "Known scanner user agent",
            "alert http any any -> any any (msg:\"Scanner UA\"; content:\"sqlmap\"; http_user_agent; nocase; sid:1000012; rev:1;)",
            json!({"id": 12, "name": "Reconnaissance"}),
            false,
        ),
    ]
}

pub(crate) fn ips_signature_sample() -> Value {
    json!({"name": "tests-signature", "description": "registry test",
           "ruleText": "alert http any any -> any any (msg:\"tests\"; content:\"/tests-path\"; http_uri; sid:1000900; rev:1;)"})
}

pub(crate) fn ips_signature_sample_update() -> Value {
    json!({"name": "tests-signature-updated", "enabled": false,
           "ruleText": "alert http any any -> any any (msg:\"tests v2\"; content:\"/tests-path\"; http_uri; sid:1000900; rev:2;)"})
}

// ---------------------------------------------------------------- IP groups

pub(crate) fn ip_source_group_template() -> Value {
    json!({"id": 0, "name": "", "ipAddresses": [], "description": "", "creatorContext": "ZIA",
           "isNonEditable": false, "extranetIpPool": false})
}

pub(crate) fn ip_source_groups() -> Vec<Value> {
    let g = |id: i64, name: &str, ips: Value, desc: &str| {
        with(
            ip_source_group_template(),
            json!({"id": id, "name": name, "ipAddresses": ips, "description": desc}),
        )
    };
    vec![
        g(
            10_596_601,
            "Corporate Egress",
            json!(["198.51.100.10", "198.51.100.20"]),
            "Public egress addresses of the offices",
        ),
        g(
            10_596_602,
            "Branch Office Subnets",
            json!(["10.20.0.0/16", "10.30.0.0/16"]),
            "Internal branch ranges",
        ),
        g(
            10_596_603,
            "Partner VPN Ranges",
            json!(["203.0.113.0/24"]),
            "Partner extranet",
        ),
        g(
            10_596_604,
            "Guest Networks",
            json!(["192.168.100.0/24", "192.168.101.1-192.168.101.254"]),
            "Guest Wi-Fi",
        ),
    ]
}

pub(crate) fn ip_source_group_sample() -> Value {
    json!({"name": "tests-vcr0001", "description": "tests-vcr0002", "ipAddresses": ["192.168.1.1", "192.168.1.2", "192.168.1.3"]})
}

pub(crate) fn ip_source_group_sample_update() -> Value {
    json!({"name": "tests-vcr0001 Updated", "description": "tests-vcr0002 Updated", "ipAddresses": ["192.168.1.1", "192.168.1.2"]})
}

pub(crate) fn ip_destination_group_template() -> Value {
    json!({"id": 0, "name": "", "type": "DSTN_IP", "addresses": [], "description": "", "creatorContext": "ZIA",
           "ipCategories": [], "countries": [], "urlCategories": [], "ipAddresses": []})
}

pub(crate) fn ip_destination_groups() -> Vec<Value> {
    let g = |id: i64, name: &str, kind: &str, extra: Value| {
        with(
            ip_destination_group_template(),
            with(json!({"id": id, "name": name, "type": kind}), extra),
        )
    };
    vec![
        g(
            10_250_311,
            "SaaS Collaboration FQDNs",
            "DSTN_FQDN",
            json!({"addresses": ["slack.com", "zoom.us", "teams.microsoft.com"], "ipAddresses": ["slack.com", "zoom.us", "teams.microsoft.com"], "description": "Collaboration services"}),
        ),
        g(
            10_250_312,
            "AWS us-east-1 Ranges",
            "DSTN_IP",
            json!({"addresses": ["3.217.228.0-3.217.231.255"], "ipAddresses": ["3.217.228.0-3.217.231.255"], "description": "Cloud connector egress", "creatorContext": "EC"}),
        ),
        g(
            10_250_313,
            "Embargoed Countries",
            "DSTN_OTHER",
            json!({"countries": ["COUNTRY_KP", "COUNTRY_IR", "COUNTRY_SY", "COUNTRY_CU"], "description": "Sanctioned destinations"}),
        ),
        g(
            10_250_314,
            "Corporate Domains",
            "DSTN_DOMAIN",
            json!({"addresses": [".sandbox.example", ".sandbox-corp.example"], "ipAddresses": [".sandbox.example", ".sandbox-corp.example"], "description": "Internal domains"}),
        ),
    ]
}

pub(crate) fn ip_destination_group_sample() -> Value {
    json!({"name": "tests-vcr0001", "description": "tests-vcr0002", "addresses": ["1.1.1.1", "8.8.8.8"], "type": "DSTN_IP"})
}

pub(crate) fn ip_destination_group_sample_update() -> Value {
    json!({"name": "updated-vcr0003", "description": "updated-vcr0004", "addresses": ["1.1.1.1", "8.8.4.4"], "type": "DSTN_IP"})
}

// ---------------------------------------------------------------- network services

pub(crate) fn network_service_template() -> Value {
    json!({"id": 0, "name": "", "srcTcpPorts": [], "destTcpPorts": [], "srcUdpPorts": [], "destUdpPorts": [],
           "type": "CUSTOM", "description": "", "creatorContext": "ZIA", "isNameL10nTag": false})
}

pub(crate) fn network_services() -> Vec<Value> {
    let svc = |id: i64, name: &str, kind: &str, ports: Value| {
        let mut o = json!({"id": id, "name": name, "tag": name, "type": kind,
                           "description": format!("{name}_DESC"), "creatorContext": "ZIA", "isNameL10nTag": true});
        if let (Some(m), Some(p)) = (o.as_object_mut(), ports.as_object()) {
            overlay(m, p);
        }
        o
    };
    vec![
        svc(773_995, "ICMP_ANY", "STANDARD", json!({})),
        svc(
            773_997,
            "UDP_ANY",
            "STANDARD",
            json!({"srcUdpPorts": [], "destUdpPorts": []}),
        ),
        svc(
            773_999,
            "TCP_ANY",
            "STANDARD",
            json!({"srcTcpPorts": [], "destTcpPorts": []}),
        ),
        svc(
            774_001,
            "HTTP",
            "PREDEFINED",
            json!({"srcTcpPorts": [], "destTcpPorts": [{"start": 80}]}),
        ),
        svc(
            774_002,
            "HTTPS",
            "PREDEFINED",
            json!({"srcTcpPorts": [], "destTcpPorts": [{"start": 443}]}),
        ),
        svc(
            774_003,
            "DNS",
            "PREDEFINED",
            json!({"srcTcpPorts": [], "destTcpPorts": [{"start": 53}], "srcUdpPorts": [], "destUdpPorts": [{"start": 53}]}),
        ),
        svc(
            774_005,
            "NETBIOS",
            "PREDEFINED",
            json!({"srcTcpPorts": [], "destTcpPorts": [{"start": 139}, {"start": 137}], "srcUdpPorts": [], "destUdpPorts": [{"start": 137, "end": 138}]}),
        ),
        svc(
            774_007,
            "FTP",
            "PREDEFINED",
            json!({"srcTcpPorts": [], "destTcpPorts": [{"start": 21}]}),
        ),
        svc(
            774_010,
            "SMB",
            "PREDEFINED",
            json!({"srcTcpPorts": [], "destTcpPorts": [{"start": 445}]}),
        ),
        with(
            network_service_template(),
            json!({"id": 774_501, "name": "LDAP-Corp", "description": "Directory services",
                   "destTcpPorts": [{"start": 389}, {"start": 636}, {"start": 3268, "end": 3269}], "destUdpPorts": [{"start": 389}]}),
        ),
        with(
            network_service_template(),
            json!({"id": 774_502, "name": "Backup-Agent", "description": "Backup agent replication",
                   "destTcpPorts": [{"start": 10_000, "end": 10_010}]}),
        ),
    ]
}

pub(crate) fn network_service_sample() -> Value {
    json!({"name": "tests-vcr0001", "description": "tests-vcr0002",
           "destTcpPorts": [{"start": 389}, {"start": 636}, {"start": 3268, "end": 3269}], "destUdpPorts": [{"start": 389}]})
}

pub(crate) fn network_service_sample_update() -> Value {
    json!({"name": "updated-vcr0003", "description": "updated-vcr0004", "destTcpPorts": [{"start": 8443}]})
}

pub(crate) fn network_service_group_template() -> Value {
    json!({"id": 0, "name": "", "services": [], "description": "", "creatorContext": "ZIA"})
}

pub(crate) fn network_service_groups() -> Vec<Value> {
    let services = network_services();
    let pick = |ids: &[i64]| -> Value {
        Value::Array(
            services
                .iter()
                .filter(|s| ids.iter().any(|i| crate::zia::id_of(s) == Some(*i)))
                .map(|s| {
                    let mut s = s.clone();
                    if let Some(o) = s.as_object_mut() {
                        o.remove("creatorContext");
                    }
                    s
                })
                .collect(),
        )
    };
    let g = |id: i64, name: &str, ids: &[i64], desc: &str| {
        with(
            network_service_group_template(),
            json!({"id": id, "name": name, "services": pick(ids), "description": desc}),
        )
    };
    vec![
        g(
            10_610_001,
            "Web Services",
            &[774_001, 774_002],
            "HTTP and HTTPS",
        ),
        g(
            10_610_002,
            "Directory Services",
            &[774_003, 774_501],
            "DNS and LDAP",
        ),
        g(
            10_610_003,
            "File Transfer",
            &[774_007, 774_010],
            "FTP and SMB",
        ),
    ]
}

pub(crate) fn network_service_group_sample() -> Value {
    json!({"name": "tests-svc-group", "description": "registry test", "services": [{"id": 774_001}, {"id": 774_003}]})
}

pub(crate) fn network_service_group_sample_update() -> Value {
    json!({"name": "tests-svc-group-updated", "services": [{"id": 774_002}]})
}

pub(crate) fn network_applications() -> Vec<Value> {
    [
        ("OFFICE365", "APP_SERVICE", "Microsoft Office 365"),
        ("SALESFORCE", "APP_SERVICE", "Salesforce"),
        ("GOOGLEANALYTICS", "WEB_ANALYTICS", "Google Analytics"),
        ("ZOOM", "CONFERENCING", "Zoom video conferencing"),
        ("SKYPE", "INSTANT_MESSAGING", "Skype"),
        ("DROPBOX", "FILE_SHARE", "Dropbox"),
        ("BITTORRENT", "P2P", "BitTorrent"),
        ("APNS", "APP_SERVICE", "Apple Push Notification Service"),
    ]
    .iter()
    .map(|(id, parent, desc)| json!({"id": id, "parentCategory": parent, "description": desc, "deprecated": false}))
    .collect()
}

pub(crate) fn network_app_group_template() -> Value {
    json!({"id": 0, "name": "", "networkApplications": [], "description": ""})
}

pub(crate) fn network_app_groups() -> Vec<Value> {
    let g = |id: i64, name: &str, apps: Value, desc: &str| {
        with(
            network_app_group_template(),
            json!({"id": id, "name": name, "networkApplications": apps, "description": desc}),
        )
    };
    vec![
        g(
            10_620_001,
            "Productivity Suite",
            json!(["OFFICE365", "SALESFORCE"]),
            "Core business applications",
        ),
        g(
            10_620_002,
            "Conferencing",
            json!(["ZOOM", "SKYPE"]),
            "Voice and video",
        ),
        g(
            10_620_003,
            "Peer to Peer",
            json!(["BITTORRENT"]),
            "Blocked P2P applications",
        ),
    ]
}

pub(crate) fn network_app_group_sample() -> Value {
    json!({"name": "tests-app-group", "description": "registry test", "networkApplications": ["SALESFORCE", "GOOGLEANALYTICS"]})
}

pub(crate) fn network_app_group_sample_update() -> Value {
    json!({"name": "tests-app-group-updated", "networkApplications": ["SALESFORCE"]})
}

// ---------------------------------------------------------------- time intervals, workload groups

pub(crate) fn time_interval_template() -> Value {
    json!({"id": 0, "name": "", "startTime": 0, "endTime": 1439, "daysOfWeek": ["EVERYDAY"]})
}

pub(crate) fn time_intervals() -> Vec<Value> {
    [
        (18_000_001, "Business Hours", 480, 1080, json!(["MON", "TUE", "WED", "THU", "FRI"])),
        (18_000_002, "Off Hours", 1080, 1439, json!(["EVERYDAY"])),
        (18_000_003, "Weekend", 0, 1439, json!(["SAT", "SUN"])),
        (18_000_004, "Maintenance Window", 120, 240, json!(["SUN"])),
    ]
    .into_iter()
    .map(|(id, name, start, end, days)| json!({"id": id, "name": name, "startTime": start, "endTime": end, "daysOfWeek": days}))
    .collect()
}

pub(crate) fn time_interval_sample() -> Value {
    json!({"name": "tests-interval", "startTime": 0, "endTime": 1439, "daysOfWeek": ["SUN", "MON", "TUE"]})
}

pub(crate) fn time_interval_sample_update() -> Value {
    json!({"name": "tests-interval-updated", "startTime": 600, "endTime": 900, "daysOfWeek": ["WED"]})
}

pub(crate) fn workload_group_template() -> Value {
    json!({"id": 0, "name": "", "description": "", "expression": "", "expressionJson": {"expressionContainers": []}})
}

fn workload(id: i64, name: &str, desc: &str, tag_type: &str, key: &str, value: &str) -> Value {
    stamped(json!({
        "id": id,
        "name": name,
        "description": desc,
        "expression": format!("({tag_type} {key} EQUAL {value})"),
        "expressionJson": {"expressionContainers": [{
            "tagType": tag_type,
            "operator": "AND",
            "tagContainer": {"operator": "AND", "tags": [{"key": key, "value": value}]}
        }]},
    }))
}

pub(crate) fn workload_groups() -> Vec<Value> {
    vec![
        workload(
            2_665_541,
            "AWS Production Workloads",
            "Production VPC instances",
            "ATTR",
            "Environment",
            "Production",
        ),
        workload(
            2_665_542,
            "Azure Development Workloads",
            "Dev subscriptions",
            "VM",
            "Environment",
            "Development",
        ),
        workload(
            2_665_543,
            "GCP Analytics Cluster",
            "BigQuery workers",
            "ENI",
            "Team",
            "Analytics",
        ),
    ]
}

pub(crate) fn workload_group_sample() -> Value {
    json!({"name": "tests-workload-group", "description": "registry test",
           "expressionJson": {"expressionContainers": [{"tagType": "ATTR", "operator": "AND",
               "tagContainer": {"operator": "AND", "tags": [{"key": "Owner", "value": "tests"}]}}]}})
}

pub(crate) fn workload_group_sample_update() -> Value {
    json!({"name": "tests-workload-group-updated", "description": "updated"})
}

// ---------------------------------------------------------------- devices

pub(crate) fn device_groups() -> Vec<Value> {
    [
        (8_800_001, "IOS", "IOS"),
        (8_800_002, "Android", "ANDROID_OS"),
        (8_800_003, "Windows", "WINDOWS_OS"),
        (8_800_004, "Mac", "MAC_OS"),
        (8_800_005, "Linux", "LINUX"),
    ]
    .iter()
    .map(|(id, name, os)| {
        json!({"id": id, "name": name, "groupType": "ZCC_OS", "description": format!("{name} devices"),
               "osType": os, "predefined": true})
    })
    .collect()
}

pub(crate) fn devices() -> Vec<Value> {
    [
        (9_100_001, "LT-ALICE-W11", "Latitude 7440", "WINDOWS_OS", "Microsoft Windows 11 Enterprise;64 bit", 1),
        (9_100_002, "MBP-BRENDA", "MacBookPro18,3", "MAC_OS", "Version 14.4 (Build 23E214)", 2),
        (9_100_003, "IPHONE-CARLOS", "iPhone15,2", "IOS", "17.4.1", 3),
        (9_100_004, "PIXEL-CHLOE", "Pixel 8", "ANDROID_OS", "14", 4),
        (9_100_005, "LT-DANIEL-W10", "ThinkPad T14 Gen 3", "WINDOWS_OS", "Microsoft Windows 10 Pro;64 bit", 5),
        (9_100_006, "DEV-ELENA-UBU", "OptiPlex 7010", "LINUX", "Ubuntu 22.04.4 LTS", 6),
        (9_100_007, "MBA-FARAH", "MacBookAir10,1", "MAC_OS", "Version 13.6.6 (Build 22G630)", 7),
        (9_100_008, "LT-GEORGE-W11", "EliteBook 840 G10", "WINDOWS_OS", "Microsoft Windows 11 Pro;64 bit", 8),
    ]
    .iter()
    .map(|(id, name, model, os, ver, n)| {
        json!({"id": id, "name": name, "deviceGroupType": "ZCC_OS", "deviceModel": model, "osType": os,
               "osVersion": ver, "description": "", "ownerUserId": 72_000_000 + n,
               "ownerName": format!("user{n:03}@sandbox.example.com"), "hostName": name.to_ascii_lowercase()})
    })
    .collect()
}

// ---------------------------------------------------------------- traffic forwarding

pub(crate) fn static_ip_template() -> Value {
    json!({"id": 0, "ipAddress": "", "geoOverride": false, "latitude": 0.0, "longitude": 0.0, "routableIP": true, "comment": ""})
}

fn static_ip(id: i64, ip: &str, comment: &str) -> Value {
    let c = super::helpers::city_for_ip(ip);
    json!({
        "id": id,
        "ipAddress": ip,
        "geoOverride": false,
        "latitude": c.lat,
        "longitude": c.lon,
        "city": {"id": c.geo_id, "name": format!("{}, {}, {}", c.city, c.state, c.country)},
        "routableIP": true,
        "lastModificationTime": SEED_TIME,
        "lastModifiedBy": api_admin(),
        "comment": comment,
    })
}

pub(crate) fn static_ips() -> Vec<Value> {
    vec![
        static_ip(4_338_892, "104.239.237.2", "Kansas datacenter egress"),
        static_ip(4_332_704, "198.51.100.10", "HQ-San-Jose primary egress"),
        static_ip(4_318_486, "198.51.100.20", "Branch-Toronto egress"),
        static_ip(4_300_126, "203.0.113.30", "London guest egress"),
        static_ip(4_300_127, "24.224.96.16", "Mooresville warehouse"),
        static_ip(4_300_128, "203.0.113.50", "Frankfurt lab (no tunnel yet)"),
    ]
}

pub(crate) fn static_ip_sample() -> Value {
    json!({"ipAddress": "203.0.113.77", "comment": "tests-vcr0001"})
}

/// Omits `ipAddress`: repeating it would be a 409 (recorded quirk).
pub(crate) fn static_ip_sample_update() -> Value {
    json!({"comment": "tests-static-ip-updated", "geoOverride": true, "latitude": 37.3382, "longitude": -121.8863})
}

pub(crate) fn vpn_credential_template() -> Value {
    json!({"id": 0, "type": "UFQDN", "comments": ""})
}

pub(crate) fn vpn_credentials() -> Vec<Value> {
    vec![
        json!({"id": 29_339_942, "type": "IP", "ipAddress": "198.51.100.10", "comments": "HQ primary tunnel",
               "location": {"id": 149_873_535, "name": "HQ-San-Jose"}}),
        json!({"id": 165_338_059, "type": "UFQDN", "fqdn": "branch-toronto@sandbox.example.com", "comments": "Branch Office VPN",
               "location": {"id": 149_873_536, "name": "Branch-Toronto"}}),
        json!({"id": 166_108_767, "type": "UFQDN", "fqdn": "london-guest@sandbox.example.com", "comments": "Guest Wi-Fi IPSec",
               "location": {"id": 149_873_537, "name": "London-Guest-Wifi"}}),
        json!({"id": 166_911_259, "type": "UFQDN", "fqdn": "sdwan-lab@sandbox.example.com", "comments": "SD-WAN lab appliance"}),
        json!({"id": 167_319_792, "type": "UFQDN", "fqdn": "spare-edge01@sandbox.example.com", "comments": "Spare edge device"}),
    ]
}

pub(crate) fn vpn_credential_sample() -> Value {
    json!({"type": "UFQDN", "fqdn": "tests-user@example.com", "comments": "Integration test UFQDN credential", "preSharedKey": "Sandbox-PSK-123456"})
}

pub(crate) fn vpn_credential_sample_update() -> Value {
    json!({"type": "UFQDN", "fqdn": "tests-user@example.com", "comments": "Updated credential"})
}

pub(crate) fn gre_tunnel_template() -> Value {
    json!({"id": 0, "sourceIp": "", "primaryDestVip": {}, "secondaryDestVip": {}, "internalIpRange": "",
           "withinCountry": false, "comment": "", "ipUnnumbered": false})
}

fn gre(
    id: i64,
    ip: &str,
    primary: i64,
    secondary: i64,
    range: Option<&str>,
    comment: &str,
) -> Value {
    use super::helpers::{vip, vip_ref};
    let mut t = json!({
        "id": id,
        "sourceIp": ip,
        "primaryDestVip": vip(primary).map(|v| vip_ref(v, true)).unwrap_or(Value::Null),
        "secondaryDestVip": vip(secondary).map(|v| vip_ref(v, false)).unwrap_or(Value::Null),
        "lastModificationTime": SEED_TIME,
        "lastModifiedBy": api_admin(),
        "withinCountry": false,
        "comment": comment,
        "ipUnnumbered": range.is_none(),
    });
    if let (Some(r), Some(o)) = (range, t.as_object_mut()) {
        o.insert("internalIpRange".into(), json!(r));
    }
    t
}

pub(crate) fn gre_tunnels() -> Vec<Value> {
    vec![
        gre(
            4_105_713,
            "198.51.100.10",
            101_741,
            213_857,
            Some("172.17.0.0"),
            "HQ primary GRE tunnel",
        ),
        gre(
            4_106_311,
            "198.51.100.20",
            57_081,
            98_509,
            Some("172.17.0.8"),
            "GRE Tunnel Created with Terraform",
        ),
        gre(
            4_106_500,
            "104.239.237.2",
            170_301,
            65_303,
            None,
            "Kansas datacenter tunnel",
        ),
    ]
}

pub(crate) fn gre_tunnel_sample() -> Value {
    json!({"ipUnnumbered": true, "comment": "tests-vcr0002", "sourceIp": "203.0.113.50",
           "primaryDestVip": {"id": 203_550}, "secondaryDestVip": {"id": 118_093}})
}

pub(crate) fn gre_tunnel_sample_update() -> Value {
    json!({"ipUnnumbered": false, "comment": "Updated GRE Tunnel vcr0003", "sourceIp": "203.0.113.50",
           "primaryDestVip": {"id": 203_550}, "secondaryDestVip": {"id": 170_301}})
}

// ---------------------------------------------------------------- SSL, file type, sandbox, DLP, cloud app rules

pub(crate) fn ssl_rule_template() -> Value {
    with(
        rule_base(),
        json!({
            "endPointApplications": [],
            "endPointApplicationGroups": [],
            "roadWarriorForKerberos": false,
            "urlCategories": [],
            "cloudApplications": [],
            "platforms": [],
            "action": {
                "type": "DECRYPT",
                "decryptSubActions": {"serverCertificates": "ALLOW", "ocspCheck": true, "blockSslTrafficWithNoSniEnabled": true,
                                      "minClientTLSVersion": "CLIENT_TLS_1_0", "minServerTLSVersion": "SERVER_TLS_1_0",
                                      "blockUndecrypt": true, "http2Enabled": false},
                "showEUN": false,
                "showEUNATP": false,
                "overrideDefaultCertificate": false,
            },
        }),
    )
}

fn do_not_decrypt() -> Value {
    json!({"type": "DO_NOT_DECRYPT",
           "doNotDecryptSubActions": {"bypassOtherPolicies": true, "ocspCheck": false, "blockSslTrafficWithNoSniEnabled": false},
           "showEUN": false, "showEUNATP": false, "overrideDefaultCertificate": false})
}

pub(crate) fn ssl_rules() -> Vec<Value> {
    let t = ssl_rule_template;
    vec![
        rule(
            t(),
            184_200,
            "Zscaler Recommended Exemptions",
            1,
            json!({"predefined": true, "urlCategories": ["GLOBAL_INT_GBL_SSL_BYPASS"], "action": do_not_decrypt(),
                   "description": "Zscaler Recommended Exemptions Rule created during the company creation"}),
        ),
        rule(
            t(),
            184_201,
            "Office 365 One Click",
            2,
            json!({"predefined": true, "urlCategories": ["GLOBAL_INT_OFC_SSL_BYPASS"], "action": do_not_decrypt()}),
        ),
        rule(
            t(),
            184_203,
            "Do Not Decrypt Banking and Health",
            3,
            json!({"urlCategories": ["WEB_BANKING", "FINANCE"], "action": do_not_decrypt(),
                   "description": "Privacy exemption", "labels": [{"id": 171_100_001, "name": "Production"}]}),
        ),
        rule(
            t(),
            184_202,
            "Default SSL_TLS Inspection Rule",
            -1,
            json!({"defaultRule": true, "action": do_not_decrypt()}),
        ),
    ]
}

pub(crate) fn ssl_rule_sample() -> Value {
    json!({"name": "tests-ssl-rule", "description": "registry test", "order": 1, "rank": 7, "state": "ENABLED",
           "roadWarriorForKerberos": false, "urlCategories": ["SOCIAL_NETWORKING"],
           "action": {"type": "DECRYPT", "decryptSubActions": {"serverCertificates": "BLOCK", "ocspCheck": true}}})
}

pub(crate) fn ssl_rule_sample_update() -> Value {
    json!({"name": "tests-ssl-rule-updated", "order": 1, "rank": 7, "state": "DISABLED",
           "action": {"type": "BLOCK", "showEUN": true}})
}

pub(crate) fn file_type_rule_template() -> Value {
    with(
        rule_base(),
        json!({
            "filteringAction": "BLOCK",
            "operation": "DOWNLOAD",
            "protocols": ["ANY_RULE"],
            "fileTypes": [],
            "urlCategories": [],
            "cloudApplications": [],
            "activeContent": false,
            "unscannable": false,
            "capturePCAP": false,
            "minSize": 0,
            "maxSize": 0,
            "sizeQuota": 0,
            "timeQuota": 0,
        }),
    )
}

pub(crate) fn file_type_rules() -> Vec<Value> {
    let t = file_type_rule_template;
    vec![
        rule(
            t(),
            1_740_001,
            "Block Executables from Uncategorized Sites",
            1,
            json!({"filteringAction": "BLOCK", "operation": "DOWNLOAD",
                    "fileTypes": ["FTCATEGORY_WINDOWS_EXECUTABLES", "FTCATEGORY_MSI"], "urlCategories": ["MISCELLANEOUS_OR_UNKNOWN"]}),
        ),
        rule(
            t(),
            1_740_002,
            "Caution Archive Uploads",
            2,
            json!({"filteringAction": "CAUTION", "operation": "UPLOAD", "fileTypes": ["FTCATEGORY_ZIP", "FTCATEGORY_RAR", "FTCATEGORY_7ZIP"],
                    "labels": [{"id": 171_100_002, "name": "Change-Window"}]}),
        ),
        rule(
            t(),
            1_740_003,
            "Allow Office Documents",
            3,
            json!({"filteringAction": "ALLOW", "operation": "UPLOAD_DOWNLOAD",
                    "fileTypes": ["FTCATEGORY_MS_WORD", "FTCATEGORY_MS_EXCEL", "FTCATEGORY_MS_POWERPOINT"]}),
        ),
    ]
}

pub(crate) fn file_type_rule_sample() -> Value {
    json!({"name": "tests-ftc-rule", "order": 1, "rank": 7, "state": "ENABLED", "filteringAction": "BLOCK",
           "operation": "DOWNLOAD", "fileTypes": ["FTCATEGORY_BAT"], "protocols": ["HTTPS_RULE", "HTTP_RULE"]})
}

pub(crate) fn file_type_rule_sample_update() -> Value {
    json!({"name": "tests-ftc-rule-updated", "order": 1, "rank": 7, "state": "ENABLED", "filteringAction": "CAUTION",
           "operation": "UPLOAD", "fileTypes": ["FTCATEGORY_BAT"]})
}

pub(crate) fn sandbox_rule_template() -> Value {
    with(
        rule_base(),
        json!({
            "baRuleAction": "ALLOW",
            "firstTimeEnable": false,
            "firstTimeOperation": "ALLOW_SCAN",
            "mlActionEnabled": false,
            "byThreatScore": 0,
            "protocols": ["ANY_RULE"],
            "baPolicyCategories": [],
            "fileTypes": [],
            "urlCategories": [],
            "devices": [],
            "deviceGroups": [],
            "zpaAppSegments": [],
            "cbiProfileId": 0,
        }),
    )
}

pub(crate) fn sandbox_rules() -> Vec<Value> {
    let t = sandbox_rule_template;
    vec![
        rule(
            t(),
            1_750_001,
            "Default BA Rule",
            -1,
            json!({"defaultRule": true, "baRuleAction": "ALLOW", "firstTimeEnable": true, "firstTimeOperation": "ALLOW_SCAN",
                    "fileTypes": ["FTCATEGORY_WINDOWS_EXECUTABLES", "FTCATEGORY_PDF_DOCUMENT"]}),
        ),
        rule(
            t(),
            1_750_002,
            "Quarantine Unknown Executables",
            1,
            json!({"baRuleAction": "BLOCK", "firstTimeEnable": true, "firstTimeOperation": "QUARANTINE", "mlActionEnabled": true,
                    "baPolicyCategories": ["ADWARE_BLOCK", "BOTMAL_BLOCK", "ANONYP2P_BLOCK", "RANSOMWARE_BLOCK"],
                    "fileTypes": ["FTCATEGORY_WINDOWS_EXECUTABLES", "FTCATEGORY_MSI"]}),
        ),
        rule(
            t(),
            1_750_003,
            "Scan Office Documents",
            2,
            json!({"baRuleAction": "ALLOW", "firstTimeEnable": true, "firstTimeOperation": "ALLOW_SCAN",
                    "fileTypes": ["FTCATEGORY_MS_WORD", "FTCATEGORY_MS_EXCEL"], "labels": [{"id": 171_100_001, "name": "Production"}]}),
        ),
    ]
}

pub(crate) fn sandbox_rule_sample() -> Value {
    json!({"name": "tests-sandbox-rule", "order": 1, "rank": 7, "state": "ENABLED", "baRuleAction": "BLOCK",
           "firstTimeEnable": true, "firstTimeOperation": "QUARANTINE", "fileTypes": ["FTCATEGORY_ZIP"],
           "protocols": ["FOHTTP_RULE", "FTP_RULE", "HTTPS_RULE", "HTTP_RULE"]})
}

pub(crate) fn sandbox_rule_sample_update() -> Value {
    json!({"name": "tests-sandbox-rule-updated", "order": 1, "rank": 7, "state": "ENABLED", "baRuleAction": "ALLOW",
           "firstTimeEnable": true, "firstTimeOperation": "ALLOW_SCAN", "fileTypes": ["FTCATEGORY_ZIP"]})
}

pub(crate) fn web_dlp_rule_template() -> Value {
    with(
        rule_base(),
        json!({
            "action": "ALLOW",
            "protocols": ["ANY_RULE"],
            "dlpEngines": [],
            "fileTypes": [],
            "urlCategories": [],
            "cloudApplications": [],
            "withoutContentInspection": false,
            "ocrEnabled": false,
            "matchOnly": false,
            "minSize": 0,
            "zscalerIncidentReceiver": true,
            "externalAuditorEmail": "",
            "severity": "RULE_SEVERITY_MEDIUM",
        }),
    )
}

pub(crate) fn web_dlp_rules() -> Vec<Value> {
    let t = web_dlp_rule_template;
    vec![
        rule(
            t(),
            1_760_001,
            "Block Credit Card Uploads",
            1,
            json!({"action": "BLOCK", "protocols": ["HTTPS_RULE", "HTTP_RULE"], "severity": "RULE_SEVERITY_HIGH",
                    "dlpEngines": [{"id": 5_020_001, "name": "PCI"}], "labels": [{"id": 171_100_001, "name": "Production"}]}),
        ),
        rule(
            t(),
            1_760_002,
            "Monitor Confidential Projects",
            2,
            json!({"action": "ALLOW", "dlpEngines": [{"id": 5_020_004, "name": "Confidential Projects"}],
                    "description": "Log only; review weekly"}),
        ),
        rule(
            t(),
            1_760_003,
            "Block Archive Uploads Without Inspection",
            3,
            json!({"action": "BLOCK", "withoutContentInspection": true, "fileTypes": ["FTCATEGORY_ZIP", "FTCATEGORY_RAR"],
                    "state": "DISABLED"}),
        ),
    ]
}

pub(crate) fn web_dlp_rule_sample() -> Value {
    json!({"name": "tests-dlp-rule", "order": 1, "rank": 7, "state": "ENABLED", "action": "BLOCK",
           "protocols": ["HTTPS_RULE"], "dlpEngines": [{"id": 5_020_002}]})
}

pub(crate) fn web_dlp_rule_sample_update() -> Value {
    json!({"name": "tests-dlp-rule-updated", "order": 1, "rank": 7, "state": "ENABLED", "action": "ALLOW",
           "dlpEngines": [{"id": 5_020_002}], "matchOnly": true})
}

pub(crate) fn web_app_rule_template() -> Value {
    with(
        rule_base(),
        json!({
            "type": "",
            "actions": [],
            "applications": [],
            "devices": [],
            "deviceGroups": [],
            "deviceTrustLevels": [],
            "userAgentTypes": [],
            "enforceTimeValidity": false,
            "cascadingEnabled": false,
            "eunEnabled": false,
            "eunTemplateId": 0,
            "browserEunTemplateId": 0,
        }),
    )
}

pub(crate) fn web_app_rules() -> Vec<Value> {
    let r = |id: i64, kind: &str, name: &str, order: i64, actions: Value, apps: Value| {
        rule(
            web_app_rule_template(),
            id,
            name,
            order,
            json!({"type": kind, "actions": actions, "applications": apps}),
        )
    };
    vec![
        r(
            1_770_001,
            "STREAMING_MEDIA",
            "Block Streaming Uploads",
            1,
            json!(["BLOCK_STREAMING_UPLOAD"]),
            json!(["YOUTUBE", "VIMEO"]),
        ),
        r(
            1_770_002,
            "STREAMING_MEDIA",
            "Caution Video Streaming",
            2,
            json!(["CAUTION_STREAMING_VIEW_LISTEN"]),
            json!(["NETFLIX", "TWITCH"]),
        ),
        r(
            1_770_003,
            "STREAMING_MEDIA",
            "Allow Corporate Webinars",
            3,
            json!(["ALLOW_STREAMING_VIEW_LISTEN", "ALLOW_STREAMING_UPLOAD"]),
            json!(["VIMEO"]),
        ),
        r(
            1_770_004,
            "WEBMAIL",
            "Block Webmail Attachments",
            1,
            json!(["BLOCK_WEBMAIL_ATTACHMENT_SEND"]),
            json!(["GOOGLE_WEBMAIL", "YAHOO_WEBMAIL"]),
        ),
        r(
            1_770_005,
            "SOCIAL_NETWORKING",
            "Social Networking View Only",
            1,
            json!([
                "ALLOW_SOCIAL_NETWORKING_VIEW",
                "BLOCK_SOCIAL_NETWORKING_POST"
            ]),
            json!(["FACEBOOK", "LINKEDIN"]),
        ),
        r(
            1_770_006,
            "AI_ML",
            "Caution Generative AI",
            1,
            json!(["CAUTION_AI_ML_WEB_USE"]),
            json!(["CHATGPT_AI", "GOOGLE_GEMINI"]),
        ),
        r(
            1_770_007,
            "FILE_SHARE",
            "Block Personal File Share Uploads",
            1,
            json!(["DENY_FILE_SHARE_UPLOAD"]),
            json!(["DROPBOX", "WETRANSFER"]),
        ),
    ]
}

pub(crate) fn web_app_rule_sample() -> Value {
    json!({"name": "tests-cac-rule", "order": 1, "rank": 7, "state": "ENABLED",
           "actions": ["BLOCK_STREAMING_UPLOAD"], "applications": ["YOUTUBE"]})
}

pub(crate) fn web_app_rule_sample_update() -> Value {
    json!({"name": "tests-cac-rule-updated", "order": 2, "rank": 7, "state": "ENABLED",
           "actions": ["ALLOW_STREAMING_VIEW_LISTEN"], "applications": ["YOUTUBE", "NETFLIX"]})
}

// ---------------------------------------------------------------- DLP dictionaries and engines

pub(crate) fn dlp_dictionary_template() -> Value {
    json!({"id": 0, "name": "", "description": "", "custom": true, "nameL10nTag": false,
           "dictionaryType": "PATTERNS_AND_PHRASES", "customPhraseMatchType": "MATCH_ANY_CUSTOM_PHRASE_PATTERN_DICTIONARY",
           "phrases": [], "patterns": [], "predefinedClone": false})
}

pub(crate) fn dlp_dictionaries() -> Vec<Value> {
    let predefined = |id: i64, name: &str, desc: &str, cloning: bool| {
        json!({"id": id, "name": name, "description": desc, "custom": false, "nameL10nTag": true,
               "confidenceThreshold": "CONFIDENCE_LEVEL_HIGH", "dictionaryType": "PATTERNS_AND_PHRASES",
               "customPhraseSupported": false, "dictionaryCloningEnabled": cloning, "predefinedClone": false,
               "hierarchicalDictionary": false, "thresholdType": "VIOLATION_COUNT_ONLY"})
    };
    vec![
        predefined(
            5_010_001,
            "CREDIT_CARD",
            "Detects credit card numbers",
            true,
        ),
        predefined(5_010_002, "SSN", "Detects US Social Security numbers", true),
        predefined(
            5_010_003,
            "ABA_BANK_ROUTING_NUMBERS",
            "Detects ABA bank routing numbers",
            false,
        ),
        with(
            dlp_dictionary_template(),
            json!({"id": 5_010_004, "name": "Project Codenames", "description": "Unreleased project names",
                   "phrases": [{"action": "PHRASE_COUNT_TYPE_ALL", "phrase": "Project Nightingale"},
                               {"action": "PHRASE_COUNT_TYPE_UNIQUE", "phrase": "Bluebird Initiative"}],
                   "patterns": [{"action": "PATTERN_COUNT_TYPE_UNIQUE", "pattern": "PN-[0-9]{6}"}]}),
        ),
    ]
}

pub(crate) fn dlp_dictionary_sample() -> Value {
    json!({"name": "tests-dictionary", "description": "registry test", "customPhraseMatchType": "MATCH_ALL_CUSTOM_PHRASE_PATTERN_DICTIONARY",
           "dictionaryType": "PATTERNS_AND_PHRASES", "phrases": [{"action": "PHRASE_COUNT_TYPE_ALL", "phrase": "tests phrase"}]})
}

pub(crate) fn dlp_dictionary_sample_update() -> Value {
    json!({"name": "tests-dictionary-updated", "dictionaryType": "PATTERNS_AND_PHRASES",
           "patterns": [{"action": "PATTERN_COUNT_TYPE_ALL", "pattern": "TST-[0-9]{4}"}]})
}

pub(crate) fn dlp_engine_template() -> Value {
    json!({"id": 0, "name": "", "description": "", "engineExpression": "", "customDlpEngine": true})
}

pub(crate) fn dlp_engines() -> Vec<Value> {
    let predefined = |id: i64, name: &str, desc: &str, expr: &str| {
        json!({"id": id, "name": name, "predefinedEngineName": name, "description": desc,
               "engineExpression": expr, "customDlpEngine": false})
    };
    vec![
        predefined(
            5_020_001,
            "PCI",
            "Payment Card Industry data",
            "((D5010001.S > 1))",
        ),
        predefined(
            5_020_002,
            "HIPAA",
            "Protected health information",
            "((D5010002.S > 0))",
        ),
        predefined(
            5_020_003,
            "GLBA",
            "Financial customer data",
            "((D5010002.S > 0) AND (D5010003.S > 0))",
        ),
        with(
            dlp_engine_template(),
            json!({"id": 5_020_004, "name": "Confidential Projects", "description": "Project codenames and IDs",
                   "engineExpression": "((D5010004.S > 0))"}),
        ),
    ]
}

pub(crate) fn dlp_engine_sample() -> Value {
    json!({"name": "tests-engine", "description": "registry test", "engineExpression": "((D5010001.S > 0) AND (D5010004.S > 0))"})
}

pub(crate) fn dlp_engine_sample_update() -> Value {
    json!({"name": "tests-engine-updated", "engineExpression": "((D5010004.S > 2))"})
}

// ---------------------------------------------------------------- shadow IT

pub(crate) fn custom_tags() -> Vec<Value> {
    [
        (6_001, "Approved SaaS"),
        (6_002, "Under Review"),
        (6_003, "Blocked by Policy"),
    ]
    .iter()
    .map(|(id, name)| json!({"id": id, "name": name}))
    .collect()
}

/// Shadow IT cloud applications (analytics catalog, numeric ids). Only
/// `id` and `name` are listed; the sanction state and tags change with
/// `PUT /cloudApplications/bulkUpdate`.
pub(crate) fn shadow_apps() -> Vec<Value> {
    [
        (15_001, "Dropbox", "SANCTIONED", 2),
        (15_002, "Box", "SANCTIONED", 1),
        (15_003, "Google Drive", "ANY", 2),
        (15_004, "Slack", "SANCTIONED", 1),
        (15_005, "Zoom", "SANCTIONED", 2),
        (15_006, "WeTransfer", "UN_SANCTIONED", 4),
        (15_007, "ChatGPT", "ANY", 3),
        (15_008, "GitHub", "SANCTIONED", 2),
        (15_009, "Mega", "UN_SANCTIONED", 5),
        (15_010, "Notion", "ANY", 2),
    ]
    .iter()
    .map(|(id, name, state, risk)| {
        json!({"id": id, "name": name, "sanctionedState": state, "riskIndex": risk, "customTags": []})
    })
    .collect()
}
