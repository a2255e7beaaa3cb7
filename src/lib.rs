//! supportbot: a support assistant for chat. See ARCHITECTURE.md for the map of modules.

pub mod domain;
pub mod i18n;
