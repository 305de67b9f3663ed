//! End-to-end tests of the ZMS GraphQL simulation over loopback HTTP.
//! Every root field is exercised through `zscaler_sim::zms_queries()`
//! (queries shaped like the Python SDK's); filters, paging, errors and
//! GraphQL features follow.

mod common;
use common::*;

use serde_json::{json, Value};
use zscaler_sim::{zms_queries, Fault, FaultKind};

const CUSTOMER: &str = "sandbox-customer";

impl H {
    fn gql_url(&self) -> String {
        self.url("/zms/graphql")
    }
    /// POST a GraphQL request; expects HTTP 200.
    async fn gql(&self, query: &str, variables: Value, op: Option<&str>) -> Value {
        let mut body = json!({"query": query, "variables": variables});
        if let Some(op) = op {
            body["operationName"] = json!(op);
        }
        let (st, v) = self.post(&self.gql_url(), body).await;
        assert_eq!(st, 200, "{v}");
        v
    }
}

fn with_customer(v: &Value) -> Value {
    let mut v = v.clone();
    v["customerId"] = json!(CUSTOMER);
    v
}

fn nodes(v: &Value) -> &Vec<Value> {
    v["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("expected a connection, got {v}"))
}

#[tokio::test]
async fn every_root_field_answers_its_sdk_query() {
    let h = H::new().await;
    let qs = zms_queries();
    assert_eq!(qs.len(), 20);
    for q in &qs {
        let v = h
            .gql(
                &q.query,
                with_customer(&q.variables),
                Some(&q.operation_name),
            )
            .await;
        assert!(v.get("errors").is_none(), "{}: {v}", q.field);
        let data = &v["data"][q.field];
        assert!(!data.is_null(), "{}: {v}", q.field);
        if q.paged {
            assert_eq!(nodes(data).len(), q.seeded, "{}", q.field);
            let pi = &data["pageInfo"];
            assert_eq!(pi["pageNumber"], 1);
            assert_eq!(pi["pageSize"], 20);
            assert_eq!(pi["totalCount"], json!(q.seeded));
            // Only selected fields come back.
            if let Some(first) = nodes(data).first() {
                assert!(first.get("__typename").is_none());
            }
        }
        if !matches!(
            q.field,
            "resourceProtectionStatus" | "resourceGroupProtectionStatus" | "resourceGroupMembers"
        ) {
            assert!(q.seeded >= 3 || !q.paged, "{} seeds {}", q.field, q.seeded);
        }
        // A foreign customer id is a field error with null data.
        let mut vars = with_customer(&q.variables);
        vars["customerId"] = json!("someone-else");
        let v = h.gql(&q.query, vars, Some(&q.operation_name)).await;
        assert_eq!(
            v["errors"][0]["extensions"]["classification"], "FORBIDDEN",
            "{}",
            q.field
        );
        assert!(v["data"][q.field].is_null());
    }
}

#[tokio::test]
async fn paging_search_sort_and_filters() {
    let h = H::new().await;
    let q = "query($customerId: ID!, $page: Int, $pageSize: Int, $search: String, $sort: String, $sortDir: SortDirection) { agents(customerId: $customerId, page: $page, pageSize: $pageSize, search: $search, sort: $sort, sortDir: $sortDir) { nodes { name connectionStatus } pageInfo { pageNumber pageSize totalCount totalPages } } }";
    let v = h
        .gql(
            q,
            json!({"customerId": CUSTOMER, "page": 2, "pageSize": 2}),
            None,
        )
        .await;
    let a = &v["data"]["agents"];
    assert_eq!(nodes(a).len(), 2);
    assert_eq!(
        a["pageInfo"],
        json!({"pageNumber": 2, "pageSize": 2, "totalCount": 5, "totalPages": 3})
    );
    let v = h
        .gql(q, json!({"customerId": CUSTOMER, "search": "prod"}), None)
        .await;
    assert_eq!(nodes(&v["data"]["agents"]).len(), 3);
    let v = h
        .gql(
            q,
            json!({"customerId": CUSTOMER, "sort": "name", "sortDir": "DESC"}),
            None,
        )
        .await;
    assert_eq!(nodes(&v["data"]["agents"])[0]["name"], "web-02.prod");
    let v = h
        .gql(q, json!({"customerId": CUSTOMER, "page": 0}), None)
        .await;
    assert!(v["errors"].is_array());
    // StringExpression filters and orderBy
    let rq = "query($customerId: ID!, $filter: ResourceQueryFilter, $orderBy: ResourceQueryOrderBy, $includeDeleted: Boolean) { resources(customerId: $customerId, filter: $filter, orderBy: $orderBy, includeDeleted: $includeDeleted) { nodes { id name cloudProvider } pageInfo { totalCount } } }";
    let v = h
        .gql(rq, json!({"customerId": CUSTOMER, "filter": {"cloudProvider": {"equals": "AWS"}, "name": {"starts": "web"}}, "orderBy": {"name": "DESC"}}), None)
        .await;
    let n = nodes(&v["data"]["resources"]);
    assert_eq!(n.len(), 2);
    assert_eq!(n[0]["name"], "web-02");
    let v = h
        .gql(
            rq,
            json!({"customerId": CUSTOMER, "includeDeleted": true}),
            None,
        )
        .await;
    assert_eq!(v["data"]["resources"]["pageInfo"]["totalCount"], 6);
    let v = h
        .gql(
            rq,
            json!({"customerId": CUSTOMER, "filter": {"id": {"in": ["res-0001", "res-0004"]}}}),
            None,
        )
        .await;
    assert_eq!(nodes(&v["data"]["resources"]).len(), 2);
    // tag keys by value name; tag values need the namespace's origin
    let kq = "query($customerId: ID!, $namespaceId: String!, $filter: TagKeyFilter) { tagKeys(customerId: $customerId, namespaceId: $namespaceId, filter: $filter) { nodes { id name } } }";
    let v = h
        .gql(kq, json!({"customerId": CUSTOMER, "namespaceId": "ns-custom-001", "filter": {"valueName": {"equals": "checkout"}}}), None)
        .await;
    assert_eq!(nodes(&v["data"]["tagKeys"])[0]["id"], "tk-app");
    let vq = "query($customerId: ID!, $tagId: String!, $namespaceOrigin: NamespaceOrigin!) { tagValues(customerId: $customerId, tagId: $tagId, namespaceOrigin: $namespaceOrigin) { nodes { name } } }";
    let v = h
        .gql(
            vq,
            json!({"customerId": CUSTOMER, "tagId": "tk-env", "namespaceOrigin": "EXTERNAL"}),
            None,
        )
        .await;
    assert!(nodes(&v["data"]["tagValues"]).is_empty());
    let v = h
        .gql(
            vq,
            json!({"customerId": CUSTOMER, "tagId": "tk-env", "namespaceOrigin": "BOGUS"}),
            None,
        )
        .await;
    assert!(v["errors"].is_array());
    // resource groups: union members through inline fragments
    let gq = "query($customerId: ID!) { resourceGroups(customerId: $customerId) { nodes { __typename ... on UnmanagedResourceGroup { cidrs } ... on ManagedResourceGroup { resourceMemberCount } } } }";
    let v = h.gql(gq, json!({"customerId": CUSTOMER}), None).await;
    let n = nodes(&v["data"]["resourceGroups"]);
    assert_eq!(
        n[0],
        json!({"__typename": "ManagedResourceGroup", "resourceMemberCount": 2})
    );
    assert!(n[2]["cidrs"].is_array() && n[2].get("resourceMemberCount").is_none());
    let v = h
        .gql("query($customerId: ID!, $filter: ResourceGroupsFilter) { resourceGroups(customerId: $customerId, filter: $filter) { nodes { ... on ManagedResourceGroup { id } } } }", json!({"customerId": CUSTOMER, "filter": {"resourceHostname": {"contains": "db-01"}}}), None)
        .await;
    assert_eq!(
        nodes(&v["data"]["resourceGroups"]),
        &vec![json!({"id": "rg-0002"})]
    );
    let v = h
        .gql("query($c: ID!) { policyRules(customerId: $c, pageSize: 1, fetchAll: true) { nodes { id } pageInfo { totalPages } } }", json!({"c": CUSTOMER}), None)
        .await;
    assert_eq!(nodes(&v["data"]["policyRules"]).len(), 4);
}

#[tokio::test]
async fn graphql_features_and_errors() {
    let h = H::new().await;
    // aliases, literals, named fragments, several root fields
    let q = r#"
        # comment
        query Two {
            a: agentGroups(customerId: "sandbox-customer", pageSize: 1) { nodes { ...G } }
            n: nonce(customerId: "sandbox-customer", eyezId: "nc-5a6b7c8d-0002") { nonce { name agentGroupName } }
            __typename
        }
        fragment G on AgentGroup { groupName: name eyezId }
    "#;
    let v = h.gql(q, json!({}), None).await;
    assert!(v.get("errors").is_none(), "{v}");
    assert_eq!(
        v["data"]["a"]["nodes"][0],
        json!({"groupName": "Prod Linux", "eyezId": "ag-7c1e2d3f-0001"})
    );
    assert_eq!(
        v["data"]["n"]["nonce"]["agentGroupName"],
        "Datacenter Windows"
    );
    assert_eq!(v["data"]["__typename"], "Query");
    // operationName picks among several operations
    let two = "query A($c: ID!) { nonces(customerId: $c) { nodes { name } } } query B($c: ID!) { appZones(customerId: $c) { nodes { appZoneName } } }";
    let v = h.gql(two, json!({"c": CUSTOMER}), Some("B")).await;
    assert!(v["data"]["appZones"].is_object());
    assert!(v["data"].get("nonces").is_none());
    let v = h.gql(two, json!({"c": CUSTOMER}), None).await;
    assert!(v.get("data").is_none() && v["errors"].is_array());
    // unknown field, missing argument, syntax error, mutation
    let v = h
        .gql(
            "{ agents(customerId: \"sandbox-customer\") { nodes { nope } } }",
            json!({}),
            None,
        )
        .await;
    assert!(v.get("data").is_none());
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("FieldUndefined"));
    let v = h
        .gql(
            "{ nonce(customerId: \"sandbox-customer\") { nonce { name } } }",
            json!({}),
            None,
        )
        .await;
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("eyezId"));
    let v = h
        .gql("{ noSuchRoot(customerId: \"x\") }", json!({}), None)
        .await;
    assert!(v["errors"].is_array());
    let v = h.gql("query { agents(", json!({}), None).await;
    assert_eq!(
        v["errors"][0]["extensions"]["classification"],
        "InvalidSyntax"
    );
    let v = h.gql("mutation { x }", json!({}), None).await;
    assert!(v["errors"].is_array());
    // not-found field error keeps data with null
    let v = h
        .gql("query($c: ID!) { agentGroupTotpSecrets(customerId: $c, eyezId: \"nope\") { totpSecret } }", json!({"c": CUSTOMER}), None)
        .await;
    assert_eq!(v["errors"][0]["extensions"]["classification"], "NOT_FOUND");
    assert_eq!(v["errors"][0]["path"], json!(["agentGroupTotpSecrets"]));
    assert!(v["data"]["agentGroupTotpSecrets"].is_null());
    // deep nesting is refused, not a crash
    let deep = format!("{{ {} }}", "a { ".repeat(200) + &"} ".repeat(200));
    let v = h.gql(&deep, json!({}), None).await;
    assert!(v["errors"].is_array());
    // bad HTTP shapes
    let (st, _) = h.post(&h.gql_url(), json!([1])).await;
    assert_eq!(st, 400);
    let (st, _) = h.get(&h.gql_url()).await;
    assert_eq!(st, 405);
    let (st, _) = h.get(&h.url("/zms/other")).await;
    assert_eq!(st, 404);
    let (st, v) = h.post(&h.gql_url(), json!({"variables": {}})).await;
    assert_eq!(st, 200);
    assert!(v["errors"].is_array());
}

#[tokio::test]
async fn bearer_log_and_faults() {
    let h = H::new().await;
    let body = json!({"query": "{ __typename }"});
    let r = h.c.post(h.gql_url()).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let (st, v) = h.post(&h.gql_url(), body.clone()).await;
    assert_eq!((st, &v["data"]["__typename"]), (200, &json!("Query")));
    let log: Vec<_> = h
        .sim
        .requests()
        .into_iter()
        .filter(|r| r.path == "/zms/graphql")
        .collect();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].body.as_ref().unwrap()["query"], "{ __typename }");
    h.sim.add_fault(Fault {
        method: Some("POST".into()),
        path_prefix: "/zms".into(),
        kind: FaultKind::ServerError { status: 502 },
        times: Some(1),
    });
    let (st, _) = h.post(&h.gql_url(), body.clone()).await;
    assert_eq!(st, 502);
    let (st, _) = h.post(&h.gql_url(), body).await;
    assert_eq!(st, 200);
}
