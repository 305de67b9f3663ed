//! ZCell SIM details and SIM search.

use super::*;

pub(crate) fn sim_details(st: &ZcellState, req: &Req) -> Resp {
    let Some(iccid) = q_any(req, &["iccId", "icc_id", "iccid"]) else {
        return error(req, 400, "Required parameter 'iccId' is missing");
    };
    match st.sims.iter().find(|s| s["iccid"] == json!(iccid)) {
        Some(s) => Resp::ok(s.clone()),
        None => error(req, 404, &format!("SIM with iccId {iccid} not found")),
    }
}

/// `SimDataSearchRequest` filters: list fields match any entry, scalar
/// fields case-insensitively; `tag` matches tag names or ids.
pub(crate) fn sim_matches(s: &Value, f: &Map<String, Value>) -> bool {
    let list = |k: &str| -> Vec<String> {
        match f.get(k) {
            Some(Value::Array(a)) => a.iter().filter_map(scalar_string).collect(),
            Some(v) => scalar_string(v).into_iter().collect(),
            None => Vec::new(),
        }
    };
    let one = |k: &str, field: &str| -> bool {
        f.get(k)
            .and_then(scalar_string)
            .filter(|w| !w.trim().is_empty())
            .is_none_or(|w| str_field(s, field).eq_ignore_ascii_case(w.trim()))
    };
    let iccids = list("iccid");
    let ips = list("ipAddress");
    let tags = list("tag");
    let imei_status = f.get("imeiStatus").and_then(Value::as_str);
    (iccids.is_empty() || iccids.iter().any(|i| s["iccid"] == json!(i)))
        && (ips.is_empty()
            || s["ipAddress"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| ips.iter().any(|i| x == i))))
        && (tags.is_empty()
            || tags.iter().any(|t| {
                [&s["tags"], &s["tagIds"]]
                    .iter()
                    .any(|l| l.as_array().is_some_and(|a| a.iter().any(|x| x == t)))
            }))
        && one("status", "status")
        && one("networkStatus", "networkStatus")
        && one("locationCountry", "locationCountry")
        && one("deviceType", "deviceType")
        && one("brandName", "brandName")
        && one("marketingName", "marketingName")
        && one("modelName", "modelName")
        && one("formFactor", "formFactor")
        && imei_status.is_none_or(|w| {
            let locked = s["dataAuthorizeImei"] == json!(true);
            match w {
                "Locked" => locked,
                "Unlocked" => !locked,
                _ => false,
            }
        })
}

pub(crate) fn sims_search(st: &ZcellState, req: &Req) -> Resp {
    let filters = match req.json() {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return error(req, 400, "Request body must be a JSON object"),
    };
    let items: Vec<Value> = st
        .sims
        .iter()
        .filter(|s| sim_matches(s, &filters))
        .cloned()
        .collect();
    spring_page(
        req,
        items,
        &[
            "usage",
            "iccid",
            "status",
            "networkStatus",
            "locationCountry",
            "creationTime",
        ],
        "ASC",
    )
}
