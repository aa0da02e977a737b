//! Reading what people type, paste, load or link: the JSON of a scenario (a file, a share
//! link, local storage) and how values are echoed back in messages.
//!
//! JSON is read strictly, so that nothing is silently dropped or guessed: a leading UTF-8
//! byte-order mark (which Windows editors write) is skipped; an empty text, invalid JSON,
//! trailing characters after the value, and a key given twice in one object are errors
//! naming the line and column or the path. Type errors come back with the path of the
//! field (`serde_path_to_error`) and say what is allowed in plain words ("a number", "a
//! whole number from 0 to 4294967295", "an object"). A message never echoes more than
//! [`EXCERPT_CHARS`] characters of any one thing the user wrote, so a 10 MB key name comes
//! back as its first few dozen characters and its length, not as 10 MB.

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The most characters of one user-given value (a key, a string, a path) a message echoes.
pub const EXCERPT_CHARS: usize = 80;

/// `text` without a leading UTF-8 byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A number as a message shows it: plainly (`1000`, `0.5`), or with an exponent when it
/// would otherwise run to dozens of digits (`5e-324`, `1.7976931348623157e308`).
pub fn shown(v: f64) -> String {
    if v == 0.0 || !v.is_finite() || (1e-6..1e16).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// `Ok` when `v` is finite, within `lo..=hi` and (if `whole`) a whole number; else the
/// message naming `path` (e.g. `dsql.pool_connections`), the value, the range, its unit and
/// `why` it is the range.
pub fn in_range(path: &str, v: f64, (lo, hi): (f64, f64), unit: &str, whole: bool, why: &str) -> Result<(), String> {
    if v.is_finite() && (lo..=hi).contains(&v) && (!whole || v.fract() == 0.0) {
        return Ok(());
    }
    Err(format!(
        "{path} = {} is outside the allowed range {} to {}{}{unit}{} ({why})",
        shown(v),
        shown(lo),
        shown(hi),
        if unit.is_empty() { "" } else { " " },
        if whole { ", a whole number" } else { "" }
    ))
}

/// At most [`EXCERPT_CHARS`] characters of `s`; when cut, the ending says how long it was.
pub fn excerpt(s: &str) -> String {
    let n = s.chars().count();
    if n <= EXCERPT_CHARS {
        s.to_string()
    } else {
        // Room for the ending, so that an excerpt is never longer than EXCERPT_CHARS and
        // cutting it again leaves it as it is.
        let head: String = s.chars().take(EXCERPT_CHARS - 35).collect();
        format!("{head}… ({n} characters)")
    }
}

/// `s` quoted as a message shows it, excerpted: `"db.r6g.large"`.
pub fn quoted(s: &str) -> String {
    format!("{:?}", excerpt(s))
}

/// Parse `text` as one JSON value, strictly: the BOM is skipped, and an empty text,
/// invalid JSON, anything after the value and a key given twice in an object are errors
/// that say where.
pub fn parse_json(text: &str) -> Result<Value, String> {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return Err("it is empty: expected a JSON object such as {}".into());
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize::<_, Strict>(&mut de)
        .map_err(|e| with_path(e.path(), &tidy(&e.inner().to_string())))?;
    de.end().map_err(|e| {
        format!(
            "unexpected text after the JSON value: {}",
            tidy(&e.to_string())
        )
    })?;
    Ok(value.0)
}

/// Deserialize `value` as a `T`; a type error names the field's path and what is allowed.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| with_path(e.path(), &tidy(&e.inner().to_string())))
}

/// What a JSON value is, for messages: `the number 5`, `a list of 3`, `text "abc"`.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("text {}", quoted(s)),
        Value::Array(a) => format!("a list of {}", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

/// Where an object is expected (the same place holds an object in `schema`, the JSON of a
/// default value), `value` must hold one: serde would read a list as a struct's fields in
/// order, and an internally tagged enum's first element as its tag.
pub fn lists_where_objects_belong(value: &Value, schema: &Value, path: &str) -> Result<(), String> {
    match (value, schema) {
        (Value::Array(items), Value::Object(_)) => Err(format!(
            "{} = a list of {} is not allowed: expected an object {{…}}",
            if path.is_empty() {
                "the scenario"
            } else {
                path
            },
            items.len()
        )),
        (Value::Object(fields), Value::Object(expected)) => {
            for (key, v) in fields {
                if let Some(s) = expected.get(key) {
                    let here = if path.is_empty() {
                        excerpt(key)
                    } else {
                        format!("{path}.{}", excerpt(key))
                    };
                    lists_where_objects_belong(v, s, &here)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn with_path(path: &serde_path_to_error::Path, message: &str) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&excerpt(key));
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&excerpt(variant));
            }
            Segment::Unknown => {}
        }
    }
    if out.is_empty() {
        message.to_string()
    } else {
        format!("{out}: {message}")
    }
}

/// serde's message in plain words, with every quoted value excerpted.
pub fn tidy(message: &str) -> String {
    let message = shorten_quoted(message);
    // "invalid type: string \"fast\", expected f64" → "expected a number, found text \"fast\""
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.rsplit_once(", expected ") {
                let (expected, at) = split_position(expected);
                return format!(
                    "expected {}, found {}{at}",
                    plain_type(expected),
                    plain_value(found)
                );
            }
        }
    }
    message
}

/// `"f64 at line 1 column 5"` → (`"f64"`, `" at line 1 column 5"`).
fn split_position(s: &str) -> (&str, &str) {
    match s.find(" at line ") {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

fn plain_type(t: &str) -> String {
    match t {
        "f64" | "f32" => "a number".into(),
        "u32" => "a whole number from 0 to 4294967295".into(),
        "u64" => "a whole number from 0 to 18446744073709551615".into(),
        "a tuple of size 2" => "a pair [t_s, requests_per_s]".into(),
        t if t.starts_with("struct variant")
            || t.starts_with("struct ")
            || t.starts_with("a map") =>
        {
            "an object {…}".into()
        }
        t if t.starts_with("internally tagged enum") => "an object with a \"shape\" {…}".into(),
        t => t.to_string(),
    }
}

fn plain_value(v: &str) -> String {
    let v = v
        .replace("string ", "text ")
        .replace("floating point ", "the number ")
        .replace("integer ", "the number ");
    match v.as_str() {
        "map" => "an object".into(),
        "sequence" => "a list".into(),
        "unit value" | "null" => "null".into(),
        _ => v.replace('`', ""),
    }
}

/// Each `…` or "…" run in `message` cut to [`EXCERPT_CHARS`] characters.
fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * EXCERPT_CHARS));
    let mut rest = message;
    while let Some(start) = rest.find(['`', '"']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=start]);
        let after = &rest[start + 1..];
        let end = find_closing(after, quote).unwrap_or(after.len());
        out.push_str(&excerpt(&after[..end]));
        rest = &after[end..];
        if let Some(stripped) = rest.strip_prefix(quote) {
            out.push(quote);
            rest = stripped;
        }
    }
    out.push_str(rest);
    out
}

fn find_closing(s: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if quote == '"' && !escaped => escaped = true,
            c if c == quote && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// A JSON value read like `serde_json::Value`, except that a key given twice in one object
/// is an error instead of the last one silently winning.
struct Strict(Value);

impl<'de> de::Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if fields.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "the key `{}` is given twice",
                    excerpt(&key)
                )));
            }
            let Strict(v) = map.next_value()?;
            fields.insert(key, v);
        }
        Ok(Value::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_json_refuses_duplicates_trailing_text_and_empty_input() {
        assert_eq!(
            parse_json("\u{feff}{\"a\": [1, 2.5]}").unwrap(),
            serde_json::json!({"a": [1, 2.5]})
        );
        assert!(parse_json("{\"a\": {\"b\": 1, \"b\": 2}}")
            .unwrap_err()
            .starts_with("a: the key `b` is given twice"));
        assert!(parse_json("{} x")
            .unwrap_err()
            .contains("unexpected text after the JSON value"));
        assert!(parse_json(" \n").unwrap_err().contains("empty"));
        assert!(parse_json("\u{feff}").unwrap_err().contains("empty"));
    }

    #[test]
    fn messages_echo_at_most_a_short_excerpt() {
        let key = "k".repeat(10_000_000);
        let err = parse_json(&format!("{{\"{key}\": 1, \"{key}\": 2}}")).unwrap_err();
        assert!(err.len() < 300, "{} characters", err.len());
        assert!(err.contains("(10000000 characters)"), "{err}");
        assert_eq!(excerpt("short"), "short");
        let long = excerpt(&"x".repeat(1_000));
        assert!(
            long.chars().count() <= EXCERPT_CHARS && excerpt(&long) == long,
            "{long}"
        );
    }

    #[test]
    fn type_errors_say_what_is_allowed_in_plain_words() {
        assert_eq!(
            tidy("invalid type: string \"fast\", expected f64"),
            "expected a number, found text \"fast\""
        );
        assert_eq!(
            tidy("invalid value: integer `-1`, expected u32 at line 1 column 9"),
            "expected a whole number from 0 to 4294967295, found the number -1 at line 1 column 9"
        );
        assert_eq!(
            tidy("invalid type: sequence, expected struct Workload"),
            "expected an object {…}, found a list"
        );
    }

    #[test]
    fn numbers_are_shown_without_dozens_of_digits() {
        assert_eq!(shown(50_000_000.0), "50000000");
        assert_eq!(shown(0.5), "0.5");
        assert_eq!(shown(5e-324), "5e-324");
        assert_eq!(shown(f64::MAX), "1.7976931348623157e308");
    }
}
