//! The one paging walker. Every list, the generic executor's and the hooks' alike, walks its
//! pages here: one page when the caller named one (with a note on how to continue), else
//! every page up to the server's item cap (ZSCALER_MCP_MAX_ITEMS, with a "Truncated" note).
//! A style differs only in how it asks for a page and reads one: the `fetch` closure.

use std::future::Future;

use serde_json::Value;

use super::{ToolError, ToolOutput};
use crate::tool::args::CallPlan;
use crate::tool::Paging;

/// Where a page starts, in the style's own terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Position {
    Page(u32),
    Cursor(Option<String>),
    Offset(u64),
}

/// One page as read: its items, where the next one starts (`None`: this was the last), and
/// the total the API reported, for the note.
pub struct Batch {
    pub items: Vec<Value>,
    pub next: Option<Position>,
    pub total: Option<u64>,
}

/// The wording of the notes: the tests and agents rely on these exact texts, which differ
/// slightly per tool family.
#[derive(Clone, Copy, Debug)]
pub struct Notes {
    /// After the total in "More results (N <total_label>)".
    pub total_label: &'static str,
    /// How to "read the rest" after truncation.
    pub rest: &'static str,
}

impl Notes {
    pub const STANDARD: Notes = Notes {
        total_label: "items in all",
        rest: "the paging arguments",
    };
}

/// A planned walk: where to start, whether only that one page is wanted, the page size.
#[derive(Debug, Clone, PartialEq)]
pub struct Walk {
    pub start: Position,
    pub single: bool,
    pub size: u32,
}

impl Walk {
    /// The walk a call asks for under a paging style; `None` when the endpoint does not page.
    pub fn of(paging: Paging, plan: &CallPlan) -> Option<Walk> {
        let (start, single, size) = match paging {
            Paging::None => return None,
            Paging::Pages {
                default_size,
                max_size,
            } => return Some(Walk::pages(plan, default_size, max_size)),
            Paging::ZpaPages => return Some(Walk::pages(plan, 20, 500)),
            Paging::ZdxCursor { .. } => {
                let cursor = plan.paging.get("offset").and_then(Value::as_str);
                (
                    Position::Cursor(cursor.map(str::to_string)),
                    cursor.is_some(),
                    plan.paging_u32("limit").unwrap_or(500),
                )
            }
            Paging::ZidOffset => return Some(Walk::offsets(plan)),
        };
        Some(Walk {
            start,
            single,
            size,
        })
    }

    /// `offset`/`limit` arguments: one page from the given offset (100 records unless a
    /// limit is given), or every page from 0 at up to 1000 records.
    pub fn offsets(plan: &CallPlan) -> Walk {
        let offset = plan.paging.get("offset").and_then(Value::as_u64);
        let default_limit = if offset.is_some() { 100 } else { 1000 };
        Walk {
            start: Position::Offset(offset.unwrap_or(0)),
            single: offset.is_some(),
            size: plan.paging_u32("limit").unwrap_or(default_limit),
        }
    }

    /// `page`/`page_size` arguments: the named page at the given (or default) size, or every
    /// page at the largest size.
    pub fn pages(plan: &CallPlan, default_size: u32, max_size: u32) -> Walk {
        match plan.paging_u32("page") {
            Some(page) => Walk {
                start: Position::Page(page),
                single: true,
                size: plan.paging_u32("page_size").unwrap_or(default_size),
            },
            None => Walk {
                start: Position::Page(1),
                single: false,
                size: max_size,
            },
        }
    }
}

impl Position {
    fn how_to_continue(&self, total: Option<u64>, notes: Notes) -> String {
        let total = total
            .map(|t| format!(" ({t} {})", notes.total_label))
            .unwrap_or_default();
        match self {
            Position::Page(p) => {
                format!("More results{total}: call again with page={p} for the next page.")
            }
            Position::Cursor(Some(c)) => {
                format!("More results{total}: call again with offset=\"{c}\" for the next batch.")
            }
            Position::Cursor(None) => String::new(),
            Position::Offset(o) => {
                format!("More results{total}: call again with offset={o} for the next page.")
            }
        }
    }
}

/// How a walk ended.
enum End {
    /// The last page was read.
    Last,
    /// The item cap was reached (the items are not yet cut to it).
    Capped,
    /// Only the one page asked for was read; where the next starts, and the API's total.
    Single(Option<Position>, Option<u64>),
}

/// Read pages until the last, the cap, or the one page asked for, keeping the items `keep`
/// accepts. The cap counts kept items; an empty page or one without a next position is
/// the last.
async fn gather<F, Fut>(
    walk: Walk,
    max_items: usize,
    mut keep: impl FnMut(&Value) -> bool,
    mut fetch: F,
) -> Result<(Vec<Value>, End), ToolError>
where
    F: FnMut(Position, u32) -> Fut,
    Fut: Future<Output = Result<Batch, ToolError>>,
{
    let mut all = Vec::new();
    let mut position = walk.start;
    loop {
        let Batch { items, next, total } = fetch(position, walk.size).await?;
        let empty = items.is_empty();
        all.extend(items.into_iter().filter(|item| keep(item)));
        if walk.single {
            return Ok((all, End::Single(next, total)));
        }
        if all.len() >= max_items {
            return Ok((all, End::Capped));
        }
        match next {
            Some(next) if !empty => position = next,
            _ => return Ok((all, End::Last)),
        }
    }
}

/// A list tool's result: the kept items of the walk, cut to the server's item cap, with a
/// note on how to continue (one page asked for) or that the cap cut the list.
pub async fn walk<F, Fut>(
    walk: Walk,
    max_items: usize,
    notes: Notes,
    keep: impl FnMut(&Value) -> bool,
    fetch: F,
) -> Result<ToolOutput, ToolError>
where
    F: FnMut(Position, u32) -> Fut,
    Fut: Future<Output = Result<Batch, ToolError>>,
{
    let (mut all, end) = gather(walk, max_items, keep, fetch).await?;
    let note = match end {
        End::Last => None,
        End::Single(next, total) => next.map(|next| next.how_to_continue(total, notes)),
        End::Capped => {
            all.truncate(max_items);
            let rest = notes.rest;
            Some(format!(
                "Truncated at {max_items} items (the server's cap, ZSCALER_MCP_MAX_ITEMS). \
                 Use {rest} to read the rest, or narrow the search."
            ))
        }
    };
    Ok(ToolOutput {
        value: Value::Array(all),
        note,
    })
}

/// Every item a hook needs for a lookup, walking from `start` until the last page or until
/// `max_items` are read (the items read so far are all returned: a lookup wants no note).
pub async fn collect<F, Fut>(
    start: Position,
    size: u32,
    max_items: usize,
    fetch: F,
) -> Result<Vec<Value>, ToolError>
where
    F: FnMut(Position, u32) -> Fut,
    Fut: Future<Output = Result<Batch, ToolError>>,
{
    let walk = Walk {
        start,
        single: false,
        size,
    };
    Ok(gather(walk, max_items, |_| true, fetch).await?.0)
}

/// The query of one page: the call's own query plus the style's paging parameters.
pub fn page_query(
    paging: Paging,
    base: &[(String, String)],
    position: &Position,
    size: u32,
) -> Vec<(String, String)> {
    let mut q = base.to_vec();
    let mut push = |k: &str, v: String| q.push((k.to_string(), v));
    match (paging, position) {
        (Paging::Pages { .. }, Position::Page(p)) => {
            push("page", p.to_string());
            push("pageSize", size.to_string());
        }
        (Paging::ZpaPages, Position::Page(p)) => {
            push("page", p.to_string());
            push("pagesize", size.to_string());
        }
        (Paging::ZdxCursor { .. }, Position::Cursor(c)) => {
            if let Some(c) = c {
                push("offset", c.clone());
            }
            push("limit", size.to_string());
        }
        (Paging::ZidOffset, Position::Offset(o)) => {
            push("offset", o.to_string());
            push("limit", size.to_string());
        }
        _ => {}
    }
    q
}

/// A count the API may send as a number or as a string (ZPA).
pub fn as_count(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn take_array(body: &mut Value, key: &str) -> Vec<Value> {
    match body.get_mut(key).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// A plain-array page; a lone object counts as one item.
fn plain_items(body: Value) -> Vec<Value> {
    match body {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// Read one page of a paging style's response.
pub fn read_batch(paging: Paging, mut body: Value, position: &Position, size: u32) -> Batch {
    let (items, next, total) = match (paging, position) {
        (Paging::Pages { .. }, Position::Page(p)) => {
            let items = plain_items(body);
            let full = items.len() as u32 >= size;
            (items, full.then(|| Position::Page(p + 1)), None)
        }
        // A hook walking an endpoint that does not page: the one answer is the last page.
        (Paging::None, _) => (plain_items(body), None, None),
        (Paging::ZpaPages, Position::Page(p)) => {
            let total_pages = as_count(body.get("totalPages")).unwrap_or(1);
            let more = u64::from(*p) < total_pages;
            let total = as_count(body.get("totalCount"));
            let next = more.then(|| Position::Page(p + 1));
            (take_array(&mut body, "list"), next, total)
        }
        (Paging::ZdxCursor { items }, _) => {
            let next = match body.get("next_offset") {
                Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            let list = match body {
                Value::Array(list) => list,
                ref mut obj => take_array(obj, items),
            };
            (list, next.map(|c| Position::Cursor(Some(c))), None)
        }
        (Paging::ZidOffset, Position::Offset(o)) => {
            let total =
                as_count(body.get("totalRecord")).or_else(|| as_count(body.get("results_total")));
            let has_next = body
                .get("next_link")
                .and_then(Value::as_str)
                .is_some_and(|l| !l.is_empty());
            let items = take_array(&mut body, "records");
            let next = has_next.then_some(Position::Offset(o + items.len() as u64));
            (items, next, total)
        }
        _ => (Vec::new(), None, None),
    };
    Batch { items, next, total }
}
