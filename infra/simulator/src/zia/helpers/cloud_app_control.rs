//! ZIA Cloud App Control helpers: the actions per rule type and the rule
//! type mapping.

use super::*;

/// Actions per Cloud App Control rule type (Python SDK
/// `cloudappcontrol.add_rule` docstring).
pub(crate) fn actions_for(rule_type: &str) -> &'static [&'static str] {
    match rule_type {
        "AI_ML" => &[
            "ALLOW_AI_ML_WEB_USE",
            "CAUTION_AI_ML_WEB_USE",
            "DENY_AI_ML_WEB_USE",
            "ISOLATE_AI_ML_WEB_USE",
        ],
        "BUSINESS_PRODUCTIVITY" => &[
            "ALLOW_BUSINESS_PRODUCTIVITY_APPS",
            "BLOCK_BUSINESS_PRODUCTIVITY_APPS",
            "CAUTION_BUSINESS_PRODUCTIVITY_APPS",
            "ISOLATE_BUSINESS_PRODUCTIVITY_APPS",
        ],
        "CONSUMER" => &[
            "ALLOW_CONSUMER_APPS",
            "BLOCK_CONSUMER_APPS",
            "CAUTION_CONSUMER_APPS",
            "ISOLATE_CONSUMER_APPS",
        ],
        "DNS_OVER_HTTPS" => &["ALLOW_DNS_OVER_HTTPS_USE", "DENY_DNS_OVER_HTTPS_USE"],
        "ENTERPRISE_COLLABORATION" => &[
            "ALLOW_ENTERPRISE_COLLABORATION_APPS",
            "BLOCK_ENTERPRISE_COLLABORATION_APPS",
            "CAUTION_ENTERPRISE_COLLABORATION_APPS",
            "ISOLATE_ENTERPRISE_COLLABORATION_APPS",
        ],
        "FILE_SHARE" => &[
            "ALLOW_FILE_SHARE_VIEW",
            "ALLOW_FILE_SHARE_UPLOAD",
            "CAUTION_FILE_SHARE_VIEW",
            "DENY_FILE_SHARE_VIEW",
            "DENY_FILE_SHARE_UPLOAD",
            "ISOLATE_FILE_SHARE_VIEW",
        ],
        "FINANCE" => &[
            "ALLOW_FINANCE_USE",
            "CAUTION_FINANCE_USE",
            "DENY_FINANCE_USE",
            "ISOLATE_FINANCE_USE",
        ],
        "HEALTH_CARE" => &[
            "ALLOW_HEALTH_CARE_USE",
            "CAUTION_HEALTH_CARE_USE",
            "DENY_HEALTH_CARE_USE",
            "ISOLATE_HEALTH_CARE_USE",
        ],
        "HOSTING_PROVIDER" => &[
            "ALLOW_HOSTING_PROVIDER_USE",
            "CAUTION_HOSTING_PROVIDER_USE",
            "DENY_HOSTING_PROVIDER_USE",
            "ISOLATE_HOSTING_PROVIDER_USE",
        ],
        "HUMAN_RESOURCES" => &[
            "ALLOW_HUMAN_RESOURCES_USE",
            "CAUTION_HUMAN_RESOURCES_USE",
            "DENY_HUMAN_RESOURCES_USE",
            "ISOLATE_HUMAN_RESOURCES_USE",
        ],
        "INSTANT_MESSAGING" => &[
            "ALLOW_CHAT",
            "ALLOW_FILE_TRANSFER_IN_CHAT",
            "BLOCK_CHAT",
            "BLOCK_FILE_TRANSFER_IN_CHAT",
            "CAUTION_CHAT",
            "ISOLATE_CHAT",
        ],
        "IT_SERVICES" => &[
            "ALLOW_IT_SERVICES_USE",
            "CAUTION_LEGAL_USE",
            "DENY_IT_SERVICES_USE",
            "ISOLATE_IT_SERVICES_USE",
        ],
        "LEGAL" => &[
            "ALLOW_LEGAL_USE",
            "DENY_DNS_OVER_HTTPS_USE",
            "DENY_LEGAL_USE",
            "ISOLATE_LEGAL_USE",
        ],
        "SALES_AND_MARKETING" => &[
            "ALLOW_SALES_MARKETING_APPS",
            "BLOCK_SALES_MARKETING_APPS",
            "CAUTION_SALES_MARKETING_APPS",
            "ISOLATE_SALES_MARKETING_APPS",
        ],
        "STREAMING_MEDIA" => &[
            "ALLOW_STREAMING_VIEW_LISTEN",
            "ALLOW_STREAMING_UPLOAD",
            "BLOCK_STREAMING_UPLOAD",
            "CAUTION_STREAMING_VIEW_LISTEN",
            "ISOLATE_STREAMING_VIEW_LISTEN",
        ],
        "SOCIAL_NETWORKING" => &[
            "ALLOW_SOCIAL_NETWORKING_VIEW",
            "ALLOW_SOCIAL_NETWORKING_POST",
            "BLOCK_SOCIAL_NETWORKING_VIEW",
            "BLOCK_SOCIAL_NETWORKING_POST",
            "CAUTION_SOCIAL_NETWORKING_VIEW",
        ],
        "SYSTEM_AND_DEVELOPMENT" => &[
            "ALLOW_SYSTEM_DEVELOPMENT_APPS",
            "ALLOW_SYSTEM_DEVELOPMENT_UPLOAD",
            "BLOCK_SYSTEM_DEVELOPMENT_APPS",
            "BLOCK_SYSTEM_DEVELOPMENT_UPLOAD",
            "CAUTION_SYSTEM_DEVELOPMENT_APPS",
            "ISOLATE_SYSTEM_DEVELOPMENT_APPS",
        ],
        "WEBMAIL" => &[
            "ALLOW_WEBMAIL_VIEW",
            "ALLOW_WEBMAIL_ATTACHMENT_SEND",
            "ALLOW_WEBMAIL_SEND",
            "CAUTION_WEBMAIL_VIEW",
            "BLOCK_WEBMAIL_VIEW",
            "BLOCK_WEBMAIL_ATTACHMENT_SEND",
            "BLOCK_WEBMAIL_SEND",
            "ISOLATE_WEBMAIL_VIEW",
        ],
        _ => &[],
    }
}

/// `POST /webApplicationRules/{ruleType}/availableActions {"cloudApps":[...]}`
/// → the action names the rule type supports.
pub(crate) fn available_actions(req: &Req, rule_type: &str) -> Resp {
    if !RULE_TYPES.contains(&rule_type) {
        return invalid_input(&format!("Invalid rule type '{rule_type}'"));
    }
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    match body.get("cloudApps") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => {}
        Some(_) => return invalid_body(),
    }
    Resp::ok(json!(actions_for(rule_type)))
}

pub(crate) fn rule_type_mapping() -> Resp {
    let names = [
        ("AI & ML Applications", "AI_ML"),
        ("Business Productivity", "BUSINESS_PRODUCTIVITY"),
        ("Consumer", "CONSUMER"),
        ("DNS Over HTTPS Services", "DNS_OVER_HTTPS"),
        (
            "Collaboration & Online Meetings",
            "ENTERPRISE_COLLABORATION",
        ),
        ("File Sharing", "FILE_SHARE"),
        ("Finance", "FINANCE"),
        ("Health Care", "HEALTH_CARE"),
        ("Hosting Providers", "HOSTING_PROVIDER"),
        ("Human Resources", "HUMAN_RESOURCES"),
        ("Instant Messaging", "INSTANT_MESSAGING"),
        ("IT Services", "IT_SERVICES"),
        ("Legal", "LEGAL"),
        ("Sales & Marketing", "SALES_AND_MARKETING"),
        ("Streaming Media", "STREAMING_MEDIA"),
        ("Social Networking", "SOCIAL_NETWORKING"),
        ("DevOps", "SYSTEM_AND_DEVELOPMENT"),
        ("Webmail", "WEBMAIL"),
    ];
    let mut o = Map::new();
    for (k, v) in names {
        o.insert(k.into(), json!(v));
    }
    Resp::ok(Value::Object(o))
}
