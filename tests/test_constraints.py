"""Each structural rule is a database constraint: bad rows are refused by PostgreSQL itself."""

import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Contradiction, Speaker, SpeakerAlias, Statement
from sources.models import Article
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    ContradictionFactory,
    EventFactory,
    OutletFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
    ViaFactory,
)

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_unique_slugs_and_keys():
    OutletFactory(slug="tass")
    refused(lambda: OutletFactory(slug="tass"))
    SpeakerFactory(slug="putin")
    refused(lambda: SpeakerFactory(slug="putin"))
    TopicFactory(slug="nato")
    refused(lambda: TopicFactory(slug="nato"))
    EventFactory(slug="geneva")
    refused(lambda: EventFactory(slug="geneva"))
    ArticleFactory(key="000")
    refused(lambda: ArticleFactory(key="000"))
    claim = ClaimFactory()
    refused(lambda: ClaimFactory(key=claim.key))


def test_choice_checks():
    refused(lambda: OutletFactory(kind="blog"))
    refused(lambda: SpeakerFactory(kind="robot"))
    refused(lambda: ClaimFactory(stance="maybe"))
    refused(lambda: ClaimFactory(status="approved"))
    refused(lambda: StatementFactory(mode="sung"))
    refused(lambda: ContradictionFactory(kind="conflict"))
    refused(lambda: ContradictionFactory(status="open"))
    refused(lambda: SpeakerFactory(wikidata_id="7747"))


def test_statement_span_must_be_ordered_and_non_negative():
    article = ArticleFactory()
    refused(lambda: StatementFactory(article=article, start=10, end=10))
    refused(lambda: StatementFactory(article=article, start=12, end=3))
    refused(lambda: Statement.objects.filter(pk=StatementFactory(article=article).pk).update(start=-1))


def test_statement_once_per_claim_and_span():
    statement = StatementFactory()
    refused(lambda: StatementFactory(claim=statement.claim, article=statement.article))


def test_contradiction_never_pairs_a_claim_with_itself():
    claim = ClaimFactory()
    refused(lambda: ContradictionFactory(claim_a=claim, claim_b=claim))


def test_contradiction_pair_is_stored_once_whichever_way_round():
    first = ContradictionFactory()
    refused(lambda: ContradictionFactory(claim_a=first.claim_b, claim_b=first.claim_a))
    refused(lambda: ContradictionFactory(claim_a=first.claim_a, claim_b=first.claim_b, kind="reversal"))


def test_discrepancy_pairs_two_different_statements_once():
    a = StatementFactory()
    b = StatementFactory(claim=a.claim, quote="các cuộc đàm phán sẽ tiếp tục")
    ContradictionFactory(claim_a=a.claim, claim_b=a.claim, statement_a=a, statement_b=b, kind="discrepancy")
    refused(
        lambda: ContradictionFactory(
            claim_a=a.claim, claim_b=a.claim, statement_a=b, statement_b=a, kind="discrepancy"
        )
    )
    refused(
        lambda: ContradictionFactory(
            claim_a=a.claim, claim_b=a.claim, statement_a=a, statement_b=a, kind="discrepancy"
        )
    )
    refused(lambda: ContradictionFactory(claim_a=a.claim, claim_b=a.claim, kind="discrepancy"))
    assert Contradiction.objects.count() == 1


def test_intermediary_is_an_outlet_or_a_speaker_not_both_nor_neither():
    via = ViaFactory()
    refused(lambda: ViaFactory(statement=via.statement, position=1, outlet=None, speaker=None))
    refused(lambda: ViaFactory(statement=via.statement, position=1, speaker=SpeakerFactory()))
    refused(lambda: ViaFactory(statement=via.statement, position=0))


def test_alias_unique_per_speaker_and_not_empty():
    alias = AliasFactory(name="ông Putin")
    refused(lambda: AliasFactory(speaker=alias.speaker, name="ông Putin"))
    refused(lambda: AliasFactory(name=""))


def test_speaker_is_not_its_own_affiliation():
    speaker = SpeakerFactory()
    speaker.affiliation = speaker
    refused(speaker.save)


def test_article_body_and_hash():
    refused(lambda: ArticleFactory(body=""))
    article = ArticleFactory()
    refused(lambda: Article.objects.filter(pk=article.pk).update(content_hash="not-a-hash"))


def test_event_ends_after_it_starts():
    refused(lambda: EventFactory(starts_on="2021-12-07", ends_on="2021-12-06"))


def test_model_validation_knows_the_pair_rules():
    from django.core.exceptions import ValidationError

    a, b = ClaimFactory(), ClaimFactory()
    Contradiction(claim_a=a, claim_b=b, kind="opposing").full_clean()  # a new pair is valid
    Contradiction.objects.create(claim_a=a, claim_b=b, kind="opposing")
    with pytest.raises(ValidationError, match="contradiction_claim_pair_once"):
        Contradiction(claim_a=b, claim_b=a, kind="reversal").full_clean()


def test_an_alias_spelling_names_one_speaker():
    white_house = AliasFactory(name="Nhà Trắng").speaker
    AliasFactory(speaker=white_house, name="Nhà trắng")  # one speaker's spellings may fold alike
    refused(lambda: AliasFactory(name="nha trang"))
    refused(lambda: AliasFactory(name="Nhà Trắng"))
    # Model validation (the admin's forms) knows the rule too.
    with pytest.raises(ValidationError, match="already an alias of another speaker"):
        SpeakerAlias(speaker=SpeakerFactory(), name="NHA TRANG").full_clean()


def test_the_seed_aliases_give_each_spelling_to_one_speaker():
    items = json.loads((settings.BASE_DIR / "fixtures" / "10_speakers.json").read_text(encoding="utf-8"))
    speakers: dict[str, Speaker] = {}
    for item in items:
        if item["model"] == "claims.speakeralias":
            (slug,) = item["fields"]["speaker"]
            speaker = speakers.get(slug) or speakers.setdefault(slug, SpeakerFactory(slug=slug))
            SpeakerAlias.objects.create(speaker=speaker, name=item["fields"]["name"])
    assert SpeakerAlias.objects.filter(name="Nhà trắng").exists()
