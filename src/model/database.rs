//! Which database: the one name every layer uses for a contender (a loss cause's owner, a
//! fault's target, a chart's series). Data only, at the bottom of the model, so the models,
//! the Regions and the engine can all name a database without pointing at each other.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Database {
    Dynamodb,
    Aurora,
}
