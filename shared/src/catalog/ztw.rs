//! Cloud & Branch Connector tools (ZTW, `/ztw/api/v1`): admins and roles, IP groups, IP
//! source and destination groups, network services and their groups, public cloud accounts
//! and the workload discovery settings.
//!
//! Every id here is an integer. Lists page with `page`/`pageSize` over a plain JSON array
//! (the Go SDK walks them with a page size of 1000), except `/adminRoles` and the discovery
//! settings, which answer in one piece.
//!
//! Sources: paths and query parameters follow `zscaler/zscaler-sdk-python` (`zscaler/ztw/*.py`,
//! whose request executor camel-cases query parameter names) and `zscaler/zscaler-sdk-go`
//! (`zscaler/ztw/services/...`); the arguments each tool takes follow
//! `zscaler/zscaler-mcp-server` (`src/zscaler_mcp/tools/ztw/*.py`).
//!
//! One custom hook: the `/lite` group lists and the role list have no name filter in the
//! API (the Python SDK filters them itself), so `search` is applied here to the results.

use serde_json::Value;

use super::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::ApiRequest;

macro_rules! ztw {
    ($p:literal) => {
        concat!("/ztw/api/v1", $p)
    };
}

/// A write tool's description, with the reminder that ZTW stages changes.
macro_rules! staged {
    ($text:literal) => {
        concat!(
            $text,
            " Cloud & Branch Connector stages configuration changes: the change takes effect \
             once the pending configuration is activated (ecAdminActivateStatus/activate, e.g. \
             from the Cloud & Branch Connector admin portal)."
        )
    };
}

const ZTW: Service = Service::Ztw;
const TOOLSET: &str = "ztw";

/// The SDKs walk these lists with `page`/`pageSize`; 1000 is the largest page accepted.
const PAGES: Paging = Paging::Pages {
    default_size: 100,
    max_size: 1000,
};

/// `/publicCloudAccountDetails` documents a default page of 250 (Python SDK docstring).
const ACCOUNT_PAGES: Paging = Paging::Pages {
    default_size: 250,
    max_size: 1000,
};

const fn list(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
    paging: Paging,
) -> ToolSpec {
    read(name, ZTW, TOOLSET, title, description, path, params, paging)
}

/// A list whose `search` argument is applied by this server (see `filter_by_name`).
const fn filtered_list(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
    paging: Paging,
) -> ToolSpec {
    ToolSpec {
        hook: Hook::Custom(filter_by_name),
        ..list(name, title, description, path, params, paging)
    }
}

const fn write(
    name: &'static str,
    action: Action,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    super::spec::write(name, ZTW, TOOLSET, action, title, description, path, params)
}

// ---------------------------------------------------------------------------------------
// Parameters shared by several tools
// ---------------------------------------------------------------------------------------

/// Sent to the API, which matches it against names.
const SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Only items whose name contains this text (matched by the API). An empty answer means \
     nothing matches.",
);

/// Applied by this server: the endpoint has no name filter of its own.
const LOCAL_SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Only items whose name contains this text (case-insensitive; applied by this server, \
     because this endpoint has no filter of its own).",
);

const GROUP_NAME: Param = body("name", "name", Kind::Str, true, "Name of the new group.");
const GROUP_DESCRIPTION: Param = body(
    "description",
    "description",
    Kind::Str,
    false,
    "Free-text description of the group.",
);
const GROUP_IPS: Param = body(
    "ip_addresses",
    "ipAddresses",
    Kind::StrList,
    true,
    "Member IP addresses, CIDR blocks or ranges, e.g. [\"198.51.100.0/24\", \
     \"192.0.2.10-192.0.2.20\"].",
);

const DEST_GROUP_TYPES: &[&str] = &["DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"];

const EXCLUDE_TYPE: Param = query(
    "exclude_type",
    "excludeType",
    Kind::Enum(DEST_GROUP_TYPES),
    "Leave out the groups of this type: DSTN_IP (addresses), DSTN_FQDN (host names), \
     DSTN_DOMAIN (wildcard domains) or DSTN_OTHER (countries / URL categories).",
);

// ---------------------------------------------------------------------------------------
// The tools
// ---------------------------------------------------------------------------------------

pub const TOOLS: &[ToolSpec] = &[
    // ---------------------------------------------------------------- admins and roles
    list(
        "ztw_list_admins",
        "List Cloud & Branch Connector admins",
        "List the administrator (and optionally auditor) accounts of the Cloud & Branch \
         Connector admin portal, with login name, email, role and whether the account is \
         disabled. Ids are integers. Role ids and names come from ztw_list_roles.",
        ztw!("/adminUsers"),
        &[
            query(
                "include_auditor_users",
                "includeAuditorUsers",
                Kind::Bool,
                "true to include auditor accounts, false to leave them out.",
            ),
            query(
                "include_admin_users",
                "includeAdminUsers",
                Kind::Bool,
                "true to include administrator accounts, false to leave them out.",
            ),
            query(
                "include_api_roles",
                "includeApiRoles",
                Kind::Bool,
                "true to include accounts that hold API roles.",
            ),
            SEARCH,
            query(
                "version",
                "version",
                Kind::Int,
                "Read the admins as they were in this configuration backup version (integer).",
            ),
        ],
        PAGES,
    ),
    filtered_list(
        "ztw_list_roles",
        "List Cloud & Branch Connector admin roles",
        "List the admin roles of Cloud & Branch Connector with their access levels, rank and \
         role type. Ids are integers; use them to understand what the admins from \
         ztw_list_admins may do.",
        ztw!("/adminRoles"),
        &[
            query(
                "include_auditor_role",
                "includeAuditorRole",
                Kind::Bool,
                "true to include the auditor role.",
            ),
            query(
                "include_partner_role",
                "includePartnerRole",
                Kind::Bool,
                "true to include partner administrator roles.",
            ),
            // The Go SDK spells this includeApiRole; the Python SDK (followed here) sends
            // include_api_roles camel-cased, i.e. includeApiRoles.
            query(
                "include_api_roles",
                "includeApiRoles",
                Kind::Bool,
                "true to include API roles.",
            ),
            query(
                "role_ids",
                "id",
                Kind::IntList,
                "Return only the roles with these integer ids.",
            ),
            LOCAL_SEARCH,
        ],
        Paging::None,
    ),
    // ---------------------------------------------------------------- IP groups
    list(
        "ztw_list_ip_groups",
        "List Cloud & Branch Connector IP groups",
        "List IP groups: named sets of IP addresses used by Cloud & Branch Connector \
         forwarding and traffic rules, with their member addresses. Ids are integers (use \
         them with ztw_delete_ip_group). ztw_list_ip_groups_lite returns only ids and names.",
        ztw!("/ipGroups"),
        &[SEARCH],
        PAGES,
    ),
    filtered_list(
        "ztw_list_ip_groups_lite",
        "List Cloud & Branch Connector IP groups (ids and names)",
        "List IP groups in the short form (integer id and name, no member addresses): the \
         cheapest way to find a group's id. Use ztw_list_ip_groups for the members.",
        ztw!("/ipGroups/lite"),
        &[LOCAL_SEARCH],
        PAGES,
    ),
    write(
        "ztw_create_ip_group",
        Action::Create,
        "Create a Cloud & Branch Connector IP group",
        staged!(
            "Create an IP group (a named set of IP addresses) for use in Cloud & Branch \
             Connector rules. Returns the new group with its integer id."
        ),
        ztw!("/ipGroups"),
        &[GROUP_NAME, GROUP_IPS, GROUP_DESCRIPTION, EXTRA_FIELDS],
    ),
    write(
        "ztw_delete_ip_group",
        Action::Delete,
        "Delete a Cloud & Branch Connector IP group",
        staged!(
            "Delete an IP group by its integer id (from ztw_list_ip_groups or \
             ztw_list_ip_groups_lite). A group still used by a rule cannot be deleted."
        ),
        ztw!("/ipGroups/{group_id}"),
        &[path_int(
            "group_id",
            "Integer id of the IP group (the `id` field of ztw_list_ip_groups).",
        )],
    ),
    // ---------------------------------------------------------------- IP source groups
    list(
        "ztw_list_ip_source_groups",
        "List Cloud & Branch Connector IP source groups",
        "List IP source groups: named sets of source IP addresses that Cloud & Branch \
         Connector rules match traffic on, with their member addresses. Ids are integers \
         (use them with ztw_delete_ip_source_group).",
        ztw!("/ipSourceGroups"),
        &[SEARCH],
        PAGES,
    ),
    filtered_list(
        "ztw_list_ip_source_groups_lite",
        "List Cloud & Branch Connector IP source groups (ids and names)",
        "List IP source groups in the short form (integer id and name, no addresses): the \
         cheapest way to find a group's id. Use ztw_list_ip_source_groups for the members.",
        ztw!("/ipSourceGroups/lite"),
        &[LOCAL_SEARCH],
        PAGES,
    ),
    write(
        "ztw_create_ip_source_group",
        Action::Create,
        "Create a Cloud & Branch Connector IP source group",
        staged!(
            "Create an IP source group (a named set of source IP addresses) for use in Cloud \
             & Branch Connector rules. Returns the new group with its integer id."
        ),
        ztw!("/ipSourceGroups"),
        &[GROUP_NAME, GROUP_IPS, GROUP_DESCRIPTION, EXTRA_FIELDS],
    ),
    write(
        "ztw_delete_ip_source_group",
        Action::Delete,
        "Delete a Cloud & Branch Connector IP source group",
        staged!(
            "Delete an IP source group by its integer id (from ztw_list_ip_source_groups or \
             ztw_list_ip_source_groups_lite). A group still used by a rule cannot be deleted."
        ),
        ztw!("/ipSourceGroups/{group_id}"),
        &[path_int(
            "group_id",
            "Integer id of the IP source group (the `id` field of ztw_list_ip_source_groups).",
        )],
    ),
    // ---------------------------------------------------------------- IP destination groups
    list(
        "ztw_list_ip_destination_groups",
        "List Cloud & Branch Connector IP destination groups",
        "List IP destination groups: named sets of destination addresses, host names, \
         domains, countries or URL categories that Cloud & Branch Connector rules match on, \
         with their members and type. Ids are integers (use them with \
         ztw_delete_ip_destination_group).",
        ztw!("/ipDestinationGroups"),
        &[EXCLUDE_TYPE],
        PAGES,
    ),
    // The Python SDK's list_ip_destination_groups_lite builds the /lite path and then
    // overwrites it with the full-list path; the Go SDK and the other lite lists use
    // /ipDestinationGroups/lite, which is followed here.
    list(
        "ztw_list_ip_destination_groups_lite",
        "List Cloud & Branch Connector IP destination groups (ids and names)",
        "List IP destination groups in the short form (integer id, name and type, without the \
         members): the cheapest way to find a group's id. Use \
         ztw_list_ip_destination_groups for the members.",
        ztw!("/ipDestinationGroups/lite"),
        &[EXCLUDE_TYPE],
        PAGES,
    ),
    write(
        "ztw_create_ip_destination_group",
        Action::Create,
        "Create a Cloud & Branch Connector IP destination group",
        staged!(
            "Create an IP destination group for Cloud & Branch Connector rules. DSTN_IP groups \
             take IP addresses and DSTN_FQDN / DSTN_DOMAIN groups take host or domain names \
             (both in `addresses`); DSTN_OTHER groups take `countries` and/or \
             `ip_categories`. Returns the new group with its integer id."
        ),
        ztw!("/ipDestinationGroups"),
        &[
            body("name", "name", Kind::Str, true, "Name of the new group."),
            body(
                "type",
                "type",
                Kind::Enum(DEST_GROUP_TYPES),
                true,
                "What the group holds: DSTN_IP (IP addresses, CIDRs, ranges), DSTN_FQDN (host \
                 names), DSTN_DOMAIN (wildcard domains such as *.example.com) or DSTN_OTHER \
                 (countries and/or URL categories).",
            ),
            body(
                "addresses",
                "addresses",
                Kind::StrList,
                false,
                "Members of a DSTN_IP, DSTN_FQDN or DSTN_DOMAIN group: IPs, CIDRs, ranges or \
                 names, e.g. [\"203.0.113.0/25\", \"example.com\"].",
            ),
            body(
                "countries",
                "countries",
                Kind::StrList,
                false,
                "Countries of a DSTN_OTHER group, as COUNTRY_ plus the ISO 3166 alpha-2 \
                 code, e.g. [\"COUNTRY_US\", \"COUNTRY_CA\"].",
            ),
            body(
                "ip_categories",
                "ipCategories",
                Kind::StrList,
                false,
                "URL category ids of a DSTN_OTHER group, e.g. [\"CUSTOM_01\"].",
            ),
            GROUP_DESCRIPTION,
            EXTRA_FIELDS,
        ],
    ),
    write(
        "ztw_delete_ip_destination_group",
        Action::Delete,
        "Delete a Cloud & Branch Connector IP destination group",
        staged!(
            "Delete an IP destination group by its integer id (from \
             ztw_list_ip_destination_groups or its lite form). A group still used by a rule \
             cannot be deleted."
        ),
        ztw!("/ipDestinationGroups/{group_id}"),
        &[path_int(
            "group_id",
            "Integer id of the IP destination group (the `id` field of \
             ztw_list_ip_destination_groups).",
        )],
    ),
    // ---------------------------------------------------------------- network services
    list(
        "ztw_list_network_services",
        "List Cloud & Branch Connector network services",
        "List network services (a protocol with source and destination TCP/UDP port ranges, \
         e.g. HTTPS or DNS) that Cloud & Branch Connector rules match on. type is STANDARD, \
         PREDEFINED or CUSTOM. Ids are integers.",
        ztw!("/networkServices"),
        &[
            SEARCH,
            query(
                "protocol",
                "protocol",
                Kind::Enum(&["ICMP", "TCP", "UDP", "GRE", "ESP", "OTHER"]),
                "Only services of this protocol.",
            ),
            query(
                "locale",
                "locale",
                Kind::Str,
                "Language of localized descriptions, e.g. en-US.",
            ),
        ],
        PAGES,
    ),
    list(
        "ztw_list_network_service_groups",
        "List Cloud & Branch Connector network service groups",
        "List network service groups: named collections of network services (see \
         ztw_list_network_services), each with its member services and their ports. Ids are \
         integers.",
        ztw!("/networkServiceGroups"),
        &[SEARCH],
        PAGES,
    ),
    // ---------------------------------------------------------------- public cloud
    list(
        "ztw_list_public_cloud_info",
        "List Cloud & Branch Connector public cloud accounts",
        "List the public cloud accounts (AWS and others) onboarded to Cloud & Branch \
         Connector partner integrations, with account details, regions and permission \
         status. Ids are integers.",
        ztw!("/publicCloudInfo"),
        &[
            SEARCH,
            query(
                "cloud_type",
                "cloudType",
                Kind::Enum(&["AWS", "AZURE", "GCP"]),
                "Only accounts of this cloud provider.",
            ),
        ],
        PAGES,
    ),
    list(
        "ztw_list_public_account_details",
        "List Cloud & Branch Connector public cloud account details",
        "List the details of the public cloud accounts (AWS account or Azure subscription \
         ids and their settings) that Cloud Connectors are provisioned in.",
        ztw!("/publicCloudAccountDetails"),
        &[],
        ACCOUNT_PAGES,
    ),
    list(
        "ztw_get_discovery_settings",
        "Get Cloud & Branch Connector workload discovery settings",
        "Get the tenant-wide workload discovery service settings (the discovery role, \
         external id and related options Cloud & Branch Connector uses to discover tagged \
         workloads in public cloud accounts). Takes no arguments.",
        ztw!("/discoveryService/workloadDiscoverySettings"),
        &[],
        Paging::None,
    ),
];

// ---------------------------------------------------------------------------------------
// Custom hook
// ---------------------------------------------------------------------------------------

/// Lists whose API has no name filter: fetch (every page, or the one asked for) without
/// `search`, then keep the items whose name contains it, case-insensitively.
fn filter_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let needle = ctx
            .plan
            .query
            .iter()
            .find(|(k, _)| k == "search")
            .map(|(_, v)| v.to_lowercase())
            .filter(|s| !s.is_empty());
        let base: Vec<(String, String)> = ctx
            .plan
            .query
            .iter()
            .filter(|(k, _)| k != "search")
            .cloned()
            .collect();
        let keeps = |item: &Value| match &needle {
            None => true,
            Some(n) => item
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| name.to_lowercase().contains(n.as_str())),
        };
        // (first page, page size, one page only); None when the endpoint does not page.
        let paging = match ctx.spec.paging {
            Paging::Pages {
                default_size,
                max_size,
            } => Some(match ctx.plan.paging_u32("page") {
                Some(p) => (
                    p,
                    ctx.plan.paging_u32("page_size").unwrap_or(default_size),
                    true,
                ),
                None => (1, max_size, false),
            }),
            _ => None,
        };
        let max_items = ctx.client.settings().max_items;
        let mut kept = Vec::new();
        let mut note = None;
        let mut page = paging.map_or(1, |(p, _, _)| p);
        loop {
            let mut query = base.clone();
            if let Some((_, size, _)) = paging {
                query.push(("page".to_string(), page.to_string()));
                query.push(("pageSize".to_string(), size.to_string()));
            }
            let resp = ctx
                .client
                .call(
                    ApiRequest {
                        service: ctx.spec.service,
                        method: HttpMethod::Get,
                        path: ctx.path,
                        query: &query,
                        body: None,
                    },
                    ctx.deadline,
                )
                .await?;
            let items = match resp.body {
                Value::Array(items) => items,
                Value::Null => Vec::new(),
                other => vec![other],
            };
            let Some((_, size, single)) = paging else {
                kept.extend(items.into_iter().filter(|i| keeps(i)));
                break;
            };
            let full = !items.is_empty() && items.len() as u32 >= size;
            kept.extend(items.into_iter().filter(|i| keeps(i)));
            if single {
                if full {
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
            if !full {
                break;
            }
            page += 1;
        }
        Ok::<_, ToolError>(ToolOutput {
            value: Value::Array(kept),
            note,
        })
    })
}
