//! CSV, read line by line as it arrives (so the page's worker can report progress on a
//! large file and never sits on one long parse).
//!
//! Two layouts, told apart by the header:
//!
//! * **A trace**: a time column, then `requests_per_s`, or separate `reads_per_s` and
//!   `writes_per_s` columns (recognised by name: a column whose name starts with `read` or
//!   `write`; any other rate column is the total; with no header, exactly two columns
//!   `t_s,requests_per_s`). Times are seconds from the start of the run (0 to 31 days), or
//!   ISO 8601 date-times (`2026-11-03T14:05:00Z`, with an offset, fractional seconds, or a
//!   space for the `T`), in which case time 0 is the first row's.
//! * **CloudWatch's download** of a graph: a time column, then one column per metric, the
//!   column's heading naming the metric (and, as a word, the statistic). The layout was not
//!   found in AWS's documentation or in any public example the project could search, so it
//!   is read by its headings rather than by position: any heading containing a metric name
//!   this import knows (`ConsumedReadCapacityUnits`, `Sum of ReadThrottleEvents`, …) makes
//!   the file a metrics file, rows may come newest first or oldest first, and an empty cell
//!   is a period without a datapoint. Times with no zone are taken as UTC.
//!
//! As the rest of the project reads CSV: a UTF-8 byte-order mark is skipped, blank lines
//! and lines starting with `#` are ignored, cells are trimmed and may be quoted (`"…"`,
//! with `""` for a quote), and a first row none of whose cells is a number or a time is a
//! header. A file with no comma but semicolons (or tabs) on its first row is read with
//! those. Errors give the line and the column (1-based), the value (an excerpt) and what is
//! allowed.

use super::convert::{PlainRows, SourceSeries};
use super::metric::{Metric, Statistic};
use super::time;
use super::{MAX_ROWS, MAX_TIMESTAMP_SPAN_S};
use crate::model::input::{excerpt, quoted, shown};

const MAX_T_S: f64 = 31.0 * 86_400.0;
const MAX_RPS: f64 = 10_000_000.0;

/// The CSV read so far.
#[derive(Debug, Default)]
pub(crate) struct CsvReader {
    /// Bytes of a line not yet ended.
    pending: Vec<u8>,
    line: u64,
    delimiter: Option<char>,
    layout: Option<Layout>,
    rows: usize,
}

#[derive(Debug)]
enum Layout {
    Trace(TraceLayout),
    Metrics(MetricsLayout),
}

#[derive(Debug)]
struct TraceLayout {
    names: Vec<String>,
    total: Option<usize>,
    reads: Option<usize>,
    writes: Option<usize>,
    skipped: Vec<String>,
    rows: PlainRows,
    /// The previous row's time as written, for messages.
    previous_text: String,
}

#[derive(Debug)]
struct MetricsLayout {
    names: Vec<String>,
    /// Per column after the first: the series it fills, or none (a column skipped).
    columns: Vec<Option<SourceSeries>>,
    skipped: Vec<String>,
    times: Vec<f64>,
    unzoned: bool,
}

/// What a finished CSV holds.
pub(crate) enum CsvContent {
    Trace(PlainRows),
    Metrics { series: Vec<SourceSeries>, notes: Vec<String> },
}

impl CsvReader {
    /// Data rows read so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Whether the header said this is CloudWatch's download of a graph.
    pub fn is_metrics(&self) -> bool {
        matches!(self.layout, Some(Layout::Metrics(_)))
    }

    /// Read every complete line in `bytes`; keep the rest for the next chunk.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), String> {
        let mut rest = bytes;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            let (head, tail) = rest.split_at(end);
            rest = &tail[1..];
            if self.pending.is_empty() {
                self.line_bytes(head)?;
            } else {
                let mut line = std::mem::take(&mut self.pending);
                line.extend_from_slice(head);
                self.line_bytes(&line)?;
            }
        }
        self.pending.extend_from_slice(rest);
        if self.pending.len() > 1 << 20 {
            return Err(format!("line {}: longer than 1 MB: not a CSV of rows", self.line + 1));
        }
        Ok(())
    }

    /// The last line (if not ended by a newline), then what the file holds.
    pub fn finish(mut self) -> Result<CsvContent, String> {
        if !self.pending.is_empty() {
            let last = std::mem::take(&mut self.pending);
            self.line_bytes(&last)?;
        }
        match self.layout {
            None => Err("the CSV has no data rows (expected t_s,requests_per_s)".into()),
            Some(Layout::Trace(t)) => {
                if t.rows.times.is_empty() {
                    return Err("the CSV has no data rows (expected t_s,requests_per_s)".into());
                }
                let mut rows = t.rows;
                if !t.skipped.is_empty() {
                    rows.notes.push(format!("Columns not read: {}.", t.skipped.join(", ")));
                }
                Ok(CsvContent::Trace(rows))
            }
            Some(Layout::Metrics(m)) => {
                if m.times.is_empty() {
                    return Err("the CSV has no data rows under its metric headings".into());
                }
                let mut notes = Vec::new();
                if !m.skipped.is_empty() {
                    notes.push(format!("Columns that name no metric this import reads, not read: {}.", m.skipped.join(", ")));
                }
                if m.unzoned {
                    notes.push("The times have no zone: taken as UTC (CloudWatch's download writes the graph's time zone; set the graph to UTC before downloading).".into());
                }
                let series = m
                    .columns
                    .into_iter()
                    .flatten()
                    .map(|mut s| {
                        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
                        s
                    })
                    .collect();
                Ok(CsvContent::Metrics { series, notes })
            }
        }
    }

    fn line_bytes(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.line += 1;
        let n = self.line;
        let text = std::str::from_utf8(bytes).map_err(|_| format!("line {n}: not UTF-8 text: save the file as UTF-8 (CSV UTF-8)"))?;
        let text = if n == 1 { crate::model::input::strip_bom(text) } else { text };
        let text = text.strip_suffix('\r').unwrap_or(text);
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(());
        }
        let delimiter = *self.delimiter.get_or_insert_with(|| {
            if trimmed.contains(',') {
                ','
            } else if trimmed.contains(';') {
                ';'
            } else if trimmed.contains('\t') {
                '\t'
            } else {
                ','
            }
        });
        let cells = split_cells(text, delimiter).map_err(|e| format!("line {n}: {e}"))?;
        if cells.iter().all(String::is_empty) {
            return Ok(());
        }
        match &mut self.layout {
            None => self.first_row(n, cells),
            Some(Layout::Trace(t)) => {
                self.rows += 1;
                if self.rows > MAX_ROWS {
                    return Err(too_many(n));
                }
                t.row(n, &cells)
            }
            Some(Layout::Metrics(m)) => {
                self.rows += 1;
                if self.rows > MAX_ROWS {
                    return Err(too_many(n));
                }
                m.row(n, &cells)
            }
        }
    }

    fn first_row(&mut self, n: u64, cells: Vec<String>) -> Result<(), String> {
        let is_value = |c: &String| c.parse::<f64>().is_ok() || time::looks_like_date(c);
        if cells.iter().any(is_value) {
            // No header: t_s,requests_per_s.
            let mut t = TraceLayout::new(vec!["t_s".into(), "requests_per_s".into()], Some(1), None, None, Vec::new());
            t.rows.headerless = true;
            self.rows += 1;
            let result = t.row(n, &cells);
            self.layout = Some(Layout::Trace(t));
            return result;
        }
        if cells.iter().skip(1).any(|c| Metric::find_in(c).is_some()) {
            self.layout = Some(Layout::Metrics(MetricsLayout::new(n, cells)?));
            return Ok(());
        }
        self.layout = Some(Layout::Trace(TraceLayout::from_header(n, cells)?));
        Ok(())
    }
}

fn too_many(line: u64) -> String {
    format!("line {line}: more than {MAX_ROWS} rows, the most an import reads: export a shorter range or a longer period")
}

impl TraceLayout {
    fn new(names: Vec<String>, total: Option<usize>, reads: Option<usize>, writes: Option<usize>, skipped: Vec<String>) -> Self {
        let split = reads.is_some() || writes.is_some();
        TraceLayout {
            names,
            total,
            reads,
            writes,
            skipped,
            rows: PlainRows { split, ..PlainRows::default() },
            previous_text: String::new(),
        }
    }

    /// The columns a header names: the first is the time; `read…` and `write…` columns are
    /// reads and writes; another rate column is the total.
    fn from_header(n: u64, names: Vec<String>) -> Result<Self, String> {
        if names.len() < 2 {
            return Err(format!(
                "line {n}: the header {} has one column: expected a time column, then requests_per_s (or reads_per_s and writes_per_s)",
                quoted(&names.join(","))
            ));
        }
        let (mut total, mut reads, mut writes): (Option<usize>, Option<usize>, Option<usize>) = (None, None, None);
        let mut skipped = Vec::new();
        let mut unknown = Vec::new();
        for (i, name) in names.iter().enumerate().skip(1) {
            let key: String = name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
            let slot = if key.starts_with("read") {
                &mut reads
            } else if key.starts_with("write") {
                &mut writes
            } else if ["req", "rps", "rate", "total", "count", "qps", "quer", "ops", "throughput"].iter().any(|w| key.contains(w)) {
                &mut total
            } else {
                unknown.push(i);
                continue;
            };
            if let Some(j) = *slot {
                return Err(format!(
                    "line {n}, column {}: {} says the same as column {} ({}): give each of requests, reads and writes once",
                    i + 1,
                    quoted(name),
                    j + 1,
                    quoted(names[j].as_str())
                ));
            }
            *slot = Some(i);
        }
        // Two columns with any names: time, then the rate (as before headers were read).
        if names.len() == 2 && total.is_none() && reads.is_none() && writes.is_none() {
            total = Some(1);
            unknown.clear();
        }
        for i in unknown {
            skipped.push(quoted(&names[i]));
        }
        let complete = total.is_some() || (reads.is_some() && writes.is_some());
        if !complete {
            return Err(format!(
                "line {n}: the header {} names no total rate and not both reads and writes: expected a time column, then requests_per_s, or reads_per_s and writes_per_s",
                quoted(&names.join(","))
            ));
        }
        Ok(TraceLayout::new(names, total, reads, writes, skipped))
    }

    fn row(&mut self, n: u64, cells: &[String]) -> Result<(), String> {
        if cells.len() != self.names.len() {
            return Err(format!(
                "line {n}: expected {} columns {}, found {}: {:?}",
                self.names.len(),
                self.names.join(","),
                cells.len(),
                excerpt(&cells.join(","))
            ));
        }
        let time_name = if self.rows.headerless { "t_s" } else { self.names[0].as_str() };
        let time_text = &cells[0];
        let t = if time::looks_like_date(time_text) {
            if self.rows.zoned.is_none() && !self.rows.times.is_empty() {
                return Err(format!(
                    "line {n}, column 1: {time_name} = {} is a date-time, but the rows above give seconds: use one or the other",
                    quoted(time_text)
                ));
            }
            let stamp = time::parse(time_text).map_err(|e| format!("line {n}, column 1: {time_name} = {} is not a time: {e}", quoted(time_text)))?;
            let first = self.rows.times.first().copied().unwrap_or(stamp.unix_s);
            if stamp.unix_s - first > MAX_TIMESTAMP_SPAN_S {
                return Err(format!(
                    "line {n}, column 1: {time_name} = {} is more than 455 days after the first row: import at most 455 days (CloudWatch's retention)",
                    quoted(time_text)
                ));
            }
            self.rows.zoned = Some(self.rows.zoned.unwrap_or(true) && stamp.zoned);
            stamp.unix_s
        } else {
            if self.rows.zoned.is_some() {
                return Err(format!(
                    "line {n}, column 1: {time_name} = {} is not a date-time like the rows above (2026-11-03T14:05:00Z): use one or the other",
                    quoted(time_text)
                ));
            }
            let t = number(n, 1, time_name, time_text)?;
            if !(0.0..=MAX_T_S).contains(&t) {
                return Err(format!(
                    "line {n}, column 1: {time_name} = {} is outside the allowed range 0 to 2678400 s (31 days)",
                    shown(t)
                ));
            }
            t
        };
        if let Some(&prev) = self.rows.times.last() {
            let shown_t = |t: f64, text: &str| if self.rows.zoned.is_some() { quoted(text) } else { shown(t) };
            if t == prev {
                return Err(format!(
                    "line {n}, column 1: {time_name} = {} is the previous row's time again: give each time once",
                    shown_t(t, time_text)
                ));
            }
            if t < prev {
                return Err(format!(
                    "line {n}, column 1: {time_name} = {} is not after the previous row's {}: rows must be in time order",
                    shown_t(t, time_text),
                    shown_t(prev, &self.previous_text)
                ));
            }
        }
        let rate = |i: usize| -> Result<f64, String> {
            let name = if self.rows.headerless { "requests_per_s" } else { self.names[i].as_str() };
            let v = number(n, i + 1, name, &cells[i])?;
            if !(0.0..=MAX_RPS).contains(&v) {
                return Err(format!(
                    "line {n}, column {}: {name} = {} is outside the allowed range 0 to 10000000",
                    i + 1,
                    shown(v)
                ));
            }
            Ok(v)
        };
        let total = self.total.map(&rate).transpose()?;
        let reads = self.reads.map(&rate).transpose()?;
        let writes = self.writes.map(&rate).transpose()?;
        let (total, reads) = match (total, reads, writes) {
            (_, Some(r), Some(w)) => (r + w, Some(r)),
            (Some(t), Some(r), None) => (t, Some(r)),
            (Some(t), None, Some(w)) => (t, Some(t - w)),
            (Some(t), None, None) => (t, None),
            _ => (0.0, None),
        };
        if let Some(r) = reads {
            if r < 0.0 || r > total {
                let (col, what) = match (self.reads, self.writes) {
                    (Some(i), _) => (i + 1, "reads"),
                    (_, Some(i)) => (i + 1, "writes"),
                    _ => (2, "reads"),
                };
                return Err(format!(
                    "line {n}, column {col}: {} = {} {what} per second is more than the row's {} requests per second",
                    self.names[col - 1],
                    cells[col - 1],
                    shown(total)
                ));
            }
        }
        self.rows.times.push(t);
        self.rows.totals.push(total);
        if let Some(r) = reads {
            self.rows.reads.push(r);
        }
        self.previous_text.clone_from(time_text);
        Ok(())
    }
}

impl MetricsLayout {
    fn new(n: u64, names: Vec<String>) -> Result<Self, String> {
        let mut columns = Vec::with_capacity(names.len().saturating_sub(1));
        let mut skipped = Vec::new();
        for (i, name) in names.iter().enumerate().skip(1) {
            match Metric::find_in(name) {
                Some(metric) => {
                    let named = Statistic::find_in(name).map_err(|e| format!("line {n}, column {}: {}: {e}", i + 1, quoted(name)))?;
                    let statistic = named.unwrap_or(metric.usual_statistic());
                    if columns.iter().flatten().any(|s: &SourceSeries| s.metric == metric && s.statistic == statistic) {
                        return Err(format!(
                            "line {n}, column {}: {} is a second {} column: download one table's or one cluster's metrics per file",
                            i + 1,
                            quoted(name),
                            metric.name()
                        ));
                    }
                    columns.push(Some(SourceSeries {
                        metric,
                        statistic,
                        statistic_named: named.is_some(),
                        label: excerpt(name),
                        at: format!("column {}", i + 1),
                        points: Vec::new(),
                    }));
                }
                None => {
                    skipped.push(quoted(name));
                    columns.push(None);
                }
            }
        }
        Ok(MetricsLayout { names, columns, skipped, times: Vec::new(), unzoned: false })
    }

    fn row(&mut self, n: u64, cells: &[String]) -> Result<(), String> {
        if cells.len() > self.names.len() {
            return Err(format!(
                "line {n}: expected at most {} columns (the header's), found {}: {:?}",
                self.names.len(),
                cells.len(),
                excerpt(&cells.join(","))
            ));
        }
        let text = &cells[0];
        let t = if time::looks_like_date(text) {
            let stamp = time::parse(text).map_err(|e| format!("line {n}, column 1: {} = {} is not a time: {e}", self.names[0], quoted(text)))?;
            self.unzoned |= !stamp.zoned;
            stamp.unix_s
        } else {
            let v = number(n, 1, &self.names[0], text)?;
            if !(0.0..=253_402_300_799.0).contains(&v) {
                return Err(format!("line {n}, column 1: {} = {} is not a time: expected a date-time such as 2026-11-03 14:05:00", self.names[0], quoted(text)));
            }
            v
        };
        // Newest first or oldest first, but one or the other, each time once.
        if let (Some(&first), Some(&prev)) = (self.times.first(), self.times.last()) {
            let descending = self.times.len() >= 2 && first > prev;
            let wrong = if t == prev {
                Some("repeats the previous row's time: give each time once")
            } else if self.times.len() >= 2 && (t < prev) != descending {
                Some("breaks the rows' time order (newest first or oldest first, not both)")
            } else {
                None
            };
            if let Some(why) = wrong {
                return Err(format!("line {n}, column 1: {} = {} {why}", self.names[0], quoted(text)));
            }
        }
        if let (Some(&first), Some(&last)) = (self.times.first(), self.times.last()) {
            if (t - first).abs().max((t - last).abs()) > MAX_TIMESTAMP_SPAN_S {
                return Err(format!("line {n}, column 1: {} = {} is more than 455 days from the other rows", self.names[0], quoted(text)));
            }
        }
        self.times.push(t);
        for (i, cell) in cells.iter().enumerate().skip(1) {
            let Some(Some(series)) = self.columns.get_mut(i - 1) else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            let v = number(n, i + 1, &self.names[i], cell)?;
            if !(0.0..=1e15).contains(&v) {
                return Err(format!("line {n}, column {}: {} = {} is outside the allowed range 0 to 1e15", i + 1, self.names[i], shown(v)));
            }
            series.points.push((t, v));
        }
        Ok(())
    }
}

fn number(line: u64, column: usize, name: &str, text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("line {line}, column {column}: {name} = {} is not a number", quoted(text)))
}

/// The cells of one line: split at `delimiter` outside quotes, each trimmed; a quoted cell
/// keeps what is inside its quotes (`""` is a quote).
pub(crate) fn split_cells(line: &str, delimiter: char) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|&c| c == ' ' || (c == '\t' && delimiter != '\t')) {
            chars.next();
        }
        let mut cell = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    Some('"') => break,
                    Some(c) => cell.push(c),
                    None => return Err(format!("a quote opened in cell {} is not closed", cells.len() + 1)),
                }
            }
            while chars.peek().is_some_and(|&c| c != delimiter) {
                let c = chars.next().unwrap_or(' ');
                if !c.is_whitespace() {
                    return Err(format!("text after the closing quote of cell {}", cells.len() + 1));
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == delimiter {
                    break;
                }
                cell.push(c);
                chars.next();
            }
        }
        cells.push(cell.trim().to_string());
        if chars.next().is_none() {
            return Ok(cells);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<CsvContent, String> {
        let mut r = CsvReader::default();
        r.push(text.as_bytes())?;
        r.finish()
    }

    fn trace(text: &str) -> PlainRows {
        match read(text) {
            Ok(CsvContent::Trace(rows)) => rows,
            Ok(CsvContent::Metrics { .. }) => panic!("read as metrics"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn cells_split_outside_quotes() {
        assert_eq!(split_cells(" a , \"b,c\" ,\"d\"\"e\"", ',').unwrap(), ["a", "b,c", "d\"e"]);
        assert_eq!(split_cells("1;2", ';').unwrap(), ["1", "2"]);
        assert_eq!(split_cells("", ',').unwrap(), [""]);
        assert!(split_cells("\"open", ',').unwrap_err().contains("not closed"));
        assert!(split_cells("\"a\"b,1", ',').unwrap_err().contains("after the closing quote"));
    }

    #[test]
    fn a_trace_with_or_without_header() {
        let rows = trace("t_s,requests_per_s\n0,5\n60,10\n");
        assert_eq!((rows.times, rows.totals), (vec![0.0, 60.0], vec![5.0, 10.0]));
        let rows = trace("\u{feff}0,100\r\n60,200\r\n");
        assert_eq!(rows.totals, [100.0, 200.0]);
        let rows = trace("# trace\n\n\"0\", 5\n\n60,10");
        assert_eq!(rows.times, [0.0, 60.0]);
        let rows = trace("time;rate\n0;1\n1;2\n");
        assert_eq!(rows.totals, [1.0, 2.0]);
    }

    #[test]
    fn separate_read_and_write_columns() {
        let rows = trace("time,reads_per_s,writes_per_s\n2026-11-03T14:05:00Z,80,20\n2026-11-03T14:06:00Z,30,10\n");
        assert_eq!(rows.totals, [100.0, 40.0]);
        assert_eq!(rows.reads, [80.0, 30.0]);
        assert_eq!(rows.zoned, Some(true));
        let rows = trace("t_s,requests_per_s,writes_per_s,comment\n0,100,25,x\n");
        assert_eq!((rows.totals[0], rows.reads[0]), (100.0, 75.0));
        assert!(rows.notes.iter().any(|n| n.contains("\"comment\"")), "{:?}", rows.notes);
        let e = read("t_s,reads_per_s\n0,1\n").err().unwrap();
        assert!(e.starts_with("line 1: the header"), "{e}");
        let e = read("t_s,requests_per_s,writes_per_s\n0,10,20\n").err().unwrap();
        assert!(e.starts_with("line 2, column 3: writes_per_s = 20"), "{e}");
    }

    #[test]
    fn timestamps_in_every_form() {
        for (a, b) in [
            ("2026-11-03T14:05:00Z", "2026-11-03T14:06:00Z"),
            ("2026-11-03T15:05:00+01:00", "2026-11-03T15:06:00+01:00"),
            ("2026-11-03T14:05:00.000Z", "2026-11-03T14:06:00.000Z"),
            ("2026-11-03 14:05:00", "2026-11-03 14:06:00"),
        ] {
            let rows = trace(&format!("{a},1\n{b},2\n"));
            assert_eq!(rows.times[1] - rows.times[0], 60.0, "{a}");
            assert_eq!(rows.times[0], 1_793_714_700.0, "{a}");
        }
        assert_eq!(trace("2026-11-03 14:05:00,1\n").zoned, Some(false));
    }

    #[test]
    fn errors_name_the_line_column_and_value() {
        let cases: [(&str, &str); 10] = [
            ("0,5\n60\n", "line 2: expected 2 columns t_s,requests_per_s, found 1: \"60\""),
            ("0,5\nabc,1\n", "line 2, column 1: t_s = \"abc\" is not a number"),
            ("0,5\n60,x\n", "line 2, column 2: requests_per_s = \"x\" is not a number"),
            ("0,5\n60,1\n30,1\n", "line 3, column 1: t_s = 30 is not after the previous row's 60: rows must be in time order"),
            ("0,5\n0,6\n", "line 2, column 1: t_s = 0 is the previous row's time again: give each time once"),
            ("0,-1\n", "line 1, column 2: requests_per_s = -1 is outside the allowed range 0 to 10000000"),
            ("time,rps\n2026-11-03T14:05:00Z,1\n2026-11-03T14:04:00Z,1\n", "line 3, column 1: time = \"2026-11-03T14:04:00Z\" is not after the previous row's \"2026-11-03T14:05:00Z\""),
            ("time,rps\n2026-13-03T14:05:00Z,1\n", "line 2, column 1: time = \"2026-13-03T14:05:00Z\" is not a time: the month 13 is outside 1 to 12"),
            ("0,1\n2026-11-03T14:05:00Z,1\n", "line 2, column 1: t_s = \"2026-11-03T14:05:00Z\" is a date-time, but the rows above give seconds"),
            ("t_s,requests_per_s\n", "the CSV has no data rows"),
        ];
        for (text, expected) in cases {
            let e = read(text).err().unwrap_or_else(|| panic!("{text:?} was read"));
            assert!(e.starts_with(expected), "{text:?}: {e}");
        }
        // A first row with one number is a bad row, not a header.
        assert!(read("0,rate\n60,5\n").err().unwrap().starts_with("line 1, column 2"));
        assert!(read("a,\"b\n").err().unwrap().starts_with("line 1: a quote"));
    }

    #[test]
    fn chunks_may_split_lines_anywhere() {
        let text = "t_s,reads_per_s,writes_per_s\n0,80,20\n60,40,10\n120,8,2\n";
        for size in 1..text.len() {
            let mut r = CsvReader::default();
            for chunk in text.as_bytes().chunks(size) {
                r.push(chunk).unwrap();
            }
            let Ok(CsvContent::Trace(rows)) = r.finish() else { panic!("size {size}") };
            assert_eq!(rows.totals, [100.0, 50.0, 10.0], "size {size}");
        }
        let mut r = CsvReader::default();
        assert!(r.push(&[b'0', b',', 0xff, b'\n']).unwrap_err().starts_with("line 1: not UTF-8"));
    }

    #[test]
    fn cloudwatch_downloads_are_read_by_their_headings() {
        let text = "\"Time\",\"ConsumedReadCapacityUnits (Sum)\",\"ReadThrottleEvents\",\"Notes\"\n\
                    2026-11-03 14:07:00,600,,x\n2026-11-03 14:06:00,1200,30,\n2026-11-03 14:05:00,600,0,\n";
        let Ok(CsvContent::Metrics { series, notes }) = read(text) else { panic!() };
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].metric, Metric::ConsumedReadCapacityUnits);
        assert_eq!((series[0].statistic, series[0].statistic_named), (Statistic::Sum, true));
        assert_eq!(series[0].points.len(), 3);
        assert!(series[0].points[0].0 < series[0].points[1].0, "sorted oldest first");
        assert_eq!(series[1].points.len(), 2, "an empty cell is no datapoint");
        assert!(!series[1].statistic_named);
        assert!(notes.iter().any(|n| n.contains("UTC")) && notes.iter().any(|n| n.contains("\"Notes\"")), "{notes:?}");
        let e = read("Time,ReadThrottleEvents\n2026-11-03 14:05:00,1\n2026-11-03 14:07:00,1\n2026-11-03 14:06:00,1\n").err().unwrap();
        assert!(e.starts_with("line 4, column 1: Time = \"2026-11-03 14:06:00\" breaks the rows' time order"), "{e}");
        let e = read("Time,ReadThrottleEvents\n2026-11-03 14:05:00,lots\n").err().unwrap();
        assert!(e.starts_with("line 2, column 2: ReadThrottleEvents = \"lots\" is not a number"), "{e}");
        let e = read("Time,ReadThrottleEvents p99\n").err().unwrap();
        assert!(e.contains("percentile"), "{e}");
    }
}
