//! The ZPA collection registry: one `Spec` per collection. Adding a
//! collection is adding an entry here (plus its template, seeds and samples
//! in `seeds`); `dialect` serves it and the registry-driven tests walk it.
//!
//! Paths and API versions follow the Python SDK (`zscaler/zpa/*.py`), field
//! names its models and the Go SDK structs, shapes the recordings where
//! there are some (service edge groups, provisioning keys, enrollment
//! certificates, posture profiles, trusted networks).

use super::{seeds, ZpaCollectionInfo};
use crate::crud::is_blank;
use crate::util::{now_secs, scalar_string, str_field, Resp};
use crate::zpa::{find, invalid, not_found, ref_ids, sid, ZpaState};
use serde_json::{json, Map, Value};

/// An API version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ver {
    V1,
    V2,
}

impl Ver {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Ver::V1 => "v1",
            Ver::V2 => "v2",
        }
    }
}

/// A path parameter that partitions a collection (stored in `field`).
pub(crate) struct Partition {
    pub field: &'static str,
    /// Validates a value (400 for an unknown one).
    pub check: fn(&str, &ZpaState) -> Result<(), Resp>,
    /// A value with seeded items (for `ZpaCollectionInfo::rest`).
    pub example: &'static str,
    /// Kept with the stored item but not part of its wire shape.
    pub hidden: bool,
}

/// What a validation hook may look at.
pub(crate) struct Ctx<'a> {
    pub st: &'a ZpaState,
    /// The request body as sent (write-only fields included).
    pub body: &'a Map<String, Value>,
    /// The stored object an update merges onto (None on create).
    pub existing: Option<&'a Value>,
    pub partition: Option<&'a str>,
    /// The item's id (fresh on create).
    pub id: &'a str,
    /// The write's timestamp (epoch seconds as a string).
    pub now: &'a str,
}

pub(crate) type Check = fn(&mut Map<String, Value>, &Ctx) -> Result<(), Resp>;
pub(crate) type Render = fn(&ZpaState, &mut Map<String, Value>);
pub(crate) type DeleteCheck = fn(&ZpaState, &Value) -> Result<(), Resp>;

pub(crate) struct Spec {
    /// Registry key (unique).
    pub key: &'static str,
    /// Path segments under `.../customers/{cid}`; `{...}` is a path
    /// parameter (see `partition`).
    pub base: &'static [&'static str],
    /// Human name.
    pub what: &'static str,
    /// API versions the SDKs use (both are served).
    pub list_version: Ver,
    pub item_version: Ver,
    pub list: bool,
    pub get: bool,
    pub create: bool,
    pub update: bool,
    pub delete: bool,
    pub create_status: u16,
    pub partition: Option<Partition>,
    /// Where the name lives ("name", or "config/name").
    pub name_path: &'static str,
    /// Fields that must be non-blank after a write.
    pub required: &'static [&'static str],
    /// When set, an update only takes these fields from the body (the rest
    /// of the object is reported by the component itself).
    pub writable_fields: Option<&'static [&'static str]>,
    /// Never taken from a request body (derived or server-owned).
    pub read_only: &'static [&'static str],
    /// Accepted on write, never stored or returned (secrets).
    pub write_only: &'static [&'static str],
    /// Request field aliases `(alias, field)`: the alias fills the field
    /// when the body does not carry the field itself.
    pub aliases: &'static [(&'static str, &'static str)],
    /// Request-only fields that the response reports differently (e.g. an
    /// LSS `policyRuleResource` comes back as `policyRule`).
    pub request_only: &'static [&'static str],
    /// Converted to strings when a client sends numbers.
    pub stringify: &'static [&'static str],
    /// Writes set top-level `modifiedTime`/`creationTime`/`modifiedBy`.
    pub stamp: bool,
    /// Defaults of a new object.
    pub template: fn() -> Value,
    pub seeds: fn() -> Vec<Value>,
    /// Ids handed out start above this (and above every seeded id).
    pub id_start: u64,
    pub validate: Option<Check>,
    /// Adds derived fields on read (names of referenced objects, ...).
    pub render: Option<Render>,
    pub before_delete: Option<DeleteCheck>,
    pub sample_create: Option<fn() -> Value>,
    pub sample_update: Option<fn() -> Value>,
}

fn empty_template() -> Value {
    json!({})
}

fn no_seeds() -> Vec<Value> {
    Vec::new()
}

const DEFAULT: Spec = Spec {
    key: "",
    base: &[],
    what: "",
    list_version: Ver::V1,
    item_version: Ver::V1,
    list: true,
    get: true,
    create: true,
    update: true,
    delete: true,
    create_status: 201,
    partition: None,
    name_path: "name",
    required: &["name"],
    writable_fields: None,
    read_only: &[],
    write_only: &[],
    aliases: &[],
    request_only: &[],
    stringify: &[],
    stamp: true,
    template: empty_template,
    seeds: no_seeds,
    id_start: 0,
    validate: None,
    render: None,
    before_delete: None,
    sample_create: None,
    sample_update: None,
};

/// A read-only lookup collection (list and get).
const READ_ONLY: Spec = Spec {
    create: false,
    update: false,
    delete: false,
    ..DEFAULT
};

pub(crate) const ASSOCIATION_TYPES: &[&str] =
    &["CONNECTOR_GRP", "SERVICE_EDGE_GRP", "NP_ASSISTANT_GRP"];

pub(crate) static SPECS: &[Spec] = &[
    // App connectors enrol themselves with a provisioning key: no create.
    Spec {
        key: "connectors",
        base: &["connector"],
        what: "App connector",
        create: false,
        writable_fields: Some(&["name", "description", "enabled"]),
        template: seeds::connector_template,
        seeds: seeds::connectors,
        id_start: 216_196_257_331_370_299,
        render: Some(render_connector),
        sample_update: Some(seeds::connector_update),
        ..DEFAULT
    },
    Spec {
        key: "serviceEdgeGroups",
        base: &["serviceEdgeGroup"],
        what: "Service edge group",
        required: &["name", "location", "latitude", "longitude"],
        read_only: &["serviceEdges", "version", "versionProfileName"],
        stringify: &[
            "latitude",
            "longitude",
            "upgradeTimeInSecs",
            "versionProfileId",
            "graceDistanceValue",
        ],
        template: seeds::service_edge_group_template,
        seeds: seeds::service_edge_groups,
        id_start: 216_196_257_331_404_600,
        validate: Some(check_service_edge_group),
        render: Some(render_service_edge_group),
        sample_create: Some(seeds::service_edge_group_create),
        sample_update: Some(seeds::service_edge_group_update),
        ..DEFAULT
    },
    Spec {
        key: "serviceEdges",
        base: &["serviceEdge"],
        what: "Service edge",
        create: false,
        writable_fields: Some(&["name", "description", "enabled"]),
        template: seeds::service_edge_template,
        seeds: seeds::service_edges,
        id_start: 216_196_257_331_383_099,
        render: Some(render_service_edge),
        sample_update: Some(seeds::service_edge_update),
        ..DEFAULT
    },
    // POST answers 200, not 201 (recorded).
    Spec {
        key: "provisioningKeys",
        base: &["associationType", "{associationType}", "provisioningKey"],
        what: "Provisioning key",
        create_status: 200,
        partition: Some(Partition {
            field: "associationType",
            check: check_association_type,
            example: "CONNECTOR_GRP",
            hidden: true,
        }),
        required: &["name", "maxUsage", "enrollmentCertId", "zcomponentId"],
        read_only: &[
            "usageCount",
            "provisioningKey",
            "zcomponentName",
            "enrollmentCertName",
        ],
        // The recorded request carries both `componentId` and
        // `zcomponentId`.
        aliases: &[("componentId", "zcomponentId")],
        stringify: &["maxUsage", "enrollmentCertId", "zcomponentId"],
        template: seeds::provisioning_key_template,
        seeds: seeds::provisioning_keys,
        id_start: 58_855,
        validate: Some(check_provisioning_key),
        render: Some(render_provisioning_key),
        sample_create: Some(seeds::provisioning_key_create),
        sample_update: Some(seeds::provisioning_key_update),
        ..DEFAULT
    },
    // Listed on v2 (recorded, with `search=name+EQ+Connector`), read by id
    // on v1.
    Spec {
        key: "enrollmentCerts",
        base: &["enrollmentCert"],
        what: "Enrollment certificate",
        list_version: Ver::V2,
        seeds: seeds::enrollment_certs,
        ..READ_ONLY
    },
    Spec {
        key: "servers",
        base: &["server"],
        what: "Application server",
        required: &["name", "address"],
        template: seeds::server_template,
        seeds: seeds::servers,
        id_start: 216_196_257_331_372_199,
        validate: Some(check_server),
        sample_create: Some(seeds::server_create),
        sample_update: Some(seeds::server_update),
        ..DEFAULT
    },
    // Browser Access certificates. SDKs disagree: Python lists
    // `GET /v1/certificate` (and `/v2/clientlessCertificate/issued`) and has
    // `update_certificate` (PUT); Go lists the v2 issued view and has no
    // update. Python wins: the v1 collection with PUT; the issued views are
    // in `lookups`.
    Spec {
        key: "certificates",
        base: &["certificate"],
        what: "Certificate",
        read_only: &[
            "certificate",
            "cName",
            "issuedTo",
            "issuedBy",
            "serialNo",
            "publicKey",
            "validFromInEpochSec",
            "validToInEpochSec",
            "status",
            "san",
        ],
        write_only: &["pem", "certBlob", "privateKey"],
        template: seeds::certificate_template,
        seeds: seeds::certificates,
        id_start: 216_196_257_331_372_299,
        validate: Some(check_certificate),
        before_delete: Some(certificate_in_use),
        sample_create: Some(seeds::certificate_create),
        sample_update: Some(seeds::certificate_update),
        ..DEFAULT
    },
    Spec {
        key: "praPortals",
        base: &["praPortal"],
        what: "PRA portal",
        required: &["name", "domain", "certificateId"],
        read_only: &["certificateName", "getcName"],
        stringify: &["certificateId"],
        template: seeds::pra_portal_template,
        seeds: seeds::pra_portals,
        id_start: 216_196_257_331_372_399,
        validate: Some(check_pra_portal),
        render: Some(render_pra_portal),
        sample_create: Some(seeds::pra_portal_create),
        sample_update: Some(seeds::pra_portal_update),
        ..DEFAULT
    },
    // The password, SSH private key and passphrase are write-only.
    Spec {
        key: "praCredentials",
        base: &["credential"],
        what: "PRA credential",
        required: &["name", "credentialType"],
        read_only: &["lastCredentialResetTime"],
        write_only: &["password", "privateKey", "passphrase"],
        template: seeds::pra_credential_template,
        seeds: seeds::pra_credentials,
        id_start: 216_196_257_331_372_499,
        validate: Some(check_pra_credential),
        sample_create: Some(seeds::pra_credential_create),
        sample_update: Some(seeds::pra_credential_update),
        ..DEFAULT
    },
    // Listed on v2 (also by IdP, in `lookups`), read by id on v1. The newer
    // Python SDK can also write them; the tools only read.
    Spec {
        key: "samlAttributes",
        base: &["samlAttribute"],
        what: "SAML attribute",
        list_version: Ver::V2,
        seeds: seeds::saml_attributes,
        render: Some(render_idp_name),
        ..READ_ONLY
    },
    Spec {
        key: "scimAttributes",
        base: &["idp", "{idpId}", "scimattribute"],
        what: "SCIM attribute",
        partition: Some(Partition {
            field: "idpId",
            check: check_idp,
            example: crate::zpa::seeds::IDP_ID,
            hidden: false,
        }),
        seeds: seeds::scim_attributes,
        ..READ_ONLY
    },
    // AppProtection profiles. The SDKs can write them; the tools only read.
    Spec {
        key: "inspectionProfiles",
        base: &["inspectionProfile"],
        what: "AppProtection profile",
        seeds: seeds::inspection_profiles,
        ..READ_ONLY
    },
    // Only the list exists (both SDKs; no get by id).
    Spec {
        key: "isolationProfiles",
        base: &["isolation", "profiles"],
        what: "Isolation profile",
        get: false,
        seeds: seeds::isolation_profiles,
        ..READ_ONLY
    },
    Spec {
        key: "postureProfiles",
        base: &["posture"],
        what: "Posture profile",
        list_version: Ver::V2,
        seeds: seeds::posture_profiles,
        ..READ_ONLY
    },
    Spec {
        key: "trustedNetworks",
        base: &["network"],
        what: "Trusted network",
        list_version: Ver::V2,
        seeds: seeds::trusted_networks,
        ..READ_ONLY
    },
    // `{id, config:{...}, connectorGroups:[...], policyRule}`; the name is
    // `config.name`. v2 only.
    Spec {
        key: "lssConfigs",
        base: &["lssConfig"],
        what: "LSS configuration",
        list_version: Ver::V2,
        item_version: Ver::V2,
        name_path: "config/name",
        required: &[],
        read_only: &["policyRule"],
        request_only: &["policyRuleResource"],
        stamp: false,
        seeds: seeds::lss_configs,
        id_start: 216_196_257_331_372_799,
        validate: Some(check_lss_config),
        render: Some(render_lss_config),
        sample_create: Some(seeds::lss_config_create),
        sample_update: Some(seeds::lss_config_update),
        ..DEFAULT
    },
];

/// Index of the spec with this key.
pub(crate) fn index_of(key: &str) -> Option<usize> {
    SPECS.iter().position(|s| s.key == key)
}

pub(crate) fn info(spec: &Spec) -> ZpaCollectionInfo {
    let rest = spec
        .base
        .iter()
        .map(|seg| {
            if seg.starts_with('{') {
                spec.partition.as_ref().map_or(*seg, |p| p.example)
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    let seeded = (spec.seeds)()
        .iter()
        .filter(|v| match &spec.partition {
            Some(p) => str_field(v, p.field) == p.example,
            None => true,
        })
        .count();
    ZpaCollectionInfo {
        name: spec.key,
        what: spec.what,
        rest,
        list_version: spec.list_version.as_str(),
        item_version: spec.item_version.as_str(),
        list: spec.list,
        get: spec.get,
        create: spec.create,
        update: spec.update,
        delete: spec.delete,
        create_status: spec.create_status,
        name_path: spec.name_path,
        write_only: spec.write_only.to_vec(),
        request_only: spec
            .aliases
            .iter()
            .map(|(alias, _)| *alias)
            .chain(spec.request_only.iter().copied())
            .collect(),
        seeded,
        sample_create: spec.sample_create.map(|f| f()),
        sample_update: spec.sample_update.map(|f| f()),
    }
}

// ---------------------------------------------------------------- helpers

/// A string field of `o` ("" when absent).
fn get_str<'a>(o: &'a Map<String, Value>, k: &str) -> &'a str {
    o.get(k).and_then(Value::as_str).unwrap_or("")
}

/// Check that `field` holds one of `allowed` (when present).
fn check_enum(o: &Map<String, Value>, field: &str, allowed: &[&str]) -> Result<(), Resp> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(()),
        Some(v) => {
            let s = v.as_str().unwrap_or("");
            if allowed.contains(&s) {
                Ok(())
            } else {
                Err(invalid(
                    &format!("invalid.input.{field}"),
                    &format!("{field} must be one of {}", allowed.join(", ")),
                    &[field],
                ))
            }
        }
    }
}

/// A string that parses as an integer in `lo..=hi`.
fn check_int(o: &Map<String, Value>, field: &str, lo: i64, hi: i64) -> Result<(), Resp> {
    let Some(v) = o.get(field) else {
        return Ok(());
    };
    let ok = scalar_string(v)
        .and_then(|s| s.trim().parse::<i64>().ok())
        .is_some_and(|n| (lo..=hi).contains(&n));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            &format!("invalid.input.{field}"),
            &format!("{field} must be a number between {lo} and {hi}"),
            &[field],
        ))
    }
}

/// `[{id}]` → `[{id, name}]` from `source`.
fn named_refs(o: &mut Map<String, Value>, field: &str, source: &[Value]) {
    if let Some(ids) = ref_ids(o.get(field)) {
        let refs: Vec<Value> = ids
            .iter()
            .map(|id| match find(source, id) {
                Some(s) => json!({"id": id, "name": s.get("name").cloned().unwrap_or(Value::Null)}),
                None => json!({"id": id}),
            })
            .collect();
        o.insert(field.into(), Value::Array(refs));
    }
}

/// Insert `name_field` with the name of the object `id_field` refers to.
fn name_of(o: &mut Map<String, Value>, id_field: &str, name_field: &str, source: &[Value]) {
    let id = o.get(id_field).and_then(scalar_string).unwrap_or_default();
    if let Some(name) = find(source, &id).and_then(|s| s.get("name")).cloned() {
        o.insert(name_field.into(), name);
    }
}

// ---------------------------------------------------------------- hooks

fn render_connector(st: &ZpaState, o: &mut Map<String, Value>) {
    name_of(
        o,
        "appConnectorGroupId",
        "appConnectorGroupName",
        &st.connector_groups,
    );
}

fn render_service_edge(st: &ZpaState, o: &mut Map<String, Value>) {
    name_of(
        o,
        "serviceEdgeGroupId",
        "serviceEdgeGroupName",
        st.more.coll("serviceEdgeGroups"),
    );
}

const WEEKDAYS: &[&str] = &[
    "SUNDAY",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
];

/// Version profiles every tenant sees (`/visible/versionProfiles`).
pub(crate) fn version_profile_name(id: &str) -> Option<&'static str> {
    match id {
        "0" => Some("Default"),
        "1" => Some("Previous Default"),
        "2" => Some("New Release"),
        _ => None,
    }
}

/// City and country code of a free-text location ("San Jose, CA, USA" →
/// "San Jose, US" / "US").
fn city_country(location: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = location
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let country = parts[parts.len() - 1];
    let cc = match country.to_ascii_uppercase().as_str() {
        "USA" | "UNITED STATES" => "US".to_string(),
        "UK" | "UNITED KINGDOM" => "GB".to_string(),
        c if c.len() == 2 => c.to_string(),
        c => c.chars().take(2).collect(),
    };
    Some((format!("{}, {cc}", parts[0]), cc))
}

/// Shared by connector-style groups: latitude/longitude ranges, upgrade
/// day, version profile and the location-derived fields.
fn check_group_location(o: &mut Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    for (field, lim) in [("latitude", 90.0), ("longitude", 180.0)] {
        if let Some(v) = o.get(field) {
            let ok = scalar_string(v)
                .and_then(|s| s.trim().parse::<f64>().ok())
                .is_some_and(|n| n.abs() <= lim);
            if !ok {
                return Err(invalid(
                    &format!("invalid.input.{field}"),
                    &format!("{field} must be a number between -{lim} and {lim}"),
                    &[field],
                ));
            }
        }
    }
    check_enum(o, "upgradeDay", WEEKDAYS)?;
    check_int(o, "upgradeTimeInSecs", 0, 86_399)?;
    let vp = get_str(o, "versionProfileId").to_string();
    let Some(vp_name) = version_profile_name(&vp) else {
        return Err(not_found(&vp));
    };
    o.insert("versionProfileName".into(), json!(vp_name));
    if let Some(Value::Object(version)) = o.get_mut("version") {
        version.insert("version_profile_gid".into(), json!(vp));
        version.insert("versionProfileName".into(), json!(vp_name));
    }
    let location_changed = ctx.body.contains_key("location");
    let derived_given =
        ctx.body.contains_key("cityCountry") || ctx.body.contains_key("countryCode");
    if location_changed && !derived_given {
        if let Some((city, cc)) = city_country(get_str(o, "location")) {
            o.insert("cityCountry".into(), json!(city));
            o.insert("countryCode".into(), json!(cc));
        }
    }
    Ok(())
}

fn check_service_edge_group(o: &mut Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    // `isPublic` is the string "TRUE"/"FALSE" on the wire (recorded); a
    // boolean is accepted.
    match o.get("isPublic").cloned() {
        Some(Value::Bool(b)) => {
            o.insert("isPublic".into(), json!(if b { "TRUE" } else { "FALSE" }));
        }
        Some(Value::String(s)) => {
            let up = s.to_ascii_uppercase();
            if up != "TRUE" && up != "FALSE" {
                return Err(invalid(
                    "invalid.input.isPublic",
                    "isPublic must be TRUE or FALSE",
                    &["isPublic"],
                ));
            }
            o.insert("isPublic".into(), json!(up));
        }
        _ => {}
    }
    check_group_location(o, ctx)?;
    super::core_specs::check_refs(o, "trustedNetworks", ctx.st.more.coll("trustedNetworks"))
}

fn render_service_edge_group(st: &ZpaState, o: &mut Map<String, Value>) {
    if let Some(ids) = ref_ids(o.get("trustedNetworks")) {
        let nets: Vec<Value> = ids
            .iter()
            .map(|id| match find(st.more.coll("trustedNetworks"), id) {
                Some(n) => {
                    let mut n = n.clone();
                    if let Some(m) = n.as_object_mut() {
                        m.remove("modifiedTime");
                    }
                    n
                }
                None => json!({"id": id}),
            })
            .collect();
        o.insert("trustedNetworks".into(), Value::Array(nets));
    }
    let id = o.get("id").and_then(scalar_string).unwrap_or_default();
    let edges = super::dialect::rendered_where(st, "serviceEdges", |e| {
        str_field(e, "serviceEdgeGroupId") == id
    });
    o.insert("serviceEdges".into(), Value::Array(edges));
}

fn check_association_type(t: &str, _: &ZpaState) -> Result<(), Resp> {
    if ASSOCIATION_TYPES.contains(&t) {
        Ok(())
    } else {
        Err(invalid(
            "invalid.association.type",
            &format!(
                "Invalid association type {t}: expected one of {}",
                ASSOCIATION_TYPES.join(", ")
            ),
            &[t],
        ))
    }
}

/// A provisioning key in the shape the API hands out:
/// `<version>|<enrollment host>|<secret>`.
pub(crate) fn new_provisioning_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = crate::util::random_bytes::<96>();
    let secret: String = bytes
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect();
    format!("3|api.private.zscaler.com|{secret}")
}

fn check_provisioning_key(o: &mut Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    check_int(o, "maxUsage", 1, 5000)?;
    let cert = get_str(o, "enrollmentCertId").to_string();
    if !cert.is_empty() && find(ctx.st.more.coll("enrollmentCerts"), &cert).is_none() {
        return Err(not_found(&cert));
    }
    let comp = get_str(o, "zcomponentId").to_string();
    if !comp.is_empty() {
        let source: &[Value] = match ctx.partition {
            Some("CONNECTOR_GRP") => &ctx.st.connector_groups,
            Some("SERVICE_EDGE_GRP") => ctx.st.more.coll("serviceEdgeGroups"),
            // Network connector groups are not simulated: any id goes.
            _ => &[],
        };
        if matches!(ctx.partition, Some("CONNECTOR_GRP" | "SERVICE_EDGE_GRP"))
            && find(source, &comp).is_none()
        {
            return Err(not_found(&comp));
        }
    }
    if ctx.existing.is_none() {
        o.insert("usageCount".into(), json!("0"));
        o.insert("provisioningKey".into(), json!(new_provisioning_key()));
    }
    Ok(())
}

fn render_provisioning_key(st: &ZpaState, o: &mut Map<String, Value>) {
    let comp = get_str(o, "zcomponentId").to_string();
    let name = find(&st.connector_groups, &comp)
        .or_else(|| find(st.more.coll("serviceEdgeGroups"), &comp))
        .and_then(|g| g.get("name"))
        .cloned();
    if let Some(name) = name {
        o.insert("zcomponentName".into(), name);
    }
    name_of(
        o,
        "enrollmentCertId",
        "enrollmentCertName",
        st.more.coll("enrollmentCerts"),
    );
}

fn check_server(o: &mut Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    if let Some(v) = o.get("appServerGroupIds") {
        let Some(ids) = v.as_array() else {
            return Err(crate::zpa::invalid_body());
        };
        let ids: Vec<String> = ids.iter().filter_map(scalar_string).collect();
        if let Some(bad) = ids
            .iter()
            .find(|id| find(&ctx.st.server_groups, id).is_none())
        {
            return Err(not_found(bad));
        }
        o.insert("appServerGroupIds".into(), json!(ids));
    }
    Ok(())
}

/// The first PEM certificate block of `pem`.
pub(crate) fn pem_certificate(pem: &str) -> Option<String> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let start = pem.find(BEGIN)?;
    let end = pem[start..].find(END)? + start + END.len();
    Some(format!("{}\n", &pem[start..end]))
}

fn check_certificate(o: &mut Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let pem = ["pem", "certBlob"]
        .iter()
        .find_map(|k| ctx.body.get(*k).and_then(Value::as_str))
        .map(str::to_string);
    match (pem, ctx.existing) {
        (None, None) => Err(invalid(
            "invalid.input.pem",
            "pem (the certificate and its private key) is required",
            &["pem"],
        )),
        (None, Some(_)) => Ok(()),
        (Some(pem), _) => {
            let Some(cert) = pem_certificate(&pem) else {
                return Err(invalid(
                    "invalid.certificate",
                    "pem does not hold a PEM certificate",
                    &["pem"],
                ));
            };
            let now = now_secs();
            let cn = get_str(o, "name").to_string();
            let serial: u64 = ctx.id.bytes().fold(1_469_598_103_u64, |h, b| {
                h.wrapping_mul(1_099_511_628_211).wrapping_add(u64::from(b))
            });
            o.insert("certificate".into(), json!(cert));
            o.insert("cName".into(), json!(cn));
            o.insert("issuedTo".into(), json!(format!("CN={cn}")));
            o.insert(
                "issuedBy".into(),
                json!("CN=Sandbox Issuing CA,O=Sandbox,C=US"),
            );
            o.insert("serialNo".into(), json!(serial.to_string()));
            o.insert("validFromInEpochSec".into(), json!(now.to_string()));
            o.insert(
                "validToInEpochSec".into(),
                json!((now + 365 * 86_400).to_string()),
            );
            o.insert("san".into(), json!([cn]));
            Ok(())
        }
    }
}

fn certificate_in_use(st: &ZpaState, cert: &Value) -> Result<(), Resp> {
    let id = sid(cert);
    let by_portal = st
        .more
        .coll("praPortals")
        .iter()
        .any(|p| str_field(p, "certificateId") == id);
    let by_app = st.apps.iter().any(|a| {
        ["clientlessApps", "inspectionApps"].iter().any(|k| {
            a.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|l| l.iter().any(|x| str_field(x, "certificateId") == id))
        })
    });
    if by_portal || by_app {
        return Err(invalid(
            "certificate.in.use",
            "The certificate is used by a PRA portal or an application and cannot be deleted",
            &[&id],
        ));
    }
    Ok(())
}

fn check_pra_portal(o: &mut Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let cert = get_str(o, "certificateId").to_string();
    if !cert.is_empty() && find(ctx.st.more.coll("certificates"), &cert).is_none() {
        return Err(not_found(&cert));
    }
    let domain = get_str(o, "domain").trim().to_ascii_lowercase();
    if !domain.is_empty() && (!domain.contains('.') || domain.contains(' ')) {
        return Err(invalid(
            "invalid.input.domain",
            "domain must be a fully qualified domain name",
            &["domain"],
        ));
    }
    o.insert("domain".into(), json!(domain));
    if ctx.existing.is_none() {
        o.insert(
            "getcName".into(),
            json!(format!("{}.p.zscalerportal.net", ctx.id)),
        );
    }
    Ok(())
}

fn render_pra_portal(st: &ZpaState, o: &mut Map<String, Value>) {
    name_of(
        o,
        "certificateId",
        "certificateName",
        st.more.coll("certificates"),
    );
}

const CREDENTIAL_TYPES: &[&str] = &["USERNAME_PASSWORD", "SSH_KEY", "PASSWORD"];

fn check_pra_credential(o: &mut Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    check_enum(o, "credentialType", CREDENTIAL_TYPES)?;
    let ctype = get_str(o, "credentialType").to_string();
    let type_changed = ctx
        .existing
        .is_some_and(|e| str_field(e, "credentialType") != ctype);
    let (secret, needs_user) = match ctype.as_str() {
        "SSH_KEY" => ("privateKey", true),
        "USERNAME_PASSWORD" => ("password", true),
        _ => ("password", false),
    };
    let given = |k: &str| !is_blank(ctx.body.get(k));
    if (ctx.existing.is_none() || type_changed) && !given(secret) {
        return Err(invalid(
            &format!("invalid.input.{secret}"),
            &format!("{secret} is required for credential type {ctype}"),
            &[secret],
        ));
    }
    if needs_user && is_blank(o.get("userName")) {
        return Err(invalid(
            "invalid.input.userName",
            &format!("userName is required for credential type {ctype}"),
            &["userName"],
        ));
    }
    if ["password", "privateKey", "passphrase"]
        .iter()
        .any(|k| given(k))
    {
        o.insert("lastCredentialResetTime".into(), json!(ctx.now));
    }
    Ok(())
}

fn render_idp_name(st: &ZpaState, o: &mut Map<String, Value>) {
    name_of(o, "idpId", "idpName", &st.idps);
}

fn check_idp(idp: &str, st: &ZpaState) -> Result<(), Resp> {
    match find(&st.idps, idp) {
        Some(_) => Ok(()),
        None => Err(not_found(idp)),
    }
}

/// The LSS `config` object: merged onto the stored one, checked (host,
/// port, log type, filter) and stamped.
fn lss_config(ctx: &Ctx) -> Result<Map<String, Value>, Resp> {
    // `config` merges field by field onto the stored one.
    let mut config = ctx
        .existing
        .and_then(|e| e.get("config"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    match ctx.body.get("config") {
        Some(Value::Object(c)) => {
            for (k, v) in c {
                config.insert(k.clone(), v.clone());
            }
        }
        None if ctx.existing.is_some() => {}
        _ => {
            return Err(invalid(
                "invalid.input.config",
                "config is required",
                &["config"],
            ))
        }
    }
    config.retain(|_, v| !v.is_null());
    for k in ["id", "creationTime", "modifiedTime", "modifiedBy"] {
        config.remove(k);
    }
    crate::zpa::stringify(&mut config, &["lssPort"]);
    for f in ["name", "lssHost", "lssPort", "sourceLogType"] {
        if is_blank(config.get(f)) {
            return Err(invalid(
                &format!("invalid.input.{f}"),
                &format!("config.{f} is required"),
                &[f],
            ));
        }
    }
    check_int(&config, "lssPort", 1, 65_535)?;
    let log_type = get_str(&config, "sourceLogType").to_string();
    let Some(formats) = super::lss::log_formats(&log_type) else {
        return Err(invalid(
            "invalid.input.sourceLogType",
            &format!("Unknown log type {log_type}"),
            &["sourceLogType"],
        ));
    };
    if is_blank(config.get("format")) {
        config.insert("format".into(), formats["csv"].clone());
    }
    if let Some(filter) = config.get("filter") {
        let ok = filter
            .as_array()
            .is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            return Err(invalid(
                "invalid.input.filter",
                "filter must be a list of session status codes",
                &["filter"],
            ));
        }
    }
    config.entry("enabled").or_insert(json!(true));
    config.entry("useTls").or_insert(json!(false));
    let created = ctx
        .existing
        .and_then(|e| e.pointer("/config/creationTime"))
        .cloned()
        .unwrap_or(json!(ctx.now));
    config.insert("creationTime".into(), created);
    config.insert("modifiedTime".into(), json!(ctx.now));
    config.insert("modifiedBy".into(), json!(crate::zpa::MODIFIED_BY));
    config.insert("id".into(), json!(ctx.id));
    Ok(config)
}

/// The SIEM policy rule of the request, reported back as `policyRule`.
fn siem_rule(o: &mut Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    if let Some(rule) = o.remove("policyRuleResource") {
        let Some(mut rule) = rule.as_object().cloned() else {
            return Err(crate::zpa::invalid_body());
        };
        let rule_id = ctx
            .id
            .parse::<u64>()
            .map(|n| (n + 1_000_000).to_string())
            .unwrap_or_else(|_| ctx.id.to_string());
        rule.insert("id".into(), json!(rule_id));
        rule.entry("name").or_insert(json!("SIEM_POLICY"));
        rule.insert("action".into(), json!("LOG"));
        rule.insert("policyType".into(), json!("SIEM_POLICY"));
        rule.insert("modifiedTime".into(), json!(ctx.now));
        rule.insert("modifiedBy".into(), json!(crate::zpa::MODIFIED_BY));
        o.insert("policyRule".into(), Value::Object(rule));
    }
    Ok(())
}

fn check_lss_config(o: &mut Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    let config = lss_config(ctx)?;
    let config = crate::util::keys_first(config, &["id", "name", "description", "enabled"]);
    o.insert("config".into(), Value::Object(config));
    o.entry("connectorGroups").or_insert(json!([]));
    super::core_specs::check_refs(o, "connectorGroups", &ctx.st.connector_groups)?;
    siem_rule(o, ctx)?;
    Ok(())
}

fn render_lss_config(st: &ZpaState, o: &mut Map<String, Value>) {
    named_refs(o, "connectorGroups", &st.connector_groups);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_keys_and_bases_are_unique() {
        let mut keys: Vec<&str> = SPECS.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), SPECS.len());
        let mut bases: Vec<String> = SPECS.iter().map(|s| s.base.join("/")).collect();
        bases.sort_unstable();
        bases.dedup();
        assert_eq!(bases.len(), SPECS.len());
        for s in SPECS {
            assert_eq!(
                s.create,
                s.sample_create.is_some(),
                "{}: create sample",
                s.key
            );
            assert_eq!(
                s.update,
                s.sample_update.is_some(),
                "{}: update sample",
                s.key
            );
            if s.create {
                // New ids continue above the seeds, in the collection's range.
                for v in (s.seeds)() {
                    let n: u64 = sid(&v).parse().unwrap();
                    assert!(n <= s.id_start, "{}: seed {n} above id_start", s.key);
                }
            }
        }
    }

    #[test]
    fn locations_and_pems() {
        assert_eq!(
            city_country("San Jose, CA, USA"),
            Some(("San Jose, US".to_string(), "US".to_string()))
        );
        assert_eq!(
            city_country("Frankfurt, DE"),
            Some(("Frankfurt, DE".to_string(), "DE".to_string()))
        );
        assert_eq!(city_country("Nowhere"), None);
        let pem = "junk\n-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nBBB\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            pem_certificate(pem).as_deref(),
            Some("-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n")
        );
        assert_eq!(pem_certificate("-----BEGIN CERTIFICATE-----\nno end"), None);
        let key = new_provisioning_key();
        assert!(key.starts_with("3|api.private.zscaler.com|") && key.len() == 26 + 96);
        assert_ne!(key, new_provisioning_key());
    }
}
