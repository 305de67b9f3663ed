//! Seed data of the hand-written ZIA endpoints (URL categories, rules,
//! rule labels, locations, location groups, users, admin users).

use super::*;

/// (id, val, configuredName, description, urls, keywords)
pub(crate) type CustomCategorySeed = (
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);
/// (id, name, action, urlCategories, state, extra fields)
pub(crate) type UrlRuleSeed = (
    i64,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    Value,
);

pub(crate) fn seed_categories() -> Vec<Value> {
    let predefined: &[(&str, &str, i64)] = &[
        ("OTHER_ADULT_MATERIAL", "ADULT_MATERIAL", 1),
        ("ADULT_THEMES", "ADULT_MATERIAL", 2),
        ("LINGERIE_BIKINI", "ADULT_MATERIAL", 3),
        ("NUDITY", "ADULT_MATERIAL", 4),
        ("PORNOGRAPHY", "ADULT_MATERIAL", 5),
        ("GAMBLING", "GAMBLING", 14),
        ("NEWS_AND_MEDIA", "NEWS_AND_MEDIA", 25),
        ("ONLINE_SHOPPING", "SHOPPING_AND_AUCTIONS", 29),
        ("SOCIAL_NETWORKING", "INTERNET_COMMUNICATION", 35),
        ("WEB_MAIL", "INTERNET_COMMUNICATION", 37),
        ("STREAMING_MEDIA", "ENTERTAINMENT_AND_RECREATION", 43),
        ("REFERENCE_SITES", "EDUCATION", 48),
        ("WEB_SEARCH", "INFORMATION_TECHNOLOGY", 54),
        ("INTERNET_SERVICES", "INFORMATION_TECHNOLOGY", 55),
        ("CORPORATE_MARKETING", "BUSINESS_AND_ECONOMY", 60),
        ("FINANCE", "BUSINESS_AND_ECONOMY", 61),
        ("PROFESSIONAL_SERVICES", "BUSINESS_AND_ECONOMY", 62),
        ("WEB_BANKING", "BUSINESS_AND_ECONOMY", 63),
        ("OTHER_MISCELLANEOUS", "MISCELLANEOUS", 90),
        ("MISCELLANEOUS_OR_UNKNOWN", "MISCELLANEOUS", 91),
        ("DEVELOPER_TOOLS", "INFORMATION_TECHNOLOGY", 3075),
    ];
    let mut out: Vec<Value> = predefined
        .iter()
        .map(|(id, sup, val)| {
            let mut o = category_base(id, *val, false);
            o.insert("superCategory".into(), json!(sup));
            o.insert("keywords".into(), json!([]));
            o.insert("ipRanges".into(), json!([]));
            if *id == "OTHER_ADULT_MATERIAL" {
                o.insert("keywordsRetainingParentCategory".into(), json!(["test"]));
                o.insert(
                    "dbCategorizedUrls".into(),
                    json!(["test1.acme.com", "test2.acme.com"]),
                );
                o.insert("ipRanges".into(), json!(["10.0.1.0/24"]));
                o.insert(
                    "ipRangesRetainingParentCategory".into(),
                    json!(["10.0.0.0/24"]),
                );
            }
            recount_category(&mut o);
            Value::Object(o)
        })
        .collect();
    let custom: &[CustomCategorySeed] = &[
        (
            "CUSTOM_01",
            128,
            "Sandbox Allowed Sites",
            "Sites always allowed in the sandbox tenant",
            &["intranet.sandbox.example", "wiki.sandbox.example"],
            &[],
        ),
        (
            "CUSTOM_02",
            129,
            "Sandbox Blocked Sites",
            "Sites blocked by policy",
            &[
                "blocked.sandbox.example",
                "ads.tracker.example",
                "badsite.example",
            ],
            &[],
        ),
        (
            "CUSTOM_03",
            130,
            "Partner Portals",
            "Partner extranet portals",
            &["portal.partner-one.example"],
            &["partner"],
        ),
    ];
    for (id, val, name, desc, urls, keywords) in custom {
        let mut o = category_base(id, *val, true);
        o.insert("configuredName".into(), json!(name));
        o.insert("superCategory".into(), json!("USER_DEFINED"));
        o.insert("urls".into(), json!(urls));
        o.insert("keywords".into(), json!(keywords));
        o.insert("ipRanges".into(), json!([]));
        o.insert("description".into(), json!(desc));
        recount_category(&mut o);
        out.push(Value::Object(o));
    }
    out
}

pub(crate) fn seed_rule_labels() -> Vec<Value> {
    [
        (
            171_100_001,
            "Production",
            "Rules that protect production traffic",
        ),
        (
            171_100_002,
            "Change-Window",
            "Changed during the monthly change window",
        ),
        (171_100_003, "Compliance", "Required by compliance"),
        (
            171_100_004,
            "Temporary",
            "Temporary exception; review monthly",
        ),
        (171_100_005, "Sandbox-Managed", "Managed by automation"),
    ]
    .iter()
    .map(|(id, name, desc)| {
        json!({
            "id": id, "name": name, "description": desc,
            "lastModifiedTime": SEED_TIME, "lastModifiedBy": api_admin(),
            "createdBy": api_admin(), "referencedRuleCount": 0
        })
    })
    .collect()
}

pub(crate) fn seed_url_rules() -> Vec<Value> {
    let specs: &[UrlRuleSeed] = &[
        (
            1_690_901,
            "Block Adult Content",
            "BLOCK",
            &[
                "OTHER_ADULT_MATERIAL",
                "ADULT_THEMES",
                "NUDITY",
                "PORNOGRAPHY",
            ],
            "ENABLED",
            json!({"labels": [{"id": 171_100_003, "name": "Compliance"}]}),
        ),
        (
            1_690_902,
            "Block Custom Blocked Sites",
            "BLOCK",
            &["CUSTOM_02"],
            "ENABLED",
            json!({"labels": [{"id": 171_100_001, "name": "Production"}]}),
        ),
        (
            1_690_903,
            "Caution Gambling",
            "CAUTION",
            &["GAMBLING"],
            "ENABLED",
            json!({}),
        ),
        (
            1_690_904,
            "Allow Developer Tools for Engineering",
            "ALLOW",
            &["DEVELOPER_TOOLS"],
            "ENABLED",
            json!({"groups": [{"id": 62_718_401, "name": "Engineering"}], "usersAndGroupsSet": true, "groupsAndDepartmentsSet": true}),
        ),
        (
            1_690_905,
            "Block Uncategorized",
            "BLOCK",
            &["MISCELLANEOUS_OR_UNKNOWN"],
            "DISABLED",
            json!({"labels": [{"id": 171_100_004, "name": "Temporary"}]}),
        ),
    ];
    specs
        .iter()
        .enumerate()
        .map(|(i, (id, name, action, cats, state, extra))| {
            let fields = json!({
                "id": id, "name": name, "order": i + 1, "action": action,
                "urlCategories": cats, "state": state,
                "description": format!("Seeded rule: {name}"),
            });
            seeded_rule(url_rule_defaults(), fields, extra)
        })
        .collect()
}

/// A seeded rule: `fields` over the kind's defaults, the seed stamp, then
/// the rule's `extra` fields.
fn seeded_rule(defaults: Value, fields: Value, extra: &Value) -> Value {
    let mut o = defaults.as_object().cloned().unwrap_or_default();
    if let Some(f) = fields.as_object() {
        overlay(&mut o, f);
    }
    o.insert("lastModifiedTime".into(), json!(SEED_TIME));
    o.insert("lastModifiedBy".into(), api_admin());
    if let Some(e) = extra.as_object() {
        overlay(&mut o, e);
    }
    Value::Object(o)
}

pub(crate) fn seed_fw_rules() -> Vec<Value> {
    let specs: &[(i64, &str, i64, &str, &str, Value)] = &[
        (
            1_583_292,
            "Default Firewall Filtering Rule",
            -1,
            "ALLOW",
            "ENABLED",
            json!({"defaultRule": true, "description": "Default rule"}),
        ),
        (
            184_226,
            "Office 365 One Click Rule",
            1,
            "ALLOW",
            "DISABLED",
            json!({"predefined": true, "appServiceGroups": [{"id": 1, "name": "OFFICE365"}]}),
        ),
        (
            1_690_911,
            "Allow DNS to Corporate Resolvers",
            2,
            "ALLOW",
            "ENABLED",
            json!({"destAddresses": ["192.0.2.53", "192.0.2.54"], "nwServices": [{"id": 774_003, "name": "DNS"}], "labels": [{"id": 171_100_001, "name": "Production"}]}),
        ),
        (
            1_690_912,
            "Block Embargoed Countries",
            3,
            "BLOCK_DROP",
            "ENABLED",
            json!({"destCountries": ["COUNTRY_KP", "COUNTRY_IR", "COUNTRY_SY"], "enableFullLogging": true, "labels": [{"id": 171_100_003, "name": "Compliance"}]}),
        ),
        (
            1_690_913,
            "Allow Web Egress",
            4,
            "ALLOW",
            "ENABLED",
            json!({"nwServices": [{"id": 774_001, "name": "HTTP"}, {"id": 774_002, "name": "HTTPS"}]}),
        ),
        (
            1_690_914,
            "Block SMB Outbound",
            5,
            "BLOCK_RESET",
            "ENABLED",
            json!({"nwServices": [{"id": 774_010, "name": "SMB"}], "srcIps": ["10.0.0.0/8"]}),
        ),
    ];
    specs
        .iter()
        .map(|(id, name, order, action, state, extra)| {
            let fields = json!({
                "id": id, "name": name, "order": order, "action": action, "state": state,
            });
            seeded_rule(fw_rule_defaults(), fields, extra)
        })
        .collect()
}

pub(crate) fn seed_locations() -> Vec<Value> {
    let specs: &[(i64, &str, i64, &str, &str, &str, Value)] = &[
        (
            149_873_535,
            "HQ-San-Jose",
            0,
            "UNITED_STATES",
            "UNITED_STATES_AMERICA_LOS_ANGELES",
            "CORPORATE",
            json!({"ipAddresses": ["198.51.100.10"], "authRequired": true, "sslScanEnabled": true, "xffForwardEnabled": true, "surrogateIP": true, "idleTimeInMinutes": 480, "displayTimeUnit": "HOUR", "ofwEnabled": true, "ipsControl": true, "upBandwidth": 100000, "dnBandwidth": 500000, "state": "California", "description": "Headquarters"}),
        ),
        (
            149_873_536,
            "Branch-Toronto",
            0,
            "CANADA",
            "CANADA_AMERICA_TORONTO",
            "CORPORATE",
            json!({"ipAddresses": ["198.51.100.20"], "authRequired": true, "ofwEnabled": true, "state": "Ontario", "description": "Toronto branch office"}),
        ),
        (
            36_788_941,
            "AWS-us-west-2-vpc-sandbox",
            0,
            "UNITED_STATES",
            "UNITED_STATES_AMERICA_LOS_ANGELES",
            "WORKLOAD",
            json!({"ecLocation": true, "ccLocation": true, "xffForwardEnabled": true, "ofwEnabled": true, "ipsControl": true, "description": "Cloud workload egress", "subLocScopeEnabled": true}),
        ),
        (
            149_873_537,
            "London-Guest-Wifi",
            0,
            "UNITED_KINGDOM",
            "UNITED_KINGDOM_EUROPE_LONDON",
            "GUESTWIFI",
            json!({"ipAddresses": ["203.0.113.30"], "aupEnabled": true, "aupTimeoutInDays": 1, "cautionEnabled": true, "description": "Guest wireless"}),
        ),
        (
            149_873_538,
            "HQ-San-Jose-Servers",
            149_873_535,
            "UNITED_STATES",
            "UNITED_STATES_AMERICA_LOS_ANGELES",
            "SERVER",
            json!({"ipAddresses": ["10.10.0.0-10.10.255.255"], "ofwEnabled": true, "description": "Server VLAN sub-location"}),
        ),
    ];
    let mut out: Vec<Value> = specs
        .iter()
        .map(|(id, name, parent, country, tz, profile, extra)| {
            let mut o = location_defaults().as_object().cloned().unwrap_or_default();
            o.insert("id".into(), json!(id));
            o.insert("name".into(), json!(name));
            o.insert("parentId".into(), json!(parent));
            o.insert("country".into(), json!(country));
            o.insert("tz".into(), json!(tz));
            o.insert("profile".into(), json!(profile));
            let (gid, gname) = location_group_for_profile(profile);
            o.insert(
                "dynamiclocationGroups".into(),
                json!([{"id": gid, "name": gname}]),
            );
            if let Some(e) = extra.as_object() {
                overlay(&mut o, e);
            }
            Value::Object(o)
        })
        .collect();
    // childCount for the parent.
    for l in out.iter_mut() {
        if id_of(l) == Some(149_873_535) {
            if let Some(o) = l.as_object_mut() {
                o.insert("childCount".into(), json!(1));
            }
        }
    }
    out
}

pub(crate) fn seed_location_groups() -> Vec<Value> {
    let dynamic: &[(i64, &str, &str, &str)] = &[
        (
            24_326_827,
            "Unassigned Locations",
            "NONE",
            "Default Location Group - Unassigned",
        ),
        (
            24_326_828,
            "Corporate User Traffic Group",
            "CORPORATE",
            "Default Location Group - Corporate User Traffic",
        ),
        (
            24_326_829,
            "Server Traffic Group",
            "SERVER",
            "Default Location Group - Server Traffic",
        ),
        (
            24_326_830,
            "Guest Wifi Group",
            "GUESTWIFI",
            "Default Location Group - Guest Wifi",
        ),
        (
            24_326_831,
            "IoT Traffic Group",
            "IOT",
            "Default Location Group - IoT Traffic",
        ),
        (
            59_050_241,
            "Workload Traffic Group",
            "WORKLOAD",
            "Default Location Group - Workload Traffic",
        ),
    ];
    let mut out: Vec<Value> = dynamic
        .iter()
        .map(|(id, name, profile, comments)| {
            json!({
                "id": id, "name": name, "groupType": "DYNAMIC_GROUP",
                "dynamicLocationGroupCriteria": {"profiles": [profile]},
                "locations": [], "comments": comments,
                "lastModTime": 1_619_561_356, "predefined": true
            })
        })
        .collect();
    out.push(json!({
        "id": 66_754_722, "name": "SDWAN_USA", "groupType": "STATIC_GROUP",
        "locations": [{"id": 149_873_535, "name": "HQ-San-Jose"}],
        "comments": "US SD-WAN sites", "lastModTime": SEED_TIME, "predefined": false
    }));
    out
}

pub(crate) const DEPARTMENTS: [(i64, &str); 8] = [
    (68_759_301, "Engineering"),
    (68_759_302, "Finance"),
    (68_759_303, "Human Resources"),
    (68_759_304, "Legal"),
    (68_759_305, "Marketing"),
    (68_759_306, "Sales"),
    (68_759_307, "Support"),
    (24_326_815, "Service Admin"),
];

pub(crate) const GROUPS: [(i64, &str); 8] = [
    (62_718_401, "Engineering"),
    (62_718_402, "Finance"),
    (62_718_403, "All Employees"),
    (62_718_404, "Contractors"),
    (62_718_405, "Executives"),
    (62_718_406, "IT Admins"),
    (62_718_407, "Sales Team"),
    (24_326_814, "Service Admin"),
];

pub(crate) fn seed_users() -> Vec<Value> {
    (1..=250_i64)
        .map(|n| {
            let (did, dname) = DEPARTMENTS[((n - 1) % 7) as usize];
            let (gid, gname) = GROUPS[((n - 1) % 7) as usize];
            let mut groups = vec![json!({"id": gid, "name": gname})];
            if gid != 62_718_403 {
                groups.push(json!({"id": 62_718_403, "name": "All Employees"}));
            }
            json!({
                "id": 72_000_000 + n,
                "name": format!("User {n:03}"),
                "email": format!("user{n:03}@sandbox.example.com"),
                "groups": groups,
                "department": {"id": did, "name": dname},
                "comments": "",
                "adminUser": n <= 3,
                "isNonEditable": false,
                "pwdLastModifiedTime": 0,
                "deleted": false,
                "pilotUser": false,
            })
        })
        .collect()
}

pub(crate) fn seed_admin_users() -> Vec<Value> {
    let specs: &[(i64, &str, &str, i64, &str, &str)] = &[
        (
            165_214_882,
            "admin@sandbox.example.com",
            "Sandbox Admin",
            11521,
            "Super Admin",
            "EXEC_INSIGHT_AND_ORG_ADMIN",
        ),
        (
            165_215_336,
            "secops@sandbox.example.com",
            "SecOps Analyst",
            51988,
            "API_Role01",
            "PUBLIC_API",
        ),
        (
            165_215_387,
            "auditor@sandbox.example.com",
            "Read Only Auditor",
            72345,
            "API_Role_READONLY",
            "PUBLIC_API",
        ),
    ];
    specs
        .iter()
        .map(|(id, login, uname, rid, rname, rtype)| {
            json!({
                "id": id, "loginName": login, "userName": uname, "email": login,
                "role": {"id": rid, "name": rname, "isNameL10nTag": true,
                         "extensions": {"adminRank": "7", "roleType": rtype}},
                "adminScopescopeGroupMemberEntities": [],
                "adminScopeType": "ORGANIZATION",
                "adminScopeScopeEntities": [],
                "disabled": false,
                "isPasswordLoginAllowed": true,
                "pwdLastModifiedTime": SEED_TIME,
                "name": uname,
            })
        })
        .collect()
}

impl ZiaState {
    pub(crate) fn seeded() -> ZiaState {
        ZiaState {
            activation: "ACTIVE".to_string(),
            activation_in_progress_polls: 0,
            polls_left: 0,
            url_categories: seed_categories(),
            next_custom: 4,
            next_val: 131,
            url_rules: seed_url_rules(),
            fw_rules: seed_fw_rules(),
            locations: seed_locations(),
            location_groups: seed_location_groups(),
            users: seed_users(),
            departments: DEPARTMENTS
                .iter()
                .map(|(id, name)| json!({"id": id, "name": name, "comments": name}))
                .collect(),
            groups: GROUPS
                .iter()
                .map(|(id, name)| json!({"id": id, "name": name, "comments": name}))
                .collect(),
            rule_labels: seed_rule_labels(),
            admin_users: seed_admin_users(),
            eusa: json!({"id": 3183, "version": {"id": 7, "name": "SLA-11-01-16"}, "acceptedStatus": true}),
            next_id: 180_000_000,
            more: crate::zia::MoreState::seeded(),
        }
    }
}
