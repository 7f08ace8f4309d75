//! The interview state machine driven with made-up instants: phases, timers, events.

use super::*;
use crate::pack::QuestionType;

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// The event that ends take `take` of question `index` after `answered`.
fn stop(index: usize, take: u32, answered: Duration, reason: StopReason) -> Event {
    Event::StopRecording {
        index,
        take,
        answered,
        reason,
    }
}

/// The event that starts take `take` of question `index` after `think`.
fn start(index: usize, take: u32, think: Duration) -> Event {
    Event::StartRecording { index, take, think }
}

fn plan(n: usize, think: u32, answer: u32) -> Vec<PlannedQuestion> {
    (0..n)
        .map(|i| PlannedQuestion {
            pack_id: "test".into(),
            question: Question::new(
                &format!("q{i}"),
                &format!("Question {i}"),
                QuestionType::General,
            ),
            timings: Timings {
                think_seconds: think,
                answer_seconds: answer,
            },
            follow_up: false,
            asked_by: None,
        })
        .collect()
}

#[test]
fn think_then_answer_then_hard_stop_at_the_limit() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(2, 15, 90), t0);
    assert_eq!(iv.tick(t0 + secs(14)), vec![]);
    assert_eq!(iv.think_remaining(t0 + secs(14)), Some(secs(1)));
    // A late frame: the answer still starts when the countdown ended.
    let ev = iv.tick(t0 + secs(16));
    assert_eq!(ev, vec![start(0, 1, secs(15))]);
    assert_eq!(
        iv.phase(),
        Phase::Answer {
            index: 0,
            take: 1,
            since: t0 + secs(15)
        }
    );
    let timer = iv.answer_timer(t0 + secs(16)).unwrap();
    assert_eq!((timer.elapsed, timer.remaining), (secs(1), secs(89)));
    assert_eq!(iv.tick(t0 + secs(104)), vec![]);
    let ev = iv.tick(t0 + secs(200));
    assert_eq!(ev, vec![stop(0, 1, secs(90), StopReason::TimeLimit)]);
    assert_eq!(iv.phase(), Phase::Rate { index: 0 });
    assert_eq!(iv.answer_timer(t0 + secs(200)), None);
}

#[test]
fn skip_think_and_stop_answer_early() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(1, 15, 90), t0);
    let ev = iv.skip_think(t0 + secs(3));
    assert_eq!(ev, vec![start(0, 1, secs(3))]);
    let ev = iv.stop_answer(t0 + secs(50));
    assert_eq!(ev, vec![stop(0, 1, secs(47), StopReason::Manual)]);
    // Space again on the rating form does nothing.
    assert_eq!(iv.stop_answer(t0 + secs(51)), vec![]);
    assert_eq!(iv.skip_think(t0 + secs(51)), vec![]);
    assert_eq!(
        iv.next_question(t0 + secs(60)),
        vec![Event::Reflect { ended_early: false }]
    );
    assert_eq!(iv.phase(), Phase::Reflect);
    iv.finish();
    assert_eq!(iv.phase(), Phase::Done);
}

#[test]
fn zero_think_time_starts_recording_at_once() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(2, 0, 30), t0);
    assert_eq!(iv.tick(t0), vec![start(0, 1, secs(0))]);
    iv.stop_answer(t0 + secs(10));
    // next_question ticks, so the next answer starts immediately too.
    assert_eq!(iv.next_question(t0 + secs(20)), vec![start(1, 1, secs(0))]);
}

#[test]
fn retake_keeps_counting_takes_while_answering_and_from_the_rating_form() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(1, 5, 60), t0);
    iv.skip_think(t0);
    let ev = iv.retake(t0 + secs(10));
    assert_eq!(
        ev,
        vec![
            stop(0, 1, secs(10), StopReason::Retake),
            start(0, 2, secs(0)),
        ]
    );
    // The new take gets the full limit from its own start.
    assert_eq!(iv.answer_timer(t0 + secs(10)).unwrap().remaining, secs(60));
    iv.stop_answer(t0 + secs(40));
    let ev = iv.retake(t0 + secs(45));
    assert_eq!(ev, vec![start(0, 3, secs(0))]);
    assert_eq!(iv.takes(0), 3);
    // Retake during thinking is meaningless: nothing happens.
    let mut iv = Interview::new(plan(1, 5, 60), t0);
    assert_eq!(iv.retake(t0 + secs(1)), vec![]);
}

#[test]
fn end_early_stops_the_recording_and_goes_to_reflection() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(3, 5, 60), t0);
    iv.skip_think(t0 + secs(1));
    let ev = iv.end_early(t0 + secs(21));
    assert_eq!(
        ev,
        vec![
            stop(0, 1, secs(20), StopReason::SessionEnded),
            Event::Reflect { ended_early: true },
        ]
    );
    assert_eq!(iv.phase(), Phase::Reflect);
    assert_eq!(iv.end_early(t0 + secs(22)), vec![]);
    // From the think countdown: no recording to stop.
    let mut iv = Interview::new(plan(3, 5, 60), t0);
    assert_eq!(
        iv.end_early(t0 + secs(2)),
        vec![Event::Reflect { ended_early: true }]
    );
}

#[test]
fn end_early_after_the_limit_passed_reports_the_hard_stop_first() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(1, 0, 30), t0);
    iv.tick(t0);
    let ev = iv.end_early(t0 + secs(45));
    assert_eq!(
        ev,
        vec![
            stop(0, 1, secs(30), StopReason::TimeLimit),
            Event::Reflect { ended_early: true },
        ]
    );
}

#[test]
fn band_edges_for_a_two_minute_answer() {
    let limit = secs(120);
    assert_eq!(band_edges(limit), (secs(60), secs(30)));
    assert_eq!(band_at(secs(59), limit), Band::Under);
    assert_eq!(band_at(secs(60), limit), Band::InBand);
    assert_eq!(band_at(secs(89), limit), Band::InBand);
    assert_eq!(band_at(secs(90), limit), Band::NearLimit);
    assert_eq!(band_at(secs(120), limit), Band::NearLimit);
}

#[test]
fn short_limits_warn_in_the_last_quarter() {
    let limit = secs(60);
    assert_eq!(band_edges(limit), (secs(30), secs(15)));
    assert_eq!(band_at(secs(29), limit), Band::Under);
    assert_eq!(band_at(secs(44), limit), Band::InBand);
    assert_eq!(band_at(secs(45), limit), Band::NearLimit);
}

#[test]
fn the_answer_timer_shows_the_band() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(1, 0, 120), t0);
    iv.tick(t0);
    assert_eq!(iv.answer_timer(t0 + secs(30)).unwrap().band, Band::Under);
    assert_eq!(iv.answer_timer(t0 + secs(75)).unwrap().band, Band::InBand);
    let near = iv.answer_timer(t0 + secs(95)).unwrap();
    assert_eq!((near.band, near.remaining), (Band::NearLimit, secs(25)));
}

#[test]
fn an_empty_plan_goes_straight_to_reflection() {
    let t0 = Instant::now();
    let iv = Interview::new(vec![], t0);
    assert_eq!(iv.phase(), Phase::Reflect);
    assert!(!iv.timer_running());
}

#[test]
fn with_a_voice_the_countdown_and_then_the_answer_start_only_after_the_question_is_asked() {
    let t0 = Instant::now();
    let ask = [Duration::from_millis(3_400), Duration::from_millis(2_100)];
    let mut iv = Interview::new(plan(2, 10, 60), t0).with_voice(ask.to_vec());
    // While asking: the countdown waits at its full length.
    assert!(iv.is_asking(t0 + secs(3)));
    assert_eq!(iv.think_remaining(t0 + secs(3)), Some(secs(10)));
    assert_eq!(
        iv.next_tick(t0 + secs(3)),
        Some(Duration::from_millis(405)),
        "wake at the end"
    );
    assert_eq!(
        iv.tick(t0 + secs(13)),
        vec![],
        "10 s after the start is not 10 s of thinking"
    );
    assert!(!iv.is_asking(t0 + ask[0]));
    assert_eq!(
        iv.think_remaining(t0 + secs(6)),
        Some(Duration::from_millis(7_400))
    );
    // The answer starts 10 s after the voice ended, not 10 s after the question appeared.
    assert_eq!(iv.tick(t0 + secs(14)), vec![start(0, 1, secs(10))]);
    let Phase::Answer { since, .. } = iv.phase() else {
        panic!("{:?}", iv.phase())
    };
    assert_eq!(since, t0 + ask[0] + secs(10));
    // The next question is asked too.
    let t1 = t0 + secs(20);
    iv.stop_answer(t1);
    iv.next_question(t1);
    assert!(iv.is_asking(t1 + secs(2)));
    assert!(!iv.is_asking(t1 + ask[1]));
}

#[test]
fn with_no_think_time_the_answer_starts_when_the_voice_ends_and_space_skips_the_voice() {
    let t0 = Instant::now();
    let ask = Duration::from_millis(2_500);
    let mut iv = Interview::new(plan(2, 0, 60), t0).with_voice(vec![ask, ask]);
    assert_eq!(iv.tick(t0 + secs(2)), vec![], "still asking");
    assert_eq!(iv.tick(t0 + secs(3)), vec![start(0, 1, secs(0))]);
    let Phase::Answer { since, .. } = iv.phase() else {
        panic!("{:?}", iv.phase())
    };
    assert_eq!(
        since,
        t0 + ask,
        "the answer timer starts when the voice ends"
    );
    // Space while the second question is being asked: the answer starts at once.
    let t1 = t0 + secs(10);
    iv.stop_answer(t1);
    iv.next_question(t1);
    assert_eq!(iv.skip_think(t1 + secs(1)), vec![start(1, 1, secs(0))]);
}

#[test]
fn a_voice_that_cannot_play_starts_the_countdown_at_once() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(1, 10, 60), t0).with_voice(vec![secs(3)]);
    iv.stop_asking(t0 + secs(1));
    assert!(!iv.is_asking(t0 + secs(1)));
    assert_eq!(iv.think_remaining(t0 + secs(2)), Some(secs(9)));
}

#[test]
fn part_marks_take_the_answer_timer_at_the_press() {
    let t0 = Instant::now();
    let mut questions = plan(2, 10, 120);
    questions[0].question.framework = Some(crate::pack::Framework::Star);
    let mut iv = Interview::new(questions, t0);
    // Not while thinking.
    assert_eq!(iv.mark_part(0, t0 + secs(2)), vec![]);
    iv.skip_think(t0 + secs(4));
    let mark = |part, at| Event::PartMarked {
        index: 0,
        take: 1,
        part,
        at,
    };
    assert_eq!(iv.mark_part(0, t0 + secs(6)), vec![mark(0, secs(2))]);
    assert_eq!(
        iv.mark_part(3, t0 + Duration::from_millis(70_500)),
        vec![mark(3, Duration::from_millis(66_500))]
    );
    // STAR has four parts: a fifth is nothing.
    assert_eq!(iv.mark_part(4, t0 + secs(71)), vec![]);
    // At the limit the answer stops first, and the mark is not placed.
    let late = iv.mark_part(1, t0 + secs(200));
    assert_eq!(late, vec![stop(0, 1, secs(120), StopReason::TimeLimit)]);
    // A question without a framework has no parts to mark.
    iv.next_question(t0 + secs(201));
    iv.skip_think(t0 + secs(202));
    assert_eq!(iv.mark_part(0, t0 + secs(203)), vec![]);
}

#[test]
fn a_mock_interview_allows_no_retakes_and_has_a_whole_session_budget() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(3, 10, 60), t0).with_mode(Mode::Mock);
    assert_eq!(iv.time_budget(), secs(3 * 70));
    iv.skip_think(t0);
    assert_eq!(iv.retake(t0 + secs(5)), vec![], "Ctrl+R does nothing");
    assert!(matches!(iv.phase(), Phase::Answer { take: 1, .. }));
    iv.stop_answer(t0 + secs(20));
    assert_eq!(
        iv.retake(t0 + secs(21)),
        vec![],
        "R on the form does nothing"
    );
    assert_eq!(iv.phase(), Phase::Rate { index: 0 });
    assert!(!iv.can_defer(), "no putting off in a mock interview");
    // A drill allows both.
    let mut drill = Interview::new(plan(3, 10, 60), t0);
    drill.skip_think(t0);
    drill.stop_answer(t0 + secs(20));
    assert_eq!(
        drill.retake(t0 + secs(21)),
        vec![start(0, 2, Duration::ZERO)]
    );
}

#[test]
fn a_question_put_off_goes_to_the_end_with_its_follow_ups() {
    let t0 = Instant::now();
    let mut questions = plan(4, 10, 60);
    questions[1].follow_up = true; // q1 follows up q0
    let voice: Vec<Duration> = (1..=4).map(secs).collect();
    let mut iv = Interview::new(questions, t0).with_voice(voice);
    assert!(iv.can_defer());
    let ev = iv.defer(t0 + secs(3));
    assert_eq!(ev, vec![Event::Deferred { index: 0, count: 2 }]);
    let ids: Vec<&str> = iv
        .questions()
        .iter()
        .map(|q| q.question.id.as_str())
        .collect();
    assert_eq!(ids, ["q2", "q3", "q0", "q1"]);
    // q2's voice (3 s) asks it, then its countdown runs.
    assert_eq!(
        iv.phase(),
        Phase::Think {
            index: 0,
            since: t0 + secs(6)
        }
    );
    assert!(iv.is_asking(t0 + secs(5)));
    // The next question can be put off too, but not the last one left.
    iv.defer(t0 + secs(7));
    let ids: Vec<&str> = iv
        .questions()
        .iter()
        .map(|q| q.question.id.as_str())
        .collect();
    assert_eq!(ids, ["q3", "q0", "q1", "q2"]);
    iv.skip_think(t0 + secs(20));
    iv.stop_answer(t0 + secs(30));
    iv.next_question(t0 + secs(31));
    iv.skip_think(t0 + secs(31));
    iv.stop_answer(t0 + secs(40));
    iv.next_question(t0 + secs(41));
    iv.skip_think(t0 + secs(41));
    iv.stop_answer(t0 + secs(50));
    iv.next_question(t0 + secs(51));
    assert!(matches!(iv.phase(), Phase::Think { index: 3, .. }));
    assert!(!iv.can_defer(), "q2 is the last question");
    assert_eq!(iv.defer(t0 + secs(52)), vec![]);
}

#[test]
fn asking_again_restarts_the_voice_and_the_countdown_after_it() {
    let t0 = Instant::now();
    let mut iv = Interview::new(plan(1, 10, 60), t0).with_voice(vec![secs(4)]);
    assert_eq!(iv.think_remaining(t0 + secs(9)), Some(secs(5)));
    iv.ask_again(t0 + secs(9));
    assert!(iv.is_asking(t0 + secs(12)));
    assert_eq!(iv.think_remaining(t0 + secs(13)), Some(secs(10)));
    assert_eq!(
        iv.tick(t0 + secs(22)),
        vec![],
        "the countdown started over at 13 s"
    );
    assert_eq!(iv.tick(t0 + secs(23)), vec![start(0, 1, secs(10))]);
    // Without a voice there is nothing to ask again.
    let mut silent = Interview::new(plan(1, 10, 60), t0);
    silent.ask_again(t0 + secs(5));
    assert_eq!(silent.think_remaining(t0 + secs(5)), Some(secs(5)));
}
