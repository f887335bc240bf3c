"""How long `svcstd edit` takes to re-judge a charter after a change: the live judging's round trip.

Starts the installed `svcstd edit` on a copy of the compliant example, opens
it as a browser does (the token becomes a cookie), and posts the page's form
to /judge as editor.js does after each change: read back, judged by check's
judge, findings placed at their fields, answered as JSON. Run alone, it prints
the median and the 95th percentile; bench/bench.py adds them to its table.

    python bench/edit_latency.py [--posts 50]
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SVCSTD = Path(sys.executable).parent / "svcstd"
CHARTER = ROOT / "examples" / "vital-statistics-registry.yaml"


def judge_latency(posts: int = 50) -> tuple[float, float]:
    """Median and 95th percentile, in seconds, of a /judge round trip on the example."""
    import lxml.html

    folder = Path(tempfile.mkdtemp(prefix="svcstd-edit-bench-"))
    shutil.copy(CHARTER, folder / "charter.yaml")
    process = subprocess.Popen(
        [str(SVCSTD), "edit", "charter.yaml", "--no-browser", "--as-of", "2025-11-01"],
        cwd=folder,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        match = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", process.stderr.readline())
        assert match, "svcstd edit printed no address"
        port, token = int(match[1]), match[2]
        host = {"Host": f"127.0.0.1:{port}"}

        def request(method: str, path: str, body: str | None = None, cookie: str = "") -> tuple[int, str, str]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {**host, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
            connection.request(method, path, body=body.encode() if body else None, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode()
            connection.close()
            return answer.status, answer.getheader("Set-Cookie") or "", text

        _, cookie, _ = request("GET", f"/?token={token}")
        cookie = cookie.split(";")[0]
        _, _, page = request("GET", "/", cookie=cookie)
        form = lxml.html.fromstring(page).get_element_by_id("charter-form")
        fields = [  # what a browser posts: every named control, a checkbox or radio only when chosen
            (c.get("name"), c.get("value", c.text or ""))
            for c in form.iter("input", "textarea")
            if c.get("name") and (c.get("type") not in ("checkbox", "radio") or c.get("checked") is not None)
        ]
        times = []
        for number in range(posts):
            changed = [(n, str(number) if n == "telephone.answer_within_rings" else v) for n, v in fields]
            start = time.perf_counter()
            status, _, _ = request("POST", "/judge", urlencode(changed), cookie)
            times.append(time.perf_counter() - start)
            assert status == 200
        return statistics.median(times), statistics.quantiles(times, n=20)[-1]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=50)
    median, p95 = judge_latency(parser.parse_args().posts)
    print(f"/judge round trip: median {median * 1000:.0f} ms, 95th percentile {p95 * 1000:.0f} ms")
