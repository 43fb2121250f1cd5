//! Every synthesized resource against its official CloudFormation resource
//! schema (embedded from `schemas/`): types, required, enums, patterns,
//! lengths, additionalProperties, oneOf. Intrinsics are typed: a `Ref`,
//! `GetAtt`, `Sub` or `Join` satisfies `type: string` (its value is not
//! known), but every sibling is still checked, including inside `oneOf`
//! wrappers where cfn-lint stops looking. On top of the schema: `GetAtt`
//! must name a read-only attribute of the target type, `Ref`/`Sub` must name
//! something that exists, read-only properties must not be set, and secrets
//! must be `Ref`s to `NoEcho` parameters.
//!
//! A failure here is a compiler bug: it is reported as an internal error
//! and nothing is written.

use super::validator::{Problems, Validator, P};
use crate::cfn::{schema_for, sub_variables, PSEUDO_PARAMETERS, SECRET_PROPERTIES};
use crate::diagnostics::{Code, Diagnostic};
use crate::template::{Map, Template, Value};

/// Validate a whole template; every problem becomes an internal-error diagnostic.
pub fn check_template(t: &Template, d: &mut Vec<Diagnostic>) {
    let mut v = Validator;
    for (id, r) in &t.resources {
        let Some(schema) = schema_for(&r.kind) else {
            d.push(internal(
                id,
                &r.kind,
                "",
                format!("no embedded schema for type {}", r.kind),
            ));
            continue;
        };
        let mut problems = Vec::new();
        v.object(
            &schema.doc,
            &schema.doc,
            &r.properties,
            &P::Root("Properties"),
            &mut problems,
        );
        for ro in &schema.read_only {
            if let Some(name) = ro.strip_prefix("/properties/").filter(|n| !n.contains('/')) {
                if r.properties.contains_key(name) {
                    problems.push((
                        format!("Properties.{name}"),
                        format!("`{name}` is read-only and must not be set"),
                    ));
                }
            }
        }
        secrets(t, &r.properties, &P::Root("Properties"), &mut problems);
        for (k, x) in &r.properties {
            intrinsics(t, x, &P::Key(&P::Root("Properties"), k), &mut problems);
        }
        for dep in &r.depends_on {
            if !t.resources.contains_key(dep) {
                problems.push((
                    "DependsOn".into(),
                    format!("depends on `{dep}`, which is not a resource of this template"),
                ));
            }
        }
        for (path, msg) in problems {
            d.push(internal(id, &r.kind, &path, msg));
        }
    }
    for (id, o) in &t.outputs {
        let mut problems = Vec::new();
        intrinsics(t, &o.value, &P::Root("Value"), &mut problems);
        for (path, msg) in problems {
            d.push(Diagnostic::new(
                Code::Internal,
                format!("Outputs.{id}.{path}"),
                format!("internal error: output `{id}`: {path}: {msg}"),
            ));
        }
    }
}

fn internal(id: &str, kind: &str, path: &str, msg: String) -> Diagnostic {
    Diagnostic::new(
        Code::Internal,
        format!("Resources.{id}.{path}"),
        format!("internal error: resource `{id}` ({kind}) {path}: {msg}"),
    )
}

/// Secret-bearing properties must be `Ref`s to `NoEcho` parameters (or absent).
fn secrets(t: &Template, m: &Map, path: &P<'_>, out: &mut Problems) {
    for (k, v) in m {
        let p = P::Key(path, k);
        if SECRET_PROPERTIES.contains(&k.as_str()) {
            match v {
                Value::Ref(name) if t.parameters.get(name).is_some_and(|p| p.no_echo) => {}
                Value::Ref(name) => out.push((p.render(), format!("secret `{k}` refers to `{name}`, which is not a NoEcho parameter"))),
                _ => out.push((p.render(), format!("secret `{k}` holds a literal value; it must be a Ref to a NoEcho parameter or an EXTERNAL secret reference"))),
            }
        }
        match v {
            Value::Map(inner) => secrets(t, inner, &p, out),
            Value::List(items) => {
                for (i, it) in items.iter().enumerate() {
                    if let Value::Map(inner) = it {
                        secrets(t, inner, &P::Idx(&p, i), out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `Ref`, `GetAtt` and `Sub` name things that exist, with real attributes.
fn intrinsics(t: &Template, v: &Value, path: &P<'_>, out: &mut Problems) {
    match v {
        Value::Ref(name)
            if !(t.resources.contains_key(name)
                || t.parameters.contains_key(name)
                || PSEUDO_PARAMETERS.contains(&name.as_str())) =>
        {
            out.push((
                path.render(),
                format!("Ref to `{name}`, which is neither a resource, a parameter nor a pseudo parameter"),
            ));
        }
        Value::GetAtt(res, attr) => get_att(t, res, attr, path, out),
        Value::Sub(s) => {
            for var in sub_variables(s) {
                match var.split_once('.') {
                    Some((res, attr)) => get_att(t, res, attr, path, out),
                    None if !(t.resources.contains_key(var)
                        || t.parameters.contains_key(var)
                        || PSEUDO_PARAMETERS.contains(&var)) =>
                    {
                        out.push((path.render(), format!("Sub refers to `{var}`, which is neither a resource, a parameter nor a pseudo parameter")));
                    }
                    None => {}
                }
            }
        }
        Value::Join(_, parts) => {
            for p in parts {
                intrinsics(t, p, path, out);
            }
        }
        Value::Select(_, v) | Value::Split(_, v) => intrinsics(t, v, path, out),
        Value::Map(m) => {
            for (k, x) in m {
                intrinsics(t, x, &P::Key(path, k), out);
            }
        }
        Value::List(items) => {
            for (i, x) in items.iter().enumerate() {
                intrinsics(t, x, &P::Idx(path, i), out);
            }
        }
        _ => {}
    }
}

fn get_att(t: &Template, res: &str, attr: &str, path: &P<'_>, out: &mut Problems) {
    let Some(r) = t.resources.get(res) else {
        out.push((
            path.render(),
            format!("GetAtt of `{res}`, which is not a resource of this template"),
        ));
        return;
    };
    let Some(schema) = schema_for(&r.kind) else {
        return;
    };
    let known = schema.read_only.iter().any(|p| {
        p.strip_prefix("/properties/")
            .is_some_and(|rest| rest.len() == attr.len() && rest.split('/').eq(attr.split('.')))
    });
    if !known {
        let valid: Vec<&str> = schema
            .read_only
            .iter()
            .filter_map(|p| p.strip_prefix("/properties/"))
            .collect();
        out.push((
            path.render(),
            format!(
                "GetAtt `{res}.{attr}`: {} has no attribute `{attr}` (it has: {})",
                r.kind,
                valid.join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::cfn::schemas;
    use crate::check::validator::ascii_classes;

    #[test]
    fn js_digit_and_word_classes_become_ascii() {
        assert_eq!(ascii_classes(r"^\d{12}$"), "^[0-9]{12}$");
        assert_eq!(
            ascii_classes(r"^[\w.-]+\.\w$"),
            r"^[0-9A-Za-z_.-]+\.[0-9A-Za-z_]$"
        );
        assert_eq!(ascii_classes(r"[\s\d]"), r"[\s0-9]");
        let re = regex::Regex::new(&ascii_classes(r"^\w+$")).unwrap();
        assert!(re.is_match("abc_1") && !re.is_match("é"));
    }

    #[test]
    fn every_pattern_of_an_emitted_type_compiles() {
        // WorkloadIdentity uses a look-ahead (not emitted; cfn-lint covers it).
        for s in schemas()
            .iter()
            .filter(|s| s.type_name != "AWS::BedrockAgentCore::WorkloadIdentity")
        {
            let ps = s.patterns();
            // Look-arounds (Memory's NamespaceKeys, a Lambda S3 key pattern)
            // are skipped by the validator; cfn-lint checks them in CI.
            for p in ps
                .into_iter()
                .filter(|p| !p.contains("(?!") && !p.contains("(?<"))
            {
                assert!(
                    regex::Regex::new(&ascii_classes(p)).is_ok(),
                    "{}: {p}",
                    s.type_name
                );
            }
        }
    }
}
