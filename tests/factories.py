"""factory-boy factories: valid rows by default, every field overridable."""

import factory
from django.contrib.auth import get_user_model

from claims.choices import ContradictionKind, ReviewStatus, SpeechMode, Stance
from claims.models import Claim, Contradiction, Event, Speaker, SpeakerAlias, Statement, StatementVia, Topic
from claims.services.accounts import fact_checker_group
from claims.services.claims import save_claim
from sources.models import Article, Outlet


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class FactCheckerFactory(UserFactory):
    @factory.post_generation
    def group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(fact_checker_group())


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    slug = factory.Sequence(lambda n: f"outlet-{n}")
    name = factory.Sequence(lambda n: f"Outlet {n}")
    kind = "newspaper"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    key = factory.Sequence(lambda n: f"article-{n:03d}")
    title = factory.Sequence(lambda n: f"Bài báo {n}")
    body = factory.LazyAttribute(
        lambda o: (
            f"{o.title}\nTổng thống Nga Vladimir Putin nói: “Nga không có ý định tấn công ai”. "
            "Nhà Trắng cho biết các cuộc đàm phán sẽ tiếp tục."
        )
    )
    outlet = factory.SubFactory(OutletFactory)
    published_on = factory.Sequence(lambda n: __import__("datetime").date(2021, 12, 1 + n % 28))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    slug = factory.Sequence(lambda n: f"speaker-{n}")
    name = factory.Sequence(lambda n: f"Speaker {n}")


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerAlias

    speaker = factory.SubFactory(SpeakerFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    name = factory.Sequence(lambda n: f"Event {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Proposition {n} holds")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    speaker = factory.SubFactory(SpeakerFactory)
    topic = factory.SubFactory(TopicFactory)
    stance = Stance.NEUTRAL
    summary = factory.Sequence(lambda n: f"Claim number {n}.")
    status = ReviewStatus.VERIFIED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, as the API, the admin and the commands store claims: with detection.
        return save_claim(model_class(*args, **kwargs))


class StatementFactory(factory.django.DjangoModelFactory):
    """A statement quoting `quote` (by default a phrase of the factory article) at its real span."""

    class Meta:
        model = Statement

    claim = factory.SubFactory(ClaimFactory)
    article = factory.SubFactory(ArticleFactory)
    quote = "Nga không có ý định tấn công ai"
    start = factory.LazyAttribute(lambda o: o.article.body.index(o.quote))
    end = factory.LazyAttribute(lambda o: o.start + len(o.quote))
    mode = SpeechMode.DIRECT
    status = ReviewStatus.VERIFIED


class ViaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementVia

    statement = factory.SubFactory(StatementFactory)
    position = 0
    outlet = factory.SubFactory(OutletFactory)


class ContradictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contradiction

    # Neutral stances, so that detection on saving the claims records nothing by itself.
    claim_a = factory.SubFactory(ClaimFactory)
    claim_b = factory.SubFactory(ClaimFactory, topic=factory.SelfAttribute("..claim_a.topic"))
    kind = ContradictionKind.OPPOSING
