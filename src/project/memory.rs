//! `memories[]` (`MemorySchema` in the AgentCore CLI, non-strict: unknown
//! keys are dropped by the CLI and warnings here).

use super::catalog::StrategyType;
use super::read::{as_obj, items, Spanned, Strictness};
use super::runtime::Names;
use super::Tags;
use crate::diagnostics::{Diagnostic, Span};
use crate::json::Node;

pub const INDEXED_KEY_TYPES: &[&str] = &["STRING", "STRINGLIST", "NUMBER"];
pub const CONTENT_LEVELS: &[&str] = &["FULL_CONTENT", "METADATA_ONLY"];

#[derive(Debug, Clone)]
pub struct Memory {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub event_expiry: Option<Spanned<i64>>,
    pub strategies: Vec<Strategy>,
    pub indexed_keys: Vec<IndexedKey>,
    pub indexed_keys_span: Option<Span>,
    pub tags: Tags,
    pub encryption_key_arn: Option<Spanned<String>>,
    pub execution_role_arn: Option<Spanned<String>>,
    pub streams: Vec<Stream>,
    pub streams_span: Option<Span>,
}

impl Memory {
    /// `Name`: `<project>_<memory>`, as the CLI names it.
    pub fn resource_name(&self, project: &str) -> String {
        format!("{project}_{}", self.name.value)
    }
}

#[derive(Debug, Clone)]
pub struct Strategy {
    pub path: String,
    pub span: Span,
    pub kind: Spanned<StrategyType>,
    pub name: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub namespace_templates: Option<Names>,
    /// Deprecated spelling of `namespaceTemplates`.
    pub namespaces: Option<Names>,
    pub reflection_namespace_templates: Option<Names>,
    /// Deprecated spelling of `reflectionNamespaceTemplates`.
    pub reflection_namespaces: Option<Names>,
}

impl Strategy {
    /// The strategy's `Name`: its `name`, else `<memory>_<Type>` (the CDK's default).
    pub fn resource_name(&self, memory: &str) -> String {
        match &self.name {
            Some(n) => n.value.clone(),
            None => format!("{memory}_{}", self.kind.value.default_suffix()),
        }
    }
    /// The namespaces, whichever spelling the file used.
    pub fn namespace_list(&self) -> Option<&Names> {
        self.namespace_templates
            .as_ref()
            .or(self.namespaces.as_ref())
    }
    pub fn reflection_list(&self) -> Option<&Names> {
        self.reflection_namespace_templates
            .as_ref()
            .or(self.reflection_namespaces.as_ref())
    }
}

#[derive(Debug, Clone)]
pub struct IndexedKey {
    pub path: String,
    pub key: Spanned<String>,
    pub kind: Spanned<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Stream {
    pub path: String,
    pub span: Span,
    pub data_stream_arn: Spanned<String>,
    pub contents: Vec<(Spanned<String>, Option<Spanned<&'static str>>)>,
    pub contents_span: Span,
}

pub fn decode_all(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<Memory> {
    items(arr, base)
        .filter_map(|(p, n)| decode(n, &p, d))
        .collect()
}

fn decode(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<Memory> {
    let mut o = as_obj(node, path, d)?;
    let name = o.req_string("name", d);
    let event_expiry = if o.get("eventExpiryDuration").is_some() {
        o.integer("eventExpiryDuration", d)
    } else {
        o.missing("eventExpiryDuration", d);
        None
    };
    let strategies = match o.get("strategies") {
        None => Vec::new(),
        Some(_) => {
            let base = o.path_of("strategies");
            o.array("strategies", d)
                .map(|a| {
                    items(a, &base)
                        .filter_map(|(p, n)| decode_strategy(n, &p, d))
                        .collect()
                })
                .unwrap_or_default()
        }
    };
    let indexed_keys_span = o.get("indexedKeys").map(|n| n.span);
    let indexed_keys = match indexed_keys_span {
        None => Vec::new(),
        Some(_) => {
            let base = o.path_of("indexedKeys");
            o.array("indexedKeys", d)
                .map(|a| {
                    items(a, &base)
                        .filter_map(|(p, n)| {
                            let mut k = as_obj(n, &p, d)?;
                            let key = k.req_string("key", d);
                            let kind = if k.get("type").is_some() {
                                k.enumeration("type", INDEXED_KEY_TYPES, d)
                            } else {
                                k.missing("type", d);
                                None
                            };
                            k.finish(Strictness::Lenient, d);
                            Some(IndexedKey {
                                path: p,
                                key: key?,
                                kind: kind?,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
    };
    let tags = o.string_map("tags", d).map(|t| t.value).unwrap_or_default();
    let encryption_key_arn = o.string("encryptionKeyArn", d);
    let execution_role_arn = o.string("executionRoleArn", d);
    let mut streams_span = None;
    let streams = o
        .object("streamDeliveryResources", d)
        .map(|mut s| {
            streams_span = Some(s.span());
            let base = s.path_of("resources");
            let out = match s.get("resources") {
                None => {
                    s.missing("resources", d);
                    Vec::new()
                }
                Some(_) => s
                    .array("resources", d)
                    .map(|a| {
                        items(a, &base)
                            .filter_map(|(p, n)| decode_stream(n, &p, d))
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            s.finish(Strictness::Lenient, d);
            out
        })
        .unwrap_or_default();
    let span = o.span();
    o.finish(Strictness::Lenient, d);
    Some(Memory {
        path: path.to_string(),
        span,
        name: name?,
        event_expiry,
        strategies,
        indexed_keys,
        indexed_keys_span,
        tags,
        encryption_key_arn,
        execution_role_arn,
        streams,
        streams_span,
    })
}

fn decode_strategy(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<Strategy> {
    let mut s = as_obj(node, path, d)?;
    let kind = if s.get("type").is_some() {
        s.word::<StrategyType>("type", d)
    } else {
        s.missing("type", d);
        None
    };
    let strategy = Strategy {
        path: path.to_string(),
        span: s.span(),
        kind: kind?,
        name: s.string("name", d),
        description: s.string("description", d),
        namespace_templates: s.string_list("namespaceTemplates", d),
        namespaces: s.string_list("namespaces", d),
        reflection_namespace_templates: s.string_list("reflectionNamespaceTemplates", d),
        reflection_namespaces: s.string_list("reflectionNamespaces", d),
    };
    s.finish(Strictness::Lenient, d);
    Some(strategy)
}

fn decode_stream(node: &Node, path: &str, d: &mut Vec<Diagnostic>) -> Option<Stream> {
    let mut r = as_obj(node, path, d)?;
    let mut k = r.object("kinesis", d);
    if k.is_none() && r.get("kinesis").is_none() {
        r.missing("kinesis", d);
    }
    let span = r.span();
    r.finish(Strictness::Lenient, d);
    let mut k = k.take()?;
    let arn = k.req_string("dataStreamArn", d);
    let base = k.path_of("contentConfigurations");
    let contents_node = k.get("contentConfigurations");
    if contents_node.is_none() {
        k.missing("contentConfigurations", d);
    }
    let contents = k
        .array("contentConfigurations", d)
        .map(|a| {
            items(a, &base)
                .filter_map(|(p, n)| {
                    let mut c = as_obj(n, &p, d)?;
                    let t = c.req_string("type", d);
                    let level = c.enumeration("level", CONTENT_LEVELS, d);
                    c.finish(Strictness::Lenient, d);
                    Some((t?, level))
                })
                .collect()
        })
        .unwrap_or_default();
    let contents_span = contents_node.map(|n| n.span).unwrap_or(span);
    k.finish(Strictness::Lenient, d);
    Some(Stream {
        path: path.to_string(),
        span,
        data_stream_arn: arn?,
        contents,
        contents_span,
    })
}
