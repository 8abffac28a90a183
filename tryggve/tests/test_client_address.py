"""Whose address a request has: X-Forwarded-For counts only from a trusted proxy."""

from django.test import RequestFactory, SimpleTestCase, override_settings

from tryggve.clientaddr import client_address, rate_subject
from tryggve.security import ForwardedHeadersMiddleware

PROXY = "10.0.0.2"


def request(peer: str, forwarded: str | None = None, **meta):
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=peer, **meta)


class ClientAddressTests(SimpleTestCase):
    def test_it_ignores_a_forwarded_for_from_an_untrusted_peer(self):
        self.assertEqual(client_address(request("203.0.113.9", "192.0.2.1")), "203.0.113.9")
        with self.settings(TRUSTED_PROXIES=[PROXY]):
            self.assertEqual(client_address(request("203.0.113.9", "192.0.2.1")),
                             "203.0.113.9")

    @override_settings(TRUSTED_PROXIES=[PROXY, "10.1.0.0/16"])
    def test_it_takes_the_client_that_our_trusted_proxies_name(self):
        self.assertEqual(client_address(request(PROXY, "198.51.100.4")), "198.51.100.4")
        # What the client wrote itself stands left of what our proxy appended.
        self.assertEqual(client_address(request(PROXY, "192.0.2.1, 198.51.100.4")),
                         "198.51.100.4")
        # Through two of our proxies (the inner one in a trusted network).
        self.assertEqual(client_address(request(PROXY, "198.51.100.4, 10.1.2.3")),
                         "198.51.100.4")
        # A proxy that names no one, or garbage: the proxy is all we know.
        self.assertEqual(client_address(request(PROXY)), PROXY)
        self.assertEqual(client_address(request(PROXY, "not-an-address")), PROXY)
        self.assertEqual(client_address(request(PROXY, "::ffff:198.51.100.4")), "198.51.100.4")

    @override_settings(TRUSTED_PROXIES=["::1"])
    def test_it_reads_ipv6_peers_and_clients(self):
        self.assertEqual(client_address(request("::1", "2001:db8::7")), "2001:db8::7")

    def test_rate_limits_count_an_ipv6_client_by_its_64_network(self):
        one, other = request("2001:db8:1:2::7"), request("2001:db8:1:2:aaaa::9")
        self.assertEqual(rate_subject(one), rate_subject(other))
        self.assertEqual(rate_subject(one), "2001:db8:1:2::/64")
        self.assertNotEqual(rate_subject(one), rate_subject(request("2001:db8:1:3::7")))
        self.assertEqual(rate_subject(request("203.0.113.9")), "203.0.113.9")


class ForwardedHeadersTests(SimpleTestCase):
    def passed_on(self, peer: str) -> dict:
        seen = {}

        def view(req):
            seen.update(req.META)

        ForwardedHeadersMiddleware(view)(request(peer, "192.0.2.1",
                                                 HTTP_X_FORWARDED_PROTO="https"))
        return seen

    def test_it_drops_forwarded_headers_unless_a_trusted_proxy_sent_them(self):
        self.assertNotIn("HTTP_X_FORWARDED_PROTO", self.passed_on("203.0.113.9"))
        self.assertNotIn("HTTP_X_FORWARDED_FOR", self.passed_on("203.0.113.9"))
        with self.settings(TRUSTED_PROXIES=[PROXY]):
            self.assertEqual(self.passed_on(PROXY)["HTTP_X_FORWARDED_PROTO"], "https")
            self.assertNotIn("HTTP_X_FORWARDED_PROTO", self.passed_on("203.0.113.9"))

    @override_settings(TRUSTED_PROXIES=[PROXY], SECURE_SSL_REDIRECT=True,
                       SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
    def test_it_redirects_to_https_unless_our_proxy_says_the_request_was_https(self):
        from django.test import Client

        via_proxy = Client(REMOTE_ADDR=PROXY).get("/login/", HTTP_X_FORWARDED_PROTO="https")
        self.assertEqual(via_proxy.status_code, 200)
        forged = Client(REMOTE_ADDR="203.0.113.9").get("/login/", HTTP_X_FORWARDED_PROTO="https")
        self.assertEqual(forged.status_code, 301)
        self.assertTrue(forged["Location"].startswith("https://"))
