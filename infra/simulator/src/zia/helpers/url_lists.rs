//! ZIA URL lists changed with `?action=ADD_TO_LIST|REMOVE_FROM_LIST`.

use super::*;

/// A list of URLs kept as `{field: [...]}`: GET returns it; the write
/// method with `?action=ADD_TO_LIST|REMOVE_FROM_LIST` changes it
/// incrementally; without an action (where allowed) it replaces it.
pub(crate) struct UrlList {
    pub path: &'static [&'static str],
    pub field: &'static str,
    /// The write method is POST (else PUT).
    pub post: bool,
    /// The write needs an action (no full replace).
    pub action_required: bool,
    pub seed: fn() -> Vec<String>,
}

pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub(crate) static URL_LISTS: &[UrlList] = &[
    // Both SDKs POST with an action.
    UrlList {
        path: &["authSettings", "exemptedUrls"],
        field: "urls",
        post: true,
        action_required: true,
        seed: || {
            strings(&[
                "login.microsoftonline.com",
                ".okta.com",
                "sso.sandbox.example",
            ])
        },
    },
    // Both SDKs PUT with an action.
    UrlList {
        path: &["cyberThreatProtection", "maliciousUrls"],
        field: "maliciousUrls",
        post: false,
        action_required: false,
        seed: || {
            strings(&[
                "malware.testcategory.com",
                "evil.example.net",
                "phish.example.org",
            ])
        },
    },
    // SDKs disagree: Python PUTs the whole list (no action), Go PUTs with
    // ?action=ADD_TO_LIST|REMOVE_FROM_LIST. Both are served; Python's full
    // replace is the default.
    UrlList {
        path: &["cyberThreatProtection", "securityExceptions"],
        field: "bypassUrls",
        post: false,
        action_required: false,
        seed: || strings(&["updates.vendor.example", ".windowsupdate.com"]),
    },
];

pub(crate) fn valid_url_entry(u: &str) -> bool {
    !u.is_empty() && u.len() <= 1024 && !u.chars().any(char::is_whitespace)
}

pub(crate) fn url_list(more: &mut MoreState, req: &Req, i: usize) -> Resp {
    let Some(spec) = URL_LISTS.get(i) else {
        return crate::zia::no_route(req);
    };
    let write = if spec.post { Method::POST } else { Method::PUT };
    let current = more.url_lists.get(i).cloned().unwrap_or_default();
    if req.method == Method::GET {
        return Resp::ok(json!({ spec.field: current }));
    }
    if req.method != write {
        return method_not_allowed(&req.method);
    }
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let Some(Value::Array(items)) = body.get(spec.field) else {
        return invalid_body();
    };
    let mut change = Vec::with_capacity(items.len());
    for item in items {
        let Some(u) = item.as_str() else {
            return invalid_body();
        };
        let u = u.trim();
        if !valid_url_entry(u) {
            return invalid_input(&format!("Invalid URL '{u}'"));
        }
        change.push(u.to_string());
    }
    let action = req.q("action").map(|a| a.trim().to_ascii_uppercase());
    let updated = match action.as_deref() {
        Some("ADD_TO_LIST") | Some("REMOVE_FROM_LIST") if change.is_empty() => {
            return invalid_input("The URL list cannot be empty");
        }
        Some("ADD_TO_LIST") => {
            let mut list = current;
            for u in change {
                if !list.iter().any(|x| x.eq_ignore_ascii_case(&u)) {
                    list.push(u);
                }
            }
            list
        }
        Some("REMOVE_FROM_LIST") => current
            .into_iter()
            .filter(|x| !change.iter().any(|u| u.eq_ignore_ascii_case(x)))
            .collect(),
        None | Some("") if !spec.action_required => {
            let mut list: Vec<String> = Vec::new();
            for u in change {
                if !list.iter().any(|x| x.eq_ignore_ascii_case(&u)) {
                    list.push(u);
                }
            }
            list
        }
        None | Some("") => {
            return invalid_input(
                "The action parameter is required: ADD_TO_LIST or REMOVE_FROM_LIST",
            );
        }
        Some(other) => {
            return invalid_input(&format!(
                "Invalid action '{other}': expected ADD_TO_LIST or REMOVE_FROM_LIST"
            ));
        }
    };
    if let Some(slot) = more.url_lists.get_mut(i) {
        *slot = updated.clone();
    }
    more.touch();
    Resp::ok(json!({ spec.field: updated }))
}
