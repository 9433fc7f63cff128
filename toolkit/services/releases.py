"""The release of a round's results that readers see now, made anew only when it is safe.

Every output shows a round's standing release. When the answers behind it have
changed (a reopened round, a late paper entry, a withdrawal, a room still
answering), a new release is worked out and checked against every earlier one
(``toolkit.core.scoring.releases``); it stands only when no figure moved by fewer
than k people. Otherwise the earlier release goes on standing, and
``Standing.pending`` says how many answers are waiting, for the facilitator.

Releases are made when first read and kept in the database, so every web
worker and host shows the same one, and a closed round's results are worked
out once. Reading a release back is most of what a results page costs, so
each worker also keeps the releases it has read, by a digest of their stored
text: a release never changes once made, and a new one has new text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from threading import Lock

from cachetools import LRUCache, cached
from sqlalchemy import Text, cast, select
from sqlalchemy.exc import IntegrityError

from toolkit.core.scoring import RoundProfile
from toolkit.core.scoring.history import EarlierRelease, pack, unpack
from toolkit.core.scoring.releases import Changes, propose
from toolkit.core.scoring.snapshot import read_snapshot, snapshot
from toolkit.storage.db import db
from toolkit.storage.models import Release, Response, ResponseStatus, Round
from toolkit.storage.round_data import rounds_data


@dataclass(frozen=True)
class Standing:
    """A round's release as readers see it now."""

    release: Release
    profile: RoundProfile
    # Answers given or withdrawn since, held back until they are safe to show; None if none.
    pending: Changes | None = None


def standing_release(round_: Round) -> Standing:
    """Return the release every output of this round shows now, making one when it may."""
    releases = _releases(round_)
    submitted = _submitted(round_)
    if releases and (not submitted or submitted == _responses_of(releases[-1])):
        # Unchanged since, or its answers deleted after the retention period.
        return _standing(releases[-1])
    # Lock the round, so that two workers never make two releases from the same answers.
    db.session.execute(select(Round.id).where(Round.id == round_.id).with_for_update())
    releases = _releases(round_)
    if releases and _submitted(round_) == _responses_of(releases[-1]):
        return _standing(releases[-1])
    earlier = [EarlierRelease(_profile(r), unpack(r.people)) for r in releases]
    proposal = propose(rounds_data([round_])[0], earlier)
    if proposal.release is None:
        return _standing(releases[-1], proposal.changes)
    made = Release(
        round_id=round_.id,
        number=len(releases) + 1,
        profile=snapshot(proposal.release.profile, date.today()),
        people=pack(proposal.release.people),
    )
    try:
        # A savepoint: when another worker made this release first, only this is undone.
        with db.session.begin_nested():
            db.session.add(made)
    except IntegrityError:
        return standing_release(round_)
    db.session.commit()
    return _standing(made)


def latest_release(round_: Round) -> Release | None:
    """Return the round's latest release without making one."""
    return db.session.scalar(
        select(Release).where(Release.round_id == round_.id).order_by(Release.number.desc())
    )


def released_responses(round_: Round) -> frozenset[str] | None:
    """Return the responses behind the round's latest release; None before its first."""
    release = latest_release(round_)
    return None if release is None or not release.people else _responses_of(release)


def forget_people(round_: Round) -> None:
    """Empty the record of who stood behind the round's figures, once its answers are gone."""
    for release in _releases(round_):
        release.people = {}


def _releases(round_: Round) -> list[Release]:
    return list(
        db.session.scalars(
            select(Release).where(Release.round_id == round_.id).order_by(Release.number)
        )
    )


def _submitted(round_: Round) -> frozenset[str]:
    return frozenset(
        str(i)
        for i in db.session.scalars(
            select(Response.id).where(
                Response.round_id == round_.id, Response.status == ResponseStatus.SUBMITTED
            )
        )
    )


def _responses_of(release: Release) -> frozenset[str]:
    # Only the list of responses, read in the database: not the people behind every figure.
    found = db.session.scalar(select(Release.people["responses"]).where(Release.id == release.id))
    return frozenset(found or ())


def _profile(release: Release) -> RoundProfile:
    stored = db.session.scalar(select(cast(Release.profile, Text)).where(Release.id == release.id))
    assert stored is not None
    return _read(stored)


# A round of 40 statements takes about 190 KB read back, so these take 25 MB at most.
# Shared by every request: never change what it gives.
@cached(
    LRUCache(maxsize=128), key=lambda stored: hashlib.sha256(stored.encode()).digest(), lock=Lock()
)
def _read(stored: str) -> RoundProfile:
    return read_snapshot(json.loads(stored))


def _standing(release: Release, pending: Changes | None = None) -> Standing:
    return Standing(release, _profile(release), pending)
