//! Real API Gateway (HTTP API v2, REST v1) and Function URL event JSON through the same
//! Lambda adapter `lambda_http::run` uses, asserting on the JSON the runtime would return.

use std::sync::Arc;

use integration_tests::*;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use serde_json::{json, Value};
use zscaler_mcp::{AppState, Vars};

fn fixture(name: &str) -> Value {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[derive(Clone, Copy)]
enum Kind {
    HttpApiV2,
    RestV1,
    FunctionUrl,
}

/// The fixture turned into a POST to the MCP endpoint with `body`.
fn event(kind: Kind, body: &Value, extra_headers: &[(&str, &str)]) -> Value {
    let mut e = match kind {
        Kind::HttpApiV2 => fixture("apigw-v2-request.json"),
        Kind::RestV1 => fixture("apigw-v1-rest-request.json"),
        Kind::FunctionUrl => fixture("function-url-request.json"),
    };
    let mut headers = vec![
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", LEGACY),
    ];
    headers.extend_from_slice(extra_headers);
    e["body"] = Value::String(body.to_string());
    e["isBase64Encoded"] = json!(false);
    match kind {
        Kind::HttpApiV2 | Kind::FunctionUrl => {
            e["rawPath"] = json!("/mcp");
            e["requestContext"]["http"]["method"] = json!("POST");
            e["requestContext"]["http"]["path"] = json!("/mcp");
            for (k, v) in headers {
                e["headers"][k] = json!(v);
            }
        }
        Kind::RestV1 => {
            e["path"] = json!("/mcp");
            e["httpMethod"] = json!("POST");
            e["resource"] = json!("/mcp");
            e["pathParameters"] = Value::Null;
            e["queryStringParameters"] = Value::Null;
            e["multiValueQueryStringParameters"] = Value::Null;
            e["requestContext"]["path"] = json!("/testStage/mcp");
            // API Gateway sends the Host it served; the fixture's region differs, align it.
            let domain = e["requestContext"]["domainName"].clone();
            e["headers"]["Host"] = domain.clone();
            e["multiValueHeaders"]["Host"] = json!([domain]);
            e["headers"].as_object_mut().unwrap().remove("Content-Type");
            e["multiValueHeaders"]
                .as_object_mut()
                .unwrap()
                .remove("Content-Type");
            e["headers"].as_object_mut().unwrap().remove("Accept");
            e["multiValueHeaders"]
                .as_object_mut()
                .unwrap()
                .remove("Accept");
            for (k, v) in headers {
                e["headers"][k] = json!(v);
                e["multiValueHeaders"][k] = json!([v]);
            }
        }
    }
    e
}

/// Run one event through the Lambda adapter and return the serialized Lambda response.
async fn invoke(state: Arc<AppState>, event: Value) -> Value {
    let request: lambda_http::request::LambdaRequest =
        serde_json::from_value(event).expect("a valid API Gateway event");
    let mut adapter = Adapter::from(zscaler_mcp_lambda::service(state));
    let response = adapter
        .call(LambdaEvent::new(request, Context::default()))
        .await
        .expect("the handler never fails the invocation");
    serde_json::to_value(response).unwrap()
}

fn body_json(resp: &Value) -> Value {
    serde_json::from_str(resp["body"].as_str().unwrap_or("null")).unwrap_or(Value::Null)
}

fn header<'a>(resp: &'a Value, name: &str) -> Option<&'a str> {
    resp["headers"][name]
        .as_str()
        .or_else(|| resp["multiValueHeaders"][name][0].as_str())
}

async fn full_flow(kind: Kind) {
    let sim = start_sim().await;
    let state = state_with(&sim_vars(&sim));

    let init = invoke(state.clone(), event(kind, &initialize_body(1, LEGACY), &[])).await;
    assert_eq!(init["statusCode"], 200, "{init}");
    assert_eq!(header(&init, "content-type"), Some("application/json"));
    assert!(header(&init, "mcp-session-id").is_none());
    assert_eq!(body_json(&init)["result"]["protocolVersion"], LEGACY);

    let list = invoke(
        state.clone(),
        event(
            kind,
            &json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
            &[],
        ),
    )
    .await;
    assert_eq!(list["statusCode"], 200, "{list}");
    // Every read tool of the catalog (254 "read" rows in tool-inventory.tsv).
    assert_eq!(
        body_json(&list)["result"]["tools"]
            .as_array()
            .unwrap()
            .len(),
        254
    );

    let call = invoke(
        state.clone(),
        event(
            kind,
            &tool_call_body(
                3,
                "zia_get_url_category",
                json!({"category_id": "CUSTOM_01"}),
            ),
            &[("mcp-session-id", "agentcore-injected-id")],
        ),
    )
    .await;
    assert_eq!(call["statusCode"], 200, "{call}");
    let result = &body_json(&call)["result"];
    assert_eq!(result["isError"], false, "{call}");
    let category: Value =
        serde_json::from_str(result["content"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(category["id"], "CUSTOM_01");
    let seen = sim.requests();
    let last = seen.last().unwrap();
    assert_eq!(
        (last.method.as_str(), last.path.as_str()),
        ("GET", "/zia/api/v1/urlCategories/CUSTOM_01")
    );
}

#[tokio::test]
async fn http_api_v2_event() {
    full_flow(Kind::HttpApiV2).await;
}

#[tokio::test]
async fn rest_api_v1_event_with_stage_in_path() {
    full_flow(Kind::RestV1).await;
}

#[tokio::test]
async fn function_url_event() {
    full_flow(Kind::FunctionUrl).await;
}

#[tokio::test]
async fn foreign_host_is_refused_behind_the_gateway() {
    let sim = start_sim().await;
    let state = state_with(&sim_vars(&sim));
    let mut e = event(
        Kind::HttpApiV2,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
        &[],
    );
    e["headers"]["host"] = json!("evil.example.com");
    let resp = invoke(state, e).await;
    assert_eq!(resp["statusCode"], 421, "{resp}");
    assert_eq!(body_json(&resp)["error"]["code"], -32001);
}

#[tokio::test]
async fn allowed_hosts_list_names_a_custom_domain() {
    let sim = start_sim().await;
    let mut vars: Vars = sim_vars(&sim);
    vars.set("ZSCALER_MCP_ALLOWED_HOSTS", "mcp.example.com");
    let state = state_with(&vars);
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    let mut e = event(Kind::HttpApiV2, &body, &[]);
    e["headers"]["host"] = json!("mcp.example.com");
    assert_eq!(invoke(state.clone(), e).await["statusCode"], 200);
    // With an explicit list, the raw execute-api domain is no longer accepted.
    let e = event(Kind::HttpApiV2, &body, &[]);
    assert_eq!(invoke(state, e).await["statusCode"], 421);
}

#[tokio::test]
async fn get_is_405_through_the_gateway() {
    let sim = start_sim().await;
    let state = state_with(&sim_vars(&sim));
    let mut e = event(Kind::HttpApiV2, &json!({}), &[]);
    e["requestContext"]["http"]["method"] = json!("GET");
    e["body"] = Value::Null;
    let resp = invoke(state, e).await;
    assert_eq!(resp["statusCode"], 405, "{resp}");
}

#[tokio::test]
async fn source_ip_acl_reads_the_gateway_context_not_forwarded_for() {
    let sim = start_sim().await;
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    let with = |extra: &[(&str, &str)]| {
        let mut vars: Vars = sim_vars(&sim);
        for (k, v) in extra {
            vars.set(k, *v);
        }
        state_with(&vars)
    };
    // HTTP API v2: requestContext.http.sourceIp is 1.2.3.4 in the fixture.
    let allowed = with(&[("ZSCALER_MCP_ALLOWED_SOURCE_IPS", "1.2.3.0/24")]);
    assert_eq!(
        invoke(allowed, event(Kind::HttpApiV2, &body, &[])).await["statusCode"],
        200
    );
    let denied = with(&[("ZSCALER_MCP_ALLOWED_SOURCE_IPS", "10.0.0.0/8,2001:db8::/32")]);
    let resp = invoke(denied.clone(), event(Kind::HttpApiV2, &body, &[])).await;
    assert_eq!(resp["statusCode"], 403, "{resp}");
    assert!(body_json(&resp)["error"]["message"]
        .as_str()
        .unwrap()
        .contains("1.2.3.4"));
    // A forged X-Forwarded-For does not help...
    let forged = event(Kind::HttpApiV2, &body, &[("x-forwarded-for", "10.1.1.1")]);
    assert_eq!(invoke(denied, forged.clone()).await["statusCode"], 403);
    // ...unless the operator says a proxy in front adds it.
    let trusted = with(&[
        ("ZSCALER_MCP_ALLOWED_SOURCE_IPS", "10.0.0.0/8"),
        ("ZSCALER_MCP_TRUSTED_PROXY_HOPS", "1"),
    ]);
    assert_eq!(invoke(trusted, forged).await["statusCode"], 200);
    // REST API v1: requestContext.identity.sourceIp (192.168.196.186 in the fixture).
    let v1 = with(&[("ZSCALER_MCP_ALLOWED_SOURCE_IPS", "192.168.196.186")]);
    assert_eq!(
        invoke(v1, event(Kind::RestV1, &body, &[])).await["statusCode"],
        200
    );
    let v1_denied = with(&[("ZSCALER_MCP_ALLOWED_SOURCE_IPS", "192.168.196.187")]);
    assert_eq!(
        invoke(v1_denied, event(Kind::RestV1, &body, &[])).await["statusCode"],
        403
    );
}

#[tokio::test]
async fn origin_allowlist_is_enforced_behind_the_gateway() {
    let sim = start_sim().await;
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    let state = state_with(&sim_vars(&sim));
    // No list on Lambda: a browser Origin is refused; no Origin (server-to-server) passes.
    let resp = invoke(
        state.clone(),
        event(
            Kind::FunctionUrl,
            &body,
            &[("origin", "https://evil.example")],
        ),
    )
    .await;
    assert_eq!(resp["statusCode"], 403, "{resp}");
    assert_eq!(
        invoke(state, event(Kind::FunctionUrl, &body, &[])).await["statusCode"],
        200
    );
    let mut vars: Vars = sim_vars(&sim);
    vars.set("ZSCALER_MCP_ALLOWED_ORIGINS", "https://claude.ai");
    let listed = state_with(&vars);
    let ok = event(Kind::FunctionUrl, &body, &[("origin", "https://claude.ai")]);
    assert_eq!(invoke(listed, ok).await["statusCode"], 200);
}
