//! Z-Insights tools: read-only analytics over one GraphQL endpoint, `POST /zins/graphql`.
//!
//! UNVERIFIED against recordings: the endpoint, the domains (`WEB_TRAFFIC`,
//! `CYBER_SECURITY`, `ZERO_TRUST_FIREWALL`, `IOT`, `SAAS_SECURITY`, `SHADOW_IT`), their
//! fields, argument names and enum values follow the official Python SDK
//! (`zscaler/zscaler-sdk-python`, `zscaler/zins/*.py` and `zscaler/zins/models/enums.py`);
//! which arguments each tool takes, the default windows and the 7-or-14-day rule follow
//! Zscaler's Python MCP server (`zscaler/zscaler-mcp-server`,
//! `src/zscaler_mcp/tools/zins/*.py`). The GraphQL documents below are our own.
//!
//! Every tool is one spec with the same hook, [`graphql`]: the typed arguments are `Body`
//! params whose wire names are the GraphQL variable names; the hook turns the time-window
//! arguments into `startTime`/`endTime` (epoch milliseconds), adds the report's defaults,
//! posts `{query, variables, operationName}` and unwraps `data.<DOMAIN>.<field>` — the
//! `entries` list, or the whole object for the two single-object reports. GraphQL errors
//! arrive with HTTP 200 and become tool errors.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::args::ArgError;
use super::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::{ApiRequest, UpstreamError};

const ZINS: Service = Service::Zins;
const GRAPHQL: &str = "/zins/graphql";
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const MAX_ENTRIES: i64 = 1000;

const fn report(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    ToolSpec {
        name,
        service: ZINS,
        toolset,
        action: Action::Read,
        title,
        description,
        method: HttpMethod::Post,
        path: GRAPHQL,
        params,
        paging: Paging::None,
        hook: Hook::Custom(graphql),
        untrusted_content: false,
    }
}

const fn var(name: &'static str, wire: &'static str, kind: Kind, text: &'static str) -> Param {
    body(name, wire, kind, false, text)
}

// ---------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------

const START_DAYS_AGO_7: Param = var(
    "start_days_ago",
    "start_days_ago",
    Kind::Int,
    "Window start, in whole days before now (at least 1; default 9, a 7-day window with \
     end_days_ago=2; 16 gives 14 days). The API accepts only 7- or 14-day windows: other \
     spans are moved to the nearer one, keeping the end.",
);
const START_DAYS_AGO_14: Param = var(
    "start_days_ago",
    "start_days_ago",
    Kind::Int,
    "Window start, in whole days before now (at least 1; default 16, a 14-day window with \
     end_days_ago=2; 9 gives 7 days). The API accepts only 7- or 14-day windows: other \
     spans are moved to the nearer one, keeping the end.",
);
const END_DAYS_AGO: Param = var(
    "end_days_ago",
    "end_days_ago",
    Kind::Int,
    "Window end, in whole days before now (at least 1, default 2): Z-Insights data arrives \
     24 to 48 hours late.",
);
const START_TIME: Param = var(
    "start_time",
    "start_time",
    Kind::Int,
    "Exact window start, epoch MILLISECONDS; overrides start_days_ago and is sent as given \
     (the window must still be 7 or 14 days).",
);
const END_TIME: Param = var(
    "end_time",
    "end_time",
    Kind::Int,
    "Exact window end, epoch MILLISECONDS, at least one day in the past; overrides \
     end_days_ago.",
);
const MAX_ROWS: Param = var(
    "max_entries",
    "limit",
    Kind::Int,
    "Most rows to return, 1 to 1000 (default 50).",
);
const TRAFFIC_UNIT: Param = var(
    "traffic_unit",
    "trafficUnit",
    Kind::Enum(&["TRANSACTIONS", "BYTES"]),
    "Count TRANSACTIONS (default) or BYTES.",
);
const INCLUDE_TREND: Param = var(
    "include_trend",
    "includeTrend",
    Kind::Bool,
    "true to add a time series (`trend`: start time, interval, values) to each row.",
);
const TREND_INTERVAL: Param = var(
    "trend_interval",
    "trendInterval",
    Kind::Enum(&["DAY", "HOUR"]),
    "Step of the time series when include_trend is true: DAY or HOUR.",
);

/// Values of the SDK's `IncidentsGroupBy` enum.
const INCIDENT_GROUPS: &[&str] = &[
    "THREAT_CATEGORY_ID",
    "APP_ID",
    "USER_ID",
    "TIME",
    "SRC_COUNTRY",
];

const P_WEB_CATEGORY: &[Param] = &[
    START_DAYS_AGO_7,
    END_DAYS_AGO,
    START_TIME,
    END_TIME,
    TRAFFIC_UNIT,
    MAX_ROWS,
];
const P_WINDOW_7: &[Param] = &[
    START_DAYS_AGO_7,
    END_DAYS_AGO,
    START_TIME,
    END_TIME,
    MAX_ROWS,
];
const P_WINDOW_14: &[Param] = &[
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
    report(
        "zins_get_web_traffic_by_location",
        "zins_web_traffic",
        "Web traffic by location",
        analytics!(
            "Web traffic per ZIA location (name and total transactions or bytes), optionally \
             with a time series per location. Use it to rank sites by traffic."
        ),
        &[
            START_DAYS_AGO_7,
            END_DAYS_AGO,
            START_TIME,
            END_TIME,
            TRAFFIC_UNIT,
            INCLUDE_TREND,
            TREND_INTERVAL,
            MAX_ROWS,
        ],
    ),
    report(
        "zins_get_web_traffic_no_grouping",
        "zins_web_traffic",
        "Total web traffic",
        analytics!(
            "The organisation's total web traffic, not grouped, optionally only traffic a DLP \
             engine matched or only allowed or blocked traffic, and optionally with a time \
             series."
        ),
        &[
            START_DAYS_AGO_7,
            END_DAYS_AGO,
            START_TIME,
            END_TIME,
            TRAFFIC_UNIT,
            var(
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
            var(
                "action_filter",
                "actionFilter",
                Kind::Enum(&["ALLOW", "BLOCK"]),
                "Only traffic with this outcome: ALLOW or BLOCK.",
            ),
            INCLUDE_TREND,
            TREND_INTERVAL,
            MAX_ROWS,
        ],
    ),
    report(
        "zins_get_web_protocols",
        "zins_web_traffic",
        "Web traffic by protocol",
        analytics!(
            "Web traffic split by protocol (HTTP, HTTPS, SSL and so on): one row per protocol \
             with its total."
        ),
        P_WEB_CATEGORY,
    ),
    report(
        "zins_get_threat_super_categories",
        "zins_web_traffic",
        "Web threats by super-category",
        analytics!(
            "Threats found in web traffic, grouped by threat super-category (malware, \
             phishing, spyware and so on): one row per category with its total. Empty means \
             no threats in the window."
        ),
        P_WEB_CATEGORY,
    ),
    report(
        "zins_get_threat_class",
        "zins_web_traffic",
        "Web threats by class",
        analytics!(
            "Threats found in web traffic, grouped by threat class (virus and spyware, \
             advanced, behavioural analysis): one row per class with its total. Empty means \
             no threats in the window."
        ),
        P_WEB_CATEGORY,
    ),
    // ----------------------------------------------------------------- cyber security
    report(
        "zins_get_cyber_incidents",
        "zins_cyber_security",
        "Cyber incidents by category",
        analytics!(
            "Security incidents (malware, ATP, sandbox, firewall, isolation) grouped by one \
             or more dimensions, THREAT_CATEGORY_ID by default. With two dimensions each row \
             carries its breakdown by the second under `entries`. Empty means no incidents.",
            14
        ),
        &[
            START_DAYS_AGO_14,
            END_DAYS_AGO,
            START_TIME,
            END_TIME,
            var(
                "categorize_by",
                "categorizeBy",
                Kind::StrList,
                "Dimensions to group by, in order, from THREAT_CATEGORY_ID, APP_ID, USER_ID, \
                 TIME, SRC_COUNTRY (default [\"THREAT_CATEGORY_ID\"]).",
            ),
            MAX_ROWS,
        ],
    ),
    report(
        "zins_get_cyber_incidents_by_location",
        "zins_cyber_security",
        "Cyber incidents by location",
        analytics!(
            "Security incident counts per location (or per application, user or department): \
             id, name and total per row, to find the sites with most incidents.",
            14
        ),
        &[
            START_DAYS_AGO_14,
            END_DAYS_AGO,
            START_TIME,
            END_TIME,
            // The SDK docstring and the MCP server list four values; the SDK's enum
            // `IncidentsWithIdGroupBy` has only LOCATION_ID. We offer the four.
            var(
                "categorize_by",
                "categorizeBy",
                Kind::Enum(&["LOCATION_ID", "APP_ID", "USER_ID", "DEPARTMENT_ID"]),
                "Dimension to group by (default LOCATION_ID).",
            ),
            MAX_ROWS,
        ],
    ),
    report(
        "zins_get_cyber_incidents_daily",
        "zins_cyber_security",
        "Cyber incidents per day",
        analytics!(
            "Security incident counts per day, to spot spikes across the window.",
            14
        ),
        P_WINDOW_14,
    ),
    report(
        "zins_get_cyber_incidents_by_threat_and_app",
        "zins_cyber_security",
        "Cyber incidents by threat and app",
        analytics!(
            "Security incidents per threat category, each row with its breakdown by \
             application under `entries`: which applications each kind of threat targets.",
            14
        ),
        P_WINDOW_14,
    ),
    // ----------------------------------------------------------------- firewall
    report(
        "zins_get_firewall_by_action",
        "zins_firewall",
        "Firewall traffic by action",
        analytics!(
            "Zero Trust Firewall traffic split by the action taken (allowed versus blocked and \
             so on): one row per action with its total."
        ),
        P_WINDOW_7,
    ),
    report(
        "zins_get_firewall_by_location",
        "zins_firewall",
        "Firewall traffic by location",
        analytics!(
            "Zero Trust Firewall traffic per location: id, name and total per row, to rank \
             sites by firewall traffic."
        ),
        P_WINDOW_7,
    ),
    report(
        "zins_get_firewall_network_services",
        "zins_firewall",
        "Firewall traffic by network service",
        analytics!(
            "Zero Trust Firewall traffic per network service (protocol and port group): one \
             row per service with its total."
        ),
        P_WINDOW_7,
    ),
    // ----------------------------------------------------------------- IoT
    report(
        "zins_get_iot_device_stats",
        "zins_iot",
        "IoT device statistics",
        "Current IoT Device Visibility counts: all devices, IoT, user, server and \
         unclassified devices, plus rows per classification (classification, category, \
         total) under `entries`. No time window: it is the present state. Zero counts mean \
         no devices were seen or IoT Device Visibility is not enabled. Read-only.",
        &[MAX_ROWS],
    ),
    // ----------------------------------------------------------------- SaaS
    report(
        "zins_get_casb_app_report",
        "zins_saas",
        "CASB application report",
        analytics!(
            "Usage of SaaS applications seen by CASB (Cloud Access Security Broker): one row \
             per application with its total."
        ),
        P_WINDOW_7,
    ),
    // ----------------------------------------------------------------- shadow IT
    report(
        "zins_get_shadow_it_apps",
        "zins_shadow_it",
        "Shadow IT applications",
        analytics!(
            "Discovered (shadow IT) applications with category, risk index, sanctioned state, \
             bytes up and down, authenticated users and last access. Empty means none was \
             discovered."
        ),
        P_WINDOW_7,
    ),
    report(
        "zins_get_shadow_it_summary",
        "zins_shadow_it",
        "Shadow IT summary",
        analytics!(
            "One object summarising shadow IT: total apps and bytes (up, down, all), and \
             breakdowns by application category (apps, users, bytes), risk index, \
             provisioning status and access.",
            14
        ),
        &[START_DAYS_AGO_14, END_DAYS_AGO, START_TIME, END_TIME],
    ),
];

// ---------------------------------------------------------------------------------------
// The GraphQL documents
// ---------------------------------------------------------------------------------------

struct Report {
    tool: &'static str,
    operation: &'static str,
    domain: &'static str,
    field: &'static str,
    /// Default window start in days ago; `None` for a report without a window.
    start_days: Option<i64>,
    /// Variables sent when the caller gives none, as JSON text.
    defaults: &'static [(&'static str, &'static str)],
    /// The report is one object, not a list of `entries`.
    single: bool,
    document: &'static str,
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

const REPORTS: &[Report] = &[
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

// ---------------------------------------------------------------------------------------
// The hook
// ---------------------------------------------------------------------------------------

fn arg_error(field: &str, problem: impl Into<String>) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem: problem.into(),
    })
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The arguments of a report window, as given.
#[derive(Debug, Default, Clone, Copy)]
struct Window {
    start_days_ago: Option<i64>,
    end_days_ago: Option<i64>,
    start_time: Option<i64>,
    end_time: Option<i64>,
}

/// `(startTime, endTime)` in epoch milliseconds. Relative windows snap to 7 or 14 days
/// (whichever is nearer), keeping the end; absolute times are sent as given.
fn resolve_window(w: Window, default_start_days: i64, now: i64) -> Result<(i64, i64), ToolError> {
    for (field, days) in [
        ("start_days_ago", w.start_days_ago),
        ("end_days_ago", w.end_days_ago),
    ] {
        if days.is_some_and(|d| d < 1) {
            return Err(arg_error(field, "must be at least 1"));
        }
    }
    let end = w
        .end_time
        .unwrap_or_else(|| now - w.end_days_ago.unwrap_or(2) * DAY_MS);
    let mut start = w
        .start_time
        .unwrap_or_else(|| now - w.start_days_ago.unwrap_or(default_start_days) * DAY_MS);
    if w.start_time.is_none() && w.end_time.is_none() {
        let days = (end - start) as f64 / DAY_MS as f64;
        if (days - 7.0).abs() > 0.5 && (days - 14.0).abs() > 0.5 {
            let span = if days < 10.5 { 7 } else { 14 };
            start = end - span * DAY_MS;
        }
    }
    if start >= end {
        return Err(arg_error(
            if w.start_time.is_some() {
                "start_time"
            } else {
                "start_days_ago"
            },
            "the window must start before it ends",
        ));
    }
    if end > now - DAY_MS {
        return Err(arg_error(
            if w.end_time.is_some() {
                "end_time"
            } else {
                "end_days_ago"
            },
            "the window must end at least one day ago: Z-Insights has only processed data \
             (24 to 48 hours late)",
        ));
    }
    Ok((start, end))
}

fn take_int(vars: &mut Map<String, Value>, key: &str) -> Option<i64> {
    vars.remove(key).and_then(|v| v.as_i64())
}

/// The GraphQL variables of a call: the typed arguments, the window and the defaults.
fn variables(
    report: &Report,
    args: Option<&Value>,
    now: i64,
) -> Result<Map<String, Value>, ToolError> {
    let mut vars = match args {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let window = Window {
        start_days_ago: take_int(&mut vars, "start_days_ago"),
        end_days_ago: take_int(&mut vars, "end_days_ago"),
        start_time: take_int(&mut vars, "start_time"),
        end_time: take_int(&mut vars, "end_time"),
    };
    if let Some(days) = report.start_days {
        let (start, end) = resolve_window(window, days, now)?;
        vars.insert("startTime".into(), Value::from(start));
        vars.insert("endTime".into(), Value::from(end));
    }
    if let Some(limit) = vars.get("limit").and_then(Value::as_i64) {
        if !(1..=MAX_ENTRIES).contains(&limit) {
            return Err(arg_error(
                "max_entries",
                format!("must be between 1 and {MAX_ENTRIES}"),
            ));
        }
    }
    if let Some(Value::Array(groups)) = vars.get("categorizeBy") {
        if groups.is_empty() {
            return Err(arg_error("categorize_by", "give at least one dimension"));
        }
        if let Some(bad) = groups
            .iter()
            .filter_map(Value::as_str)
            .find(|g| !INCIDENT_GROUPS.contains(g))
        {
            return Err(arg_error(
                "categorize_by",
                format!("{bad:?} is not one of {}", INCIDENT_GROUPS.join(", ")),
            ));
        }
    }
    for (key, json) in report.defaults {
        if !vars.contains_key(*key) {
            let value = serde_json::from_str(json).expect("report defaults are JSON");
            vars.insert((*key).to_string(), value);
        }
    }
    Ok(vars)
}

/// GraphQL answers errors with HTTP 200 and an `errors` array.
fn graphql_error(status: u16, errors: &[Value]) -> ToolError {
    let messages: Vec<String> = errors
        .iter()
        .map(|e| {
            let text = e
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("unknown error");
            match e.get("path").and_then(Value::as_array) {
                Some(path) if !path.is_empty() => {
                    let at: Vec<String> = path
                        .iter()
                        .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                        .collect();
                    format!("{text} (at {})", at.join("."))
                }
                _ => text.to_string(),
            }
        })
        .collect();
    let class = errors.iter().find_map(|e| {
        e.get("classification")
            .or_else(|| e.get("extensions").and_then(|x| x.get("classification")))
            .and_then(Value::as_str)
    });
    let hint = match class {
        Some("INTERNAL_ERROR") => {
            " Usually this report has no data, or Z-Insights is not licensed for the tenant."
        }
        Some("BAD_REQUEST") => " Check that the window is 7 or 14 days and ends in the past.",
        _ => "",
    };
    ToolError::Upstream(UpstreamError::Api {
        product: "Z-Insights",
        status,
        code: class.map(str::to_string),
        message: Some(format!("{}.{hint}", messages.join("; "))),
    })
}

/// The report's value out of a GraphQL answer, with a note when names are obfuscated.
fn unwrap_report(report: &Report, status: u16, mut body: Value) -> Result<ToolOutput, ToolError> {
    if let Some(errors) = body.get("errors").and_then(Value::as_array) {
        if !errors.is_empty() {
            return Err(graphql_error(status, errors));
        }
    }
    let mut data = body
        .get_mut("data")
        .and_then(|d| d.get_mut(report.domain))
        .and_then(|d| d.get_mut(report.field))
        .map(Value::take)
        .unwrap_or(Value::Null);
    let note = (data.get("obfuscated") == Some(&Value::Bool(true))).then(|| {
        "Z-Insights obfuscated the names in this report (the admin role may not see them)."
            .to_string()
    });
    let value = if report.single {
        match data {
            Value::Null => Value::Object(Map::new()),
            other => other,
        }
    } else {
        match data.get_mut("entries").map(Value::take) {
            Some(Value::Array(entries)) => Value::Array(entries),
            _ => Value::Array(Vec::new()),
        }
    };
    Ok(ToolOutput { value, note })
}

fn graphql<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let report = REPORTS
            .iter()
            .find(|r| r.tool == ctx.spec.name)
            .expect("every Z-Insights tool has a report");
        let vars = variables(report, ctx.plan.body.as_ref(), now_ms())?;
        let mut request = Map::new();
        request.insert("query".into(), Value::from(report.document));
        request.insert("variables".into(), Value::Object(vars));
        request.insert("operationName".into(), Value::from(report.operation));
        let body = Value::Object(request);
        let resp = ctx
            .client
            .call(
                ApiRequest {
                    service: ZINS,
                    method: HttpMethod::Post,
                    path: ctx.path,
                    query: &[],
                    body: Some(&body),
                },
                ctx.deadline,
            )
            .await?;
        unwrap_report(report, resp.status, resp.body)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_750_000_000_000;
    const WINDOW_VARS: &str = "$startTime: Long!, $endTime: Long!";
    const WINDOW_ARGS: &str = "start_time: $startTime, end_time: $endTime";

    #[test]
    fn every_tool_has_one_report_and_back() {
        for spec in TOOLS {
            let n = REPORTS.iter().filter(|r| r.tool == spec.name).count();
            assert_eq!(n, 1, "{}", spec.name);
        }
        assert_eq!(REPORTS.len(), TOOLS.len());
        for r in REPORTS {
            assert!(r.document.starts_with(&format!("query {}(", r.operation)));
            assert!(r.document.contains(r.domain) && r.document.contains(r.field));
            let opens = r.document.matches('{').count();
            assert_eq!(opens, r.document.matches('}').count(), "{}", r.tool);
            if r.start_days.is_some() {
                assert!(r.document.contains(WINDOW_VARS) && r.document.contains(WINDOW_ARGS));
            }
        }
    }

    #[test]
    fn default_windows_end_two_days_ago() {
        let (s, e) = resolve_window(Window::default(), 9, NOW).unwrap();
        assert_eq!((NOW - e, e - s), (2 * DAY_MS, 7 * DAY_MS));
        let (s, e) = resolve_window(Window::default(), 16, NOW).unwrap();
        assert_eq!(e - s, 14 * DAY_MS);
    }

    #[test]
    fn relative_windows_snap_and_absolute_ones_do_not() {
        let w = Window {
            start_days_ago: Some(30),
            end_days_ago: Some(3),
            ..Window::default()
        };
        let (s, e) = resolve_window(w, 9, NOW).unwrap();
        assert_eq!((NOW - e, e - s), (3 * DAY_MS, 14 * DAY_MS));
        let w = Window {
            start_time: Some(NOW - 20 * DAY_MS),
            end_time: Some(NOW - 10 * DAY_MS),
            ..Window::default()
        };
        assert_eq!(
            resolve_window(w, 9, NOW).unwrap(),
            (NOW - 20 * DAY_MS, NOW - 10 * DAY_MS)
        );
    }

    #[test]
    fn bad_windows_name_the_argument() {
        let recent = Window {
            end_time: Some(NOW - 1000),
            ..Window::default()
        };
        let e = resolve_window(recent, 9, NOW).unwrap_err().to_string();
        assert!(e.contains("end_time"), "{e}");
        let zero = Window {
            end_days_ago: Some(0),
            ..Window::default()
        };
        assert!(resolve_window(zero, 9, NOW)
            .unwrap_err()
            .to_string()
            .contains("end_days_ago"));
    }

    #[test]
    fn variables_get_defaults_and_checks() {
        let r = REPORTS
            .iter()
            .find(|r| r.tool == "zins_get_cyber_incidents")
            .unwrap();
        let args = json!({"start_time": NOW - 15 * DAY_MS, "end_time": NOW - 1 - DAY_MS});
        let v = variables(r, Some(&args), NOW).unwrap();
        assert_eq!(v["categorizeBy"], json!(["THREAT_CATEGORY_ID"]));
        assert_eq!(v["limit"], 50);
        assert!(v.get("start_time").is_none() && v.contains_key("startTime"));
        let bad = json!({"categorizeBy": ["NOPE"]});
        assert!(variables(r, Some(&bad), NOW).is_err());
        let big = json!({"limit": 5000});
        assert!(variables(r, Some(&big), NOW)
            .unwrap_err()
            .to_string()
            .contains("max_entries"));
        let iot = REPORTS.iter().find(|r| r.start_days.is_none()).unwrap();
        let v = variables(iot, None, NOW).unwrap();
        assert_eq!(Value::Object(v), json!({"limit": 50}));
    }

    #[test]
    fn answers_unwrap_to_entries_or_errors() {
        let r = &REPORTS[0];
        let body = json!({"data": {"WEB_TRAFFIC": {"location": {"obfuscated": true,
            "entries": [{"name": "HQ", "total": 5}]}}}});
        let out = unwrap_report(r, 200, body).unwrap();
        assert_eq!(out.value, json!([{"name": "HQ", "total": 5}]));
        assert!(out.note.is_some());
        let empty = unwrap_report(r, 200, json!({"data": null})).unwrap();
        assert_eq!(empty.value, json!([]));
        let err = unwrap_report(
            r,
            200,
            json!({"errors": [{"message": "boom", "classification": "BAD_REQUEST",
                                "path": ["WEB_TRAFFIC", "location"]}]}),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("boom (at WEB_TRAFFIC.location)") && err.contains("BAD_REQUEST"));
    }
}
