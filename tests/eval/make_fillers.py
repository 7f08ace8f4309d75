#!/usr/bin/env python3
"""Builds the filler-word evaluation set: synthetic interview answers (espeak-ng, several
voices and speeds) with known fillers, for tests/transcribe_fillers.rs.

    tests/eval/make_fillers.py DIR

Writes DIR/wav/fNN.wav and DIR/truth.jsonl, one line per answer:
    {"file": "fNN.wav", "voice": "...", "text": "...", "fillers": {"um": 2, "like": 1}}

Each answer is three or four sentences of an ordinary interview answer with three fillers
put in where people put them: at the start of a sentence, after a comma, before a hard
word. "like" and "you know" as fillers are set apart by commas (spoken as pauses); the
answers also use "like" and "you know" as ordinary words ("I would like to", "do you know
what"), which must not count. Deterministic: the same DIR contents every run.
"""

import json
import random
import subprocess
import sys
from pathlib import Path

ANSWERS = [
    "I led a small team that rebuilt our billing system. We had three months and a fixed budget. The launch went smoothly and support tickets fell by half.",
    "My biggest strength is staying calm under pressure. When our main server failed during a sale, I organised the response. We were back online in twenty minutes.",
    "I would like to grow into a leadership role. I enjoy helping new colleagues find their feet. Mentoring two interns last year taught me a lot.",
    "A customer once asked for a refund we could not give. I listened to the whole story first. Then I found a credit that solved the problem for both of us.",
    "I chose this company because of its work in renewable energy. Your recent wind project caught my attention. I want my skills to matter beyond the quarterly numbers.",
    "In my last role I managed the social media accounts. Engagement grew by forty percent in a year. I tested every idea with small experiments first.",
    "When two colleagues disagreed about a design, I set up a short meeting. Each of them explained their reasons. We picked the simpler option and shipped it on time.",
    "I taught myself data analysis in the evenings. Do you know what convinced me? A report at work that nobody could explain.",
    "My weakness used to be saying yes to everything. I now plan my week every Monday morning. It helps me protect time for the important work.",
    "At the restaurant I trained six new waiters. I wrote a simple checklist for their first week. Mistakes on orders dropped within a month.",
    "I moved from teaching into software testing. The patience I learned in the classroom helps me every day. Finding a bug is a lot like finding a gap in a lesson.",
    "The hardest project I worked on had no clear owner. I wrote down who decided what. After that, meetings got shorter and deadlines held.",
    "I handle feedback by asking for examples. Last year a manager said my reports were too long. I cut them to one page and she noticed at once.",
    "In five years I see myself leading a product team. I want to understand customers better first. That is why this role appeals to me.",
    "I volunteered to organise the office move. There were forty people and one weekend. Everyone had a working desk on Monday morning.",
    "My degree was in history, not business. Research taught me to check every source. I bring the same care to market analysis.",
    "Once I missed a deadline because I underestimated the work. I told my manager early and proposed a new date. Since then I add a buffer to every estimate.",
    "I enjoy working with numbers and with people. As an accountant I explain figures to managers who hate spreadsheets. Clear charts help them decide faster.",
    "Our warehouse kept running out of popular items. I built a simple forecast from last year's sales. Stock outages fell from weekly to rare.",
    "I would like to learn more about your training programme. How do new engineers spend their first month? Do you know yet who I would work with?",
    "During my internship I wrote the onboarding guide. New starters said it saved them days. The team still updates it today.",
    "I think the most important skill in sales is listening. Customers tell you what they need if you let them. My best month came from asking better questions.",
    "I changed careers at thirty five. It was scary to start again as a junior. But my experience with clients made me useful from day one.",
    "When the budget was cut, I had to drop one feature. I asked users which one they would miss least. We removed it and nobody complained.",
]

# Fillers and how each is written in the text: hesitations stand alone; "like" and "you know"
# are set apart by commas, as a speaker's pauses would.
FILLERS = [
    ("um", "um,"),
    ("uh", "uh,"),
    ("um", "um,"),
    ("uh", "uh,"),
    ("hmm", "hmm,"),
    ("like", "like,"),
    ("you know", "you know,"),
]

VOICES = ["en-us", "en-gb", "en-us+f3", "en-gb+m3", "en-us+m7", "en+f4"]
SPEEDS = [150, 165, 175, 160]


# How a hesitation is spoken (SSML): drawn out, with a short pause on each side, the way
# people say it. espeak-ng reads "uh," at the speed of the sentence around it, 0.27 s, like
# the article "a", and tiny.en (issue 9's prompt) wrote 19 of this set's 55 hesitations,
# hearing the sentence without the rest (or "a", "I am"); drawn out like this, 44. People's
# "uh" and "um" last about 0.3-1 s and sit in a pause. (espeak-ng says "hmm" as "h@m", a
# hum, which Whisper writes "um"; tests/transcribe_fillers.rs reports that kind apart.)
HESITATION_SSML = '<break time="200ms"/><prosody rate="x-slow">{}</prosody><break time="250ms"/>'


def spoken(text):
    """`text` as SSML for espeak-ng, with its hesitations drawn out."""
    words = []
    for word in text.split(" "):
        bare = word.rstrip(",")
        if bare.lower() in ("um", "uh", "hmm"):
            words.append(HESITATION_SSML.format(bare))
        else:
            words.append(word.replace("&", "&amp;").replace("<", "&lt;"))
    return "<speak>" + " ".join(words) + "</speak>"


def with_fillers(text, rng):
    """`text` with three fillers put in at word boundaries, and their counts."""
    words = text.split(" ")
    slots = rng.sample(range(1, len(words)), 3)
    counts = {}
    for slot in sorted(slots, reverse=True):
        name, spoken = rng.choice(FILLERS)
        counts[name] = counts.get(name, 0) + 1
        if name in ("like", "you know") and not words[slot - 1].endswith((",", ".", "?", "!")):
            words[slot - 1] += ","  # set apart: a comma before it as well as after
        words.insert(slot, spoken)
    return " ".join(words), counts


def main():
    out = Path(sys.argv[1])
    (out / "wav").mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261202)
    lines = []
    for i, answer in enumerate(ANSWERS):
        text, counts = with_fillers(answer, rng)
        voice = VOICES[i % len(VOICES)]
        speed = SPEEDS[i % len(SPEEDS)]
        name = f"f{i + 1:02}.wav"
        subprocess.run(
            ["espeak-ng", "-m", "-v", voice, "-s", str(speed), "-w", str(out / "wav" / name), spoken(text)],
            check=True,
        )
        lines.append({"file": name, "voice": voice, "speed": speed, "text": text, "fillers": counts})
    with open(out / "truth.jsonl", "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    total = sum(sum(l["fillers"].values()) for l in lines)
    print(f"{len(lines)} answers, {total} fillers, in {out}")


if __name__ == "__main__":
    main()
