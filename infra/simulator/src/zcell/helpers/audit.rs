//! ZCell audit log search.

use super::*;

/// `POST /audit/customers/{id}/search`: flat body filters (`startDate`,
/// `endDate`, `operationType`, `objectType`, `objectName`, `objectId`,
/// `visibility`, `modifiedByUserId`).
pub(crate) fn audit_search(st: &ZcellState, req: &Req) -> Resp {
    let f = match req.json() {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return error(req, 400, "Request body must be a JSON object"),
    };
    let num = |k: &str| {
        f.get(k)
            .and_then(|v| scalar_string(v)?.trim().parse::<i64>().ok())
    };
    let (start, end) = (num("startDate"), num("endDate"));
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return error(req, 400, "startDate must not be after endDate");
        }
    }
    let eq = |k: &str, field: &str, v: &Value| {
        f.get(k).and_then(scalar_string).is_none_or(|w| {
            v.get(field)
                .and_then(scalar_string)
                .is_some_and(|s| s.eq_ignore_ascii_case(&w))
        })
    };
    let items: Vec<Value> = st
        .audit
        .iter()
        .filter(|v| {
            let t = v["creationTime"].as_i64().unwrap_or(0);
            start.is_none_or(|s| t >= s)
                && end.is_none_or(|e| t <= e)
                && eq("operationType", "auditOperationType", v)
                && eq("objectType", "objectType", v)
                && eq("objectId", "objectId", v)
                && eq("visibility", "visibility", v)
                && eq("modifiedByUserId", "modifiedByUserId", v)
                && f.get("objectName")
                    .and_then(Value::as_str)
                    .is_none_or(|n| icontains(str_field(v, "objectName"), n))
        })
        .cloned()
        .collect();
    spring_page(
        req,
        items,
        &[
            "creationTime",
            "auditOperationType",
            "objectType",
            "objectName",
            "objectId",
            "customerId",
            "visibility",
        ],
        "DESC",
    )
}
