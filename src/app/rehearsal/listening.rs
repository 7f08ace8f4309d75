//! Listening before rating: the take being rated, loaded into a player while the rate
//! screen is up.

use super::{Env, Rehearsal};
use crate::app::take_player::{PlayerCommand, TakePlayer};
use crate::interview::Phase;
use crate::session::TakeStatus;

/// The rate screen's player and the speed the user chose (kept for the next take).
pub struct Listening {
    /// The take being rated, once loaded.
    pub player: Option<TakePlayer>,
    take: Option<(usize, u32)>,
    speed: f32,
}

impl Default for Listening {
    fn default() -> Self {
        Self {
            player: None,
            take: None,
            speed: 1.0,
        }
    }
}

impl Listening {
    /// Drops the player (freeing the speaker and the WAV), keeping the chosen speed.
    pub fn release(&mut self) {
        self.player = None;
        self.take = None;
    }
}

impl Rehearsal {
    /// Loads the take being rated into the player (and unloads it after the rate screen);
    /// a speaker error goes to the log, its sentence to the player row.
    pub(super) fn load_player(&mut self, repaint: Option<crate::app::Repaint>) {
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
        if wanted != self.listening.take {
            self.listening.take = wanted;
            self.listening.player = rated.map(|(index, number, name)| {
                let mut player = TakePlayer::new(self.dir.join(name));
                player.set_speed(self.listening.speed);
                let take = self
                    .session
                    .questions
                    .get(index)
                    .and_then(|q| q.takes.iter().find(|t| t.number == number));
                if let Some(t) = take {
                    player.with_take_video(&self.dir, t, repaint.clone());
                }
                player
            });
        }
        if let Some(detail) = self
            .listening
            .player
            .as_mut()
            .and_then(TakePlayer::take_video_error)
        {
            self.log.push(("opening a take's video", detail));
        }
        if let Some(error) = self.listening.player.as_mut().and_then(TakePlayer::poll) {
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
        let Some(player) = &mut self.listening.player else {
            return;
        };
        if let PlayerCommand::Speed(speed) = command {
            self.listening.speed = speed;
        }
        if let Err(e) = player.apply(command, env.audio) {
            self.log.push(("playback", e.to_string()));
        }
    }

    /// How long until the rate screen's player looks different on its own.
    pub fn listening_next_change(&self) -> Option<std::time::Duration> {
        self.listening
            .player
            .as_ref()
            .and_then(TakePlayer::next_change)
    }
}
