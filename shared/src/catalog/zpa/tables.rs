//! The zpa tool table: data only; the hooks it names are in `hooks.rs`.

use super::hooks::*;
use crate::catalog::spec::*;

pub(super) const ZPA: Service = Service::Zpa;

pub(super) const SEGMENTS: &str = "zpa_app_segments";
pub(super) const SEGMENT_GROUPS: &str = "zpa_segment_groups";
pub(super) const SERVER_GROUPS: &str = "zpa_server_groups";
pub(super) const CONNECTOR_GROUPS: &str = "zpa_app_connector_groups";
pub(super) const POLICIES: &str = "zpa_access_policies";

// ---------------------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Parameters shared by several tools
// ---------------------------------------------------------------------------------------

pub(super) const SEARCH: Param = zpa_search(
    "Filter by exact name, or pass a ZPA filter such as `name+CONTAINS+web` \
     (operators EQ, NE, CONTAINS, STARTSWITH, ENDSWITH).",
);

pub(super) const MICROTENANT: Param = query(
    "microtenant_id",
    "microtenantId",
    Kind::Str,
    "Microtenant id (a numeric string) to scope the call to. Omit for the default \
     microtenant.",
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
    "true to enable, false to disable. Creates default to true.",
);

// Application segments.

pub(super) const SEGMENT_ID: Param = path_str(
    "segment_id",
    "Application segment id, a numeric string (the `id` from \
     zpa_list_application_segments).",
);
pub(super) const SEGMENT_GROUP_ID: Param = body(
    "segment_group_id",
    "segmentGroupId",
    Kind::Str,
    false,
    "Segment group id (numeric string) the segment belongs to, from zpa_list_segment_groups. \
     Access rules can target the whole group.",
);
pub(super) const DOMAIN_NAMES: Param = body(
    "domain_names",
    "domainNames",
    Kind::StrList,
    false,
    "FQDNs, wildcard domains (*.corp.example.com) or IP addresses/CIDRs the segment \
     publishes, e.g. [\"wiki.corp.example.com\"]. On update the list replaces the current \
     one.",
);
pub(super) const SERVER_GROUP_IDS: Param = str_refs(
    "server_group_ids",
    "serverGroups",
    "Server group ids (numeric strings) from zpa_list_server_groups: the connectors that \
     reach the segment. On update the list replaces the current one.",
);
pub(super) const TCP_PORT_RANGES: Param = body(
    "tcp_port_ranges",
    "tcpPortRanges",
    Kind::StrList,
    false,
    "TCP ports as flat from/to string pairs: [\"443\", \"443\"] is port 443, [\"8000\", \
     \"8099\", \"9443\", \"9443\"] is 8000-8099 plus 9443. A segment needs TCP or UDP ports. \
     On update the list replaces the current TCP ports.",
);
pub(super) const UDP_PORT_RANGES: Param = body(
    "udp_port_ranges",
    "udpPortRanges",
    Kind::StrList,
    false,
    "UDP ports as flat from/to string pairs, like tcp_port_ranges.",
);
pub(super) const BYPASS_TYPE: Param = body(
    "bypass_type",
    "bypassType",
    Kind::Enum(&["NEVER", "ALWAYS", "ON_NET"]),
    false,
    "When Client Connector sends the traffic around ZPA: NEVER (the default), ALWAYS, or \
     ON_NET (only on the trusted corporate network).",
);
pub(super) const HEALTH_REPORTING: Param = body(
    "health_reporting",
    "healthReporting",
    Kind::Enum(&["NONE", "ON_ACCESS", "CONTINUOUS"]),
    false,
    "Server health reporting: NONE, ON_ACCESS (when a user connects) or CONTINUOUS.",
);
pub(super) const HEALTH_CHECK_TYPE: Param = body(
    "health_check_type",
    "healthCheckType",
    Kind::Enum(&["DEFAULT", "NONE"]),
    false,
    "DEFAULT runs connector health checks against the servers; NONE turns them off.",
);
pub(super) const ICMP_ACCESS_TYPE: Param = body(
    "icmp_access_type",
    "icmpAccessType",
    Kind::Enum(&["NONE", "PING", "PING_TRACEROUTING"]),
    false,
    "Whether users may ping (PING) or ping and traceroute (PING_TRACEROUTING) the \
     servers; NONE blocks ICMP.",
);
pub(super) const DOUBLE_ENCRYPT: Param = body(
    "double_encrypt",
    "doubleEncrypt",
    Kind::Bool,
    false,
    "true adds a second TLS layer between Client Connector and the App Connector.",
);
pub(super) const IS_CNAME_ENABLED: Param = body(
    "is_cname_enabled",
    "isCnameEnabled",
    Kind::Bool,
    false,
    "true lets connectors return CNAME records of the domains to clients.",
);
pub(super) const IP_ANCHORED: Param = body(
    "ip_anchored",
    "ipAnchored",
    Kind::Bool,
    false,
    "true sends the traffic out through the App Connectors (source IP anchoring).",
);
pub(super) const INSPECT_TRAFFIC_WITH_ZIA: Param = body(
    "inspect_traffic_with_zia",
    "inspectTrafficWithZia",
    Kind::Bool,
    false,
    "true forwards the segment's traffic to ZIA for inspection.",
);
pub(super) const PASSIVE_HEALTH_ENABLED: Param = body(
    "passive_health_enabled",
    "passiveHealthEnabled",
    Kind::Bool,
    false,
    "true marks servers unhealthy from failed user connections (passive health checks).",
);
pub(super) const SELECT_CONNECTOR_CLOSE_TO_APP: Param = body(
    "select_connector_close_to_app",
    "selectConnectorCloseToApp",
    Kind::Bool,
    false,
    "true prefers the App Connector closest to the application over the one closest to \
     the user.",
);
pub(super) const MATCH_STYLE: Param = body(
    "match_style",
    "matchStyle",
    Kind::Enum(&["EXCLUSIVE", "INCLUSIVE"]),
    false,
    "How overlapping wildcard domains resolve: EXCLUSIVE (most specific segment wins, the \
     default) or INCLUSIVE (all matching segments apply).",
);
pub(super) const FORCE_DELETE: Param = query(
    "force_delete",
    "forceDelete",
    Kind::Bool,
    "true also removes the segment's mapping to its segment group (and the references to \
     it), which the API otherwise refuses to delete.",
);
pub(super) const BA_APPS: Param = body(
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
pub(super) const PRA_APPS: Param = body(
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
            crate::tool::advanced::ZPA_SEGMENT,
        ]
    };
}

// Segment, server and connector groups.

pub(super) const SEGMENT_GROUP: Param = path_str(
    "group_id",
    "Segment group id, a numeric string (the `id` from zpa_list_segment_groups).",
);
pub(super) const SERVER_GROUP: Param = path_str(
    "group_id",
    "Server group id, a numeric string (the `id` from zpa_list_server_groups).",
);
pub(super) const CONNECTOR_GROUP: Param = path_str(
    "group_id",
    "App connector group id, a numeric string (the `id` from \
     zpa_list_app_connector_groups).",
);

pub(super) const CONNECTOR_GROUP_IDS: Param = str_refs(
    "app_connector_group_ids",
    "appConnectorGroups",
    "App connector group ids (numeric strings) from zpa_list_app_connector_groups: the \
     connectors that reach the servers. A server group needs at least one. On update the \
     list replaces the current one.",
);
pub(super) const SERVER_IDS: Param = str_refs(
    "server_ids",
    "servers",
    "Application server ids (numeric strings) from zpa_list_application_servers. Needed \
     when dynamic_discovery is false. On update the list replaces the current one.",
);
pub(super) const DYNAMIC_DISCOVERY: Param = body(
    "dynamic_discovery",
    "dynamicDiscovery",
    Kind::Bool,
    false,
    "true (the default on create) lets connectors resolve servers from the segments' \
     domains; false pins the group to server_ids.",
);

pub(super) const LOCATION: Param = body(
    "location",
    "location",
    Kind::Str,
    false,
    "Where the connectors run, e.g. \"San Jose, CA, USA\".",
);
pub(super) const LATITUDE: Param = body(
    "latitude",
    "latitude",
    Kind::Str,
    false,
    "Latitude of the location as a decimal string, e.g. \"37.33874\".",
);
pub(super) const LONGITUDE: Param = body(
    "longitude",
    "longitude",
    Kind::Str,
    false,
    "Longitude of the location as a decimal string, e.g. \"-121.8852525\".",
);
pub(super) const CITY_COUNTRY: Param = body(
    "city_country",
    "cityCountry",
    Kind::Str,
    false,
    "City and country code, e.g. \"San Jose, US\".",
);
pub(super) const COUNTRY_CODE: Param = body(
    "country_code",
    "countryCode",
    Kind::Str,
    false,
    "ISO 3166 alpha-2 country code, e.g. \"US\".",
);
pub(super) const DNS_QUERY_TYPE: Param = body(
    "dns_query_type",
    "dnsQueryType",
    Kind::Enum(&["IPV4_IPV6", "IPV4", "IPV6"]),
    false,
    "Which DNS records the connectors ask for: IPV4_IPV6 (A and AAAA), IPV4 or IPV6.",
);
pub(super) const UPGRADE_DAY: Param = body(
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
pub(super) const UPGRADE_TIME: Param = body(
    "upgrade_time_in_secs",
    "upgradeTimeInSecs",
    Kind::Str,
    false,
    "Start of the upgrade window in seconds after midnight UTC, as a string, e.g. \"66600\" \
     (18:30).",
);
pub(super) const OVERRIDE_VERSION_PROFILE: Param = body(
    "override_version_profile",
    "overrideVersionProfile",
    Kind::Bool,
    false,
    "true applies version_profile_id instead of the tenant default.",
);
pub(super) const VERSION_PROFILE_ID: Param = body(
    "version_profile_id",
    "versionProfileId",
    Kind::Str,
    false,
    "Connector software version profile: \"0\" Default, \"1\" Previous Default, \"2\" New \
     Release (or a custom profile id).",
);
pub(super) const PRA_ENABLED: Param = body(
    "pra_enabled",
    "praEnabled",
    Kind::Bool,
    false,
    "true lets the group's connectors serve privileged remote access (PRA) consoles.",
);
pub(super) const LSS_CONNECTOR_GROUP: Param = body(
    "lss_app_connector_group",
    "lssAppConnectorGroup",
    Kind::Bool,
    false,
    "true dedicates the group to Log Streaming Service (LSS) receivers.",
);
pub(super) const ENROLLMENT_CERT_ID: Param = body(
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
            // The official server's parameter: zscaler-sdk-python sends it as
            // `serverGroupIds` (zpa/app_connector_groups.py, snake_case to camelCase).
            field(
                "server_group_ids",
                "serverGroupIds",
                Kind::StrList,
                "Server group ids to associate (sent as the official SDK sends them).",
            ),
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

pub(super) const RULE_ID: Param = path_str(
    "rule_id",
    "Policy rule id, a numeric string (the `id` from the list tool of the same policy).",
);
pub(super) const RULE_NAME: Param = body("name", "name", Kind::Str, false, "Rule name.");
pub(super) const CUSTOM_MSG: Param = body(
    "custom_msg",
    "customMsg",
    Kind::Str,
    false,
    "Message shown to users when the rule applies (e.g. why access is denied).",
);
pub(super) const RULE_ORDER: Param = body(
    "rule_order",
    "ruleOrder",
    Kind::Str,
    false,
    "1-based evaluation position as a string, e.g. \"1\" for first. New rules go last \
     when omitted; on update the rule is moved there.",
);
pub(super) const RULE_DISABLED: Param = body(
    "disabled",
    "disabled",
    Kind::Bool,
    false,
    "true keeps the rule without effect; false enforces it.",
);
pub(super) const APP_IDS: Param = body(
    "app_ids",
    "app_ids",
    Kind::StrList,
    false,
    "Condition: application segment ids (numeric strings) from \
     zpa_list_application_segments.",
);
pub(super) const APP_GROUP_IDS: Param = body(
    "app_group_ids",
    "app_group_ids",
    Kind::StrList,
    false,
    "Condition: segment group ids (numeric strings) from zpa_list_segment_groups; matches \
     every segment in them. Combined with app_ids as either-or.",
);
pub(super) const IDP_ID: Param = body(
    "idp_id",
    "idp_id",
    Kind::Str,
    false,
    "Id of the identity provider the scim_group_ids belong to (the idpId of the groups in \
     get_zpa_scim_group). Required with scim_group_ids.",
);
pub(super) const SCIM_GROUP_IDS: Param = body(
    "scim_group_ids",
    "scim_group_ids",
    Kind::StrList,
    false,
    "Condition: SCIM group ids as strings, e.g. [\"3251059\"] (from get_zpa_scim_group); \
     the user must be in one of them. Needs idp_id.",
);
pub(super) const CLIENT_TYPES: Param = body(
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
pub(super) const MACHINE_GROUP_IDS: Param = body(
    "machine_group_ids",
    "machine_group_ids",
    Kind::StrList,
    false,
    "Condition: machine group ids (numeric strings) for machine-tunnel traffic.",
);
pub(super) const POSTURE_UDIDS: Param = body(
    "posture_udids",
    "posture_udids",
    Kind::StrList,
    false,
    "Condition: posture profile UDIDs (the postureUdid UUIDs from get_zpa_posture_profile) \
     the device must satisfy.",
);
pub(super) const TRUSTED_NETWORK_IDS: Param = body(
    "trusted_network_ids",
    "trusted_network_ids",
    Kind::StrList,
    false,
    "Condition: trusted network ids (the networkId UUIDs from get_zpa_trusted_network) the \
     device must be on.",
);
pub(super) const PLATFORMS: Param = body(
    "platforms",
    "platforms",
    Kind::StrList,
    false,
    "Condition: device platforms, any of ios, android, mac, windows, linux.",
);
pub(super) const COUNTRY_CODES: Param = body(
    "country_codes",
    "country_codes",
    Kind::StrList,
    false,
    "Condition: ISO 3166 alpha-2 country codes the user connects from, e.g. [\"US\", \
     \"CA\"].",
);
pub(super) const RULE_CONNECTOR_GROUP_IDS: Param = str_refs(
    "app_connector_group_ids",
    "appConnectorGroups",
    "App connector group ids (numeric strings) the rule's traffic must use, from \
     zpa_list_app_connector_groups. On update the list replaces the current one.",
);
pub(super) const RULE_SERVER_GROUP_IDS: Param = str_refs(
    "app_server_group_ids",
    "appServerGroups",
    "Server group ids (numeric strings) the rule's traffic must use, from \
     zpa_list_server_groups. On update the list replaces the current one.",
);

pub(super) const ACCESS_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["ALLOW", "DENY"]),
    false,
    "ALLOW grants access to the matching applications; DENY blocks it.",
);
pub(super) const FORWARDING_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["INTERCEPT", "INTERCEPT_ACCESSIBLE", "BYPASS"]),
    false,
    "INTERCEPT sends matching traffic through ZPA; INTERCEPT_ACCESSIBLE only when the \
     application is reachable through ZPA; BYPASS lets it go direct.",
);
pub(super) const ISOLATION_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["ISOLATE", "BYPASS_ISOLATE"]),
    false,
    "ISOLATE opens matching browser-access applications in Cloud Browser Isolation (needs \
     zpn_isolation_profile_id); BYPASS_ISOLATE exempts them.",
);
pub(super) const INSPECTION_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["INSPECT", "BYPASS_INSPECT"]),
    false,
    "INSPECT runs matching traffic through an AppProtection profile (needs \
     zpn_inspection_profile_id); BYPASS_INSPECT exempts it.",
);
pub(super) const TIMEOUT_ACTION: Param = body(
    "action_type",
    "action",
    Kind::Enum(&["RE_AUTH"]),
    false,
    "Always RE_AUTH (the only timeout action; set for you when omitted).",
);
pub(super) const REAUTH_TIMEOUT: Param = body(
    "reauth_timeout",
    "reauthTimeout",
    Kind::Str,
    false,
    "Seconds before users must authenticate again, as a string. Creates default to \
     \"172800\" (2 days).",
);
pub(super) const REAUTH_IDLE_TIMEOUT: Param = body(
    "reauth_idle_timeout",
    "reauthIdleTimeout",
    Kind::Str,
    false,
    "Idle seconds before a connection needs re-authentication, as a string. Creates \
     default to \"600\".",
);
pub(super) const ISOLATION_PROFILE_ID: Param = body(
    "zpn_isolation_profile_id",
    "zpnIsolationProfileId",
    Kind::Str,
    false,
    "Isolation profile id (numeric string) from get_zpa_isolation_profile. Required when \
     action_type is ISOLATE.",
);
pub(super) const INSPECTION_PROFILE_ID: Param = body(
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
    ToolSpec::read(ZPA, SEGMENTS, "zpa_list_application_segments")
        .title("List ZPA application segments")
        .describe(
            "List application segments: the domains and TCP/UDP ports ZPA publishes to users, \
             each with its segment group (segmentGroupId) and server groups. Ids are numeric \
             strings; use them with zpa_get_application_segment and in access rules (app_ids).",
        )
        .path(zpa_v1!("/application"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, SEGMENTS, "zpa_get_application_segment")
        .title("Get a ZPA application segment")
        .describe(
            "Get one application segment by its id (a numeric string from \
             zpa_list_application_segments), with domains, port ranges, server groups and \
             health/bypass settings.",
        )
        .path(zpa_v1!("/application/{segment_id}"))
        .params(&[SEGMENT_ID, MICROTENANT]),
    ToolSpec::create(ZPA, SEGMENTS, "zpa_create_application_segment")
        .title("Create a ZPA application segment")
        .describe(
            "Publish applications through ZPA: the domains, the TCP and/or UDP ports, the \
             segment group it belongs to and the server groups whose connectors reach it. \
             Create the connector group, server group and segment group first (that order), \
             then add an access rule for the segment or its group; users reach nothing until \
             a rule allows it. The segment is enabled unless enabled is false. Takes effect \
             at once (ZPA has no activation step).",
        )
        .path(zpa_v1!("/application"))
        .params(segment_params![
            required(NAME),
            required(SEGMENT_GROUP_ID),
            required(DOMAIN_NAMES),
            required(SERVER_GROUP_IDS),
        ])
        .hook(Hook::Custom(app_segment_write)),
    ToolSpec::update(ZPA, SEGMENTS, "zpa_update_application_segment")
        .title("Update a ZPA application segment")
        .describe(
            "Change an application segment by its id (numeric string): the segment is read, \
             the given fields replace their current values and the rest is kept. A list \
             given here (domains, ports, server groups) replaces the whole current list. \
             Takes effect at once.",
        )
        .path(zpa_v1!("/application/{segment_id}"))
        .params(segment_params![
            SEGMENT_ID,
            NAME,
            SEGMENT_GROUP_ID,
            DOMAIN_NAMES,
            SERVER_GROUP_IDS,
        ])
        .hook(Hook::Custom(app_segment_write)),
    ToolSpec::delete(ZPA, SEGMENTS, "zpa_delete_application_segment")
        .title("Delete a ZPA application segment")
        .describe(
            "Delete an application segment by its id (numeric string). Users lose access to its \
             domains at once. Pass force_delete true when the API refuses because the segment \
             is still mapped to its segment group.",
        )
        .path(zpa_v1!("/application/{segment_id}"))
        .params(&[SEGMENT_ID, FORCE_DELETE, MICROTENANT]),
    ToolSpec::read(ZPA, SEGMENTS, "get_zpa_app_segments_by_type")
        .title("List ZPA application segments by type")
        .describe(
            "List the app configs of one kind across all segments: BROWSER_ACCESS (browser \
             access apps), SECURE_REMOTE_ACCESS (PRA consoles) or INSPECT (AppProtection apps). \
             Each row has its own id and the parent segment id in appId.",
        )
        .path(zpa_v1!("/application/getAppsByType"))
        .params(&[
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
                "true includes the related objects of each app in full (default false).",
            ),
            SEARCH,
            MICROTENANT,
        ])
        .paged(Paging::ZpaPages)
        .hook(Hook::Custom(apps_by_type)),
    // ---------------------------------------------------------------- browser access segments
    ToolSpec::read(ZPA, SEGMENTS, "zpa_list_application_segments_ba")
        .title("List ZPA browser access segments")
        .describe(
            "List the application segments that publish browser-access (clientless) apps: \
             segments with browser apps in clientlessApps or commonAppsDto. Same fields as \
             zpa_list_application_segments; the search filter is applied by ZPA before the \
             browser-access filter.",
        )
        .path(zpa_v1!("/application"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages)
        .hook(Hook::Custom(list_ba_segments)),
    ToolSpec::read(ZPA, SEGMENTS, "zpa_get_application_segment_ba")
        .title("Get a ZPA browser access segment")
        .describe(
            "Get one browser-access application segment by its id (numeric string from \
             zpa_list_application_segments_ba), with its browser apps (clientlessApps: domain, \
             port, protocol, certificate).",
        )
        .path(zpa_v1!("/application/{segment_id}"))
        .params(&[SEGMENT_ID, MICROTENANT]),
    ToolSpec::create(ZPA, SEGMENTS, "zpa_create_application_segment_ba")
        .title("Create a ZPA browser access segment")
        .describe(
            "Create an application segment whose web apps users open in a browser without \
             Client Connector: the segment fields plus common_apps_dto with one browser app \
             per domain (port, HTTP/HTTPS, and a certificate from zpa_list_ba_certificates \
             for HTTPS). Users also need an access rule allowing client type \
             zpn_client_type_exporter. Enabled unless enabled is false; takes effect at \
             once.",
        )
        .path(zpa_v1!("/application"))
        .params(segment_params![
            required(NAME),
            required(SEGMENT_GROUP_ID),
            required(DOMAIN_NAMES),
            required(SERVER_GROUP_IDS),
            BA_APPS,
        ])
        .hook(Hook::Custom(app_segment_write)),
    ToolSpec::update(ZPA, SEGMENTS, "zpa_update_application_segment_ba")
        .title("Update a ZPA browser access segment")
        .describe(
            "Change a browser-access segment by its id (numeric string): the segment is \
             read, the given fields replace their current values and the rest is kept. \
             common_apps_dto, when given, replaces the browser apps: apps whose domain is \
             no longer listed are removed. Takes effect at once.",
        )
        .path(zpa_v1!("/application/{segment_id}"))
        .params(segment_params![
            SEGMENT_ID,
            NAME,
            SEGMENT_GROUP_ID,
            DOMAIN_NAMES,
            SERVER_GROUP_IDS,
            BA_APPS,
        ])
        .hook(Hook::Custom(app_segment_write)),
    ToolSpec::delete(ZPA, SEGMENTS, "zpa_delete_application_segment_ba")
        .title("Delete a ZPA browser access segment")
        .describe(
            "Delete a browser-access segment by its id (numeric string), with its browser apps. \
             Pass force_delete true when the API refuses because the segment is still mapped \
             to its segment group.",
        )
        .path(zpa_v1!("/application/{segment_id}"))
        .params(&[SEGMENT_ID, FORCE_DELETE, MICROTENANT]),
    // ---------------------------------------------------------------- PRA segments
    ToolSpec::read(ZPA, SEGMENTS, "zpa_list_application_segments_pra")
        .title("List ZPA privileged remote access segments")
        .describe(
            "List the application segments that publish privileged remote access (PRA) \
             consoles (RDP, SSH, VNC): segments with apps in praApps or commonAppsDto. Same \
             fields as zpa_list_application_segments; the search filter is applied by ZPA \
             before the PRA filter.",
        )
        .path(zpa_v1!("/application"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages)
        .hook(Hook::Custom(list_pra_segments)),
    ToolSpec::read(ZPA, SEGMENTS, "zpa_get_application_segment_pra")
        .title("Get a ZPA privileged remote access segment")
        .describe(
            "Get one PRA application segment by its id (numeric string from \
             zpa_list_application_segments_pra), with its consoles (praApps: domain, port, \
             protocol, connection security).",
        )
        .path(zpa_v1!("/application/{segment_id}"))
        .params(&[SEGMENT_ID, MICROTENANT]),
    ToolSpec::create(ZPA, SEGMENTS, "zpa_create_application_segment_pra")
        .title("Create a ZPA privileged remote access segment")
        .describe(
            "Create an application segment for privileged remote access: the segment fields \
             plus common_apps_dto with one console (RDP, SSH or VNC) per server. PRA portals \
             (zpa_create_pra_portal) and credentials then build on it. Enabled unless \
             enabled is false; takes effect at once.",
        )
        .path(zpa_v1!("/application"))
        .params(segment_params![
            required(NAME),
            required(SEGMENT_GROUP_ID),
            required(DOMAIN_NAMES),
            required(SERVER_GROUP_IDS),
            PRA_APPS,
        ])
        .hook(Hook::Custom(app_segment_write)),
    ToolSpec::update(ZPA, SEGMENTS, "zpa_update_application_segment_pra")
        .title("Update a ZPA privileged remote access segment")
        .describe(
            "Change a PRA segment by its id (numeric string): the segment is read, the given \
             fields replace their current values and the rest is kept. common_apps_dto, \
             when given, replaces the consoles: consoles whose domain is no longer listed \
             are removed. Takes effect at once.",
        )
        .path(zpa_v1!("/application/{segment_id}"))
        .params(segment_params![
            SEGMENT_ID,
            NAME,
            SEGMENT_GROUP_ID,
            DOMAIN_NAMES,
            SERVER_GROUP_IDS,
            PRA_APPS,
        ])
        .hook(Hook::Custom(app_segment_write)),
    ToolSpec::delete(ZPA, SEGMENTS, "zpa_delete_application_segment_pra")
        .title("Delete a ZPA privileged remote access segment")
        .describe(
            "Delete a PRA segment by its id (numeric string), with its consoles. Pass \
             force_delete true when the API refuses because the segment is still mapped to its \
             segment group.",
        )
        .path(zpa_v1!("/application/{segment_id}"))
        .params(&[SEGMENT_ID, FORCE_DELETE, MICROTENANT]),
    // ---------------------------------------------------------------- segment groups
    ToolSpec::read(ZPA, SEGMENT_GROUPS, "zpa_list_segment_groups")
        .title("List ZPA segment groups")
        .describe(
            "List segment groups, the sets of application segments access rules can target as \
             a whole (app_group_ids), with the segments in each. Ids are numeric strings.",
        )
        .path(zpa_v1!("/segmentGroup"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, SEGMENT_GROUPS, "zpa_get_segment_group")
        .title("Get a ZPA segment group")
        .describe(
            "Get one segment group by its id (a numeric string from zpa_list_segment_groups), \
             with its application segments.",
        )
        .path(zpa_v1!("/segmentGroup/{group_id}"))
        .params(&[SEGMENT_GROUP, MICROTENANT]),
    ToolSpec::create(ZPA, SEGMENT_GROUPS, "zpa_create_segment_group")
        .title("Create a ZPA segment group")
        .describe(
            "Create a segment group to collect application segments (they join it through \
             their segment_group_id). Enabled unless enabled is false; takes effect at once.",
        )
        .path(zpa_v1!("/segmentGroup"))
        .params(&[
            required(NAME),
            DESCRIPTION,
            ENABLED,
            EXTRA_FIELDS,
            MICROTENANT,
        ])
        .hook(Hook::Custom(create_enabled)),
    ToolSpec::update(ZPA, SEGMENT_GROUPS, "zpa_update_segment_group")
        .title("Update a ZPA segment group")
        .describe(
            "Rename, describe, enable or disable a segment group by its id (numeric string). \
             The group is read and the given fields replace their current values. Disabling it \
             disables access to all of its segments. Takes effect at once.",
        )
        .path(zpa_v1!("/segmentGroup/{group_id}"))
        .params(&[
            SEGMENT_GROUP,
            NAME,
            DESCRIPTION,
            ENABLED,
            EXTRA_FIELDS,
            MICROTENANT,
        ])
        .hook(Hook::Custom(group_update)),
    ToolSpec::delete(ZPA, SEGMENT_GROUPS, "zpa_delete_segment_group")
        .title("Delete a ZPA segment group")
        .describe(
            "Delete a segment group by its id (numeric string). Move or delete its application \
             segments and remove it from access rules first; the API refuses otherwise.",
        )
        .path(zpa_v1!("/segmentGroup/{group_id}"))
        .params(&[SEGMENT_GROUP, MICROTENANT]),
    // ---------------------------------------------------------------- server groups
    ToolSpec::read(ZPA, SERVER_GROUPS, "zpa_list_server_groups")
        .title("List ZPA server groups")
        .describe(
            "List server groups: which app connector groups reach which application servers, \
             and the segments using each group. Ids are numeric strings.",
        )
        .path(zpa_v1!("/serverGroup"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, SERVER_GROUPS, "zpa_get_server_group")
        .title("Get a ZPA server group")
        .describe(
            "Get one server group by its id (a numeric string from zpa_list_server_groups), with \
             its connector groups, servers and applications.",
        )
        .path(zpa_v1!("/serverGroup/{group_id}"))
        .params(&[SERVER_GROUP, MICROTENANT]),
    ToolSpec::create(ZPA, SERVER_GROUPS, "zpa_create_server_group")
        .title("Create a ZPA server group")
        .describe(
            "Create a server group binding app connector groups (zpa_list_app_connector_groups) \
             to the servers of application segments. With dynamic discovery (the default) \
             the connectors find the servers from the segments' domains; otherwise list \
             server_ids. Enabled unless enabled is false; takes effect at once.",
        )
        .path(zpa_v1!("/serverGroup"))
        .params(&[
            required(NAME),
            required(CONNECTOR_GROUP_IDS),
            DESCRIPTION,
            ENABLED,
            DYNAMIC_DISCOVERY,
            SERVER_IDS,
            IP_ANCHORED,
            EXTRA_FIELDS,
            MICROTENANT,
        ])
        .hook(Hook::Custom(create_enabled)),
    ToolSpec::update(ZPA, SERVER_GROUPS, "zpa_update_server_group")
        .title("Update a ZPA server group")
        .describe(
            "Change a server group by its id (numeric string): the group is read, the given \
             fields replace their current values and the rest is kept. A list given here \
             replaces the whole current list; keep at least one connector group. Takes effect \
             at once.",
        )
        .path(zpa_v1!("/serverGroup/{group_id}"))
        .params(&[
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
        ])
        .hook(Hook::Custom(group_update)),
    ToolSpec::delete(ZPA, SERVER_GROUPS, "zpa_delete_server_group")
        .title("Delete a ZPA server group")
        .describe(
            "Delete a server group by its id (numeric string). Remove it from application \
             segments and access rules first; the API refuses otherwise.",
        )
        .path(zpa_v1!("/serverGroup/{group_id}"))
        .params(&[SERVER_GROUP, MICROTENANT]),
    // ---------------------------------------------------------------- app connector groups
    ToolSpec::read(ZPA, CONNECTOR_GROUPS, "zpa_list_app_connector_groups")
        .title("List ZPA app connector groups")
        .describe(
            "List app connector groups with location, upgrade window, version profile and member \
             connectors (their status and versions). Ids are numeric strings; server groups \
             reference them.",
        )
        .path(zpa_v1!("/appConnectorGroup"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, CONNECTOR_GROUPS, "zpa_get_app_connector_group")
        .title("Get a ZPA app connector group")
        .describe(
            "Get one app connector group by its id (a numeric string from \
             zpa_list_app_connector_groups), with its connectors and settings.",
        )
        .path(zpa_v1!("/appConnectorGroup/{group_id}"))
        .params(&[CONNECTOR_GROUP, MICROTENANT]),
    ToolSpec::create(ZPA, CONNECTOR_GROUPS, "zpa_create_app_connector_group")
        .title("Create a ZPA app connector group")
        .describe(
            "Create an app connector group: where its connectors run, their DNS behaviour and \
             upgrade window. Connectors join it by enrolling with a provisioning key \
             (zpa_create_provisioning_key) for the group. Enabled unless enabled is false; \
             takes effect at once.",
        )
        .path(zpa_v1!("/appConnectorGroup"))
        .params(connector_group_params![
            required(NAME),
            required(LOCATION),
            required(LATITUDE),
            required(LONGITUDE),
        ])
        .hook(Hook::Custom(create_enabled)),
    ToolSpec::update(ZPA, CONNECTOR_GROUPS, "zpa_update_app_connector_group")
        .title("Update a ZPA app connector group")
        .describe(
            "Change an app connector group by its id (numeric string): the group is read, the \
             given fields replace their current values and the rest is kept. Takes effect at \
             once.",
        )
        .path(zpa_v1!("/appConnectorGroup/{group_id}"))
        .params(connector_group_params![
            CONNECTOR_GROUP,
            NAME,
            LOCATION,
            LATITUDE,
            LONGITUDE
        ])
        .hook(Hook::Custom(group_update)),
    ToolSpec::delete(ZPA, CONNECTOR_GROUPS, "zpa_delete_app_connector_group")
        .title("Delete a ZPA app connector group")
        .describe(
            "Delete an app connector group by its id (numeric string). Remove it from server \
             groups and delete its connectors and provisioning keys first; the API refuses \
             otherwise.",
        )
        .path(zpa_v1!("/appConnectorGroup/{group_id}"))
        .params(&[CONNECTOR_GROUP, MICROTENANT]),
    // ---------------------------------------------------------------- access policy
    ToolSpec::read(ZPA, POLICIES, "zpa_list_access_policy_rules")
        .title("List ZPA access policy rules")
        .describe(
            "List the access policy (who may reach which applications) in evaluation order: each \
             rule's action (ALLOW or DENY), ruleOrder and conditions (v1 shape: operands with \
             objectType, lhs and rhs). Rule ids are numeric strings.",
        )
        .path(zpa_v1!("/policySet/rules/policyType/ACCESS_POLICY"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, POLICIES, "zpa_get_access_policy_rule")
        .title("Get a ZPA access policy rule")
        .describe(
            "Get one access policy rule by its id (numeric string from \
             zpa_list_access_policy_rules); the access policy set is resolved for you.",
        )
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("ACCESS_POLICY")),
    ToolSpec::create(ZPA, POLICIES, "zpa_create_access_policy_rule")
        .title("Create a ZPA access policy rule")
        .describe(conditions_note!(
            "Add an access policy rule that allows or denies the matching users access to \
                 application segments. New rules go last unless rule_order is given. Takes \
                 effect at once."
        ))
        .path(
            // The hook reads the ACCESS_POLICY set and writes to its v2 rule collection.
            zpa_v1!("/policySet/ACCESS_POLICY/rule"),
        )
        .params(rule_params![
            required(RULE_NAME),
            required(ACCESS_ACTION),
            RULE_CONNECTOR_GROUP_IDS,
            RULE_SERVER_GROUP_IDS,
        ])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::update(ZPA, POLICIES, "zpa_update_access_policy_rule")
        .title("Update a ZPA access policy rule")
        .describe(update_note!(
            "Change an access policy rule by its id (numeric string from \
                 zpa_list_access_policy_rules)."
        ))
        .path(zpa_v1!("/policySet/ACCESS_POLICY/rule/{rule_id}"))
        .params(rule_params![
            RULE_ID,
            RULE_NAME,
            ACCESS_ACTION,
            RULE_CONNECTOR_GROUP_IDS,
            RULE_SERVER_GROUP_IDS,
        ])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::delete(ZPA, POLICIES, "zpa_delete_access_policy_rule")
        .title("Delete a ZPA access policy rule")
        .describe(
            "Delete an access policy rule by its id (numeric string). Users it allowed lose \
             access at once unless a later rule allows them.",
        )
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("ACCESS_POLICY")),
    // ---------------------------------------------------------------- client forwarding policy
    ToolSpec::read(ZPA, POLICIES, "zpa_list_forwarding_policy_rules")
        .title("List ZPA client forwarding policy rules")
        .describe(
            "List the client forwarding policy (whether Client Connector sends application \
             traffic through ZPA or directly) in evaluation order, with each rule's action \
             (INTERCEPT, INTERCEPT_ACCESSIBLE, BYPASS) and conditions. Rule ids are numeric \
             strings.",
        )
        .path(zpa_v1!(
            "/policySet/rules/policyType/CLIENT_FORWARDING_POLICY"
        ))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, POLICIES, "zpa_get_forwarding_policy_rule")
        .title("Get a ZPA client forwarding policy rule")
        .describe(
            "Get one client forwarding rule by its id (numeric string from \
             zpa_list_forwarding_policy_rules); the policy set is resolved for you.",
        )
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("CLIENT_FORWARDING_POLICY")),
    ToolSpec::create(ZPA, POLICIES, "zpa_create_forwarding_policy_rule")
        .title("Create a ZPA client forwarding policy rule")
        .describe(conditions_note!(
            "Add a client forwarding rule deciding whether matching traffic goes through \
                 ZPA (INTERCEPT, INTERCEPT_ACCESSIBLE) or around it (BYPASS). Takes effect at \
                 once."
        ))
        .path(zpa_v1!("/policySet/CLIENT_FORWARDING_POLICY/rule"))
        .params(rule_params![
            required(RULE_NAME),
            required(FORWARDING_ACTION)
        ])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::update(ZPA, POLICIES, "zpa_update_forwarding_policy_rule")
        .title("Update a ZPA client forwarding policy rule")
        .describe(update_note!(
            "Change a client forwarding rule by its id (numeric string from \
                 zpa_list_forwarding_policy_rules)."
        ))
        .path(zpa_v1!(
            "/policySet/CLIENT_FORWARDING_POLICY/rule/{rule_id}"
        ))
        .params(rule_params![RULE_ID, RULE_NAME, FORWARDING_ACTION])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::delete(ZPA, POLICIES, "zpa_delete_forwarding_policy_rule")
        .title("Delete a ZPA client forwarding policy rule")
        .describe("Delete a client forwarding rule by its id (numeric string).")
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("CLIENT_FORWARDING_POLICY")),
    // ---------------------------------------------------------------- timeout policy
    ToolSpec::read(ZPA, POLICIES, "zpa_list_timeout_policy_rules")
        .title("List ZPA timeout policy rules")
        .describe(
            "List the timeout (re-authentication) policy in evaluation order, with each rule's \
             reauthTimeout and reauthIdleTimeout in seconds and its conditions. Rule ids are \
             numeric strings.",
        )
        .path(zpa_v1!("/policySet/rules/policyType/TIMEOUT_POLICY"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, POLICIES, "zpa_get_timeout_policy_rule")
        .title("Get a ZPA timeout policy rule")
        .describe(
            "Get one timeout policy rule by its id (numeric string from \
             zpa_list_timeout_policy_rules); the policy set is resolved for you.",
        )
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("TIMEOUT_POLICY")),
    ToolSpec::create(ZPA, POLICIES, "zpa_create_timeout_policy_rule")
        .title("Create a ZPA timeout policy rule")
        .describe(conditions_note!(
            "Add a timeout rule setting how often matching users must authenticate again \
                 (action RE_AUTH; timeouts default to 172800 s and 600 s idle). Takes effect at \
                 once."
        ))
        .path(zpa_v1!("/policySet/TIMEOUT_POLICY/rule"))
        .params(rule_params![
            required(RULE_NAME),
            TIMEOUT_ACTION,
            REAUTH_TIMEOUT,
            REAUTH_IDLE_TIMEOUT
        ])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::update(ZPA, POLICIES, "zpa_update_timeout_policy_rule")
        .title("Update a ZPA timeout policy rule")
        .describe(update_note!(
            "Change a timeout policy rule by its id (numeric string from \
                 zpa_list_timeout_policy_rules)."
        ))
        .path(zpa_v1!("/policySet/TIMEOUT_POLICY/rule/{rule_id}"))
        .params(rule_params![
            RULE_ID,
            RULE_NAME,
            TIMEOUT_ACTION,
            REAUTH_TIMEOUT,
            REAUTH_IDLE_TIMEOUT
        ])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::delete(ZPA, POLICIES, "zpa_delete_timeout_policy_rule")
        .title("Delete a ZPA timeout policy rule")
        .describe("Delete a timeout policy rule by its id (numeric string).")
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("TIMEOUT_POLICY")),
    // ---------------------------------------------------------------- isolation policy
    ToolSpec::read(ZPA, POLICIES, "zpa_list_isolation_policy_rules")
        .title("List ZPA isolation policy rules")
        .describe(
            "List the isolation policy (which browser-access applications open in Cloud Browser \
             Isolation) in evaluation order, with each rule's action (ISOLATE, BYPASS_ISOLATE), \
             isolation profile and conditions. Rule ids are numeric strings.",
        )
        .path(zpa_v1!("/policySet/rules/policyType/ISOLATION_POLICY"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, POLICIES, "zpa_get_isolation_policy_rule")
        .title("Get a ZPA isolation policy rule")
        .describe(
            "Get one isolation policy rule by its id (numeric string from \
             zpa_list_isolation_policy_rules); the policy set is resolved for you.",
        )
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("ISOLATION_POLICY")),
    ToolSpec::create(ZPA, POLICIES, "zpa_create_isolation_policy_rule")
        .title("Create a ZPA isolation policy rule")
        .describe(conditions_note!(
            "Add an isolation rule: ISOLATE (with zpn_isolation_profile_id) or \
                 BYPASS_ISOLATE for matching browser-access traffic. The client type \
                 zpn_client_type_exporter condition the API requires is added when missing. \
                 Takes effect at once."
        ))
        .path(zpa_v1!("/policySet/ISOLATION_POLICY/rule"))
        .params(rule_params![
            required(RULE_NAME),
            required(ISOLATION_ACTION),
            ISOLATION_PROFILE_ID,
        ])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::update(ZPA, POLICIES, "zpa_update_isolation_policy_rule")
        .title("Update a ZPA isolation policy rule")
        .describe(update_note!(
            "Change an isolation policy rule by its id (numeric string from \
                 zpa_list_isolation_policy_rules). New conditions get the required \
                 zpn_client_type_exporter client type when missing."
        ))
        .path(zpa_v1!("/policySet/ISOLATION_POLICY/rule/{rule_id}"))
        .params(rule_params![
            RULE_ID,
            RULE_NAME,
            ISOLATION_ACTION,
            ISOLATION_PROFILE_ID
        ])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::delete(ZPA, POLICIES, "zpa_delete_isolation_policy_rule")
        .title("Delete a ZPA isolation policy rule")
        .describe("Delete an isolation policy rule by its id (numeric string).")
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("ISOLATION_POLICY")),
    // ---------------------------------------------------------------- app protection policy
    ToolSpec::read(ZPA, POLICIES, "zpa_list_app_protection_rules")
        .title("List ZPA app protection policy rules")
        .describe(
            "List the AppProtection (inspection) policy in evaluation order, with each rule's \
             action (INSPECT, BYPASS_INSPECT), inspection profile and conditions. Rule ids are \
             numeric strings.",
        )
        .path(zpa_v1!("/policySet/rules/policyType/INSPECTION_POLICY"))
        .params(&[SEARCH, MICROTENANT])
        .paged(Paging::ZpaPages),
    ToolSpec::read(ZPA, POLICIES, "zpa_get_app_protection_rule")
        .title("Get a ZPA app protection policy rule")
        .describe(
            "Get one AppProtection (inspection) rule by its id (numeric string from \
             zpa_list_app_protection_rules); the policy set is resolved for you.",
        )
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("INSPECTION_POLICY")),
    ToolSpec::create(ZPA, POLICIES, "zpa_create_app_protection_rule")
        .title("Create a ZPA app protection policy rule")
        .describe(conditions_note!(
            "Add an AppProtection rule: INSPECT matching traffic with an inspection \
                 profile (zpn_inspection_profile_id) or exempt it with BYPASS_INSPECT. Takes \
                 effect at once."
        ))
        .path(zpa_v1!("/policySet/INSPECTION_POLICY/rule"))
        .params(rule_params![
            required(RULE_NAME),
            required(INSPECTION_ACTION),
            INSPECTION_PROFILE_ID,
        ])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::update(ZPA, POLICIES, "zpa_update_app_protection_rule")
        .title("Update a ZPA app protection policy rule")
        .describe(update_note!(
            "Change an AppProtection (inspection) rule by its id (numeric string from \
                 zpa_list_app_protection_rules)."
        ))
        .path(zpa_v1!("/policySet/INSPECTION_POLICY/rule/{rule_id}"))
        .params(rule_params![
            RULE_ID,
            RULE_NAME,
            INSPECTION_ACTION,
            INSPECTION_PROFILE_ID
        ])
        .hook(Hook::Custom(policy_rule_write)),
    ToolSpec::delete(ZPA, POLICIES, "zpa_delete_app_protection_rule")
        .title("Delete a ZPA app protection policy rule")
        .describe("Delete an AppProtection (inspection) rule by its id (numeric string).")
        .path(zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"))
        .params(&[RULE_ID, MICROTENANT])
        .hook(Hook::ZpaPolicySet("INSPECTION_POLICY")),
];
