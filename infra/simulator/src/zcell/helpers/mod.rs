//! The ZCell endpoints that are not plain collections, routed here and
//! served by the files named for what they simulate: SIM search and
//! details, SIM analytics, anomaly policy logs/status/violations, customer
//! data, regions, audit search and metadata, network event search.

mod analytics;
mod anomaly_policies;
mod audit;
mod network_events;
mod sims;

pub(crate) use analytics::*;
pub(crate) use anomaly_policies::*;
pub(crate) use audit::*;
pub(crate) use network_events::*;
pub(crate) use sims::*;

use super::specs::{q_any, spring_page, window};
use super::{error, method_not_allowed, seeds, ZcellState};
use crate::util::{icontains, parse_count_opt, scalar_string, str_field, Req, Resp};
use axum::http::Method;
use serde_json::{json, Map, Value};

/// Routes under `/customers/{id}` (the id is already checked).
pub(crate) fn customer_route(st: &mut ZcellState, req: &Req, tail: &[&str]) -> Option<Resp> {
    if let ["anomaly-policy", pid, sub @ ..] = tail {
        if !sub.is_empty() {
            return anomaly_policy_route(st, req, pid, sub);
        }
    }
    route_customer(st, req, tail).or_else(|| route_sims(st, req, tail))
}

/// The customer record and its regions. None when `tail` is not one of them.
fn route_customer(st: &mut ZcellState, req: &Req, tail: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = match tail {
        [] => match *m {
            Method::GET => Resp::ok(st.customer.clone()),
            Method::PUT => match req.json_object() {
                Some(body) => {
                    if let Some(obj) = st.customer.as_object_mut() {
                        for (k, v) in body {
                            if !matches!(k.as_str(), "id" | "mvnoCustomerId" | "tenantId") {
                                obj.insert(k, v);
                            }
                        }
                        obj.insert("modifiedTime".into(), json!(crate::util::now_secs()));
                    }
                    Resp::ok(json!({"id": st.customer["id"], "message": "Customer activated"}))
                }
                None => error(req, 400, "Request body must be a JSON object"),
            },
            _ => method_not_allowed(req),
        },
        ["regions"] => match *m {
            Method::GET => Resp::ok(Value::Array(
                st.regions
                    .iter()
                    .map(|r| {
                        json!({"region": r["region"], "name": r["name"], "configured": r["configured"], "available": r["available"]})
                    })
                    .collect(),
            )),
            // update_regions: a raw JSON array of region codes; 201 with a
            // raw scalar (the SDK's docstring).
            Method::PUT => set_regions(st, req),
            _ => method_not_allowed(req),
        },
        ["regions", "operational-status"] => match *m {
            Method::GET => Resp::ok(Value::Array(
                st.regions
                    .iter()
                    .filter(|r| r["configured"] == json!(true))
                    .map(|r| {
                        json!({"region": r["region"], "name": r["name"], "operationalStatus": r["operationalStatus"], "dataCenter": r["dataCenter"]})
                    })
                    .collect(),
            )),
            _ => method_not_allowed(req),
        },
        _ => return None,
    };
    Some(resp)
}

/// SIM details, search and analytics. None when `tail` is not one of them.
fn route_sims(st: &mut ZcellState, req: &Req, tail: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = match tail {
        ["sims", "details"] => match *m {
            Method::GET => sim_details(st, req),
            _ => method_not_allowed(req),
        },
        ["sims", "search"] => match *m {
            Method::POST => sims_search(st, req),
            _ => method_not_allowed(req),
        },
        ["sim", "analytics", "map"] => match *m {
            Method::POST => analytics_map(st, req),
            _ => method_not_allowed(req),
        },
        ["sim", "analytics", "summary"] => match *m {
            Method::GET => {
                let total = st.sims.len();
                let active = st.sims.iter().filter(|s| s["status"] == "Active").count();
                let used = st
                    .sims
                    .iter()
                    .filter(|s| s["usage"].as_u64().unwrap_or(0) > 0)
                    .count();
                Resp::ok(
                    json!({"total": total, "used": used, "active": active, "inactive": total - active}),
                )
            }
            _ => method_not_allowed(req),
        },
        ["sim", "analytics", "usage", kind @ ("countries" | "day" | "sims")] => match *m {
            Method::GET => usage(st, req, kind),
            _ => method_not_allowed(req),
        },
        _ => return None,
    };
    Some(resp)
}

/// `/customers/{id}/anomaly-policy/{pid}/{sub...}`: logs, status,
/// violations.
fn anomaly_policy_route(st: &mut ZcellState, req: &Req, pid: &str, sub: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = {
        let Some(policy) = find_policy(st, pid) else {
            return Some(error(
                req,
                404,
                &format!("Anomaly policy with id {pid} not found"),
            ));
        };
        match (sub, m.clone()) {
            (["logs"], Method::GET) => {
                let items: Vec<Value> = st
                    .logs
                    .iter()
                    .filter(|l| l["policyId"] == policy)
                    .cloned()
                    .collect();
                spring_page(req, items, &["timestamp"], "DESC")
            }
            (["status"], Method::PATCH) => set_status(st, req, &policy),
            (["violations"], Method::GET) => violations(st, req, &policy),
            (["violations", iccid], Method::GET) => iccid_violations(st, req, &policy, iccid),
            (["logs"] | ["status"] | ["violations"] | ["violations", _], _) => {
                method_not_allowed(req)
            }
            _ => return None,
        }
    };
    Some(resp)
}

/// Routes outside `/customers/{id}`.
pub(crate) fn global_route(st: &mut ZcellState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = match rest {
        ["audit", "metadata"] => match *m {
            Method::GET => Resp::ok(Value::Array(seeds::audit_metadata())),
            _ => method_not_allowed(req),
        },
        ["audit", "customers", _, "search"] => match *m {
            Method::POST => audit_search(st, req),
            _ => method_not_allowed(req),
        },
        ["network-events", _, "search", "startTime", s, "endTime", e] => match *m {
            Method::POST => network_search(st, req, s, e),
            _ => method_not_allowed(req),
        },
        _ => return None,
    };
    Some(resp)
}
