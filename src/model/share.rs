//! The scenario as a compact, versioned string for share links, local storage and embeds:
//! `v1.` followed by base64url (RFC 4648 §5, no padding; the `base64` crate) of a JSON
//! **merge patch** (RFC 7396) that turns a base scenario (the defaults, or the preset the
//! link names) into this one. Only what differs is written: a changed value, or a whole
//! list (a series' points). A key the base has and the scenario lacks is written as `null`,
//! which removes it: switching a preset's spike to a ramp removes the spike's `multiplier`
//! and `duration_s` instead of leaving them behind as unknown fields of a ramp.
//!
//! `null` is also how an optional value that is set in the base and unset here (a step of
//! `null`, automatic) is written: the merge removes the key and the field takes its default,
//! which for every optional field of a scenario is "unset" (a test walks them).
//!
//! Links made before the merge patch (also `v1.`) were a plain diff: changed values only,
//! and `null` only ever for an unset optional value. They read the same way now, since
//! removing such a key gives the same unset value.
//!
//! Reading a link parses the patch strictly ([`input::parse_json`]), merges it onto the
//! base and checks the result like any other input, so a damaged, hand-edited or hostile
//! link is an error with a message, never a broken page.

use crate::model::input;
use crate::model::scenario::{Scenario, SCENARIO_VERSION};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use serde_json::{Map, Value};

/// URL-safe base64 without padding; reading also accepts `=` padding (hand-edited links).
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The longest encoded scenario read, in characters: room for a user series at its
/// 100,000-point limit, and a bound on the work a hostile link can ask for.
pub const MAX_ENCODED_CHARS: usize = 4_000_000;

/// `v<version>.<base64url(merge patch JSON)>`.
pub fn encode(scenario: &Scenario, base: &Scenario) -> String {
    let (now, was) = (to_value(scenario), to_value(base));
    let patch = merge_patch(&was, &now).unwrap_or(Value::Object(Map::new()));
    format!(
        "v{SCENARIO_VERSION}.{}",
        BASE64URL.encode(patch.to_string())
    )
}

/// `encode` for a link: a long trace summarised ([`Scenario::for_link`]), and whether it
/// was (the link then opens a run close to, not exactly, this one).
pub fn encode_link(scenario: &Scenario, base: &Scenario) -> (String, bool) {
    match scenario.for_link() {
        Some(summary) => (encode(&summary, base), true),
        None => (encode(scenario, base), false),
    }
}

/// The scenario a share string describes on top of `base`, checked.
pub fn decode(text: &str, base: &Scenario) -> Result<Scenario, String> {
    let fail = |why: String| format!("the link's scenario {why}");
    if text.len() > MAX_ENCODED_CHARS {
        return Err(fail(format!(
            "is too long: {} characters, at most {MAX_ENCODED_CHARS}",
            text.len()
        )));
    }
    let (version, payload) = text.split_once('.').ok_or_else(|| {
        fail(format!(
            "has no version: expected v{SCENARIO_VERSION}.<data>, found {}",
            input::quoted(text)
        ))
    })?;
    if version != format!("v{SCENARIO_VERSION}") {
        return Err(fail(format!(
            "is version {}; this Scale Lab reads v{SCENARIO_VERSION}",
            input::quoted(version)
        )));
    }
    let bytes = BASE64URL
        .decode(payload)
        .map_err(|e| fail(format!("is damaged (not base64url: {e})")))?;
    let json = String::from_utf8(bytes).map_err(|_| fail("is damaged (not UTF-8 text)".into()))?;
    let patch = input::parse_json(&json).map_err(|e| fail(format!("is damaged: {e}")))?;
    if !patch.is_object() {
        return Err(fail(format!(
            "is not a JSON object {{…}} but {}",
            input::describe(&patch)
        )));
    }
    let mut merged = to_value(base);
    apply(&mut merged, patch);
    let scenario = Scenario::from_value(merged).map_err(|e| format!("the link's scenario: {e}"))?;
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

/// The RFC 7396 merge patch from `was` to `now`, or `None` when they are equal. Objects
/// recurse; a key only `was` has becomes `null`; anything else (numbers, text, lists) is
/// replaced whole when it differs.
fn merge_patch(was: &Value, now: &Value) -> Option<Value> {
    match (was, now) {
        (Value::Object(a), Value::Object(b)) => {
            let mut patch = Map::new();
            for (k, old) in a {
                match b.get(k) {
                    Some(new) => {
                        if let Some(p) = merge_patch(old, new) {
                            patch.insert(k.clone(), p);
                        }
                    }
                    None => {
                        patch.insert(k.clone(), Value::Null);
                    }
                }
            }
            for (k, new) in b {
                if !a.contains_key(k) {
                    patch.insert(k.clone(), new.clone());
                }
            }
            (!patch.is_empty()).then_some(Value::Object(patch))
        }
        _ => (was != now).then(|| now.clone()),
    }
}

/// Apply an RFC 7396 merge patch: `null` removes a key, an object merges into an object,
/// anything else replaces.
fn apply(target: &mut Value, patch: Value) {
    let Value::Object(patch) = patch else {
        *target = patch;
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(fields) = target {
        for (k, v) in patch {
            if v.is_null() {
                fields.remove(&k);
            } else {
                apply(fields.entry(k).or_insert(Value::Null), v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;
    use crate::model::traffic::Traffic;

    fn link(json: &str) -> String {
        format!("v1.{}", BASE64URL.encode(json))
    }

    #[test]
    fn a_changed_scenario_round_trips_exactly_and_stays_short() {
        let base = presets::find("flash-sale").unwrap().scenario();
        let mut s = base.clone();
        s.workload.requests_per_s = 1234.5678;
        s.aurora.readers = 3;
        let encoded = encode(&s, &base);
        assert!(
            encoded.starts_with("v1.") && encoded.len() < 120,
            "{encoded}"
        );
        assert_eq!(decode(&encoded, &base).unwrap(), s);
        assert_eq!(
            encode(&base, &base),
            "v1.e30",
            "no change is an empty object"
        );
    }

    /// Found: the flash sale's spike switched to a ramp could not be reloaded ("unknown
    /// field `duration_s`"): the old diff could not remove the spike's own fields.
    #[test]
    fn spike_to_ramp_link_removes_the_spikes_fields() {
        let base = presets::find("flash-sale").unwrap().scenario();
        let mut s = base.clone();
        s.traffic = Traffic::Ramp {
            to_multiplier: 5.0,
            start_s: 0.0,
            end_s: 10_800.0,
        };
        let encoded = encode(&s, &base);
        let patch: Value =
            serde_json::from_slice(&BASE64URL.decode(&encoded[3..]).unwrap()).unwrap();
        assert_eq!(patch["traffic"]["duration_s"], Value::Null);
        assert_eq!(decode(&encoded, &base).unwrap(), s);
    }

    #[test]
    fn links_made_before_the_merge_patch_still_read() {
        // The old encoder's output for a changed rate and an automatic step (null).
        let base = presets::find("flash-sale").unwrap().scenario();
        let s = decode(
            &link(r#"{"workload":{"requests_per_s":2000},"simulation":{"step_s":null}}"#),
            &base,
        )
        .unwrap();
        assert_eq!(s.workload.requests_per_s, 2000.0);
        assert_eq!(s.simulation.step_s, None);
        // Padding, as a hand-edited link may have it, is accepted.
        assert_eq!(decode("v1.e30=", &base).unwrap(), base);
    }

    #[test]
    fn fragments_carry_the_preset_and_the_scenario() {
        assert_eq!(
            fragment(Some("flash-sale"), "v1.e30"),
            "p=flash-sale&s=v1.e30"
        );
        assert_eq!(
            parse_fragment("#p=flash-sale&s=v1.e30"),
            (Some("flash-sale".into()), Some("v1.e30".into()))
        );
        assert_eq!(
            parse_fragment("#s=v1.e30&junk"),
            (None, Some("v1.e30".into()))
        );
        assert_eq!(parse_fragment(""), (None, None));
    }

    #[test]
    fn damaged_links_are_errors_with_a_reason() {
        let base = Scenario::default();
        assert!(decode("v1.%%%", &base).unwrap_err().contains("base64url"));
        assert!(decode("v9.e30", &base)
            .unwrap_err()
            .contains("version \"v9\""));
        assert!(decode("nodot", &base).unwrap_err().contains("no version"));
        assert!(decode(&link(r#"{"workload":{"read_share":7}}"#), &base)
            .unwrap_err()
            .contains("read_share = 7"));
        assert!(decode(&link(r#"{"workload":{"bogus":1}}"#), &base)
            .unwrap_err()
            .contains("bogus"));
        assert!(decode(&link("[1, 2]"), &base)
            .unwrap_err()
            .contains("not a JSON object"));
        assert!(decode(&link(r#"{"workload": [1, 2]}"#), &base)
            .unwrap_err()
            .contains("workload = a list of 2"));
        assert!(decode(&link(r#"{"a":1,"a":2}"#), &base)
            .unwrap_err()
            .contains("given twice"));
        assert!(decode(&link(r#"{} {}"#), &base)
            .unwrap_err()
            .contains("after the JSON value"));
        assert!(decode(&link(""), &base).unwrap_err().contains("empty"));
        let e = decode(&link(r#"{"workload":{"requests_per_s":"fast"}}"#), &base).unwrap_err();
        assert!(
            e.contains("workload.requests_per_s: expected a number, found text \"fast\""),
            "{e}"
        );
        let huge = format!("v1.{}", "A".repeat(MAX_ENCODED_CHARS));
        assert!(decode(&huge, &base).unwrap_err().contains("too long"));
        let key = "k".repeat(100_000);
        let e = decode(&link(&format!(r#"{{"{key}": 1}}"#)), &base).unwrap_err();
        assert!(
            e.len() < 1_000 && e.contains("unknown field"),
            "{} characters",
            e.len()
        );
    }
}
