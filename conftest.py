import pytest


@pytest.fixture(autouse=True)
def _no_map_tiles(settings):
    """Tests never reach out to a tile server."""
    settings.TILE_URL = ""
