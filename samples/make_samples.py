#!/usr/bin/env python3
"""Writes samples/montreal-agencies/*.csv: the demo data set (invented but plausible).

Twelve Montreal digital agencies and consultants on Mastodon, Bluesky and YouTube over
three months (2026-08-01 .. 2026-10-31). Deterministic: the same files every run.
    python3 samples/make_samples.py
Shapes: log-normal followers (hundreds to ~150k), posting rates per brand, interactions
growing sub-linearly with followers, views on YouTube only, two brands that only broadcast
and never answer, one small studio that out-engages much larger accounts, replies and
mentions from users, answers from minutes to days later (some after the 7-day horizon).
"""
import csv
import math
import os
import random
from datetime import date, datetime, timedelta, timezone

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "montreal-agencies")
START = datetime(2026, 8, 1, tzinfo=timezone.utc)
DAYS = 92

# id, name, industry, base followers, posts/week, answer rate (0 = broadcast only), engagement boost, networks
BRANDS = [
    ("pixel-nord", "Pixel Nord", "agency", 42000, 9, 0.55, 1.0, "mastodon,bluesky,youtube"),
    ("studio-saint-laurent", "Studio Saint-Laurent", "agency", 150000, 14, 0.0, 0.8, "mastodon,bluesky,youtube"),
    ("mile-end-digital", "Mile End Digital", "agency", 23000, 6, 0.7, 1.1, "mastodon,bluesky,youtube"),
    ("plateau-pixels", "Plateau Pixels", "studio", 1800, 4, 0.9, 9.0, "mastodon,bluesky"),
    ("verdun-web", "Verdun Web", "studio", 6500, 5, 0.35, 1.0, "mastodon,bluesky,youtube"),
    ("griffintown-growth", "Griffintown Growth", "consultancy", 31000, 11, 0.0, 0.9, "bluesky,youtube"),
    ("hochelaga-conseil", "Hochelaga Conseil", "consultancy", 3200, 3, 0.8, 1.3, "mastodon,bluesky"),
    ("rosemont-ux", "Rosemont UX", "studio", 9800, 5, 0.6, 1.2, "mastodon,bluesky,youtube"),
    ("outremont-media", "Outremont Média", "agency", 78000, 12, 0.25, 0.7, "mastodon,bluesky,youtube"),
    ("lachine-labs", "Lachine Labs", "consultancy", 12500, 7, 0.5, 1.0, "mastodon,youtube"),
    ("villeray-social", "Villeray Social", "agency", 15500, 8, 0.65, 1.1, "mastodon,bluesky,youtube"),
    ("marie-tremblay-conseil", "Marie Tremblay, conseil", "consultancy", 5400, 4, 0.75, 1.6, "mastodon,bluesky"),
]

NETWORK_SCALE = {"mastodon": 0.25, "bluesky": 0.6, "youtube": 1.0}


def handle(brand, network):
    if network == "mastodon":
        return f"{brand.replace('-', '')}@mastodon.quebec"
    if network == "bluesky":
        return f"{brand}.bsky.social"
    return f"@{brand.replace('-', '')}"


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    rng = random.Random(514)
    os.makedirs(OUT, exist_ok=True)
    posts, followers, accounts = [], [], []
    users = [f"user{i}" for i in range(400)]
    for bid, name, industry, base, per_week, answer_rate, boost, nets in BRANDS:
        for network in nets.split(","):
            h = handle(bid, network)
            accounts.append((bid, network, h))
            audience = max(150, int(base * NETWORK_SCALE[network] * math.exp(rng.gauss(0, 0.35))))
            growth = rng.uniform(-0.002, 0.012)                      # per week
            for week in range(0, DAYS // 7 + 2):
                day = (START + timedelta(days=7 * week - 3)).date()
                followers.append((network, h.lstrip("@"), day.isoformat(), int(audience * (1 + growth) ** week)))
            rate = per_week * (0.4 if network == "youtube" else 1.0) / 7
            n_posts = max(1, int(rng.gauss(rate * DAYS, math.sqrt(rate * DAYS))))
            for i in range(n_posts):
                created = START + timedelta(seconds=rng.randrange(DAYS * 86400))
                pid = f"{bid[:6]}-{network[:2]}-{i}"
                mean = boost * 2.2 * audience ** 0.55
                likes = max(0, int(rng.lognormvariate(math.log(mean + 1), 0.6)))
                views = int(audience * rng.uniform(0.3, 3.0)) if network == "youtube" else None
                posts.append(dict(network=network, post_id=pid, author=h.lstrip("@"), created_at=created,
                                  in_reply_to_post="", in_reply_to_author="", mentions="",
                                  likes=likes, shares=likes // rng.randint(4, 9), quotes=likes // rng.randint(20, 60),
                                  replies=likes // rng.randint(8, 15), views=views))
                # users reply to the post or mention the brand
                for j in range(rng.randint(0, 3 if audience < 5000 else 5)):
                    u_at = created + timedelta(minutes=rng.randint(2, 3000))
                    user = f"{rng.choice(users)}@{'mastodon.social' if network == 'mastodon' else 'bsky.social' if network == 'bluesky' else 'youtube'}"
                    if network == "bluesky":
                        user = user.replace("@bsky.social", ".bsky.social")
                    if network == "youtube":
                        user = f"viewer{rng.randint(1, 900)}"
                    uid = f"{pid}-u{j}"
                    mention = network != "youtube" and rng.random() < 0.3
                    posts.append(dict(network=network, post_id=uid, author=user, created_at=u_at,
                                      in_reply_to_post="" if mention else pid,
                                      in_reply_to_author="" if mention else h.lstrip("@"),
                                      mentions=h.lstrip("@") if mention else "",
                                      likes=rng.randint(0, 4), shares=0, quotes=0, replies=rng.randint(0, 1), views=None))
                    if rng.random() < answer_rate:
                        delay = timedelta(minutes=int(rng.lognormvariate(math.log(90), 1.6)))
                        posts.append(dict(network=network, post_id=f"{uid}-a", author=h.lstrip("@"),
                                          created_at=u_at + delay, in_reply_to_post=uid, in_reply_to_author=user,
                                          mentions="", likes=rng.randint(0, 3), shares=0, quotes=0, replies=0,
                                          views=None))
    end = START + timedelta(days=DAYS)
    posts = [p for p in posts if p["created_at"] < end]
    posts.sort(key=lambda p: (p["created_at"], p["network"], p["post_id"]))

    with open(os.path.join(OUT, "brands.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["brand", "name", "industry"])
        for bid, name, industry, *_ in BRANDS:
            w.writerow([bid, name, industry])
    with open(os.path.join(OUT, "accounts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["brand", "network", "handle"])
        w.writerows(accounts)
    with open(os.path.join(OUT, "posts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        cols = ["network", "post_id", "author", "created_at", "in_reply_to_post", "in_reply_to_author",
                "mentions", "likes", "shares", "quotes", "replies", "views"]
        w.writerow(cols)
        for p in posts:
            row = dict(p, created_at=iso(p["created_at"]), views="" if p["views"] is None else p["views"])
            w.writerow([row[c] for c in cols])
    with open(os.path.join(OUT, "followers.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["network", "handle", "date", "followers"])
        w.writerows(sorted(followers))
    print(f"{len(BRANDS)} brands, {len(accounts)} accounts, {len(posts)} posts, {len(followers)} snapshots -> {OUT}")


if __name__ == "__main__":
    main()
