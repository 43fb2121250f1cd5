//! The YAML emitter's quoting, tried on thousands of generated strings and
//! shapes: every document decodes to exactly the value that was emitted,
//! and no plain (unquoted) scalar is one a YAML 1.1 reader would turn into
//! a boolean, null, number, timestamp or merge key.

use crate::common;

use common::Rng;

use agentcore_synth::template::{yaml, Map, Value};

const PIECES: &[&str] = &[
    "a",
    "Z",
    "0",
    "1",
    "9",
    "_",
    "-",
    ".",
    "/",
    ":",
    ": ",
    "#",
    " #",
    " ",
    "  ",
    "'",
    "\"",
    "\\",
    "!",
    "&",
    "*",
    "?",
    "|",
    ">",
    "%",
    "@",
    "`",
    "{",
    "}",
    "[",
    "]",
    ",",
    "~",
    "=",
    "<<",
    "+",
    "e",
    "E",
    "x",
    "0x",
    "0o",
    "0b",
    "_0",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "NULL",
    "null",
    ".inf",
    ".NaN",
    "2024-01-01",
    "12:30",
    "1e3",
    "é",
    "ü",
    "日本",
    "\n",
    "\t",
    "\r",
    "${AWS::Region}",
    "arn:aws:iam::1:role/x",
    "https://x.example.com/a?b=c#d",
];

fn string(r: &mut Rng) -> String {
    let n = r.below(5);
    (0..=n).map(|_| PIECES[r.below(PIECES.len())]).collect()
}

fn value(r: &mut Rng, depth: usize) -> Value {
    match (r.below(if depth > 3 { 2 } else { 5 }), depth) {
        (0, _) => Value::Str(string(r)),
        (1, _) => Value::Str(string(r)),
        (2, _) => Value::List((0..r.below(4)).map(|_| value(r, depth + 1)).collect()),
        (3, _) => {
            let mut m = Map::default();
            for _ in 0..r.below(4) {
                m.insert(string(r), value(r, depth + 1));
            }
            Value::Map(m)
        }
        _ => match r.below(4) {
            0 => Value::Ref(string(r)),
            1 => Value::Sub(string(r)),
            2 => Value::Bool(r.below(2) == 0),
            _ => Value::Int(r.next() as i64 % 100_000),
        },
    }
}

/// The JSON meaning of a value (intrinsics in long form), for comparison.
fn json(v: &Value) -> serde_json::Value {
    use serde_json::json;
    match v {
        Value::Str(s) => json!(s),
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::List(items) => serde_json::Value::Array(items.iter().map(json).collect()),
        Value::Map(m) => {
            serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        }
        Value::Ref(r) => json!({ "Ref": r }),
        Value::Sub(s) => json!({ "Fn::Sub": s }),
        other => panic!("not generated: {other:?}"),
    }
}

/// YAML 1.1 implicit types (yaml.org/type): what a 1.1 reader resolves a
/// plain scalar to, if not a string.
fn yaml11_non_string(s: &str) -> bool {
    let res = [
        r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
        r"^(~|null|Null|NULL|)$",
        r"^[-+]?(0b[0-1_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$",
        r"^[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?$",
        r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*$",
        r"^[-+]?\.(inf|Inf|INF)$",
        r"^\.(nan|NaN|NAN)$",
        r"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?",
        r"^<<$",
        r"^=$",
    ];
    res.iter()
        .any(|r| regex::Regex::new(r).unwrap().is_match(s))
}

#[test]
fn generated_documents_round_trip_and_plain_scalars_stay_strings() {
    let mut r = Rng(0x2545_f491_4f6c_dd1d);
    let mut plain = 0;
    for _ in 0..3000 {
        let mut m = Map::default();
        m.insert("Root".into(), value(&mut r, 0));
        let v = Value::Map(m);
        let text = yaml::to_string(&v);
        let back = common::yaml_to_json(&text);
        assert_eq!(back, json(&v), "YAML:\n{text}");
        for _ in 0..3 {
            let s = string(&mut r);
            if yaml::is_plain_safe(&s) {
                plain += 1;
                assert!(
                    !yaml11_non_string(&s),
                    "{s:?} would not stay a string under YAML 1.1"
                );
            }
        }
    }
    assert!(
        plain > 100,
        "the generator should produce plain scalars too ({plain})"
    );
}
