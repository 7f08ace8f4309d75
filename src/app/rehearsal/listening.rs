//! Listening before rating: the take being rated, loaded into a player while the rate
//! screen is up.

use super::{Env, Rehearsal};
use crate::app::take_player::{PlayerCommand, TakePlayer};
use crate::interview::Phase;
use crate::session::TakeStatus;

impl Rehearsal {
    /// Loads the take being rated into the player (and unloads it after the rate screen);
    /// a speaker error goes to the log, its sentence to the player row.
    pub(super) fn load_player(&mut self) {
        let rated = match self.interview.phase() {
            Phase::Rate { index } => {
                let index = self.session_index(index);
                self.latest_take(index)
                    .filter(|t| t.status != TakeStatus::Recording && t.audio_s > 0.0)
                    .and_then(|t| Some((index, t.number, t.wav.clone()?)))
            }
            _ => None,
        };
        let wanted = rated.as_ref().map(|(index, number, _)| (*index, *number));
        if wanted != self.player_take {
            self.player_take = wanted;
            self.player = rated.map(|(_, _, name)| TakePlayer::new(self.dir.join(name)));
        }
        if let Some(error) = self.player.as_mut().and_then(TakePlayer::poll) {
            let detail = if error.detail.is_empty() {
                error.message
            } else {
                error.detail
            };
            self.log.push(("playback", detail));
        }
    }

    /// Plays, pauses or seeks the take being rated.
    pub fn listen(&mut self, command: PlayerCommand, env: &Env<'_>) {
        let Some(player) = &mut self.player else {
            return;
        };
        if let Err(e) = player.apply(command, env.audio) {
            self.log.push(("playback", e.to_string()));
        }
    }

    /// Whether the take being rated is playing (or its waveform loading).
    pub fn is_listening(&self) -> bool {
        self.player.as_ref().is_some_and(TakePlayer::is_animating)
    }
}
