//! Numbers and durations for the CLI's tables (the library's `format` has the rest).

use scalelab::format;

/// A swept value for a table: up to 6 significant digits (no float noise), no exponent,
/// thousands grouped from 10,000.
pub fn plain(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = (5 - v.abs().log10().floor() as i32).clamp(0, 17) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else if v.abs() >= 10_000.0 {
        grouped(v.round())
    } else {
        s
    }
}

/// `86400` → `"86,400"`; fractions are kept (`"0.5"`).
pub fn grouped(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = format!("{}", v.abs() as u64);
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if v < 0.0 {
            format!("-{out}")
        } else {
            out
        }
    } else {
        format!("{v}")
    }
}

/// `86400` → `"1 day"`, `10800` → `"3 h"`, `5400` → `"90 min"`.
pub fn duration(s: f64) -> String {
    let whole = |unit: f64| s % unit == 0.0;
    if s >= 86_400.0 && whole(86_400.0) {
        let d = s / 86_400.0;
        format!("{d} day{}", if d == 1.0 { "" } else { "s" })
    } else if s >= 3_600.0 && whole(3_600.0) {
        format!("{} h", s / 3_600.0)
    } else if s >= 60.0 && whole(60.0) {
        format!("{} min", s / 60.0)
    } else {
        format!("{} s", format::si(s))
    }
}

/// Rows of cells as CSV (the `csv` crate quotes what needs quoting).
pub fn csv_rows(rows: &[Vec<String>]) -> Result<String, String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r)
            .map_err(|e| format!("cannot write CSV: {e}"))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| format!("cannot write CSV: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("cannot write CSV: {e}"))?;
    Ok(text.trim_end().to_string())
}

pub fn to_json<T: serde::Serialize>(v: &T) -> Result<String, String> {
    serde_json::to_string_pretty(v).map_err(|e| format!("cannot write JSON: {e}"))
}

/// JSON as `to_json` writes it, but with arrays of numbers on one line (`[0, 1806.5]`), and
/// long ones ten to a line: a trace of thousands of points stays readable.
pub fn to_json_compact<T: serde::Serialize>(v: &T) -> Result<String, String> {
    let pretty = to_json(v)?;
    let scalar = |t: &str| {
        let t = t.trim_end_matches(',');
        t.parse::<f64>().is_ok() || matches!(t, "true" | "false" | "null") || (t.starts_with('"') && t.ends_with('"') && !t.contains("\": "))
    };
    let mut out: Vec<String> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for line in pretty.lines() {
        let t = line.trim();
        if t.ends_with('[') {
            open.push(out.len());
        } else if t == "]" || t == "]," {
            if let Some(start) = open.pop() {
                let items: Vec<String> = out[start + 1..].iter().map(|l| l.trim().trim_end_matches(',').to_string()).collect();
                if !items.is_empty() && items.iter().all(|i| scalar(i)) {
                    let head = out[start].clone();
                    let indent = head.len() - head.trim_start().len();
                    out.truncate(start);
                    if items.len() <= 10 {
                        out.push(format!("{head}{}{t}", items.join(", ")));
                    } else {
                        out.push(head);
                        let rows: Vec<String> = items.chunks(10).map(|c| format!("{:w$}{}", "", c.join(", "), w = indent + 2)).collect();
                        out.push(rows.join(",\n"));
                        out.push(format!("{:indent$}{t}", ""));
                    }
                    continue;
                }
            }
        }
        out.push(line.to_string());
    }
    Ok(out.join("\n"))
}
