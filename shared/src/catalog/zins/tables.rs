//! The zins tool table: data only; the hooks it names are in `hooks.rs`.

use super::hooks::*;
use crate::catalog::spec::*;

pub(super) const ZINS: Service = Service::Zins;
pub(super) const GRAPHQL: &str = "/zins/graphql";
pub(super) const DAY_MS: i64 = 24 * 60 * 60 * 1000;
pub(super) const MAX_ENTRIES: i64 = 1000;

// ---------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------

pub(super) const START_DAYS_AGO_7: Param = field(
    "start_days_ago",
    "start_days_ago",
    Kind::Int,
    "Window start, in whole days before now (at least 1; default 9, a 7-day window with \
     end_days_ago=2; 16 gives 14 days). The API accepts only 7- or 14-day windows: other \
     spans are moved to the nearer one, keeping the end.",
);
pub(super) const START_DAYS_AGO_14: Param = field(
    "start_days_ago",
    "start_days_ago",
    Kind::Int,
    "Window start, in whole days before now (at least 1; default 16, a 14-day window with \
     end_days_ago=2; 9 gives 7 days). The API accepts only 7- or 14-day windows: other \
     spans are moved to the nearer one, keeping the end.",
);
pub(super) const END_DAYS_AGO: Param = field(
    "end_days_ago",
    "end_days_ago",
    Kind::Int,
    "Window end, in whole days before now (at least 1, default 2): Z-Insights data arrives \
     24 to 48 hours late.",
);
pub(super) const START_TIME: Param = field(
    "start_time",
    "start_time",
    Kind::Int,
    "Exact window start, epoch MILLISECONDS; overrides start_days_ago and is sent as given \
     (the window must still be 7 or 14 days).",
);
pub(super) const END_TIME: Param = field(
    "end_time",
    "end_time",
    Kind::Int,
    "Exact window end, epoch MILLISECONDS, at least one day in the past; overrides \
     end_days_ago.",
);
pub(super) const MAX_ROWS: Param = field(
    "max_entries",
    "limit",
    Kind::Int,
    "Most rows to return, 1 to 1000 (default 50).",
);
pub(super) const TRAFFIC_UNIT: Param = field(
    "traffic_unit",
    "trafficUnit",
    Kind::Enum(&["TRANSACTIONS", "BYTES"]),
    "Count TRANSACTIONS (default) or BYTES.",
);
pub(super) const INCLUDE_TREND: Param = field(
    "include_trend",
    "includeTrend",
    Kind::Bool,
    "true to add a time series (`trend`: start time, interval, values) to each row.",
);
pub(super) const TREND_INTERVAL: Param = field(
    "trend_interval",
    "trendInterval",
    Kind::Enum(&["DAY", "HOUR"]),
    "Step of the time series when include_trend is true: DAY or HOUR.",
);

/// Values of the SDK's `IncidentsGroupBy` enum.
pub(super) const INCIDENT_GROUPS: &[&str] = &[
    "THREAT_CATEGORY_ID",
    "APP_ID",
    "USER_ID",
    "TIME",
    "SRC_COUNTRY",
];

pub(super) const P_WEB_CATEGORY: &[Param] = &[
    START_DAYS_AGO_7,
    END_DAYS_AGO,
    START_TIME,
    END_TIME,
    TRAFFIC_UNIT,
    MAX_ROWS,
];
pub(super) const P_WINDOW_7: &[Param] = &[
    START_DAYS_AGO_7,
    END_DAYS_AGO,
    START_TIME,
    END_TIME,
    MAX_ROWS,
];
pub(super) const P_WINDOW_14: &[Param] = &[
    START_DAYS_AGO_14,
    END_DAYS_AGO,
    START_TIME,
    END_TIME,
    MAX_ROWS,
];

macro_rules! analytics {
    ($text:literal) => {
        concat!(
            $text,
            " Read-only, historical: the window is 7 or 14 days ending at least a day ago \
             (default: the 7 days ending 2 days ago)."
        )
    };
    ($text:literal, 14) => {
        concat!(
            $text,
            " Read-only, historical: the window is 7 or 14 days ending at least a day ago \
             (default: the 14 days ending 2 days ago)."
        )
    };
}

pub const TOOLS: &[ToolSpec] = &[
    // ----------------------------------------------------------------- web traffic
    ToolSpec::read(ZINS, "zins_web_traffic", "zins_get_web_traffic_by_location")
        .title("Web traffic by location")
        .describe(analytics!(
            "Web traffic per ZIA location (name and total transactions or bytes), optionally \
                 with a time series per location. Use it to rank sites by traffic."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            START_DAYS_AGO_7,
            END_DAYS_AGO,
            START_TIME,
            END_TIME,
            TRAFFIC_UNIT,
            INCLUDE_TREND,
            TREND_INTERVAL,
            MAX_ROWS,
        ])
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZINS, "zins_web_traffic", "zins_get_web_traffic_no_grouping")
        .title("Total web traffic")
        .describe(analytics!(
            "The organisation's total web traffic, not grouped, optionally only traffic a DLP \
                 engine matched or only allowed or blocked traffic, and optionally with a time \
                 series."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            START_DAYS_AGO_7,
            END_DAYS_AGO,
            START_TIME,
            END_TIME,
            TRAFFIC_UNIT,
            field(
                "dlp_engine_filter",
                "dlpEngineFilter",
                Kind::Enum(&[
                    "ANY",
                    "NONE",
                    "HIPAA",
                    "CYBER_BULLY_ENG",
                    "GLBA",
                    "PCI",
                    "OFFENSIVE_LANGUAGE",
                    "EXTERNAL",
                ]),
                "Only traffic this DLP engine matched (ANY: any engine, NONE: no engine).",
            ),
            field(
                "action_filter",
                "actionFilter",
                Kind::Enum(&["ALLOW", "BLOCK"]),
                "Only traffic with this outcome: ALLOW or BLOCK.",
            ),
            INCLUDE_TREND,
            TREND_INTERVAL,
            MAX_ROWS,
        ])
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZINS, "zins_web_traffic", "zins_get_web_protocols")
        .title("Web traffic by protocol")
        .describe(analytics!(
            "Web traffic split by protocol (HTTP, HTTPS, SSL and so on): one row per protocol \
                 with its total."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(P_WEB_CATEGORY)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZINS, "zins_web_traffic", "zins_get_threat_super_categories")
        .title("Web threats by super-category")
        .describe(analytics!(
            "Threats found in web traffic, grouped by threat super-category (malware, \
                 phishing, spyware and so on): one row per category with its total. Empty means \
                 no threats in the window."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(P_WEB_CATEGORY)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZINS, "zins_web_traffic", "zins_get_threat_class")
        .title("Web threats by class")
        .describe(analytics!(
            "Threats found in web traffic, grouped by threat class (virus and spyware, \
                 advanced, behavioural analysis): one row per class with its total. Empty means \
                 no threats in the window."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(P_WEB_CATEGORY)
        .hook(Hook::Custom(graphql)),
    // ----------------------------------------------------------------- cyber security
    ToolSpec::read(ZINS, "zins_cyber_security", "zins_get_cyber_incidents")
        .title("Cyber incidents by category")
        .describe(analytics!(
            "Security incidents (malware, ATP, sandbox, firewall, isolation) grouped by one \
                 or more dimensions, THREAT_CATEGORY_ID by default. With two dimensions each row \
                 carries its breakdown by the second under `entries`. Empty means no incidents.",
            14
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            START_DAYS_AGO_14,
            END_DAYS_AGO,
            START_TIME,
            END_TIME,
            field(
                "categorize_by",
                "categorizeBy",
                Kind::StrList,
                "Dimensions to group by, in order, from THREAT_CATEGORY_ID, APP_ID, USER_ID, \
                 TIME, SRC_COUNTRY (default [\"THREAT_CATEGORY_ID\"]).",
            ),
            MAX_ROWS,
        ])
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(
        ZINS,
        "zins_cyber_security",
        "zins_get_cyber_incidents_by_location",
    )
    .title("Cyber incidents by location")
    .describe(analytics!(
        "Security incident counts per location (or per application, user or department): \
                 id, name and total per row, to find the sites with most incidents.",
        14
    ))
    .method(HttpMethod::Post)
    .path(GRAPHQL)
    .params(&[
        START_DAYS_AGO_14,
        END_DAYS_AGO,
        START_TIME,
        END_TIME,
        // The SDK docstring and the MCP server list four values; the SDK's enum
        // `IncidentsWithIdGroupBy` has only LOCATION_ID. We offer the four.
        field(
            "categorize_by",
            "categorizeBy",
            Kind::Enum(&["LOCATION_ID", "APP_ID", "USER_ID", "DEPARTMENT_ID"]),
            "Dimension to group by (default LOCATION_ID).",
        ),
        MAX_ROWS,
    ])
    .hook(Hook::Custom(graphql)),
    ToolSpec::read(
        ZINS,
        "zins_cyber_security",
        "zins_get_cyber_incidents_daily",
    )
    .title("Cyber incidents per day")
    .describe(analytics!(
        "Security incident counts per day, to spot spikes across the window.",
        14
    ))
    .method(HttpMethod::Post)
    .path(GRAPHQL)
    .params(P_WINDOW_14)
    .hook(Hook::Custom(graphql)),
    ToolSpec::read(
        ZINS,
        "zins_cyber_security",
        "zins_get_cyber_incidents_by_threat_and_app",
    )
    .title("Cyber incidents by threat and app")
    .describe(analytics!(
        "Security incidents per threat category, each row with its breakdown by \
                 application under `entries`: which applications each kind of threat targets.",
        14
    ))
    .method(HttpMethod::Post)
    .path(GRAPHQL)
    .params(P_WINDOW_14)
    .hook(Hook::Custom(graphql)),
    // ----------------------------------------------------------------- firewall
    ToolSpec::read(ZINS, "zins_firewall", "zins_get_firewall_by_action")
        .title("Firewall traffic by action")
        .describe(analytics!(
            "Zero Trust Firewall traffic split by the action taken (allowed versus blocked and \
                 so on): one row per action with its total."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(P_WINDOW_7)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZINS, "zins_firewall", "zins_get_firewall_by_location")
        .title("Firewall traffic by location")
        .describe(analytics!(
            "Zero Trust Firewall traffic per location: id, name and total per row, to rank \
                 sites by firewall traffic."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(P_WINDOW_7)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZINS, "zins_firewall", "zins_get_firewall_network_services")
        .title("Firewall traffic by network service")
        .describe(analytics!(
            "Zero Trust Firewall traffic per network service (protocol and port group): one \
                 row per service with its total."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(P_WINDOW_7)
        .hook(Hook::Custom(graphql)),
    // ----------------------------------------------------------------- IoT
    ToolSpec::read(ZINS, "zins_iot", "zins_get_iot_device_stats")
        .title("IoT device statistics")
        .describe(
            "Current IoT Device Visibility counts: all devices, IoT, user, server and \
             unclassified devices, plus rows per classification (classification, category, \
             total) under `entries`. No time window: it is the present state. Zero counts mean \
             no devices were seen or IoT Device Visibility is not enabled. Read-only.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[MAX_ROWS])
        .hook(Hook::Custom(graphql)),
    // ----------------------------------------------------------------- SaaS
    ToolSpec::read(ZINS, "zins_saas", "zins_get_casb_app_report")
        .title("CASB application report")
        .describe(analytics!(
            "Usage of SaaS applications seen by CASB (Cloud Access Security Broker): one row \
                 per application with its total."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(P_WINDOW_7)
        .hook(Hook::Custom(graphql)),
    // ----------------------------------------------------------------- shadow IT
    ToolSpec::read(ZINS, "zins_shadow_it", "zins_get_shadow_it_apps")
        .title("Shadow IT applications")
        .describe(analytics!(
            "Discovered (shadow IT) applications with category, risk index, sanctioned state, \
                 bytes up and down, authenticated users and last access. Empty means none was \
                 discovered."
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(P_WINDOW_7)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZINS, "zins_shadow_it", "zins_get_shadow_it_summary")
        .title("Shadow IT summary")
        .describe(analytics!(
            "One object summarising shadow IT: total apps and bytes (up, down, all), and \
                 breakdowns by application category (apps, users, bytes), risk index, \
                 provisioning status and access.",
            14
        ))
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[START_DAYS_AGO_14, END_DAYS_AGO, START_TIME, END_TIME])
        .hook(Hook::Custom(graphql)),
];

// ---------------------------------------------------------------------------------------
// The GraphQL documents
// ---------------------------------------------------------------------------------------

pub(super) struct Report {
    pub(super) tool: &'static str,
    pub(super) operation: &'static str,
    pub(super) domain: &'static str,
    pub(super) field: &'static str,
    /// Default window start in days ago; `None` for a report without a window.
    pub(super) start_days: Option<i64>,
    /// Variables sent when the caller gives none, as JSON text.
    pub(super) defaults: &'static [(&'static str, &'static str)],
    /// The report is one object, not a list of `entries`.
    pub(super) single: bool,
    pub(super) document: &'static str,
}

macro_rules! web_category {
    ($op:literal, $field:literal) => {
        concat!(
            "query ",
            $op,
            "($startTime: Long!, $endTime: Long!, $trafficUnit: WebTrafficUnits!, $limit: Int) ",
            "{ WEB_TRAFFIC { ",
            $field,
            "(start_time: $startTime, end_time: $endTime, traffic_unit: $trafficUnit) ",
            "{ obfuscated entries(limit: $limit) { name total } } } }"
        )
    };
}

macro_rules! firewall {
    ($op:literal, $field:literal, $row:literal) => {
        concat!(
            "query ",
            $op,
            "($startTime: Long!, $endTime: Long!, $limit: Int) { ZERO_TRUST_FIREWALL { ",
            $field,
            "(start_time: $startTime, end_time: $endTime) { obfuscated entries(limit: $limit) ",
            $row,
            " } } }"
        )
    };
}

macro_rules! incidents {
    ($op:literal) => {
        concat!(
            "query ",
            $op,
            "($startTime: Long!, $endTime: Long!, $categorizeBy: [IncidentsGroupBy!]!, ",
            "$limit: Int) { CYBER_SECURITY { incidents(categorize_by: $categorizeBy, ",
            "start_time: $startTime, end_time: $endTime) { obfuscated entries(limit: $limit) ",
            "{ name total entries(limit: $limit) { name total } } } } }"
        )
    };
}

/// A grouping of the shadow IT summary, with its second level when it has one.
macro_rules! grouping {
    ($field:literal) => {
        concat!(" ", $field, " { obfuscated entries { name total } }")
    };
    ($field:literal, nested) => {
        concat!(
            " ",
            $field,
            " { obfuscated entries { name total entries { name total } } }"
        )
    };
}

pub(super) const REPORTS: &[Report] = &[
    Report {
        tool: "zins_get_web_traffic_by_location",
        operation: "ZinsWebTrafficByLocation",
        domain: "WEB_TRAFFIC",
        field: "location",
        start_days: Some(9),
        defaults: &[("trafficUnit", "\"TRANSACTIONS\""), ("limit", "50")],
        single: false,
        document: concat!(
            "query ZinsWebTrafficByLocation($startTime: Long!, $endTime: Long!, ",
            "$trafficUnit: WebTrafficUnits!, $includeTrend: Boolean, ",
            "$trendInterval: TrendInterval, $limit: Int) { WEB_TRAFFIC { location(",
            "start_time: $startTime, end_time: $endTime, traffic_unit: $trafficUnit, ",
            "include_trend: $includeTrend, trend_interval: $trendInterval) { obfuscated ",
            "entries(limit: $limit) ",
            "{ name total trend { trend_start_time trend_interval trend_values } } } } }"
        ),
    },
    Report {
        tool: "zins_get_web_traffic_no_grouping",
        operation: "ZinsWebTrafficTotal",
        domain: "WEB_TRAFFIC",
        field: "no_grouping",
        start_days: Some(9),
        defaults: &[("trafficUnit", "\"TRANSACTIONS\""), ("limit", "50")],
        single: false,
        document: concat!(
            "query ZinsWebTrafficTotal($startTime: Long!, $endTime: Long!, ",
            "$trafficUnit: WebTrafficUnits!, $dlpEngineFilter: DlpEngineFilter, ",
            "$actionFilter: ActionStatus, $includeTrend: Boolean, ",
            "$trendInterval: TrendInterval, $limit: Int) { WEB_TRAFFIC { no_grouping(",
            "start_time: $startTime, end_time: $endTime, traffic_unit: $trafficUnit, ",
            "dlp_engine_filter: $dlpEngineFilter, action_filter: $actionFilter, ",
            "include_trend: $includeTrend, trend_interval: $trendInterval) { obfuscated ",
            "entries(limit: $limit) ",
            "{ name total trend { trend_start_time trend_interval trend_values } } } } }"
        ),
    },
    Report {
        tool: "zins_get_web_protocols",
        operation: "ZinsWebProtocols",
        domain: "WEB_TRAFFIC",
        field: "protocols",
        start_days: Some(9),
        defaults: &[("trafficUnit", "\"TRANSACTIONS\""), ("limit", "50")],
        single: false,
        document: web_category!("ZinsWebProtocols", "protocols"),
    },
    Report {
        tool: "zins_get_threat_super_categories",
        operation: "ZinsThreatSuperCategories",
        domain: "WEB_TRAFFIC",
        field: "threat_super_categories",
        start_days: Some(9),
        defaults: &[("trafficUnit", "\"TRANSACTIONS\""), ("limit", "50")],
        single: false,
        document: web_category!("ZinsThreatSuperCategories", "threat_super_categories"),
    },
    Report {
        tool: "zins_get_threat_class",
        operation: "ZinsThreatClass",
        domain: "WEB_TRAFFIC",
        field: "threat_class",
        start_days: Some(9),
        defaults: &[("trafficUnit", "\"TRANSACTIONS\""), ("limit", "50")],
        single: false,
        document: web_category!("ZinsThreatClass", "threat_class"),
    },
    Report {
        tool: "zins_get_cyber_incidents",
        operation: "ZinsCyberIncidents",
        domain: "CYBER_SECURITY",
        field: "incidents",
        start_days: Some(16),
        defaults: &[
            ("categorizeBy", "[\"THREAT_CATEGORY_ID\"]"),
            ("limit", "50"),
        ],
        single: false,
        document: incidents!("ZinsCyberIncidents"),
    },
    Report {
        tool: "zins_get_cyber_incidents_by_location",
        operation: "ZinsCyberIncidentsByLocation",
        domain: "CYBER_SECURITY",
        field: "cyber_security_location",
        start_days: Some(16),
        defaults: &[("categorizeBy", "\"LOCATION_ID\""), ("limit", "50")],
        single: false,
        document: concat!(
            "query ZinsCyberIncidentsByLocation($startTime: Long!, $endTime: Long!, ",
            "$categorizeBy: IncidentsWithIdGroupBy!, $limit: Int) { CYBER_SECURITY { ",
            "cyber_security_location(categorize_by: $categorizeBy, start_time: $startTime, ",
            "end_time: $endTime) { obfuscated entries(limit: $limit) { id name total } } } }"
        ),
    },
    Report {
        tool: "zins_get_cyber_incidents_daily",
        operation: "ZinsCyberIncidentsDaily",
        domain: "CYBER_SECURITY",
        field: "incidents",
        start_days: Some(16),
        defaults: &[("categorizeBy", "[\"TIME\"]"), ("limit", "50")],
        single: false,
        document: incidents!("ZinsCyberIncidentsDaily"),
    },
    Report {
        tool: "zins_get_cyber_incidents_by_threat_and_app",
        operation: "ZinsCyberIncidentsByThreatAndApp",
        domain: "CYBER_SECURITY",
        field: "incidents",
        start_days: Some(16),
        defaults: &[
            ("categorizeBy", "[\"THREAT_CATEGORY_ID\", \"APP_ID\"]"),
            ("limit", "50"),
        ],
        single: false,
        document: incidents!("ZinsCyberIncidentsByThreatAndApp"),
    },
    Report {
        tool: "zins_get_firewall_by_action",
        operation: "ZinsFirewallByAction",
        domain: "ZERO_TRUST_FIREWALL",
        field: "action",
        start_days: Some(9),
        defaults: &[("limit", "50")],
        single: false,
        document: firewall!("ZinsFirewallByAction", "action", "{ name total }"),
    },
    Report {
        tool: "zins_get_firewall_by_location",
        operation: "ZinsFirewallByLocation",
        domain: "ZERO_TRUST_FIREWALL",
        field: "location_firewall",
        start_days: Some(9),
        defaults: &[("limit", "50")],
        single: false,
        document: firewall!(
            "ZinsFirewallByLocation",
            "location_firewall",
            "{ id name total }"
        ),
    },
    Report {
        tool: "zins_get_firewall_network_services",
        operation: "ZinsFirewallNetworkServices",
        domain: "ZERO_TRUST_FIREWALL",
        field: "network_service",
        start_days: Some(9),
        defaults: &[("limit", "50")],
        single: false,
        document: firewall!(
            "ZinsFirewallNetworkServices",
            "network_service",
            "{ name total }"
        ),
    },
    Report {
        tool: "zins_get_iot_device_stats",
        operation: "ZinsIotDeviceStats",
        domain: "IOT",
        field: "device_stats",
        start_days: None,
        defaults: &[("limit", "50")],
        single: true,
        document: concat!(
            "query ZinsIotDeviceStats($limit: Int) { IOT { device_stats { devices_count ",
            "user_devices_count iot_devices_count server_devices_count ",
            "un_classified_devices_count entries(limit: $limit) { classifications ",
            "classification_uuid category total } } } }"
        ),
    },
    Report {
        tool: "zins_get_casb_app_report",
        operation: "ZinsCasbApps",
        domain: "SAAS_SECURITY",
        field: "casb_app",
        start_days: Some(9),
        defaults: &[("limit", "50")],
        single: false,
        document: concat!(
            "query ZinsCasbApps($startTime: Long!, $endTime: Long!, $limit: Int) { ",
            "SAAS_SECURITY { casb_app(start_time: $startTime, end_time: $endTime) { ",
            "obfuscated entries(limit: $limit) { name total } } } }"
        ),
    },
    Report {
        tool: "zins_get_shadow_it_apps",
        operation: "ZinsShadowItApps",
        domain: "SHADOW_IT",
        field: "apps",
        start_days: Some(9),
        defaults: &[("limit", "50")],
        single: false,
        document: concat!(
            "query ZinsShadowItApps($startTime: Long!, $endTime: Long!, $limit: Int) { ",
            "SHADOW_IT { apps(start_time: $startTime, end_time: $endTime) { ",
            "entries(limit: $limit) { application application_category risk_index ",
            "computed_risk_index sanctioned_state integration data_consumed data_uploaded ",
            "data_downloaded authenticated_users unAuthenticated_location_count ",
            "last_access_time vulnerability undiscovered custom_risk_index } } } }"
        ),
    },
    Report {
        tool: "zins_get_shadow_it_summary",
        operation: "ZinsShadowItSummary",
        domain: "SHADOW_IT",
        field: "shadow_it_summary",
        start_days: Some(16),
        defaults: &[],
        single: true,
        document: concat!(
            "query ZinsShadowItSummary($startTime: Long!, $endTime: Long!) { SHADOW_IT { ",
            "shadow_it_summary(start_time: $startTime, end_time: $endTime) { ",
            "total_upload_bytes total_download_bytes total_apps total_bytes",
            grouping!("group_by_app_cat_for_app", nested),
            grouping!("group_by_app_cat_for_user_count", nested),
            grouping!("group_by_app_cat_for_upload_bytes", nested),
            grouping!("group_by_app_cat_for_download_bytes", nested),
            grouping!("group_by_app_cat_for_total_bytes", nested),
            grouping!("group_by_risk_index_for_app"),
            grouping!("group_by_provisioning_status_for_app"),
            grouping!("group_by_access_for_app"),
            " } } }"
        ),
    },
];
