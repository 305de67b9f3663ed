//! ZPA lookups and bulk actions beside the registry collections: bulk
//! deletes of app connectors and service edges, the issued-certificate
//! views, SAML attributes by IdP and SCIM attribute values (userconfig).

use super::dialect;
use super::lss::formats;
use crate::util::{Req, Resp};
use crate::zpa::{
    filter_matches, find, method_not_allowed, not_found, page_envelope, parse_search, sid,
    zpa_list, ZpaState,
};
use axum::http::Method;
use serde_json::{json, Value};

/// Route the special endpoints under `.../customers/{cid}/`; None when
/// `rest` is not one of them.
pub(crate) fn route(st: &mut ZpaState, req: &Req, rest: &[&str], _version: &str) -> Option<Resp> {
    let m = &req.method;
    let resp = match rest {
        ["connector", "bulkDelete"] if *m == Method::POST => {
            dialect::bulk_delete(st, req, "connectors")
        }
        ["serviceEdge", "bulkDelete"] if *m == Method::POST => {
            dialect::bulk_delete(st, req, "serviceEdges")
        }
        // v2 issued-certificate views (`/clientlessCertificate/issued` is the
        // deprecated one the Go SDK still lists with).
        ["certificate", "issued"] | ["clientlessCertificate", "issued"] => match *m {
            Method::GET => certificates_issued(st, req),
            _ => method_not_allowed(m),
        },
        // Deprecated v1 read of one certificate.
        ["clientlessCertificate", id] => match *m {
            Method::GET => match dialect::rendered_where(st, "certificates", |c| sid(c) == *id)
                .into_iter()
                .next()
            {
                Some(c) => Resp::ok(c),
                None => not_found(id),
            },
            _ => method_not_allowed(m),
        },
        ["samlAttribute", "idp", idp] => match *m {
            Method::GET => saml_by_idp(st, req, idp),
            _ => method_not_allowed(m),
        },
        // Formats for one log type under the customer (Python
        // `get_all_log_formats(log_type)`).
        ["lssConfig", "logType", "formats"] => match *m {
            Method::GET => formats(req),
            _ => method_not_allowed(m),
        },
        _ => return None,
    };
    Some(resp)
}

fn certificates_issued(st: &ZpaState, req: &Req) -> Resp {
    let items = dialect::rendered_where(st, "certificates", |_| true);
    zpa_list(req, items, false)
}

fn saml_by_idp(st: &ZpaState, req: &Req, idp: &str) -> Resp {
    if find(&st.idps, idp).is_none() {
        return not_found(idp);
    }
    let items = dialect::rendered_where(st, "samlAttributes", |a| {
        crate::util::str_field(a, "idpId") == idp
    });
    zpa_list(req, items, false)
}

/// `/zpa/userconfig/v1/customers/{cid}/...` beyond SCIM groups.
pub(crate) fn route_userconfig(st: &ZpaState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = match rest {
        ["scimattribute", "idpId", idp, "attributeId", attr] => match *m {
            Method::GET => scim_values(st, req, idp, attr),
            _ => method_not_allowed(m),
        },
        _ => return None,
    };
    Some(resp)
}

/// Values users hold for a SCIM attribute, e.g. every department. Counts
/// are numbers, as on the other userconfig lists.
fn scim_values(st: &ZpaState, req: &Req, idp: &str, attr: &str) -> Resp {
    if find(&st.idps, idp).is_none() {
        return not_found(idp);
    }
    let Some(a) = st
        .more
        .coll("scimAttributes")
        .iter()
        .find(|a| sid(a) == attr && crate::util::str_field(a, "idpId") == idp)
    else {
        return not_found(attr);
    };
    let name = crate::util::str_field(a, "name");
    let mut values: Vec<&str> = super::seeds::scim_attribute_values(name).to_vec();
    if let Some(s) = req.q("search").filter(|s| !s.trim().is_empty()) {
        let f = parse_search(s);
        values.retain(|v| filter_matches(&f, &json!({ "name": v })));
    }
    let items: Vec<Value> = values.into_iter().map(|v| json!(v)).collect();
    page_envelope(req, items, true)
}
