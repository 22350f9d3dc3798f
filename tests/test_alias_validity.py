"""A title names its speaker only while the speaker holds the office: extraction uses an alias
with days of validity for articles of those days, or of unknown date, and no other."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from claims.services.extraction import find_candidates
from tests.factories import AliasFactory, ArticleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

BODY = "Hội đàm\nTổng thống Mỹ cho biết các cuộc đàm phán với Nga sẽ tiếp tục vào tháng tới.\n"


@pytest.fixture
def biden():
    speaker = SpeakerFactory(slug="joe-biden", name="Joe Biden")
    AliasFactory(
        speaker=speaker,
        name="Tổng thống Mỹ",
        valid_from=dt.date(2021, 1, 20),
        valid_until=dt.date(2025, 1, 19),
    )
    return speaker


@pytest.mark.parametrize(
    ("published_on", "speaker"),
    [
        (dt.date(2021, 12, 7), "joe-biden"),
        (dt.date(2021, 1, 20), "joe-biden"),  # the first day and the last count
        (dt.date(2025, 1, 19), "joe-biden"),
        (None, "joe-biden"),  # no date to tell by: the title is read as the corpus reads it
        (dt.date(2018, 7, 16), None),  # another president's time
        (dt.date(2025, 6, 1), None),
    ],
)
def test_a_title_names_its_speaker_only_in_articles_of_its_days(biden, published_on, speaker):
    article = ArticleFactory(body=BODY, published_on=published_on)
    named = [(c.quote, c.speaker.slug) for c in find_candidates(article) if c.speaker is not None]
    if speaker is None:
        assert named == []  # proposed to no one rather than to the wrong president
    else:
        assert named == [("các cuộc đàm phán với Nga sẽ tiếp tục vào tháng tới", speaker)]


def test_a_name_without_days_names_its_speaker_at_any_time(biden):
    AliasFactory(speaker=biden, name="ông Biden")
    article = ArticleFactory(
        body=BODY.replace("Tổng thống Mỹ", "Ông Biden"), published_on=dt.date(2030, 1, 1)
    )
    [candidate] = find_candidates(article)
    assert candidate.speaker == biden


def test_an_alias_cannot_stop_naming_its_speaker_before_it_starts(biden):
    with transaction.atomic(), pytest.raises(IntegrityError, match="alias_valid_until_after_from"):
        AliasFactory(
            speaker=biden,
            name="người đồng cấp Mỹ",
            valid_from=dt.date(2025, 1, 1),
            valid_until=dt.date(2021, 1, 1),
        )
