//! ZPA tools (`/zpa/mgmtconfig/v1/admin/customers/{customerId}`): application segments
//! (standard, browser access and privileged remote access), segment groups, server groups,
//! app connector groups, and the rules of five policy sets (access, client forwarding,
//! timeout, isolation and app protection).
//!
//! Ids and most numbers are strings on the wire; booleans are real booleans. ZPA has no
//! activation step: writes apply at once. Updates read the object first and write it back
//! with the given fields laid over it, so fields not given keep their values.
//!
//! Custom hooks:
//! - policy rule create/update resolve the policy set, build the v2 `conditions` from typed
//!   arguments and write through the v2 rule endpoint (updates convert the v1-shaped
//!   conditions they read into the v2 request shape);
//! - application segment create/update tag browser-access / PRA app configs, link them to
//!   the existing apps on update, and keep the two port-range notations from contradicting
//!   each other;
//! - creates default `enabled` to true, as the Python server does;
//! - the BA and PRA segment lists keep only the segments of their kind.

use serde_json::{json, Map, Value};

use super::args::{encode_segment, segment, ArgError};
use super::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::{ApiRequest, UpstreamError};

macro_rules! zpa_v1 {
    ($p:literal) => {
        concat!("/zpa/mgmtconfig/v1/admin/customers/{customerId}", $p)
    };
}

const ZPA: Service = Service::Zpa;

const SEGMENTS: &str = "zpa_app_segments";
const SEGMENT_GROUPS: &str = "zpa_segment_groups";
const SERVER_GROUPS: &str = "zpa_server_groups";
const CONNECTOR_GROUPS: &str = "zpa_app_connector_groups";
const POLICIES: &str = "zpa_access_policies";

// ---------------------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------------------

const fn id(name: &'static str, description: &'static str) -> Param {
    path_str(name, description)
}

pub(super) const fn list(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    read(
        name,
        ZPA,
        toolset,
        title,
        description,
        path,
        params,
        Paging::ZpaPages,
    )
}

pub(super) const fn get(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    read(
        name,
        ZPA,
        toolset,
        title,
        description,
        path,
        params,
        Paging::None,
    )
}

pub(super) const fn write(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    super::spec::write(name, ZPA, toolset, action, title, description, path, params)
}

const fn hooked(hook: CustomHook, spec: ToolSpec) -> ToolSpec {
    ToolSpec {
        hook: Hook::Custom(hook),
        ..spec
    }
}

const fn in_policy_set(policy_type: &'static str, spec: ToolSpec) -> ToolSpec {
    ToolSpec {
        hook: Hook::ZpaPolicySet(policy_type),
        ..spec
    }
}

// ---------------------------------------------------------------------------------------
// Parameters shared by several tools
// ---------------------------------------------------------------------------------------

const SEARCH: Param = zpa_search(
    "Filter by exact name, or pass a ZPA filter such as `name+CONTAINS+web` \
     (operators EQ, NE, CONTAINS, STARTSWITH, ENDSWITH).",
);

const MICROTENANT: Param = query(
    "microtenant_id",
    "microtenantId",
    Kind::Str,
    "Microtenant id (a numeric string) to scope the call to. Omit for the default \
     microtenant.",
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
    "true to enable, false to disable. Creates default to true.",
);

// Application segments.

const SEGMENT_ID: Param = id(
    "segment_id",
    "Application segment id, a numeric string (the `id` from \
     zpa_list_application_segments).",
);
const SEGMENT_GROUP_ID: Param = body(
    "segment_group_id",
    "segmentGroupId",
    Kind::Str,
    false,
    "Segment group id (numeric string) the segment belongs to, from zpa_list_segment_groups. \
     Access rules can target the whole group.",
);
const DOMAIN_NAMES: Param = body(
    "domain_names",
    "domainNames",
    Kind::StrList,
    false,
    "FQDNs, wildcard domains (*.corp.example.com) or IP addresses/CIDRs the segment \
     publishes, e.g. [\"wiki.corp.example.com\"]. On update the list replaces the current \
     one.",
);
const SERVER_GROUP_IDS: Param = str_refs(
    "server_group_ids",
    "serverGroups",
    "Server group ids (numeric strings) from zpa_list_server_groups: the connectors that \
     reach the segment. On update the list replaces the current one.",
);
const TCP_PORT_RANGES: Param = body(
    "tcp_port_ranges",
    "tcpPortRanges",
    Kind::StrList,
    false,
    "TCP ports as flat from/to string pairs: [\"443\", \"443\"] is port 443, [\"8000\", \
     \"8099\", \"9443\", \"9443\"] is 8000-8099 plus 9443. A segment needs TCP or UDP ports. \
     On update the list replaces the current TCP ports.",
);
const UDP_PORT_RANGES: Param = body(
    "udp_port_ranges",
    "udpPortRanges",
    Kind::StrList,
    false,
    "UDP ports as flat from/to string pairs, like tcp_port_ranges.",
);
const BYPASS_TYPE: Param = body(
    "bypass_type",
    "bypassType",
    Kind::Enum(&["NEVER", "ALWAYS", "ON_NET"]),
    false,
    "When Client Connector sends the traffic around ZPA: NEVER (the default), ALWAYS, or \
     ON_NET (only on the trusted corporate network).",
);
const HEALTH_REPORTING: Param = body(
    "health_reporting",
    "healthReporting",
    Kind::Enum(&["NONE", "ON_ACCESS", "CONTINUOUS"]),
    false,
    "Server health reporting: NONE, ON_ACCESS (when a user connects) or CONTINUOUS.",
);
const HEALTH_CHECK_TYPE: Param = body(
    "health_check_type",
    "healthCheckType",
    Kind::Enum(&["DEFAULT", "NONE"]),
    false,
    "DEFAULT runs connector health checks against the servers; NONE turns them off.",
);
const ICMP_ACCESS_TYPE: Param = body(
    "icmp_access_type",
    "icmpAccessType",
    Kind::Enum(&["NONE", "PING", "PING_TRACEROUTING"]),
    false,
    "Whether users may ping (PING) or ping and traceroute (PING_TRACEROUTING) the \
     servers; NONE blocks ICMP.",
);
const DOUBLE_ENCRYPT: Param = body(
    "double_encrypt",
    "doubleEncrypt",
    Kind::Bool,
    false,
    "true adds a second TLS layer between Client Connector and the App Connector.",
);
const IS_CNAME_ENABLED: Param = body(
    "is_cname_enabled",
    "isCnameEnabled",
    Kind::Bool,
    false,
    "true lets connectors return CNAME records of the domains to clients.",
);
const IP_ANCHORED: Param = body(
    "ip_anchored",
    "ipAnchored",
    Kind::Bool,
    false,
    "true sends the traffic out through the App Connectors (source IP anchoring).",
);
const INSPECT_TRAFFIC_WITH_ZIA: Param = body(
    "inspect_traffic_with_zia",
    "inspectTrafficWithZia",
    Kind::Bool,
    false,
    "true forwards the segment's traffic to ZIA for inspection.",
);
const PASSIVE_HEALTH_ENABLED: Param = body(
    "passive_health_enabled",
    "passiveHealthEnabled",
    Kind::Bool,
    false,
    "true marks servers unhealthy from failed user connections (passive health checks).",
);
const SELECT_CONNECTOR_CLOSE_TO_APP: Param = body(
    "select_connector_close_to_app",
    "selectConnectorCloseToApp",
    Kind::Bool,
    false,
    "true prefers the App Connector closest to the application over the one closest to \
     the user.",
);
const MATCH_STYLE: Param = body(
    "match_style",
    "matchStyle",
    Kind::Enum(&["EXCLUSIVE", "INCLUSIVE"]),
    false,
    "How overlapping wildcard domains resolve: EXCLUSIVE (most specific segment wins, the \
     default) or INCLUSIVE (all matching segments apply).",
);
const FORCE_DELETE: Param = query(
    "force_delete",
    "forceDelete",
    Kind::Bool,
    "true also removes the segment's mapping to its segment group (and the references to \
     it), which the API otherwise refuses to delete.",
);
const BA_APPS: Param = body(
    "common_apps_dto",
    "commonAppsDto",
    Kind::Object,
    false,
    "The browser-access apps, one per published domain: {\"appsConfig\": [{\"name\": \
     \"wiki.corp.example.com\", \"domain\": \"wiki.corp.example.com\", \"applicationPort\": \
     \"443\", \"applicationProtocol\": \"HTTPS\", \"certificateId\": \"<id from \
     zpa_list_ba_certificates>\", \"enabled\": true}]}. applicationProtocol is HTTP or \
     HTTPS; appTypes [\"BROWSER_ACCESS\"] is added when missing. On update the list \
     replaces the segment's browser apps (existing ones are matched by domain).",
);
const PRA_APPS: Param = body(
    "common_apps_dto",
    "commonAppsDto",
    Kind::Object,
    false,
    "The privileged-access consoles, one per server: {\"appsConfig\": [{\"name\": \
     \"jump01\", \"domain\": \"jump01.corp.example.com\", \"applicationPort\": \"3389\", \
     \"applicationProtocol\": \"RDP\", \"connectionSecurity\": \"ANY\", \"enabled\": \
     true}]}. applicationProtocol is RDP, SSH or VNC; connectionSecurity (RDP only) is ANY, \
     NLA, NLA_EXT, TLS, VM_CONNECT or RDP. appTypes [\"SECURE_REMOTE_ACCESS\"] is added \
     when missing. On update the list replaces the segment's PRA apps (existing ones are \
     matched by domain).",
);

/// Fields of a standard, BA or PRA segment after the ones that differ per tool.
macro_rules! segment_params {
    ($($head:expr),* $(,)?) => {
        &[
            $($head,)*
            DESCRIPTION,
            ENABLED,
            TCP_PORT_RANGES,
            UDP_PORT_RANGES,
            BYPASS_TYPE,
            HEALTH_REPORTING,
            HEALTH_CHECK_TYPE,
            ICMP_ACCESS_TYPE,
            DOUBLE_ENCRYPT,
            IS_CNAME_ENABLED,
            IP_ANCHORED,
            INSPECT_TRAFFIC_WITH_ZIA,
            PASSIVE_HEALTH_ENABLED,
            SELECT_CONNECTOR_CLOSE_TO_APP,
            MATCH_STYLE,
            EXTRA_FIELDS,
            MICROTENANT,
        ]
    };
}

// Segment, server and connector groups.

const SEGMENT_GROUP: Param = id(
    "group_id",
    "Segment group id, a numeric string (the `id` from zpa_list_segment_groups).",
);
const SERVER_GROUP: Param = id(
    "group_id",
    "Server group id, a numeric string (the `id` from zpa_list_server_groups).",
);
const CONNECTOR_GROUP: Param = id(
    "group_id",
    "App connector group id, a numeric string (the `id` from \
     zpa_list_app_connector_groups).",
);

const CONNECTOR_GROUP_IDS: Param = str_refs(
    "app_connector_group_ids",
    "appConnectorGroups",
    "App connector group ids (numeric strings) from zpa_list_app_connector_groups: the \
     connectors that reach the servers. A server group needs at least one. On update the \
     list replaces the current one.",
);
const SERVER_IDS: Param = str_refs(
    "server_ids",
    "servers",
    "Application server ids (numeric strings) from zpa_list_application_servers. Needed \
     when dynamic_discovery is false. On update the list replaces the current one.",
);
const DYNAMIC_DISCOVERY: Param = body(
    "dynamic_discovery",
    "dynamicDiscovery",
    Kind::Bool,
    false,
    "true (the default on create) lets connectors resolve servers from the segments' \
     domains; false pins the group to server_ids.",
);

const LOCATION: Param = body(
    "location",
    "location",
    Kind::Str,
    false,
    "Where the connectors run, e.g. \"San Jose, CA, USA\".",
);
const LATITUDE: Param = body(
    "latitude",
    "latitude",
    Kind::Str,
    false,
    "Latitude of the location as a decimal string, e.g. \"37.33874\".",
);
const LONGITUDE: Param = body(
    "longitude",
    "longitude",
    Kind::Str,
    false,
    "Longitude of the location as a decimal string, e.g. \"-121.8852525\".",
);
const CITY_COUNTRY: Param = body(
    "city_country",
    "cityCountry",
    Kind::Str,
    false,
    "City and country code, e.g. \"San Jose, US\".",
);
const COUNTRY_CODE: Param = body(
    "country_code",
    "countryCode",
    Kind::Str,
    false,
    "ISO 3166 alpha-2 country code, e.g. \"US\".",
);
const DNS_QUERY_TYPE: Param = body(
    "dns_query_type",
    "dnsQueryType",
    Kind::Enum(&["IPV4_IPV6", "IPV4", "IPV6"]),
    false,
    "Which DNS records the connectors ask for: IPV4_IPV6 (A and AAAA), IPV4 or IPV6.",
);
const UPGRADE_DAY: Param = body(
    "upgrade_day",
    "upgradeDay",
    Kind::Enum(&[
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ]),
    false,
    "Day of the week connector software upgrades run.",
);
const UPGRADE_TIME: Param = body(
    "upgrade_time_in_secs",
    "upgradeTimeInSecs",
    Kind::Str,
    false,
    "Start of the upgrade window in seconds after midnight UTC, as a string, e.g. \"66600\" \
     (18:30).",
);
const OVERRIDE_VERSION_PROFILE: Param = body(
    "override_version_profile",
    "overrideVersionProfile",
    Kind::Bool,
    false,
    "true applies version_profile_id instead of the tenant default.",
);
const VERSION_PROFILE_ID: Param = body(
    "version_profile_id",
    "versionProfileId",
    Kind::Str,
    false,
    "Connector software version profile: \"0\" Default, \"1\" Previous Default, \"2\" New \
     Release (or a custom profile id).",
);
const PRA_ENABLED: Param = body(
    "pra_enabled",
    "praEnabled",
    Kind::Bool,
    false,
    "true lets the group's connectors serve privileged remote access (PRA) consoles.",
);
const LSS_CONNECTOR_GROUP: Param = body(
    "lss_app_connector_group",
    "lssAppConnectorGroup",
    Kind::Bool,
    false,
    "true dedicates the group to Log Streaming Service (LSS) receivers.",
);
const ENROLLMENT_CERT_ID: Param = body(
    "enrollment_cert_id",
    "enrollmentCertId",
    Kind::Str,
    false,
    "Enrollment certificate id for the group's connectors (get_zpa_enrollment_certificate; \
     normally the one named Connector). Omit to let ZPA use its default.",
);

macro_rules! connector_group_params {
    ($($head:expr),* $(,)?) => {
        &[
            $($head,)*
            DESCRIPTION,
            ENABLED,
            CITY_COUNTRY,
            COUNTRY_CODE,
            DNS_QUERY_TYPE,
            UPGRADE_DAY,
            UPGRADE_TIME,
            OVERRIDE_VERSION_PROFILE,
            VERSION_PROFILE_ID,
            PRA_ENABLED,
            LSS_CONNECTOR_GROUP,
            ENROLLMENT_CERT_ID,
            EXTRA_FIELDS,
            MICROTENANT,
        ]
    };
}

// Policy rules.

const RULE_ID: Param = id(
    "rule_id",
    "Policy rule id, a numeric string (the `id` from the list tool of the same policy).",
);
const RULE_NAME: Param = body("name", "name", Kind::Str, false, "Rule name.");
const CUSTOM_MSG: Param = body(
    "custom_msg",
    "customMsg",
    Kind::Str,
    false,
    "Message shown to users when the rule applies (e.g. why access is denied).",
);
const RULE_ORDER: Param = body(
    "rule_order",
    "ruleOrder",
    Kind::Str,
    false,
    "1-based evaluation position as a string, e.g. \"1\" for first. New rules go last \
     when omitted; on update the rule is moved there.",
);
const RULE_DISABLED: Param = body(
    "disabled",
    "disabled",
    Kind::Bool,
    false,
    "true keeps the rule without effect; false enforces it.",
);
const APP_IDS: Param = body(
    "app_ids",
    "app_ids",
    Kind::StrList,
    false,
    "Condition: application segment ids (numeric strings) from \
     zpa_list_application_segments.",
);
const APP_GROUP_IDS: Param = body(
    "app_group_ids",
    "app_group_ids",
    Kind::StrList,
    false,
    "Condition: segment group ids (numeric strings) from zpa_list_segment_groups; matches \
     every segment in them. Combined with app_ids as either-or.",
);
const IDP_ID: Param = body(
    "idp_id",
    "idp_id",
    Kind::Str,
    false,
    "Id of the identity provider the scim_group_ids belong to (the idpId of the groups in \
     get_zpa_scim_group). Required with scim_group_ids.",
);
const SCIM_GROUP_IDS: Param = body(
    "scim_group_ids",
    "scim_group_ids",
    Kind::StrList,
    false,
    "Condition: SCIM group ids as strings, e.g. [\"3251059\"] (from get_zpa_scim_group); \
     the user must be in one of them. Needs idp_id.",
);
const CLIENT_TYPES: Param = body(
    "client_types",
    "client_types",
    Kind::StrList,
    false,
    "Condition: client types, any of zpn_client_type_zapp (Client Connector), \
     zpn_client_type_exporter (browser access), zpn_client_type_browser_isolation, \
     zpn_client_type_machine_tunnel, zpn_client_type_ip_anchoring, \
     zpn_client_type_edge_connector, zpn_client_type_branch_connector, \
     zpn_client_type_zapp_partner, zpn_client_type_vdi.",
);
const MACHINE_GROUP_IDS: Param = body(
    "machine_group_ids",
    "machine_group_ids",
    Kind::StrList,
    false,
    "Condition: machine group ids (numeric strings) for machine-tunnel traffic.",
);
const POSTURE_UDIDS: Param = body(
    "posture_udids",
    "posture_udids",
    Kind::StrList,
    false,
    "Condition: posture profile UDIDs (the postureUdid UUIDs from get_zpa_posture_profile) \
     the device must satisfy.",
);
const TRUSTED_NETWORK_IDS: Param = body(
    "trusted_network_ids",
    "trusted_network_ids",
    Kind::StrList,
    false,
    "Condition: trusted network ids (the networkId UUIDs from get_zpa_trusted_network) the \
     device must be on.",
);
const PLATFORMS: Param = body(
    "platforms",
    "platforms",
    Kind::StrList,
    false,
    "Condition: device platforms, any of ios, android, mac, windows, linux.",
);
const COUNTRY_CODES: Param = body(
    "country_codes",
    "country_codes",
    Kind::StrList,
    false,
    "Condition: ISO 3166 alpha-2 country codes the user connects from, e.g. [\"US\", \
     \"CA\"].",
);
const RULE_CONNECTOR_GROUP_IDS: Param = str_refs(
    "app_connector_group_ids",
    "appConnectorGroups",
    "App connector group ids (numeric strings) the rule's traffic must use, from \
     zpa_list_app_connector_groups. On update the list replaces the current one.",
);
const RULE_SERVER_GROUP_IDS: Param = str_refs(
    "app_server_group_ids",
    "appServerGroups",
    "Server group ids (numeric strings) the rule's traffic must use, from \
     zpa_list_server_groups. On update the list replaces the current one.",
);

const ACCESS_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["ALLOW", "DENY"]),
    false,
    "ALLOW grants access to the matching applications; DENY blocks it.",
);
const FORWARDING_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["INTERCEPT", "INTERCEPT_ACCESSIBLE", "BYPASS"]),
    false,
    "INTERCEPT sends matching traffic through ZPA; INTERCEPT_ACCESSIBLE only when the \
     application is reachable through ZPA; BYPASS lets it go direct.",
);
const ISOLATION_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["ISOLATE", "BYPASS_ISOLATE"]),
    false,
    "ISOLATE opens matching browser-access applications in Cloud Browser Isolation (needs \
     zpn_isolation_profile_id); BYPASS_ISOLATE exempts them.",
);
const INSPECTION_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["INSPECT", "BYPASS_INSPECT"]),
    false,
    "INSPECT runs matching traffic through an AppProtection profile (needs \
     zpn_inspection_profile_id); BYPASS_INSPECT exempts it.",
);
const TIMEOUT_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["RE_AUTH"]),
    false,
    "Always RE_AUTH (the only timeout action; set for you when omitted).",
);
const REAUTH_TIMEOUT: Param = body(
    "reauth_timeout",
    "reauthTimeout",
    Kind::Str,
    false,
    "Seconds before users must authenticate again, as a string. Creates default to \
     \"172800\" (2 days).",
);
const REAUTH_IDLE_TIMEOUT: Param = body(
    "reauth_idle_timeout",
    "reauthIdleTimeout",
    Kind::Str,
    false,
    "Idle seconds before a connection needs re-authentication, as a string. Creates \
     default to \"600\".",
);
const ISOLATION_PROFILE_ID: Param = body(
    "zpn_isolation_profile_id",
    "zpnIsolationProfileId",
    Kind::Str,
    false,
    "Isolation profile id (numeric string) from get_zpa_isolation_profile. Required when \
     action_type is ISOLATE.",
);
const INSPECTION_PROFILE_ID: Param = body(
    "zpn_inspection_profile_id",
    "zpnInspectionProfileId",
    Kind::Str,
    false,
    "AppProtection (inspection) profile id (numeric string) from \
     get_zpa_app_protection_profile. Required when action_type is INSPECT.",
);

/// Rule fields after the ones that differ per policy and between create and update.
macro_rules! rule_params {
    ($($head:expr),* $(,)?) => {
        &[
            $($head,)*
            DESCRIPTION,
            CUSTOM_MSG,
            RULE_ORDER,
            RULE_DISABLED,
            APP_IDS,
            APP_GROUP_IDS,
            IDP_ID,
            SCIM_GROUP_IDS,
            CLIENT_TYPES,
            MACHINE_GROUP_IDS,
            POSTURE_UDIDS,
            TRUSTED_NETWORK_IDS,
            PLATFORMS,
            COUNTRY_CODES,
            EXTRA_FIELDS,
            MICROTENANT,
        ]
    };
}

/// What create and update say about conditions, once.
macro_rules! conditions_note {
    ($text:literal) => {
        concat!(
            $text,
            " Conditions come from the typed arguments (app_ids, app_group_ids, scim_group_ids \
             with idp_id, client_types, posture_udids, trusted_network_ids, platforms, \
             country_codes, machine_group_ids): each kind is one OR-block and the blocks are \
             ANDed. For other criteria pass raw v2 conditions as extra_fields \
             {\"conditions\": [{\"operator\": \"OR\", \"operands\": [{\"objectType\": \
             \"SAML\", \"entryValues\": [{\"lhs\": \"<attribute id>\", \"rhs\": \
             \"<value>\"}]}]}]}; they are kept ahead of the typed ones."
        )
    };
}

macro_rules! update_note {
    ($text:literal) => {
        concat!(
            $text,
            " The rule is read first and the given fields replace their current values; \
             giving any condition argument replaces ALL current conditions, giving none keeps \
             them. Written through the v2 rule endpoint; rule_order moves the rule."
        )
    };
}

// ---------------------------------------------------------------------------------------
// The tools
// ---------------------------------------------------------------------------------------

pub const TOOLS: &[ToolSpec] = &[
    // ---------------------------------------------------------------- application segments
    list(
        "zpa_list_application_segments",
        SEGMENTS,
        "List ZPA application segments",
        "List application segments: the domains and TCP/UDP ports ZPA publishes to users, \
         each with its segment group (segmentGroupId) and server groups. Ids are numeric \
         strings; use them with zpa_get_application_segment and in access rules (app_ids).",
        zpa_v1!("/application"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_application_segment",
        SEGMENTS,
        "Get a ZPA application segment",
        "Get one application segment by its id (a numeric string from \
         zpa_list_application_segments), with domains, port ranges, server groups and \
         health/bypass settings.",
        zpa_v1!("/application/{segment_id}"),
        &[SEGMENT_ID, MICROTENANT],
    ),
    hooked(
        app_segment_write,
        write(
            "zpa_create_application_segment",
            SEGMENTS,
            Action::Create,
            "Create a ZPA application segment",
            "Publish applications through ZPA: the domains, the TCP and/or UDP ports, the \
             segment group it belongs to and the server groups whose connectors reach it. \
             Create the connector group, server group and segment group first (that order), \
             then add an access rule for the segment or its group; users reach nothing until \
             a rule allows it. The segment is enabled unless enabled is false. Takes effect \
             at once (ZPA has no activation step).",
            zpa_v1!("/application"),
            segment_params![
                required(NAME),
                required(SEGMENT_GROUP_ID),
                required(DOMAIN_NAMES),
                required(SERVER_GROUP_IDS),
            ],
        ),
    ),
    hooked(
        app_segment_write,
        write(
            "zpa_update_application_segment",
            SEGMENTS,
            Action::Update,
            "Update a ZPA application segment",
            "Change an application segment by its id (numeric string): the segment is read, \
             the given fields replace their current values and the rest is kept. A list \
             given here (domains, ports, server groups) replaces the whole current list. \
             Takes effect at once.",
            zpa_v1!("/application/{segment_id}"),
            segment_params![
                SEGMENT_ID,
                NAME,
                SEGMENT_GROUP_ID,
                DOMAIN_NAMES,
                SERVER_GROUP_IDS,
            ],
        ),
    ),
    write(
        "zpa_delete_application_segment",
        SEGMENTS,
        Action::Delete,
        "Delete a ZPA application segment",
        "Delete an application segment by its id (numeric string). Users lose access to its \
         domains at once. Pass force_delete true when the API refuses because the segment \
         is still mapped to its segment group.",
        zpa_v1!("/application/{segment_id}"),
        &[SEGMENT_ID, FORCE_DELETE, MICROTENANT],
    ),
    list(
        "get_zpa_app_segments_by_type",
        SEGMENTS,
        "List ZPA application segments by type",
        "List the app configs of one kind across all segments: BROWSER_ACCESS (browser \
         access apps), SECURE_REMOTE_ACCESS (PRA consoles) or INSPECT (AppProtection apps). \
         Each row has its own id and the parent segment id in appId.",
        zpa_v1!("/application/getAppsByType"),
        &[
            required(query(
                "application_type",
                "applicationType",
                Kind::Enum(&["BROWSER_ACCESS", "SECURE_REMOTE_ACCESS", "INSPECT"]),
                "Which kind of app configs to list.",
            )),
            query(
                "expand_all",
                "expandAll",
                Kind::Bool,
                "true includes the related objects of each app in full.",
            ),
            SEARCH,
            MICROTENANT,
        ],
    ),
    // ---------------------------------------------------------------- browser access segments
    hooked(
        list_ba_segments,
        list(
            "zpa_list_application_segments_ba",
            SEGMENTS,
            "List ZPA browser access segments",
            "List the application segments that publish browser-access (clientless) apps: \
             segments with browser apps in clientlessApps or commonAppsDto. Same fields as \
             zpa_list_application_segments; the search filter is applied by ZPA before the \
             browser-access filter.",
            zpa_v1!("/application"),
            &[SEARCH, MICROTENANT],
        ),
    ),
    get(
        "zpa_get_application_segment_ba",
        SEGMENTS,
        "Get a ZPA browser access segment",
        "Get one browser-access application segment by its id (numeric string from \
         zpa_list_application_segments_ba), with its browser apps (clientlessApps: domain, \
         port, protocol, certificate).",
        zpa_v1!("/application/{segment_id}"),
        &[SEGMENT_ID, MICROTENANT],
    ),
    hooked(
        app_segment_write,
        write(
            "zpa_create_application_segment_ba",
            SEGMENTS,
            Action::Create,
            "Create a ZPA browser access segment",
            "Create an application segment whose web apps users open in a browser without \
             Client Connector: the segment fields plus common_apps_dto with one browser app \
             per domain (port, HTTP/HTTPS, and a certificate from zpa_list_ba_certificates \
             for HTTPS). Users also need an access rule allowing client type \
             zpn_client_type_exporter. Enabled unless enabled is false; takes effect at \
             once.",
            zpa_v1!("/application"),
            segment_params![
                required(NAME),
                required(SEGMENT_GROUP_ID),
                required(DOMAIN_NAMES),
                required(SERVER_GROUP_IDS),
                BA_APPS,
            ],
        ),
    ),
    hooked(
        app_segment_write,
        write(
            "zpa_update_application_segment_ba",
            SEGMENTS,
            Action::Update,
            "Update a ZPA browser access segment",
            "Change a browser-access segment by its id (numeric string): the segment is \
             read, the given fields replace their current values and the rest is kept. \
             common_apps_dto, when given, replaces the browser apps: apps whose domain is \
             no longer listed are removed. Takes effect at once.",
            zpa_v1!("/application/{segment_id}"),
            segment_params![
                SEGMENT_ID,
                NAME,
                SEGMENT_GROUP_ID,
                DOMAIN_NAMES,
                SERVER_GROUP_IDS,
                BA_APPS,
            ],
        ),
    ),
    write(
        "zpa_delete_application_segment_ba",
        SEGMENTS,
        Action::Delete,
        "Delete a ZPA browser access segment",
        "Delete a browser-access segment by its id (numeric string), with its browser apps. \
         Pass force_delete true when the API refuses because the segment is still mapped \
         to its segment group.",
        zpa_v1!("/application/{segment_id}"),
        &[SEGMENT_ID, FORCE_DELETE, MICROTENANT],
    ),
    // ---------------------------------------------------------------- PRA segments
    hooked(
        list_pra_segments,
        list(
            "zpa_list_application_segments_pra",
            SEGMENTS,
            "List ZPA privileged remote access segments",
            "List the application segments that publish privileged remote access (PRA) \
             consoles (RDP, SSH, VNC): segments with apps in praApps or commonAppsDto. Same \
             fields as zpa_list_application_segments; the search filter is applied by ZPA \
             before the PRA filter.",
            zpa_v1!("/application"),
            &[SEARCH, MICROTENANT],
        ),
    ),
    get(
        "zpa_get_application_segment_pra",
        SEGMENTS,
        "Get a ZPA privileged remote access segment",
        "Get one PRA application segment by its id (numeric string from \
         zpa_list_application_segments_pra), with its consoles (praApps: domain, port, \
         protocol, connection security).",
        zpa_v1!("/application/{segment_id}"),
        &[SEGMENT_ID, MICROTENANT],
    ),
    hooked(
        app_segment_write,
        write(
            "zpa_create_application_segment_pra",
            SEGMENTS,
            Action::Create,
            "Create a ZPA privileged remote access segment",
            "Create an application segment for privileged remote access: the segment fields \
             plus common_apps_dto with one console (RDP, SSH or VNC) per server. PRA portals \
             (zpa_create_pra_portal) and credentials then build on it. Enabled unless \
             enabled is false; takes effect at once.",
            zpa_v1!("/application"),
            segment_params![
                required(NAME),
                required(SEGMENT_GROUP_ID),
                required(DOMAIN_NAMES),
                required(SERVER_GROUP_IDS),
                PRA_APPS,
            ],
        ),
    ),
    hooked(
        app_segment_write,
        write(
            "zpa_update_application_segment_pra",
            SEGMENTS,
            Action::Update,
            "Update a ZPA privileged remote access segment",
            "Change a PRA segment by its id (numeric string): the segment is read, the given \
             fields replace their current values and the rest is kept. common_apps_dto, \
             when given, replaces the consoles: consoles whose domain is no longer listed \
             are removed. Takes effect at once.",
            zpa_v1!("/application/{segment_id}"),
            segment_params![
                SEGMENT_ID,
                NAME,
                SEGMENT_GROUP_ID,
                DOMAIN_NAMES,
                SERVER_GROUP_IDS,
                PRA_APPS,
            ],
        ),
    ),
    write(
        "zpa_delete_application_segment_pra",
        SEGMENTS,
        Action::Delete,
        "Delete a ZPA privileged remote access segment",
        "Delete a PRA segment by its id (numeric string), with its consoles. Pass \
         force_delete true when the API refuses because the segment is still mapped to its \
         segment group.",
        zpa_v1!("/application/{segment_id}"),
        &[SEGMENT_ID, FORCE_DELETE, MICROTENANT],
    ),
    // ---------------------------------------------------------------- segment groups
    list(
        "zpa_list_segment_groups",
        SEGMENT_GROUPS,
        "List ZPA segment groups",
        "List segment groups, the sets of application segments access rules can target as \
         a whole (app_group_ids), with the segments in each. Ids are numeric strings.",
        zpa_v1!("/segmentGroup"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_segment_group",
        SEGMENT_GROUPS,
        "Get a ZPA segment group",
        "Get one segment group by its id (a numeric string from zpa_list_segment_groups), \
         with its application segments.",
        zpa_v1!("/segmentGroup/{group_id}"),
        &[SEGMENT_GROUP, MICROTENANT],
    ),
    hooked(
        create_enabled,
        write(
            "zpa_create_segment_group",
            SEGMENT_GROUPS,
            Action::Create,
            "Create a ZPA segment group",
            "Create a segment group to collect application segments (they join it through \
             their segment_group_id). Enabled unless enabled is false; takes effect at once.",
            zpa_v1!("/segmentGroup"),
            &[
                required(NAME),
                DESCRIPTION,
                ENABLED,
                EXTRA_FIELDS,
                MICROTENANT,
            ],
        ),
    ),
    write(
        "zpa_update_segment_group",
        SEGMENT_GROUPS,
        Action::Update,
        "Update a ZPA segment group",
        "Rename, describe, enable or disable a segment group by its id (numeric string). \
         The group is read and the given fields replace their current values. Disabling it \
         disables access to all of its segments. Takes effect at once.",
        zpa_v1!("/segmentGroup/{group_id}"),
        &[
            SEGMENT_GROUP,
            NAME,
            DESCRIPTION,
            ENABLED,
            EXTRA_FIELDS,
            MICROTENANT,
        ],
    ),
    write(
        "zpa_delete_segment_group",
        SEGMENT_GROUPS,
        Action::Delete,
        "Delete a ZPA segment group",
        "Delete a segment group by its id (numeric string). Move or delete its application \
         segments and remove it from access rules first; the API refuses otherwise.",
        zpa_v1!("/segmentGroup/{group_id}"),
        &[SEGMENT_GROUP, MICROTENANT],
    ),
    // ---------------------------------------------------------------- server groups
    list(
        "zpa_list_server_groups",
        SERVER_GROUPS,
        "List ZPA server groups",
        "List server groups: which app connector groups reach which application servers, \
         and the segments using each group. Ids are numeric strings.",
        zpa_v1!("/serverGroup"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_server_group",
        SERVER_GROUPS,
        "Get a ZPA server group",
        "Get one server group by its id (a numeric string from zpa_list_server_groups), with \
         its connector groups, servers and applications.",
        zpa_v1!("/serverGroup/{group_id}"),
        &[SERVER_GROUP, MICROTENANT],
    ),
    hooked(
        create_enabled,
        write(
            "zpa_create_server_group",
            SERVER_GROUPS,
            Action::Create,
            "Create a ZPA server group",
            "Create a server group binding app connector groups (zpa_list_app_connector_groups) \
             to the servers of application segments. With dynamic discovery (the default) \
             the connectors find the servers from the segments' domains; otherwise list \
             server_ids. Enabled unless enabled is false; takes effect at once.",
            zpa_v1!("/serverGroup"),
            &[
                required(NAME),
                required(CONNECTOR_GROUP_IDS),
                DESCRIPTION,
                ENABLED,
                DYNAMIC_DISCOVERY,
                SERVER_IDS,
                IP_ANCHORED,
                EXTRA_FIELDS,
                MICROTENANT,
            ],
        ),
    ),
    write(
        "zpa_update_server_group",
        SERVER_GROUPS,
        Action::Update,
        "Update a ZPA server group",
        "Change a server group by its id (numeric string): the group is read, the given \
         fields replace their current values and the rest is kept. A list given here \
         replaces the whole current list; keep at least one connector group. Takes effect \
         at once.",
        zpa_v1!("/serverGroup/{group_id}"),
        &[
            SERVER_GROUP,
            NAME,
            CONNECTOR_GROUP_IDS,
            DESCRIPTION,
            ENABLED,
            DYNAMIC_DISCOVERY,
            SERVER_IDS,
            IP_ANCHORED,
            EXTRA_FIELDS,
            MICROTENANT,
        ],
    ),
    write(
        "zpa_delete_server_group",
        SERVER_GROUPS,
        Action::Delete,
        "Delete a ZPA server group",
        "Delete a server group by its id (numeric string). Remove it from application \
         segments and access rules first; the API refuses otherwise.",
        zpa_v1!("/serverGroup/{group_id}"),
        &[SERVER_GROUP, MICROTENANT],
    ),
    // ---------------------------------------------------------------- app connector groups
    list(
        "zpa_list_app_connector_groups",
        CONNECTOR_GROUPS,
        "List ZPA app connector groups",
        "List app connector groups with location, upgrade window, version profile and member \
         connectors (their status and versions). Ids are numeric strings; server groups \
         reference them.",
        zpa_v1!("/appConnectorGroup"),
        &[SEARCH, MICROTENANT],
    ),
    get(
        "zpa_get_app_connector_group",
        CONNECTOR_GROUPS,
        "Get a ZPA app connector group",
        "Get one app connector group by its id (a numeric string from \
         zpa_list_app_connector_groups), with its connectors and settings.",
        zpa_v1!("/appConnectorGroup/{group_id}"),
        &[CONNECTOR_GROUP, MICROTENANT],
    ),
    hooked(
        create_enabled,
        write(
            "zpa_create_app_connector_group",
            CONNECTOR_GROUPS,
            Action::Create,
            "Create a ZPA app connector group",
            "Create an app connector group: where its connectors run, their DNS behaviour and \
             upgrade window. Connectors join it by enrolling with a provisioning key \
             (zpa_create_provisioning_key) for the group. Enabled unless enabled is false; \
             takes effect at once.",
            zpa_v1!("/appConnectorGroup"),
            connector_group_params![
                required(NAME),
                required(LOCATION),
                required(LATITUDE),
                required(LONGITUDE),
            ],
        ),
    ),
    write(
        "zpa_update_app_connector_group",
        CONNECTOR_GROUPS,
        Action::Update,
        "Update a ZPA app connector group",
        "Change an app connector group by its id (numeric string): the group is read, the \
         given fields replace their current values and the rest is kept. Takes effect at \
         once.",
        zpa_v1!("/appConnectorGroup/{group_id}"),
        connector_group_params![CONNECTOR_GROUP, NAME, LOCATION, LATITUDE, LONGITUDE],
    ),
    write(
        "zpa_delete_app_connector_group",
        CONNECTOR_GROUPS,
        Action::Delete,
        "Delete a ZPA app connector group",
        "Delete an app connector group by its id (numeric string). Remove it from server \
         groups and delete its connectors and provisioning keys first; the API refuses \
         otherwise.",
        zpa_v1!("/appConnectorGroup/{group_id}"),
        &[CONNECTOR_GROUP, MICROTENANT],
    ),
    // ---------------------------------------------------------------- access policy
    list(
        "zpa_list_access_policy_rules",
        POLICIES,
        "List ZPA access policy rules",
        "List the access policy (who may reach which applications) in evaluation order: each \
         rule's action (ALLOW or DENY), ruleOrder and conditions (v1 shape: operands with \
         objectType, lhs and rhs). Rule ids are numeric strings.",
        zpa_v1!("/policySet/rules/policyType/ACCESS_POLICY"),
        &[SEARCH, MICROTENANT],
    ),
    in_policy_set(
        "ACCESS_POLICY",
        get(
            "zpa_get_access_policy_rule",
            POLICIES,
            "Get a ZPA access policy rule",
            "Get one access policy rule by its id (numeric string from \
             zpa_list_access_policy_rules); the access policy set is resolved for you.",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_create_access_policy_rule",
            POLICIES,
            Action::Create,
            "Create a ZPA access policy rule",
            conditions_note!(
                "Add an access policy rule that allows or denies the matching users access to \
                 application segments. New rules go last unless rule_order is given. Takes \
                 effect at once."
            ),
            // The hook reads the ACCESS_POLICY set and writes to its v2 rule collection.
            zpa_v1!("/policySet/ACCESS_POLICY/rule"),
            rule_params![
                required(RULE_NAME),
                required(ACCESS_ACTION),
                RULE_CONNECTOR_GROUP_IDS,
                RULE_SERVER_GROUP_IDS,
            ],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_update_access_policy_rule",
            POLICIES,
            Action::Update,
            "Update a ZPA access policy rule",
            update_note!(
                "Change an access policy rule by its id (numeric string from \
                 zpa_list_access_policy_rules)."
            ),
            zpa_v1!("/policySet/ACCESS_POLICY/rule/{rule_id}"),
            rule_params![
                RULE_ID,
                RULE_NAME,
                ACCESS_ACTION,
                RULE_CONNECTOR_GROUP_IDS,
                RULE_SERVER_GROUP_IDS,
            ],
        ),
    ),
    in_policy_set(
        "ACCESS_POLICY",
        write(
            "zpa_delete_access_policy_rule",
            POLICIES,
            Action::Delete,
            "Delete a ZPA access policy rule",
            "Delete an access policy rule by its id (numeric string). Users it allowed lose \
             access at once unless a later rule allows them.",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
    // ---------------------------------------------------------------- client forwarding policy
    list(
        "zpa_list_forwarding_policy_rules",
        POLICIES,
        "List ZPA client forwarding policy rules",
        "List the client forwarding policy (whether Client Connector sends application \
         traffic through ZPA or directly) in evaluation order, with each rule's action \
         (INTERCEPT, INTERCEPT_ACCESSIBLE, BYPASS) and conditions. Rule ids are numeric \
         strings.",
        zpa_v1!("/policySet/rules/policyType/CLIENT_FORWARDING_POLICY"),
        &[SEARCH, MICROTENANT],
    ),
    in_policy_set(
        "CLIENT_FORWARDING_POLICY",
        get(
            "zpa_get_forwarding_policy_rule",
            POLICIES,
            "Get a ZPA client forwarding policy rule",
            "Get one client forwarding rule by its id (numeric string from \
             zpa_list_forwarding_policy_rules); the policy set is resolved for you.",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_create_forwarding_policy_rule",
            POLICIES,
            Action::Create,
            "Create a ZPA client forwarding policy rule",
            conditions_note!(
                "Add a client forwarding rule deciding whether matching traffic goes through \
                 ZPA (INTERCEPT, INTERCEPT_ACCESSIBLE) or around it (BYPASS). Takes effect at \
                 once."
            ),
            zpa_v1!("/policySet/CLIENT_FORWARDING_POLICY/rule"),
            rule_params![required(RULE_NAME), required(FORWARDING_ACTION)],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_update_forwarding_policy_rule",
            POLICIES,
            Action::Update,
            "Update a ZPA client forwarding policy rule",
            update_note!(
                "Change a client forwarding rule by its id (numeric string from \
                 zpa_list_forwarding_policy_rules)."
            ),
            zpa_v1!("/policySet/CLIENT_FORWARDING_POLICY/rule/{rule_id}"),
            rule_params![RULE_ID, RULE_NAME, FORWARDING_ACTION],
        ),
    ),
    in_policy_set(
        "CLIENT_FORWARDING_POLICY",
        write(
            "zpa_delete_forwarding_policy_rule",
            POLICIES,
            Action::Delete,
            "Delete a ZPA client forwarding policy rule",
            "Delete a client forwarding rule by its id (numeric string).",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
    // ---------------------------------------------------------------- timeout policy
    list(
        "zpa_list_timeout_policy_rules",
        POLICIES,
        "List ZPA timeout policy rules",
        "List the timeout (re-authentication) policy in evaluation order, with each rule's \
         reauthTimeout and reauthIdleTimeout in seconds and its conditions. Rule ids are \
         numeric strings.",
        zpa_v1!("/policySet/rules/policyType/TIMEOUT_POLICY"),
        &[SEARCH, MICROTENANT],
    ),
    in_policy_set(
        "TIMEOUT_POLICY",
        get(
            "zpa_get_timeout_policy_rule",
            POLICIES,
            "Get a ZPA timeout policy rule",
            "Get one timeout policy rule by its id (numeric string from \
             zpa_list_timeout_policy_rules); the policy set is resolved for you.",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_create_timeout_policy_rule",
            POLICIES,
            Action::Create,
            "Create a ZPA timeout policy rule",
            conditions_note!(
                "Add a timeout rule setting how often matching users must authenticate again \
                 (action RE_AUTH; timeouts default to 172800 s and 600 s idle). Takes effect at \
                 once."
            ),
            zpa_v1!("/policySet/TIMEOUT_POLICY/rule"),
            rule_params![
                required(RULE_NAME),
                TIMEOUT_ACTION,
                REAUTH_TIMEOUT,
                REAUTH_IDLE_TIMEOUT
            ],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_update_timeout_policy_rule",
            POLICIES,
            Action::Update,
            "Update a ZPA timeout policy rule",
            update_note!(
                "Change a timeout policy rule by its id (numeric string from \
                 zpa_list_timeout_policy_rules)."
            ),
            zpa_v1!("/policySet/TIMEOUT_POLICY/rule/{rule_id}"),
            rule_params![
                RULE_ID,
                RULE_NAME,
                TIMEOUT_ACTION,
                REAUTH_TIMEOUT,
                REAUTH_IDLE_TIMEOUT
            ],
        ),
    ),
    in_policy_set(
        "TIMEOUT_POLICY",
        write(
            "zpa_delete_timeout_policy_rule",
            POLICIES,
            Action::Delete,
            "Delete a ZPA timeout policy rule",
            "Delete a timeout policy rule by its id (numeric string).",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
    // ---------------------------------------------------------------- isolation policy
    list(
        "zpa_list_isolation_policy_rules",
        POLICIES,
        "List ZPA isolation policy rules",
        "List the isolation policy (which browser-access applications open in Cloud Browser \
         Isolation) in evaluation order, with each rule's action (ISOLATE, BYPASS_ISOLATE), \
         isolation profile and conditions. Rule ids are numeric strings.",
        zpa_v1!("/policySet/rules/policyType/ISOLATION_POLICY"),
        &[SEARCH, MICROTENANT],
    ),
    in_policy_set(
        "ISOLATION_POLICY",
        get(
            "zpa_get_isolation_policy_rule",
            POLICIES,
            "Get a ZPA isolation policy rule",
            "Get one isolation policy rule by its id (numeric string from \
             zpa_list_isolation_policy_rules); the policy set is resolved for you.",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_create_isolation_policy_rule",
            POLICIES,
            Action::Create,
            "Create a ZPA isolation policy rule",
            conditions_note!(
                "Add an isolation rule: ISOLATE (with zpn_isolation_profile_id) or \
                 BYPASS_ISOLATE for matching browser-access traffic. The client type \
                 zpn_client_type_exporter condition the API requires is added when missing. \
                 Takes effect at once."
            ),
            zpa_v1!("/policySet/ISOLATION_POLICY/rule"),
            rule_params![
                required(RULE_NAME),
                required(ISOLATION_ACTION),
                ISOLATION_PROFILE_ID,
            ],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_update_isolation_policy_rule",
            POLICIES,
            Action::Update,
            "Update a ZPA isolation policy rule",
            update_note!(
                "Change an isolation policy rule by its id (numeric string from \
                 zpa_list_isolation_policy_rules). New conditions get the required \
                 zpn_client_type_exporter client type when missing."
            ),
            zpa_v1!("/policySet/ISOLATION_POLICY/rule/{rule_id}"),
            rule_params![RULE_ID, RULE_NAME, ISOLATION_ACTION, ISOLATION_PROFILE_ID],
        ),
    ),
    in_policy_set(
        "ISOLATION_POLICY",
        write(
            "zpa_delete_isolation_policy_rule",
            POLICIES,
            Action::Delete,
            "Delete a ZPA isolation policy rule",
            "Delete an isolation policy rule by its id (numeric string).",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
    // ---------------------------------------------------------------- app protection policy
    list(
        "zpa_list_app_protection_rules",
        POLICIES,
        "List ZPA app protection policy rules",
        "List the AppProtection (inspection) policy in evaluation order, with each rule's \
         action (INSPECT, BYPASS_INSPECT), inspection profile and conditions. Rule ids are \
         numeric strings.",
        zpa_v1!("/policySet/rules/policyType/INSPECTION_POLICY"),
        &[SEARCH, MICROTENANT],
    ),
    in_policy_set(
        "INSPECTION_POLICY",
        get(
            "zpa_get_app_protection_rule",
            POLICIES,
            "Get a ZPA app protection policy rule",
            "Get one AppProtection (inspection) rule by its id (numeric string from \
             zpa_list_app_protection_rules); the policy set is resolved for you.",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_create_app_protection_rule",
            POLICIES,
            Action::Create,
            "Create a ZPA app protection policy rule",
            conditions_note!(
                "Add an AppProtection rule: INSPECT matching traffic with an inspection \
                 profile (zpn_inspection_profile_id) or exempt it with BYPASS_INSPECT. Takes \
                 effect at once."
            ),
            zpa_v1!("/policySet/INSPECTION_POLICY/rule"),
            rule_params![
                required(RULE_NAME),
                required(INSPECTION_ACTION),
                INSPECTION_PROFILE_ID,
            ],
        ),
    ),
    hooked(
        policy_rule_write,
        write(
            "zpa_update_app_protection_rule",
            POLICIES,
            Action::Update,
            "Update a ZPA app protection policy rule",
            update_note!(
                "Change an AppProtection (inspection) rule by its id (numeric string from \
                 zpa_list_app_protection_rules)."
            ),
            zpa_v1!("/policySet/INSPECTION_POLICY/rule/{rule_id}"),
            rule_params![RULE_ID, RULE_NAME, INSPECTION_ACTION, INSPECTION_PROFILE_ID],
        ),
    ),
    in_policy_set(
        "INSPECTION_POLICY",
        write(
            "zpa_delete_app_protection_rule",
            POLICIES,
            Action::Delete,
            "Delete a ZPA app protection policy rule",
            "Delete an AppProtection (inspection) rule by its id (numeric string).",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[RULE_ID, MICROTENANT],
        ),
    ),
];

// ---------------------------------------------------------------------------------------
// Hooks: shared pieces
// ---------------------------------------------------------------------------------------

fn arg_error(field: &str, problem: impl Into<String>) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem: problem.into(),
    })
}

/// The JSON body the arguments laid out, as an object.
fn fields_of(ctx: &HookCtx<'_>) -> Map<String, Value> {
    match &ctx.plan.body {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

fn into_object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// An id or number as text, whether the API sent it as a string or a number.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn count(v: Option<&Value>) -> Option<u64> {
    text(v).and_then(|s| s.parse().ok())
}

async fn call(
    ctx: &HookCtx<'_>,
    method: HttpMethod,
    path: &str,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Result<Value, ToolError> {
    let resp = ctx
        .client
        .call(
            ApiRequest {
                service: Service::Zpa,
                method,
                path,
                query,
                body,
            },
            ctx.deadline,
        )
        .await?;
    Ok(resp.body)
}

/// Every item of a ZPA list endpoint, walking `page`/`pagesize` up to `totalPages`.
async fn fetch_all(
    ctx: &HookCtx<'_>,
    path: &str,
    base: &[(String, String)],
) -> Result<Vec<Value>, ToolError> {
    let max_items = ctx.client.settings().max_items;
    let mut all = Vec::new();
    let mut page = 1u64;
    loop {
        let mut query = base.to_vec();
        query.push(("page".into(), page.to_string()));
        query.push(("pagesize".into(), "500".into()));
        let mut body = call(ctx, HttpMethod::Get, path, &query, None).await?;
        let total_pages = count(body.get("totalPages")).unwrap_or(1);
        let items = match body.get_mut("list").map(Value::take) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        let empty = items.is_empty();
        all.extend(items);
        if empty || page >= total_pages || all.len() >= max_items {
            return Ok(all);
        }
        page += 1;
    }
}

// ---------------------------------------------------------------------------------------
// Hooks: creates that default to enabled
// ---------------------------------------------------------------------------------------

/// Segment, server and connector group creates: enabled (and, for server groups, dynamic
/// discovery) default to true as in the Python server; the API would create them disabled.
fn create_enabled<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut fields = fields_of(&ctx);
        fields.entry("enabled").or_insert(Value::Bool(true));
        if ctx.path.ends_with("/serverGroup") {
            fields
                .entry("dynamicDiscovery")
                .or_insert(Value::Bool(true));
        }
        let body = Value::Object(fields);
        let value = call(
            &ctx,
            HttpMethod::Post,
            ctx.path,
            &ctx.plan.query,
            Some(&body),
        )
        .await?;
        Ok(ToolOutput { value, note: None })
    })
}

// ---------------------------------------------------------------------------------------
// Hooks: application segments
// ---------------------------------------------------------------------------------------

const BROWSER_ACCESS: &str = "BROWSER_ACCESS";
const REMOTE_ACCESS: &str = "SECURE_REMOTE_ACCESS";

/// The app type a BA or PRA tool manages, from its name.
fn segment_app_type(spec: &ToolSpec) -> Option<&'static str> {
    if spec.name.ends_with("_ba") {
        Some(BROWSER_ACCESS)
    } else if spec.name.ends_with("_pra") {
        Some(REMOTE_ACCESS)
    } else {
        None
    }
}

fn apps_config_mut(fields: &mut Map<String, Value>) -> Option<&mut Vec<Value>> {
    fields
        .get_mut("commonAppsDto")?
        .get_mut("appsConfig")?
        .as_array_mut()
}

/// Give every app config its type when the caller left it out.
fn tag_apps_config(fields: &mut Map<String, Value>, app_type: &str) {
    for app in apps_config_mut(fields).into_iter().flatten() {
        if let Value::Object(m) = app {
            m.entry("appTypes").or_insert_with(|| json!([app_type]));
        }
    }
}

/// On update, tie each app config to the segment and to the existing app with the same
/// domain, and list the existing apps that are no longer wanted.
async fn link_existing_apps(
    ctx: &HookCtx<'_>,
    app_type: &str,
    segment_id: &str,
    fields: &mut Map<String, Value>,
) -> Result<(), ToolError> {
    let Some(at) = ctx.path.rfind("/application/") else {
        return Ok(());
    };
    let by_type = format!("{}/application/getAppsByType", &ctx.path[..at]);
    let mut query = ctx.plan.query.clone();
    query.push(("applicationType".into(), app_type.to_string()));
    query.push(("expandAll".into(), "false".into()));
    let existing: Vec<(String, String)> = fetch_all(ctx, &by_type, &query)
        .await?
        .iter()
        .filter(|a| text(a.get("appId")).as_deref() == Some(segment_id))
        .filter_map(|a| Some((text(a.get("domain"))?, text(a.get("id"))?)))
        .collect();
    let (id_key, deleted_key) = if app_type == BROWSER_ACCESS {
        ("baAppId", "deletedBaApps")
    } else {
        ("praAppId", "deletedPraApps")
    };
    let mut wanted = Vec::new();
    for app in apps_config_mut(fields).into_iter().flatten() {
        if let Value::Object(m) = app {
            let domain = text(m.get("domain")).unwrap_or_default();
            let known = existing
                .iter()
                .find(|(d, _)| *d == domain)
                .map(|(_, id)| id.clone())
                .unwrap_or_default();
            m.insert("appId".into(), json!(segment_id));
            m.entry(id_key).or_insert_with(|| json!(known));
            wanted.push(domain);
        }
    }
    let deleted: Vec<Value> = existing
        .iter()
        .filter(|(d, _)| !wanted.contains(d))
        .map(|(_, id)| json!(id))
        .collect();
    if let (false, Some(Value::Object(dto))) = (deleted.is_empty(), fields.get_mut("commonAppsDto"))
    {
        dto.insert(deleted_key.into(), Value::Array(deleted));
    }
    Ok(())
}

/// The API keeps ports in two notations (flat `tcpPortRanges` pairs and `tcpPortRange`
/// objects); when the caller sets one, the stale copy of the other is cleared so the two
/// cannot disagree.
fn settle_ports(merged: &mut Map<String, Value>, changes: &Map<String, Value>) {
    for (flat, objects) in [
        ("tcpPortRanges", "tcpPortRange"),
        ("udpPortRanges", "udpPortRange"),
    ] {
        if changes.contains_key(flat) {
            merged.insert(objects.into(), json!([]));
        } else if changes.contains_key(objects) {
            merged.insert(flat.into(), json!([]));
        }
    }
}

/// Standard, BA and PRA segment create and update.
fn app_segment_write<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut fields = fields_of(&ctx);
        let app_type = segment_app_type(ctx.spec);
        if let Some(t) = app_type {
            tag_apps_config(&mut fields, t);
        }
        if ctx.spec.method == HttpMethod::Post {
            fields.entry("enabled").or_insert(Value::Bool(true));
            let body = Value::Object(fields);
            let value = call(
                &ctx,
                HttpMethod::Post,
                ctx.path,
                &ctx.plan.query,
                Some(&body),
            )
            .await?;
            return Ok(ToolOutput { value, note: None });
        }
        let current = call(&ctx, HttpMethod::Get, ctx.path, &ctx.plan.query, None).await?;
        let mut merged = into_object(current);
        if let Some(t) = app_type {
            if apps_config_mut(&mut fields).is_some() {
                let segment_id = text(merged.get("id"))
                    .or_else(|| ctx.path.rsplit('/').next().map(str::to_string))
                    .unwrap_or_default();
                link_existing_apps(&ctx, t, &segment_id, &mut fields).await?;
                // commonAppsDto now describes the apps; drop the copies read back.
                for key in ["clientlessApps", "praApps", "sraApps"] {
                    merged.remove(key);
                }
            }
        }
        for (k, v) in &fields {
            merged.insert(k.clone(), v.clone());
        }
        settle_ports(&mut merged, &fields);
        let body = Value::Object(merged);
        let resp = call(
            &ctx,
            HttpMethod::Put,
            ctx.path,
            &ctx.plan.query,
            Some(&body),
        )
        .await?;
        let value = if resp.is_null() { body } else { resp };
        Ok(ToolOutput { value, note: None })
    })
}

fn non_empty(v: Option<&Value>) -> bool {
    v.and_then(Value::as_array).is_some_and(|a| !a.is_empty())
}

fn has_app_type(item: &Value, app_type: &str) -> bool {
    item.pointer("/commonAppsDto/appsConfig")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|app| app.get("appTypes").and_then(Value::as_array))
        .flatten()
        .any(|t| t.as_str() == Some(app_type))
}

fn is_browser_access(item: &Value) -> bool {
    non_empty(item.get("clientlessApps")) || has_app_type(item, BROWSER_ACCESS)
}

fn is_remote_access(item: &Value) -> bool {
    non_empty(item.get("praApps"))
        || non_empty(item.get("sraApps"))
        || has_app_type(item, REMOTE_ACCESS)
}

/// A ZPA list as the executor walks it (or the one page asked for), keeping the items
/// `keep` accepts.
async fn list_where(ctx: &HookCtx<'_>, keep: fn(&Value) -> bool) -> Result<ToolOutput, ToolError> {
    let single = ctx.plan.paging_u32("page");
    let (mut page, size) = match single {
        Some(p) => (p, ctx.plan.paging_u32("page_size").unwrap_or(20)),
        None => (1, 500),
    };
    let max_items = ctx.client.settings().max_items;
    let mut kept = Vec::new();
    let mut note = None;
    loop {
        let mut query = ctx.plan.query.clone();
        query.push(("page".into(), page.to_string()));
        query.push(("pagesize".into(), size.to_string()));
        let mut body = call(ctx, HttpMethod::Get, ctx.path, &query, None).await?;
        let total_pages = count(body.get("totalPages")).unwrap_or(1);
        let items = match body.get_mut("list").map(Value::take) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        let more = !items.is_empty() && u64::from(page) < total_pages;
        kept.extend(items.into_iter().filter(keep));
        if single.is_some() {
            if more {
                note = Some(format!(
                    "More results: call again with page={} for the next page.",
                    page + 1
                ));
            }
            break;
        }
        if kept.len() >= max_items {
            kept.truncate(max_items);
            note = Some(format!(
                "Truncated at {max_items} items (the server's cap, ZSCALER_MCP_MAX_ITEMS). \
                 Use the paging arguments to read the rest, or narrow the search."
            ));
            break;
        }
        if !more {
            break;
        }
        page += 1;
    }
    Ok(ToolOutput {
        value: Value::Array(kept),
        note,
    })
}

fn list_ba_segments<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_where(&ctx, is_browser_access).await })
}

fn list_pra_segments<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_where(&ctx, is_remote_access).await })
}

// ---------------------------------------------------------------------------------------
// Hooks: policy rules
// ---------------------------------------------------------------------------------------

/// `<base>/policySet/<POLICY_TYPE>/<rest>`: the spec paths of the rule writes name the
/// policy type where the API has the policy set id.
fn split_policy_path(path: &str) -> Option<(&str, &str, &str)> {
    let at = path.find("/policySet/")?;
    let after = &path[at + "/policySet/".len()..];
    let (policy_type, rest) = after.split_once('/')?;
    Some((&path[..at], policy_type, rest))
}

async fn policy_set_id(
    ctx: &HookCtx<'_>,
    base: &str,
    policy_type: &str,
) -> Result<String, ToolError> {
    let path = format!("{base}/policySet/policyType/{policy_type}");
    let set = call(ctx, HttpMethod::Get, &path, &ctx.plan.query, None).await?;
    text(set.get("id")).ok_or_else(|| {
        UpstreamError::Api {
            product: "ZPA",
            status: 200,
            code: None,
            message: Some(format!("no {policy_type} policy set found")),
        }
        .into()
    })
}

fn string_list(fields: &mut Map<String, Value>, key: &str) -> Option<Vec<Value>> {
    match fields.remove(key) {
        Some(Value::Array(items)) if !items.is_empty() => Some(items),
        _ => None,
    }
}

fn block(operands: Vec<Value>) -> Value {
    json!({"operator": "OR", "operands": operands})
}

/// Conditions in the v2 request shape from the typed arguments (removed from `fields`),
/// after any raw `conditions` given through extra_fields. None when nothing was given.
fn take_conditions(fields: &mut Map<String, Value>) -> Result<Option<Vec<Value>>, ToolError> {
    let mut conditions = match fields.remove("conditions") {
        None | Some(Value::Null) => None,
        Some(Value::Array(raw)) => Some(raw),
        Some(_) => {
            return Err(arg_error(
                "extra_fields",
                "`conditions` must be an array of {operator, operands} objects",
            ))
        }
    };
    let mut typed = Vec::new();
    let mut apps = Vec::new();
    for (key, object_type) in [("app_ids", "APP"), ("app_group_ids", "APP_GROUP")] {
        if let Some(values) = string_list(fields, key) {
            apps.push(json!({"objectType": object_type, "values": values}));
        }
    }
    if !apps.is_empty() {
        typed.push(block(apps));
    }
    let idp = fields.remove("idp_id");
    if let Some(groups) = string_list(fields, "scim_group_ids") {
        let Some(Value::String(idp)) = idp else {
            return Err(arg_error(
                "idp_id",
                "is required with scim_group_ids: the id of the IdP the groups belong to",
            ));
        };
        let entries: Vec<Value> = groups
            .iter()
            .map(|g| json!({"lhs": idp, "rhs": g}))
            .collect();
        typed.push(block(vec![
            json!({"objectType": "SCIM_GROUP", "entryValues": entries}),
        ]));
    }
    for (key, object_type) in [
        ("client_types", "CLIENT_TYPE"),
        ("machine_group_ids", "MACHINE_GRP"),
    ] {
        if let Some(values) = string_list(fields, key) {
            typed.push(block(vec![
                json!({"objectType": object_type, "values": values}),
            ]));
        }
    }
    for (key, object_type) in [
        ("posture_udids", "POSTURE"),
        ("trusted_network_ids", "TRUSTED_NETWORK"),
        ("platforms", "PLATFORM"),
        ("country_codes", "COUNTRY_CODE"),
    ] {
        if let Some(values) = string_list(fields, key) {
            let entries: Vec<Value> = values
                .iter()
                .map(|v| json!({"lhs": v, "rhs": "true"}))
                .collect();
            typed.push(block(vec![
                json!({"objectType": object_type, "entryValues": entries}),
            ]));
        }
    }
    if !typed.is_empty() {
        conditions.get_or_insert_with(Vec::new).extend(typed);
    }
    Ok(conditions)
}

/// Operand types whose v2 form lists plain values; the others use lhs/rhs entry pairs.
const VALUE_OPERANDS: [&str; 11] = [
    "APP",
    "APP_GROUP",
    "CONSOLE",
    "MACHINE_GRP",
    "LOCATION",
    "BRANCH_CONNECTOR_GROUP",
    "EDGE_CONNECTOR_GROUP",
    "CLIENT_TYPE",
    "USER_PORTAL",
    "PRIVILEGE_PORTAL",
    "CHROME_POSTURE_PROFILE",
];

/// Conditions as read (v1: one operand per lhs/rhs) in the v2 request shape: operands of
/// one type within a condition become one operand with `values` or `entryValues`.
fn v2_conditions(read: Option<&Value>) -> Value {
    let mut out = Vec::new();
    for condition in read.and_then(Value::as_array).into_iter().flatten() {
        let mut operands: Vec<Map<String, Value>> = Vec::new();
        let empty = Vec::new();
        let read_operands = condition
            .get("operands")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        for operand in read_operands {
            let object_type = operand
                .get("objectType")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_ascii_uppercase();
            if object_type.is_empty() {
                continue;
            }
            if operand.get("values").is_some() || operand.get("entryValues").is_some() {
                let mut kept = Map::new();
                kept.insert("objectType".into(), json!(object_type));
                for key in ["values", "entryValues"] {
                    if let Some(v) = operand.get(key) {
                        kept.insert(key.into(), v.clone());
                    }
                }
                operands.push(kept);
                continue;
            }
            let (key, item) = if VALUE_OPERANDS.contains(&object_type.as_str()) {
                ("values", operand.get("rhs").cloned().unwrap_or(Value::Null))
            } else {
                (
                    "entryValues",
                    json!({"lhs": operand.get("lhs"), "rhs": operand.get("rhs")}),
                )
            };
            let slot = match operands.iter().position(|o| {
                o.get("objectType") == Some(&json!(object_type)) && o.contains_key(key)
            }) {
                Some(i) => i,
                None => {
                    let mut fresh = Map::new();
                    fresh.insert("objectType".into(), json!(object_type));
                    fresh.insert(key.into(), json!([]));
                    operands.push(fresh);
                    operands.len() - 1
                }
            };
            if let Some(Value::Array(list)) = operands[slot].get_mut(key) {
                list.push(item);
            }
        }
        if operands.is_empty() {
            continue;
        }
        let operator = condition
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or("OR")
            .to_ascii_uppercase();
        let mut out_condition = json!({
            "operator": operator,
            "operands": operands.into_iter().map(Value::Object).collect::<Vec<_>>(),
        });
        if condition.get("negated") == Some(&Value::Bool(true)) {
            out_condition["negated"] = Value::Bool(true);
        }
        out.push(out_condition);
    }
    Value::Array(out)
}

/// Isolation rules only apply to browser-access clients; the API wants that said.
fn ensure_exporter_client(conditions: &mut Vec<Value>) {
    let present = conditions.iter().any(|c| {
        c.get("operands")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|o| o.get("objectType").and_then(Value::as_str) == Some("CLIENT_TYPE"))
    });
    if !present {
        conditions.push(block(vec![json!({
            "objectType": "CLIENT_TYPE",
            "values": ["zpn_client_type_exporter"],
        })]));
    }
}

/// ISOLATE and INSPECT name the profile they apply.
fn check_profile(policy_type: &str, rule: &Map<String, Value>) -> Result<(), ToolError> {
    let (action, key, field) = match policy_type {
        "ISOLATION_POLICY" => (
            "ISOLATE",
            "zpnIsolationProfileId",
            "zpn_isolation_profile_id",
        ),
        "INSPECTION_POLICY" => (
            "INSPECT",
            "zpnInspectionProfileId",
            "zpn_inspection_profile_id",
        ),
        _ => return Ok(()),
    };
    let acts = rule.get("action").and_then(Value::as_str) == Some(action);
    let has_profile = text(rule.get(key)).is_some_and(|s| !s.is_empty() && s != "0");
    if acts && !has_profile {
        return Err(arg_error(
            field,
            format!("is required when action_type is {action}"),
        ));
    }
    Ok(())
}

/// `[{id, name, ...}]` as read back becomes `[{"id": ...}]` for the write.
fn slim_refs(rule: &mut Map<String, Value>, key: &str) {
    if let Some(Value::Array(items)) = rule.get_mut(key) {
        for item in items.iter_mut() {
            if let Some(id) = item.get("id").cloned() {
                *item = json!({ "id": id });
            }
        }
    }
}

/// Create and update of a rule in any policy set: resolve the set, build the v2 body,
/// write it through the v2 rule endpoint; an update reads the rule first and a given
/// rule_order moves the rule afterwards.
fn policy_rule_write<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (base, policy_type, rest) = split_policy_path(ctx.path).ok_or_else(|| {
            UpstreamError::Config(format!("{}: malformed policy rule path", ctx.spec.name))
        })?;
        let query = &ctx.plan.query;
        // Argument problems are reported before anything is sent.
        let mut fields = fields_of(&ctx);
        let conditions = take_conditions(&mut fields)?;
        if let Some(Value::Bool(off)) = fields.get("disabled") {
            let flag = if *off { "1" } else { "0" };
            fields.insert("disabled".into(), json!(flag));
        }
        let is_create = ctx.spec.method == HttpMethod::Post;
        if is_create {
            check_profile(policy_type, &fields)?;
        }

        let set_id = policy_set_id(&ctx, base, policy_type).await?;
        let v1_rule = format!("{base}/policySet/{}/{rest}", encode_segment(&set_id));
        let v2_rule = v1_rule.replacen("/mgmtconfig/v1/", "/mgmtconfig/v2/", 1);

        if is_create {
            let mut conditions = conditions.unwrap_or_default();
            if policy_type == "ISOLATION_POLICY" {
                ensure_exporter_client(&mut conditions);
            }
            if policy_type == "TIMEOUT_POLICY" {
                fields.entry("action").or_insert_with(|| json!("RE_AUTH"));
                fields
                    .entry("reauthTimeout")
                    .or_insert_with(|| json!("172800"));
                fields
                    .entry("reauthIdleTimeout")
                    .or_insert_with(|| json!("600"));
            }
            fields.insert("conditions".into(), Value::Array(conditions));
            let body = Value::Object(fields);
            let value = call(&ctx, HttpMethod::Post, &v2_rule, query, Some(&body)).await?;
            return Ok(ToolOutput { value, note: None });
        }

        let current = call(&ctx, HttpMethod::Get, &v1_rule, query, None).await?;
        let mut rule = into_object(current);
        for key in ["appConnectorGroups", "appServerGroups"] {
            slim_refs(&mut rule, key);
        }
        let order = fields.remove("ruleOrder").and_then(|o| text(Some(&o)));
        // Checked before anything is written: the reorder call comes after the PUT.
        if let Some(order) = &order {
            segment("rule_order", order)?;
        }
        for (k, v) in fields {
            rule.insert(k, v);
        }
        let conditions = match conditions {
            Some(mut given) => {
                if policy_type == "ISOLATION_POLICY" {
                    ensure_exporter_client(&mut given);
                }
                Value::Array(given)
            }
            None => v2_conditions(rule.get("conditions")),
        };
        rule.insert("conditions".into(), conditions);
        check_profile(policy_type, &rule)?;
        let body = Value::Object(rule);
        let resp = call(&ctx, HttpMethod::Put, &v2_rule, query, Some(&body)).await?;
        let mut value = if resp.is_null() { body } else { resp };
        if let Some(order) = order {
            let reorder = format!("{v1_rule}/reorder/{}", segment("rule_order", &order)?);
            call(&ctx, HttpMethod::Put, &reorder, query, None).await?;
            if let Value::Object(m) = &mut value {
                m.insert("ruleOrder".into(), json!(order));
            }
        }
        Ok(ToolOutput { value, note: None })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: Value) -> Map<String, Value> {
        into_object(v)
    }

    #[test]
    fn typed_arguments_become_v2_condition_blocks() {
        let mut f = fields(json!({
            "name": "r", "app_ids": ["11"], "app_group_ids": ["22"],
            "idp_id": "9", "scim_group_ids": ["3251059"],
            "client_types": ["zpn_client_type_zapp"], "posture_udids": ["u-1"],
        }));
        let c = take_conditions(&mut f).unwrap().unwrap();
        assert_eq!(
            Value::Array(c),
            json!([
                {"operator": "OR", "operands": [
                    {"objectType": "APP", "values": ["11"]},
                    {"objectType": "APP_GROUP", "values": ["22"]}]},
                {"operator": "OR", "operands": [
                    {"objectType": "SCIM_GROUP", "entryValues": [{"lhs": "9", "rhs": "3251059"}]}]},
                {"operator": "OR", "operands": [
                    {"objectType": "CLIENT_TYPE", "values": ["zpn_client_type_zapp"]}]},
                {"operator": "OR", "operands": [
                    {"objectType": "POSTURE", "entryValues": [{"lhs": "u-1", "rhs": "true"}]}]},
            ])
        );
        assert_eq!(
            f,
            fields(json!({"name": "r"})),
            "typed keys never reach the API"
        );
        let mut none = fields(json!({"name": "r"}));
        assert_eq!(take_conditions(&mut none).unwrap(), None);
    }

    #[test]
    fn scim_groups_need_their_idp() {
        let mut f = fields(json!({"scim_group_ids": ["1"]}));
        let e = take_conditions(&mut f).unwrap_err();
        assert!(matches!(e, ToolError::Args(a) if a.field == "idp_id"));
    }

    #[test]
    fn read_conditions_convert_to_the_v2_shape() {
        let read = json!([
            {"id": "1", "operator": "OR", "negated": false, "operands": [
                {"id": "2", "objectType": "APP", "lhs": "id", "rhs": "11"},
                {"id": "3", "objectType": "APP", "lhs": "id", "rhs": "12"},
                {"id": "4", "objectType": "APP_GROUP", "lhs": "id", "rhs": "22"}]},
            {"id": "5", "operator": "OR", "operands": [
                {"objectType": "SCIM_GROUP", "lhs": "9", "rhs": "3251059", "idpName": "x"}]},
            {"operator": "AND", "negated": true, "operands": [
                {"objectType": "POSTURE", "lhs": "u-1", "rhs": "true"}]},
        ]);
        assert_eq!(
            v2_conditions(Some(&read)),
            json!([
                {"operator": "OR", "operands": [
                    {"objectType": "APP", "values": ["11", "12"]},
                    {"objectType": "APP_GROUP", "values": ["22"]}]},
                {"operator": "OR", "operands": [
                    {"objectType": "SCIM_GROUP", "entryValues": [{"lhs": "9", "rhs": "3251059"}]}]},
                {"operator": "AND", "negated": true, "operands": [
                    {"objectType": "POSTURE", "entryValues": [{"lhs": "u-1", "rhs": "true"}]}]},
            ])
        );
    }

    #[test]
    fn isolation_rules_get_the_browser_client() {
        let mut c = vec![];
        ensure_exporter_client(&mut c);
        ensure_exporter_client(&mut c);
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn policy_paths_split_on_the_type() {
        assert_eq!(
            split_policy_path("/zpa/x/policySet/TIMEOUT_POLICY/rule/42"),
            Some(("/zpa/x", "TIMEOUT_POLICY", "rule/42"))
        );
    }

    #[test]
    fn ports_in_one_notation_clear_the_other() {
        let mut merged = fields(
            json!({"tcpPortRanges": ["1", "1"], "tcpPortRange": [{"from": "1", "to": "1"}]}),
        );
        settle_ports(&mut merged, &fields(json!({"tcpPortRanges": ["2", "2"]})));
        assert_eq!(merged["tcpPortRange"], json!([]));
        assert!(!merged.contains_key("udpPortRange"));
    }

    #[test]
    fn segment_kinds() {
        assert!(is_browser_access(&json!({"clientlessApps": [{"id": "1"}]})));
        assert!(is_remote_access(
            &json!({"commonAppsDto": {"appsConfig": [{"appTypes": ["SECURE_REMOTE_ACCESS"]}]}})
        ));
        assert!(!is_browser_access(&json!({"clientlessApps": []})));
    }
}
