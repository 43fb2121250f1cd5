//! Gateways, gateway targets and the gateway execution role.

use super::identity::Providers;
use super::Builder;
use crate::project::Project;

pub fn lower(_project: &Project, _providers: &Providers, _b: &mut Builder) {}
