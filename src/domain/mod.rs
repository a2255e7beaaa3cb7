//! The support programme's domain: pure values and rules, no I/O.

pub mod attainment;
pub mod calendar;
pub mod case;
pub mod catalog;
pub mod coverage;
pub mod deadline;
pub mod ids;
pub mod org;
pub mod policy;
pub mod reminders;
pub mod stats;
pub mod text;
