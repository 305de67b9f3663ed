//! Lean list views: for the few list tools whose records are far heavier than what an agent
//! needs to choose one (a ZDX device record carries its hardware, network adapters and
//! software: some 380 tokens), the list answers the decision-bearing fields only, and the
//! answer names every field it left out and how to get it: the tool's get tool, or `query`,
//! which runs on the full records. Applied only when the caller gave no `query` (a query
//! shapes the full records itself), in every result format. Never silent.

use serde_json::{Map, Value};

use super::compact::{flatten, insert_at, parse_path, path_name};

/// One tool's lean view.
#[derive(Debug)]
pub struct LeanView {
    /// The list tool.
    pub tool: &'static str,
    /// The fields each record keeps, as column names (`software.user`; see
    /// [`super::compact`]). A field absent from a record is simply not there.
    pub keep: &'static [&'static str],
    /// The tool that returns one full record, and its argument taking a record's `id`.
    pub get_tool: &'static str,
    pub get_arg: &'static str,
}

/// The tools with a lean list view.
pub const LEAN_VIEWS: &[LeanView] = &[
    // The official server answers id and name (its SDK keeps `userid` too) and leaves the
    // rest to the get tool; `software.user` is where the owning user is in a full record.
    LeanView {
        tool: "zdx_list_devices",
        keep: &["id", "name", "userid", "software.user"],
        get_tool: "zdx_get_device",
        get_arg: "device_id",
    },
];

/// The lean view of `tool`, if it has one.
pub fn view_of(tool: &str) -> Option<&'static LeanView> {
    LEAN_VIEWS.iter().find(|v| v.tool == tool)
}

/// Reduce every record of a list to the view's fields. Returns the note that names what was
/// left out and how to reach it, or `None` when nothing was (not a list, or lean records).
pub fn apply(view: &LeanView, value: &mut Value) -> Option<String> {
    let Value::Array(items) = value else {
        return None;
    };
    let keep: Vec<Vec<String>> = view
        .keep
        .iter()
        .map(|k| parse_path(k).unwrap_or_else(|_| vec![k.to_string()]))
        .collect();
    let mut left_out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut present = vec![false; keep.len()];
    for item in items.iter_mut() {
        let Value::Object(record) = item else {
            continue;
        };
        for (name, _) in flatten(record) {
            let kept = parse_path(&name).is_ok_and(|keys| keep.iter().any(|k| keys.starts_with(k)));
            if !kept && seen.insert(name.clone()) {
                left_out.push(name);
            }
        }
        for (found, keys) in present.iter_mut().zip(&keep) {
            *found |= value_at(record, keys).is_some();
        }
        *record = lean_record(record, &keep);
    }
    let kept: Vec<&str> = view
        .keep
        .iter()
        .zip(&present)
        .filter(|(_, found)| **found)
        .map(|(name, _)| *name)
        .collect();
    (!left_out.is_empty()).then(|| note(view, &kept, &left_out))
}

/// A record with only the fields at `keep` (each path made again, nesting kept).
fn lean_record(record: &Map<String, Value>, keep: &[Vec<String>]) -> Map<String, Value> {
    let mut out = Map::new();
    for keys in keep {
        if let Some(value) = value_at(record, keys) {
            // Fails only when two kept paths overlap (`a` and `a.b`): the value is in already.
            let _ = insert_at(&mut out, keys, value.clone());
        }
    }
    out
}

fn value_at<'a>(record: &'a Map<String, Value>, keys: &[String]) -> Option<&'a Value> {
    let (last, parents) = keys.split_last()?;
    let mut at = record;
    for key in parents {
        at = at.get(key)?.as_object()?;
    }
    at.get(last)
}

/// What the lean answer left out and how to get it. Fields are grouped by their first key
/// (`hardware.{cpu_mfg,gpu}`), in the order they first appear.
fn note(view: &LeanView, kept: &[&str], left_out: &[String]) -> String {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for name in left_out {
        let keys = parse_path(name).unwrap_or_else(|_| vec![name.clone()]);
        // A top-level field stands alone; a nested one joins the group of its first key.
        let Some((head, rest)) = keys.split_first().filter(|(_, rest)| !rest.is_empty()) else {
            groups.push((name.clone(), Vec::new()));
            continue;
        };
        let head = path_name(&[head]);
        match groups.iter_mut().find(|(h, t)| *h == head && !t.is_empty()) {
            Some((_, tails)) => tails.push(path_name(rest)),
            None => groups.push((head, vec![path_name(rest)])),
        }
    }
    let listed: Vec<String> = groups
        .into_iter()
        .map(|(head, tails)| match tails.as_slice() {
            [] => head,
            [t] => format!("{head}.{t}"),
            _ => format!("{head}.{{{}}}", tails.join(",")),
        })
        .collect();
    format!(
        "Lean list: each record keeps only {kept}. Left out: {listed}. To get them: {get} \
         ({arg} = a record's id) for one record, or call {tool} again with `query` (JMESPath \
         over the full records), e.g. query=\"[*].[id, {example}]\".",
        kept = if kept.is_empty() {
            "no field".to_string()
        } else {
            kept.join(", ")
        },
        listed = listed.join(", "),
        get = view.get_tool,
        arg = view.get_arg,
        tool = view.tool,
        example = left_out[0],
    )
}
