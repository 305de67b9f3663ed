//! ZDX tools (`/zdx/v1`): snake_case JSON, integer ids, `next_offset` cursors.
//!
//! Paths and parameters follow the official Python SDK (`zscaler/zscaler-sdk-python`,
//! `zscaler/zdx/{alerts,apps,admin,devices,inventory,troubleshooting}.py`) and, for which
//! arguments each tool takes, Zscaler's MCP server (`src/zscaler_mcp/tools/zdx/`). The SDK
//! turns its `since` (hours) into `from`/`to` epoch seconds; here the window is given as
//! `from`/`to` directly. Without them the API reports on the last 2 hours.
//!
//! Deep-trace and analysis ids are taken as strings: the Go SDK
//! (`zdx/services/troubleshooting/{deeptrace,analysis}`) types them as strings while the
//! help page shows numbers, so a string carries either form unchanged.

use super::spec::*;

const ZDX: Service = Service::Zdx;

macro_rules! zdx {
    ($p:literal) => {
        concat!("/zdx/v1", $p)
    };
}

const REPORTS: &str = "zdx_reports";
const ALERTS: &str = "zdx_alerts";
const SOFTWARE: &str = "zdx_software_inventory";
const TROUBLESHOOTING: &str = "zdx_troubleshooting";

const fn write(
    name: &'static str,
    action: Action,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    super::spec::write(
        name,
        ZDX,
        TROUBLESHOOTING,
        action,
        title,
        description,
        path,
        params,
    )
}

const fn untrusted(spec: ToolSpec) -> ToolSpec {
    ToolSpec {
        untrusted_content: true,
        ..spec
    }
}

// ---------------------------------------------------------------------------------------
// Shared parameters
// ---------------------------------------------------------------------------------------

const FROM: Param = query(
    "from",
    "from",
    Kind::Int,
    "Start of the time window, epoch seconds (default: 2 hours ago).",
);
const TO: Param = query(
    "to",
    "to",
    Kind::Int,
    "End of the time window, epoch seconds (default: now).",
);
const LOCATIONS: Param = query(
    "location_id",
    "loc",
    Kind::IntList,
    "Only these Zscaler locations: array of integer location ids (from zdx_list_locations).",
);
const DEPARTMENTS: Param = query(
    "department_id",
    "dept",
    Kind::IntList,
    "Only these departments: array of integer department ids (from zdx_list_departments).",
);
const GEOS: Param = query(
    "geo_id",
    "geo",
    Kind::StrList,
    "Only these geolocations: array of geolocation ids as strings (the `id` of a \
     geolocation in ZDX results, e.g. \"5392171\").",
);
const NAME_SEARCH: Param = query(
    "search",
    "q",
    Kind::Str,
    "Only entries whose name (or id) contains this text.",
);

const DEVICE_ID: Param = path_int(
    "device_id",
    "Numeric ZDX device id (the `id` from zdx_list_devices).",
);
const APP_ID: Param = path_int(
    "app_id",
    "Numeric ZDX application id (the `id` from zdx_list_applications).",
);
const ALERT_ID: Param = path_int(
    "alert_id",
    "Numeric ZDX alert id (the `id` from zdx_list_alerts or zdx_list_historical_alerts).",
);
const TRACE_ID: Param = path_str(
    "trace_id",
    "Deep-trace session id as a string, even when numeric (the `trace_id` from \
     zdx_list_device_deep_traces or zdx_start_deeptrace).",
);
const ANALYSIS_ID: Param = path_str(
    "analysis_id",
    "Score-analysis id as a string, even when numeric (returned by zdx_start_analysis).",
);

/// Window and scope filters most report endpoints take.
const SCOPE: &[Param] = &[FROM, TO, LOCATIONS, DEPARTMENTS, GEOS];

const APP_SCOPE: &[Param] = &[APP_ID, FROM, TO, LOCATIONS, DEPARTMENTS, GEOS];

const TRACE: &[Param] = &[DEVICE_ID, TRACE_ID];

const PROBES: &[Param] = &[DEVICE_ID, APP_ID, FROM, TO];

const ALERT_SCOPE: &[Param] = &[FROM, TO, LOCATIONS, DEPARTMENTS, GEOS];

// Wire names from zscaler-api.md §4 (`userids`); the SDK docstrings say `user_ids` /
// `device_ids` but pass query parameters through unchanged. UNVERIFIED.
const USER_IDS: Param = query(
    "user_ids",
    "userids",
    Kind::IntList,
    "Only these users: array of integer ZDX user ids.",
);
const DEVICE_IDS: Param = query(
    "device_ids",
    "deviceids",
    Kind::IntList,
    "Only these devices: array of integer ZDX device ids (from zdx_list_devices).",
);

const SOFTWARE_SCOPE: &[Param] = &[FROM, TO, LOCATIONS, DEPARTMENTS, GEOS, USER_IDS, DEVICE_IDS];

pub const TOOLS: &[ToolSpec] = &[
    // -----------------------------------------------------------------------------------
    // Reports: devices, applications, administration
    // -----------------------------------------------------------------------------------
    read(
        "zdx_list_devices",
        ZDX,
        REPORTS,
        "List ZDX devices",
        "List devices ZDX monitors, with hardware, network and software details, in a time \
         window. Use a device `id` with zdx_get_device, the probe tools and the deep-trace \
         tools.",
        zdx!("/devices"),
        &[
            FROM,
            TO,
            query(
                "search",
                "q",
                Kind::Str,
                "Devices whose name contains this text.",
            ),
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
        ],
        Paging::ZdxCursor { items: "devices" },
    ),
    read(
        "zdx_get_device",
        ZDX,
        REPORTS,
        "Get a ZDX device",
        "Get one ZDX-monitored device by its numeric id (from zdx_list_devices): hardware, \
         network, software and agent details.",
        zdx!("/devices/{device_id}"),
        &[path_int("device_id", "Numeric ZDX device id."), FROM, TO],
        Paging::None,
    ),
    read(
        "zdx_list_applications",
        ZDX,
        REPORTS,
        "List ZDX applications",
        "List the applications ZDX monitors, with each one's ZDX score (0-100), most impacted \
         region and user count over a time window. Start here to find an application `id` \
         for the other application, probe, deep-trace and analysis tools.",
        zdx!("/apps"),
        SCOPE,
        Paging::None,
    ),
    read(
        "zdx_get_application",
        ZDX,
        REPORTS,
        "Get a ZDX application",
        "Get one application's ZDX score for a time window, with its most impacted locations, \
         departments and geolocations and the number of users affected.",
        zdx!("/apps/{app_id}"),
        APP_SCOPE,
        Paging::None,
    ),
    read(
        "zdx_get_application_score_trend",
        ZDX,
        REPORTS,
        "Get an application's ZDX score trend",
        "Get the ZDX score of one application over time (data points across the window), to \
         see when its experience degraded.",
        zdx!("/apps/{app_id}/score"),
        APP_SCOPE,
        Paging::None,
    ),
    read(
        "zdx_get_application_metric",
        ZDX,
        REPORTS,
        "Get an application metric",
        "Get one metric of an application over time: page fetch time (`pft`), DNS time \
         (`dns`) or availability. Without `metric_name` the API picks its default metric.",
        zdx!("/apps/{app_id}/metrics"),
        &[
            APP_ID,
            FROM,
            TO,
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
            query(
                "metric_name",
                "metric_name",
                Kind::Enum(&["pft", "dns", "availability"]),
                "Metric: pft (page fetch time), dns (DNS resolution time) or availability.",
            ),
        ],
        Paging::None,
    ),
    read(
        "zdx_list_application_users",
        ZDX,
        REPORTS,
        "List users of a ZDX application",
        "List the users (and their devices) who used an application in a time window, with \
         each user's ZDX score for it. Filter by score bucket to find users with a poor \
         experience; use a user `id` with zdx_get_application_user.",
        zdx!("/apps/{app_id}/users"),
        &[
            APP_ID,
            FROM,
            TO,
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
            query(
                "score_bucket",
                "score_bucket",
                Kind::Enum(&["poor", "okay", "good"]),
                "Only users in this ZDX score bucket: poor (0-33), okay (34-65), good (66-100).",
            ),
        ],
        Paging::ZdxCursor { items: "users" },
    ),
    read(
        "zdx_get_application_user",
        ZDX,
        REPORTS,
        "Get a user's experience of an application",
        "Get one user's ZDX detail for an application: score and per-device metrics in the \
         time window. Take `app_id` from zdx_list_applications and `user_id` from \
         zdx_list_application_users.",
        zdx!("/apps/{app_id}/users/{user_id}"),
        &[
            APP_ID,
            path_int(
                "user_id",
                "Numeric ZDX user id (the `id` from zdx_list_application_users).",
            ),
            FROM,
            TO,
        ],
        Paging::None,
    ),
    read(
        "zdx_list_departments",
        ZDX,
        REPORTS,
        "List ZDX departments",
        "List the departments known to ZDX (id and name). Use an `id` in the `department_id` \
         filter of other ZDX tools.",
        zdx!("/administration/departments"),
        &[FROM, TO, NAME_SEARCH],
        Paging::None,
    ),
    read(
        "zdx_list_locations",
        ZDX,
        REPORTS,
        "List ZDX locations",
        "List the Zscaler locations known to ZDX (id and name). Use an `id` in the \
         `location_id` filter of other ZDX tools.",
        zdx!("/administration/locations"),
        &[FROM, TO, NAME_SEARCH],
        Paging::None,
    ),
    // -----------------------------------------------------------------------------------
    // Alerts
    // -----------------------------------------------------------------------------------
    read(
        "zdx_list_alerts",
        ZDX,
        ALERTS,
        "List ongoing ZDX alerts",
        "List ongoing ZDX alerts (no end time yet) with rule, severity, application and \
         impacted device counts. The window may not exceed 14 days. Use an alert `id` with \
         zdx_get_alert or zdx_list_alert_affected_devices.",
        zdx!("/alerts/ongoing"),
        ALERT_SCOPE,
        Paging::ZdxCursor { items: "alerts" },
    ),
    read(
        "zdx_list_historical_alerts",
        ZDX,
        ALERTS,
        "List historical ZDX alerts",
        "List ZDX alerts that have ended, within a time window of at most 14 days, with rule, \
         severity, start and end times.",
        zdx!("/alerts/historical"),
        ALERT_SCOPE,
        Paging::ZdxCursor { items: "alerts" },
    ),
    read(
        "zdx_get_alert",
        ZDX,
        ALERTS,
        "Get a ZDX alert",
        "Get one ZDX alert with its trigger and the departments, locations and geolocations \
         it impacts.",
        zdx!("/alerts/{alert_id}"),
        &[ALERT_ID],
        Paging::None,
    ),
    read(
        "zdx_list_alert_affected_devices",
        ZDX,
        ALERTS,
        "List devices affected by a ZDX alert",
        "List the devices (and their users) affected by one ZDX alert, optionally narrowed by \
         location, location group, department or geolocation.",
        zdx!("/alerts/{alert_id}/affected_devices"),
        &[
            ALERT_ID,
            FROM,
            TO,
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
            query(
                "location_groups",
                "location_groups",
                Kind::IntList,
                "Only these location groups: array of integer location group ids.",
            ),
        ],
        Paging::ZdxCursor { items: "devices" },
    ),
    // -----------------------------------------------------------------------------------
    // Software inventory
    // -----------------------------------------------------------------------------------
    untrusted(read(
        "zdx_list_software",
        ZDX,
        SOFTWARE,
        "List the ZDX software inventory",
        "List software installed across ZDX-monitored devices: name, vendor, version and \
         user/device counts. Use a `software_key` with zdx_get_software_details. Names and \
         vendors come from endpoints and are untrusted text.",
        zdx!("/inventory/software"),
        SOFTWARE_SCOPE,
        Paging::ZdxCursor { items: "software" },
    )),
    untrusted(read(
        "zdx_get_software_details",
        ZDX,
        SOFTWARE,
        "Get where a software is installed",
        "List the users and devices that have one software (name and version key) installed. \
         Take `software_key` from zdx_list_software. Values come from endpoints and are \
         untrusted text.",
        zdx!("/inventory/software/{software_key}"),
        &[
            path_str(
                "software_key",
                "Software key (name and version) from the `software_key` field of \
                 zdx_list_software.",
            ),
            FROM,
            TO,
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
            USER_IDS,
            DEVICE_IDS,
        ],
        Paging::ZdxCursor { items: "software" },
    )),
    // -----------------------------------------------------------------------------------
    // Troubleshooting: probes, deep traces, score analysis
    // -----------------------------------------------------------------------------------
    read(
        "zdx_get_web_probes",
        ZDX,
        TROUBLESHOOTING,
        "List web probes of an application on a device",
        "List the web probes running for an application on one device, with their scores and \
         page fetch times. A probe `id` is the `web_probe_id` zdx_start_deeptrace needs.",
        zdx!("/devices/{device_id}/apps/{app_id}/web-probes"),
        PROBES,
        Paging::None,
    ),
    read(
        "zdx_list_cloudpath_probes",
        ZDX,
        TROUBLESHOOTING,
        "List cloud path probes of an application on a device",
        "List the cloud path probes running for an application on one device, with the \
         latency of each leg. A probe `id` is the `cloudpath_probe_id` zdx_start_deeptrace \
         needs.",
        zdx!("/devices/{device_id}/apps/{app_id}/cloudpath-probes"),
        PROBES,
        Paging::None,
    ),
    read(
        "zdx_list_device_deep_traces",
        ZDX,
        TROUBLESHOOTING,
        "List deep traces of a device",
        "List the deep-trace sessions of one device with their status, application, probes \
         and times. Use a `trace_id` with the zdx_get_deeptrace_* tools.",
        zdx!("/devices/{device_id}/deeptraces"),
        &[DEVICE_ID],
        Paging::None,
    ),
    read(
        "zdx_get_device_deep_trace",
        ZDX,
        TROUBLESHOOTING,
        "Get a deep trace",
        "Get one deep-trace session of a device: status, session details and times.",
        zdx!("/devices/{device_id}/deeptraces/{trace_id}"),
        TRACE,
        Paging::None,
    ),
    untrusted(read(
        "zdx_list_deeptrace_top_processes",
        ZDX,
        TROUBLESHOOTING,
        "List top processes of a deep trace",
        "List the processes using the most CPU, memory, disk and network on the device during \
         a deep trace. Process names come from the endpoint and are untrusted text.",
        zdx!("/devices/{device_id}/deeptraces/{trace_id}/top-processes"),
        TRACE,
        Paging::None,
    )),
    read(
        "zdx_get_deeptrace_webprobe_metrics",
        ZDX,
        TROUBLESHOOTING,
        "Get web probe metrics of a deep trace",
        "Get the web probe time series (page fetch time, DNS, availability) recorded during a \
         deep trace.",
        zdx!("/devices/{device_id}/deeptraces/{trace_id}/webprobe-metrics"),
        TRACE,
        Paging::None,
    ),
    read(
        "zdx_get_deeptrace_cloudpath_metrics",
        ZDX,
        TROUBLESHOOTING,
        "Get cloud path metrics of a deep trace",
        "Get the cloud path time series (latency, packet loss per leg) recorded during a deep \
         trace.",
        zdx!("/devices/{device_id}/deeptraces/{trace_id}/cloudpath-metrics"),
        TRACE,
        Paging::None,
    ),
    read(
        "zdx_get_deeptrace_cloudpath",
        ZDX,
        TROUBLESHOOTING,
        "Get the cloud path of a deep trace",
        "Get the hop-by-hop network path from the device to the application recorded during \
         a deep trace.",
        zdx!("/devices/{device_id}/deeptraces/{trace_id}/cloudpath"),
        TRACE,
        Paging::None,
    ),
    read(
        "zdx_get_deeptrace_health_metrics",
        ZDX,
        TROUBLESHOOTING,
        "Get device health metrics of a deep trace",
        "Get the device health time series (CPU, memory, disk, network, Wi-Fi) recorded \
         during a deep trace.",
        zdx!("/devices/{device_id}/deeptraces/{trace_id}/health-metrics"),
        TRACE,
        Paging::None,
    ),
    read(
        "zdx_get_deeptrace_events",
        ZDX,
        TROUBLESHOOTING,
        "Get events of a deep trace",
        "Get the events (network changes, Client Connector and software events) recorded on \
         the device during a deep trace.",
        zdx!("/devices/{device_id}/deeptraces/{trace_id}/events"),
        TRACE,
        Paging::None,
    ),
    // Body field names follow the Python SDK (`start_deeptrace` sends its keyword
    // arguments as the body): `cloudpath_probe_id`; the Go SDK struct says
    // `cloud_path_probe_id`.
    write(
        "zdx_start_deeptrace",
        Action::Create,
        "Start a deep trace",
        "Start a deep-trace session on one device for one application, recording web and \
         cloud path probes, device health and events for a few minutes. Find `app_id` with \
         zdx_list_applications, `web_probe_id` with zdx_get_web_probes and \
         `cloudpath_probe_id` with zdx_list_cloudpath_probes (same device and app). Follow \
         up with zdx_get_device_deep_trace and the zdx_get_deeptrace_* tools.",
        zdx!("/devices/{device_id}/deeptraces"),
        &[
            DEVICE_ID,
            body(
                "session_name",
                "session_name",
                Kind::Str,
                true,
                "Name for the deep-trace session.",
            ),
            body(
                "app_id",
                "app_id",
                Kind::Int,
                true,
                "Numeric application id (from zdx_list_applications).",
            ),
            body(
                "web_probe_id",
                "web_probe_id",
                Kind::Int,
                false,
                "Numeric web probe id (from zdx_get_web_probes for this device and app).",
            ),
            body(
                "cloudpath_probe_id",
                "cloudpath_probe_id",
                Kind::Int,
                false,
                "Numeric cloud path probe id (from zdx_list_cloudpath_probes for this device \
                 and app).",
            ),
            body(
                "session_length_minutes",
                "session_length_minutes",
                Kind::Int,
                false,
                "Session length in minutes: 5 (API default), 15, 30 or 60.",
            ),
            body(
                "probe_device",
                "probe_device",
                Kind::Bool,
                false,
                "Also record device health (CPU, memory, disk, network).",
            ),
        ],
    ),
    write(
        "zdx_delete_deeptrace",
        Action::Delete,
        "Delete a deep trace",
        "Stop and delete a deep-trace session of a device together with its recorded data. \
         Cannot be undone. Find the `trace_id` with zdx_list_device_deep_traces.",
        zdx!("/devices/{device_id}/deeptraces/{trace_id}"),
        TRACE,
    ),
    write(
        "zdx_start_analysis",
        Action::Create,
        "Start a ZDX score analysis",
        "Start an automated analysis of why one application's ZDX score is low on one \
         device, optionally over a time range. Returns an analysis id; poll \
         zdx_get_analysis with it for the result.",
        zdx!("/analysis"),
        &[
            body(
                "device_id",
                "device_id",
                Kind::Int,
                true,
                "Numeric ZDX device id (from zdx_list_devices).",
            ),
            body(
                "app_id",
                "app_id",
                Kind::Int,
                true,
                "Numeric application id (from zdx_list_applications).",
            ),
            body(
                "t0",
                "t0",
                Kind::Int,
                false,
                "Start of the range to analyse, epoch seconds.",
            ),
            body(
                "t1",
                "t1",
                Kind::Int,
                false,
                "End of the range to analyse, epoch seconds.",
            ),
        ],
    ),
    read(
        "zdx_get_analysis",
        ZDX,
        TROUBLESHOOTING,
        "Get a ZDX score analysis",
        "Get the status of a score analysis started with zdx_start_analysis and, once done, \
         its finding (likely issue, confidence, message).",
        zdx!("/analysis/{analysis_id}"),
        &[ANALYSIS_ID],
        Paging::None,
    ),
    write(
        "zdx_delete_analysis",
        Action::Delete,
        "Stop a ZDX score analysis",
        "Stop a running score analysis and delete it. Cannot be undone.",
        zdx!("/analysis/{analysis_id}"),
        &[ANALYSIS_ID],
    ),
];
