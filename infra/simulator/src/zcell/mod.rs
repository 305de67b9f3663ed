//! ZCell (Zscaler Cellular) under `/zcell/config/api/v1/...`.
//!
//! Sources: the Python SDK (`zscaler/zcell/*.py` for paths and query
//! parameters, `zscaler/zcell/models/*.py` for field names, and
//! `zscaler/oneapi_response.py` for paging). Conventions:
//! - The ZCell customer id (`SimConfig::zcell_customer_id`) is in most
//!   paths: `/customers/{id}/...`, `/audit/customers/{id}/search`,
//!   `/network-events/{id}/search/...`. Another id → 401 (as ZPA does for a
//!   foreign customer id).
//! - Paged lists use the Spring page envelope the SDK reads:
//!   `{"content":[...],"totalElements","totalPages","size","number",...}`
//!   with a 0-based `page` and `size` (1–100, default 10), `sortBy` and
//!   `sortDir` (ASC/DESC); unpaged lists are plain arrays; single objects are
//!   plain objects.
//! - Query parameters are camelCase on the wire (`startDateTime`,
//!   `startDate`, `iccId`, `sortBy`); the snake_case spellings the SDK
//!   documents (`start_date_time`, ...) are accepted too.
//! - Errors use the Spring Boot error body
//!   `{"timestamp","status","error","message","path"}` (assumed: no
//!   recording exists).
//! - Writes: POST → 200 with the object (SIM location groups: POST takes a
//!   JSON array and answers `[{"id","message"}]`); PATCH → 204 (the SDK
//!   notes "204 No Content on success"); PUT → 200 with the object;
//!   DELETE → 204.
//!
//! Seeded data: SIMs 6, tags 4, SIM location groups 3, anomaly policies 3,
//! policy violations 6, policy logs 4, network events 6, audit entries 5,
//! regions 3 (2 configured), daily usage for 7 days.

mod dialect;
mod helpers;
mod seeds;
mod specs;

pub use specs::{zcell_collections, ZcellCollectionInfo};

use crate::util::{Req, Resp};
use serde_json::{json, Value};

/// Mutable ZCell data.
pub(crate) struct ZcellState {
    /// Items of each registry collection, parallel to `specs::COLLS`.
    colls: Vec<Vec<Value>>,
    next_ids: Vec<i64>,
    sims: Vec<Value>,
    violations: Vec<Value>,
    logs: Vec<Value>,
    network_events: Vec<Value>,
    audit: Vec<Value>,
    customer: Value,
    regions: Vec<Value>,
}

impl ZcellState {
    pub(crate) fn seeded() -> ZcellState {
        let colls: Vec<Vec<Value>> = specs::COLLS.iter().map(|c| (c.seeds)()).collect();
        let next_ids = colls
            .iter()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.get("id").and_then(Value::as_i64))
                    .fold(1000, i64::max)
            })
            .collect();
        ZcellState {
            colls,
            next_ids,
            sims: seeds::sims(),
            violations: seeds::violations(),
            logs: seeds::policy_logs(),
            network_events: seeds::network_events(),
            audit: seeds::audit(),
            customer: seeds::customer(),
            regions: seeds::regions(),
        }
    }

    pub(crate) fn coll(&self, key: &str) -> &[Value] {
        specs::COLLS
            .iter()
            .position(|c| c.key == key)
            .and_then(|i| self.colls.get(i))
            .map_or(&[], Vec::as_slice)
    }
}

/// The Spring Boot error body.
pub(crate) fn error(req: &Req, status: u16, message: &str) -> Resp {
    let reason = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        _ => "Error",
    };
    Resp::json(
        status,
        json!({
            "timestamp": crate::util::now_secs(),
            "status": status,
            "error": reason,
            "message": message,
            "path": format!("/{}", req.segs.join("/")),
        }),
    )
}

pub(crate) fn no_route(req: &Req) -> Resp {
    error(req, 404, "No static resource found")
}

pub(crate) fn method_not_allowed(req: &Req) -> Resp {
    error(
        req,
        405,
        &format!("Request method '{}' is not supported", req.method),
    )
}

/// Serve `/zcell/config/api/v1/{rest...}`.
pub(crate) fn handle(st: &mut ZcellState, req: &Req, customer_id: &str) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    let rest: &[&str] = match segs.as_slice() {
        ["zcell", "config", "api", "v1", rest @ ..] => rest,
        _ => return no_route(req),
    };
    // Customer id checks: every path that names one must name ours.
    let cid = match rest {
        ["customers", cid, ..] | ["audit", "customers", cid, ..] | ["network-events", cid, ..] => {
            Some(*cid)
        }
        _ => None,
    };
    if let Some(cid) = cid {
        if cid != customer_id {
            return error(
                req,
                401,
                &format!("Customer {cid} is not accessible with this token"),
            );
        }
    }
    match rest {
        ["customers", _, tail @ ..] => helpers::customer_route(st, req, tail)
            .or_else(|| specs::route(st, req, tail))
            .unwrap_or_else(|| no_route(req)),
        _ => helpers::global_route(st, req, rest).unwrap_or_else(|| no_route(req)),
    }
}

/// ZCell behind the simulator's product trait.
pub(crate) struct Zcell {
    pub(crate) state: std::sync::Mutex<ZcellState>,
    /// The customer id expected in paths.
    pub(crate) customer_id: String,
}

impl crate::product::Product for Zcell {
    fn segment(&self) -> &'static str {
        "zcell"
    }

    fn handle(&self, req: &Req) -> Resp {
        handle(
            &mut crate::product::lock(&self.state),
            req,
            &self.customer_id,
        )
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
