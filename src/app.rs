//! The application: state, the actions a user can ask for, the keys bound
//! to them, and `update`, which applies an action to the state and returns
//! the effects (writes, the export) that `crate::runtime` carries out.

pub mod action;
pub mod agenda;
pub mod checklist;
pub mod editor;
pub mod effect;
pub mod form_keys;
pub mod judgment_form;
pub mod keymap;
pub mod meeting;
pub mod minutes;
pub mod mouse;
pub mod picker;
pub mod preview;
pub mod remark_index;
pub mod settings;
pub mod sheet;
pub mod state;
pub mod update;
pub mod views;
pub mod years;
