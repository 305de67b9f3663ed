//! ZIA URL filtering and firewall rules (ordered policy tables with
//! default rules) and rule labels.

use super::*;

pub(crate) const URL_ACTIONS: [&str; 5] = ["ALLOW", "CAUTION", "BLOCK", "ISOLATE", "ICAP_RESPONSE"];
pub(crate) const FW_ACTIONS: [&str; 5] = [
    "ALLOW",
    "BLOCK_DROP",
    "BLOCK_RESET",
    "BLOCK_ICMP",
    "EVAL_NWAPP",
];

pub(crate) fn url_rule_defaults() -> Value {
    json!({
        "id": 0,
        "accessControl": "READ_WRITE",
        "name": "",
        "order": 1,
        "protocols": ["ANY_RULE"],
        "urlCategories": ["ANY"],
        "excludeSrcCountries": false,
        "state": "ENABLED",
        "rank": 7,
        "requestMethods": ["OPTIONS","GET","HEAD","POST","PUT","DELETE","TRACE","CONNECT","OTHER"],
        "blockOverride": false,
        "description": "",
        "enforceTimeValidity": false,
        "userAgentTypes": [],
        "deviceTrustLevels": [],
        "userRiskScoreLevels": [],
        "cbiProfileId": 0,
        "capturePCAP": false,
        "sourceIpGroups": [],
        "browserEunTemplateId": 0,
        "httpHeaderProfiles": [],
        "httpHeaderActionProfiles": [],
        "usersAndGroupsSet": false,
        "groupsAndDepartmentsSet": false,
        "action": "ALLOW",
        "predefined": false,
    })
}

pub(crate) fn fw_rule_defaults() -> Value {
    json!({
        "id": 0,
        "accessControl": "READ_WRITE",
        "enableFullLogging": false,
        "name": "",
        "order": 1,
        "rank": 7,
        "action": "ALLOW",
        "capturePCAP": false,
        "state": "ENABLED",
        "description": "",
        "srcIps": [],
        "destAddresses": [],
        "destIpCategories": [],
        "destCountries": [],
        "sourceCountries": [],
        "excludeSrcCountries": false,
        "excludeContextShieldEndPoint": false,
        "nwServices": [],
        "srcIpGroups": [],
        "destIpGroups": [],
        "deviceTrustLevels": [],
        "isEunEnabled": false,
        "eunTemplateId": 14,
        "defaultRule": false,
        "predefined": false,
    })
}

pub(crate) fn is_default_rule(v: &Value) -> bool {
    v.get("defaultRule") == Some(&Value::Bool(true))
}

pub(crate) fn order_of(v: &Value) -> i64 {
    v.get("order").and_then(Value::as_i64).unwrap_or(i64::MAX)
}

/// Put rule `id` at position `order` (1-based, clamped) among the
/// non-default rules and renumber them 1..n; default rules keep order -1.
pub(crate) fn place_rule(list: &mut Vec<Value>, id: i64, order: Option<i64>) {
    let Some(pos) = list.iter().position(|r| id_of(r) == Some(id)) else {
        return;
    };
    let target = list.remove(pos);
    let (mut defaults, mut others) = split_sorted(list);
    if is_default_rule(&target) {
        defaults.push(target);
    } else {
        let at = match order {
            Some(o) if o >= 1 => usize::try_from(o - 1)
                .unwrap_or(usize::MAX)
                .min(others.len()),
            _ => others.len(),
        };
        others.insert(at, target);
    }
    for r in defaults.iter_mut() {
        set_order(r, -1);
    }
    renumbered(list, defaults, others);
}

/// Renumber the non-default rules 1..n in their order.
pub(crate) fn renumber_rules(list: &mut Vec<Value>) {
    let (defaults, others) = split_sorted(list);
    renumbered(list, defaults, others);
}

/// Drain `list` into its default rules and the others sorted by order.
fn split_sorted(list: &mut Vec<Value>) -> (Vec<Value>, Vec<Value>) {
    let (defaults, mut others): (Vec<Value>, Vec<Value>) =
        list.drain(..).partition(is_default_rule);
    others.sort_by_key(order_of);
    (defaults, others)
}

/// Refill `list`: the defaults, then the others numbered 1..n.
fn renumbered(list: &mut Vec<Value>, defaults: Vec<Value>, mut others: Vec<Value>) {
    for (i, r) in others.iter_mut().enumerate() {
        set_order(r, i as i64 + 1);
    }
    list.extend(defaults);
    list.extend(others);
}

fn set_order(r: &mut Value, n: i64) {
    if let Some(o) = r.as_object_mut() {
        o.insert("order".into(), json!(n));
    }
}

/// The list filters of the firewall rules (URL rules take none).
pub(crate) fn fw_rule_filter(req: &Req, r: &Value) -> bool {
    let action_ok = req
        .q("ruleAction")
        .filter(|s| !s.is_empty())
        .is_none_or(|a| {
            a.split(',')
                .any(|w| w.trim().to_ascii_uppercase() == str_field(r, "action"))
        });
    action_ok && name_search(req, r)
}

/// Rules as listed: defaults first, then by `order`.
pub(crate) fn by_order(items: &mut [Value]) {
    items.sort_by_key(|r| if is_default_rule(r) { -1 } else { order_of(r) });
}

/// Default and predefined rules stay.
pub(crate) fn rule_delete_gate(r: &Value) -> Result<(), Resp> {
    if is_default_rule(r) || r.get("predefined") == Some(&Value::Bool(true)) {
        return Err(invalid_input(
            "Default and predefined rules cannot be deleted",
        ));
    }
    Ok(())
}

/// `{id, name}` references of a rule, and the URL rule's derived
/// "users and groups set" flags.
fn enrich_rule(st: &ZiaState, kind: RuleKind, obj: &mut Map<String, Value>) {
    enrich_refs(obj, "labels", &st.rule_labels);
    enrich_refs(obj, "groups", &st.groups);
    enrich_refs(obj, "departments", &st.departments);
    enrich_refs(obj, "users", &st.users);
    enrich_refs(obj, "locations", &st.locations);
    enrich_refs(obj, "locationGroups", &st.location_groups);
    if matches!(kind, RuleKind::Url) {
        let non_empty = |k: &str| array_len(obj, k) > 0;
        let ug = non_empty("users") || non_empty("groups");
        let gd = non_empty("groups") || non_empty("departments");
        obj.insert("usersAndGroupsSet".into(), json!(ug));
        obj.insert("groupsAndDepartmentsSet".into(), json!(gd));
    }
}

/// The rule's trimmed name (required) and the defaults of its kind, with
/// the action checked against the kind's actions.
fn check_rule_body(body: &Map<String, Value>, kind: RuleKind) -> Result<(String, Value), Resp> {
    let name = crate::util::trimmed(body, "name");
    if name.is_empty() {
        return Err(invalid_input("Rule name is required"));
    }
    let (defaults, actions) = match kind {
        RuleKind::Url => (url_rule_defaults(), &URL_ACTIONS),
        RuleKind::Firewall => (fw_rule_defaults(), &FW_ACTIONS),
    };
    if let Some(a) = body.get("action") {
        match a.as_str() {
            Some(a) if actions.contains(&a) => {}
            _ => {
                return Err(invalid_input(&format!(
                    "Invalid rule action: expected one of {}",
                    actions.join(", ")
                )))
            }
        }
    }
    Ok((name, defaults))
}

/// Validate a rule body and build the rule (its id is set by the engine,
/// its position by `place_rule` after the write).
pub(crate) fn build_rule(
    st: &ZiaState,
    kind: RuleKind,
    body: Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Built, Resp> {
    let (name, defaults) = check_rule_body(&body, kind)?;
    let existing_id = existing.and_then(id_of);
    if name_taken(st.coll(kind.coll()), "name", &name, existing_id) {
        return Err(duplicate(&format!("A rule named '{name}' already exists")));
    }
    let requested_order = body.get("order").and_then(|o| {
        o.as_i64()
            .or_else(|| o.as_str().and_then(|s| s.trim().parse().ok()))
    });
    let mut obj = defaults.as_object().cloned().unwrap_or_default();
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    obj.insert("name".into(), json!(name));
    obj.insert("lastModifiedTime".into(), json!(now_secs()));
    obj.insert("lastModifiedBy".into(), api_admin());
    for k in ["defaultRule", "predefined"] {
        let kept = existing.and_then(|ex| ex.get(k)).cloned();
        match (existing, kept) {
            (Some(_), Some(v)) => obj.insert(k.into(), v),
            (Some(_), None) => None,
            (None, _) => obj.insert(k.into(), json!(false)),
        };
    }
    enrich_rule(st, kind, &mut obj);
    let order = requested_order.or_else(|| existing.and_then(|ex| ex.get("order")?.as_i64()));
    Ok(Built { obj, order })
}

pub(crate) fn build_url_rule(
    st: &ZiaState,
    _: &Req,
    body: Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Built, Resp> {
    build_rule(st, RuleKind::Url, body, existing)
}

pub(crate) fn build_fw_rule(
    st: &ZiaState,
    _: &Req,
    body: Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Built, Resp> {
    build_rule(st, RuleKind::Firewall, body, existing)
}

/// A rule label with the number of rules (core and registry) that use it.
pub(crate) fn render_label(st: &ZiaState, l: &Value) -> Value {
    let id = id_of(l);
    let count = st
        .url_rules
        .iter()
        .chain(st.fw_rules.iter())
        .chain(st.more.labelled_rules())
        .filter(|r| {
            r.get("labels")
                .and_then(Value::as_array)
                .is_some_and(|ls| ls.iter().any(|x| id_of(x) == id))
        })
        .count();
    let mut l = l.clone();
    if let Some(o) = l.as_object_mut() {
        o.insert("referencedRuleCount".into(), json!(count));
    }
    l
}

/// Validate a rule label body and build the label.
pub(crate) fn build_label(
    st: &ZiaState,
    _: &Req,
    body: Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Built, Resp> {
    let missing = "Rule label name is required";
    let name = unique_name(&body, &st.rule_labels, existing, missing, "rule label")?;
    let created_by = existing
        .and_then(|e| e.get("createdBy").cloned())
        .unwrap_or_else(api_admin);
    let v = json!({
        "id": 0,
        "name": name,
        "description": body.get("description").cloned().filter(|d| !d.is_null()).unwrap_or(json!("")),
        "lastModifiedTime": now_secs(),
        "lastModifiedBy": api_admin(),
        "createdBy": created_by,
        "referencedRuleCount": 0,
    });
    Ok(v.as_object().cloned().unwrap_or_default().into())
}
