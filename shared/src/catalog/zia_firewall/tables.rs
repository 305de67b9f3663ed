//! The zia_firewall tool table: data only; the hooks it names are in `hooks.rs`.

use super::hooks::*;
use crate::catalog::common_hooks::{
    create_zia_rule, filter_by_name, filter_by_name_arg, search_and_filter_by_name,
};
use crate::catalog::spec::*;

pub(super) const ZIA: Service = Service::Zia;
pub(super) const TOOLSET: &str = "zia_cloud_firewall";

/// Firewall filtering rules page; the documented default page is large.
pub(super) const RULE_PAGES: Paging = Paging::Pages {
    default_size: 1000,
    max_size: 5000,
};

/// Endpoints the SDKs walk with `page`/`pageSize` (page size 1000 is accepted).
pub(super) const PAGES: Paging = Paging::Pages {
    default_size: 100,
    max_size: 1000,
};

// ---------------------------------------------------------------------------------------
// Parameters shared by several tools
// ---------------------------------------------------------------------------------------

pub(super) const SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Only items whose name contains this text.",
);

/// The name filter of lists whose API has none: applied by this server to the results.
pub(super) const NAME_FILTER: Param = query(
    "search",
    "search",
    Kind::Str,
    "Only items whose name contains this text (case-insensitive).",
);

pub(super) const NAME: Param = body("name", "name", Kind::Str, false, "Display name.");
pub(super) const DESCRIPTION: Param = body(
    "description",
    "description",
    Kind::Str,
    false,
    "Free-text description.",
);

pub(super) const RULE_ID: Param = path_int(
    "rule_id",
    "Numeric rule id (the `id` field of the list tool's results).",
);
pub(super) const GROUP_ID: Param = path_int(
    "group_id",
    "Numeric group id (the `id` field of the list tool's results).",
);

// Rule fields common to filtering, DNS and IPS rules.

pub(super) const RULE_NAME: Param = body(
    "name",
    "name",
    Kind::Str,
    false,
    "Rule name, unique within the policy (at most 31 characters).",
);
pub(super) const RULE_ORDER: Param = body(
    "order",
    "order",
    Kind::Int,
    false,
    "1-based position in the policy; rules are evaluated from 1 upwards and the rules at or \
     after this position move down one place.",
);
pub(super) const RULE_RANK: Param = body(
    "rank",
    "rank",
    Kind::Int,
    false,
    "Admin rank 0-7 (0 is the highest). ZIA uses 7 when it is not set; it matters only when \
     admin ranking is enabled.",
);
pub(super) const RULE_STATE: Param = body(
    "state",
    "state",
    Kind::Enum(&["ENABLED", "DISABLED"]),
    false,
    "ENABLED to enforce the rule, DISABLED to keep it without effect.",
);
/// The official server's spelling of `state` (true → ENABLED); `state` wins if both are given.
pub(super) const RULE_ENABLED: Param = state_flag(
    "enabled",
    "state",
    ["ENABLED", "DISABLED"],
    "true to enforce the rule (the same as state ENABLED), false to keep it without effect. \
     Creates default to true.",
);
pub(super) const FULL_LOGGING: Param = body(
    "enable_full_logging",
    "enableFullLogging",
    Kind::Bool,
    false,
    "true logs every session the rule matches; false logs in aggregate.",
);
pub(super) const CAPTURE_PCAP: Param = body(
    "capture_pcap",
    "capturePCAP",
    Kind::Bool,
    false,
    "true to capture packets (PCAP) of matching traffic.",
);
pub(super) const SRC_IPS: Param = body(
    "src_ips",
    "srcIps",
    Kind::StrList,
    false,
    "Source IPv4 addresses, CIDR blocks or ranges, e.g. [\"10.0.0.0/8\", \
     \"192.168.1.10-192.168.1.20\"].",
);
pub(super) const DEST_ADDRESSES: Param = body(
    "dest_addresses",
    "destAddresses",
    Kind::StrList,
    false,
    "Destination IP addresses, CIDR blocks, ranges or FQDNs.",
);
pub(super) const DEST_COUNTRIES: Param = body(
    "dest_countries",
    "destCountries",
    Kind::StrList,
    false,
    "Destination countries as COUNTRY_ plus the ISO 3166 code, e.g. [\"COUNTRY_US\"].",
);
pub(super) const SOURCE_COUNTRIES: Param = body(
    "source_countries",
    "sourceCountries",
    Kind::StrList,
    false,
    "Countries the traffic comes from, as COUNTRY_ plus the ISO 3166 code.",
);
pub(super) const EXCLUDE_SRC_COUNTRIES: Param = body(
    "exclude_src_countries",
    "excludeSrcCountries",
    Kind::Bool,
    false,
    "true to match traffic from every country except source_countries.",
);
pub(super) const DEST_IP_CATEGORIES: Param = body(
    "dest_ip_categories",
    "destIpCategories",
    Kind::StrList,
    false,
    "URL category ids of the destination, e.g. [\"BOTNET\", \"CUSTOM_01\"] (ids from \
     zia_list_url_categories).",
);
pub(super) const RES_CATEGORIES: Param = body(
    "res_categories",
    "resCategories",
    Kind::StrList,
    false,
    "URL category ids of the IP addresses the DNS answer resolves to.",
);
pub(super) const NW_APPLICATIONS: Param = body(
    "nw_applications",
    "nwApplications",
    Kind::StrList,
    false,
    "Network application ids (strings such as \"SKYPE\"), from zia_list_network_apps.",
);
pub(super) const DEVICE_TRUST_LEVELS: Param = body(
    "device_trust_levels",
    "deviceTrustLevels",
    Kind::StrList,
    false,
    "Device trust levels the rule applies to: any of ANY, UNKNOWN_DEVICETRUSTLEVEL, \
     LOW_TRUST, MEDIUM_TRUST, HIGH_TRUST.",
);

pub(super) const LOCATION_IDS: Param = body_refs(
    "location_ids",
    "locations",
    "Location ids (integers) from zia_list_locations.",
);
pub(super) const LOCATION_GROUP_IDS: Param = body_refs(
    "location_group_ids",
    "locationGroups",
    "Location group ids (integers) from zia_list_location_groups.",
);
pub(super) const DEPARTMENT_IDS: Param = body_refs(
    "department_ids",
    "departments",
    "Department ids (integers) from get_zia_user_departments.",
);
pub(super) const GROUP_IDS: Param = body_refs(
    "group_ids",
    "groups",
    "User group ids (integers) from get_zia_user_groups.",
);
pub(super) const USER_IDS: Param = body_refs(
    "user_ids",
    "users",
    "User ids (integers) from get_zia_users.",
);
pub(super) const TIME_WINDOW_IDS: Param = body_refs(
    "time_window_ids",
    "timeWindows",
    "Time interval ids (integers) from zia_list_time_intervals.",
);
pub(super) const LABEL_IDS: Param = body_refs(
    "label_ids",
    "labels",
    "Rule label ids (integers) from zia_list_rule_labels.",
);
pub(super) const DEVICE_IDS: Param = body_refs(
    "device_ids",
    "devices",
    "Device ids (integers) from zia_list_devices.",
);
pub(super) const DEVICE_GROUP_IDS: Param = body_refs(
    "device_group_ids",
    "deviceGroups",
    "Device group ids (integers) from zia_list_device_groups.",
);
pub(super) const SRC_IP_GROUP_IDS: Param = body_refs(
    "src_ip_group_ids",
    "srcIpGroups",
    "IP source group ids (integers) from zia_list_ip_source_groups.",
);
pub(super) const DEST_IP_GROUP_IDS: Param = body_refs(
    "dest_ip_group_ids",
    "destIpGroups",
    "IP destination group ids (integers) from zia_list_ip_destination_groups.",
);
pub(super) const NW_SERVICE_IDS: Param = body_refs(
    "nw_service_ids",
    "nwServices",
    "Network service ids (integers) from zia_list_network_services.",
);
pub(super) const NW_SERVICE_GROUP_IDS: Param = body_refs(
    "nw_service_group_ids",
    "nwServiceGroups",
    "Network service group ids (integers) from zia_list_network_svc_groups.",
);
pub(super) const NW_APPLICATION_GROUP_IDS: Param = body_refs(
    "nw_application_group_ids",
    "nwApplicationGroups",
    "Network application group ids (integers) from zia_list_network_app_groups.",
);
pub(super) const WORKLOAD_GROUP_IDS: Param = body_refs(
    "workload_group_ids",
    "workloadGroups",
    "Workload group ids (integers) from zia_list_workload_groups.",
);
pub(super) const THREAT_CATEGORY_IDS: Param = body_refs(
    "threat_category_ids",
    "threatCategories",
    "IPS threat category ids (integers), as seen in the threatCategories of existing IPS \
     rules.",
);
pub(super) const DNS_APPLICATION_GROUP_IDS: Param = body_refs(
    "application_group_ids",
    "applicationGroups",
    "DNS application group ids (integers), as seen in the applicationGroups of existing DNS \
     rules.",
);

// Firewall filtering rules.

pub(super) const FW_ACTION: Param = body(
    "action",
    "action",
    Kind::Enum(&[
        "ALLOW",
        "BLOCK_DROP",
        "BLOCK_RESET",
        "BLOCK_ICMP",
        "EVAL_NWAPP",
    ]),
    false,
    "What happens to matching traffic: ALLOW; BLOCK_DROP (drop silently); BLOCK_RESET (send \
     a TCP reset); BLOCK_ICMP (send ICMP unreachable); EVAL_NWAPP (evaluate the network \
     application first).",
);

/// Fields of a filtering rule after the ones that differ between create and update.
macro_rules! fw_rule_params {
    ($($head:expr),* $(,)?) => {
        &[
            $($head,)*
            DESCRIPTION,
            RULE_RANK,
            RULE_ENABLED,
            RULE_STATE,
            FULL_LOGGING,
            SRC_IPS,
            SRC_IP_GROUP_IDS,
            SOURCE_COUNTRIES,
            EXCLUDE_SRC_COUNTRIES,
            DEST_ADDRESSES,
            DEST_IP_GROUP_IDS,
            DEST_COUNTRIES,
            DEST_IP_CATEGORIES,
            NW_SERVICE_IDS,
            NW_SERVICE_GROUP_IDS,
            NW_APPLICATIONS,
            NW_APPLICATION_GROUP_IDS,
            LOCATION_IDS,
            LOCATION_GROUP_IDS,
            DEPARTMENT_IDS,
            GROUP_IDS,
            USER_IDS,
            TIME_WINDOW_IDS,
            LABEL_IDS,
            DEVICE_IDS,
            DEVICE_GROUP_IDS,
            DEVICE_TRUST_LEVELS,
            WORKLOAD_GROUP_IDS,
            EXTRA_FIELDS,
            crate::tool::advanced::ZIA_RULE,
        ]
    };
}

// DNS rules.

pub(super) const DNS_ACTION: Param = body(
    "action",
    "action",
    Kind::Enum(&[
        "ALLOW",
        "BLOCK",
        "BLOCK_WITH_RESPONSE",
        "REDIR_REQ",
        "REDIR_RES",
        "REDIR_ZPA",
        "REDIR_REQ_DOH",
        "REDIR_REQ_KEEP_SENDER",
        "REDIR_REQ_TCP",
        "REDIR_REQ_UDP",
    ]),
    false,
    "What happens to matching DNS traffic: ALLOW, BLOCK, BLOCK_WITH_RESPONSE (answer with \
     block_response_code), REDIR_RES (answer with redirect_ip), REDIR_ZPA (resolve from a \
     ZPA IP pool; set zpaIpGroup via extra_fields), or REDIR_REQ* (send the request to a DNS \
     gateway; set dnsGateway via extra_fields).",
);

macro_rules! dns_rule_params {
    ($($head:expr),* $(,)?) => {
        &[
            $($head,)*
            DESCRIPTION,
            RULE_RANK,
            RULE_ENABLED,
            RULE_STATE,
            body(
                "redirect_ip",
                "redirectIp",
                Kind::Str,
                false,
                "IP address returned in the answer when action is REDIR_RES.",
            ),
            body(
                "block_response_code",
                "blockResponseCode",
                Kind::Str,
                false,
                "DNS response code sent when action is BLOCK_WITH_RESPONSE, e.g. NXDOMAIN.",
            ),
            body(
                "applications",
                "applications",
                Kind::StrList,
                false,
                "DNS tunnel and network application ids (strings) the rule applies to.",
            ),
            DNS_APPLICATION_GROUP_IDS,
            body(
                "dns_rule_request_types",
                "dnsRuleRequestTypes",
                Kind::StrList,
                false,
                "DNS record types the rule applies to, e.g. [\"A\", \"AAAA\", \"TXT\"].",
            ),
            body(
                "protocols",
                "protocols",
                Kind::StrList,
                false,
                "Transport protocols: any of ANY_RULE, TCP_RULE, UDP_RULE, DOHTTPS_RULE.",
            ),
            FULL_LOGGING,
            CAPTURE_PCAP,
            SRC_IPS,
            SRC_IP_GROUP_IDS,
            SOURCE_COUNTRIES,
            DEST_ADDRESSES,
            DEST_IP_GROUP_IDS,
            DEST_COUNTRIES,
            DEST_IP_CATEGORIES,
            RES_CATEGORIES,
            LOCATION_IDS,
            LOCATION_GROUP_IDS,
            DEPARTMENT_IDS,
            GROUP_IDS,
            USER_IDS,
            TIME_WINDOW_IDS,
            LABEL_IDS,
            DEVICE_IDS,
            DEVICE_GROUP_IDS,
            EXTRA_FIELDS,
            crate::tool::advanced::ZIA_RULE,
        ]
    };
}

// IPS rules.

pub(super) const IPS_ACTION: Param = body(
    "action",
    "action",
    Kind::Enum(&["ALLOW", "BLOCK_DROP", "BLOCK_RESET", "BYPASS_IPS"]),
    false,
    "What happens to matching traffic: ALLOW, BLOCK_DROP (drop silently), BLOCK_RESET (send \
     a TCP reset) or BYPASS_IPS (skip IPS inspection).",
);

macro_rules! ips_rule_params {
    ($($head:expr),* $(,)?) => {
        &[
            $($head,)*
            DESCRIPTION,
            RULE_RANK,
            RULE_ENABLED,
            RULE_STATE,
            THREAT_CATEGORY_IDS,
            FULL_LOGGING,
            CAPTURE_PCAP,
            SRC_IPS,
            SRC_IP_GROUP_IDS,
            SOURCE_COUNTRIES,
            DEST_ADDRESSES,
            DEST_IP_GROUP_IDS,
            DEST_COUNTRIES,
            DEST_IP_CATEGORIES,
            RES_CATEGORIES,
            NW_SERVICE_IDS,
            NW_SERVICE_GROUP_IDS,
            LOCATION_IDS,
            LOCATION_GROUP_IDS,
            DEPARTMENT_IDS,
            GROUP_IDS,
            USER_IDS,
            TIME_WINDOW_IDS,
            LABEL_IDS,
            DEVICE_IDS,
            DEVICE_GROUP_IDS,
            EXTRA_FIELDS,
            crate::tool::advanced::ZIA_RULE,
        ]
    };
}

// IPS signatures, groups, services, applications.

pub(super) const RULE_TEXT: Param = body(
    "rule_text",
    "ruleText",
    Kind::Str,
    false,
    "The signature in Snort/Suricata syntax, with a unique sid and a rev, e.g. \
     alert http any any -> any any (msg:\"admin page\"; content:\"/admin\"; http_uri; \
     sid:1000010; rev:1;)",
);
pub(super) const SIGNATURE_CATEGORY: Param = body(
    "category",
    "category",
    Kind::Object,
    false,
    "Threat category the signature belongs to, as {\"id\": <integer>}; IPS rules select \
     signatures through this category.",
);
pub(super) const SIGNATURE_ENABLED: Param = body(
    "enabled",
    "enabled",
    Kind::Bool,
    false,
    "true to make the signature available to IPS rules.",
);

pub(super) const IP_ADDRESSES: Param = body(
    "ip_addresses",
    "ipAddresses",
    Kind::StrList,
    false,
    "Source IPv4 addresses, CIDR blocks or ranges, e.g. [\"192.168.1.0/24\", \
     \"10.1.1.1-10.1.1.9\"]. On update the list replaces the current one.",
);

pub(super) const DEST_GROUP_TYPE: Param = body(
    "type",
    "type",
    Kind::Enum(&["DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"]),
    false,
    "What the group holds: DSTN_IP (IP addresses), DSTN_FQDN (host names), DSTN_DOMAIN \
     (wildcard domains such as *.example.com) or DSTN_OTHER (countries and URL categories).",
);
pub(super) const DEST_GROUP_ADDRESSES: Param = body(
    "addresses",
    "addresses",
    Kind::StrList,
    false,
    "Members for DSTN_IP (IPs, CIDRs, ranges), DSTN_FQDN or DSTN_DOMAIN groups. On update \
     the list replaces the current one.",
);
pub(super) const DEST_GROUP_COUNTRIES: Param = body(
    "countries",
    "countries",
    Kind::StrList,
    false,
    "For DSTN_OTHER groups: countries as COUNTRY_ plus the ISO 3166 code.",
);
pub(super) const DEST_GROUP_CATEGORIES: Param = body(
    "ip_categories",
    "ipCategories",
    Kind::StrList,
    false,
    "For DSTN_OTHER groups: custom URL category ids such as CUSTOM_01.",
);

pub(super) const SERVICE_PORTS: Param = body(
    "ports",
    "ports",
    Kind::List,
    false,
    "Ports as \"<dest|src>:<tcp|udp>:<port>\" or \"<dest|src>:<tcp|udp>:<first>-<last>\", \
     e.g. [\"dest:tcp:443\", \"dest:tcp:8080-8090\", \"dest:udp:53\"], or as the official \
     server's tuples [direction, protocol, first, last?], e.g. [[\"dest\", \"tcp\", \"8080\"]]. \
     On update the given ports replace all current ports.",
);
pub(super) const SERVICE_IDS: Param = body_refs(
    "service_ids",
    "services",
    "Network service ids (integers) from zia_list_network_services. On update the list \
     replaces the current members.",
);
pub(super) const NETWORK_APPLICATIONS: Param = body(
    "network_applications",
    "networkApplications",
    Kind::StrList,
    false,
    "Network application ids (strings such as \"SALESFORCE\" or \"OFFICE365\") from \
     zia_list_network_apps. On update the list replaces the current members.",
);
pub(super) const LOCALE: Param = query(
    "locale",
    "locale",
    Kind::Enum(&["en-US", "de-DE", "es-ES", "fr-FR", "ja-JP", "zh-CN"]),
    "Language of the descriptions in the result.",
);

pub const TOOLS: &[ToolSpec] = &[
    // ---------------------------------------------------------------- filtering rules
    ToolSpec::read(ZIA, TOOLSET, "zia_list_cloud_firewall_rules")
        .title("List ZIA cloud firewall rules")
        .describe(
            "List the cloud firewall filtering policy: every rule in evaluation order, with its \
             action, state, sources, destinations, network services and applications. The \
             default rule has order -1 and is evaluated last. Rule ids are integers; use them \
             with zia_get_cloud_firewall_rule and the update and delete tools.",
        )
        .path(zia!("/firewallFilteringRules"))
        .params(&[
            SEARCH,
            query(
                "rule_action",
                "ruleAction",
                FW_ACTION.kind,
                "Only rules with this action.",
            ),
            query(
                "rule_label",
                "ruleLabel",
                Kind::Str,
                "Only rules carrying a label whose name matches this text.",
            ),
            query(
                "location",
                "location",
                Kind::Str,
                "Only rules that apply to a location whose name matches this text.",
            ),
            query(
                "department",
                "department",
                Kind::Str,
                "Only rules that apply to a department whose name matches this text.",
            ),
            query(
                "group",
                "group",
                Kind::Str,
                "Only rules that apply to a user group whose name matches this text.",
            ),
            query(
                "user",
                "user",
                Kind::Str,
                "Only rules that apply to a user whose name matches this text.",
            ),
        ])
        .paged(RULE_PAGES),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_cloud_firewall_rule")
        .title("Get a ZIA cloud firewall rule")
        .describe(
            "Get one cloud firewall filtering rule by its integer id (from \
             zia_list_cloud_firewall_rules), with all of its criteria as {id, name} references.",
        )
        .path(zia!("/firewallFilteringRules/{rule_id}"))
        .params(&[RULE_ID]),
    ToolSpec::create(ZIA, TOOLSET, "zia_create_cloud_firewall_rule")
        .title("Create a ZIA cloud firewall rule")
        .describe(staged!(
            "Add a cloud firewall filtering rule at the given order. Criteria left out do not \
                 restrict the rule (a rule with no sources matches every source). Look up ids \
                 first: network services with zia_list_network_services, IP groups with \
                 zia_list_ip_source_groups / zia_list_ip_destination_groups, users, groups, \
                 departments and locations with their list tools."
        ))
        .path(zia!("/firewallFilteringRules"))
        .params(fw_rule_params![
            required(RULE_NAME),
            RULE_ORDER,
            required(FW_ACTION)
        ])
        .hook(Hook::Custom(create_zia_rule)),
    ToolSpec::update(ZIA, TOOLSET, "zia_update_cloud_firewall_rule")
        .title("Update a ZIA cloud firewall rule")
        .describe(staged!(
            "Change a cloud firewall filtering rule by its integer id: the rule is read, the \
                 given fields replace their current values and the rest is kept. A list given \
                 here (e.g. nw_service_ids) replaces the whole current list."
        ))
        .path(zia!("/firewallFilteringRules/{rule_id}"))
        .params(fw_rule_params![RULE_ID, RULE_NAME, RULE_ORDER, FW_ACTION]),
    ToolSpec::delete(ZIA, TOOLSET, "zia_delete_cloud_firewall_rule")
        .title("Delete a ZIA cloud firewall rule")
        .describe(staged!(
            "Delete a cloud firewall filtering rule by its integer id. The default rule and \
                 predefined rules cannot be deleted; disable them with the update tool instead."
        ))
        .path(zia!("/firewallFilteringRules/{rule_id}"))
        .params(&[RULE_ID]),
    // ---------------------------------------------------------------- DNS rules
    ToolSpec::read(ZIA, TOOLSET, "zia_list_cloud_firewall_dns_rules")
        .title("List ZIA DNS control rules")
        .describe(
            "List the DNS control policy of the cloud firewall in evaluation order: each \
             rule's action (allow, block, redirect), the DNS record types, applications and \
             resolved categories it matches, and who it applies to. Rule ids are integers.",
        )
        .path(zia!("/firewallDnsRules"))
        .params(&[NAME_FILTER])
        .paged(PAGES)
        .hook(Hook::Custom(filter_by_name)),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_cloud_firewall_dns_rule")
        .title("Get a ZIA DNS control rule")
        .describe(
            "Get one DNS control rule by its integer id (from zia_list_cloud_firewall_dns_rules).",
        )
        .path(zia!("/firewallDnsRules/{rule_id}"))
        .params(&[RULE_ID]),
    ToolSpec::create(ZIA, TOOLSET, "zia_create_cloud_firewall_dns_rule")
        .title("Create a ZIA DNS control rule")
        .describe(staged!(
            "Add a DNS control rule at the given order. Redirect actions need their target: \
                 redirect_ip for REDIR_RES, a DNS gateway (extra_fields {\"dnsGateway\": ...}) for \
                 the REDIR_REQ actions, a ZPA IP pool (extra_fields {\"zpaIpGroup\": {\"id\": n}}) \
                 for REDIR_ZPA."
        ))
        .path(zia!("/firewallDnsRules"))
        .params(dns_rule_params![
            required(RULE_NAME),
            RULE_ORDER,
            required(DNS_ACTION)
        ])
        .hook(Hook::Custom(create_zia_rule)),
    ToolSpec::update(ZIA, TOOLSET, "zia_update_cloud_firewall_dns_rule")
        .title("Update a ZIA DNS control rule")
        .describe(staged!(
            "Change a DNS control rule by its integer id: the rule is read, the given fields \
                 replace their current values and the rest is kept. A list given here replaces \
                 the whole current list."
        ))
        .path(zia!("/firewallDnsRules/{rule_id}"))
        .params(dns_rule_params![RULE_ID, RULE_NAME, RULE_ORDER, DNS_ACTION]),
    ToolSpec::delete(ZIA, TOOLSET, "zia_delete_cloud_firewall_dns_rule")
        .title("Delete a ZIA DNS control rule")
        .describe(staged!(
            "Delete a DNS control rule by its integer id. Default and predefined rules cannot \
                 be deleted."
        ))
        .path(zia!("/firewallDnsRules/{rule_id}"))
        .params(&[RULE_ID]),
    // ---------------------------------------------------------------- IPS rules
    ToolSpec::read(ZIA, TOOLSET, "zia_list_cloud_firewall_ips_rules")
        .title("List ZIA IPS control rules")
        .describe(
            "List the IPS control policy of the cloud firewall in evaluation order: each \
             rule's action, the threat categories it inspects for, and the traffic it \
             applies to. Rule ids are integers.",
        )
        .path(zia!("/firewallIpsRules"))
        .params(&[NAME_FILTER])
        .paged(PAGES)
        .hook(Hook::Custom(filter_by_name)),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_cloud_firewall_ips_rule")
        .title("Get a ZIA IPS control rule")
        .describe(
            "Get one IPS control rule by its integer id (from zia_list_cloud_firewall_ips_rules).",
        )
        .path(zia!("/firewallIpsRules/{rule_id}"))
        .params(&[RULE_ID]),
    ToolSpec::create(ZIA, TOOLSET, "zia_create_cloud_firewall_ips_rule")
        .title("Create a ZIA IPS control rule")
        .describe(staged!(
            "Add an IPS control rule at the given order. threat_category_ids chooses which \
                 threats the rule acts on; custom signatures (zia_list_ips_signature_rules) are \
                 reached through their threat category."
        ))
        .path(zia!("/firewallIpsRules"))
        .params(ips_rule_params![
            required(RULE_NAME),
            RULE_ORDER,
            required(IPS_ACTION)
        ])
        .hook(Hook::Custom(create_zia_rule)),
    ToolSpec::update(ZIA, TOOLSET, "zia_update_cloud_firewall_ips_rule")
        .title("Update a ZIA IPS control rule")
        .describe(staged!(
            "Change an IPS control rule by its integer id: the rule is read, the given fields \
                 replace their current values and the rest is kept. A list given here replaces \
                 the whole current list."
        ))
        .path(zia!("/firewallIpsRules/{rule_id}"))
        .params(ips_rule_params![RULE_ID, RULE_NAME, RULE_ORDER, IPS_ACTION]),
    ToolSpec::delete(ZIA, TOOLSET, "zia_delete_cloud_firewall_ips_rule")
        .title("Delete a ZIA IPS control rule")
        .describe(staged!(
            "Delete an IPS control rule by its integer id. The default IPS rule and predefined \
                 rules cannot be deleted."
        ))
        .path(zia!("/firewallIpsRules/{rule_id}"))
        .params(&[RULE_ID]),
    // ---------------------------------------------------------------- IPS signatures
    ToolSpec::read(ZIA, TOOLSET, "zia_list_ips_signature_rules")
        .title("List ZIA custom IPS signatures")
        .describe(
            "List the tenant's custom IPS signatures (Snort/Suricata rules), with their \
             threat category, whether they are enabled and their validation status. These \
             are signature definitions, not IPS policy rules (see \
             zia_list_cloud_firewall_ips_rules). Ids are integers.",
        )
        .path(zia!("/ipsSignatureRules"))
        .params(&[NAME_FILTER])
        .paged(PAGES)
        .hook(Hook::Custom(search_and_filter_by_name)),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_ips_signature_rule")
        .title("Get a ZIA custom IPS signature")
        .describe(
            "Get one custom IPS signature by its integer id (from zia_list_ips_signature_rules), \
             including its rule text.",
        )
        .path(zia!("/ipsSignatureRules/{rule_id}"))
        .params(&[path_int(
            "rule_id",
            "Numeric signature id (the `id` field of zia_list_ips_signature_rules).",
        )]),
    ToolSpec::create(ZIA, TOOLSET, "zia_create_ips_signature_rule")
        .title("Create a ZIA custom IPS signature")
        .describe(staged!(
            "Add a custom IPS signature written in Snort/Suricata syntax. Its sid must not be \
                 used by another signature of the tenant. The text is validated first \
                 (validateRuleText); an invalid rule is refused with ZIA's reason and nothing \
                 is created."
        ))
        .path(zia!("/ipsSignatureRules"))
        .params(&[
            required(body(
                "name",
                "name",
                Kind::Str,
                false,
                "Signature name, unique in the tenant.",
            )),
            required(RULE_TEXT),
            DESCRIPTION,
            SIGNATURE_CATEGORY,
            SIGNATURE_ENABLED,
            EXTRA_FIELDS,
        ])
        .hook(Hook::Custom(create_ips_signature)),
    ToolSpec::update(ZIA, TOOLSET, "zia_update_ips_signature_rule")
        .title("Update a ZIA custom IPS signature")
        .describe(staged!(
            "Change a custom IPS signature by its integer id: the signature is read, the given \
                 fields replace their current values and the rest (name, rule text) is kept."
        ))
        .path(zia!("/ipsSignatureRules/{rule_id}"))
        .params(&[
            path_int(
                "rule_id",
                "Numeric signature id (the `id` field of zia_list_ips_signature_rules).",
            ),
            body("name", "name", Kind::Str, false, "New signature name."),
            RULE_TEXT,
            DESCRIPTION,
            SIGNATURE_CATEGORY,
            SIGNATURE_ENABLED,
            EXTRA_FIELDS,
        ]),
    ToolSpec::delete(ZIA, TOOLSET, "zia_delete_ips_signature_rule")
        .title("Delete a ZIA custom IPS signature")
        .describe(staged!("Delete a custom IPS signature by its integer id."))
        .path(zia!("/ipsSignatureRules/{rule_id}"))
        .params(&[path_int(
            "rule_id",
            "Numeric signature id (the `id` field of zia_list_ips_signature_rules).",
        )]),
    // ---------------------------------------------------------------- IP source groups
    ToolSpec::read(ZIA, TOOLSET, "zia_list_ip_source_groups")
        .title("List ZIA IP source groups")
        .describe(
            "List IP source groups: named sets of source IP addresses, CIDRs and ranges that \
             firewall, DNS and IPS rules match on (src_ip_group_ids). Ids are integers.",
        )
        .path(zia!("/ipSourceGroups"))
        .params(&[SEARCH]),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_ip_source_group")
        .title("Get a ZIA IP source group")
        .describe(
            "Get one IP source group by its integer id (from zia_list_ip_source_groups), with its \
             addresses.",
        )
        .path(zia!("/ipSourceGroups/{group_id}"))
        .params(&[GROUP_ID]),
    ToolSpec::create(ZIA, TOOLSET, "zia_create_ip_source_group")
        .title("Create a ZIA IP source group")
        .describe(staged!(
            "Create an IP source group from a list of IPv4 addresses, CIDRs or ranges, for use \
                 in firewall rules (src_ip_group_ids)."
        ))
        .path(zia!("/ipSourceGroups"))
        .params(&[
            required(NAME),
            required(IP_ADDRESSES),
            DESCRIPTION,
            EXTRA_FIELDS,
        ]),
    ToolSpec::update(ZIA, TOOLSET, "zia_update_ip_source_group")
        .title("Update a ZIA IP source group")
        .describe(staged!(
            "Change an IP source group by its integer id. Fields not given keep their values; \
                 ip_addresses, when given, replaces the whole address list (to add one address, \
                 read the group first and send the full list)."
        ))
        .path(zia!("/ipSourceGroups/{group_id}"))
        .params(&[GROUP_ID, NAME, IP_ADDRESSES, DESCRIPTION, EXTRA_FIELDS]),
    ToolSpec::delete(ZIA, TOOLSET, "zia_delete_ip_source_group")
        .title("Delete a ZIA IP source group")
        .describe(staged!(
            "Delete an IP source group by its integer id. A group still used by a rule cannot \
                 be deleted; remove it from the rules first."
        ))
        .path(zia!("/ipSourceGroups/{group_id}"))
        .params(&[GROUP_ID]),
    // ---------------------------------------------------------------- IP destination groups
    ToolSpec::read(ZIA, TOOLSET, "zia_list_ip_destination_groups")
        .title("List ZIA IP destination groups")
        .describe(
            "List IP destination groups: named sets of destination IPs, host names, domains, \
             countries or URL categories that firewall, DNS and IPS rules match on \
             (dest_ip_group_ids). Ids are integers.",
        )
        .path(zia!("/ipDestinationGroups"))
        .params(&[
            SEARCH,
            query(
                "exclude_type",
                "excludeType",
                DEST_GROUP_TYPE.kind,
                "Leave out groups of this type.",
            ),
        ]),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_ip_destination_group")
        .title("Get a ZIA IP destination group")
        .describe(
            "Get one IP destination group by its integer id (from \
             zia_list_ip_destination_groups), with its members.",
        )
        .path(zia!("/ipDestinationGroups/{group_id}"))
        .params(&[GROUP_ID]),
    ToolSpec::create(ZIA, TOOLSET, "zia_create_ip_destination_group")
        .title("Create a ZIA IP destination group")
        .describe(staged!(
            "Create an IP destination group for use in firewall rules (dest_ip_group_ids). \
                 DSTN_IP, DSTN_FQDN and DSTN_DOMAIN groups take addresses; DSTN_OTHER groups take \
                 countries and/or ip_categories."
        ))
        .path(zia!("/ipDestinationGroups"))
        .params(&[
            required(NAME),
            required(DEST_GROUP_TYPE),
            DEST_GROUP_ADDRESSES,
            DEST_GROUP_COUNTRIES,
            DEST_GROUP_CATEGORIES,
            DESCRIPTION,
            EXTRA_FIELDS,
        ]),
    ToolSpec::update(ZIA, TOOLSET, "zia_update_ip_destination_group")
        .title("Update a ZIA IP destination group")
        .describe(staged!(
            "Change an IP destination group by its integer id. Fields not given keep their \
                 values; a list given here replaces the whole current list."
        ))
        .path(zia!("/ipDestinationGroups/{group_id}"))
        .params(&[
            GROUP_ID,
            NAME,
            DEST_GROUP_TYPE,
            DEST_GROUP_ADDRESSES,
            DEST_GROUP_COUNTRIES,
            DEST_GROUP_CATEGORIES,
            DESCRIPTION,
            EXTRA_FIELDS,
        ]),
    ToolSpec::delete(ZIA, TOOLSET, "zia_delete_ip_destination_group")
        .title("Delete a ZIA IP destination group")
        .describe(staged!(
            "Delete an IP destination group by its integer id. A group still used by a rule \
                 cannot be deleted; remove it from the rules first."
        ))
        .path(zia!("/ipDestinationGroups/{group_id}"))
        .params(&[GROUP_ID]),
    // ---------------------------------------------------------------- network services
    ToolSpec::read(ZIA, TOOLSET, "zia_list_network_services")
        .title("List ZIA network services")
        .describe(
            "List network services (protocol and port definitions such as HTTPS, DNS or custom \
             ones) that firewall rules match on (nw_service_ids). type is STANDARD, PREDEFINED or \
             CUSTOM; only CUSTOM services can be changed. Ids are integers.",
        )
        .path(zia!("/networkServices"))
        .params(&[
            query(
                "name",
                "name",
                Kind::Str,
                "Only services whose name contains this text (case-insensitive, matched by \
                 this server as the official one does; `search` is then not sent).",
            ),
            SEARCH,
            query(
                "protocol",
                "protocol",
                Kind::Enum(&["ICMP", "TCP", "UDP", "GRE", "ESP", "OTHER"]),
                "Only services of this protocol.",
            ),
            LOCALE,
        ])
        .paged(PAGES)
        .hook(Hook::Custom(filter_by_name_arg)),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_network_service")
        .title("Get a ZIA network service")
        .describe(
            "Get one network service by its integer id (from zia_list_network_services), with \
             its source and destination TCP/UDP port ranges.",
        )
        .path(zia!("/networkServices/{service_id}"))
        .params(&[path_int(
            "service_id",
            "Numeric network service id (the `id` field of zia_list_network_services).",
        )]),
    ToolSpec::create(ZIA, TOOLSET, "zia_create_network_service")
        .title("Create a ZIA network service")
        .describe(staged!(
            "Create a custom network service from TCP/UDP ports, for use in firewall rules \
                 (nw_service_ids)."
        ))
        .path(zia!("/networkServices"))
        .params(&[
            required(NAME),
            required(SERVICE_PORTS),
            DESCRIPTION,
            EXTRA_FIELDS,
        ])
        .hook(Hook::Custom(network_service_write)),
    ToolSpec::update(ZIA, TOOLSET, "zia_update_network_service")
        .title("Update a ZIA network service")
        .describe(staged!(
            "Change a custom network service by its integer id. Fields not given keep \
                 their values; ports, when given, replace every current port range."
        ))
        .path(zia!("/networkServices/{service_id}"))
        .params(&[
            path_int(
                "service_id",
                "Numeric network service id (the `id` field of zia_list_network_services).",
            ),
            NAME,
            SERVICE_PORTS,
            DESCRIPTION,
            EXTRA_FIELDS,
        ])
        .hook(Hook::Custom(network_service_write)),
    ToolSpec::delete(ZIA, TOOLSET, "zia_delete_network_service")
        .title("Delete a ZIA network service")
        .describe(staged!(
            "Delete a custom network service by its integer id. Standard and predefined \
                 services, and services still used by rules or groups, cannot be deleted."
        ))
        .path(zia!("/networkServices/{service_id}"))
        .params(&[path_int(
            "service_id",
            "Numeric network service id (the `id` field of zia_list_network_services).",
        )]),
    // ---------------------------------------------------------------- network service groups
    ToolSpec::read(ZIA, TOOLSET, "zia_list_network_svc_groups")
        .title("List ZIA network service groups")
        .describe(
            "List network service groups (named sets of network services) that firewall rules \
             match on (nw_service_group_ids), with their member services. Ids are integers.",
        )
        .path(zia!("/networkServiceGroups"))
        .params(&[SEARCH])
        .paged(PAGES),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_network_svc_group")
        .title("Get a ZIA network service group")
        .describe(
            "Get one network service group by its integer id (from zia_list_network_svc_groups), \
             with its member services and their ports.",
        )
        .path(zia!("/networkServiceGroups/{group_id}"))
        .params(&[GROUP_ID]),
    ToolSpec::create(ZIA, TOOLSET, "zia_create_network_svc_group")
        .title("Create a ZIA network service group")
        .describe(staged!(
            "Create a network service group from network service ids \
                 (zia_list_network_services), for use in firewall rules (nw_service_group_ids)."
        ))
        .path(zia!("/networkServiceGroups"))
        .params(&[
            required(NAME),
            required(SERVICE_IDS),
            DESCRIPTION,
            EXTRA_FIELDS,
        ]),
    ToolSpec::update(ZIA, TOOLSET, "zia_update_network_svc_group")
        .title("Update a ZIA network service group")
        .describe(staged!(
            "Change a network service group by its integer id. Fields not given keep their \
                 values; service_ids, when given, replaces the whole member list."
        ))
        .path(zia!("/networkServiceGroups/{group_id}"))
        .params(&[GROUP_ID, NAME, SERVICE_IDS, DESCRIPTION, EXTRA_FIELDS]),
    ToolSpec::delete(ZIA, TOOLSET, "zia_delete_network_svc_group")
        .title("Delete a ZIA network service group")
        .describe(staged!(
            "Delete a network service group by its integer id. A group still used by a rule \
                 cannot be deleted."
        ))
        .path(zia!("/networkServiceGroups/{group_id}"))
        .params(&[GROUP_ID]),
    // ---------------------------------------------------------------- network applications
    ToolSpec::read(ZIA, TOOLSET, "zia_list_network_apps")
        .title("List ZIA network applications")
        .describe(
            "List the network applications the cloud firewall recognises (predefined by Zscaler, \
             read-only), with their category and description. Their ids are strings such as \
             SKYPE or DNS_OVER_HTTPS; use them in firewall rules (nw_applications) and network \
             application groups.",
        )
        .path(zia!("/networkApplications"))
        .params(&[SEARCH, LOCALE])
        .paged(PAGES),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_network_app")
        .title("Get a ZIA network application")
        .describe(
            "Get one network application by its string id, e.g. SKYPE (from \
             zia_list_network_apps).",
        )
        .path(zia!("/networkApplications/{app_id}"))
        .params(&[
            path_str(
                "app_id",
                "Network application id, a string such as SKYPE or OFFICE365.",
            ),
            LOCALE,
        ]),
    // ---------------------------------------------------------------- network application groups
    ToolSpec::read(ZIA, TOOLSET, "zia_list_network_app_groups")
        .title("List ZIA network application groups")
        .describe(
            "List network application groups (named sets of network application ids) that \
             firewall rules match on (nw_application_group_ids). Group ids are integers.",
        )
        .path(zia!("/networkApplicationGroups"))
        .params(&[SEARCH])
        .paged(PAGES),
    ToolSpec::read(ZIA, TOOLSET, "zia_get_network_app_group")
        .title("Get a ZIA network application group")
        .describe(
            "Get one network application group by its integer id (from \
             zia_list_network_app_groups), with its member applications.",
        )
        .path(zia!("/networkApplicationGroups/{group_id}"))
        .params(&[GROUP_ID]),
    ToolSpec::create(ZIA, TOOLSET, "zia_create_network_app_group")
        .title("Create a ZIA network application group")
        .describe(staged!(
            "Create a network application group from network application ids \
                 (zia_list_network_apps), for use in firewall rules (nw_application_group_ids)."
        ))
        .path(zia!("/networkApplicationGroups"))
        .params(&[
            required(NAME),
            required(NETWORK_APPLICATIONS),
            DESCRIPTION,
            EXTRA_FIELDS,
        ]),
    ToolSpec::update(ZIA, TOOLSET, "zia_update_network_app_group")
        .title("Update a ZIA network application group")
        .describe(staged!(
            "Change a network application group by its integer id. Fields not given keep \
                 their values; network_applications, when given, replaces the whole member list."
        ))
        .path(zia!("/networkApplicationGroups/{group_id}"))
        .params(&[
            GROUP_ID,
            NAME,
            NETWORK_APPLICATIONS,
            DESCRIPTION,
            EXTRA_FIELDS,
        ]),
    ToolSpec::delete(ZIA, TOOLSET, "zia_delete_network_app_group")
        .title("Delete a ZIA network application group")
        .describe(staged!(
            "Delete a network application group by its integer id. A group still used by a \
                 rule cannot be deleted."
        ))
        .path(zia!("/networkApplicationGroups/{group_id}"))
        .params(&[GROUP_ID]),
];
