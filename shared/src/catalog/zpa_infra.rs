//! ZPA infrastructure tools (`/zpa/mgmtconfig/{v1,v2}/admin/customers/{customerId}` and
//! `/zpa/userconfig/v1/customers/{customerId}`): Private Service Edge groups and edges, App
//! Connectors, application servers, provisioning keys and enrollment certificates, Browser
//! Access certificates, Privileged Remote Access portals and credentials, Log Streaming
//! Service (LSS) configuration and catalogs, and the reference lookups other ZPA tools need
//! ids from (posture profiles, trusted networks, isolation and AppProtection profiles, SAML
//! and SCIM attributes, SCIM groups).
//!
//! Ids are numeric strings, except SCIM group ids, which the API sends as numbers. ZPA has
//! no activation step: writes apply at once. Updates are read-modify-write, so fields not
//! given keep their current values.
//!
//! Custom hooks, all small:
//! - provisioning keys: the `key_type` argument (`connector` / `service_edge`) becomes the
//!   API's association type in the path (`CONNECTOR_GRP` / `SERVICE_EDGE_GRP`);
//! - the `get_zpa_*` lookups either list (optionally by name) or fetch one item by id, and
//!   the IdP-scoped ones resolve an IdP name to its id first;
//! - LSS: the log-type catalog is static, log-format and status-code lookups translate the
//!   readable log type names to the API's internal log type codes.

use serde_json::{json, Map, Value};

use super::args::{encode_segment, segment, ArgError, CallPlan};
use super::spec::*;
// The ZPA constructors (ZpaPages paging for lists).
use super::zpa::{get, list, write};
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::ApiRequest;

macro_rules! zpa_v1 {
    ($p:literal) => {
        concat!("/zpa/mgmtconfig/v1/admin/customers/{customerId}", $p)
    };
}

macro_rules! zpa_v2 {
    ($p:literal) => {
        concat!("/zpa/mgmtconfig/v2/admin/customers/{customerId}", $p)
    };
}

macro_rules! zpa_user {
    ($p:literal) => {
        concat!("/zpa/userconfig/v1/customers/{customerId}", $p)
    };
}

const fn bulk_delete(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    ToolSpec {
        method: HttpMethod::Post,
        ..write(
            name,
            toolset,
            Action::Delete,
            title,
            description,
            path,
            params,
        )
    }
}

/// An argument only a hook reads (it is taken out of the query before any call).
const fn hook_arg(name: &'static str, kind: Kind, description: &'static str) -> Param {
    query(name, name, kind, description)
}

/// An exact-name filter sent as a ZPA `search` expression.
const fn name_filter(description: &'static str) -> Param {
    Param {
        name: "name",
        kind: Kind::Str,
        required: false,
        place: Place::ZpaSearch,
        description,
    }
}

// ---------------------------------------------------------------------------------------
// Parameters shared by several tools
// ---------------------------------------------------------------------------------------

const SEARCH: Param = zpa_search(
    "Filter by exact name, or pass a ZPA filter expression such as `name+CONTAINS+edge` \
     (operators EQ, NE, CONTAINS, STARTSWITH, ENDSWITH).",
);

const MICROTENANT: Param = query(
    "microtenant_id",
    "microtenantId",
    Kind::Str,
    "Microtenant id (a numeric string) to scope the call to. Omit to work in the Default \
     microtenant; \"0\" names the Default microtenant explicitly.",
);

const NAME: Param = body("name", "name", Kind::Str, false, "Display name.");
const DESCRIPTION: Param = body(
    "description",
    "description",
    Kind::Str,
    false,
    "Free-text description.",
);
const ENABLED: Param = body(
    "enabled",
    "enabled",
    Kind::Bool,
    false,
    "true to enable, false to disable.",
);

const DAYS: &[&str] = &[
    "SUNDAY",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
];

// ---------------------------------------------------------------- service edges

const EDGE_GROUP_ID: Param = path_str(
    "group_id",
    "Service edge group id (a numeric string, the `id` field of \
     zpa_list_service_edge_groups).",
);
const SERVICE_EDGE_ID: Param = path_str(
    "service_edge_id",
    "Service edge id (a numeric string, the `id` field of zpa_list_service_edges).",
);

const LATITUDE: Param = body(
    "latitude",
    "latitude",
    Kind::Str,
    false,
    "Latitude in decimal degrees, as a string, e.g. \"37.3382\".",
);
const LONGITUDE: Param = body(
    "longitude",
    "longitude",
    Kind::Str,
    false,
    "Longitude in decimal degrees, as a string, e.g. \"-121.8863\".",
);
const LOCATION: Param = body(
    "location",
    "location",
    Kind::Str,
    false,
    "Where the group's edges run, as text, e.g. \"San Jose, CA, USA\". ZPA uses the \
     coordinates to pick the closest edge.",
);

/// Service edge group fields after the leading ones each tool chooses.
macro_rules! edge_group_params {
    ($($first:expr),* $(,)?) => {
        &[
            $($first,)*
            DESCRIPTION,
            ENABLED,
            body(
                "city_country",
                "cityCountry",
                Kind::Str,
                false,
                "City and ISO country code, e.g. \"San Jose, US\".",
            ),
            body(
                "country_code",
                "countryCode",
                Kind::Str,
                false,
                "ISO 3166-1 alpha-2 country code, e.g. \"US\".",
            ),
            body(
                "is_public",
                "isPublic",
                Kind::Enum(&["TRUE", "FALSE"]),
                false,
                "\"TRUE\" if the group's edges are public (internet-facing), \"FALSE\" for \
                 private edges inside the network. The API takes this as a string.",
            ),
            body(
                "override_version_profile",
                "overrideVersionProfile",
                Kind::Bool,
                false,
                "true to use version_profile_id instead of the tenant's default software \
                 version profile.",
            ),
            body(
                "version_profile_id",
                "versionProfileId",
                Kind::Str,
                false,
                "Software version profile: \"0\" Default, \"1\" Previous Default, \"2\" New \
                 Release. Takes effect with override_version_profile true.",
            ),
            body(
                "upgrade_day",
                "upgradeDay",
                Kind::Enum(DAYS),
                false,
                "Day of the week software upgrades are pushed to the edges.",
            ),
            body(
                "upgrade_time_in_secs",
                "upgradeTimeInSecs",
                Kind::Str,
                false,
                "Upgrade start as seconds after midnight, as a string, e.g. \"66600\" for \
                 18:30.",
            ),
            body(
                "grace_distance_enabled",
                "graceDistanceEnabled",
                Kind::Bool,
                false,
                "true to prefer this private group over a closer public edge within \
                 grace_distance_value.",
            ),
            body(
                "grace_distance_value",
                "graceDistanceValue",
                Kind::Str,
                false,
                "Grace distance as a decimal string, e.g. \"10.0\" (unit in \
                 grace_distance_value_unit).",
            ),
            body(
                "grace_distance_value_unit",
                "graceDistanceValueUnit",
                Kind::Enum(&["MILES", "KMS"]),
                false,
                "Unit of grace_distance_value.",
            ),
            str_refs(
                "service_edge_ids",
                "serviceEdges",
                "Ids (numeric strings) of the service edges in the group, from \
                 zpa_list_service_edges. Replaces the current membership.",
            ),
            str_refs(
                "trusted_network_ids",
                "trustedNetworks",
                "Ids (numeric strings) of trusted networks for the group, from \
                 get_zpa_trusted_network. Replaces the current list.",
            ),
            EXTRA_FIELDS,
            MICROTENANT,
        ]
    };
}

// ---------------------------------------------------------------- app connectors

const CONNECTOR_ID: Param = path_str(
    "connector_id",
    "App Connector id (a numeric string, the `id` field of zpa_list_app_connectors).",
);

// ---------------------------------------------------------------- application servers

const SERVER_ID: Param = path_str(
    "server_id",
    "Application server id (a numeric string, the `id` field of \
     zpa_list_application_servers).",
);

macro_rules! server_params {
    ($($first:expr),* $(,)?) => {
        &[
            $($first,)*
            DESCRIPTION,
            ENABLED,
            body(
                "app_server_group_ids",
                "appServerGroupIds",
                Kind::StrList,
                false,
                "Server group ids (numeric strings) the server belongs to, from \
                 zpa_list_server_groups. Replaces the current list.",
            ),
            body(
                "config_space",
                "configSpace",
                Kind::Enum(&["DEFAULT", "SIEM"]),
                false,
                "Configuration space: DEFAULT for application servers, SIEM for log \
                 receivers.",
            ),
            EXTRA_FIELDS,
            MICROTENANT,
        ]
    };
}

const SERVER_ADDRESS: Param = body(
    "address",
    "address",
    Kind::Str,
    false,
    "The server's IP address or fully qualified domain name.",
);

// ---------------------------------------------------------------- certificates

const CERTIFICATE_ID: Param = path_str(
    "certificate_id",
    "Browser Access certificate id (a numeric string, the `id` field of \
     zpa_list_ba_certificates).",
);

// ---------------------------------------------------------------- provisioning keys

const KEY_TYPE: Param = Param {
    name: "key_type",
    kind: Kind::Enum(&["connector", "service_edge"]),
    required: true,
    place: Place::Path,
    description: "Which kind of component the key enrolls: connector (App Connector \
                  groups) or service_edge (Private Service Edge groups).",
};
const KEY_ID: Param = path_str(
    "key_id",
    "Provisioning key id (a numeric string, the `id` field of zpa_list_provisioning_keys; \
     not the key value itself).",
);
const MAX_USAGE: Param = body(
    "max_usage",
    "maxUsage",
    Kind::Int,
    false,
    "How many components may enroll with this key. Keep it to the number you deploy now.",
);
const COMPONENT_ID: Param = body(
    "component_id",
    "zcomponentId",
    Kind::Str,
    false,
    "Id (numeric string) of the group the key enrolls into: an App Connector group from \
     zpa_list_app_connector_groups for connector keys, a service edge group from \
     zpa_list_service_edge_groups for service_edge keys.",
);
const ENROLLMENT_CERT_ID: Param = body(
    "enrollment_cert_id",
    "enrollmentCertId",
    Kind::Str,
    false,
    "Enrollment certificate id (numeric string) that signs enrolled components, from \
     get_zpa_enrollment_certificate: usually the one named \"Connector\" for connector keys \
     and \"Service Edge\" for service_edge keys.",
);

macro_rules! key_params {
    ($($first:expr),* $(,)?) => {
        &[
            $($first,)*
            ENABLED,
            body(
                "exportable",
                "exportable",
                Kind::Bool,
                false,
                "true (the default) lets admins view and copy the key after creation; false \
                 hides it for good.",
            ),
            EXTRA_FIELDS,
            MICROTENANT,
        ]
    };
}

// ---------------------------------------------------------------- PRA

const PORTAL_ID: Param = path_str(
    "portal_id",
    "PRA portal id (a numeric string, the `id` field of zpa_list_pra_portals).",
);
const CREDENTIAL_ID: Param = path_str(
    "credential_id",
    "PRA credential id (a numeric string, the `id` field of zpa_list_pra_credentials).",
);

macro_rules! portal_params {
    ($($first:expr),* $(,)?) => {
        &[
            $($first,)*
            DESCRIPTION,
            ENABLED,
            body(
                "user_notification",
                "userNotification",
                Kind::Str,
                false,
                "Message shown to users when they open the portal.",
            ),
            body(
                "user_notification_enabled",
                "userNotificationEnabled",
                Kind::Bool,
                false,
                "true to show user_notification.",
            ),
            EXTRA_FIELDS,
            MICROTENANT,
        ]
    };
}

const PORTAL_DOMAIN: Param = body(
    "domain",
    "domain",
    Kind::Str,
    false,
    "Fully qualified domain users browse to for the portal, e.g. \"pra.example.com\"; it \
     must be covered by the portal's certificate.",
);
const PORTAL_CERTIFICATE: Param = body(
    "certificate_id",
    "certificateId",
    Kind::Str,
    false,
    "Browser Access certificate id (numeric string) for the portal domain, from \
     zpa_list_ba_certificates.",
);

const CREDENTIAL_TYPE: Param = body(
    "credential_type",
    "credentialType",
    Kind::Enum(&["USERNAME_PASSWORD", "SSH_KEY", "PASSWORD"]),
    false,
    "USERNAME_PASSWORD (RDP, SSH or VNC; needs username and password), SSH_KEY (SSH; needs \
     username and private_key) or PASSWORD (VNC; needs password). It cannot be changed \
     after creation.",
);

macro_rules! credential_params {
    ($($first:expr),* $(,)?) => {
        &[
            $($first,)*
            body(
                "username",
                "userName",
                Kind::Str,
                false,
                "Account name on the target system (USERNAME_PASSWORD and SSH_KEY).",
            ),
            body(
                "password",
                "password",
                Kind::Str,
                false,
                "Password (USERNAME_PASSWORD and PASSWORD). Write-only: never returned.",
            ),
            body(
                "private_key",
                "privateKey",
                Kind::Str,
                false,
                "PEM private key (SSH_KEY). Write-only: never returned. An encrypted key's \
                 passphrase goes in extra_fields as {\"passphrase\": ...}.",
            ),
            body(
                "user_domain",
                "userDomain",
                Kind::Str,
                false,
                "Windows domain of the account, e.g. \"corp.example.com\".",
            ),
            DESCRIPTION,
            EXTRA_FIELDS,
            MICROTENANT,
        ]
    };
}

// ---------------------------------------------------------------- LSS and lookups

/// Readable LSS log type names, the API's internal codes, and what they carry.
const LSS_LOG_TYPES: &[(&str, &str, &str)] = &[
    (
        "app_connector_metrics",
        "zpn_ast_comprehensive_stats",
        "App Connector performance metrics",
    ),
    (
        "app_connector_status",
        "zpn_ast_auth_log",
        "App Connector connection status",
    ),
    ("audit_logs", "zpn_audit_log", "Admin audit log"),
    (
        "browser_access",
        "zpn_http_trans_log",
        "Browser Access (clientless) HTTP transactions",
    ),
    (
        "private_svc_edge_status",
        "zpn_sys_auth_log",
        "Private Service Edge connection status",
    ),
    (
        "user_activity",
        "zpn_trans_log",
        "User sessions to applications",
    ),
    (
        "user_status",
        "zpn_auth_log",
        "User authentication and connection status",
    ),
    (
        "web_inspection",
        "zpn_waf_http_exchanges_log",
        "AppProtection (web inspection) events",
    ),
];

const LOG_TYPE_VALUES: &[&str] = &[
    "app_connector_metrics",
    "app_connector_status",
    "audit_logs",
    "browser_access",
    "private_svc_edge_status",
    "user_activity",
    "user_status",
    "web_inspection",
    "zpn_ast_comprehensive_stats",
    "zpn_ast_auth_log",
    "zpn_audit_log",
    "zpn_http_trans_log",
    "zpn_sys_auth_log",
    "zpn_trans_log",
    "zpn_auth_log",
    "zpn_waf_http_exchanges_log",
];

/// The LSS status-code catalog is global, not per customer.
const LSS_STATUS_CODES_PATH: &str = "/zpa/mgmtconfig/v2/admin/lssConfig/statusCodes";

const IDP_ID: Param = hook_arg(
    "idp_id",
    Kind::Str,
    "IdP id (a numeric string). Give this or idp_name.",
);
const IDP_NAME: Param = hook_arg(
    "idp_name",
    Kind::Str,
    "IdP display name exactly as configured in ZPA; it is resolved to the IdP id. Give \
     this or idp_id.",
);

pub const TOOLS: &[ToolSpec] = &[
    // ========================================================== service edge groups
    list(
        "zpa_list_service_edge_groups",
        "zpa_service_edge_groups",
        "List ZPA service edge groups",
        "List Private Service Edge groups: location, public/private, upgrade window, version \
         profile, member service edges and trusted networks. Ids are numeric strings; use \
         them with the other service edge group tools and as component_id of service_edge \
         provisioning keys.",
        zpa_v1!("/serviceEdgeGroup"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_service_edge_group",
        "zpa_service_edge_groups",
        "Get a ZPA service edge group",
        "Get one Private Service Edge group by id (a numeric string from \
         zpa_list_service_edge_groups), with its member edges and trusted networks.",
        zpa_v1!("/serviceEdgeGroup/{group_id}"),
        &[EDGE_GROUP_ID, MICROTENANT],
    ),
    write(
        "zpa_create_service_edge_group",
        "zpa_service_edge_groups",
        Action::Create,
        "Create a ZPA service edge group",
        "Create a Private Service Edge group. name, latitude, longitude and location are \
         required; edges join the group by enrolling with a service_edge provisioning key \
         (zpa_create_provisioning_key with this group's id). ZPA applies the change at once.",
        zpa_v1!("/serviceEdgeGroup"),
        edge_group_params![
            required(NAME),
            required(LATITUDE),
            required(LONGITUDE),
            required(LOCATION),
        ],
    ),
    write(
        "zpa_update_service_edge_group",
        "zpa_service_edge_groups",
        Action::Update,
        "Update a ZPA service edge group",
        "Change a Private Service Edge group by id: the group is read, the given fields \
         replace their current values and the rest is kept. A list given here (service \
         edges, trusted networks) replaces the whole current list.",
        zpa_v1!("/serviceEdgeGroup/{group_id}"),
        edge_group_params![EDGE_GROUP_ID, NAME, LATITUDE, LONGITUDE, LOCATION],
    ),
    write(
        "zpa_delete_service_edge_group",
        "zpa_service_edge_groups",
        Action::Delete,
        "Delete a ZPA service edge group",
        "Delete a Private Service Edge group by id (a numeric string). Remove its service \
         edges and provisioning keys first; the API refuses to delete a group still in use.",
        zpa_v1!("/serviceEdgeGroup/{group_id}"),
        &[EDGE_GROUP_ID, MICROTENANT],
    ),
    list(
        "zpa_list_service_edges",
        "zpa_service_edge_groups",
        "List ZPA service edges",
        "List individual Private Service Edges (the enrolled instances, not their groups): \
         control channel status, versions, IP addresses, platform and group. Ids are numeric \
         strings.",
        zpa_v1!("/serviceEdge"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_service_edge",
        "zpa_service_edge_groups",
        "Get a ZPA service edge",
        "Get one Private Service Edge by id (a numeric string from zpa_list_service_edges), \
         with its health and version details.",
        zpa_v1!("/serviceEdge/{service_edge_id}"),
        &[SERVICE_EDGE_ID, MICROTENANT],
    ),
    write(
        "zpa_update_service_edge",
        "zpa_service_edge_groups",
        Action::Update,
        "Update a ZPA service edge",
        "Rename, describe, enable or disable one Private Service Edge by id. The edge is \
         read and the given fields replace their current values.",
        zpa_v1!("/serviceEdge/{service_edge_id}"),
        &[
            SERVICE_EDGE_ID,
            NAME,
            DESCRIPTION,
            ENABLED,
            EXTRA_FIELDS,
            MICROTENANT,
        ],
    ),
    write(
        "zpa_delete_service_edge",
        "zpa_service_edge_groups",
        Action::Delete,
        "Delete a ZPA service edge",
        "Delete one Private Service Edge by id (a numeric string). It must enroll again with \
         a provisioning key to reconnect.",
        zpa_v1!("/serviceEdge/{service_edge_id}"),
        &[SERVICE_EDGE_ID, MICROTENANT],
    ),
    bulk_delete(
        "zpa_bulk_delete_service_edges",
        "zpa_service_edge_groups",
        "Delete several ZPA service edges",
        "Delete several Private Service Edges in one call, by id (numeric strings from \
         zpa_list_service_edges). Each must enroll again to reconnect.",
        zpa_v1!("/serviceEdge/bulkDelete"),
        &[
            body(
                "service_edge_ids",
                "ids",
                Kind::StrList,
                true,
                "Ids (numeric strings) of the service edges to delete.",
            ),
            MICROTENANT,
        ],
    ),
    // ========================================================== app connectors
    list(
        "zpa_list_app_connectors",
        "zpa_connectors",
        "List ZPA App Connectors",
        "List App Connectors (the enrolled instances): control channel status, current and \
         expected version, private and public IP, platform, and their App Connector group. \
         Ids are numeric strings. Groups are listed with zpa_list_app_connector_groups.",
        zpa_v1!("/connector"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_app_connector",
        "zpa_connectors",
        "Get a ZPA App Connector",
        "Get one App Connector by id (a numeric string from zpa_list_app_connectors), with \
         its health, versions and addresses.",
        zpa_v1!("/connector/{connector_id}"),
        &[CONNECTOR_ID, MICROTENANT],
    ),
    write(
        "zpa_update_app_connector",
        "zpa_connectors",
        Action::Update,
        "Update a ZPA App Connector",
        "Rename, describe, enable or disable one App Connector by id. The connector is read \
         and the given fields replace their current values. Connectors cannot be created \
         here: they enroll themselves with a provisioning key.",
        zpa_v1!("/connector/{connector_id}"),
        &[
            CONNECTOR_ID,
            NAME,
            DESCRIPTION,
            ENABLED,
            EXTRA_FIELDS,
            MICROTENANT,
        ],
    ),
    write(
        "zpa_delete_app_connector",
        "zpa_connectors",
        Action::Delete,
        "Delete a ZPA App Connector",
        "Delete one App Connector by id (a numeric string). It must enroll again with a \
         provisioning key to reconnect.",
        zpa_v1!("/connector/{connector_id}"),
        &[CONNECTOR_ID, MICROTENANT],
    ),
    bulk_delete(
        "zpa_bulk_delete_app_connectors",
        "zpa_connectors",
        "Delete several ZPA App Connectors",
        "Delete several App Connectors in one call, by id (numeric strings from \
         zpa_list_app_connectors), e.g. to clean up disconnected instances. Each must enroll \
         again to reconnect.",
        zpa_v1!("/connector/bulkDelete"),
        &[
            body(
                "connector_ids",
                "ids",
                Kind::StrList,
                true,
                "Ids (numeric strings) of the App Connectors to delete.",
            ),
            MICROTENANT,
        ],
    ),
    // ========================================================== application servers
    list(
        "zpa_list_application_servers",
        "zpa_application_servers",
        "List ZPA application servers",
        "List application servers: the backend hosts (IP or FQDN) defined for server groups \
         that do not use dynamic discovery. Ids are numeric strings.",
        zpa_v1!("/server"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_application_server",
        "zpa_application_servers",
        "Get a ZPA application server",
        "Get one application server by id (a numeric string from \
         zpa_list_application_servers).",
        zpa_v1!("/server/{server_id}"),
        &[SERVER_ID, MICROTENANT],
    ),
    write(
        "zpa_create_application_server",
        "zpa_application_servers",
        Action::Create,
        "Create a ZPA application server",
        "Define an application server by name and address. Attach it to server groups \
         (app_server_group_ids, from zpa_list_server_groups) whose dynamic discovery is off. \
         ZPA applies the change at once.",
        zpa_v1!("/server"),
        server_params![required(NAME), required(SERVER_ADDRESS)],
    ),
    write(
        "zpa_update_application_server",
        "zpa_application_servers",
        Action::Update,
        "Update a ZPA application server",
        "Change an application server by id: the server is read, the given fields replace \
         their current values and the rest is kept. app_server_group_ids replaces the whole \
         current list.",
        zpa_v1!("/server/{server_id}"),
        server_params![SERVER_ID, NAME, SERVER_ADDRESS],
    ),
    write(
        "zpa_delete_application_server",
        "zpa_application_servers",
        Action::Delete,
        "Delete a ZPA application server",
        "Delete an application server by id (a numeric string). Detach it from its server \
         groups first if the API refuses.",
        zpa_v1!("/server/{server_id}"),
        &[SERVER_ID, MICROTENANT],
    ),
    // ========================================================== BA certificates
    list(
        "zpa_list_ba_certificates",
        "zpa_ba_certificates",
        "List ZPA Browser Access certificates",
        "List the web server certificates used by Browser Access applications and PRA \
         portals: name, common name, issuer and validity (epoch seconds). Ids are numeric \
         strings; use them as certificate_id of PRA portals and BA application segments.",
        zpa_v2!("/clientlessCertificate/issued"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_ba_certificate",
        "zpa_ba_certificates",
        "Get a ZPA Browser Access certificate",
        "Get one Browser Access certificate by id (a numeric string from \
         zpa_list_ba_certificates), with subject, issuer, SANs and validity.",
        zpa_v1!("/certificate/{certificate_id}"),
        &[CERTIFICATE_ID, MICROTENANT],
    ),
    write(
        "zpa_create_ba_certificate",
        "zpa_ba_certificates",
        Action::Create,
        "Upload a ZPA Browser Access certificate",
        "Upload a web server certificate for Browser Access or PRA portals: a PEM blob with \
         the certificate chain and its private key. ZPA applies the change at once.",
        zpa_v1!("/certificate"),
        &[
            required(NAME),
            body(
                "cert_blob",
                "certBlob",
                Kind::Str,
                true,
                "PEM text with the certificate (and chain) followed by its unencrypted \
                 private key.",
            ),
            DESCRIPTION,
            EXTRA_FIELDS,
            MICROTENANT,
        ],
    ),
    write(
        "zpa_delete_ba_certificate",
        "zpa_ba_certificates",
        Action::Delete,
        "Delete a ZPA Browser Access certificate",
        "Delete a Browser Access certificate by id (a numeric string). A certificate still \
         used by an application segment or PRA portal cannot be deleted.",
        zpa_v1!("/certificate/{certificate_id}"),
        &[CERTIFICATE_ID, MICROTENANT],
    ),
    // ========================================================== provisioning keys
    ToolSpec {
        hook: Hook::Custom(enrollment_cert_lookup),
        ..list(
            "get_zpa_enrollment_certificate",
            "zpa_provisioning_keys",
            "Find ZPA enrollment certificates",
            "List enrollment certificates (the CAs that sign enrolled App Connectors, Service \
             Edges and clients), find one by exact name (e.g. \"Connector\" or \"Service \
             Edge\"), or fetch one by certificate_id. Always returns a list. The id is what \
             zpa_create_provisioning_key takes as enrollment_cert_id.",
            zpa_v2!("/enrollmentCert"),
            &[
                hook_arg(
                    "certificate_id",
                    Kind::Str,
                    "Enrollment certificate id (a numeric string) to fetch directly.",
                ),
                name_filter(
                    "Exact certificate name, e.g. \"Connector\", or a ZPA filter such as \
                     `name+CONTAINS+Edge`.",
                ),
            ],
        )
    },
    ToolSpec {
        hook: Hook::Custom(provisioning_key_call),
        ..list(
            "zpa_list_provisioning_keys",
            "zpa_provisioning_keys",
            "List ZPA provisioning keys",
            "List the provisioning keys of App Connector groups (key_type connector) or \
             Private Service Edge groups (key_type service_edge), with usage counts and the \
             group each key enrolls into. The results include the provisioningKey secret \
             itself: do not repeat it unless the user asks for it.",
            zpa_v1!("/associationType/{key_type}/provisioningKey"),
            &[KEY_TYPE, SEARCH, MICROTENANT],
        )
    },
    ToolSpec {
        hook: Hook::Custom(provisioning_key_call),
        ..get(
            "zpa_get_provisioning_key",
            "zpa_provisioning_keys",
            "Get a ZPA provisioning key",
            "Get one provisioning key by id and key_type. The result includes the \
             provisioningKey secret used to enroll components: treat it as a credential.",
            zpa_v1!("/associationType/{key_type}/provisioningKey/{key_id}"),
            &[KEY_ID, KEY_TYPE, MICROTENANT],
        )
    },
    ToolSpec {
        hook: Hook::Custom(provisioning_key_call),
        ..write(
            "zpa_create_provisioning_key",
            "zpa_provisioning_keys",
            Action::Create,
            "Create a ZPA provisioning key",
            "Create a provisioning key that lets up to max_usage App Connectors \
             (key_type connector) or Private Service Edges (key_type service_edge) enroll \
             into the group component_id. Find enrollment_cert_id with \
             get_zpa_enrollment_certificate. The result contains the key secret.",
            zpa_v1!("/associationType/{key_type}/provisioningKey"),
            key_params![
                required(NAME),
                KEY_TYPE,
                required(MAX_USAGE),
                required(COMPONENT_ID),
                required(ENROLLMENT_CERT_ID),
            ],
        )
    },
    ToolSpec {
        hook: Hook::Custom(provisioning_key_call),
        ..write(
            "zpa_update_provisioning_key",
            "zpa_provisioning_keys",
            Action::Update,
            "Update a ZPA provisioning key",
            "Change a provisioning key by id and key_type (e.g. raise max_usage, rename, \
             disable): the key is read, the given fields replace their current values and \
             the rest is kept.",
            zpa_v1!("/associationType/{key_type}/provisioningKey/{key_id}"),
            key_params![
                KEY_ID,
                KEY_TYPE,
                NAME,
                MAX_USAGE,
                COMPONENT_ID,
                ENROLLMENT_CERT_ID,
            ],
        )
    },
    ToolSpec {
        hook: Hook::Custom(provisioning_key_call),
        ..write(
            "zpa_delete_provisioning_key",
            "zpa_provisioning_keys",
            Action::Delete,
            "Delete a ZPA provisioning key",
            "Delete a provisioning key by id and key_type. Components already enrolled stay \
             enrolled; no new ones can enroll with the key.",
            zpa_v1!("/associationType/{key_type}/provisioningKey/{key_id}"),
            &[KEY_ID, KEY_TYPE, MICROTENANT],
        )
    },
    // ========================================================== PRA portals
    list(
        "zpa_list_pra_portals",
        "zpa_pra",
        "List ZPA PRA portals",
        "List Privileged Remote Access portals: the web portals through which users open \
         privileged consoles (RDP, SSH, VNC), with their domain and certificate. Ids are \
         numeric strings.",
        zpa_v1!("/praPortal"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_pra_portal",
        "zpa_pra",
        "Get a ZPA PRA portal",
        "Get one Privileged Remote Access portal by id (a numeric string from \
         zpa_list_pra_portals).",
        zpa_v1!("/praPortal/{portal_id}"),
        &[PORTAL_ID, MICROTENANT],
    ),
    write(
        "zpa_create_pra_portal",
        "zpa_pra",
        Action::Create,
        "Create a ZPA PRA portal",
        "Create a Privileged Remote Access portal on a domain, served with a Browser Access \
         certificate (certificate_id from zpa_list_ba_certificates) that covers it. ZPA \
         applies the change at once.",
        zpa_v1!("/praPortal"),
        portal_params![
            required(NAME),
            required(PORTAL_DOMAIN),
            required(PORTAL_CERTIFICATE),
        ],
    ),
    write(
        "zpa_update_pra_portal",
        "zpa_pra",
        Action::Update,
        "Update a ZPA PRA portal",
        "Change a Privileged Remote Access portal by id: the portal is read, the given \
         fields replace their current values and the rest is kept.",
        zpa_v1!("/praPortal/{portal_id}"),
        portal_params![PORTAL_ID, NAME, PORTAL_DOMAIN, PORTAL_CERTIFICATE],
    ),
    write(
        "zpa_delete_pra_portal",
        "zpa_pra",
        Action::Delete,
        "Delete a ZPA PRA portal",
        "Delete a Privileged Remote Access portal by id (a numeric string). Users lose \
         access to the consoles published through it.",
        zpa_v1!("/praPortal/{portal_id}"),
        &[PORTAL_ID, MICROTENANT],
    ),
    // ========================================================== PRA credentials
    list(
        "zpa_list_pra_credentials",
        "zpa_pra",
        "List ZPA PRA credentials",
        "List Privileged Remote Access credentials (the vaulted logins PRA injects into \
         consoles): name, type, user name and domain. Passwords and keys are never \
         returned. Ids are numeric strings.",
        zpa_v1!("/credential"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_pra_credential",
        "zpa_pra",
        "Get a ZPA PRA credential",
        "Get one Privileged Remote Access credential by id (a numeric string from \
         zpa_list_pra_credentials). The secret itself is never returned.",
        zpa_v1!("/credential/{credential_id}"),
        &[CREDENTIAL_ID, MICROTENANT],
    ),
    write(
        "zpa_create_pra_credential",
        "zpa_pra",
        Action::Create,
        "Create a ZPA PRA credential",
        "Store a credential PRA injects into privileged consoles. Give the fields its \
         credential_type needs: USERNAME_PASSWORD (username, password), SSH_KEY (username, \
         private_key) or PASSWORD (password). Secrets are write-only.",
        zpa_v1!("/credential"),
        credential_params![required(NAME), required(CREDENTIAL_TYPE)],
    ),
    write(
        "zpa_update_pra_credential",
        "zpa_pra",
        Action::Update,
        "Update a ZPA PRA credential",
        "Change a PRA credential by id: the credential is read, the given fields replace \
         their current values and the rest is kept. The credential type cannot change; \
         rotate a secret by passing the new password or private_key.",
        zpa_v1!("/credential/{credential_id}"),
        credential_params![CREDENTIAL_ID, NAME, CREDENTIAL_TYPE],
    ),
    write(
        "zpa_delete_pra_credential",
        "zpa_pra",
        Action::Delete,
        "Delete a ZPA PRA credential",
        "Delete a Privileged Remote Access credential by id (a numeric string).",
        zpa_v1!("/credential/{credential_id}"),
        &[CREDENTIAL_ID, MICROTENANT],
    ),
    // ========================================================== misc: profiles, networks
    list(
        "get_zpa_app_protection_profile",
        "zpa_misc",
        "Find ZPA AppProtection profiles",
        "List AppProtection (inspection) profiles, or find one by exact name: the \
         paranoia level, control sets and actions applied to inspected traffic. Ids are \
         numeric strings, used by AppProtection policy rules.",
        zpa_v1!("/inspectionProfile"),
        &[name_filter(
            "Exact profile name, or a ZPA filter such as `name+CONTAINS+OWASP`.",
        )],
    ),
    list(
        "get_zpa_isolation_profile",
        "zpa_misc",
        "Find ZPA isolation profiles",
        "List Cloud Browser Isolation profiles as ZPA sees them, or find one by exact name. \
         The `id` (a numeric string) is what isolation policy rules reference.",
        zpa_v1!("/isolation/profiles"),
        &[name_filter(
            "Exact profile name, or a ZPA filter such as `name+CONTAINS+Isolation`.",
        )],
    ),
    ToolSpec {
        hook: Hook::Custom(posture_lookup),
        ..list(
            "get_zpa_posture_profile",
            "zpa_misc",
            "Find ZPA posture profiles",
            "List device posture profiles, find one by exact name, or fetch one by \
             profile_id. Always returns a list. Access policy conditions use a profile's \
             postureUdid (a UUID), not its numeric id.",
            zpa_v2!("/posture"),
            &[
                hook_arg(
                    "profile_id",
                    Kind::Str,
                    "Posture profile id (a numeric string) to fetch directly.",
                ),
                name_filter(
                    "Exact profile name, e.g. \"CrowdStrike_ZPA_ZTA_40 (zscalerthree.net)\", \
                     or a ZPA filter such as `name+CONTAINS+CrowdStrike`.",
                ),
            ],
        )
    },
    ToolSpec {
        hook: Hook::Custom(trusted_network_lookup),
        ..list(
            "get_zpa_trusted_network",
            "zpa_misc",
            "Find ZPA trusted networks",
            "List trusted networks, find one by exact name, or fetch one by network_id. \
             Always returns a list. Access policy conditions use a network's networkId (a \
             UUID); service edge groups reference the numeric id.",
            zpa_v2!("/network"),
            &[
                hook_arg(
                    "network_id",
                    Kind::Str,
                    "Trusted network id (a numeric string) to fetch directly.",
                ),
                name_filter("Exact network name, or a ZPA filter such as `name+CONTAINS+Office`."),
            ],
        )
    },
    // ========================================================== misc: LSS
    list(
        "zpa_list_lss_configs",
        "zpa_misc",
        "List ZPA log streaming configurations",
        "List Log Streaming Service receivers: which log type goes to which SIEM host and \
         port, in which format, through which App Connector groups, with filters. This is \
         configuration only; LSS does not return log content. Ids are numeric strings.",
        zpa_v2!("/lssConfig"),
        &[SEARCH],
    ),
    get(
        "zpa_get_lss_config",
        "zpa_misc",
        "Get a ZPA log streaming configuration",
        "Get one Log Streaming Service receiver by id (a numeric string from \
         zpa_list_lss_configs), with its format template, status-code filter and policy.",
        zpa_v2!("/lssConfig/{lss_config_id}"),
        &[path_str(
            "lss_config_id",
            "LSS configuration id (a numeric string, the `id` field of \
             zpa_list_lss_configs).",
        )],
    ),
    // Static catalog: the path only anchors the tool to the customer (no call is made).
    ToolSpec {
        hook: Hook::Custom(lss_log_types),
        ..get(
            "zpa_list_lss_log_types",
            "zpa_misc",
            "List ZPA log streaming log types",
            "List the log types Log Streaming Service can stream: the readable name these \
             tools accept, the API's internal code (sourceLogType in LSS configurations) and \
             what the log carries. No API call is made.",
            zpa_v2!("/lssConfig"),
            &[],
        )
    },
    ToolSpec {
        hook: Hook::Custom(lss_log_format),
        ..get(
            "zpa_get_lss_log_format",
            "zpa_misc",
            "Get ZPA log streaming formats",
            "Get the predefined output templates (csv, json, tsv) for one LSS log type, as \
             used in an LSS configuration's format field. Log types come from \
             zpa_list_lss_log_types.",
            zpa_v2!("/lssConfig/logType/formats"),
            &[Param {
                name: "log_type",
                kind: Kind::Enum(LOG_TYPE_VALUES),
                required: true,
                place: Place::Query("logType"),
                description: "LSS log type: a readable name such as user_activity or its \
                              internal code such as zpn_trans_log.",
            }],
        )
    },
    // The catalog lives at the global LSS_STATUS_CODES_PATH; the hook calls that path and
    // this one only anchors the tool to the customer like every ZPA tool.
    ToolSpec {
        hook: Hook::Custom(lss_status_codes),
        ..get(
            "zpa_list_lss_status_codes",
            "zpa_misc",
            "List ZPA log streaming status codes",
            "List the session status codes an LSS configuration can filter on, grouped by \
             internal log type, optionally for one log type only. The catalog is the same \
             for every tenant.",
            zpa_v2!("/lssConfig"),
            &[hook_arg(
                "log_type",
                Kind::Enum(LOG_TYPE_VALUES),
                "Only the codes of this log type: a readable name such as user_activity or \
                 its internal code such as zpn_trans_log. Omit for all.",
            )],
        )
    },
    get(
        "zpa_list_lss_client_types",
        "zpa_misc",
        "List ZPA log streaming client types",
        "List the client types LSS policies can match (Client Connector, Browser Access, \
         machine tunnel, ...) as a map from internal code (zpn_client_type_*) to readable \
         name.",
        "/zpa/mgmtconfig/v2/admin/lssConfig/customers/{customerId}/clientTypes",
        &[],
    ),
    // ========================================================== IdP lookups
    ToolSpec {
        hook: Hook::Custom(saml_attribute_lookup),
        ..list(
            "get_zpa_saml_attribute",
            "zpa_idp",
            "Find ZPA SAML attributes",
            "List the SAML attributes ZPA policies can match, for all IdPs or one IdP (by \
             idp_id or idp_name). Policy conditions use the attribute id (a numeric string) \
             as lhs and the user's attribute value as rhs.",
            zpa_v2!("/samlAttribute"),
            &[IDP_ID, IDP_NAME, SEARCH],
        )
    },
    ToolSpec {
        hook: Hook::Custom(scim_attribute_lookup),
        ..list(
            "get_zpa_scim_attribute",
            "zpa_idp",
            "Find ZPA SCIM attributes",
            "List the SCIM attributes one IdP (idp_id or idp_name, one of them required) \
             provisions, or fetch one by attribute_id. Always returns a list. Policy \
             conditions use the attribute id as lhs.",
            zpa_v1!("/idp"),
            &[
                IDP_ID,
                IDP_NAME,
                hook_arg(
                    "attribute_id",
                    Kind::Str,
                    "SCIM attribute id (a numeric string) to fetch directly.",
                ),
                SEARCH,
            ],
        )
    },
    ToolSpec {
        hook: Hook::Custom(scim_group_lookup),
        ..list(
            "get_zpa_scim_group",
            "zpa_idp",
            "Find ZPA SCIM groups",
            "List the SCIM groups one IdP (idp_id or idp_name) provisions, or fetch one group \
             by scim_group_id. Always returns a list. SCIM group ids are integers; access \
             policy conditions pair them with the IdP id.",
            zpa_user!("/scimgroup"),
            &[
                hook_arg(
                    "scim_group_id",
                    Kind::Int,
                    "SCIM group id (an integer) to fetch directly; no IdP is needed then.",
                ),
                IDP_ID,
                IDP_NAME,
                SEARCH,
            ],
        )
    },
];

// ---------------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------------

fn arg_error(field: &str, problem: impl Into<String>) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem: problem.into(),
    })
}

/// Remove a hook-only argument from the query and return its value.
fn take_query(query: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let at = query.iter().position(|(k, _)| k == key)?;
    Some(query.remove(at).1).filter(|v| !v.is_empty())
}

/// Run the generic executor (paging, read-modify-write, delete result) on an adjusted path
/// and query. The caller's JMESPath shape is applied once, by the outer executor.
async fn run_generic(
    ctx: &HookCtx<'_>,
    path: String,
    query: Vec<(String, String)>,
    paging: Paging,
) -> Result<ToolOutput, ToolError> {
    let spec = ToolSpec {
        hook: Hook::None,
        paging,
        ..*ctx.spec
    };
    let plan = CallPlan {
        path,
        query,
        body: ctx.plan.body.clone(),
        paging: ctx.plan.paging.clone(),
        shape: None,
    };
    crate::executor::execute_plan(ctx.client, &spec, &plan).await
}

/// One object, as the one-item list the lookup tools always return.
fn as_list(mut out: ToolOutput) -> ToolOutput {
    if !out.value.is_array() {
        out.value = Value::Array(vec![out.value]);
    }
    out
}

/// The v1 form of a v2 management path (single items are read on v1).
fn v1_of(path: &str) -> String {
    path.replacen("/mgmtconfig/v2/", "/mgmtconfig/v1/", 1)
}

/// The API's association type for a provisioning key's `key_type`.
fn association_type(key_type: &str) -> &str {
    match key_type {
        "connector" => "CONNECTOR_GRP",
        "service_edge" => "SERVICE_EDGE_GRP",
        other => other,
    }
}

/// `/associationType/connector/...` → `/associationType/CONNECTOR_GRP/...`.
fn with_association_type(path: &str) -> String {
    const MARKER: &str = "/associationType/";
    let Some(at) = path.find(MARKER) else {
        return path.to_string();
    };
    let start = at + MARKER.len();
    let end = path[start..].find('/').map_or(path.len(), |i| start + i);
    format!(
        "{}{}{}",
        &path[..start],
        association_type(&path[start..end]),
        &path[end..]
    )
}

fn provisioning_key_call<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let path = with_association_type(ctx.path);
        run_generic(&ctx, path, ctx.plan.query.clone(), ctx.spec.paging).await
    })
}

/// List (the spec's path, with its filters) or, when `id_key` is given, fetch that one item
/// from the v1 path.
async fn list_or_get(ctx: &HookCtx<'_>, id_key: &str) -> Result<ToolOutput, ToolError> {
    let mut query = ctx.plan.query.clone();
    match take_query(&mut query, id_key) {
        Some(id) => {
            let path = format!("{}/{}", v1_of(ctx.path), segment(id_key, &id)?);
            Ok(as_list(
                run_generic(ctx, path, Vec::new(), Paging::None).await?,
            ))
        }
        None => run_generic(ctx, ctx.path.to_string(), query, ctx.spec.paging).await,
    }
}

fn enrollment_cert_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_or_get(&ctx, "certificate_id").await })
}

fn posture_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_or_get(&ctx, "profile_id").await })
}

fn trusted_network_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_or_get(&ctx, "network_id").await })
}

/// The IdP an `idp_id` or `idp_name` argument names (taken out of the query), or None.
async fn resolve_idp(
    ctx: &HookCtx<'_>,
    query: &mut Vec<(String, String)>,
) -> Result<Option<String>, ToolError> {
    let id = take_query(query, "idp_id");
    let name = take_query(query, "idp_name");
    if id.is_some() {
        return Ok(id);
    }
    let Some(name) = name else {
        return Ok(None);
    };
    let customer = ctx
        .client
        .settings()
        .customer_id
        .clone()
        .unwrap_or_default();
    let path = format!(
        "/zpa/mgmtconfig/v2/admin/customers/{}/idp",
        encode_segment(&customer)
    );
    let mut idps: Vec<Value> = Vec::new();
    let mut page = 1u64;
    loop {
        let q = [
            ("page".to_string(), page.to_string()),
            ("pagesize".to_string(), "500".to_string()),
        ];
        let resp = ctx
            .client
            .call(
                ApiRequest {
                    service: Service::Zpa,
                    method: HttpMethod::Get,
                    path: &path,
                    query: &q,
                    body: None,
                },
                ctx.deadline,
            )
            .await?;
        let total_pages = match resp.body.get("totalPages") {
            Some(Value::String(s)) => s.parse().unwrap_or(1),
            Some(Value::Number(n)) => n.as_u64().unwrap_or(1),
            _ => 1,
        };
        if let Some(Value::Array(items)) = resp.body.get("list") {
            idps.extend(items.iter().cloned());
        }
        if page >= total_pages || page >= 20 {
            break;
        }
        page += 1;
    }
    let name_of = |idp: &Value| idp.get("name").and_then(Value::as_str).map(str::to_string);
    let found = idps
        .iter()
        .find(|i| name_of(i).as_deref() == Some(name.as_str()))
        .or_else(|| {
            idps.iter()
                .find(|i| name_of(i).is_some_and(|n| n.eq_ignore_ascii_case(&name)))
        });
    match found.and_then(|i| i.get("id")) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        _ => {
            let known: Vec<String> = idps.iter().filter_map(name_of).collect();
            Err(arg_error(
                "idp_name",
                format!(
                    "no IdP named {name:?}; configured IdPs: {}",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            ))
        }
    }
}

fn saml_attribute_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        let path = match resolve_idp(&ctx, &mut query).await? {
            Some(idp) => format!("{}/idp/{}", ctx.path, segment("idp_id", &idp)?),
            None => ctx.path.to_string(),
        };
        run_generic(&ctx, path, query, ctx.spec.paging).await
    })
}

fn scim_attribute_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        let attribute = take_query(&mut query, "attribute_id");
        let Some(idp) = resolve_idp(&ctx, &mut query).await? else {
            return Err(arg_error(
                "idp_id",
                "give idp_id or idp_name: SCIM attributes belong to one IdP",
            ));
        };
        let base = format!("{}/{}/scimattribute", ctx.path, segment("idp_id", &idp)?);
        match attribute {
            Some(attr) => {
                let path = format!("{base}/{}", segment("attribute_id", &attr)?);
                Ok(as_list(
                    run_generic(&ctx, path, Vec::new(), Paging::None).await?,
                ))
            }
            None => run_generic(&ctx, base, query, ctx.spec.paging).await,
        }
    })
}

fn scim_group_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        if let Some(group) = take_query(&mut query, "scim_group_id") {
            let path = format!("{}/{}", ctx.path, segment("scim_group_id", &group)?);
            return Ok(as_list(
                run_generic(&ctx, path, Vec::new(), Paging::None).await?,
            ));
        }
        let Some(idp) = resolve_idp(&ctx, &mut query).await? else {
            return Err(arg_error(
                "idp_id",
                "give idp_id or idp_name to list SCIM groups, or scim_group_id to fetch one",
            ));
        };
        let path = format!("{}/idpId/{}", ctx.path, segment("idp_id", &idp)?);
        run_generic(&ctx, path, query, ctx.spec.paging).await
    })
}

/// The internal LSS log type code for a readable name (codes pass through).
fn lss_code(log_type: &str) -> &str {
    LSS_LOG_TYPES
        .iter()
        .find(|(name, _, _)| *name == log_type)
        .map_or(log_type, |(_, code, _)| code)
}

fn lss_log_types<'a>(_ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let value = LSS_LOG_TYPES
            .iter()
            .map(|(name, code, what)| {
                json!({"log_type": name, "source_log_type": code, "description": what})
            })
            .collect();
        Ok(ToolOutput {
            value: Value::Array(value),
            note: None,
        })
    })
}

fn lss_log_format<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let query = ctx
            .plan
            .query
            .iter()
            .map(|(k, v)| {
                let v = if k == "logType" { lss_code(v) } else { v };
                (k.clone(), v.to_string())
            })
            .collect();
        run_generic(&ctx, ctx.path.to_string(), query, Paging::None).await
    })
}

/// Keep the status codes of one internal log type. The documented catalog is keyed by log
/// type; a flat `{code: {log_types: [...]}}` catalog is filtered by membership instead.
fn status_codes_for(all: Value, code: &str) -> Value {
    let Value::Object(map) = all else {
        return all;
    };
    if let Some(codes) = map.get(code) {
        let mut out = Map::new();
        out.insert(code.to_string(), codes.clone());
        return Value::Object(out);
    }
    let kept: Map<String, Value> = map
        .into_iter()
        .filter(|(_, details)| {
            details
                .get("log_types")
                .and_then(Value::as_array)
                .is_some_and(|types| types.iter().any(|t| t.as_str() == Some(code)))
        })
        .collect();
    Value::Object(kept)
}

fn lss_status_codes<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        let log_type = take_query(&mut query, "log_type");
        let resp = ctx
            .client
            .call(
                ApiRequest {
                    service: Service::Zpa,
                    method: HttpMethod::Get,
                    path: LSS_STATUS_CODES_PATH,
                    query: &[],
                    body: None,
                },
                ctx.deadline,
            )
            .await?;
        let value = match log_type {
            Some(t) => status_codes_for(resp.body, lss_code(&t)),
            None => resp.body,
        };
        Ok(ToolOutput { value, note: None })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str) -> &'static ToolSpec {
        TOOLS.iter().find(|t| t.name == name).unwrap()
    }

    fn required_of(name: &str) -> Vec<&'static str> {
        spec(name)
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name)
            .collect()
    }

    #[test]
    fn key_type_becomes_the_association_type() {
        assert_eq!(
            with_association_type("/zpa/x/associationType/connector/provisioningKey/7"),
            "/zpa/x/associationType/CONNECTOR_GRP/provisioningKey/7"
        );
        assert_eq!(
            with_association_type("/zpa/x/associationType/service_edge/provisioningKey"),
            "/zpa/x/associationType/SERVICE_EDGE_GRP/provisioningKey"
        );
        assert_eq!(
            with_association_type("/zpa/x/connector"),
            "/zpa/x/connector"
        );
    }

    #[test]
    fn lss_names_map_to_codes() {
        assert_eq!(lss_code("user_activity"), "zpn_trans_log");
        assert_eq!(lss_code("zpn_auth_log"), "zpn_auth_log");
        // Every readable name and every code is accepted by the tools.
        for (name, code, _) in LSS_LOG_TYPES {
            assert!(LOG_TYPE_VALUES.contains(name) && LOG_TYPE_VALUES.contains(code));
        }
        assert_eq!(LOG_TYPE_VALUES.len(), 2 * LSS_LOG_TYPES.len());
    }

    #[test]
    fn status_codes_filter_both_catalog_shapes() {
        let by_type = json!({"zpn_auth_log": {"A": {}}, "zpn_trans_log": {"B": {}}});
        assert_eq!(
            status_codes_for(by_type, "zpn_trans_log"),
            json!({"zpn_trans_log": {"B": {}}})
        );
        let flat = json!({"A": {"log_types": ["zpn_auth_log"]}, "B": {"log_types": ["x"]}});
        assert_eq!(
            status_codes_for(flat, "zpn_auth_log"),
            json!({"A": {"log_types": ["zpn_auth_log"]}})
        );
    }

    #[test]
    fn hook_arguments_leave_the_query() {
        let mut q = vec![
            ("profile_id".to_string(), "9".to_string()),
            ("search".to_string(), "name+EQ+x".to_string()),
        ];
        assert_eq!(take_query(&mut q, "profile_id").as_deref(), Some("9"));
        assert_eq!(q.len(), 1);
        assert_eq!(take_query(&mut q, "profile_id"), None);
    }

    #[test]
    fn creates_require_what_the_api_needs() {
        assert_eq!(
            required_of("zpa_create_service_edge_group"),
            ["name", "latitude", "longitude", "location"]
        );
        assert_eq!(
            required_of("zpa_create_provisioning_key"),
            [
                "name",
                "key_type",
                "max_usage",
                "component_id",
                "enrollment_cert_id"
            ]
        );
        assert_eq!(
            required_of("zpa_create_pra_portal"),
            ["name", "domain", "certificate_id"]
        );
        assert_eq!(
            required_of("zpa_update_provisioning_key"),
            ["key_id", "key_type"]
        );
        assert_eq!(
            required_of("zpa_bulk_delete_app_connectors"),
            ["connector_ids"]
        );
    }

    #[test]
    fn delete_tools_share_their_get_tools_arguments() {
        for spec in TOOLS.iter().filter(|t| t.action == Action::Delete) {
            let get_name = spec.name.replacen("_delete_", "_get_", 1);
            let Some(get) = TOOLS.iter().find(|t| t.name == get_name) else {
                continue;
            };
            for p in spec.params {
                assert!(
                    get.params.iter().any(|g| g.name == p.name),
                    "{}: {} missing from {}",
                    spec.name,
                    p.name,
                    get.name
                );
            }
        }
    }
}
