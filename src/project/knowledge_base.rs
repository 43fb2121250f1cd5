//! `knowledgeBases[]` (strict in the AgentCore CLI): managed knowledge
//! bases with their data sources.

use super::read::{as_obj, items, Spanned, Strictness};
use crate::diagnostics::{Diagnostic, Span};
use crate::json::Node;

pub const SOURCE_TYPES: &[&str] = &[
    "S3",
    "WEB",
    "CONFLUENCE",
    "SHAREPOINT",
    "ONEDRIVE",
    "GOOGLEDRIVE",
];

#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    pub path: String,
    pub span: Span,
    pub name: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub sources: Vec<DataSource>,
    pub sources_span: Option<Span>,
    pub gateway: Option<Spanned<String>>,
}

impl KnowledgeBase {
    pub fn resource_name(&self, project: &str) -> String {
        format!("{project}_{}", self.name.value)
    }
}

#[derive(Debug, Clone)]
pub struct DataSource {
    pub path: String,
    pub span: Span,
    pub kind: Spanned<&'static str>,
    pub uri: Option<Spanned<String>>,
    pub connector_config_file: Option<Spanned<String>>,
}

impl DataSource {
    /// What makes the source unique: its URI or its connector file.
    pub fn key(&self) -> &str {
        self.uri
            .as_ref()
            .or(self.connector_config_file.as_ref())
            .map(|s| s.value.as_str())
            .unwrap_or("")
    }
}

pub fn decode_all(arr: &[Node], base: &str, d: &mut Vec<Diagnostic>) -> Vec<KnowledgeBase> {
    items(arr, base)
        .filter_map(|(p, n)| {
            let mut o = as_obj(n, &p, d)?;
            o.enumeration("type", &["AgentCoreKnowledgeBase"], d);
            let name = o.req_string("name", d);
            let description = o.string("description", d);
            let gateway = o.string("gateway", d);
            let sources_span = o.get("dataSources").map(|n| n.span);
            let sources = match sources_span {
                None => {
                    o.missing("dataSources", d);
                    Vec::new()
                }
                Some(_) => {
                    let base = o.path_of("dataSources");
                    o.array("dataSources", d)
                        .map(|a| {
                            items(a, &base)
                                .filter_map(|(sp, sn)| {
                                    let mut s = as_obj(sn, &sp, d)?;
                                    let kind = if s.get("type").is_some() {
                                        s.enumeration("type", SOURCE_TYPES, d)
                                    } else {
                                        s.missing("type", d);
                                        None
                                    };
                                    let uri = s.string("uri", d);
                                    let file = s.string("connectorConfigFile", d);
                                    let span = s.span();
                                    s.finish(Strictness::Strict, d);
                                    Some(DataSource {
                                        path: sp,
                                        span,
                                        kind: kind?,
                                        uri,
                                        connector_config_file: file,
                                    })
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                }
            };
            let span = o.span();
            o.finish(Strictness::Strict, d);
            Some(KnowledgeBase {
                path: p,
                span,
                name: name?,
                description,
                sources,
                sources_span,
                gateway,
            })
        })
        .collect()
}
