//! ZCell (Zscaler Cellular) tools (`/zcell/config/api/v1`): SIM inventory and analytics,
//! anomaly policies, SIM location groups, tags, regions, audit and network events.
//!
//! Every tool is a read. The tenant is the ZCell customer id (`ZCELL_CUSTOMER_ID`), filled
//! into `{zcellCustomerId}`; ids of policies and groups are strings even when numeric.
//!
//! UNVERIFIED shapes: paths, parameter names and body fields follow the official Python SDK
//! (`zscaler/zscaler-sdk-python`, `zscaler/zcell/*.py`) and the arguments of Zscaler's Python
//! MCP server (`zscaler/zscaler-mcp-server`, `src/zscaler_mcp/tools/zcell/*.py`). The SDK
//! passes snake_case query keys that its request layer sends in camelCase (its docstrings
//! name `startDateTime`/`endDateTime` on the wire), so the wire names here are camelCase.
//!
//! Paging is ZCell's own (`page` 0-based, `size` 1-100, a page object back): the tools
//! pass `page_number`/`size` through and return the page as the API sends it.
//!
//! One custom hook: several endpoints require an epoch-seconds window, and the Python
//! server's `days` shorthand (default 7) fills it; the window goes to the query, the body
//! or the path depending on the endpoint.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::args::ArgError;
use super::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::ApiRequest;

macro_rules! zcell {
    ($p:literal) => {
        concat!("/zcell/config/api/v1", $p)
    };
}

macro_rules! customer {
    ($p:literal) => {
        concat!("/zcell/config/api/v1/customers/{zcellCustomerId}", $p)
    };
}

const ZCELL: Service = Service::Zcell;

#[allow(clippy::too_many_arguments)]
const fn tool(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    method: HttpMethod,
    path: &'static str,
    params: &'static [Param],
    windowed: bool,
) -> ToolSpec {
    ToolSpec {
        name,
        service: ZCELL,
        toolset,
        action: Action::Read,
        title,
        description,
        method,
        path,
        params,
        paging: Paging::None,
        hook: if windowed {
            Hook::Custom(with_window)
        } else {
            Hook::None
        },
        untrusted_content: false,
    }
}

const fn get(
    name: &'static str,
    toolset: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    tool(
        name,
        toolset,
        title,
        description,
        HttpMethod::Get,
        path,
        params,
        false,
    )
}

// ---------------------------------------------------------------------------------------
// Shared parameters
// ---------------------------------------------------------------------------------------

/// Read by the window hook and never sent as such.
const DAYS: Param = query(
    "days",
    "days",
    Kind::Int,
    "Look-back window in days (1-365, default 7): the window is [now - days, now]. \
     Ignored for a bound given explicitly with start_time / end_time.",
);

const fn window_start(place: Place) -> Param {
    Param {
        name: "start_time",
        kind: Kind::Int,
        required: false,
        place,
        description: "Window start, epoch seconds. Default: now minus `days`.",
    }
}

const fn window_end(place: Place) -> Param {
    Param {
        name: "end_time",
        kind: Kind::Int,
        required: false,
        place,
        description: "Window end, epoch seconds. Default: now.",
    }
}

const PAGE_NUMBER: Param = query(
    "page_number",
    "page",
    Kind::Int,
    "Page to return, 0-based (default 0). The response says how many pages there are.",
);
const SIZE: Param = query(
    "size",
    "size",
    Kind::Int,
    "Items per page, 1-100 (API default applies when omitted).",
);

const POLICY_ID: Param = path_str(
    "policy_id",
    "Anomaly policy id, a string even when numeric (the `id` of \
     zcell_list_anomaly_policies).",
);

const NAME_FILTER: Param = query(
    "name",
    "name",
    Kind::Str,
    "Only items whose name contains this text (matched by the API).",
);

const TOP_N: Param = query(
    "top_n",
    "limit",
    Kind::Int,
    "How many entries to return, ranked by usage.",
);

// ---------------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------------

pub const TOOLS: &[ToolSpec] = &[
    // Anomaly policies --------------------------------------------------------------------
    tool(
        "zcell_list_anomaly_policies",
        "zcell_anomaly_policy",
        "List ZCell anomaly policies",
        "List the cellular anomaly policies (e.g. GEOFENCING) active in a time window, with \
         their type, enabled state, SIM location groups and violation counts. The window \
         defaults to the last 7 days (`days`). Use a policy's string `id` with the logs and \
         violations tools. Needs ZCELL_CUSTOMER_ID.",
        HttpMethod::Get,
        customer!("/anomaly-policy"),
        &[
            DAYS,
            window_start(Place::Query("startDateTime")),
            window_end(Place::Query("endDateTime")),
            query(
                "policy_type",
                "policyType",
                Kind::Str,
                "Only policies of this type, e.g. GEOFENCING.",
            ),
            PAGE_NUMBER,
            SIZE,
        ],
        true,
    ),
    get(
        "zcell_list_anomaly_policy_logs",
        "zcell_anomaly_policy",
        "List a ZCell anomaly policy's logs",
        "List the activity log (enable, disable, run events with status and message) of one \
         anomaly policy. Get the policy id from zcell_list_anomaly_policies.",
        customer!("/anomaly-policy/{policy_id}/logs"),
        &[POLICY_ID, PAGE_NUMBER, SIZE],
    ),
    tool(
        "zcell_list_anomaly_policy_violations",
        "zcell_anomaly_policy",
        "List ZCell anomaly policy violations",
        "List the SIMs (ICCIDs) that violated one anomaly policy in a time window (default: \
         the last 7 days). Drill into one ICCID with zcell_list_iccid_violations. Get the \
         policy id from zcell_list_anomaly_policies.",
        HttpMethod::Get,
        customer!("/anomaly-policy/{policy_id}/violations"),
        &[
            POLICY_ID,
            DAYS,
            window_start(Place::Query("startDateTime")),
            window_end(Place::Query("endDateTime")),
            PAGE_NUMBER,
            SIZE,
        ],
        true,
    ),
    tool(
        "zcell_list_iccid_violations",
        "zcell_anomaly_policy",
        "List violations of one SIM",
        "List the individual violation events (event type, zone, time) of one SIM under one \
         anomaly policy, in a time window (default: the last 7 days). The ICCIDs come from \
         zcell_list_anomaly_policy_violations.",
        HttpMethod::Get,
        customer!("/anomaly-policy/{policy_id}/violations/{iccid}"),
        &[
            POLICY_ID,
            path_str("iccid", "The SIM's ICCID (digits, as a string)."),
            DAYS,
            window_start(Place::Query("startDateTime")),
            window_end(Place::Query("endDateTime")),
            PAGE_NUMBER,
            SIZE,
        ],
        true,
    ),
    // Audit ---------------------------------------------------------------------------------
    tool(
        "zcell_list_audit_customers_search",
        "zcell_audit_data_handling",
        "Search the ZCell audit log",
        "Search the ZCell configuration audit log (who created, updated, deleted or exported \
         what, and when) in a time window (default: the last 7 days). Valid operation and \
         object types come from zcell_list_audit_metadata. The API takes the search as a \
         POST, but nothing changes.",
        HttpMethod::Post,
        zcell!("/audit/customers/{zcellCustomerId}/search"),
        &[
            DAYS,
            window_start(Place::Body("startDate")),
            window_end(Place::Body("endDate")),
            body(
                "operation_type",
                "operationType",
                Kind::Enum(&["Create", "Update", "Delete", "Export"]),
                false,
                "Only entries of this operation.",
            ),
            body(
                "object_type",
                "objectType",
                Kind::Str,
                false,
                "Only entries about this object type (see zcell_list_audit_metadata).",
            ),
            body(
                "object_name",
                "objectName",
                Kind::Str,
                false,
                "Only entries about objects with this name.",
            ),
            body(
                "object_id",
                "objectId",
                Kind::Str,
                false,
                "Only entries about the object with this id.",
            ),
            body(
                "visibility",
                "visibility",
                Kind::Enum(&["Customer", "Root"]),
                false,
                "Only entries with this visibility.",
            ),
            body(
                "modified_by_user_id",
                "modifiedByUserId",
                Kind::Str,
                false,
                "Only changes made by this user id.",
            ),
            PAGE_NUMBER,
            SIZE,
        ],
        true,
    ),
    get(
        "zcell_list_audit_metadata",
        "zcell_audit_data_handling",
        "List ZCell audit filter values",
        "List the operation types and object types the ZCell audit log knows, i.e. the values \
         zcell_list_audit_customers_search accepts as filters.",
        zcell!("/audit/metadata"),
        &[],
    ),
    // Customer and regions ------------------------------------------------------------------
    get(
        "zcell_get_customer_data_handling",
        "zcell_customer_data_handling",
        "Get the ZCell customer profile",
        "Get the ZCell tenant's profile: activation state, platform, configured regions, SIM \
         totals and current usage, and the linked ZIA/ZPA clouds and SIM provider. The tenant \
         is ZCELL_CUSTOMER_ID.",
        customer!(""),
        &[],
    ),
    get(
        "zcell_list_region_operational_status",
        "zcell_customer_region_handling",
        "List ZCell region operational status",
        "List the tenant's configured ZCell regions with their operational status, including \
         the broker-cluster and app-connector status blocks.",
        customer!("/regions/operational-status"),
        &[query(
            "bc_size",
            "bcSize",
            Kind::Str,
            "Only regions with this broker-cluster size.",
        )],
    ),
    get(
        "zcell_list_regions",
        "zcell_customer_region_handling",
        "List ZCell regions",
        "List the ZCell regions (e.g. AMER, EMEA, APAC) available to the tenant and whether \
         each is configured.",
        customer!("/regions"),
        &[query(
            "skip_sku_check",
            "skipSkuCheck",
            Kind::Bool,
            "true to list regions without checking the tenant's SKU entitlement.",
        )],
    ),
    // Network events ------------------------------------------------------------------------
    tool(
        "zcell_list_network_events",
        "zcell_network_events",
        "Search ZCell network events",
        "Search cellular network and session events (attach, detach, data sessions: SIM, \
         country, carrier, radio technology, IP, outcome) in a time window (default: the last \
         7 days). One simple filter can be given with filter_name/filter_operator/\
         filter_values; pass several as `extra_fields` {\"filterBy\": [...]}. The API takes \
         the search as a POST, but nothing changes.",
        HttpMethod::Post,
        zcell!(
            "/network-events/{zcellCustomerId}/search/startTime/{start_time}/endTime/{end_time}"
        ),
        &[
            DAYS,
            window_start(Place::Path),
            window_end(Place::Path),
            body(
                "filter_name",
                "filterBy[].filterName",
                Kind::Str,
                false,
                "Field to filter on, e.g. country, iccid, imsi.",
            ),
            body(
                "filter_operator",
                "filterBy[].operator",
                Kind::Enum(&["EQ", "NE", "LIKE", "NOT_LIKE"]),
                false,
                "How filter_values are compared with filter_name.",
            ),
            body(
                "filter_values",
                "filterBy[].values",
                Kind::StrList,
                false,
                "Values compared with filter_name, e.g. [\"US\"].",
            ),
            body(
                "sort_by",
                "sortBy",
                Kind::Object,
                false,
                "Sort order as {field: ASC|DESC}, e.g. {\"timestamp\": \"DESC\"}.",
            ),
            body(
                "exclude_apn_config",
                "excludeApnConfig",
                Kind::Bool,
                false,
                "true to leave the APN configuration out of each event.",
            ),
            body(
                "page_number",
                "page",
                Kind::Int,
                false,
                "Page to return, 0-based (default 0).",
            ),
            body("size", "size", Kind::Int, false, "Events per page, 1-100."),
            Param {
                description: "Further search fields (camelCase, as in the API), e.g. \
                              {\"filterBy\": [{\"filterName\": \"country\", \"operator\": \
                              \"EQ\", \"values\": [\"US\"]}]}.",
                ..EXTRA_FIELDS
            },
        ],
        true,
    ),
    // SIM analytics -------------------------------------------------------------------------
    tool(
        "zcell_list_sim_analytics_map",
        "zcell_sim_analytics",
        "List ZCell SIM map points",
        "List the SIM location points behind the ZCell dashboard map (latitude, longitude, \
         ICCIDs, IMSIs, tags), optionally for some SIMs only. The API takes this as a POST, \
         but nothing changes.",
        HttpMethod::Post,
        customer!("/sim/analytics/map"),
        &[body(
            "icc_ids",
            "iccIds",
            Kind::StrList,
            false,
            "Only these SIMs (ICCIDs).",
        )],
        false,
    ),
    get(
        "zcell_list_sim_analytics_summary",
        "zcell_sim_analytics",
        "Get ZCell SIM status summary",
        "Get the tenant's SIM counts by status: total, used, active, inactive.",
        customer!("/sim/analytics/summary"),
        &[],
    ),
    tool(
        "zcell_list_sim_usage_by_country",
        "zcell_sim_analytics",
        "List ZCell data usage by country",
        "List the countries with the most cellular data usage in a time window (default: the \
         last 7 days).",
        HttpMethod::Get,
        customer!("/sim/analytics/usage/countries"),
        &[
            DAYS,
            window_start(Place::Query("startDate")),
            window_end(Place::Query("endDate")),
            Param {
                description: "How many countries to return, at most 20 (API default 10).",
                ..TOP_N
            },
        ],
        true,
    ),
    tool(
        "zcell_list_sim_usage_by_day",
        "zcell_sim_analytics",
        "List ZCell data usage by day",
        "List cellular data usage per day over a time window (default: the last 7 days), for \
         the whole tenant or one SIM.",
        HttpMethod::Get,
        customer!("/sim/analytics/usage/day"),
        &[
            DAYS,
            window_start(Place::Query("startDate")),
            window_end(Place::Query("endDate")),
            query(
                "icc_id",
                "iccId",
                Kind::Str,
                "Only this SIM (ICCID, digits as a string).",
            ),
        ],
        true,
    ),
    tool(
        "zcell_list_sim_usage_by_sim",
        "zcell_sim_analytics",
        "List ZCell data usage by SIM",
        "List the SIMs with the most cellular data usage in a time window (default: the last \
         7 days).",
        HttpMethod::Get,
        customer!("/sim/analytics/usage/sims"),
        &[
            DAYS,
            window_start(Place::Query("startDate")),
            window_end(Place::Query("endDate")),
            Param {
                description: "How many SIMs to return, ranked by usage.",
                ..TOP_N
            },
        ],
        true,
    ),
    // SIMs --------------------------------------------------------------------------------
    get(
        "zcell_get_sim_details",
        "zcell_sim_handling",
        "Get a ZCell SIM",
        "Get the full record of one SIM by its ICCID: IMSI/IMEI, status, network status, APN, \
         IP, device, tags, location and usage. Find ICCIDs with zcell_list_sims.",
        customer!("/sims/details"),
        &[Param {
            required: true,
            ..query(
                "icc_id",
                "iccId",
                Kind::Str,
                "The SIM's ICCID (digits, as a string).",
            )
        }],
    ),
    tool(
        "zcell_list_sims",
        "zcell_sim_handling",
        "Search ZCell SIMs",
        "Search the SIM inventory with filters (ICCID, status, network status, IP, country, \
         tag, device attributes, IMEI lock status) and paging; returns one page of SIMs and \
         the total usage. The API takes the search as a POST, but nothing changes.",
        HttpMethod::Post,
        customer!("/sims/search"),
        &[
            body("iccid", "iccid", Kind::StrList, false, "Only these ICCIDs."),
            body(
                "status",
                "status",
                Kind::Str,
                false,
                "Only SIMs in this status.",
            ),
            body(
                "network_status",
                "networkStatus",
                Kind::Str,
                false,
                "Only SIMs with this network status.",
            ),
            body(
                "ip_address",
                "ipAddress",
                Kind::StrList,
                false,
                "Only SIMs with one of these IP addresses.",
            ),
            body(
                "location_country",
                "locationCountry",
                Kind::Str,
                false,
                "Only SIMs last seen in this country.",
            ),
            body(
                "tag",
                "tag",
                Kind::StrList,
                false,
                "Only SIMs with one of these tag names (see zcell_list_tags).",
            ),
            body(
                "device_type",
                "deviceType",
                Kind::Str,
                false,
                "Only SIMs in this device type.",
            ),
            body(
                "brand_name",
                "brandName",
                Kind::Str,
                false,
                "Only devices of this brand.",
            ),
            body(
                "marketing_name",
                "marketingName",
                Kind::Str,
                false,
                "Only devices with this marketing name.",
            ),
            body(
                "model_name",
                "modelName",
                Kind::Str,
                false,
                "Only devices of this model.",
            ),
            body(
                "form_factor",
                "formFactor",
                Kind::Str,
                false,
                "Only SIMs of this form factor.",
            ),
            body(
                "imei_status",
                "imeiStatus",
                Kind::Enum(&["Locked", "Unlocked", "InProgress"]),
                false,
                "Only SIMs with this IMEI lock status.",
            ),
            body(
                "page_number",
                "page",
                Kind::Int,
                false,
                "Page to return, 0-based (default 0).",
            ),
            body("size", "size", Kind::Int, false, "SIMs per page, 1-100."),
        ],
        false,
    ),
    // SIM location groups -------------------------------------------------------------------
    get(
        "zcell_get_sim_location_group",
        "zcell_sim_location_groups",
        "Get a ZCell SIM location group",
        "Get one SIM location group: its geo-fence, the anomaly policies linked to it and the \
         SIMs inside and outside the fence. Get the id from zcell_list_sim_location_groups.",
        customer!("/sim-location-groups/{group_id}"),
        &[path_str(
            "group_id",
            "SIM location group id, a string even when numeric.",
        )],
    ),
    get(
        "zcell_list_sim_location_groups",
        "zcell_sim_location_groups",
        "List ZCell SIM location groups",
        "List SIM location groups (geo-fences) with the SIMs they track. Use an `id` with \
         zcell_get_sim_location_group for details.",
        customer!("/sim-location-groups"),
        &[NAME_FILTER, PAGE_NUMBER, SIZE],
    ),
    // Tags ----------------------------------------------------------------------------------
    get(
        "zcell_list_tags",
        "zcell_tag_handling",
        "List ZCell SIM tags",
        "List the tags defined for SIMs in the tenant (id, name, creation details).",
        customer!("/tag"),
        &[NAME_FILTER, PAGE_NUMBER, SIZE],
    ),
];

// ---------------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------------

fn arg_error(field: &str, problem: String) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem,
    })
}

/// Body fields whose wire name is `list[].field` become one object in a one-element list:
/// `{"filterBy[].filterName": "country"}` -> `{"filterBy": [{"filterName": "country"}]}`.
fn nest_list_fields(body: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let mut grouped: Vec<(String, Map<String, Value>)> = Vec::new();
    for (key, value) in body {
        match key.split_once("[].") {
            Some((list, field)) => match grouped.iter_mut().find(|(name, _)| name == list) {
                Some((_, m)) => {
                    m.insert(field.to_string(), value);
                }
                None => {
                    let mut m = Map::new();
                    m.insert(field.to_string(), value);
                    grouped.push((list.to_string(), m));
                }
            },
            None => {
                out.insert(key, value);
            }
        }
    }
    for (list, item) in grouped {
        // A list given whole through `extra_fields` wins over the single-item shorthand.
        out.entry(list)
            .or_insert(Value::Array(vec![Value::Object(item)]));
    }
    out
}

/// The request a windowed tool makes: path, query and body.
type Request = (String, Vec<(String, String)>, Option<Value>);

/// Lay the window (`start_time`/`end_time`) the endpoint requires wherever the spec places
/// it, from `days` (default 7) for a bound not given; `days` itself is never sent.
fn fill_window(
    spec: &ToolSpec,
    path: &str,
    plan_query: &[(String, String)],
    plan_body: Option<&Value>,
    now: u64,
) -> Result<Request, ToolError> {
    let mut query: Vec<(String, String)> = Vec::new();
    let mut days: u64 = 7;
    for (k, v) in plan_query {
        if k == "days" {
            days = v
                .parse::<u64>()
                .ok()
                .filter(|d| (1..=365).contains(d))
                .ok_or_else(|| {
                    arg_error("days", format!("{v} is not a number of days from 1 to 365"))
                })?;
        } else {
            query.push((k.clone(), v.clone()));
        }
    }
    let mut body = match plan_body {
        Some(Value::Object(m)) => Some(m.clone()),
        Some(_) | None => None,
    };
    let mut path = path.to_string();

    // A bound given explicitly, read back from wherever the plan put it (a path bound from
    // the same segment as its placeholder in the spec's path).
    let given = |param: &Param| -> Option<u64> {
        match param.place {
            Place::Query(wire) => query
                .iter()
                .find(|(k, _)| k == wire)
                .and_then(|(_, v)| v.parse().ok()),
            Place::Body(wire) => body
                .as_ref()
                .and_then(|b| b.get(wire))
                .and_then(Value::as_u64),
            Place::Path => {
                let placeholder = format!("{{{}}}", param.name);
                let index = spec.path.split('/').position(|seg| seg == placeholder)?;
                path.split('/').nth(index)?.parse().ok()
            }
            _ => None,
        }
    };
    let start_param = spec.params.iter().find(|p| p.name == "start_time");
    let end_param = spec.params.iter().find(|p| p.name == "end_time");
    let end_given = end_param.and_then(given);
    let start_given = start_param.and_then(given);
    let end = end_given.unwrap_or(now);
    let start = end.saturating_sub(days * 86_400);
    let mut fill = Vec::new();
    if let (Some(p), None) = (start_param, start_given) {
        fill.push((p, start));
    }
    if let (Some(p), None) = (end_param, end_given) {
        fill.push((p, end));
    }
    for (param, value) in fill {
        match param.place {
            Place::Query(wire) => query.push((wire.to_string(), value.to_string())),
            Place::Body(wire) => {
                body.get_or_insert_with(Map::new)
                    .insert(wire.to_string(), Value::from(value));
            }
            Place::Path => {
                path = path.replace(&format!("{{{}}}", param.name), &value.to_string());
            }
            _ => {}
        }
    }
    if spec.method == HttpMethod::Post && body.is_none() {
        body = Some(Map::new());
    }
    let body = body.map(|b| Value::Object(nest_list_fields(b)));
    Ok((path, query, body))
}

/// Windowed tools: fill the window, then make the one request.
fn with_window<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let (path, query, body) = fill_window(
            ctx.spec,
            ctx.path,
            &ctx.plan.query,
            ctx.plan.body.as_ref(),
            now,
        )?;
        let resp = ctx
            .client
            .call(
                ApiRequest {
                    service: ctx.spec.service,
                    method: ctx.spec.method,
                    path: &path,
                    query: &query,
                    body: body.as_ref(),
                },
                ctx.deadline,
            )
            .await?;
        Ok(ToolOutput {
            value: resp.body,
            note: None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(name: &str) -> &'static ToolSpec {
        TOOLS.iter().find(|s| s.name == name).unwrap()
    }

    fn planned(name: &str, args: Value) -> Request {
        let spec = spec(name);
        let Value::Object(args) = args else {
            unreachable!()
        };
        let plan = crate::catalog::args::plan(spec, &args).unwrap();
        fill_window(spec, &plan.path, &plan.query, plan.body.as_ref(), 1_000_000).unwrap()
    }

    #[test]
    fn days_fill_the_query_window() {
        let (path, query, body) = planned(
            "zcell_list_anomaly_policies",
            json!({"days": 2, "policy_type": "GEOFENCING"}),
        );
        assert_eq!(
            path,
            "/zcell/config/api/v1/customers/{zcellCustomerId}/anomaly-policy"
        );
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("policyType", "GEOFENCING"),
                ("startDateTime", "827200"),
                ("endDateTime", "1000000")
            ]
        );
        assert_eq!(body, None);
    }

    #[test]
    fn explicit_bounds_win_and_days_is_checked() {
        let (_, query, _) = planned(
            "zcell_list_sim_usage_by_day",
            json!({"start_time": 10, "end_time": 20, "days": 3}),
        );
        assert_eq!(
            query,
            [
                ("startDate".to_string(), "10".to_string()),
                ("endDate".to_string(), "20".to_string())
            ]
        );
        let spec = spec("zcell_list_sim_usage_by_day");
        let q = [("days".to_string(), "0".to_string())];
        assert!(fill_window(spec, "/p", &q, None, 5).is_err());
    }

    #[test]
    fn the_window_goes_to_the_body_or_the_path() {
        let (_, query, body) = planned(
            "zcell_list_audit_customers_search",
            json!({"visibility": "Customer", "page_number": 1}),
        );
        assert_eq!(query, [("page".to_string(), "1".to_string())]);
        assert_eq!(
            body,
            Some(json!({"visibility": "Customer", "startDate": 395200, "endDate": 1000000}))
        );
        let (path, _, body) = planned(
            "zcell_list_network_events",
            json!({"end_time": 900000, "filter_name": "country", "filter_operator": "EQ",
                   "filter_values": ["US"]}),
        );
        assert!(
            path.ends_with("/search/startTime/295200/endTime/900000"),
            "{path}"
        );
        assert_eq!(
            body,
            Some(
                json!({"filterBy": [{"filterName": "country", "operator": "EQ",
                                      "values": ["US"]}]})
            )
        );
    }

    #[test]
    fn list_fields_become_one_item() {
        let body = json!({
            "filterBy[].filterName": "country",
            "filterBy[].values": ["US"],
            "page": 0
        });
        let Value::Object(m) = body else {
            unreachable!()
        };
        let out = Value::Object(nest_list_fields(m));
        assert_eq!(
            out,
            json!({"page": 0, "filterBy": [{"filterName": "country", "values": ["US"]}]})
        );
    }

    #[test]
    fn windowed_tools_declare_both_bounds() {
        for spec in TOOLS {
            let windowed = matches!(spec.hook, Hook::Custom(_));
            let has = |n: &str| spec.params.iter().any(|p| p.name == n);
            assert_eq!(windowed, has("days"), "{}", spec.name);
            assert_eq!(
                windowed,
                has("start_time") && has("end_time"),
                "{}",
                spec.name
            );
        }
    }
}
