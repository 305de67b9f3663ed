//! Seed data, templates and sample bodies of the ZTW collections. Field
//! names follow the Python SDK models (`zscaler/ztw/models/*.py`).

use crate::zia::SEED_TIME;
use serde_json::{json, Value};

fn modified_by() -> Value {
    json!({"id": 117810311, "name": "admin@sandbox.zscalerthree.net"})
}

pub(crate) fn ip_group_template() -> Value {
    json!({"name": "", "description": "", "ipAddresses": [], "isNonEditable": false})
}

fn ip_group(id: i64, name: &str, desc: &str, addrs: &[&str], non_editable: bool) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": desc,
        "ipAddresses": addrs,
        "isNonEditable": non_editable,
    })
}

/// `GET /ipGroups` (Python SDK `ip_groups.py`, model `IPGroups`).
pub(crate) fn ip_groups() -> Vec<Value> {
    vec![
        ip_group(
            7_361_001,
            "Branch LAN Ranges",
            "RFC 1918 ranges of the branch sites",
            &["10.10.0.0/16", "10.20.0.0/16"],
            false,
        ),
        ip_group(
            7_361_002,
            "AWS Workload VPCs",
            "VPC CIDRs behind the Cloud Connectors",
            &["172.31.0.0/16", "172.32.0.0/16"],
            false,
        ),
        ip_group(
            7_361_003,
            "Azure Spoke VNets",
            "",
            &["192.168.100.0/24", "192.168.101.0/24"],
            false,
        ),
        ip_group(
            7_361_004,
            "Default Local Networks",
            "Predefined",
            &["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
            true,
        ),
    ]
}

pub(crate) fn ip_group_create() -> Value {
    json!({"name": "Sim IP Group", "description": "created by a test", "ipAddresses": ["198.51.100.0/24"]})
}

pub(crate) fn ip_group_update() -> Value {
    json!({"name": "Sim IP Group (renamed)", "description": "updated", "ipAddresses": ["198.51.100.0/24", "203.0.113.10"]})
}

/// `GET /ipSourceGroups` (model `IPSourceGroup`).
pub(crate) fn ip_source_groups() -> Vec<Value> {
    vec![
        ip_group(
            7_371_001,
            "Branch Workstations",
            "User subnets at the branches",
            &["10.10.1.0/24", "10.10.2.0/24"],
            false,
        ),
        ip_group(
            7_371_002,
            "Build Servers",
            "CI runners in us-east-1",
            &["172.31.40.0/22"],
            false,
        ),
        ip_group(
            7_371_003,
            "Jump Hosts",
            "",
            &["172.31.8.10", "172.31.8.11"],
            false,
        ),
        ip_group(
            7_371_004,
            "Printers",
            "Branch printers",
            &["10.10.9.20-10.10.9.40"],
            false,
        ),
    ]
}

pub(crate) fn ip_source_create() -> Value {
    json!({"name": "Sim Source Group", "description": "created by a test", "ipAddresses": ["192.0.2.10", "192.0.2.11"]})
}

pub(crate) fn ip_source_update() -> Value {
    json!({"name": "Sim Source Group (renamed)", "description": "updated", "ipAddresses": ["192.0.2.0/28"]})
}

pub(crate) fn ip_destination_template() -> Value {
    json!({
        "name": "", "type": "DSTN_IP", "addresses": [], "description": "",
        "ipCategories": [], "countries": [], "isNonEditable": false,
    })
}

/// `GET /ipDestinationGroups` (model `IPDestinationGroups`).
pub(crate) fn ip_destination_groups() -> Vec<Value> {
    vec![
        json!({"id": 7_381_001, "name": "Payment Gateways", "type": "DSTN_IP", "addresses": ["203.0.113.0/24"], "description": "Card processors", "ipCategories": [], "countries": [], "isNonEditable": false}),
        json!({"id": 7_381_002, "name": "SaaS Update Servers", "type": "DSTN_FQDN", "addresses": ["updates.example.com", "cdn.example.net"], "description": "", "ipCategories": [], "countries": [], "isNonEditable": false}),
        json!({"id": 7_381_003, "name": "Partner Domains", "type": "DSTN_DOMAIN", "addresses": [".partner.example.org"], "description": "Wildcard partner domains", "ipCategories": [], "countries": [], "isNonEditable": false}),
        json!({"id": 7_381_004, "name": "Embargoed Countries", "type": "DSTN_OTHER", "addresses": [], "description": "", "ipCategories": [], "countries": ["COUNTRY_KP", "COUNTRY_IR"], "isNonEditable": false}),
    ]
}

pub(crate) fn ip_destination_create() -> Value {
    json!({"name": "Sim Destination Group", "type": "DSTN_IP", "addresses": ["198.51.100.7"], "description": "created by a test"})
}

pub(crate) fn ip_destination_update() -> Value {
    json!({"name": "Sim Destination Group (renamed)", "type": "DSTN_IP", "addresses": ["198.51.100.7", "198.51.100.8"], "description": "updated"})
}

pub(crate) fn network_service_template() -> Value {
    json!({
        "name": "", "tag": "", "description": "", "type": "CUSTOM",
        "srcTcpPorts": [], "destTcpPorts": [], "srcUdpPorts": [], "destUdpPorts": [],
        "isNameL10nTag": false,
    })
}

fn ports(p: &[(u16, u16)]) -> Value {
    Value::Array(
        p.iter()
            .map(|(s, e)| {
                if s == e {
                    json!({"start": s})
                } else {
                    json!({"start": s, "end": e})
                }
            })
            .collect(),
    )
}

fn service(
    id: i64,
    name: &str,
    tag: &str,
    tcp: &[(u16, u16)],
    udp: &[(u16, u16)],
    kind: &str,
) -> Value {
    json!({
        "id": id,
        "name": name,
        "tag": tag,
        "description": if kind == "PREDEFINED" { format!("{name} predefined service") } else { String::new() },
        "type": kind,
        "srcTcpPorts": [],
        "destTcpPorts": ports(tcp),
        "srcUdpPorts": [],
        "destUdpPorts": ports(udp),
        "isNameL10nTag": kind == "PREDEFINED",
    })
}

/// `GET /networkServices` (model `NetworkServices`).
pub(crate) fn network_services() -> Vec<Value> {
    vec![
        service(774_003, "HTTP", "HTTP", &[(80, 80)], &[], "PREDEFINED"),
        service(
            774_004,
            "HTTPS",
            "HTTPS",
            &[(443, 443)],
            &[(443, 443)],
            "PREDEFINED",
        ),
        service(
            774_005,
            "DNS",
            "DNS",
            &[(53, 53)],
            &[(53, 53)],
            "PREDEFINED",
        ),
        service(774_006, "SSH", "SSH", &[(22, 22)], &[], "PREDEFINED"),
        service(
            774_007,
            "RDP",
            "RDP",
            &[(3389, 3389)],
            &[(3389, 3389)],
            "PREDEFINED",
        ),
        service(774_008, "NTP", "NTP", &[], &[(123, 123)], "STANDARD"),
        service(
            7_391_001,
            "App Tier Ports",
            "",
            &[(8080, 8089)],
            &[],
            "CUSTOM",
        ),
        service(
            7_391_002,
            "Syslog Collectors",
            "",
            &[(6514, 6514)],
            &[(514, 514)],
            "CUSTOM",
        ),
    ]
}

pub(crate) fn network_service_create() -> Value {
    json!({"name": "Sim Service", "description": "created by a test", "destTcpPorts": [{"start": 9000, "end": 9010}]})
}

pub(crate) fn network_service_update() -> Value {
    json!({"name": "Sim Service (renamed)", "description": "updated", "destTcpPorts": [{"start": 9443}]})
}

/// `GET /networkServiceGroups` (model `NetworkServiceGroups`).
pub(crate) fn network_service_groups() -> Vec<Value> {
    let all = network_services();
    let pick = |names: &[&str]| -> Value {
        Value::Array(
            all.iter()
                .filter(|s| names.contains(&s["name"].as_str().unwrap_or("")))
                .cloned()
                .collect(),
        )
    };
    vec![
        json!({"id": 7_392_001, "name": "Web", "services": pick(&["HTTP", "HTTPS"]), "description": "Web browsing"}),
        json!({"id": 7_392_002, "name": "Remote Administration", "services": pick(&["SSH", "RDP"]), "description": ""}),
        json!({"id": 7_392_003, "name": "Infrastructure", "services": pick(&["DNS", "NTP", "Syslog Collectors"]), "description": "Core network services"}),
    ]
}

fn role_ref(id: i64, name: &str) -> Value {
    json!({"id": id, "name": name, "isNameL10nTag": false})
}

/// `GET /adminUsers` (model `AdminUsers`).
pub(crate) fn admin_users() -> Vec<Value> {
    let admin = |id: i64, login: &str, name: &str, role: Value, auditor: bool, disabled: bool| {
        json!({
            "id": id,
            "loginName": login,
            "userName": name,
            "email": login,
            "role": role,
            "comments": "",
            "adminScopeType": "ORGANIZATION",
            "adminScopeScopeEntities": [],
            "adminScopescopeGroupMemberEntities": [],
            "isNonEditable": false,
            "disabled": disabled,
            "isAuditor": auditor,
            "isPasswordLoginAllowed": true,
            "isSecurityReportCommEnabled": false,
            "isServiceUpdateCommEnabled": true,
            "isProductUpdateCommEnabled": true,
            "isPasswordExpired": false,
            "isExecMobileAppEnabled": false,
            "execMobileAppTokens": [],
        })
    };
    vec![
        admin(
            7_393_001,
            "alice.bowers@sandbox.zscalerthree.net",
            "Alice Bowers",
            role_ref(7_394_001, "Super Admin"),
            false,
            false,
        ),
        admin(
            7_393_002,
            "carlos.diaz@sandbox.zscalerthree.net",
            "Carlos Diaz",
            role_ref(7_394_002, "Connector Operator"),
            false,
            false,
        ),
        admin(
            7_393_003,
            "julia.fischer@sandbox.zscalerthree.net",
            "Julia Fischer",
            role_ref(7_394_003, "Read Only"),
            false,
            true,
        ),
        admin(
            7_393_004,
            "audit.team@sandbox.zscalerthree.net",
            "Audit Team",
            role_ref(7_394_004, "Auditor"),
            true,
            false,
        ),
    ]
}

/// `GET /adminRoles` (model `AdminRoles`; Go SDK `adminroles.AdminRoles`).
pub(crate) fn admin_roles() -> Vec<Value> {
    let role = |id: i64, name: &str, rank: i64, access: &str, kind: &str, auditor: bool| {
        json!({
            "id": id,
            "rank": rank,
            "name": name,
            "policyAccess": access,
            "alertingAccess": access,
            "dashboardAccess": "READ_ONLY",
            "reportAccess": access,
            "analysisAccess": "READ_ONLY",
            "usernameAccess": "READ_ONLY",
            "adminAcctAccess": if id == 7_394_001 { "READ_WRITE" } else { "NONE" },
            "isAuditor": auditor,
            "permissions": ["ECDASHBOARD", "EC_PROVISIONING", "EC_LOCATION", "EC_FORWARDING"],
            "isNonEditable": id == 7_394_001,
            "logsLimit": "UNRESTRICTED",
            "roleType": kind,
            "featurePermissions": {"EDGE_CONNECTOR_CLOUD_PROVISIONING": access, "EDGE_CONNECTOR_FORWARDING": access},
        })
    };
    vec![
        role(
            7_394_001,
            "Super Admin",
            7,
            "READ_WRITE",
            "EDGE_CONNECTOR_ADMIN",
            false,
        ),
        role(
            7_394_002,
            "Connector Operator",
            5,
            "READ_WRITE",
            "EDGE_CONNECTOR_ADMIN",
            false,
        ),
        role(
            7_394_003,
            "Read Only",
            3,
            "READ_ONLY",
            "EDGE_CONNECTOR_ADMIN",
            false,
        ),
        role(7_394_004, "Auditor", 0, "READ_ONLY", "AUDITOR", true),
    ]
}

/// `GET /publicCloudInfo` (model `PublicCloudInfo`).
pub(crate) fn public_cloud_info() -> Vec<Value> {
    let acct = |id: i64,
                name: &str,
                cloud: &str,
                account: &str,
                status: &str,
                regions: &[(i64, &str)]| {
        json!({
            "id": id,
            "name": name,
            "cloudType": cloud,
            "externalId": format!("zs-{account}"),
            "accountDetails": {
                "awsAccountId": account,
                "awsRoleName": "ZscalerTagDiscoveryRole",
                "cloudWatchGroupArn": "DISABLED",
                "eventBusName": format!("zscaler-bus-{id}"),
                "externalId": format!("zs-{account}"),
                "logInfoType": "INFO",
                "troubleShootingLogging": false,
                "trustedAccountId": "175726779870",
                "trustedRole": "arn:aws:iam::175726779870:role/ZscalerTagDiscoveryRole",
            },
            "accountGroups": [{"id": 7_395_101, "name": "Production Accounts"}],
            "permissionStatus": status,
            "regionStatus": regions.iter().map(|(rid, n)| json!({"id": rid, "name": n, "cloudType": cloud, "status": true})).collect::<Vec<_>>(),
            "supportedRegions": regions.iter().map(|(rid, n)| json!({"id": rid, "name": n, "cloudType": cloud})).collect::<Vec<_>>(),
            "lastModUid": {"id": 7_393_001, "name": "Alice Bowers"},
            "lastModTime": SEED_TIME,
            "createTime": SEED_TIME - 86_400 * 30,
        })
    };
    vec![
        acct(
            7_395_001,
            "aws-prod-us-east",
            "AWS",
            "202719523534",
            "ALLOWED",
            &[(4001, "us-east-1"), (4002, "us-east-2")],
        ),
        acct(
            7_395_002,
            "aws-dev-eu",
            "AWS",
            "318265742190",
            "ALLOWED",
            &[(4010, "eu-west-1")],
        ),
        acct(
            7_395_003,
            "azure-shared-services",
            "AZURE",
            "6d1f0c2e-8a37-4b55-9c1e-2f3a4b5c6d7e",
            "TBD",
            &[(5001, "eastus")],
        ),
    ]
}

/// `GET /publicCloudAccountDetails` (Python SDK `account_details.py`; the
/// items are plain dicts there, fields from the Cloud Connector
/// provisioning API).
pub(crate) fn public_account_details() -> Vec<Value> {
    let d = |id: i64, account: &str, platform: &str, name: &str| {
        json!({
            "id": id,
            "accountId": account,
            "platformId": platform,
            "name": name,
            "subscriptionId": if platform == "AZURE" { account } else { "" },
            "cloudType": platform,
            "accountIdEnabled": true,
            "subIdEnabled": platform == "AZURE",
        })
    };
    vec![
        d(7_396_001, "202719523534", "AWS", "aws-prod-us-east"),
        d(7_396_002, "318265742190", "AWS", "aws-dev-eu"),
        d(
            7_396_003,
            "6d1f0c2e-8a37-4b55-9c1e-2f3a4b5c6d7e",
            "AZURE",
            "azure-shared-services",
        ),
    ]
}

/// `GET /discoveryService/workloadDiscoverySettings` (model
/// `DiscoveryService`).
pub(crate) fn discovery_settings() -> Value {
    json!({
        "discoveryRole": "ZscalerTagDiscoveryRoleBasic",
        "externalId": "zs-3f6e2a1b9c",
        "trustedAccountId": "175726779870",
        "trustedRole": "arn:aws:iam::175726779870:role/ZscalerTagDiscoveryRole",
        "lastModTime": SEED_TIME,
        "lastModUid": modified_by(),
    })
}
