//! Which database: the one name every layer uses for a contender (a loss cause's owner, a
//! fault's target, a chart's series). Data only, at the bottom of the model, so the models,
//! the Regions and the engine can all name a database without pointing at each other.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Database {
    Dynamodb,
    Aurora,
    Dsql,
}

impl Database {
    pub const ALL: [Database; 3] = [Database::Dynamodb, Database::Aurora, Database::Dsql];

    /// Stable id (serde name, link and CLI value).
    pub fn id(self) -> &'static str {
        match self {
            Database::Dynamodb => "dynamodb",
            Database::Aurora => "aurora",
            Database::Dsql => "dsql",
        }
    }

    pub fn from_id(id: &str) -> Option<Database> {
        Database::ALL.into_iter().find(|d| d.id() == id)
    }

    /// The name a reader sees.
    pub fn name(self) -> &'static str {
        match self {
            Database::Dynamodb => "DynamoDB",
            Database::Aurora => "Aurora",
            Database::Dsql => "Aurora DSQL",
        }
    }
}
