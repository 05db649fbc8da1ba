//! The application: state, the actions a user can ask for, the keys bound
//! to them, and `update`, which applies an action to the state.

pub mod action;
pub mod keymap;
pub mod state;
pub mod update;
