//! The remark editor: speaker, kind, target, visibility and multi-line
//! Japanese text. Enter saves; Alt+Enter or Ctrl+J starts a new line; Tab
//! moves between the fields; Esc cancels (twice when text was typed).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::domain::session::{Attendee, Draft, Remark, RemarkKind, Stamp, Target};
use crate::text::is_unsafe;

use super::form_keys::{FormKey, choice_digit, form_key, is_space};

/// The parts of the editor that take keys, in Tab order, which is the
/// order on screen: the fields from the top, then the text. The editor
/// opens on the text, so Tab goes to the speaker first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Speaker,
    Kind,
    Target,
    Visibility,
    Text,
}

impl Field {
    pub const ORDER: [Field; 5] =
        [Field::Speaker, Field::Kind, Field::Target, Field::Visibility, Field::Text];

    fn step(self, forward: bool) -> Field {
        let i = Field::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Field::ORDER.len();
        Field::ORDER[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

pub struct RemarkEditor {
    /// The remark being edited, or `None` for a new one.
    pub editing: Option<String>,
    /// What the remark can be about here; Tab to Target and ← → chooses.
    pub targets: Vec<Target>,
    pub target: usize,
    pub speaker: Option<crate::domain::session::remark::ShortId>,
    pub kind: RemarkKind,
    pub internal: bool,
    pub text: TextArea<'static>,
    pub focus: Field,
    /// Esc was pressed once with text typed: the next Esc discards it.
    pub confirm_discard: bool,
    /// The text changed since the last draft was written.
    pub draft_dirty: bool,
    pub draft_saved_at: Stamp,
    /// Opened from the draft of a run that did not finish.
    pub restored: bool,
    /// A choice by number just moved the focus on: the Tab that follows
    /// (typed by habit, `Tab 2 Tab 2`) stays on the field it moved to.
    pub moved_on: bool,
}

/// What a key did to the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Continue,
    /// Enter: save the remark.
    Save,
    /// Esc: close without saving.
    Cancel,
    /// Esc with text typed: ask once more.
    ConfirmCancel,
    /// Ctrl+D in the judgment form: withdraw the recorded judgment.
    Withdraw,
}

fn text_area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.split('\n').map(String::from).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// Text as it may be stored: no control or bidi characters, `\n` for
/// every line break, tabs as spaces.
#[must_use]
pub fn clean_input(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ")
        .chars()
        .filter(|c| *c == '\n' || !is_unsafe(*c))
        .collect()
}

/// Text pasted into a one-line field: its lines joined by one space,
/// blank lines and the blanks at each break left out (a name copied with
/// its line break, `山田 太郎\r\n委員長`, was `山田 太郎  委員長`), and how
/// many lines were joined (1 for a line, 0 for nothing).
#[must_use]
pub fn one_line(text: &str) -> (String, usize) {
    let cleaned = clean_input(text);
    if !cleaned.contains('\n') {
        return (cleaned, 1);
    }
    let lines: Vec<&str> = cleaned.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect();
    (lines.join(" "), lines.len())
}

impl RemarkEditor {
    #[must_use]
    pub fn new(targets: Vec<Target>, target: usize, now: Stamp) -> Self {
        RemarkEditor {
            editing: None,
            target: target.min(targets.len().saturating_sub(1)),
            targets,
            speaker: None,
            kind: RemarkKind::Opinion,
            internal: false,
            text: text_area(""),
            focus: Field::Text,
            confirm_discard: false,
            draft_dirty: false,
            draft_saved_at: now,
            restored: false,
            moved_on: false,
        }
    }

    /// An editor for changing a remark already made.
    #[must_use]
    pub fn edit(remark: &Remark, mut targets: Vec<Target>, now: Stamp) -> Self {
        let target = match targets.iter().position(|t| *t == remark.target) {
            Some(i) => i,
            None => {
                targets.insert(0, remark.target.clone());
                0
            }
        };
        RemarkEditor {
            editing: Some(remark.id.to_string()),
            speaker: remark.speaker.clone(),
            kind: remark.kind,
            internal: remark.internal,
            text: text_area(&remark.text),
            ..RemarkEditor::new(targets, target, now)
        }
    }

    /// The editor as it was when the last run ended.
    #[must_use]
    pub fn from_draft(draft: &Draft, now: Stamp) -> Self {
        RemarkEditor {
            editing: draft.editing.clone(),
            speaker: draft.speaker.clone(),
            kind: draft.kind,
            internal: draft.internal,
            text: text_area(&draft.text),
            restored: true,
            moved_on: false,
            ..RemarkEditor::new(vec![draft.target.clone(), Target::Meeting], 0, now)
        }
    }

    #[must_use]
    pub fn value(&self) -> String {
        self.text.lines().join("\n")
    }

    #[must_use]
    pub fn current_target(&self) -> Target {
        self.targets.get(self.target).cloned().unwrap_or(Target::Meeting)
    }

    #[must_use]
    pub fn draft(&self, now: Stamp) -> Draft {
        Draft {
            editing: self.editing.clone(),
            speaker: self.speaker.clone(),
            kind: self.kind,
            target: self.current_target(),
            text: self.value(),
            internal: self.internal,
            saved_at: now,
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.focus = Field::Text;
        if self.text.insert_str(clean_input(text)) {
            self.draft_dirty = true;
        }
    }

    /// Picks the speaker by the number shown beside each attendee (0 is
    /// 未指定).
    fn pick_speaker(&mut self, n: usize, attendees: &[Attendee]) {
        self.speaker =
            if n == 0 { None } else { attendees.get(n - 1).map(|a| a.id.as_str().into()) };
        self.draft_dirty = true;
    }

    fn cycle_speaker(&mut self, forward: bool, attendees: &[Attendee]) {
        let n = attendees.len() + 1;
        let current = self
            .speaker
            .as_ref()
            .and_then(|s| attendees.iter().position(|a| a.id == s))
            .map_or(0, |i| i + 1);
        let next = if forward { (current + 1) % n } else { (current + n - 1) % n };
        self.pick_speaker(next, attendees);
    }

    fn cycle_kind(&mut self, forward: bool, kinds: &[RemarkKind]) {
        let n = kinds.len();
        if n == 0 {
            return;
        }
        let i = kinds.iter().position(|k| *k == self.kind).unwrap_or(0);
        self.kind = kinds[if forward { (i + 1) % n } else { (i + n - 1) % n }];
        self.draft_dirty = true;
    }

    /// Handles one key. `attendees` and `kinds` are what the editor offers
    /// (numbered from 1 in their order): only what a save will accept.
    pub fn key(&mut self, key: KeyEvent, attendees: &[Attendee], kinds: &[RemarkKind]) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if key.code != KeyCode::Esc {
            self.confirm_discard = false;
        }
        let moved_on = std::mem::take(&mut self.moved_on);
        // Space on any field above the text is 公開/非公開, the form's one
        // switch: `Tab 2 Tab 2 Tab Space` (one Tab short of the field) made
        // a space in the text and left a remark meant 非公開 public.
        if self.focus != Field::Text && is_space(&key) {
            self.internal = !self.internal;
            self.draft_dirty = true;
            return Outcome::Continue;
        }
        if moved_on && form_key(&key).is_none() && matches!(key.code, KeyCode::Char(_)) && !ctrl {
            // Typing right after a choice by number is the remark itself
            // (「3名の…」), not a choice in the field the focus moved on to.
            self.focus = Field::Text;
            self.type_key(key);
            return Outcome::Continue;
        }
        match form_key(&key) {
            Some(FormKey::Next) if moved_on => return Outcome::Continue,
            Some(FormKey::Newline) => {
                self.focus = Field::Text;
                self.text.insert_newline();
                self.draft_dirty = true;
                return Outcome::Continue;
            }
            Some(FormKey::Save) => return Outcome::Save,
            Some(FormKey::Cancel) => {
                let typed = !self.value().trim().is_empty();
                if typed && !self.confirm_discard {
                    self.confirm_discard = true;
                    return Outcome::ConfirmCancel;
                }
                return Outcome::Cancel;
            }
            Some(FormKey::Next) => {
                self.focus = self.focus.step(true);
                return Outcome::Continue;
            }
            Some(FormKey::Previous) => {
                self.focus = self.focus.step(false);
                return Outcome::Continue;
            }
            // A remark is deleted from the list, not from the editor.
            Some(FormKey::Delete) => return Outcome::Continue,
            // ← → choose in a field, or move the caret in the text.
            Some(FormKey::Choose) | None => {}
        }
        let (left, right) = (key.code == KeyCode::Left, key.code == KeyCode::Right);
        let digit = choice_digit(&key);
        match self.focus {
            // A number not shown beside anyone chooses nothing (it once
            // set 未指定 without a word).
            Field::Speaker if digit.is_some_and(|d| d <= attendees.len().min(9)) => {
                self.pick_speaker(digit.unwrap_or(0), attendees);
                self.focus = Field::Kind;
                self.moved_on = true;
            }
            Field::Speaker if left || right => self.cycle_speaker(right, attendees),
            Field::Kind if digit.is_some_and(|d| (1..=kinds.len()).contains(&d)) => {
                self.kind = kinds[digit.unwrap_or(1) - 1];
                self.draft_dirty = true;
                self.focus = Field::Target;
                self.moved_on = true;
            }
            Field::Kind if left || right => self.cycle_kind(right, kinds),
            Field::Target if left || right => {
                let n = self.targets.len().max(1);
                self.target = if right { (self.target + 1) % n } else { (self.target + n - 1) % n };
                self.draft_dirty = true;
            }
            // A number on the speaker or the kind is a choice: one not
            // offered (another attendee in a review copy, a kind the copy
            // does not save) does nothing, and is not typed into the text.
            Field::Speaker | Field::Kind if digit.is_some() => {}
            Field::Visibility if left || right => {
                self.internal = !self.internal;
                self.draft_dirty = true;
            }
            Field::Text => self.type_key(key),
            // Anything else typed in another field goes to the text.
            _ => {
                if matches!(key.code, KeyCode::Char(_)) && !ctrl {
                    self.focus = Field::Text;
                    self.type_key(key);
                }
            }
        }
        Outcome::Continue
    }

    fn type_key(&mut self, key: KeyEvent) {
        if let KeyCode::Char(c) = key.code
            && is_unsafe(c)
        {
            return;
        }
        if self.text.input(key) {
            self.draft_dirty = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Role;
    use chrono::DateTime;

    fn now() -> Stamp {
        DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn attendees() -> Vec<Attendee> {
        ["山田", "佐藤"]
            .iter()
            .enumerate()
            .map(|(i, n)| Attendee {
                id: format!("a{}", i + 1),
                name: (*n).into(),
                affiliation: String::new(),
                role: Role::Member,
                absent: false,
                signer: false,
            })
            .collect()
    }

    fn type_text(e: &mut RemarkEditor, text: &str) {
        for c in text.chars() {
            e.key(key(KeyCode::Char(c)), &attendees(), &RemarkKind::ALL);
        }
    }

    #[test]
    fn typing_japanese_with_newlines_then_enter_saves() {
        let mut e = RemarkEditor::new(vec![Target::Meeting], 0, now());
        type_text(&mut e, "その50人の");
        assert_eq!(
            e.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT), &attendees(), &RemarkKind::ALL),
            Outcome::Continue
        );
        type_text(&mut e, "内訳は？");
        e.key(
            KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL),
            &attendees(),
            &RemarkKind::ALL,
        );
        type_text(&mut e, "q");
        assert_eq!(e.value(), "その50人の\n内訳は？\nq");
        assert!(e.draft_dirty);
        assert_eq!(e.key(key(KeyCode::Enter), &attendees(), &RemarkKind::ALL), Outcome::Save);
    }

    #[test]
    fn speaker_in_two_keystrokes_and_unset_by_default() {
        let mut e = RemarkEditor::new(vec![Target::Meeting], 0, now());
        assert_eq!(e.speaker, None, "未指定 until chosen");
        e.key(key(KeyCode::Tab), &attendees(), &RemarkKind::ALL);
        e.key(key(KeyCode::Char('2')), &attendees(), &RemarkKind::ALL);
        assert_eq!(e.speaker.as_deref(), Some("a2"));
        assert_eq!(e.focus, Field::Kind, "moved on to the next field");
        type_text(&mut e, "3名");
        assert_eq!(e.value(), "3名", "typing straight after a choice is the remark's text");
        assert_eq!(e.kind, RemarkKind::Opinion, "the digit did not choose a kind");
        assert_eq!(e.focus, Field::Text);
        e.key(key(KeyCode::Tab), &attendees(), &RemarkKind::ALL);
        e.key(key(KeyCode::Char('0')), &attendees(), &RemarkKind::ALL);
        assert_eq!(e.speaker, None);
    }

    #[test]
    fn tab_2_tab_2_sets_speaker_and_kind_then_the_text_is_typed() {
        let mut e = RemarkEditor::new(vec![Target::Meeting], 0, now());
        for k in [KeyCode::Tab, KeyCode::Char('2'), KeyCode::Tab, KeyCode::Char('2')] {
            e.key(key(k), &attendees(), &RemarkKind::ALL);
        }
        assert_eq!(e.speaker.as_deref(), Some("a2"));
        assert_eq!(e.kind, RemarkKind::Question);
        type_text(&mut e, "予算は");
        assert_eq!(e.value(), "予算は");
        assert_eq!(e.focus, Field::Text);
    }

    #[test]
    fn kind_target_and_visibility() {
        let mut e = RemarkEditor::new(
            vec![Target::Meeting, Target::Company { company: "m01".into() }],
            0,
            now(),
        );
        e.key(key(KeyCode::Tab), &attendees(), &RemarkKind::ALL);
        e.key(key(KeyCode::Tab), &attendees(), &RemarkKind::ALL);
        e.key(key(KeyCode::Char('2')), &attendees(), &RemarkKind::ALL);
        assert_eq!(e.kind, RemarkKind::Question);
        assert_eq!(e.focus, Field::Target, "on to the next field on screen");
        e.key(key(KeyCode::Right), &attendees(), &RemarkKind::ALL);
        assert_eq!(e.current_target(), Target::Company { company: "m01".into() });
        e.key(key(KeyCode::Tab), &attendees(), &RemarkKind::ALL);
        e.key(key(KeyCode::Char(' ')), &attendees(), &RemarkKind::ALL);
        assert!(e.internal);
    }

    /// One Tab short of 公開/非公開 (`Tab 2 Tab 2 Tab Space`: the Tab after
    /// each choice is taken as done, so the focus is on 対象): Space still
    /// makes the remark 非公開, as on any field above the text; it was a
    /// space in the text and the remark was saved public.
    #[test]
    fn space_on_any_field_above_the_text_is_the_visibility() {
        let mut e = RemarkEditor::new(vec![Target::Meeting], 0, now());
        let keys = [KeyCode::Tab, KeyCode::Char('2'), KeyCode::Tab, KeyCode::Char('2')];
        for k in keys.into_iter().chain([KeyCode::Tab, KeyCode::Char(' ')]) {
            e.key(key(k), &attendees(), &RemarkKind::ALL);
        }
        assert_eq!(e.focus, Field::Target);
        assert!(e.internal, "Space on 対象 is 非公開");
        assert_eq!(e.value(), "", "no space typed into the remark");
        // Right after a choice by number, too; and again, back to 公開.
        let mut e = RemarkEditor::new(vec![Target::Meeting], 0, now());
        for k in [KeyCode::Tab, KeyCode::Char('1'), KeyCode::Char(' ')] {
            e.key(key(k), &attendees(), &RemarkKind::ALL);
        }
        assert_eq!((e.focus, e.internal, e.value()), (Field::Kind, true, String::new()));
        e.key(key(KeyCode::Char('\u{3000}')), &attendees(), &RemarkKind::ALL);
        assert!(!e.internal, "a second Space makes it 公開 again");
        // In the text a space is a space.
        type_text(&mut e, "予算 は");
        assert_eq!(e.value(), "予算 は");
        assert!(!e.internal);
    }

    /// With a Japanese input method on, `２` and the full-width space are
    /// typed: on a choice field they choose as `2` and Space do (they were
    /// typed into the remark); in the text they stay text.
    #[test]
    fn full_width_digits_and_space_choose_as_their_half_width_twins() {
        let mut e = RemarkEditor::new(vec![Target::Meeting], 0, now());
        for k in [KeyCode::Tab, KeyCode::Char('２'), KeyCode::Tab, KeyCode::Char('２')] {
            e.key(key(k), &attendees(), &RemarkKind::ALL);
        }
        assert_eq!(e.speaker.as_deref(), Some("a2"));
        assert_eq!(e.kind, RemarkKind::Question);
        assert_eq!(e.value(), "", "nothing typed into the remark");
        type_text(&mut e, "３名　");
        assert_eq!(e.value(), "３名　", "in the text they are text");
        e.key(key(KeyCode::Tab), &attendees(), &RemarkKind::ALL);
        e.key(key(KeyCode::Char('９')), &attendees(), &RemarkKind::ALL);
        assert_eq!(e.speaker.as_deref(), Some("a2"), "a number beside no one chooses nothing");
        assert_eq!(e.value(), "３名　");
        for k in [KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Char('\u{3000}')] {
            e.key(key(k), &attendees(), &RemarkKind::ALL);
        }
        assert_eq!(e.focus, Field::Visibility);
        assert!(e.internal, "the full-width space is Space on 公開/非公開");
        assert_eq!(e.value(), "３名　");
    }

    #[test]
    fn escape_asks_before_discarding_text() {
        let mut e = RemarkEditor::new(vec![Target::Meeting], 0, now());
        assert_eq!(e.key(key(KeyCode::Esc), &attendees(), &RemarkKind::ALL), Outcome::Cancel);
        type_text(&mut e, "途中");
        assert_eq!(
            e.key(key(KeyCode::Esc), &attendees(), &RemarkKind::ALL),
            Outcome::ConfirmCancel
        );
        type_text(&mut e, "の文");
        assert_eq!(
            e.key(key(KeyCode::Esc), &attendees(), &RemarkKind::ALL),
            Outcome::ConfirmCancel,
            "typing resets the question"
        );
        assert_eq!(e.key(key(KeyCode::Esc), &attendees(), &RemarkKind::ALL), Outcome::Cancel);
    }

    #[test]
    fn pasted_text_keeps_lines_and_drops_escapes() {
        let mut e = RemarkEditor::new(vec![Target::Meeting], 0, now());
        e.paste("一行目\r\n二行目\u{1b}[2J\u{202e}");
        assert_eq!(e.value(), "一行目\n二行目[2J");
    }
}
