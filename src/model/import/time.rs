//! Timestamps as the exports write them: ISO 8601 / RFC 3339 date-times
//! (`2026-11-03T14:05:00Z`, `2026-11-03T14:05:00+01:00`, `2026-11-03T14:05:00.250Z`), the
//! same with a space instead of the `T` (as spreadsheets write them, and as the CloudWatch
//! console shows them), a date alone (midnight), and seconds since 1970 (a number, as the
//! JSON wire format of the CloudWatch API carries them).
//!
//! A time with no zone is taken as UTC, and the caller says so in its notes. Dates are
//! proleptic Gregorian; days are counted with Howard Hinnant's `days_from_civil`
//! (<https://howardhinnant.github.io/date_algorithms.html>), exact for any year this
//! reads (1900 to 9999). No clock and no time-zone database: an offset is applied as
//! written.

/// A moment: seconds since 1970-01-01T00:00:00Z, and whether the text named its zone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Stamp {
    pub unix_s: f64,
    pub zoned: bool,
}

/// Does `s` start like a date (`YYYY-`)? Then it is meant as a timestamp, and an error in
/// it is reported as one rather than as "not a number".
pub(crate) fn looks_like_date(s: &str) -> bool {
    let b = s.trim().as_bytes();
    b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

/// Parse an ISO 8601 date-time (see the module's notes). The error says what is wrong in
/// plain words, without echoing the text (the caller quotes it).
pub(crate) fn parse(text: &str) -> Result<Stamp, String> {
    let b = text.trim().as_bytes();
    let mut at = Cursor { b, i: 0 };
    let year = at.number(4, "a four-digit year")?;
    at.expect(b'-', "a '-' after the year")?;
    let month = at.number(2, "a two-digit month")?;
    at.expect(b'-', "a '-' after the month")?;
    let day = at.number(2, "a two-digit day")?;
    if !(1900..=9999).contains(&year) {
        return Err(format!("the year {year} is outside 1900 to 9999"));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("the month {month} is outside 1 to 12"));
    }
    let days_in_month = days_in(year, month);
    if !(1..=days_in_month).contains(&day) {
        return Err(format!("the day {day} is outside 1 to {days_in_month} for that month"));
    }
    let mut seconds = 0.0;
    let mut zoned = false;
    if let Some(&sep) = at.peek() {
        if matches!(sep, b'T' | b't' | b' ') {
            at.i += 1;
            let hour = at.number(2, "a two-digit hour")?;
            at.expect(b':', "a ':' after the hour")?;
            let minute = at.number(2, "two-digit minutes")?;
            let mut second = 0.0;
            if at.peek() == Some(&b':') {
                at.i += 1;
                second = at.number(2, "two-digit seconds")? as f64;
                if matches!(at.peek(), Some(b'.' | b',')) {
                    at.i += 1;
                    second += at.fraction()?;
                }
            }
            if hour > 23 || minute > 59 || second >= 61.0 {
                return Err(format!("the time {hour:02}:{minute:02} is not a time of day"));
            }
            seconds = hour as f64 * 3600.0 + minute as f64 * 60.0 + second;
        }
    }
    // The zone: Z, an offset, or (as some tools write) UTC / GMT, possibly after a space.
    let rest = std::str::from_utf8(&b[at.i..]).unwrap_or("").trim_start();
    let offset_s = match rest {
        "" => 0.0,
        "Z" | "z" | "UTC" | "GMT" | "+00:00" | "-00:00" => {
            zoned = true;
            0.0
        }
        _ => {
            zoned = true;
            offset(rest)?
        }
    };
    let days = days_from_civil(year, month, day);
    Ok(Stamp { unix_s: days as f64 * 86_400.0 + seconds - offset_s, zoned })
}

/// `+01:00`, `+0100` or `+01` (and the same with `-`), in seconds east of UTC.
fn offset(s: &str) -> Result<f64, String> {
    let bad = || format!("{:?} is not a zone: expected Z or an offset such as +01:00", crate::model::input::excerpt(s));
    let (sign, digits) = match s.as_bytes().first() {
        Some(b'+') => (1.0, &s[1..]),
        Some(b'-') => (-1.0, &s[1..]),
        _ => return Err(bad()),
    };
    let digits: String = digits.chars().filter(|&c| c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let hours: f64 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: f64 = if digits.len() == 4 { digits[2..].parse().map_err(|_| bad())? } else { 0.0 };
    if hours > 23.0 || minutes > 59.0 {
        return Err(bad());
    }
    Ok(sign * (hours * 3600.0 + minutes * 60.0))
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<&u8> {
        self.b.get(self.i)
    }

    fn expect(&mut self, c: u8, what: &str) -> Result<(), String> {
        if self.peek() == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected {what}"))
        }
    }

    fn number(&mut self, width: usize, what: &str) -> Result<i64, String> {
        let digits = self.b.get(self.i..self.i + width).filter(|d| d.iter().all(u8::is_ascii_digit));
        let Some(digits) = digits else {
            return Err(format!("expected {what}"));
        };
        self.i += width;
        Ok(digits.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    }

    /// The digits after a decimal point, as a fraction of a second.
    fn fraction(&mut self) -> Result<f64, String> {
        let start = self.i;
        while self.peek().is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        if self.i == start || self.i - start > 12 {
            return Err("expected 1 to 12 digits of a fraction of a second".into());
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
        Ok(format!("0.{text}").parse::<f64>().unwrap_or(0.0))
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to `y-m-d` (Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day count from 1970-01-01 (Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A moment as `2026-11-03T14:05:00Z` (milliseconds shown when not whole seconds).
pub fn format_utc(unix_s: f64) -> String {
    if !unix_s.is_finite() {
        return "—".into();
    }
    let ms_total = (unix_s * 1000.0).round() as i64;
    let (secs, ms) = (ms_total.div_euclid(1000), ms_total.rem_euclid(1000));
    let (days, in_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (in_day / 3600, (in_day / 60) % 60, in_day % 60);
    if ms == 0 {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{ms:03}Z")
    }
}

/// The time of day of a moment, UTC, as `14:05`.
pub fn clock_utc(unix_s: f64) -> String {
    if !unix_s.is_finite() {
        return "—".into();
    }
    let minutes = (unix_s / 60.0).floor() as i64;
    format!("{:02}:{:02}", minutes.div_euclid(60).rem_euclid(24), minutes.rem_euclid(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unix(s: &str) -> f64 {
        parse(s).unwrap().unix_s
    }

    #[test]
    fn reads_every_form_the_exports_write() {
        let t = 1_793_714_700.0; // 2026-11-03T14:05:00Z
        assert_eq!(unix("2026-11-03T14:05:00Z"), t);
        assert_eq!(unix("2026-11-03T14:05:00+00:00"), t);
        assert_eq!(unix("2026-11-03T15:05:00+01:00"), t);
        assert_eq!(unix("2026-11-03T09:05:00-0500"), t);
        assert_eq!(unix("2026-11-03T16:05:00+02"), t);
        assert_eq!(unix("2026-11-03 14:05:00"), t);
        assert_eq!(unix("2026-11-03 14:05"), t);
        assert_eq!(unix("2026-11-03 14:05:00 UTC"), t);
        assert_eq!(unix("2026-11-03T14:05:00.250Z"), t + 0.25);
        assert_eq!(unix("2026-11-03T14:05:00,5Z"), t + 0.5);
        assert_eq!(unix("2026-11-03"), t - 14.0 * 3600.0 - 300.0);
        assert!(parse("2026-11-03T14:05:00Z").unwrap().zoned);
        assert!(!parse("2026-11-03 14:05:00").unwrap().zoned);
        assert_eq!(unix("1970-01-01T00:00:00Z"), 0.0);
        assert_eq!(unix("2000-02-29T00:00:00Z"), 951_782_400.0);
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(parse("2026-13-01T00:00:00Z").unwrap_err().contains("month 13"));
        assert!(parse("2026-02-29T00:00:00Z").unwrap_err().contains("day 29"));
        assert!(parse("2026-11-03T25:00:00Z").unwrap_err().contains("not a time of day"));
        assert!(parse("2026-11-03T14:05:00+1").unwrap_err().contains("not a zone"));
        assert!(parse("2026-11-03T14:05:00 lunchtime").unwrap_err().contains("not a zone"));
        assert!(parse("2026-11").is_err());
        assert!(parse("").is_err());
        assert!(parse("2026-11-03T14:05:00.Z").is_err());
        assert!(looks_like_date("2026-11-03") && !looks_like_date("12.5") && !looks_like_date("t_s"));
    }

    #[test]
    fn formats_round_trip() {
        for s in ["2026-11-03T14:05:00Z", "1999-12-31T23:59:59Z", "2024-02-29T00:00:00.125Z"] {
            assert_eq!(format_utc(unix(s)), s);
        }
        assert_eq!(clock_utc(unix("2026-11-03T14:05:59Z")), "14:05");
        for days in [-1000, 0, 1, 59, 60, 365, 10_957, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
