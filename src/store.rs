//! Files: reading RON with positioned errors, the embedded default, and
//! loading a plan with its actuals.

pub mod dataset_files;
pub mod embedded;
pub mod kind;
pub mod ron_file;
