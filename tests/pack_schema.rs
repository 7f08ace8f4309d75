//! The committed JSON Schema matches the Rust types. Regenerate with `REHEARSE_BLESS=1 cargo test --test pack_schema`.

use std::path::Path;

/// The strings of a JSON array.
fn strings(array: &serde_json::Value) -> Vec<&str> {
    array
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn committed_schema_matches_the_model() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("question_packs/schema/pack.schema.json");
    let generated = rehearse::pack::json_schema();
    if std::env::var_os("REHEARSE_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date: run `REHEARSE_BLESS=1 cargo test --test pack_schema` and commit it",
        path.display()
    );
}

#[test]
fn schema_is_draft_2020_12_and_closed() {
    let schema: serde_json::Value = serde_json::from_str(&rehearse::pack::json_schema()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["additionalProperties"], false);
    let question = &schema["$defs"]["Question"];
    assert_eq!(question["additionalProperties"], false);
    assert_eq!(question["properties"]["text"]["maxLength"], 2000);
}

#[test]
fn schema_takes_a_packs_own_question_types_and_suggests_the_built_in_ones() {
    let schema: serde_json::Value = serde_json::from_str(&rehearse::pack::json_schema()).unwrap();
    let kind = &schema["$defs"]["QuestionType"];
    assert_eq!(
        kind["type"], "string",
        "any name, not only the built-in ones"
    );
    assert_eq!(kind["minLength"], 1);
    assert_eq!(kind["maxLength"], rehearse::pack::MAX_TYPE_CHARS);
    let suggested = strings(&kind["examples"]);
    let built_in: Vec<&str> = rehearse::pack::QuestionType::ALL
        .iter()
        .map(|t| t.key())
        .collect();
    assert_eq!(suggested, built_in);
}

#[test]
fn schema_names_every_framework_and_only_those() {
    let schema: serde_json::Value = serde_json::from_str(&rehearse::pack::json_schema()).unwrap();
    let keys = strings(&schema["$defs"]["Framework"]["enum"]);
    let known: Vec<&str> = rehearse::pack::Framework::ALL
        .iter()
        .map(|f| f.key())
        .collect();
    assert_eq!(keys, known);
    let field = &schema["$defs"]["Question"]["properties"]["framework"];
    assert!(field.to_string().contains("#/$defs/Framework"), "{field}");
}
