//! Fields and actions of the non-access policy types, checked on top of the
//! core rule handling of the ZPA core, and the seeded rules of those sets.
//!
//! | Policy type | `policyType` | Actions (Python SDK `policies.py`) | Extra fields |
//! |---|---|---|---|
//! | TIMEOUT_POLICY (REAUTH_POLICY) | "2" | RE_AUTH | `reauthTimeout`, `reauthIdleTimeout` (seconds, strings; defaults 172800 / 600 as the SDK sends) |
//! | CLIENT_FORWARDING_POLICY (BYPASS_POLICY) | "4" | INTERCEPT, INTERCEPT_ACCESSIBLE, BYPASS | |
//! | ISOLATION_POLICY | "5" | ISOLATE, BYPASS_ISOLATE | `zpnIsolationProfileId` (required to ISOLATE) |
//! | INSPECTION_POLICY (AppProtection) | "6" | INSPECT, BYPASS_INSPECT | `zpnInspectionProfileId` (required to INSPECT), `zpnInspectionProfileName` on read |

use crate::util::{scalar_string, Resp};
use crate::zpa::{find, invalid, not_found, stringify, ZpaState};
use serde_json::{json, Map, Value};

fn check_action(o: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<String, Resp> {
    let action = o
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if allowed.contains(&action.as_str()) {
        Ok(action)
    } else {
        Err(invalid(
            "invalid.rule.action",
            &format!("{what} rule action must be one of {}", allowed.join(", ")),
            &[&action],
        ))
    }
}

/// Require `field` to name an object of `source` when `needed`; drop it
/// when the action does not use it.
fn profile_ref(
    o: &mut Map<String, Value>,
    field: &str,
    needed: bool,
    source: &[Value],
) -> Result<(), Resp> {
    if !needed {
        o.remove(field);
        return Ok(());
    }
    let id = o.get(field).and_then(scalar_string).unwrap_or_default();
    if id.is_empty() {
        return Err(invalid(
            &format!("invalid.input.{field}"),
            &format!("{field} is required"),
            &[field],
        ));
    }
    if find(source, &id).is_none() {
        return Err(not_found(&id));
    }
    o.insert(field.into(), json!(id));
    Ok(())
}

fn check_seconds(o: &mut Map<String, Value>, field: &str, default: &str) -> Result<(), Resp> {
    let v = o
        .get(field)
        .and_then(scalar_string)
        .unwrap_or_else(|| default.to_string());
    match v.trim().parse::<i64>() {
        Ok(n) if n >= -1 => {
            o.insert(field.into(), json!(n.to_string()));
            Ok(())
        }
        _ => Err(invalid(
            &format!("invalid.input.{field}"),
            &format!("{field} must be a number of seconds (-1 for never)"),
            &[field],
        )),
    }
}

/// Check the type-specific action and fields of a rule of `policy_type`
/// ("1" access rules are checked by the core).
pub(crate) fn check(
    st: &ZpaState,
    o: &mut Map<String, Value>,
    policy_type: &str,
) -> Result<(), Resp> {
    stringify(o, &["zpnIsolationProfileId", "zpnInspectionProfileId"]);
    match policy_type {
        "2" => {
            check_action(o, &["RE_AUTH"], "Timeout policy")?;
            check_seconds(o, "reauthTimeout", "172800")?;
            check_seconds(o, "reauthIdleTimeout", "600")?;
        }
        "4" => {
            check_action(
                o,
                &["INTERCEPT", "INTERCEPT_ACCESSIBLE", "BYPASS"],
                "Client forwarding policy",
            )?;
        }
        "5" => {
            let action = check_action(o, &["ISOLATE", "BYPASS_ISOLATE"], "Isolation policy")?;
            profile_ref(
                o,
                "zpnIsolationProfileId",
                action == "ISOLATE",
                st.more.coll("isolationProfiles"),
            )?;
        }
        "6" => {
            let action = check_action(o, &["INSPECT", "BYPASS_INSPECT"], "Inspection policy")?;
            o.remove("zpnInspectionProfileName");
            profile_ref(
                o,
                "zpnInspectionProfileId",
                action == "INSPECT",
                st.more.coll("inspectionProfiles"),
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// Names of referenced profiles on read.
pub(crate) fn render(st: &ZpaState, o: &mut Map<String, Value>) {
    let id = o
        .get("zpnInspectionProfileId")
        .and_then(scalar_string)
        .unwrap_or_default();
    if let Some(p) = find(st.more.coll("inspectionProfiles"), &id) {
        o.insert(
            "zpnInspectionProfileName".into(),
            p.get("name").cloned().unwrap_or(Value::Null),
        );
    }
}

const CORPORATE_APPS: &str = "216196257331370167";
const ENGINEERING_APPS: &str = "216196257331370168";
const FINANCE_APPS: &str = "216196257331370169";

fn or(operands: Value) -> Value {
    json!({"operator": "OR", "operands": operands})
}

fn scim(group: &str) -> Value {
    json!({"objectType": "SCIM_GROUP", "lhs": super::seeds::IDP_ID, "rhs": group})
}

fn app_group(id: &str) -> Value {
    json!({"objectType": "APP_GROUP", "lhs": "id", "rhs": id})
}

fn client(t: &str) -> Value {
    json!({"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": t})
}

/// Three rules in each of the timeout, client forwarding, isolation and
/// inspection policy sets.
pub(crate) fn seed_rules(st: &mut ZpaState) {
    let iso = super::seeds::ISOLATION_PROFILE_IDS;
    let insp = super::seeds::INSPECTION_PROFILE_IDS;
    let trusted = super::seeds::TRUSTED_NETWORK_UDIDS[0];
    let posture = "d0b05ecf-b36e-4b28-ab83-f8665a32fd73";
    let rules: [(&str, &str, Value); 12] = [
        (
            "TIMEOUT_POLICY",
            "216196257331404610",
            json!({"name": "Reauth Contractors daily", "description": "Contractors sign in again every day",
                   "action": "RE_AUTH", "reauthTimeout": "86400", "reauthIdleTimeout": "1800",
                   "conditions": [or(json!([scim("3251055")]))]}),
        ),
        (
            "TIMEOUT_POLICY",
            "216196257331404611",
            json!({"name": "Reauth Finance Apps", "description": "Short idle timeout on finance systems",
                   "action": "RE_AUTH", "reauthTimeout": "172800", "reauthIdleTimeout": "600",
                   "conditions": [or(json!([app_group(FINANCE_APPS)]))]}),
        ),
        (
            "TIMEOUT_POLICY",
            "216196257331404612",
            json!({"name": "Weekly reauth for Client Connector", "description": "Everyone else, weekly",
                   "action": "RE_AUTH", "reauthTimeout": "604800", "reauthIdleTimeout": "3600",
                   "conditions": [or(json!([client("zpn_client_type_zapp")]))]}),
        ),
        (
            "CLIENT_FORWARDING_POLICY",
            "216196257331404620",
            json!({"name": "Bypass Corporate Apps on trusted network", "description": "On-premises users go direct",
                   "action": "BYPASS",
                   "conditions": [or(json!([app_group(CORPORATE_APPS)])),
                                  or(json!([{"objectType": "TRUSTED_NETWORK", "lhs": trusted, "rhs": "true"}]))]}),
        ),
        (
            "CLIENT_FORWARDING_POLICY",
            "216196257331404621",
            json!({"name": "Intercept accessible for Engineering", "description": "Only reachable apps are intercepted",
                   "action": "INTERCEPT_ACCESSIBLE",
                   "conditions": [or(json!([scim("3251059")]))]}),
        ),
        (
            "CLIENT_FORWARDING_POLICY",
            "216196257331404622",
            json!({"name": "Intercept all Client Connector traffic", "description": "Default forwarding",
                   "action": "INTERCEPT",
                   "conditions": [or(json!([client("zpn_client_type_zapp")]))]}),
        ),
        (
            "ISOLATION_POLICY",
            "216196257331404630",
            json!({"name": "Isolate Contractors on Corporate Apps", "description": "Browser sessions run in isolation",
                   "action": "ISOLATE", "zpnIsolationProfileId": iso[0],
                   "conditions": [or(json!([client("zpn_client_type_exporter")])),
                                  or(json!([scim("3251055")]))]}),
        ),
        (
            "ISOLATION_POLICY",
            "216196257331404631",
            json!({"name": "Bypass isolation for IT Admins", "description": "Admins use the apps directly",
                   "action": "BYPASS_ISOLATE",
                   "conditions": [or(json!([client("zpn_client_type_exporter")])),
                                  or(json!([scim("3251053")]))]}),
        ),
        (
            "ISOLATION_POLICY",
            "216196257331404632",
            json!({"name": "Isolate devices failing posture", "description": "Read-only isolation for unmanaged devices",
                   "action": "ISOLATE", "zpnIsolationProfileId": iso[1],
                   "conditions": [or(json!([client("zpn_client_type_exporter")])),
                                  or(json!([{"objectType": "POSTURE", "lhs": posture, "rhs": "false"}]))]}),
        ),
        (
            "INSPECTION_POLICY",
            "216196257331404640",
            json!({"name": "Inspect Corporate Apps", "description": "OWASP baseline",
                   "action": "INSPECT", "zpnInspectionProfileId": insp[0],
                   "conditions": [or(json!([app_group(CORPORATE_APPS)]))]}),
        ),
        (
            "INSPECTION_POLICY",
            "216196257331404641",
            json!({"name": "Inspect Finance Apps", "description": "Stricter profile for finance",
                   "action": "INSPECT", "zpnInspectionProfileId": insp[1],
                   "conditions": [or(json!([app_group(FINANCE_APPS)]))]}),
        ),
        (
            "INSPECTION_POLICY",
            "216196257331404642",
            json!({"name": "Bypass inspection for Engineering Apps", "description": "CI traffic is not inspected",
                   "action": "BYPASS_INSPECT",
                   "conditions": [or(json!([app_group(ENGINEERING_APPS)]))]}),
        ),
    ];
    for (t, id, rule) in rules {
        st.seed_rule(t, id, rule);
    }
}
