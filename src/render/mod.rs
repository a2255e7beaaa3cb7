//! Turning a reply into what a transport shows. Discord renders its own embeds; the console gets
//! plain text from here, and `/stats` charts become PNG and CSV here.

pub mod chart;
pub mod text;
