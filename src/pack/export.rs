//! Export: pretty `*.pack.json`, and CSV that the CSV importer reads back to the same pack.

use super::model::Pack;

/// The pack as pretty `*.pack.json` text.
pub fn to_json(pack: &Pack) -> String {
    let mut text = serde_json::to_string_pretty(pack).unwrap_or_default();
    text.push('\n');
    text
}

/// The pack as CSV with a header row (question,type,category,tips,think_seconds,answer_seconds,
/// follow_ups,id), preceded by Anki-style `#key:value` lines for the pack's id, title and defaults.
/// Tips and follow-ups are one per line inside their cell.
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
    let mut rows = vec![
        [
            "question",
            "type",
            "category",
            "tips",
            "think_seconds",
            "answer_seconds",
            "follow_ups",
            "id",
        ]
        .map(String::from),
    ];
    rows.extend(pack.questions.iter().map(|q| {
        [
            q.text.clone(),
            q.kind.key().to_string(),
            q.category.clone().unwrap_or_default(),
            q.tips.join("\n"),
            seconds(q.think_seconds),
            seconds(q.answer_seconds),
            q.follow_ups.join("\n"),
            q.id.clone(),
        ]
    }));
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}
