//! ZPA tools (`/zpa/mgmtconfig/v1/admin/customers/{customerId}`). Ids and most numbers are
//! strings on the wire.

use super::spec::*;

macro_rules! zpa_v1 {
    ($p:literal) => {
        concat!("/zpa/mgmtconfig/v1/admin/customers/{customerId}", $p)
    };
}

const ZPA: Service = Service::Zpa;

const SEARCH: Param = zpa_search(
    "Filter by exact name, or pass a ZPA filter such as `name+CONTAINS+web` \
     (operators EQ, NE, CONTAINS, STARTSWITH, ENDSWITH).",
);

const fn id(name: &'static str, description: &'static str) -> Param {
    path_str(name, description)
}

pub const TOOLS: &[ToolSpec] = &[
    read(
        "zpa_list_application_segments",
        ZPA,
        "zpa_app_segments",
        "List ZPA application segments",
        "List application segments: the domains and ports ZPA publishes, with their segment \
         group and server groups.",
        zpa_v1!("/application"),
        &[SEARCH],
        Paging::ZpaPages,
    ),
    read(
        "zpa_get_application_segment",
        ZPA,
        "zpa_app_segments",
        "Get a ZPA application segment",
        "Get one application segment by id.",
        zpa_v1!("/application/{segment_id}"),
        &[id(
            "segment_id",
            "Application segment id (a numeric string).",
        )],
        Paging::None,
    ),
    read(
        "zpa_list_segment_groups",
        ZPA,
        "zpa_segment_groups",
        "List ZPA segment groups",
        "List segment groups and the application segments in each.",
        zpa_v1!("/segmentGroup"),
        &[SEARCH],
        Paging::ZpaPages,
    ),
    read(
        "zpa_get_segment_group",
        ZPA,
        "zpa_segment_groups",
        "Get a ZPA segment group",
        "Get one segment group by id.",
        zpa_v1!("/segmentGroup/{group_id}"),
        &[id("group_id", "Segment group id (a numeric string).")],
        Paging::None,
    ),
    read(
        "zpa_list_server_groups",
        ZPA,
        "zpa_server_groups",
        "List ZPA server groups",
        "List server groups with their app connector groups and servers.",
        zpa_v1!("/serverGroup"),
        &[SEARCH],
        Paging::ZpaPages,
    ),
    read(
        "zpa_get_server_group",
        ZPA,
        "zpa_server_groups",
        "Get a ZPA server group",
        "Get one server group by id.",
        zpa_v1!("/serverGroup/{group_id}"),
        &[id("group_id", "Server group id (a numeric string).")],
        Paging::None,
    ),
    read(
        "zpa_list_app_connector_groups",
        ZPA,
        "zpa_app_connector_groups",
        "List ZPA app connector groups",
        "List app connector groups with location, upgrade window and member connectors.",
        zpa_v1!("/appConnectorGroup"),
        &[SEARCH],
        Paging::ZpaPages,
    ),
    read(
        "zpa_get_app_connector_group",
        ZPA,
        "zpa_app_connector_groups",
        "Get a ZPA app connector group",
        "Get one app connector group by id.",
        zpa_v1!("/appConnectorGroup/{group_id}"),
        &[id("group_id", "App connector group id (a numeric string).")],
        Paging::None,
    ),
    read(
        "zpa_list_access_policy_rules",
        ZPA,
        "zpa_access_policies",
        "List ZPA access policy rules",
        "List access policy rules in evaluation order, with conditions and action \
         (ALLOW or DENY).",
        zpa_v1!("/policySet/rules/policyType/ACCESS_POLICY"),
        &[SEARCH],
        Paging::ZpaPages,
    ),
    ToolSpec {
        hook: Hook::ZpaPolicySet("ACCESS_POLICY"),
        ..read(
            "zpa_get_access_policy_rule",
            ZPA,
            "zpa_access_policies",
            "Get a ZPA access policy rule",
            "Get one access policy rule by id (the access policy set is resolved for you).",
            zpa_v1!("/policySet/{policySetId}/rule/{rule_id}"),
            &[id("rule_id", "Access policy rule id (a numeric string).")],
            Paging::None,
        )
    },
];
