//! The typed form of a command, as in Discord's chat box: `/due plan:business priority:p2
//! region:emea at:"2026-11-20 16:30"`. Used by the console and `supportbot ask`.

use super::CmdError;

/// The longest line read; Discord caps a whole command well below this.
pub const MAX_LINE_CHARS: usize = 4000;

/// A command line split into its command path and `name:value` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandLine {
    pub command: String,
    pub options: Vec<(String, String)>,
}

pub fn parse(line: &str) -> Result<CommandLine, CmdError> {
    let line = line.trim();
    if line.chars().count() > MAX_LINE_CHARS {
        return Err(CmdError::TooLong {
            option: "command",
            max: MAX_LINE_CHARS,
        });
    }
    let Some(rest) = line.strip_prefix('/') else {
        return Err(CmdError::NotACommand);
    };
    let words = shlex::split(rest).ok_or(CmdError::UnbalancedQuote)?;
    let mut path = Vec::new();
    let mut options = Vec::new();
    for word in words {
        match word.split_once(':') {
            Some((name, value)) if !name.is_empty() => {
                options.push((name.to_owned(), value.to_owned()))
            }
            Some(_) => return Err(CmdError::OptionSyntax { given: word }),
            // Subcommand words come before the first option (`/case file org:…`).
            None if options.is_empty() => path.push(word),
            None => return Err(CmdError::OptionSyntax { given: word }),
        }
    }
    if path.is_empty() {
        return Err(CmdError::NotACommand);
    }
    Ok(CommandLine {
        command: path.join(" "),
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn options_are_name_value_with_quotes_for_spaces() {
        let line =
            parse(r#"/due plan:business priority:P2 region:emea at:"2026-11-20 16:30""#).unwrap();
        assert_eq!(line.command, "due");
        assert_eq!(
            line.options,
            opts(&[
                ("plan", "business"),
                ("priority", "P2"),
                ("region", "emea"),
                ("at", "2026-11-20 16:30")
            ])
        );
        let line = parse("/hours   region:japan  ").unwrap();
        assert_eq!(line.options, opts(&[("region", "japan")]));
        // A value may itself contain colons: only the first one separates.
        let line = parse("/due at:2026-11-20T16:30:00Z").unwrap();
        assert_eq!(line.options, opts(&[("at", "2026-11-20T16:30:00Z")]));
        let line = parse("/case file org:acme").unwrap();
        assert_eq!(line.command, "case file");
    }

    #[test]
    fn malformed_lines_say_what_is_wrong() {
        assert_eq!(parse("hours"), Err(CmdError::NotACommand));
        assert_eq!(parse("/"), Err(CmdError::NotACommand));
        assert_eq!(
            parse(r#"/hours region:"japan"#),
            Err(CmdError::UnbalancedQuote)
        );
        assert_eq!(
            parse("/hours :japan"),
            Err(CmdError::OptionSyntax {
                given: ":japan".into()
            })
        );
        assert_eq!(
            parse("/hours region:japan tokyo"),
            Err(CmdError::OptionSyntax {
                given: "tokyo".into()
            })
        );
        assert!(matches!(
            parse(&format!("/hours {}", "x".repeat(5000))),
            Err(CmdError::TooLong { .. })
        ));
    }
}
