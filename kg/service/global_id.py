"""Relay Global Object Identification: one opaque id per entity, event and article.

A client caches and refetches by `id` alone (`node(id:)`), so an id must name its kind as well
as the thing: base64 of `Kind:IRI`, the convention Relay's own tools and strawberry use. Clients
treat it as opaque; the IRI is a field of its own (`iri`).
"""

from __future__ import annotations

import base64
import binascii

KINDS = ("Entity", "Event", "Article")


def to_global_id(kind: str, iri: str) -> str:
    """The global id of the entity, event or article with this IRI.

    >>> to_global_id("Entity", "https://w3id.org/regrisk/id/entity/tiktok")
    'RW50aXR5Omh0dHBzOi8vdzNpZC5vcmcvcmVncmlzay9pZC9lbnRpdHkvdGlrdG9r'
    """
    return base64.b64encode(f"{kind}:{iri}".encode()).decode()


def from_global_id(value: str) -> tuple[str, str] | None:
    """The kind and IRI of a global id, or None when `value` is not one this API gave out.

    >>> from_global_id("RW50aXR5Omh0dHBzOi8vdzNpZC5vcmcvcmVncmlzay9pZC9lbnRpdHkvdGlrdG9r")
    ('Entity', 'https://w3id.org/regrisk/id/entity/tiktok')
    >>> from_global_id("https://w3id.org/regrisk/id/entity/tiktok") is None
    True
    """
    try:
        kind, sep, iri = base64.b64decode(value.encode(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return (kind, iri) if sep and kind in KINDS and iri else None
