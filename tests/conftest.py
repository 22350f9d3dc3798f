import pytest
from django.test import Client
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import FactCheckerFactory, UserFactory


@pytest.fixture(autouse=True)
def english_unless_asked():
    """Tests read English unless they ask for Vietnamese (tests/test_languages.py and others say so):
    what a test runs outside a request (a command, a service's message) is in English, and a
    language a request activated does not leak into the next test."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """Django's test client as an English-speaking browser: the admin's default is Vietnamese."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def fact_checker(db):
    return FactCheckerFactory(username="checker")


@pytest.fixture
def fc_api(fact_checker):
    """A client authenticated as a fact-checker with a token, as scripts are."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=fact_checker).key}")
    return client


@pytest.fixture
def user_api(db):
    """Authenticated, but without the fact-checker permission."""
    client = APIClient()
    client.force_authenticate(UserFactory(username="reader"))
    return client


@pytest.fixture
def corpus(db):
    """A small corpus shaped like the seed articles: two outlets, two articles, a chain, a contradiction."""
    from claims.choices import Stance
    from tests.factories import (
        AliasFactory,
        ArticleFactory,
        ClaimFactory,
        EventFactory,
        OutletFactory,
        SpeakerFactory,
        StatementFactory,
        TopicFactory,
        ViaFactory,
    )

    plvn = OutletFactory(slug="plvn", name="Pháp luật Việt Nam")
    tass = OutletFactory(slug="tass", name="TASS", kind="agency")
    vtc = OutletFactory(slug="vtc-news", name="VTC News")
    early = ArticleFactory(
        key="000_early", outlet=plvn, published_on="2021-12-08",
        body="Hội đàm\nÔng Putin yêu cầu đảm bảo pháp lý về việc NATO không mở rộng về phía Đông. "
        "Tổng thống Biden nói Mỹ sẽ đáp trả bằng các biện pháp kinh tế mạnh mẽ.",
    )  # fmt: skip
    late = ArticleFactory(
        key="001_late", outlet=vtc, published_on="2021-12-09",
        body="Thượng đỉnh\nĐiện Kremlin cho biết Nga yêu cầu đảm bảo pháp lý về việc NATO không mở rộng. "
        "Matxcơva phủ nhận kế hoạch tấn công Ukraine.",
    )  # fmt: skip
    putin = SpeakerFactory(slug="vladimir-putin", name="Vladimir Putin")
    AliasFactory(speaker=putin, name="ông Putin")
    AliasFactory(speaker=putin, name="Tổng thống Nga Vladimir Putin")
    kremlin = SpeakerFactory(slug="kremlin", name="Kremlin", kind="institution")
    AliasFactory(speaker=kremlin, name="Điện Kremlin")
    biden = SpeakerFactory(slug="joe-biden", name="Joe Biden")
    nato = TopicFactory(
        slug="nato-expansion", name="NATO should not expand further east", name_vi="NATO mở rộng"
    )
    sanctions = TopicFactory(slug="sanctions", name="The US will impose sanctions on Russia")
    call = EventFactory(slug="video-call", name="Video call", starts_on="2021-12-07")
    demand = ClaimFactory(
        key="putin-legal-guarantees", speaker=putin, topic=nato, stance=Stance.SUPPORTS, event=call,
        said_on="2021-12-07", summary="Putin demands legal guarantees that NATO will not expand east.",
    )  # fmt: skip
    threat = ClaimFactory(
        key="biden-sanctions", speaker=biden, topic=sanctions, stance=Stance.SUPPORTS, event=call,
        said_on="2021-12-07", summary="Biden says the US will answer with strong economic measures.",
    )  # fmt: skip
    in_late = StatementFactory(
        claim=demand,
        article=late,
        quote="Nga yêu cầu đảm bảo pháp lý về việc NATO không mở rộng",
        mode="indirect",
    )
    ViaFactory(statement=in_late, position=0, outlet=None, speaker=kremlin)
    ViaFactory(statement=in_late, position=1, outlet=tass)
    in_early = StatementFactory(
        claim=demand, article=early, quote="yêu cầu đảm bảo pháp lý về việc NATO không mở rộng về phía Đông",
        mode="indirect",
    )  # fmt: skip
    biden_statement = StatementFactory(
        claim=threat, article=early, quote="Mỹ sẽ đáp trả bằng các biện pháp kinh tế mạnh mẽ", mode="indirect"
    )
    # Saving an opposing claim records a suspected contradiction through detection.
    denial = ClaimFactory(
        key="biden-opposes-guarantees", speaker=biden, topic=nato, stance=Stance.OPPOSES,
        summary="Biden rejects any veto on NATO membership.",
    )  # fmt: skip
    StatementFactory(claim=denial, article=early, quote="Tổng thống Biden nói", mode="indirect")
    return {
        "outlets": (plvn, tass, vtc), "articles": (early, late), "speakers": (putin, kremlin, biden),
        "topics": (nato, sanctions), "event": call, "claims": (demand, threat, denial),
        "statements": (in_early, in_late, biden_statement),
    }  # fmt: skip


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.1 s per user; tests need accounts, not strong hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def loopback_cluster(django_db_setup, django_db_blocker):
    """A primary holding a copy of the test database and its streaming replica (tests/loopback.py),
    made once for the session; each test using it finds both running."""
    from tests.loopback import make_cluster, remove_cluster

    with django_db_blocker.unblock():
        cluster = make_cluster()
    try:
        yield cluster
    finally:
        remove_cluster(cluster)


@pytest.fixture
def cluster(loopback_cluster):
    loopback_cluster.ensure_running()
    return loopback_cluster
