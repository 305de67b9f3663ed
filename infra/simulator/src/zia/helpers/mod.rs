//! The ZIA endpoints that are not plain collections, routed here and served
//! by the files named for what they simulate: singleton settings, URL
//! lists changed by action, sandbox reports and quotas, static IP and IPS
//! rule validators, GRE/VIP helpers, geo lookups, cloud application
//! catalogs, Cloud App Control helpers and file type categories.

mod cloud_app_control;
mod cloud_apps;
mod file_types;
mod geo;
mod gre_vips;
mod sandbox;
mod settings;
mod url_lists;
mod validators;

pub(crate) use cloud_app_control::*;
pub(crate) use cloud_apps::*;
pub(crate) use file_types::*;
pub(crate) use geo::*;
pub(crate) use gre_vips::*;
pub(crate) use sandbox::*;
pub(crate) use settings::*;
pub(crate) use url_lists::*;
pub(crate) use validators::*;

use super::dialect::conform;
use super::specs::{static_ip_conflict, RULE_TYPES};
use super::MoreState;
use crate::util::{parse_count, str_field, Req, Resp};
use crate::zia::{id_of, invalid_body, invalid_input, method_not_allowed, zia_page};
use axum::http::Method;
use serde_json::{json, Map, Value};
use std::net::Ipv4Addr;

/// Route the special endpoints; None when `rest` is not one of them.
pub(crate) fn route(more: &mut MoreState, req: &Req, rest: &[&str]) -> Option<Resp> {
    if let Some(i) = SINGLETONS.iter().position(|s| s.path == rest) {
        return Some(singleton(more, req, i));
    }
    if let Some(i) = URL_LISTS.iter().position(|l| l.path == rest) {
        return Some(url_list(more, req, i));
    }
    let m = &req.method;
    let get = |f: &dyn Fn() -> Resp| {
        if *m == Method::GET {
            f()
        } else {
            method_not_allowed(m)
        }
    };
    let resp = match rest {
        ["authSettings", "lite"] => get(&|| auth_settings_lite(more)),
        ["behavioralAnalysisAdvancedSettings", "fileHashCount"] => get(&|| file_hash_count(more)),
        ["sandbox", "report", "quota"] => get(&|| sandbox_quota(more)),
        ["sandbox", "report", md5] => match *m {
            Method::GET => sandbox_report(more, req, md5),
            _ => method_not_allowed(m),
        },
        ["staticIP", "validate"] => match *m {
            Method::POST => validate_static_ip(more, req),
            _ => method_not_allowed(m),
        },
        ["ipsSignatureRules", "validateRuleText"] => match *m {
            Method::POST => validate_rule_text(more, req),
            _ => method_not_allowed(m),
        },
        ["greTunnels", "availableInternalIpRanges"] => get(&|| internal_ip_ranges(more, req)),
        ["vips", "recommendedList"] => get(&|| vips_recommended(more, req)),
        ["vips", "groupByDatacenter"] => get(&|| vips_by_datacenter(more, req)),
        ["region", "search"] => get(&|| region_search(req)),
        ["region", "byGeoCoordinates"] => get(&|| region_by_coordinates(req)),
        ["region", "byIPAddress", ip] => get(&|| region_by_ip(ip)),
        ["webApplicationRules", "ruleTypeMapping"] => get(&rule_type_mapping),
        ["webApplicationRules", rule_type, "availableActions"] => match *m {
            Method::POST => available_actions(req, rule_type),
            _ => method_not_allowed(m),
        },
        ["cloudApplications", "policy"] | ["cloudApplications", "sslPolicy"] => {
            get(&|| cloud_app_policy(req))
        }
        ["cloudApplications", "lite"] => get(&|| shadow_apps_lite(more, req)),
        ["cloudApplications", "bulkUpdate"] => match *m {
            Method::PUT => shadow_bulk_update(more, req),
            _ => method_not_allowed(m),
        },
        ["fileTypeCategories"] => get(&|| file_type_categories(req)),
        _ => return None,
    };
    Some(resp)
}

/// For tests: a DLP engine expression check through the registry data.
#[cfg(test)]
fn engine_ok(expr: &str) -> bool {
    super::specs::check_engine_expression(expr, &MoreState::seeded()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        let more = MoreState::seeded();
        let ok = check_signature(
            "alert tcp any any -> any 80 (msg:\"x\"; sid:42; rev:1;)",
            &more,
            None,
        );
        assert_eq!(ok["status"], 0);
        let dup = check_signature(
            "alert tcp any any -> any 80 (msg:\"x\"; sid:1000010; rev:1;)",
            &more,
            None,
        );
        assert_eq!(dup["status"], 1);
        let own = check_signature(
            "alert tcp any any -> any 80 (msg:\"x\"; sid:1000010; rev:3;)",
            &more,
            Some(2_500_001),
        );
        assert_eq!(own["status"], 0);
        assert_eq!(check_signature("bogus", &more, None)["status"], 1);
        assert_eq!(
            check_signature("alert tcp any any -> any 80 (msg:\"x\";)", &more, None)["status"],
            1
        );
        assert_eq!(check_signature("", &more, None)["status"], 1);
        assert!(engine_ok("((D5010004.S > 0))"));
    }

    #[test]
    fn geo_and_vips() {
        let c = nearest_city(37.3, -121.9);
        assert_eq!(c.city, "San Jose");
        assert_eq!(city_for_ip("104.239.237.2").city, "Cheney");
        let vips = recommended_vips(Some("104.239.237.2"), None, true);
        assert!(!vips.is_empty() && vips.iter().all(|v| v.cc == "US"));
        assert_eq!(vip_ref(vips[0], true)["countryCode"], "US  ");
        let more = MoreState::seeded();
        let free = free_internal_ranges(&more, 3);
        assert_eq!(free.len(), 3);
        assert_eq!(free[0].0.to_string(), "172.17.0.16");
        assert_eq!(free[0].1.to_string(), "172.17.0.23");
    }

    #[test]
    fn every_rule_type_has_actions() {
        for t in RULE_TYPES {
            assert!(!actions_for(t).is_empty(), "{t}");
        }
        for s in SINGLETONS {
            let seed = (s.seed)();
            let template = (s.template)();
            // Seeds have exactly the template's fields.
            let sk: Vec<&String> = seed.as_object().unwrap().keys().collect();
            let tk: Vec<&String> = template.as_object().unwrap().keys().collect();
            let mut sk2 = sk.clone();
            let mut tk2 = tk.clone();
            sk2.sort();
            tk2.sort();
            assert_eq!(sk2, tk2, "{:?}", s.path);
        }
    }
}
