//! The confirmation gate in front of destructive tools: which path a call takes (token,
//! MRTR, or stdio elicitation) and what the caller is told at each step. Nothing here acts;
//! it only decides whether the call may proceed.

use rmcp::model::{
    CallToolResponse, CallToolResult, ContentBlock, ElicitRequestParams, ElicitationAction,
    ElicitationSchema, InputRequest, InputRequests, InputRequiredResult, InputResponses,
};
use serde_json::{json, Map, Value};

use super::{Binding, KeyRing, Purpose, Rejection};
use crate::sanitize::Sanitizer;

/// The name of the single MRTR input request.
pub const INPUT_KEY: &str = "confirm";

/// What the gate decided.
pub enum Decision {
    Proceed,
    Respond(Box<CallToolResponse>),
}

/// The call being confirmed, and how to describe it to a human.
pub struct Pending<'a> {
    pub binding: Binding<'a>,
    /// From `super::operation::describe`; already sanitized (see `Pending::new`).
    pub operation: String,
    pub now: u64,
    pub ttl_secs: u64,
    pub ring: &'a KeyRing,
}

impl<'a> Pending<'a> {
    /// The approval text quotes arguments and names read from Zscaler: it is output, and
    /// a human acts on it, so it is always sanitized, even where the operator turned
    /// sanitization of tool data off.
    pub fn new(
        binding: Binding<'a>,
        operation: &str,
        now: u64,
        ttl_secs: u64,
        ring: &'a KeyRing,
    ) -> Pending<'a> {
        Pending {
            binding,
            operation: Sanitizer::new(true).clean_str(operation).into_owned(),
            now,
            ttl_secs,
            ring,
        }
    }
}

/// Remove the confirmation from the arguments: `confirmation_token`, or the Python server's
/// `kwargs` form (a JSON string or an object carrying `confirmation_token`).
pub fn take_token(args: &mut Map<String, Value>) -> Option<String> {
    let direct = args
        .remove("confirmation_token")
        .and_then(|v| v.as_str().map(str::to_string));
    let legacy = match args.remove("kwargs") {
        Some(Value::String(s)) => serde_json::from_str::<Value>(&s).ok(),
        Some(v @ Value::Object(_)) => Some(v),
        _ => None,
    }
    .and_then(|v| {
        v.get("confirmation_token")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    direct.or(legacy).filter(|t| !t.trim().is_empty())
}

fn text(t: String) -> CallToolResponse {
    CallToolResult::success(vec![ContentBlock::text(t)]).into()
}

fn refused(t: String) -> CallToolResponse {
    CallToolResult::error(vec![ContentBlock::text(t)]).into()
}

fn ask_with_token(p: &Pending<'_>, preface: &str) -> CallToolResponse {
    let token = p.ring.mint(&p.binding, p.now, p.ttl_secs);
    text(format!(
        "{preface}DESTRUCTIVE OPERATION - CONFIRMATION REQUIRED\n\
         Operation: {}\n\
         WARNING: this cannot be undone. Nothing has been changed yet.\n\n\
         REQUIRED NEXT STEP: show the user this operation and ask whether to proceed. Wait for \
         their answer. Only if they explicitly agree, call {} again with exactly the same \
         arguments plus \"confirmation_token\": \"{token}\". The token is valid for {} seconds, \
         for this caller, this tool and these arguments only.",
        p.operation, p.binding.tool, p.ttl_secs
    ))
}

/// Token path: the first call mints a token and does not act; a retry with a valid token
/// proceeds; any rejected token explains why and offers a fresh one.
pub fn token_round(p: &Pending<'_>, token: Option<&str>) -> Decision {
    match token {
        None => Decision::Respond(Box::new(ask_with_token(p, ""))),
        Some(t) => match p.ring.verify(t, &p.binding, p.now) {
            Ok(()) => Decision::Proceed,
            Err(why) => Decision::Respond(Box::new(ask_with_token(
                p,
                &format!("Confirmation rejected: {why}. Nothing was deleted.\n\n"),
            ))),
        },
    }
}

fn question(operation: &str) -> String {
    format!("Confirm destructive operation: {operation}. This cannot be undone. Choose 'delete' to proceed.")
}

fn choice_schema() -> Value {
    json!({
        "type": "object",
        "properties": {"choice": {"type": "string", "title": "Your decision",
                                  "enum": ["delete", "cancel"]}},
        "required": ["choice"]
    })
}

/// The elicitation form for stdio clients (legacy `elicitation/create`).
pub fn elicitation_params(operation: &str) -> ElicitRequestParams {
    let schema: ElicitationSchema =
        serde_json::from_value(choice_schema()).expect("a static, valid elicitation schema");
    ElicitRequestParams::FormElicitationParams {
        meta: None,
        message: question(operation),
        requested_schema: schema,
    }
}

/// Only an explicit accept with `choice: delete` proceeds; everything else does not.
pub fn accepted(action: &ElicitationAction, content: Option<&Value>) -> bool {
    matches!(action, ElicitationAction::Accept)
        && content
            .and_then(|c| c.get("choice"))
            .and_then(Value::as_str)
            == Some("delete")
}

/// Whether an MRTR retry carries valid state and the user's explicit delete.
pub fn mrtr_confirmed(
    ring: &KeyRing,
    binding: &Binding<'_>,
    now: u64,
    request_state: Option<&str>,
    responses: Option<&InputResponses>,
) -> bool {
    let Some(state) = request_state else {
        return false;
    };
    if ring
        .verify_for(Purpose::RequestState, state, binding, now)
        .is_err()
    {
        return false;
    }
    let answer = responses.and_then(|r| r.get(INPUT_KEY));
    answer
        .and_then(|a| a.get("action"))
        .and_then(|a| serde_json::from_value::<ElicitationAction>(a.clone()).ok())
        .is_some_and(|a| accepted(&a, answer.and_then(|x| x.get("content"))))
}

/// MRTR path (2026-07-28 clients that declared form elicitation): ask with an
/// `input_required` result whose `requestState` is sealed with the key ring and bound to the
/// caller, tool and arguments; on the retry, act only on accept + delete.
pub fn mrtr_round(
    p: &Pending<'_>,
    request_state: Option<&str>,
    responses: Option<&InputResponses>,
) -> Decision {
    let Some(state) = request_state else {
        let sealed = p
            .ring
            .mint_for(Purpose::RequestState, &p.binding, p.now, p.ttl_secs);
        let request: InputRequest = serde_json::from_value(json!({
            "method": "elicitation/create",
            "params": {"mode": "form", "message": question(&p.operation),
                       "requestedSchema": choice_schema()}
        }))
        .expect("a static, valid elicitation request");
        let mut requests = InputRequests::new();
        requests.insert(INPUT_KEY.to_string(), request);
        return Decision::Respond(Box::new(CallToolResponse::InputRequired(
            InputRequiredResult::new(Some(requests), Some(sealed)),
        )));
    };
    if let Err(why) = p
        .ring
        .verify_for(Purpose::RequestState, state, &p.binding, p.now)
    {
        let why = match why {
            Rejection::Expired => "the confirmation request has expired".to_string(),
            other => format!("the confirmation state was refused ({other})"),
        };
        return Decision::Respond(Box::new(refused(format!(
            "Confirmation rejected: {why}. Nothing was deleted; call the tool again to start over."
        ))));
    }
    let answer = responses.and_then(|r| r.get(INPUT_KEY));
    let action = answer
        .and_then(|a| a.get("action"))
        .and_then(|a| serde_json::from_value::<ElicitationAction>(a.clone()).ok());
    match action {
        Some(a) if accepted(&a, answer.and_then(|x| x.get("content"))) => Decision::Proceed,
        _ => Decision::Respond(Box::new(text(format!(
            "Cancelled by the user: {} was NOT performed.",
            p.operation
        )))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_from_both_forms() {
        let mut a: Map<String, Value> =
            serde_json::from_value(json!({"id": 1, "confirmation_token": "zc1.x"})).unwrap();
        assert_eq!(take_token(&mut a).as_deref(), Some("zc1.x"));
        assert!(!a.contains_key("confirmation_token"));
        let mut a: Map<String, Value> = serde_json::from_value(
            json!({"id": 1, "kwargs": "{\"confirmation_token\": \"zc1.y\"}"}),
        )
        .unwrap();
        assert_eq!(take_token(&mut a).as_deref(), Some("zc1.y"));
        assert!(!a.contains_key("kwargs"));
        let mut a: Map<String, Value> =
            serde_json::from_value(json!({"kwargs": {"confirmed": true}})).unwrap();
        assert_eq!(
            take_token(&mut a),
            None,
            "a bare 'confirmed' approves nothing"
        );
    }

    #[test]
    fn only_accept_with_delete_proceeds() {
        assert!(accepted(
            &ElicitationAction::Accept,
            Some(&json!({"choice": "delete"}))
        ));
        assert!(!accepted(
            &ElicitationAction::Accept,
            Some(&json!({"choice": "cancel"}))
        ));
        assert!(!accepted(&ElicitationAction::Accept, None));
        assert!(!accepted(
            &ElicitationAction::Decline,
            Some(&json!({"choice": "delete"}))
        ));
        assert!(!accepted(&ElicitationAction::Cancel, None));
    }

    #[test]
    fn elicitation_form_builds() {
        let ElicitRequestParams::FormElicitationParams { message, .. } =
            elicitation_params("DELETE x")
        else {
            panic!("form mode")
        };
        assert!(message.contains("DELETE x"));
    }
}
