//! The prompt table: the Python server's four (names, titles, descriptions and argument
//! names/required flags exactly as `zscaler-mcp` 0.15.4 serves them; tests/tests/prompts.rs
//! records the originals) in its order, then ours.

use super::{ArgKind, PromptArg, PromptDef};
use crate::tool::Service;

const fn text(name: &'static str, required: bool, description: &'static str) -> PromptArg {
    PromptArg {
        name,
        description,
        required,
        kind: ArgKind::Text,
        default: "",
        if_set: "",
        if_empty: "",
    }
}

const fn number(
    name: &'static str,
    max: u32,
    default: &'static str,
    description: &'static str,
) -> PromptArg {
    PromptArg {
        name,
        description,
        required: false,
        kind: ArgKind::Number { max },
        default,
        if_set: "",
        if_empty: "",
    }
}

/// An optional text argument with its focus sentences (`{{name?}}`).
const fn focus(
    name: &'static str,
    description: &'static str,
    if_set: &'static str,
    if_empty: &'static str,
) -> PromptArg {
    PromptArg {
        name,
        description,
        required: false,
        kind: ArgKind::Text,
        default: "",
        if_set,
        if_empty,
    }
}

/// ZCell `days` windows: the tools accept 1-365.
const MAX_DAYS: u32 = 365;
/// A year of hours: longer windows are for the API to refuse, not us.
const MAX_HOURS: u32 = 8760;

pub static PROMPTS: &[PromptDef] = &[
    PromptDef {
        name: "zcell_audit_data_usage",
        title: "ZCell: Audit Data Usage",
        description: "Audit Zscaler Cellular data usage across the fleet: tenant status summary,\n    usage by country / day / SIM, and data-cap events — to surface top consumers,\n    roaming spend, and trends over a window.\n\n    Args:\n        since_days: Lookback window in DAYS for the usage analytics (the ZCell\n            ``days`` parameter). Defaults to 30.\n        country: Optional country to focus the audit on (e.g. \"US\", \"GB\"). Leave\n            empty to audit the whole fleet and rank countries.",
        service: Service::Zcell,
        arguments: &[
            number(
                "since_days",
                MAX_DAYS,
                "30",
                "Lookback window in DAYS for the usage analytics (the ZCell `days` parameter). \
                 Defaults to 30.",
            ),
            focus(
                "country",
                "Optional country to focus the audit on (e.g. \"US\", \"GB\"). Leave empty to \
                 audit the whole fleet and rank countries.",
                "Focus the audit on country: \"{{country}}\". Filter breakdowns to it where the \
                 tool allows and call out how it compares to the fleet total.",
                "No country was specified - audit the whole fleet and rank countries by usage, \
                 calling out the top spenders.",
            ),
        ],
        template: include_str!("texts/zcell_audit_data_usage.md"),
    },
    PromptDef {
        name: "zcell_investigate_sim",
        title: "ZCell: Investigate a SIM",
        description: "Investigate one Zscaler Cellular SIM by ICCID: inventory record, recent\n    network/session events, and any anomaly-policy (geofence) violations, to\n    diagnose why a SIM is offline, roaming, data-capped, or flagged.\n\n    Args:\n        iccid: The ICCID of the SIM to investigate (passed as a string).\n        since_days: Lookback window in DAYS for the event/violation history\n            (the ZCell ``days`` parameter). Defaults to 7.",
        service: Service::Zcell,
        arguments: &[
            text("iccid", true, "The ICCID of the SIM to investigate."),
            number(
                "since_days",
                MAX_DAYS,
                "7",
                "Lookback window in DAYS for the event/violation history (the ZCell `days` \
                 parameter). Defaults to 7.",
            ),
        ],
        template: include_str!("texts/zcell_investigate_sim.md"),
    },
    PromptDef {
        name: "zcell_review_anomaly_policies",
        title: "ZCell: Review Anomaly Policies",
        description: "Review Zscaler Cellular anomaly/geofence policies: their run state, the\n    location groups they watch, and the violations (and offending SIMs) they have\n    generated over a window — a posture check on cellular anomaly detection.\n\n    Args:\n        since_days: Lookback window in DAYS for violations/logs (the ZCell\n            ``days`` parameter). Defaults to 30.\n        policy_type: Optional policy type to focus on (e.g. \"GEOFENCING\"). Leave\n            empty to review all anomaly policy types.",
        service: Service::Zcell,
        arguments: &[
            number(
                "since_days",
                MAX_DAYS,
                "30",
                "Lookback window in DAYS for violations/logs (the ZCell `days` parameter). \
                 Defaults to 30.",
            ),
            focus(
                "policy_type",
                "Optional policy type to focus on (e.g. \"GEOFENCING\"). Leave empty to review \
                 all anomaly policy types.",
                "Focus on policies of type \"{{policy_type}}\" (pass \
                 policy_type=\"{{policy_type}}\" to zcell_list_anomaly_policies).",
                "No policy type was specified - review all anomaly policy types and group your \
                 findings by type.",
            ),
        ],
        template: include_str!("texts/zcell_review_anomaly_policies.md"),
    },
    PromptDef {
        name: "zdx_troubleshoot_user_experience",
        title: "ZDX: Troubleshoot User Experience",
        description: "Troubleshoot a user's ZDX digital experience: device health, application\n    score trend, network-path metrics, and active alerts, to localize whether a\n    slowdown is on the device, the network, or the application server.\n\n    Args:\n        user_or_device: The user's name/email or the device hostname to\n            investigate (used as the ``search`` term for ``zdx_list_devices``).\n        application: Optional application name to focus on (e.g. \"Microsoft 365\",\n            \"Salesforce\"). Leave empty to triage across all monitored apps.\n        since_hours: Lookback window in HOURS for ZDX queries (the ``since``\n            parameter). Defaults to 24.",
        service: Service::Zdx,
        arguments: &[
            text(
                "user_or_device",
                true,
                "The user's name/email or the device hostname to investigate (the `search` \
                 term for zdx_list_devices).",
            ),
            focus(
                "application",
                "Optional application name to focus on (e.g. \"Microsoft 365\", \
                 \"Salesforce\"). Leave empty to triage across all monitored apps.",
                "Focus on the application: \"{{application}}\".",
                "No specific application was given - triage across all monitored applications \
                 and call out the worst-scoring one(s).",
            ),
            number(
                "since_hours",
                MAX_HOURS,
                "24",
                "Lookback window in HOURS for ZDX queries. Defaults to 24.",
            ),
        ],
        template: include_str!("texts/zdx_troubleshoot_user_experience.md"),
    },
    PromptDef {
        name: "zia_review_firewall_policy",
        title: "ZIA: Review Firewall Policy",
        description: "Review the ZIA cloud firewall policy in evaluation order: any-any and \
                      overly broad ALLOW rules, shadowed and conflicting rules, ordering \
                      mistakes, disabled rules and logging gaps, with a prioritized list of \
                      fixes. Read-only.",
        service: Service::Zia,
        arguments: &[focus(
            "search",
            "Optional text: review only the rules whose name contains it (they are still \
             checked against every earlier rule). Leave empty to review the whole policy.",
            "Review only the rules whose name contains \"{{search}}\" (pass \
             search=\"{{search}}\" to zia_list_cloud_firewall_rules), but list the whole \
             policy once as well: a rule outside the filter can shadow one inside it.",
            "Review the whole policy.",
        )],
        template: include_str!("texts/zia_review_firewall_policy.md"),
    },
    PromptDef {
        name: "zpa_why_cant_user_reach_app",
        title: "ZPA: Why Can't This User Reach This App?",
        description: "Diagnose why a user cannot reach a private application through ZPA: \
                      application segment and segment group, the deciding access policy rule, \
                      posture and network conditions, app connector health, and the client \
                      and ZDX signals. Read-only.",
        service: Service::Zpa,
        arguments: &[
            text(
                "user",
                true,
                "The user's login name or e-mail address.",
            ),
            text(
                "application",
                true,
                "The application's FQDN or IP as the user types it (e.g. \
                 \"jira.corp.example.com\"), or the application segment's name.",
            ),
            PromptArg {
                if_set: " on port {{port}}",
                ..number(
                    "port",
                    65535,
                    "",
                    "Optional TCP/UDP port the user connects to (e.g. 443). Leave empty if \
                     unknown.",
                )
            },
        ],
        template: include_str!("texts/zpa_why_cant_user_reach_app.md"),
    },
    PromptDef {
        name: "zia_what_changed_before_activation",
        title: "ZIA: What Changed Before Activation?",
        description: "Before activating ZIA changes: the activation status, the policy rules \
                      and objects modified in a recent window (by whom, what they do now), and \
                      the risk each change brings. Read-only; never activates by itself.",
        service: Service::Zia,
        arguments: &[
            number(
                "since_hours",
                MAX_HOURS,
                "24",
                "Look-back window in HOURS for modifications. Defaults to 24.",
            ),
            focus(
                "admin",
                "Optional admin login name: only review changes made by this administrator. \
                 Leave empty to review every administrator's changes.",
                "Only review changes whose lastModifiedBy names the administrator \
                 \"{{admin}}\", and say how many changes by others you left out.",
                "Review the changes of every administrator and group them by who made them.",
            ),
        ],
        template: include_str!("texts/zia_what_changed_before_activation.md"),
    },
    PromptDef {
        name: "zia_check_url_policy",
        title: "ZIA: Is This URL Allowed, and Why?",
        description: "Explain what ZIA does with a URL: its predefined and custom categories, \
                      the URL filtering rule that decides, cloud app control, SSL inspection \
                      and threat-protection exceptions. Read-only.",
        service: Service::Zia,
        arguments: &[
            text(
                "url",
                true,
                "The URL or domain to check (e.g. \"files.example.com/share\").",
            ),
            focus(
                "user",
                "Optional user (login name), group or location the request comes from. Leave \
                 empty to evaluate for any user.",
                " by \"{{user}}\"",
                "",
            ),
        ],
        template: include_str!("texts/zia_check_url_policy.md"),
    },
    PromptDef {
        name: "zpa_who_can_reach_app",
        title: "ZPA: Who Can Reach This App?",
        description: "Audit access to a private application: its ZPA segments and segment \
                      groups, every access policy rule that grants or denies it in order, the \
                      groups and conditions behind them, and grants broader than they should \
                      be. Read-only.",
        service: Service::Zpa,
        arguments: &[text(
            "application",
            true,
            "The application's FQDN or IP (e.g. \"jira.corp.example.com\") or its \
             application segment's name.",
        )],
        template: include_str!("texts/zpa_who_can_reach_app.md"),
    },
];
