//! The one list of file formats a pack can be imported from, and how a file's format is chosen.

use super::{delimited, markdown};

/// The formats a pack file can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The native `*.pack.json`.
    Json,
    /// CSV or TSV (Anki and Quizlet exports, spreadsheets); `None` means "sniff the separator".
    Delimited(Option<u8>),
    /// One question per line.
    Text,
    /// Headings and list items.
    Markdown,
}

/// One importable format: what users call it, the file name endings it is read from, and a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportFormat {
    /// Short stable key, e.g. "csv" (the fuzz target `import_<key>` fuzzes it).
    pub key: &'static str,
    /// Name for people, e.g. "CSV".
    pub name: &'static str,
    /// File name extensions, without the dot, e.g. `["tsv", "tab"]`.
    pub extensions: &'static [&'static str],
    /// One sentence on what the format holds.
    pub description: &'static str,
    /// The importer chosen for these extensions (the content can still decide otherwise).
    pub format: Format,
}

/// Every format the importers read, in the order they are offered to users.
pub const IMPORT_FORMATS: [ImportFormat; 5] = [
    ImportFormat {
        key: "json",
        name: "Rehearse JSON pack",
        extensions: &["json"],
        description: "The native *.pack.json format, as Rehearse exports it.",
        format: Format::Json,
    },
    ImportFormat {
        key: "csv",
        name: "CSV",
        extensions: &["csv"],
        description: "Comma- or semicolon-separated rows from a spreadsheet; a header row may name the columns question, type, framework, category, tips, think_seconds and answer_seconds.",
        format: Format::Delimited(None),
    },
    ImportFormat {
        key: "tsv",
        name: "TSV",
        extensions: &["tsv", "tab"],
        description: "Tab-separated rows, e.g. an Anki or Quizlet export.",
        format: Format::Delimited(Some(b'\t')),
    },
    ImportFormat {
        key: "text",
        name: "plain text",
        extensions: &["txt", "text"],
        description: "One question per line; lines starting with # are comments (a tab-separated .txt is read as TSV).",
        format: Format::Text,
    },
    ImportFormat {
        key: "markdown",
        name: "Markdown",
        extensions: &["md", "markdown"],
        description: "List items are questions, nested items follow-ups, and headings categories; \"(STAR)\" after an item names its framework.",
        format: Format::Markdown,
    },
];

/// Every extension in [`IMPORT_FORMATS`], in order (for a file dialog's filter).
pub fn import_extensions() -> Vec<&'static str> {
    IMPORT_FORMATS
        .iter()
        .flat_map(|f| f.extensions.iter().copied())
        .collect()
}

/// The formats as a phrase for people: "Rehearse JSON pack (.json), CSV (.csv), … or Markdown (.md, .markdown)".
pub fn import_formats_phrase() -> String {
    let names: Vec<String> = IMPORT_FORMATS
        .iter()
        .map(|f| {
            let extensions: Vec<String> = f.extensions.iter().map(|e| format!(".{e}")).collect();
            format!("{} ({})", f.name, extensions.join(", "))
        })
        .collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The formats as a help section: one line per format with its extensions and description.
pub fn import_formats_help() -> String {
    let mut help =
        String::from("Pack file formats (chosen by extension, checked against the content):\n");
    for f in &IMPORT_FORMATS {
        let extensions: Vec<String> = f.extensions.iter().map(|e| format!(".{e}")).collect();
        help.push_str(&format!(
            "  {:<22} {}\n  {:<22} {}\n",
            f.name,
            extensions.join(" "),
            "",
            f.description
        ));
    }
    help
}

impl Format {
    /// Chooses the format from the file name's extension (per [`IMPORT_FORMATS`]) and the content.
    pub fn detect(file_name: &str, text: &str) -> Self {
        let name = file_name.to_ascii_lowercase();
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let by_extension = IMPORT_FORMATS
            .iter()
            .find(|f| f.extensions.contains(&ext))
            .map(|f| f.format);
        let first = text.trim_start_matches('\u{FEFF}').trim_start();
        if by_extension == Some(Self::Json)
            || (first.starts_with('{') && by_extension != Some(Self::Markdown))
        {
            return Self::Json;
        }
        let delimited_by_content = || {
            delimited::has_anki_header(text) || {
                let mut lines = text
                    .lines()
                    .map(str::trim_end)
                    .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
                let first = lines.next();
                first.is_some_and(|l| l.trim().contains('\t'))
                    && lines.all(|l| l.trim().contains('\t'))
            }
        };
        match by_extension {
            Some(Self::Text) if delimited_by_content() => Self::Delimited(Some(b'\t')),
            Some(format) => format,
            None if delimited_by_content() => Self::Delimited(None),
            None if markdown::looks_like_markdown(text) => Self::Markdown,
            None => Self::Text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_in_the_table_picks_its_format() {
        for f in &IMPORT_FORMATS {
            for ext in f.extensions {
                assert_eq!(
                    Format::detect(&format!("a.{ext}"), "Why?\n"),
                    f.format,
                    "{ext}"
                );
                let upper = format!("A.{}", ext.to_uppercase());
                assert_eq!(Format::detect(&upper, "Why?\n"), f.format, "{upper}");
            }
        }
        let mut all = import_extensions();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "no extension belongs to two formats");
    }

    #[test]
    fn the_phrase_and_help_name_every_format_and_extension() {
        let phrase = import_formats_phrase();
        let help = import_formats_help();
        for f in &IMPORT_FORMATS {
            assert!(
                phrase.contains(f.name) && help.contains(f.description),
                "{}",
                f.name
            );
            for ext in f.extensions {
                assert!(phrase.contains(&format!(".{ext}")), "{phrase}");
                assert!(help.contains(&format!(".{ext}")), "{help}");
            }
        }
        assert!(phrase.contains(", TSV (.tsv, .tab), ") && phrase.contains(" or Markdown"));
    }
}
