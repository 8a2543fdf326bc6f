import pytest

from tests import factories


@pytest.fixture
def administration(db):
    return factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF")


@pytest.fixture
def other_administration(db):
    return factories.AdministrationFactory(name="Grundskoleförvaltningen", short_code="GRF")


@pytest.fixture
def coordinator(administration):
    return factories.CoordinatorFactory(email="samordnare@malmo.se", administration=administration)


@pytest.fixture
def other_coordinator(other_administration):
    return factories.CoordinatorFactory(email="annan@malmo.se", administration=other_administration)


@pytest.fixture
def development_coordinator(db):
    return factories.DevelopmentCoordinatorFactory(email="utveckling@malmo.se")


@pytest.fixture
def official(db):
    return factories.OfficialFactory(email="tjansteperson@malmo.se")


@pytest.fixture(autouse=True)
def swedish_by_default(settings):
    """Each test starts in Swedish; a request that switched language must not leak into the next."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_kept_memory():
    """Each test's database starts the data versions anew: what a process kept in memory under
    the previous test's versions must not answer this one's."""
    from reporting import kept

    kept._memory.clear()
    yield
    kept._memory.clear()


@pytest.fixture(autouse=True)
def own_download_copies(settings, tmp_path):
    """Each test's downloads are copied to a folder of its own (a copy named for one test's
    database must not answer another's), and its server slots are its own."""
    settings.DOWNLOAD_COPIES_DIR = tmp_path / "download-copies"
    settings.SERVER_SLOTS_DIR = tmp_path / "server-slots"
    # The server's bound on expensive answers is tested on its own (test_server_slots.py): a
    # server always closes an answer, but a test that never reads a streamed one would keep
    # its slot.
    settings.EXPENSIVE_REQUESTS_PER_SERVER = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Production hashes passwords with PBKDF2 (slow on purpose); tests do not test its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
