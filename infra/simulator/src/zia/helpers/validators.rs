//! ZIA validators: static IPs and IPS signature rule text.

use super::*;

/// `POST /staticIP/validate {"ipAddress"}`: a bare `SUCCESS` (recorded, with
/// content type application/json) when the address can be added.
pub(crate) fn validate_static_ip(more: &MoreState, req: &Req) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let ip = body
        .get("ipAddress")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if ip.parse::<Ipv4Addr>().is_err() {
        return invalid_input(&format!("Invalid IP address '{ip}'"));
    }
    if more
        .coll("staticIP")
        .iter()
        .any(|s| str_field(s, "ipAddress") == ip)
    {
        return static_ip_conflict(ip);
    }
    Resp::text("SUCCESS")
}

/// Syntax check of a custom (Snort-style) IPS signature, in the shape of
/// `POST /ipsSignatureRules/validateRuleText` (`status` 0 when valid).
/// `self_id` is the rule being edited (its own `sid` is not a duplicate).
pub(crate) fn check_signature(text: &str, more: &MoreState, self_id: Option<i64>) -> Value {
    let fail = |pos: usize, msg: &str, param: &str| json!({"status": 1, "errPosition": pos, "errMsg": msg, "errParameter": param, "errSuggestion": ""});
    let t = text.trim();
    if t.is_empty() {
        return fail(0, "Rule text is empty", "ruleText");
    }
    let action = t.split_whitespace().next().unwrap_or("");
    if !matches!(action, "alert" | "drop" | "pass" | "reject") {
        return fail(1, &format!("Invalid rule action '{action}'"), "action");
    }
    let (Some(open), true) = (t.find('('), t.ends_with(')')) else {
        return fail(t.len(), "Missing rule options in parentheses", "options");
    };
    let options = &t[open + 1..t.len() - 1];
    let sid = options
        .split(';')
        .filter_map(|o| o.trim().strip_prefix("sid:"))
        .map(|s| s.trim().to_string())
        .next();
    let Some(sid) = sid.filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())) else {
        return fail(open + 1, "Missing or invalid sid option", "sid");
    };
    let clash = more.coll("ipsSignatureRules").iter().any(|r| {
        id_of(r) != self_id && sid_of(str_field(r, "ruleText")).as_deref() == Some(sid.as_str())
    });
    if clash {
        return fail(
            open + 1,
            &format!("Duplicate signature: sid {sid} already exists"),
            "sid",
        );
    }
    json!({"status": 0, "errPosition": 0, "errMsg": "", "errParameter": "", "errSuggestion": ""})
}

pub(crate) fn sid_of(text: &str) -> Option<String> {
    text.split(';')
        .filter_map(|o| o.trim().strip_prefix("sid:"))
        .map(|s| s.trim().to_string())
        .next()
}

pub(crate) fn validate_rule_text(more: &MoreState, req: &Req) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let Some(text) = body.get("ruleText").and_then(Value::as_str) else {
        return invalid_body();
    };
    Resp::ok(check_signature(text, more, None))
}
