//! The council's judgment (評価) on an item or the plan as a whole: the
//! effect category, the policy (今後の方針) and the reason.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::domain::plan::JudgmentCategories;
use crate::domain::session::{Judgment, JudgmentDraft, JudgmentTarget, Stamp};
use crate::text::is_unsafe;

use super::editor::{Outcome, clean_input};
use super::form_keys::{FormKey, choice_digit, form_key, is_space};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Target,
    Effect,
    Policy,
    Visibility,
    Reason,
}

impl Field {
    /// Tab order: the order on screen.
    pub const ORDER: [Field; 5] =
        [Field::Target, Field::Effect, Field::Policy, Field::Visibility, Field::Reason];

    fn step(self, forward: bool) -> Field {
        let i = Field::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Field::ORDER.len();
        Field::ORDER[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

pub struct JudgmentForm {
    pub targets: Vec<JudgmentTarget>,
    pub target: usize,
    pub effect: usize,
    pub policy: usize,
    pub internal: bool,
    pub reason: TextArea<'static>,
    pub focus: Field,
    pub confirm_discard: bool,
    /// Changed since the last draft was written.
    pub draft_dirty: bool,
    pub draft_saved_at: Stamp,
    /// 効果 and 今後の方針 as the council chose them: a target not judged
    /// before opens with neither chosen, and is not saved until both are
    /// (the first of each list, shown as if chosen, was once saved as the
    /// council's judgment when only the reason was typed).
    pub effect_chosen: bool,
    pub policy_chosen: bool,
    /// The focus moved on by a choice by number: a Tab right after it is
    /// taken as already done, so `2 Tab 2` (as in the remark editor) and
    /// `2 2` both choose the effect and then the policy.
    pub moved_on: bool,
}

fn reason_area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.split('\n').map(String::from).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

impl JudgmentForm {
    /// A form for `targets[target]`, filled from the judgment already
    /// recorded there, if any.
    #[must_use]
    pub fn new(
        targets: Vec<JudgmentTarget>,
        target: usize,
        existing: Option<&Judgment>,
        categories: &JudgmentCategories,
        now: Stamp,
    ) -> Self {
        let pick = |list: &[String], v: &str| list.iter().position(|x| x == v).unwrap_or(0);
        let live = existing.filter(|j| j.withdrawn.is_none());
        JudgmentForm {
            target: target.min(targets.len().saturating_sub(1)),
            targets,
            effect: live.map_or(0, |j| pick(&categories.effects, &j.effect)),
            policy: live.map_or(0, |j| pick(&categories.policies, &j.policy)),
            internal: live.is_some_and(|j| j.internal),
            reason: reason_area(live.map_or("", |j| j.reason.as_str())),
            focus: Field::Effect,
            confirm_discard: false,
            draft_dirty: false,
            draft_saved_at: now,
            effect_chosen: live.is_some(),
            policy_chosen: live.is_some(),
            moved_on: false,
        }
    }

    /// The form as it was when a run ended without saving it.
    #[must_use]
    pub fn from_draft(
        draft: &JudgmentDraft,
        mut targets: Vec<JudgmentTarget>,
        categories: &JudgmentCategories,
        now: Stamp,
    ) -> Self {
        let target = match targets.iter().position(|t| *t == draft.target) {
            Some(i) => i,
            None => {
                targets.insert(0, draft.target.clone());
                0
            }
        };
        let pick = |list: &[String], v: &str| list.iter().position(|x| x == v).unwrap_or(0);
        JudgmentForm {
            targets,
            target,
            effect: pick(&categories.effects, &draft.effect),
            policy: pick(&categories.policies, &draft.policy),
            internal: draft.internal,
            reason: reason_area(&draft.reason),
            focus: Field::Reason,
            confirm_discard: false,
            draft_dirty: false,
            draft_saved_at: now,
            effect_chosen: categories.effects.contains(&draft.effect),
            policy_chosen: categories.policies.contains(&draft.policy),
            moved_on: false,
        }
    }

    /// What is typed, to be kept if the run ends before it is saved.
    #[must_use]
    pub fn draft(&self, categories: &JudgmentCategories, now: Stamp) -> JudgmentDraft {
        let j = self.judgment(categories, now);
        // Nothing chosen is kept as nothing: restored, it is still to choose.
        JudgmentDraft {
            target: j.target,
            effect: if self.effect_chosen { j.effect } else { String::new() },
            policy: if self.policy_chosen { j.policy } else { String::new() },
            internal: j.internal,
            reason: self.reason.lines().join("\n"),
            saved_at: now,
        }
    }

    /// Both 効果 and 今後の方針 are the council's choice.
    #[must_use]
    pub fn chosen(&self) -> bool {
        self.effect_chosen && self.policy_chosen
    }

    #[must_use]
    pub fn current_target(&self) -> JudgmentTarget {
        self.targets.get(self.target).cloned().unwrap_or(JudgmentTarget::Plan)
    }

    #[must_use]
    pub fn judgment(&self, categories: &JudgmentCategories, at: Stamp) -> Judgment {
        Judgment {
            target: self.current_target(),
            effect: categories.effects.get(self.effect).cloned().unwrap_or_default(),
            policy: categories.policies.get(self.policy).cloned().unwrap_or_default(),
            reason: self.reason.lines().join("\n").trim().to_string(),
            at,
            internal: self.internal,
            withdrawn: None,
            history: Vec::new(),
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.focus = Field::Reason;
        self.reason.insert_str(clean_input(text));
        self.draft_dirty = true;
    }

    pub fn key(&mut self, key: KeyEvent, categories: &JudgmentCategories) -> Outcome {
        if key.code != KeyCode::Esc {
            self.confirm_discard = false;
        }
        let moved_on = std::mem::take(&mut self.moved_on);
        match form_key(&key) {
            Some(FormKey::Next) if moved_on => {}
            Some(FormKey::Newline) => {
                self.focus = Field::Reason;
                self.reason.insert_newline();
                self.draft_dirty = true;
            }
            Some(FormKey::Save) => return Outcome::Save,
            Some(FormKey::Delete) => return Outcome::Withdraw,
            Some(FormKey::Cancel) => {
                let typed = !self.reason.lines().join("").trim().is_empty();
                if typed && !self.confirm_discard {
                    self.confirm_discard = true;
                    return Outcome::ConfirmCancel;
                }
                return Outcome::Cancel;
            }
            Some(FormKey::Next) => self.focus = self.focus.step(true),
            Some(FormKey::Previous) => self.focus = self.focus.step(false),
            Some(FormKey::Choose) | None => {
                self.field_key(key, categories);
                self.draft_dirty = true;
            }
        }
        Outcome::Continue
    }

    fn field_key(&mut self, key: KeyEvent, categories: &JudgmentCategories) {
        let step = match key.code {
            KeyCode::Left | KeyCode::Up => Some(false),
            KeyCode::Right | KeyCode::Down => Some(true),
            _ => None,
        };
        // Space on any field above the reason is 公開/非公開, as in the
        // remark editor (on a choice field it was a space in the reason).
        if self.focus != Field::Reason && is_space(&key) {
            self.internal = !self.internal;
            return;
        }
        let digit = choice_digit(&key);
        let cycle = |i: usize, n: usize, forward: bool| {
            let n = n.max(1);
            if forward { (i + 1) % n } else { (i + n - 1) % n }
        };
        match self.focus {
            Field::Effect | Field::Policy => {
                let n = if self.focus == Field::Effect {
                    categories.effects.len()
                } else {
                    categories.policies.len()
                };
                let (slot, chosen) = if self.focus == Field::Effect {
                    (&mut self.effect, &mut self.effect_chosen)
                } else {
                    (&mut self.policy, &mut self.policy_chosen)
                };
                if let Some(forward) = step {
                    // The first ← → shows the first choice (or the last).
                    *slot = if *chosen {
                        cycle(*slot, n, forward)
                    } else if forward {
                        0
                    } else {
                        n.saturating_sub(1)
                    };
                    *chosen = true;
                } else if let Some(d) = digit.filter(|d| (1..=n).contains(d)) {
                    *slot = d - 1;
                    *chosen = true;
                    self.focus = self.focus.step(true);
                    self.moved_on = true;
                } else if digit.is_some() {
                    // A number not shown beside a choice chooses nothing and
                    // is not typed into the reason, as in the remark editor.
                } else if is_text_key(key) {
                    self.focus = Field::Reason;
                    self.type_key(key);
                }
            }
            Field::Target => {
                if let Some(forward) = step {
                    self.target = cycle(self.target, self.targets.len(), forward);
                } else if is_text_key(key) {
                    // Typed text is the reason, never lost on a choice field.
                    self.focus = Field::Reason;
                    self.type_key(key);
                }
            }
            Field::Visibility => {
                if step.is_some() {
                    self.internal = !self.internal;
                } else if is_text_key(key) {
                    self.focus = Field::Reason;
                    self.type_key(key);
                }
            }
            Field::Reason => self.type_key(key),
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        if let KeyCode::Char(c) = key.code
            && is_unsafe(c)
        {
            return;
        }
        self.reason.input(key);
    }
}

/// A key that types a character (not a Ctrl or Alt chord).
fn is_text_key(key: KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fiscal::FiscalYear;

    fn categories() -> JudgmentCategories {
        JudgmentCategories {
            effects: vec!["非常に効果的".into(), "相当程度効果があった".into()],
            policies: vec!["継続".into(), "改善".into(), "中止".into()],
        }
    }

    fn now() -> Stamp {
        chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time")
    }

    fn form() -> JudgmentForm {
        let targets = vec![
            JudgmentTarget::Item { kpi: "k".into(), fiscal_year: FiscalYear(2018) },
            JudgmentTarget::Plan,
        ];
        JudgmentForm::new(targets, 0, None, &categories(), now())
    }

    fn press(f: &mut JudgmentForm, code: KeyCode) -> Outcome {
        f.key(KeyEvent::from(code), &categories())
    }

    fn type_text(f: &mut JudgmentForm, text: &str) {
        for c in text.chars() {
            press(f, KeyCode::Char(c));
        }
    }

    #[test]
    fn tab_goes_through_the_fields_in_their_order_on_screen() {
        let mut f = form();
        f.focus = Field::Target;
        let mut seen = vec![f.focus];
        for _ in 0..5 {
            press(&mut f, KeyCode::Tab);
            seen.push(f.focus);
        }
        assert_eq!(
            seen,
            [
                Field::Target,
                Field::Effect,
                Field::Policy,
                Field::Visibility,
                Field::Reason,
                Field::Target
            ]
        );
    }

    /// `Tab 2 Tab 2` is how the remark editor chooses; the same keys here
    /// (the form opens on 効果) must not leave the policy at its default
    /// and put the 2 in the reason.
    #[test]
    fn a_tab_after_a_choice_by_number_does_not_skip_the_next_choice() {
        for keys in [
            &[KeyCode::Char('2'), KeyCode::Char('2')][..],
            &[KeyCode::Char('2'), KeyCode::Tab, KeyCode::Char('2')][..],
        ] {
            let mut f = form();
            assert_eq!(f.focus, Field::Effect);
            for key in keys {
                press(&mut f, *key);
            }
            assert_eq!((f.effect, f.policy), (1, 1), "{keys:?}");
            assert_eq!(f.reason.lines().join(""), "", "{keys:?}");
            assert_eq!(f.focus, Field::Visibility, "{keys:?}");
        }
        // Tab on its own still moves on.
        let mut f = form();
        press(&mut f, KeyCode::Tab);
        assert_eq!(f.focus, Field::Policy);
    }

    /// A number on 効果 or 今後の方針 that is beside no choice (7 of 2,
    /// 0) chooses nothing and is not typed into the reason, as in the
    /// remark editor: it was typed into the reason.
    #[test]
    fn a_number_beside_no_choice_does_nothing() {
        for field in [Field::Effect, Field::Policy] {
            let mut f = form();
            f.focus = field;
            press(&mut f, KeyCode::Char('7'));
            press(&mut f, KeyCode::Char('0'));
            assert_eq!(f.reason.lines().join(""), "", "{field:?}");
            assert_eq!(f.focus, field, "stays to be chosen");
            assert!(!f.effect_chosen && !f.policy_chosen, "{field:?}");
            press(&mut f, KeyCode::Char('2'));
            assert_ne!(f.focus, field, "a number offered still chooses");
        }
    }

    /// `２` and the full-width space, as typed with a Japanese input method
    /// on, choose on 効果, 今後の方針 and 公開/非公開 as `2` and Space do:
    /// they were typed into the reason. In the reason they stay text.
    #[test]
    fn full_width_digits_and_space_choose_as_their_half_width_twins() {
        let mut f = form();
        press(&mut f, KeyCode::Char('２'));
        press(&mut f, KeyCode::Char('３'));
        assert_eq!((f.effect, f.policy), (1, 2));
        assert!(f.chosen());
        assert_eq!(f.focus, Field::Visibility);
        press(&mut f, KeyCode::Char('\u{3000}'));
        assert!(f.internal, "the full-width space is Space on 公開/非公開");
        assert_eq!(f.reason.lines().join(""), "");
        let mut f = form();
        press(&mut f, KeyCode::Char('７'));
        assert_eq!((f.focus, f.effect_chosen), (Field::Effect, false), "beside no choice");
        f.focus = Field::Reason;
        type_text(&mut f, "２件　");
        assert_eq!(f.reason.lines().join(""), "２件　", "in the reason they are text");
    }

    #[test]
    fn text_typed_on_any_field_is_the_reason_and_is_never_lost() {
        for field in Field::ORDER {
            let mut f = form();
            f.focus = field;
            type_text(&mut f, "予算を見直す");
            assert_eq!(f.reason.lines().join(""), "予算を見直す", "typed with {field:?} focused");
            assert!(!f.internal, "typing does not toggle 公開/非公開");
        }
    }

    /// As in the remark editor: Space on a field above the reason is the
    /// form's one switch, never a space at the head of the reason.
    #[test]
    fn space_on_any_field_above_the_reason_is_the_visibility() {
        for field in [Field::Target, Field::Effect, Field::Policy] {
            let mut f = form();
            f.focus = field;
            press(&mut f, KeyCode::Char(' '));
            assert!(f.internal, "Space on {field:?}");
            assert_eq!((f.focus, f.reason.lines().join("")), (field, String::new()));
        }
        let mut f = form();
        f.focus = Field::Reason;
        press(&mut f, KeyCode::Char(' '));
        assert!(!f.internal, "in the reason a space is text");
        assert_eq!(f.reason.lines().join(""), " ");
    }

    #[test]
    fn space_on_the_visibility_toggles_it_and_ctrl_d_asks_to_withdraw() {
        let mut f = form();
        f.focus = Field::Visibility;
        press(&mut f, KeyCode::Char(' '));
        assert!(f.internal);
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(f.key(ctrl_d, &categories()), Outcome::Withdraw);
        assert_eq!(f.reason.lines().join(""), "", "Ctrl+D types nothing");
    }

    #[test]
    fn a_draft_brings_back_the_form_as_typed() {
        let mut f = form();
        press(&mut f, KeyCode::Char('2'));
        press(&mut f, KeyCode::Char('3'));
        f.internal = true;
        type_text(&mut f, "理由");
        assert!(f.draft_dirty);
        let draft = f.draft(&categories(), now());
        let back =
            JudgmentForm::from_draft(&draft, vec![JudgmentTarget::Plan], &categories(), now());
        assert_eq!(back.current_target(), f.current_target());
        assert_eq!(back.judgment(&categories(), now()), f.judgment(&categories(), now()));
        assert_eq!(back.judgment(&categories(), now()).policy, "中止");
        assert!(back.chosen());
    }

    /// A target not judged before opens with neither 効果 nor 今後の方針
    /// chosen: the reason alone is not a judgment, and a draft of it comes
    /// back still to choose. A judgment already recorded opens as chosen.
    #[test]
    fn nothing_is_chosen_for_the_council_until_it_is_chosen() {
        let mut f = form();
        assert!(!f.chosen());
        type_text(&mut f, "理由だけ");
        assert!(!f.chosen());
        let draft = f.draft(&categories(), now());
        assert_eq!((draft.effect.as_str(), draft.policy.as_str()), ("", ""));
        let back =
            JudgmentForm::from_draft(&draft, vec![JudgmentTarget::Plan], &categories(), now());
        assert!(!back.effect_chosen && !back.policy_chosen);
        f.focus = Field::Effect;
        press(&mut f, KeyCode::Char('2'));
        assert!(f.effect_chosen && !f.policy_chosen);
        press(&mut f, KeyCode::Right);
        assert!(f.chosen());
        assert_eq!(f.judgment(&categories(), now()).policy, "継続", "the first → shows the first");
        let recorded = f.judgment(&categories(), now());
        let targets = vec![recorded.target.clone()];
        let again = JudgmentForm::new(targets, 0, Some(&recorded), &categories(), now());
        assert!(again.chosen());
    }
}
