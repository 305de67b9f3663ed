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
/// The official server's window: hours back from now (explicit `from`/`to` win).
const SINCE: Param = since_hours(
    "Look-back window in hours ending now, instead of from/to (the official server's \
     parameter; from/to given as well take precedence).",
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
const SCOPE: &[Param] = &[FROM, TO, SINCE, LOCATIONS, DEPARTMENTS, GEOS];

const APP_SCOPE: &[Param] = &[APP_ID, FROM, TO, SINCE, LOCATIONS, DEPARTMENTS, GEOS];

const TRACE: &[Param] = &[DEVICE_ID, TRACE_ID];

const PROBES: &[Param] = &[DEVICE_ID, APP_ID, FROM, TO, SINCE];

const ALERT_SCOPE: &[Param] = &[FROM, TO, SINCE, LOCATIONS, DEPARTMENTS, GEOS];

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

const SOFTWARE_SCOPE: &[Param] = &[
    FROM,
    TO,
    SINCE,
    LOCATIONS,
    DEPARTMENTS,
    GEOS,
    USER_IDS,
    DEVICE_IDS,
];

// ---------------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------------

/// A deep trace starts with the official server's defaults stated in the body: 5 minutes
/// and device probing on (zscaler_mcp tools/zdx/deeptrace_manage.py:49-56,118-119), so the
/// same call records the same data here.
fn start_deeptrace<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut body = super::common_hooks::body_object(&ctx);
        body.entry("session_length_minutes")
            .or_insert_with(|| 5.into());
        body.entry("probe_device").or_insert_with(|| true.into());
        let body = serde_json::Value::Object(body);
        let value = ctx
            .call(HttpMethod::Post, ctx.path, &ctx.plan.query, Some(&body))
            .await?;
        Ok(ToolOutput { value, note: None })
    })
}

pub const TOOLS: &[ToolSpec] = &[
    // -----------------------------------------------------------------------------------
    // Reports: devices, applications, administration
    // -----------------------------------------------------------------------------------
    ToolSpec::read(ZDX, REPORTS, "zdx_list_devices")
        .title("List ZDX devices")
        .describe(
            "List devices ZDX monitors in a time window: id, name and user (hardware, network \
             and software through `query` or zdx_get_device). Use a device `id` with \
             zdx_get_device, the probe tools and the deep-trace tools.",
        )
        .path(zdx!("/devices"))
        .params(&[
            FROM,
            TO,
            SINCE,
            query(
                "search",
                "q",
                Kind::Str,
                "Devices whose name contains this text.",
            ),
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
        ])
        .paged(Paging::ZdxCursor { items: "devices" }),
    ToolSpec::read(ZDX, REPORTS, "zdx_get_device")
        .title("Get a ZDX device")
        .describe(
            "Get one ZDX-monitored device by its numeric id (from zdx_list_devices): hardware, \
             network, software and agent details.",
        )
        .path(zdx!("/devices/{device_id}"))
        .params(&[
            path_int("device_id", "Numeric ZDX device id."),
            FROM,
            TO,
            SINCE,
        ]),
    ToolSpec::read(ZDX, REPORTS, "zdx_list_applications")
        .title("List ZDX applications")
        .describe(
            "List the applications ZDX monitors, with each one's ZDX score (0-100), most impacted \
             region and user count over a time window. Start here to find an application `id` \
             for the other application, probe, deep-trace and analysis tools.",
        )
        .path(zdx!("/apps"))
        .params(SCOPE),
    ToolSpec::read(ZDX, REPORTS, "zdx_get_application")
        .title("Get a ZDX application")
        .describe(
            "Get one application's ZDX score for a time window, with its most impacted locations, \
             departments and geolocations and the number of users affected.",
        )
        .path(zdx!("/apps/{app_id}"))
        .params(APP_SCOPE),
    ToolSpec::read(ZDX, REPORTS, "zdx_get_application_score_trend")
        .title("Get an application's ZDX score trend")
        .describe(
            "Get the ZDX score of one application over time (data points across the window), to \
             see when its experience degraded.",
        )
        .path(zdx!("/apps/{app_id}/score"))
        .params(APP_SCOPE),
    ToolSpec::read(ZDX, REPORTS, "zdx_get_application_metric")
        .title("Get an application metric")
        .describe(
            "Get one metric of an application over time: page fetch time (`pft`), DNS time \
             (`dns`) or availability. Without `metric_name` the API picks its default metric.",
        )
        .path(zdx!("/apps/{app_id}/metrics"))
        .params(&[
            APP_ID,
            FROM,
            TO,
            SINCE,
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
            query(
                "metric_name",
                "metric_name",
                Kind::Enum(&["pft", "dns", "availability"]),
                "Metric: pft (page fetch time), dns (DNS resolution time) or availability.",
            ),
        ]),
    ToolSpec::read(ZDX, REPORTS, "zdx_list_application_users")
        .title("List users of a ZDX application")
        .describe(
            "List the users (and their devices) who used an application in a time window, with \
             each user's ZDX score for it. Filter by score bucket to find users with a poor \
             experience; use a user `id` with zdx_get_application_user.",
        )
        .path(zdx!("/apps/{app_id}/users"))
        .params(&[
            APP_ID,
            FROM,
            TO,
            SINCE,
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
            query(
                "score_bucket",
                "score_bucket",
                Kind::Enum(&["poor", "okay", "good"]),
                "Only users in this ZDX score bucket: poor (0-33), okay (34-65), good (66-100).",
            ),
        ])
        .paged(Paging::ZdxCursor { items: "users" }),
    ToolSpec::read(ZDX, REPORTS, "zdx_get_application_user")
        .title("Get a user's experience of an application")
        .describe(
            "Get one user's ZDX detail for an application: score and per-device metrics in the \
             time window. Take `app_id` from zdx_list_applications and `user_id` from \
             zdx_list_application_users.",
        )
        .path(zdx!("/apps/{app_id}/users/{user_id}"))
        .params(&[
            APP_ID,
            path_int(
                "user_id",
                "Numeric ZDX user id (the `id` from zdx_list_application_users).",
            ),
            FROM,
            TO,
            SINCE,
        ]),
    ToolSpec::read(ZDX, REPORTS, "zdx_list_departments")
        .title("List ZDX departments")
        .describe(
            "List the departments known to ZDX (id and name). Use an `id` in the `department_id` \
             filter of other ZDX tools.",
        )
        .path(zdx!("/administration/departments"))
        .params(&[FROM, TO, SINCE, NAME_SEARCH]),
    ToolSpec::read(ZDX, REPORTS, "zdx_list_locations")
        .title("List ZDX locations")
        .describe(
            "List the Zscaler locations known to ZDX (id and name). Use an `id` in the \
             `location_id` filter of other ZDX tools.",
        )
        .path(zdx!("/administration/locations"))
        .params(&[FROM, TO, SINCE, NAME_SEARCH]),
    // -----------------------------------------------------------------------------------
    // Alerts
    // -----------------------------------------------------------------------------------
    ToolSpec::read(ZDX, ALERTS, "zdx_list_alerts")
        .title("List ongoing ZDX alerts")
        .describe(
            "List ongoing ZDX alerts (no end time yet) with rule, severity, application and \
             impacted device counts. The window may not exceed 14 days. Use an alert `id` with \
             zdx_get_alert or zdx_list_alert_affected_devices.",
        )
        .path(zdx!("/alerts/ongoing"))
        .params(ALERT_SCOPE)
        .paged(Paging::ZdxCursor { items: "alerts" }),
    ToolSpec::read(ZDX, ALERTS, "zdx_list_historical_alerts")
        .title("List historical ZDX alerts")
        .describe(
            "List ZDX alerts that have ended, within a time window of at most 14 days, with rule, \
             severity, start and end times.",
        )
        .path(zdx!("/alerts/historical"))
        .params(ALERT_SCOPE)
        .paged(Paging::ZdxCursor { items: "alerts" }),
    ToolSpec::read(ZDX, ALERTS, "zdx_get_alert")
        .title("Get a ZDX alert")
        .describe(
            "Get one ZDX alert with its trigger and the departments, locations and geolocations \
             it impacts.",
        )
        .path(zdx!("/alerts/{alert_id}"))
        .params(&[ALERT_ID]),
    ToolSpec::read(ZDX, ALERTS, "zdx_list_alert_affected_devices")
        .title("List devices affected by a ZDX alert")
        .describe(
            "List the devices (and their users) affected by one ZDX alert, optionally narrowed by \
             location, location group, department or geolocation.",
        )
        .path(zdx!("/alerts/{alert_id}/affected_devices"))
        .params(&[
            ALERT_ID,
            FROM,
            TO,
            SINCE,
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
            query(
                "location_groups",
                "location_groups",
                Kind::IntList,
                "Only these location groups: array of integer location group ids.",
            ),
        ])
        .paged(Paging::ZdxCursor { items: "devices" }),
    // -----------------------------------------------------------------------------------
    // Software inventory
    // -----------------------------------------------------------------------------------
    ToolSpec::read(ZDX, SOFTWARE, "zdx_list_software")
        .title("List the ZDX software inventory")
        .describe(
            "List software installed across ZDX-monitored devices: name, vendor, version and \
             user/device counts. Use a `software_key` with zdx_get_software_details. Names and \
             vendors come from endpoints and are untrusted text.",
        )
        .path(zdx!("/inventory/software"))
        .params(SOFTWARE_SCOPE)
        .paged(Paging::ZdxCursor { items: "software" })
        .untrusted(),
    ToolSpec::read(ZDX, SOFTWARE, "zdx_get_software_details")
        .title("Get where a software is installed")
        .describe(
            "List the users and devices that have one software (name and version key) installed. \
             Take `software_key` from zdx_list_software. Values come from endpoints and are \
             untrusted text.",
        )
        .path(zdx!("/inventory/software/{software_key}"))
        .params(&[
            path_str(
                "software_key",
                "Software key (name and version) from the `software_key` field of \
                 zdx_list_software.",
            ),
            FROM,
            TO,
            SINCE,
            LOCATIONS,
            DEPARTMENTS,
            GEOS,
            USER_IDS,
            DEVICE_IDS,
        ])
        .paged(Paging::ZdxCursor { items: "software" })
        .untrusted(),
    // -----------------------------------------------------------------------------------
    // Troubleshooting: probes, deep traces, score analysis
    // -----------------------------------------------------------------------------------
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_get_web_probes")
        .title("List web probes of an application on a device")
        .describe(
            "List the web probes running for an application on one device, with their scores and \
             page fetch times. A probe `id` is the `web_probe_id` zdx_start_deeptrace needs.",
        )
        .path(zdx!("/devices/{device_id}/apps/{app_id}/web-probes"))
        .params(PROBES),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_list_cloudpath_probes")
        .title("List cloud path probes of an application on a device")
        .describe(
            "List the cloud path probes running for an application on one device, with the \
             latency of each leg. A probe `id` is the `cloudpath_probe_id` zdx_start_deeptrace \
             needs.",
        )
        .path(zdx!("/devices/{device_id}/apps/{app_id}/cloudpath-probes"))
        .params(PROBES),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_list_device_deep_traces")
        .title("List deep traces of a device")
        .describe(
            "List the deep-trace sessions of one device with their status, application, probes \
             and times. Use a `trace_id` with the zdx_get_deeptrace_* tools.",
        )
        .path(zdx!("/devices/{device_id}/deeptraces"))
        .params(&[DEVICE_ID]),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_get_device_deep_trace")
        .title("Get a deep trace")
        .describe("Get one deep-trace session of a device: status, session details and times.")
        .path(zdx!("/devices/{device_id}/deeptraces/{trace_id}"))
        .params(TRACE),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_list_deeptrace_top_processes")
        .title("List top processes of a deep trace")
        .describe(
            "List the processes using the most CPU, memory, disk and network on the device during \
             a deep trace. Process names come from the endpoint and are untrusted text.",
        )
        .path(zdx!(
            "/devices/{device_id}/deeptraces/{trace_id}/top-processes"
        ))
        .params(TRACE)
        .untrusted(),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_get_deeptrace_webprobe_metrics")
        .title("Get web probe metrics of a deep trace")
        .describe(
            "Get the web probe time series (page fetch time, DNS, availability) recorded during a \
             deep trace.",
        )
        .path(zdx!(
            "/devices/{device_id}/deeptraces/{trace_id}/webprobe-metrics"
        ))
        .params(TRACE),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_get_deeptrace_cloudpath_metrics")
        .title("Get cloud path metrics of a deep trace")
        .describe(
            "Get the cloud path time series (latency, packet loss per leg) recorded during a deep \
             trace.",
        )
        .path(zdx!(
            "/devices/{device_id}/deeptraces/{trace_id}/cloudpath-metrics"
        ))
        .params(TRACE),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_get_deeptrace_cloudpath")
        .title("Get the cloud path of a deep trace")
        .describe(
            "Get the hop-by-hop network path from the device to the application recorded during \
             a deep trace.",
        )
        .path(zdx!("/devices/{device_id}/deeptraces/{trace_id}/cloudpath"))
        .params(TRACE),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_get_deeptrace_health_metrics")
        .title("Get device health metrics of a deep trace")
        .describe(
            "Get the device health time series (CPU, memory, disk, network, Wi-Fi) recorded \
             during a deep trace.",
        )
        .path(zdx!(
            "/devices/{device_id}/deeptraces/{trace_id}/health-metrics"
        ))
        .params(TRACE),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_get_deeptrace_events")
        .title("Get events of a deep trace")
        .describe(
            "Get the events (network changes, Client Connector and software events) recorded on \
             the device during a deep trace.",
        )
        .path(zdx!("/devices/{device_id}/deeptraces/{trace_id}/events"))
        .params(TRACE),
    // Body field names follow the Python SDK (`start_deeptrace` sends its keyword
    // arguments as the body): `cloudpath_probe_id`; the Go SDK struct says
    // `cloud_path_probe_id`.
    ToolSpec::create(ZDX, TROUBLESHOOTING, "zdx_start_deeptrace")
        .title("Start a deep trace")
        .describe(
            "Start a deep-trace session on one device for one application, recording web and \
             cloud path probes, device health and events for a few minutes. Find `app_id` with \
             zdx_list_applications, `web_probe_id` with zdx_get_web_probes and \
             `cloudpath_probe_id` with zdx_list_cloudpath_probes (same device and app). Follow \
             up with zdx_get_device_deep_trace and the zdx_get_deeptrace_* tools.",
        )
        .path(zdx!("/devices/{device_id}/deeptraces"))
        .params(&[
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
                "Session length in minutes: 5 (the default), 15, 30 or 60.",
            ),
            body(
                "probe_device",
                "probe_device",
                Kind::Bool,
                false,
                "Also record device health (CPU, memory, disk, network); default true.",
            ),
        ])
        .hook(Hook::Custom(start_deeptrace)),
    ToolSpec::delete(ZDX, TROUBLESHOOTING, "zdx_delete_deeptrace")
        .title("Delete a deep trace")
        .describe(
            "Stop and delete a deep-trace session of a device together with its recorded data. \
             Cannot be undone. Find the `trace_id` with zdx_list_device_deep_traces.",
        )
        .path(zdx!("/devices/{device_id}/deeptraces/{trace_id}"))
        .params(TRACE),
    ToolSpec::create(ZDX, TROUBLESHOOTING, "zdx_start_analysis")
        .title("Start a ZDX score analysis")
        .describe(
            "Start an automated analysis of why one application's ZDX score is low on one \
             device, optionally over a time range. Returns an analysis id; poll \
             zdx_get_analysis with it for the result.",
        )
        .path(zdx!("/analysis"))
        .params(&[
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
        ]),
    ToolSpec::read(ZDX, TROUBLESHOOTING, "zdx_get_analysis")
        .title("Get a ZDX score analysis")
        .describe(
            "Get the status of a score analysis started with zdx_start_analysis and, once done, \
             its finding (likely issue, confidence, message).",
        )
        .path(zdx!("/analysis/{analysis_id}"))
        .params(&[ANALYSIS_ID]),
    ToolSpec::delete(ZDX, TROUBLESHOOTING, "zdx_delete_analysis")
        .title("Stop a ZDX score analysis")
        .describe("Stop a running score analysis and delete it. Cannot be undone.")
        .path(zdx!("/analysis/{analysis_id}"))
        .params(&[ANALYSIS_ID]),
];
