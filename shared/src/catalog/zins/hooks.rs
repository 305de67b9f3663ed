//! The zins hooks: the logic the tools of `tables.rs` name.

use super::tables::*;
use crate::catalog::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::tool::args::ArgError;
use crate::zscaler::UpstreamError;
use serde_json::{Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------------------------------
// The hook
// ---------------------------------------------------------------------------------------

pub(super) fn arg_error(field: &str, problem: impl Into<String>) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem: problem.into(),
    })
}

pub(super) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The arguments of a report window, as given.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Window {
    start_days_ago: Option<i64>,
    end_days_ago: Option<i64>,
    start_time: Option<i64>,
    end_time: Option<i64>,
}

/// `(startTime, endTime)` in epoch milliseconds. Relative windows snap to 7 or 14 days
/// (whichever is nearer), keeping the end; absolute times are sent as given.
pub(super) fn resolve_window(
    w: Window,
    default_start_days: i64,
    now: i64,
) -> Result<(i64, i64), ToolError> {
    for (field, days) in [
        ("start_days_ago", w.start_days_ago),
        ("end_days_ago", w.end_days_ago),
    ] {
        if days.is_some_and(|d| d < 1) {
            return Err(arg_error(field, "must be at least 1"));
        }
    }
    let end = w
        .end_time
        .unwrap_or_else(|| now - w.end_days_ago.unwrap_or(2) * DAY_MS);
    let mut start = w
        .start_time
        .unwrap_or_else(|| now - w.start_days_ago.unwrap_or(default_start_days) * DAY_MS);
    if w.start_time.is_none() && w.end_time.is_none() {
        let days = (end - start) as f64 / DAY_MS as f64;
        if (days - 7.0).abs() > 0.5 && (days - 14.0).abs() > 0.5 {
            let span = if days < 10.5 { 7 } else { 14 };
            start = end - span * DAY_MS;
        }
    }
    if start >= end {
        return Err(arg_error(
            if w.start_time.is_some() {
                "start_time"
            } else {
                "start_days_ago"
            },
            "the window must start before it ends",
        ));
    }
    if end > now - DAY_MS {
        return Err(arg_error(
            if w.end_time.is_some() {
                "end_time"
            } else {
                "end_days_ago"
            },
            "the window must end at least one day ago: Z-Insights has only processed data \
             (24 to 48 hours late)",
        ));
    }
    Ok((start, end))
}

pub(super) fn take_int(vars: &mut Map<String, Value>, key: &str) -> Option<i64> {
    vars.remove(key).and_then(|v| v.as_i64())
}

/// The GraphQL variables of a call: the typed arguments, the window and the defaults.
pub(super) fn variables(
    report: &Report,
    args: Option<&Value>,
    now: i64,
) -> Result<Map<String, Value>, ToolError> {
    let mut vars = match args {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let window = Window {
        start_days_ago: take_int(&mut vars, "start_days_ago"),
        end_days_ago: take_int(&mut vars, "end_days_ago"),
        start_time: take_int(&mut vars, "start_time"),
        end_time: take_int(&mut vars, "end_time"),
    };
    if let Some(days) = report.start_days {
        let (start, end) = resolve_window(window, days, now)?;
        vars.insert("startTime".into(), Value::from(start));
        vars.insert("endTime".into(), Value::from(end));
    }
    if let Some(limit) = vars.get("limit").and_then(Value::as_i64) {
        if !(1..=MAX_ENTRIES).contains(&limit) {
            return Err(arg_error(
                "max_entries",
                format!("must be between 1 and {MAX_ENTRIES}"),
            ));
        }
    }
    if let Some(Value::Array(groups)) = vars.get("categorizeBy") {
        if groups.is_empty() {
            return Err(arg_error("categorize_by", "give at least one dimension"));
        }
        if let Some(bad) = groups
            .iter()
            .filter_map(Value::as_str)
            .find(|g| !INCIDENT_GROUPS.contains(g))
        {
            return Err(arg_error(
                "categorize_by",
                format!("{bad:?} is not one of {}", INCIDENT_GROUPS.join(", ")),
            ));
        }
    }
    for (key, json) in report.defaults {
        if !vars.contains_key(*key) {
            let value = serde_json::from_str(json).expect("report defaults are JSON");
            vars.insert((*key).to_string(), value);
        }
    }
    Ok(vars)
}

/// GraphQL answers errors with HTTP 200 and an `errors` array.
pub(super) fn graphql_error(status: u16, errors: &[Value]) -> ToolError {
    let messages: Vec<String> = errors
        .iter()
        .map(|e| {
            let text = e
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("unknown error");
            match e.get("path").and_then(Value::as_array) {
                Some(path) if !path.is_empty() => {
                    let at: Vec<String> = path
                        .iter()
                        .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                        .collect();
                    format!("{text} (at {})", at.join("."))
                }
                _ => text.to_string(),
            }
        })
        .collect();
    let class = errors.iter().find_map(|e| {
        e.get("classification")
            .or_else(|| e.get("extensions").and_then(|x| x.get("classification")))
            .and_then(Value::as_str)
    });
    let hint = match class {
        Some("INTERNAL_ERROR") => {
            " Usually this report has no data, or Z-Insights is not licensed for the tenant."
        }
        Some("BAD_REQUEST") => " Check that the window is 7 or 14 days and ends in the past.",
        _ => "",
    };
    ToolError::Upstream(UpstreamError::Api {
        product: "Z-Insights",
        status,
        code: class.map(str::to_string),
        message: Some(format!("{}.{hint}", messages.join("; "))),
    })
}

/// The report's value out of a GraphQL answer, with a note when names are obfuscated.
pub(super) fn unwrap_report(
    report: &Report,
    status: u16,
    mut body: Value,
) -> Result<ToolOutput, ToolError> {
    if let Some(errors) = body.get("errors").and_then(Value::as_array) {
        if !errors.is_empty() {
            return Err(graphql_error(status, errors));
        }
    }
    let mut data = body
        .get_mut("data")
        .and_then(|d| d.get_mut(report.domain))
        .and_then(|d| d.get_mut(report.field))
        .map(Value::take)
        .unwrap_or(Value::Null);
    let note = (data.get("obfuscated") == Some(&Value::Bool(true))).then(|| {
        "Z-Insights obfuscated the names in this report (the admin role may not see them)."
            .to_string()
    });
    let value = if report.single {
        match data {
            Value::Null => Value::Object(Map::new()),
            other => other,
        }
    } else {
        match data.get_mut("entries").map(Value::take) {
            Some(Value::Array(entries)) => Value::Array(entries),
            _ => Value::Array(Vec::new()),
        }
    };
    Ok(ToolOutput { value, note })
}

pub(super) fn graphql<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let report = REPORTS
            .iter()
            .find(|r| r.tool == ctx.spec.name)
            .expect("every Z-Insights tool has a report");
        let vars = variables(report, ctx.plan.body.as_ref(), now_ms())?;
        let mut request = Map::new();
        request.insert("query".into(), Value::from(report.document));
        request.insert("variables".into(), Value::Object(vars));
        request.insert("operationName".into(), Value::from(report.operation));
        let body = Value::Object(request);
        let resp = ctx
            .send(HttpMethod::Post, ctx.path, &[], Some(&body))
            .await?;
        unwrap_report(report, resp.status, resp.body)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_750_000_000_000;
    const WINDOW_VARS: &str = "$startTime: Long!, $endTime: Long!";
    const WINDOW_ARGS: &str = "start_time: $startTime, end_time: $endTime";

    #[test]
    fn every_tool_has_one_report_and_back() {
        for spec in TOOLS {
            let n = REPORTS.iter().filter(|r| r.tool == spec.name).count();
            assert_eq!(n, 1, "{}", spec.name);
        }
        assert_eq!(REPORTS.len(), TOOLS.len());
        for r in REPORTS {
            assert!(r.document.starts_with(&format!("query {}(", r.operation)));
            assert!(r.document.contains(r.domain) && r.document.contains(r.field));
            let opens = r.document.matches('{').count();
            assert_eq!(opens, r.document.matches('}').count(), "{}", r.tool);
            if r.start_days.is_some() {
                assert!(r.document.contains(WINDOW_VARS) && r.document.contains(WINDOW_ARGS));
            }
        }
    }

    #[test]
    fn default_windows_end_two_days_ago() {
        let (s, e) = resolve_window(Window::default(), 9, NOW).unwrap();
        assert_eq!((NOW - e, e - s), (2 * DAY_MS, 7 * DAY_MS));
        let (s, e) = resolve_window(Window::default(), 16, NOW).unwrap();
        assert_eq!(e - s, 14 * DAY_MS);
    }

    #[test]
    fn relative_windows_snap_and_absolute_ones_do_not() {
        let w = Window {
            start_days_ago: Some(30),
            end_days_ago: Some(3),
            ..Window::default()
        };
        let (s, e) = resolve_window(w, 9, NOW).unwrap();
        assert_eq!((NOW - e, e - s), (3 * DAY_MS, 14 * DAY_MS));
        let w = Window {
            start_time: Some(NOW - 20 * DAY_MS),
            end_time: Some(NOW - 10 * DAY_MS),
            ..Window::default()
        };
        assert_eq!(
            resolve_window(w, 9, NOW).unwrap(),
            (NOW - 20 * DAY_MS, NOW - 10 * DAY_MS)
        );
    }

    #[test]
    fn bad_windows_name_the_argument() {
        let recent = Window {
            end_time: Some(NOW - 1000),
            ..Window::default()
        };
        let e = resolve_window(recent, 9, NOW).unwrap_err().to_string();
        assert!(e.contains("end_time"), "{e}");
        let zero = Window {
            end_days_ago: Some(0),
            ..Window::default()
        };
        assert!(resolve_window(zero, 9, NOW)
            .unwrap_err()
            .to_string()
            .contains("end_days_ago"));
    }

    #[test]
    fn variables_get_defaults_and_checks() {
        let r = REPORTS
            .iter()
            .find(|r| r.tool == "zins_get_cyber_incidents")
            .unwrap();
        let args = json!({"start_time": NOW - 15 * DAY_MS, "end_time": NOW - 1 - DAY_MS});
        let v = variables(r, Some(&args), NOW).unwrap();
        assert_eq!(v["categorizeBy"], json!(["THREAT_CATEGORY_ID"]));
        assert_eq!(v["limit"], 50);
        assert!(v.get("start_time").is_none() && v.contains_key("startTime"));
        let bad = json!({"categorizeBy": ["NOPE"]});
        assert!(variables(r, Some(&bad), NOW).is_err());
        let big = json!({"limit": 5000});
        assert!(variables(r, Some(&big), NOW)
            .unwrap_err()
            .to_string()
            .contains("max_entries"));
        let iot = REPORTS.iter().find(|r| r.start_days.is_none()).unwrap();
        let v = variables(iot, None, NOW).unwrap();
        assert_eq!(Value::Object(v), json!({"limit": 50}));
    }

    #[test]
    fn answers_unwrap_to_entries_or_errors() {
        let r = &REPORTS[0];
        let body = json!({"data": {"WEB_TRAFFIC": {"location": {"obfuscated": true,
            "entries": [{"name": "HQ", "total": 5}]}}}});
        let out = unwrap_report(r, 200, body).unwrap();
        assert_eq!(out.value, json!([{"name": "HQ", "total": 5}]));
        assert!(out.note.is_some());
        let empty = unwrap_report(r, 200, json!({"data": null})).unwrap();
        assert_eq!(empty.value, json!([]));
        let err = unwrap_report(
            r,
            200,
            json!({"errors": [{"message": "boom", "classification": "BAD_REQUEST",
                                "path": ["WEB_TRAFFIC", "location"]}]}),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("boom (at WEB_TRAFFIC.location)") && err.contains("BAD_REQUEST"));
    }
}
