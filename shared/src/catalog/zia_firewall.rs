//! ZIA cloud firewall tools (`/zia/api/v1`): filtering, DNS and IPS rules, IP source and
//! destination groups, network services and applications, and their groups.

use super::spec::*;

macro_rules! zia {
    ($p:literal) => {
        concat!("/zia/api/v1", $p)
    };
}

const ZIA: Service = Service::Zia;

const SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Filter by name (the API matches names containing this text).",
);

pub const TOOLS: &[ToolSpec] = &[
    read(
        "zia_list_cloud_firewall_rules",
        ZIA,
        "zia_cloud_firewall",
        "List ZIA cloud firewall rules",
        "List cloud firewall filtering rules (including the default rule, order -1), with \
         sources, destinations, services and action.",
        zia!("/firewallFilteringRules"),
        &[
            SEARCH,
            query(
                "rule_action",
                "ruleAction",
                Kind::Enum(&[
                    "ALLOW",
                    "BLOCK_DROP",
                    "BLOCK_RESET",
                    "BLOCK_ICMP",
                    "EVAL_NWAPP",
                ]),
                "Only rules with this action.",
            ),
        ],
        Paging::Pages {
            default_size: 1000,
            max_size: 5000,
        },
    ),
    read(
        "zia_get_cloud_firewall_rule",
        ZIA,
        "zia_cloud_firewall",
        "Get a ZIA cloud firewall rule",
        "Get one cloud firewall filtering rule by its numeric id.",
        zia!("/firewallFilteringRules/{rule_id}"),
        &[path_int("rule_id", "Numeric firewall rule id.")],
        Paging::None,
    ),
];
