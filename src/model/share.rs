//! The scenario as a compact, versioned string for share links, local storage and embeds:
//! `v1.` followed by base64url (no padding) of the JSON of only those fields that differ
//! from a base scenario (the defaults, or the preset the link names). Reading it back
//! merges the fields onto the base, then checks the result like any other input, so a
//! damaged or hand-edited link is an error with a message, never a broken page.

use crate::model::scenario::{Scenario, SCENARIO_VERSION};
use serde_json::{Map, Value};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `v<version>.<base64url(diff JSON)>`.
pub fn encode(scenario: &Scenario, base: &Scenario) -> String {
    let (now, was) = (to_value(scenario), to_value(base));
    let diff = diff(&now, &was).unwrap_or(Value::Object(Map::new()));
    format!("v{SCENARIO_VERSION}.{}", base64url(diff.to_string().as_bytes()))
}

/// The scenario a share string describes on top of `base`, checked.
pub fn decode(text: &str, base: &Scenario) -> Result<Scenario, String> {
    let (version, payload) = text.split_once('.').ok_or("the link's scenario has no version: expected v1.<data>")?;
    if version != format!("v{SCENARIO_VERSION}") {
        return Err(format!("the link's scenario is version {version:?}; this Scale Lab reads v{SCENARIO_VERSION}"));
    }
    let bytes = unbase64url(payload).ok_or("the link's scenario is damaged (not base64url)")?;
    let json = String::from_utf8(bytes).map_err(|_| "the link's scenario is damaged (not UTF-8)")?;
    let diff: Value = serde_json::from_str(&json).map_err(|e| format!("the link's scenario is damaged: {e}"))?;
    let mut merged = to_value(base);
    merge(&mut merged, diff);
    let scenario: Scenario = serde_json::from_value(merged).map_err(|e| format!("the link's scenario: {e}"))?;
    scenario.validate().map_err(|e| format!("the link's scenario: {e}"))?;
    Ok(scenario)
}

/// The URL fragment for a preset (if any) and an encoded scenario: `p=ID&s=v1.…`.
pub fn fragment(preset: Option<&str>, encoded: &str) -> String {
    match preset {
        Some(id) => format!("p={id}&s={encoded}"),
        None => format!("s={encoded}"),
    }
}

/// `(preset id, encoded scenario)` from a fragment such as `#p=flash-sale&s=v1.e30`.
pub fn parse_fragment(fragment: &str) -> (Option<String>, Option<String>) {
    let (mut preset, mut encoded) = (None, None);
    for pair in fragment.trim_start_matches('#').split('&') {
        match pair.split_once('=') {
            Some(("p", v)) if !v.is_empty() => preset = Some(v.to_string()),
            Some(("s", v)) if !v.is_empty() => encoded = Some(v.to_string()),
            _ => {}
        }
    }
    (preset, encoded)
}

fn to_value(s: &Scenario) -> Value {
    // A Scenario is plain data: serialising it cannot fail.
    serde_json::to_value(s).unwrap_or(Value::Null)
}

/// The parts of `now` that differ from `was` (objects recursively; anything else whole).
fn diff(now: &Value, was: &Value) -> Option<Value> {
    match (now, was) {
        (Value::Object(a), Value::Object(b)) => {
            let changed: Map<String, Value> = a
                .iter()
                .filter_map(|(k, v)| match b.get(k) {
                    Some(old) => diff(v, old).map(|d| (k.clone(), d)),
                    None => Some((k.clone(), v.clone())),
                })
                .collect();
            (!changed.is_empty()).then_some(Value::Object(changed))
        }
        _ => (now != was).then(|| now.clone()),
    }
}

fn merge(into: &mut Value, diff: Value) {
    match (into, diff) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xFF) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(unbase64url(&base64url(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64url(b"hi?"), "aGk_");
    }

    #[test]
    fn a_changed_scenario_round_trips_exactly_and_stays_short() {
        let base = presets::find("flash-sale").unwrap().scenario();
        let mut s = base.clone();
        s.workload.requests_per_s = 1234.5678;
        s.aurora.readers = 3;
        let link = encode(&s, &base);
        assert!(link.starts_with("v1.") && link.len() < 120, "{link}");
        assert_eq!(decode(&link, &base).unwrap(), s);
        assert_eq!(encode(&base, &base), "v1.e30", "no change is an empty object");
    }

    #[test]
    fn fragments_carry_the_preset_and_the_scenario() {
        assert_eq!(fragment(Some("flash-sale"), "v1.e30"), "p=flash-sale&s=v1.e30");
        assert_eq!(parse_fragment("#p=flash-sale&s=v1.e30"), (Some("flash-sale".into()), Some("v1.e30".into())));
        assert_eq!(parse_fragment("#s=v1.e30&junk"), (None, Some("v1.e30".into())));
        assert_eq!(parse_fragment(""), (None, None));
    }

    #[test]
    fn damaged_links_are_errors_with_a_reason() {
        let base = Scenario::default();
        assert!(decode("v1.%%%", &base).unwrap_err().contains("base64url"));
        assert!(decode("v9.e30", &base).unwrap_err().contains("version"));
        assert!(decode("nodot", &base).unwrap_err().contains("no version"));
        let out_of_range = format!("v1.{}", base64url(br#"{"workload":{"read_share":7}}"#));
        assert!(decode(&out_of_range, &base).unwrap_err().contains("read_share = 7"));
        let unknown = format!("v1.{}", base64url(br#"{"workload":{"bogus":1}}"#));
        assert!(decode(&unknown, &base).unwrap_err().contains("bogus"));
    }
}
