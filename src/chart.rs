//! Chart drawing with plotters, generic over the drawing backend: an HTML canvas in the
//! browser, SVG in native tests and the CLI. No Yew here; the UI hands in a backend.
//!
//! Both databases are always drawn on the same axes, in the same colours everywhere
//! ([`style`]), with units on every axis.

pub mod cost;
pub mod latency;
pub mod style;
pub mod sweep;
pub mod timeline;

use plotters::drawing::DrawingAreaErrorKind;

/// What every chart function returns: the backend's own error type, passed up unchanged.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as plotters::prelude::DrawingBackend>::ErrorType>>;
