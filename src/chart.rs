//! Chart drawing with plotters, generic over the drawing backend: an HTML canvas in the
//! browser, SVG in native tests and the CLI. No Yew here; the UI hands in a backend.
//!
//! Both databases are always drawn on the same axes, in the same colours everywhere
//! ([`style`]), with units on every axis.

/// Style the mesh the same way on every chart: grid, axis titles with units, tick labels.
/// `mesh!(chart, x_desc, y_desc, y_formatter)`, optionally `, x_formatter`.
macro_rules! mesh {
    ($chart:expr, $x_desc:expr, $y_desc:expr, $y_fmt:expr) => {
        mesh!(@base $chart, $x_desc, $y_desc, $y_fmt).draw()?
    };
    ($chart:expr, $x_desc:expr, $y_desc:expr, $y_fmt:expr, $x_fmt:expr) => {
        mesh!(@base $chart, $x_desc, $y_desc, $y_fmt).x_label_formatter($x_fmt).draw()?
    };
    (@base $chart:expr, $x_desc:expr, $y_desc:expr, $y_fmt:expr) => {
        $chart
            .configure_mesh()
            .light_line_style(GRID.mix(0.5))
            .bold_line_style(GRID)
            .x_desc($x_desc)
            .y_desc($y_desc)
            .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
            .label_style((FONT, TICK_PX).into_font().color(&INK))
            .y_label_formatter($y_fmt)
    };
}

/// The legend box, top left, on every chart.
macro_rules! legend {
    ($chart:expr) => {
        legend!($chart, SeriesLabelPosition::UpperLeft)
    };
    ($chart:expr, $position:expr) => {
        $chart
            .configure_series_labels()
            .position($position)
            .label_font((FONT, TICK_PX).into_font().color(&INK))
            .background_style(WHITE.mix(0.9))
            .border_style(GRID)
            .draw()?
    };
}

pub mod bill;
pub mod commitment;
pub mod cost;
pub mod envelope;
pub mod fault_windows;
pub mod heatmap;
pub mod ink;
pub mod latency;
pub mod recorded;
pub mod sequence;
pub mod so_far;
pub mod style;
pub mod sweep;
pub mod timeline;
pub mod tornado;
pub mod trace;

use plotters::drawing::DrawingAreaErrorKind;

/// What every chart function returns: the backend's own error type, passed up unchanged.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as plotters::prelude::DrawingBackend>::ErrorType>>;
