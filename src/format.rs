//! Human-readable numbers with units, shared by the page, the charts and the CLI so that
//! all three print the same figure the same way. Never prints NaN: a non-finite value
//! shows as "—".

/// `1234567.0` → `"1.23 M"`, `950.0` → `"950"`, `0.5` → `"0.5"`.
pub fn si(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e9 {
        (v / 1e9, " B")
    } else if a >= 1e6 {
        (v / 1e6, " M")
    } else if a >= 1e4 {
        (v / 1e3, " k")
    } else {
        (v, "")
    };
    format!("{}{}", trim(scaled), suffix)
}

/// Up to three significant digits, no trailing zeros; thousands separated below 10,000.
fn trim(v: f64) -> String {
    let a = v.abs();
    let s = if a >= 1000.0 {
        let whole = format!("{:.0}", v);
        return group_thousands(&whole);
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else if a == 0.0 {
        "0".into()
    } else {
        format!("{v:.3}")
    };
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

/// Monthly dollars: `"$1,234"`, `"$12.5 k"`, `"$0.42"`.
/// [`usd`] with a minus sign (U+2212) in front of a negative amount: "−$141".
pub fn signed_usd(v: f64) -> String {
    if v < 0.0 {
        format!("−{}", usd(-v))
    } else {
        usd(v)
    }
}

pub fn usd(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v.abs() < 10.0 {
        return format!("${v:.2}");
    }
    format!("${}", si(v.round()))
}

/// Milliseconds, switching to seconds above 10 s: `"4.2 ms"`, `"12.5 s"`.
pub fn ms(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v >= 10_000.0 {
        format!("{} s", trim(v / 1000.0))
    } else if v < 1.0 {
        format!("{v:.2} ms")
    } else {
        format!("{} ms", trim(v))
    }
}

/// A share as a percentage: `"14 %"`, `"0.3 %"`, `"0 %"`, `"< 0.01 %"`.
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return "—".into();
    }
    let p = share * 100.0;
    if p == 0.0 {
        "0 %".into()
    } else if p < 0.01 {
        "< 0.01 %".into()
    } else {
        format!("{} %", trim(p))
    }
}

/// A length of time: `"45 s"`, `"12 min"`, `"1.5 h"`, `"3 d"`.
pub fn duration(s: f64) -> String {
    if !s.is_finite() {
        return "—".into();
    }
    if s < 120.0 {
        format!("{} s", trim(s))
    } else if s < 2.0 * 3600.0 {
        format!("{} min", trim(s / 60.0))
    } else if s < 2.0 * 86_400.0 {
        format!("{} h", trim(s / 3600.0))
    } else {
        format!("{} d", trim(s / 86_400.0))
    }
}

/// A moment of a run as hours and minutes from its start: `"0:45 h"`, `"27:05 h"`.
pub fn clock(t_s: f64) -> String {
    if !t_s.is_finite() {
        return "—".into();
    }
    let minutes = (t_s.max(0.0) / 60.0).floor();
    format!("{}:{:02} h", (minutes / 60.0).floor(), minutes % 60.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        assert_eq!(si(1_234_567.0), "1.23 M");
        assert_eq!(si(950.0), "950");
        assert_eq!(si(3000.0), "3,000");
        assert_eq!(si(12_500.0), "12.5 k");
        assert_eq!(usd(1234.4), "$1,234");
        assert_eq!(usd(0.4), "$0.40");
        assert_eq!(ms(4.25), "4.25 ms");
        assert_eq!(ms(12_500.0), "12.5 s");
        assert_eq!(percent(0.14), "14 %");
        assert_eq!(percent(0.0), "0 %");
        assert_eq!(si(f64::NAN), "—");
    }

    #[test]
    fn durations_and_clock_times() {
        assert_eq!(duration(70.0), "70 s");
        assert_eq!(duration(600.0), "10 min");
        assert_eq!(duration(5_400.0), "90 min");
        assert_eq!(duration(3.0 * 3600.0), "3 h");
        assert_eq!(duration(3.0 * 86_400.0), "3 d");
        assert_eq!(clock(2_700.0), "0:45 h");
        assert_eq!(clock(27.0 * 3600.0 + 330.0), "27:05 h");
        assert_eq!(clock(f64::INFINITY), "—");
    }
}
