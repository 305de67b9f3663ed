//! The zia tool table: data only; the hooks it names are in `hooks.rs`.

use super::hooks::*;
use crate::catalog::common_hooks::{filter_by_name_arg, filter_categories};
use crate::catalog::spec::*;

pub(super) const ZIA: Service = Service::Zia;

pub(super) const PAGE_100: Paging = Paging::Pages {
    default_size: 100,
    max_size: 1000,
};

pub(super) const SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Filter by name (the API matches names containing this text).",
);

// ---------------------------------------------------------------- shared parameters

pub(super) const SORT_ORDER: Param = query(
    "sort_order",
    "sortOrder",
    Kind::Enum(&["asc", "desc", "rule_execution"]),
    "Sort direction for sort_by.",
);

pub(super) const LOCATION_ID: Param = path_int(
    "location_id",
    "Numeric location id (from zia_list_locations).",
);
pub(super) const STATIC_IP_ID: Param = path_int(
    "static_ip_id",
    "Numeric static IP id (from zia_list_static_ips; not the address itself).",
);
pub(super) const CREDENTIAL_ID: Param = path_int(
    "credential_id",
    "Numeric VPN credential id (from zia_list_vpn_credentials).",
);
pub(super) const LABEL_ID: Param = path_int(
    "label_id",
    "Numeric rule label id (from zia_list_rule_labels).",
);
pub(super) const URL_RULE_ID: Param = path_int(
    "rule_id",
    "Numeric URL filtering rule id (from zia_list_url_filtering_rules).",
);
pub(super) const CATEGORY_ID: Param = path_str(
    "category_id",
    "URL category id, a string: CUSTOM_nn for custom categories or a predefined id such as \
     FINANCE (from zia_list_url_categories).",
);
pub(super) const PREDEFINED_NAME: Param = required(query(
    "name",
    "name",
    Kind::Str,
    "Predefined category id (e.g. FINANCE) or its display name (e.g. \"Web Banking\"); \
     case-insensitive.",
));

// Locations: the common fields of create and update (name is required only on create).
pub(super) const LOC_PARENT: Param = field(
    "parent_id",
    "parentId",
    Kind::Int,
    "Parent location id: set it to create a sub-location under that location. 0 or absent \
     for a top-level location.",
);
pub(super) const LOC_DESCRIPTION: Param = field(
    "description",
    "description",
    Kind::Str,
    "Free-text notes (up to 1024 characters).",
);
pub(super) const LOC_COUNTRY: Param = field(
    "country",
    "country",
    Kind::Str,
    "Country as the ZIA enum name, e.g. UNITED_STATES, CANADA, UNITED_KINGDOM.",
);
pub(super) const LOC_TZ: Param = field(
    "tz",
    "tz",
    Kind::Str,
    "Time zone as the ZIA enum name, e.g. UNITED_STATES_AMERICA_LOS_ANGELES (defaults to GMT).",
);
pub(super) const LOC_IPS: Param = field(
    "ip_addresses",
    "ipAddresses",
    Kind::StrList,
    "Egress IP addresses. For a top-level location each entry is one static IP already \
     provisioned (zia_list_static_ips / zia_create_static_ip); sub-locations also accept \
     CIDRs and ranges such as 10.10.0.1-10.10.0.50.",
);
pub(super) const LOC_PORTS: Param = field(
    "ports",
    "ports",
    Kind::IntList,
    "Proxy ports associated with the location.",
);
pub(super) const LOC_PROFILE: Param = field(
    "profile",
    "profile",
    Kind::Enum(&["CORPORATE", "SERVER", "GUESTWIFI", "IOT", "WORKLOAD"]),
    "Traffic type of the location; decides its default dynamic location group.",
);
pub(super) const LOC_AUTH: Param = field(
    "auth_required",
    "authRequired",
    Kind::Bool,
    "Enforce user authentication.",
);
pub(super) const LOC_SURROGATE: Param = field(
    "surrogate_ip",
    "surrogateIP",
    Kind::Bool,
    "Map users to device IPs (IP surrogate); needs auth_required and idle_time_in_minutes.",
);
pub(super) const LOC_IDLE: Param = field(
    "idle_time_in_minutes",
    "idleTimeInMinutes",
    Kind::Int,
    "IP surrogate idle time to disassociation, in minutes.",
);
pub(super) const LOC_TIME_UNIT: Param = field(
    "display_time_unit",
    "displayTimeUnit",
    Kind::Enum(&["MINUTE", "HOUR", "DAY"]),
    "Unit the admin portal uses to show the surrogate idle time.",
);
pub(super) const LOC_XFF: Param = field(
    "xff_forward_enabled",
    "xffForwardEnabled",
    Kind::Bool,
    "Use the X-Forwarded-For header to identify internal client IPs.",
);
pub(super) const LOC_FW: Param = field(
    "ofw_enabled",
    "ofwEnabled",
    Kind::Bool,
    "Enable the cloud firewall for the location.",
);
pub(super) const LOC_IPS_CONTROL: Param = field(
    "ips_control",
    "ipsControl",
    Kind::Bool,
    "Enable IPS control (needs ofw_enabled).",
);
pub(super) const LOC_AUP: Param = field(
    "aup_enabled",
    "aupEnabled",
    Kind::Bool,
    "Show the acceptable use policy.",
);
pub(super) const LOC_CAUTION: Param = field(
    "caution_enabled",
    "cautionEnabled",
    Kind::Bool,
    "Show caution notifications.",
);
pub(super) const LOC_UP: Param = field(
    "up_bandwidth",
    "upBandwidth",
    Kind::Int,
    "Upload bandwidth in kbps for bandwidth control (0 = not enforced).",
);
pub(super) const LOC_DOWN: Param = field(
    "dn_bandwidth",
    "dnBandwidth",
    Kind::Int,
    "Download bandwidth in kbps for bandwidth control (0 = not enforced).",
);
pub(super) const LOC_EXTRA: Param = body_extra(
    "extra_fields",
    "Further location fields (camelCase, as in the API) merged into the body, e.g. \
     {\"vpnCredentials\": [{\"id\": 123, \"type\": \"UFQDN\"}]} to attach VPN credentials \
     from zia_list_vpn_credentials, or geoOverride/latitude/longitude.",
);

// URL categories: the list fields shared by create and the two updates.
pub(super) const CAT_NAME: Param = field(
    "configured_name",
    "configuredName",
    Kind::Str,
    "Display name of the category.",
);
pub(super) const CAT_DESCRIPTION: Param = field(
    "description",
    "description",
    Kind::Str,
    "Description of the category.",
);
pub(super) const CAT_URLS: Param = field(
    "urls",
    "urls",
    Kind::StrList,
    "Custom URLs or domains (a leading dot matches subdomains, e.g. .example.com). Replaces \
     the whole list; use zia_add_urls_to_category / zia_remove_urls_from_category to \
     change a few entries.",
);
pub(super) const CAT_DB_URLS: Param = field(
    "db_categorized_urls",
    "dbCategorizedUrls",
    Kind::StrList,
    "URLs that also stay in their original predefined category (\"URLs retaining parent \
     category\"). Replaces the whole list.",
);
pub(super) const CAT_KEYWORDS: Param = field(
    "keywords",
    "keywords",
    Kind::StrList,
    "Custom keywords. Replaces the whole list.",
);
pub(super) const CAT_KEYWORDS_PARENT: Param = field(
    "keywords_retaining_parent_category",
    "keywordsRetainingParentCategory",
    Kind::StrList,
    "Keywords that also keep matching the parent category. Replaces the whole list.",
);
pub(super) const CAT_IPS: Param = field(
    "ip_ranges",
    "ipRanges",
    Kind::StrList,
    "Custom IP ranges in CIDR form, e.g. 10.0.0.0/24 (the feature must be enabled for the \
     tenant). Replaces the whole list.",
);
pub(super) const CAT_IPS_PARENT: Param = field(
    "ip_ranges_retaining_parent_category",
    "ipRangesRetainingParentCategory",
    Kind::StrList,
    "IP ranges that also stay in the parent category. Replaces the whole list.",
);

// URL filtering rules: the fields shared by create and update.
pub(super) const URL_ACTIONS: Kind =
    Kind::Enum(&["ALLOW", "CAUTION", "BLOCK", "ISOLATE", "ICAP_RESPONSE"]);
pub(super) const RULE_DESCRIPTION: Param = field(
    "description",
    "description",
    Kind::Str,
    "Free-text description of the rule.",
);
pub(super) const RULE_ENABLED: Param = field(
    "enabled",
    "enabled",
    Kind::Bool,
    "Whether the rule is enforced (sent as state ENABLED or DISABLED).",
);
pub(super) const RULE_RANK: Param = field(
    "rank",
    "rank",
    Kind::Int,
    "Admin rank 0-7 (0 highest). Use 7 unless admin ranking is enabled for the tenant.",
);
pub(super) const RULE_CATEGORIES: Param = field(
    "url_categories",
    "urlCategories",
    Kind::StrList,
    "URL category ids the rule matches, e.g. [\"GAMBLING\", \"CUSTOM_01\"] or [\"ANY\"] \
     (ids from zia_list_url_categories).",
);
pub(super) const RULE_PROTOCOLS: Param = field(
    "protocols",
    "protocols",
    Kind::StrList,
    "Protocols, e.g. [\"ANY_RULE\"] or HTTP_RULE, HTTPS_RULE, FTP_RULE, TUNNEL_RULE, \
     TUNNELSSL_RULE, WEBSOCKET_RULE, WEBSOCKETSSL_RULE, DOHTTPS_RULE.",
);
pub(super) const RULE_METHODS: Param = field(
    "request_methods",
    "requestMethods",
    Kind::StrList,
    "HTTP methods: CONNECT, DELETE, GET, HEAD, OPTIONS, OTHER, POST, PUT, TRACE. Absent means \
     all methods.",
);
pub(super) const RULE_AGENTS: Param = field(
    "user_agent_types",
    "userAgentTypes",
    Kind::StrList,
    "Browser types, e.g. CHROME, FIREFOX, MSEDGE, MSIE, OPERA, SAFARI, OTHER.",
);
pub(super) const RULE_TRUST: Param = field(
    "device_trust_levels",
    "deviceTrustLevels",
    Kind::StrList,
    "Device trust levels: UNKNOWN_DEVICETRUSTLEVEL, LOW_TRUST, MEDIUM_TRUST, HIGH_TRUST.",
);
pub(super) const RULE_RISK: Param = field(
    "user_risk_score_levels",
    "userRiskScoreLevels",
    Kind::StrList,
    "User risk score levels: LOW, MEDIUM, HIGH, CRITICAL.",
);
pub(super) const RULE_OVERRIDE: Param = field(
    "block_override",
    "blockOverride",
    Kind::Bool,
    "Allow users to override a BLOCK (optionally limited by override_users/override_groups).",
);
pub(super) const RULE_TIME_QUOTA: Param = field(
    "time_quota",
    "timeQuota",
    Kind::Int,
    "Minutes of browsing allowed before the rule applies (not for BLOCK).",
);
pub(super) const RULE_SIZE_QUOTA: Param = field(
    "size_quota",
    "sizeQuota",
    Kind::Int,
    "Kilobytes allowed before the rule applies (not for BLOCK).",
);
pub(super) const RULE_VALIDITY: Param = field(
    "enforce_time_validity",
    "enforceTimeValidity",
    Kind::Bool,
    "Only apply the rule between validity_start_time and validity_end_time.",
);
pub(super) const RULE_START: Param = field(
    "validity_start_time",
    "validityStartTime",
    Kind::Int,
    "Start of validity, Unix epoch seconds.",
);
pub(super) const RULE_END: Param = field(
    "validity_end_time",
    "validityEndTime",
    Kind::Int,
    "End of validity, Unix epoch seconds.",
);
pub(super) const RULE_TZ: Param = field(
    "validity_time_zone_id",
    "validityTimeZoneId",
    Kind::Str,
    "Time zone of the validity window, e.g. US/Pacific.",
);
pub(super) const RULE_EUN_URL: Param = field(
    "end_user_notification_url",
    "endUserNotificationUrl",
    Kind::Str,
    "Custom notification page shown when the rule matches.",
);
pub(super) const RULE_LOCATIONS: Param = body_refs(
    "locations",
    "locations",
    "Location ids the rule applies to (zia_list_locations).",
);
pub(super) const RULE_LOCATION_GROUPS: Param = body_refs(
    "location_groups",
    "locationGroups",
    "Location group ids (zia_list_location_groups).",
);
pub(super) const RULE_GROUPS: Param =
    body_refs("groups", "groups", "User group ids (get_zia_user_groups).");
pub(super) const RULE_DEPARTMENTS: Param = body_refs(
    "departments",
    "departments",
    "Department ids (get_zia_user_departments).",
);
pub(super) const RULE_USERS: Param = body_refs("users", "users", "User ids (get_zia_users).");
pub(super) const RULE_LABELS: Param =
    body_refs("labels", "labels", "Rule label ids (zia_list_rule_labels).");
pub(super) const RULE_TIME_WINDOWS: Param = body_refs(
    "time_windows",
    "timeWindows",
    "Time interval ids during which the rule applies.",
);
pub(super) const RULE_DEVICE_GROUPS: Param = body_refs(
    "device_groups",
    "deviceGroups",
    "Device group ids (zia_list_device_groups).",
);
pub(super) const RULE_DEVICES: Param =
    body_refs("devices", "devices", "Device ids (zia_list_devices).");
pub(super) const RULE_WORKLOADS: Param = body_refs(
    "workload_groups",
    "workloadGroups",
    "Workload group ids (zia_list_workload_groups).",
);
pub(super) const RULE_OVERRIDE_USERS: Param = body_refs(
    "override_users",
    "overrideUsers",
    "User ids allowed to override a BLOCK when block_override is true.",
);
pub(super) const RULE_OVERRIDE_GROUPS: Param = body_refs(
    "override_groups",
    "overrideGroups",
    "Group ids allowed to override a BLOCK when block_override is true.",
);
pub(super) const RULE_EXTRA: Param = body_extra(
    "extra_fields",
    "Further rule fields (camelCase, as in the API) merged into the body, e.g. \
     {\"cbiProfile\": {\"id\": \"<uuid>\"}} for ISOLATE, or urlCategories2.",
);

// VPN credentials and static IPs.
pub(super) const PSK: Param = field(
    "pre_shared_key",
    "preSharedKey",
    Kind::Str,
    "IKE pre-shared key (write-only: never returned by the API).",
);
pub(super) const VPN_COMMENTS: Param = field("comments", "comments", Kind::Str, "Free-text notes.");
pub(super) const VPN_FQDN: Param = field(
    "fqdn",
    "fqdn",
    Kind::Str,
    "User FQDN (e.g. branch1@example.com); required for type UFQDN.",
);
pub(super) const STATIC_COMMENT: Param = field("comment", "comment", Kind::Str, "Free-text notes.");
pub(super) const STATIC_GEO: Param = field(
    "geo_override",
    "geoOverride",
    Kind::Bool,
    "Set the location by coordinates instead of the IP's geolocation; then pass latitude \
     and longitude (numbers) in extra_fields.",
);
pub(super) const STATIC_ROUTABLE: Param = field(
    "routable_ip",
    "routableIP",
    Kind::Bool,
    "Whether a non-RFC 1918 address is publicly routable (only matters with a private \
     service edge).",
);
pub(super) const STATIC_EXTRA: Param = body_extra(
    "extra_fields",
    "Further static IP fields (camelCase) merged into the body, e.g. {\"latitude\": \
     37.3382, \"longitude\": -121.8863} with geo_override.",
);

// Tenant-wide settings.
pub(super) const ADVANCED_SETTINGS: Param = crate::tool::advanced::settings(
    "Any advanced settings to change, keyed by their API names (camelCase, or snake_case \
     as the official server takes them), e.g. \
     {\"authBypassUrls\": [\".example.com\"], \"uiSessionTimeout\": 3600}. Read them first \
     with zia_get_advanced_settings. Fields not given keep their current values.",
);
pub(super) const MOBILE_SETTINGS: Param = crate::tool::advanced::settings(
    "Any mobile threat settings to change, keyed by their API names (camelCase, or \
     snake_case as the official server takes them). Fields not given keep their current \
     values.",
);
pub(super) const EXEMPT_URLS: Param = required(field(
    "exempt_urls",
    "urls",
    Kind::StrList,
    "URLs or domains, e.g. [\"example.com\", \".partner.example\"].",
));

// ---------------------------------------------------------------- the table

pub const TOOLS: &[ToolSpec] = &[
    // ------------------------------------------------------------ zia_admin
    ToolSpec::read(ZIA, "zia_admin", "zia_get_activation_status")
        .title("Get ZIA activation status")
        .describe(
            "Whether ZIA configuration changes are waiting to be activated: ACTIVE (nothing \
             pending), PENDING (saved changes not yet pushed) or INPROGRESS (an activation is \
             running). Check it after ZIA writes; zia_activate_configuration pushes them.",
        )
        .path(zia!("/status")),
    ToolSpec::update(ZIA, "zia_admin", "zia_activate_configuration")
        .title("Activate pending ZIA changes")
        .describe(
            "Push every saved but pending ZIA configuration change (from any admin or API \
             client) to enforcement, for the whole tenant at once, and wait for it to finish \
             within the call's time budget. Every ZIA create, update or delete stays staged \
             until this runs.",
        )
        .method(HttpMethod::Post)
        .path(zia!("/status/activate"))
        .hook(Hook::ZiaActivate),
    // ------------------------------------------------------------ zia_advanced_settings
    ToolSpec::read(ZIA, "zia_advanced_settings", "zia_get_advanced_settings")
        .title("Get ZIA advanced settings")
        .describe(
            "Read the tenant-wide advanced settings: authentication bypass URLs and apps, DNS \
             optimization, HTTP tunnel and domain-fronting controls, admin session timeout, \
             Office 365 one-click and similar switches.",
        )
        .path(zia!("/advancedSettings")),
    ToolSpec::update(ZIA, "zia_advanced_settings", "zia_update_advanced_settings")
        .title("Update ZIA advanced settings")
        .describe(
            "Change tenant-wide advanced settings. Only the fields you pass change: the current \
             settings are read and your values laid over them before the full object is written \
             back. List fields (URLs, apps) replace the whole list, so read the current list \
             with zia_get_advanced_settings first. Staged until zia_activate_configuration.",
        )
        .path(zia!("/advancedSettings"))
        .params(&[
            field(
                "enable_office365",
                "enableOffice365",
                Kind::Bool,
                "Microsoft Office 365 one-click configuration.",
            ),
            field(
                "ui_session_timeout",
                "uiSessionTimeout",
                Kind::Int,
                "Admin portal login session timeout, in seconds.",
            ),
            field(
                "auth_bypass_urls",
                "authBypassUrls",
                Kind::StrList,
                "URLs exempted from cookie authentication (replaces the list).",
            ),
            field(
                "kerberos_bypass_urls",
                "kerberosBypassUrls",
                Kind::StrList,
                "URLs exempted from Kerberos authentication (replaces the list).",
            ),
            field(
                "digest_auth_bypass_urls",
                "digestAuthBypassUrls",
                Kind::StrList,
                "URLs exempted from Digest authentication (replaces the list).",
            ),
            field(
                "dns_resolution_on_transparent_proxy_urls",
                "dnsResolutionOnTransparentProxyUrls",
                Kind::StrList,
                "URLs to which DNS optimization on transparent proxy applies (replaces the list).",
            ),
            field(
                "dns_resolution_on_transparent_proxy_exempt_urls",
                "dnsResolutionOnTransparentProxyExemptUrls",
                Kind::StrList,
                "URLs excluded from DNS optimization on transparent proxy (replaces the list).",
            ),
            field(
                "enable_dns_resolution_on_transparent_proxy",
                "enableDnsResolutionOnTransparentProxy",
                Kind::Bool,
                "DNS optimization for Z-Tunnel 2.0 and transparent proxy traffic.",
            ),
            field(
                "log_internal_ip",
                "logInternalIp",
                Kind::Bool,
                "Log the internal IP from the X-Forwarded-For header.",
            ),
            field(
                "cascade_url_filtering",
                "cascadeUrlFiltering",
                Kind::Bool,
                "Apply URL filtering even when cloud app control already allowed the traffic.",
            ),
            field(
                "enable_policy_for_unauthenticated_traffic",
                "enablePolicyForUnauthenticatedTraffic",
                Kind::Bool,
                "Allow user and department criteria in policies for unauthenticated traffic.",
            ),
            field(
                "block_http_tunnel_on_non_http_ports",
                "blockHttpTunnelOnNonHttpPorts",
                Kind::Bool,
                "Block HTTP CONNECT to ports other than 80 and 443.",
            ),
            field(
                "block_domain_fronting_on_host_header",
                "blockDomainFrontingOnHostHeader",
                Kind::Bool,
                "Block requests whose Host header does not match the URL or SNI.",
            ),
            field(
                "block_connect_host_sni_mismatch",
                "blockConnectHostSniMismatch",
                Kind::Bool,
                "Block CONNECT requests whose host does not match the TLS SNI.",
            ),
            field(
                "block_non_compliant_http_request_on_http_ports",
                "blockNonCompliantHttpRequestOnHttpPorts",
                Kind::Bool,
                "Block traffic on HTTP ports that does not follow the HTTP RFCs.",
            ),
            field(
                "enable_admin_rank_access",
                "enableAdminRankAccess",
                Kind::Bool,
                "Enable admin ranks in policy configuration.",
            ),
            field(
                "http2_nonbrowser_traffic_enabled",
                "http2NonbrowserTrafficEnabled",
                Kind::Bool,
                "Use HTTP/2 as the default web protocol for non-browser applications.",
            ),
            field(
                "dynamic_user_risk_enabled",
                "dynamicUserRiskEnabled",
                Kind::Bool,
                "Update user risk scores from risky activity in real time.",
            ),
            ADVANCED_SETTINGS,
        ]),
    // ------------------------------------------------------------ zia_authentication_settings
    ToolSpec::read(
        ZIA,
        "zia_authentication_settings",
        "zia_list_auth_exempt_urls",
    )
    .title("List ZIA cookie-authentication exempt URLs")
    .describe(
        "List the URLs and domains exempted from cookie authentication (returned as \
             {\"urls\": [...]}).",
    )
    .path(zia!("/authSettings/exemptedUrls")),
    ToolSpec::create(
        ZIA,
        "zia_authentication_settings",
        "zia_add_auth_exempt_urls",
    )
    .title("Add ZIA cookie-authentication exempt URLs")
    .describe(
        "Add URLs or domains to the cookie-authentication exempt list, keeping the \
             entries already there; returns the updated list. Staged until \
             zia_activate_configuration.",
    )
    .path(zia!("/authSettings/exemptedUrls"))
    .params(&[EXEMPT_URLS])
    .hook(Hook::Custom(add_exempt_urls)),
    ToolSpec::delete(
        ZIA,
        "zia_authentication_settings",
        "zia_delete_auth_exempt_urls",
    )
    .title("Remove ZIA cookie-authentication exempt URLs")
    .describe(
        "Remove the given URLs or domains from the cookie-authentication exempt list \
             (other entries stay); returns the remaining list. Staged until \
             zia_activate_configuration.",
    )
    .method(HttpMethod::Post)
    .path(zia!("/authSettings/exemptedUrls"))
    .params(&[EXEMPT_URLS])
    .hook(Hook::Custom(remove_exempt_urls)),
    // ------------------------------------------------------------ zia_devices
    ToolSpec::read(ZIA, "zia_devices", "zia_list_device_groups")
        .title("List ZIA device groups")
        .describe(
            "List device groups (by OS type and Client Connector/isolation pseudo groups) with \
             their device counts. Their ids are used in the device_groups criteria of rules.",
        )
        .path(zia!("/deviceGroups"))
        .params(&[
            query(
                "include_device_info",
                "includeDeviceInfo",
                Kind::Bool,
                "Include device information.",
            ),
            query(
                "include_pseudo_groups",
                "includePseudoGroups",
                Kind::Bool,
                "Include Client Connector and cloud browser isolation pseudo groups.",
            ),
            query(
                "include_iot_groups",
                "includeIOTGroups",
                Kind::Bool,
                "Include IoT device groups.",
            ),
        ]),
    ToolSpec::read(ZIA, "zia_devices", "zia_list_devices")
        .title("List ZIA devices")
        .describe(
            "List devices managed with Zscaler Client Connector: name, model, OS, owner. Filter \
             by name, owner, OS, device group or owning user ids.",
        )
        .path(zia!("/deviceGroups/devices"))
        .params(&[
            query("name", "name", Kind::Str, "Device name to match."),
            query("model", "model", Kind::Str, "Device model to match."),
            query("owner", "owner", Kind::Str, "Owner user name to match."),
            query(
                "os_type",
                "osType",
                Kind::Str,
                "Operating system, e.g. WINDOWS_OS, MAC_OS, ANDROID_OS, IOS, LINUX.",
            ),
            query("os_version", "osVersion", Kind::Str, "OS version to match."),
            query(
                "device_group_id",
                "deviceGroupId",
                Kind::Int,
                "Only devices of this device group (id from zia_list_device_groups).",
            ),
            query(
                "user_ids",
                "userIds",
                Kind::IntList,
                "Only devices owned by these user ids (from get_zia_users).",
            ),
            query(
                "include_all",
                "includeAll",
                Kind::Bool,
                "Also include cloud browser isolation devices.",
            ),
        ])
        .paged(PAGE_100),
    ToolSpec::read(ZIA, "zia_devices", "zia_list_devices_lite")
        .title("List ZIA devices (id, name, owner)")
        .describe(
            "List devices with only their id, name and owner: a cheap way to find device ids.",
        )
        .path(zia!("/deviceGroups/devices/lite"))
        .params(&[
            query("name", "name", Kind::Str, "Device name to match."),
            query(
                "user_ids",
                "userIds",
                Kind::IntList,
                "Only devices owned by these user ids (from get_zia_users).",
            ),
            query(
                "include_all",
                "includeAll",
                Kind::Bool,
                "Also include cloud browser isolation devices.",
            ),
        ])
        .paged(PAGE_100),
    // ------------------------------------------------------------ zia_locations
    ToolSpec::read(ZIA, "zia_locations", "zia_list_locations")
        .title("List ZIA locations")
        .describe(
            "List locations (offices, data centres, cloud VPCs) with their egress IPs, VPN \
             credentials and enforcement settings. Sub-locations are not listed; read a \
             location with zia_get_location for its details.",
        )
        .path(zia!("/locations"))
        .params(&[
            query(
                "search",
                "search",
                Kind::Str,
                "Text matched against location names and ports.",
            ),
            query(
                "auth_required",
                "authRequired",
                Kind::Bool,
                "Only locations that do (true) or do not (false) enforce authentication.",
            ),
            query(
                "xff_enabled",
                "xffEnabled",
                Kind::Bool,
                "Filter on XFF forwarding being enabled.",
            ),
            query(
                "bw_enforced",
                "bwEnforced",
                Kind::Bool,
                "Filter on bandwidth control being enforced.",
            ),
        ])
        .paged(PAGE_100),
    ToolSpec::read(ZIA, "zia_locations", "zia_get_location")
        .title("Get a ZIA location")
        .describe("Get one location or sub-location by its numeric id, with all its settings.")
        .path(zia!("/locations/{location_id}"))
        .params(&[LOCATION_ID]),
    ToolSpec::create(ZIA, "zia_locations", "zia_create_location")
        .title("Create a ZIA location")
        .describe(
            "Create a location (or a sub-location with parent_id). A top-level location is \
             identified by egress IPs (ip_addresses, which must already exist as static IPs: \
             zia_create_static_ip) or by VPN credentials (extra_fields.vpnCredentials, from \
             zia_create_vpn_credential). Staged until zia_activate_configuration.",
        )
        .path(zia!("/locations"))
        .params(&[
            required(field("name", "name", Kind::Str, "Location name (unique).")),
            LOC_PARENT,
            LOC_DESCRIPTION,
            LOC_COUNTRY,
            LOC_TZ,
            LOC_IPS,
            LOC_PORTS,
            LOC_PROFILE,
            LOC_AUTH,
            LOC_SURROGATE,
            LOC_IDLE,
            LOC_TIME_UNIT,
            LOC_XFF,
            LOC_FW,
            LOC_IPS_CONTROL,
            LOC_AUP,
            LOC_CAUTION,
            LOC_UP,
            LOC_DOWN,
            LOC_EXTRA,
            crate::tool::advanced::ZIA_OBJECT,
        ]),
    ToolSpec::update(ZIA, "zia_locations", "zia_update_location")
        .title("Update a ZIA location")
        .describe(
            "Change a location or sub-location. Only the fields you pass change: the current \
             location is read and your values laid over it before it is written back (list \
             fields such as ip_addresses replace the whole list). Staged until \
             zia_activate_configuration.",
        )
        .path(zia!("/locations/{location_id}"))
        .params(&[
            LOCATION_ID,
            field("name", "name", Kind::Str, "New location name."),
            LOC_PARENT,
            LOC_DESCRIPTION,
            LOC_COUNTRY,
            LOC_TZ,
            LOC_IPS,
            LOC_PORTS,
            LOC_PROFILE,
            LOC_AUTH,
            LOC_SURROGATE,
            LOC_IDLE,
            LOC_TIME_UNIT,
            LOC_XFF,
            LOC_FW,
            LOC_IPS_CONTROL,
            LOC_AUP,
            LOC_CAUTION,
            LOC_UP,
            LOC_DOWN,
            LOC_EXTRA,
            crate::tool::advanced::ZIA_OBJECT,
        ]),
    ToolSpec::delete(ZIA, "zia_locations", "zia_delete_location")
        .title("Delete a ZIA location")
        .describe(
            "Delete a location by numeric id; its sub-locations go with it. Rules that name it \
             lose that criterion. Staged until zia_activate_configuration.",
        )
        .path(zia!("/locations/{location_id}"))
        .params(&[LOCATION_ID]),
    ToolSpec::read(ZIA, "zia_locations", "zia_list_location_groups")
        .title("List ZIA location groups")
        .describe(
            "List static and dynamic location groups with their member locations. Their ids \
             are used in the location_groups criteria of rules.",
        )
        .path(zia!("/locations/groups"))
        .params(&[
            SEARCH,
            query("name", "name", Kind::Str, "Location group name."),
            query(
                "location_id",
                "locationId",
                Kind::Int,
                "Only groups containing this location id.",
            ),
        ])
        .paged(PAGE_100),
    ToolSpec::read(ZIA, "zia_locations", "zia_get_location_group")
        .title("Get a ZIA location group")
        .describe(
            "Get one location group by its numeric id, with its criteria and member locations.",
        )
        .path(zia!("/locations/groups/{group_id}"))
        .params(&[path_int(
            "group_id",
            "Numeric location group id (from zia_list_location_groups).",
        )]),
    ToolSpec::read(ZIA, "zia_locations", "zia_list_static_ips")
        .title("List ZIA static IPs")
        .describe(
            "List the static (egress) IP addresses provisioned for the tenant, with their \
             geolocation. Locations and GRE tunnels can only use addresses listed here.",
        )
        .path(zia!("/staticIP"))
        .params(&[
            query(
                "search",
                "search",
                Kind::Str,
                "Only addresses matching this text (the API's own search).",
            ),
            query(
                "ip_address",
                "ipAddress",
                Kind::Str,
                "Only this IP address, e.g. 203.0.113.10.",
            ),
            query(
                "available_for_gre_tunnel",
                "availableForGreTunnel",
                Kind::Bool,
                "Only addresses not yet used by a GRE tunnel.",
            ),
        ])
        .paged(PAGE_100),
    ToolSpec::read(ZIA, "zia_locations", "zia_get_static_ip")
        .title("Get a ZIA static IP")
        .describe("Get one static IP by its numeric id.")
        .path(zia!("/staticIP/{static_ip_id}"))
        .params(&[STATIC_IP_ID]),
    ToolSpec::create(ZIA, "zia_locations", "zia_create_static_ip")
        .title("Create a ZIA static IP")
        .describe(
            "Provision a public egress IP address so locations and GRE tunnels can use it. The \
             city is derived from the address unless geo_override is set. Staged until \
             zia_activate_configuration.",
        )
        .path(zia!("/staticIP"))
        .params(&[
            required(field(
                "ip_address",
                "ipAddress",
                Kind::Str,
                "The public IPv4 address, e.g. 203.0.113.10.",
            )),
            STATIC_COMMENT,
            STATIC_GEO,
            STATIC_ROUTABLE,
            STATIC_EXTRA,
        ]),
    ToolSpec::update(ZIA, "zia_locations", "zia_update_static_ip")
        .title("Update a ZIA static IP")
        .describe(
            "Change a static IP's comment, routability or geolocation override (the address \
             itself cannot change). Other fields keep their values. Staged until \
             zia_activate_configuration.",
        )
        .path(zia!("/staticIP/{static_ip_id}"))
        .params(&[
            STATIC_IP_ID,
            STATIC_COMMENT,
            STATIC_GEO,
            STATIC_ROUTABLE,
            STATIC_EXTRA,
        ])
        .hook(Hook::Custom(update_static_ip)),
    ToolSpec::delete(ZIA, "zia_locations", "zia_delete_static_ip")
        .title("Delete a ZIA static IP")
        .describe(
            "Delete a static IP by numeric id. It must not be used by a location or GRE tunnel \
             any more. Staged until zia_activate_configuration.",
        )
        .path(zia!("/staticIP/{static_ip_id}"))
        .params(&[STATIC_IP_ID]),
    ToolSpec::read(ZIA, "zia_locations", "zia_list_vpn_credentials")
        .title("List ZIA VPN credentials")
        .describe(
            "List IPSec VPN credentials (IP, UFQDN, CN or XAUTH) and the location each is \
             attached to. Pre-shared keys are never returned.",
        )
        .path(zia!("/vpnCredentials"))
        .params(&[
            query(
                "search",
                "search",
                Kind::Str,
                "Text matched against FQDN, IP address, common name, comments and location \
                 name.",
            ),
            query(
                "credential_type",
                "type",
                Kind::Enum(&["IP", "UFQDN", "CN", "XAUTH"]),
                "Only credentials of this type.",
            ),
            query(
                "include_only_without_location",
                "includeOnlyWithoutLocation",
                Kind::Bool,
                "Only credentials not attached to any location.",
            ),
            query(
                "location_id",
                "locationId",
                Kind::Int,
                "Only the credentials of this location id.",
            ),
        ])
        .paged(PAGE_100),
    ToolSpec::read(ZIA, "zia_locations", "zia_get_vpn_credential")
        .title("Get a ZIA VPN credential")
        .describe("Get one VPN credential by its numeric id.")
        .path(zia!("/vpnCredentials/{credential_id}"))
        .params(&[CREDENTIAL_ID]),
    ToolSpec::create(ZIA, "zia_locations", "zia_create_vpn_credential")
        .title("Create a ZIA VPN credential")
        .describe(
            "Create an IPSec VPN credential to attach to a location (zia_create_location or \
             zia_update_location with extra_fields.vpnCredentials). Type IP needs ip_address (an \
             existing static IP); type UFQDN needs fqdn. Staged until zia_activate_configuration.",
        )
        .path(zia!("/vpnCredentials"))
        .params(&[
            required(field(
                "credential_type",
                "type",
                Kind::Enum(&["IP", "UFQDN"]),
                "How the VPN peer is identified; cannot change later.",
            )),
            required(PSK),
            field(
                "ip_address",
                "ipAddress",
                Kind::Str,
                "Static IP address of the peer; required for type IP.",
            ),
            VPN_FQDN,
            VPN_COMMENTS,
        ]),
    ToolSpec::update(ZIA, "zia_locations", "zia_update_vpn_credential")
        .title("Update a ZIA VPN credential")
        .describe(
            "Change a VPN credential's pre-shared key, FQDN or comments (the type cannot \
             change). Other fields keep their values. Staged until zia_activate_configuration.",
        )
        .path(zia!("/vpnCredentials/{credential_id}"))
        .params(&[CREDENTIAL_ID, PSK, VPN_FQDN, VPN_COMMENTS]),
    ToolSpec::delete(ZIA, "zia_locations", "zia_delete_vpn_credential")
        .title("Delete a ZIA VPN credential")
        .describe(
            "Delete a VPN credential by numeric id. Detach it from its location first. Staged \
             until zia_activate_configuration.",
        )
        .path(zia!("/vpnCredentials/{credential_id}"))
        .params(&[CREDENTIAL_ID]),
    ToolSpec::read(ZIA, "zia_locations", "zia_list_gre_tunnels")
        .title("List ZIA GRE tunnels")
        .describe(
            "List GRE tunnels with their source IP, primary and secondary Zscaler VIPs and \
             internal IP range.",
        )
        .path(zia!("/greTunnels"))
        .paged(PAGE_100),
    ToolSpec::read(ZIA, "zia_locations", "zia_get_gre_tunnel")
        .title("Get a ZIA GRE tunnel")
        .describe("Get one GRE tunnel by its numeric id.")
        .path(zia!("/greTunnels/{tunnel_id}"))
        .params(&[path_int(
            "tunnel_id",
            "Numeric GRE tunnel id (from zia_list_gre_tunnels).",
        )]),
    ToolSpec::create(ZIA, "zia_locations", "zia_create_gre_tunnel")
        .title("Create a ZIA GRE tunnel")
        .describe(
            "Create a GRE tunnel from a static IP the tenant already has (zia_list_static_ips; \
             create it with zia_create_static_ip otherwise). Without VIP ids the two closest \
             recommended Zscaler VIPs in different cities are chosen; a numbered tunnel \
             (ip_unnumbered not true) without internal_ip_range gets the next free internal \
             range. Staged until zia_activate_configuration.",
        )
        .path(zia!("/greTunnels"))
        .params(&[
            required(field(
                "static_ip_address",
                "sourceIp",
                Kind::Str,
                "Source IP of the tunnel: an existing static IP address, e.g. \
                 203.0.113.10.",
            )),
            field(
                "ip_unnumbered",
                "ipUnnumbered",
                Kind::Bool,
                "true for an unnumbered tunnel (no internal IP range), as SD-WAN \
                 provisioning uses.",
            ),
            field(
                "internal_ip_range",
                "internalIpRange",
                Kind::Str,
                "Start of the /29 internal range for a numbered tunnel (from \
                 zia_list_gre_ranges).",
            ),
            field(
                "primary_dest_vip_id",
                "primaryDestVip",
                Kind::Int,
                "Id of the primary Zscaler VIP. Omit to use the closest recommended one.",
            ),
            field(
                "secondary_dest_vip_id",
                "secondaryDestVip",
                Kind::Int,
                "Id of the secondary Zscaler VIP. Omit to use the closest recommended one \
                 in another city.",
            ),
            field(
                "within_country",
                "withinCountry",
                Kind::Bool,
                "Only use VIPs in the source IP's country.",
            ),
            field("comment", "comment", Kind::Str, "Free-text notes."),
            EXTRA_FIELDS,
        ])
        .hook(Hook::Custom(create_gre_tunnel)),
    ToolSpec::delete(ZIA, "zia_locations", "zia_delete_gre_tunnel")
        .title("Delete a ZIA GRE tunnel")
        .describe(
            "Delete a GRE tunnel by numeric id and, when static_ip_id is given, the static IP \
             it used right after. Staged until zia_activate_configuration.",
        )
        .path(zia!("/greTunnels/{tunnel_id}"))
        .params(&[
            path_int(
                "tunnel_id",
                "Numeric GRE tunnel id (from zia_list_gre_tunnels).",
            ),
            field(
                "static_ip_id",
                "staticIpId",
                Kind::Int,
                "Numeric id of the tunnel's static IP (zia_list_static_ips) to delete as \
                 well. Omit to keep the static IP.",
            ),
        ])
        .hook(Hook::Custom(delete_gre_tunnel)),
    ToolSpec::read(ZIA, "zia_locations", "zia_list_gre_ranges")
        .title("List free ZIA GRE internal IP ranges")
        .describe(
            "List the next available /29 internal IP ranges for numbered GRE tunnels, as start \
             and end addresses.",
        )
        .path(zia!("/greTunnels/availableInternalIpRanges"))
        .params(&[
            query(
                "internal_ip_range",
                "internalIpRange",
                Kind::Str,
                "Internal IP range to start from.",
            ),
            query(
                "static_ip",
                "staticIp",
                Kind::Str,
                "Static IP address the tunnel will use, e.g. 203.0.113.10.",
            ),
            query(
                "max_ranges",
                "limit",
                Kind::Int,
                "Maximum number of ranges to return.",
            ),
        ]),
    ToolSpec::read(ZIA, "zia_locations", "zia_geo_search")
        .title("Look up ZIA geographic data")
        .describe(
            "Find ZIA's geographic data (city, state, country, geo ids, coordinates) by \
             coordinates (action geo_by_coordinates with latitude and longitude), by IP \
             address (geo_by_ip with ip), or by city name prefix (city_prefix_search with \
             prefix, e.g. \"San Jose, California\").",
        )
        .path(zia!("/region"))
        .params(&[
            required(query(
                "action",
                "action",
                Kind::Enum(&["geo_by_coordinates", "geo_by_ip", "city_prefix_search"]),
                "Which lookup to run.",
            )),
            query(
                "latitude",
                "latitude",
                Kind::Number,
                "Latitude in decimal degrees, e.g. 37.3382 (a numeric string is taken \
                 too; geo_by_coordinates).",
            ),
            query(
                "longitude",
                "longitude",
                Kind::Number,
                "Longitude in decimal degrees, e.g. -121.8863 (a numeric string is taken \
                 too; geo_by_coordinates).",
            ),
            query("ip", "ip", Kind::Str, "IPv4 or IPv6 address (geo_by_ip)."),
            query(
                "prefix",
                "prefix",
                Kind::Str,
                "City name prefix, optionally \"city, state, country\" (city_prefix_search).",
            ),
        ])
        .hook(Hook::Custom(geo_search)),
    // ------------------------------------------------------------ zia_misc
    ToolSpec::read(ZIA, "zia_misc", "zia_get_mobile_advanced_settings")
        .title("Get ZIA mobile threat settings")
        .describe(
            "Read the mobile malware protection settings: whether apps with malicious activity, \
             known vulnerabilities or leaking credentials, location, PII or device ids, or \
             talking to ad or unknown servers are blocked.",
        )
        .path(zia!("/mobileAdvanceThreatSettings")),
    ToolSpec::update(ZIA, "zia_misc", "zia_update_mobile_advanced_settings")
        .title("Update ZIA mobile threat settings")
        .describe(
            "Change mobile malware protection settings. Only the switches you pass change; the \
             others keep their current values. Staged until zia_activate_configuration.",
        )
        .path(zia!("/mobileAdvanceThreatSettings"))
        .params(&[
            field(
                "block_apps_with_malicious_activity",
                "blockAppsWithMaliciousActivity",
                Kind::Bool,
                "Block malicious or hidden applications.",
            ),
            field(
                "block_apps_with_known_vulnerabilities",
                "blockAppsWithKnownVulnerabilities",
                Kind::Bool,
                "Block apps with known vulnerabilities or insecure modules.",
            ),
            field(
                "block_apps_sending_unencrypted_user_credentials",
                "blockAppsSendingUnencryptedUserCredentials",
                Kind::Bool,
                "Block apps that send user credentials unencrypted.",
            ),
            field(
                "block_apps_sending_location_info",
                "blockAppsSendingLocationInfo",
                Kind::Bool,
                "Block apps that leak the device location.",
            ),
            field(
                "block_apps_sending_personally_identifiable_info",
                "blockAppsSendingPersonallyIdentifiableInfo",
                Kind::Bool,
                "Block apps that leak personally identifiable information.",
            ),
            field(
                "block_apps_sending_device_identifier",
                "blockAppsSendingDeviceIdentifier",
                Kind::Bool,
                "Block apps that leak device identifiers.",
            ),
            field(
                "block_apps_communicating_with_ad_websites",
                "blockAppsCommunicatingWithAdWebsites",
                Kind::Bool,
                "Block apps talking to known advertising sites.",
            ),
            field(
                "block_apps_communicating_with_remote_unknown_servers",
                "blockAppsCommunicatingWithRemoteUnknownServers",
                Kind::Bool,
                "Block apps talking to servers not normally associated with them.",
            ),
            MOBILE_SETTINGS,
        ]),
    // ------------------------------------------------------------ zia_rule_labels
    ToolSpec::read(ZIA, "zia_rule_labels", "zia_list_rule_labels")
        .title("List ZIA rule labels")
        .describe(
            "List rule labels (tags that group policy rules) and how many rules reference each. \
             Their ids are used in the labels criteria of rules.",
        )
        .path(zia!("/ruleLabels"))
        .params(&[SEARCH])
        .paged(PAGE_100),
    ToolSpec::read(ZIA, "zia_rule_labels", "zia_get_rule_label")
        .title("Get a ZIA rule label")
        .describe("Get one rule label by its numeric id.")
        .path(zia!("/ruleLabels/{label_id}"))
        .params(&[LABEL_ID]),
    ToolSpec::create(ZIA, "zia_rule_labels", "zia_create_rule_label")
        .title("Create a ZIA rule label")
        .describe(
            "Create a rule label to tag and group policy rules. Staged until \
             zia_activate_configuration.",
        )
        .path(zia!("/ruleLabels"))
        .params(&[
            required(field("name", "name", Kind::Str, "Label name (unique).")),
            field(
                "description",
                "description",
                Kind::Str,
                "What the label is for.",
            ),
        ]),
    ToolSpec::update(ZIA, "zia_rule_labels", "zia_update_rule_label")
        .title("Update a ZIA rule label")
        .describe(
            "Rename a rule label or change its description; fields not given keep their \
             values. Staged until zia_activate_configuration.",
        )
        .path(zia!("/ruleLabels/{label_id}"))
        .params(&[
            LABEL_ID,
            field("name", "name", Kind::Str, "New label name."),
            field("description", "description", Kind::Str, "New description."),
        ]),
    ToolSpec::delete(ZIA, "zia_rule_labels", "zia_delete_rule_label")
        .title("Delete a ZIA rule label")
        .describe(
            "Delete a rule label by numeric id; rules that carry it lose the label. Staged \
             until zia_activate_configuration.",
        )
        .path(zia!("/ruleLabels/{label_id}"))
        .params(&[LABEL_ID]),
    // ------------------------------------------------------------ zia_url_categories
    ToolSpec::read(ZIA, "zia_url_categories", "zia_list_url_categories")
        .title("List ZIA URL categories")
        .describe(
            "List predefined and custom URL categories with their URLs, keywords and IP ranges. \
             Custom ones have ids CUSTOM_nn and customCategory true. Use custom_only for the \
             tenant's own, and include_only_url_keyword_counts for a lighter answer.",
        )
        .path(zia!("/urlCategories"))
        .params(&[
            query(
                "search",
                "search",
                Kind::Str,
                "Only categories whose configured name or id contains this text \
                 (case-insensitive; matched by this server, as the SDK does).",
            ),
            query(
                "custom_only",
                "customOnly",
                Kind::Bool,
                "Only custom (tenant-defined) categories.",
            ),
            query(
                "include_only_url_keyword_counts",
                "includeOnlyUrlKeywordCounts",
                Kind::Bool,
                "Return URL and keyword counts instead of the full lists.",
            ),
            query(
                "category_type",
                "type",
                Kind::Enum(&["URL_CATEGORY", "TLD_CATEGORY", "ALL"]),
                "Only URL categories, only top-level-domain categories, or both.",
            ),
        ])
        .hook(Hook::Custom(filter_categories)),
    ToolSpec::read(ZIA, "zia_url_categories", "zia_get_url_category")
        .title("Get a ZIA URL category")
        .describe(
            "Get one URL category by id, a string: a custom id such as CUSTOM_01 or a \
             predefined id such as SOCIAL_NETWORKING.",
        )
        .path(zia!("/urlCategories/{category_id}"))
        .params(&[CATEGORY_ID]),
    ToolSpec::read(ZIA, "zia_url_categories", "zia_get_url_category_predefined")
        .title("Get a predefined ZIA URL category")
        .describe(
            "Get one of Zscaler's predefined URL categories by id (FINANCE) or display name \
             (Finance), case-insensitively, with the URLs, keywords and IP ranges the tenant \
             added to it. Refuses custom categories (use zia_get_url_category).",
        )
        .path(zia!("/urlCategories"))
        .params(&[PREDEFINED_NAME])
        .hook(Hook::Custom(get_predefined_category)),
    ToolSpec::read(ZIA, "zia_url_categories", "zia_url_lookup")
        .title("Look up URL classifications")
        .describe(
            "Classify URLs or domains: the predefined URL categories ZIA assigns to each and \
             any security alert categories (custom categories are not reported). Any number \
             of URLs; they are sent 100 at a time.",
        )
        .method(HttpMethod::Post)
        .path(zia!("/urlLookup"))
        .params(&[whole_body(
            "urls",
            Kind::StrList,
            "URLs or domains to classify (no scheme needed), e.g. [\"google.com\"]; each \
             at most 1024 characters.",
        )])
        .hook(Hook::ZiaUrlLookup),
    ToolSpec::create(ZIA, "zia_url_categories", "zia_create_url_category")
        .title("Create a ZIA custom URL category")
        .describe(
            "Create a custom URL category (it gets an id CUSTOM_nn) from URLs, keywords or IP \
             ranges; reference it in URL filtering rules by that id. Staged until \
             zia_activate_configuration.",
        )
        .path(zia!("/urlCategories"))
        .params(&[
            required(CAT_NAME),
            required(field(
                "super_category",
                "superCategory",
                Kind::Str,
                "Super category the custom category belongs to, e.g. USER_DEFINED or \
                 BUSINESS_AND_ECONOMY.",
            )),
            CAT_DESCRIPTION,
            CAT_URLS,
            CAT_DB_URLS,
            CAT_KEYWORDS,
            CAT_KEYWORDS_PARENT,
            CAT_IPS,
            CAT_IPS_PARENT,
            field(
                "category_type",
                "type",
                Kind::Enum(&["URL_CATEGORY", "TLD_CATEGORY"]),
                "URL_CATEGORY (default), or TLD_CATEGORY where urls are top-level domains \
                 such as .xyz.",
            ),
            EXTRA_FIELDS,
            crate::tool::advanced::ZIA_OBJECT,
        ])
        .hook(Hook::Custom(create_custom_category)),
    ToolSpec::update(ZIA, "zia_url_categories", "zia_update_url_category")
        .title("Update a ZIA custom URL category")
        .describe(
            "Change a custom URL category (id CUSTOM_nn). Only the fields you pass change; \
             list fields replace the whole list. Refuses predefined categories: use \
             zia_update_url_category_predefined, or zia_add_urls_to_category / \
             zia_remove_urls_from_category for a few URLs. Staged until \
             zia_activate_configuration.",
        )
        .path(zia!("/urlCategories/{category_id}"))
        .params(&[
            path_str(
                "category_id",
                "Custom URL category id, e.g. CUSTOM_01 (from zia_list_url_categories \
                 with custom_only).",
            ),
            CAT_NAME,
            CAT_DESCRIPTION,
            CAT_URLS,
            CAT_DB_URLS,
            CAT_KEYWORDS,
            CAT_KEYWORDS_PARENT,
            CAT_IPS,
            CAT_IPS_PARENT,
            EXTRA_FIELDS,
            crate::tool::advanced::ZIA_OBJECT,
        ])
        .hook(Hook::Custom(update_custom_category)),
    ToolSpec::update(
        ZIA,
        "zia_url_categories",
        "zia_update_url_category_predefined",
    )
    .title("Update a predefined ZIA URL category")
    .describe(
        "Change what the tenant added to one of Zscaler's predefined categories (found \
             by id or display name): custom URLs, keywords, IP ranges. Only the fields you \
             pass change; list fields replace the whole list, so prefer \
             zia_add_urls_to_category / zia_remove_urls_from_category for a few URLs. Staged \
             until zia_activate_configuration.",
    )
    .path(zia!("/urlCategories"))
    .params(&[
        PREDEFINED_NAME,
        CAT_NAME,
        CAT_DESCRIPTION,
        CAT_URLS,
        CAT_DB_URLS,
        CAT_KEYWORDS,
        CAT_KEYWORDS_PARENT,
        CAT_IPS,
        CAT_IPS_PARENT,
        EXTRA_FIELDS,
        crate::tool::advanced::ZIA_OBJECT,
    ])
    .hook(Hook::Custom(update_predefined_category)),
    ToolSpec::update(ZIA, "zia_url_categories", "zia_add_urls_to_category")
        .title("Add URLs to a ZIA URL category")
        .describe(
            "Add URLs to a custom or predefined URL category without touching the URLs \
             already in it. Staged until zia_activate_configuration.",
        )
        .path(zia!("/urlCategories/{category_id}"))
        .params(&[
            CATEGORY_ID,
            field(
                "configured_name",
                "configuredName",
                Kind::Str,
                "The category's name (the official server's parameter). The API wants the \
                 current name, so the category is read first and its name is sent.",
            ),
            required(field(
                "urls",
                "urls",
                Kind::StrList,
                "URLs or domains to add, e.g. [\"example.com\", \".example.org\"].",
            )),
        ])
        .hook(Hook::ZiaUrlListEdit("ADD_TO_LIST")),
    ToolSpec::update(ZIA, "zia_url_categories", "zia_remove_urls_from_category")
        .title("Remove URLs from a ZIA URL category")
        .describe(
            "Remove the given URLs from a custom or predefined URL category; the other URLs \
             stay. Staged until zia_activate_configuration.",
        )
        .path(zia!("/urlCategories/{category_id}"))
        .params(&[
            CATEGORY_ID,
            field(
                "configured_name",
                "configuredName",
                Kind::Str,
                "The category's name (the official server's parameter). The API wants the \
                 current name, so the category is read first and its name is sent.",
            ),
            required(field(
                "urls",
                "urls",
                Kind::StrList,
                "URLs or domains to remove, spelled as they appear in the category.",
            )),
        ])
        .hook(Hook::ZiaUrlListEdit("REMOVE_FROM_LIST")),
    ToolSpec::delete(ZIA, "zia_url_categories", "zia_delete_url_category")
        .title("Delete a ZIA custom URL category")
        .describe(
            "Delete a custom URL category (id CUSTOM_nn). The API refuses predefined categories \
             and categories still used by a policy rule or NSS feed. Staged until \
             zia_activate_configuration.",
        )
        .path(zia!("/urlCategories/{category_id}"))
        .params(&[path_str(
            "category_id",
            "Custom URL category id, e.g. CUSTOM_01.",
        )]),
    // ------------------------------------------------------------ zia_url_filtering
    ToolSpec::read(ZIA, "zia_url_filtering", "zia_list_url_filtering_rules")
        .title("List ZIA URL filtering rules")
        .describe(
            "List URL filtering policy rules in evaluation order, with action, URL categories, \
             protocols and who or where they apply to.",
        )
        .path(zia!("/urlFilteringRules"))
        .params(&[query(
            "search",
            "search",
            Kind::Str,
            "Only rules matching this text (the API's own search).",
        )]),
    ToolSpec::read(ZIA, "zia_url_filtering", "zia_get_url_filtering_rule")
        .title("Get a ZIA URL filtering rule")
        .describe("Get one URL filtering rule by its numeric id.")
        .path(zia!("/urlFilteringRules/{rule_id}"))
        .params(&[URL_RULE_ID]),
    ToolSpec::create(ZIA, "zia_url_filtering", "zia_create_url_filtering_rule")
        .title("Create a ZIA URL filtering rule")
        .describe(
            "Create a URL filtering rule. Defaults: order 1 (evaluated first), rank 7, \
             enabled. Ids for the criteria come from the list tools named in each \
             parameter. Staged until zia_activate_configuration.",
        )
        .path(zia!("/urlFilteringRules"))
        .params(&[
            required(field("name", "name", Kind::Str, "Rule name (unique).")),
            required(field(
                "action",
                "action",
                URL_ACTIONS,
                "What happens on a match. ISOLATE needs a browser isolation profile \
                 (extra_fields.cbiProfile).",
            )),
            RULE_DESCRIPTION,
            RULE_ENABLED,
            field(
                "order",
                "order",
                Kind::Int,
                "Position in the policy, 1-based (lower is evaluated first). Defaults to 1.",
            ),
            RULE_RANK,
            RULE_CATEGORIES,
            RULE_PROTOCOLS,
            RULE_METHODS,
            RULE_AGENTS,
            RULE_TRUST,
            RULE_RISK,
            RULE_OVERRIDE,
            RULE_TIME_QUOTA,
            RULE_SIZE_QUOTA,
            RULE_VALIDITY,
            RULE_START,
            RULE_END,
            RULE_TZ,
            RULE_EUN_URL,
            RULE_LOCATIONS,
            RULE_LOCATION_GROUPS,
            RULE_GROUPS,
            RULE_DEPARTMENTS,
            RULE_USERS,
            RULE_LABELS,
            RULE_TIME_WINDOWS,
            RULE_DEVICE_GROUPS,
            RULE_DEVICES,
            RULE_WORKLOADS,
            RULE_OVERRIDE_USERS,
            RULE_OVERRIDE_GROUPS,
            RULE_EXTRA,
            crate::tool::advanced::ZIA_RULE_URL_NAMES,
        ])
        .hook(Hook::Custom(create_url_rule)),
    ToolSpec::update(ZIA, "zia_url_filtering", "zia_update_url_filtering_rule")
        .title("Update a ZIA URL filtering rule")
        .describe(
            "Change a URL filtering rule. Only the fields you pass change: the current rule \
             is read and your values laid over it (list criteria replace the whole list). \
             Staged until zia_activate_configuration.",
        )
        .path(zia!("/urlFilteringRules/{rule_id}"))
        .params(&[
            URL_RULE_ID,
            field("name", "name", Kind::Str, "New rule name."),
            field("action", "action", URL_ACTIONS, "New action."),
            RULE_DESCRIPTION,
            RULE_ENABLED,
            field(
                "order",
                "order",
                Kind::Int,
                "New position in the policy, 1-based.",
            ),
            RULE_RANK,
            RULE_CATEGORIES,
            RULE_PROTOCOLS,
            RULE_METHODS,
            RULE_AGENTS,
            RULE_TRUST,
            RULE_RISK,
            RULE_OVERRIDE,
            RULE_TIME_QUOTA,
            RULE_SIZE_QUOTA,
            RULE_VALIDITY,
            RULE_START,
            RULE_END,
            RULE_TZ,
            RULE_EUN_URL,
            RULE_LOCATIONS,
            RULE_LOCATION_GROUPS,
            RULE_GROUPS,
            RULE_DEPARTMENTS,
            RULE_USERS,
            RULE_LABELS,
            RULE_TIME_WINDOWS,
            RULE_DEVICE_GROUPS,
            RULE_DEVICES,
            RULE_WORKLOADS,
            RULE_OVERRIDE_USERS,
            RULE_OVERRIDE_GROUPS,
            RULE_EXTRA,
            crate::tool::advanced::ZIA_RULE_URL_NAMES,
        ])
        .hook(Hook::Custom(update_url_rule)),
    ToolSpec::delete(ZIA, "zia_url_filtering", "zia_delete_url_filtering_rule")
        .title("Delete a ZIA URL filtering rule")
        .describe(
            "Delete a URL filtering rule by numeric id; the rules after it move up. Staged \
             until zia_activate_configuration.",
        )
        .path(zia!("/urlFilteringRules/{rule_id}"))
        .params(&[URL_RULE_ID]),
    // ------------------------------------------------------------ zia_users
    ToolSpec::read(ZIA, "zia_users", "get_zia_users")
        .title("List ZIA users")
        .describe(
            "List users with their groups and department. name matches part of the user name; \
             dept and group match the start of the department or group name.",
        )
        .path(zia!("/users"))
        .params(&[
            query(
                "name",
                "name",
                Kind::Str,
                "Users whose name contains this text.",
            ),
            query(
                "dept",
                "dept",
                Kind::Str,
                "Users whose department name starts with this text.",
            ),
            query(
                "group",
                "group",
                Kind::Str,
                "Users in a group whose name starts with this text.",
            ),
            SEARCH,
        ])
        .paged(Paging::Pages {
            default_size: 1000,
            max_size: 10000,
        }),
    ToolSpec::read(ZIA, "zia_users", "get_zia_user_departments")
        .title("List ZIA departments")
        .describe("List user departments. Their ids are used in the departments criteria of rules.")
        .path(zia!("/departments"))
        .params(&[
            query(
                "search",
                "search",
                Kind::Str,
                "Text matched against department names and comments.",
            ),
            query(
                "limit_search",
                "limitSearch",
                Kind::Bool,
                "Match search against the department name only.",
            ),
            query(
                "sort_by",
                "sortBy",
                Kind::Enum(&["id", "name", "expiry", "status", "external_id", "rank"]),
                "Field to sort by.",
            ),
            SORT_ORDER,
        ])
        .paged(PAGE_100),
    ToolSpec::read(ZIA, "zia_users", "get_zia_user_groups")
        .title("List ZIA user groups")
        .describe("List user groups. Their ids are used in the groups criteria of rules.")
        .path(zia!("/groups"))
        .params(&[
            query(
                "name",
                "name",
                Kind::Str,
                "Only groups whose name contains this text (case-insensitive, matched by this \
                 server as the official one does; `search` is then not sent).",
            ),
            query(
                "search",
                "search",
                Kind::Str,
                "Text matched against group names and comments.",
            ),
            query(
                "defined_by",
                "definedBy",
                Kind::Str,
                "Only groups defined by this source or attribute.",
            ),
            query(
                "sort_by",
                "sortBy",
                Kind::Enum(&[
                    "id",
                    "name",
                    "expiry",
                    "status",
                    "external_id",
                    "rank",
                    "mod_time",
                ]),
                "Field to sort by.",
            ),
            SORT_ORDER,
        ])
        .paged(PAGE_100)
        .hook(Hook::Custom(filter_by_name_arg)),
    // ------------------------------------------------------------ zia_workload_groups
    ToolSpec::read(ZIA, "zia_workload_groups", "zia_list_workload_groups")
        .title("List ZIA workload groups")
        .describe(
            "List workload groups: cloud workloads grouped by tag expressions. Their ids are used \
             in the workload_groups criteria of rules.",
        )
        .path(zia!("/workloadGroups"))
        .paged(Paging::Pages {
            default_size: 250,
            max_size: 1000,
        }),
    ToolSpec::read(ZIA, "zia_workload_groups", "zia_get_workload_group")
        .title("Get a ZIA workload group")
        .describe("Get one workload group by its numeric id, with its tag expression.")
        .path(zia!("/workloadGroups/{group_id}"))
        .params(&[path_int(
            "group_id",
            "Numeric workload group id (from zia_list_workload_groups).",
        )]),
];
