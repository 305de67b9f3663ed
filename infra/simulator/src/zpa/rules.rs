//! ZPA policy sets and their rules (ordering, conditions, reorder).

use super::*;

pub(crate) fn rule_order(r: &Value) -> u64 {
    r.get("ruleOrder")
        .and_then(scalar_string)
        .and_then(|s| s.parse().ok())
        .unwrap_or(u64::MAX)
}

pub(crate) fn sorted_rules(st: &ZpaState, ps: &str) -> Vec<Value> {
    let mut rules: Vec<Value> = st
        .rules
        .iter()
        .filter(|r| str_field(r, "policySetId") == ps)
        .cloned()
        .collect();
    rules.sort_by_key(rule_order);
    rules
}

pub(crate) fn rule_index(st: &ZpaState, ps: &str, rid: &str) -> Option<usize> {
    st.rules
        .iter()
        .position(|r| sid(r) == rid && str_field(r, "policySetId") == ps)
}

/// Apply an ordering (rule ids, first = order 1) to the rules of a set.
pub(crate) fn apply_order(st: &mut ZpaState, ids: &[String]) {
    for r in st.rules.iter_mut() {
        let id = sid(r);
        if let Some(pos) = ids.iter().position(|x| *x == id) {
            if let Some(o) = r.as_object_mut() {
                let n = (pos + 1).to_string();
                o.insert("ruleOrder".into(), json!(n));
                o.insert("priority".into(), json!(n));
            }
        }
    }
}

pub(crate) fn renumber(st: &mut ZpaState, ps: &str) {
    let ids: Vec<String> = sorted_rules(st, ps).iter().map(sid).collect();
    apply_order(st, &ids);
}

pub(crate) fn as_order(v: Option<&Value>) -> Option<u64> {
    v.and_then(scalar_string)
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|n| *n >= 1)
}

/// The (lhs, rhs) pairs of one operand, from v2 `values` (ids),
/// `entryValues`, or v1 `lhs`/`rhs` (lhs "id" when absent).
fn operand_pairs(op: &Value) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(values) = op.get("values").and_then(Value::as_array) {
        pairs.extend(
            values
                .iter()
                .filter_map(scalar_string)
                .map(|v| ("id".to_string(), v)),
        );
    } else if let Some(entries) = op.get("entryValues").and_then(Value::as_array) {
        for e in entries {
            let lhs = e.get("lhs").and_then(scalar_string).unwrap_or_default();
            let rhs = e.get("rhs").and_then(scalar_string).unwrap_or_default();
            pairs.push((lhs, rhs));
        }
    } else {
        let lhs = op
            .get("lhs")
            .and_then(scalar_string)
            .unwrap_or_else(|| "id".to_string());
        let rhs = op.get("rhs").and_then(scalar_string).unwrap_or_default();
        pairs.push((lhs, rhs));
    }
    pairs
}

/// One stored operand, with the names the API adds for SCIM groups, apps
/// and segment groups.
fn operand_json(
    st: &ZpaState,
    object_type: &str,
    lhs: String,
    rhs: String,
    cond_id: &str,
    now: &str,
) -> Value {
    let mut operand = json!({
        "id": st.new_cond_id(),
        "modifiedTime": now, "creationTime": now, "modifiedBy": MODIFIED_BY,
        "objectType": object_type, "lhs": lhs, "rhs": rhs,
        "conditionId": cond_id,
    });
    if let Some(m) = operand.as_object_mut() {
        match object_type {
            "SCIM_GROUP" | "SCIM" => {
                m.insert("idpId".into(), json!(lhs));
                if let Some(idp) = find(&st.idps, &lhs) {
                    m.insert(
                        "idpName".into(),
                        idp.get("name").cloned().unwrap_or(Value::Null),
                    );
                }
            }
            "APP" => {
                if let Some(a) = find(&st.apps, &rhs) {
                    m.insert("name".into(), a.get("name").cloned().unwrap_or(Value::Null));
                }
            }
            "APP_GROUP" => {
                if let Some(g) = find(&st.segment_groups, &rhs) {
                    m.insert("name".into(), g.get("name").cloned().unwrap_or(Value::Null));
                }
            }
            _ => {}
        }
    }
    operand
}

/// Normalise rule conditions from v1 (`lhs`/`rhs`) or v2 (`values`,
/// `entryValues`) operands to the stored v1 response shape with ids.
pub(crate) fn normalize_conditions(st: &ZpaState, conds: &Value, now: &str) -> Result<Value, Resp> {
    let Some(conds) = conds.as_array() else {
        return Err(invalid(
            "invalid.conditions",
            "conditions must be a list",
            &["conditions"],
        ));
    };
    let mut out = Vec::with_capacity(conds.len());
    for c in conds {
        let Some(cobj) = c.as_object() else {
            return Err(invalid(
                "invalid.conditions",
                "each condition must be an object",
                &["conditions"],
            ));
        };
        let cond_id = st.new_cond_id();
        let operator = cobj
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or("OR")
            .to_ascii_uppercase();
        let negated = cobj
            .get("negated")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut operands = Vec::new();
        let empty = Vec::new();
        for op in cobj
            .get("operands")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
        {
            let object_type = op
                .get("objectType")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_ascii_uppercase();
            if object_type.is_empty() {
                return Err(invalid(
                    "invalid.operand",
                    "operand objectType is required",
                    &["objectType"],
                ));
            }
            for (lhs, rhs) in operand_pairs(op) {
                operands.push(operand_json(st, &object_type, lhs, rhs, &cond_id, now));
            }
        }
        out.push(json!({
            "id": cond_id,
            "modifiedTime": now, "creationTime": now, "modifiedBy": MODIFIED_BY,
            "operator": operator, "negated": negated, "operands": operands,
        }));
    }
    Ok(Value::Array(out))
}

/// Validate and normalise the rule fields shared by create and update.
pub(crate) fn rule_fields(
    st: &ZpaState,
    o: &mut Map<String, Value>,
    policy_type: &str,
    rule_id: &str,
    now: &str,
) -> Result<(), Resp> {
    let name = crate::util::trimmed(o, "name");
    if name.is_empty() {
        return Err(invalid("invalid.input.name", "name is required", &["name"]));
    }
    o.insert("name".into(), json!(name));
    let default_action = match policy_type {
        "1" => "ALLOW",
        "4" => "INTERCEPT",
        "2" => "RE_AUTH",
        "5" => "ISOLATE",
        "6" => "INSPECT",
        _ => "ALLOW",
    };
    let action = o
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or(default_action)
        .to_ascii_uppercase();
    if policy_type == "1" && action != "ALLOW" && action != "DENY" {
        return Err(invalid(
            "invalid.rule.action",
            "Access policy rule action must be ALLOW or DENY",
            &[&action],
        ));
    }
    o.insert("action".into(), json!(action));
    match o.get("disabled") {
        Some(Value::Bool(b)) => {
            o.insert("disabled".into(), json!(if *b { "1" } else { "0" }));
        }
        Some(Value::Number(n)) => {
            let s = n.to_string();
            o.insert("disabled".into(), json!(s));
        }
        Some(Value::String(_)) => {}
        _ => {
            o.insert("disabled".into(), json!("0"));
        }
    }
    if let Some(conds) = o.get("conditions").cloned() {
        let mut normalized = normalize_conditions(st, &conds, now)?;
        if let Some(list) = normalized.as_array_mut() {
            for c in list.iter_mut() {
                if let Some(m) = c.as_object_mut() {
                    m.insert("ruleGid".into(), json!(rule_id));
                }
            }
        }
        o.insert("conditions".into(), normalized);
    }
    check_refs(o, "appConnectorGroups", &st.connector_groups)?;
    check_refs(o, "appServerGroups", &st.server_groups)?;
    // Fields and actions specific to the other policy types.
    policy::check(st, o, policy_type)?;
    Ok(())
}

/// The body without the fields the server owns (identity, stamps, the
/// set and the position, which has its own endpoints).
fn client_fields(mut body: Map<String, Value>) -> Map<String, Value> {
    for k in [
        "id",
        "creationTime",
        "modifiedTime",
        "modifiedBy",
        "policySetId",
        "policyType",
        "ruleOrder",
        "priority",
    ] {
        body.remove(k);
    }
    body
}

/// Validate a rule body and build the rule: a create starts from the
/// set's defaults (its id already taken) and asks to be placed at the
/// body's `ruleOrder` or last; an update merges onto the stored rule and
/// keeps its position.
pub(crate) fn build_rule(
    st: &ZpaState,
    body: &Map<String, Value>,
    w: crate::crud::Write,
) -> Result<Built, Resp> {
    let ps = w.part.unwrap_or_default();
    let now = now_secs().to_string();
    let fields = client_fields(body.clone());
    let (mut o, policy_type, rule_id, order) = match w.existing {
        Some(existing) => {
            let ptype = str_field(existing, "policyType").to_string();
            (w.base, ptype, sid(existing), None)
        }
        None => {
            let set = st.policy_set_by_id(ps).cloned().unwrap_or(Value::Null);
            let ptype = str_field(&set, "policyType").to_string();
            let id = w.id.and_then(Value::as_str).unwrap_or_default().to_string();
            let asked =
                as_order(body.get("ruleOrder")).map(|n| i64::try_from(n).unwrap_or(i64::MAX));
            let o = new_rule(&id, &now, ps, &ptype);
            (o, ptype, id, Some(asked.unwrap_or(i64::MAX)))
        }
    };
    overlay(&mut o, &fields);
    if w.existing.is_none() {
        let action = fields.get("action").cloned().unwrap_or(Value::Null);
        o.insert("action".into(), action);
    }
    o.retain(|_, v| !v.is_null());
    rule_fields(st, &mut o, &policy_type, &rule_id, &now)?;
    if w.existing.is_some() {
        o.insert("modifiedTime".into(), json!(now_secs().to_string()));
        o.insert("modifiedBy".into(), json!(MODIFIED_BY));
    }
    Ok(Built { obj: o, order })
}

/// The defaults of a new rule of set `ps`.
fn new_rule(id: &str, now: &str, ps: &str, policy_type: &str) -> Map<String, Value> {
    let o = json!({
        "id": id, "modifiedTime": now, "creationTime": now, "modifiedBy": MODIFIED_BY,
        "name": "", "description": "", "ruleOrder": "0", "priority": "0",
        "policyType": policy_type, "operator": "AND", "action": "",
        "disabled": "0", "extranetEnabled": false,
        "devicePostureFailureNotificationEnabled": false,
        "policySetId": ps, "conditions": [],
        "defaultRule": false, "readOnly": false, "zscalerManaged": false,
        "appConnectorGroups": [], "appServerGroups": [],
    });
    o.as_object().cloned().unwrap_or_default()
}

/// Put rule `id` at position `order` (1-based, clamped) of set `ps` and
/// renumber the set.
pub(crate) fn place_rule(st: &mut ZpaState, ps: &str, id: &str, order: i64) {
    let mut ids: Vec<String> = sorted_rules(st, ps)
        .iter()
        .map(sid)
        .filter(|x| x != id)
        .collect();
    let at = usize::try_from(order.saturating_sub(1))
        .unwrap_or(usize::MAX)
        .min(ids.len());
    ids.insert(at, id.to_string());
    apply_order(st, &ids);
}

pub(crate) fn rule_reorder(st: &mut ZpaState, ps: &str, rid: &str, order: &str) -> Resp {
    if st.policy_set_by_id(ps).is_none() {
        return not_found(ps);
    }
    if rule_index(st, ps, rid).is_none() {
        return not_found(rid);
    }
    let mut ids: Vec<String> = sorted_rules(st, ps).iter().map(sid).collect();
    let n = ids.len() as u64;
    let Some(order) = order
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|o| *o >= 1 && *o <= n)
    else {
        return invalid(
            "invalid.rule.order",
            &format!("Rule order must be between 1 and {n}"),
            &[order],
        );
    };
    ids.retain(|x| x != rid);
    let at = usize::try_from(order - 1)
        .unwrap_or(usize::MAX)
        .min(ids.len());
    ids.insert(at, rid.to_string());
    apply_order(st, &ids);
    Resp::no_content()
}

/// PUT /policySet/{ps}/reorder with a JSON array of rule ids in the new
/// order (or `[{"id":..}]`); rules not listed keep their relative order
/// after the listed ones.
pub(crate) fn rules_bulk_reorder(st: &mut ZpaState, req: &Req, ps: &str) -> Resp {
    if st.policy_set_by_id(ps).is_none() {
        return not_found(ps);
    }
    let Some(Value::Array(items)) = req.json() else {
        return invalid_body();
    };
    let wanted: Vec<String> = items
        .iter()
        .filter_map(|i| {
            i.get("id")
                .and_then(scalar_string)
                .or_else(|| scalar_string(i))
        })
        .collect();
    let current: Vec<String> = sorted_rules(st, ps).iter().map(sid).collect();
    if let Some(bad) = wanted.iter().find(|w| !current.contains(w)) {
        return not_found(bad);
    }
    let mut ids: Vec<String> = Vec::new();
    for w in &wanted {
        if !ids.contains(w) {
            ids.push(w.clone());
        }
    }
    ids.extend(current.into_iter().filter(|c| !wanted.contains(c)));
    apply_order(st, &ids);
    Resp::no_content()
}
