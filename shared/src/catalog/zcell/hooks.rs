//! The zcell hooks: the logic the tools of `tables.rs` name.

use crate::catalog::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::tool::args::ArgError;
use serde_json::{Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------------

pub(super) fn arg_error(field: &str, problem: String) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem,
    })
}

/// Body fields whose wire name is `list[].field` become one object in a one-element list:
/// `{"filterBy[].filterName": "country"}` -> `{"filterBy": [{"filterName": "country"}]}`.
pub(super) fn nest_list_fields(body: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let mut grouped: Vec<(String, Map<String, Value>)> = Vec::new();
    for (key, value) in body {
        match key.split_once("[].") {
            Some((list, field)) => match grouped.iter_mut().find(|(name, _)| name == list) {
                Some((_, m)) => {
                    m.insert(field.to_string(), value);
                }
                None => {
                    let mut m = Map::new();
                    m.insert(field.to_string(), value);
                    grouped.push((list.to_string(), m));
                }
            },
            None => {
                out.insert(key, value);
            }
        }
    }
    for (list, item) in grouped {
        // A list given whole through `extra_fields` wins over the single-item shorthand.
        out.entry(list)
            .or_insert(Value::Array(vec![Value::Object(item)]));
    }
    out
}

/// The request a windowed tool makes: path, query and body.
pub(super) type Request = (String, Vec<(String, String)>, Option<Value>);

/// Lay the window (`start_time`/`end_time`) the endpoint requires wherever the spec places
/// it, from `days` (default 7) for a bound not given; `days` itself is never sent.
pub(super) fn fill_window(
    spec: &ToolSpec,
    path: &str,
    plan_query: &[(String, String)],
    plan_body: Option<&Value>,
    now: u64,
) -> Result<Request, ToolError> {
    let mut query: Vec<(String, String)> = Vec::new();
    let mut days: u64 = 7;
    for (k, v) in plan_query {
        if k == "days" {
            days = v
                .parse::<u64>()
                .ok()
                .filter(|d| (1..=365).contains(d))
                .ok_or_else(|| {
                    arg_error("days", format!("{v} is not a number of days from 1 to 365"))
                })?;
        } else {
            query.push((k.clone(), v.clone()));
        }
    }
    let mut body = match plan_body {
        Some(Value::Object(m)) => Some(m.clone()),
        Some(_) | None => None,
    };
    let mut path = path.to_string();

    // A bound given explicitly, read back from wherever the plan put it (a path bound from
    // the same segment as its placeholder in the spec's path).
    let given = |param: &Param| -> Option<u64> {
        match param.place {
            Place::Query(wire) => query
                .iter()
                .find(|(k, _)| k == wire)
                .and_then(|(_, v)| v.parse().ok()),
            Place::Body(wire) => body
                .as_ref()
                .and_then(|b| b.get(wire))
                .and_then(Value::as_u64),
            Place::Path => {
                let placeholder = format!("{{{}}}", param.name);
                let index = spec.path.split('/').position(|seg| seg == placeholder)?;
                path.split('/').nth(index)?.parse().ok()
            }
            _ => None,
        }
    };
    let start_param = spec.params.iter().find(|p| p.name == "start_time");
    let end_param = spec.params.iter().find(|p| p.name == "end_time");
    let end_given = end_param.and_then(given);
    let start_given = start_param.and_then(given);
    let end = end_given.unwrap_or(now);
    let start = end.saturating_sub(days * 86_400);
    let mut fill = Vec::new();
    if let (Some(p), None) = (start_param, start_given) {
        fill.push((p, start));
    }
    if let (Some(p), None) = (end_param, end_given) {
        fill.push((p, end));
    }
    for (param, value) in fill {
        match param.place {
            Place::Query(wire) => query.push((wire.to_string(), value.to_string())),
            Place::Body(wire) => {
                body.get_or_insert_with(Map::new)
                    .insert(wire.to_string(), Value::from(value));
            }
            Place::Path => {
                path = path.replace(&format!("{{{}}}", param.name), &value.to_string());
            }
            _ => {}
        }
    }
    if spec.method == HttpMethod::Post && body.is_none() {
        body = Some(Map::new());
    }
    let body = body.map(|b| Value::Object(nest_list_fields(b)));
    Ok((path, query, body))
}

/// Windowed tools: fill the window, then make the one request.
pub(super) fn with_window<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let (path, query, body) = fill_window(
            ctx.spec,
            ctx.path,
            &ctx.plan.query,
            ctx.plan.body.as_ref(),
            now,
        )?;
        let resp = ctx
            .send(ctx.spec.method, &path, &query, body.as_ref())
            .await?;
        Ok(ToolOutput {
            value: resp.body,
            note: None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::TOOLS;
    use super::*;
    use serde_json::json;

    fn spec(name: &str) -> &'static ToolSpec {
        TOOLS.iter().find(|s| s.name == name).unwrap()
    }

    fn planned(name: &str, args: Value) -> Request {
        let spec = spec(name);
        let Value::Object(args) = args else {
            unreachable!()
        };
        let plan = crate::tool::args::plan(spec, &args).unwrap();
        fill_window(spec, &plan.path, &plan.query, plan.body.as_ref(), 1_000_000).unwrap()
    }

    #[test]
    fn days_fill_the_query_window() {
        let (path, query, body) = planned(
            "zcell_list_anomaly_policies",
            json!({"days": 2, "policy_type": "GEOFENCING"}),
        );
        assert_eq!(
            path,
            "/zcell/config/api/v1/customers/{zcellCustomerId}/anomaly-policy"
        );
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("policyType", "GEOFENCING"),
                ("startDateTime", "827200"),
                ("endDateTime", "1000000")
            ]
        );
        assert_eq!(body, None);
    }

    #[test]
    fn explicit_bounds_win_and_days_is_checked() {
        let (_, query, _) = planned(
            "zcell_list_sim_usage_by_day",
            json!({"start_time": 10, "end_time": 20, "days": 3}),
        );
        assert_eq!(
            query,
            [
                ("startDate".to_string(), "10".to_string()),
                ("endDate".to_string(), "20".to_string())
            ]
        );
        let spec = spec("zcell_list_sim_usage_by_day");
        let q = [("days".to_string(), "0".to_string())];
        assert!(fill_window(spec, "/p", &q, None, 5).is_err());
    }

    #[test]
    fn the_window_goes_to_the_body_or_the_path() {
        let (_, query, body) = planned(
            "zcell_list_audit_customers_search",
            json!({"visibility": "Customer", "page_number": 1}),
        );
        assert_eq!(query, [("page".to_string(), "1".to_string())]);
        assert_eq!(
            body,
            Some(json!({"visibility": "Customer", "startDate": 395200, "endDate": 1000000}))
        );
        let (path, _, body) = planned(
            "zcell_list_network_events",
            json!({"end_time": 900000, "filter_name": "country", "filter_operator": "EQ",
                   "filter_values": ["US"]}),
        );
        assert!(
            path.ends_with("/search/startTime/295200/endTime/900000"),
            "{path}"
        );
        assert_eq!(
            body,
            Some(
                json!({"filterBy": [{"filterName": "country", "operator": "EQ",
                                      "values": ["US"]}]})
            )
        );
    }

    #[test]
    fn list_fields_become_one_item() {
        let body = json!({
            "filterBy[].filterName": "country",
            "filterBy[].values": ["US"],
            "page": 0
        });
        let Value::Object(m) = body else {
            unreachable!()
        };
        let out = Value::Object(nest_list_fields(m));
        assert_eq!(
            out,
            json!({"page": 0, "filterBy": [{"filterName": "country", "values": ["US"]}]})
        );
    }

    #[test]
    fn windowed_tools_declare_both_bounds() {
        for spec in TOOLS {
            let windowed = matches!(spec.hook, Hook::Custom(_));
            let has = |n: &str| spec.params.iter().any(|p| p.name == n);
            assert_eq!(windowed, has("days"), "{}", spec.name);
            assert_eq!(
                windowed,
                has("start_time") && has("end_time"),
                "{}",
                spec.name
            );
        }
    }
}
