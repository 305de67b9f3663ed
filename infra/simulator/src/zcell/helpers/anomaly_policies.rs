//! ZCell anomaly policies: region and status updates, violations (all,
//! and per ICCID) and the time-window filter they share.

use super::*;

/// The policy's id as stored (a JSON number), if it exists.
pub(crate) fn find_policy(st: &ZcellState, pid: &str) -> Option<Value> {
    let n = pid.trim().parse::<i64>().ok()?;
    st.coll("anomaly-policy")
        .iter()
        .find(|p| p["id"].as_i64() == Some(n))
        .map(|p| p["id"].clone())
}

pub(crate) fn set_regions(st: &mut ZcellState, req: &Req) -> Resp {
    let Some(Value::Array(codes)) = req.json() else {
        return error(
            req,
            400,
            "Request body must be a JSON array of region codes",
        );
    };
    let codes: Vec<String> = codes.iter().filter_map(scalar_string).collect();
    if let Some(bad) = codes
        .iter()
        .find(|c| !st.regions.iter().any(|r| r["region"] == json!(c)))
    {
        return error(req, 400, &format!("Unknown region '{bad}'"));
    }
    for r in st.regions.iter_mut() {
        let on = codes.iter().any(|c| r["region"] == json!(c));
        r["configured"] = json!(on);
        if on && r["operationalStatus"] == "NOT_CONFIGURED" {
            r["operationalStatus"] = json!("OPERATIONAL");
        } else if !on {
            r["operationalStatus"] = json!("NOT_CONFIGURED");
        }
    }
    Resp::json(201, json!(1))
}

pub(crate) fn set_status(st: &mut ZcellState, req: &Req, policy: &Value) -> Resp {
    let enabled = match req.q("enabled").map(|s| s.trim().to_ascii_lowercase()) {
        Some(s) if s == "true" => true,
        Some(s) if s == "false" => false,
        _ => {
            return error(
                req,
                400,
                "Required parameter 'enabled' (true or false) is missing",
            )
        }
    };
    let now = crate::util::now_secs();
    if let Some(i) = crate::zcell::specs::COLLS
        .iter()
        .position(|c| c.key == "anomaly-policy")
    {
        if let Some(p) = st
            .colls
            .get_mut(i)
            .and_then(|l| l.iter_mut().find(|p| p["id"] == *policy))
        {
            p["enabled"] = json!(enabled);
            p["runningStatus"] = json!(if enabled { "RUNNING" } else { "STOPPED" });
            p["enabledAt"] = if enabled { json!(now) } else { Value::Null };
        }
    }
    st.logs.push(json!({
        "policyId": policy,
        "action": if enabled { "ENABLED" } else { "DISABLED" },
        "modifiedBy": "api-client",
        "timestamp": now,
        "details": format!("Policy {policy} {}", if enabled { "enabled" } else { "disabled" }),
    }));
    Resp::no_content()
}

pub(crate) fn in_window(v: &Value, field: &str, w: Option<(i64, i64)>) -> bool {
    w.is_none_or(|(s, e)| {
        v.get(field)
            .and_then(Value::as_i64)
            .is_some_and(|t| t >= s && t <= e)
    })
}

pub(crate) const DT_START: &[&str] = &["startDateTime", "start_date_time"];
pub(crate) const DT_END: &[&str] = &["endDateTime", "end_date_time"];

/// ICCIDs with violations of a policy in the window (required), one row
/// per ICCID with its count.
pub(crate) fn violations(st: &ZcellState, req: &Req, policy: &Value) -> Resp {
    let w = match window(req, DT_START, DT_END, true) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let mut rows: Vec<Value> = Vec::new();
    for v in st
        .violations
        .iter()
        .filter(|v| v["policyId"] == *policy && in_window(v, "timestamp", w))
    {
        match rows.iter_mut().find(|r| r["iccid"] == v["iccid"]) {
            Some(r) => {
                r["violations"] = json!(r["violations"].as_i64().unwrap_or(0) + 1);
                if v["timestamp"].as_i64() > r["lastViolationTime"].as_i64() {
                    r["lastViolationTime"] = v["timestamp"].clone();
                }
            }
            None => rows.push(json!({
                "iccid": v["iccid"],
                "imsi": v["imsi"],
                "policyId": policy,
                "policyType": v["policyType"],
                "violations": 1,
                "lastViolationTime": v["timestamp"],
            })),
        }
    }
    // sortBy/sortDir are "accepted but ignored on this endpoint".
    spring_page(req, rows, &[], "ASC")
}

pub(crate) fn iccid_violations(st: &ZcellState, req: &Req, policy: &Value, iccid: &str) -> Resp {
    let w = match window(req, DT_START, DT_END, true) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let items: Vec<Value> = st
        .violations
        .iter()
        .filter(|v| {
            v["policyId"] == *policy && v["iccid"] == json!(iccid) && in_window(v, "timestamp", w)
        })
        .cloned()
        .collect();
    spring_page(req, items, &["timestamp", "policyId", "policyType"], "DESC")
}
