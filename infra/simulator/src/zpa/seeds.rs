//! Templates (defaults of new objects), seed objects and sample write
//! bodies of the registry collections. Shapes follow the recordings where
//! there are some (service edge groups, provisioning keys, enrollment
//! certificates, posture profiles, trusted networks) and the SDK models
//! elsewhere. Each collection has its own id range.

use crate::util::overlay;
use crate::zpa::{MODIFIED_BY, SEED_TIME};
use serde_json::{json, Map, Value};

/// The seeded IdP (the ZPA core).
pub(crate) const IDP_ID: &str = "216196257331285825";
const CONNECTOR_GROUP_IDS: [&str; 2] = ["216196257331370190", "216196257331370191"];
const CONNECTOR_GROUP_NAMES: [&str; 2] = ["SJC-Connector-Group", "AWS-USW2-Connector-Group"];
const SERVER_GROUP_IDS: [&str; 3] = [
    "216196257331370180",
    "216196257331370181",
    "216196257331370182",
];
pub(crate) const SERVICE_EDGE_GROUP_IDS: [&str; 3] = [
    "216196257331382979",
    "216196257331382990",
    "216196257331382991",
];
pub(crate) const CERT_IDS: [&str; 3] = [
    "216196257331372201",
    "216196257331372202",
    "216196257331372203",
];
pub(crate) const ISOLATION_PROFILE_IDS: [&str; 3] = [
    "216196257331372601",
    "216196257331372602",
    "216196257331372603",
];
pub(crate) const INSPECTION_PROFILE_IDS: [&str; 3] = [
    "216196257331372501",
    "216196257331372502",
    "216196257331372503",
];
const TRUSTED_NETWORK_IDS: [&str; 3] = [
    "216196257331372849",
    "216196257331369930",
    "216196257331369931",
];
pub(crate) const TRUSTED_NETWORK_UDIDS: [&str; 3] = [
    "01b54e90-39c1-43e1-a484-6d5c33c65195",
    "928c092b-3fe1-49bb-b01f-0618e4f38468",
    "3c3e55e7-cfe1-4abf-974f-276ac586309b",
];

/// `extra` over `base` (shallow).
fn with(base: Value, extra: Value) -> Value {
    let mut o = base.as_object().cloned().unwrap_or_default();
    if let Some(e) = extra.as_object() {
        overlay(&mut o, e);
    }
    Value::Object(o)
}

/// `{id, modifiedTime, creationTime, modifiedBy}` followed by `v`.
fn meta(id: &str, created: &str, modified: &str, v: Value) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(id));
    o.insert("modifiedTime".into(), json!(modified));
    o.insert("creationTime".into(), json!(created));
    o.insert("modifiedBy".into(), json!(MODIFIED_BY));
    if let Some(m) = v.as_object() {
        overlay(&mut o, m);
    }
    Value::Object(o)
}

fn seeded(id: &str, v: Value) -> Value {
    meta(id, SEED_TIME, SEED_TIME, v)
}

/// A syntactically PEM-shaped certificate body (not a real certificate).
fn fake_pem(tag: &str) -> String {
    format!(
        "-----BEGIN CERTIFICATE-----\nMIIDdTCCAl2gAwIBAgIIS{tag}QwDQYJKoZIhvcNAQELBQAwYTELMAkGA1UEBhMCVVMx\nEzARBgNVBAgMCkNhbGlmb3JuaWExEDAOBgNVBAoMB1NhbmRib3g=\n-----END CERTIFICATE-----\n"
    )
}

const PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAw/Pqr3HUpwFPwqOc9/Md\n-----END PUBLIC KEY-----\n";

// ---------------------------------------------------------------- app connectors

pub(crate) fn connector_template() -> Value {
    json!({
        "name": "",
        "description": "",
        "enabled": true,
        "microtenantName": "Default",
    })
}

/// Two connectors in each connector group of the core seeds (ids and
/// addresses as the groups embedded them before).
pub(crate) fn connectors() -> Vec<Value> {
    let mut out = Vec::new();
    for (i, (gid, gname)) in CONNECTOR_GROUP_IDS
        .iter()
        .zip(CONNECTOR_GROUP_NAMES.iter())
        .enumerate()
    {
        for (j, (host, public)) in [(10, 40), (11, 50)].iter().enumerate() {
            let id = format!("21619625733137020{}", i * 2 + j);
            let key = if i == 0 { "52408" } else { "52658" };
            out.push(seeded(
                &id,
                json!({
                    "name": format!("{gname}-conn-{}", j + 1),
                    "description": "",
                    "enabled": true,
                    "fingerprint": format!("sha256:{:064x}", (i * 2 + j + 1) * 0x9e37_79b9),
                    "appConnectorGroupId": gid,
                    "appConnectorGroupName": gname,
                    "controlChannelStatus": "ZPN_STATUS_AUTHENTICATED",
                    "currentVersion": "24.302.1",
                    "expectedVersion": "24.302.1",
                    "previousVersion": "24.250.5",
                    "upgradeStatus": "COMPLETE",
                    "upgradeAttempt": "0",
                    "platform": "el9",
                    "platformDetail": {"platform": "el9", "release": "9.4", "arch": "x86_64"},
                    "runtimeOS": "Red Hat Enterprise Linux 9.4 (Plow)",
                    "privateIp": format!("10.1.{i}.{host}"),
                    "publicIp": format!("198.51.100.{}", public + i),
                    "location": if i == 0 { "San Jose, CA, USA" } else { "Portland, OR, USA" },
                    "latitude": if i == 0 { "37.33874" } else { "45.5152" },
                    "longitude": if i == 0 { "-121.8852525" } else { "-122.6784" },
                    "provisioningKeyId": key,
                    "provisioningKeyName": if i == 0 { "SJC-Connector-Key" } else { "AWS-USW2-Connector-Key" },
                    "enrollmentCert": {"id": "6573", "name": "Connector"},
                    "issuedCertId": format!("{}", 7_100_000 + i * 2 + j),
                    "lastBrokerConnectTime": "1772990000000000",
                    "lastBrokerConnectTimeDuration": "1 hour 12 minutes",
                    "lastBrokerDisconnectTime": "1772985000000000",
                    "lastUpgradeTime": "1772300000000000",
                    "ctrlBrokerName": "broker2a.pdx2",
                    "applicationStartTime": "1772300100",
                    "microtenantName": "Default",
                }),
            ));
        }
    }
    out
}

pub(crate) fn connector_update() -> Value {
    json!({"name": "SJC-Connector-Group-conn-1-renamed", "description": "Renamed by the test", "enabled": false})
}

// ---------------------------------------------------------------- service edges

pub(crate) fn service_edge_group_template() -> Value {
    json!({
        "name": "",
        "enabled": true,
        "description": "",
        "versionProfileId": "0",
        "overrideVersionProfile": false,
        "versionProfileName": "Default",
        "upgradePriority": "WEEK",
        "versionProfileVisibilityScope": "ALL",
        "upgradeTimeInSecs": "66600",
        "upgradeDay": "SUNDAY",
        "version": {"version_profile_gid": "0", "versionProfileName": "Default",
                    "sargeVersion": "26.52.3", "childVersion": "26.52.3", "latestPlatform": "el9"},
        "isPublic": "FALSE",
        "location": "",
        "latitude": "0",
        "longitude": "0",
        "cityCountry": "",
        "countryCode": "",
        "useInDrMode": false,
        "exclusiveForBusinessContinuity": false,
        "graceDistanceEnabled": false,
        "trustedNetworks": [],
        "readOnly": false,
        "zscalerManaged": false,
        "microtenantName": "Default",
        "serviceEdges": [],
    })
}

/// Recorded "Service-Edge-Group-1" plus two private groups.
pub(crate) fn service_edge_groups() -> Vec<Value> {
    let base = service_edge_group_template();
    vec![
        meta(
            SERVICE_EDGE_GROUP_IDS[0],
            "1745887239",
            "1745902929",
            with(
                base.clone(),
                json!({
                    "name": "Service-Edge-Group-1", "description": "Service-Edge-Group-1",
                    "versionProfileId": "2", "overrideVersionProfile": true, "versionProfileName": "New Release",
                    "version": {"version_profile_gid": "2", "versionProfileName": "New Release",
                                "sargeVersion": "26.52.3", "childVersion": "26.52.3", "latestPlatform": "el9"},
                    "isPublic": "TRUE", "location": "120 Holger Way, San Jose, CA 95134, USA",
                    "latitude": "37.4181643", "longitude": "-121.9531325",
                    "cityCountry": "San Jose, US", "countryCode": "US",
                    "graceDistanceEnabled": true, "graceDistanceValue": "10.0", "graceDistanceValueUnit": "MILES",
                    "trustedNetworks": [{"id": TRUSTED_NETWORK_IDS[2]}, {"id": TRUSTED_NETWORK_IDS[1]}],
                }),
            ),
        ),
        seeded(
            SERVICE_EDGE_GROUP_IDS[1],
            with(
                base.clone(),
                json!({
                    "name": "PSE-Frankfurt", "description": "Private service edges in the Frankfurt DC",
                    "location": "Frankfurt, Hesse, Germany", "latitude": "50.1109221", "longitude": "8.6821267",
                    "cityCountry": "Frankfurt, DE", "countryCode": "DE", "upgradeDay": "SATURDAY",
                }),
            ),
        ),
        seeded(
            SERVICE_EDGE_GROUP_IDS[2],
            with(
                base,
                json!({
                    "name": "PSE-Singapore", "description": "Private service edges for APAC",
                    "location": "Singapore, Singapore", "latitude": "1.3521", "longitude": "103.8198",
                    "cityCountry": "Singapore, SG", "countryCode": "SG", "enabled": false,
                    "trustedNetworks": [{"id": TRUSTED_NETWORK_IDS[0]}],
                }),
            ),
        ),
    ]
}

pub(crate) fn service_edge_group_create() -> Value {
    json!({"name": "tests-seg-vcr0001", "description": "tests-seg-vcr0002", "enabled": true,
           "latitude": "37.33874", "longitude": "-121.8852525", "location": "San Jose, CA, USA",
           "upgradeDay": "SUNDAY", "upgradeTimeInSecs": "66600", "overrideVersionProfile": true,
           "versionProfileId": "0", "isPublic": "TRUE"})
}

pub(crate) fn service_edge_group_update() -> Value {
    json!({"name": "tests-seg-vcr0001 Updated", "upgradeDay": "MONDAY", "isPublic": "FALSE"})
}

pub(crate) fn service_edge_template() -> Value {
    json!({"name": "", "description": "", "enabled": true, "microtenantName": "Default"})
}

pub(crate) fn service_edges() -> Vec<Value> {
    let specs = [
        (
            "216196257331382980",
            0,
            "Service-Edge-1",
            "10.2.0.10",
            "203.0.113.10",
            "52411",
        ),
        (
            "216196257331382981",
            0,
            "Service-Edge-2",
            "10.2.0.11",
            "203.0.113.11",
            "52411",
        ),
        (
            "216196257331382992",
            1,
            "PSE-FRA-1",
            "10.3.0.10",
            "203.0.113.20",
            "52720",
        ),
        (
            "216196257331382993",
            2,
            "PSE-SIN-1",
            "10.4.0.10",
            "203.0.113.30",
            "52720",
        ),
    ];
    specs
        .iter()
        .map(|(id, g, name, private, public, key)| {
            seeded(
                id,
                json!({
                    "name": name, "description": "", "enabled": true,
                    "serviceEdgeGroupId": SERVICE_EDGE_GROUP_IDS[*g],
                    "serviceEdgeGroupName": "",
                    "controlChannelStatus": "ZPN_STATUS_AUTHENTICATED",
                    "currentVersion": "26.52.3", "expectedVersion": "26.52.3", "previousVersion": "25.300.1",
                    "upgradeStatus": "COMPLETE", "upgradeAttempt": "0", "platform": "el9",
                    "runtimeOS": "Red Hat Enterprise Linux 9.4 (Plow)",
                    "privateIp": private, "publicIp": public, "publishIps": [public],
                    "listenIps": [private],
                    "provisioningKeyId": key,
                    "provisioningKeyName": if *g == 0 { "SJC-PSE-Key" } else { "EMEA-PSE-Key" },
                    "enrollmentCert": {"id": "6574", "name": "Service Edge"},
                    "lastBrokerConnectTime": "1772990000000000",
                    "lastBrokerDisconnectTime": "1772985000000000",
                    "lastUpgradeTime": "1772300000000000",
                    "ctrlBrokerName": "broker2a.pdx2",
                    "applicationStartTime": "1772300100",
                    "microtenantName": "Default",
                }),
            )
        })
        .collect()
}

pub(crate) fn service_edge_update() -> Value {
    json!({"name": "Service-Edge-1-renamed", "description": "Renamed by the test", "enabled": false})
}

// ---------------------------------------------------------------- provisioning keys

pub(crate) fn provisioning_key_template() -> Value {
    json!({
        "name": "",
        "usageCount": "0",
        "maxUsage": "1",
        "zcomponentId": "",
        "enabled": true,
        "exportable": true,
        "readOnly": false,
        "zscalerManaged": false,
        "enrollmentCertId": "",
    })
}

fn pkey(id: &str, assoc: &str, name: &str, max: &str, used: &str, comp: &str, cert: &str) -> Value {
    let secret: String = id
        .bytes()
        .cycle()
        .take(96)
        .enumerate()
        .map(|(i, b)| {
            let a = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            a[(usize::from(b) * 7 + i * 13) % a.len()] as char
        })
        .collect();
    seeded(
        id,
        with(
            provisioning_key_template(),
            json!({
                "name": name, "usageCount": used, "maxUsage": max, "zcomponentId": comp,
                "enrollmentCertId": cert,
                "provisioningKey": format!("3|api.private.zscaler.com|{secret}"),
                "associationType": assoc,
            }),
        ),
    )
}

pub(crate) fn provisioning_keys() -> Vec<Value> {
    vec![
        pkey(
            "52408",
            "CONNECTOR_GRP",
            "SJC-Connector-Key",
            "10",
            "2",
            CONNECTOR_GROUP_IDS[0],
            "6573",
        ),
        pkey(
            "52658",
            "CONNECTOR_GRP",
            "AWS-USW2-Connector-Key",
            "10",
            "2",
            CONNECTOR_GROUP_IDS[1],
            "6573",
        ),
        pkey(
            "52710",
            "CONNECTOR_GRP",
            "SJC-Connector-Key-Spare",
            "2",
            "0",
            CONNECTOR_GROUP_IDS[0],
            "6573",
        ),
        pkey(
            "52411",
            "SERVICE_EDGE_GRP",
            "SJC-PSE-Key",
            "5",
            "2",
            SERVICE_EDGE_GROUP_IDS[0],
            "6574",
        ),
        pkey(
            "52720",
            "SERVICE_EDGE_GRP",
            "EMEA-PSE-Key",
            "5",
            "2",
            SERVICE_EDGE_GROUP_IDS[1],
            "6574",
        ),
        pkey(
            "52800",
            "NP_ASSISTANT_GRP",
            "Branch-NP-Key",
            "20",
            "0",
            "216196257331382995",
            "6573",
        ),
    ]
}

/// The recorded create body (with both `componentId` and `zcomponentId`).
pub(crate) fn provisioning_key_create() -> Value {
    json!({"enrollmentCertId": "6573", "componentId": CONNECTOR_GROUP_IDS[0],
           "name": "tests-pkacg-vcr0003", "maxUsage": 2, "zcomponentId": CONNECTOR_GROUP_IDS[0]})
}

pub(crate) fn provisioning_key_update() -> Value {
    json!({"name": "tests-pkacg-vcr0003 Updated", "maxUsage": "5", "enabled": false})
}

// ---------------------------------------------------------------- enrollment certificates

/// Root, Client, Connector (recorded) and Service Edge.
pub(crate) fn enrollment_certs() -> Vec<Value> {
    let specs = [
        ("6571", "Root", "", "", true, "1619672239", "2092712239"),
        (
            "6572",
            "Client",
            "6571",
            "Root",
            true,
            "1619672239",
            "2092712239",
        ),
        (
            "6573",
            "Connector",
            "6571",
            "Root",
            true,
            "1619585839",
            "2092712239",
        ),
        (
            "6574",
            "Service Edge",
            "6571",
            "Root",
            true,
            "1619585839",
            "2092712239",
        ),
    ];
    specs
        .iter()
        .map(|(id, name, parent, parent_name, signing, from, to)| {
            let cn = format!("sandbox.zpa-customer.com/{name}");
            let mut v = json!({
                "cName": cn,
                "validFromInEpochSec": from,
                "validToInEpochSec": to,
                "certificate": fake_pem(id),
                "issuedTo": format!("O=Zscaler,OU=Private Access,CN={cn}"),
                "issuedBy": "O=Zscaler,OU=Private Access,CN=sandbox.zpa-customer.com/Root",
                "serialNo": format!("1624398536666983134201442426976{id}"),
                "name": name,
                "allowSigning": signing,
                "privateKeyPresent": true,
                "clientCertType": if *name == "Client" { "ZAPP_CLIENT" } else { "NONE" },
            });
            if !parent.is_empty() {
                if let Some(m) = v.as_object_mut() {
                    m.insert("parentCertId".into(), json!(parent));
                    m.insert("parentCertName".into(), json!(parent_name));
                }
            }
            meta(id, "1619672239", "1648917421", v)
        })
        .collect()
}

// ---------------------------------------------------------------- application servers

pub(crate) fn server_template() -> Value {
    json!({
        "name": "",
        "description": "",
        "address": "",
        "enabled": true,
        "appServerGroupIds": [],
        "configSpace": "DEFAULT",
        "readOnly": false,
        "zscalerManaged": false,
        "microtenantName": "Default",
    })
}

pub(crate) fn servers() -> Vec<Value> {
    let specs = [
        (
            "216196257331372101",
            "sjc-intranet-01",
            "10.1.0.21",
            0,
            "Intranet web server",
        ),
        (
            "216196257331372102",
            "sjc-git-01",
            "git.sandbox.internal",
            0,
            "Source control",
        ),
        (
            "216196257331372103",
            "usw2-ci-01",
            "10.20.1.15",
            1,
            "CI runner",
        ),
        (
            "216196257331372104",
            "fin-erp-01",
            "erp.finance.sandbox.internal",
            2,
            "ERP application server",
        ),
    ];
    specs
        .iter()
        .map(|(id, name, addr, g, desc)| {
            seeded(
                id,
                with(
                    server_template(),
                    json!({"name": name, "description": desc, "address": addr,
                           "appServerGroupIds": [SERVER_GROUP_IDS[*g]]}),
                ),
            )
        })
        .collect()
}

pub(crate) fn server_create() -> Value {
    json!({"name": "tests-server-01", "description": "Created by the test", "address": "192.0.2.10",
           "enabled": true, "appServerGroupIds": [SERVER_GROUP_IDS[0]]})
}

pub(crate) fn server_update() -> Value {
    json!({"address": "192.0.2.11", "enabled": false})
}

// ---------------------------------------------------------------- BA certificates

pub(crate) fn certificate_template() -> Value {
    json!({"name": "", "description": "", "microtenantName": "Default"})
}

pub(crate) fn certificates() -> Vec<Value> {
    let specs = [
        (
            CERT_IDS[0],
            "*.sandbox.example",
            "Wildcard certificate for Browser Access",
        ),
        (
            CERT_IDS[1],
            "portal.sandbox.example",
            "PRA portal certificate",
        ),
        (CERT_IDS[2], "apps.sandbox.example", "Browser Access apps"),
    ];
    specs
        .iter()
        .enumerate()
        .map(|(i, (id, cn, desc))| {
            seeded(
                id,
                with(
                    certificate_template(),
                    json!({
                        "name": cn, "description": desc, "cName": cn,
                        "validFromInEpochSec": "1767225600", "validToInEpochSec": "1798761600",
                        "certificate": fake_pem(id),
                        "issuedTo": format!("CN={cn},O=Sandbox,ST=California,C=US"),
                        "issuedBy": "CN=Sandbox Issuing CA,O=Sandbox,C=US",
                        "serialNo": format!("26064126040193463{i:02}"),
                        "publicKey": PUBLIC_KEY,
                        "san": [cn],
                    }),
                ),
            )
        })
        .collect()
}

/// A certificate with its private key, as the SDKs upload it (`pem`).
pub(crate) fn certificate_create() -> Value {
    json!({"name": "tests-ba-cert.sandbox.example", "description": "Uploaded by the test",
           "pem": format!("{}-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n", fake_pem("T1"))})
}

pub(crate) fn certificate_update() -> Value {
    json!({"description": "Described again"})
}

// ---------------------------------------------------------------- PRA portals

pub(crate) fn pra_portal_template() -> Value {
    json!({
        "name": "",
        "description": "",
        "enabled": true,
        "domain": "",
        "certificateId": "",
        "userNotification": "",
        "userNotificationEnabled": false,
        "microtenantName": "Default",
    })
}

pub(crate) fn pra_portals() -> Vec<Value> {
    let specs = [
        (
            "216196257331372301",
            "Engineering PRA Portal",
            "pra-eng.sandbox.example",
            true,
            "Sessions are recorded.",
        ),
        (
            "216196257331372302",
            "Finance PRA Portal",
            "pra-fin.sandbox.example",
            true,
            "Finance systems: approved access only.",
        ),
        (
            "216196257331372303",
            "Vendor PRA Portal",
            "pra-vendors.sandbox.example",
            false,
            "",
        ),
    ];
    specs
        .iter()
        .map(|(id, name, domain, notify, msg)| {
            seeded(
                id,
                with(
                    pra_portal_template(),
                    json!({"name": name, "description": format!("{name} (seeded)"), "domain": domain,
                           "certificateId": CERT_IDS[1], "certificateName": "portal.sandbox.example",
                           "userNotification": msg, "userNotificationEnabled": notify,
                           "getcName": format!("{id}.p.zscalerportal.net")}),
                ),
            )
        })
        .collect()
}

pub(crate) fn pra_portal_create() -> Value {
    json!({"name": "tests-pra-portal", "description": "Created by the test", "enabled": true,
           "domain": "tests-pra.sandbox.example", "certificateId": CERT_IDS[1],
           "userNotification": "Hello", "userNotificationEnabled": true})
}

pub(crate) fn pra_portal_update() -> Value {
    json!({"description": "Updated by the test", "enabled": false, "certificateId": CERT_IDS[0]})
}

// ---------------------------------------------------------------- PRA credentials

pub(crate) fn pra_credential_template() -> Value {
    json!({"name": "", "description": "", "credentialType": "", "microtenantName": "Default"})
}

pub(crate) fn pra_credentials() -> Vec<Value> {
    vec![
        seeded(
            "216196257331372401",
            json!({"name": "Windows Jump Host Admin", "description": "RDP to the jump host",
                   "credentialType": "USERNAME_PASSWORD", "userName": "jumpadmin", "userDomain": "SANDBOX",
                   "lastCredentialResetTime": SEED_TIME, "microtenantName": "Default"}),
        ),
        seeded(
            "216196257331372402",
            json!({"name": "Linux Bastion Key", "description": "SSH to the bastion",
                   "credentialType": "SSH_KEY", "userName": "ec2-user",
                   "lastCredentialResetTime": SEED_TIME, "microtenantName": "Default"}),
        ),
        seeded(
            "216196257331372403",
            json!({"name": "VNC Console Password", "description": "Lab VNC console",
                   "credentialType": "PASSWORD",
                   "lastCredentialResetTime": SEED_TIME, "microtenantName": "Default"}),
        ),
    ]
}

pub(crate) fn pra_credential_create() -> Value {
    json!({"name": "tests-pra-cred", "description": "Created by the test",
           "credentialType": "USERNAME_PASSWORD", "userName": "svc-test", "userDomain": "SANDBOX",
           "password": "S3cret-Passw0rd!"})
}

pub(crate) fn pra_credential_update() -> Value {
    json!({"description": "Password rotated", "password": "N3w-Passw0rd!"})
}

// ---------------------------------------------------------------- SAML / SCIM attributes

pub(crate) fn saml_attributes() -> Vec<Value> {
    let specs = [
        (
            "216196257331285831",
            "Email_Sandbox_Okta_Users",
            "email",
            true,
        ),
        (
            "216196257331285832",
            "FirstName_Sandbox_Okta_Users",
            "firstName",
            true,
        ),
        (
            "216196257331285833",
            "LastName_Sandbox_Okta_Users",
            "lastName",
            true,
        ),
        (
            "216196257331285834",
            "Department_Sandbox_Okta_Users",
            "department",
            false,
        ),
        (
            "216196257331285835",
            "Groups_Sandbox_Okta_Users",
            "memberOf",
            false,
        ),
    ];
    specs
        .iter()
        .map(|(id, name, saml, user)| {
            meta(
                id,
                "1631717728",
                "1631717728",
                json!({"name": name, "userAttribute": user, "idpId": IDP_ID,
                       "idpName": "Sandbox_Okta_Users", "samlName": saml}),
            )
        })
        .collect()
}

pub(crate) fn scim_attributes() -> Vec<Value> {
    let core = "urn:ietf:params:scim:schemas:core:2.0:User";
    let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let specs = [
        ("216196257331285901", "userName", core, true, "server"),
        ("216196257331285902", "emails.value", core, false, "none"),
        ("216196257331285903", "name.givenName", core, false, "none"),
        ("216196257331285904", "title", core, false, "none"),
        ("216196257331285905", "department", ent, false, "none"),
    ];
    specs
        .iter()
        .map(|(id, name, schema, required, uniq)| {
            meta(
                id,
                "1631717800",
                "1631717800",
                json!({"name": name, "idpId": IDP_ID, "dataType": "String", "multivalued": false,
                       "mutability": "readWrite", "required": required, "returned": "default",
                       "schemaURI": schema, "uniqueness": uniq, "caseExact": false,
                       "description": format!("SCIM {name}")}),
            )
        })
        .collect()
}

/// Values users hold for a SCIM attribute (by attribute name).
pub(crate) fn scim_attribute_values(name: &str) -> &'static [&'static str] {
    match name {
        "userName" | "emails.value" => &[
            "alice.bowers@sandbox.example",
            "carlos.diaz@sandbox.example",
            "farah.okafor@sandbox.example",
            "kenji.nguyen@sandbox.example",
        ],
        "name.givenName" => &["Alice", "Carlos", "Farah", "Kenji"],
        "title" => &["Engineer", "Accountant", "IT Administrator", "Contractor"],
        "department" => &["Engineering", "Finance", "IT", "Sales"],
        _ => &[],
    }
}

// ---------------------------------------------------------------- lookups

pub(crate) fn inspection_profiles() -> Vec<Value> {
    let specs = [
        (
            INSPECTION_PROFILE_IDS[0],
            "OWASP Baseline",
            "1",
            "Predefined OWASP CRS controls",
        ),
        (
            INSPECTION_PROFILE_IDS[1],
            "Finance PCI Strict",
            "3",
            "Paranoia level 3 for PCI apps",
        ),
        (
            INSPECTION_PROFILE_IDS[2],
            "API Protection",
            "2",
            "JSON and API controls",
        ),
    ];
    specs
        .iter()
        .map(|(id, name, paranoia, desc)| {
            seeded(
                id,
                json!({
                    "name": name, "description": desc, "paranoiaLevel": paranoia,
                    "predefinedControlsVersion": "OWASP_CRS/3.3.0",
                    "incarnationNumber": "3",
                    "globalControlActions": ["PREDEFINED:PASS", "CUSTOM:NONE", "OVERRIDE_ACTION:COMMON"],
                    "controlsInfo": [{"controlType": "PREDEFINED", "count": "8"},
                                     {"controlType": "CUSTOM", "count": "0"}],
                    "predefinedControls": [
                        {"id": "72057594037928512", "name": "Failed to parse request body",
                         "action": "BLOCK", "controlGroup": "Protocol Issues", "severity": "CRITICAL",
                         "protocolType": "HTTP", "defaultAction": "BLOCK", "paranoiaLevel": "1"},
                        {"id": "72057594037928530", "name": "SQL Injection Attack Detected via libinjection",
                         "action": "BLOCK", "controlGroup": "SQL Injection", "severity": "CRITICAL",
                         "protocolType": "HTTP", "defaultAction": "BLOCK", "paranoiaLevel": "1"},
                    ],
                    "customControls": [],
                    "checkControlDeploymentStatus": false,
                    "zsDefinedControlChoice": "ALL",
                    "microtenantName": "Default",
                }),
            )
        })
        .collect()
}

pub(crate) fn isolation_profiles() -> Vec<Value> {
    let specs = [
        (
            ISOLATION_PROFILE_IDS[0],
            "Isolation-Default",
            "a9e0a4f5-6b7c-4d8e-9f01-23456789abcd",
            true,
        ),
        (
            ISOLATION_PROFILE_IDS[1],
            "Isolation-ReadOnly",
            "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
            true,
        ),
        (
            ISOLATION_PROFILE_IDS[2],
            "Isolation-Contractors",
            "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f",
            false,
        ),
    ];
    specs
        .iter()
        .map(|(id, name, uuid, enabled)| {
            seeded(
                id,
                json!({
                    "name": name, "description": format!("{name} (seeded)"), "enabled": enabled,
                    "isolationProfileId": uuid, "isolationTenantId": "5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
                    "isolationUrl": format!("https://redirect.isolation.zscaler.com/tenant/5f1c2d3e4a5b/profile/{uuid}"),
                }),
            )
        })
        .collect()
}

/// Four of the recorded posture profiles.
pub(crate) fn posture_profiles() -> Vec<Value> {
    let specs = [
        (
            "216196257331285223",
            "1631571278",
            "CrowdStrike_ZPA_Pre-ZTA (zscalerthree.net)",
            "d0b05ecf-b36e-4b28-ab83-f8665a32fd73",
        ),
        (
            "216196257331285221",
            "1631571230",
            "CrowdStrike_ZPA_ZTA_40 (zscalerthree.net)",
            "13ba3d97-aefb-4acc-9e54-6cc230dee4a5",
        ),
        (
            "216196257331285222",
            "1631571253",
            "CrowdStrike_ZPA_ZTA_80 (zscalerthree.net)",
            "9d16f2c7-9bf2-4dea-b3ef-2ea24cd5b0b8",
        ),
        (
            "216196257331285224",
            "1631571303",
            "Detect SentinelOne (zscalerthree.net)",
            "ec41c3d3-f79d-4694-8069-f38fd8a500c9",
        ),
    ];
    specs
        .iter()
        .map(|(id, t, name, udid)| {
            let mut v = meta(
                id,
                t,
                t,
                json!({"name": name, "postureUdid": udid, "applyToMachineTunnelEnabled": false,
                       "crlCheckEnabled": false, "nonExportablePrivateKeyEnabled": false,
                       "zscalerCloud": "zscalerthree"}),
            );
            if let Some(m) = v.as_object_mut() {
                m.insert("modifiedBy".into(), json!("72057594037928115"));
            }
            v
        })
        .collect()
}

/// Three of the recorded trusted networks.
pub(crate) fn trusted_networks() -> Vec<Value> {
    let specs = [
        ("1726180958", "BDTrustedNetwork (zscalerthree.net)"),
        ("1696823868", "BDTrustedNetwork01 (zscalerthree.net)"),
        ("1696823882", "BDTrustedNetwork02 (zscalerthree.net)"),
    ];
    specs
        .iter()
        .enumerate()
        .map(|(i, (t, name))| {
            let mut v = meta(
                TRUSTED_NETWORK_IDS[i],
                t,
                t,
                json!({"name": name, "networkId": TRUSTED_NETWORK_UDIDS[i], "zscalerCloud": "zscalerthree"}),
            );
            if let Some(m) = v.as_object_mut() {
                m.insert("modifiedBy".into(), json!("72057594037928115"));
            }
            v
        })
        .collect()
}

// ---------------------------------------------------------------- LSS

fn lss(
    id: &str,
    name: &str,
    host: &str,
    port: &str,
    log_type: &str,
    tls: bool,
    group: usize,
) -> Value {
    let format = super::lss::log_formats(log_type)
        .and_then(|f| f.get("json").cloned())
        .unwrap_or(json!(""));
    json!({
        "id": id,
        "config": {
            "id": id, "name": name, "description": format!("{name} (seeded)"), "enabled": true,
            "creationTime": SEED_TIME, "modifiedTime": SEED_TIME, "modifiedBy": MODIFIED_BY,
            "format": format, "lssHost": host, "lssPort": port, "sourceLogType": log_type,
            "useTls": tls, "filter": [],
        },
        "connectorGroups": [{"id": CONNECTOR_GROUP_IDS[group]}],
    })
}

pub(crate) fn lss_configs() -> Vec<Value> {
    vec![
        lss(
            "216196257331372701",
            "Splunk User Activity",
            "splunk-hec.sandbox.internal",
            "5001",
            "zpn_trans_log",
            true,
            0,
        ),
        lss(
            "216196257331372702",
            "Splunk User Status",
            "splunk-hec.sandbox.internal",
            "5002",
            "zpn_auth_log",
            true,
            0,
        ),
        lss(
            "216196257331372703",
            "Sentinel Connector Status",
            "10.1.0.50",
            "5003",
            "zpn_ast_auth_log",
            false,
            1,
        ),
    ]
}

pub(crate) fn lss_config_create() -> Value {
    json!({
        "config": {"name": "tests-lss-audit", "description": "Created by the test", "enabled": true,
                   "lssHost": "192.0.2.100", "lssPort": 8080, "sourceLogType": "zpn_audit_log", "useTls": false},
        "connectorGroups": [{"id": CONNECTOR_GROUP_IDS[0]}],
        "policyRuleResource": {"name": "SIEM_POLICY", "conditions": [
            {"operands": [{"objectType": "CLIENT_TYPE", "values": ["zpn_client_type_zapp"]}]}]},
    })
}

pub(crate) fn lss_config_update() -> Value {
    json!({"config": {"lssPort": "9090", "useTls": true}})
}
