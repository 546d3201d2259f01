"""The refsite fixtures work: a spec builds, its truth loads, and the server answers on 127.0.0.1."""

import urllib.request

from refsite import SPEC_NAMES, serve


def test_every_spec_builds_and_serves(refsite_build):
    assert SPEC_NAMES, "no specs found in ../shared/specs"
    site, truth = refsite_build(SPEC_NAMES[0])
    assert truth["counts"]["sections"] == len(truth["sections"]) > 0
    with serve(site) as url:
        assert url.startswith("http://127.0.0.1:")
        html = urllib.request.urlopen(url, timeout=10).read().decode()
        assert "api-ref" in html
