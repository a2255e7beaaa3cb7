//! Turning a reply into what a transport shows. Discord renders its own embeds; the console gets
//! plain text from here.

pub mod text;
