"""Watchlists: a user's saved filters, told of each new real-world event that matches.

The way of a notification: an article is written (kg/service/watch_hub.py wraps the store's
write), the real-world events it was the first to report are filed as *fresh* (storage.py),
each is matched against every watchlist (matching.py), and a match becomes a row of the
outbox, which the webhook sender drains (kg/service/webhooks.py), and a message to every
open subscription. Every step is a SQLite commit in the store's folder, so a crash between
the graph's commit and a delivery loses nothing: the next start drains what was left.
"""
