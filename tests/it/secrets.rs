//! Secrets policy over every golden: a secret-bearing property is either
//! absent (a Secrets Manager reference is used) or a `Ref` to a `NoEcho`
//! parameter with no `Default`.

use crate::common;

use agentcore_synth::cfn::SECRET_PROPERTIES;

fn walk<'a>(
    v: &'a serde_json::Value,
    path: String,
    found: &mut Vec<(String, &'a serde_json::Value)>,
) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if SECRET_PROPERTIES.contains(&k.as_str()) {
                    found.push((format!("{path}.{k}"), x));
                }
                walk(x, format!("{path}.{k}"), found);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn secrets_are_noecho_parameters_or_external_references() {
    let mut seen = 0;
    for e in std::fs::read_dir(common::root().join("templates"))
        .unwrap()
        .flatten()
    {
        if e.path().extension().is_none_or(|x| x != "json") {
            continue;
        }
        let t: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap();
        let mut found = Vec::new();
        walk(&t["Resources"], "Resources".into(), &mut found);
        for (path, v) in found {
            seen += 1;
            let r = v["Ref"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: {path} is not a Ref: {v}", e.path().display()));
            let p = &t["Parameters"][r];
            assert_eq!(p["NoEcho"], true, "{path} -> {r} must be NoEcho");
            assert!(p.get("Default").is_none(), "{r} must have no Default");
            assert_eq!(p["MinLength"], 1);
        }
    }
    assert!(seen > 5, "the goldens should exercise secret parameters");
}
