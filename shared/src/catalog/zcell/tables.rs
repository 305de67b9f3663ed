//! The zcell tool table: data only; the hooks it names are in `hooks.rs`.

use super::hooks::*;
use crate::catalog::spec::*;

pub(super) const ZCELL: Service = Service::Zcell;

// ---------------------------------------------------------------------------------------
// Shared parameters
// ---------------------------------------------------------------------------------------

/// Read by the window hook and never sent as such.
pub(super) const DAYS: Param = query(
    "days",
    "days",
    Kind::Int,
    "Look-back window in days (1-365, default 7): the window is [now - days, now]. \
     Ignored for a bound given explicitly with start_time / end_time.",
);

pub(super) const fn window_start(place: Place) -> Param {
    Param {
        name: "start_time",
        kind: Kind::Int,
        required: false,
        place,
        description: "Window start, epoch seconds. Default: now minus `days`.",
    }
}

pub(super) const fn window_end(place: Place) -> Param {
    Param {
        name: "end_time",
        kind: Kind::Int,
        required: false,
        place,
        description: "Window end, epoch seconds. Default: now.",
    }
}

pub(super) const PAGE_NUMBER: Param = query(
    "page_number",
    "page",
    Kind::Int,
    "Page to return, 0-based (default 0). The response says how many pages there are.",
);
pub(super) const SIZE: Param = query(
    "size",
    "size",
    Kind::Int,
    "Items per page, 1-100 (API default applies when omitted).",
);

pub(super) const POLICY_ID: Param = path_str(
    "policy_id",
    "Anomaly policy id, a string even when numeric (the `id` of \
     zcell_list_anomaly_policies).",
);

pub(super) const NAME_FILTER: Param = query(
    "name",
    "name",
    Kind::Str,
    "Only items whose name contains this text (matched by the API).",
);

pub(super) const TOP_N: Param = query(
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
    ToolSpec::read(ZCELL, "zcell_anomaly_policy", "zcell_list_anomaly_policies")
        .title("List ZCell anomaly policies")
        .describe(
            "List the cellular anomaly policies (e.g. GEOFENCING) active in a time window, with \
             their type, enabled state, SIM location groups and violation counts. The window \
             defaults to the last 7 days (`days`). Use a policy's string `id` with the logs and \
             violations tools. Needs ZCELL_CUSTOMER_ID.",
        )
        .path(customer!("/anomaly-policy"))
        .params(&[
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
        ])
        .hook(Hook::Custom(with_window)),
    ToolSpec::read(
        ZCELL,
        "zcell_anomaly_policy",
        "zcell_list_anomaly_policy_logs",
    )
    .title("List a ZCell anomaly policy's logs")
    .describe(
        "List the activity log (enable, disable, run events with status and message) of one \
             anomaly policy. Get the policy id from zcell_list_anomaly_policies.",
    )
    .path(customer!("/anomaly-policy/{policy_id}/logs"))
    .params(&[POLICY_ID, PAGE_NUMBER, SIZE]),
    ToolSpec::read(
        ZCELL,
        "zcell_anomaly_policy",
        "zcell_list_anomaly_policy_violations",
    )
    .title("List ZCell anomaly policy violations")
    .describe(
        "List the SIMs (ICCIDs) that violated one anomaly policy in a time window (default: \
             the last 7 days). Drill into one ICCID with zcell_list_iccid_violations. Get the \
             policy id from zcell_list_anomaly_policies.",
    )
    .path(customer!("/anomaly-policy/{policy_id}/violations"))
    .params(&[
        POLICY_ID,
        DAYS,
        window_start(Place::Query("startDateTime")),
        window_end(Place::Query("endDateTime")),
        PAGE_NUMBER,
        SIZE,
    ])
    .hook(Hook::Custom(with_window)),
    ToolSpec::read(ZCELL, "zcell_anomaly_policy", "zcell_list_iccid_violations")
        .title("List violations of one SIM")
        .describe(
            "List the individual violation events (event type, zone, time) of one SIM under one \
             anomaly policy, in a time window (default: the last 7 days). The ICCIDs come from \
             zcell_list_anomaly_policy_violations.",
        )
        .path(customer!("/anomaly-policy/{policy_id}/violations/{iccid}"))
        .params(&[
            POLICY_ID,
            path_str("iccid", "The SIM's ICCID (digits, as a string)."),
            DAYS,
            window_start(Place::Query("startDateTime")),
            window_end(Place::Query("endDateTime")),
            PAGE_NUMBER,
            SIZE,
        ])
        .hook(Hook::Custom(with_window)),
    // Audit ---------------------------------------------------------------------------------
    ToolSpec::read(
        ZCELL,
        "zcell_audit_data_handling",
        "zcell_list_audit_customers_search",
    )
    .title("Search the ZCell audit log")
    .describe(
        "Search the ZCell configuration audit log (who created, updated, deleted or exported \
             what, and when) in a time window (default: the last 7 days). Valid operation and \
             object types come from zcell_list_audit_metadata. The API takes the search as a \
             POST, but nothing changes.",
    )
    .method(HttpMethod::Post)
    .path(zcell!("/audit/customers/{zcellCustomerId}/search"))
    .params(&[
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
    ])
    .hook(Hook::Custom(with_window)),
    ToolSpec::read(
        ZCELL,
        "zcell_audit_data_handling",
        "zcell_list_audit_metadata",
    )
    .title("List ZCell audit filter values")
    .describe(
        "List the operation types and object types the ZCell audit log knows, i.e. the values \
             zcell_list_audit_customers_search accepts as filters.",
    )
    .path(zcell!("/audit/metadata")),
    // Customer and regions ------------------------------------------------------------------
    ToolSpec::read(
        ZCELL,
        "zcell_customer_data_handling",
        "zcell_get_customer_data_handling",
    )
    .title("Get the ZCell customer profile")
    .describe(
        "Get the ZCell tenant's profile: activation state, platform, configured regions, SIM \
             totals and current usage, and the linked ZIA/ZPA clouds and SIM provider. The tenant \
             is ZCELL_CUSTOMER_ID.",
    )
    .path(customer!("")),
    ToolSpec::read(
        ZCELL,
        "zcell_customer_region_handling",
        "zcell_list_region_operational_status",
    )
    .title("List ZCell region operational status")
    .describe(
        "List the tenant's configured ZCell regions with their operational status, including \
             the broker-cluster and app-connector status blocks.",
    )
    .path(customer!("/regions/operational-status"))
    .params(&[query(
        "bc_size",
        "bcSize",
        Kind::Str,
        "Only regions with this broker-cluster size.",
    )]),
    ToolSpec::read(
        ZCELL,
        "zcell_customer_region_handling",
        "zcell_list_regions",
    )
    .title("List ZCell regions")
    .describe(
        "List the ZCell regions (e.g. AMER, EMEA, APAC) available to the tenant and whether \
             each is configured.",
    )
    .path(customer!("/regions"))
    .params(&[query(
        "skip_sku_check",
        "skipSkuCheck",
        Kind::Bool,
        "true to list regions without checking the tenant's SKU entitlement.",
    )]),
    // Network events ------------------------------------------------------------------------
    ToolSpec::read(ZCELL, "zcell_network_events", "zcell_list_network_events")
        .title("Search ZCell network events")
        .describe(
            "Search cellular network and session events (attach, detach, data sessions: SIM, \
             country, carrier, radio technology, IP, outcome) in a time window (default: the last \
             7 days). One simple filter can be given with filter_name/filter_operator/\
             filter_values; pass several as `extra_fields` {\"filterBy\": [...]}. The API takes \
             the search as a POST, but nothing changes.",
        )
        .method(HttpMethod::Post)
        .path(zcell!(
            "/network-events/{zcellCustomerId}/search/startTime/{start_time}/endTime/{end_time}"
        ))
        .params(&[
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
        ])
        .hook(Hook::Custom(with_window)),
    // SIM analytics -------------------------------------------------------------------------
    ToolSpec::read(ZCELL, "zcell_sim_analytics", "zcell_list_sim_analytics_map")
        .title("List ZCell SIM map points")
        .describe(
            "List the SIM location points behind the ZCell dashboard map (latitude, longitude, \
             ICCIDs, IMSIs, tags), optionally for some SIMs only. The API takes this as a POST, \
             but nothing changes.",
        )
        .method(HttpMethod::Post)
        .path(customer!("/sim/analytics/map"))
        .params(&[body(
            "icc_ids",
            "iccIds",
            Kind::StrList,
            false,
            "Only these SIMs (ICCIDs).",
        )]),
    ToolSpec::read(
        ZCELL,
        "zcell_sim_analytics",
        "zcell_list_sim_analytics_summary",
    )
    .title("Get ZCell SIM status summary")
    .describe("Get the tenant's SIM counts by status: total, used, active, inactive.")
    .path(customer!("/sim/analytics/summary")),
    ToolSpec::read(
        ZCELL,
        "zcell_sim_analytics",
        "zcell_list_sim_usage_by_country",
    )
    .title("List ZCell data usage by country")
    .describe(
        "List the countries with the most cellular data usage in a time window (default: the \
             last 7 days).",
    )
    .path(customer!("/sim/analytics/usage/countries"))
    .params(&[
        DAYS,
        window_start(Place::Query("startDate")),
        window_end(Place::Query("endDate")),
        Param {
            description: "How many countries to return, at most 20 (API default 10).",
            ..TOP_N
        },
    ])
    .hook(Hook::Custom(with_window)),
    ToolSpec::read(ZCELL, "zcell_sim_analytics", "zcell_list_sim_usage_by_day")
        .title("List ZCell data usage by day")
        .describe(
            "List cellular data usage per day over a time window (default: the last 7 days), for \
             the whole tenant or one SIM.",
        )
        .path(customer!("/sim/analytics/usage/day"))
        .params(&[
            DAYS,
            window_start(Place::Query("startDate")),
            window_end(Place::Query("endDate")),
            query(
                "icc_id",
                "iccId",
                Kind::Str,
                "Only this SIM (ICCID, digits as a string).",
            ),
        ])
        .hook(Hook::Custom(with_window)),
    ToolSpec::read(ZCELL, "zcell_sim_analytics", "zcell_list_sim_usage_by_sim")
        .title("List ZCell data usage by SIM")
        .describe(
            "List the SIMs with the most cellular data usage in a time window (default: the last \
             7 days).",
        )
        .path(customer!("/sim/analytics/usage/sims"))
        .params(&[
            DAYS,
            window_start(Place::Query("startDate")),
            window_end(Place::Query("endDate")),
            Param {
                description: "How many SIMs to return, ranked by usage.",
                ..TOP_N
            },
        ])
        .hook(Hook::Custom(with_window)),
    // SIMs --------------------------------------------------------------------------------
    ToolSpec::read(ZCELL, "zcell_sim_handling", "zcell_get_sim_details")
        .title("Get a ZCell SIM")
        .describe(
            "Get the full record of one SIM by its ICCID: IMSI/IMEI, status, network status, APN, \
             IP, device, tags, location and usage. Find ICCIDs with zcell_list_sims.",
        )
        .path(customer!("/sims/details"))
        .params(&[Param {
            required: true,
            ..query(
                "icc_id",
                "iccId",
                Kind::Str,
                "The SIM's ICCID (digits, as a string).",
            )
        }]),
    ToolSpec::read(ZCELL, "zcell_sim_handling", "zcell_list_sims")
        .title("Search ZCell SIMs")
        .describe(
            "Search the SIM inventory with filters (ICCID, status, network status, IP, country, \
             tag, device attributes, IMEI lock status) and paging; returns one page of SIMs and \
             the total usage. The API takes the search as a POST, but nothing changes.",
        )
        .method(HttpMethod::Post)
        .path(customer!("/sims/search"))
        .params(&[
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
        ]),
    // SIM location groups -------------------------------------------------------------------
    ToolSpec::read(
        ZCELL,
        "zcell_sim_location_groups",
        "zcell_get_sim_location_group",
    )
    .title("Get a ZCell SIM location group")
    .describe(
        "Get one SIM location group: its geo-fence, the anomaly policies linked to it and the \
             SIMs inside and outside the fence. Get the id from zcell_list_sim_location_groups.",
    )
    .path(customer!("/sim-location-groups/{group_id}"))
    .params(&[path_str(
        "group_id",
        "SIM location group id, a string even when numeric.",
    )]),
    ToolSpec::read(
        ZCELL,
        "zcell_sim_location_groups",
        "zcell_list_sim_location_groups",
    )
    .title("List ZCell SIM location groups")
    .describe(
        "List SIM location groups (geo-fences) with the SIMs they track. Use an `id` with \
             zcell_get_sim_location_group for details.",
    )
    .path(customer!("/sim-location-groups"))
    .params(&[NAME_FILTER, PAGE_NUMBER, SIZE]),
    // Tags ----------------------------------------------------------------------------------
    ToolSpec::read(ZCELL, "zcell_tag_handling", "zcell_list_tags")
        .title("List ZCell SIM tags")
        .describe("List the tags defined for SIMs in the tenant (id, name, creation details).")
        .path(customer!("/tag"))
        .params(&[NAME_FILTER, PAGE_NUMBER, SIZE]),
];
