//! ZIA cloud firewall tools (`/zia/api/v1`): filtering, DNS and IPS rules, custom IPS
//! signatures, IP source and destination groups, network services and applications, and
//! their groups.
//!
//! Every id here is an integer, except network application ids (`SKYPE`, `DNS_OVER_HTTPS`)
//! and URL category ids, which are strings. Every write is staged until
//! `zia_activate_configuration`; updates are read-modify-write, so fields not given keep
//! their current values.
//!
//! Two custom hooks: the DNS rule, IPS rule and IPS signature lists filter by name on our
//! side (the API has no name filter there), and network services turn a compact port
//! notation into the API's port-range objects.

use serde_json::{json, Map, Value};

use super::args::ArgError;
use super::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::zscaler::ApiRequest;

macro_rules! zia {
    ($p:literal) => {
        concat!("/zia/api/v1", $p)
    };
}

/// A write tool's description, with the reminder that ZIA stages changes.
macro_rules! staged {
    ($text:literal) => {
        concat!(
            $text,
            " The change is staged: it takes effect only after zia_activate_configuration."
        )
    };
}

const ZIA: Service = Service::Zia;
const TOOLSET: &str = "zia_cloud_firewall";

/// Firewall filtering rules page; the documented default page is large.
const RULE_PAGES: Paging = Paging::Pages {
    default_size: 1000,
    max_size: 5000,
};

/// Endpoints the SDKs walk with `page`/`pageSize` (page size 1000 is accepted).
const PAGES: Paging = Paging::Pages {
    default_size: 100,
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
    read(name, ZIA, TOOLSET, title, description, path, params, paging)
}

const fn get(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    read(
        name,
        ZIA,
        TOOLSET,
        title,
        description,
        path,
        params,
        Paging::None,
    )
}

const fn write(
    name: &'static str,
    action: Action,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    params: &'static [Param],
) -> ToolSpec {
    super::spec::write(name, ZIA, TOOLSET, action, title, description, path, params)
}

// ---------------------------------------------------------------------------------------
// Parameters shared by several tools
// ---------------------------------------------------------------------------------------

const SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Only items whose name contains this text.",
);

/// The name filter of lists whose API has none: applied by this server to the results.
const NAME_FILTER: Param = query(
    "search",
    "search",
    Kind::Str,
    "Only items whose name contains this text (case-insensitive).",
);

const NAME: Param = body("name", "name", Kind::Str, false, "Display name.");
const DESCRIPTION: Param = body(
    "description",
    "description",
    Kind::Str,
    false,
    "Free-text description.",
);

const RULE_ID: Param = path_int(
    "rule_id",
    "Numeric rule id (the `id` field of the list tool's results).",
);
const GROUP_ID: Param = path_int(
    "group_id",
    "Numeric group id (the `id` field of the list tool's results).",
);

// Rule fields common to filtering, DNS and IPS rules.

const RULE_NAME: Param = body(
    "name",
    "name",
    Kind::Str,
    false,
    "Rule name, unique within the policy (at most 31 characters).",
);
const RULE_ORDER: Param = body(
    "order",
    "order",
    Kind::Int,
    false,
    "1-based position in the policy; rules are evaluated from 1 upwards and the rules at or \
     after this position move down one place.",
);
const RULE_RANK: Param = body(
    "rank",
    "rank",
    Kind::Int,
    false,
    "Admin rank 0-7 (0 is the highest). ZIA uses 7 when it is not set; it matters only when \
     admin ranking is enabled.",
);
const RULE_STATE: Param = body(
    "state",
    "state",
    Kind::Enum(&["ENABLED", "DISABLED"]),
    false,
    "ENABLED to enforce the rule, DISABLED to keep it without effect.",
);
const FULL_LOGGING: Param = body(
    "enable_full_logging",
    "enableFullLogging",
    Kind::Bool,
    false,
    "true logs every session the rule matches; false logs in aggregate.",
);
const CAPTURE_PCAP: Param = body(
    "capture_pcap",
    "capturePCAP",
    Kind::Bool,
    false,
    "true to capture packets (PCAP) of matching traffic.",
);
const SRC_IPS: Param = body(
    "src_ips",
    "srcIps",
    Kind::StrList,
    false,
    "Source IPv4 addresses, CIDR blocks or ranges, e.g. [\"10.0.0.0/8\", \
     \"192.168.1.10-192.168.1.20\"].",
);
const DEST_ADDRESSES: Param = body(
    "dest_addresses",
    "destAddresses",
    Kind::StrList,
    false,
    "Destination IP addresses, CIDR blocks, ranges or FQDNs.",
);
const DEST_COUNTRIES: Param = body(
    "dest_countries",
    "destCountries",
    Kind::StrList,
    false,
    "Destination countries as COUNTRY_ plus the ISO 3166 code, e.g. [\"COUNTRY_US\"].",
);
const SOURCE_COUNTRIES: Param = body(
    "source_countries",
    "sourceCountries",
    Kind::StrList,
    false,
    "Countries the traffic comes from, as COUNTRY_ plus the ISO 3166 code.",
);
const EXCLUDE_SRC_COUNTRIES: Param = body(
    "exclude_src_countries",
    "excludeSrcCountries",
    Kind::Bool,
    false,
    "true to match traffic from every country except source_countries.",
);
const DEST_IP_CATEGORIES: Param = body(
    "dest_ip_categories",
    "destIpCategories",
    Kind::StrList,
    false,
    "URL category ids of the destination, e.g. [\"BOTNET\", \"CUSTOM_01\"] (ids from \
     zia_list_url_categories).",
);
const RES_CATEGORIES: Param = body(
    "res_categories",
    "resCategories",
    Kind::StrList,
    false,
    "URL category ids of the IP addresses the DNS answer resolves to.",
);
const NW_APPLICATIONS: Param = body(
    "nw_applications",
    "nwApplications",
    Kind::StrList,
    false,
    "Network application ids (strings such as \"SKYPE\"), from zia_list_network_apps.",
);
const DEVICE_TRUST_LEVELS: Param = body(
    "device_trust_levels",
    "deviceTrustLevels",
    Kind::StrList,
    false,
    "Device trust levels the rule applies to: any of ANY, UNKNOWN_DEVICETRUSTLEVEL, \
     LOW_TRUST, MEDIUM_TRUST, HIGH_TRUST.",
);

const LOCATION_IDS: Param = body_refs(
    "location_ids",
    "locations",
    "Location ids (integers) from zia_list_locations.",
);
const LOCATION_GROUP_IDS: Param = body_refs(
    "location_group_ids",
    "locationGroups",
    "Location group ids (integers) from zia_list_location_groups.",
);
const DEPARTMENT_IDS: Param = body_refs(
    "department_ids",
    "departments",
    "Department ids (integers) from get_zia_user_departments.",
);
const GROUP_IDS: Param = body_refs(
    "group_ids",
    "groups",
    "User group ids (integers) from get_zia_user_groups.",
);
const USER_IDS: Param = body_refs(
    "user_ids",
    "users",
    "User ids (integers) from get_zia_users.",
);
const TIME_WINDOW_IDS: Param = body_refs(
    "time_window_ids",
    "timeWindows",
    "Time interval ids (integers) from zia_list_time_intervals.",
);
const LABEL_IDS: Param = body_refs(
    "label_ids",
    "labels",
    "Rule label ids (integers) from zia_list_rule_labels.",
);
const DEVICE_IDS: Param = body_refs(
    "device_ids",
    "devices",
    "Device ids (integers) from zia_list_devices.",
);
const DEVICE_GROUP_IDS: Param = body_refs(
    "device_group_ids",
    "deviceGroups",
    "Device group ids (integers) from zia_list_device_groups.",
);
const SRC_IP_GROUP_IDS: Param = body_refs(
    "src_ip_group_ids",
    "srcIpGroups",
    "IP source group ids (integers) from zia_list_ip_source_groups.",
);
const DEST_IP_GROUP_IDS: Param = body_refs(
    "dest_ip_group_ids",
    "destIpGroups",
    "IP destination group ids (integers) from zia_list_ip_destination_groups.",
);
const NW_SERVICE_IDS: Param = body_refs(
    "nw_service_ids",
    "nwServices",
    "Network service ids (integers) from zia_list_network_services.",
);
const NW_SERVICE_GROUP_IDS: Param = body_refs(
    "nw_service_group_ids",
    "nwServiceGroups",
    "Network service group ids (integers) from zia_list_network_svc_groups.",
);
const NW_APPLICATION_GROUP_IDS: Param = body_refs(
    "nw_application_group_ids",
    "nwApplicationGroups",
    "Network application group ids (integers) from zia_list_network_app_groups.",
);
const WORKLOAD_GROUP_IDS: Param = body_refs(
    "workload_group_ids",
    "workloadGroups",
    "Workload group ids (integers) from zia_list_workload_groups.",
);
const THREAT_CATEGORY_IDS: Param = body_refs(
    "threat_category_ids",
    "threatCategories",
    "IPS threat category ids (integers), as seen in the threatCategories of existing IPS \
     rules.",
);
const DNS_APPLICATION_GROUP_IDS: Param = body_refs(
    "application_group_ids",
    "applicationGroups",
    "DNS application group ids (integers), as seen in the applicationGroups of existing DNS \
     rules.",
);

// Firewall filtering rules.

const FW_ACTION: Param = body(
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
        ]
    };
}

// DNS rules.

const DNS_ACTION: Param = body(
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
        ]
    };
}

// IPS rules.

const IPS_ACTION: Param = body(
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
        ]
    };
}

// IPS signatures, groups, services, applications.

const RULE_TEXT: Param = body(
    "rule_text",
    "ruleText",
    Kind::Str,
    false,
    "The signature in Snort/Suricata syntax, with a unique sid and a rev, e.g. \
     alert http any any -> any any (msg:\"admin page\"; content:\"/admin\"; http_uri; \
     sid:1000010; rev:1;)",
);
const SIGNATURE_CATEGORY: Param = body(
    "category",
    "category",
    Kind::Object,
    false,
    "Threat category the signature belongs to, as {\"id\": <integer>}; IPS rules select \
     signatures through this category.",
);
const SIGNATURE_ENABLED: Param = body(
    "enabled",
    "enabled",
    Kind::Bool,
    false,
    "true to make the signature available to IPS rules.",
);

const IP_ADDRESSES: Param = body(
    "ip_addresses",
    "ipAddresses",
    Kind::StrList,
    false,
    "Source IPv4 addresses, CIDR blocks or ranges, e.g. [\"192.168.1.0/24\", \
     \"10.1.1.1-10.1.1.9\"]. On update the list replaces the current one.",
);

const DEST_GROUP_TYPE: Param = body(
    "type",
    "type",
    Kind::Enum(&["DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"]),
    false,
    "What the group holds: DSTN_IP (IP addresses), DSTN_FQDN (host names), DSTN_DOMAIN \
     (wildcard domains such as *.example.com) or DSTN_OTHER (countries and URL categories).",
);
const DEST_GROUP_ADDRESSES: Param = body(
    "addresses",
    "addresses",
    Kind::StrList,
    false,
    "Members for DSTN_IP (IPs, CIDRs, ranges), DSTN_FQDN or DSTN_DOMAIN groups. On update \
     the list replaces the current one.",
);
const DEST_GROUP_COUNTRIES: Param = body(
    "countries",
    "countries",
    Kind::StrList,
    false,
    "For DSTN_OTHER groups: countries as COUNTRY_ plus the ISO 3166 code.",
);
const DEST_GROUP_CATEGORIES: Param = body(
    "ip_categories",
    "ipCategories",
    Kind::StrList,
    false,
    "For DSTN_OTHER groups: custom URL category ids such as CUSTOM_01.",
);

const SERVICE_PORTS: Param = body(
    "ports",
    "ports",
    Kind::StrList,
    false,
    "Ports as \"<dest|src>:<tcp|udp>:<port>\" or \"<dest|src>:<tcp|udp>:<first>-<last>\", \
     e.g. [\"dest:tcp:443\", \"dest:tcp:8080-8090\", \"dest:udp:53\"]. On update the given \
     ports replace all current ports.",
);
const SERVICE_IDS: Param = body_refs(
    "service_ids",
    "services",
    "Network service ids (integers) from zia_list_network_services. On update the list \
     replaces the current members.",
);
const NETWORK_APPLICATIONS: Param = body(
    "network_applications",
    "networkApplications",
    Kind::StrList,
    false,
    "Network application ids (strings such as \"SALESFORCE\" or \"OFFICE365\") from \
     zia_list_network_apps. On update the list replaces the current members.",
);
const LOCALE: Param = query(
    "locale",
    "locale",
    Kind::Enum(&["en-US", "de-DE", "es-ES", "fr-FR", "ja-JP", "zh-CN"]),
    "Language of the descriptions in the result.",
);

pub const TOOLS: &[ToolSpec] = &[
    // ---------------------------------------------------------------- filtering rules
    list(
        "zia_list_cloud_firewall_rules",
        "List ZIA cloud firewall rules",
        "List the cloud firewall filtering policy: every rule in evaluation order, with its \
         action, state, sources, destinations, network services and applications. The \
         default rule has order -1 and is evaluated last. Rule ids are integers; use them \
         with zia_get_cloud_firewall_rule and the update and delete tools.",
        zia!("/firewallFilteringRules"),
        &[
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
        ],
        RULE_PAGES,
    ),
    get(
        "zia_get_cloud_firewall_rule",
        "Get a ZIA cloud firewall rule",
        "Get one cloud firewall filtering rule by its integer id (from \
         zia_list_cloud_firewall_rules), with all of its criteria as {id, name} references.",
        zia!("/firewallFilteringRules/{rule_id}"),
        &[RULE_ID],
    ),
    write(
        "zia_create_cloud_firewall_rule",
        Action::Create,
        "Create a ZIA cloud firewall rule",
        staged!(
            "Add a cloud firewall filtering rule at the given order. Criteria left out do not \
             restrict the rule (a rule with no sources matches every source). Look up ids \
             first: network services with zia_list_network_services, IP groups with \
             zia_list_ip_source_groups / zia_list_ip_destination_groups, users, groups, \
             departments and locations with their list tools."
        ),
        zia!("/firewallFilteringRules"),
        fw_rule_params![
            required(RULE_NAME),
            required(RULE_ORDER),
            required(FW_ACTION)
        ],
    ),
    write(
        "zia_update_cloud_firewall_rule",
        Action::Update,
        "Update a ZIA cloud firewall rule",
        staged!(
            "Change a cloud firewall filtering rule by its integer id: the rule is read, the \
             given fields replace their current values and the rest is kept. A list given \
             here (e.g. nw_service_ids) replaces the whole current list."
        ),
        zia!("/firewallFilteringRules/{rule_id}"),
        fw_rule_params![RULE_ID, RULE_NAME, RULE_ORDER, FW_ACTION],
    ),
    write(
        "zia_delete_cloud_firewall_rule",
        Action::Delete,
        "Delete a ZIA cloud firewall rule",
        staged!(
            "Delete a cloud firewall filtering rule by its integer id. The default rule and \
             predefined rules cannot be deleted; disable them with the update tool instead."
        ),
        zia!("/firewallFilteringRules/{rule_id}"),
        &[RULE_ID],
    ),
    // ---------------------------------------------------------------- DNS rules
    ToolSpec {
        hook: Hook::Custom(list_filtered_by_name),
        ..list(
            "zia_list_cloud_firewall_dns_rules",
            "List ZIA DNS control rules",
            "List the DNS control policy of the cloud firewall in evaluation order: each \
             rule's action (allow, block, redirect), the DNS record types, applications and \
             resolved categories it matches, and who it applies to. Rule ids are integers.",
            zia!("/firewallDnsRules"),
            &[NAME_FILTER],
            PAGES,
        )
    },
    get(
        "zia_get_cloud_firewall_dns_rule",
        "Get a ZIA DNS control rule",
        "Get one DNS control rule by its integer id (from zia_list_cloud_firewall_dns_rules).",
        zia!("/firewallDnsRules/{rule_id}"),
        &[RULE_ID],
    ),
    write(
        "zia_create_cloud_firewall_dns_rule",
        Action::Create,
        "Create a ZIA DNS control rule",
        staged!(
            "Add a DNS control rule at the given order. Redirect actions need their target: \
             redirect_ip for REDIR_RES, a DNS gateway (extra_fields {\"dnsGateway\": ...}) for \
             the REDIR_REQ actions, a ZPA IP pool (extra_fields {\"zpaIpGroup\": {\"id\": n}}) \
             for REDIR_ZPA."
        ),
        zia!("/firewallDnsRules"),
        dns_rule_params![
            required(RULE_NAME),
            required(RULE_ORDER),
            required(DNS_ACTION)
        ],
    ),
    write(
        "zia_update_cloud_firewall_dns_rule",
        Action::Update,
        "Update a ZIA DNS control rule",
        staged!(
            "Change a DNS control rule by its integer id: the rule is read, the given fields \
             replace their current values and the rest is kept. A list given here replaces \
             the whole current list."
        ),
        zia!("/firewallDnsRules/{rule_id}"),
        dns_rule_params![RULE_ID, RULE_NAME, RULE_ORDER, DNS_ACTION],
    ),
    write(
        "zia_delete_cloud_firewall_dns_rule",
        Action::Delete,
        "Delete a ZIA DNS control rule",
        staged!(
            "Delete a DNS control rule by its integer id. Default and predefined rules cannot \
             be deleted."
        ),
        zia!("/firewallDnsRules/{rule_id}"),
        &[RULE_ID],
    ),
    // ---------------------------------------------------------------- IPS rules
    ToolSpec {
        hook: Hook::Custom(list_filtered_by_name),
        ..list(
            "zia_list_cloud_firewall_ips_rules",
            "List ZIA IPS control rules",
            "List the IPS control policy of the cloud firewall in evaluation order: each \
             rule's action, the threat categories it inspects for, and the traffic it \
             applies to. Rule ids are integers.",
            zia!("/firewallIpsRules"),
            &[NAME_FILTER],
            PAGES,
        )
    },
    get(
        "zia_get_cloud_firewall_ips_rule",
        "Get a ZIA IPS control rule",
        "Get one IPS control rule by its integer id (from zia_list_cloud_firewall_ips_rules).",
        zia!("/firewallIpsRules/{rule_id}"),
        &[RULE_ID],
    ),
    write(
        "zia_create_cloud_firewall_ips_rule",
        Action::Create,
        "Create a ZIA IPS control rule",
        staged!(
            "Add an IPS control rule at the given order. threat_category_ids chooses which \
             threats the rule acts on; custom signatures (zia_list_ips_signature_rules) are \
             reached through their threat category."
        ),
        zia!("/firewallIpsRules"),
        ips_rule_params![
            required(RULE_NAME),
            required(RULE_ORDER),
            required(IPS_ACTION)
        ],
    ),
    write(
        "zia_update_cloud_firewall_ips_rule",
        Action::Update,
        "Update a ZIA IPS control rule",
        staged!(
            "Change an IPS control rule by its integer id: the rule is read, the given fields \
             replace their current values and the rest is kept. A list given here replaces \
             the whole current list."
        ),
        zia!("/firewallIpsRules/{rule_id}"),
        ips_rule_params![RULE_ID, RULE_NAME, RULE_ORDER, IPS_ACTION],
    ),
    write(
        "zia_delete_cloud_firewall_ips_rule",
        Action::Delete,
        "Delete a ZIA IPS control rule",
        staged!(
            "Delete an IPS control rule by its integer id. The default IPS rule and predefined \
             rules cannot be deleted."
        ),
        zia!("/firewallIpsRules/{rule_id}"),
        &[RULE_ID],
    ),
    // ---------------------------------------------------------------- IPS signatures
    ToolSpec {
        hook: Hook::Custom(list_filtered_by_name),
        ..list(
            "zia_list_ips_signature_rules",
            "List ZIA custom IPS signatures",
            "List the tenant's custom IPS signatures (Snort/Suricata rules), with their \
             threat category, whether they are enabled and their validation status. These \
             are signature definitions, not IPS policy rules (see \
             zia_list_cloud_firewall_ips_rules). Ids are integers.",
            zia!("/ipsSignatureRules"),
            &[NAME_FILTER],
            PAGES,
        )
    },
    get(
        "zia_get_ips_signature_rule",
        "Get a ZIA custom IPS signature",
        "Get one custom IPS signature by its integer id (from zia_list_ips_signature_rules), \
         including its rule text.",
        zia!("/ipsSignatureRules/{rule_id}"),
        &[path_int(
            "rule_id",
            "Numeric signature id (the `id` field of zia_list_ips_signature_rules).",
        )],
    ),
    write(
        "zia_create_ips_signature_rule",
        Action::Create,
        "Create a ZIA custom IPS signature",
        staged!(
            "Add a custom IPS signature written in Snort/Suricata syntax. Its sid must not be \
             used by another signature of the tenant; ZIA validates the text and rejects \
             invalid rules."
        ),
        zia!("/ipsSignatureRules"),
        &[
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
        ],
    ),
    write(
        "zia_update_ips_signature_rule",
        Action::Update,
        "Update a ZIA custom IPS signature",
        staged!(
            "Change a custom IPS signature by its integer id: the signature is read, the given \
             fields replace their current values and the rest (name, rule text) is kept."
        ),
        zia!("/ipsSignatureRules/{rule_id}"),
        &[
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
        ],
    ),
    write(
        "zia_delete_ips_signature_rule",
        Action::Delete,
        "Delete a ZIA custom IPS signature",
        staged!("Delete a custom IPS signature by its integer id."),
        zia!("/ipsSignatureRules/{rule_id}"),
        &[path_int(
            "rule_id",
            "Numeric signature id (the `id` field of zia_list_ips_signature_rules).",
        )],
    ),
    // ---------------------------------------------------------------- IP source groups
    list(
        "zia_list_ip_source_groups",
        "List ZIA IP source groups",
        "List IP source groups: named sets of source IP addresses, CIDRs and ranges that \
         firewall, DNS and IPS rules match on (src_ip_group_ids). Ids are integers.",
        zia!("/ipSourceGroups"),
        &[SEARCH],
        Paging::None,
    ),
    get(
        "zia_get_ip_source_group",
        "Get a ZIA IP source group",
        "Get one IP source group by its integer id (from zia_list_ip_source_groups), with its \
         addresses.",
        zia!("/ipSourceGroups/{group_id}"),
        &[GROUP_ID],
    ),
    write(
        "zia_create_ip_source_group",
        Action::Create,
        "Create a ZIA IP source group",
        staged!(
            "Create an IP source group from a list of IPv4 addresses, CIDRs or ranges, for use \
             in firewall rules (src_ip_group_ids)."
        ),
        zia!("/ipSourceGroups"),
        &[
            required(NAME),
            required(IP_ADDRESSES),
            DESCRIPTION,
            EXTRA_FIELDS,
        ],
    ),
    write(
        "zia_update_ip_source_group",
        Action::Update,
        "Update a ZIA IP source group",
        staged!(
            "Change an IP source group by its integer id. Fields not given keep their values; \
             ip_addresses, when given, replaces the whole address list (to add one address, \
             read the group first and send the full list)."
        ),
        zia!("/ipSourceGroups/{group_id}"),
        &[GROUP_ID, NAME, IP_ADDRESSES, DESCRIPTION, EXTRA_FIELDS],
    ),
    write(
        "zia_delete_ip_source_group",
        Action::Delete,
        "Delete a ZIA IP source group",
        staged!(
            "Delete an IP source group by its integer id. A group still used by a rule cannot \
             be deleted; remove it from the rules first."
        ),
        zia!("/ipSourceGroups/{group_id}"),
        &[GROUP_ID],
    ),
    // ---------------------------------------------------------------- IP destination groups
    list(
        "zia_list_ip_destination_groups",
        "List ZIA IP destination groups",
        "List IP destination groups: named sets of destination IPs, host names, domains, \
         countries or URL categories that firewall, DNS and IPS rules match on \
         (dest_ip_group_ids). Ids are integers.",
        zia!("/ipDestinationGroups"),
        &[
            SEARCH,
            query(
                "exclude_type",
                "excludeType",
                DEST_GROUP_TYPE.kind,
                "Leave out groups of this type.",
            ),
        ],
        Paging::None,
    ),
    get(
        "zia_get_ip_destination_group",
        "Get a ZIA IP destination group",
        "Get one IP destination group by its integer id (from \
         zia_list_ip_destination_groups), with its members.",
        zia!("/ipDestinationGroups/{group_id}"),
        &[GROUP_ID],
    ),
    write(
        "zia_create_ip_destination_group",
        Action::Create,
        "Create a ZIA IP destination group",
        staged!(
            "Create an IP destination group for use in firewall rules (dest_ip_group_ids). \
             DSTN_IP, DSTN_FQDN and DSTN_DOMAIN groups take addresses; DSTN_OTHER groups take \
             countries and/or ip_categories."
        ),
        zia!("/ipDestinationGroups"),
        &[
            required(NAME),
            required(DEST_GROUP_TYPE),
            DEST_GROUP_ADDRESSES,
            DEST_GROUP_COUNTRIES,
            DEST_GROUP_CATEGORIES,
            DESCRIPTION,
            EXTRA_FIELDS,
        ],
    ),
    write(
        "zia_update_ip_destination_group",
        Action::Update,
        "Update a ZIA IP destination group",
        staged!(
            "Change an IP destination group by its integer id. Fields not given keep their \
             values; a list given here replaces the whole current list."
        ),
        zia!("/ipDestinationGroups/{group_id}"),
        &[
            GROUP_ID,
            NAME,
            DEST_GROUP_TYPE,
            DEST_GROUP_ADDRESSES,
            DEST_GROUP_COUNTRIES,
            DEST_GROUP_CATEGORIES,
            DESCRIPTION,
            EXTRA_FIELDS,
        ],
    ),
    write(
        "zia_delete_ip_destination_group",
        Action::Delete,
        "Delete a ZIA IP destination group",
        staged!(
            "Delete an IP destination group by its integer id. A group still used by a rule \
             cannot be deleted; remove it from the rules first."
        ),
        zia!("/ipDestinationGroups/{group_id}"),
        &[GROUP_ID],
    ),
    // ---------------------------------------------------------------- network services
    list(
        "zia_list_network_services",
        "List ZIA network services",
        "List network services (protocol and port definitions such as HTTPS, DNS or custom \
         ones) that firewall rules match on (nw_service_ids). type is STANDARD, PREDEFINED or \
         CUSTOM; only CUSTOM services can be changed. Ids are integers.",
        zia!("/networkServices"),
        &[
            SEARCH,
            query(
                "protocol",
                "protocol",
                Kind::Enum(&["ICMP", "TCP", "UDP", "GRE", "ESP", "OTHER"]),
                "Only services of this protocol.",
            ),
            LOCALE,
        ],
        PAGES,
    ),
    get(
        "zia_get_network_service",
        "Get a ZIA network service",
        "Get one network service by its integer id (from zia_list_network_services), with \
         its source and destination TCP/UDP port ranges.",
        zia!("/networkServices/{service_id}"),
        &[path_int(
            "service_id",
            "Numeric network service id (the `id` field of zia_list_network_services).",
        )],
    ),
    ToolSpec {
        hook: Hook::Custom(network_service_write),
        ..write(
            "zia_create_network_service",
            Action::Create,
            "Create a ZIA network service",
            staged!(
                "Create a custom network service from TCP/UDP ports, for use in firewall rules \
                 (nw_service_ids)."
            ),
            zia!("/networkServices"),
            &[
                required(NAME),
                required(SERVICE_PORTS),
                DESCRIPTION,
                EXTRA_FIELDS,
            ],
        )
    },
    ToolSpec {
        hook: Hook::Custom(network_service_write),
        ..write(
            "zia_update_network_service",
            Action::Update,
            "Update a ZIA network service",
            staged!(
                "Change a custom network service by its integer id. Fields not given keep \
                 their values; ports, when given, replace every current port range."
            ),
            zia!("/networkServices/{service_id}"),
            &[
                path_int(
                    "service_id",
                    "Numeric network service id (the `id` field of zia_list_network_services).",
                ),
                NAME,
                SERVICE_PORTS,
                DESCRIPTION,
                EXTRA_FIELDS,
            ],
        )
    },
    write(
        "zia_delete_network_service",
        Action::Delete,
        "Delete a ZIA network service",
        staged!(
            "Delete a custom network service by its integer id. Standard and predefined \
             services, and services still used by rules or groups, cannot be deleted."
        ),
        zia!("/networkServices/{service_id}"),
        &[path_int(
            "service_id",
            "Numeric network service id (the `id` field of zia_list_network_services).",
        )],
    ),
    // ---------------------------------------------------------------- network service groups
    list(
        "zia_list_network_svc_groups",
        "List ZIA network service groups",
        "List network service groups (named sets of network services) that firewall rules \
         match on (nw_service_group_ids), with their member services. Ids are integers.",
        zia!("/networkServiceGroups"),
        &[SEARCH],
        PAGES,
    ),
    get(
        "zia_get_network_svc_group",
        "Get a ZIA network service group",
        "Get one network service group by its integer id (from zia_list_network_svc_groups), \
         with its member services and their ports.",
        zia!("/networkServiceGroups/{group_id}"),
        &[GROUP_ID],
    ),
    write(
        "zia_create_network_svc_group",
        Action::Create,
        "Create a ZIA network service group",
        staged!(
            "Create a network service group from network service ids \
             (zia_list_network_services), for use in firewall rules (nw_service_group_ids)."
        ),
        zia!("/networkServiceGroups"),
        &[
            required(NAME),
            required(SERVICE_IDS),
            DESCRIPTION,
            EXTRA_FIELDS,
        ],
    ),
    write(
        "zia_update_network_svc_group",
        Action::Update,
        "Update a ZIA network service group",
        staged!(
            "Change a network service group by its integer id. Fields not given keep their \
             values; service_ids, when given, replaces the whole member list."
        ),
        zia!("/networkServiceGroups/{group_id}"),
        &[GROUP_ID, NAME, SERVICE_IDS, DESCRIPTION, EXTRA_FIELDS],
    ),
    write(
        "zia_delete_network_svc_group",
        Action::Delete,
        "Delete a ZIA network service group",
        staged!(
            "Delete a network service group by its integer id. A group still used by a rule \
             cannot be deleted."
        ),
        zia!("/networkServiceGroups/{group_id}"),
        &[GROUP_ID],
    ),
    // ---------------------------------------------------------------- network applications
    list(
        "zia_list_network_apps",
        "List ZIA network applications",
        "List the network applications the cloud firewall recognises (predefined by Zscaler, \
         read-only), with their category and description. Their ids are strings such as \
         SKYPE or DNS_OVER_HTTPS; use them in firewall rules (nw_applications) and network \
         application groups.",
        zia!("/networkApplications"),
        &[SEARCH, LOCALE],
        PAGES,
    ),
    get(
        "zia_get_network_app",
        "Get a ZIA network application",
        "Get one network application by its string id, e.g. SKYPE (from \
         zia_list_network_apps).",
        zia!("/networkApplications/{app_id}"),
        &[
            path_str(
                "app_id",
                "Network application id, a string such as SKYPE or OFFICE365.",
            ),
            LOCALE,
        ],
    ),
    // ---------------------------------------------------------------- network application groups
    list(
        "zia_list_network_app_groups",
        "List ZIA network application groups",
        "List network application groups (named sets of network application ids) that \
         firewall rules match on (nw_application_group_ids). Group ids are integers.",
        zia!("/networkApplicationGroups"),
        &[SEARCH],
        PAGES,
    ),
    get(
        "zia_get_network_app_group",
        "Get a ZIA network application group",
        "Get one network application group by its integer id (from \
         zia_list_network_app_groups), with its member applications.",
        zia!("/networkApplicationGroups/{group_id}"),
        &[GROUP_ID],
    ),
    write(
        "zia_create_network_app_group",
        Action::Create,
        "Create a ZIA network application group",
        staged!(
            "Create a network application group from network application ids \
             (zia_list_network_apps), for use in firewall rules (nw_application_group_ids)."
        ),
        zia!("/networkApplicationGroups"),
        &[
            required(NAME),
            required(NETWORK_APPLICATIONS),
            DESCRIPTION,
            EXTRA_FIELDS,
        ],
    ),
    write(
        "zia_update_network_app_group",
        Action::Update,
        "Update a ZIA network application group",
        staged!(
            "Change a network application group by its integer id. Fields not given keep \
             their values; network_applications, when given, replaces the whole member list."
        ),
        zia!("/networkApplicationGroups/{group_id}"),
        &[
            GROUP_ID,
            NAME,
            NETWORK_APPLICATIONS,
            DESCRIPTION,
            EXTRA_FIELDS,
        ],
    ),
    write(
        "zia_delete_network_app_group",
        Action::Delete,
        "Delete a ZIA network application group",
        staged!(
            "Delete a network application group by its integer id. A group still used by a \
             rule cannot be deleted."
        ),
        zia!("/networkApplicationGroups/{group_id}"),
        &[GROUP_ID],
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

/// Lists whose API has no name filter: walk the pages as the generic executor would, and
/// keep the items whose name contains the `search` text (case-insensitive).
fn list_filtered_by_name<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
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
        let (default_size, max_size) = match ctx.spec.paging {
            Paging::Pages {
                default_size,
                max_size,
            } => (default_size, max_size),
            _ => (1000, 1000),
        };
        let single = ctx.plan.paging_u32("page");
        let (mut page, size) = match single {
            Some(p) => (p, ctx.plan.paging_u32("page_size").unwrap_or(default_size)),
            None => (1, max_size),
        };
        let keeps = |item: &Value| match &needle {
            None => true,
            Some(n) => item
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| name.to_lowercase().contains(n.as_str())),
        };
        let max_items = ctx.client.settings().max_items;
        let mut kept = Vec::new();
        let mut note = None;
        loop {
            let mut query = base.clone();
            query.push(("page".to_string(), page.to_string()));
            query.push(("pageSize".to_string(), size.to_string()));
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
            let full = !items.is_empty() && items.len() as u32 >= size;
            kept.extend(items.into_iter().filter(|i| keeps(i)));
            if single.is_some() {
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
        Ok(ToolOutput {
            value: Value::Array(kept),
            note,
        })
    })
}

/// The port fields of a network service, in the order the API lists them.
const PORT_FIELDS: [&str; 4] = ["srcTcpPorts", "destTcpPorts", "srcUdpPorts", "destUdpPorts"];

fn parse_port(text: &str) -> Option<u64> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|p| (1..=65535).contains(p))
}

/// `dest:tcp:443` or `src:udp:1000-2000` into the API's four port-range lists.
fn port_ranges(entries: &[Value]) -> Result<Map<String, Value>, ToolError> {
    let mut out = Map::new();
    for field in PORT_FIELDS {
        out.insert(field.to_string(), Value::Array(Vec::new()));
    }
    for (i, entry) in entries.iter().enumerate() {
        let text = entry.as_str().unwrap_or_default();
        let bad = || {
            arg_error(
                "ports",
                format!(
                    "item {i} ({text:?}) is not <dest|src>:<tcp|udp>:<port> or \
                     <dest|src>:<tcp|udp>:<first>-<last> with ports 1-65535"
                ),
            )
        };
        let parts: Vec<&str> = text.split(':').map(str::trim).collect();
        let [direction, protocol, ports] = parts[..] else {
            return Err(bad());
        };
        let field = match (
            direction.to_ascii_lowercase().as_str(),
            protocol.to_ascii_lowercase().as_str(),
        ) {
            ("src", "tcp") => "srcTcpPorts",
            ("dest", "tcp") => "destTcpPorts",
            ("src", "udp") => "srcUdpPorts",
            ("dest", "udp") => "destUdpPorts",
            _ => return Err(bad()),
        };
        let range = match ports.split_once('-') {
            None => json!({"start": parse_port(ports).ok_or_else(bad)?}),
            Some((first, last)) => {
                let (start, end) = (
                    parse_port(first).ok_or_else(bad)?,
                    parse_port(last).ok_or_else(bad)?,
                );
                if end < start {
                    return Err(bad());
                }
                if start == end {
                    json!({ "start": start })
                } else {
                    json!({"start": start, "end": end})
                }
            }
        };
        if let Some(Value::Array(list)) = out.get_mut(field) {
            list.push(range);
        }
    }
    Ok(out)
}

/// Network service create and update: the `ports` notation becomes the API's port-range
/// lists; an update reads the service first and keeps what was not given.
fn network_service_write<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut fields = match &ctx.plan.body {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        let is_update = ctx.spec.method == HttpMethod::Put;
        if let Some(ports) = fields.remove("ports") {
            let ranges = port_ranges(ports.as_array().map(Vec::as_slice).unwrap_or(&[]))?;
            for (field, list) in ranges {
                let empty = list.as_array().is_some_and(Vec::is_empty);
                // A create sends only the lists in use; an update replaces all four.
                if is_update || !empty {
                    fields.insert(field, list);
                }
            }
        }
        let call = |method, body| ApiRequest {
            service: ctx.spec.service,
            method,
            path: ctx.path,
            query: &[],
            body,
        };
        let body = if is_update {
            let current = ctx
                .client
                .call(call(HttpMethod::Get, None), ctx.deadline)
                .await?;
            let mut merged = match current.body {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            merged.extend(fields);
            Value::Object(merged)
        } else {
            Value::Object(fields)
        };
        let resp = ctx
            .client
            .call(call(ctx.spec.method, Some(&body)), ctx.deadline)
            .await?;
        let value = if resp.body.is_null() { body } else { resp.body };
        Ok(ToolOutput { value, note: None })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_become_ranges() {
        let ports = port_ranges(&[
            json!("dest:tcp:443"),
            json!("DEST:TCP:8080-8090"),
            json!("src:udp:53-53"),
        ])
        .unwrap();
        assert_eq!(
            ports["destTcpPorts"],
            json!([{"start": 443}, {"start": 8080, "end": 8090}])
        );
        assert_eq!(ports["srcUdpPorts"], json!([{"start": 53}]));
        assert_eq!(ports["srcTcpPorts"], json!([]));
    }

    #[test]
    fn bad_ports_name_the_field() {
        for bad in [
            "dest:icmp:1",
            "dest:tcp",
            "dest:tcp:0",
            "dest:tcp:9-3",
            "x:tcp:1",
        ] {
            let err = port_ranges(&[json!(bad)]).unwrap_err();
            assert!(
                matches!(&err, ToolError::Args(a) if a.field == "ports"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn create_tools_require_what_the_api_needs() {
        let spec = TOOLS
            .iter()
            .find(|t| t.name == "zia_create_cloud_firewall_rule")
            .unwrap();
        let required: Vec<&str> = spec
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name)
            .collect();
        assert_eq!(required, ["name", "order", "action"]);
        let update = TOOLS
            .iter()
            .find(|t| t.name == "zia_update_cloud_firewall_rule")
            .unwrap();
        let required: Vec<&str> = update
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name)
            .collect();
        assert_eq!(required, ["rule_id"]);
    }
}
