//! The CloudFormation template model. Values are typed: intrinsic functions
//! (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`) are variants, never strings
//! that happen to look like them. Maps keep insertion order, so the output
//! is deterministic and in the order this compiler chose.

pub mod json;
pub mod yaml;

use indexmap::IndexMap;

/// Keys are hashed with foldhash (seeded per map from a per-process random
/// seed): most keys are property names this compiler writes, and SipHash was
/// a tenth of lowering. Order is insertion order whatever the hasher.
pub type Map = Index<Value>;

/// A string-keyed map in insertion order (the template's sections).
pub type Index<V> = IndexMap<String, V, foldhash::fast::RandomState>;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// A number copied verbatim from the input (e.g. connector parameter values).
    Number(String),
    Str(String),
    List(Vec<Value>),
    Map(Map),
    /// `{"Ref": name}`
    Ref(String),
    /// `{"Fn::GetAtt": [resource, attribute]}`
    GetAtt(String, String),
    /// `{"Fn::Sub": template}`
    Sub(String),
    /// `{"Fn::Join": [separator, values]}`
    Join(String, Vec<Value>),
    /// `{"Fn::Select": [index, list]}`
    Select(u32, Box<Value>),
    /// `{"Fn::Split": [separator, string]}`
    Split(String, Box<Value>),
}

impl Eq for Value {}

/// Consistent with `==`: maps compare without regard to order, so a map
/// hashes by its length only (policy resources, the one place values are
/// hashed, are strings and intrinsics).
impl std::hash::Hash for Value {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            Value::Null => {}
            Value::Bool(b) => b.hash(h),
            Value::Int(i) => i.hash(h),
            Value::Number(s) | Value::Str(s) | Value::Ref(s) | Value::Sub(s) => s.hash(h),
            Value::List(items) => items.hash(h),
            Value::Map(m) => m.len().hash(h),
            Value::GetAtt(a, b) => (a, b).hash(h),
            Value::Join(sep, parts) => (sep, parts).hash(h),
            Value::Select(i, v) => (i, v).hash(h),
            Value::Split(sep, v) => (sep, v).hash(h),
        }
    }
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }
    pub fn list<I: IntoIterator<Item = Value>>(items: I) -> Value {
        Value::List(items.into_iter().collect())
    }
    pub fn strs<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Value {
        Value::List(items.into_iter().map(|s| Value::Str(s.into())).collect())
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn is_intrinsic(&self) -> bool {
        matches!(
            self,
            Value::Ref(_)
                | Value::GetAtt(..)
                | Value::Sub(_)
                | Value::Join(..)
                | Value::Select(..)
                | Value::Split(..)
        )
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Map(m)
    }
}

/// Build a [`Map`] from `key => value` pairs: `map! { "Name" => name }`.
macro_rules! map {
    () => { $crate::template::Map::default() };
    ($($k:expr => $v:expr),+ $(,)?) => {{
        // Sized for its entries up front: one allocation for the entries and
        // one for the index, never a regrowth.
        let mut m = $crate::template::Map::with_capacity_and_hasher(
            [$($crate::template::map!(@one $k)),+].len(),
            Default::default(),
        );
        $( m.insert(String::from($k), $crate::template::Value::from($v)); )+
        m
    }};
    (@one $k:expr) => { () };
}
pub(crate) use map;

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub kind: String,
    pub description: String,
    pub no_echo: bool,
    pub min_length: Option<u32>,
    pub allowed_pattern: Option<String>,
    pub constraint_description: Option<String>,
    /// The credential this parameter belongs to (not emitted; for the edit
    /// commands' deploy hints).
    pub credential: Option<String>,
}

impl Parameter {
    /// A string without a default, at least one character: CloudFormation
    /// refuses an empty value when it creates the change set, so a
    /// parameter file that names a parameter without a value cannot
    /// deploy it empty.
    pub fn string(description: impl Into<String>) -> Self {
        Parameter {
            credential: None,
            kind: "String".into(),
            description: description.into(),
            no_echo: false,
            min_length: Some(1),
            allowed_pattern: None,
            constraint_description: None,
        }
    }
    /// A secret: `NoEcho`, no default, at least one character.
    pub fn secret(description: impl Into<String>) -> Self {
        Parameter {
            no_echo: true,
            ..Parameter::string(description)
        }
    }
    /// The value must match `pattern` (which, like every pattern here,
    /// refuses the empty value, so it replaces `MinLength`).
    pub fn pattern(mut self, pattern: &str, constraint: &str) -> Self {
        self.min_length = None;
        self.allowed_pattern = Some(pattern.into());
        self.constraint_description = Some(constraint.into());
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub kind: String,
    pub depends_on: Vec<String>,
    pub properties: Map,
}

impl Resource {
    pub fn new(kind: &str, properties: Map) -> Self {
        Resource {
            kind: kind.into(),
            depends_on: Vec::new(),
            properties,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub description: String,
    pub value: Value,
    pub export: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    pub description: String,
    pub metadata: Map,
    pub parameters: Index<Parameter>,
    pub resources: Index<Resource>,
    pub outputs: Index<Output>,
    /// The code zips the template's parameters stand for (not emitted; for
    /// `package`).
    pub artifacts: Vec<Artifact>,
}

/// A code zip a template takes as parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// What runs it, for messages: `runtime SupportAgent`.
    pub what: String,
    /// The code directory, relative to the project root.
    pub code_location: String,
    /// The Python version dependencies are installed for (`3.13`), if Python.
    pub python: Option<String>,
    pub bucket_parameter: String,
    pub key_parameter: String,
}

impl Template {
    /// The whole template as one value, in CloudFormation's canonical order:
    /// version, Description, Metadata, Parameters, Mappings, Conditions,
    /// Resources, Outputs; per resource Type, DependsOn, Metadata, Properties.
    pub fn to_value(&self) -> Value {
        self.clone().into_value()
    }

    /// [`Template::to_value`] without copying: the template is consumed.
    pub fn into_value(self) -> Value {
        let mut top = Map::default();
        top.insert("AWSTemplateFormatVersion".into(), "2010-09-09".into());
        top.insert("Description".into(), self.description.into());
        if !self.metadata.is_empty() {
            top.insert("Metadata".into(), Value::Map(self.metadata));
        }
        if !self.parameters.is_empty() {
            let mut ps = Map::default();
            for (id, p) in self.parameters {
                let mut m = Map::default();
                m.insert("Type".into(), p.kind.into());
                m.insert("Description".into(), p.description.into());
                if p.no_echo {
                    m.insert("NoEcho".into(), true.into());
                }
                if let Some(n) = p.min_length {
                    m.insert("MinLength".into(), Value::Int(n.into()));
                }
                if let Some(pat) = p.allowed_pattern {
                    m.insert("AllowedPattern".into(), pat.into());
                }
                if let Some(c) = p.constraint_description {
                    m.insert("ConstraintDescription".into(), c.into());
                }
                ps.insert(id, Value::Map(m));
            }
            top.insert("Parameters".into(), Value::Map(ps));
        }
        let mut rs = Map::default();
        for (id, r) in self.resources {
            let mut m = Map::default();
            m.insert("Type".into(), r.kind.into());
            let mut deps = r.depends_on;
            match deps.len() {
                0 => {}
                1 => {
                    m.insert("DependsOn".into(), deps.remove(0).into());
                }
                _ => {
                    m.insert("DependsOn".into(), Value::strs(deps));
                }
            }
            m.insert("Properties".into(), Value::Map(r.properties));
            rs.insert(id, Value::Map(m));
        }
        top.insert("Resources".into(), Value::Map(rs));
        if !self.outputs.is_empty() {
            let mut os = Map::default();
            for (id, o) in self.outputs {
                let mut m = Map::default();
                m.insert("Description".into(), o.description.into());
                m.insert("Value".into(), o.value);
                if let Some(e) = o.export {
                    m.insert("Export".into(), Value::Map(map! { "Name" => e }));
                }
                os.insert(id, Value::Map(m));
            }
            top.insert("Outputs".into(), Value::Map(os));
        }
        Value::Map(top)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" | "template" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }
}

/// Render a template in the chosen format.
pub fn emit(template: &Template, format: Format) -> String {
    emit_value(&template.to_value(), format)
}

/// Render a template already in its canonical form ([`Template::into_value`]).
pub fn emit_value(v: &Value, format: Format) -> String {
    match format {
        Format::Json => json::to_string(v),
        Format::Yaml => yaml::to_string(v),
    }
}

/// Any JSON value from the input, verbatim.
pub fn node_value(n: &crate::json::Node) -> Value {
    match &n.kind {
        crate::json::Kind::Null => Value::Null,
        crate::json::Kind::Bool(b) => Value::Bool(*b),
        crate::json::Kind::Number(t) => Value::Number(t.clone()),
        crate::json::Kind::String(s) => Value::Str(s.clone()),
        crate::json::Kind::Array(items) => Value::List(items.iter().map(node_value).collect()),
        crate::json::Kind::Object(entries) => {
            let mut m = Map::default();
            for e in entries {
                m.insert(e.key.clone(), node_value(&e.value));
            }
            Value::Map(m)
        }
    }
}

impl From<&crate::json::Node> for Value {
    fn from(n: &crate::json::Node) -> Value {
        node_value(n)
    }
}

/// The exact value of a number's text, written canonically: `5.50`, `55e-1`
/// and `5.5` are all `5.5`; `-0` is `0`; integers of any length stay exact.
/// Text that is not a decimal number (`.inf`) is kept.
pub fn canonical_number(t: &str) -> String {
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, "0"),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let Ok(exp) = exp.parse::<i64>() else {
        return t.to_string();
    };
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return t.to_string();
    }
    // value = digits × 10^(exp - frac.len())
    let digits = format!("{int}{frac}");
    let lead = digits.len() - digits.trim_start_matches('0').len();
    let digits = &digits[lead..];
    if digits.is_empty() {
        return "0".into();
    }
    let trimmed = digits.trim_end_matches('0');
    let mut e = exp - frac.len() as i64 + (digits.len() - trimmed.len()) as i64;
    let d = trimmed;
    let sign = if neg { "-" } else { "" };
    let len = d.len() as i64;
    if (0..=40).contains(&e) {
        return format!("{sign}{d}{}", "0".repeat(e as usize));
    }
    if e < 0 && -e < len {
        let point = (len + e) as usize;
        return format!("{sign}{}.{}", &d[..point], &d[point..]);
    }
    if e < 0 && -e - len <= 40 {
        return format!("{sign}0.{}{d}", "0".repeat((-e - len) as usize));
    }
    // Far from 1: scientific, one digit before the point.
    e += len - 1;
    let rest = if d.len() > 1 {
        format!(".{}", &d[1..])
    } else {
        String::new()
    };
    format!("{sign}{}{rest}e{e}", &d[..1])
}
