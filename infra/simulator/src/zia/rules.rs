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
    let (mut defaults, mut others): (Vec<Value>, Vec<Value>) =
        list.drain(..).partition(is_default_rule);
    others.sort_by_key(order_of);
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
    for (i, r) in others.iter_mut().enumerate() {
        if let Some(o) = r.as_object_mut() {
            o.insert("order".into(), json!(i as i64 + 1));
        }
    }
    for r in defaults.iter_mut() {
        if let Some(o) = r.as_object_mut() {
            o.insert("order".into(), json!(-1));
        }
    }
    list.extend(defaults);
    list.extend(others);
}

pub(crate) fn renumber_rules(list: &mut Vec<Value>) {
    let (defaults, mut others): (Vec<Value>, Vec<Value>) =
        list.drain(..).partition(is_default_rule);
    others.sort_by_key(order_of);
    for (i, r) in others.iter_mut().enumerate() {
        if let Some(o) = r.as_object_mut() {
            o.insert("order".into(), json!(i as i64 + 1));
        }
    }
    list.extend(defaults);
    list.extend(others);
}

pub(crate) fn rules_list(st: &mut ZiaState, req: &Req, kind: RuleKind) -> Resp {
    let mut items = st.rules(kind).clone();
    items.sort_by_key(|r| if is_default_rule(r) { -1 } else { order_of(r) });
    match kind {
        // URL filtering rules ignore paging and return everything.
        RuleKind::Url => Resp::ok(Value::Array(items)),
        RuleKind::Firewall => {
            if let Some(a) = req.q("ruleAction").filter(|s| !s.is_empty()) {
                let wanted: Vec<String> = a
                    .split(',')
                    .map(|s| s.trim().to_ascii_uppercase())
                    .collect();
                items.retain(|r| wanted.iter().any(|w| w == str_field(r, "action")));
            }
            if let Some(s) = req.q("search").filter(|s| !s.is_empty()) {
                items.retain(|r| icontains(str_field(r, "name"), s));
            }
            zia_page(req, items, 5000, 10_000)
        }
    }
}

pub(crate) fn rule_item(st: &mut ZiaState, req: &Req, kind: RuleKind, id: &str) -> Resp {
    let what = match kind {
        RuleKind::Url => "URL filtering rule",
        RuleKind::Firewall => "Firewall filtering rule",
    };
    match req.method {
        Method::GET => match find_idx(st.rules(kind), id) {
            Some(i) => Resp::ok(st.rules(kind)[i].clone()),
            None => not_found(what, id),
        },
        Method::PUT => {
            if find_idx(st.rules(kind), id).is_none() {
                return not_found(what, id);
            }
            rule_write(st, req, kind, Some(id))
        }
        Method::DELETE => {
            let Some(i) = find_idx(st.rules(kind), id) else {
                return not_found(what, id);
            };
            let r = &st.rules(kind)[i];
            if is_default_rule(r) || r.get("predefined") == Some(&Value::Bool(true)) {
                return invalid_input("Default and predefined rules cannot be deleted");
            }
            let list = st.rules(kind);
            list.remove(i);
            renumber_rules(list);
            st.mark_pending();
            Resp::no_content()
        }
        _ => method_not_allowed(&req.method),
    }
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
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
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

pub(crate) fn rule_write(st: &mut ZiaState, req: &Req, kind: RuleKind, id: Option<&str>) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let (name, defaults) = match check_rule_body(&body, kind) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let existing = match id {
        Some(id) => match find_idx(st.rules(kind), id) {
            Some(i) => Some(st.rules(kind)[i].clone()),
            None => return not_found("Rule", id),
        },
        None => None,
    };
    let existing_id = existing.as_ref().and_then(id_of);
    if name_taken(st.rules(kind), "name", &name, existing_id) {
        return duplicate(&format!("A rule named '{name}' already exists"));
    }
    let requested_order = body.get("order").and_then(|o| {
        o.as_i64()
            .or_else(|| o.as_str().and_then(|s| s.trim().parse().ok()))
    });
    let new_id = match existing_id {
        Some(i) => i,
        None => st.new_id(),
    };
    let mut obj = defaults.as_object().cloned().unwrap_or_default();
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    obj.insert("id".into(), json!(new_id));
    obj.insert("name".into(), json!(name));
    obj.insert("lastModifiedTime".into(), json!(now_secs()));
    obj.insert("lastModifiedBy".into(), api_admin());
    if let Some(ex) = &existing {
        for k in ["defaultRule", "predefined"] {
            if let Some(v) = ex.get(k) {
                obj.insert(k.into(), v.clone());
            }
        }
    } else {
        obj.insert("defaultRule".into(), json!(false));
        obj.insert("predefined".into(), json!(false));
    }
    enrich_rule(st, kind, &mut obj);
    let v = Value::Object(obj);
    let list = st.rules(kind);
    match list.iter().position(|r| id_of(r) == Some(new_id)) {
        Some(i) => list[i] = v,
        None => list.push(v),
    }
    let order = match (&existing, requested_order) {
        (_, Some(o)) => Some(o),
        (Some(ex), None) => ex.get("order").and_then(Value::as_i64),
        (None, None) => None,
    };
    place_rule(list, new_id, order);
    let stored = list
        .iter()
        .find(|r| id_of(r) == Some(new_id))
        .cloned()
        .unwrap_or(Value::Null);
    st.mark_pending();
    Resp::ok(stored)
}

pub(crate) fn rule_labels_rendered(st: &ZiaState) -> Vec<Value> {
    st.rule_labels
        .iter()
        .map(|l| {
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
        })
        .collect()
}

pub(crate) fn rule_label_write(st: &mut ZiaState, req: &Req, id: Option<&str>) -> Resp {
    let existing = match id {
        Some(id) => match find_idx(&st.rule_labels, id) {
            Some(i) => Some(st.rule_labels[i].clone()),
            None => return not_found("Rule label", id),
        },
        None => None,
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return invalid_input("Rule label name is required");
    }
    let existing_id = existing.as_ref().and_then(id_of);
    if name_taken(&st.rule_labels, "name", &name, existing_id) {
        return duplicate(&format!("A rule label named '{name}' already exists"));
    }
    let new_id = match existing_id {
        Some(i) => i,
        None => st.new_id(),
    };
    let created_by = existing
        .as_ref()
        .and_then(|e| e.get("createdBy").cloned())
        .unwrap_or_else(api_admin);
    let v = json!({
        "id": new_id,
        "name": name,
        "description": body.get("description").cloned().filter(|d| !d.is_null()).unwrap_or(json!("")),
        "lastModifiedTime": now_secs(),
        "lastModifiedBy": api_admin(),
        "createdBy": created_by,
        "referencedRuleCount": 0,
    });
    match st.rule_labels.iter().position(|l| id_of(l) == Some(new_id)) {
        Some(i) => st.rule_labels[i] = v,
        None => st.rule_labels.push(v),
    }
    st.mark_pending();
    let rendered = rule_labels_rendered(st);
    let out = rendered
        .into_iter()
        .find(|l| id_of(l) == Some(new_id))
        .unwrap_or(Value::Null);
    Resp::ok(out)
}
