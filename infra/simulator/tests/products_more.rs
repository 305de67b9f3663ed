//! End-to-end tests of the ZDX sub-resources, deep traces and analyses, the
//! EASM endpoints and the Z-Insights GraphQL endpoint, over loopback HTTP.

mod common;
use common::*;

use reqwest::Method;
use serde_json::{json, Value};
use zscaler_sim::{Fault, FaultKind};

const DEV: &str = "132559001";
const TRACE: &str = "342941739947287";
const ORG: &str = "3f61a446-1a0d-11f0-94e8-8a5f4d45e80c";
const FINDING: &str = "8abfc6a2b3058cb75de44c4c65ca4641";

impl H {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut rb = self
            .c
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.unwrap();
        let st = r.status().as_u16();
        let text = r.text().await.unwrap();
        let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (st, v)
    }
    /// GET by path (the shared `get` takes a full URL).
    async fn get_path(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, path, None).await
    }
    async fn gql(&self, query: &str, vars: Value) -> (u16, Value) {
        self.call(
            Method::POST,
            "/zins/graphql",
            Some(json!({"query": query, "variables": vars, "operationName": "Q"})),
        )
        .await
    }
}

// ------------------------------------------------------------------ ZDX

#[tokio::test]
async fn zdx_device_sub_resources() {
    let h = H::new().await;
    let (st, apps) = h.get_path(&format!("/zdx/v1/devices/{DEV}/apps")).await;
    assert_eq!(st, 200);
    assert!(arr(&apps).len() >= 3);
    assert!(apps[0]["score"].is_number());

    let (st, wp) = h
        .get_path(&format!("/zdx/v1/devices/{DEV}/apps/1/web-probes"))
        .await;
    assert_eq!(st, 200);
    let probe = wp[0]["id"].as_i64().unwrap();
    assert!(wp[0]["avg_pft"].is_number());
    let (st, m) = h
        .get_path(&format!(
            "/zdx/v1/devices/{DEV}/apps/1/web-probes/{probe}?from=1000&to=8200"
        ))
        .await;
    assert_eq!(st, 200);
    let dp = arr(&m[0]["datapoints"]);
    assert_eq!(dp.len(), 8);
    assert!(dp
        .iter()
        .all(|d| (1000..=8200).contains(&d["timestamp"].as_i64().unwrap())));
    let (st, _) = h
        .get_path(&format!("/zdx/v1/devices/{DEV}/apps/1/web-probes/999"))
        .await;
    assert_eq!(st, 404);

    let (st, cp) = h
        .get_path(&format!("/zdx/v1/devices/{DEV}/apps/3/cloudpath-probes"))
        .await;
    assert_eq!(st, 200);
    assert_eq!(arr(&cp[0]["avg_latencies"]).len(), 3);
    let pid = cp[0]["id"].as_i64().unwrap();
    let (st, path) = h
        .get_path(&format!(
            "/zdx/v1/devices/{DEV}/apps/3/cloudpath-probes/{pid}/cloudpath"
        ))
        .await;
    assert_eq!(st, 200);
    assert!(path[0]["cloudpath"]["hops"].is_array());

    let (st, cq) = h
        .get_path(&format!(
            "/zdx/v1/devices/{DEV}/apps/3/call-quality-metrics"
        ))
        .await;
    assert_eq!(st, 200);
    assert!(arr(&cq[0]["metrics"]).len() >= 3);

    let (st, hm) = h
        .get_path(&format!("/zdx/v1/devices/{DEV}/health-metrics"))
        .await;
    assert_eq!(st, 200);
    assert_eq!(hm[0]["category"], "cpu");
    let (st, ev) = h.get_path(&format!("/zdx/v1/devices/{DEV}/events")).await;
    assert_eq!(st, 200);
    assert!(arr(&ev).len() >= 3);

    let (st, _) = h.get_path("/zdx/v1/devices/999/health-metrics").await;
    assert_eq!(st, 404);
    let (st, _) = h
        .get_path(&format!("/zdx/v1/devices/{DEV}/events?from=9&to=1"))
        .await;
    assert_eq!(st, 400);
}

#[tokio::test]
async fn zdx_app_reports_alerts_and_admin() {
    let h = H::new().await;
    let (st, s) = h
        .get_path("/zdx/v1/apps/1/score?from=1795500000&to=1795507200")
        .await;
    assert_eq!(st, 200);
    assert_eq!(s[0]["metric"], "score");
    let (st, m) = h.get_path("/zdx/v1/apps/1/metrics?metric_name=dns").await;
    assert_eq!(st, 200);
    assert_eq!(arr(&m).len(), 1);
    assert_eq!(m[0]["metric"], "dns");
    let (st, _) = h.get_path("/zdx/v1/apps/1/metrics?metric_name=bogus").await;
    assert_eq!(st, 400);

    let (st, u) = h.get_path("/zdx/v1/apps/1/users?limit=10").await;
    assert_eq!(st, 200);
    assert_eq!(arr(&u["users"]).len(), 10);
    assert_eq!(u["next_offset"], "10");
    let (st, poor) = h
        .get_path("/zdx/v1/apps/1/users?score_bucket=poor&limit=500")
        .await;
    assert_eq!(st, 200);
    assert!(arr(&poor["users"])
        .iter()
        .all(|x| x["score"].as_f64().unwrap() < 34.0));
    let uid = u["users"][0]["id"].as_i64().unwrap();
    let (st, one) = h.get_path(&format!("/zdx/v1/apps/1/users/{uid}")).await;
    assert_eq!(st, 200);
    assert_eq!(arr(&one["devices"]).len(), 4);

    let (st, ad) = h
        .get_path("/zdx/v1/alerts/7301001/affected_devices?limit=5")
        .await;
    assert_eq!(st, 200);
    assert_eq!(arr(&ad["devices"]).len(), 5);
    assert!(ad["devices"][0]["userEmail"].is_string());
    assert_eq!(ad["next_offset"], "5");
    let (st, _) = h.get_path("/zdx/v1/alerts/1/affected_devices").await;
    assert_eq!(st, 404);

    let (st, d) = h.get_path("/zdx/v1/administration/departments?q=Eng").await;
    assert_eq!(st, 200);
    assert_eq!(arr(&d).len(), 1);
    assert_eq!(d[0]["id"], 101);
    let (st, l) = h.get_path("/zdx/v1/administration/locations").await;
    assert_eq!(st, 200);
    assert!(arr(&l).len() >= 3);
    let (st, g) = h.get_path("/zdx/v1/active_geo").await;
    assert_eq!(st, 200);
    assert!(arr(&g).len() >= 3);
}

#[tokio::test]
async fn zdx_software_inventory_pages() {
    let h = H::new().await;
    let (st, v) = h.get_path("/zdx/v1/inventory/software?limit=3").await;
    assert_eq!(st, 200);
    assert_eq!(arr(&v["software"]).len(), 3);
    assert_eq!(v["next_offset"], "3");
    let (_, all) = h
        .get_path("/zdx/v1/inventory/software?deviceids=132559001&userids=47181001")
        .await;
    assert!(arr(&all["software"]).len() >= 8);
    assert_eq!(all["next_offset"], Value::Null);
    let (st, _) = h.get_path("/zdx/v1/inventory/software?deviceids=abc").await;
    assert_eq!(st, 400);
    let (st, det) = h
        .get_path("/zdx/v1/inventory/software/chrome_120.0?limit=500")
        .await;
    assert_eq!(st, 200);
    let rows = arr(&det["software"]);
    assert_eq!(rows.len(), 96);
    assert_eq!(rows[0]["software_version"], "120.0");
    assert!(rows[0]["device_id"].is_number());
    let (st, _) = h.get_path("/zdx/v1/inventory/software/nope_1.0").await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn zdx_deep_traces_lifecycle() {
    let h = H::new().await;
    let base = format!("/zdx/v1/devices/{DEV}/deeptraces");
    let (st, list) = h.get_path(&base).await;
    assert_eq!(st, 200);
    assert_eq!(arr(&list).len(), 2);
    let (st, t) = h.get_path(&format!("{base}/{TRACE}")).await;
    assert_eq!(st, 200);
    assert_eq!(t["trace_id"], TRACE);
    assert_eq!(t["trace_details"]["device_id"], 132559001);
    for sub in [
        "top-processes",
        "webprobe-metrics",
        "cloudpath-metrics",
        "cloudpath",
        "health-metrics",
        "events",
    ] {
        let (st, v) = h.get_path(&format!("{base}/{TRACE}/{sub}")).await;
        assert_eq!(st, 200, "{sub}");
        assert!(!arr(&v).is_empty(), "{sub}");
    }
    let (st, _) = h.get_path(&format!("{base}/{TRACE}/bogus")).await;
    assert_eq!(st, 404);
    // The trace belongs to the first device only.
    let (st, _) = h
        .get_path(&format!("/zdx/v1/devices/132559002/deeptraces/{TRACE}"))
        .await;
    assert_eq!(st, 404);

    let body = json!({"session_name": "Case", "app_id": "3", "web_probe_id": 4,
                      "cloudpath_probe_id": 4, "session_length_minutes": 15, "probe_device": true});
    let (st, created) = h.call(Method::POST, &base, Some(body)).await;
    assert_eq!(st, 200);
    let new_id = created["trace_id"].as_str().unwrap().to_string();
    assert_eq!(created["trace_details"]["session_name"], "Case");
    assert_eq!(created["expected_time_minutes"], 15);
    let (_, list) = h.get_path(&base).await;
    assert_eq!(arr(&list).len(), 3);

    for bad in [
        json!({"app_id": 3}),
        json!({"session_name": "x"}),
        json!({"session_name": "x", "app_id": 3, "session_length_minutes": 7}),
        json!({"session_name": "x", "app_id": "abc"}),
    ] {
        let (st, _) = h.call(Method::POST, &base, Some(bad.clone())).await;
        assert_eq!(st, 400, "{bad}");
    }
    let (st, _) = h
        .call(
            Method::POST,
            &base,
            Some(json!({"session_name": "x", "app_id": 4242})),
        )
        .await;
    assert_eq!(st, 404);

    let (st, del) = h
        .call(Method::DELETE, &format!("{base}/{new_id}"), None)
        .await;
    assert_eq!(st, 200);
    assert_eq!(del["trace_id"], new_id);
    let (st, _) = h.get_path(&format!("{base}/{new_id}")).await;
    assert_eq!(st, 404);
    let (st, _) = h
        .call(Method::PUT, &format!("{base}/{TRACE}"), Some(json!({})))
        .await;
    assert_eq!(st, 405);
}

#[tokio::test]
async fn zdx_analysis_lifecycle() {
    let h = H::new().await;
    let (st, a) = h.get_path("/zdx/v1/analysis/8848482").await;
    assert_eq!(st, 200);
    assert_eq!(a["status"], "completed");
    assert!(a["result"]["issues"].is_array());
    let (st, started) = h
        .call(
            Method::POST,
            "/zdx/v1/analysis",
            Some(json!({"device_id": DEV, "app_id": "1", "t0": 1795500000, "t1": 1795507200})),
        )
        .await;
    assert_eq!(st, 200);
    let id = started["analysis_id"].as_str().unwrap().to_string();
    let (st, got) = h.get_path(&format!("/zdx/v1/analysis/{id}")).await;
    assert_eq!(st, 200);
    assert_eq!(got["t0"], 1795500000);
    let (st, _) = h
        .call(Method::POST, "/zdx/v1/analysis", Some(json!({"app_id": 1})))
        .await;
    assert_eq!(st, 400);
    let (st, _) = h
        .call(
            Method::POST,
            "/zdx/v1/analysis",
            Some(json!({"device_id": DEV, "app_id": 1, "t0": 10, "t1": 5})),
        )
        .await;
    assert_eq!(st, 400);
    let (st, d) = h
        .call(Method::DELETE, "/zdx/v1/analysis/8848482", None)
        .await;
    assert_eq!(st, 200);
    assert_eq!(d["analysis_id"], "8848482");
    let (st, _) = h.get_path("/zdx/v1/analysis/8848482").await;
    assert_eq!(st, 404);
    let (st, _) = h.get_path("/zdx/v1/analysis").await;
    assert_eq!(st, 405);
}

// ------------------------------------------------------------------ EASM

#[tokio::test]
async fn easm_endpoints() {
    let h = H::new().await;
    let e = |p: &str| format!("/easm/easm-ui/v1{p}");
    let (st, orgs) = h.get_path(&e("/organizations")).await;
    assert_eq!(st, 200);
    assert_eq!(orgs["total_results"], 3);
    assert_eq!(orgs["results"][0]["id"], ORG);
    assert!(orgs["results"][0]["name"].is_string());

    let (st, f) = h
        .get_path(&e(&format!("/organizations/{ORG}/findings")))
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        f["total_results"].as_u64().unwrap() as usize,
        arr(&f["results"]).len()
    );
    assert!(arr(&f["results"]).len() >= 3);
    for k in [
        "category",
        "risk_level",
        "impacted_asset_name",
        "first_seen",
        "status",
    ] {
        assert!(f["results"][0].get(k).is_some(), "{k}");
    }
    let (st, d) = h
        .get_path(&e(&format!(
            "/organizations/{ORG}/findings/{FINDING}/details"
        )))
        .await;
    assert_eq!(st, 200);
    assert_eq!(d["id"], FINDING);
    for sub in ["evidence", "scan-output"] {
        let (st, v) = h
            .get_path(&e(&format!(
                "/organizations/{ORG}/findings/{FINDING}/{sub}"
            )))
            .await;
        assert_eq!(st, 200);
        assert!(v["content"].is_string());
        assert!(v["source_type"].is_string());
    }
    let (st, _) = h
        .get_path(&e(&format!("/organizations/{ORG}/findings/0000/details")))
        .await;
    assert_eq!(st, 404);

    let (st, l) = h
        .get_path(&e(&format!("/organizations/{ORG}/lookalike-domains")))
        .await;
    assert_eq!(st, 200);
    assert!(arr(&l["results"]).len() >= 3);
    for raw in ["assuredartners.com", "examp1e.com"] {
        let (st, one) = h
            .get_path(&e(&format!(
                "/organizations/{ORG}/lookalike-domains/{raw}/details"
            )))
            .await;
        assert_eq!(st, 200);
        assert_eq!(one["lookalike_raw"], raw);
        assert!(one["deception_method"].is_array());
    }
    let (st, _) = h
        .get_path(&e(&format!(
            "/organizations/{ORG}/lookalike-domains/nope.com/details"
        )))
        .await;
    assert_eq!(st, 404);
    let (st, _) = h.get_path(&e("/organizations/unknown-org/findings")).await;
    assert_eq!(st, 404);
    let (st, _) = h
        .call(Method::POST, &e("/organizations"), Some(json!({})))
        .await;
    assert_eq!(st, 405);
    let (st, _) = h.get_path(&e("/nothing")).await;
    assert_eq!(st, 404);
}

// ------------------------------------------------------------------ Z-Insights

const S: i64 = 1_700_000_000_000;
const E: i64 = 1_700_604_800_000;

#[tokio::test]
async fn zins_web_traffic_and_firewall() {
    let h = H::new().await;
    let q = "query Q($startTime: Long!, $endTime: Long!, $trafficUnit: WebTrafficUnits!, $includeTrend: Boolean, $trendInterval: TrendInterval, $limit: Int) {
        WEB_TRAFFIC { location(start_time: $startTime, end_time: $endTime, traffic_unit: $trafficUnit,
            include_trend: $includeTrend, trend_interval: $trendInterval) {
            obfuscated entries(limit: $limit) { name total trend { trend_start_time trend_interval trend_values } } } } }";
    let (st, v) = h
        .gql(q, json!({"startTime": S, "endTime": E, "trafficUnit": "BYTES", "includeTrend": true, "trendInterval": "DAY", "limit": 3}))
        .await;
    assert_eq!(st, 200);
    assert!(v.get("errors").is_none(), "{v}");
    let loc = &v["data"]["WEB_TRAFFIC"]["location"];
    assert_eq!(loc["obfuscated"], false);
    let entries = arr(&loc["entries"]);
    assert_eq!(entries.len(), 3);
    assert!(entries[0]["total"].as_i64().unwrap() >= entries[1]["total"].as_i64().unwrap());
    assert_eq!(entries[0]["trend"]["trend_start_time"], S);
    assert_eq!(arr(&entries[0]["trend"]["trend_values"]).len(), 7);

    for field in [
        "no_grouping",
        "protocols",
        "threat_super_categories",
        "threat_class",
    ] {
        let q = format!("query Q($s: Long!, $e: Long!) {{ WEB_TRAFFIC {{ {field}(start_time: $s, end_time: $e, traffic_unit: TRANSACTIONS) {{ obfuscated entries {{ name total }} }} }} }}");
        let (st, v) = h.gql(&q, json!({"s": S, "e": E})).await;
        assert_eq!(st, 200);
        assert!(
            !arr(&v["data"]["WEB_TRAFFIC"][field]["entries"]).is_empty(),
            "{field}: {v}"
        );
    }
    // filter_by name in [...]
    let q = "{ WEB_TRAFFIC { threat_class(start_time: 1700000000000, end_time: 1700604800000, traffic_unit: TRANSACTIONS) {
        entries(filter_by: {name: {in: [\"ADVANCED\", \"BEHAVIORAL_ANALYSIS\"]}}) { name } } } }";
    let (_, v) = h.gql(q, json!({})).await;
    assert_eq!(
        arr(&v["data"]["WEB_TRAFFIC"]["threat_class"]["entries"]).len(),
        2
    );

    let q = "query Q($s: Long!, $e: Long!, $limit: Int) { ZERO_TRUST_FIREWALL {
        action(start_time: $s, end_time: $e) { obfuscated entries(limit: $limit) { name total } }
        location_firewall(start_time: $s, end_time: $e) { entries(limit: $limit) { id name total } }
        network_service(start_time: $s, end_time: $e) { entries(limit: $limit) { name total } } } }";
    let (_, v) = h.gql(q, json!({"s": S, "e": E, "limit": 2})).await;
    let fw = &v["data"]["ZERO_TRUST_FIREWALL"];
    assert_eq!(arr(&fw["action"]["entries"]).len(), 2);
    assert!(fw["location_firewall"]["entries"][0]["id"].is_number());
    assert_eq!(arr(&fw["network_service"]["entries"]).len(), 2);
}

#[tokio::test]
async fn zins_cyber_saas_shadow_iot() {
    let h = H::new().await;
    let q = "query Q($startTime: Long!, $endTime: Long!, $categorizeBy: [IncidentsGroupBy!]!, $limit: Int) {
        CYBER_SECURITY { incidents(categorize_by: $categorizeBy, start_time: $startTime, end_time: $endTime) {
            obfuscated entries(limit: $limit) { name total entries(limit: $limit) { name total } } } } }";
    let (_, v) = h
        .gql(q, json!({"startTime": S, "endTime": E, "categorizeBy": ["THREAT_CATEGORY_ID", "APP_ID"], "limit": 3}))
        .await;
    let e = arr(&v["data"]["CYBER_SECURITY"]["incidents"]["entries"]);
    assert_eq!(e.len(), 3);
    assert_eq!(arr(&e[0]["entries"]).len(), 3);
    let (_, v) = h
        .gql(
            q,
            json!({"startTime": S, "endTime": E, "categorizeBy": ["TIME"], "limit": 50}),
        )
        .await;
    let days = arr(&v["data"]["CYBER_SECURITY"]["incidents"]["entries"]);
    assert_eq!(days.len(), 8, "{v}");
    let (_, v) = h
        .gql(
            q,
            json!({"startTime": S, "endTime": E, "categorizeBy": ["BOGUS"]}),
        )
        .await;
    assert!(v["data"].is_null() && v["errors"].is_array());

    let q = "query Q($s: Long!, $e: Long!, $c: IncidentsWithIdGroupBy!) { CYBER_SECURITY {
        cyber_security_location(categorize_by: $c, start_time: $s, end_time: $e) { entries(limit: 10) { id name total } } } }";
    let (_, v) = h.gql(q, json!({"s": S, "e": E, "c": "LOCATION_ID"})).await;
    assert_eq!(
        v["data"]["CYBER_SECURITY"]["cyber_security_location"]["entries"][0]["id"],
        24326801
    );

    let q = "query Q($s: Long!, $e: Long!) { SAAS_SECURITY { casb_app(start_time: $s, end_time: $e) { obfuscated entries { name total } } }
        SHADOW_IT { apps(start_time: $s, end_time: $e) { entries(limit: 2) { application risk_index data_consumed sanctioned_state } }
                    shadow_it_summary(start_time: $s, end_time: $e) { total_apps total_bytes group_by_app_cat_for_app { entries { name total entries { name total } } } } } }";
    let (_, v) = h.gql(q, json!({"s": S, "e": E})).await;
    assert!(v.get("errors").is_none(), "{v}");
    assert!(arr(&v["data"]["SAAS_SECURITY"]["casb_app"]["entries"]).len() >= 3);
    let apps = arr(&v["data"]["SHADOW_IT"]["apps"]["entries"]);
    assert_eq!(apps.len(), 2);
    assert_eq!(apps[0].as_object().unwrap().len(), 4);
    let sum = &v["data"]["SHADOW_IT"]["shadow_it_summary"];
    assert_eq!(sum["total_apps"], 5);
    assert!(sum.get("total_upload_bytes").is_none());

    let q = "query Q($limit: Int) { IOT { device_stats { devices_count iot_devices_count entries(limit: $limit) { classifications category total } } } }";
    let (_, v) = h.gql(q, json!({"limit": 2})).await;
    let ds = &v["data"]["IOT"]["device_stats"];
    assert!(ds["devices_count"].as_i64().unwrap() > 0);
    assert_eq!(arr(&ds["entries"]).len(), 2);
}

#[tokio::test]
async fn zins_errors_auth_log_and_faults() {
    let h = H::new().await;
    // Unknown root field: HTTP 200 with errors.
    let (st, v) = h.gql("{ NOT_A_DOMAIN { x } }", json!({})).await;
    assert_eq!(st, 200);
    assert!(v["data"].is_null());
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("NOT_A_DOMAIN"));
    // Unknown report field.
    let (_, v) = h.gql("{ IOT { nope { x } } }", json!({})).await;
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("nope"));
    // Missing required variable.
    let (_, v) = h
        .gql("query Q($s: Long!, $e: Long!) { SAAS_SECURITY { casb_app(start_time: $s, end_time: $e) { entries { name } } } }", json!({"s": S}))
        .await;
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("'e'"));
    // Missing argument, inverted window, bad enum, syntax error.
    for q in [
        "{ SAAS_SECURITY { casb_app(start_time: 1) { entries { name } } } }",
        "{ SAAS_SECURITY { casb_app(start_time: 5, end_time: 1) { entries { name } } } }",
        "{ WEB_TRAFFIC { protocols(start_time: 1, end_time: 5, traffic_unit: PACKETS) { entries { name } } } }",
        "{ WEB_TRAFFIC { protocols(start_time: 1, end_time: 5) { entries { name } } } }",
        "{ IOT { device_stats { devices_count }",
        "mutation { IOT { x } }",
    ] {
        let (st, v) = h.gql(q, json!({})).await;
        assert_eq!(st, 200, "{q}");
        assert!(v["data"].is_null() && !arr(&v["errors"]).is_empty(), "{q}: {v}");
    }
    // Not a GraphQL body.
    let (st, v) = h
        .call(Method::POST, "/zins/graphql", Some(json!({"nope": 1})))
        .await;
    assert_eq!(st, 400);
    assert!(v["errors"].is_array());
    let (st, _) = h.get_path("/zins/graphql").await;
    assert_eq!(st, 405);

    // Bearer required, requests recorded, faults injected.
    let r =
        h.c.post(h.url("/zins/graphql"))
            .json(&json!({"query": "{ IOT { device_stats { devices_count } } }"}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r =
        h.c.get(h.url("/easm/easm-ui/v1/organizations"))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let log = h.sim.requests();
    assert!(log
        .iter()
        .any(|r| r.path == "/zins/graphql" && r.status == 401 && !r.authorized));
    assert!(log
        .iter()
        .any(|r| r.path == "/zins/graphql" && r.status == 200 && r.authorized));

    h.sim.add_fault(Fault {
        method: None,
        path_prefix: "/easm/".into(),
        kind: FaultKind::ServerError { status: 503 },
        times: Some(1),
    });
    let (st, _) = h.get_path("/easm/easm-ui/v1/organizations").await;
    assert_eq!(st, 503);
    let (st, _) = h.get_path("/easm/easm-ui/v1/organizations").await;
    assert_eq!(st, 200);
    h.sim.add_fault(Fault {
        method: Some("POST".into()),
        path_prefix: "/zins/graphql".into(),
        kind: FaultKind::ZiaRateLimit,
        times: Some(1),
    });
    let (st, _) = h
        .gql("{ IOT { device_stats { devices_count } } }", json!({}))
        .await;
    assert_eq!(st, 429);
    h.sim.add_fault(Fault {
        method: Some("POST".into()),
        path_prefix: "/zdx/v1/devices".into(),
        kind: FaultKind::ServerError { status: 500 },
        times: Some(1),
    });
    let (st, _) = h
        .call(
            Method::POST,
            &format!("/zdx/v1/devices/{DEV}/deeptraces"),
            Some(json!({"session_name": "x", "app_id": 1})),
        )
        .await;
    assert_eq!(st, 500);
}

#[tokio::test]
async fn odd_input_never_panics() {
    let h = H::new().await;
    for p in [
        "/zdx/v1/devices/132559001/apps/x/web-probes",
        "/zdx/v1/devices/132559001/deeptraces/%00/events",
        "/zdx/v1/apps/99999999999999999999999/score",
        "/zdx/v1/inventory/software/%ff",
        "/easm/easm-ui/v1/organizations/%20/lookalike-domains/%2e%2e/details",
        "/easm/easm-ui",
    ] {
        let (st, _) = h.get_path(p).await;
        assert!(st < 500, "{p}: {st}");
    }
    for body in [
        "{",
        "[]",
        "\"q\"",
        "{\"query\": 5}",
        "{\"query\": \"{\", \"variables\": 3}",
    ] {
        let r = h
            .send_text(Method::POST, &h.url("/zins/graphql"), body)
            .await;
        assert!(r.status().as_u16() < 500, "{body}");
    }
    let deep = format!("{{ IOT {}", "{ a ".repeat(2000));
    let (st, _) = h.gql(&deep, json!({})).await;
    assert!(st < 500);
}
