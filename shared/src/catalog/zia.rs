//! ZIA core tools (`/zia/api/v1`): activation, advanced and authentication settings,
//! devices, locations and traffic forwarding (static IPs, VPN credentials, GRE tunnels,
//! geo lookups), mobile threat settings, rule labels, URL categories, URL filtering,
//! users and workload groups.
//!
//! Ids are integers, except URL category ids (`CUSTOM_01`, `FINANCE`, ...). Every write
//! is staged until `zia_activate_configuration`.

use serde_json::{json, Map, Value};

use super::args::{encode_segment, segment, ArgError, CallPlan};
use super::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::{ApiRequest, UpstreamError};

macro_rules! zia {
    ($p:literal) => {
        concat!("/zia/api/v1", $p)
    };
}

const ZIA: Service = Service::Zia;

const PAGE_100: Paging = Paging::Pages {
    default_size: 100,
    max_size: 1000,
};

const SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Filter by name (the API matches names containing this text).",
);

// ---------------------------------------------------------------- constructors

/// A write tool with no hook and no paging, with an explicit method (some ZIA writes use
/// another method than their action implies, e.g. removing exempt URLs is a POST).
#[allow(clippy::too_many_arguments)]
const fn write(
    name: &'static str,
    toolset: &'static str,
    action: Action,
    method: HttpMethod,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    ToolSpec {
        method,
        ..super::spec::write(name, ZIA, toolset, action, title, description, path, params)
    }
}

/// POST on a collection.
const fn create(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    write(
        name,
        toolset,
        Action::Create,
        HttpMethod::Post,
        title,
        description,
        path,
        params,
    )
}

/// PUT on an item: the executor reads the object and lays the given fields over it.
const fn update(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    write(
        name,
        toolset,
        Action::Update,
        HttpMethod::Put,
        title,
        description,
        path,
        params,
    )
}

/// DELETE on an item.
const fn delete(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    write(
        name,
        toolset,
        Action::Delete,
        HttpMethod::Delete,
        title,
        description,
        path,
        params,
    )
}

const fn field(
    name: &'static str,
    wire: &'static str,
    kind: Kind,
    description: &'static str,
) -> Param {
    body(name, wire, kind, false, description)
}

/// The escape hatch under a name and description of the tool's own.
const fn extra(name: &'static str, description: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Object,
        required: false,
        place: Place::BodyExtra,
        description,
    }
}

// ---------------------------------------------------------------- shared parameters

const SORT_ORDER: Param = query(
    "sort_order",
    "sortOrder",
    Kind::Enum(&["asc", "desc", "rule_execution"]),
    "Sort direction for sort_by.",
);

const LOCATION_ID: Param = path_int(
    "location_id",
    "Numeric location id (from zia_list_locations).",
);
const STATIC_IP_ID: Param = path_int(
    "static_ip_id",
    "Numeric static IP id (from zia_list_static_ips; not the address itself).",
);
const CREDENTIAL_ID: Param = path_int(
    "credential_id",
    "Numeric VPN credential id (from zia_list_vpn_credentials).",
);
const LABEL_ID: Param = path_int(
    "label_id",
    "Numeric rule label id (from zia_list_rule_labels).",
);
const URL_RULE_ID: Param = path_int(
    "rule_id",
    "Numeric URL filtering rule id (from zia_list_url_filtering_rules).",
);
const CATEGORY_ID: Param = path_str(
    "category_id",
    "URL category id, a string: CUSTOM_nn for custom categories or a predefined id such as \
     FINANCE (from zia_list_url_categories).",
);
const PREDEFINED_NAME: Param = required(query(
    "name",
    "name",
    Kind::Str,
    "Predefined category id (e.g. FINANCE) or its display name (e.g. \"Web Banking\"); \
     case-insensitive.",
));

// Locations: the common fields of create and update (name is required only on create).
const LOC_PARENT: Param = field(
    "parent_id",
    "parentId",
    Kind::Int,
    "Parent location id: set it to create a sub-location under that location. 0 or absent \
     for a top-level location.",
);
const LOC_DESCRIPTION: Param = field(
    "description",
    "description",
    Kind::Str,
    "Free-text notes (up to 1024 characters).",
);
const LOC_COUNTRY: Param = field(
    "country",
    "country",
    Kind::Str,
    "Country as the ZIA enum name, e.g. UNITED_STATES, CANADA, UNITED_KINGDOM.",
);
const LOC_TZ: Param = field(
    "tz",
    "tz",
    Kind::Str,
    "Time zone as the ZIA enum name, e.g. UNITED_STATES_AMERICA_LOS_ANGELES (defaults to GMT).",
);
const LOC_IPS: Param = field(
    "ip_addresses",
    "ipAddresses",
    Kind::StrList,
    "Egress IP addresses. For a top-level location each entry is one static IP already \
     provisioned (zia_list_static_ips / zia_create_static_ip); sub-locations also accept \
     CIDRs and ranges such as 10.10.0.1-10.10.0.50.",
);
const LOC_PORTS: Param = field(
    "ports",
    "ports",
    Kind::IntList,
    "Proxy ports associated with the location.",
);
const LOC_PROFILE: Param = field(
    "profile",
    "profile",
    Kind::Enum(&["CORPORATE", "SERVER", "GUESTWIFI", "IOT", "WORKLOAD"]),
    "Traffic type of the location; decides its default dynamic location group.",
);
const LOC_AUTH: Param = field(
    "auth_required",
    "authRequired",
    Kind::Bool,
    "Enforce user authentication.",
);
const LOC_SURROGATE: Param = field(
    "surrogate_ip",
    "surrogateIP",
    Kind::Bool,
    "Map users to device IPs (IP surrogate); needs auth_required and idle_time_in_minutes.",
);
const LOC_IDLE: Param = field(
    "idle_time_in_minutes",
    "idleTimeInMinutes",
    Kind::Int,
    "IP surrogate idle time to disassociation, in minutes.",
);
const LOC_TIME_UNIT: Param = field(
    "display_time_unit",
    "displayTimeUnit",
    Kind::Enum(&["MINUTE", "HOUR", "DAY"]),
    "Unit the admin portal uses to show the surrogate idle time.",
);
const LOC_XFF: Param = field(
    "xff_forward_enabled",
    "xffForwardEnabled",
    Kind::Bool,
    "Use the X-Forwarded-For header to identify internal client IPs.",
);
const LOC_FW: Param = field(
    "ofw_enabled",
    "ofwEnabled",
    Kind::Bool,
    "Enable the cloud firewall for the location.",
);
const LOC_IPS_CONTROL: Param = field(
    "ips_control",
    "ipsControl",
    Kind::Bool,
    "Enable IPS control (needs ofw_enabled).",
);
const LOC_AUP: Param = field(
    "aup_enabled",
    "aupEnabled",
    Kind::Bool,
    "Show the acceptable use policy.",
);
const LOC_CAUTION: Param = field(
    "caution_enabled",
    "cautionEnabled",
    Kind::Bool,
    "Show caution notifications.",
);
const LOC_UP: Param = field(
    "up_bandwidth",
    "upBandwidth",
    Kind::Int,
    "Upload bandwidth in kbps for bandwidth control (0 = not enforced).",
);
const LOC_DOWN: Param = field(
    "dn_bandwidth",
    "dnBandwidth",
    Kind::Int,
    "Download bandwidth in kbps for bandwidth control (0 = not enforced).",
);
const LOC_EXTRA: Param = extra(
    "extra_fields",
    "Further location fields (camelCase, as in the API) merged into the body, e.g. \
     {\"vpnCredentials\": [{\"id\": 123, \"type\": \"UFQDN\"}]} to attach VPN credentials \
     from zia_list_vpn_credentials, or geoOverride/latitude/longitude.",
);

// URL categories: the list fields shared by create and the two updates.
const CAT_NAME: Param = field(
    "configured_name",
    "configuredName",
    Kind::Str,
    "Display name of the category.",
);
const CAT_DESCRIPTION: Param = field(
    "description",
    "description",
    Kind::Str,
    "Description of the category.",
);
const CAT_URLS: Param = field(
    "urls",
    "urls",
    Kind::StrList,
    "Custom URLs or domains (a leading dot matches subdomains, e.g. .example.com). Replaces \
     the whole list; use zia_add_urls_to_category / zia_remove_urls_from_category to \
     change a few entries.",
);
const CAT_DB_URLS: Param = field(
    "db_categorized_urls",
    "dbCategorizedUrls",
    Kind::StrList,
    "URLs that also stay in their original predefined category (\"URLs retaining parent \
     category\"). Replaces the whole list.",
);
const CAT_KEYWORDS: Param = field(
    "keywords",
    "keywords",
    Kind::StrList,
    "Custom keywords. Replaces the whole list.",
);
const CAT_KEYWORDS_PARENT: Param = field(
    "keywords_retaining_parent_category",
    "keywordsRetainingParentCategory",
    Kind::StrList,
    "Keywords that also keep matching the parent category. Replaces the whole list.",
);
const CAT_IPS: Param = field(
    "ip_ranges",
    "ipRanges",
    Kind::StrList,
    "Custom IP ranges in CIDR form, e.g. 10.0.0.0/24 (the feature must be enabled for the \
     tenant). Replaces the whole list.",
);
const CAT_IPS_PARENT: Param = field(
    "ip_ranges_retaining_parent_category",
    "ipRangesRetainingParentCategory",
    Kind::StrList,
    "IP ranges that also stay in the parent category. Replaces the whole list.",
);

// URL filtering rules: the fields shared by create and update.
const URL_ACTIONS: Kind = Kind::Enum(&["ALLOW", "CAUTION", "BLOCK", "ISOLATE", "ICAP_RESPONSE"]);
const RULE_DESCRIPTION: Param = field(
    "description",
    "description",
    Kind::Str,
    "Free-text description of the rule.",
);
const RULE_ENABLED: Param = field(
    "enabled",
    "enabled",
    Kind::Bool,
    "Whether the rule is enforced (sent as state ENABLED or DISABLED).",
);
const RULE_RANK: Param = field(
    "rank",
    "rank",
    Kind::Int,
    "Admin rank 0-7 (0 highest). Use 7 unless admin ranking is enabled for the tenant.",
);
const RULE_CATEGORIES: Param = field(
    "url_categories",
    "urlCategories",
    Kind::StrList,
    "URL category ids the rule matches, e.g. [\"GAMBLING\", \"CUSTOM_01\"] or [\"ANY\"] \
     (ids from zia_list_url_categories).",
);
const RULE_PROTOCOLS: Param = field(
    "protocols",
    "protocols",
    Kind::StrList,
    "Protocols, e.g. [\"ANY_RULE\"] or HTTP_RULE, HTTPS_RULE, FTP_RULE, TUNNEL_RULE, \
     TUNNELSSL_RULE, WEBSOCKET_RULE, WEBSOCKETSSL_RULE, DOHTTPS_RULE.",
);
const RULE_METHODS: Param = field(
    "request_methods",
    "requestMethods",
    Kind::StrList,
    "HTTP methods: CONNECT, DELETE, GET, HEAD, OPTIONS, OTHER, POST, PUT, TRACE. Absent means \
     all methods.",
);
const RULE_AGENTS: Param = field(
    "user_agent_types",
    "userAgentTypes",
    Kind::StrList,
    "Browser types, e.g. CHROME, FIREFOX, MSEDGE, MSIE, OPERA, SAFARI, OTHER.",
);
const RULE_TRUST: Param = field(
    "device_trust_levels",
    "deviceTrustLevels",
    Kind::StrList,
    "Device trust levels: UNKNOWN_DEVICETRUSTLEVEL, LOW_TRUST, MEDIUM_TRUST, HIGH_TRUST.",
);
const RULE_RISK: Param = field(
    "user_risk_score_levels",
    "userRiskScoreLevels",
    Kind::StrList,
    "User risk score levels: LOW, MEDIUM, HIGH, CRITICAL.",
);
const RULE_OVERRIDE: Param = field(
    "block_override",
    "blockOverride",
    Kind::Bool,
    "Allow users to override a BLOCK (optionally limited by override_users/override_groups).",
);
const RULE_TIME_QUOTA: Param = field(
    "time_quota",
    "timeQuota",
    Kind::Int,
    "Minutes of browsing allowed before the rule applies (not for BLOCK).",
);
const RULE_SIZE_QUOTA: Param = field(
    "size_quota",
    "sizeQuota",
    Kind::Int,
    "Kilobytes allowed before the rule applies (not for BLOCK).",
);
const RULE_VALIDITY: Param = field(
    "enforce_time_validity",
    "enforceTimeValidity",
    Kind::Bool,
    "Only apply the rule between validity_start_time and validity_end_time.",
);
const RULE_START: Param = field(
    "validity_start_time",
    "validityStartTime",
    Kind::Int,
    "Start of validity, Unix epoch seconds.",
);
const RULE_END: Param = field(
    "validity_end_time",
    "validityEndTime",
    Kind::Int,
    "End of validity, Unix epoch seconds.",
);
const RULE_TZ: Param = field(
    "validity_time_zone_id",
    "validityTimeZoneId",
    Kind::Str,
    "Time zone of the validity window, e.g. US/Pacific.",
);
const RULE_EUN_URL: Param = field(
    "end_user_notification_url",
    "endUserNotificationUrl",
    Kind::Str,
    "Custom notification page shown when the rule matches.",
);
const RULE_LOCATIONS: Param = body_refs(
    "locations",
    "locations",
    "Location ids the rule applies to (zia_list_locations).",
);
const RULE_LOCATION_GROUPS: Param = body_refs(
    "location_groups",
    "locationGroups",
    "Location group ids (zia_list_location_groups).",
);
const RULE_GROUPS: Param = body_refs("groups", "groups", "User group ids (get_zia_user_groups).");
const RULE_DEPARTMENTS: Param = body_refs(
    "departments",
    "departments",
    "Department ids (get_zia_user_departments).",
);
const RULE_USERS: Param = body_refs("users", "users", "User ids (get_zia_users).");
const RULE_LABELS: Param = body_refs("labels", "labels", "Rule label ids (zia_list_rule_labels).");
const RULE_TIME_WINDOWS: Param = body_refs(
    "time_windows",
    "timeWindows",
    "Time interval ids during which the rule applies.",
);
const RULE_DEVICE_GROUPS: Param = body_refs(
    "device_groups",
    "deviceGroups",
    "Device group ids (zia_list_device_groups).",
);
const RULE_DEVICES: Param = body_refs("devices", "devices", "Device ids (zia_list_devices).");
const RULE_WORKLOADS: Param = body_refs(
    "workload_groups",
    "workloadGroups",
    "Workload group ids (zia_list_workload_groups).",
);
const RULE_OVERRIDE_USERS: Param = body_refs(
    "override_users",
    "overrideUsers",
    "User ids allowed to override a BLOCK when block_override is true.",
);
const RULE_OVERRIDE_GROUPS: Param = body_refs(
    "override_groups",
    "overrideGroups",
    "Group ids allowed to override a BLOCK when block_override is true.",
);
const RULE_EXTRA: Param = extra(
    "extra_fields",
    "Further rule fields (camelCase, as in the API) merged into the body, e.g. \
     {\"cbiProfile\": {\"id\": \"<uuid>\"}} for ISOLATE, or urlCategories2.",
);

// VPN credentials and static IPs.
const PSK: Param = field(
    "pre_shared_key",
    "preSharedKey",
    Kind::Str,
    "IKE pre-shared key (write-only: never returned by the API).",
);
const VPN_COMMENTS: Param = field("comments", "comments", Kind::Str, "Free-text notes.");
const VPN_FQDN: Param = field(
    "fqdn",
    "fqdn",
    Kind::Str,
    "User FQDN (e.g. branch1@example.com); required for type UFQDN.",
);
const STATIC_COMMENT: Param = field("comment", "comment", Kind::Str, "Free-text notes.");
const STATIC_GEO: Param = field(
    "geo_override",
    "geoOverride",
    Kind::Bool,
    "Set the location by coordinates instead of the IP's geolocation; then pass latitude \
     and longitude (numbers) in extra_fields.",
);
const STATIC_ROUTABLE: Param = field(
    "routable_ip",
    "routableIP",
    Kind::Bool,
    "Whether a non-RFC 1918 address is publicly routable (only matters with a private \
     service edge).",
);
const STATIC_EXTRA: Param = extra(
    "extra_fields",
    "Further static IP fields (camelCase) merged into the body, e.g. {\"latitude\": \
     37.3382, \"longitude\": -121.8863} with geo_override.",
);

// Tenant-wide settings.
const ADVANCED_SETTINGS: Param = extra(
    "settings",
    "Any advanced settings to change, keyed by their API names (camelCase), e.g. \
     {\"authBypassUrls\": [\".example.com\"], \"uiSessionTimeout\": 3600}. Read them first \
     with zia_get_advanced_settings. Fields not given keep their current values.",
);
const MOBILE_SETTINGS: Param = extra(
    "settings",
    "Any mobile threat settings to change, keyed by their API names (camelCase). Fields not \
     given keep their current values.",
);
const EXEMPT_URLS: Param = required(field(
    "exempt_urls",
    "urls",
    Kind::StrList,
    "URLs or domains, e.g. [\"example.com\", \".partner.example\"].",
));

// ---------------------------------------------------------------- the table

pub const TOOLS: &[ToolSpec] = &[
    // ------------------------------------------------------------ zia_admin
    read(
        "zia_get_activation_status",
        ZIA,
        "zia_admin",
        "Get ZIA activation status",
        "Whether ZIA configuration changes are waiting to be activated: ACTIVE (nothing \
         pending), PENDING (saved changes not yet pushed) or INPROGRESS (an activation is \
         running). Check it after ZIA writes; zia_activate_configuration pushes them.",
        zia!("/status"),
        &[],
        Paging::None,
    ),
    ToolSpec {
        action: Action::Update,
        method: HttpMethod::Post,
        hook: Hook::ZiaActivate,
        ..read(
            "zia_activate_configuration",
            ZIA,
            "zia_admin",
            "Activate pending ZIA changes",
            "Push every saved but pending ZIA configuration change (from any admin or API \
             client) to enforcement, for the whole tenant at once, and wait for it to finish \
             within the call's time budget. Every ZIA create, update or delete stays staged \
             until this runs.",
            zia!("/status/activate"),
            &[],
            Paging::None,
        )
    },
    // ------------------------------------------------------------ zia_advanced_settings
    read(
        "zia_get_advanced_settings",
        ZIA,
        "zia_advanced_settings",
        "Get ZIA advanced settings",
        "Read the tenant-wide advanced settings: authentication bypass URLs and apps, DNS \
         optimization, HTTP tunnel and domain-fronting controls, admin session timeout, \
         Office 365 one-click and similar switches.",
        zia!("/advancedSettings"),
        &[],
        Paging::None,
    ),
    update(
        "zia_update_advanced_settings",
        "zia_advanced_settings",
        "Update ZIA advanced settings",
        "Change tenant-wide advanced settings. Only the fields you pass change: the current \
         settings are read and your values laid over them before the full object is written \
         back. List fields (URLs, apps) replace the whole list, so read the current list \
         with zia_get_advanced_settings first. Staged until zia_activate_configuration.",
        zia!("/advancedSettings"),
        &[
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
        ],
    ),
    // ------------------------------------------------------------ zia_authentication_settings
    read(
        "zia_list_auth_exempt_urls",
        ZIA,
        "zia_authentication_settings",
        "List ZIA cookie-authentication exempt URLs",
        "List the URLs and domains exempted from cookie authentication (returned as \
         {\"urls\": [...]}).",
        zia!("/authSettings/exemptedUrls"),
        &[],
        Paging::None,
    ),
    ToolSpec {
        hook: Hook::Custom(add_exempt_urls),
        ..create(
            "zia_add_auth_exempt_urls",
            "zia_authentication_settings",
            "Add ZIA cookie-authentication exempt URLs",
            "Add URLs or domains to the cookie-authentication exempt list, keeping the \
             entries already there; returns the updated list. Staged until \
             zia_activate_configuration.",
            zia!("/authSettings/exemptedUrls"),
            &[EXEMPT_URLS],
        )
    },
    ToolSpec {
        hook: Hook::Custom(remove_exempt_urls),
        ..write(
            "zia_delete_auth_exempt_urls",
            "zia_authentication_settings",
            Action::Delete,
            HttpMethod::Post,
            "Remove ZIA cookie-authentication exempt URLs",
            "Remove the given URLs or domains from the cookie-authentication exempt list \
             (other entries stay); returns the remaining list. Staged until \
             zia_activate_configuration.",
            zia!("/authSettings/exemptedUrls"),
            &[EXEMPT_URLS],
        )
    },
    // ------------------------------------------------------------ zia_devices
    read(
        "zia_list_device_groups",
        ZIA,
        "zia_devices",
        "List ZIA device groups",
        "List device groups (by OS type and Client Connector/isolation pseudo groups) with \
         their device counts. Their ids are used in the device_groups criteria of rules.",
        zia!("/deviceGroups"),
        &[
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
        ],
        Paging::None,
    ),
    read(
        "zia_list_devices",
        ZIA,
        "zia_devices",
        "List ZIA devices",
        "List devices managed with Zscaler Client Connector: name, model, OS, owner. Filter \
         by name, owner, OS, device group or owning user ids.",
        zia!("/deviceGroups/devices"),
        &[
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
        ],
        PAGE_100,
    ),
    read(
        "zia_list_devices_lite",
        ZIA,
        "zia_devices",
        "List ZIA devices (id, name, owner)",
        "List devices with only their id, name and owner: a cheap way to find device ids.",
        zia!("/deviceGroups/devices/lite"),
        &[
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
        ],
        PAGE_100,
    ),
    // ------------------------------------------------------------ zia_locations
    read(
        "zia_list_locations",
        ZIA,
        "zia_locations",
        "List ZIA locations",
        "List locations (offices, data centres, cloud VPCs) with their egress IPs, VPN \
         credentials and enforcement settings. Sub-locations are not listed; read a \
         location with zia_get_location for its details.",
        zia!("/locations"),
        &[
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
        ],
        PAGE_100,
    ),
    read(
        "zia_get_location",
        ZIA,
        "zia_locations",
        "Get a ZIA location",
        "Get one location or sub-location by its numeric id, with all its settings.",
        zia!("/locations/{location_id}"),
        &[LOCATION_ID],
        Paging::None,
    ),
    create(
        "zia_create_location",
        "zia_locations",
        "Create a ZIA location",
        "Create a location (or a sub-location with parent_id). A top-level location is \
         identified by egress IPs (ip_addresses, which must already exist as static IPs: \
         zia_create_static_ip) or by VPN credentials (extra_fields.vpnCredentials, from \
         zia_create_vpn_credential). Staged until zia_activate_configuration.",
        zia!("/locations"),
        &[
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
        ],
    ),
    update(
        "zia_update_location",
        "zia_locations",
        "Update a ZIA location",
        "Change a location or sub-location. Only the fields you pass change: the current \
         location is read and your values laid over it before it is written back (list \
         fields such as ip_addresses replace the whole list). Staged until \
         zia_activate_configuration.",
        zia!("/locations/{location_id}"),
        &[
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
        ],
    ),
    delete(
        "zia_delete_location",
        "zia_locations",
        "Delete a ZIA location",
        "Delete a location by numeric id; its sub-locations go with it. Rules that name it \
         lose that criterion. Staged until zia_activate_configuration.",
        zia!("/locations/{location_id}"),
        &[LOCATION_ID],
    ),
    read(
        "zia_list_location_groups",
        ZIA,
        "zia_locations",
        "List ZIA location groups",
        "List static and dynamic location groups with their member locations. Their ids \
         are used in the location_groups criteria of rules.",
        zia!("/locations/groups"),
        &[
            SEARCH,
            query("name", "name", Kind::Str, "Location group name."),
            query(
                "location_id",
                "locationId",
                Kind::Int,
                "Only groups containing this location id.",
            ),
        ],
        PAGE_100,
    ),
    read(
        "zia_get_location_group",
        ZIA,
        "zia_locations",
        "Get a ZIA location group",
        "Get one location group by its numeric id, with its criteria and member locations.",
        zia!("/locations/groups/{group_id}"),
        &[path_int(
            "group_id",
            "Numeric location group id (from zia_list_location_groups).",
        )],
        Paging::None,
    ),
    read(
        "zia_list_static_ips",
        ZIA,
        "zia_locations",
        "List ZIA static IPs",
        "List the static (egress) IP addresses provisioned for the tenant, with their \
         geolocation. Locations and GRE tunnels can only use addresses listed here.",
        zia!("/staticIP"),
        &[
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
        ],
        PAGE_100,
    ),
    read(
        "zia_get_static_ip",
        ZIA,
        "zia_locations",
        "Get a ZIA static IP",
        "Get one static IP by its numeric id.",
        zia!("/staticIP/{static_ip_id}"),
        &[STATIC_IP_ID],
        Paging::None,
    ),
    create(
        "zia_create_static_ip",
        "zia_locations",
        "Create a ZIA static IP",
        "Provision a public egress IP address so locations and GRE tunnels can use it. The \
         city is derived from the address unless geo_override is set. Staged until \
         zia_activate_configuration.",
        zia!("/staticIP"),
        &[
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
        ],
    ),
    ToolSpec {
        hook: Hook::Custom(update_static_ip),
        ..update(
            "zia_update_static_ip",
            "zia_locations",
            "Update a ZIA static IP",
            "Change a static IP's comment, routability or geolocation override (the address \
             itself cannot change). Other fields keep their values. Staged until \
             zia_activate_configuration.",
            zia!("/staticIP/{static_ip_id}"),
            &[
                STATIC_IP_ID,
                STATIC_COMMENT,
                STATIC_GEO,
                STATIC_ROUTABLE,
                STATIC_EXTRA,
            ],
        )
    },
    delete(
        "zia_delete_static_ip",
        "zia_locations",
        "Delete a ZIA static IP",
        "Delete a static IP by numeric id. It must not be used by a location or GRE tunnel \
         any more. Staged until zia_activate_configuration.",
        zia!("/staticIP/{static_ip_id}"),
        &[STATIC_IP_ID],
    ),
    read(
        "zia_list_vpn_credentials",
        ZIA,
        "zia_locations",
        "List ZIA VPN credentials",
        "List IPSec VPN credentials (IP, UFQDN, CN or XAUTH) and the location each is \
         attached to. Pre-shared keys are never returned.",
        zia!("/vpnCredentials"),
        &[
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
        ],
        PAGE_100,
    ),
    read(
        "zia_get_vpn_credential",
        ZIA,
        "zia_locations",
        "Get a ZIA VPN credential",
        "Get one VPN credential by its numeric id.",
        zia!("/vpnCredentials/{credential_id}"),
        &[CREDENTIAL_ID],
        Paging::None,
    ),
    create(
        "zia_create_vpn_credential",
        "zia_locations",
        "Create a ZIA VPN credential",
        "Create an IPSec VPN credential to attach to a location (zia_create_location or \
         zia_update_location with extra_fields.vpnCredentials). Type IP needs ip_address (an \
         existing static IP); type UFQDN needs fqdn. Staged until zia_activate_configuration.",
        zia!("/vpnCredentials"),
        &[
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
        ],
    ),
    update(
        "zia_update_vpn_credential",
        "zia_locations",
        "Update a ZIA VPN credential",
        "Change a VPN credential's pre-shared key, FQDN or comments (the type cannot \
         change). Other fields keep their values. Staged until zia_activate_configuration.",
        zia!("/vpnCredentials/{credential_id}"),
        &[CREDENTIAL_ID, PSK, VPN_FQDN, VPN_COMMENTS],
    ),
    delete(
        "zia_delete_vpn_credential",
        "zia_locations",
        "Delete a ZIA VPN credential",
        "Delete a VPN credential by numeric id. Detach it from its location first. Staged \
         until zia_activate_configuration.",
        zia!("/vpnCredentials/{credential_id}"),
        &[CREDENTIAL_ID],
    ),
    read(
        "zia_list_gre_tunnels",
        ZIA,
        "zia_locations",
        "List ZIA GRE tunnels",
        "List GRE tunnels with their source IP, primary and secondary Zscaler VIPs and \
         internal IP range.",
        zia!("/greTunnels"),
        &[],
        PAGE_100,
    ),
    read(
        "zia_get_gre_tunnel",
        ZIA,
        "zia_locations",
        "Get a ZIA GRE tunnel",
        "Get one GRE tunnel by its numeric id.",
        zia!("/greTunnels/{tunnel_id}"),
        &[path_int(
            "tunnel_id",
            "Numeric GRE tunnel id (from zia_list_gre_tunnels).",
        )],
        Paging::None,
    ),
    ToolSpec {
        hook: Hook::Custom(create_gre_tunnel),
        ..create(
            "zia_create_gre_tunnel",
            "zia_locations",
            "Create a ZIA GRE tunnel",
            "Create a GRE tunnel from a static IP the tenant already has (zia_list_static_ips; \
             create it with zia_create_static_ip otherwise). Without VIP ids the two closest \
             recommended Zscaler VIPs in different cities are chosen; a numbered tunnel \
             (ip_unnumbered not true) without internal_ip_range gets the next free internal \
             range. Staged until zia_activate_configuration.",
            zia!("/greTunnels"),
            &[
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
            ],
        )
    },
    ToolSpec {
        hook: Hook::Custom(delete_gre_tunnel),
        ..delete(
            "zia_delete_gre_tunnel",
            "zia_locations",
            "Delete a ZIA GRE tunnel",
            "Delete a GRE tunnel by numeric id and, when static_ip_id is given, the static IP \
             it used right after. Staged until zia_activate_configuration.",
            zia!("/greTunnels/{tunnel_id}"),
            &[
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
            ],
        )
    },
    read(
        "zia_list_gre_ranges",
        ZIA,
        "zia_locations",
        "List free ZIA GRE internal IP ranges",
        "List the next available /29 internal IP ranges for numbered GRE tunnels, as start \
         and end addresses.",
        zia!("/greTunnels/availableInternalIpRanges"),
        &[
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
        ],
        Paging::None,
    ),
    ToolSpec {
        hook: Hook::Custom(geo_search),
        ..read(
            "zia_geo_search",
            ZIA,
            "zia_locations",
            "Look up ZIA geographic data",
            "Find ZIA's geographic data (city, state, country, geo ids, coordinates) by \
             coordinates (action geo_by_coordinates with latitude and longitude), by IP \
             address (geo_by_ip with ip), or by city name prefix (city_prefix_search with \
             prefix, e.g. \"San Jose, California\").",
            zia!("/region"),
            &[
                required(query(
                    "action",
                    "action",
                    Kind::Enum(&["geo_by_coordinates", "geo_by_ip", "city_prefix_search"]),
                    "Which lookup to run.",
                )),
                query(
                    "latitude",
                    "latitude",
                    Kind::Str,
                    "Latitude in decimal degrees as a string, e.g. \"37.3382\" \
                     (geo_by_coordinates).",
                ),
                query(
                    "longitude",
                    "longitude",
                    Kind::Str,
                    "Longitude in decimal degrees as a string, e.g. \"-121.8863\" \
                     (geo_by_coordinates).",
                ),
                query("ip", "ip", Kind::Str, "IPv4 or IPv6 address (geo_by_ip)."),
                query(
                    "prefix",
                    "prefix",
                    Kind::Str,
                    "City name prefix, optionally \"city, state, country\" (city_prefix_search).",
                ),
            ],
            Paging::None,
        )
    },
    // ------------------------------------------------------------ zia_misc
    read(
        "zia_get_mobile_advanced_settings",
        ZIA,
        "zia_misc",
        "Get ZIA mobile threat settings",
        "Read the mobile malware protection settings: whether apps with malicious activity, \
         known vulnerabilities or leaking credentials, location, PII or device ids, or \
         talking to ad or unknown servers are blocked.",
        zia!("/mobileAdvanceThreatSettings"),
        &[],
        Paging::None,
    ),
    update(
        "zia_update_mobile_advanced_settings",
        "zia_misc",
        "Update ZIA mobile threat settings",
        "Change mobile malware protection settings. Only the switches you pass change; the \
         others keep their current values. Staged until zia_activate_configuration.",
        zia!("/mobileAdvanceThreatSettings"),
        &[
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
        ],
    ),
    // ------------------------------------------------------------ zia_rule_labels
    read(
        "zia_list_rule_labels",
        ZIA,
        "zia_rule_labels",
        "List ZIA rule labels",
        "List rule labels (tags that group policy rules) and how many rules reference each. \
         Their ids are used in the labels criteria of rules.",
        zia!("/ruleLabels"),
        &[SEARCH],
        PAGE_100,
    ),
    read(
        "zia_get_rule_label",
        ZIA,
        "zia_rule_labels",
        "Get a ZIA rule label",
        "Get one rule label by its numeric id.",
        zia!("/ruleLabels/{label_id}"),
        &[LABEL_ID],
        Paging::None,
    ),
    create(
        "zia_create_rule_label",
        "zia_rule_labels",
        "Create a ZIA rule label",
        "Create a rule label to tag and group policy rules. Staged until \
         zia_activate_configuration.",
        zia!("/ruleLabels"),
        &[
            required(field("name", "name", Kind::Str, "Label name (unique).")),
            field(
                "description",
                "description",
                Kind::Str,
                "What the label is for.",
            ),
        ],
    ),
    update(
        "zia_update_rule_label",
        "zia_rule_labels",
        "Update a ZIA rule label",
        "Rename a rule label or change its description; fields not given keep their \
         values. Staged until zia_activate_configuration.",
        zia!("/ruleLabels/{label_id}"),
        &[
            LABEL_ID,
            field("name", "name", Kind::Str, "New label name."),
            field("description", "description", Kind::Str, "New description."),
        ],
    ),
    delete(
        "zia_delete_rule_label",
        "zia_rule_labels",
        "Delete a ZIA rule label",
        "Delete a rule label by numeric id; rules that carry it lose the label. Staged \
         until zia_activate_configuration.",
        zia!("/ruleLabels/{label_id}"),
        &[LABEL_ID],
    ),
    // ------------------------------------------------------------ zia_url_categories
    read(
        "zia_list_url_categories",
        ZIA,
        "zia_url_categories",
        "List ZIA URL categories",
        "List predefined and custom URL categories with their URLs, keywords and IP ranges. \
         Custom ones have ids CUSTOM_nn and customCategory true. Use custom_only for the \
         tenant's own, and include_only_url_keyword_counts for a lighter answer.",
        zia!("/urlCategories"),
        &[
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
        ],
        Paging::None,
    ),
    read(
        "zia_get_url_category",
        ZIA,
        "zia_url_categories",
        "Get a ZIA URL category",
        "Get one URL category by id, a string: a custom id such as CUSTOM_01 or a \
         predefined id such as SOCIAL_NETWORKING.",
        zia!("/urlCategories/{category_id}"),
        &[CATEGORY_ID],
        Paging::None,
    ),
    ToolSpec {
        hook: Hook::Custom(get_predefined_category),
        ..read(
            "zia_get_url_category_predefined",
            ZIA,
            "zia_url_categories",
            "Get a predefined ZIA URL category",
            "Get one of Zscaler's predefined URL categories by id (FINANCE) or display name \
             (Finance), case-insensitively, with the URLs, keywords and IP ranges the tenant \
             added to it. Refuses custom categories (use zia_get_url_category).",
            zia!("/urlCategories"),
            &[PREDEFINED_NAME],
            Paging::None,
        )
    },
    ToolSpec {
        method: HttpMethod::Post,
        hook: Hook::ZiaUrlLookup,
        ..read(
            "zia_url_lookup",
            ZIA,
            "zia_url_categories",
            "Look up URL classifications",
            "Classify URLs or domains: the predefined URL categories ZIA assigns to each and \
             any security alert categories (custom categories are not reported). Any number \
             of URLs; they are sent 100 at a time.",
            zia!("/urlLookup"),
            &[whole_body(
                "urls",
                Kind::StrList,
                "URLs or domains to classify (no scheme needed), e.g. [\"google.com\"]; each \
                 at most 1024 characters.",
            )],
            Paging::None,
        )
    },
    create(
        "zia_create_url_category",
        "zia_url_categories",
        "Create a ZIA custom URL category",
        "Create a custom URL category (it gets an id CUSTOM_nn) from URLs, keywords or IP \
         ranges; reference it in URL filtering rules by that id. Staged until \
         zia_activate_configuration.",
        zia!("/urlCategories"),
        &[
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
        ],
    ),
    ToolSpec {
        hook: Hook::Custom(update_custom_category),
        ..update(
            "zia_update_url_category",
            "zia_url_categories",
            "Update a ZIA custom URL category",
            "Change a custom URL category (id CUSTOM_nn). Only the fields you pass change; \
             list fields replace the whole list. Refuses predefined categories: use \
             zia_update_url_category_predefined, or zia_add_urls_to_category / \
             zia_remove_urls_from_category for a few URLs. Staged until \
             zia_activate_configuration.",
            zia!("/urlCategories/{category_id}"),
            &[
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
            ],
        )
    },
    ToolSpec {
        hook: Hook::Custom(update_predefined_category),
        ..update(
            "zia_update_url_category_predefined",
            "zia_url_categories",
            "Update a predefined ZIA URL category",
            "Change what the tenant added to one of Zscaler's predefined categories (found \
             by id or display name): custom URLs, keywords, IP ranges. Only the fields you \
             pass change; list fields replace the whole list, so prefer \
             zia_add_urls_to_category / zia_remove_urls_from_category for a few URLs. Staged \
             until zia_activate_configuration.",
            zia!("/urlCategories"),
            &[
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
            ],
        )
    },
    ToolSpec {
        hook: Hook::ZiaUrlListEdit("ADD_TO_LIST"),
        ..update(
            "zia_add_urls_to_category",
            "zia_url_categories",
            "Add URLs to a ZIA URL category",
            "Add URLs to a custom or predefined URL category without touching the URLs \
             already in it. Staged until zia_activate_configuration.",
            zia!("/urlCategories/{category_id}"),
            &[
                CATEGORY_ID,
                required(field(
                    "urls",
                    "urls",
                    Kind::StrList,
                    "URLs or domains to add, e.g. [\"example.com\", \".example.org\"].",
                )),
            ],
        )
    },
    ToolSpec {
        hook: Hook::ZiaUrlListEdit("REMOVE_FROM_LIST"),
        ..update(
            "zia_remove_urls_from_category",
            "zia_url_categories",
            "Remove URLs from a ZIA URL category",
            "Remove the given URLs from a custom or predefined URL category; the other URLs \
             stay. Staged until zia_activate_configuration.",
            zia!("/urlCategories/{category_id}"),
            &[
                CATEGORY_ID,
                required(field(
                    "urls",
                    "urls",
                    Kind::StrList,
                    "URLs or domains to remove, spelled as they appear in the category.",
                )),
            ],
        )
    },
    delete(
        "zia_delete_url_category",
        "zia_url_categories",
        "Delete a ZIA custom URL category",
        "Delete a custom URL category (id CUSTOM_nn). The API refuses predefined categories \
         and categories still used by a policy rule or NSS feed. Staged until \
         zia_activate_configuration.",
        zia!("/urlCategories/{category_id}"),
        &[path_str(
            "category_id",
            "Custom URL category id, e.g. CUSTOM_01.",
        )],
    ),
    // ------------------------------------------------------------ zia_url_filtering
    read(
        "zia_list_url_filtering_rules",
        ZIA,
        "zia_url_filtering",
        "List ZIA URL filtering rules",
        "List URL filtering policy rules in evaluation order, with action, URL categories, \
         protocols and who or where they apply to.",
        zia!("/urlFilteringRules"),
        &[],
        Paging::None,
    ),
    read(
        "zia_get_url_filtering_rule",
        ZIA,
        "zia_url_filtering",
        "Get a ZIA URL filtering rule",
        "Get one URL filtering rule by its numeric id.",
        zia!("/urlFilteringRules/{rule_id}"),
        &[URL_RULE_ID],
        Paging::None,
    ),
    ToolSpec {
        hook: Hook::Custom(create_url_rule),
        ..create(
            "zia_create_url_filtering_rule",
            "zia_url_filtering",
            "Create a ZIA URL filtering rule",
            "Create a URL filtering rule. Defaults: order 1 (evaluated first), rank 7, \
             enabled. Ids for the criteria come from the list tools named in each \
             parameter. Staged until zia_activate_configuration.",
            zia!("/urlFilteringRules"),
            &[
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
            ],
        )
    },
    ToolSpec {
        hook: Hook::Custom(update_url_rule),
        ..update(
            "zia_update_url_filtering_rule",
            "zia_url_filtering",
            "Update a ZIA URL filtering rule",
            "Change a URL filtering rule. Only the fields you pass change: the current rule \
             is read and your values laid over it (list criteria replace the whole list). \
             Staged until zia_activate_configuration.",
            zia!("/urlFilteringRules/{rule_id}"),
            &[
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
            ],
        )
    },
    delete(
        "zia_delete_url_filtering_rule",
        "zia_url_filtering",
        "Delete a ZIA URL filtering rule",
        "Delete a URL filtering rule by numeric id; the rules after it move up. Staged \
         until zia_activate_configuration.",
        zia!("/urlFilteringRules/{rule_id}"),
        &[URL_RULE_ID],
    ),
    // ------------------------------------------------------------ zia_users
    read(
        "get_zia_users",
        ZIA,
        "zia_users",
        "List ZIA users",
        "List users with their groups and department. name matches part of the user name; \
         dept and group match the start of the department or group name.",
        zia!("/users"),
        &[
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
        ],
        Paging::Pages {
            default_size: 1000,
            max_size: 10000,
        },
    ),
    read(
        "get_zia_user_departments",
        ZIA,
        "zia_users",
        "List ZIA departments",
        "List user departments. Their ids are used in the departments criteria of rules.",
        zia!("/departments"),
        &[
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
        ],
        PAGE_100,
    ),
    read(
        "get_zia_user_groups",
        ZIA,
        "zia_users",
        "List ZIA user groups",
        "List user groups. Their ids are used in the groups criteria of rules.",
        zia!("/groups"),
        &[
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
        ],
        PAGE_100,
    ),
    // ------------------------------------------------------------ zia_workload_groups
    read(
        "zia_list_workload_groups",
        ZIA,
        "zia_workload_groups",
        "List ZIA workload groups",
        "List workload groups: cloud workloads grouped by tag expressions. Their ids are used \
         in the workload_groups criteria of rules.",
        zia!("/workloadGroups"),
        &[],
        Paging::Pages {
            default_size: 250,
            max_size: 1000,
        },
    ),
    read(
        "zia_get_workload_group",
        ZIA,
        "zia_workload_groups",
        "Get a ZIA workload group",
        "Get one workload group by its numeric id, with its tag expression.",
        zia!("/workloadGroups/{group_id}"),
        &[path_int(
            "group_id",
            "Numeric workload group id (from zia_list_workload_groups).",
        )],
        Paging::None,
    ),
];

// ---------------------------------------------------------------- hooks

const BASE: &str = "/zia/api/v1";

/// One ZIA call; the JSON body of the answer (`Null` for 204).
async fn zia_call(
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
                service: Service::Zia,
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

fn done(value: Value) -> Result<ToolOutput, ToolError> {
    Ok(ToolOutput { value, note: None })
}

fn bad_arg(field: &str, problem: impl Into<String>) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem: problem.into(),
    })
}

/// A query-placed argument the hook consumes itself.
fn query_arg<'p>(plan: &'p CallPlan, wire: &str) -> Option<&'p str> {
    plan.query
        .iter()
        .find(|(k, _)| k == wire)
        .map(|(_, v)| v.as_str())
}

fn body_map(plan: &CallPlan) -> Map<String, Value> {
    match &plan.body {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn is_custom(category: &Value) -> bool {
    category.get("customCategory") == Some(&Value::Bool(true))
}

/// Read `path`, lay `changes` over it, write it back: an update that keeps every field the
/// caller did not name.
async fn merge_and_put(
    ctx: &HookCtx<'_>,
    path: &str,
    current: Value,
    changes: Map<String, Value>,
) -> Result<Value, ToolError> {
    let mut merged = match current {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    merged.extend(changes);
    let merged = Value::Object(merged);
    let written = zia_call(ctx, HttpMethod::Put, path, &[], Some(&merged)).await?;
    Ok(if written.is_null() { merged } else { written })
}

// Cookie-authentication exempt list: POST with an action, then read the list back.

fn add_exempt_urls<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(edit_exempt_urls(ctx, "ADD_TO_LIST"))
}

fn remove_exempt_urls<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(edit_exempt_urls(ctx, "REMOVE_FROM_LIST"))
}

async fn edit_exempt_urls(ctx: HookCtx<'_>, action: &'static str) -> Result<ToolOutput, ToolError> {
    let query = [pair("action", action)];
    zia_call(
        &ctx,
        HttpMethod::Post,
        ctx.path,
        &query,
        ctx.plan.body.as_ref(),
    )
    .await?;
    done(zia_call(&ctx, HttpMethod::Get, ctx.path, &[], None).await?)
}

// Geo lookups: three endpoints behind one tool.

fn geo_search<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let plan = ctx.plan;
        let need = |name: &str, action: &str| {
            query_arg(plan, name)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| bad_arg(name, format!("is required when action is {action}")))
        };
        let number = |name: &str, action: &str| {
            let raw = need(name, action)?;
            raw.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(|_| raw)
                .ok_or_else(|| bad_arg(name, "must be a decimal number such as \"37.3382\""))
        };
        let action = query_arg(plan, "action").unwrap_or_default();
        let value = match action {
            "geo_by_coordinates" => {
                let query = [
                    pair("latitude", number("latitude", action)?),
                    pair("longitude", number("longitude", action)?),
                ];
                let path = format!("{BASE}/region/byGeoCoordinates");
                zia_call(&ctx, HttpMethod::Get, &path, &query, None).await?
            }
            "geo_by_ip" => {
                let ip = need("ip", action)?;
                let path = format!("{BASE}/region/byIPAddress/{}", segment("ip", ip)?);
                zia_call(&ctx, HttpMethod::Get, &path, &[], None).await?
            }
            _ => {
                let query = [pair("prefix", need("prefix", action)?)];
                let path = format!("{BASE}/region/search");
                zia_call(&ctx, HttpMethod::Get, &path, &query, None).await?
            }
        };
        done(value)
    })
}

// GRE tunnels.

fn vip_ref(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!({ "id": n }),
        other => other.clone(),
    }
}

fn create_gre_tunnel<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut body = body_map(ctx.plan);
        let source = body
            .get("sourceIp")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        for key in ["primaryDestVip", "secondaryDestVip"] {
            if let Some(v) = body.get(key).map(vip_ref) {
                body.insert(key.to_string(), v);
            }
        }

        let unnumbered = body.get("ipUnnumbered") == Some(&Value::Bool(true));
        if !unnumbered && !body.contains_key("internalIpRange") {
            let path = format!("{BASE}/greTunnels/availableInternalIpRanges");
            let ranges = zia_call(
                &ctx,
                HttpMethod::Get,
                &path,
                &[pair("staticIp", &source)],
                None,
            )
            .await?;
            let start = ranges
                .as_array()
                .and_then(|r| r.first())
                .and_then(|r| r.get("startIPAddress"))
                .cloned()
                .ok_or_else(|| {
                    bad_arg(
                        "internal_ip_range",
                        "no free internal IP range was offered for this static IP; pass \
                         internal_ip_range, or ip_unnumbered=true",
                    )
                })?;
            body.insert("internalIpRange".into(), start);
        }

        if !(body.contains_key("primaryDestVip") && body.contains_key("secondaryDestVip")) {
            let mut query = vec![pair("sourceIp", &source)];
            if body.get("withinCountry") == Some(&Value::Bool(true)) {
                query.push(pair("withinCountryOnly", "true"));
            }
            let path = format!("{BASE}/vips/recommendedList");
            let vips = zia_call(&ctx, HttpMethod::Get, &path, &query, None).await?;
            let vips = vips.as_array().cloned().unwrap_or_default();
            let primary_id = match body.get("primaryDestVip").and_then(|v| v.get("id")) {
                Some(id) => id.clone(),
                None => vips
                    .first()
                    .and_then(|v| v.get("id"))
                    .cloned()
                    .ok_or_else(|| {
                        bad_arg(
                            "primary_dest_vip_id",
                            "no recommended VIP was found for this source IP; pass the VIP ids",
                        )
                    })?,
            };
            let primary_city = vips
                .iter()
                .find(|v| v.get("id") == Some(&primary_id))
                .and_then(|v| v.get("city"))
                .cloned();
            if !body.contains_key("secondaryDestVip") {
                let secondary = vips
                    .iter()
                    .find(|v| {
                        v.get("id") != Some(&primary_id)
                            && (primary_city.is_none() || v.get("city") != primary_city.as_ref())
                    })
                    .and_then(|v| v.get("id"))
                    .cloned()
                    .ok_or_else(|| {
                        bad_arg(
                            "secondary_dest_vip_id",
                            "no recommended VIP in a different city was found; pass it",
                        )
                    })?;
                body.insert("secondaryDestVip".into(), json!({ "id": secondary }));
            }
            body.insert("primaryDestVip".into(), json!({ "id": primary_id }));
        }

        let body = Value::Object(body);
        done(zia_call(&ctx, HttpMethod::Post, ctx.path, &[], Some(&body)).await?)
    })
}

fn delete_gre_tunnel<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let static_ip = ctx
            .plan
            .body
            .as_ref()
            .and_then(|b| b.get("staticIpId"))
            .and_then(Value::as_i64);
        let static_ip_path = static_ip.map(|id| format!("{BASE}/staticIP/{id}"));
        if let Some(path) = &static_ip_path {
            // Only the tunnel's own static IP: checked before anything is deleted.
            let tunnel = zia_call(&ctx, HttpMethod::Get, ctx.path, &[], None).await?;
            let ip = zia_call(&ctx, HttpMethod::Get, path, &[], None).await?;
            let (uses, owns) = (tunnel.get("sourceIp"), ip.get("ipAddress"));
            if uses.is_none() || uses != owns {
                return Err(bad_arg(
                    "static_ip_id",
                    format!(
                        "is the static IP {}, but the tunnel's source IP is {}: only the \
                         tunnel's own static IP can be deleted with it. Nothing was deleted.",
                        owns.unwrap_or(&Value::Null),
                        uses.unwrap_or(&Value::Null)
                    ),
                ));
            }
        }
        zia_call(&ctx, HttpMethod::Delete, ctx.path, &[], None).await?;
        let mut out = json!({"deleted": true, "path": ctx.path});
        if let Some(path) = static_ip_path {
            zia_call(&ctx, HttpMethod::Delete, &path, &[], None).await?;
            out["static_ip_deleted"] = json!(true);
            out["static_ip_path"] = json!(path);
        }
        done(out)
    })
}

// Static IPs: the API answers 409 DUPLICATE_ITEM when a PUT repeats the object's own
// address (recorded), so the merged object goes back without `ipAddress`, which keeps it.

fn update_static_ip<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut current = zia_call(&ctx, HttpMethod::Get, ctx.path, &[], None).await?;
        if let Value::Object(m) = &mut current {
            m.remove("ipAddress");
        }
        let mut changes = body_map(ctx.plan);
        changes.remove("ipAddress");
        done(merge_and_put(&ctx, ctx.path, current, changes).await?)
    })
}

// URL categories.

/// Find a predefined category by id or display name; refuse custom ones.
async fn resolve_predefined(ctx: &HookCtx<'_>) -> Result<Value, ToolError> {
    let ident = query_arg(ctx.plan, "name").unwrap_or_default().trim();
    if ident.is_empty() {
        return Err(bad_arg("name", "must not be empty"));
    }
    let custom_refusal = |id: &str| {
        bad_arg(
            "name",
            format!(
                "{id} is a custom URL category; use zia_get_url_category / \
                 zia_update_url_category for custom categories"
            ),
        )
    };
    let direct = format!("{}/{}", ctx.path, segment("name", ident)?);
    match zia_call(ctx, HttpMethod::Get, &direct, &[], None).await {
        Ok(found) if found.is_object() => {
            if is_custom(&found) {
                return Err(custom_refusal(ident));
            }
            return Ok(found);
        }
        Ok(_) => {}
        Err(ToolError::Upstream(UpstreamError::NotFound { .. }))
        | Err(ToolError::Upstream(UpstreamError::Api { status: 400, .. })) => {}
        Err(e) => return Err(e),
    }
    // Not an exact id: match ids and display names, ignoring case, spaces and dashes.
    let norm = |s: &str| s.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    let want = norm(ident);
    let all = zia_call(ctx, HttpMethod::Get, ctx.path, &[], None).await?;
    let text = |c: &Value, k: &str| c.get(k).and_then(Value::as_str).map(norm);
    let matched = all.as_array().into_iter().flatten().find(|c| {
        text(c, "id").as_deref() == Some(want.as_str())
            || text(c, "configuredName").as_deref() == Some(want.as_str())
    });
    match matched {
        Some(c) if is_custom(c) => Err(custom_refusal(ident)),
        Some(c) => Ok(c.clone()),
        None => Err(bad_arg(
            "name",
            format!(
                "no predefined URL category has the id or name {ident:?}; \
                 zia_list_url_categories lists them"
            ),
        )),
    }
}

fn get_predefined_category<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { done(resolve_predefined(&ctx).await?) })
}

fn update_predefined_category<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let current = resolve_predefined(&ctx).await?;
        let id = current
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let path = format!("{}/{}", ctx.path, encode_segment(&id));
        done(merge_and_put(&ctx, &path, current, body_map(ctx.plan)).await?)
    })
}

fn update_custom_category<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let current = zia_call(&ctx, HttpMethod::Get, ctx.path, &[], None).await?;
        if !is_custom(&current) {
            return Err(bad_arg(
                "category_id",
                "this is a predefined URL category; use zia_update_url_category_predefined, \
                 or zia_add_urls_to_category / zia_remove_urls_from_category",
            ));
        }
        done(merge_and_put(&ctx, ctx.path, current, body_map(ctx.plan)).await?)
    })
}

// URL filtering rules: `enabled` becomes the API's `state`.

fn rule_changes(plan: &CallPlan) -> Map<String, Value> {
    let mut body = body_map(plan);
    if let Some(enabled) = body.remove("enabled") {
        let state = if enabled == Value::Bool(false) {
            "DISABLED"
        } else {
            "ENABLED"
        };
        body.insert("state".into(), json!(state));
    }
    body
}

fn create_url_rule<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut body = rule_changes(ctx.plan);
        body.entry("order").or_insert(json!(1));
        body.entry("rank").or_insert(json!(7));
        body.entry("state").or_insert(json!("ENABLED"));
        let body = Value::Object(body);
        done(zia_call(&ctx, HttpMethod::Post, ctx.path, &[], Some(&body)).await?)
    })
}

fn update_url_rule<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let current = zia_call(&ctx, HttpMethod::Get, ctx.path, &[], None).await?;
        done(merge_and_put(&ctx, ctx.path, current, rule_changes(ctx.plan)).await?)
    })
}
