//! ZMS seed data. Field names follow the selection sets of the Python SDK
//! (`zscaler/zms/*.py`); every object carries its GraphQL `__typename`
//! (stripped unless selected).

use crate::zia::SEED_TIME;
use serde_json::{json, Value};

pub(crate) fn agents() -> Vec<Value> {
    let a = |n: u32,
             name: &str,
             status: &str,
             kind: &str,
             os: &str,
             ver: &str,
             cloud: &str,
             ip: &str,
             group: &str,
             gtype: &str| {
        json!({
            "__typename": "Agent",
            "name": name,
            "eyezId": format!("ag-3b9d{n:04}-agent"),
            "connectionStatus": status,
            "agentType": kind,
            "hostOs": os,
            "currentSoftwareVersion": ver,
            "upgradeStatus": if ver == "24.3.1" { "UP_TO_DATE" } else { "UPGRADE_AVAILABLE" },
            "description": format!("{name} workload agent"),
            "cloudProvider": cloud,
            "publicIp": ip,
            "privateIps": [format!("10.40.{n}.10")],
            "adminStatus": "ENABLED",
            "agentGroupName": group,
            "agentGroupType": gtype,
        })
    };
    vec![
        a(
            1,
            "web-01.prod",
            "CONNECTED",
            "LINUX",
            "Ubuntu 22.04",
            "24.3.1",
            "AWS",
            "52.14.10.21",
            "Prod Linux",
            "CLOUD",
        ),
        a(
            2,
            "web-02.prod",
            "CONNECTED",
            "LINUX",
            "Ubuntu 22.04",
            "24.3.1",
            "AWS",
            "52.14.10.22",
            "Prod Linux",
            "CLOUD",
        ),
        a(
            3,
            "db-01.prod",
            "DISCONNECTED",
            "LINUX",
            "RHEL 9.3",
            "24.2.4",
            "AWS",
            "52.14.10.30",
            "Prod Linux",
            "CLOUD",
        ),
        a(
            4,
            "ad-dc-01",
            "CONNECTED",
            "WINDOWS",
            "Windows Server 2022",
            "24.3.1",
            "AZURE",
            "20.81.4.12",
            "Datacenter Windows",
            "ON_PREM",
        ),
        a(
            5,
            "batch-07.dev",
            "CONNECTED",
            "LINUX",
            "Amazon Linux 2023",
            "24.2.4",
            "AWS",
            "3.21.77.5",
            "Dev Linux",
            "CLOUD",
        ),
    ]
}

pub(crate) fn agent_groups() -> Vec<Value> {
    let g = |id: &str, name: &str, gtype: &str, cloud: &str, count: u32, tz: &str| {
        json!({
            "__typename": "AgentGroup",
            "name": name,
            "eyezId": id,
            "agentGroupType": gtype,
            "cloudProvider": cloud,
            "adminStatus": "ENABLED",
            "agentCount": count,
            "description": format!("{name} agents"),
            "policyStatus": "ENFORCED",
            "upgradeStatus": "UP_TO_DATE",
            "tamperProtectionStatus": "ENABLED",
            "agentAutoUpgrade": true,
            "agentDeletionTimeoutSeconds": 604_800,
            "timezone": tz,
            "upgradeDay": "SUNDAY",
            "upgradeTime": "02:00",
            "versionProfileName": "Default",
        })
    };
    vec![
        g(
            "ag-7c1e2d3f-0001",
            "Prod Linux",
            "CLOUD",
            "AWS",
            3,
            "America/Los_Angeles",
        ),
        g(
            "ag-7c1e2d3f-0002",
            "Datacenter Windows",
            "ON_PREM",
            "AZURE",
            1,
            "America/New_York",
        ),
        g("ag-7c1e2d3f-0003", "Dev Linux", "CLOUD", "AWS", 1, "UTC"),
    ]
}

pub(crate) fn nonces() -> Vec<Value> {
    let n = |id: &str, name: &str, group: &str, gname: &str, max: u32, used: u32| {
        json!({
            "__typename": "Nonce",
            "eyezId": id,
            "name": name,
            "key": format!("zms-{}-{}", &id[3..11], "K7Q2X9"),
            "maxUsage": max,
            "usageCount": used,
            "agentGroupEyezId": group,
            "agentGroupName": gname,
            "agentGroupType": "CLOUD",
            "product": "ZMS",
            "creationTime": SEED_TIME - 86_400 * 20,
            "modifiedTime": SEED_TIME - 86_400 * 2,
        })
    };
    vec![
        n(
            "nc-5a6b7c8d-0001",
            "prod-linux-key",
            "ag-7c1e2d3f-0001",
            "Prod Linux",
            100,
            3,
        ),
        n(
            "nc-5a6b7c8d-0002",
            "windows-dc-key",
            "ag-7c1e2d3f-0002",
            "Datacenter Windows",
            10,
            1,
        ),
        n(
            "nc-5a6b7c8d-0003",
            "dev-key",
            "ag-7c1e2d3f-0003",
            "Dev Linux",
            50,
            1,
        ),
    ]
}

pub(crate) fn resources() -> Vec<Value> {
    // Arguments: (id, name), (kind, cloud, region), (os, distro, version),
    // (ip, agent), app zone, deleted.
    let r = |(id, name): (&str, &str),
             (kind, cloud, region): (&str, &str, &str),
             (os, distro, ver): (&str, &str, &str),
             (ip, agent): (&str, &str),
             zone: Option<(&str, &str)>,
             deleted: bool| {
        json!({
            "__typename": "Resource",
            "id": id,
            "name": name,
            "resourceType": kind,
            "status": if deleted { "TERMINATED" } else { "RUNNING" },
            "cloudProvider": cloud,
            "cloudRegion": region,
            "resourceHostname": format!("{name}.corp.example.com"),
            "platformOs": os,
            "platformOsDistro": distro,
            "platformOsVersion": ver,
            "localIps": [ip],
            "deleted": deleted,
            "modifiedTime": SEED_TIME - 3600,
            "agentId": agent,
            "appZoneIds": zone.map(|z| vec![z.0]).unwrap_or_default(),
            "appZoneNames": zone.map(|z| vec![z.1]).unwrap_or_default(),
            "appZoneMappingState": if zone.is_some() { "MAPPED" } else { "UNMAPPED" },
        })
    };
    vec![
        r(
            ("res-0001", "web-01"),
            ("VM", "AWS", "us-east-1"),
            ("LINUX", "Ubuntu", "22.04"),
            ("10.40.1.10", "ag-3b9d0001-agent"),
            Some(("az-0001", "Prod Web")),
            false,
        ),
        r(
            ("res-0002", "web-02"),
            ("VM", "AWS", "us-east-1"),
            ("LINUX", "Ubuntu", "22.04"),
            ("10.40.2.10", "ag-3b9d0002-agent"),
            Some(("az-0001", "Prod Web")),
            false,
        ),
        r(
            ("res-0003", "db-01"),
            ("VM", "AWS", "us-east-1"),
            ("LINUX", "RHEL", "9.3"),
            ("10.40.3.10", "ag-3b9d0003-agent"),
            Some(("az-0002", "Prod Data")),
            false,
        ),
        r(
            ("res-0004", "ad-dc-01"),
            ("VM", "AZURE", "eastus"),
            ("WINDOWS", "Windows Server", "2022"),
            ("10.40.4.10", "ag-3b9d0004-agent"),
            None,
            false,
        ),
        r(
            ("res-0005", "batch-07"),
            ("VM", "AWS", "us-west-2"),
            ("LINUX", "Amazon Linux", "2023"),
            ("10.40.5.10", "ag-3b9d0005-agent"),
            Some(("az-0003", "Dev")),
            false,
        ),
        r(
            ("res-0006", "legacy-ftp"),
            ("VM", "AWS", "us-west-2"),
            ("LINUX", "CentOS", "7"),
            ("10.40.6.10", ""),
            None,
            true,
        ),
    ]
}

pub(crate) fn resource_groups() -> Vec<Value> {
    vec![
        json!({"__typename": "ManagedResourceGroup", "id": "rg-0001", "name": "Web Tier", "description": "Front-end web servers", "type": "DYNAMIC", "origin": "CUSTOM", "resourceMemberCount": 2, "modifiedTime": SEED_TIME - 7200, "memberIds": ["res-0001", "res-0002"]}),
        json!({"__typename": "ManagedResourceGroup", "id": "rg-0002", "name": "Databases", "description": "Stateful data stores", "type": "STATIC", "origin": "CUSTOM", "resourceMemberCount": 1, "modifiedTime": SEED_TIME - 7200, "memberIds": ["res-0003"]}),
        json!({"__typename": "UnmanagedResourceGroup", "id": "rg-0003", "name": "Partner Networks", "description": "Third-party ranges", "type": "UNMANAGED", "origin": "CUSTOM", "resourceMemberCount": 0, "modifiedTime": SEED_TIME - 86_400, "cidrs": ["198.51.100.0/24"], "fqdns": ["api.partner.example.org"], "memberIds": []}),
        json!({"__typename": "UnmanagedResourceGroup", "id": "rg-0004", "name": "Internet", "description": "Any public address", "type": "UNMANAGED", "origin": "SYSTEM", "resourceMemberCount": 0, "modifiedTime": SEED_TIME - 86_400 * 30, "cidrs": ["0.0.0.0/0"], "fqdns": [], "memberIds": []}),
    ]
}

fn pp(proto: &str, ranges: &[(u16, u16)]) -> Value {
    json!({
        "__typename": "PortAndProtocol",
        "protocol": proto,
        "portRanges": ranges.iter().map(|(s, e)| json!({"__typename": "PortRange", "startPort": s, "endPort": e})).collect::<Vec<_>>(),
    })
}

pub(crate) fn policy_rules() -> Vec<Value> {
    let r = |id: &str,
             name: &str,
             action: &str,
             prio: u32,
             groups: &[&str],
             ports: Vec<Value>,
             hit: Option<u64>| {
        json!({
            "__typename": "PolicyRule",
            "id": id,
            "name": name,
            "action": action,
            "priority": prio,
            "description": format!("{name} rule"),
            "deleted": false,
            "sourceTargetType": "RESOURCE_GROUP",
            "destinationTargetType": "RESOURCE_GROUP",
            "appZoneScopeTargetType": "APP_ZONE",
            "creationTime": SEED_TIME - 86_400 * 10,
            "modifiedTime": SEED_TIME - 86_400,
            "lastHit": hit,
            "portAndProtocols": ports,
            "groupIds": groups,
        })
    };
    vec![
        r(
            "pr-0001",
            "Web to DB",
            "ALLOW",
            1,
            &["rg-0001", "rg-0002"],
            vec![pp("TCP", &[(5432, 5432)])],
            Some(SEED_TIME - 60),
        ),
        r(
            "pr-0002",
            "Partners to Web",
            "ALLOW",
            2,
            &["rg-0003", "rg-0001"],
            vec![pp("TCP", &[(443, 443)])],
            Some(SEED_TIME - 3600),
        ),
        r(
            "pr-0003",
            "Block Internet to DB",
            "BLOCK",
            3,
            &["rg-0004", "rg-0002"],
            vec![pp("ANY", &[(0, 65535)])],
            None,
        ),
        r(
            "pr-0004",
            "Monitoring",
            "ALLOW",
            4,
            &["rg-0001"],
            vec![pp("TCP", &[(9100, 9100)]), pp("UDP", &[(161, 162)])],
            Some(SEED_TIME - 120),
        ),
    ]
}

pub(crate) fn default_rules() -> Vec<Value> {
    let d = |id: &str, name: &str, action: &str, dir: &str, scope: &str| json!({"__typename": "DefaultPolicyRule", "id": id, "name": name, "action": action, "direction": dir, "description": format!("Default {dir} rule for {scope}"), "scopeType": scope, "modifiedTime": SEED_TIME - 86_400 * 30});
    vec![
        d("dpr-0001", "Default Inbound", "BLOCK", "INBOUND", "GLOBAL"),
        d(
            "dpr-0002",
            "Default Outbound",
            "ALLOW",
            "OUTBOUND",
            "GLOBAL",
        ),
        d(
            "dpr-0003",
            "App Zone Intra",
            "ALLOW",
            "BIDIRECTIONAL",
            "APP_ZONE",
        ),
    ]
}

pub(crate) fn app_zones() -> Vec<Value> {
    let z = |id: &str, name: &str, members: u32, vpcs: bool| json!({"__typename": "AppZone", "id": id, "appZoneName": name, "description": format!("{name} workloads"), "memberCount": members, "includeAllVpcs": vpcs, "includeAllSubnets": !vpcs});
    vec![
        z("az-0001", "Prod Web", 2, false),
        z("az-0002", "Prod Data", 1, false),
        z("az-0003", "Dev", 1, true),
    ]
}

pub(crate) fn app_catalog() -> Vec<Value> {
    let a = |id: &str, name: &str, cat: &str, ports: Vec<Value>, procs: &[&str]| {
        json!({
            "__typename": "AppCatalogEntry",
            "id": id,
            "name": name,
            "category": cat,
            "creationTime": SEED_TIME - 86_400 * 100,
            "modifiedTime": SEED_TIME - 86_400 * 5,
            "details": {"__typename": "AppCatalogDetails", "portAndProtocol": ports, "processes": procs},
        })
    };
    vec![
        a(
            "ac-0001",
            "PostgreSQL",
            "DATABASE",
            vec![pp("TCP", &[(5432, 5432)])],
            &["postgres"],
        ),
        a(
            "ac-0002",
            "NGINX",
            "WEB_SERVER",
            vec![pp("TCP", &[(80, 80), (443, 443)])],
            &["nginx"],
        ),
        a(
            "ac-0003",
            "Active Directory",
            "DIRECTORY",
            vec![pp("TCP", &[(389, 389), (636, 636)]), pp("UDP", &[(88, 88)])],
            &["lsass.exe"],
        ),
        a(
            "ac-0004",
            "Prometheus Node Exporter",
            "MONITORING",
            vec![pp("TCP", &[(9100, 9100)])],
            &["node_exporter"],
        ),
    ]
}

pub(crate) fn namespaces() -> Vec<Value> {
    vec![
        json!({"__typename": "Namespace", "id": "ns-custom-001", "name": "corp", "description": "Corporate tags", "origin": "CUSTOM"}),
        json!({"__typename": "Namespace", "id": "ns-aws-001", "name": "aws", "description": "Imported AWS tags", "origin": "EXTERNAL"}),
        json!({"__typename": "Namespace", "id": "ns-ml-001", "name": "ml-suggested", "description": "Machine-learned labels", "origin": "ML"}),
    ]
}

pub(crate) fn tag_keys() -> Vec<Value> {
    let k = |id: &str, ns: &str, name: &str| json!({"__typename": "TagKey", "id": id, "namespaceId": ns, "name": name, "description": format!("{name} tag")});
    vec![
        k("tk-env", "ns-custom-001", "environment"),
        k("tk-owner", "ns-custom-001", "owner"),
        k("tk-app", "ns-custom-001", "application"),
        k("tk-aws-name", "ns-aws-001", "Name"),
    ]
}

pub(crate) fn tag_values() -> Vec<Value> {
    let v = |id: &str, tag: &str, name: &str| json!({"__typename": "TagValue", "id": id, "tagId": tag, "name": name});
    vec![
        v("tv-0001", "tk-env", "production"),
        v("tv-0002", "tk-env", "staging"),
        v("tv-0003", "tk-env", "development"),
        v("tv-0004", "tk-owner", "platform-team"),
        v("tv-0005", "tk-app", "checkout"),
        v("tv-0006", "tk-aws-name", "web-01"),
    ]
}
