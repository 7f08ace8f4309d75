//! Export: pretty `*.pack.json`, CSV that the CSV importer reads back to the same pack, and a
//! Markdown question list.

use super::model::Pack;

/// The pack as pretty `*.pack.json` text.
pub fn to_json(pack: &Pack) -> String {
    let mut text = serde_json::to_string_pretty(pack).unwrap_or_default();
    text.push('\n');
    text
}

/// The pack as CSV with a header row (question,type,category,tips,think_seconds,answer_seconds,
/// follow_ups,id, then framework where a question has one), preceded by Anki-style `#key:value`
/// lines for the pack's id, title and defaults. Tips and follow-ups are one per line inside their cell.
pub fn to_csv(pack: &Pack) -> String {
    // Header lines hold one line each; a multi-line description is joined with spaces.
    let one_line = |s: &str| s.replace('\n', " ");
    let mut out = String::from("#separator:Comma\n");
    out.push_str(&format!("#id:{}\n", one_line(&pack.id)));
    out.push_str(&format!("#title:{}\n", one_line(&pack.title)));
    if !pack.description.is_empty() {
        out.push_str(&format!("#description:{}\n", one_line(&pack.description)));
    }
    out.push_str(&format!(
        "#think_seconds:{}\n#answer_seconds:{}\n",
        pack.defaults.think_seconds, pack.defaults.answer_seconds
    ));
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let seconds = |s: Option<u32>| s.map(|s| s.to_string()).unwrap_or_default();
    // The framework column only where it is used, so packs without one export as before.
    let frameworks = pack.questions.iter().any(|q| q.framework.is_some());
    let mut header = vec![
        "question",
        "type",
        "category",
        "tips",
        "think_seconds",
        "answer_seconds",
        "follow_ups",
        "id",
    ];
    if frameworks {
        header.push("framework");
    }
    let mut rows = vec![header.into_iter().map(String::from).collect::<Vec<_>>()];
    rows.extend(pack.questions.iter().map(|q| {
        let mut row = vec![
            q.text.clone(),
            q.kind.key().to_string(),
            q.category.clone().unwrap_or_default(),
            q.tips.join("\n"),
            seconds(q.think_seconds),
            seconds(q.answer_seconds),
            q.follow_ups.join("\n"),
            q.id.clone(),
        ];
        if frameworks {
            row.push(q.framework.map(|f| f.key()).unwrap_or_default().to_string());
        }
        row
    }));
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

/// The pack as a Markdown question list: the title, the description, a heading where the
/// category changes, one item per question with its framework after it ("(STAR)"), and its
/// follow-ups nested. The Markdown importer reads back the texts, frameworks and follow-ups
/// (tips, ids and timings are not written).
pub fn to_markdown(pack: &Pack) -> String {
    let one_line = |s: &str| escape_markdown(&s.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut out = format!("# {}\n\n", one_line(&pack.title));
    if !pack.description.is_empty() {
        out.push_str(&format!("{}\n\n", one_line(&pack.description)));
    }
    let mut category: Option<&str> = None;
    for q in &pack.questions {
        if let Some(c) = q.category.as_deref()
            && category != Some(c)
        {
            out.push_str(&format!("\n## {}\n\n", one_line(c)));
            category = Some(c);
        }
        out.push_str(&format!("- {}", one_line(&q.text)));
        if let Some(f) = q.framework {
            out.push_str(&format!(" ({})", f.name()));
        }
        out.push('\n');
        for f in &q.follow_ups {
            out.push_str(&format!("  - {}\n", one_line(f)));
        }
    }
    out
}

/// `text` with the characters Markdown would read as markup escaped by a backslash.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
