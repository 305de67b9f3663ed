//! The ZTW collection registry: one `Spec` per collection under
//! `/ztw/api/v1`. Paths follow the Python SDK (`zscaler/ztw/*.py`) and the
//! Go SDK endpoint constants; fields follow the SDK models.

use super::seeds;
use crate::util::{Req, Resp};
use crate::zia::invalid_input;
use serde_json::{json, Map, Value};

pub(crate) type Check = fn(&Map<String, Value>) -> Result<(), Resp>;

pub(crate) struct Spec {
    /// Path segment (unique), e.g. "ipGroups".
    pub key: &'static str,
    pub what: &'static str,
    /// `GET /{key}/{id}` is served.
    pub get: bool,
    /// POST, PUT and DELETE are served.
    pub writable: bool,
    /// Keys of `GET /{key}/lite` items.
    pub lite: Option<&'static [&'static str]>,
    /// `(default, max)` page size when `page`/`pageSize` are honoured.
    pub paging: Option<(u64, u64)>,
    /// Fields `search` matches (case-insensitive substring).
    pub search_fields: &'static [&'static str],
    /// Further list filters from the query string.
    pub filter: fn(&Req, &Value) -> bool,
    pub required: &'static [&'static str],
    pub validate: Option<Check>,
    /// Writes set `lastModifiedTime`/`lastModifiedBy`.
    pub stamp: bool,
    pub template: fn() -> Value,
    pub seeds: fn() -> Vec<Value>,
    pub id_start: i64,
    pub sample_create: Option<fn() -> Value>,
    pub sample_update: Option<fn() -> Value>,
}

fn any(_: &Req, _: &Value) -> bool {
    true
}

fn empty() -> Value {
    json!({})
}

const ID_NAME: &[&str] = &["id", "name"];
const NAME_DESC: &[&str] = &["name", "description"];

/// Every entry must be an IPv4/IPv6 address, CIDR or `a-b` range.
fn check_addresses(body: &Map<String, Value>, field: &str) -> Result<(), Resp> {
    let Some(v) = body.get(field) else {
        return Ok(());
    };
    let Some(items) = v.as_array() else {
        return Err(invalid_input(&format!("'{field}' must be a list")));
    };
    for it in items {
        let s = it.as_str().unwrap_or("").trim();
        let ok = !s.is_empty()
            && s.split('-').all(|part| {
                let (addr, bits) = part.split_once('/').unwrap_or((part, "0"));
                addr.trim().parse::<std::net::IpAddr>().is_ok() && bits.parse::<u8>().is_ok()
            });
        if !ok {
            return Err(invalid_input(&format!(
                "Invalid IP address, range or CIDR '{}' in {field}",
                it.as_str().unwrap_or("")
            )));
        }
    }
    Ok(())
}

fn check_ip_addresses(body: &Map<String, Value>) -> Result<(), Resp> {
    check_addresses(body, "ipAddresses")
}

/// IP destination group `type` (Go SDK `ipdestinationgroups.IPDestinationGroups`).
fn check_destination(body: &Map<String, Value>) -> Result<(), Resp> {
    const TYPES: &[&str] = &["DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"];
    if let Some(t) = body.get("type") {
        if !t.as_str().is_some_and(|t| TYPES.contains(&t)) {
            return Err(invalid_input(&format!(
                "Invalid type: expected one of {}",
                TYPES.join(", ")
            )));
        }
    }
    if body
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("DSTN_IP")
        == "DSTN_IP"
    {
        check_addresses(body, "addresses")?;
    }
    Ok(())
}

/// `GET /adminUsers`: `includeAuditorUsers` / `includeAdminUsers` (Python
/// SDK `admin_users.list_admins`); admins are listed unless
/// `includeAdminUsers=false`, auditors only with `includeAuditorUsers=true`.
fn admin_filter(req: &Req, v: &Value) -> bool {
    let auditor = v.get("isAuditor").and_then(Value::as_bool) == Some(true);
    if auditor {
        req.q_bool("includeAuditorUsers")
    } else {
        req.q("includeAdminUsers")
            .is_none_or(|s| !s.trim().eq_ignore_ascii_case("false"))
    }
}

/// `GET /adminRoles`: `includeAuditorRole`, `includePartnerRole` (Python SDK
/// `admin_roles.list_roles`).
fn role_filter(req: &Req, v: &Value) -> bool {
    match v.get("roleType").and_then(Value::as_str) {
        Some("AUDITOR") => req.q_bool("includeAuditorRole"),
        Some("PARTNER_ADMIN") => req.q_bool("includePartnerRole"),
        _ => true,
    }
}

/// `GET /publicCloudInfo/lite`: `cloudType` (AWS, AZURE, GCP).
fn cloud_filter(req: &Req, v: &Value) -> bool {
    req.q("cloudType")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .is_none_or(|t| {
            v.get("cloudType")
                .and_then(Value::as_str)
                .is_some_and(|c| c.eq_ignore_ascii_case(t))
        })
}

const BASE: Spec = Spec {
    key: "",
    what: "",
    get: true,
    writable: false,
    lite: None,
    paging: None,
    search_fields: NAME_DESC,
    filter: any,
    required: &[],
    validate: None,
    stamp: false,
    template: empty,
    seeds: Vec::new,
    id_start: 0,
    sample_create: None,
    sample_update: None,
};

pub(crate) static SPECS: &[Spec] = &[
    Spec {
        key: "ipGroups",
        what: "IP group",
        writable: true,
        lite: Some(ID_NAME),
        required: &["name", "ipAddresses"],
        validate: Some(check_ip_addresses),
        template: seeds::ip_group_template,
        seeds: seeds::ip_groups,
        id_start: 7_370_000,
        sample_create: Some(seeds::ip_group_create),
        sample_update: Some(seeds::ip_group_update),
        ..BASE
    },
    Spec {
        key: "ipSourceGroups",
        what: "IP source group",
        writable: true,
        lite: Some(ID_NAME),
        required: &["name", "ipAddresses"],
        validate: Some(check_ip_addresses),
        template: seeds::ip_group_template,
        seeds: seeds::ip_source_groups,
        id_start: 7_380_000,
        sample_create: Some(seeds::ip_source_create),
        sample_update: Some(seeds::ip_source_update),
        ..BASE
    },
    Spec {
        key: "ipDestinationGroups",
        what: "IP destination group",
        writable: true,
        lite: Some(&["id", "name", "type"]),
        required: &["name", "type"],
        validate: Some(check_destination),
        template: seeds::ip_destination_template,
        seeds: seeds::ip_destination_groups,
        id_start: 7_390_000,
        sample_create: Some(seeds::ip_destination_create),
        sample_update: Some(seeds::ip_destination_update),
        ..BASE
    },
    Spec {
        key: "networkServices",
        what: "Network service",
        writable: true,
        lite: Some(ID_NAME),
        search_fields: &["name", "description", "tag"],
        required: &["name"],
        template: seeds::network_service_template,
        seeds: seeds::network_services,
        id_start: 7_400_000,
        sample_create: Some(seeds::network_service_create),
        sample_update: Some(seeds::network_service_update),
        ..BASE
    },
    Spec {
        key: "networkServiceGroups",
        what: "Network service group",
        seeds: seeds::network_service_groups,
        ..BASE
    },
    Spec {
        key: "adminUsers",
        what: "Admin user",
        paging: Some((100, 1000)),
        search_fields: &["loginName", "userName", "email"],
        filter: admin_filter,
        seeds: seeds::admin_users,
        ..BASE
    },
    Spec {
        key: "adminRoles",
        what: "Admin role",
        search_fields: &["name"],
        filter: role_filter,
        seeds: seeds::admin_roles,
        ..BASE
    },
    Spec {
        key: "publicCloudInfo",
        what: "Public cloud account",
        lite: Some(&["id", "name", "cloudType"]),
        paging: Some((100, 1000)),
        filter: cloud_filter,
        seeds: seeds::public_cloud_info,
        ..BASE
    },
    Spec {
        key: "publicCloudAccountDetails",
        what: "Public cloud account details",
        lite: Some(&["id", "accountId", "platformId"]),
        paging: Some((250, 1000)),
        search_fields: &["accountId", "name"],
        seeds: seeds::public_account_details,
        ..BASE
    },
];
