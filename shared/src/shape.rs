//! JMESPath shaping of tool results (the `query` argument of read tools), applied to the
//! upstream result before sanitization.

use serde_json::Value;

/// A compiled expression. Compiling happens during argument validation, so a bad
/// expression is reported before any API call.
#[derive(Clone)]
pub struct Shape {
    expr: jmespath::Expression<'static>,
}

impl std::fmt::Debug for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shape({})", self.expr.as_str())
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Self) -> bool {
        self.expr.as_str() == other.expr.as_str()
    }
}

impl Shape {
    pub fn compile(expr: &str) -> Result<Shape, String> {
        jmespath::compile(expr)
            .map(|expr| Shape { expr })
            .map_err(|e| format!("not a valid JMESPath expression: {}", e.reason))
    }

    pub fn apply(&self, data: &Value) -> Result<Value, String> {
        let var = jmespath::Variable::from_serializable(data)
            .map_err(|e| format!("the result could not be queried: {e}"))?;
        let out = self
            .expr
            .search(var)
            .map_err(|e| format!("the query failed: {}", e.reason))?;
        serde_json::to_value(&*out).map_err(|e| format!("the query result is not JSON: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn projects_and_filters() {
        let data = json!([{"id": 1, "name": "a", "state": "ENABLED"},
                          {"id": 2, "name": "b", "state": "DISABLED"}]);
        let s = Shape::compile("[?state=='ENABLED'].{id: id, name: name}").unwrap();
        assert_eq!(s.apply(&data).unwrap(), json!([{"id": 1, "name": "a"}]));
        assert_eq!(
            Shape::compile("length(@)").unwrap().apply(&data).unwrap(),
            json!(2)
        );
    }

    #[test]
    fn invalid_expression_is_explained() {
        let e = Shape::compile("[?state==").unwrap_err();
        assert!(e.starts_with("not a valid JMESPath expression"), "{e}");
    }
}
