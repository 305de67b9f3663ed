//! Argument plans of real catalog tools (the plan logic lives in `tool::args`).

#[cfg(test)]
mod tests {
    use crate::catalog::all_tools;
    use crate::executor::ToolSpec;
    use crate::tool::args::*;
    use serde_json::json;
    use serde_json::{Map, Value};

    fn spec(name: &str) -> &'static ToolSpec {
        all_tools().find(|s| s.name == name).unwrap()
    }

    fn args(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn integer_id_fills_path() {
        let p = plan(spec("zia_get_location"), &args(json!({"location_id": 42}))).unwrap();
        assert_eq!(p.path, "/zia/api/v1/locations/42");
    }

    #[test]
    fn wrong_types_name_the_field() {
        let e = plan(
            spec("zia_get_location"),
            // Not "42": numeric strings are ids (the official server's spelling, issue 18).
            &args(json!({"location_id": "42x"})),
        )
        .unwrap_err();
        assert_eq!(e.field, "location_id");
        assert!(e.to_string().contains("expected an integer, got a string"));
        let e = plan(spec("zia_url_lookup"), &args(json!({"urls": ["a.com", 3]}))).unwrap_err();
        assert_eq!(e.field, "urls");
        assert!(e.problem.contains("item 1"));
        let e = plan(
            spec("zia_list_url_categories"),
            &args(json!({"custom_only": "yes"})),
        )
        .unwrap_err();
        assert_eq!(e.field, "custom_only");
        let e = plan(
            spec("zia_list_cloud_firewall_rules"),
            &args(json!({"rule_action": "PERMIT"})),
        )
        .unwrap_err();
        assert!(e.problem.contains("ALLOW"));
    }

    #[test]
    fn missing_and_unknown_arguments() {
        let e = plan(spec("zia_get_location"), &Map::new()).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.problem.as_str()),
            ("location_id", "is required")
        );
        let e = plan(
            spec("zia_get_location"),
            &args(json!({"location_id": 1, "x": 2})),
        )
        .unwrap_err();
        assert_eq!(e.field, "x");
        let e = plan(spec("zia_get_activation_status"), &args(json!({"page": 1}))).unwrap_err();
        assert_eq!(e.field, "page");
    }

    #[test]
    fn ids_cannot_escape_the_path() {
        let p = plan(
            spec("zpa_get_server_group"),
            &args(json!({"group_id": "../../x?y=1"})),
        )
        .unwrap();
        assert!(p.path.ends_with("/serverGroup/..%2F..%2Fx%3Fy%3D1"));
    }

    #[test]
    fn zpa_search_and_paging() {
        let p = plan(
            spec("zpa_list_application_segments"),
            &args(json!({"search": "crm", "page": 2, "page_size": 10})),
        )
        .unwrap();
        assert_eq!(
            p.query,
            vec![("search".to_string(), "name+EQ+crm".to_string())]
        );
        assert_eq!(
            (p.paging_u32("page"), p.paging_u32("page_size")),
            (Some(2), Some(10))
        );
        let p = plan(
            spec("zpa_list_application_segments"),
            &args(json!({"search": "name+CONTAINS+crm"})),
        )
        .unwrap();
        assert_eq!(p.query[0].1, "name+CONTAINS+crm");
        let e = plan(
            spec("zpa_list_application_segments"),
            &args(json!({"page_size": 501})),
        )
        .unwrap_err();
        assert_eq!(e.field, "page_size");
    }

    #[test]
    fn whole_body_argument() {
        let p = plan(spec("zia_url_lookup"), &args(json!({"urls": ["a.com"]}))).unwrap();
        assert_eq!(p.body, Some(json!(["a.com"])));
    }
}
