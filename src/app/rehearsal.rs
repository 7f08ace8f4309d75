//! A session being rehearsed: the interview state machine, the session on disk, the live
//! recording and the background analyses. It carries out the interview's [`Event`]s.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::Utc;

use crate::analysis::{Observation, Thresholds};
use crate::app::analysis_job::AnalysisJob;
use crate::app::forms::{DraftSaver, RatingForm, ReflectionForm};
use crate::app::settings::Settings;
use crate::app::transcript_job::{Partial, TranscriberFactory, TranscriptJob};
use crate::audio::{AudioBackend, LevelSource, Recording};
use crate::interview::mode::{MIN_PANEL, PANELLISTS};
use crate::interview::{Event, Interview, Phase, PlannedQuestion};
use crate::pack::{Pack, Question, Timings};
use crate::session::store::wav_name;
use crate::session::{
    QuestionRecord, Rating, RatingDraft, Reflection, Session, SessionSettings, SessionStore,
    StoreError, Take, TakeStatus, rating_items_in,
};

mod listening;

pub use listening::Listening;
mod previous;
mod saving;

pub use previous::PreviousSession;

pub use saving::SaveProblem;

/// What the rehearsal needs from the app to carry out events.
pub struct Env<'a> {
    /// Where recordings come from.
    pub audio: &'a dyn AudioBackend,
    /// Where the session is saved.
    pub store: &'a SessionStore,
    /// The chosen input device (`None`: the default).
    pub device: Option<&'a str>,
    /// Asked for a repaint when background work finishes.
    pub repaint: Option<crate::app::Repaint>,
    /// Speech to text for transcripts (`None`: no model installed).
    pub transcriber: Option<TranscriberFactory>,
    /// The camera that films each answer (`None`: video off or no camera).
    pub camera: Option<crate::video::CameraSource>,
    /// How answers are filmed.
    pub video_options: crate::video::RecordOptions,
}

/// What the rating form shows of the latest take's words.
#[derive(Debug, Clone, PartialEq)]
pub enum TranscriptView {
    /// No speech-to-text model is installed.
    Off,
    /// The answer has no audio, or was not transcribed.
    None,
    /// Being transcribed: the words so far.
    Running(Partial),
    /// The transcript.
    Ready(crate::session::Transcript),
    /// The transcription failed; the message says why.
    Failed(String),
}

/// What the rating form shows beside the scales for the latest take.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricsView {
    /// The answer has no audio.
    NotRecorded,
    /// Still computing.
    Running,
    /// The feedback lines.
    Ready(Vec<Observation>),
    /// The analysis failed; the message says why.
    Failed(String),
}

struct ActiveRecording {
    index: usize,
    take: u32,
    recording: Box<dyn Recording>,
    /// The answer's video, when the camera is on.
    video: Option<Filming>,
    /// When the audio stream was started, on the video clock (ns): the video's offset is
    /// against it only if the device never delivered a first sample (see [`Self::audio_at`]).
    started_at: Option<u64>,
    /// When the WAV's first sample was captured, on the video clock (ns), once it is known.
    first_sample_at: Option<u64>,
    /// Whether the video's offset is saved in `session.json` yet.
    offset_saved: bool,
    /// How far into the take (ns) the microphone's drift was last saved.
    drift_saved_at: Option<u64>,
}

/// An answer's video: the camera opening on its own thread, then recording.
enum Filming {
    Opening(crate::video::Opening<crate::video::VideoRecording>),
    Recording(crate::video::VideoRecording),
}

impl Filming {
    fn view(&self) -> &crate::video::SelfView {
        match self {
            Self::Opening(opening) => opening.view(),
            Self::Recording(video) => video.view(),
        }
    }
}

/// A session in progress, from the first think countdown to the summary.
pub struct Rehearsal {
    /// The state machine (indexes are relative to `offset`).
    pub interview: Interview,
    /// The session as saved in `session.json`.
    pub session: Session,
    /// The session folder.
    pub dir: PathBuf,
    /// The rating form draft.
    pub rating: RatingForm,
    /// The reflection form draft.
    pub reflection: ReflectionForm,
    /// A message for the user (recording failed, save failed…).
    pub message: Option<String>,
    /// Raw error details (context, detail) for the app to write to the log.
    pub log: Vec<(&'static str, String)>,
    /// The session was ended before its last question (Esc).
    pub ended_early: bool,
    /// The folder typed for "Save elsewhere…".
    pub save_elsewhere_path: String,
    /// The take being rated, loaded for listening.
    pub listening: Listening,
    offset: usize,
    unsaved: Option<SaveProblem>,
    recording: Option<ActiveRecording>,
    jobs: Vec<AnalysisJob>,
    analysis_errors: HashMap<(usize, u32), String>,
    transcripts: Vec<TranscriptJob>,
    transcript_errors: HashMap<(usize, u32), String>,
    transcripts_on: bool,
    rating_draft: DraftSaver<Rating>,
    reflection_draft: DraftSaver<Reflection>,
    draft_due_in: Option<std::time::Duration>,
    previous: PreviousSession,
    /// The interviewer's voice, when questions are read aloud.
    voice: Option<super::voice::Voice>,
}

impl Rehearsal {
    /// Creates the session folder and starts the first think countdown at `now`.
    pub fn start(
        planned: Vec<PlannedQuestion>,
        settings: &Settings,
        store: &SessionStore,
        now: Instant,
    ) -> Result<Self, StoreError> {
        let mut pack_ids: Vec<String> = Vec::new();
        for p in &planned {
            if !pack_ids.contains(&p.pack_id) {
                pack_ids.push(p.pack_id.clone());
            }
        }
        let settings = SessionSettings {
            question_count: planned.iter().filter(|p| !p.follow_up).count(),
            shuffled: settings.shuffled,
            think_seconds: settings.think_seconds,
            answer_seconds: settings.answer_seconds,
            input_device: settings.input_device.clone(),
            mode: settings.mode,
            panel: if settings.mode.panel() {
                let size = settings.panel_size.clamp(MIN_PANEL, PANELLISTS.len());
                PANELLISTS[..size]
                    .iter()
                    .map(|p| p.name.to_owned())
                    .collect()
            } else {
                Vec::new()
            },
        };
        let mut parent = None;
        let questions = planned
            .iter()
            .enumerate()
            .map(|(i, p)| QuestionRecord {
                pack_id: p.pack_id.clone(),
                question_id: p.question.id.clone(),
                text: p.question.text.clone(),
                framework: p.question.framework,
                kind: p.question.kind.clone(),
                think_seconds: p.timings.think_seconds,
                answer_seconds: p.timings.answer_seconds,
                takes: Vec::new(),
                best_take: None,
                unattached_rating: None,
                follows: if p.follow_up {
                    parent
                } else {
                    parent = Some(i);
                    None
                },
                asked_by: p
                    .asked_by
                    .and_then(|s| PANELLISTS.get(s))
                    .map(|s| s.name.to_owned()),
            })
            .collect();
        let mode = settings.mode;
        let session = Session::new(pack_ids, settings, questions, Utc::now());
        let dir = store.create(&session)?;
        let interview = Interview::new(planned, now).with_mode(mode);
        Ok(Self::with(interview, session, dir, 0, now))
    }

    /// Continues a recovered session where it stopped: at the reflection once the questions
    /// are over; else the first unrated question's rating form if it has a take (stopped on
    /// the form, or mid-answer: the partial take is rated or retaken), otherwise its think
    /// countdown. `None` if the reflection was saved too.
    pub fn resume(dir: PathBuf, session: Session, packs: &[&Pack], now: Instant) -> Option<Self> {
        if session.reflection.is_some() {
            return None;
        }
        let unrated = session.first_unrated();
        let questions_over = session.ended_at.is_some() || unrated.is_none();
        let offset = match unrated {
            Some(i) if !questions_over => i,
            _ => session.questions.len(),
        };
        // An answer that ended, or one cut short with audio, is rated; one cut before any
        // audio is asked again.
        let (rate, takes) = session.questions.get(offset).map_or((false, 0), |record| {
            let rate = record
                .takes
                .last()
                .is_some_and(|t| t.stop_reason.is_some() || t.audio_s > 0.0);
            (rate, record.takes.len() as u32)
        });
        let planned = session.questions[offset..]
            .iter()
            .map(|r| {
                let original = packs
                    .iter()
                    .find(|p| p.id == r.pack_id)
                    .and_then(|p| p.questions.iter().find(|q| q.id == r.question_id));
                PlannedQuestion {
                    pack_id: r.pack_id.clone(),
                    question: Question {
                        id: r.question_id.clone(),
                        text: r.text.clone(),
                        kind: r.kind.clone(),
                        framework: r.framework.or(original.and_then(|q| q.framework)),
                        category: original.and_then(|q| q.category.clone()),
                        tips: original.map(|q| q.tips.clone()).unwrap_or_default(),
                        follow_ups: original.map(|q| q.follow_ups.clone()).unwrap_or_default(),
                        think_seconds: Some(r.think_seconds),
                        answer_seconds: Some(r.answer_seconds),
                    },
                    timings: Timings {
                        think_seconds: r.think_seconds,
                        answer_seconds: r.answer_seconds,
                    },
                    follow_up: r.follows.is_some(),
                    asked_by: r
                        .asked_by
                        .as_ref()
                        .and_then(|name| PANELLISTS.iter().position(|p| p.name == *name)),
                }
            })
            .collect();
        let mut interview = Interview::new(planned, now).with_mode(session.settings.mode);
        if rate {
            interview = interview.rating_first(takes);
        }
        let mut rehearsal = Self::with(interview, session, dir, offset, now);
        rehearsal.ended_early = questions_over && unrated.is_some();
        Some(rehearsal)
    }

    /// The rehearsal of `session` from its question `offset`; drafts saved in the session
    /// come back into the forms.
    fn with(
        interview: Interview,
        session: Session,
        dir: PathBuf,
        offset: usize,
        now: Instant,
    ) -> Self {
        let items = rating_items_in(session.settings.mode);
        let rating = match &session.rating_draft {
            Some(draft) if draft.question == offset => {
                RatingForm::from_rating(items, &draft.rating)
            }
            _ => RatingForm::new(items),
        };
        let reflection = session
            .reflection_draft
            .as_ref()
            .map(ReflectionForm::from_reflection)
            .unwrap_or_default();
        Self {
            interview,
            session,
            dir,
            rating_draft: DraftSaver::new(rating.to_rating()),
            reflection_draft: DraftSaver::new(reflection.draft(now)),
            draft_due_in: None,
            rating,
            reflection,
            message: None,
            log: Vec::new(),
            ended_early: false,
            save_elsewhere_path: String::new(),
            offset,
            unsaved: None,
            recording: None,
            jobs: Vec::new(),
            analysis_errors: HashMap::new(),
            transcripts: Vec::new(),
            transcript_errors: HashMap::new(),
            transcripts_on: false,
            previous: PreviousSession::default(),
            listening: Listening::default(),
            voice: None,
        }
    }

    /// Reads each question aloud before its think countdown, starting with the current one
    /// at `now` if it is being thought about.
    pub fn give_voice(&mut self, voice: super::voice::Voice, now: Instant, env: &Env<'_>) {
        self.interview = self.interview.clone().with_voice(voice.lengths());
        self.voice = Some(voice);
        self.ask_if_asking(now, env);
    }

    /// Whether the interviewer's voice is asking the question now.
    pub fn is_asking(&self, now: Instant) -> bool {
        self.voice.is_some() && self.interview.is_asking(now)
    }

    /// Plays the current question if the interview is asking it.
    fn ask_if_asking(&mut self, now: Instant, env: &Env<'_>) {
        let Some(voice) = &mut self.voice else {
            return;
        };
        let Phase::Think { index, .. } = self.interview.phase() else {
            return;
        };
        if self.interview.is_asking(now)
            && let Err(e) = voice.ask(index, env.audio)
        {
            // Nothing is heard, so nothing is waited for.
            self.interview.stop_asking(now);
            self.log.push(("reading a question aloud", e));
        }
    }

    /// The session index of the interview's question `index`.
    pub fn session_index(&self, index: usize) -> usize {
        self.offset + index
    }

    /// "Question 3 of 8": the current question's position and the session's question count.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let index = match self.interview.phase() {
            Phase::Think { index, .. } | Phase::Answer { index, .. } | Phase::Rate { index } => {
                index
            }
            Phase::Reflect | Phase::Done => return None,
        };
        Some((self.session_index(index) + 1, self.session.questions.len()))
    }

    /// Whether a recording is running now.
    pub fn is_recording(&self) -> bool {
        self.recording.is_some()
    }

    /// The live level of the running recording.
    pub fn level(&self) -> Option<std::sync::Arc<dyn LevelSource>> {
        self.recording.as_ref().map(|r| r.recording.level())
    }

    /// Whether metrics are still being computed.
    pub fn analysing(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// The latest take of session question `index`.
    pub fn latest_take(&self, index: usize) -> Option<&Take> {
        self.session.questions.get(index)?.takes.last()
    }

    /// What to show about the latest take's delivery metrics.
    pub fn metrics_view(&self, index: usize, thresholds: &Thresholds) -> MetricsView {
        let Some(take) = self.latest_take(index) else {
            return MetricsView::NotRecorded;
        };
        if let Some(m) = &take.metrics {
            let words = take.transcript.as_ref().map(|t| t.words.as_slice());
            return MetricsView::Ready(crate::analysis::words::take_observations(
                m, words, thresholds,
            ));
        }
        if self
            .jobs
            .iter()
            .any(|j| j.index == index && j.take == take.number)
        {
            return MetricsView::Running;
        }
        if let Some(e) = self.analysis_errors.get(&(index, take.number)) {
            return MetricsView::Failed(e.clone());
        }
        if take.wav.is_none() || take.audio_s <= 0.0 {
            MetricsView::NotRecorded
        } else {
            MetricsView::Running
        }
    }

    /// What to show of the latest take's words.
    pub fn transcript_view(&self, index: usize) -> TranscriptView {
        let Some(take) = self.latest_take(index) else {
            return TranscriptView::None;
        };
        if let Some(t) = &take.transcript {
            return TranscriptView::Ready(t.clone());
        }
        if let Some(job) = self
            .transcripts
            .iter()
            .find(|j| j.index == index && j.take == take.number)
        {
            return TranscriptView::Running(job.partial());
        }
        if let Some(e) = self.transcript_errors.get(&(index, take.number)) {
            return TranscriptView::Failed(e.clone());
        }
        if !self.transcripts_on {
            TranscriptView::Off
        } else {
            TranscriptView::None
        }
    }

    /// Whether transcripts of finished recordings are still being made (a take being recorded
    /// is transcribed as it goes, which is not waiting on anything).
    pub fn transcribing(&self) -> bool {
        self.transcripts.iter().any(TranscriptJob::finishing)
    }

    /// Its transcript jobs, for whoever saves them once it has ended (see
    /// `Review::adopt_transcripts`).
    pub fn take_transcripts(&mut self) -> Vec<TranscriptJob> {
        std::mem::take(&mut self.transcripts)
    }

    /// Per-frame work: timers, recording errors, finished analyses, form drafts.
    pub fn logic(&mut self, now: Instant, env: &Env<'_>) {
        let events = self.interview.tick(now);
        self.handle(events, env);
        self.transcripts_on = env.transcriber.is_some();
        self.poll_recording(env);
        self.poll_jobs(env.store);
        self.poll_transcripts(env.store);
        if self.interview.phase() == Phase::Reflect {
            self.reflection.keep_timing(now);
        }
        self.save_drafts(now, false, env);
        let (packs, dir) = (&self.session.pack_ids, &self.dir);
        self.previous
            .start_once(env.store, packs, dir, env.repaint.clone());
        self.previous.poll();
        self.load_player(env.repaint.clone());
    }

    /// Writes the rating or reflection form into `session.json` about a second after the last
    /// change, so a kill loses at most that second of typing.
    /// `closing` writes any change at once (the window is closing).
    fn save_drafts(&mut self, now: Instant, closing: bool, env: &Env<'_>) {
        let at = (!closing).then_some(now);
        let due_in = match self.interview.phase() {
            Phase::Rate { index } => {
                if let Some(rating) = self.rating_draft.due(&self.rating.to_rating(), at) {
                    let question = self.session_index(index);
                    self.session.rating_draft = Some(RatingDraft { question, rating });
                    self.save(env.store);
                }
                at.and_then(|now| self.rating_draft.due_in(now))
            }
            Phase::Reflect => {
                let current = self.reflection.draft(now);
                if let Some(reflection) = self.reflection_draft.due(&current, at) {
                    self.session.reflection_draft = Some(reflection);
                    self.save(env.store);
                }
                at.and_then(|now| self.reflection_draft.due_in(now))
            }
            _ => None,
        };
        // The window wakes up when the draft is due, even if nothing else happens.
        self.draft_due_in = due_in;
    }

    /// How soon an unsaved draft is due to be written, if one is waiting.
    pub fn draft_due_in(&self) -> Option<std::time::Duration> {
        self.draft_due_in
    }

    /// Carries out what the interview asked for.
    pub fn handle(&mut self, events: Vec<Event>, env: &Env<'_>) {
        for event in events {
            match event {
                Event::StartRecording { index, think, .. } => {
                    // Release the speaker and the WAV before the microphone starts.
                    self.listening.release();
                    if let Some(voice) = &mut self.voice {
                        voice.stop();
                    }
                    self.start_take(self.session_index(index), think, env);
                }
                Event::StopRecording {
                    index,
                    answered,
                    reason,
                    ..
                } => self.stop_take(self.session_index(index), answered, reason, env),
                Event::PartMarked {
                    index,
                    take,
                    part,
                    at,
                } => {
                    let index = self.session_index(index);
                    if let Some(t) = self.session.take_mut(index, take) {
                        crate::session::parts::place(&mut t.part_marks, part, at.as_secs_f64());
                        self.save(env.store);
                    }
                }
                Event::Deferred { index, count } => {
                    self.session.defer(self.session_index(index), count);
                    if let Some(voice) = &mut self.voice {
                        voice.defer(index, count);
                    }
                    self.save(env.store);
                }
                Event::Reflect { ended_early } => {
                    // The questions are over; the session is complete once the reflection is.
                    self.ended_early = ended_early;
                    self.session.ended_at = Some(Utc::now());
                    self.save(env.store);
                }
            }
        }
    }

    fn start_take(&mut self, index: usize, think: std::time::Duration, env: &Env<'_>) {
        // A finished recording is never overwritten: the take number follows the takes on disk.
        let Some(record) = self.session.questions.get(index) else {
            return;
        };
        let mut number = record.takes.len() as u32 + 1;
        while self.dir.join(wav_name(index, number)).exists() {
            number += 1;
        }
        let name = wav_name(index, number);
        let path = self.dir.join(&name);
        let mut take = Take::recording(number, Some(name), Utc::now(), think.as_secs_f64());
        if self.disk_full() {
            // A recording would only leave an empty file: time the answer, say why once.
            take.wav = None;
            take.status = TakeStatus::NotRecorded;
            take.error = Some("The disk was full, so this answer was not recorded.".into());
            self.session.questions[index].takes.push(take);
            self.save(env.store);
            return;
        }
        match env.audio.start_recording(env.device, &path) {
            Ok(recording) => {
                let started_at = crate::video::clock_now();
                let video = env
                    .camera
                    .as_ref()
                    .map(|camera| start_video(camera, &self.dir, index, number, &mut take, env));
                self.recording = Some(ActiveRecording {
                    index,
                    take: number,
                    recording,
                    video,
                    started_at,
                    first_sample_at: None,
                    offset_saved: false,
                    drift_saved_at: None,
                });
                if let Some(transcriber) = &env.transcriber {
                    self.transcripts.push(TranscriptJob::start(
                        path.clone(),
                        index,
                        number,
                        transcriber.clone(),
                        env.repaint.clone(),
                    ));
                }
            }
            Err(e) => {
                take.wav = None;
                take.status = TakeStatus::NotRecorded;
                take.error = Some(e.to_string());
                self.log
                    .push(("starting a recording", e.detail().to_owned()));
                self.message = Some(format!("{e} The answer is timed but not recorded."));
            }
        }
        self.session.questions[index].takes.push(take);
        self.save(env.store);
    }

    /// The self-view of the answer being filmed.
    pub fn self_view(&self) -> Option<&crate::video::SelfView> {
        Some(self.recording.as_ref()?.video.as_ref()?.view())
    }

    fn stop_take(
        &mut self,
        index: usize,
        answered: std::time::Duration,
        reason: crate::interview::StopReason,
        env: &Env<'_>,
    ) {
        let mut recording = self.recording.take_if(|r| r.index == index);
        let video = recording.as_mut().and_then(finish_video);
        let result = recording.map(|r| (r.take, r.recording.finish()));
        if let Some((number, _)) = &result {
            self.finish_transcript(index, *number);
        }
        let Some(take) = self
            .session
            .questions
            .get_mut(index)
            .and_then(|q| q.takes.last_mut())
        else {
            return;
        };
        take.answer_s = answered.as_secs_f64();
        take.stop_reason = Some(reason);
        let camera_error = video.and_then(|finished| finished.apply(&mut take.video));
        match result {
            Some((_, Ok(captured))) => {
                take.audio_s = captured.duration.as_secs_f64();
                take.sample_rate = Some(captured.sample_rate);
                take.dropped_frames = captured.dropped_frames;
                if let Some(why) = captured.interrupted {
                    take.status = TakeStatus::Interrupted;
                    take.error = Some(why);
                } else {
                    take.status = TakeStatus::Recorded;
                }
            }
            Some((_, Err(e))) => {
                take.status = TakeStatus::Interrupted;
                take.error = Some(e.to_string());
                self.log
                    .push(("finishing a recording", e.detail().to_owned()));
                self.message = Some(format!("The recording could not be finished. {e}"));
            }
            None => {
                if take.status == TakeStatus::Recording {
                    take.status = TakeStatus::Interrupted;
                }
            }
        }
        let analyse = take.wav.as_ref().filter(|_| take.audio_s > 0.0);
        if let Some(wav) = analyse.map(|name| self.dir.join(name)) {
            let number = take.number;
            self.analyse(wav, index, number, env.repaint.clone());
        }
        if let Some(e) = camera_error {
            self.camera_failed(&e);
        }
        self.save(env.store);
    }

    /// The camera could not be opened for an answer: logged, and the user told that the
    /// answer is recorded without video.
    fn camera_failed(&mut self, e: &crate::video::VideoError) {
        self.log
            .push(("starting the camera", e.detail().to_owned()));
        self.message = Some(format!("{e} This answer is recorded without video."));
    }

    /// Transcribes a take already recorded (a recovered one) in the background; the
    /// transcript is saved when ready.
    pub fn transcribe(
        &mut self,
        wav: PathBuf,
        index: usize,
        number: u32,
        transcriber: TranscriberFactory,
        repaint: Option<crate::app::Repaint>,
    ) {
        let job = TranscriptJob::start(wav, index, number, transcriber, repaint);
        job.finish();
        self.transcripts.push(job);
    }

    /// Computes the delivery metrics of a take in the background; they are saved when ready.
    pub fn analyse(
        &mut self,
        wav: PathBuf,
        index: usize,
        number: u32,
        repaint: Option<crate::app::Repaint>,
    ) {
        self.jobs
            .push(AnalysisJob::spawn(wav, index, number, repaint));
    }

    fn poll_recording(&mut self, env: &Env<'_>) {
        self.poll_video(env);
        let Some(active) = self.recording.as_mut() else {
            return;
        };
        let Some(error) = active.recording.poll_error() else {
            return;
        };
        // The device went away: keep what was recorded, keep timing without audio.
        let Some(active) = self.recording.take() else {
            return;
        };
        let mut active = active;
        let video = finish_video(&mut active);
        let finished = active.recording.finish();
        self.finish_transcript(active.index, active.take);
        if let Some(take) = self.session.take_mut(active.index, active.take) {
            if let Some(finished) = video {
                // The microphone's loss is the message; a camera that never opened is logged.
                if let Some(e) = finished.apply(&mut take.video) {
                    self.log
                        .push(("starting the camera", e.detail().to_owned()));
                }
            }
            take.status = TakeStatus::Interrupted;
            take.error = Some(error.message.clone());
            if let Ok(captured) = finished {
                take.audio_s = captured.duration.as_secs_f64();
                take.sample_rate = Some(captured.sample_rate);
                take.dropped_frames = captured.dropped_frames;
            }
        }
        self.message = Some(
            if crate::session::recovery::mentions_disk_full(&error.detail) {
                "Recording stopped because the disk is full. The audio so far is kept; the answer \
             is still timed."
                    .to_owned()
            } else {
                format!(
                    "Recording stopped. {error} The audio so far is kept; the answer is still timed."
                )
            },
        );
        self.save(env.store);
    }

    /// Saves the video's offset once its first frame is in (so a recovered take keeps it),
    /// and stops filming when the camera fails (the audio goes on).
    fn poll_video(&mut self, env: &Env<'_>) {
        let Some(active) = self.recording.as_mut() else {
            return;
        };
        let Some(video) = active.video.as_mut() else {
            return;
        };
        let (index, number) = (active.index, active.take);
        if let Filming::Opening(opening) = video {
            match opening.poll() {
                None => return,
                Some(Ok(video)) => active.video = Some(Filming::Recording(video)),
                Some(Err(e)) => {
                    active.video = None;
                    if let Some(take) = self.session.take_mut(index, number) {
                        take.video = None;
                    }
                    self.camera_failed(&e);
                    self.save(env.store);
                    return;
                }
            }
        }
        let Some(Filming::Recording(video)) = active.video.as_mut() else {
            return;
        };
        if let Some(error) = video.poll_error() {
            let audio_at = active.audio_at().or(active.started_at);
            let audio_ppm = active.recording.clock_drift_ppm();
            let finished = active.video.take().and_then(|v| match v {
                Filming::Recording(v) => Some((v.finish(), audio_at)),
                Filming::Opening(_) => None,
            });
            self.log.push(("filming an answer", error));
            self.message = Some(
                "The camera stopped working; the video so far is kept and the answer goes on \
                 with audio only."
                    .into(),
            );
            if let (Some((result, audio_at)), Some(take)) =
                (finished, self.session.take_mut(index, number))
            {
                FinishedVideo {
                    result: Ok(result),
                    audio_at,
                    audio_ppm,
                }
                .apply(&mut take.video);
                if let Some(video) = take.video.as_mut() {
                    video
                        .error
                        .get_or_insert_with(|| "The camera stopped during this answer.".into());
                }
            }
            self.save(env.store);
            return;
        }
        let offset = if active.offset_saved {
            None
        } else {
            offset_ms(video.first_frame_at(), active.audio_at())
        };
        active.offset_saved |= offset.is_some();
        let drift = active.drift_to_save();
        if offset.is_none() && drift.is_none() {
            return;
        }
        if let Some(v) = self
            .session
            .take_mut(index, number)
            .and_then(|t| t.video.as_mut())
        {
            if let Some(offset) = offset {
                v.offset_ms = offset;
            }
            if let Some(ppm) = drift {
                v.audio_clock_ppm = ppm;
            }
            self.save(env.store);
        }
    }

    fn poll_jobs(&mut self, store: &SessionStore) {
        let done = ended(&mut self.jobs, |j| Some((j.index, j.take, j.poll()?)));
        let failed = self.record(done, "measuring a take", store, |take, metrics| {
            take.metrics = Some(metrics);
        });
        self.analysis_errors.extend(failed);
    }

    /// The recording of take `number` has ended: its transcript job transcribes the rest.
    fn finish_transcript(&mut self, index: usize, number: u32) {
        if let Some(job) = self
            .transcripts
            .iter()
            .find(|j| j.index == index && j.take == number)
        {
            job.finish();
        }
    }

    fn poll_transcripts(&mut self, store: &SessionStore) {
        let done = ended(&mut self.transcripts, |j| {
            Some((j.index, j.take, j.poll()?))
        });
        let failed = self.record(done, "transcribing a take", store, |take, transcript| {
            take.transcript = Some(transcript);
        });
        self.transcript_errors.extend(failed);
    }

    /// Puts each result of background work on its take with `apply` and saves; returns the
    /// failures, by (question, take), after logging them under `context`.
    fn record<R>(
        &mut self,
        done: Vec<(usize, u32, Result<R, String>)>,
        context: &'static str,
        store: &SessionStore,
        apply: impl Fn(&mut Take, R),
    ) -> Vec<((usize, u32), String)> {
        let mut failed = Vec::new();
        if done.is_empty() {
            return failed;
        }
        for (index, number, result) in done {
            match result {
                Ok(value) => {
                    if let Some(take) = self.take_mut(index, number) {
                        apply(take, value);
                    }
                }
                Err(e) => {
                    self.log.push((context, e.clone()));
                    failed.push(((index, number), e));
                }
            }
        }
        self.save(store);
        failed
    }

    fn take_mut(&mut self, index: usize, number: u32) -> Option<&mut Take> {
        self.session.take_mut(index, number)
    }

    /// The window is closing: a running answer is stopped and saved properly; the session
    /// stays `in_progress`, so the next start offers to resume it.
    pub fn shutdown(&mut self, now: Instant, env: &Env<'_>) {
        if let Phase::Answer { index, .. } = self.interview.phase() {
            let answered = self
                .interview
                .answer_timer(now)
                .map_or(std::time::Duration::ZERO, |t| t.elapsed);
            let index = self.session_index(index);
            self.stop_take(
                index,
                answered,
                crate::interview::StopReason::SessionEnded,
                env,
            );
        }
        self.save_drafts(now, true, env);
        // The analysis threads are joined when `jobs` drops; their results would be lost, so
        // wait for them here and save them.
        while self.analysing() {
            std::thread::sleep(std::time::Duration::from_millis(5));
            self.poll_jobs(env.store);
        }
    }

    /// Saves the rating of the question being rated and moves on.
    pub fn save_rating(&mut self, now: Instant, env: &Env<'_>) {
        let Phase::Rate { index } = self.interview.phase() else {
            return;
        };
        let index = self.session_index(index);
        if let Some(q) = self.session.questions.get_mut(index) {
            q.rate_latest(self.rating.to_rating());
        }
        self.session.rating_draft = None;
        self.rating = RatingForm::new(rating_items_in(self.session.settings.mode));
        self.rating_draft = DraftSaver::new(self.rating.to_rating());
        self.save(env.store);
        let events = self.interview.next_question(now);
        self.handle(events, env);
        self.ask_if_asking(now, env);
    }

    /// Puts the question being thought about off until the end (drill), and asks the next.
    pub fn defer(&mut self, now: Instant, env: &Env<'_>) {
        let events = self.interview.defer(now);
        self.handle(events, env);
        self.ask_if_asking(now, env);
    }

    /// Asks the question being thought about again; its countdown starts when it is asked.
    pub fn ask_again(&mut self, now: Instant, env: &Env<'_>) {
        if self.voice.is_none() {
            return;
        }
        self.interview.ask_again(now);
        self.ask_if_asking(now, env);
    }

    /// Whether the questions are read aloud in this session.
    pub fn has_voice(&self) -> bool {
        self.voice.is_some()
    }

    /// Saves the reflection (the thank-you note's timer stops at `now`); the session is
    /// complete.
    pub fn save_reflection(&mut self, now: Instant, env: &Env<'_>) {
        self.reflection.stop_timing(now);
        self.session.reflection = Some(self.reflection.to_reflection(now));
        self.session.complete(Utc::now());
        self.save(env.store);
        self.interview.finish();
    }

    /// The session folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Starts filming take `number` of question `index` beside its WAV in `dir`, on its own
/// thread; `take` names the video file now, so that a crash while it opens is recovered.
fn start_video(
    camera: &crate::video::CameraSource,
    dir: &Path,
    index: usize,
    number: u32,
    take: &mut Take,
    env: &Env<'_>,
) -> Filming {
    let file = crate::video::video_name(index, number);
    let opening = crate::video::VideoRecording::opening(
        camera,
        &dir.join(&file),
        env.video_options,
        env.repaint.clone(),
    );
    take.video = Some(crate::session::TakeVideo {
        file,
        frames: 0,
        dropped_frames: 0,
        offset_ms: 0,
        audio_clock_ppm: 0,
        error: None,
    });
    Filming::Opening(opening)
}

/// A take's finished video, with the audio's start on the same clock.
struct FinishedVideo {
    result: Result<crate::video::VideoResult, crate::video::VideoError>,
    audio_at: Option<u64>,
    /// The microphone's clock drift over the take, when it was long enough to tell.
    audio_ppm: Option<i32>,
}

impl FinishedVideo {
    /// Writes what was filmed into the take's video record; a camera that never opened
    /// leaves the take without video, and its error is returned.
    fn apply(
        self,
        record: &mut Option<crate::session::TakeVideo>,
    ) -> Option<crate::video::VideoError> {
        let result = match self.result {
            Ok(result) => result,
            Err(e) => {
                *record = None;
                return Some(e);
            }
        };
        let video = record.as_mut()?;
        video.frames = result.frames;
        video.dropped_frames = result.dropped_frames;
        video.audio_clock_ppm = self.audio_ppm.unwrap_or(0);
        if let Some(offset) = offset_ms(result.first_frame_at, self.audio_at) {
            video.offset_ms = offset;
        }
        if let Some(error) = result.error {
            video.error = Some(format!("The video did not end cleanly: {error}"));
        }
        None
    }
}

impl ActiveRecording {
    /// When the WAV's first sample was captured, on the video clock (ns); `None` until the
    /// device has delivered it (a fresh PulseAudio's first capture stream: 250–450 ms after
    /// the stream was started). Refined over the first callbacks, so the offset saved with
    /// the first frame is saved again when the take ends.
    fn audio_at(&mut self) -> Option<u64> {
        if let Some(at) = self
            .recording
            .first_sample_at()
            .and_then(crate::video::clock_at)
        {
            self.first_sample_at = Some(at);
        }
        self.first_sample_at
    }

    /// The microphone's clock drift when it is due to be saved: once known (20 s in), and
    /// again each time the take is half as long again, so a take cut off by a crash keeps it
    /// for a handful of saves per take.
    fn drift_to_save(&mut self) -> Option<i32> {
        let ppm = self.recording.clock_drift_ppm()?;
        let now = crate::video::clock_now().unwrap_or(0);
        let taken = now.saturating_sub(self.started_at.unwrap_or(now));
        if self.drift_saved_at.is_some_and(|at| taken < at + at / 2) {
            return None;
        }
        self.drift_saved_at = Some(taken);
        Some(ppm)
    }
}

/// Stops the recording's video, if it has one. The offset counts from the WAV's first
/// sample, or from the stream's start when no sample ever came.
fn finish_video(active: &mut ActiveRecording) -> Option<FinishedVideo> {
    let result = match active.video.take()? {
        Filming::Recording(video) => Ok(video.finish()),
        // The answer ended while the camera was still opening: let it open, then finish.
        Filming::Opening(opening) => opening.wait().map(crate::video::VideoRecording::finish),
    };
    Some(FinishedVideo {
        result,
        audio_at: active.audio_at().or(active.started_at),
        audio_ppm: active.recording.clock_drift_ppm(),
    })
}

/// Milliseconds from the audio's start to the video's first frame, both on the video clock.
fn offset_ms(first_frame_at: Option<u64>, audio_at: Option<u64>) -> Option<i64> {
    let (video, audio) = (first_frame_at?, audio_at?);
    Some(((video as i128 - audio as i128) / 1_000_000) as i64)
}

/// Removes the jobs that have ended from `jobs`; returns their (question, take, result).
fn ended<J, R>(
    jobs: &mut Vec<J>,
    mut poll: impl FnMut(&mut J) -> Option<(usize, u32, R)>,
) -> Vec<(usize, u32, R)> {
    let mut done = Vec::new();
    jobs.retain_mut(|job| match poll(job) {
        Some(result) => {
            done.push(result);
            false
        }
        None => true,
    });
    done
}
