//! Colours, line widths and type sizes, in one place. The palette is Okabe–Ito
//! (colour-blind safe) and strong enough to survive a projector: vermillion for DynamoDB,
//! blue for Aurora; dashed lines for the second series of a database.

use plotters::style::{RGBColor, ShapeStyle};

pub const DYNAMODB: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const AURORA: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito bluish green: apart from the vermillion and blue above for the common colour
/// blindnesses, and dark enough on white for a projector.
pub const DSQL: RGBColor = RGBColor(0x00, 0x9E, 0x73);

/// A database's colour on every chart.
pub fn colour_of(database: crate::model::database::Database) -> RGBColor {
    use crate::model::database::Database;
    match database {
        Database::Dynamodb => DYNAMODB,
        Database::Aurora => AURORA,
        Database::Dsql => DSQL,
    }
}
pub const INK: RGBColor = RGBColor(0x1F, 0x23, 0x28);
pub const GRID: RGBColor = RGBColor(0xD8, 0xDC, 0xE0);
pub const MARKER_RING: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

pub const FONT: &str = "sans-serif";
pub const CAPTION_PX: u32 = 22;
pub const LABEL_PX: u32 = 16;
pub const TICK_PX: u32 = 14;
pub const LINE_PX: u32 = 3;

/// A solid line in `color`.
pub fn line(color: RGBColor) -> ShapeStyle {
    ShapeStyle { color: color.into(), filled: false, stroke_width: LINE_PX }
}

/// A filled marker in `color`.
pub fn marker(color: RGBColor) -> ShapeStyle {
    ShapeStyle { color: color.into(), filled: true, stroke_width: 1 }
}
