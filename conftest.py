import pytest


@pytest.fixture(autouse=True)
def _no_map_tiles(request):
    """Tests never reach out to a tile server (pure-Python test runs have no settings)."""
    if request.config.pluginmanager.has_plugin("django"):
        request.getfixturevalue("settings").TILE_URL = ""
