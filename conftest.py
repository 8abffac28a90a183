import os

os.environ.setdefault("TRYGGVE_TILE_URL", "")  # tests never reach out for map tiles
