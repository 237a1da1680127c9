"""Realistic synthetic news articles for benchmarks: varied sentences about regulators,
courts, platforms, laws, money and dates, about 600 words each, deterministic by seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

PLATFORMS = [
    "TikTok",
    "Instagram",
    "Facebook",
    "WhatsApp",
    "YouTube",
    "X",
    "Telegram",
    "Snapchat",
    "WeChat",
    "Xiaohongshu",
    "Douyin",
    "Reddit",
    "Discord",
    "Temu",
    "Shein",
    "ChatGPT",
    "Threads",
    "Bluesky",
    "Weibo",
    "LinkedIn",
    "Pinterest",
    "Twitch",
    "Signal",
    "Koo",
    "ShareChat",
    "UC Browser",
]
OWNERS = ["ByteDance", "Meta", "Google", "Apple", "Tencent", "Alibaba", "OpenAI", "Microsoft", "Amazon"]
REGULATORS = [
    ("the European Commission", "European Union"),
    ("the Federal Trade Commission", "United States"),
    ("Ofcom", "United Kingdom"),
    ("the Cyberspace Administration of China", "China"),
    ("Italy's data protection authority", "Italy"),
    ("the Irish Data Protection Commission", "Ireland"),
    ("Turkey's telecoms regulator", "Turkey"),
    ("the Pakistan Telecommunication Authority", "Pakistan"),
    ("Roskomnadzor", "Russia"),
    ("the Competition Commission of India", "India"),
    ("Australia's eSafety Commissioner", "Australia"),
    ("the Korea Fair Trade Commission", "South Korea"),
]
COURTS = [
    ("the US Supreme Court", "United States"),
    ("the Delhi High Court", "India"),
    ("Brazil's Supreme Federal Court", "Brazil"),
    ("the Court of Justice of the European Union", "European Union"),
    ("the US Court of Appeals for the Ninth Circuit", "United States"),
]
LAWS = [
    "the Digital Services Act",
    "the Digital Markets Act",
    "the General Data Protection Regulation",
    "the Online Safety Act",
    "the Information Technology Act",
    "the Kids Online Safety Act",
    "the Protecting Americans from Foreign Adversary Controlled Applications Act",
    "the Cybersecurity Law",
]
PEOPLE = ["Shou Zi Chew", "Mark Zuckerberg", "Elon Musk", "Sundar Pichai", "Tim Cook", "Sam Altman", "Linda Yaccarino"]
CURRENCIES = ["€", "$", "£"]
FILLER = [
    "Analysts said the decision could reshape how online services operate in the region.",
    "The company employs several thousand people in the country and runs a regional office there.",
    "Digital rights groups have long criticised the rules as vague and open to abuse.",
    "Shares in the parent company moved little in early trading after the announcement.",
    "The platform has been one of the most downloaded apps in the market for several years.",
    "Officials did not give a timeline for the next steps in the process.",
    "Industry groups warned that smaller developers would bear most of the compliance costs.",
    "Lawyers following the case said further appeals were likely in the coming months.",
    "Usage of virtual private networks has risen sharply in similar cases elsewhere.",
    "The regulator has opened several other cases against large technology companies this year.",
]


def _date_phrase(rng: random.Random, published: date) -> str:
    kind = rng.random()
    if kind < 0.4:
        return "on " + (published - timedelta(days=rng.randint(1, 6))).strftime("%A")
    if kind < 0.8:
        return "on " + (published - timedelta(days=rng.randint(7, 200))).strftime("%B %-d")
    return "in " + (published - timedelta(days=rng.randint(200, 900))).strftime("%B %Y")


def _sentence(rng: random.Random, published: date) -> str:
    p, q = rng.sample(PLATFORMS, 2)
    owner = rng.choice(OWNERS)
    reg, place = rng.choice(REGULATORS)
    court, _court_place = rng.choice(COURTS)
    law = rng.choice(LAWS)
    when = _date_phrase(rng, published)
    money = f"{rng.choice(CURRENCIES)}{rng.randint(2, 900)} million"
    person = rng.choice(PEOPLE)
    options = [
        f"{reg[0].upper() + reg[1:]} {when} fined {owner} {money} for breaching {law}.",
        f"{reg[0].upper() + reg[1:]} {when} opened an investigation into {p} under {law}.",
        f"{court[0].upper() + court[1:]} {when} upheld {law}, rejecting a challenge brought by {owner}.",
        f"{court[0].upper() + court[1:]} heard arguments {when} in the case brought by {p}.",
        f"{p} sued {when} to block {law}, arguing that it violated users' rights.",
        f"Authorities in {place} blocked {p} {when}, citing national security.",
        f"{reg[0].upper() + reg[1:]} {when} lifted its ban on {p} after talks with {owner}.",
        f"{p} shut down its service in {place} {when}.",
        f"Apple removed {p} from the App Store in {place} {when}.",
        f"Millions of users moved from {p} to {q} {when}, according to app analytics firms.",
        f"{q} climbed to No. 1 on the App Store in {place} {when}.",
        f"{person} said {when} that the company would comply with {law}.",
        f"{p} said {when} it would add age verification for users in {place} to comply with {law}.",
        f"{reg[0].upper() + reg[1:]} {when} issued rules that require platforms to verify the real names of users.",
        f"Lawmakers in {place} introduced a bill {when} that would require {p} to store data locally.",
        f"{owner} agreed {when} to sell {p} to a group of investors.",
    ]
    return rng.choice(options)


def article(rng: random.Random, index: int) -> dict[str, str]:
    published = date(2023, 1, 1) + timedelta(days=rng.randint(0, 1000))
    city = rng.choice(["BRUSSELS", "WASHINGTON", "LONDON", "NEW DELHI", "BEIJING", "ROME", "ANKARA", "SYDNEY"])
    paragraphs = []
    words = 0
    while words < 560:
        sentences = [
            _sentence(rng, published) if rng.random() < 0.55 else rng.choice(FILLER) for _ in range(rng.randint(2, 4))
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    first = paragraphs[0]
    title = first.split(".")[0][:90]
    body = f"{city}, {published.strftime('%B %-d, %Y')} — " + "\n\n".join(paragraphs) + f"\n\nReport {index}."
    return {"title": title, "text": f"{title}\n\n{body}", "published": published.isoformat()}


def articles(count: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [article(rng, i) for i in range(count)]
