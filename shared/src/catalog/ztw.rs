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

use super::common_hooks::{body_object, filter_by_name};
use super::spec::*;

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

// ---------------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------------

/// A country as the API names it: `COUNTRY_` and the ISO 3166 alpha-2 code. As the official
/// server (zscaler_mcp common/ztw_helpers.py:39-60, pycountry), it also takes the bare alpha-2
/// or alpha-3 code and the country's English name, in any case: the ISO name ("Viet Nam"), its
/// short form before a qualifier ("Iran" for "Iran (Islamic Republic of)") or one of the
/// everyday names in [`EVERYDAY_NAMES`]. pycountry's last resort, a fuzzy search, is not
/// copied: a name that matches no country, or more than one ("Korea"), is refused with the
/// form to use rather than guessed.
fn api_country(given: &str) -> Result<String, String> {
    use isocountry::CountryCode;
    let trimmed = given.trim();
    let found = match trimmed.to_ascii_uppercase().strip_prefix("COUNTRY_") {
        Some(code) => CountryCode::for_alpha2(code).ok(),
        None => CountryCode::for_alpha2_caseless(trimmed)
            .or_else(|_| CountryCode::for_alpha3_caseless(trimmed))
            .ok()
            .or_else(|| country_named(trimmed)),
    };
    match found {
        Some(country) => Ok(format!("COUNTRY_{}", country.alpha2())),
        None => Err(format!(
            "{given:?} is not a country: give an ISO 3166 code (\"US\", \"USA\", \"COUNTRY_US\") \
             or the country's English name"
        )),
    }
}

/// Everyday English names whose ISO 3166 name reads differently, as pycountry's `name` or
/// `common_name` has them (alpha-2 code, name).
const EVERYDAY_NAMES: &[(&str, &str)] = &[
    ("US", "United States"),
    ("GB", "United Kingdom"),
    ("RU", "Russia"),
    ("KR", "South Korea"),
    ("KP", "North Korea"),
    ("VN", "Vietnam"),
    ("LA", "Laos"),
    ("SY", "Syria"),
    ("CZ", "Czech Republic"),
    ("TR", "Turkey"),
];

/// The one country whose name, short name or everyday name is `name` (letters and digits
/// compared, case-insensitively); `None` when none or several match.
fn country_named(name: &str) -> Option<isocountry::CountryCode> {
    let squeeze = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = squeeze(name);
    if wanted.is_empty() {
        return None;
    }
    let everyday = EVERYDAY_NAMES
        .iter()
        .find(|(_, n)| squeeze(n) == wanted)
        .and_then(|(code, _)| isocountry::CountryCode::for_alpha2(code).ok());
    if everyday.is_some() {
        return everyday;
    }
    // The full ISO name first (pycountry's `name`: "Congo" is CG), then the short form.
    let full = |c: &&isocountry::CountryCode| squeeze(c.name()) == wanted;
    let short = |c: &&isocountry::CountryCode| {
        squeeze(c.name().split([',', '(']).next().unwrap_or_default()) == wanted
    };
    only_one(isocountry::CountryCode::iter().filter(full))
        .or_else(|| only_one(isocountry::CountryCode::iter().filter(short)))
}

/// The single item of `items`, or `None` when there are none or several.
fn only_one<'a, T: Copy + 'a>(mut items: impl Iterator<Item = &'a T>) -> Option<T> {
    match (items.next(), items.next()) {
        (Some(one), None) => Some(*one),
        _ => None,
    }
}

/// IP destination group create, with `countries` in the API's spelling.
fn create_ip_destination_group<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut fields = body_object(&ctx);
        if let Some(serde_json::Value::Array(countries)) = fields.get_mut("countries") {
            for c in countries.iter_mut() {
                let code = api_country(c.as_str().unwrap_or_default()).map_err(|problem| {
                    crate::tool::args::ArgError {
                        field: "countries".to_string(),
                        problem,
                    }
                })?;
                *c = code.into();
            }
        }
        let body = serde_json::Value::Object(fields);
        let value = ctx
            .call(HttpMethod::Post, ctx.path, &ctx.plan.query, Some(&body))
            .await?;
        Ok(ToolOutput { value, note: None })
    })
}

pub const TOOLS: &[ToolSpec] = &[
    // ---------------------------------------------------------------- admins and roles
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_admins")
        .title("List Cloud & Branch Connector admins")
        .describe(
            "List the administrator (and optionally auditor) accounts of the Cloud & Branch \
             Connector admin portal, with login name, email, role and whether the account is \
             disabled. Ids are integers. Role ids and names come from ztw_list_roles.",
        )
        .path(ztw!("/adminUsers"))
        .params(&[
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
        ])
        .paged(PAGES),
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_roles")
        .title("List Cloud & Branch Connector admin roles")
        .describe(
            "List the admin roles of Cloud & Branch Connector with their access levels, rank and \
             role type. Ids are integers; use them to understand what the admins from \
             ztw_list_admins may do.",
        )
        .path(ztw!("/adminRoles"))
        .params(&[
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
        ])
        .hook(Hook::Custom(filter_by_name)),
    // ---------------------------------------------------------------- IP groups
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_ip_groups")
        .title("List Cloud & Branch Connector IP groups")
        .describe(
            "List IP groups: named sets of IP addresses used by Cloud & Branch Connector \
             forwarding and traffic rules, with their member addresses. Ids are integers (use \
             them with ztw_delete_ip_group). ztw_list_ip_groups_lite returns only ids and names.",
        )
        .path(ztw!("/ipGroups"))
        .params(&[SEARCH])
        .paged(PAGES),
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_ip_groups_lite")
        .title("List Cloud & Branch Connector IP groups (ids and names)")
        .describe(
            "List IP groups in the short form (integer id and name, no member addresses): the \
             cheapest way to find a group's id. Use ztw_list_ip_groups for the members.",
        )
        .path(ztw!("/ipGroups/lite"))
        .params(&[LOCAL_SEARCH])
        .paged(PAGES)
        .hook(Hook::Custom(filter_by_name)),
    ToolSpec::create(ZTW, TOOLSET, "ztw_create_ip_group")
        .title("Create a Cloud & Branch Connector IP group")
        .describe(staged!(
            "Create an IP group (a named set of IP addresses) for use in Cloud & Branch \
                 Connector rules. Returns the new group with its integer id."
        ))
        .path(ztw!("/ipGroups"))
        .params(&[GROUP_NAME, GROUP_IPS, GROUP_DESCRIPTION, EXTRA_FIELDS]),
    ToolSpec::delete(ZTW, TOOLSET, "ztw_delete_ip_group")
        .title("Delete a Cloud & Branch Connector IP group")
        .describe(staged!(
            "Delete an IP group by its integer id (from ztw_list_ip_groups or \
                 ztw_list_ip_groups_lite). A group still used by a rule cannot be deleted."
        ))
        .path(ztw!("/ipGroups/{group_id}"))
        .params(&[path_int(
            "group_id",
            "Integer id of the IP group (the `id` field of ztw_list_ip_groups).",
        )]),
    // ---------------------------------------------------------------- IP source groups
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_ip_source_groups")
        .title("List Cloud & Branch Connector IP source groups")
        .describe(
            "List IP source groups: named sets of source IP addresses that Cloud & Branch \
             Connector rules match traffic on, with their member addresses. Ids are integers \
             (use them with ztw_delete_ip_source_group).",
        )
        .path(ztw!("/ipSourceGroups"))
        .params(&[SEARCH])
        .paged(PAGES),
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_ip_source_groups_lite")
        .title("List Cloud & Branch Connector IP source groups (ids and names)")
        .describe(
            "List IP source groups in the short form (integer id and name, no addresses): the \
             cheapest way to find a group's id. Use ztw_list_ip_source_groups for the members.",
        )
        .path(ztw!("/ipSourceGroups/lite"))
        .params(&[LOCAL_SEARCH])
        .paged(PAGES)
        .hook(Hook::Custom(filter_by_name)),
    ToolSpec::create(ZTW, TOOLSET, "ztw_create_ip_source_group")
        .title("Create a Cloud & Branch Connector IP source group")
        .describe(staged!(
            "Create an IP source group (a named set of source IP addresses) for use in Cloud \
                 & Branch Connector rules. Returns the new group with its integer id."
        ))
        .path(ztw!("/ipSourceGroups"))
        .params(&[GROUP_NAME, GROUP_IPS, GROUP_DESCRIPTION, EXTRA_FIELDS]),
    ToolSpec::delete(ZTW, TOOLSET, "ztw_delete_ip_source_group")
        .title("Delete a Cloud & Branch Connector IP source group")
        .describe(staged!(
            "Delete an IP source group by its integer id (from ztw_list_ip_source_groups or \
                 ztw_list_ip_source_groups_lite). A group still used by a rule cannot be deleted."
        ))
        .path(ztw!("/ipSourceGroups/{group_id}"))
        .params(&[path_int(
            "group_id",
            "Integer id of the IP source group (the `id` field of ztw_list_ip_source_groups).",
        )]),
    // ---------------------------------------------------------------- IP destination groups
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_ip_destination_groups")
        .title("List Cloud & Branch Connector IP destination groups")
        .describe(
            "List IP destination groups: named sets of destination addresses, host names, \
             domains, countries or URL categories that Cloud & Branch Connector rules match on, \
             with their members and type. Ids are integers (use them with \
             ztw_delete_ip_destination_group).",
        )
        .path(ztw!("/ipDestinationGroups"))
        .params(&[EXCLUDE_TYPE])
        .paged(PAGES),
    // The Python SDK's list_ip_destination_groups_lite builds the /lite path and then
    // overwrites it with the full-list path; the Go SDK and the other lite lists use
    // /ipDestinationGroups/lite, which is followed here.
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_ip_destination_groups_lite")
        .title("List Cloud & Branch Connector IP destination groups (ids and names)")
        .describe(
            "List IP destination groups in the short form (integer id, name and type, without the \
             members): the cheapest way to find a group's id. Use \
             ztw_list_ip_destination_groups for the members.",
        )
        .path(ztw!("/ipDestinationGroups/lite"))
        .params(&[EXCLUDE_TYPE])
        .paged(PAGES),
    ToolSpec::create(ZTW, TOOLSET, "ztw_create_ip_destination_group")
        .title("Create a Cloud & Branch Connector IP destination group")
        .describe(staged!(
            "Create an IP destination group for Cloud & Branch Connector rules. DSTN_IP groups \
                 take IP addresses and DSTN_FQDN / DSTN_DOMAIN groups take host or domain names \
                 (both in `addresses`); DSTN_OTHER groups take `countries` and/or \
                 `ip_categories`. Returns the new group with its integer id."
        ))
        .path(ztw!("/ipDestinationGroups"))
        .params(&[
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
                "Countries of a DSTN_OTHER group: ISO 3166 codes (\"US\", \"USA\", \
                 \"COUNTRY_US\") or English names (\"Canada\").",
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
        ])
        .hook(Hook::Custom(create_ip_destination_group)),
    ToolSpec::delete(ZTW, TOOLSET, "ztw_delete_ip_destination_group")
        .title("Delete a Cloud & Branch Connector IP destination group")
        .describe(staged!(
            "Delete an IP destination group by its integer id (from \
                 ztw_list_ip_destination_groups or its lite form). A group still used by a rule \
                 cannot be deleted."
        ))
        .path(ztw!("/ipDestinationGroups/{group_id}"))
        .params(&[path_int(
            "group_id",
            "Integer id of the IP destination group (the `id` field of \
             ztw_list_ip_destination_groups).",
        )]),
    // ---------------------------------------------------------------- network services
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_network_services")
        .title("List Cloud & Branch Connector network services")
        .describe(
            "List network services (a protocol with source and destination TCP/UDP port ranges, \
             e.g. HTTPS or DNS) that Cloud & Branch Connector rules match on. type is STANDARD, \
             PREDEFINED or CUSTOM. Ids are integers.",
        )
        .path(ztw!("/networkServices"))
        .params(&[
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
        ])
        .paged(PAGES),
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_network_service_groups")
        .title("List Cloud & Branch Connector network service groups")
        .describe(
            "List network service groups: named collections of network services (see \
             ztw_list_network_services), each with its member services and their ports. Ids are \
             integers.",
        )
        .path(ztw!("/networkServiceGroups"))
        .params(&[SEARCH])
        .paged(PAGES),
    // ---------------------------------------------------------------- public cloud
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_public_cloud_info")
        .title("List Cloud & Branch Connector public cloud accounts")
        .describe(
            "List the public cloud accounts (AWS and others) onboarded to Cloud & Branch \
             Connector partner integrations, with account details, regions and permission \
             status. Ids are integers.",
        )
        .path(ztw!("/publicCloudInfo"))
        .params(&[
            SEARCH,
            query(
                "cloud_type",
                "cloudType",
                Kind::Enum(&["AWS", "AZURE", "GCP"]),
                "Only accounts of this cloud provider.",
            ),
        ])
        .paged(PAGES),
    ToolSpec::read(ZTW, TOOLSET, "ztw_list_public_account_details")
        .title("List Cloud & Branch Connector public cloud account details")
        .describe(
            "List the details of the public cloud accounts (AWS account or Azure subscription \
             ids and their settings) that Cloud Connectors are provisioned in.",
        )
        .path(ztw!("/publicCloudAccountDetails"))
        .paged(ACCOUNT_PAGES),
    ToolSpec::read(ZTW, TOOLSET, "ztw_get_discovery_settings")
        .title("Get Cloud & Branch Connector workload discovery settings")
        .describe(
            "Get the tenant-wide workload discovery service settings (the discovery role, \
             external id and related options Cloud & Branch Connector uses to discover tagged \
             workloads in public cloud accounts). Takes no arguments.",
        )
        .path(ztw!("/discoveryService/workloadDiscoverySettings")),
];

#[cfg(test)]
mod tests {
    use super::api_country;

    #[test]
    fn countries_take_the_api_spelling() {
        assert_eq!(api_country("us").unwrap(), "COUNTRY_US");
        assert_eq!(api_country(" COUNTRY_ca ").unwrap(), "COUNTRY_CA");
        // The official server's documented examples (ztw_helpers.py:29-34, :72).
        assert_eq!(api_country("Canada").unwrap(), "COUNTRY_CA");
        assert_eq!(api_country("CA").unwrap(), "COUNTRY_CA");
        assert_eq!(api_country("COUNTRY_GB").unwrap(), "COUNTRY_GB");
        // Alpha-3, multi-word, short and everyday names, any case.
        assert_eq!(api_country("deu").unwrap(), "COUNTRY_DE");
        assert_eq!(api_country("new zealand").unwrap(), "COUNTRY_NZ");
        assert_eq!(api_country("Viet Nam").unwrap(), "COUNTRY_VN");
        assert_eq!(api_country("iran").unwrap(), "COUNTRY_IR");
        assert_eq!(api_country("Bolivia").unwrap(), "COUNTRY_BO");
        assert_eq!(api_country("Russia").unwrap(), "COUNTRY_RU");
        assert_eq!(api_country("United States").unwrap(), "COUNTRY_US");
        assert_eq!(api_country("united kingdom").unwrap(), "COUNTRY_GB");
        // "Congo" is the ISO name of CG; "Korea" is two countries: refused, not guessed.
        assert_eq!(api_country("Congo").unwrap(), "COUNTRY_CG");
        assert!(api_country("Korea").is_err());
        // No such country: refused, never guessed.
        assert!(api_country("COUNTRY_USA").unwrap_err().contains("ISO 3166"));
        assert!(api_country("COUNTRY_ZZ").is_err());
        assert!(api_country("ZZ").is_err());
        assert!(api_country("Atlantis").is_err());
        assert!(api_country("").is_err());
    }
}
