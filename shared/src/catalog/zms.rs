//! ZMS (Zscaler Microsegmentation) tools: every tool is a read against the GraphQL
//! endpoint `POST /zms/graphql`, scoped by the tenant id `ZSCALER_CUSTOMER_ID`, which goes
//! into the `customerId` variable (not the path).
//!
//! The specs stay data: each parameter is a GraphQL variable (`Place::Body(<variable>)`;
//! a dotted name such as `filter.name.contains` builds the nested input object), and the
//! operation each tool runs is in `OPERATIONS`, keyed by tool name. One custom hook,
//! `graphql`, builds `{query, variables, operationName}`, unwraps `data.<field>`, turns
//! GraphQL `errors` into a tool error and, for connection results (`{nodes, pageInfo}`),
//! walks the pages itself unless a `page` is asked for.
//!
//! UNVERIFIED shapes: the operations, variables and selected fields follow the official
//! Python SDK (`zscaler/zscaler-sdk-python`, `zscaler/zms/*.py` and
//! `zscaler/zms/models/inputs.py` for the filter inputs); the arguments follow Zscaler's
//! Python MCP server (`zscaler/zscaler-mcp-server`, `src/zscaler_mcp/tools/zms/*.py`).

use serde_json::{json, Map, Value};

use super::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::{ApiRequest, UpstreamError};

const ZMS: Service = Service::Zms;
const TOOLSET: &str = "zms";
const GRAPHQL: &str = "/zms/graphql";

/// Page number variable, page size variable (the API defaults to 20 per page).
const PAGES: Paging = Paging::Pages {
    default_size: 20,
    max_size: 100,
};

const fn gql(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    params: &'static [Param],
    paging: Paging,
) -> ToolSpec {
    ToolSpec {
        name,
        service: ZMS,
        toolset: TOOLSET,
        action: Action::Read,
        title,
        description,
        method: HttpMethod::Post,
        path: GRAPHQL,
        params,
        paging,
        hook: Hook::Custom(graphql),
        untrusted_content: false,
    }
}

const fn var(
    name: &'static str,
    wire: &'static str,
    kind: Kind,
    description: &'static str,
) -> Param {
    body(name, wire, kind, false, description)
}

const fn required_var(name: &'static str, wire: &'static str, description: &'static str) -> Param {
    body(name, wire, Kind::Str, true, description)
}

const SORT_DIRECTION: Kind = Kind::Enum(&["ASC", "DESC"]);

const SEARCH: Param = var(
    "search",
    "search",
    Kind::Str,
    "Only items matching this text (the API's free-text search).",
);
const SORT: Param = var("sort", "sort", Kind::Str, "Field to sort by, e.g. name.");
const SORT_DIR: Param = var("sort_dir", "sortDir", SORT_DIRECTION, "Sort direction.");
const NAME_CONTAINS: Param = var(
    "name",
    "filter.name.contains",
    Kind::Str,
    "Only items whose name contains this text.",
);
const SORT_ORDER: Param = var(
    "sort_order",
    "orderBy.name",
    SORT_DIRECTION,
    "Sort by name in this direction.",
);

/// The GraphQL operation of a tool: operation name, result field under `data`, the page
/// number variable (`page` or `pageNum`) for paged ones, and the document.
struct Operation {
    tool: &'static str,
    name: &'static str,
    field: &'static str,
    page_var: Option<&'static str>,
    document: &'static str,
}

/// `pageInfo` selection shared by connection results.
macro_rules! page_info {
    () => {
        " pageInfo { pageNumber pageSize totalCount totalPages }"
    };
}

const OPERATIONS: &[Operation] = &[
    Operation {
        tool: "zms_list_agents",
        name: "ListAgents",
        field: "agents",
        page_var: Some("page"),
        document: concat!(
            "query ListAgents($customerId: ID!, $page: Int, $pageSize: Int, $search: String, ",
            "$sort: String, $sortDir: SortDirection) { agents(customerId: $customerId, ",
            "page: $page, pageSize: $pageSize, search: $search, sort: $sort, sortDir: $sortDir) ",
            "{ nodes { name eyezId connectionStatus agentType hostOs currentSoftwareVersion ",
            "upgradeStatus description cloudProvider publicIp privateIps adminStatus ",
            "agentGroupName agentGroupType }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_get_agent_connection_status_statistics",
        name: "AgentConnectionStatusStats",
        field: "agentConnectionStatusStatistics",
        page_var: None,
        document: concat!(
            "query AgentConnectionStatusStats($customerId: ID!, $search: String) { ",
            "agentConnectionStatusStatistics(customerId: $customerId, search: $search) { ",
            "totalCount totalPercentage agentStatuses { agentType connectionStatus count ",
            "percentage } } }"
        ),
    },
    Operation {
        tool: "zms_get_agent_version_statistics",
        name: "AgentVersionStats",
        field: "agentVersionStatistics",
        page_var: None,
        document: concat!(
            "query AgentVersionStats($customerId: ID!, $search: String) { ",
            "agentVersionStatistics(customerId: $customerId, search: $search) { totalCount ",
            "totalPercentage agentVersions { agentType version count percentage } } }"
        ),
    },
    Operation {
        tool: "zms_list_agent_groups",
        name: "ListAgentGroups",
        field: "agentGroups",
        page_var: Some("page"),
        document: concat!(
            "query ListAgentGroups($customerId: ID!, $page: Int, $pageSize: Int, ",
            "$search: String, $sort: String, $sortDir: SortDirection) { ",
            "agentGroups(customerId: $customerId, page: $page, pageSize: $pageSize, ",
            "search: $search, sort: $sort, sortDir: $sortDir) { nodes { name eyezId ",
            "agentGroupType cloudProvider adminStatus agentCount description policyStatus ",
            "upgradeStatus tamperProtectionStatus agentAutoUpgrade ",
            "agentDeletionTimeoutSeconds timezone upgradeDay upgradeTime versionProfileName }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_get_agent_group_totp_secrets",
        name: "GetAgentGroupTotpSecrets",
        field: "agentGroupTotpSecrets",
        page_var: None,
        document: concat!(
            "query GetAgentGroupTotpSecrets($customerId: ID!, $eyezId: String!) { ",
            "agentGroupTotpSecrets(customerId: $customerId, eyezId: $eyezId) { eyezId ",
            "totpSecret totpQrCode totpGenerationTimestamp } }"
        ),
    },
    Operation {
        tool: "zms_list_nonces",
        name: "ListNonces",
        field: "nonces",
        page_var: Some("page"),
        document: concat!(
            "query ListNonces($customerId: ID!, $page: Int, $pageSize: Int, $search: String, ",
            "$sort: String, $sortDir: SortDirection) { nonces(customerId: $customerId, ",
            "page: $page, pageSize: $pageSize, search: $search, sort: $sort, sortDir: $sortDir) ",
            "{ nodes { eyezId name key maxUsage usageCount agentGroupEyezId agentGroupName ",
            "agentGroupType product creationTime modifiedTime }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_get_nonce",
        name: "GetNonce",
        field: "nonce",
        page_var: None,
        document: concat!(
            "query GetNonce($customerId: ID!, $eyezId: String!) { nonce(customerId: ",
            "$customerId, eyezId: $eyezId) { nonce { eyezId name key maxUsage usageCount ",
            "agentGroupEyezId agentGroupName agentGroupType product creationTime ",
            "modifiedTime } } }"
        ),
    },
    Operation {
        tool: "zms_list_resources",
        name: "ListResources",
        field: "resources",
        page_var: Some("pageNum"),
        document: concat!(
            "query ListResources($customerId: ID!, $pageNum: Int, $pageSize: Int, ",
            "$includeDeleted: Boolean, $filter: ResourceQueryFilter, ",
            "$orderBy: ResourceQueryOrderBy) { resources(customerId: $customerId, ",
            "pageNum: $pageNum, pageSize: $pageSize, includeDeleted: $includeDeleted, ",
            "filter: $filter, orderBy: $orderBy) { nodes { id name resourceType status ",
            "cloudProvider cloudRegion resourceHostname platformOs platformOsDistro ",
            "platformOsVersion localIps deleted modifiedTime agentId appZoneIds appZoneNames ",
            "appZoneMappingState }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_get_resource_protection_status",
        name: "ResourceProtectionStatus",
        field: "resourceProtectionStatus",
        page_var: None,
        document: concat!(
            "query ResourceProtectionStatus($customerId: ID!, $pageNum: Int, $pageSize: Int) ",
            "{ resourceProtectionStatus(customerId: $customerId, pageNum: $pageNum, ",
            "pageSize: $pageSize) { nodes { protectedPercentage protectedResourcesCount ",
            "unprotectedResourcesCount totalResources }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_get_metadata",
        name: "GetMetadata",
        field: "metadata",
        page_var: None,
        // The SDK declares this variable `String!`, unlike the other operations.
        document: "query GetMetadata($customerId: String!) { metadata(customerId: $customerId) }",
    },
    Operation {
        tool: "zms_list_resource_groups",
        name: "ListResourceGroups",
        field: "resourceGroups",
        page_var: Some("pageNum"),
        document: concat!(
            "query ListResourceGroups($customerId: ID!, $pageNum: Int, $pageSize: Int, ",
            "$filter: ResourceGroupsFilter) { resourceGroups(customerId: $customerId, ",
            "pageNum: $pageNum, pageSize: $pageSize, filter: $filter) { nodes { ",
            "... on ManagedResourceGroup { id name description type origin ",
            "resourceMemberCount modifiedTime } ... on UnmanagedResourceGroup { id name ",
            "description type origin resourceMemberCount modifiedTime cidrs fqdns } }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_get_resource_group_members",
        name: "GetResourceGroupMembers",
        field: "resourceGroupMembers",
        page_var: Some("pageNum"),
        document: concat!(
            "query GetResourceGroupMembers($customerId: ID!, $id: String!, $pageNum: Int, ",
            "$pageSize: Int) { resourceGroupMembers(customerId: $customerId, id: $id, ",
            "pageNum: $pageNum, pageSize: $pageSize) { nodes { id name resourceType status ",
            "cloudProvider cloudRegion resourceHostname platformOs }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_get_resource_group_protection_status",
        name: "ResourceGroupProtectionStatus",
        field: "resourceGroupProtectionStatus",
        page_var: None,
        document: concat!(
            "query ResourceGroupProtectionStatus($customerId: ID!, $pageNum: Int, ",
            "$pageSize: Int) { resourceGroupProtectionStatus(customerId: $customerId, ",
            "pageNum: $pageNum, pageSize: $pageSize) { nodes { protectedPercentage ",
            "protectedResourceGroupsCount unprotectedResourceGroupsCount ",
            "totalResourceGroups }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_list_policy_rules",
        name: "ListPolicyRules",
        field: "policyRules",
        page_var: Some("pageNum"),
        document: concat!(
            "query ListPolicyRules($customerId: ID!, $pageNum: Int, $pageSize: Int, ",
            "$fetchAll: Boolean, $filter: PolicyRuleFilter) { policyRules(customerId: ",
            "$customerId, pageNum: $pageNum, pageSize: $pageSize, fetchAll: $fetchAll, ",
            "filter: $filter) { nodes { id name action priority description deleted ",
            "sourceTargetType destinationTargetType appZoneScopeTargetType creationTime ",
            "modifiedTime lastHit portAndProtocols { protocol portRanges { startPort ",
            "endPort } } }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_list_default_policy_rules",
        name: "ListDefaultPolicyRules",
        field: "defaultPolicyRules",
        page_var: Some("pageNum"),
        document: concat!(
            "query ListDefaultPolicyRules($customerId: ID!, $pageNum: Int, $pageSize: Int) { ",
            "defaultPolicyRules(customerId: $customerId, pageNum: $pageNum, pageSize: ",
            "$pageSize) { nodes { id name action direction description scopeType ",
            "modifiedTime }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_list_app_zones",
        name: "ListAppZones",
        field: "appZones",
        page_var: Some("pageNum"),
        document: concat!(
            "query ListAppZones($customerId: ID!, $pageNum: Int, $pageSize: Int, ",
            "$filter: AppZoneFilter, $orderBy: AppZoneQueryOrderBy) { appZones(customerId: ",
            "$customerId, pageNum: $pageNum, pageSize: $pageSize, filter: $filter, orderBy: ",
            "$orderBy) { nodes { id appZoneName description memberCount includeAllVpcs ",
            "includeAllSubnets }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_list_app_catalog",
        name: "ListAppCatalog",
        field: "appCatalog",
        page_var: Some("pageNum"),
        document: concat!(
            "query ListAppCatalog($customerId: ID!, $pageNum: Int, $pageSize: Int, ",
            "$filter: AppCatalogQueryFilter, $orderBy: AppCatalogQueryOrderBy) { ",
            "appCatalog(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize, ",
            "filter: $filter, orderBy: $orderBy) { nodes { id name category creationTime ",
            "modifiedTime details { portAndProtocol { protocol portRanges { startPort ",
            "endPort } } processes } }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_list_tag_namespaces",
        name: "ListTagNamespaces",
        field: "tagNamespaces",
        page_var: Some("pageNum"),
        document: concat!(
            "query ListTagNamespaces($customerId: ID!, $pageNum: Int, $pageSize: Int, ",
            "$filter: NamespaceFilter, $orderBy: NamespaceQueryOrderBy) { tagNamespaces(",
            "customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize, filter: ",
            "$filter, orderBy: $orderBy) { nodes { id name description origin }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_list_tag_keys",
        name: "ListTagKeys",
        field: "tagKeys",
        page_var: Some("pageNum"),
        document: concat!(
            "query ListTagKeys($customerId: ID!, $namespaceId: String!, $pageNum: Int, ",
            "$pageSize: Int, $filter: TagKeyFilter, $orderBy: TagKeyQueryOrderBy) { ",
            "tagKeys(customerId: $customerId, namespaceId: $namespaceId, pageNum: ",
            "$pageNum, pageSize: $pageSize, filter: $filter, orderBy: $orderBy) { nodes { ",
            "id name description }",
            page_info!(),
            " } }"
        ),
    },
    Operation {
        tool: "zms_list_tag_values",
        name: "ListTagValues",
        field: "tagValues",
        page_var: Some("pageNum"),
        document: concat!(
            "query ListTagValues($customerId: ID!, $tagId: String!, $namespaceOrigin: ",
            "NamespaceOrigin!, $pageNum: Int, $pageSize: Int, $filter: TagValueFilter, ",
            "$orderBy: TagValueQueryOrderBy) { tagValues(customerId: $customerId, tagId: ",
            "$tagId, namespaceOrigin: $namespaceOrigin, pageNum: $pageNum, pageSize: ",
            "$pageSize, filter: $filter, orderBy: $orderBy) { nodes { id name }",
            page_info!(),
            " } }"
        ),
    },
];

// ---------------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------------

pub const TOOLS: &[ToolSpec] = &[
    // Agents ------------------------------------------------------------------------------
    gql(
        "zms_list_agents",
        "List ZMS agents",
        "List the microsegmentation agents installed on workloads: name, eyez id, \
         connection and admin status, type, host OS, software version, cloud, IPs and agent \
         group. Fetches every page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        &[SEARCH, SORT, SORT_DIR],
        PAGES,
    ),
    gql(
        "zms_get_agent_connection_status_statistics",
        "Get ZMS agent connection statistics",
        "Get how many ZMS agents are in each connection status (counts and percentages per \
         agent type). Needs ZSCALER_CUSTOMER_ID.",
        &[SEARCH],
        Paging::None,
    ),
    gql(
        "zms_get_agent_version_statistics",
        "Get ZMS agent version statistics",
        "Get how many ZMS agents run each software version (counts and percentages per agent \
         type), e.g. to find agents needing an upgrade. Needs ZSCALER_CUSTOMER_ID.",
        &[SEARCH],
        Paging::None,
    ),
    // Agent groups ------------------------------------------------------------------------
    gql(
        "zms_list_agent_groups",
        "List ZMS agent groups",
        "List ZMS agent groups with their type, cloud, agent count, policy, upgrade and \
         tamper-protection settings. Use a group's `eyezId` with \
         zms_get_agent_group_totp_secrets. Fetches every page unless `page` is given. Needs \
         ZSCALER_CUSTOMER_ID.",
        &[SEARCH, SORT, SORT_DIR],
        PAGES,
    ),
    gql(
        "zms_get_agent_group_totp_secrets",
        "Get ZMS agent group TOTP secrets",
        "Get the TOTP secret (and QR code) of one agent group, used when enrolling or \
         unlocking agents. The result is a credential: show it only to someone who asked for \
         it. Needs ZSCALER_CUSTOMER_ID.",
        &[required_var(
            "eyez_id",
            "eyezId",
            "The agent group's eyez id (the `eyezId` of zms_list_agent_groups).",
        )],
        Paging::None,
    ),
    // Nonces (provisioning keys) ----------------------------------------------------------
    gql(
        "zms_list_nonces",
        "List ZMS provisioning keys",
        "List ZMS nonces (agent provisioning keys): name, key, usage against the maximum, and \
         the agent group they enroll into. Fetches every page unless `page` is given. Needs \
         ZSCALER_CUSTOMER_ID.",
        &[SEARCH, SORT, SORT_DIR],
        PAGES,
    ),
    gql(
        "zms_get_nonce",
        "Get a ZMS provisioning key",
        "Get one ZMS nonce (agent provisioning key) by its eyez id. Needs \
         ZSCALER_CUSTOMER_ID.",
        &[required_var(
            "eyez_id",
            "eyezId",
            "The nonce's eyez id (the `eyezId` of zms_list_nonces).",
        )],
        Paging::None,
    ),
    // Resources ---------------------------------------------------------------------------
    gql(
        "zms_list_resources",
        "List ZMS resources",
        "List the workloads (virtual machines, containers, bare metal) ZMS manages: type, \
         status, cloud and region, hostname, OS, IPs, agent and app zones. Fetches every page \
         unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        &[
            var(
                "include_deleted",
                "includeDeleted",
                Kind::Bool,
                "true to include deleted resources.",
            ),
            NAME_CONTAINS,
            var(
                "status",
                "filter.status.equals",
                Kind::Str,
                "Only resources in exactly this status.",
            ),
            var(
                "resource_type",
                "filter.resourceType.equals",
                Kind::Str,
                "Only this type, e.g. VIRTUAL_MACHINE, CONTAINER, BARE_METAL.",
            ),
            var(
                "cloud_provider",
                "filter.cloudProvider.equals",
                Kind::Str,
                "Only this cloud, e.g. AWS, AZURE, GCP, ON_PREMISES.",
            ),
            var(
                "cloud_region",
                "filter.cloudRegion.contains",
                Kind::Str,
                "Only regions containing this text.",
            ),
            var(
                "platform_os",
                "filter.platformOs.contains",
                Kind::Str,
                "Only this OS, e.g. LINUX, WINDOWS (substring match).",
            ),
            SORT_ORDER,
        ],
        PAGES,
    ),
    gql(
        "zms_get_resource_protection_status",
        "Get ZMS resource protection status",
        "Get microsegmentation coverage of workloads: protected and unprotected resource \
         counts and the protected percentage. Needs ZSCALER_CUSTOMER_ID.",
        &[],
        Paging::None,
    ),
    gql(
        "zms_get_metadata",
        "Get ZMS event metadata",
        "Get the metadata of the resource-level events available in the ZMS deployment. Needs \
         ZSCALER_CUSTOMER_ID.",
        &[],
        Paging::None,
    ),
    // Resource groups ---------------------------------------------------------------------
    gql(
        "zms_list_resource_groups",
        "List ZMS resource groups",
        "List ZMS resource groups, managed and unmanaged (unmanaged ones carry CIDRs and \
         FQDNs), with their member counts. Use an `id` with zms_get_resource_group_members. \
         Fetches every page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        &[
            NAME_CONTAINS,
            var(
                "resource_hostname",
                "filter.resourceHostname.contains",
                Kind::Str,
                "Only groups holding a resource whose hostname contains this text.",
            ),
        ],
        PAGES,
    ),
    gql(
        "zms_get_resource_group_members",
        "List a ZMS resource group's members",
        "List the resources (workloads) in one resource group. Get the group id from \
         zms_list_resource_groups. Fetches every page unless `page` is given. Needs \
         ZSCALER_CUSTOMER_ID.",
        &[required_var(
            "group_id",
            "id",
            "Resource group id (the `id` of zms_list_resource_groups).",
        )],
        PAGES,
    ),
    gql(
        "zms_get_resource_group_protection_status",
        "Get ZMS resource group protection status",
        "Get microsegmentation coverage of resource groups: protected and unprotected group \
         counts and the protected percentage. Needs ZSCALER_CUSTOMER_ID.",
        &[],
        Paging::None,
    ),
    // Policy ------------------------------------------------------------------------------
    gql(
        "zms_list_policy_rules",
        "List ZMS policy rules",
        "List the custom microsegmentation policy rules: action (ALLOW/BLOCK), priority, \
         source and destination target types, ports and protocols, last hit. Fetches every \
         page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        &[
            NAME_CONTAINS,
            var(
                "action",
                "filter.action.equals",
                Kind::Enum(&["ALLOW", "BLOCK"]),
                "Only rules with this action.",
            ),
            var(
                "fetch_all",
                "fetchAll",
                Kind::Bool,
                "true to have the API return every rule in one response, ignoring paging.",
            ),
        ],
        PAGES,
    ),
    gql(
        "zms_list_default_policy_rules",
        "List ZMS default policy rules",
        "List the built-in default policy rules applied when no custom rule matches (action, \
         direction, scope). Fetches every page unless `page` is given. Needs \
         ZSCALER_CUSTOMER_ID.",
        &[],
        PAGES,
    ),
    // Applications ------------------------------------------------------------------------
    gql(
        "zms_list_app_zones",
        "List ZMS app zones",
        "List ZMS app zones (groupings of workloads by application) with member counts and \
         VPC/subnet scope. Fetches every page unless `page` is given. Needs \
         ZSCALER_CUSTOMER_ID.",
        &[
            var(
                "name",
                "filter.appZoneName.contains",
                Kind::Str,
                "Only app zones whose name contains this text.",
            ),
            var(
                "sort_order",
                "orderBy.appZoneName",
                SORT_DIRECTION,
                "Sort by app zone name in this direction.",
            ),
        ],
        PAGES,
    ),
    gql(
        "zms_list_app_catalog",
        "List the ZMS app catalog",
        "List the applications ZMS recognises: name, category, ports and protocols, and \
         process names. Fetches every page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        &[
            NAME_CONTAINS,
            var(
                "category",
                "filter.category.contains",
                Kind::Str,
                "Only applications whose category contains this text.",
            ),
            SORT_ORDER,
        ],
        PAGES,
    ),
    // Tags --------------------------------------------------------------------------------
    gql(
        "zms_list_tag_namespaces",
        "List ZMS tag namespaces",
        "List ZMS tag namespaces, the top of the tag hierarchy (namespace, key, value). Use \
         an `id` with zms_list_tag_keys. Fetches every page unless `page` is given. Needs \
         ZSCALER_CUSTOMER_ID.",
        &[
            NAME_CONTAINS,
            var(
                "origin",
                "filter.origin.equals",
                Kind::Enum(&["CUSTOM", "EXTERNAL", "ML", "UNKNOWN"]),
                "Only namespaces of this origin.",
            ),
            SORT_ORDER,
        ],
        PAGES,
    ),
    gql(
        "zms_list_tag_keys",
        "List ZMS tag keys",
        "List the tag keys of one namespace. Get the namespace id from \
         zms_list_tag_namespaces; use a key's `id` as tag_id with zms_list_tag_values. \
         Fetches every page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        &[
            required_var(
                "namespace_id",
                "namespaceId",
                "Tag namespace id (the `id` of zms_list_tag_namespaces).",
            ),
            var(
                "key_name",
                "filter.keyName.contains",
                Kind::Str,
                "Only keys whose name contains this text.",
            ),
            SORT_ORDER,
        ],
        PAGES,
    ),
    gql(
        "zms_list_tag_values",
        "List ZMS tag values",
        "List the values of one tag key. Needs the key id (from zms_list_tag_keys) and the \
         origin of its namespace (from zms_list_tag_namespaces). Fetches every page unless \
         `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        &[
            required_var(
                "tag_id",
                "tagId",
                "Tag key id (the `id` of zms_list_tag_keys).",
            ),
            Param {
                kind: Kind::Enum(&["CUSTOM", "EXTERNAL", "ML", "UNKNOWN"]),
                ..required_var(
                    "namespace_origin",
                    "namespaceOrigin",
                    "Origin of the key's namespace (the `origin` of zms_list_tag_namespaces).",
                )
            },
            NAME_CONTAINS,
            SORT_ORDER,
        ],
        PAGES,
    ),
];

// ---------------------------------------------------------------------------------------
// Hook
// ---------------------------------------------------------------------------------------

fn operation(tool: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.tool == tool)
}

/// Build GraphQL variables: a dotted wire name nests, `filter.name.contains` ->
/// `{"filter": {"name": {"contains": ..}}}`.
fn variables(body: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(Value::Object(fields)) = body else {
        return out;
    };
    for (key, value) in fields {
        let mut parts: Vec<&str> = key.split('.').collect();
        let last = parts.pop().unwrap_or_default();
        let mut node = &mut out;
        for part in parts {
            let entry = node
                .entry(part.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            node = match entry {
                Value::Object(m) => m,
                _ => unreachable!("made an object above"),
            };
        }
        node.insert(last.to_string(), value.clone());
    }
    out
}

fn api_error(status: u16, message: String) -> ToolError {
    ToolError::Upstream(UpstreamError::Api {
        product: "ZMS",
        status,
        code: None,
        message: Some(message),
    })
}

/// One GraphQL call; returns `data.<field>`.
async fn run_query(
    ctx: &HookCtx<'_>,
    op: &Operation,
    variables: &Map<String, Value>,
) -> Result<Value, ToolError> {
    let body = json!({
        "query": op.document,
        "variables": variables,
        "operationName": op.name,
    });
    let resp = ctx
        .client
        .call(
            ApiRequest {
                service: ctx.spec.service,
                method: HttpMethod::Post,
                path: ctx.path,
                query: &[],
                body: Some(&body),
            },
            ctx.deadline,
        )
        .await?;
    let mut reply = resp.body;
    if let Some(errors) = reply.get("errors").and_then(Value::as_array) {
        if !errors.is_empty() {
            let messages: Vec<String> = errors
                .iter()
                .map(|e| {
                    e.get("message")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .unwrap_or_else(|| e.to_string())
                })
                .collect();
            return Err(api_error(resp.status, messages.join("; ")));
        }
    }
    Ok(reply
        .get_mut("data")
        .and_then(|d| d.get_mut(op.field))
        .map(Value::take)
        .unwrap_or(Value::Null))
}

/// `(nodes, totalPages)` of a connection result.
fn connection(value: Value) -> (Vec<Value>, Option<u64>) {
    let total = value
        .get("pageInfo")
        .or_else(|| value.get("page_info"))
        .and_then(|p| p.get("totalPages"))
        .and_then(Value::as_u64);
    let nodes = match value {
        Value::Object(mut m) => match m.remove("nodes") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    (nodes, total)
}

fn graphql<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let op = operation(ctx.spec.name).ok_or_else(|| {
            ToolError::Upstream(UpstreamError::Config(format!(
                "{}: no GraphQL operation is defined for this tool",
                ctx.spec.name
            )))
        })?;
        let customer = ctx.client.settings().customer_id.clone().ok_or_else(|| {
            ToolError::Upstream(UpstreamError::Config(
                "ZSCALER_CUSTOMER_ID is not set: ZMS tools need the ZMS customer (tenant) id. \
                 Set ZSCALER_CUSTOMER_ID in the environment or the credentials secret."
                    .to_string(),
            ))
        })?;
        let mut vars = variables(ctx.plan.body.as_ref());
        vars.insert("customerId".to_string(), Value::String(customer));

        let Some(page_var) = op.page_var else {
            let value = run_query(&ctx, op, &vars).await?;
            return Ok(ToolOutput { value, note: None });
        };

        let (default_size, max_size) = match ctx.spec.paging {
            Paging::Pages {
                default_size,
                max_size,
            } => (default_size, max_size),
            _ => (20, 100),
        };
        let single = ctx.plan.paging_u32("page");
        let (mut page, size) = match single {
            Some(p) => (p, ctx.plan.paging_u32("page_size").unwrap_or(default_size)),
            None => (1, max_size),
        };
        let max_items = ctx.client.settings().max_items;
        let mut all = Vec::new();
        let mut note = None;
        loop {
            vars.insert(page_var.to_string(), Value::from(page));
            vars.insert("pageSize".to_string(), Value::from(size));
            let (nodes, total_pages) = connection(run_query(&ctx, op, &vars).await?);
            let count = nodes.len() as u32;
            all.extend(nodes);
            let more = match total_pages {
                Some(total) => u64::from(page) < total,
                None => count >= size,
            } && count > 0;
            if single.is_some() {
                if more {
                    note = Some(format!(
                        "More results: call again with page={} for the next page.",
                        page + 1
                    ));
                }
                break;
            }
            if all.len() >= max_items {
                all.truncate(max_items);
                note = Some(format!(
                    "Truncated at {max_items} items (the server's cap, ZSCALER_MCP_MAX_ITEMS). \
                     Use the paging arguments to read the rest, or narrow the search."
                ));
                break;
            }
            if !more {
                break;
            }
            page += 1;
        }
        Ok(ToolOutput {
            value: Value::Array(all),
            note,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_has_one_operation() {
        for spec in TOOLS {
            let op = operation(spec.name).unwrap_or_else(|| panic!("{}", spec.name));
            assert!(op.document.contains(op.name), "{}", spec.name);
            assert!(op.document.contains(op.field), "{}", spec.name);
            // Paged operations are exactly the tools with paging arguments.
            assert_eq!(
                op.page_var.is_some(),
                spec.paging != Paging::None,
                "{}",
                spec.name
            );
            if let Some(var) = op.page_var {
                assert!(op.document.contains(&format!("${var}:")), "{}", spec.name);
            }
            // Every variable a parameter sets is declared by the document.
            for p in spec.params {
                if let Place::Body(wire) = p.place {
                    let root = wire.split('.').next().unwrap_or(wire);
                    assert!(
                        op.document.contains(&format!("${root}:")),
                        "{}: ${root}",
                        spec.name
                    );
                }
            }
        }
        assert_eq!(OPERATIONS.len(), TOOLS.len());
    }

    #[test]
    fn dotted_names_nest() {
        let body = json!({"filter.name.contains": "web", "filter.status.equals": "UP",
                          "orderBy.name": "ASC", "includeDeleted": true});
        assert_eq!(
            Value::Object(variables(Some(&body))),
            json!({"filter": {"name": {"contains": "web"}, "status": {"equals": "UP"}},
                   "orderBy": {"name": "ASC"}, "includeDeleted": true})
        );
    }
}
