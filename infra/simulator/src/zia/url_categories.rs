//! ZIA URL categories (predefined and custom), the URL quota and URL
//! lookups.

use super::*;

pub(crate) const CATEGORY_LIST_FIELDS: [&str; 6] = [
    "urls",
    "dbCategorizedUrls",
    "keywords",
    "keywordsRetainingParentCategory",
    "ipRanges",
    "ipRangesRetainingParentCategory",
];

pub(crate) fn array_len(obj: &Map<String, Value>, key: &str) -> usize {
    obj.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

pub(crate) fn recount_category(obj: &mut Map<String, Value>) {
    let urls = array_len(obj, "urls");
    let retaining = array_len(obj, "dbCategorizedUrls");
    let ips = array_len(obj, "ipRanges");
    let ips_retaining = array_len(obj, "ipRangesRetainingParentCategory");
    obj.insert("customUrlsCount".into(), json!(urls));
    obj.insert("urlsRetainingParentCategoryCount".into(), json!(retaining));
    obj.insert("customIpRangesCount".into(), json!(ips));
    obj.insert(
        "ipRangesRetainingParentCategoryCount".into(),
        json!(ips_retaining),
    );
}

/// The list fields, when present, must be arrays of strings.
pub(crate) fn category_lists_valid(body: &Map<String, Value>) -> bool {
    CATEGORY_LIST_FIELDS.iter().all(|f| match body.get(*f) {
        None | Some(Value::Null) => true,
        Some(Value::Array(a)) => a.iter().all(Value::is_string),
        _ => false,
    })
}

/// `customOnly` and `type` (ALL: every type).
pub(crate) fn category_filter(req: &Req, c: &Value) -> bool {
    let type_filter = req
        .q("type")
        .map(str::to_ascii_uppercase)
        .filter(|t| !t.is_empty() && t != "ALL");
    (!req.q_bool("customOnly") || c.get("customCategory") == Some(&Value::Bool(true)))
        && type_filter
            .as_deref()
            .is_none_or(|t| str_field(c, "type") == t)
}

/// `includeOnlyUrlKeywordCounts=true` lists the counts without the lists.
pub(crate) fn category_counts_only(req: &Req, items: &mut [Value]) {
    if !req.q_bool("includeOnlyUrlKeywordCounts") {
        return;
    }
    for c in items.iter_mut().filter_map(Value::as_object_mut) {
        for f in CATEGORY_LIST_FIELDS {
            c.remove(f);
        }
    }
}

pub(crate) fn url_categories_lite(st: &ZiaState) -> Resp {
    let out: Vec<Value> = st
        .url_categories
        .iter()
        .map(|c| {
            let mut o = Map::new();
            for k in [
                "id",
                "configuredName",
                "superCategory",
                "customCategory",
                "type",
                "val",
            ] {
                if let Some(v) = c.get(k) {
                    o.insert(k.into(), v.clone());
                }
            }
            Value::Object(o)
        })
        .collect();
    Resp::ok(Value::Array(out))
}

pub(crate) fn url_quota(st: &ZiaState) -> Resp {
    let mut unique: Vec<&str> = st
        .url_categories
        .iter()
        .filter_map(|c| c.get("urls").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    unique.sort_unstable();
    unique.dedup();
    Resp::ok(json!({
        "uniqueUrlsProvisioned": unique.len(),
        "remainingUrlsQuota": URL_QUOTA_TOTAL.saturating_sub(unique.len()),
    }))
}

pub(crate) fn category_base(id: &str, val: i64, custom: bool) -> Map<String, Value> {
    let v = json!({
        "id": id,
        "urls": [],
        "dbCategorizedUrls": [],
        "customCategory": custom,
        "editable": true,
        "type": "URL_CATEGORY",
        "val": val,
        "categoryGroup": "REGULAR",
        "urlType": "EXACT",
    });
    v.as_object().cloned().unwrap_or_default()
}

/// Validate a URL category body and build the category: a create makes
/// a custom category (its id and `val` are set by the engine), an update
/// replaces one or, with `?action=`, changes only its lists.
pub(crate) fn build_category(
    st: &ZiaState,
    req: &Req,
    body: Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Built, Resp> {
    if !category_lists_valid(&body) {
        return Err(invalid_body());
    }
    let mut obj = match existing.and_then(Value::as_object) {
        Some(ex) => category_update(st, req, &body, ex)?,
        None => category_create(st, &body)?,
    };
    recount_category(&mut obj);
    Ok(obj.into())
}

fn category_create(st: &ZiaState, body: &Map<String, Value>) -> Result<Map<String, Value>, Resp> {
    let name = crate::util::trimmed(body, "configuredName");
    if name.is_empty() {
        return Err(invalid_input(
            "configuredName is required for a custom URL category",
        ));
    }
    if st
        .url_categories
        .iter()
        .any(|c| str_field(c, "configuredName").eq_ignore_ascii_case(&name))
    {
        return Err(duplicate(&format!(
            "A URL category named '{name}' already exists"
        )));
    }
    let mut obj = category_base("", 0, true);
    obj.insert("superCategory".into(), json!("USER_DEFINED"));
    overlay(&mut obj, body);
    obj.retain(|_, v| !v.is_null());
    obj.insert("customCategory".into(), json!(true));
    obj.insert("editable".into(), json!(true));
    Ok(obj)
}

/// `?action=ADD_TO_LIST|REMOVE_FROM_LIST`: change only the URL and keyword
/// lists named in the body.
fn list_action(
    existing: &Map<String, Value>,
    body: &Map<String, Value>,
    a: &str,
) -> Map<String, Value> {
    let mut obj = existing.clone();
    for f in CATEGORY_LIST_FIELDS {
        let Some(Value::Array(change)) = body.get(f) else {
            continue;
        };
        let mut cur: Vec<Value> = obj
            .get(f)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if a == "ADD_TO_LIST" {
            for u in change {
                if !cur.contains(u) {
                    cur.push(u.clone());
                }
            }
        } else {
            cur.retain(|u| !change.contains(u));
        }
        obj.insert(f.to_string(), Value::Array(cur));
    }
    obj
}

fn category_update(
    st: &ZiaState,
    req: &Req,
    body: &Map<String, Value>,
    existing: &Map<String, Value>,
) -> Result<Map<String, Value>, Resp> {
    let id = existing.get("id").and_then(Value::as_str).unwrap_or("");
    let custom = existing.get("customCategory") == Some(&Value::Bool(true));
    let action = req.q("action").map(str::to_ascii_uppercase);
    let mut obj = match action.as_deref() {
        Some(a @ ("ADD_TO_LIST" | "REMOVE_FROM_LIST")) => list_action(existing, body, a),
        Some(other) if !other.is_empty() => {
            return Err(invalid_input(&format!(
                "Invalid action '{other}': expected ADD_TO_LIST or REMOVE_FROM_LIST"
            )))
        }
        _ => category_replace(st, id, body, existing, custom)?,
    };
    obj.insert("id".into(), json!(id));
    obj.insert("customCategory".into(), json!(custom));
    if let Some(v) = existing.get("val") {
        obj.insert("val".into(), v.clone());
    }
    Ok(obj)
}

/// Full replace; identity fields are kept.
fn category_replace(
    st: &ZiaState,
    id: &str,
    body: &Map<String, Value>,
    existing: &Map<String, Value>,
    custom: bool,
) -> Result<Map<String, Value>, Resp> {
    let val = existing.get("val").and_then(Value::as_i64).unwrap_or(0);
    let mut obj = category_base(id, val, custom);
    if !custom {
        if let Some(sc) = existing.get("superCategory") {
            obj.insert("superCategory".into(), sc.clone());
        }
    }
    overlay(&mut obj, body);
    obj.retain(|_, v| !v.is_null());
    if custom {
        let name = str_field(&Value::Object(obj.clone()), "configuredName").to_string();
        if name.trim().is_empty() {
            if let Some(n) = existing.get("configuredName") {
                obj.insert("configuredName".into(), n.clone());
            }
        } else if st.url_categories.iter().any(|c| {
            str_field(c, "id") != id
                && str_field(c, "configuredName").eq_ignore_ascii_case(name.trim())
        }) {
            return Err(duplicate(&format!(
                "A URL category named '{name}' already exists"
            )));
        }
    }
    Ok(obj)
}

/// Only custom categories can be deleted.
pub(crate) fn category_delete_gate(c: &Value) -> Result<(), Resp> {
    if c.get("customCategory") != Some(&Value::Bool(true)) {
        return Err(invalid_input("Predefined URL categories cannot be deleted"));
    }
    Ok(())
}

/// Deterministic classification table for `/urlLookup`:
/// (domain, classifications, security-alert classifications).
pub(crate) const URL_TABLE: &[(&str, &[&str], &[&str])] = &[
    ("google.com", &["WEB_SEARCH"], &[]),
    ("bing.com", &["WEB_SEARCH"], &[]),
    ("duckduckgo.com", &["WEB_SEARCH"], &[]),
    ("facebook.com", &["SOCIAL_NETWORKING"], &[]),
    ("instagram.com", &["SOCIAL_NETWORKING"], &[]),
    ("twitter.com", &["SOCIAL_NETWORKING"], &[]),
    ("x.com", &["SOCIAL_NETWORKING"], &[]),
    ("linkedin.com", &["SOCIAL_NETWORKING"], &[]),
    ("youtube.com", &["STREAMING_MEDIA"], &[]),
    ("netflix.com", &["STREAMING_MEDIA"], &[]),
    ("github.com", &["DEVELOPER_TOOLS"], &[]),
    ("gitlab.com", &["DEVELOPER_TOOLS"], &[]),
    ("stackoverflow.com", &["DEVELOPER_TOOLS"], &[]),
    ("cnn.com", &["NEWS_AND_MEDIA"], &[]),
    ("bbc.co.uk", &["NEWS_AND_MEDIA"], &[]),
    ("nytimes.com", &["NEWS_AND_MEDIA"], &[]),
    ("amazon.com", &["ONLINE_SHOPPING"], &[]),
    ("ebay.com", &["ONLINE_SHOPPING"], &[]),
    ("zscaler.com", &["CORPORATE_MARKETING"], &[]),
    ("microsoft.com", &["CORPORATE_MARKETING"], &[]),
    ("outlook.com", &["WEB_MAIL"], &[]),
    ("gmail.com", &["WEB_MAIL"], &[]),
    ("wikipedia.org", &["REFERENCE_SITES"], &[]),
    ("chase.com", &["WEB_BANKING"], &[]),
    ("paypal.com", &["FINANCE"], &[]),
    ("pokerstars.com", &["GAMBLING"], &[]),
    (
        "malware.testcategory.com",
        &["MISCELLANEOUS_OR_UNKNOWN"],
        &["MALWARE_SITE"],
    ),
    (
        "phishing.testcategory.com",
        &["MISCELLANEOUS_OR_UNKNOWN"],
        &["PHISHING"],
    ),
    (
        "botnet.testcategory.com",
        &["MISCELLANEOUS_OR_UNKNOWN"],
        &["BOTNET"],
    ),
];

/// Reduce a URL to its lower-case host name.
pub(crate) fn url_host(url: &str) -> String {
    let mut s = url.trim().to_ascii_lowercase();
    if let Some(i) = s.find("://") {
        s = s[i + 3..].to_string();
    }
    let end = s.find(['/', '?', '#']).unwrap_or(s.len());
    s.truncate(end);
    if let Some(i) = s.rfind('@') {
        s = s[i + 1..].to_string();
    }
    if let Some(i) = s.rfind(':') {
        if s[i + 1..].bytes().all(|b| b.is_ascii_digit()) {
            s.truncate(i);
        }
    }
    s.trim_end_matches('.').to_string()
}

pub(crate) fn classify(url: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let host = url_host(url);
    for (domain, cats, alerts) in URL_TABLE {
        if host == *domain || host.ends_with(&format!(".{domain}")) {
            return (cats.to_vec(), alerts.to_vec());
        }
    }
    (vec!["MISCELLANEOUS_OR_UNKNOWN"], vec![])
}

pub(crate) fn url_lookup(req: &Req) -> Resp {
    let Some(Value::Array(items)) = req.json() else {
        return invalid_body();
    };
    if items.len() > URL_LOOKUP_MAX {
        return invalid_input(&format!(
            "A maximum of {URL_LOOKUP_MAX} URLs can be looked up per request"
        ));
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        let Some(url) = item.as_str() else {
            return invalid_body();
        };
        let (cats, alerts) = classify(url);
        out.push(json!({
            "url": url,
            "urlClassifications": cats,
            "urlClassificationsWithSecurityAlert": alerts,
        }));
    }
    Resp::ok(Value::Array(out))
}
