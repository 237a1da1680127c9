"""When an event happened: the date expression that modifies the event's own clause, read in
the direction of its tense.

"The court, which heard the case in May, ruled on Friday": the ruling is Friday's, the
hearing May's. A date is taken only when it hangs off the governing verb or the event noun
("Tuesday's ruling", "the 2020 ban", "the August 30 order"), or stands in the same clause
without another verb in between; a date in another clause belongs to that clause's event.
"On Sunday" before a future verb is the coming Sunday; "April last year" is last year's April.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from extractors import dates as datelib
from extractors.events.date_clauses import (
    CARRIERS,
    IMPLICATIVE,
    SAME_TIME,
    clause_head,
    clause_verb,
    closes_relative_clause,
    condition,
    day_named_by_copula,
    fronted_for_both,
    in_its_when_clause,
    marked,
    one_clause,
    opens,
    reported_on,
    shared_by_conjunct,
    shares_time_with,
    taking_effect,
    tells_beginning,
    verb_of_object_s_date,
)
from extractors.events.grammar import CLAUSE_DEPS, ORDER_VERBS, Frame, participle_frame
from extractors.gazetteer import load_toml
from extractors.lookup import sentence_of, span_text

_DATE_LABELS = ("DATE", "TIME")
_SPEECH_NOUNS = frozenset(load_toml("cues.toml")["attribution"]["speech_nouns"])
_PAST_TAGS = ("VBD", "VBN")
_LAW_WORDS = frozenset(
    {*load_toml("cues.toml")["resolution"]["law_heads"], "rule", "statute", "legislation", "guidelines", "requirement"}
)


# nouns that sum up a sentence's act in an apposition: "..., a move announced on March 16"
_SUMMING_NOUNS = frozenset({"measure", "move", "step", "decision", "action", "order", "ruling", "ban"})


_FRONTED = 3  # the link of a date that opens the sentence, for a coordinated clause


# a month (with or without its day) and no year, weekday or counted span: "on 6 April", "in June"
_YEARLESS = re.compile(
    r"^(?:(?:on|in|by|from|since|until|early|late|mid|the)[\s-]+)*(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    rf"(?:{datelib.MONTH_RE})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?$",
    re.I,
)
_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
# words that make a counted span approximate without changing its unit: "more than nine months"
_ROUGHLY = re.compile(r"^(?:more than|over|almost|nearly|about|around|roughly|some|just|less than)\s+", re.I)


_UNTIL = frozenset({"until", "till", "til", "through", "thru"})
_UNCOUNTED_SPANS = frozenset({"months", "years", "decades"})

# verbs of beginning and ending whose gerund complement happens when they do: "stopped working
# on Saturday" is the stopping's Saturday
_ASPECTUAL = frozenset({"stop", "cease", "start", "begin", "resume", "quit"})
# A suit's aim is not done when the suit is brought: "sued to block the law in December" tells
# December's suit (the parser hangs the day on the aim's verb)
_SUING = frozenset({"sue", "petition", "file", "appeal", "move"})


def _vaguely_later(mark: Token) -> bool:
    """'months after', 'years after': later by a span the text does not count ('two years
    after' is counted, from the date it names)."""
    doc = mark.doc
    span = doc[mark.i - 1] if mark.i > 0 else None
    if span is None or span.lower_ not in _UNCOUNTED_SPANS:
        return False
    return not (span.i > 0 and (doc[span.i - 1].like_num or doc[span.i - 1].lower_ in ("a", "an", "several", "few")))


def _first_day(value: str) -> date:
    return date.fromisoformat((value + "-01-01")[:10])


class Dating:
    def __init__(self, doc: Doc, published: date | None) -> None:
        self.doc = doc
        self.published = published
        dateline = doc._.dateline
        skip = range(*dateline) if dateline else range(0)
        self.ents = [e for e in doc.ents if e.label_ in _DATE_LABELS and e.start not in skip]
        self.starts = [e.start for e in self.ents]
        self.triggers: set[int] = set()  # trigger tokens of the article's events, set by the extractor
        self.last: str | None = None  # the latest strongly dated event, for "the same day"
        self.last_sentence: int | None = None  # where it was told

    def now(self, ent: Span | Token) -> date | None:
        """The day a date is read against: a liveblog entry's own stamp ('Tue., Jan. 14 — ...
        since Monday evening' is Jan. 13), else publication."""
        entries = self.doc._.entries or []
        first = ent.i if isinstance(ent, Token) else ent.start
        day = next((d for start, d in reversed(entries) if start <= first), None)
        return date.fromisoformat(day) if day else self.published

    def in_sentence(self, sent: Span) -> list[Span]:
        lo = bisect.bisect_left(self.starts, sent.start)
        hi = bisect.bisect_left(self.starts, sent.end)
        return self.ents[lo:hi]

    def date_of(self, frame: Frame, own_only: bool = False) -> tuple[str | None, bool]:
        """(ISO date, whether it hangs off the event itself) or (None, False). `own_only`: the
        governing verb tells another event, so only a date on the event word itself counts."""
        counted = self._counted_gerund(frame)
        if counted:
            return counted, True
        best: tuple[int, str] | None = None
        strong = False
        own_unresolved = False  # "... and lifted the block a week later": its own date, unknown
        anchors: set[int] | None = None
        aims = _aims_of_a_suit(frame)  # an aim is not yet done: its day is read in the suit's tense
        for ent in self.in_sentence(sentence_of(frame.trigger)):
            if anchors is None:
                anchors = self._anchors(frame)  # the same for every date of the sentence
            link = self._link(frame, ent.root, anchors)
            if link is not None and link < 2 and ent.root.dep_ == "pobj" and ent.root.head.lower_ == "by":
                link = 2  # "had restored access by Wednesday": on that day at the latest, not on it
            if own_only and link != 0:
                continue
            if link is None:
                continue
            head = clause_head(ent.root)
            value = self.resolve(ent, head if link > 0 and head.i not in aims else frame.governor)
            if not value:
                own_unresolved = own_unresolved or link < _FRONTED
                continue
            refines = best is not None and link == best[0] and len(value) > len(best[1]) and value.startswith(best[1])
            if best is None or link < best[0] or refines:  # "in 2023, on November 9": the day
                best, strong = (link, value), link <= 1
        if best is not None and best[0] == _FRONTED and own_unresolved:
            return None, False
        if best is not None and len(best[1]) < 10 and not own_only:
            finer = self._summed_up(frame, best[1])
            if finer:
                return finer, strong
        return (best[1], strong) if best else (None, False)

    def _summed_up(self, frame: Frame, value: str) -> str | None:
        """'Last month ministers were barred from TikTok, a measure announced on March 16': a
        noun summing up the sentence's act gives its day, when that day falls in the month told."""
        for ent in self.in_sentence(sentence_of(frame.trigger)):
            noun = next((a for a in ent.root.ancestors if a.dep_ == "appos"), None)
            if noun is None or noun.lemma_.lower() not in _SUMMING_NOUNS or frame.trigger in noun.subtree:
                continue
            told = self.resolve(ent, clause_head(ent.root))
            if told and len(told) > len(value) and told.startswith(value):
                return told
        return None

    def resolve(self, ent: Span, governor: Token) -> str | None:
        text = span_text(ent)
        if datelib.SAME_DAY.search(text):
            return self._anchor(ent)
        if datelib.NEXT_DAY.search(text):
            return datelib.later(self._anchor(ent), "1 day later")
        that_year = datelib.THAT_YEAR.search(text)
        if that_year:
            # "on Oct. 8 that year", "in September that year", "later that year": the year told before
            anchor = self._year_written_before(ent) or self._anchor(ent)
            if not anchor:
                return None
            rest = (text[: that_year.start()] + text[that_year.end() :]).strip()
            within = datelib.resolve(f"{rest} {anchor[:4]}", None) if rest else None
            return within if within and within[:4] == anchor[:4] else anchor[:4]
        if datelib.SAME_MONTH.search(text):
            anchor = self._anchor(ent)
            return anchor[:7] if anchor and len(anchor) >= 7 else None
        counted = self._counted_from_main_clause(ent) or self._counted_to(ent, governor)
        if counted:
            return counted
        period = datelib.NEXT_PERIOD.search(text)
        if period:
            return datelib.later(self._anchor(ent), f"1 {period.group(1)} later")
        value = datelib.resolve(text, self.now(ent), tense=self.tense(governor))
        if value and self.tense(governor) != "future" and _YEARLESS.search(text) and not _YEAR.search(text):
            value = self._in_the_story_s_year(ent, value)
        return value or datelib.later(self._anchor(ent), text)

    def _in_the_story_s_year(self, ent: Span, value: str, depth: int = 0) -> str:
        """'The appeal was rejected on 20 March 2018 ... On 6 April the regulator asked a court to
        block it': a month told without its year, in a paragraph telling the past, follows the
        date told last when it can be within half a year after it, not the article's year."""
        told = self._date_told_before(ent, depth)
        if told is None or told[:4] >= value[:4]:
            return value
        if len(told) == 4:
            return told + value[4:]  # the year told holds the month
        start = _first_day(told)
        for year in (int(told[:4]), int(told[:4]) + 1):
            moved = f"{year}{value[4:]}"
            if 0 <= (_first_day(moved) - start).days <= 183:
                return moved
        return value

    def _year_written_before(self, ent: Span) -> str | None:
        """'The DPC opened the inquiry that led to Monday's ruling in August 2020. Meta went to
        court in September that year': 'that year' points back to the last year written out,
        in its sentence or the paragraph before it, not to the latest event's year."""
        sent = sentence_of(ent[0])
        for _ in range(6):
            for earlier in reversed(self.in_sentence(sent)):
                if earlier.start < ent.start and not datelib.THAT_YEAR.search(earlier.text):
                    written = _YEAR.search(earlier.text)
                    if written:
                        return written.group(0)
            if sent.start == 0 or "\n" in self.doc[sent.start - 1].text_with_ws + sent[0].text_with_ws:
                return None  # a new paragraph starts here
            sent = sentence_of(self.doc[sent.start - 1])
        return None

    def _date_told_before(self, ent: Span, depth: int) -> str | None:
        """The latest date told before this one (resolved the same way), in its sentence or the
        ones before it in the same paragraph (a few at most)."""
        sent = sentence_of(ent[0])
        for _ in range(6):
            for earlier in reversed(self.in_sentence(sent)):
                if earlier.start >= ent.start:
                    continue
                governor = clause_verb(earlier.root)
                value = datelib.resolve(earlier.text, self.now(earlier), tense=self.tense(governor))
                if value and len(value) == 4 and in_its_when_clause(ent.root, earlier.root):
                    return value  # "last year, when the Act received royal assent in April"
                if value and len(value) >= 7:
                    if depth < 3 and _YEARLESS.search(earlier.text) and not _YEAR.search(earlier.text):
                        value = self._in_the_story_s_year(earlier, value, depth + 1)
                    return value
            if sent.start == 0 or "\n" in self.doc[sent.start - 1].text_with_ws + sent[0].text_with_ws:
                return None  # a new paragraph starts here
            sent = sentence_of(self.doc[sent.start - 1])
        return None

    def _counted_from_main_clause(self, ent: Span) -> str | None:
        """'News returned on Friday, eight days after the network stopped sharing': the stopping
        is eight days before the main clause's Friday ('before': after it). So is a gerund's act:
        'lifted its ban on Thursday, nine months after suspending the app'."""
        text = span_text(ent)
        length = datelib.span(_ROUGHLY.sub("", text))
        if length is not None and _ROUGHLY.match(text) and length[1] not in ("month", "year"):
            return None  # "nearly four weeks after": no day can be told; "more than nine months": the month
        mark = self.doc[ent.end] if ent.end < len(self.doc) else None
        if length is None or mark is None or mark.lower_ not in ("after", "before"):
            return None
        if mark.head.dep_ == "advcl":
            main = mark.head.head
        elif mark.dep_ == "prep" and any(c.dep_ == "pcomp" for c in mark.children):
            main = mark.head
        else:
            return None
        for other in self.in_sentence(sentence_of(ent[0])):
            clause = clause_head(other.root)
            while clause.dep_ == "xcomp" and clause.head.i != clause.i:
                clause = clause.head  # "began returning on Friday": the beginning's Friday
            if other.start == ent.start or clause.i != main.i:
                continue
            told = datelib.resolve(span_text(other), self.now(other), tense=self.tense(main))
            if told:
                n, unit = length
                return datelib.shift(told, -n if mark.lower_ == "after" else n, unit)
        return None

    def _counted_gerund(self, frame: Frame) -> str | None:
        """'Nepal lifted its ban on Thursday, nine months after suspending TikTok': the span
        counted before "after" belongs to the gerund's act, which it puts that long before the
        main clause's day (the parser hangs the span on the main verb's "after")."""
        verb = frame.trigger
        mark = verb.head
        if frame.form != "verb" or verb.dep_ != "pcomp" or mark.lower_ not in ("after", "before"):
            return None
        for ent in self.in_sentence(sentence_of(verb)):
            # "six weeks after suspending": the span on "after", or just before it on the main verb
            if ent.root.dep_ == "npadvmod" and (ent.root.head.i == mark.i or ent.end == mark.i):
                return self._counted_from_main_clause(ent)
        return None

    def _counted_to(self, ent: Span, governor: Token) -> str | None:
        """'two days before the January 19 deadline', 'a week after 3 May': the day named, moved
        by the span counted from it."""
        node = ent.root
        for _ in range(3):
            if node.dep_ not in ("pobj", "nmod", "nummod", "compound", "poss", "npadvmod"):
                return None
            node = node.head
            if node.dep_ == "prep" and node.lower_ in ("before", "after"):
                break
        else:
            return None
        if node.dep_ != "prep" or node.lower_ not in ("before", "after"):
            return None
        counts = [c for c in node.children if c.dep_ == "npadvmod"] or [
            c for c in node.head.children if c.dep_ == "npadvmod" and c.i == node.i - 1
        ]  # "a week after 3 May", parsed with "week" on the verb
        length = datelib.span(self.doc[counts[0].left_edge.i : counts[0].i + 1].text) if counts else None
        if length is None:
            return None
        told = datelib.resolve(span_text(ent), self.now(ent), tense=self.tense(governor))
        n, unit = length
        return datelib.shift(told, n if node.lower_ == "after" else -n, unit) if told else None

    def after_when(self, verb: Token, own: bool = True) -> str | None:
        """The year or month of what an act followed ("after the 2020 ban", "after India banned
        the game in 2020"): what came after it happened then, as far as a year or a month says;
        a day named there is the earlier act's, not this one's. What followed a period ("after
        a three-month suspension that began in February") came at its end, for the verb's own
        act (`own`); a noun under the verb ("lifted its ban after a nine-month block imposed in
        November") is the period's own act, at its start."""
        for child in verb.children:
            opened = child.dep_ == "advcl" and marked(child, {"after", "following"})
            prep = child.dep_ == "prep" and child.lower_ in ("after", "following")
            if not (opened or prep):
                continue
            if _vaguely_later(child if prep else next(c for c in child.children if c.dep_ == "mark")):
                continue  # "unblocked X months after the July 2024 protests": not in July
            inside = {t.i for t in child.subtree}
            ents = [e for e in self.in_sentence(sentence_of(verb)) if e.root.i in inside]
            lasted = [n for e in ents if (n := datelib.span(span_text(e).replace("-", " ")))]
            for ent in ents:
                if lasted and datelib.span(span_text(ent).replace("-", " ")):
                    continue
                value = datelib.resolve(span_text(ent), self.now(ent), tense="past")
                if value and len(lasted) == 1 and len(value) <= 7 and own:
                    # "after a three-month suspension that began in February": in May
                    return datelib.shift(value, *lasted[0])
                if value and len(value) <= 7 and (not lasted or not own):
                    return value
        return None

    def _anchor(self, ent: Span) -> str | None:
        """What 'the next day' or 'two weeks later' counts from: a date told earlier in the same
        sentence ("In December 2015 a judge blocked it, and a court lifted the order the next
        day"), else the latest dated event."""
        for earlier in reversed(self.in_sentence(sentence_of(ent[0]))):
            if earlier.start >= ent.start:
                continue
            value = self._told(earlier)
            if value:
                return value
        # "The case dates back to March 31, 2023 ... OpenAI took ChatGPT offline the same day":
        # the date the sentence before told, when it told one
        start = sentence_of(ent[0]).start
        if start > 0:
            before = sentence_of(self.doc[start - 1])
            for earlier in reversed(self.in_sentence(before)):
                told = span_text(earlier)
                if datelib.SAME_DAY.search(told) or datelib.NEXT_DAY.search(told):
                    break  # itself relative: the event chain's date is the better anchor
                value = self._told(earlier)
                if value and len(value) == 10:
                    return value
        return self.last

    def _told(self, earlier: Span) -> str | None:
        """A date told before, read in its own clause's tense; 'on 31 March' after 'March 2023'
        in the story is 2023's ('... on 31 March. The limitation was lifted four weeks later')."""
        text = span_text(earlier)
        governor = clause_verb(earlier.root)
        value = datelib.resolve(text, self.now(earlier), tense=self.tense(governor))
        if value and self.tense(governor) != "future" and _YEARLESS.search(text) and not _YEAR.search(text):
            value = self._in_the_story_s_year(earlier, value)
        return value

    @staticmethod
    def tense(verb: Token) -> str:
        """past | future | present, from the verb and its auxiliaries."""
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {a.lower_ for a in auxes}
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in IMPLICATIVE | ORDER_VERBS and verb.head is not verb:
            # "agreed to pay in December": done when agreed; "had ordered its staff to remove the
            # app in February": the order's February
            return Dating.tense(verb.head)
        # "said it would go dark on Sunday": the future of the saying
        if words & {"will", "'ll", "wo", "shall", "would", "'d"} or (
            any(a.lower_ == "to" for a in auxes) and verb.dep_ == "xcomp"
        ):
            return "future"
        past_form = verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes) or words & {"had", "has", "have"}
        if not past_form and condition(verb):
            return "future"  # "in case TikTok is banned on Sunday", "if it goes dark on Sunday"
        if verb.tag_ in _PAST_TAGS or any(a.tag_ == "VBD" for a in auxes) or words & {"had", "has", "have"}:
            return "past"
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in ("set", "due", "schedule", "plan", "expect"):
            return "future"
        if verb.tag_ in ("VBZ", "VBP") and taking_effect(verb):
            return "future"  # "the ban takes effect on October 10": a day on the calendar ahead
        return "present"

    @staticmethod
    def _anchors(frame: Frame) -> set[int]:
        """The tokens a date of the event hangs from: the event word, its verb, and the words
        that share their time."""
        trigger, gov = frame.trigger, frame.governor
        anchors = {trigger.i, gov.i}
        if frame.light is not None:
            anchors.add(frame.light.i)
        if gov.dep_ == "xcomp" and gov.head.lemma_.lower() in IMPLICATIVE:
            anchors.add(gov.head.i)  # "decided on Thursday to lift the ban": the lifting's Thursday
        anchors.update(_aims_of_a_suit(frame))
        if gov.lemma_.lower() in _ASPECTUAL:
            # "stopped working in Vietnam on Saturday": the parser hangs the day on the gerund
            anchors.update(c.i for c in gov.children if c.dep_ == "xcomp" and c.tag_ == "VBG")
        if frame.orderer and gov.dep_ in ("xcomp", "ccomp", "oprd"):
            anchors.add(gov.head.i)  # "in March Moraes ordered Telegram suspended": the order's March
        elif gov.dep_ == "acl" and gov.head.dep_ == "dobj" and gov.head.head.lemma_.lower() in ORDER_VERBS:
            anchors.add(gov.head.head.i)  # "on August 30 he ordered the platform suspended" (parsed as acl)
        if trigger.dep_ in ("acl", "xcomp") and trigger.head.lemma_.lower() in CARRIERS:
            anchors.add(trigger.head.i)  # "the decision last Thursday to fine Meta"
        if gov.dep_ == "advcl" and marked(gov, SAME_TIME) and gov.head.pos_ in ("VERB", "AUX"):
            anchors.add(gov.head.i)  # "as DeepSeek climbed the charts": the time of the main clause
        for clause in gov.children:
            if clause.dep_ == "advcl" and marked(clause, SAME_TIME):
                anchors.add(clause.i)  # "When the judge dismissed it on June 30, he also imposed costs"
        if gov.dep_ == "relcl" and gov.head.lemma_.lower() in CARRIERS:
            anchors.add(gov.head.i)  # "a July 2020 judgment in which the court struck down ...": July's
        if gov.dep_ == "relcl" and gov.head.ent_type_ == "DATE" and marked(gov, {"when"}):
            anchors.add(gov.head.i)  # "in early March 2024, when it rolled out changes"
        if gov.tag_ == "VBG" and gov.dep_ in ("advcl", "conj") and gov.head.pos_ in ("VERB", "AUX"):
            anchors.add(gov.head.i)  # "On Sept. 8, X said ..., adding that ...": the saying's day
        if gov.tag_ == "VBG" and gov.dep_ == "pcomp" and gov.head.lower_ == "with" and gov.head.head.pos_ == "VERB":
            anchors.add(gov.head.head.i)  # "rose to the top on Jan. 13, with Lemon8 climbing to second"
        # "the ban on Telegram, which took effect in January": the parser may hang the clause
        # on the noun the event's phrase ends with; what takes effect or opens is the event
        objects = [
            o
            for p in trigger.children
            if p.dep_ == "prep" and trigger.pos_ == "NOUN"
            for o in p.children
            if o.dep_ == "pobj"
        ]
        objects += [o for x in objects for p in x.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
        for clause in [*trigger.children, *(c for o in objects for c in o.children)]:
            if (
                clause.dep_ in ("acl", "relcl")
                and tells_beginning(clause)
                # "the decree on the management of online information, issued last month": a
                # clause set off by a comma after the noun's phrase tells of the noun itself
                and (
                    clause.head.i == trigger.i
                    or clause.head.ent_type_ in ("Platform", "Company", "MONEY")  # "a fine of €5m imposed in May"
                    or _set_off(clause)
                )
            ):
                anchors.add(clause.i)  # "proceedings, opened in February"; "an inquiry that began in May"
        speaking = participle_frame(trigger, _SPEECH_NOUNS)
        if speaking is not None:
            anchors.add(speaking.i)  # "responded on Thursday by saying": Thursday's saying
        return anchors

    def _link(self, frame: Frame, date_root: Token, anchors: set[int]) -> int | None:
        """How closely a date belongs to the event: 0 on the event word, 1 on its verb, 2 in its
        clause; None when it belongs to another clause. `anchors` is `_anchors(frame)`."""
        trigger, gov = frame.trigger, frame.governor
        if date_root.dep_ == "pobj" and date_root.head.lower_ in _UNTIL:
            return None  # "Signal stayed banned until Friday": the day it ended, not the ban's
        if date_root.dep_ == "pobj" and date_root.head.lower_ == "since" and one_of_several(frame):
            return None  # "the third suspension since 2020": a span the acts fall in, not the act's day
        if gov.dep_ == "relcl" and gov.head.ent_type_ == "DATE" and gov.head in date_root.subtree:
            return 1  # "on July 1, 2023, the day that the state's statute took effect"
        if day_named_by_copula(gov, date_root):
            return 1  # "November 1 is the day China's law took effect"
        reporting = reported_on(date_root)
        if reporting is not None:
            return 1 if reporting.i in anchors else None  # "said on Monday it would ...": the saying's
        if fronted_for_both(gov, date_root) or shared_by_conjunct(gov, date_root):
            return _FRONTED  # "On 18 January TikTok went dark, and the app was removed": both clauses' day
        sent = date_root.sent
        if date_root.dep_ == "ROOT" and all(
            t.is_punct or t.ent_type_ == "DATE" for t in sent[date_root.i - sent.start :]
        ):
            # "... and signed by Biden days later.": the parser made 'days' the sentence's verb;
            # a time phrase closing the sentence closes the last verb told before it
            verbs = [t for t in sent if t.pos_ == "VERB" and t.i < date_root.i]
            if verbs:
                return 1 if verbs[-1].i == gov.i else None
        if closes_relative_clause(date_root, gov):
            return 1  # "Law No. 7253, which was adopted by the Assembly in July 2020, obliged ..."
        if date_root.dep_ == "conj" and date_root.head.pos_ in ("VERB", "AUX"):
            # "was passed last April and signed by Biden days later": the parser joins the date to
            # the first verb; it closes the last verb conjoined before it
            verbs = [c for c in date_root.head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
            last = max((v for v in verbs if v.i < date_root.i), key=lambda v: v.i, default=None)
            if last is not None:
                return 1 if last.i == gov.i else None
        verb = verb_of_object_s_date(date_root)
        if verb is not None and verb.i in anchors:
            return 1  # "dismissed X's challenge to the orders on June 30": the dismissal's day
        if verb is not None and date_root.head.head.i == trigger.i:
            return None  # ... and not the challenge's
        head = date_root.head
        if (
            date_root.dep_ in ("compound", "nummod", "amod", "nmod")
            and head.i not in anchors
            and head.lemma_.lower() in _LAW_WORDS
        ):
            return None  # "penalties under the 2022 law": the law's year, not the penalties'
        node = date_root
        path: list[Token] = []
        while node.head.i != node.i and node.i not in anchors:
            path.append(node)
            node = node.head
            if len(path) > 6:
                break
        shared = shares_time_with(gov, node)
        if not shared and any(t.i in self.triggers and t.i != trigger.i for t in path[1:]):
            return None  # "Nepal's November ban was lifted in August": November is the ban's
        if node.i in anchors:
            # "In a statement sent last month, Aylo said": the statement's date is the saying's
            crossed = [
                t
                for t in path
                if t.dep_ in CLAUSE_DEPS
                and not (t.dep_ == "acl" and t.head.lemma_.lower() in CARRIERS)
                and not (t.dep_ == "conj" and t.pos_ not in ("VERB", "AUX"))  # "€5m, or about $6m, last month"
            ]
            # "Responding to Reuters on Friday, Telegram said": a participle sharing the time
            if crossed and not all(one_clause(t) for t in crossed):
                return None
            if any(t.dep_ == "acl" and t.head.lemma_.lower() in CARRIERS for t in path):
                # "the decree, dated 9 November, took effect on 25 December": the carrier's own
                # day yields to one the verb names itself
                return 2
            return 0 if node.i == trigger.i or opens(node, trigger) else 1
        # The date's clause head: the same clause as the governor, with no verb between.
        date_clause = clause_head(date_root)
        gov_clause = clause_head(gov)
        if date_clause is not None and date_clause.i == gov_clause.i and not self._other_event_verb(date_root, gov):
            return 2
        return None

    @staticmethod
    def _other_event_verb(date_root: Token, gov: Token) -> bool:
        node = date_root.head
        while node.head.i != node.i and node.i != gov.i:
            if node.pos_ == "VERB":
                return True
            node = node.head
        return False


_ONE_OF = frozenset({"first", "second", "third", "fourth", "fifth", "latest", "last", "only", "another"})


def _aims_of_a_suit(frame: Frame) -> set[int]:
    """'sued to block the law in December': the aim's infinitive, on which the parser hangs the
    suit's day."""
    gov = frame.governor
    if gov.lemma_.lower() not in _SUING or frame.trigger.i != gov.i:
        return set()
    return {
        c.i
        for c in gov.children
        if c.dep_ in ("xcomp", "advcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    }


def one_of_several(frame: Frame) -> bool:
    """'the third court-ordered suspension since 2020', 'fined Meta three times since 2021':
    the act is counted among others in a span (an ordinal on the event noun, a count of times
    on its verb), so the span's start dates none of them. 'Has been blocked since 2020' counts
    nothing: the state began then."""
    trigger, gov = frame.trigger, frame.governor
    if any(c.lower_ in _ONE_OF or c.ent_type_ == "ORDINAL" for c in trigger.children if c.dep_ in ("amod", "det")):
        return True
    return any(
        c.lower_ in ("twice", "repeatedly", "again")
        or (c.lemma_.lower() == "time" and c.tag_ == "NNS" and any(n.dep_ == "nummod" for n in c.children))
        for c in gov.children
        if c.dep_ in ("advmod", "npadvmod", "dobj")
    )


def _set_off(clause: Token) -> bool:
    """A clause opened right after a comma: ", issued by the government last month"."""
    first = clause.left_edge
    return first.i > 0 and first.nbor(-1).text == ","
