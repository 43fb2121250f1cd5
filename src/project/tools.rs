//! Tool schema files (`[{name, description, inputSchema, outputSchema?}]`)
//! as CloudFormation `ToolDefinition`s, and input JSON as template values.

use super::Target;
use crate::diagnostics::{Code, Diagnostic};
use crate::json::{Kind, Node};
use crate::template::map;
use crate::template::{Map, Value};

/// A tool schema file (`[{name, description, inputSchema, outputSchema?}]`)
/// as CloudFormation `ToolDefinition`s.
pub(super) fn tool_definitions(t: &Target, text: &str, d: &mut Vec<Diagnostic>) -> Option<Value> {
    let mut warnings = Vec::new();
    let fail = |d: &mut Vec<Diagnostic>, msg: String| {
        d.push(
            Diagnostic::new(
                Code::LocalFile,
                format!("{}.lambdaFunctionArn.toolSchemaFile", t.path),
                msg,
            )
            .at_opt(
                t.lambda_function_arn
                    .as_ref()
                    .map(|l| l.tool_schema_file.span),
            ),
        );
        None
    };
    let root = match crate::json::parse(text, &mut warnings) {
        Ok(n) => n,
        Err(e) => {
            return fail(
                d,
                format!(
                    "target \"{}\": the tool schema file is not valid JSON: {}",
                    t.name.value, e.message
                ),
            )
        }
    };
    let Some(items) = root.as_array() else {
        return fail(
            d,
            format!(
                "target \"{}\": the tool schema file must be a JSON array of tool definitions",
                t.name.value
            ),
        );
    };
    let mut tools = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let (Some(name), Some(desc), Some(input)) = (
            item.get("name").and_then(Node::as_str),
            item.get("description").and_then(Node::as_str),
            item.get("inputSchema"),
        ) else {
            return fail(
                d,
                format!("target \"{}\": tool {i} of the tool schema file needs `name`, `description` and `inputSchema`", t.name.value),
            );
        };
        let mut m = map! { "Name" => name, "Description" => desc, "InputSchema" => schema_definition(input) };
        if let Some(o) = item.get("outputSchema") {
            m.insert("OutputSchema".into(), schema_definition(o));
        }
        tools.push(Value::Map(m));
    }
    Some(Value::List(tools))
}

/// A target's `toolDefinitions` (`[{name, description, inputSchema,
/// outputSchema?}]`, checked by validation) as CloudFormation `ToolDefinition`s.
pub fn definitions(items: &[Node]) -> Value {
    Value::List(
        items
            .iter()
            .map(|item| {
                let mut m = Map::default();
                for (key, cfn) in [("name", "Name"), ("description", "Description")] {
                    if let Some(v) = item.get(key) {
                        m.insert(cfn.into(), Value::from(v));
                    }
                }
                if let Some(i) = item.get("inputSchema") {
                    m.insert("InputSchema".into(), schema_definition(i));
                }
                if let Some(o) = item.get("outputSchema") {
                    m.insert("OutputSchema".into(), schema_definition(o));
                }
                Value::Map(m)
            })
            .collect(),
    )
}

/// JSON-Schema-ish `{type, description, properties, required, items}` in
/// CloudFormation's PascalCase `SchemaDefinition`.
fn schema_definition(n: &Node) -> Value {
    let mut m = Map::default();
    if let Some(t) = n.get("type") {
        m.insert("Type".into(), Value::from(t));
    }
    if let Some(d) = n.get("description") {
        m.insert("Description".into(), Value::from(d));
    }
    if let Some(Kind::Object(props)) = n.get("properties").map(|p| &p.kind) {
        let mut pm = Map::default();
        for e in props {
            pm.insert(e.key.clone(), schema_definition(&e.value));
        }
        m.insert("Properties".into(), Value::Map(pm));
    }
    if let Some(r) = n.get("required") {
        m.insert("Required".into(), Value::from(r));
    }
    if let Some(i) = n.get("items") {
        m.insert("Items".into(), schema_definition(i));
    }
    Value::Map(m)
}
