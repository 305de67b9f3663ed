//! The zms tool table: data only; the hooks it names are in `hooks.rs`.

use super::hooks::*;
use crate::catalog::spec::*;

pub(super) const ZMS: Service = Service::Zms;
pub(super) const TOOLSET: &str = "zms";
pub(super) const GRAPHQL: &str = "/zms/graphql";

/// Page number variable, page size variable (the API defaults to 20 per page).
pub(super) const PAGES: Paging = Paging::Pages {
    default_size: 20,
    max_size: 100,
};

pub(super) const SORT_DIRECTION: Kind = Kind::Enum(&["ASC", "DESC"]);

pub(super) const SEARCH: Param = field(
    "search",
    "search",
    Kind::Str,
    "Only items matching this text (the API's free-text search).",
);
pub(super) const SORT: Param = field("sort", "sort", Kind::Str, "Field to sort by, e.g. name.");
pub(super) const SORT_DIR: Param = field("sort_dir", "sortDir", SORT_DIRECTION, "Sort direction.");
pub(super) const NAME_CONTAINS: Param = field(
    "name",
    "filter.name.contains",
    Kind::Str,
    "Only items whose name contains this text.",
);
pub(super) const SORT_ORDER: Param = field(
    "sort_order",
    "orderBy.name",
    SORT_DIRECTION,
    "Sort by name in this direction.",
);

/// The GraphQL operation of a tool: operation name, result field under `data`, the page
/// number variable (`page` or `pageNum`) for paged ones, and the document.
pub(super) struct Operation {
    pub(super) tool: &'static str,
    pub(super) name: &'static str,
    pub(super) field: &'static str,
    pub(super) page_var: Option<&'static str>,
    pub(super) document: &'static str,
}

/// `pageInfo` selection shared by connection results.
macro_rules! page_info {
    () => {
        " pageInfo { pageNumber pageSize totalCount totalPages }"
    };
}

pub(super) const OPERATIONS: &[Operation] = &[
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
    ToolSpec::read(ZMS, TOOLSET, "zms_list_agents")
        .title("List ZMS agents")
        .describe(
            "List the microsegmentation agents installed on workloads: name, eyez id, \
             connection and admin status, type, host OS, software version, cloud, IPs and agent \
             group. Fetches every page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[SEARCH, SORT, SORT_DIR])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_get_agent_connection_status_statistics")
        .title("Get ZMS agent connection statistics")
        .describe(
            "Get how many ZMS agents are in each connection status (counts and percentages per \
             agent type). Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[SEARCH])
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_get_agent_version_statistics")
        .title("Get ZMS agent version statistics")
        .describe(
            "Get how many ZMS agents run each software version (counts and percentages per agent \
             type), e.g. to find agents needing an upgrade. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[SEARCH])
        .hook(Hook::Custom(graphql)),
    // Agent groups ------------------------------------------------------------------------
    ToolSpec::read(ZMS, TOOLSET, "zms_list_agent_groups")
        .title("List ZMS agent groups")
        .describe(
            "List ZMS agent groups with their type, cloud, agent count, policy, upgrade and \
             tamper-protection settings. Use a group's `eyezId` with \
             zms_get_agent_group_totp_secrets. Fetches every page unless `page` is given. Needs \
             ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[SEARCH, SORT, SORT_DIR])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_get_agent_group_totp_secrets")
        .title("Get ZMS agent group TOTP secrets")
        .describe(
            "Get the TOTP secret (and QR code) of one agent group, used when enrolling or \
             unlocking agents. The result is a credential: show it only to someone who asked for \
             it. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[required(field(
            "eyez_id",
            "eyezId",
            Kind::Str,
            "The agent group's eyez id (the `eyezId` of zms_list_agent_groups).",
        ))])
        .hook(Hook::Custom(graphql)),
    // Nonces (provisioning keys) ----------------------------------------------------------
    ToolSpec::read(ZMS, TOOLSET, "zms_list_nonces")
        .title("List ZMS provisioning keys")
        .describe(
            "List ZMS nonces (agent provisioning keys): name, key, usage against the maximum, and \
             the agent group they enroll into. Fetches every page unless `page` is given. Needs \
             ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[SEARCH, SORT, SORT_DIR])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_get_nonce")
        .title("Get a ZMS provisioning key")
        .describe(
            "Get one ZMS nonce (agent provisioning key) by its eyez id. Needs \
             ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[required(field(
            "eyez_id",
            "eyezId",
            Kind::Str,
            "The nonce's eyez id (the `eyezId` of zms_list_nonces).",
        ))])
        .hook(Hook::Custom(graphql)),
    // Resources ---------------------------------------------------------------------------
    ToolSpec::read(ZMS, TOOLSET, "zms_list_resources")
        .title("List ZMS resources")
        .describe(
            "List the workloads (virtual machines, containers, bare metal) ZMS manages: type, \
             status, cloud and region, hostname, OS, IPs, agent and app zones. Fetches every page \
             unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            field(
                "include_deleted",
                "includeDeleted",
                Kind::Bool,
                "true to include deleted resources.",
            ),
            NAME_CONTAINS,
            field(
                "status",
                "filter.status.equals",
                Kind::Str,
                "Only resources in exactly this status.",
            ),
            field(
                "resource_type",
                "filter.resourceType.equals",
                Kind::Str,
                "Only this type, e.g. VIRTUAL_MACHINE, CONTAINER, BARE_METAL.",
            ),
            field(
                "cloud_provider",
                "filter.cloudProvider.equals",
                Kind::Str,
                "Only this cloud, e.g. AWS, AZURE, GCP, ON_PREMISES.",
            ),
            field(
                "cloud_region",
                "filter.cloudRegion.contains",
                Kind::Str,
                "Only regions containing this text.",
            ),
            field(
                "platform_os",
                "filter.platformOs.contains",
                Kind::Str,
                "Only this OS, e.g. LINUX, WINDOWS (substring match).",
            ),
            SORT_ORDER,
        ])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_get_resource_protection_status")
        .title("Get ZMS resource protection status")
        .describe(
            "Get microsegmentation coverage of workloads: protected and unprotected resource \
             counts and the protected percentage. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_get_metadata")
        .title("Get ZMS event metadata")
        .describe(
            "Get the metadata of the resource-level events available in the ZMS deployment. Needs \
             ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .hook(Hook::Custom(graphql)),
    // Resource groups ---------------------------------------------------------------------
    ToolSpec::read(ZMS, TOOLSET, "zms_list_resource_groups")
        .title("List ZMS resource groups")
        .describe(
            "List ZMS resource groups, managed and unmanaged (unmanaged ones carry CIDRs and \
             FQDNs), with their member counts. Use an `id` with zms_get_resource_group_members. \
             Fetches every page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            NAME_CONTAINS,
            field(
                "resource_hostname",
                "filter.resourceHostname.contains",
                Kind::Str,
                "Only groups holding a resource whose hostname contains this text.",
            ),
        ])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_get_resource_group_members")
        .title("List a ZMS resource group's members")
        .describe(
            "List the resources (workloads) in one resource group. Get the group id from \
             zms_list_resource_groups. Fetches every page unless `page` is given. Needs \
             ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[required(field(
            "group_id",
            "id",
            Kind::Str,
            "Resource group id (the `id` of zms_list_resource_groups).",
        ))])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_get_resource_group_protection_status")
        .title("Get ZMS resource group protection status")
        .describe(
            "Get microsegmentation coverage of resource groups: protected and unprotected group \
             counts and the protected percentage. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .hook(Hook::Custom(graphql)),
    // Policy ------------------------------------------------------------------------------
    ToolSpec::read(ZMS, TOOLSET, "zms_list_policy_rules")
        .title("List ZMS policy rules")
        .describe(
            "List the custom microsegmentation policy rules: action (ALLOW/BLOCK), priority, \
             source and destination target types, ports and protocols, last hit. Fetches every \
             page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            NAME_CONTAINS,
            field(
                "action",
                "filter.action.equals",
                Kind::Enum(&["ALLOW", "BLOCK"]),
                "Only rules with this action.",
            ),
            field(
                "fetch_all",
                "fetchAll",
                Kind::Bool,
                "true to have the API return every rule in one response, ignoring paging.",
            ),
        ])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_list_default_policy_rules")
        .title("List ZMS default policy rules")
        .describe(
            "List the built-in default policy rules applied when no custom rule matches (action, \
             direction, scope). Fetches every page unless `page` is given. Needs \
             ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    // Applications ------------------------------------------------------------------------
    ToolSpec::read(ZMS, TOOLSET, "zms_list_app_zones")
        .title("List ZMS app zones")
        .describe(
            "List ZMS app zones (groupings of workloads by application) with member counts and \
             VPC/subnet scope. Fetches every page unless `page` is given. Needs \
             ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            field(
                "name",
                "filter.appZoneName.contains",
                Kind::Str,
                "Only app zones whose name contains this text.",
            ),
            field(
                "sort_order",
                "orderBy.appZoneName",
                SORT_DIRECTION,
                "Sort by app zone name in this direction.",
            ),
        ])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_list_app_catalog")
        .title("List the ZMS app catalog")
        .describe(
            "List the applications ZMS recognises: name, category, ports and protocols, and \
             process names. Fetches every page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            NAME_CONTAINS,
            field(
                "category",
                "filter.category.contains",
                Kind::Str,
                "Only applications whose category contains this text.",
            ),
            SORT_ORDER,
        ])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    // Tags --------------------------------------------------------------------------------
    ToolSpec::read(ZMS, TOOLSET, "zms_list_tag_namespaces")
        .title("List ZMS tag namespaces")
        .describe(
            "List ZMS tag namespaces, the top of the tag hierarchy (namespace, key, value). Use \
             an `id` with zms_list_tag_keys. Fetches every page unless `page` is given. Needs \
             ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            NAME_CONTAINS,
            field(
                "origin",
                "filter.origin.equals",
                Kind::Enum(&["CUSTOM", "EXTERNAL", "ML", "UNKNOWN"]),
                "Only namespaces of this origin.",
            ),
            SORT_ORDER,
        ])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_list_tag_keys")
        .title("List ZMS tag keys")
        .describe(
            "List the tag keys of one namespace. Get the namespace id from \
             zms_list_tag_namespaces; use a key's `id` as tag_id with zms_list_tag_values. \
             Fetches every page unless `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            required(field(
                "namespace_id",
                "namespaceId",
                Kind::Str,
                "Tag namespace id (the `id` of zms_list_tag_namespaces).",
            )),
            field(
                "key_name",
                "filter.keyName.contains",
                Kind::Str,
                "Only keys whose name contains this text.",
            ),
            SORT_ORDER,
        ])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
    ToolSpec::read(ZMS, TOOLSET, "zms_list_tag_values")
        .title("List ZMS tag values")
        .describe(
            "List the values of one tag key. Needs the key id (from zms_list_tag_keys) and the \
             origin of its namespace (from zms_list_tag_namespaces). Fetches every page unless \
             `page` is given. Needs ZSCALER_CUSTOMER_ID.",
        )
        .method(HttpMethod::Post)
        .path(GRAPHQL)
        .params(&[
            required(field(
                "tag_id",
                "tagId",
                Kind::Str,
                "Tag key id (the `id` of zms_list_tag_keys).",
            )),
            Param {
                kind: Kind::Enum(&["CUSTOM", "EXTERNAL", "ML", "UNKNOWN"]),
                ..required(field(
                    "namespace_origin",
                    "namespaceOrigin",
                    Kind::Str,
                    "Origin of the key's namespace (the `origin` of zms_list_tag_namespaces).",
                ))
            },
            NAME_CONTAINS,
            SORT_ORDER,
        ])
        .paged(PAGES)
        .hook(Hook::Custom(graphql)),
];
