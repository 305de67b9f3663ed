//! The zpa_infra tool table: data only; the hooks it names are in `hooks.rs`.

use super::hooks::*;
use crate::catalog::spec::*;

pub(super) const ZPA: Service = Service::Zpa;

/// An argument only a hook reads (it is taken out of the query before any call).
pub(super) const fn hook_arg(name: &'static str, kind: Kind, description: &'static str) -> Param {
    query(name, name, kind, description)
}

/// An exact-name filter sent as a ZPA `search` expression.
pub(super) const fn name_filter(description: &'static str) -> Param {
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

pub(super) const SEARCH: Param = zpa_search(
    "Filter by exact name, or pass a ZPA filter expression such as `name+CONTAINS+edge` \
     (operators EQ, NE, CONTAINS, STARTSWITH, ENDSWITH).",
);

pub(super) const MICROTENANT: Param = query(
    "microtenant_id",
    "microtenantId",
    Kind::Str,
    "Microtenant id (a numeric string) to scope the call to. Omit to work in the Default \
     microtenant; \"0\" names the Default microtenant explicitly.",
);

pub(super) const NAME: Param = body("name", "name", Kind::Str, false, "Display name.");
pub(super) const DESCRIPTION: Param = body(
    "description",
    "description",
    Kind::Str,
    false,
    "Free-text description.",
);
pub(super) const ENABLED: Param = body(
    "enabled",
    "enabled",
    Kind::Bool,
    false,
    "true to enable, false to disable.",
);

pub(super) const DAYS: &[&str] = &[
    "SUNDAY",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
];

// ---------------------------------------------------------------- service edges

pub(super) const EDGE_GROUP_ID: Param = path_str(
    "group_id",
    "Service edge group id (a numeric string, the `id` field of \
     zpa_list_service_edge_groups).",
);
pub(super) const SERVICE_EDGE_ID: Param = path_str(
    "service_edge_id",
    "Service edge id (a numeric string, the `id` field of zpa_list_service_edges).",
);

pub(super) const LATITUDE: Param = body(
    "latitude",
    "latitude",
    Kind::Str,
    false,
    "Latitude in decimal degrees, as a string, e.g. \"37.3382\".",
);
pub(super) const LONGITUDE: Param = body(
    "longitude",
    "longitude",
    Kind::Str,
    false,
    "Longitude in decimal degrees, as a string, e.g. \"-121.8863\".",
);
pub(super) const LOCATION: Param = body(
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
            body(
                "enrollment_cert_id",
                "enrollmentCertId",
                Kind::Str,
                false,
                "Enrollment certificate id (numeric string) for the group's edges, from \
                 get_zpa_enrollment_certificate. Omitted, the one named \"Service Edge\" is \
                 used (on update, only when the group has none), as the official SDK does.",
            ),
            EXTRA_FIELDS,
            MICROTENANT,
        ]
    };
}

// ---------------------------------------------------------------- app connectors

pub(super) const CONNECTOR_ID: Param = path_str(
    "connector_id",
    "App Connector id (a numeric string, the `id` field of zpa_list_app_connectors).",
);

// ---------------------------------------------------------------- application servers

pub(super) const SERVER_ID: Param = path_str(
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

pub(super) const SERVER_ADDRESS: Param = body(
    "address",
    "address",
    Kind::Str,
    false,
    "The server's IP address or fully qualified domain name.",
);

// ---------------------------------------------------------------- certificates

pub(super) const CERTIFICATE_ID: Param = path_str(
    "certificate_id",
    "Browser Access certificate id (a numeric string, the `id` field of \
     zpa_list_ba_certificates).",
);

// ---------------------------------------------------------------- provisioning keys

pub(super) const KEY_TYPE: Param = Param {
    name: "key_type",
    kind: Kind::Enum(&["connector", "service_edge"]),
    required: true,
    place: Place::Path,
    description: "Which kind of component the key enrolls: connector (App Connector \
                  groups) or service_edge (Private Service Edge groups).",
};
pub(super) const KEY_ID: Param = path_str(
    "key_id",
    "Provisioning key id (a numeric string, the `id` field of zpa_list_provisioning_keys; \
     not the key value itself).",
);
pub(super) const MAX_USAGE: Param = body(
    "max_usage",
    "maxUsage",
    Kind::Int,
    false,
    "How many components may enroll with this key. Keep it to the number you deploy now.",
);
pub(super) const COMPONENT_ID: Param = body(
    "component_id",
    "zcomponentId",
    Kind::Str,
    false,
    "Id (numeric string) of the group the key enrolls into: an App Connector group from \
     zpa_list_app_connector_groups for connector keys, a service edge group from \
     zpa_list_service_edge_groups for service_edge keys.",
);
pub(super) const ENROLLMENT_CERT_ID: Param = body(
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
            // The official server's parameter, sent as the SDK sends it.
            DESCRIPTION,
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

pub(super) const PORTAL_ID: Param = path_str(
    "portal_id",
    "PRA portal id (a numeric string, the `id` field of zpa_list_pra_portals).",
);
pub(super) const CREDENTIAL_ID: Param = path_str(
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

pub(super) const PORTAL_DOMAIN: Param = body(
    "domain",
    "domain",
    Kind::Str,
    false,
    "Fully qualified domain users browse to for the portal, e.g. \"pra.example.com\"; it \
     must be covered by the portal's certificate.",
);
pub(super) const PORTAL_CERTIFICATE: Param = body(
    "certificate_id",
    "certificateId",
    Kind::Str,
    false,
    "Browser Access certificate id (numeric string) for the portal domain, from \
     zpa_list_ba_certificates. On create it may be left out: the issued certificate named \
     like the portal is used, as on the official server.",
);

pub(super) const CREDENTIAL_TYPE: Param = body(
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
pub(super) const LSS_LOG_TYPES: &[(&str, &str, &str)] = &[
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

pub(super) const LOG_TYPE_VALUES: &[&str] = &[
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
pub(super) const LSS_STATUS_CODES_PATH: &str = "/zpa/mgmtconfig/v2/admin/lssConfig/statusCodes";

pub(super) const IDP_ID: Param = hook_arg(
    "idp_id",
    Kind::Str,
    "IdP id (a numeric string). Give this or idp_name.",
);
pub(super) const IDP_NAME: Param = hook_arg(
    "idp_name",
    Kind::Str,
    "IdP display name exactly as configured in ZPA; it is resolved to the IdP id. Give \
     this or idp_id.",
);

pub const TOOLS: &[ToolSpec] = &[
    // ========================================================== service edge groups
    ToolSpec::read(
        ZPA,
        "zpa_service_edge_groups",
        "zpa_list_service_edge_groups",
    )
    .title("List ZPA service edge groups")
    .describe(
        "List Private Service Edge groups: location, public/private, upgrade window, version \
             profile, member service edges and trusted networks. Ids are numeric strings; use \
             them with the other service edge group tools and as component_id of service_edge \
             provisioning keys.",
    )
    .path(zpa_v1!("/serviceEdgeGroup"))
    .params(&[SEARCH, MICROTENANT])
    .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_service_edge_groups", "zpa_get_service_edge_group")
        .title("Get a ZPA service edge group")
        .describe(
            "Get one Private Service Edge group by id (a numeric string from \
             zpa_list_service_edge_groups), with its member edges and trusted networks.",
        )
        .path(zpa_v1!("/serviceEdgeGroup/{group_id}"))
        .params(&[EDGE_GROUP_ID, MICROTENANT]),
    ToolSpec::create(
        ZPA,
        "zpa_service_edge_groups",
        "zpa_create_service_edge_group",
    )
    .title("Create a ZPA service edge group")
    .describe(
        "Create a Private Service Edge group. name, latitude, longitude and location are \
             required; edges join the group by enrolling with a service_edge provisioning key \
             (zpa_create_provisioning_key with this group's id). ZPA applies the change at once.",
    )
    .path(zpa_v1!("/serviceEdgeGroup"))
    .params(edge_group_params![
        required(NAME),
        required(LATITUDE),
        required(LONGITUDE),
        required(LOCATION),
    ])
    .hook(Hook::Custom(crate::catalog::zpa::edge_group_create)),
    ToolSpec::update(
        ZPA,
        "zpa_service_edge_groups",
        "zpa_update_service_edge_group",
    )
    .title("Update a ZPA service edge group")
    .describe(
        "Change a Private Service Edge group by id: the group is read, the given fields \
             replace their current values and the rest is kept. A list given here (service \
             edges, trusted networks) replaces the whole current list.",
    )
    .path(zpa_v1!("/serviceEdgeGroup/{group_id}"))
    .params(edge_group_params![
        EDGE_GROUP_ID,
        NAME,
        LATITUDE,
        LONGITUDE,
        LOCATION
    ])
    .hook(Hook::Custom(crate::catalog::zpa::group_update)),
    ToolSpec::delete(
        ZPA,
        "zpa_service_edge_groups",
        "zpa_delete_service_edge_group",
    )
    .title("Delete a ZPA service edge group")
    .describe(
        "Delete a Private Service Edge group by id (a numeric string). Remove its service \
             edges and provisioning keys first; the API refuses to delete a group still in use.",
    )
    .path(zpa_v1!("/serviceEdgeGroup/{group_id}"))
    .params(&[EDGE_GROUP_ID, MICROTENANT]),
    ToolSpec::read(ZPA, "zpa_service_edge_groups", "zpa_list_service_edges")
        .title("List ZPA service edges")
        .describe(
            "List individual Private Service Edges (the enrolled instances, not their groups): \
             control channel status, versions, IP addresses, platform and group. Ids are numeric \
             strings.",
        )
        .path(zpa_v1!("/serviceEdge"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_service_edge_groups", "zpa_get_service_edge")
        .title("Get a ZPA service edge")
        .describe(
            "Get one Private Service Edge by id (a numeric string from zpa_list_service_edges), \
             with its health and version details.",
        )
        .path(zpa_v1!("/serviceEdge/{service_edge_id}"))
        .params(&[SERVICE_EDGE_ID, MICROTENANT]),
    ToolSpec::update(ZPA, "zpa_service_edge_groups", "zpa_update_service_edge")
        .title("Update a ZPA service edge")
        .describe(
            "Rename, describe, enable or disable one Private Service Edge by id. The edge is \
             read and the given fields replace their current values.",
        )
        .path(zpa_v1!("/serviceEdge/{service_edge_id}"))
        .params(&[
            SERVICE_EDGE_ID,
            NAME,
            DESCRIPTION,
            ENABLED,
            EXTRA_FIELDS,
            MICROTENANT,
        ]),
    ToolSpec::delete(ZPA, "zpa_service_edge_groups", "zpa_delete_service_edge")
        .title("Delete a ZPA service edge")
        .describe(
            "Delete one Private Service Edge by id (a numeric string). It must enroll again with \
             a provisioning key to reconnect.",
        )
        .path(zpa_v1!("/serviceEdge/{service_edge_id}"))
        .params(&[SERVICE_EDGE_ID, MICROTENANT]),
    ToolSpec::delete(
        ZPA,
        "zpa_service_edge_groups",
        "zpa_bulk_delete_service_edges",
    )
    .title("Delete several ZPA service edges")
    .describe(
        "Delete several Private Service Edges in one call, by id (numeric strings from \
             zpa_list_service_edges). Each must enroll again to reconnect.",
    )
    .method(HttpMethod::Post)
    .path(zpa_v1!("/serviceEdge/bulkDelete"))
    .params(&[
        body(
            "service_edge_ids",
            "ids",
            Kind::StrList,
            true,
            "Ids (numeric strings) of the service edges to delete.",
        ),
        MICROTENANT,
    ]),
    // ========================================================== app connectors
    ToolSpec::read(ZPA, "zpa_connectors", "zpa_list_app_connectors")
        .title("List ZPA App Connectors")
        .describe(
            "List App Connectors (the enrolled instances): control channel status, current and \
             expected version, private and public IP, platform, and their App Connector group. \
             Ids are numeric strings. Groups are listed with zpa_list_app_connector_groups.",
        )
        .path(zpa_v1!("/connector"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_connectors", "zpa_get_app_connector")
        .title("Get a ZPA App Connector")
        .describe(
            "Get one App Connector by id (a numeric string from zpa_list_app_connectors), with \
             its health, versions and addresses.",
        )
        .path(zpa_v1!("/connector/{connector_id}"))
        .params(&[CONNECTOR_ID, MICROTENANT]),
    ToolSpec::update(ZPA, "zpa_connectors", "zpa_update_app_connector")
        .title("Update a ZPA App Connector")
        .describe(
            "Rename, describe, enable or disable one App Connector by id. The connector is read \
             and the given fields replace their current values. Connectors cannot be created \
             here: they enroll themselves with a provisioning key.",
        )
        .path(zpa_v1!("/connector/{connector_id}"))
        .params(&[
            CONNECTOR_ID,
            NAME,
            DESCRIPTION,
            ENABLED,
            EXTRA_FIELDS,
            MICROTENANT,
        ]),
    ToolSpec::delete(ZPA, "zpa_connectors", "zpa_delete_app_connector")
        .title("Delete a ZPA App Connector")
        .describe(
            "Delete one App Connector by id (a numeric string). It must enroll again with a \
             provisioning key to reconnect.",
        )
        .path(zpa_v1!("/connector/{connector_id}"))
        .params(&[CONNECTOR_ID, MICROTENANT]),
    ToolSpec::delete(ZPA, "zpa_connectors", "zpa_bulk_delete_app_connectors")
        .title("Delete several ZPA App Connectors")
        .describe(
            "Delete several App Connectors in one call, by id (numeric strings from \
             zpa_list_app_connectors), e.g. to clean up disconnected instances. Each must enroll \
             again to reconnect.",
        )
        .method(HttpMethod::Post)
        .path(zpa_v1!("/connector/bulkDelete"))
        .params(&[
            body(
                "connector_ids",
                "ids",
                Kind::StrList,
                true,
                "Ids (numeric strings) of the App Connectors to delete.",
            ),
            MICROTENANT,
        ]),
    // ========================================================== application servers
    ToolSpec::read(
        ZPA,
        "zpa_application_servers",
        "zpa_list_application_servers",
    )
    .title("List ZPA application servers")
    .describe(
        "List application servers: the backend hosts (IP or FQDN) defined for server groups \
             that do not use dynamic discovery. Ids are numeric strings.",
    )
    .path(zpa_v1!("/server"))
    .params(&[SEARCH, MICROTENANT])
    .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_application_servers", "zpa_get_application_server")
        .title("Get a ZPA application server")
        .describe(
            "Get one application server by id (a numeric string from \
             zpa_list_application_servers).",
        )
        .path(zpa_v1!("/server/{server_id}"))
        .params(&[SERVER_ID, MICROTENANT]),
    ToolSpec::create(
        ZPA,
        "zpa_application_servers",
        "zpa_create_application_server",
    )
    .title("Create a ZPA application server")
    .describe(
        "Define an application server by name and address. Attach it to server groups \
             (app_server_group_ids, from zpa_list_server_groups) whose dynamic discovery is off. \
             ZPA applies the change at once.",
    )
    .path(zpa_v1!("/server"))
    .params(server_params![required(NAME), required(SERVER_ADDRESS)]),
    ToolSpec::update(
        ZPA,
        "zpa_application_servers",
        "zpa_update_application_server",
    )
    .title("Update a ZPA application server")
    .describe(
        "Change an application server by id: the server is read, the given fields replace \
             their current values and the rest is kept. app_server_group_ids replaces the whole \
             current list.",
    )
    .path(zpa_v1!("/server/{server_id}"))
    .params(server_params![SERVER_ID, NAME, SERVER_ADDRESS]),
    ToolSpec::delete(
        ZPA,
        "zpa_application_servers",
        "zpa_delete_application_server",
    )
    .title("Delete a ZPA application server")
    .describe(
        "Delete an application server by id (a numeric string). Detach it from its server \
             groups first if the API refuses.",
    )
    .path(zpa_v1!("/server/{server_id}"))
    .params(&[SERVER_ID, MICROTENANT]),
    // ========================================================== BA certificates
    ToolSpec::read(ZPA, "zpa_ba_certificates", "zpa_list_ba_certificates")
        .title("List ZPA Browser Access certificates")
        .describe(
            "List the web server certificates used by Browser Access applications and PRA \
             portals: name, common name, issuer and validity (epoch seconds). Ids are numeric \
             strings; use them as certificate_id of PRA portals and BA application segments.",
        )
        .path(zpa_v2!("/clientlessCertificate/issued"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_ba_certificates", "zpa_get_ba_certificate")
        .title("Get a ZPA Browser Access certificate")
        .describe(
            "Get one Browser Access certificate by id (a numeric string from \
             zpa_list_ba_certificates), with subject, issuer, SANs and validity.",
        )
        .path(zpa_v1!("/certificate/{certificate_id}"))
        .params(&[CERTIFICATE_ID, MICROTENANT]),
    ToolSpec::create(ZPA, "zpa_ba_certificates", "zpa_create_ba_certificate")
        .title("Upload a ZPA Browser Access certificate")
        .describe(
            "Upload a web server certificate for Browser Access or PRA portals: a PEM blob with \
             the certificate chain and its private key. ZPA applies the change at once.",
        )
        .path(zpa_v1!("/certificate"))
        .params(&[
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
        ]),
    ToolSpec::delete(ZPA, "zpa_ba_certificates", "zpa_delete_ba_certificate")
        .title("Delete a ZPA Browser Access certificate")
        .describe(
            "Delete a Browser Access certificate by id (a numeric string). A certificate still \
             used by an application segment or PRA portal cannot be deleted.",
        )
        .path(zpa_v1!("/certificate/{certificate_id}"))
        .params(&[CERTIFICATE_ID, MICROTENANT]),
    // ========================================================== provisioning keys
    ToolSpec::read(
        ZPA,
        "zpa_provisioning_keys",
        "get_zpa_enrollment_certificate",
    )
    .title("Find ZPA enrollment certificates")
    .describe(
        "List enrollment certificates (the CAs that sign enrolled App Connectors, Service \
             Edges and clients), find one by exact name (e.g. \"Connector\" or \"Service \
             Edge\"), or fetch one by certificate_id. Always returns a list. The id is what \
             zpa_create_provisioning_key takes as enrollment_cert_id.",
    )
    .path(zpa_v2!("/enrollmentCert"))
    .params(&[
        hook_arg(
            "certificate_id",
            Kind::Str,
            "Enrollment certificate id (a numeric string) to fetch directly.",
        ),
        name_filter(
            "Exact certificate name, e.g. \"Connector\", or a ZPA filter such as \
                 `name+CONTAINS+Edge`.",
        ),
        // The official server's parameter; `name` wins when both are given, as there.
        zpa_search("Certificate name to match (the same filter as `name`)."),
    ])
    .paged(Paging::ZpaPages)
    .hook(Hook::Custom(enrollment_cert_lookup)),
    ToolSpec::read(ZPA, "zpa_provisioning_keys", "zpa_list_provisioning_keys")
        .title("List ZPA provisioning keys")
        .describe(
            "List the provisioning keys of App Connector groups (key_type connector) or \
             Private Service Edge groups (key_type service_edge), with usage counts and the \
             group each key enrolls into. The results include the provisioningKey secret \
             itself: do not repeat it unless the user asks for it.",
        )
        .path(zpa_v1!("/associationType/{key_type}/provisioningKey"))
        .params(&[KEY_TYPE, SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages)
        .hook(Hook::Custom(provisioning_key_call)),
    ToolSpec::read(ZPA, "zpa_provisioning_keys", "zpa_get_provisioning_key")
        .title("Get a ZPA provisioning key")
        .describe(
            "Get one provisioning key by id and key_type. The result includes the \
             provisioningKey secret used to enroll components: treat it as a credential.",
        )
        .path(zpa_v1!(
            "/associationType/{key_type}/provisioningKey/{key_id}"
        ))
        .params(&[KEY_ID, KEY_TYPE, MICROTENANT])
        .hook(Hook::Custom(provisioning_key_call)),
    ToolSpec::create(ZPA, "zpa_provisioning_keys", "zpa_create_provisioning_key")
        .title("Create a ZPA provisioning key")
        .describe(
            "Create a provisioning key that lets up to max_usage App Connectors \
             (key_type connector) or Private Service Edges (key_type service_edge) enroll \
             into the group component_id. Find enrollment_cert_id with \
             get_zpa_enrollment_certificate. The result contains the key secret.",
        )
        .path(zpa_v1!("/associationType/{key_type}/provisioningKey"))
        .params(key_params![
            required(NAME),
            KEY_TYPE,
            required(MAX_USAGE),
            required(COMPONENT_ID),
            required(ENROLLMENT_CERT_ID),
        ])
        .hook(Hook::Custom(provisioning_key_call)),
    ToolSpec::update(ZPA, "zpa_provisioning_keys", "zpa_update_provisioning_key")
        .title("Update a ZPA provisioning key")
        .describe(
            "Change a provisioning key by id and key_type (e.g. raise max_usage, rename, \
             disable): the key is read, the given fields replace their current values and \
             the rest is kept.",
        )
        .path(zpa_v1!(
            "/associationType/{key_type}/provisioningKey/{key_id}"
        ))
        .params(key_params![
            KEY_ID,
            KEY_TYPE,
            NAME,
            MAX_USAGE,
            COMPONENT_ID,
            ENROLLMENT_CERT_ID,
        ])
        .hook(Hook::Custom(provisioning_key_call)),
    ToolSpec::delete(ZPA, "zpa_provisioning_keys", "zpa_delete_provisioning_key")
        .title("Delete a ZPA provisioning key")
        .describe(
            "Delete a provisioning key by id and key_type. Components already enrolled stay \
             enrolled; no new ones can enroll with the key.",
        )
        .path(zpa_v1!(
            "/associationType/{key_type}/provisioningKey/{key_id}"
        ))
        .params(&[KEY_ID, KEY_TYPE, MICROTENANT])
        .hook(Hook::Custom(provisioning_key_call)),
    // ========================================================== PRA portals
    ToolSpec::read(ZPA, "zpa_pra", "zpa_list_pra_portals")
        .title("List ZPA PRA portals")
        .describe(
            "List Privileged Remote Access portals: the web portals through which users open \
             privileged consoles (RDP, SSH, VNC), with their domain and certificate. Ids are \
             numeric strings.",
        )
        .path(zpa_v1!("/praPortal"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_pra", "zpa_get_pra_portal")
        .title("Get a ZPA PRA portal")
        .describe(
            "Get one Privileged Remote Access portal by id (a numeric string from \
             zpa_list_pra_portals).",
        )
        .path(zpa_v1!("/praPortal/{portal_id}"))
        .params(&[PORTAL_ID, MICROTENANT]),
    ToolSpec::create(ZPA, "zpa_pra", "zpa_create_pra_portal")
        .title("Create a ZPA PRA portal")
        .describe(
            "Create a Privileged Remote Access portal on a domain, served with a Browser Access \
             certificate (certificate_id from zpa_list_ba_certificates) that covers it. ZPA \
             applies the change at once.",
        )
        .path(zpa_v1!("/praPortal"))
        .params(portal_params![
            required(NAME),
            required(PORTAL_DOMAIN),
            PORTAL_CERTIFICATE,
        ])
        .hook(Hook::Custom(pra_portal_create)),
    ToolSpec::update(ZPA, "zpa_pra", "zpa_update_pra_portal")
        .title("Update a ZPA PRA portal")
        .describe(
            "Change a Privileged Remote Access portal by id: the portal is read, the given \
             fields replace their current values and the rest is kept.",
        )
        .path(zpa_v1!("/praPortal/{portal_id}"))
        .params(portal_params![
            PORTAL_ID,
            NAME,
            PORTAL_DOMAIN,
            PORTAL_CERTIFICATE
        ]),
    ToolSpec::delete(ZPA, "zpa_pra", "zpa_delete_pra_portal")
        .title("Delete a ZPA PRA portal")
        .describe(
            "Delete a Privileged Remote Access portal by id (a numeric string). Users lose \
             access to the consoles published through it.",
        )
        .path(zpa_v1!("/praPortal/{portal_id}"))
        .params(&[PORTAL_ID, MICROTENANT]),
    // ========================================================== PRA credentials
    ToolSpec::read(ZPA, "zpa_pra", "zpa_list_pra_credentials")
        .title("List ZPA PRA credentials")
        .describe(
            "List Privileged Remote Access credentials (the vaulted logins PRA injects into \
             consoles): name, type, user name and domain. Passwords and keys are never \
             returned. Ids are numeric strings.",
        )
        .path(zpa_v1!("/credential"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_pra", "zpa_get_pra_credential")
        .title("Get a ZPA PRA credential")
        .describe(
            "Get one Privileged Remote Access credential by id (a numeric string from \
             zpa_list_pra_credentials). The secret itself is never returned.",
        )
        .path(zpa_v1!("/credential/{credential_id}"))
        .params(&[CREDENTIAL_ID, MICROTENANT]),
    ToolSpec::create(ZPA, "zpa_pra", "zpa_create_pra_credential")
        .title("Create a ZPA PRA credential")
        .describe(
            "Store a credential PRA injects into privileged consoles. Give the fields its \
             credential_type needs: USERNAME_PASSWORD (username, password), SSH_KEY (username, \
             private_key) or PASSWORD (password). Secrets are write-only.",
        )
        .path(zpa_v1!("/credential"))
        .params(credential_params![
            required(NAME),
            required(CREDENTIAL_TYPE)
        ]),
    ToolSpec::update(ZPA, "zpa_pra", "zpa_update_pra_credential")
        .title("Update a ZPA PRA credential")
        .describe(
            "Change a PRA credential by id: the credential is read, the given fields replace \
             their current values and the rest is kept. The credential type cannot change; \
             rotate a secret by passing the new password or private_key.",
        )
        .path(zpa_v1!("/credential/{credential_id}"))
        .params(credential_params![CREDENTIAL_ID, NAME, CREDENTIAL_TYPE]),
    ToolSpec::delete(ZPA, "zpa_pra", "zpa_delete_pra_credential")
        .title("Delete a ZPA PRA credential")
        .describe("Delete a Privileged Remote Access credential by id (a numeric string).")
        .path(zpa_v1!("/credential/{credential_id}"))
        .params(&[CREDENTIAL_ID, MICROTENANT]),
    // ========================================================== misc: profiles, networks
    ToolSpec::read(ZPA, "zpa_misc", "get_zpa_app_protection_profile")
        .title("Find ZPA AppProtection profiles")
        .describe(
            "List AppProtection (inspection) profiles, or find one by exact name: the \
             paranoia level, control sets and actions applied to inspected traffic. Ids are \
             numeric strings, used by AppProtection policy rules.",
        )
        .path(zpa_v1!("/inspectionProfile"))
        .params(&[name_filter(
            "Exact profile name, or a ZPA filter such as `name+CONTAINS+OWASP`.",
        )])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_misc", "get_zpa_isolation_profile")
        .title("Find ZPA isolation profiles")
        .describe(
            "List Cloud Browser Isolation profiles as ZPA sees them, or find one by exact name. \
             The `id` (a numeric string) is what isolation policy rules reference.",
        )
        .path(zpa_v1!("/isolation/profiles"))
        .params(&[name_filter(
            "Exact profile name, or a ZPA filter such as `name+CONTAINS+Isolation`.",
        )])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_misc", "get_zpa_posture_profile")
        .title("Find ZPA posture profiles")
        .describe(
            "List device posture profiles, find one by exact name, or fetch one by \
             profile_id. Always returns a list. Access policy conditions use a profile's \
             postureUdid (a UUID), not its numeric id.",
        )
        .path(zpa_v2!("/posture"))
        .params(&[
            hook_arg(
                "profile_id",
                Kind::Str,
                "Posture profile id (a numeric string) to fetch directly.",
            ),
            name_filter(
                "Exact profile name, e.g. \"CrowdStrike_ZPA_ZTA_40 (zscalerthree.net)\", \
                 or a ZPA filter such as `name+CONTAINS+CrowdStrike`.",
            ),
        ])
        .paged(Paging::ZpaPages)
        .hook(Hook::Custom(posture_lookup)),
    ToolSpec::read(ZPA, "zpa_misc", "get_zpa_trusted_network")
        .title("Find ZPA trusted networks")
        .describe(
            "List trusted networks, find one by exact name, or fetch one by network_id. \
             Always returns a list. Access policy conditions use a network's networkId (a \
             UUID); service edge groups reference the numeric id.",
        )
        .path(zpa_v2!("/network"))
        .params(&[
            hook_arg(
                "network_id",
                Kind::Str,
                "Trusted network id (a numeric string) to fetch directly.",
            ),
            name_filter("Exact network name, or a ZPA filter such as `name+CONTAINS+Office`."),
        ])
        .paged(Paging::ZpaPages)
        .hook(Hook::Custom(trusted_network_lookup)),
    // ========================================================== misc: LSS
    ToolSpec::read(ZPA, "zpa_misc", "zpa_list_lss_configs")
        .title("List ZPA log streaming configurations")
        .describe(
            "List Log Streaming Service receivers: which log type goes to which SIEM host and \
             port, in which format, through which App Connector groups, with filters. This is \
             configuration only; LSS does not return log content. Ids are numeric strings.",
        )
        .path(zpa_v2!("/lssConfig"))
        .params(&[SEARCH])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, "zpa_misc", "zpa_get_lss_config")
        .title("Get a ZPA log streaming configuration")
        .describe(
            "Get one Log Streaming Service receiver by id (a numeric string from \
             zpa_list_lss_configs), with its format template, status-code filter and policy.",
        )
        .path(zpa_v2!("/lssConfig/{lss_config_id}"))
        .params(&[path_str(
            "lss_config_id",
            "LSS configuration id (a numeric string, the `id` field of \
             zpa_list_lss_configs).",
        )]),
    // Static catalog: the path only anchors the tool to the customer (no call is made).
    ToolSpec::read(ZPA, "zpa_misc", "zpa_list_lss_log_types")
        .title("List ZPA log streaming log types")
        .describe(
            "List the log types Log Streaming Service can stream: the readable name these \
             tools accept, the API's internal code (sourceLogType in LSS configurations) and \
             what the log carries. No API call is made.",
        )
        .path(zpa_v2!("/lssConfig"))
        .hook(Hook::Custom(lss_log_types)),
    ToolSpec::read(ZPA, "zpa_misc", "zpa_get_lss_log_format")
        .title("Get ZPA log streaming formats")
        .describe(
            "Get the predefined output templates (csv, json, tsv) for one LSS log type, as \
             used in an LSS configuration's format field. Log types come from \
             zpa_list_lss_log_types.",
        )
        .path(zpa_v2!("/lssConfig/logType/formats"))
        .params(&[Param {
            name: "log_type",
            kind: Kind::Enum(LOG_TYPE_VALUES),
            required: true,
            place: Place::Query("logType"),
            description: "LSS log type: a readable name such as user_activity or its \
                          internal code such as zpn_trans_log.",
        }])
        .hook(Hook::Custom(lss_log_format)),
    // The catalog lives at the global LSS_STATUS_CODES_PATH; the hook calls that path and
    // this one only anchors the tool to the customer like every ZPA tool.
    ToolSpec::read(ZPA, "zpa_misc", "zpa_list_lss_status_codes")
        .title("List ZPA log streaming status codes")
        .describe(
            "List the session status codes an LSS configuration can filter on, grouped by \
             internal log type, optionally for one log type only. The catalog is the same \
             for every tenant.",
        )
        .path(zpa_v2!("/lssConfig"))
        .params(&[hook_arg(
            "log_type",
            Kind::Enum(LOG_TYPE_VALUES),
            "Only the codes of this log type: a readable name such as user_activity or \
             its internal code such as zpn_trans_log. Omit for all.",
        )])
        .hook(Hook::Custom(lss_status_codes)),
    ToolSpec::read(ZPA, "zpa_misc", "zpa_list_lss_client_types")
        .title("List ZPA log streaming client types")
        .describe(
            "List the client types LSS policies can match (Client Connector, Browser Access, \
             machine tunnel, ...) as a map from internal code (zpn_client_type_*) to readable \
             name.",
        )
        .path("/zpa/mgmtconfig/v2/admin/lssConfig/customers/{customerId}/clientTypes"),
    // ========================================================== IdP lookups
    ToolSpec::read(ZPA, "zpa_idp", "get_zpa_saml_attribute")
        .title("Find ZPA SAML attributes")
        .describe(
            "List the SAML attributes ZPA policies can match, for all IdPs or one IdP (by \
             idp_id or idp_name). Policy conditions use the attribute id (a numeric string) \
             as lhs and the user's attribute value as rhs.",
        )
        .path(zpa_v2!("/samlAttribute"))
        .params(&[IDP_ID, IDP_NAME, SEARCH])
        .paged(Paging::ZpaPages)
        .hook(Hook::Custom(saml_attribute_lookup)),
    ToolSpec::read(ZPA, "zpa_idp", "get_zpa_scim_attribute")
        .title("Find ZPA SCIM attributes")
        .describe(
            "List the SCIM attributes one IdP (idp_id or idp_name, one of them required) \
             provisions, or fetch one by attribute_id. Always returns a list. Policy \
             conditions use the attribute id as lhs.",
        )
        .path(zpa_v1!("/idp"))
        .params(&[
            IDP_ID,
            IDP_NAME,
            hook_arg(
                "attribute_id",
                Kind::Str,
                "SCIM attribute id (a numeric string) to fetch directly.",
            ),
            SEARCH,
        ])
        .paged(Paging::ZpaPages)
        .hook(Hook::Custom(scim_attribute_lookup)),
    ToolSpec::read(ZPA, "zpa_idp", "get_zpa_scim_group")
        .title("Find ZPA SCIM groups")
        .describe(
            "List the SCIM groups one IdP (idp_id or idp_name) provisions, or fetch one group \
             by scim_group_id. Always returns a list. SCIM group ids are integers; access \
             policy conditions pair them with the IdP id.",
        )
        .path(zpa_user!("/scimgroup"))
        .params(&[
            hook_arg(
                "scim_group_id",
                Kind::Int,
                "SCIM group id (an integer) to fetch directly; no IdP is needed then.",
            ),
            IDP_ID,
            IDP_NAME,
            SEARCH,
        ])
        .paged(Paging::ZpaPages)
        .hook(Hook::Custom(scim_group_lookup)),
];
